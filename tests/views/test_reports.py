"""The documents panel: preview inside the program, save as PDF and Excel, settings remembered."""

from __future__ import annotations

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from desktop.services.documents import DocumentKind
from desktop.services.initiatives.listing import ListQuery
from desktop.text.normalise import fold
from desktop.views.common import dialogs
from desktop.views.reports.page import DOCUMENTS, ReportsPage


def _page(qtbot, services):
    p = ReportsPage(services)
    qtbot.addWidget(p)
    p.resize(1300, 800)
    p.show()
    panel = p.documents_panel
    panel.owner = p  # keep the page alive as long as the test holds the panel
    return panel


def test_preview_shows_the_pdf_and_remembers_the_signer(qtbot, demo_services):
    panel = _page(qtbot, demo_services)
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    panel.fields["signer_name"].clear()
    panel.fields["signer_name"].insert("Lê Thị Hồng Nhung")  # pasted: QTest types ASCII only
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pdf.status() == QPdfDocument.Status.Ready)
    assert panel.pdf.pageCount() >= 1
    assert "trang" in panel.status.text()
    assert demo_services.documents.settings.load().signer_name == "Lê Thị Hồng Nhung"
    again = _page(qtbot, demo_services)
    assert again.fields["signer_name"].text() == "Lê Thị Hồng Nhung"


def test_save_as_pdf_and_excel(qtbot, demo_services, tmp_path, monkeypatch):
    panel = _page(qtbot, demo_services)
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.QUOTA_TABLE))
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    target = {"path": str(tmp_path / "chi-tieu")}
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: target["path"])
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    text = PdfReader(tmp_path / "chi-tieu.pdf").pages[0].extract_text()
    assert "BẢNG CHỈ TIÊU" in text
    qtbot.mouseClick(panel.xlsx_button, Qt.MouseButton.LeftButton)
    ws = load_workbook(tmp_path / "chi-tieu.xlsx").active
    rows = [r for r in ws.iter_rows(values_only=True)]
    assert any(r[1] == "Liên đoàn Lao động huyện Phong Thổ" and 265 in r for r in rows)


def test_printing_draws_every_page(qtbot, demo_services, tmp_path):
    panel = _page(qtbot, demo_services)
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.PROGRESS))
    assert panel.preview()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    panel.print_to(printer)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == panel.pdf.pageCount()


def test_a_document_without_data_shows_the_reason(qtbot, demo_services, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, title=None: shown.append(text))
    panel = _page(qtbot, demo_services)
    dk = demo_services.campaigns.by_code("75NGHIN-2021")
    panel.campaign.setCurrentIndex(panel.campaign.findData(dk.id))
    # quota table: this campaign has none per unit
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.QUOTA_TABLE))
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    assert shown and "chưa giao chỉ tiêu" in shown[0]


def test_registration_form_of_an_initiative_found_without_diacritics(
    qtbot, demo_services, tmp_path, monkeypatch
):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, title=None: shown.append(text))
    panel = _page(qtbot, demo_services)
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    rows = demo_services.initiatives.page(ListQuery(campaign_id=trieu.id), limit=500).rows
    target = next(r for r in rows if r.authors_text and fold(r.title) != r.title.lower())
    assert not panel.initiative_box.isVisible()
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.REGISTRATION_FORM))
    assert panel.initiative_box.isVisible()
    qtbot.waitUntil(lambda: panel.initiatives.count() > 0)

    # nothing chosen yet: the reason is shown, nothing is printed
    panel.initiatives.setCurrentRow(-1)
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    assert shown == ["Hãy chọn một sáng kiến để in phiếu đăng ký."]

    words = fold(target.title).split()
    typed = " ".join(words[: min(4, len(words))])
    assert typed.isascii() and typed not in target.title.lower()
    qtbot.keyClicks(panel.initiative_search, typed)
    qtbot.waitUntil(
        lambda: (
            0 < panel.initiatives.count() < len(rows)
            and any(
                panel.initiatives.item(i).data(Qt.ItemDataRole.UserRole) == target.id
                for i in range(panel.initiatives.count())
            )
        )
    )
    item = next(
        panel.initiatives.item(i)
        for i in range(panel.initiatives.count())
        if panel.initiatives.item(i).data(Qt.ItemDataRole.UserRole) == target.id
    )
    assert item.text().startswith(target.title)
    qtbot.mouseClick(
        panel.initiatives.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.initiatives.visualItemRect(item).center(),
    )
    assert panel.initiative_id() == target.id

    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pdf.status() == QPdfDocument.Status.Ready)
    assert panel.pdf.pageCount() >= 1
    assert "Phiếu đăng ký sáng kiến (Mẫu 1)" in panel.status.text()

    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(tmp_path / "mau-1"))
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    reader = PdfReader(tmp_path / "mau-1.pdf")
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "PHIẾU ĐĂNG KÝ SÁNG KIẾN" in text
    assert " ".join(target.title.split()) in text
    detail = demo_services.initiatives.get(target.id)
    for author in detail.data.authors:
        assert author.full_name in text
    qtbot.mouseClick(panel.xlsx_button, Qt.MouseButton.LeftButton)
    ws = load_workbook(tmp_path / "mau-1.xlsx").active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert target.title in cells
    assert shown == ["Hãy chọn một sáng kiến để in phiếu đăng ký."]
