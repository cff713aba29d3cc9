"""One task runner: a job returns at once, its continuation runs later on the UI thread, every
failure is logged; the long jobs of the Reports and Sync pages do not hold the UI thread."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings
from desktop.views.common.tasks import TaskRunner
from desktop.views.reports.page import ReportsPage
from desktop.views.shell.main_window import MainWindow
from desktop.views.sync.dialogs import ExportDialog
from desktop.views.sync.page import SyncPage
from support.sync_fixtures import copy_offices


# ---- the runner ------------------------------------------------------------------------------
def test_the_continuation_runs_later_on_the_ui_thread(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    where: dict[str, object] = {}

    def work(n: int) -> int:
        where["work"] = threading.current_thread() is threading.main_thread()
        assert release.wait(10)
        return n * 2

    done: list[int] = []

    def then(result: int) -> None:
        where["then"] = threading.current_thread() is threading.main_thread()
        done.append(result)

    task = runner.run(work, 21, on_done=then)
    assert done == [] and runner.busy  # returned at once; nothing waited
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [42] and task.finished and not runner.busy
    assert where == {"work": False, "then": True}


def test_a_failure_goes_to_on_error_and_is_logged(qtbot, caplog) -> None:
    runner = TaskRunner()

    def broken() -> None:
        raise ValueError("hỏng")

    def refused() -> None:
        raise ServiceError("Không được phép.")

    errors: list[Exception] = []
    with caplog.at_level(logging.WARNING, logger="desktop.views.common.tasks"):
        runner.run(broken, on_done=lambda _r: pytest.fail("no result"), on_error=errors.append)
        runner.run(refused, on_error=errors.append)
        qtbot.waitUntil(lambda: len(errors) == 2, timeout=5000)
    assert {type(e) for e in errors} == {ValueError, ServiceError}
    assert any("broken" in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)
    assert any("refused" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


def test_progress_and_cancel_reach_the_job(qtbot) -> None:
    runner = TaskRunner()
    steps: list[tuple[int, int]] = []
    started = threading.Event()

    def long(progress, cancel) -> int:
        done = 0
        for i in range(1000):
            if cancel():
                break
            progress(i + 1, 1000)
            started.set()
            threading.Event().wait(0.005)
            done = i + 1
        return done

    result: list[int] = []
    task = runner.run(long, with_progress=True, on_progress=lambda d, t: steps.append((d, t)),
                      on_done=result.append)  # fmt: skip
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    assert 0 < result[0] < 1000 and steps and steps[0] == (1, 1000)


def test_the_window_makes_one_runner_and_hands_it_to_every_page(
    qtbot, demo_services, tmp_path
) -> None:
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(demo_services, settings)
    qtbot.addWidget(window)
    for key, page in window.pages.items():
        if key == "reports":
            assert page.documents_panel._tasks is window.tasks  # type: ignore[attr-defined]
        else:
            assert page._tasks is window.tasks, key  # type: ignore[attr-defined]


# ---- the Reports page: a PDF built off the UI thread ----------------------------------------
def test_a_pdf_is_built_off_the_ui_thread_with_a_busy_bar_and_cancel(
    qtbot, demo_services, monkeypatch
) -> None:
    page = ReportsPage(demo_services, tasks=TaskRunner())
    qtbot.addWidget(page)
    page.show()
    panel = page.documents_panel
    release = threading.Event()
    seen: dict[str, object] = {}
    real_pdf = demo_services.documents.pdf

    def slow_pdf(req, cfg, **steps):
        seen.setdefault("thread", threading.current_thread() is not threading.main_thread())
        assert release.wait(10)
        return real_pdf(req, cfg, **steps)

    monkeypatch.setattr(demo_services.documents, "pdf", slow_pdf)
    assert panel.preview()  # returns at once
    assert panel.building() and panel.busy.isVisible() and not panel.preview_button.isEnabled()
    assert panel.cancel_button.isEnabled()
    qtbot.wait(20)  # the UI thread answers meanwhile
    release.set()
    qtbot.waitUntil(lambda: not panel.building(), timeout=20000)
    assert seen["thread"] is True
    assert panel.pdf.pageCount() >= 1 and "trang" in panel.status.text()
    assert not panel.busy.isVisible() and panel.preview_button.isEnabled()

    # Cancel: the result is dropped, the buttons come back at once.
    release.clear()
    panel.pdf.close()
    assert panel.preview()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert not panel.building() and panel.preview_button.isEnabled()
    assert panel.status.text() == "Đã huỷ."
    release.set()
    qtbot.wait(300)
    QApplication.processEvents()
    assert panel.pdf.pageCount() == 0  # the cancelled document never shows
    page.documents_panel._tasks.wait()


# ---- the Sync page: bundles written off the UI thread ---------------------------------------
@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()


def test_sending_writes_the_bundle_off_the_ui_thread(qtbot, offices, monkeypatch) -> None:
    _p, d, tmp = offices
    said: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda _parent, text, title=None: said.append(text))
    monkeypatch.setattr(dialogs, "offer_open", lambda _p, _path, text=None: said.append(text))
    page = SyncPage(d, tasks=TaskRunner())
    qtbot.addWidget(page)
    release = threading.Event()
    seen: dict[str, object] = {}
    real_export = d.bundles.export

    def slow_export(peer, folder, full=False):
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        assert release.wait(10)
        return real_export(peer, folder, full)

    monkeypatch.setattr(d.bundles, "export", slow_export)
    out = tmp / "usb"

    def send() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, send)
            return
        dialog.folder.setEditText(str(out))
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        seen["busy"] = dialog.busy.isVisible() and dialog.exporting()
        seen["ok while writing"] = dialog.ok.isEnabled()
        dialog.reject()  # one bundle: written to its end, Esc is ignored
        seen["still open"] = dialog.isVisible()
        release.set()

    QTimer.singleShot(0, send)
    qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
    assert seen == {"thread": True, "busy": True, "ok while writing": False, "still open": True}
    assert [b.name for b in out.glob("*.ssk")] and "Đã ghi gói số 1" in said[-1]


# ---- the first run: the window opens as its continuation ------------------------------------
def _first_run_answers(monkeypatch, answers):
    """The first-run window, answered: each item a FirstRunChoice, or None for «Huỷ»."""
    from PySide6.QtWidgets import QDialog

    import desktop.app as app_module

    class Answered:
        DialogCode = QDialog.DialogCode

        def exec(self) -> QDialog.DialogCode:
            self._choice = answers.pop(0)
            if self._choice is None:
                return QDialog.DialogCode.Rejected
            return QDialog.DialogCode.Accepted

        def choice(self):
            return self._choice

    # app.py imports the first-run window where it is used (it runs once in a store's life).
    monkeypatch.setattr("desktop.views.shell.first_run.FirstRunDialog", Answered)
    monkeypatch.setattr(app_module, "_daily_backup", lambda _services: None)


def test_the_first_run_opens_the_window_as_its_continuation(
    qtbot, sqlite_store, tmp_path, monkeypatch
) -> None:
    import desktop.app as app_module
    from desktop.app import ProgramSession
    from desktop.views.shell.first_run import FirstRunChoice

    # An Excel list not chosen is refused (said, then asked again); then the demo.
    _first_run_answers(monkeypatch, [FirstRunChoice("excel", "LC"), FirstRunChoice("demo", "LC")])
    warned: list[str] = []
    monkeypatch.setattr(app_module.QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    session = ProgramSession(app, settings, TaskRunner())
    session.start(sqlite_store)
    assert session.window is None  # returned at once; the work goes on
    assert not app.quitOnLastWindowClosed()  # no window between the first run and the main one
    qtbot.waitUntil(lambda: session.window is not None, timeout=180000)
    assert session.window is not None
    qtbot.addWidget(session.window)
    assert warned and "Chưa có danh sách đơn vị" in warned[0]
    assert session.exit_code is None and app.quitOnLastWindowClosed()
    office = session.services.office.local() if session.services else None
    assert office is not None and office.is_province
    session.window.close()


def test_cancelling_the_first_run_ends_the_program(
    qtbot, sqlite_store, tmp_path, monkeypatch
) -> None:
    from desktop.app import ProgramSession

    _first_run_answers(monkeypatch, [None])
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    session = ProgramSession(app, settings, TaskRunner())
    try:
        session.start(sqlite_store)
        assert session.exit_code == 0 and session.window is None
        assert app.quitOnLastWindowClosed()
    finally:
        # QApplication.exit() before exec() stays in force: every later event loop of this
        # process (the next tests' dialogs) would return at once. The real program ends here;
        # the test process goes on, so one short exec() clears it.
        QTimer.singleShot(0, app.quit)
        app.exec()
