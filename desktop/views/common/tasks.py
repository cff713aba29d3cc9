"""Run long service calls off the UI thread and deliver their results on it.

One runner per window (views/shell/main_window.py makes it and hands it to every page and
dialog). A job never blocks the caller: what follows it is a continuation, ``on_done(result)``
or ``on_error(exc)``, called later on the UI thread; nothing waits in a nested event loop.
Every failure is logged where it happens (Task.run).

A service function takes plain arguments and, when long, ``progress(done, total)`` and
``cancel() -> bool`` callbacks. ``TaskRunner(synchronous=True)`` runs everything inline, for
tests that want no threads.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop import logs
from desktop.services.common import ServiceError

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()
        self.cancelled = False
        self.finished = False  # the function has returned or raised

    def cancel(self) -> None:
        self.cancelled = True

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as exc:  # delivered to the UI thread, shown to the user there
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            name = getattr(self.fn, "__qualname__", repr(self.fn))
            if isinstance(exc, ServiceError):  # said to the person in Vietnamese: no traceback
                log.warning("task %s refused: %s", name, exc)
            else:
                log.error("task %s failed", name, exc_info=True)
                setattr(exc, logs.LOGGED, True)
            self.finished = True
            self.signals.failed.emit(exc)
        else:
            self.finished = True
            self.signals.done.emit(result)


class TaskRunner(QObject):
    def __init__(
        self,
        pool: QThreadPool | None = None,
        synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._sync = synchronous
        self._running: set[Task] = set()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        with_progress: bool = False,
        **kwargs: Any,
    ) -> Task:
        task = Task(fn, args, kwargs)
        if with_progress:
            kwargs["progress"] = task.signals.progress.emit
            kwargs["cancel"] = lambda: task.cancelled
        if on_progress:
            task.signals.progress.connect(on_progress)

        def finish(_: object = None) -> None:
            self._running.discard(task)

        if on_done:
            task.signals.done.connect(on_done)
        if on_error:
            task.signals.failed.connect(on_error)
        else:  # nobody handles it: an unexpected error, shown as one (already logged)
            task.signals.failed.connect(_unexpected)
        task.signals.done.connect(finish)
        task.signals.failed.connect(finish)
        self._running.add(task)
        if self._sync:
            task.run()
        else:
            self._pool.start(task)
        return task

    @property
    def busy(self) -> bool:
        """Whether a job started here has not delivered its result yet."""
        return bool(self._running)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)


def _unexpected(exc: Exception) -> None:
    sys.excepthook(type(exc), exc, exc.__traceback__)
