"""The list's habits, driven as a person would: Ctrl+N, Ctrl+F, Del on the rows chosen (with
the real confirmation box), Ctrl+Z, the keys shown where the commands are, blanks sorted last,
a header shown whole, and an undo that stays honest once a bundle has carried the delete."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QTableView,
)

from desktop.services.initiatives.drafts import DraftStore
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common import dialogs
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.page import InitiativesPage
from support.sync_fixtures import copy_offices
from views.modal import when_open

CAMPAIGN = "01TRIEU-2022"


def _page(qtbot, services, tmp_path) -> InitiativesPage:
    page = InitiativesPage(
        services, drafts=DraftStore(tmp_path / "drafts"), tasks=TaskRunner(synchronous=True)
    )
    page.reload_campaigns(select_id=services.campaigns.by_code(CAMPAIGN).id)
    qtbot.addWidget(page)
    page.resize(1366, 640)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    return page


def _key(qtbot, page: InitiativesPage, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key on the list, as typed once the window is back in front (after a message box)."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    if QApplication.focusWidget() is not page.table:
        page.table.setFocus()
    qtbot.keyClick(page.table, key, modifier)


def _click_row(qtbot, page: InitiativesPage, row: int, modifier=Qt.KeyboardModifier.NoModifier):
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _answer(button: QMessageBox.StandardButton, seen: list[str], failures: list[BaseException]):
    def act(box) -> None:
        seen.append(box.text())
        box.button(button).click()

    when_open(QMessageBox, act, failures)


def _ids(page: InitiativesPage) -> list[int]:
    return [page.model.initiative_id(r) for r in range(page.model.rowCount())]


def test_keys_delete_the_rows_chosen_after_asking_and_ctrl_z_brings_them_back(
    qtbot, district_demo_services, tmp_path
):
    services = district_demo_services
    page = _page(qtbot, services, tmp_path)
    total = page.model.rowCount()
    _click_row(qtbot, page, 0)
    _click_row(qtbot, page, 1, Qt.KeyboardModifier.ShiftModifier)
    chosen = page.selected_ids()
    assert len(chosen) == 2
    # "Không": nothing goes.
    seen: list[str] = []
    failures: list[BaseException] = []
    _answer(QMessageBox.StandardButton.No, seen, failures)
    _key(qtbot, page, Qt.Key.Key_Delete)
    assert not failures and seen and "Xoá 2 sáng kiến" in seen[-1]
    assert page.model.rowCount() == total
    # "Có": both go to the bin, in one step.
    _answer(QMessageBox.StandardButton.Yes, seen, failures)
    _key(qtbot, page, Qt.Key.Key_Delete)
    assert not failures
    assert page.model.rowCount() == total - 2
    assert all(services.initiatives.get(i).deleted_at is not None for i in chosen)
    assert "Ctrl+Z" in page.count.text()
    # Ctrl+Z: both back in the store, and the history says it was an undo.
    _key(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == total
    for i in chosen:
        assert services.initiatives.get(i).deleted_at is None
        last = services.initiatives.history(i)[-1]
        assert last.action == "restore" and last.summary.startswith("Hoàn tác xoá")
    assert page.current_id() == chosen[0]
    assert not page.undo_button.isEnabled()  # nothing more to undo
    # Ctrl+F: the search box, ready to type over; Ctrl+N: the entry form.
    page.search.setText("cũ")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search and page.search.selectedText() == "cũ"
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page._form
    assert form is not None and form.isVisible() and form.windowTitle() == "Thêm sáng kiến"
    form.close_button.click()


def test_the_keys_are_shown_on_the_buttons_and_in_the_rows_menu(
    qtbot, district_demo_services, tmp_path
):
    page = _page(qtbot, district_demo_services, tmp_path)
    _click_row(qtbot, page, 0)
    tips = {
        page.add_button: "Ctrl+N",
        page.delete_button: "Del",
        page.undo_button: "Ctrl+Z",
        page.edit_button: "Enter",
    }
    for button, key in tips.items():
        assert key in button.toolTip(), button.objectName()
    rect = page.table.visualRect(page.model.index(0, 0))
    page.table.customContextMenuRequested.emit(rect.center())  # the right click
    menu = page.context_menu
    qtbot.waitUntil(menu.isVisible)
    keys = {a.text(): a.shortcut().toString() for a in menu.actions()}
    assert keys["Xoá sáng kiến đã chọn"] == "Del"
    assert keys["Hoàn tác xoá"] == "Ctrl+Z" and keys["Thêm sáng kiến"] == "Ctrl+N"
    menu.close()
    # The commands the main window's menu calls are there, with their keys.
    assert page.find_action.shortcut().toString() == "Ctrl+F"
    for name in ("new_initiative", "focus_search", "delete_selected", "undo_delete"):
        assert callable(getattr(page, name))


def test_every_control_has_a_name_for_a_screen_reader(qtbot, district_demo_services, tmp_path):
    page = _page(qtbot, district_demo_services, tmp_path)
    controls = [
        w
        for kind in (QAbstractButton, QComboBox, QLineEdit, QTableView)
        for w in page.findChildren(kind)
        if w.isVisibleTo(page) and not w.objectName().startswith("qt_")
    ]
    assert len(controls) > 10
    assert [w.objectName() for w in controls if not w.accessibleName()] == []
    form = page.new_initiative()
    assert form is not None
    qtbot.waitExposed(form)
    fields = [
        w
        for kind in (QAbstractButton, QComboBox, QLineEdit, QTableView)
        for w in form.findChildren(kind)
        if w.isVisibleTo(form) and w.objectName() and not w.objectName().startswith("qt_")
    ]
    assert len(fields) > 10
    missing = [
        w.objectName()
        for w in fields
        if not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())
    ]
    assert missing == []
    form.close_button.click()


def test_the_benefit_header_is_shown_whole(qtbot, district_demo_services, tmp_path):
    page = _page(qtbot, district_demo_services, tmp_path)
    header = page.table.horizontalHeader()
    text = page.model.headerData(5, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert text.replace("\n", " ") == "Giá trị làm lợi (đồng)"
    for col in range(page.model.columnCount()):
        needed = header.sectionSizeFromContents(col)
        assert header.sectionSize(col) >= needed.width(), text
        assert header.height() >= needed.height()
    lines = text.split("\n")
    width = max(header.fontMetrics().horizontalAdvance(line) for line in lines)
    assert header.sectionSize(5) > width


def test_the_status_button_shows_its_text_beside_its_arrow(qtbot, district_demo_services, tmp_path):
    page = _page(qtbot, district_demo_services, tmp_path)
    button = page.status_button
    style = button.style()
    arrow = style.pixelMetric(style.PixelMetric.PM_MenuButtonIndicator, None, button)
    text = button.fontMetrics().horizontalAdvance(button.text())
    assert button.menu() is page.status_menu
    assert button.width() >= text + arrow  # the arrow does not sit on the text


def _sorted_by_benefit(qtbot, page: InitiativesPage) -> list[str]:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(5) + header.sectionSize(5) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    m = page.model
    return [m.data(m.index(r, 5)) for r in range(m.rowCount())]


def test_blanks_sort_last_both_ways(qtbot, district_demo_services, tmp_path):
    services = district_demo_services
    page = _page(qtbot, services, tmp_path)
    # One initiative without a benefit, one with: whatever the demo holds.
    ids = _ids(page)
    first = services.initiatives.get(ids[0])
    from dataclasses import replace

    services.initiatives.update(ids[0], replace(first.data, benefit_vnd=None))
    page.apply_filter()
    up = _sorted_by_benefit(qtbot, page)
    assert page.model.query.descending is False
    down = _sorted_by_benefit(qtbot, page)
    assert page.model.query.descending is True
    for values in (up, down):
        filled = [v for v in values if v]
        assert filled and "" in values
        assert values == filled + [""] * (len(values) - len(filled))  # the blanks last
    numbers = [int(v.replace(".", "")) for v in up if v]
    assert numbers == sorted(numbers)
    assert [int(v.replace(".", "")) for v in down if v] == sorted(numbers, reverse=True)


# ---- an undo once a bundle has carried the delete ---------------------------------------------
@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    province = Services.over(open_store(str(dbs["LC"])))
    district = Services.over(open_store(str(dbs["LC-TD"])))
    yield province, district
    province.store.close()
    district.store.close()


def _uid_deleted(services: Services, initiative_id: int) -> bool:
    return services.initiatives.get(initiative_id).deleted_at is not None


def _at_province(province: Services, title: str):
    from support.sync_fixtures import initiative_by_title

    found = initiative_by_title(province, title)
    assert found is not None
    return found


def test_an_undo_before_the_bundle_is_as_if_nothing_was_deleted(
    qtbot, offices, tmp_path, monkeypatch
):
    province, district = offices
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    page = _page(qtbot, district, tmp_path)
    _click_row(qtbot, page, 0)
    chosen = page.current_id()
    title = district.initiatives.get(chosen).data.title
    _key(qtbot, page, Qt.Key.Key_Delete)
    _key(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not _uid_deleted(district, chosen)
    bundle = district.bundles.export("LC", tmp_path / "out")
    province.bundles.import_(bundle.path)
    assert _at_province(province, title).deleted_at is None


def test_an_undo_after_a_bundle_carried_the_delete_is_refused_saying_why(
    qtbot, offices, tmp_path, monkeypatch
):
    province, district = offices
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    page = _page(qtbot, district, tmp_path)
    _click_row(qtbot, page, 0)
    chosen = page.current_id()
    title = district.initiatives.get(chosen).data.title
    _key(qtbot, page, Qt.Key.Key_Delete)
    bundle = district.bundles.export("LC", tmp_path / "out")  # the delete leaves for the province
    province.bundles.import_(bundle.path)
    assert _at_province(province, title).deleted_at is not None
    seen: list[str] = []
    failures: list[BaseException] = []
    _answer(QMessageBox.StandardButton.Ok, seen, failures)
    _key(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not failures and seen
    assert "Không hoàn tác được" in seen[-1] and f"số {bundle.sequence}" in seen[-1]
    assert "Khôi phục" in seen[-1]
    assert _uid_deleted(district, chosen)  # nothing pretended
    assert not page.undo_button.isEnabled()
    # The bin's «Khôi phục» is the honest way back: a new change, carried by the next bundle.
    page.bin.setChecked(True)
    page.select(chosen)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert not _uid_deleted(district, chosen)
    assert district.initiatives.history(chosen)[-1].action == "restore"
    again = district.bundles.export("LC", tmp_path / "out2")
    province.bundles.import_(again.path)
    assert _at_province(province, title).deleted_at is None
