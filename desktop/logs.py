"""The program's log: one rotating file beside the store, set up once by each entry point.

``logs/sangkien.log`` in the store's folder (for PostgreSQL, in the user's data folder); a few
files of a few megabytes, the oldest dropped. Each start writes a header line with the
program's version, so a file sent with a complaint says what ran. Services log with
``logging.getLogger(__name__)``; only loggers under ``desktop`` reach the file.

``install_excepthooks`` routes every unexpected error (the main thread, other threads, Qt slots,
which PySide hands to ``sys.excepthook``) into the log first, then to an optional ``show``
callback (the window's error dialog). No Qt here: the command line uses it too.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from desktop import __version__

LOGGER = "desktop"
FOLDER = "logs"
FILE_NAME = "sangkien.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 4  # sangkien.log.1 … .4: at most 10 MB in all
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger(__name__)

# The one handler this process writes through (replaced when set up for another store).
_handler: _RotatingFile | None = None

LOGGED = "__sangkien_logged__"  # set on an exception already logged with its traceback
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
Show = Callable[[str, str], None]  # (short message, details with the traceback)


class _RotatingFile(logging.handlers.RotatingFileHandler):
    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:  # Windows: another start has the file open; rotate another time
            if self.stream is None:
                self.stream = self._open()


def log_folder(db: str | None = None) -> Path:
    """Where the log of the store ``db`` (a path, a URL, None for the default) lives."""
    from desktop.models.db import APP_DIR_NAME, resolve_url, sqlite_path

    path = sqlite_path(resolve_url(db))
    if path is not None:
        return path.parent / FOLDER
    from platformdirs import user_data_path

    return user_data_path(APP_DIR_NAME, appauthor=False) / FOLDER


def log_file() -> Path | None:
    """The file being written, or None when no log could be set up."""
    return Path(_handler.baseFilename) if _handler is not None else None


def setup(
    db: str | None = None,
    *,
    folder: Path | None = None,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
    what: str = "",
) -> Path | None:
    """Log to ``folder`` (default: beside the store ``db``); returns the file, or None.

    Called again (another store, a test), it moves the log; a folder that cannot be written
    leaves the program without a log file, never without a program."""
    global _handler
    try:
        where = folder or log_folder(db)
        where.mkdir(parents=True, exist_ok=True)
        path = (where / FILE_NAME).resolve()
        if _handler is not None and Path(_handler.baseFilename) == path:
            return path
        handler = _RotatingFile(
            path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8", delay=False
        )
    except Exception:  # no data folder, a read-only share, a bad --db: run without a log
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger(LOGGER)
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = handler
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    log.info(
        "=== Sổ Sáng Kiến %s start%s (Python %s, %s, pid %d)",
        __version__,
        f": {what}" if what else "",
        platform.python_version(),
        platform.platform(),
        os.getpid(),
    )
    return path


def shutdown() -> None:
    """Close the file (tests, and a clean exit)."""
    global _handler
    if _handler is not None:
        logging.getLogger(LOGGER).removeHandler(_handler)
        _handler.close()
        _handler = None


def details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """What a person copies into a bug report: the traceback, the versions, the log file."""
    from desktop.versions import component_versions

    lines = ["".join(traceback.format_exception(exc_type, exc, tb)).rstrip(), ""]
    lines += [f"{name}: {value}" for name, value in component_versions().items()]
    lines.append(f"Hệ điều hành: {platform.platform()}")
    where = log_file()
    lines.append(f"Nhật ký: {where if where else 'không có'}")
    return "\n".join(lines)


def log_unexpected(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str = ""
) -> None:
    log.error("unexpected error%s", f" in {where}" if where else "", exc_info=(exc_type, exc, tb))


def install_excepthooks(show: Show | None = None) -> None:
    """Every unexpected error is logged with its traceback, then handed to ``show``.

    ``show`` is called on the thread that raised; a window passes a callback that moves it to
    the UI thread. Ctrl+C keeps Python's own behaviour."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if not getattr(exc, LOGGED, False):
            log_unexpected(exc_type, exc, tb)
        if sys.stderr is not None:  # the windowed program has none
            with contextlib.suppress(Exception):
                traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
        if show is not None:
            try:
                show(f"{exc_type.__name__}: {exc}", details(exc_type, exc, tb))
            except Exception:
                log.exception("the error could not be shown")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        log.error("thread %s stopped on an error", name)
        hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
