"""A real office's first days on the units page and in the campaign editor: buttons that need
a campaign say so, the participants are chosen in one click, the target shows; and every one
of these windows fits a 1366×700 screen with its buttons in view."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from desktop.services.registry import Services
from desktop.services.units.excel_list import import_unit_list, read_unit_list, write_template
from desktop.views.campaigns.editor import CampaignDialog
from desktop.views.campaigns.quota_grid import QuotaDialog
from desktop.views.campaigns.reassign_dialog import ReassignDialog
from desktop.views.units.page import UnitsPage


def _new_office(tmp_path, store, code: str) -> Services:
    path = tmp_path / "don-vi.xlsx"
    write_template(path)
    services = Services.over(store)
    import_unit_list(store.session_factory, read_unit_list(path))
    unit = services.units.by_code(code)
    assert unit is not None
    services.office.set_up(unit.id)
    return services


def _in_view(window: QWidget, button: QWidget) -> bool:
    corner = button.mapTo(window, QPoint(button.width() - 1, button.height() - 1))
    return window.rect().contains(corner) and button.isVisible()


def test_campaign_buttons_are_grey_with_the_reason_while_there_is_no_campaign(
    qtbot, tmp_path, sqlite_store
):
    services = _new_office(tmp_path, sqlite_store, "LC")  # a province with no campaign yet
    page = UnitsPage(services)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    page.findChild(QTabWidget).setCurrentIndex(1)
    for name in ("copyCampaign", "editCampaign", "quotas", "reassign"):
        button = page.findChild(QPushButton, name)
        assert not button.isEnabled(), name
        assert button.toolTip() == "Chưa có chương trình thi đua nào.", name
    assert page.findChild(QPushButton, "newCampaign").isEnabled()
    notice = page.findChild(QLabel, "noCampaignNotice")
    assert notice.isVisible() and "«Thêm chương trình…»" in notice.text()


def test_a_new_district_is_told_to_receive_the_provinces_first_bundle(
    qtbot, tmp_path, sqlite_store
):
    services = _new_office(tmp_path, sqlite_store, "LC-TP")
    page = UnitsPage(services)
    qtbot.addWidget(page)
    page.show()
    page.findChild(QTabWidget).setCurrentIndex(1)
    notice = page.findChild(QLabel, "noCampaignNotice")
    assert notice.isVisible()
    assert "gói dữ liệu đầu tiên của LĐLĐ tỉnh" in notice.text()
    assert not page.findChild(QPushButton, "quotas").isEnabled()


def test_with_a_campaign_chosen_the_buttons_work(qtbot, demo_services):
    page = UnitsPage(demo_services)
    qtbot.addWidget(page)
    page.show()
    assert page.findChild(QListWidget, "campaigns").currentRow() == 0
    assert page.findChild(QPushButton, "quotas").isEnabled()
    assert not page.findChild(QLabel, "noCampaignNotice").isVisible()


def test_the_editor_shows_the_target_and_chooses_every_participant_at_once(qtbot, demo_services):
    c = demo_services.campaigns.by_code("75NGHIN-2021")
    d = CampaignDialog(demo_services, c.id)
    qtbot.addWidget(d)
    d.resize(1366, 700)
    d.show()
    assert "<b>750</b> sáng kiến" in d.findChild(QLabel, "target").text()
    assert d.findChild(QSpinBox, "descriptionLimit").text() == "1.000 ký tự"
    tabs = d.findChild(QTabWidget)
    tabs.setCurrentIndex(tabs.count() - 1)
    units = d.findChild(QListWidget, "units")
    assert units.count() > 5
    qtbot.mouseClick(d.findChild(QPushButton, "uncheckAllUnits"), Qt.MouseButton.LeftButton)
    assert d.read()[1] == []
    qtbot.mouseClick(d.findChild(QPushButton, "checkAllUnits"), Qt.MouseButton.LeftButton)
    every = {units.item(i).data(Qt.ItemDataRole.UserRole) for i in range(units.count())}
    assert set(d.read()[1]) == every


def test_units_page_editor_and_quotas_fit_1366_by_700(qtbot, demo_services):
    c = demo_services.campaigns.by_code("75NGHIN-2021")
    office = demo_services.office.local()
    page = UnitsPage(demo_services)
    editor = CampaignDialog(demo_services, c.id)
    quotas = QuotaDialog(demo_services, c.id, office.unit_id)
    reassign = ReassignDialog(demo_services, c.id)
    for window in (page, editor, quotas, reassign):
        qtbot.addWidget(window)
        hint = window.minimumSizeHint()
        assert hint.height() <= 700 and hint.width() <= 1366, (window, hint)
        window.resize(min(1366, max(hint.width(), 1000)), 700)
        window.show()
        qtbot.waitExposed(window)
    for name in ("addUnit", "reorganiseUnits"):
        assert _in_view(page, page.findChild(QPushButton, name)), name
    page.findChild(QTabWidget).setCurrentIndex(1)
    for name in ("newCampaign", "copyCampaign", "editCampaign", "quotas", "reassign"):
        assert _in_view(page, page.findChild(QPushButton, name)), name
    for box in (editor, quotas):
        for button in box.findChild(QDialogButtonBox).buttons():
            if button.isVisible():
                assert _in_view(box, button), button.text()
    for name in ("giveButton", "closeButton"):
        assert _in_view(reassign, reassign.findChild(QPushButton, name)), name
