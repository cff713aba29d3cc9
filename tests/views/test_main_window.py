"""The main window on a real demo store, driven as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QTableView, QTreeView

from desktop.views.common.settings import AppSettings
from desktop.views.shell.main_window import PAGES, MainWindow


@pytest.fixture
def settings(tmp_path):
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, demo_services, settings):
    w = MainWindow(demo_services, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_navigation_has_the_six_places_in_vietnamese(window):
    nav = window.findChild(QListWidget, "nav")
    assert [nav.item(i).text() for i in range(nav.count())] == [
        "Sáng kiến",
        "Tiến độ",
        "Đồng bộ",
        "Báo cáo, in ấn",
        "Đơn vị và chương trình",
        "Cài đặt",
    ]


def test_clicking_the_navigation_switches_the_page(qtbot, window):
    nav = window.findChild(QListWidget, "nav")
    for row, (key, _label, _icon) in enumerate(PAGES):
        rect = nav.visualItemRect(nav.item(row))
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_page() == key
        assert window.stack.currentWidget().widget() is window.pages[key]
        assert window.pages[key].isVisible() and window.pages[key].objectName() == f"page_{key}"


def test_status_bar_names_the_office_and_the_database(window, demo_store):
    office = window.findChild(QLabel, "officeLabel").text()
    db = window.findChild(QLabel, "dbLabel").text()
    assert office == "Văn phòng: Liên đoàn Lao động tỉnh Lai Châu"
    assert db.startswith("SQLite: ") and db.endswith("demo.db")


def choose_campaign(page, code_name_part="01 triệu"):
    combo = page.findChild(QComboBox, "campaign")
    index = next(i for i in range(combo.count()) if code_name_part in combo.itemText(i))
    combo.setCurrentIndex(index)


def test_the_list_shows_initiatives_and_search_without_diacritics_narrows_it(
    qtbot, window, demo_services
):
    choose_campaign(window.pages["initiatives"])
    table = window.findChild(QTableView, "initiatives")
    model = table.model()
    total = model.rowCount()
    assert total > 100
    first_title = model.index(0, 0).data()
    assert first_title
    word = first_title.split()[0]
    from desktop.text.normalise import fold

    search = window.findChild(QLineEdit, "search")
    qtbot.keyClicks(search, fold(word))
    qtbot.waitUntil(lambda: model.rowCount() < total or model.rowCount() == total, timeout=3000)
    qtbot.waitUntil(
        lambda: all(
            fold(word) in fold(model.index(r, 0).data() + " " + model.index(r, 1).data())
            for r in range(model.rowCount())
        ),
        timeout=3000,
    )
    assert model.rowCount() >= 1


def test_sorting_by_a_header_click_orders_titles_the_vietnamese_way(qtbot, window):
    from desktop.text.collation import collation_key

    table = window.findChild(QTableView, "initiatives")
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    model = table.model()
    titles = [model.index(r, 0).data() for r in range(min(40, model.rowCount()))]
    assert titles == sorted(titles, key=collation_key, reverse=True)


def test_dashboard_lists_the_eleven_districts_with_their_quotas(qtbot, window):
    window.show_page("dashboard")
    choose_campaign(window.pages["dashboard"])
    table = window.findChild(QTreeView, "progress")
    model = table.model()
    assert model.rowCount() == 11
    quotas = [model.index(r, 1).data() for r in range(11)]
    assert "265" in quotas and "2.300" not in quotas


def test_units_page_shows_the_tree_under_the_province(window):
    window.show_page("units")
    tree = window.findChild(QTreeView, "units")
    model = tree.model()
    assert model.rowCount() == 1
    province = model.index(0, 0)
    assert province.data() == "Liên đoàn Lao động tỉnh Lai Châu"
    assert model.rowCount(province) == 11


def test_the_window_remembers_its_page(qtbot, demo_services, settings):
    w = MainWindow(demo_services, settings)
    qtbot.addWidget(w)
    w.show_page("units")
    w.close()
    again = MainWindow(demo_services, settings)
    qtbot.addWidget(again)
    assert again.current_page() == "units"


def test_the_window_fits_an_old_1366_pixel_screen(qtbot, window):
    """Long campaign and field names must not make the window wider than an old office PC."""
    assert window.minimumSize().width() <= 1366
    assert window.minimumSizeHint().width() <= 1366


def test_no_page_makes_the_window_taller_than_a_1366x768_screen(qtbot, window):
    """With a 40 px taskbar and the title bar, a maximised window's client area on a
    1366×768 screen is about 1366×700: the window asks for no more, whatever page shows, and
    a page that needs more scrolls inside it."""
    window.resize(1366, 700)
    for key, _label, _icon in PAGES:
        window.show_page(key)
        qtbot.wait(1)
        hint = window.minimumSizeHint()
        assert hint.height() <= 700 and hint.width() <= 1366, (key, hint)
        assert window.height() <= 700 and window.width() <= 1366, key
        area = window.stack.currentWidget()
        page = window.pages[key]
        if page.minimumSizeHint().height() > area.viewport().height():
            assert area.verticalScrollBar().isVisible(), key  # reachable, not cut off


def test_a_page_is_built_when_first_shown_and_shows_what_changed_before(qtbot, window):
    """The program starts with the page in view only; a page opened later reads the store
    then, so a change made before it existed is on it (a renamed district, here)."""
    assert set(window.pages.built()) == {"initiatives"}
    services = window._services
    district = services.units.by_code("LC-TD")
    services.units.rename(district.id, "Công đoàn huyện Tam Đường đổi tên", None)
    qtbot.wait(10)  # the change is broadcast on the next turn of the loop
    nav = window.findChild(QListWidget, "nav")
    row = [key for key, _l, _i in PAGES].index("units")
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert set(window.pages.built()) == {"initiatives", "units"}
    units = window.pages["units"]
    assert units.isVisible()
    shown = []
    for tree in units.findChildren(QTreeView):
        model = tree.model()
        stack = [model.index(r, 0) for r in range(model.rowCount())]
        while stack:
            index = stack.pop()
            shown.append(index.data())
            stack.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    assert "Công đoàn huyện Tam Đường đổi tên" in shown


def test_the_start_loads_no_writer_nor_page_it_does_not_show(tmp_path):
    """What the program imports to show its first page, started as the desktop icon starts it
    (``desktop.cli.main``) in a fresh process on an office's store: none of the paper writers
    (ReportLab, python-docx, openpyxl), Alembic, cryptography, the Excel reader, the bundle,
    document, evaluation and import services, the command-line commands, the entry form, the
    charts, the PDF viewer, printing, or SQLAlchemy's PostgreSQL dialect on a SQLite store;
    they load when a paper is made, a list is read, a bundle is sent or a page is first shown
    (issue #14: the start is measured by bench/bench_start.py). The garbage collector, paused
    for the start (desktop/preload.py), is on again soon after the window is up."""
    import subprocess
    import sys
    from pathlib import Path

    from desktop.services.demo.builder import build_demo
    from desktop.services.store.opening import open_store

    db = tmp_path / "s.db"
    store = open_store(str(db))  # created (by Alembic) before: the start opens it
    build_demo(store.session_factory, initiatives=30)
    store.close()
    code = (
        "import json, sys\n"
        "import desktop.views.shell.main_window as mw\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop import cli\n"
        "from desktop.app import RESUME_COLLECTION_MS\n"
        "heavy = ('reportlab', 'docx', 'openpyxl', 'alembic', 'cryptography',\n"
        "         'python_calamine', 'PySide6.QtCharts', 'PySide6.QtPdf',\n"
        "         'PySide6.QtPrintSupport', 'desktop.commands', 'desktop.services.sync.service',\n"
        "         'desktop.services.documents.service', 'desktop.services.evaluation',\n"
        "         'desktop.services.initiatives.excel_import', 'desktop.services.demo.builder',\n"
        "         'desktop.views.initiatives.form', 'desktop.views.shell.first_run',\n"
        "         'desktop.views.campaigns.dashboard', 'desktop.views.reports.page',\n"
        "         'desktop.views.units.page', 'sqlalchemy.dialects.postgresql')\n"
        "shown = mw.MainWindow.show\n"
        "def show(self):\n"
        "    shown(self)\n"
        "    got = {}\n"
        "    def ready():\n"
        "        QApplication.processEvents()\n"
        "        got['pages'] = list(self.pages.built())\n"
        "        got['loaded'] = sorted(m for m in heavy if m in sys.modules)\n"
        "    def later():\n"  # the garbage collector, paused for the start, is on again
        "        import gc\n"
        "        got['collecting'] = gc.isenabled()\n"
        "        print(json.dumps(got))\n"
        "        QApplication.exit(0)\n"
        "    QTimer.singleShot(0, ready)\n"
        "    QTimer.singleShot(RESUME_COLLECTION_MS + 500, later)\n"
        "mw.MainWindow.show = show\n"
        f"sys.exit(cli.main(['--db', {str(db)!r}]))\n"
    )
    root = Path(__file__).resolve().parents[2]
    home = tmp_path / "home"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        timeout=300,
        env={
            **__import__("os").environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
        },
    )
    import json

    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["pages"] == ["initiatives"], got  # the window is up on its first page
    assert got["loaded"] == [], got
    assert got["collecting"] is True, got
