"""Every user-visible string goes through ``tr()``. Vietnamese is the source language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "SoSangKien"


def tr(text: str, context: str = CONTEXT) -> str:
    return QCoreApplication.translate(context, text)
