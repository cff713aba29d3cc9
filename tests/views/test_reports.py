"""The documents panel: preview inside the program, save as PDF and Excel, settings remembered."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from modal import when_open
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QScrollArea

from desktop.services.documents import DocumentKind
from desktop.services.initiatives.listing import ListQuery
from desktop.text.normalise import fold
from desktop.views.common import dialogs
from desktop.views.common.tasks import TaskRunner
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
    qtbot.mouseClick(panel.docx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "chi-tieu.docx").exists(), timeout=20000)
    cells = [c.text for t in Document(str(tmp_path / "chi-tieu.docx")).tables for c in t._cells]
    assert "BẢNG CHỈ TIÊU" in [p.text for p in Document(str(tmp_path / "chi-tieu.docx")).paragraphs]
    assert "Liên đoàn Lao động huyện Phong Thổ" in cells and "265" in cells


def test_word_copy_gets_a_vietnamese_default_name(qtbot, demo_services, tmp_path, monkeypatch):
    panel = _page(qtbot, demo_services)
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.QUOTA_TABLE))
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    asked: dict[str, Any] = {}

    def save_file(owner, title, filters, name):
        asked.update(filters=filters, name=name)
        return ""  # the person cancels

    monkeypatch.setattr(dialogs, "save_file", save_file)
    qtbot.mouseClick(panel.docx_button, Qt.MouseButton.LeftButton)
    assert asked["filters"] == "Tệp Word (*.docx)"
    assert asked["name"].startswith("Bang-chi-tieu-cua-chuong-trinh_01TRIEU-2022_")
    assert asked["name"].endswith(".docx")
    assert panel.docx_button.text() == "Lưu Word…"


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
    # The author's form is signed on paper: no Excel copy, and the button says so.
    assert not panel.xlsx_button.isEnabled()
    assert "PDF" in panel.xlsx_button.toolTip()
    assert shown == ["Hãy chọn một sáng kiến để in phiếu đăng ký."]
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.REGISTRATION_LIST))
    assert panel.xlsx_button.isEnabled()


# ---- printing: bounded resolution, page by page, off the UI thread (issue 15, item 11) -------
def _images(reader: PdfReader, page: int) -> list[tuple[int, int]]:
    """(width, height) in pixels of each picture drawn on ``page`` of ``reader``."""
    resources: Any = reader.pages[page]["/Resources"]
    xobjects = resources.get_object().get("/XObject", {})
    found = []
    for ref in xobjects.values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            found.append((int(obj["/Width"]), int(obj["/Height"])))
    return found


def _print_dialog_to(path, failures):
    """Answer the real print dialog: print to the PDF file ``path`` (the office's printer here:
    the high-resolution printer Qt makes is 1200 dpi)."""

    def act(dialog: QPrintDialog) -> None:
        assert dialog.printer().resolution() == 1200
        name = dialog.findChild(QLineEdit, "filename")
        assert name is not None
        name.setText(str(path))
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Print")
        qtbot_click(button)

    when_open(QPrintDialog, act, failures)


def qtbot_click(button: QPushButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_printing_at_1200_dpi_sends_300_dpi_pages_off_the_ui_thread(qtbot, demo_services, tmp_path):
    """«In…», the print dialog (a 1200 dpi printer), then the pages go to the printer on the
    task runner, a bar counting them; each page is a 300 dpi picture (not 1200), so a page is
    a fraction of a megabyte of spool instead of megabytes."""
    page = ReportsPage(demo_services, tasks=TaskRunner())
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    panel = page.documents_panel
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.REGISTRATION_LIST))
    out = tmp_path / "in.pdf"
    failures: list[BaseException] = []
    _print_dialog_to(out, failures)
    steps: list[tuple[int, int]] = []
    panel.progress.valueChanged.connect(lambda v: steps.append((v, panel.progress.maximum())))
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã gửi" in panel.status.text() or bool(failures), timeout=120000)
    assert not failures
    pages = panel.pdf.pageCount()
    assert pages >= 25  # a long list (33 pages in Liberation Serif at 12 pt; 29 at 11.5 pt)
    assert panel.status.text() == f"Đã gửi {pages} trang tới máy in, ở 300 dpi."
    assert steps and steps[-1] == (pages, pages)  # the bar counted the pages
    assert not panel.busy.isVisible() and panel.print_button.isEnabled()
    printed = PdfReader(out)
    assert len(printed.pages) == pages
    for i in (0, pages - 1):
        ((w, _h),) = _images(printed, i)
        width_in = float(printed.pages[i].mediabox.width) / 72
        assert round(w / width_in) == 300  # not the printer's 1200
    assert out.stat().st_size / pages < 1_000_000  # 5.7 MB a page before
    page.documents_panel._tasks.wait()


def test_huy_while_printing_withdraws_the_job(qtbot, demo_services, tmp_path):
    page = ReportsPage(demo_services, tasks=TaskRunner())
    qtbot.addWidget(page)
    page.show()
    panel = page.documents_panel
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.REGISTRATION_LIST))
    out = tmp_path / "huy.pdf"
    failures: list[BaseException] = []
    _print_dialog_to(out, failures)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.progress.value() >= 1 or bool(failures), timeout=60000)
    assert not failures and panel.cancel_button.isEnabled()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert panel.status.text() == "Đã huỷ." and panel.print_button.isEnabled()
    assert panel._tasks.wait(60000)
    QApplication.processEvents()
    assert not out.exists()  # nothing half printed left behind
    assert panel.status.text() == "Đã huỷ."


def test_huy_while_saving_leaves_no_file(qtbot, demo_services, tmp_path, monkeypatch):
    page = ReportsPage(demo_services, tasks=TaskRunner())
    qtbot.addWidget(page)
    page.show()
    panel = page.documents_panel
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.REGISTRATION_LIST))
    folder = tmp_path / "luu"
    folder.mkdir()
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(folder / "danh-sach.pdf"))
    # The save held after its first step until Huỷ is pressed: on a fast machine it could end
    # before the test saw it count, and there was nothing left to cancel.
    pressed = threading.Event()
    save = demo_services.documents.save

    def held(*args, progress, cancel, **kw):
        def step(done, total):
            progress(done, total)
            pressed.wait(60)

        return save(*args, progress=step, cancel=cancel, **kw)

    monkeypatch.setattr(demo_services.documents, "save", held)
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    assert panel.busy.isVisible() and panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: panel.progress.maximum() > 0, timeout=60000)  # it counts
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    pressed.set()
    assert panel._tasks.wait(60000)
    QApplication.processEvents()
    assert list(folder.iterdir()) == []  # neither the file nor a temporary one
    assert panel.status.text() == "Đã huỷ."
    # Saved again, to its end: the file is whole.
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã lưu" in panel.status.text(), timeout=60000)
    assert [p.name for p in folder.iterdir()] == ["danh-sach.pdf"]
    assert len(PdfReader(folder / "danh-sach.pdf").pages) >= 25


_FIFTY = r"""
import os, resource, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QScrollArea
from desktop.services.documents import Col, Letterhead, Signature, TableDocument
from desktop.services.documents.pdf import render_table_pdf
from desktop.views.reports.actions import print_pages

app = QApplication([])
doc = TableDocument(
    kind="registration-list",
    letterhead=Letterhead("LIÊN ĐOÀN LAO ĐỘNG TỈNH", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN", "Số: 12/DS-LĐLĐ",
                          "ngày 2 tháng 12 năm 2026"),
    title="Danh sách", subject=("đăng ký sáng kiến",),
    columns=(Col("TT", 1, "center"), Col("Tên sáng kiến", 6), Col("Tác giả", 3),
             Col("Đơn vị", 4)),
    rows=tuple((i + 1, f"Ứng dụng công nghệ thông tin trong quản lý hồ sơ số {i + 1}",
                "Nguyễn Thị Hoà", "Công đoàn cơ sở Trường Tiểu học") for i in range(1000)),
    signature=Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Người ký"),
)
data = render_table_pdf(doc)
printer = QPrinter(QPrinter.PrinterMode.HighResolution)
printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
printer.setOutputFileName(sys.argv[1])
printer.setResolution(1200)
printer.setFullPage(True)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sent = print_pages(data, printer)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(sent, printer.resolution(), (after - before) // 1024)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="ru_maxrss: POSIX only")
def test_a_50_page_list_prints_at_1200_dpi_with_bounded_memory(tmp_path):
    """A 50-page list on a 1200 dpi printer, in a process of its own so that its peak memory
    is its own: the peak grows by one page's picture at 300 dpi (tens of MB), not by a 1200 dpi
    picture (557 MB a page, 1.1 GB for five pages before)."""
    out = tmp_path / "fifty.pdf"
    run = subprocess.run(
        [sys.executable, "-c", _FIFTY, str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode == 0, run.stderr
    sent, resolution, grown_mb = (int(x) for x in run.stdout.split())
    printed = PdfReader(out)
    assert sent == len(printed.pages) >= 50 and resolution == 1200
    assert grown_mb < 200, grown_mb
    assert out.stat().st_size / sent < 1_000_000
    for i in range(0, sent, 7):
        ((w, _h),) = _images(printed, i)
        assert round(w / (float(printed.pages[i].mediabox.width) / 72)) == 300


# ---- fits a 1366×768 laptop with its taskbar: 700 px (issue 15, item 4) ----------------------
def test_the_reports_page_is_usable_700_px_high(qtbot, demo_services):
    page = ReportsPage(demo_services)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    panel = page.documents_panel
    area = panel.findChild(QScrollArea, "reportLeft")
    assert area is not None
    for row in range(len(DOCUMENTS)):  # the registration form adds its initiative chooser
        panel.documents.setCurrentRow(row)
        QApplication.processEvents()
        assert page.minimumSizeHint().height() <= 700, DOCUMENTS[row]
        assert panel.minimumSizeHint().height() <= 700, DOCUMENTS[row]
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.REGISTRATION_FORM))
    QApplication.processEvents()
    assert page.height() == 700
    # Every button and field can be brought into view and used: the column scrolls.
    widgets = [*panel.fields.values(), panel.recipients, panel.preview_button, panel.print_button]
    for widget in [*widgets, panel.pdf_button, panel.xlsx_button, panel.initiatives]:
        area.ensureWidgetVisible(widget)
        QApplication.processEvents()
        shown = widget.visibleRegion().boundingRect()
        assert shown.height() >= min(widget.height(), 20), widget.objectName()
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.PROGRESS))
    area.ensureWidgetVisible(panel.preview_button)
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)  # reached, and it works
    qtbot.waitUntil(lambda: panel.pdf.status() == QPdfDocument.Status.Ready)
    assert "trang" in panel.status.text()


# ---- files: a Vietnamese name with the campaign and the date, then «Mở tệp» (item 9) ---------
def test_saving_proposes_a_vietnamese_name_and_offers_to_open_it(
    qtbot, demo_services, tmp_path, monkeypatch
):
    import datetime as dt

    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    opened: list[str] = []
    monkeypatch.setattr(
        dialogs, "launch", lambda url: opened.append(QUrl(url).toLocalFile()) or True
    )
    panel = _page(qtbot, demo_services)
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.QUOTA_TABLE))
    proposed: list[str] = []
    failures: list[BaseException] = []

    def answer(dialog: QFileDialog) -> None:
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        proposed.append(edit.text())
        dialog.selectFile(str(tmp_path / edit.text()))
        dialog.accept()

    when_open(QFileDialog, answer, failures)
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    assert not failures
    today = dt.date.today().isoformat()
    assert proposed == [f"Bang-chi-tieu-cua-chuong-trinh_01TRIEU-2022_{today}.pdf"]
    saved = tmp_path / proposed[0]
    assert len(PdfReader(saved).pages) >= 1
    offer = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "offerOpen" and w.isVisible()
    )
    assert proposed[0] in offer.text()
    button = offer.findChild(QPushButton, "openSavedFolder")
    assert button is not None and button.text() == "Mở thư mục"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path)]
