"""Unexpected errors in the window: logged with their traceback, shown once in Vietnamese,
with the details a person can copy; never a storm of dialogs."""

from __future__ import annotations

import sys
import threading

import pytest
from modal import when_open
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from desktop import logs
from desktop.services.common import ServiceError
from desktop.views.common import errors
from desktop.views.common.errors import ErrorDialog
from desktop.views.common.tasks import TaskRunner
from desktop.views.settings.page import SettingsPage


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    """A log of its own, and the process's hooks put back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = logs.setup(folder=tmp_path / "logs", what="test")
    assert path is not None
    yield path
    logs.shutdown()


@pytest.fixture
def reporter(log_file):
    r = errors.install(QApplication.instance())
    yield r
    if r.dialog is not None:
        r.dialog.close()
    r.deleteLater()


@pytest.mark.qt_no_exception_capture  # the program's own hook, not pytest-qt's, takes it
def test_an_error_in_a_button_is_logged_and_shown_in_vietnamese(
    qtbot, demo_services, reporter, log_file, monkeypatch
):
    def broken(*_a, **_k):
        raise RuntimeError("ổ đĩa trả lời sai")

    monkeypatch.setattr(demo_services.backup, "make", broken)
    page = SettingsPage(demo_services)
    qtbot.addWidget(page)
    page.show()
    seen: dict[str, str] = {}
    failures: list[BaseException] = []

    def read_and_copy(dialog: ErrorDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["text"] = "\n".join(label.text() for label in dialog.findChildren(QLabel))
        qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
        seen["copy"] = dialog.copy.text()
        dialog.reject()

    when_open(ErrorDialog, read_and_copy, failures)
    qtbot.mouseClick(page.backups.backup_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "title" in seen or bool(failures))
    assert not failures
    assert seen["title"] == "Đã xảy ra lỗi"
    assert "Chương trình gặp một lỗi không mong đợi" in seen["text"]
    assert "RuntimeError: ổ đĩa trả lời sai" in seen["text"]
    assert f"Chi tiết đã được ghi vào nhật ký: {log_file}" in seen["text"]
    assert seen["copy"] == "Đã sao chép"
    copied = QGuiApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied and "in broken" in copied
    assert "Sổ Sáng Kiến:" in copied and "PySide6:" in copied and "SQLite:" in copied
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert 'raise RuntimeError("ổ đĩa trả lời sai")' in text

    # The same error again and again: logged every time, shown no more.
    first = reporter.dialog
    for _ in range(3):
        qtbot.mouseClick(page.backups.backup_now, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert reporter.dialog is first and not first.isVisible()  # no second dialog was made
    assert log_file.read_text(encoding="utf-8").count("RuntimeError: ổ đĩa trả lời sai") == 4


def test_errors_while_the_dialog_is_open_are_counted_not_shown(qtbot, reporter):
    # Inside the program's event loop: the dialog is shown without blocking the slot.
    loop = QEventLoop()
    for i in range(5):
        QTimer.singleShot(0, lambda i=i: reporter.report(f"ValueError: lỗi {i}", "chi tiết"))
    QTimer.singleShot(50, loop.quit)
    loop.exec()
    assert reporter.dialog is not None and reporter.dialog.more == 4
    assert reporter.dialog.isVisible()
    dialogs = [w for w in QApplication.allWidgets() if isinstance(w, ErrorDialog)]
    assert [d for d in dialogs if d.isVisible()] == [reporter.dialog]
    assert reporter.dialog.message.text() == "ValueError: lỗi 0"
    assert "Sau đó có thêm 4 lỗi nữa" in reporter.dialog.repeats.text()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_another_thread_is_logged_and_shown_on_the_ui_thread(qtbot, reporter, log_file):
    def work() -> None:
        raise OSError("mạng chập chờn")

    shown: list[str] = []
    failures: list[BaseException] = []
    when_open(ErrorDialog, lambda d: shown.append(d.message.text()) or d.reject(), failures)
    t = threading.Thread(target=work, name="worker-test")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["OSError: mạng chập chờn"]
    text = log_file.read_text(encoding="utf-8")
    assert "thread worker-test stopped on an error" in text
    assert 'raise OSError("mạng chập chờn")' in text


@pytest.mark.qt_no_exception_capture
def test_the_task_runner_logs_every_failure(qtbot, reporter, log_file):
    def refused() -> None:
        raise ServiceError("Chưa chọn chương trình.")

    def bug() -> None:
        raise KeyError("ma_don_vi")

    got: list[Exception] = []
    runner = TaskRunner(synchronous=True)
    runner.run(refused, on_error=got.append)
    runner.run(bug, on_error=got.append)
    assert [type(e) for e in got] == [ServiceError, KeyError]
    text = log_file.read_text(encoding="utf-8")
    assert "task test_the_task_runner_logs_every_failure.<locals>.refused refused" in text
    assert "task test_the_task_runner_logs_every_failure.<locals>.bug failed" in text
    assert 'raise KeyError("ma_don_vi")' in text

    # A task nobody waits for an answer from: its failure is an unexpected error, shown.
    shown: list[str] = []
    failures: list[BaseException] = []
    when_open(ErrorDialog, lambda d: shown.append(d.message.text()) or d.reject(), failures)
    runner.run(bug)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["KeyError: 'ma_don_vi'"]
    assert log_file.read_text(encoding="utf-8").count('raise KeyError("ma_don_vi")') == 2
