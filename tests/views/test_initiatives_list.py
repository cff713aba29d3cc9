"""The list page driven as a person would: search, filters, delete and undo, status, Excel."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.models import InitiativeStatus
from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.listing import ListQuery
from desktop.text.collation import collation_key
from desktop.text.normalise import fold
from desktop.views.common import dialogs
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.page import InitiativesPage
from services.test_initiative_excel import ROWS, official_sheet


@pytest.fixture(autouse=True)
def quiet_dialogs(monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))
    monkeypatch.setattr(dialogs, "info", lambda parent, text, *a: shown.append(text))
    return shown


def _page(qtbot, services, tmp_path):
    p = InitiativesPage(
        services, drafts=DraftStore(tmp_path / "drafts"), tasks=TaskRunner(synchronous=True)
    )
    p.reload_campaigns(select_id=services.campaigns.by_code("01TRIEU-2022").id)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def page(qtbot, demo_services, tmp_path):
    """The list at the province office: every district's initiatives."""
    return _page(qtbot, demo_services, tmp_path)


@pytest.fixture
def district_page(qtbot, district_demo_services, tmp_path):
    """The list at the district office LC-TD, which enters its grassroots unions' initiatives."""
    return _page(qtbot, district_demo_services, tmp_path)


def shown_titles(page):
    m = page.model
    return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


def test_search_without_diacritics_and_filters(qtbot, page, demo_services):
    total = page.model.rowCount()
    assert total > 100 and page.count.text().endswith("sáng kiến")
    qtbot.keyClicks(page.search, "giai phap")
    qtbot.waitUntil(lambda: page.model.rowCount() < total)
    titles = shown_titles(page)
    authors = [page.model.data(page.model.index(r, 1)) for r in range(page.model.rowCount())]
    assert titles
    for t, a in zip(titles, authors, strict=True):  # every typed word, anywhere
        assert "giai" in fold(t + " " + a) and "phap" in fold(t + " " + a)
    assert any("Giải pháp" in t for t in titles)  # shown with its diacritics
    cid = page.campaign.currentData()
    assert page.model.rowCount() == demo_services.initiatives.count(
        ListQuery(campaign_id=cid, search="giải pháp")
    )
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == total)
    # Status filter, then a unit filter that includes every unit below a district.
    page.status_filter.setCurrentIndex(page.status_filter.findData("registered"))
    assert 0 < page.model.rowCount() < total
    page.status_filter.setCurrentIndex(0)
    district = demo_services.units.district_level()[0]
    page.unit_filter.setCurrentIndex(page.unit_filter.findData(district.id))
    below = demo_services.units.descendant_ids(district.id)
    assert page.model.rowCount() == demo_services.initiatives.count(
        ListQuery(campaign_id=cid, unit_ids=frozenset(below))
    )


def test_show_unit_opens_the_list_on_one_unit(page, demo_services):
    campaign = demo_services.campaigns.by_code("01TRIEU-2022")
    district = demo_services.units.district_level()[1]
    page.show_unit(district.id, campaign.id, campaign.periods[0].id)
    assert page.unit_filter.currentData() == district.id
    assert page.period.currentData() == campaign.periods[0].id
    expected = demo_services.initiatives.count(
        ListQuery(
            campaign_id=campaign.id,
            period_id=campaign.periods[0].id,
            unit_ids=frozenset(demo_services.units.descendant_ids(district.id)),
        )
    )
    assert page.model.rowCount() == expected


def test_delete_with_the_key_then_undo(qtbot, district_page, district_demo_services):
    page, demo_services = district_page, district_demo_services
    total = page.model.rowCount()
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    first = page.current_id()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == total - 1
    assert demo_services.initiatives.get(first).deleted_at is not None
    page.bin.setChecked(True)
    assert first in [page.model.initiative_id(r) for r in range(page.model.rowCount())]
    page.bin.setChecked(False)
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == total
    assert demo_services.initiatives.get(first).deleted_at is None
    assert page.current_id() == first


def test_status_move_from_the_menu(qtbot, district_page, district_demo_services):
    page, demo_services = district_page, district_demo_services
    page.status_filter.setCurrentIndex(page.status_filter.findData("registered"))
    page.table.setCurrentIndex(page.model.index(0, 0))
    chosen = page.current_id()
    page._fill_status_menu()
    action = next(a for a in page.status_menu.actions() if a.objectName() == "to_dossier_sent")
    action.trigger()
    assert demo_services.initiatives.get(chosen).status == InitiativeStatus.DOSSIER_SENT
    assert demo_services.initiatives.history(chosen)[-1].action == "status"


def test_import_preview_then_confirm_then_export(
    qtbot, district_page, district_demo_services, tmp_path, monkeypatch, quiet_dialogs
):
    page, demo_services = district_page, district_demo_services
    # Rows of the demo district: its unit names differ from the test world's.
    unit = demo_services.units.list()[-1]
    owned = demo_services.initiatives.owned_unit_ids()
    grassroots = [u for u in demo_services.units.list() if owned and u.id in owned]
    rows = [list(r) for r in ROWS[:2]]
    for r in rows:
        r[3] = grassroots[0].name
        r[4] = ""
    path = official_sheet(tmp_path / "ds.xlsx", rows)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(path))
    before = page.model.rowCount()
    backups = demo_services.store.sqlite_file.parent / "backups"
    assert not list(backups.glob("*truoc-nhap*"))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.excel.dialog
    assert dialog.rows.rowCount() == 2 and dialog.rejected_rows.rowCount() == 0
    assert "TCVN3" in dialog.summary.text()
    assert page.model.rowCount() == before  # nothing written by the preview
    assert not list(backups.glob("*truoc-nhap*"))  # the preview copies nothing either
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == before + 2
    assert len(list(backups.glob("*truoc-nhap*"))) == 1  # a copy before the rows went in
    assert "Đã thêm 2" in quiet_dialogs[-1]
    out = tmp_path / "out.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    qtbot.keyClicks(page.search, "nguyen van a")
    qtbot.waitUntil(lambda: page.model.rowCount() < before)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    ws = load_workbook(out).active
    assert ws.max_row - 1 == page.model.rowCount()
    assert unit is not None


# ---- what each office is offered ---------------------------------------------------------------
def test_the_province_reads_a_districts_initiative_and_moves_only_its_status(
    qtbot, page, demo_services
):
    assert page.owner_note.isVisible() and "gửi lên qua gói dữ liệu" in page.owner_note.text()
    assert not page.add_button.isEnabled() and not page.import_button.isEnabled()
    page.status_filter.setCurrentIndex(page.status_filter.findData("dossier_sent"))
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    chosen = page.current_id()
    assert page.edit_button.text().startswith("Xem")
    assert not page.delete_button.isEnabled()
    assert "chỉ xem" in page.delete_button.toolTip()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # the key does nothing either
    assert demo_services.initiatives.get(chosen).deleted_at is None
    # The status is the province's to move, along the whole life.
    assert page.status_button.isEnabled()
    page._fill_status_menu()
    names = {a.objectName() for a in page.status_menu.actions()}
    assert "to_under_evaluation" in names
    next(a for a in page.status_menu.actions() if a.objectName() == "to_under_evaluation").trigger()
    assert demo_services.initiatives.get(chosen).status == InitiativeStatus.UNDER_EVALUATION
    # Opening it shows it whole, to read: no save, the reason on top.
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    form = page._form
    qtbot.waitExposed(form)
    assert form.windowTitle() == "Xem sáng kiến" and form.read_only
    assert not form.save_button.isVisible() and form.banner.isVisible()
    assert "chỉ xem" in form.banner.text()
    detail = demo_services.initiatives.get(form._id)  # the row now current (filtered list)
    assert form.unit_name.text() == detail.unit_name  # the union's full name, as when editing
    assert form.description_count.text().startswith(f"{len(detail.data.description)}/")
    before = form.title.text()
    qtbot.keyClicks(form.title, "them")
    assert form.title.text() == before
    form.close_button.click()


def test_the_district_moves_only_the_registration_steps_from_the_menu(
    district_page, district_demo_services
):
    page, services = district_page, district_demo_services
    assert not page.owner_note.isVisible() and page.add_button.isEnabled()
    page.status_filter.setCurrentIndex(page.status_filter.findData("dossier_sent"))
    page.table.setCurrentIndex(page.model.index(0, 0))
    chosen = page.current_id()
    assert page.edit_button.text().startswith("Sửa") and page.delete_button.isEnabled()
    page._fill_status_menu()
    names = [a.objectName() for a in page.status_menu.actions()]
    assert names == ["to_registered"]  # evaluation is the province's
    assert services.initiatives.get(chosen).status == InitiativeStatus.DOSSIER_SENT


def test_opening_the_page_asks_the_store_for_its_list_once(qtbot, demo_services, tmp_path):
    """The view's own first sort does not fetch a list nobody asked for: an office with a
    million initiatives waits for one query when the program starts, not four."""
    lists = demo_services.initiatives
    asked = []
    original = lists.page
    lists.page = lambda *a, **k: asked.append(a) or original(*a, **k)
    page = InitiativesPage(
        demo_services, drafts=DraftStore(tmp_path / "drafts"), tasks=TaskRunner(synchronous=True)
    )
    qtbot.addWidget(page)
    assert len(asked) == 1
    assert page.model.query.campaign_id is not None and page.model.rowCount() > 10
    # a click on the header (what it does: set the indicator) still sorts, with one query
    page.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert len(asked) == 2
    titles = shown_titles(page)[:5]
    assert titles == sorted(titles, key=collation_key, reverse=True)
