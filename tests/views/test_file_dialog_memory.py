"""File dialogs remember the last folder per kind of file, propose Vietnamese names, and offer
to open what was saved; driven through the real (Qt) file dialog."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from modal import when_open
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings


@pytest.fixture
def settings(tmp_path):
    s = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    dialogs.remember_in(s)
    yield s
    dialogs.remember_in(None)


def pick(path: Path, seen: list[str], failures: list[BaseException]) -> None:
    """When the file dialog shows: note the folder it opened in, type the name, press Enter."""

    def act(dialog: QFileDialog) -> None:
        seen.append(Path(dialog.directory().absolutePath()).resolve().as_posix())
        dialog.selectFile(str(path))
        dialog.accept()

    when_open(QFileDialog, act, failures)


def test_each_kind_of_file_opens_where_that_kind_was_last_saved(qtbot, tmp_path, settings):
    reports, usb = tmp_path / "Van ban", tmp_path / "USB"
    reports.mkdir()
    usb.mkdir()
    seen: list[str] = []
    failures: list[BaseException] = []

    pick(reports / "a.pdf", seen, failures)
    assert dialogs.save_file(None, "Lưu", "PDF (*.pdf)", "a.pdf") == str(reports / "a.pdf")
    pick(usb / "goi.ssk", seen, failures)
    assert dialogs.save_file(None, "Lưu", "Gói (*.ssk)", "goi.ssk") == str(usb / "goi.ssk")
    # The next PDF is proposed in "Văn bản", the next bundle on the USB stick.
    pick(reports / "b.pdf", seen, failures)
    dialogs.save_file(None, "Lưu", "PDF (*.pdf)", "b.pdf")
    (usb / "goi.ssk").write_bytes(b"x")
    pick(usb / "goi.ssk", seen, failures)
    dialogs.open_file(None, "Mở", "Gói (*.ssk)")
    assert not failures
    assert seen[2:] == [reports.resolve().as_posix(), usb.resolve().as_posix()]
    # Kept in the settings, so the next start remembers too.
    again = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert again.last_dir("pdf") == str(reports) and again.last_dir("bundle") == str(usb)
    assert again.recent_files() == [str(usb / "goi.ssk")]


def test_suggested_names_are_vietnamese_without_diacritics_and_safe_on_windows():
    day = datetime.date(2026, 12, 2)
    assert (
        dialogs.suggested_name(
            "Danh sách công nhận", campaign="01TRIEU-2022", on=day, suffix=".pdf"
        )
        == "Danh-sach-cong-nhan_01TRIEU-2022_2026-12-02.pdf"
    )
    assert dialogs.suggested_name("Tiến độ: đơn vị/huyện?", on=day, suffix="xlsx") == (
        "Tien-do-don-vi-huyen_2026-12-02.xlsx"
    )
    long = dialogs.suggested_name("Đề nghị " * 40, campaign="X", on=day, suffix=".pdf")
    assert len(long) <= dialogs.NAME_MAX + 4 and not set('<>:"/\\|?* ') & set(long)


def test_after_saving_the_file_and_its_folder_can_be_opened(qtbot, tmp_path, monkeypatch):
    saved = tmp_path / "Danh-sach.pdf"
    saved.write_bytes(b"%PDF")
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "launch", lambda url: opened.append(url.toLocalFile()) or True)

    def offer() -> QMessageBox:
        dialogs.offer_open(None, saved)
        box = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "offerOpen" and w.isVisible()
        )
        assert "Danh-sach.pdf" in box.text()
        return box

    box = offer()
    qtbot.mouseClick(box.findChild(QPushButton, "openSavedFile"), _left())
    qtbot.waitUntil(lambda: not box.isVisible())
    box = offer()
    qtbot.mouseClick(box.findChild(QPushButton, "openSavedFolder"), _left())
    assert opened == [str(saved), str(tmp_path)]
    assert QUrl.fromLocalFile(opened[0]).isLocalFile()


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
