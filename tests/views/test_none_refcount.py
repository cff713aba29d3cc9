"""The Python/PySide6 pair must not leak or drop references to None.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a void method
(``QStandardItem.setData``, ``setToolTip``…); once the count reaches zero Python aborts with
"Fatal Python error: none_dealloc" (seen after ~65 dashboard refreshes). On Python 3.12+ None is
immortal and its count never moves, so this test guards Python 3.11, which CI runs.
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop.versions import broken_qt_pair
from desktop.views.common.settings import AppSettings
from desktop.views.shell.main_window import PAGES, MainWindow

IMMORTAL_NONE = sys.version_info >= (3, 12)


def _none_count() -> int:
    return sys.getrefcount(None)


def _qt_objects() -> int:
    return sum(
        1 for o in gc.get_objects() if str(getattr(type(o), "__module__", "")).startswith("PySide6")
    )


def test_a_void_qt_call_keeps_none_alive(qapp):
    item = QStandardItem("a")
    before = _none_count()
    for _ in range(2000):
        item.setToolTip("x")
        item.setData(1)
        item.setText("b")
    # A healthy pair gives back every reference it takes; the broken one loses ~6,000 here.
    assert abs(_none_count() - before) < 100


def test_the_known_broken_pair_is_refused_by_name():
    assert broken_qt_pair("3.11", "6.12.0") is not None
    assert "Python 3.11" in (broken_qt_pair("3.11", "6.12.0") or "")
    assert broken_qt_pair("3.12", "6.12.0") is None
    assert broken_qt_pair("3.11", "6.11.3") is None
    # And the environment the tests run in is not that pair.
    assert broken_qt_pair() is None


@pytest.fixture
def window(qtbot, demo_services, tmp_path):
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = MainWindow(demo_services, settings)
    qtbot.addWidget(w)
    w.resize(1366, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_many_refreshes_of_every_page_do_not_drain_none(qtbot, window):
    """Every page shown and reloaded many times, the list filtered by every combo: None's
    reference count stays where it was (a drain of one per void call would abort)."""
    pages = [key for key, _label, _icon in PAGES]

    def one_round(n: int) -> None:
        for key in pages:
            window.show_page(key)
            page = window.pages[key]
            reload = getattr(page, "reload", None) or getattr(page, "refresh", None)
            if reload is not None:
                reload()
        list_page = window.pages["initiatives"]
        window.show_page("initiatives")
        for combo in list_page.findChildren(QComboBox):
            if combo.isVisible() and combo.isEnabled() and combo.count() > 1:
                combo.setCurrentIndex((combo.currentIndex() + 1) % combo.count())
        list_page.findChild(QLineEdit, "search").setText("sang kien" if n % 2 else "")
        qtbot.wait(1)  # deferred deletes (replaced charts) run here

    for n in range(3):  # first build of every page and its caches, outside the measurement
        one_round(n)
    gc.collect()
    before, objects = _none_count(), _qt_objects()
    for n in range(20):
        one_round(n)
    gc.collect()
    drift = _none_count() - before
    grown = _qt_objects() - objects

    if IMMORTAL_NONE:
        assert drift == 0
    else:
        # The broken pair drains None by one per void call: thousands here. (A small rise is
        # the sqlite3 module's list of dead cursor weakrefs, which it prunes by itself.)
        assert drift > -200, f"None's reference count fell by {-drift}"
    # Nor may a refresh keep the Qt objects it replaced (charts, tree items); SQLAlchemy's
    # bounded statement cache may grow, Qt wrappers may not.
    assert grown < 50, f"{grown} Qt objects more after 20 refreshes of every page"
