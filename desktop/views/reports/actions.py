"""What the documents panel does with a document: the buttons (preview, print, save as PDF,
Excel or Word), the status line, and the build on the task runner with its busy bar and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPainter
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
    docx_button: QPushButton
    status: QLabel
    busy: QWidget
    busy_label: QLabel
    cancel_button: QPushButton
    bar: QProgressBar

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.preview_button,
            self.print_button,
            self.pdf_button,
            self.xlsx_button,
            self.docx_button,
        )


def _busy_row() -> tuple[QWidget, QLabel, QPushButton, QProgressBar]:
    """While a document is built, saved or printed: a bar of the work done, and Huỷ."""
    busy = named(QWidget(), "reportBusy")
    row = QHBoxLayout(busy)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel()
    row.addWidget(label)
    bar = named(QProgressBar(), "reportProgress")
    bar.setRange(0, 0)  # until the first step is told: an indicator that it works
    row.addWidget(bar, 1)
    cancel = named(QPushButton(tr("Huỷ")), "cancelDocument")
    row.addWidget(cancel)
    busy.hide()
    return busy, label, cancel, bar


def add_actions(layout: QVBoxLayout) -> ActionWidgets:
    """The buttons, the status line and the busy row, added to ``layout``."""
    buttons = QHBoxLayout()
    preview = named(QPushButton(tr("Xem trước")), "preview")
    print_ = named(QPushButton(tr("In…")), "print")
    pdf = named(QPushButton(tr("Lưu PDF…")), "savePdf")
    xlsx = named(QPushButton(tr("Lưu Excel…")), "saveXlsx")
    docx = named(QPushButton(tr("Lưu Word…")), "saveDocx")
    docx.setToolTip(tr("Bản Word (.docx) để sửa câu chữ trước khi trình ký"))
    for b in (preview, print_):
        buttons.addWidget(b)
    layout.addLayout(buttons)
    # The three copies on a row of their own: five buttons on one row widened the column.
    saves = QHBoxLayout()
    for b in (pdf, xlsx, docx):
        saves.addWidget(b)
    layout.addLayout(saves)
    status = named(QLabel(), "reportStatus")
    status.setWordWrap(True)
    layout.addWidget(status)
    busy, busy_label, cancel, bar = _busy_row()
    layout.addWidget(busy)
    return ActionWidgets(preview, print_, pdf, xlsx, docx, status, busy, busy_label, cancel, bar)


class DocumentJobs:
    """One document built at a time on the runner, the buttons off and the busy bar on while
    it is; its result comes back on the UI thread unless it was cancelled."""

    def __init__(self, owner: QWidget, tasks: TaskRunner, widgets: ActionWidgets) -> None:
        self._owner = owner
        self.tasks = tasks
        self._w = widgets
        self.job: Task | None = None  # the document being built, if any
        self.xlsx_allowed = True  # the chosen document has an Excel copy (not an author's form)

    def start(
        self,
        what: str,
        fn: Callable[..., object],
        *args: object,
        on_done: Callable[[object], None],
        cancellable: bool,
        steps: bool = False,
    ) -> bool:
        """Run ``fn`` on the runner, the buttons off and a busy bar on; the result comes back on
        the UI thread. ``steps``: ``fn`` takes ``progress(done, total)`` and ``cancel()``, and
        the bar shows how far it is. False when nothing was started (another job runs)."""
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

        job.append(
            self.tasks.run(
                fn,
                *args,
                on_done=done,
                on_error=failed,
                with_progress=steps,
                on_progress=self._stepped if steps else None,
            )
        )
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

    def _stepped(self, done: int, total: int) -> None:
        bar = self._w.bar
        if self.job is not None and total > 0:
            bar.setRange(0, total)
            bar.setValue(min(done, total))

    def cancel(self) -> None:
        """Huỷ: the job stops at its next step and its result is dropped when it comes (a
        preview shows nothing, a file is not written, a print job is withdrawn)."""
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
        self._w.bar.setRange(0, 0)
        for b in self._w.buttons:
            b.setEnabled(not busy and (b is not self._w.xlsx_button or self.xlsx_allowed))

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceError):
            self._w.status.setText(str(exc))
            dialogs.error(self._owner, str(exc))
        else:  # already logged by the task
            dialogs.error(self._owner, tr("Không tạo được văn bản: {why}").format(why=exc))


# Printing draws each page as a picture (the platform has no vector path from a PDF to a
# printer that is in Qt's stack). A picture at the printer's own resolution is what froze the
# office PCs: an A4 page at 1200 dpi is 9,921 × 14,031 pixels, 557 MB in memory and megabytes of
# spool per page. 300 dpi is what a laser printer's text needs; the picture is scaled up by the
# printer, and one page is in memory at a time.
PRINT_DPI = 300


class PrintCancelled(Exception):
    """Huỷ was pressed while printing: the pages sent so far are withdrawn where possible."""


def print_dpi(printer: QPrinter) -> int:
    """The resolution the pages are drawn at on ``printer``: its own, at most PRINT_DPI."""
    return max(72, min(printer.resolution(), PRINT_DPI))


def page_image(pdf: QPdfDocument, page: int, dpi: int, grey: bool) -> QImage:
    """Page ``page`` of ``pdf`` as a picture at ``dpi`` (grey: one byte a pixel)."""
    size = pdf.pagePointSize(page)
    pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
    image = pdf.render(page, pixels)
    return image.convertToFormat(
        QImage.Format.Format_Grayscale8 if grey else QImage.Format.Format_RGB888
    )


def print_pages(
    data: bytes,
    printer: QPrinter,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Draw every page of the PDF ``data`` on ``printer``, one page in memory at a time, at
    ``print_dpi(printer)``; returns the number of pages sent. Runs on the task runner: it reads
    its own copy of the document (a QPdfDocument belongs to the thread that made it).

    Raises ServiceError when the printer cannot be opened, PrintCancelled when ``cancel()``
    said so between two pages (the job is aborted; a PDF file being printed is removed)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    pdf = QPdfDocument()
    pdf.load(buffer)
    total = pdf.pageCount()
    if total <= 0:
        raise ServiceError(tr("Văn bản không có trang nào để in."))
    dpi = print_dpi(printer)
    grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
    orient(printer, pdf.pagePointSize(0))  # before begin: the first page's orientation
    painter = QPainter()
    if not painter.begin(printer):
        raise ServiceError(tr("Không mở được máy in. Hãy kiểm tra máy in đã bật và nối với máy."))
    sent = 0
    try:
        for i in range(total):
            if cancel is not None and cancel():
                printer.abort()
                raise PrintCancelled()
            if i:
                orient(printer, pdf.pagePointSize(i))
                printer.newPage()
            painter.drawImage(painter.viewport(), page_image(pdf, i, dpi, grey))
            sent += 1
            if progress is not None:
                progress(sent, total)
    except PrintCancelled:
        painter.end()
        out = printer.outputFileName()
        if out and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            Path(out).unlink(missing_ok=True)
        raise
    finally:
        if painter.isActive():
            painter.end()
        pdf.close()
        buffer.close()
    return sent


def orient(printer: QPrinter, page: QSizeF) -> None:
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape
        if page.width() > page.height()
        else QPageLayout.Orientation.Portrait
    )


def print_pdf(owner: QWidget, data: bytes, printer: QPrinter) -> int:
    """Print the PDF ``data`` on ``printer`` here and now (no runner); the pages sent, 0 with
    the reason shown when the printer cannot be opened."""
    try:
        return print_pages(data, printer)
    except ServiceError as exc:
        dialogs.error(owner, str(exc))
        return 0


def ask_printer(owner: QWidget) -> QPrinter | None:
    """The print dialog: the printer chosen, or None."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    dialog = QPrintDialog(printer, owner)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer
