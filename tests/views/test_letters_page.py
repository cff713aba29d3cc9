"""The new papers in the documents panel: the author's forms ask for one initiative, the
decision for one decision; each previews, saves as PDF, and only the decision as Excel."""

from __future__ import annotations

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from desktop.services.documents import DocumentKind
from desktop.views.common import dialogs
from desktop.views.reports.page import DOCUMENTS, ReportsPage


def _panel(qtbot, services):
    page = ReportsPage(services)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    panel = page.documents_panel
    panel.owner = page
    trieu = services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    return panel


def test_the_authors_forms_ask_for_one_initiative(qtbot, demo_services, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, title=None: shown.append(text))
    panel = _panel(qtbot, demo_services)
    for kind, paper, head in (
        (DocumentKind.APPLICATION, "đơn đề nghị công nhận sáng kiến", "ĐƠN ĐỀ NGHỊ"),
        (DocumentKind.DESCRIPTION_REPORT, "báo cáo mô tả sáng kiến", "BÁO CÁO MÔ TẢ"),
    ):
        panel.documents.setCurrentRow(DOCUMENTS.index(kind))
        assert panel.initiative_box.isVisible() and not panel.decision.isEnabled()
        assert not panel.xlsx_button.isEnabled()
        qtbot.waitUntil(lambda: panel.initiatives.count() > 0)
        panel.initiatives.setCurrentRow(-1)
        qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
        assert shown[-1] == f"Hãy chọn một sáng kiến để in {paper}."
        panel.initiatives.setCurrentRow(0)
        chosen = panel.initiatives.currentItem().text().split(" — ")[0]
        qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.pdf.status() == QPdfDocument.Status.Ready)
        out = tmp_path / f"{kind}"
        monkeypatch.setattr(dialogs, "save_file", lambda *a, out=out, **k: str(out))
        monkeypatch.setattr(dialogs, "offer_open", lambda *a, **k: None)
        qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(f"{out}.pdf").pages).split())
        assert head in text and " ".join(chosen.split()) in text
        # after the job the Excel button stays off for a paper the author signs
        assert panel.pdf_button.isEnabled() and not panel.xlsx_button.isEnabled()


def test_the_decision_prints_with_the_chosen_decision(qtbot, demo_services, tmp_path, monkeypatch):
    panel = _panel(qtbot, demo_services)
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.DECISION))
    assert panel.decision.isEnabled() and not panel.initiative_box.isVisible()
    assert panel.xlsx_button.isEnabled() and "danh sách" in panel.xlsx_button.toolTip()
    i = next(
        i for i in range(panel.decision.count()) if "125/QĐ-LĐLĐ" in panel.decision.itemText(i)
    )
    panel.decision.setCurrentIndex(i)
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pdf.status() == QPdfDocument.Status.Ready)
    assert panel.pdf.pageCount() >= 2
    assert "Quyết định công nhận sáng kiến" in panel.status.text()
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(tmp_path / "qd"))
    monkeypatch.setattr(dialogs, "offer_open", lambda *a, **k: None)
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    first = " ".join(PdfReader(tmp_path / "qd.pdf").pages[0].extract_text().split())
    assert "Số: 125/QĐ-LĐLĐ" in first and "Điều 1." in first
    qtbot.mouseClick(panel.xlsx_button, Qt.MouseButton.LeftButton)
    ws = load_workbook(tmp_path / "qd.xlsx").active
    cells = [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert any("Kèm theo Quyết định số 125/QĐ-LĐLĐ" in c for c in cells)
