"""Give a widget its object name where it is made (the tests and the style sheets find it so).

PySide6 accepts ``objectName=`` as a constructor keyword, but its type stubs do not; this says
the same in one call that type-checks.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

W = TypeVar("W", bound=QObject)


def named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget
