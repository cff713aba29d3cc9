"""The key's passphrase in the window: set it on the Settings page, type it once before the
first bundle of a run, a wrong one said in Vietnamese and asked again."""

from __future__ import annotations

from modal import when_open
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit, QPushButton

from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common import dialogs
from desktop.views.settings.page import SettingsPage
from desktop.views.sync.dialogs import ExportDialog
from desktop.views.sync.key_dialog import ProtectKeyDialog, UnlockKeyDialog
from desktop.views.sync.page import SyncPage
from support.sync_fixtures import copy_offices

# Vietnamese letters come from the keyboard's input method, which QTest cannot drive:
# QLineEdit.insert puts them in as typing does (through the line edit's own editing).


def _ok(dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def test_set_the_passphrase_then_type_it_once_before_sending(
    qtbot, sync_offices_template, tmp_path, monkeypatch
):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    district = Services.over(open_store(str(dbs["LC-TD"])))
    monkeypatch.setattr(dialogs, "info", lambda *_a, **_k: None)
    failures: list[BaseException] = []
    settings = SettingsPage(district)
    qtbot.addWidget(settings)
    assert "Chưa có mật khẩu" in settings.findChild(QLabel, "keyState").text()

    def set_passphrase(dialog) -> None:
        dialog.findChild(QLineEdit, "newPassphrase").insert("ngắn")
        dialog.findChild(QLineEdit, "againPassphrase").insert("ngắn")
        _ok(dialog)
        assert "ít nhất 8 ký tự" in dialog.findChild(QLabel, "keyError").text()
        assert dialog.isVisible()  # nothing typed is lost: the dialog stays
        for name in ("newPassphrase", "againPassphrase"):
            field = dialog.findChild(QLineEdit, name)
            field.clear()
            field.insert("bốn mùa xuân")
        _ok(dialog)

    when_open(ProtectKeyDialog, set_passphrase, failures)
    qtbot.mouseClick(settings.findChild(QPushButton, "protectKey"), Qt.MouseButton.LeftButton)
    assert not failures, failures
    assert "Có mật khẩu" in settings.findChild(QLabel, "keyState").text()
    district.store.close()

    # The next start of the program: the first bundle asks for the passphrase.
    later = Services.over(open_store(str(dbs["LC-TD"])))
    page = SyncPage(later)
    qtbot.addWidget(page)
    asked: list[str] = []

    def type_passphrase(dialog) -> None:
        field = dialog.findChild(QLineEdit, "keyPassphrase")
        field.insert("bon mua xuan")
        _ok(dialog)
        asked.append(dialog.findChild(QLabel, "keyError").text())
        field.clear()
        field.insert("bốn mùa xuân")
        _ok(dialog)

    def close_export(dialog) -> None:
        asked.append("export")
        dialog.reject()

    when_open(UnlockKeyDialog, type_passphrase, failures)
    when_open(ExportDialog, close_export, failures)
    qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
    assert not failures, failures
    assert asked == ["Sai mật khẩu khoá của văn phòng.", "export"]
    assert not later.office.key_locked()
    # Once typed, not asked again in this run.
    when_open(ExportDialog, close_export, failures)
    qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
    assert asked[-1] == "export" and len(asked) == 3
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, UnlockKeyDialog) and w.isVisible()
    ]
    later.store.close()
