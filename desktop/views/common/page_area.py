"""A scroll area that scrolls only when its page truly cannot fit.

``QScrollArea.setWidgetResizable(True)`` sizes a page that has a height-for-width (any page with
a word-wrapped label) at its *preferred* height for the width, so a page whose boxes would
gladly shrink to the screen still gets a scroll bar on a 1366 x 768 screen. This area gives the
page the whole viewport and grows it past the viewport only up to the page's *minimum* size:
the page's layout shares out the height as it would in a window of that size, and the scroll
bars appear only when the minimum itself does not fit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class PageArea(QScrollArea):
    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.set_page(page)

    def set_page(self, page: QWidget) -> None:
        """Show ``page`` (the one before it is deleted): a page built when first shown."""
        self.setWidget(page)
        page.installEventFilter(self)
        self.fit_page()

    def sizeHint(self) -> QSize:
        widget = self.widget()
        return widget.sizeHint() if widget is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 120)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_page()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The page's minimum changes when its contents do (rows shown, boxes hidden).
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_page()
        return super().eventFilter(watched, event)

    def fit_page(self) -> None:
        page = self.widget()
        if page is None:
            return
        needed = page.minimumSizeHint().expandedTo(page.minimumSize())
        # The viewport shrinks by a scroll bar when the other direction scrolls.
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        width = self.width() - 2 * self.frameWidth()
        height = self.height() - 2 * self.frameWidth()
        wide = needed.width() > width
        tall = needed.height() > height - (bar if wide else 0)
        if tall and not wide:
            wide = needed.width() > width - bar
        width -= bar if tall else 0
        height -= bar if wide else 0
        page.resize(max(width, needed.width()), max(height, needed.height()))
