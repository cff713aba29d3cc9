"""The initiatives list's Excel transfers: importing a sheet (read, previewed, confirmed) and
exporting the rows shown. Every long step runs on the task runner's worker thread: the
window keeps painting, and the answer comes back on the UI thread (no nested event loop)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from shiboken6 import isValid

from desktop.services.common import ServiceError
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.text.numbers import format_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.tasks import TaskRunner

if TYPE_CHECKING:  # the preview window and the reader load when a list is imported
    from desktop.services.initiatives.excel_import import SheetData
    from desktop.views.initiatives.import_dialog import ImportPreviewDialog


class ExcelTransfer(QObject):
    """Import and export for one page: ``busy`` sets its buttons (a file is being read or not),
    ``imported`` reloads its list after an import."""

    def __init__(
        self,
        page: QWidget,
        services: Services,
        tasks: TaskRunner,
        export_button: QPushButton,
        busy: Callable[[], None],
        imported: Callable[[], None],
    ) -> None:
        super().__init__(page)
        self._page = page
        self._services = services
        self._tasks = tasks
        self._export_button = export_button
        self._busy = busy
        self._reload = imported
        self.reading: QProgressDialog | None = None  # an Excel file being read, to import
        self.dialog: ImportPreviewDialog | None = None  # the latest import preview

    def import_excel(self, campaign_id: int, path: str | None = None) -> None:
        """Read the sheet ``path`` (else the one chosen) on the worker thread, then show its
        preview to confirm.

        The reading (every cell of the sheet, seconds for a big list) keeps the window
        painting, with a busy indicator; "Huỷ" there forgets the file.
        """
        if self.reading is not None:
            return
        page = self._page
        if not path:
            path = dialogs.open_file(
                page,
                tr("Chọn tệp Excel danh sách sáng kiến"),
                tr("Bảng tính (*.xlsx *.xlsm *.xls *.ods);;Tất cả (*)"),
                kind="list",
            )
        if not path:
            return
        reading = QProgressDialog(tr("Đang đọc tệp Excel…"), tr("Huỷ"), 0, 0, page)
        reading.setObjectName("import_reading")
        reading.setWindowTitle(tr("Nhập sáng kiến từ Excel"))
        reading.setMinimumDuration(0)
        self.reading = reading
        self._busy()

        def finish() -> bool:
            """Whether the answer is still wanted (not cancelled, the page not gone)."""
            if not isValid(page) or self.reading is not reading:
                return False
            self.reading = None
            reading.close()
            reading.deleteLater()
            self._busy()
            return True

        def read(sheet: SheetData) -> None:
            if finish():
                self._preview(sheet, campaign_id)

        def failed(exc: Exception) -> None:
            if not finish():
                return
            if not isinstance(exc, ServiceError):
                sys.excepthook(type(exc), exc, exc.__traceback__)
                return
            dialogs.error(page, str(exc))

        def cancelled() -> None:
            if self.reading is reading:  # the sheet read meanwhile is not shown
                self.reading = None
                self._busy()

        reading.canceled.connect(cancelled)
        reading.open()
        self._tasks.run(self._services.initiative_import.read, path, on_done=read, on_error=failed)

    def _preview(self, sheet: SheetData, campaign_id: int) -> None:
        from desktop.views.initiatives.import_dialog import ImportPreviewDialog

        dialog = ImportPreviewDialog(
            self._services, sheet, campaign_id, self._page, tasks=self._tasks
        )
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._imported(dialog))
        dialog.open()

    def _imported(self, dialog: ImportPreviewDialog) -> None:
        self._reload()
        if dialog.import_result is not None:
            r = dialog.import_result
            late = (
                tr("Việc nhập đã ghi xong trước khi kịp huỷ. ")
                if dialog.finished_before_cancel
                else ""
            )
            dialogs.info(
                self._page,
                late
                + tr(
                    "Đã thêm {c}, cập nhật {u}, giữ nguyên {k} sáng kiến; {r} dòng không nhập."
                ).format(c=r.created, u=r.updated, k=r.unchanged, r=len(r.rejected)),
            )

    def export_excel(self, query: ListQuery) -> None:
        # The writers (openpyxl) load when a list is exported, not with the program.
        from desktop.services.initiatives.excel_export import export_initiatives

        self._export(
            tr("Xuất danh sách sáng kiến"),
            "sang-kien.xlsx",
            lambda path: export_initiatives(self._services.initiatives, query, path),
        )

    def export_portal(self, query: ListQuery) -> None:
        """The rows shown, in the layout of the Tổng Liên đoàn's portal (portal_export.py)."""
        from desktop.services.initiatives.portal_export import export_portal

        sf = self._services.store.session_factory
        self._export(
            tr("Xuất theo mẫu cổng sáng kiến của Tổng Liên đoàn"),
            "sang-kien-cong-tld.xlsx",
            lambda path: export_portal(sf, query, path),
        )

    def _export(self, title: str, name: str, write: Callable[[str], int]) -> None:
        page, button = self._page, self._export_button
        path = dialogs.save_file(page, title, "Excel (*.xlsx)", name)
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        button.setEnabled(False)

        def done(n: int) -> None:
            button.setEnabled(True)
            dialogs.info(
                page, tr("Đã xuất {n} sáng kiến vào «{p}».").format(n=format_number(n), p=path)
            )

        def failed(exc: Exception) -> None:
            button.setEnabled(True)
            dialogs.error(page, str(exc) if isinstance(exc, ServiceError) else repr(exc))

        self._tasks.run(write, path, on_done=done, on_error=failed)
