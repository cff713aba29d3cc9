"""The composition root: store -> services -> main window. No globals."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.store.opening import (
    Store,
    StoreDamaged,
    StoreError,
    damaged_error,
    ensure_sound,
    open_store,
)
from desktop.views.common import dialogs, errors, qt_vietnamese
from desktop.views.common.i18n import tr
from desktop.views.common.icon import app_icon
from desktop.views.common.settings import APPLICATION, ORGANISATION, AppSettings
from desktop.views.common.tasks import TaskRunner
from desktop.views.shell import store_check
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.single_instance import SingleInstance

if TYPE_CHECKING:
    from desktop.views.shell.first_run import FirstRunChoice

# Imported where used, not here: the demo, the unit list's Excel reader, the first-run window
# and the restore run once in a store's life, and the start imports only what the first page
# needs (issue #14, bench/bench_start.py).


def apply_first_run(services: Services, choice: FirstRunChoice) -> None:
    """Carry out the first-run choice: the demo, or the Excel list plus this PC's office."""
    from desktop.services.demo.builder import build_demo
    from desktop.services.units.excel_list import import_unit_list

    if choice.source == "demo":
        as_unit = None if choice.office_code == "LC" else choice.office_code
        build_demo(services.store.session_factory, as_unit=as_unit)
        return
    if choice.source == "demo_2025":  # the province after its 2025 reorganisation
        build_demo(services.store.session_factory, reorganised=True)
        return
    if choice.preview is None or not choice.preview.rows:
        raise ServiceError(tr("Chưa có danh sách đơn vị: hãy chọn tệp Excel."))
    import_unit_list(services.store.session_factory, choice.preview)
    unit = services.units.by_code(choice.office_code)
    if unit is None:
        raise ServiceError(tr("Không tìm thấy đơn vị đã chọn làm văn phòng."))
    services.office.set_up(unit.id)


def setting_up(
    fn: Callable[..., None],
    *args: object,
    tasks: TaskRunner,
    on_done: Callable[[], None],
    on_error: Callable[[Exception], None],
) -> QProgressDialog:
    """Run the first-run work (the demo takes seconds on an old PC) on the runner behind a
    busy window, so the program never looks frozen. Returns at once; ``on_done()`` or
    ``on_error(exc)`` follows on the UI thread once the work has ended (and the busy window
    has closed)."""
    progress = QProgressDialog(tr("Đang thiết lập dữ liệu, xin chờ…"), "", 0, 0)
    progress.setWindowTitle(tr("Sổ Sáng Kiến"))
    progress.setCancelButton(None)  # half a demo is no use
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(0)
    progress.show()

    def done(_result: object) -> None:
        progress.close()
        on_done()

    def failed(exc: Exception) -> None:
        progress.close()
        on_error(exc)

    tasks.run(fn, *args, on_done=done, on_error=failed)
    return progress


def _application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(tr("Sổ Sáng Kiến"))
    app.setWindowIcon(app_icon())
    qt_vietnamese.install(app)  # Qt's own buttons and menus (no Vietnamese .qm ships with Qt)
    return app


def _store_key(db: str | None) -> str:
    """The same store, however it was named on the command line."""
    db = db or os.environ.get("SANGKIEN_DB") or ""
    if db and "://" not in db:
        return str(Path(db).expanduser().resolve())
    return db or "default"


# desktop/preload.py pauses the garbage collector for the start; it is back on this long after
# the main window has shown (its first page painted within the loop's first turns).
RESUME_COLLECTION_MS = 500


def resume_collection() -> None:
    """The garbage collector back on (desktop/preload.py paused it for the start), the start's
    objects collected once and then set aside (``gc.freeze``) so that later collections skip
    them. Does nothing when the collector is on (a test, a second window of this run)."""
    if gc.isenabled():
        return
    gc.collect()
    gc.freeze()
    gc.enable()


def run_gui(db: str | None, smoke_test: bool = False, open_path: str | None = None) -> int:
    try:
        return _run_gui(db, smoke_test, open_path)
    finally:
        resume_collection()  # at the latest


def _run_gui(db: str | None, smoke_test: bool, open_path: str | None) -> int:
    app = _application()
    errors.install(app)  # every unexpected error: logged, then shown in Vietnamese
    instance: SingleInstance | None = None
    if not smoke_test:
        # Already open on this store? Hand it the file (or just bring it forward) and stop.
        instance = SingleInstance(_store_key(db), app)
        if instance.send(str(Path(open_path).resolve()) if open_path else ""):
            return 0
        instance.listen()
    settings = AppSettings()
    try:
        store: Store = open_store(db)
    except StoreDamaged as exc:  # broken where opening reads: the same offer of a backup
        resume_collection()  # a person's choice may take long
        if smoke_test or exc.path is None:
            print(f"Lỗi: {exc}", file=sys.stderr)
            return 1
        damage = damaged_error(exc.path, exc.detail, settings.second_backup_dir())
        reopened = store_check.restore_damaged_file(db, damage, settings.second_backup_dir())
        if reopened is None:
            return 1
        store = reopened
    except StoreError as exc:
        resume_collection()
        if not smoke_test:
            QMessageBox.critical(None, tr("Không mở được dữ liệu"), str(exc))
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    store.second_backup_dir = settings.second_backup_dir()
    if not smoke_test and store.mark_open():  # the last start did not end cleanly: check now
        resume_collection()
        reopened = store_check.check_after_unclean_exit(store)
        if reopened is None:
            return 1
        store = reopened
    # The one runner of this run: the first-run work, every page's and dialog's long jobs, and
    # the full check of the store.
    tasks = TaskRunner()
    session = ProgramSession(app, settings, tasks)
    if smoke_test:  # the real window on the store as it is; never waits for a person
        window = session.show_or_restore(store)
        if window is None:
            return 1
        QTimer.singleShot(0, window.close)
        app.processEvents()
        window.close()
        store.close()
        return _smoke_checks(window.windowTitle(), store.description)
    session.start(store, open_path)
    if session.exit_code is not None:  # the first run was cancelled before the loop started
        return session.exit_code
    if instance is not None:
        instance.message.connect(session.bring_forward)
    store_check.install_damage_hook(session.damaged)
    code = app.exec()
    if instance is not None:
        instance.close()
    if session.store is not None:
        session.store.close()
    return session.exit_code if session.exit_code is not None else code


def _daily_backup(services: Services) -> None:
    try:
        copy = services.backup.daily()
    except ServiceError as exc:  # a missed copy must not stop the day's work; say it
        dialogs.error(None, str(exc), tr("Chưa sao lưu được"))
        return
    if copy is not None and copy.second_copy_problem:
        dialogs.error(None, copy.second_copy_problem, tr("Chưa chép sang thư mục sao lưu thứ hai"))


def _smoke_checks(title: str, description: str) -> int:
    """The frozen build's own check: a temporary store, a PDF and an .xlsx (store/smoke)."""
    from desktop.services.store.smoke import run_checks

    with tempfile.TemporaryDirectory(prefix="sangkien-smoke-") as tmp:
        try:
            report = run_checks(Path(tmp))
        except Exception as exc:  # every failure is the answer here, not a crash
            print(f"smoke test FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
    print(f"store: {report.store} (schema {report.revision})")
    print(f"pdf: {report.pdf_bytes} bytes, font {report.font}")
    print("xlsx: ok")
    print(f"smoke test ok: {title} — {description}")
    return 0


class ProgramSession:
    """The open store and its main window. Restoring a backup closes both, replaces the
    database file, then opens the store (upgrading an older copy) and a new window."""

    def __init__(
        self, app: QApplication, settings: AppSettings, tasks: TaskRunner | None = None
    ) -> None:
        self._app = app
        self._settings = settings
        self.tasks = tasks or TaskRunner()  # handed to every window this session opens
        self.exit_code: int | None = None  # set when the program ends before or by itself
        self.store: Store | None = None
        self.services: Services | None = None
        self.window: MainWindow | None = None
        self._damage_offered: Store | None = None

    def show(self, store: Store) -> MainWindow:
        self.store = store
        self.services = Services.over(store)
        self.window = MainWindow(self.services, self._settings, self.tasks)
        self.window.pages.when_built("settings", self._wire_settings)
        self.window.show()
        return self.window

    def _wire_settings(self, page: QWidget) -> None:
        restore = getattr(page, "restore_requested", None)
        if restore is not None:
            restore.connect(self.restore)
        second = getattr(page, "second_backup_dir_changed", None)
        if second is not None:
            second.connect(self._settings.set_second_backup_dir)

    # ---- the start, as continuations: nothing waits in a nested event loop -----------------
    def start(self, store: Store, open_path: str | None = None) -> None:
        """The first run (while this PC has no office), the daily copy, then the window. Each
        step is the continuation of the one before; the work runs on the runner."""
        services = Services.over(store)
        # Between the first-run windows and the main one no window may be open: stay running.
        self._app.setQuitOnLastWindowClosed(False)
        self._first_run(store, services, lambda: self._open(store, services, open_path))

    def _first_run(self, store: Store, services: Services, then: Callable[[], None]) -> None:
        if services.office.local() is not None:
            then()
            return
        resume_collection()  # the first run takes minutes: a demo, a list of units
        from desktop.views.shell.first_run import FirstRunDialog

        dialog = FirstRunDialog()
        if dialog.exec() != FirstRunDialog.DialogCode.Accepted:
            store.close()
            self.finish(0)
            return

        def again() -> None:
            self._first_run(store, services, then)

        def failed(exc: Exception) -> None:
            if isinstance(exc, ServiceError):
                QMessageBox.warning(None, tr("Chưa thiết lập được"), str(exc))
            else:  # logged by the task; shown as any unexpected error
                sys.excepthook(type(exc), exc, exc.__traceback__)
            QTimer.singleShot(0, again)  # the first-run window again

        setting_up(
            apply_first_run,
            services,
            dialog.choice(),
            tasks=self.tasks,
            on_done=again,  # the office is set up now: straight on to the window
            on_error=failed,
        )

    def _open(self, store: Store, services: Services, open_path: str | None) -> None:
        _daily_backup(services)
        window = self.show_or_restore(store)
        if window is None:
            self.finish(1)
            return
        self._app.setQuitOnLastWindowClosed(True)
        if open_path:
            self.open_file(open_path)
        QTimer.singleShot(RESUME_COLLECTION_MS, resume_collection)
        # The full check reads the whole file: after the first page has painted.
        QTimer.singleShot(1500, self.check_in_background)

    def show_or_restore(self, store: Store) -> MainWindow | None:
        """The window on ``store``; if a page read a damaged part while it was built, the
        offer of a backup first (None: refused, the program ends)."""
        try:
            return self.show(store)
        except StoreDamaged as exc:
            reopened = store_check.restore_before_window(store, exc)
            if reopened is None:
                return None
            return self.show(reopened)

    def finish(self, code: int) -> None:
        """End the program with ``code`` (now, or as soon as its event loop starts)."""
        self.exit_code = code
        self._app.setQuitOnLastWindowClosed(True)
        self._app.exit(code)

    def check_in_background(self, tasks: TaskRunner | None = None) -> None:
        """SQLite's full integrity check, off the UI thread, once the window shows."""
        tasks = tasks or self.tasks
        store = self.store
        if store is None or store.sqlite_file is None:
            return

        def failed(exc: Exception) -> None:
            if isinstance(exc, StoreDamaged) and store is self.store:
                self.damaged(exc)

        tasks.run(ensure_sound, store, full=True, on_error=failed)

    def damaged(self, damage: StoreDamaged) -> None:
        """The store proved damaged while the window is open: offer the newest backup
        (once per opened store: every page that reads the broken part says it again)."""
        if self.store is None or self._damage_offered is self.store:
            return
        self._damage_offered = self.store
        source = store_check.backup_path(damage)
        if store_check.offer_restore(self.window, damage) and source is not None:
            self.restore(str(source))

    def bring_forward(self, path: str = "") -> None:
        """Another start handed this program a file (or asked to be shown)."""
        if self.window is None:
            return
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        """A file given on the command line (double-clicked in the file manager): a bundle,
        an initiative list or an enrolment file, as if dropped on the window."""
        assert self.window is not None
        self.window.open_path(path)

    def restore(self, backup: str) -> None:
        from desktop.services.store.backup import restore_sqlite

        old_window, old_store = self.window, self.store
        assert old_window is not None and old_store is not None
        target = old_store.sqlite_file
        if target is None:
            return
        self._app.setQuitOnLastWindowClosed(False)
        try:
            old_window.close()
            old_store.close()
            problem = None
            try:
                result = restore_sqlite(Path(backup), target)
            except ServiceError as exc:
                problem = str(exc)
            try:
                store = open_store(old_store.url)
            except StoreError as exc:
                dialogs.error(None, str(exc), tr("Không mở được dữ liệu"))
                self._app.quit()
                return
            store.second_backup_dir = old_store.second_backup_dir
            if old_store.open_marker_written:
                store.mark_open()
            window = self.show(store)
            old_window.deleteLater()
        finally:
            self._app.setQuitOnLastWindowClosed(True)
        if problem is not None:
            dialogs.error(window, problem, tr("Khôi phục không thành công"))
        else:
            dialogs.info(
                window,
                tr(
                    "Đã khôi phục dữ liệu từ bản sao {name}.\n"
                    "Dữ liệu ngay trước khi khôi phục được giữ trong bản sao {safety}.\n"
                    "Hãy gửi gói cho các văn phòng đã đăng ký (mục Đồng bộ): họ sẽ gửi lại toàn "
                    "bộ dữ liệu, kể cả những gì văn phòng này đã gửi họ sau lần sao lưu đó."
                ).format(
                    name=result.restored_from.name,
                    safety=result.safety_copy.name if result.safety_copy else "",
                ),
                tr("Đã khôi phục"),
            )
