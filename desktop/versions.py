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
