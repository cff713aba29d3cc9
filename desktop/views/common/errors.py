"""The window a person sees when something unexpected goes wrong (an error in a button's slot,
a task, another thread): what happened in a sentence, "Sao chép chi tiết" for the traceback
and versions, and where the log is. Logged first, by desktop/logs.py; shown here, on the UI
thread, one window at a time: the same error again within a minute, or any error while the
window is open, is only logged (and counted), never a storm of dialogs."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.views.common.i18n import tr

QUIET_SECONDS = 60.0  # the same error is shown at most once in this time


class ErrorDialog(QDialog):
    def __init__(self, message: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(tr("Đã xảy ra lỗi"))
        self.details = details
        self.more = 0
        layout = QVBoxLayout(self)
        head = QLabel(
            tr(
                "Chương trình gặp một lỗi không mong đợi; thao tác vừa rồi có thể chưa hoàn tất. "
                "Hãy thử lại; nếu lỗi lặp lại, bấm «Sao chép chi tiết» và gửi cho người hỗ trợ."
            )
        )
        head.setObjectName("errorIntro")
        head.setWordWrap(True)
        self.message = QLabel(message)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-weight: bold")
        where = logs.log_file()
        self.where = QLabel(
            tr("Chi tiết đã được ghi vào nhật ký: {path}").format(path=where)
            if where
            else tr("Không ghi được nhật ký trên máy này.")
        )
        self.where.setObjectName("errorLog")
        self.where.setWordWrap(True)
        self.repeats = QLabel()
        self.repeats.setObjectName("errorRepeats")
        self.repeats.setWordWrap(True)
        self.repeats.hide()
        for w in (head, self.message, self.where, self.repeats):
            layout.addWidget(w)
        buttons = QDialogButtonBox()
        self.copy = QPushButton(tr("Sao chép chi tiết"))
        self.copy.setObjectName("copyDetails")
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("Đóng"))
        buttons.rejected.connect(self.reject)
        close.clicked.connect(self.reject)
        self.copy.clicked.connect(self.copy_details)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy.setText(tr("Đã sao chép"))

    def one_more(self) -> None:
        self.more += 1
        self.repeats.setText(
            tr("Sau đó có thêm {n} lỗi nữa (đã ghi vào nhật ký).").format(n=self.more)
        )
        self.repeats.show()


class ErrorReporter(QObject):
    """Takes errors from any thread (``report``) and shows them on the UI thread."""

    reported = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: ErrorDialog | None = None
        self._shown: dict[str, float] = {}
        self.reported.connect(self._show)  # queued when emitted from another thread

    def report(self, message: str, details: str) -> None:
        self.reported.emit(message, details)

    def _show(self, message: str, details: str) -> None:
        now = time.monotonic()
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.one_more()
            return
        if now - self._shown.get(message, -QUIET_SECONDS) < QUIET_SECONDS:
            return
        self._shown[message] = now
        # Not a window already closed (a dialog just answered, waiting for deleteLater): the
        # message would be deleted with it before anyone read it.
        parent = QApplication.activeWindow()
        if parent is not None and not parent.isVisible():
            parent = None
        self.dialog = ErrorDialog(message, details, parent)
        if QThread.currentThread().loopLevel() == 0:  # before or after the event loop
            self.dialog.exec()
        else:  # inside a slot: never block it with a nested loop
            self.dialog.setModal(True)
            self.dialog.show()


def install(app: QApplication) -> ErrorReporter:
    """Log and show every unexpected error of the window program."""
    reporter = ErrorReporter(app)
    logs.install_excepthooks(reporter.report)
    return reporter
