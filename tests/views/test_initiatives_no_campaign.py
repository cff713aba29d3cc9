"""A new district office before the province's first bundle: the initiatives page says why
nothing can be entered yet and what to do, on the page, on the grey «Thêm», and when
«Nhập từ Excel…» or Ctrl+N is used; no file dialog opens for a list with nowhere to go."""

from __future__ import annotations

from modal import when_open
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from desktop.services.initiatives.drafts import DraftStore
from desktop.services.registry import Services
from desktop.services.units.excel_list import import_unit_list, read_unit_list, write_template
from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.page import InitiativesPage

FIRST_BUNDLE = "nhận gói dữ liệu đầu tiên của LĐLĐ tỉnh"


def _new_district(tmp_path, store) -> Services:
    path = tmp_path / "don-vi.xlsx"
    write_template(path)
    services = Services.over(store)
    import_unit_list(store.session_factory, read_unit_list(path))
    unit = services.units.by_code("LC-TP")
    assert unit is not None
    services.office.set_up(unit.id)
    return services


def _page(qtbot, services, tmp_path) -> InitiativesPage:
    page = InitiativesPage(
        services, drafts=DraftStore(tmp_path / "drafts"), tasks=TaskRunner(synchronous=True)
    )
    page.reload_campaigns()
    qtbot.addWidget(page)
    page.resize(1366, 640)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_a_new_district_reads_why_and_what_to_do(qtbot, tmp_path, sqlite_store, monkeypatch):
    page = _page(qtbot, _new_district(tmp_path, sqlite_store), tmp_path)
    notice = page.findChild(QLabel, "noCampaignNotice")
    assert notice.isVisible() and FIRST_BUNDLE in notice.text()
    assert not page.add_button.isEnabled()
    assert FIRST_BUNDLE in page.add_button.toolTip()

    told: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda _p, text, *a, **k: told.append(text))
    monkeypatch.setattr(
        dialogs, "open_file", lambda *a, **k: told.append("a file dialog opened") or None
    )
    assert page.import_button.isEnabled()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert len(told) == 1 and FIRST_BUNDLE in told[0]

    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(told) == 2 and FIRST_BUNDLE in told[1]
    assert page.rows.form is None


def test_with_a_campaign_the_page_says_nothing_of_it(qtbot, tmp_path, district_demo_services):
    page = _page(qtbot, district_demo_services, tmp_path)
    assert not page.findChild(QLabel, "noCampaignNotice").isVisible()
    assert page.add_button.isEnabled()
    assert page.add_button.toolTip() == "Thêm sáng kiến mới (Ctrl+N)"


def test_a_list_chosen_on_the_page_comes_back_under_recent_files(
    qtbot, tmp_path, district_demo_services, monkeypatch
):
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    dialogs.remember_in(settings)
    try:
        page = _page(qtbot, district_demo_services, tmp_path)
        listing = tmp_path / "danh-sach.xlsx"
        listing.write_bytes(b"not really a workbook")  # the reading's error is not the point
        monkeypatch.setattr(dialogs, "error", lambda *a, **k: None)
        failures: list[BaseException] = []

        def choose(dialog: QFileDialog) -> None:
            dialog.selectFile(str(listing))
            dialog.accept()

        when_open(QFileDialog, choose, failures)
        page.import_excel()
        qtbot.waitUntil(lambda: page.excel.reading is None)
        assert not failures
        assert settings.recent_files()[0] == str(listing)
    finally:
        dialogs.remember_in(None)
