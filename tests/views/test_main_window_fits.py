"""The main window opens and is fully usable at 1366×700, the client area of a maximised window
on a 1366×768 office laptop with a 40 px taskbar: whatever page shows, the window asks for no
more, nothing is wider than the page area, and a taller page scrolls inside it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QScrollArea

from desktop.views.common.settings import AppSettings
from desktop.views.shell.main_window import PAGES, MainWindow


@pytest.fixture
def window(qtbot, demo_services, tmp_path):
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = MainWindow(demo_services, settings)
    qtbot.addWidget(w)
    w.resize(1366, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.mark.parametrize("key", [p[0] for p in PAGES])
def test_every_page_fits_1366_by_700(qtbot, window, key):
    window.show_page(key)
    qtbot.wait(10)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700, (key, hint)
    assert window.minimumSize().width() <= 1366 and window.minimumSize().height() <= 700
    assert window.size().width() <= 1366 and window.size().height() <= 700, key
    area = window.stack.currentWidget()
    assert isinstance(area, QScrollArea)
    page = window.pages[key]
    # Nothing is cut at the right: the page's least width fits beside the navigation.
    assert page.minimumSizeHint().width() <= area.viewport().width(), key
    assert not area.horizontalScrollBar().isVisible(), key
    # What is taller than the area is reached by scrolling, never cut off.
    if page.minimumSizeHint().height() > area.viewport().height():
        assert area.verticalScrollBar().isVisible(), key
        bar = area.verticalScrollBar()
        bar.setValue(bar.maximum())
        qtbot.wait(1)
        bottom = page.mapTo(area.viewport(), page.rect().bottomLeft()).y()
        assert bottom <= area.viewport().height(), key
    else:
        assert page.height() >= page.minimumSizeHint().height(), key


def test_the_menus_and_status_bar_stay_inside_the_window(window):
    bar = window.menuBar()
    assert bar.sizeHint().width() <= 1366
    assert window.statusBar().geometry().bottom() < window.height()
