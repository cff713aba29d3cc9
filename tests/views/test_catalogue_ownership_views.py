"""The window offers only what the office owns: at a district the campaigns are read-only, the
district's own quota is greyed in the grid, and the units page edits only its grassroots unions.
"""

from __future__ import annotations

from modal import when_open
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
)

from desktop.views.campaigns.editor import CampaignDialog
from desktop.views.campaigns.quota_grid import MISMATCH_BG, READ_ONLY_BG, QuotaDialog
from desktop.views.common import dialogs
from desktop.views.units.page import UNIT_ID_ROLE, UnitDialog, UnitsPage


def _page(qtbot, services):
    page = UnitsPage(services)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def _select_unit(page, code):
    unit_id = page._services.units.by_code(code).id
    hits = page.tree_model.match(
        page.tree_model.index(0, 0),
        UNIT_ID_ROLE,
        unit_id,
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )
    assert hits, code
    page.tree.setCurrentIndex(hits[0])
    return hits[0]


def _button(widget, name):
    return widget.findChild(QPushButton, name)


# ---- campaigns ----------------------------------------------------------------------------------


def test_a_district_sees_campaigns_read_only_with_a_notice(qtbot, district_demo_services):
    services = district_demo_services
    page = _page(qtbot, services)
    page.tabs.setCurrentIndex(1)
    assert not _button(page, "newCampaign").isVisible()
    assert not _button(page, "copyCampaign").isVisible()
    view = _button(page, "editCampaign")
    assert view.isVisible() and view.text() == "Xem…"
    notice = page.findChild(QLabel, "campaignsNotice")
    assert notice.isVisible() and "do LĐLĐ tỉnh lập và giao" in notice.text()
    lst = page.findChild(QListWidget, "campaigns")
    lst.setCurrentRow(next(i for i in range(lst.count()) if "01 triệu" in lst.item(i).text()))
    campaign = services.campaigns.by_code("01TRIEU-2022")
    seen = {}

    def act(dialog):
        seen["notice"] = dialog.findChild(QLabel, "ownershipNotice").text()
        seen["title"] = dialog.windowTitle()
        box = dialog.findChild(QDialogButtonBox)
        seen["save visible"] = box.button(QDialogButtonBox.StandardButton.Save).isVisible()
        name = dialog.findChild(QLineEdit, "name")
        name.setFocus()
        qtbot.keyClicks(name, " sua thu")  # as a person would: nothing changes
        seen["name"] = name.text()
        periods = dialog.findChild(QTableWidget, "periods")
        periods.setCurrentCell(0, 0)
        periods.setFocus()
        qtbot.keyClick(periods, Qt.Key.Key_F2)
        editor = periods.viewport().findChild(QLineEdit)
        seen["period editing"] = editor is not None and editor.isVisible()
        seen["add row"] = _button(dialog, "periodsAdd").isVisible()
        units = dialog.findChild(QListWidget, "units")
        seen["checkable"] = any(
            units.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable for i in range(units.count())
        )
        qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter saves nothing either
        box.button(QDialogButtonBox.StandardButton.Cancel).click()

    failures = []
    when_open(CampaignDialog, act, failures)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    assert failures == []
    assert seen["title"] == "Xem chương trình"
    assert seen["notice"] == (
        "Chương trình thi đua do LĐLĐ tỉnh lập và sửa; văn phòng Liên đoàn Lao động huyện Tam "
        "Đường nhận chương trình qua gói dữ liệu của LĐLĐ tỉnh và chỉ xem ở đây."
    )
    assert seen["save visible"] is False
    assert seen["name"] == campaign.name
    assert seen["period editing"] is False and seen["add row"] is False
    assert seen["checkable"] is False
    assert services.campaigns.by_code("01TRIEU-2022") == campaign


def test_the_province_is_offered_new_copy_and_edit(qtbot, demo_services):
    page = _page(qtbot, demo_services)
    page.tabs.setCurrentIndex(1)
    assert _button(page, "newCampaign").isVisible() and _button(page, "copyCampaign").isVisible()
    assert _button(page, "editCampaign").text() == "Sửa…"
    assert not page.findChild(QLabel, "campaignsNotice").isVisible()
    dialog = CampaignDialog(demo_services, demo_services.campaigns.by_code("01TRIEU-2022").id)
    qtbot.addWidget(dialog)
    assert not dialog.findChild(QLabel, "ownershipNotice").isVisibleTo(dialog)
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    assert save.isVisibleTo(dialog)


# ---- the quota grid -----------------------------------------------------------------------------


def _district_grid(qtbot, services):
    c = services.campaigns.by_code("01TRIEU-2022")
    district = services.units.by_code("LC-TD")
    d = QuotaDialog(services, c.id, district.id)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d, c, district


def test_the_districts_own_quota_is_greyed_and_cannot_be_typed_into(
    qtbot, district_demo_services, monkeypatch
):
    services = district_demo_services
    d, c, district = _district_grid(qtbot, services)
    assert d.model.grid.units[0].id == district.id
    notice = d.findChild(QLabel, "ownershipNotice")
    assert notice.isVisible() and "LĐLĐ huyện Tam Đường" in notice.text()
    root = d.model.index(0, 0)
    assert root.data() == "180"  # visible, as the province set it
    assert root.data(Qt.ItemDataRole.BackgroundRole) == READ_ONLY_BG
    assert "do LĐLĐ tỉnh Lai Châu giao" in root.data(Qt.ItemDataRole.ToolTipRole)
    assert not d.model.flags(root) & Qt.ItemFlag.ItemIsEditable
    # Type into it as a person would: F2, digits, Enter. Nothing opens, nothing changes.
    d.table.setCurrentIndex(root)
    d.table.setFocus()
    qtbot.keyClick(d.table, Qt.Key.Key_F2)
    assert d.table.state() != d.table.State.EditingState
    qtbot.keyClicks(d.table, "999")
    qtbot.keyClick(d.table, Qt.Key.Key_Return)
    assert d.table.viewport().findChild(QLineEdit) is None or d.table.state() != (
        d.table.State.EditingState
    )
    assert root.data() == "180"
    qtbot.keyClick(d.table, Qt.Key.Key_Delete)
    assert root.data() == "180" and "do LĐLĐ tỉnh Lai Châu giao" in d.status.text()
    # Pasting a block over it: the grey row is skipped and said so; the rest is taken.
    QGuiApplication.clipboard().setText("999\t1\t1\n40\t20\t20\n")
    qtbot.keyClick(d.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [d.model.index(0, col).data() for col in range(3)] == ["180", "95", "85"]
    assert [d.model.index(1, col).data() for col in range(3)] == ["40", "20", "20"]
    assert "Không dán vào các ô màu xám" in d.status.text()
    # The district's sum is still checked against the province's figure.
    assert root.data(Qt.ItemDataRole.BackgroundRole) == MISMATCH_BG
    monkeypatch.setattr(dialogs, "confirm", lambda *a: True)
    qtbot.mouseClick(d.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    quotas = services.campaigns.quotas(c.id)
    first = d.model.grid.units[1]
    assert quotas[(district.id, None)] == 180
    assert quotas[(first.id, None)] == 40


def test_typing_into_a_grassroots_row_at_the_district_works(
    qtbot, district_demo_services, monkeypatch
):
    services = district_demo_services
    d, c, _district = _district_grid(qtbot, services)
    index = d.model.index(2, 0)
    assert d.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert index.data(Qt.ItemDataRole.BackgroundRole) != READ_ONLY_BG
    d.table.setCurrentIndex(index)
    d.table.setFocus()
    qtbot.keyClick(d.table, Qt.Key.Key_F2)
    editor = d.table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    qtbot.keyClicks(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.table.state() != d.table.State.EditingState)
    assert index.data() == "7"
    monkeypatch.setattr(dialogs, "confirm", lambda *a: True)  # 7 ≠ the district's 180
    qtbot.mouseClick(d.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert services.campaigns.quotas(c.id)[(d.model.grid.units[2].id, None)] == 7


def test_the_province_grid_has_no_grey_rows(qtbot, demo_services):
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    d = QuotaDialog(demo_services, c.id, demo_services.units.by_code("LC").id)
    qtbot.addWidget(d)
    assert not d.findChild(QLabel, "ownershipNotice").isVisibleTo(d)
    assert all(
        d.model.flags(d.model.index(r, 0)) & Qt.ItemFlag.ItemIsEditable
        for r in range(d.model.rowCount())
    )


# ---- the units page -----------------------------------------------------------------------------


def test_a_district_edits_only_its_grassroots_unions(qtbot, district_demo_services, monkeypatch):
    services = district_demo_services
    errors = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: errors.append(text))
    page = _page(qtbot, services)
    notice = page.findChild(QLabel, "unitsNotice")
    assert notice.isVisible() and "công đoàn cơ sở trực thuộc" in notice.text()
    add, rename, dissolve = (_button(page, n) for n in ("addUnit", "renameUnit", "dissolveUnit"))
    index = _select_unit(page, "LC")
    assert not (add.isEnabled() or rename.isEnabled() or dissolve.isEnabled())
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed: not this office's
    _select_unit(page, "LC-TD")
    assert add.isEnabled() and not rename.isEnabled() and not dissolve.isEnabled()
    grassroots = _select_unit(page, "LC-TD-01")
    assert rename.isEnabled() and dissolve.isEnabled() and not add.isEnabled()
    assert grassroots.data(Qt.ItemDataRole.ForegroundRole) is None

    # Add a grassroots union under the district, as a person would.
    _select_unit(page, "LC-TD")

    def act(dialog):
        assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())] == ["Công đoàn cơ sở"]
        qtbot.keyClicks(dialog.findChild(QLineEdit, "unitCode"), "LC-TD-99")
        name = dialog.findChild(QLineEdit, "unitName")
        name.setFocus()
        # Vietnamese text arrives from the input method as committed text, not key by key.
        name.insert("Công đoàn cơ sở Trường Mầm non Hoa Ban")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        if dialog.isVisible():  # refused: the message is in ``errors``
            dialog.reject()

    failures = []
    when_open(UnitDialog, act, failures)
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert failures == [] and errors == []
    made = services.units.by_code("LC-TD-99")
    assert made is not None and made.parent_id == services.units.by_code("LC-TD").id
    assert page.current_unit_id() == made.id  # the new union is selected in the tree
    assert rename.isEnabled()


def test_the_province_sees_a_districts_grassroots_unions_read_only(
    qtbot, demo_services, monkeypatch
):
    errors = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: errors.append(text))
    page = _page(qtbot, demo_services)
    notice = page.findChild(QLabel, "unitsNotice")
    assert notice.isVisible() and "do đơn vị đó thêm, đổi tên, giải thể" in notice.text()
    add, rename, dissolve = (_button(page, n) for n in ("addUnit", "renameUnit", "dissolveUnit"))
    _select_unit(page, "LC-TD")
    assert rename.isEnabled() and dissolve.isEnabled()
    assert not add.isEnabled()  # its grassroots unions are the district's to add
    index = _select_unit(page, "LC-TD-01")
    assert not (rename.isEnabled() or dissolve.isEnabled() or add.isEnabled())
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    _select_unit(page, "LC")
    assert add.isEnabled() and rename.isEnabled()

    # Rename a district, as the province may.
    _select_unit(page, "LC-TD")

    def act(dialog):
        name = dialog.findChild(QLineEdit, "unitName")
        name.selectAll()
        name.insert("Liên đoàn Lao động thị xã Tam Đường")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "onDate"), "01/07/2025")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        if dialog.isVisible():  # refused: the message is in ``errors``
            dialog.reject()

    failures = []
    when_open(UnitDialog, act, failures)
    qtbot.mouseClick(rename, Qt.MouseButton.LeftButton)
    assert failures == [] and errors == []
    district = demo_services.units.by_code("LC-TD")
    assert district.name == "Liên đoàn Lao động thị xã Tam Đường"
    assert page.current_unit_id() == district.id
    assert "Liên đoàn Lao động thị xã Tam Đường" in page.unit_detail.toPlainText()
