"""Every page and every dialog fits what a 1366 x 768 office screen leaves (issue: nothing taller
than the screen, save buttons never under the taskbar).

The screens are the ones ``tools/screenshots.py`` draws (tools/screens.py): each is built over
real demo stores of a province and a district, shown, and measured as Qt lays it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractButton, QApplication, QMainWindow, QScrollArea, QWidget

from tools.screens import CLIENT_AREA, PAGE_KEYS, SCREENS, WINDOWS, Screen, Stage

WIDTH, HEIGHT = CLIENT_AREA


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    built = Stage.build(Path(tmp_path_factory.mktemp("screens")))
    yield built
    built.close()


def _in_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("key", PAGE_KEYS)
@pytest.mark.parametrize("office", range(WINDOWS), ids=[s.name for s in SCREENS[:WINDOWS]])
def test_each_page_fits_the_maximised_window_without_scrolling(
    office: int, key: str, stage: Stage, qapp: QApplication
) -> None:
    """As the officer sees it: the window maximised on the screen, the page chosen in the
    navigation, nothing to scroll to reach a part of it (at a province and at a district)."""
    window = SCREENS[office].open(stage)
    assert isinstance(window, QMainWindow)
    try:
        window.resize(WIDTH, HEIGHT)
        window.show()
        window.show_page(key)  # type: ignore[attr-defined]
        for _ in range(3):
            qapp.processEvents()
        area = window.findChild(QScrollArea, f"scroll_{key}")
        assert area is not None
        scrolls = [
            name
            for name, bar in (
                ("ngang", area.horizontalScrollBar()),
                ("dọc", area.verticalScrollBar()),
            )
            if bar.isVisible() and bar.maximum() > 0
        ]
        page = area.widget()
        assert page is not None
        assert not scrolls, (
            f"trang {key} phải cuộn {', '.join(scrolls)} ở {WIDTH}×{HEIGHT}: cần "
            f"{page.minimumSizeHint().width()}×{page.heightForWidth(area.viewport().width())}"
        )
    finally:
        window.close()


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_each_screen_fits_an_office_screen(
    screen: Screen, stage: Stage, qapp: QApplication
) -> None:
    allowed = QSize(WIDTH, HEIGHT)
    widget = screen.open(stage)
    try:
        widget.show()
        qapp.processEvents()
        needed = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        assert needed.width() <= allowed.width() and needed.height() <= allowed.height(), (
            f"{screen.name} needs {needed.width()}×{needed.height()}, "
            f"the screen leaves {allowed.width()}×{allowed.height()}"
        )
        opened = widget.size()  # what the dialog gives itself when it opens
        assert opened.width() <= allowed.width() and opened.height() <= allowed.height(), (
            f"{screen.name} opens at {opened.width()}×{opened.height()}, "
            f"the screen leaves {allowed.width()}×{allowed.height()}"
        )
        # At that size every button that is not inside a scroll area can be seen and clicked
        # whole.
        wanted = opened
        qapp.processEvents()
        frame = QRect(QPoint(0, 0), widget.size())
        cut = [
            button.text() or button.objectName() or type(button).__name__
            for button in widget.findChildren(QAbstractButton)
            if button.isVisibleTo(widget)
            and not _in_scroll_area(button, widget)
            and not frame.contains(QRect(button.mapTo(widget, QPoint(0, 0)), button.size()))
        ]
        assert not cut, (
            f"{screen.name}: buttons cut off at {wanted.width()}×{wanted.height()}: {cut}"
        )
    finally:
        widget.close()
        widget.deleteLater()
