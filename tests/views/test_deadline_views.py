"""Deadlines and closing in the windows (issue #16, item 11): the entry form asks before a
late entry and saves it flagged only when the officer confirms; the campaign editor edits the
target date and the entry deadline; the campaigns tab closes and reopens a campaign."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
)
from sqlalchemy import select
from test_initiative_form import world  # noqa: F401 - the fixture

from desktop.models import AuditEntry, Initiative, Period
from desktop.services.campaigns.deadlines import end_of_day
from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.listing import ListQuery
from desktop.views.campaigns.editor import CampaignDialog
from desktop.views.common import dialogs
from desktop.views.initiatives.form import InitiativeForm
from desktop.views.initiatives.table_model import InitiativeTableModel
from desktop.views.units.page import UnitsPage


@pytest.fixture(autouse=True)
def no_error_boxes(monkeypatch):
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: None)


def close_entries(services, campaign, at):
    with services.store.session_factory.begin() as s:
        s.get(Period, campaign.periods[0].id).entries_close_at = at


def stored(services, title):
    with services.store.session_factory() as s:
        return s.scalar(select(Initiative).where(Initiative.title == title))


def test_the_entry_form_asks_before_a_late_entry_and_the_override_is_audited(
    qtbot,
    world,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    services, campaign, school = world
    close_entries(services, campaign, end_of_day(dt.date(2022, 4, 20)))
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(
        dialogs, "confirm", lambda _p, text, _t=None: asked.append(text) or answer[0]
    )
    form = InitiativeForm(services, campaign.id, drafts=DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.set_state(
        {
            "title": "Sổ theo dõi ca trực nhập muộn",
            "authors": [["Nguyễn Văn An"]],
            "unit": "CĐCS Trường Tiểu học Bản Bo",
            "unit_id": school.id,
            "field_id": campaign.fields[0].id,
            "applied_on": "05/01/2022",
        }
    )
    assert form.save() is None  # «Không»: nothing saved, the form stays with its text
    assert len(asked) == 1
    assert "hết hạn nhập" in asked[0] and "24h ngày 20/04/2022" in asked[0]
    assert "nhật ký" in asked[0]
    assert stored(services, "Sổ theo dõi ca trực nhập muộn") is None
    assert form.isVisible() and form.title.text() == "Sổ theo dõi ca trực nhập muộn"

    answer[0] = True  # «Có»: saved, flagged, and the override in the history
    assert form.save() is not None
    ini = stored(services, "Sổ theo dõi ca trực nhập muộn")
    assert ini is not None and ini.entered_late
    with services.store.session_factory() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity_uid == ini.uid)))
    assert "late_entry" in actions

    model = InitiativeTableModel(services.initiatives)  # the list shows the flag
    model.set_query(ListQuery(campaign_id=campaign.id))
    assert model.data(model.index(0, 6)).endswith("nhập sau hạn")


def _select_campaign(page, code_part):
    lst = page.findChild(QListWidget, "campaigns")
    row = next(i for i in range(lst.count()) if code_part in lst.item(i).text())
    lst.setCurrentRow(row)


def test_the_editor_edits_the_target_date_and_the_entry_deadline(qtbot, demo_services):
    c = demo_services.campaigns.by_code("75NGHIN-2021")
    dialog = CampaignDialog(demo_services, c.id)
    qtbot.addWidget(dialog)
    periods = dialog.findChild(QTableWidget, "periods")
    periods.setItem(0, 3, QTableWidgetItem("20/4/2021"))
    periods.setItem(0, 4, QTableWidgetItem("24h ngày 20/4/2021"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    p = demo_services.campaigns.get(c.id).periods[0]
    assert p.target_on == dt.date(2021, 4, 20)
    assert p.entries_close_at == end_of_day(dt.date(2021, 4, 20))
    again = CampaignDialog(demo_services, c.id)
    qtbot.addWidget(again)
    shown = again.findChild(QTableWidget, "periods")
    assert shown.item(0, 4).text() == "24h ngày 20/04/2021"


def test_closing_and_reopening_from_the_campaigns_tab(qtbot, demo_services, monkeypatch):
    page = UnitsPage(demo_services)
    qtbot.addWidget(page)
    _select_campaign(page, "75 nghìn")
    button = page.findChild(QPushButton, "closeCampaign")
    assert button.text() == "Khoá sổ…" and button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, text, _t=None: asked.append(text) or True)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked and "sẽ chỉ xem" in asked[0]
    c = demo_services.campaigns.by_code("75NGHIN-2021")
    assert c.closed_at is not None
    assert page.findChild(QPushButton, "closeCampaign").text() == "Mở lại sổ…"
    assert page.findChild(QListWidget, "campaigns").currentItem().text().endswith("(đã khoá sổ)")
    assert "Đã khoá sổ ngày" in page.findChild(QTextBrowser, "campaignDetail").toPlainText()

    # A write into the closed campaign is refused with the Vietnamese message.
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: errors.append(text))
    dialog = CampaignDialog(demo_services, c.id)
    qtbot.addWidget(dialog)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert errors and "đã khoá sổ" in errors[0]

    qtbot.mouseClick(page.findChild(QPushButton, "closeCampaign"), Qt.MouseButton.LeftButton)
    assert demo_services.campaigns.by_code("75NGHIN-2021").closed_at is None
    assert page.findChild(QPushButton, "closeCampaign").text() == "Khoá sổ…"


def test_the_reports_page_prints_the_six_month_report_and_copies_the_monthly_line(
    qtbot, demo_services
):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPdf import QPdfDocument

    from desktop.services.documents import DocumentKind
    from desktop.views.reports.page import DOCUMENTS, ReportsPage

    page = ReportsPage(demo_services)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    panel = page.documents_panel
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.PERIODIC_REPORT))
    box = panel.span_box
    assert box.isVisible() and not box.copy_button.isVisible()
    labels = [box.spans.itemText(i) for i in range(box.spans.count())]
    assert "6 tháng đầu năm 2022" in labels and "Năm 2023" in labels
    box.spans.setCurrentIndex(labels.index("6 tháng đầu năm 2022"))
    req = panel.request()
    assert (req.span_from, req.span_to) == (dt.date(2022, 1, 1), dt.date(2022, 6, 30))
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pdf.status() == QPdfDocument.Status.Ready)
    assert "Báo cáo kết quả định kỳ" in panel.status.text()

    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.MONTHLY_RESULT))
    assert box.copy_button.isVisible()
    months = [box.spans.itemText(i) for i in range(box.spans.count())]
    box.spans.setCurrentIndex(months.index("Tháng 03/2022"))
    assert box.line.text().startswith("Tháng 03/2022, LĐLĐ tỉnh Lai Châu có 20 sáng kiến")
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == box.line.text()
    panel.documents.setCurrentRow(DOCUMENTS.index(DocumentKind.QUOTA_TABLE))
    assert not box.isVisible()


def test_the_entry_form_of_a_closed_campaign_shows_why_and_offers_no_save(
    qtbot,
    world,  # noqa: F811
    tmp_path,
):
    from desktop.models import Campaign
    from desktop.services.initiatives.service import AuthorInput, InitiativeInput

    services, campaign, school = world
    made = services.initiatives.create(
        InitiativeInput(
            campaign_id=campaign.id,
            unit_id=school.id,
            title="Sáng kiến trước khi khoá sổ",
            authors=(AuthorInput("Nguyễn Văn An"),),
            period_id=campaign.periods[0].id,
            applied_on=dt.date(2022, 1, 5),
        )
    )
    with services.store.session_factory.begin() as s:  # the province's closing, received
        s.get(Campaign, campaign.id).closed_at = dt.datetime(2022, 7, 1, tzinfo=dt.UTC)
    for initiative_id in (made.id, None):
        form = InitiativeForm(
            services, campaign.id, initiative_id, drafts=DraftStore(tmp_path / "d")
        )
        qtbot.addWidget(form)
        assert form.read_only and form.save_button.isHidden()
        assert "đã khoá sổ ngày 01/07/2022" in form.banner.text()
        assert form.save() is None


def test_the_excel_preview_flags_a_row_entered_after_the_deadline(
    qtbot,
    world,  # noqa: F811
    tmp_path,
):
    from openpyxl import Workbook

    from desktop.views.common.tasks import TaskRunner
    from desktop.views.initiatives.import_dialog import ImportPreviewDialog

    services, campaign, school = world
    close_entries(services, campaign, end_of_day(dt.date(2022, 4, 20)))
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Ngày áp dụng"])
    ws.append([1, "Sáng kiến gửi muộn", "Lò Văn Inh", school.name, "10/05/2022"])
    wb.save(tmp_path / "ds.xlsx")
    sheet = services.initiative_import.read(tmp_path / "ds.xlsx")
    dialog = ImportPreviewDialog(services, sheet, campaign.id, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None)
    rows = dialog.findChild(QTableWidget, "rows")
    assert rows.item(0, 1).text() == "Thêm mới · nhập sau hạn"
    assert "24h ngày 20/04/2022" in rows.item(0, 1).toolTip()
