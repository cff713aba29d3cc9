"""Settings → "Sao lưu và khôi phục", driven as a person would, and the restore it triggers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableWidget

from desktop.app import ProgramSession
from desktop.models.enums import UnitKind
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings
from desktop.views.settings.page import BackupBox, SettingsPage


@pytest.fixture
def said(monkeypatch):
    """What the page told the person, and the answer given to each confirmation."""
    record: dict[str, list] = {"confirm": [], "info": [], "error": [], "answer": [True]}

    def confirm(_parent, text, title=None):
        record["confirm"].append(text)
        return record["answer"][0]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "info", lambda _p, text, title=None: record["info"].append(text))
    monkeypatch.setattr(dialogs, "error", lambda _p, text, title=None: record["error"].append(text))
    return record


def _click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_backups_are_listed_with_date_reason_and_contents(qtbot, demo_services, said):
    demo_services.backup.before_import()
    page = SettingsPage(demo_services)
    qtbot.addWidget(page)
    page.show()
    box = page.backups
    assert box.table.rowCount() == 1 and box.empty.isHidden()
    cells = [box.table.item(0, c).text() for c in range(4)]
    info = demo_services.backup.list()[0]
    assert cells[0] == info.created_at.strftime("%d/%m/%Y %H:%M")
    assert cells[1] == "Trước khi nhập dữ liệu"
    assert f"{info.initiatives} sáng kiến" in cells[2] and f"{info.units} đơn vị" in cells[2]
    assert cells[3].endswith(("KB", "MB"))

    qtbot.mouseClick(box.backup_now, Qt.MouseButton.LeftButton)
    assert box.table.rowCount() == 2
    assert box.table.item(0, 1).text() == "Sao lưu theo yêu cầu"
    assert said["info"] and "Đã sao lưu" in said["info"][-1]


def test_restore_asks_first_and_explains_what_will_happen(qtbot, sqlite_store, said):
    services = Services.over(sqlite_store)
    services.units.create("A", "Công đoàn cơ sở A", UnitKind.GRASSROOTS)
    services.backup.make()
    services.units.create("B", "Công đoàn cơ sở B", UnitKind.GRASSROOTS)
    box = BackupBox(services)
    qtbot.addWidget(box)
    box.show()
    assert box.empty.isHidden()
    assert not box.restore_button.isEnabled()  # nothing chosen yet
    _click_row(qtbot, box.table, 0)
    assert box.restore_button.isEnabled()

    said["answer"][0] = False
    with qtbot.assertNotEmitted(box.restore_requested):
        qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    text = said["confirm"][-1]
    assert "Bản sao có: 1 đơn vị" in text and "Dữ liệu đang dùng có: 2 đơn vị" in text
    assert "Trước khi khôi phục" in text and "mở lại" in text

    said["answer"][0] = True
    with qtbot.waitSignal(box.restore_requested) as signal:
        qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    assert signal.args == [str(services.backup.list()[0].path)]


def test_an_empty_list_says_how_to_make_the_first_backup(qtbot, sqlite_store, said):
    box = BackupBox(Services.over(sqlite_store))
    qtbot.addWidget(box)
    box.show()
    assert box.table.rowCount() == 0 and box.empty.isVisible()
    assert "Sao lưu ngay" in box.empty.text()
    qtbot.mouseClick(box.backup_now, Qt.MouseButton.LeftButton)
    assert box.table.rowCount() == 1 and box.empty.isHidden()


def test_postgresql_store_says_backups_belong_to_the_server_administrator(qtbot, services):
    box = BackupBox(services)
    qtbot.addWidget(box)
    note = box.findChild(QLabel, "backupNote")
    if services.store.sqlite_file is not None:
        assert note is None and box.findChild(QTableWidget, "backupTable") is not None
        return
    assert note is not None and "quản trị máy chủ" in note.text()
    assert box.findChild(QPushButton, "restoreBackup") is None


def test_restoring_from_the_window_reopens_the_program_on_the_restored_data(qtbot, tmp_path, said):
    path = tmp_path / "sangkien.db"
    store = open_store(str(path))
    services = Services.over(store)
    services.units.create("A", "Công đoàn cơ sở A", UnitKind.GRASSROOTS)
    services.backup.make()
    services.units.create("B", "Công đoàn cơ sở B", UnitKind.GRASSROOTS)

    app = QApplication.instance()
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    session = ProgramSession(app, settings)
    first = session.show(store)
    qtbot.addWidget(first)
    first.show_page("settings")
    box = first.pages["settings"].backups
    _click_row(qtbot, box.table, 0)
    qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)

    assert session.window is not first and session.window.isVisible()
    qtbot.addWidget(session.window)
    assert not first.isVisible()
    assert session.services.units.by_code("A") is not None
    assert session.services.units.by_code("B") is None
    assert said["error"] == []
    assert "Đã khôi phục" in said["info"][-1] and "truoc-khoi-phuc" in said["info"][-1]
    assert app.quitOnLastWindowClosed()
    # The window lists the safety copy, so the person can undo the restore the same way.
    reasons = [b.reason for b in session.services.backup.list()]
    assert "truoc-khoi-phuc" in reasons
    session.window.close()
    session.store.close()
