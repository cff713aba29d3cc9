"""The window and a damaged store: checked in the background (or at once after a crash),
the newest readable backup offered in a dialog and restored; the second backup folder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.app import ProgramSession
from desktop.models.enums import UnitKind
from desktop.services.registry import Services
from desktop.services.store.backup import backup_before_import, list_backups, restore_sqlite
from desktop.services.store.opening import (
    OPEN_MARKER_SUFFIX,
    StoreDamaged,
    check_integrity,
    default_backup_dir,
    open_store,
)
from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings
from desktop.views.common.tasks import TaskRunner
from desktop.views.settings.page import BackupBox
from desktop.views.shell import store_check
from support.store_damage import corrupt_schema, corrupt_table, small_store


@pytest.fixture
def said(monkeypatch):
    record: dict[str, list] = {"offer": [], "info": [], "error": [], "answer": [True]}

    def offer(_parent, damage):
        record["offer"].append(damage)
        return record["answer"][0]

    monkeypatch.setattr(store_check, "offer_restore", offer)
    monkeypatch.setattr(dialogs, "info", lambda _p, text, title=None: record["info"].append(text))
    monkeypatch.setattr(dialogs, "error", lambda _p, text, title=None: record["error"].append(text))
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    return record


@pytest.fixture
def damaged(tmp_path):
    """Units A, B backed up; then C; then a page of the audit trail (not read by the window
    when it opens) is overwritten."""
    path = small_store(tmp_path / "sangkien.db", ("A", "B"))
    assert backup_before_import(str(path)) is not None
    store = open_store(str(path))
    Services.over(store).units.create("C", "Công đoàn cơ sở C", UnitKind.GRASSROOTS)
    store.close()
    corrupt_table(path, "audit_log")
    assert check_integrity(path) is not None
    return path


def _settings(tmp_path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def _codes(services: Services) -> list[str]:
    return sorted(u.code for u in services.units.list())


def test_the_background_check_finds_damage_and_restores_the_newest_backup(
    qtbot, tmp_path, damaged, said
):
    app = QApplication.instance()
    session = ProgramSession(app, _settings(tmp_path))
    first = session.show(open_store(str(damaged)))
    qtbot.addWidget(first)
    session.check_in_background(TaskRunner(synchronous=True))

    assert len(said["offer"]) == 1
    damage = said["offer"][0]
    assert isinstance(damage, StoreDamaged) and "bị hỏng" in str(damage)
    newest = list_backups(default_backup_dir(damaged))
    assert damage.backup.path == next(b for b in newest if b.reason == "truoc-nhap").path
    # Restored: the window reopened on the backup's data, which is sound.
    assert session.window is not first
    qtbot.addWidget(session.window)
    assert _codes(session.services) == ["A", "B"]
    assert check_integrity(damaged) is None
    assert "Đã khôi phục" in said["info"][-1] and said["error"] == []
    session.window.close()
    session.store.close()


def test_damage_met_by_a_view_at_run_time_offers_the_backup_once(
    qtbot, tmp_path, damaged, said, monkeypatch
):
    import sys

    session = ProgramSession(QApplication.instance(), _settings(tmp_path))
    window = session.show(open_store(str(damaged)))
    qtbot.addWidget(window)
    said["answer"][0] = False
    passed_on: list[type] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, _exc, _tb: passed_on.append(kind))
    store_check.install_damage_hook(session.damaged)
    for _ in range(3):  # a search, a refresh, the status bar: all read the broken page
        try:
            with session.store.engine.connect() as conn:
                conn.exec_driver_sql("SELECT * FROM audit_log").all()
        except StoreDamaged as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    sys.excepthook(ValueError, ValueError("x"), None)
    qtbot.waitUntil(lambda: len(said["offer"]) == 1)
    qtbot.wait(50)
    assert len(said["offer"]) == 1 and passed_on == [ValueError]
    window.close()
    session.store.close()


def test_declining_keeps_the_window_and_data_as_they_are(qtbot, tmp_path, damaged, said):
    said["answer"][0] = False
    session = ProgramSession(QApplication.instance(), _settings(tmp_path))
    first = session.show(open_store(str(damaged)))
    qtbot.addWidget(first)
    session.check_in_background(TaskRunner(synchronous=True))
    assert len(said["offer"]) == 1 and session.window is first
    assert check_integrity(damaged) is not None
    first.close()
    session.store.close()


def test_a_sound_store_is_checked_without_a_word(qtbot, tmp_path, said):
    path = small_store(tmp_path / "sangkien.db")
    session = ProgramSession(QApplication.instance(), _settings(tmp_path))
    window = session.show(open_store(str(path)))
    qtbot.addWidget(window)
    session.check_in_background(TaskRunner(synchronous=True))
    assert said["offer"] == [] and said["error"] == []
    window.close()
    session.store.close()


def test_after_an_unclean_exit_the_store_is_checked_before_the_window(tmp_path, damaged, said):
    marker = damaged.with_name(damaged.name + OPEN_MARKER_SUFFIX)
    marker.write_text("4242\n")  # left by a start that never closed
    store = open_store(str(damaged))
    assert store.mark_open() is True
    restored = store_check.check_after_unclean_exit(store)
    assert restored is not None and restored is not store
    assert len(said["offer"]) == 1 and said["offer"][0].backup.units == 2
    assert _codes(Services.over(restored)) == ["A", "B"]
    assert marker.is_file()  # the reopened store is marked open again
    restored.close()
    assert not marker.exists()


def test_a_store_that_breaks_while_opening_gets_the_same_offer(tmp_path, said):
    path = small_store(tmp_path / "sangkien.db", ("A", "B"))
    assert backup_before_import(str(path)) is not None
    corrupt_schema(path)
    with pytest.raises(StoreDamaged) as caught:
        open_store(str(path))
    restored = store_check.restore_damaged_file(str(path), caught.value)
    assert restored is not None and len(said["offer"]) == 1
    assert _codes(Services.over(restored)) == ["A", "B"]
    restored.close()
    assert check_integrity(path) is None


def test_after_an_unclean_exit_declining_stops_the_program(tmp_path, damaged, said):
    said["answer"][0] = False
    store = open_store(str(damaged))
    store.mark_open()
    assert store_check.check_after_unclean_exit(store) is None
    assert not damaged.with_name(damaged.name + OPEN_MARKER_SUFFIX).exists()


def test_the_dialog_offers_the_newest_readable_backup(qtbot, damaged):
    store = open_store(str(damaged))
    try:
        with pytest.raises(StoreDamaged) as caught:
            from desktop.services.store.opening import ensure_sound

            ensure_sound(store)
    finally:
        store.close()
    seen: list[str] = []

    def answer() -> None:
        box = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        )
        seen.append(box.text())
        seen.append(box.windowTitle())
        button = next(b for b in box.buttons() if b.text() == "Khôi phục bản sao này")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, answer)
    assert store_check.offer_restore(None, caught.value) is True
    assert seen[1] == "Dữ liệu bị hỏng"
    assert str(caught.value.backup.path) in seen[0]


# -- the second backup folder --------------------------------------------------------------


def test_a_second_folder_gets_every_copy_and_its_copies_can_be_restored(
    qtbot, tmp_path, said, monkeypatch
):
    usb = tmp_path / "USB #1"
    usb.mkdir()
    path = small_store(tmp_path / "data" / "sangkien.db", ("A",))
    store = open_store(str(path))
    services = Services.over(store)
    settings = _settings(tmp_path)
    session = ProgramSession(QApplication.instance(), settings)
    window = session.show(store)
    qtbot.addWidget(window)
    box = window.pages["settings"].backups
    assert box.second_dir.text() == "Chưa chọn"

    monkeypatch.setattr(dialogs, "choose_folder", lambda *_a, **_k: str(usb))
    qtbot.mouseClick(box.choose_second, Qt.MouseButton.LeftButton)
    assert settings.second_backup_dir() == usb  # kept for the next start
    assert box.second_dir.text() == str(usb) and box.second_problem.isHidden()

    qtbot.mouseClick(box.backup_now, Qt.MouseButton.LeftButton)
    main_copies = list(default_backup_dir(path).glob("*.db"))
    assert len(main_copies) == 1
    assert [p.name for p in usb.iterdir()] == [main_copies[0].name]
    assert "Bản sao thứ hai" in said["info"][-1]
    # Both are listed, the second marked as such.
    assert box.table.rowCount() == 2
    texts = [box.table.item(r, 2).text() for r in range(2)]
    assert sum(t.startswith("[Thư mục thứ hai]") for t in texts) == 1

    # Restore from the stick: the main folder is what died.
    session.services.units.create("B", "Công đoàn cơ sở B", UnitKind.GRASSROOTS)
    session.restore(str(usb / main_copies[0].name))
    qtbot.addWidget(session.window)
    assert _codes(session.services) == ["A"]
    assert session.services.backup.second_directory == usb  # carried over the reopen
    session.window.close()
    session.store.close()
    del services


def test_a_missing_second_folder_is_said_and_the_main_backup_still_made(qtbot, tmp_path, said):
    path = small_store(tmp_path / "sangkien.db", ("A",))
    store = open_store(str(path))
    store.second_backup_dir = tmp_path / "E-USB-chua-cam"
    services = Services.over(store)
    box = BackupBox(services)
    qtbot.addWidget(box)
    box.show()
    assert box.second_problem.isVisible() and "ổ USB chưa cắm" in box.second_problem.text()
    qtbot.mouseClick(box.backup_now, Qt.MouseButton.LeftButton)
    assert said["error"] == []
    assert "Đã sao lưu" in said["info"][-1] and "ổ USB chưa cắm" in said["info"][-1]
    assert len(list(default_backup_dir(path).glob("*.db"))) == 1
    assert not (tmp_path / "E-USB-chua-cam").exists()  # never created on the PC's own disk
    daily = services.backup.make("hang-ngay")
    assert daily.readable and daily.second_copy is None and daily.second_copy_problem
    store.close()


def test_restore_sqlite_takes_a_copy_from_the_second_folder(tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    path = small_store(tmp_path / "sangkien.db", ("A",))
    store = open_store(str(path))
    store.second_backup_dir = usb
    copy = Services.over(store).backup.make()
    store.close()
    assert copy.second_copy is not None and copy.second_copy.parent == usb
    result = restore_sqlite(copy.second_copy, path)
    assert result.safety_copy.parent == default_backup_dir(path)  # not onto the stick
