"""Driving a modal dialog from a test: act on it once it shows (exec() blocks the test)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog


def when_open(
    cls: type[QDialog], act: Callable[[QDialog], None], failures: list[BaseException]
) -> None:
    """Run ``act(dialog)`` on the modal ``cls`` dialog once it shows; a failure is kept in
    ``failures`` and closes the dialog, so the test goes on to report it."""

    def poke() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()),
            None,
        )
        if dialog is None:
            QTimer.singleShot(20, poke)
            return
        try:
            act(dialog)
        except BaseException as exc:
            failures.append(exc)
            dialog.reject()

    QTimer.singleShot(0, poke)
