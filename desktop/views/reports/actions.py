"""What the documents panel does with a document: the buttons (preview, print, save as PDF
or Excel), the status line, and the build on the task runner with its busy bar and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.common import ServiceError
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import Task, TaskRunner


@dataclass(frozen=True)
class ActionWidgets:
    preview_button: QPushButton
    print_button: QPushButton
    pdf_button: QPushButton
    xlsx_button: QPushButton
    status: QLabel
    busy: QWidget
    busy_label: QLabel
    cancel_button: QPushButton

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button)


def _busy_row() -> tuple[QWidget, QLabel, QPushButton]:
    """While a document is built: a busy bar, and Cancel for a preview (nothing is written)."""
    busy = named(QWidget(), "reportBusy")
    row = QHBoxLayout(busy)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel()
    row.addWidget(label)
    bar = QProgressBar()
    bar.setRange(0, 0)  # the length is not known: an indicator that it works
    row.addWidget(bar, 1)
    cancel = named(QPushButton(tr("Huỷ")), "cancelDocument")
    row.addWidget(cancel)
    busy.hide()
    return busy, label, cancel


def add_actions(layout: QVBoxLayout) -> ActionWidgets:
    """The buttons, the status line and the busy row, added to ``layout``."""
    buttons = QHBoxLayout()
    preview = named(QPushButton(tr("Xem trước")), "preview")
    print_ = named(QPushButton(tr("In…")), "print")
    pdf = named(QPushButton(tr("Lưu PDF…")), "savePdf")
    xlsx = named(QPushButton(tr("Lưu Excel…")), "saveXlsx")
    for b in (preview, print_, pdf, xlsx):
        buttons.addWidget(b)
    layout.addLayout(buttons)
    status = named(QLabel(), "reportStatus")
    status.setWordWrap(True)
    layout.addWidget(status)
    busy, busy_label, cancel = _busy_row()
    layout.addWidget(busy)
    return ActionWidgets(preview, print_, pdf, xlsx, status, busy, busy_label, cancel)


class DocumentJobs:
    """One document built at a time on the runner, the buttons off and the busy bar on while
    it is; its result comes back on the UI thread unless it was cancelled."""

    def __init__(self, owner: QWidget, tasks: TaskRunner, widgets: ActionWidgets) -> None:
        self._owner = owner
        self.tasks = tasks
        self._w = widgets
        self.job: Task | None = None  # the document being built, if any

    def start(
        self,
        what: str,
        fn: Callable[..., object],
        *args: object,
        on_done: Callable[[object], None],
        cancellable: bool,
    ) -> bool:
        """Build on the runner, the buttons off and a busy bar on; the result comes back on the
        UI thread. False when nothing was started (another document is being built)."""
        if self.job is not None:
            dialogs.error(self._owner, tr("Đang tạo một văn bản khác; hãy đợi xong rồi thử lại."))
            return False
        self.set_busy(what, cancellable)
        job: list[Task] = []

        def done(result: object) -> None:
            if self._finish(job):
                on_done(result)

        def failed(exc: Exception) -> None:
            if self._finish(job):
                self._failed(exc)

        job.append(self.tasks.run(fn, *args, on_done=done, on_error=failed))
        if job[0].finished:  # an inline runner has already delivered the result
            return True
        self.job = job[0]
        return True

    def _finish(self, job: list[Task]) -> bool:
        """The job ended: True when its result is still wanted (not cancelled)."""
        task = job[0] if job else None
        wanted = task is None or not task.cancelled
        if task is None or task is self.job:
            self.job = None
            self.set_busy("", False)
        return wanted

    def cancel(self) -> None:
        """Cancel the preview being built: its result is dropped when it comes."""
        if self.job is not None and self._w.cancel_button.isEnabled():
            self.job.cancel()
            self.job = None
            self.set_busy("", False)
            self._w.status.setText(tr("Đã huỷ."))

    def set_busy(self, what: str, cancellable: bool) -> None:
        busy = bool(what)
        self._w.busy_label.setText(what)
        self._w.busy.setVisible(busy)
        self._w.cancel_button.setEnabled(cancellable)
        for b in self._w.buttons:
            b.setEnabled(not busy)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceError):
            self._w.status.setText(str(exc))
            dialogs.error(self._owner, str(exc))
        else:  # already logged by the task
            dialogs.error(self._owner, tr("Không tạo được văn bản: {why}").format(why=exc))


def print_pdf(owner: QWidget, pdf: QPdfDocument, printer: QPrinter) -> None:
    """Draw every page of ``pdf`` on ``printer`` at the printer's resolution."""
    painter = QPainter()
    if not painter.begin(printer):
        dialogs.error(owner, tr("Không mở được máy in."))
        return
    try:
        for i in range(pdf.pageCount()):
            size = pdf.pagePointSize(i)
            printer.setPageOrientation(
                QPageLayout.Orientation.Landscape
                if size.width() > size.height()
                else QPageLayout.Orientation.Portrait
            )
            if i:
                printer.newPage()
            rect = painter.viewport()
            image = pdf.render(i, rect.size())
            painter.drawImage(rect, image)
    finally:
        painter.end()


def ask_and_print(owner: QWidget, pdf: QPdfDocument) -> None:
    """The print dialog, then the previewed ``pdf`` on the printer chosen."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    dialog = QPrintDialog(printer, owner)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    print_pdf(owner, pdf, printer)
