"""The composition root: store -> services -> main window. No globals."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.common import ServiceError
from desktop.services.demo import build_demo
from desktop.services.registry import Services
from desktop.services.store import Store, StoreError, open_store
from desktop.services.unit_list import import_unit_list

from .views.first_run import FirstRunChoice, FirstRunDialog
from .views.i18n import tr
from .views.main_window import MainWindow
from .views.settings import APPLICATION, ORGANISATION, AppSettings


def apply_first_run(services: Services, choice: FirstRunChoice) -> None:
    """Carry out the first-run choice: the demo, or the Excel list plus this PC's office."""
    if choice.source == "demo":
        as_unit = None if choice.office_code == "LC" else choice.office_code
        build_demo(services.store.session_factory, as_unit=as_unit)
        return
    if choice.preview is None or not choice.preview.rows:
        raise ServiceError(tr("Chưa có danh sách đơn vị: hãy chọn tệp Excel."))
    import_unit_list(services.store.session_factory, choice.preview)
    unit = services.units.by_code(choice.office_code)
    if unit is None:
        raise ServiceError(tr("Không tìm thấy đơn vị đã chọn làm văn phòng."))
    services.office.set_up(unit.id)


def _application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(tr("Sổ Sáng Kiến"))
    app.setWindowIcon(QIcon.fromTheme("accessories-text-editor"))
    return app


def run_gui(db: str | None, smoke_test: bool = False) -> int:
    app = _application()
    try:
        store: Store = open_store(db)
    except StoreError as exc:
        if not smoke_test:
            QMessageBox.critical(None, tr("Không mở được dữ liệu"), str(exc))
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    services = Services.over(store)
    settings = AppSettings()
    # The smoke test builds the real window on the store as it is, and never waits for a person.
    while not smoke_test and services.office.local() is None:
        dialog = FirstRunDialog()
        if dialog.exec() != FirstRunDialog.DialogCode.Accepted:
            store.close()
            return 0
        try:
            apply_first_run(services, dialog.choice())
        except ServiceError as exc:
            QMessageBox.warning(None, tr("Chưa thiết lập được"), str(exc))
    window = MainWindow(services, settings)
    window.show()
    if smoke_test:
        QTimer.singleShot(0, window.close)
        app.processEvents()
        window.close()
        store.close()
        print(f"smoke test ok: {window.windowTitle()} — {store.description}")
        return 0
    code = app.exec()
    store.close()
    return code
