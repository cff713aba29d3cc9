"""A bundle double-clicked in the file manager (``SoSangKien --open FILE``) goes to the sync
page's import, which checks it before anything is written."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop.app import ProgramSession
from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings


def test_opening_a_file_that_is_not_a_bundle_shows_the_sync_page_and_why(
    qtbot, demo_store, tmp_path, monkeypatch
):
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, title=None: errors.append(text))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    session = ProgramSession(QApplication.instance(), settings)
    window = session.show(demo_store)
    qtbot.addWidget(window)
    junk = tmp_path / "thu.ssk"
    junk.write_bytes(b"Kinh gui anh chi, day khong phai goi du lieu.")

    session.open_file(str(junk))

    assert window.current_page() == "sync"
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)  # the check runs on the window's runner
    assert len(errors) == 1 and "từ chối" in errors[0]
