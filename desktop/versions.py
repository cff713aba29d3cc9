"""Versions of the program and of the parts it is built on (for --version and bug reports)."""

from __future__ import annotations

import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version

from desktop import __version__


def _v(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def component_versions() -> dict[str, str]:
    try:
        from PySide6 import QtCore  # imported late: the CLI works without a display

        qt = QtCore.qVersion()
    except ImportError:
        qt = "?"
    return {
        "Sổ Sáng Kiến": __version__,
        "Python": platform.python_version(),
        "Qt": qt,
        "PySide6": _v("PySide6-Essentials"),
        "SQLAlchemy": _v("SQLAlchemy"),
        "ReportLab": _v("reportlab"),
        "openpyxl": _v("openpyxl"),
        "SQLite": sqlite3.sqlite_version,
    }


# (Python major.minor, PySide6 version) pairs known to corrupt the interpreter. PySide6 6.12.0 on
# Python 3.11 drops a reference to None on every call of a void method (QStandardItem.setData,
# setToolTip…): after a few thousand calls None's count reaches zero and Python aborts with
# "Fatal Python error: none_dealloc". Python 3.12 made None immortal, so 6.12.0 is fine there.
BROKEN_QT_PAIRS: frozenset[tuple[str, str]] = frozenset({("3.11", "6.12.0")})


def broken_qt_pair(python: str | None = None, pyside: str | None = None) -> str | None:
    """A Vietnamese message if this Python and PySide6 are a pair that aborts the program."""
    python = python or ".".join(platform.python_version_tuple()[:2])
    pyside = pyside or _v("PySide6-Essentials")
    if pyside == "?":  # a frozen build without the wheel's metadata
        try:
            import PySide6

            pyside = PySide6.__version__
        except ImportError:
            return None
    if (python, pyside) not in BROKEN_QT_PAIRS:
        return None
    return (
        f"PySide6 {pyside} không chạy ổn định trên Python {python} (chương trình sẽ tự dừng sau "
        "vài lần làm mới trang). Hãy cài lại bằng lệnh “python3 dev.py start” (tự chọn bản "
        "PySide6 phù hợp) hoặc dùng bản cài đặt chính thức."
    )
