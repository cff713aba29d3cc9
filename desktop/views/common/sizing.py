"""Windows open at the size they would like, cut to the screen they open on.

A 1366 x 768 screen with the Windows taskbar leaves about 1366 x 728, and the title bar and
borders take some of that too: a dialog that asks for 760 px puts its buttons under the taskbar.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 40)  # a window's borders and title bar, outside its client area


def open_at(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` x ``height``, or to what its screen leaves if less."""
    screen = (widget.parentWidget() or widget).screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    room = screen.availableGeometry().size() - FRAME
    widget.resize(min(width, room.width()), min(height, room.height()))
