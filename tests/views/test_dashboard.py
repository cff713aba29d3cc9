"""The dashboard on a real demo store, driven as a person would."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QComboBox, QPushButton

from desktop.services.changes import Changes, Kind
from desktop.text.collation import collation_key
from desktop.views.campaigns.dashboard import (
    BEHIND_BG,
    SLIGHTLY_BEHIND_BG,
    UNIT_ID_ROLE,
    DashboardPage,
)
from desktop.views.common import dialogs
from support.sync_fixtures import add_initiative


@pytest.fixture
def page(qtbot, demo_services):
    p = DashboardPage(demo_services)
    qtbot.addWidget(p)
    p.resize(1400, 800)
    p.show()
    qtbot.waitExposed(p)
    combo = p.findChild(QComboBox, "campaign")
    combo.setCurrentIndex(next(i for i in range(combo.count()) if "01 triệu" in combo.itemText(i)))
    return p


def _choose_period(qtbot, page, text):
    combo = page.findChild(QComboBox, "period")
    combo.setFocus()
    while text not in combo.currentText():
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def _rows(page):
    m = page.model
    return {
        m.index(r, 0).data(): [m.index(r, c).data() for c in range(m.columnCount())]
        for r in range(m.rowCount())
    }


def test_the_table_shows_every_district_and_agrees_with_the_service(qtbot, page, demo_services):
    _choose_period(qtbot, page, "Giai đoạn 1")
    page.as_of.setDate(QDate(2022, 3, 1))
    rows = _rows(page)
    assert len(rows) == 11
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    province = demo_services.units.by_code("LC")
    report = demo_services.progress.report(c.id, c.periods[0].id, province.id, dt.date(2022, 3, 1))
    for r in report.children:
        shown = rows[r.unit_name]
        assert shown[1] == str(r.quota) and shown[2] == str(r.count)
        assert shown[4] == str(r.expected)
        assert shown[7] == f"{r.grassroots_with_initiative}/{r.grassroots_total}"
        assert shown[8] == "chưa bao giờ"
    assert "Giai đoạn 1 (2022)" in page.summary.text()
    # The units behind schedule stand out, furthest behind first.
    behind = [r for r in report.children if r.behind]
    assert behind
    first = page.model.index(0, 0)
    assert first.data() == max(behind, key=lambda r: r.shortfall).unit_name
    assert _background(first) in (BEHIND_BG, SLIGHTLY_BEHIND_BG)
    on_track = [r for r in report.children if not r.behind]
    for r in on_track:
        assert _background(page.row_of(r.unit_name)) not in (BEHIND_BG, SLIGHTLY_BEHIND_BG)


def _background(index):
    brush = index.data(Qt.ItemDataRole.BackgroundRole)
    return brush.color() if brush is not None else None


def test_sorting_by_a_header_click(qtbot, page):
    header = page.table.header()
    x = header.sectionPosition(3) + header.sectionSize(3) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5)
    )
    pcts = [
        page.model.index(r, 3).data(Qt.ItemDataRole.UserRole) for r in range(page.model.rowCount())
    ]
    assert pcts == sorted(pcts) or pcts == sorted(pcts, reverse=True)
    assert pcts != [pcts[0]] * len(pcts)


def test_double_clicking_a_unit_asks_for_its_initiatives(qtbot, page, demo_services):
    _choose_period(qtbot, page, "Giai đoạn 2")
    index = page.row_of("LĐLĐ huyện Sìn Hồ")
    rect = page.table.visualRect(index)
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.open_initiatives) as got:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert got.args == [demo_services.units.by_code("LC-SH").id, c.id, c.periods[1].id]


def test_export_writes_what_the_screen_shows(qtbot, page, tmp_path, monkeypatch):
    target = tmp_path / "tien-do"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(target))
    shown = []
    monkeypatch.setattr(dialogs, "offer_open", lambda _p, path, *a: shown.append(path.name))
    qtbot.mouseClick(page.findChild(QPushButton, "export"), Qt.MouseButton.LeftButton)
    assert shown == ["tien-do.xlsx"]  # «Mở tệp» / «Mở thư mục» offered
    ws = load_workbook(str(target) + ".xlsx").active
    xlsx = {r[0].strip(): r for r in ws.iter_rows(min_row=5, values_only=True)}
    for name, cells in _rows(page).items():
        assert str(xlsx[name][2]) == cells[2]  # count
        assert str(xlsx[name][1]) == cells[1].replace(".", "")  # quota


def test_opening_from_the_main_window_shows_the_initiatives_page(qtbot, demo_services, tmp_path):
    from PySide6.QtCore import QSettings

    from desktop.views.common.settings import AppSettings
    from desktop.views.shell.main_window import MainWindow

    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = MainWindow(demo_services, settings)
    qtbot.addWidget(w)
    w.show_page("dashboard")
    dash = w.pages["dashboard"]
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    dash.campaign.setCurrentIndex(dash.campaign.findData(c.id))
    sh = demo_services.units.by_code("LC-SH")
    index = dash.row_of("LĐLĐ huyện Sìn Hồ")
    rect = dash.table.visualRect(index)
    w.show()
    qtbot.mouseClick(dash.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dash.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.current_page() == "initiatives"
    listed = w.pages["initiatives"]
    shown = int(dash.model.index(index.row(), 2).data().replace(".", ""))
    assert listed.unit_filter.currentData() == sh.id
    assert listed.campaign.currentData() == c.id
    qtbot.waitUntil(lambda: listed.model.rowCount() == shown)


def _name_rows(model, parent=None):
    parent = parent if parent is not None else QModelIndex()
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def _unit(index):
    return index.siblingAtColumn(0).data(UNIT_ID_ROLE)


def test_a_refresh_keeps_the_unit_opened_chosen_and_in_sight(qtbot, page, demo_services):
    """The person opens a district with the keyboard, goes down to one of its unions, opens
    the others and scrolls; a commit elsewhere refreshes the figures: nothing they did is
    undone."""
    table, model = page.table, page.model
    district = page.row_of("LĐLĐ huyện Tam Đường")
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(district).center()
    )
    qtbot.keyClick(table, Qt.Key.Key_Right)  # opens it
    assert table.isExpanded(district)
    qtbot.keyClick(table, Qt.Key.Key_Down)  # its first union
    union = table.currentIndex()
    assert union.parent() == district
    union_id = _unit(union)
    table.expandAll()
    bar = table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # every district open: the table scrolls
    bar.setValue(bar.maximum() // 2)
    table.collapse(page.row_of("LĐLĐ huyện Sìn Hồ"))
    top = _unit(table.indexAt(QPoint(0, 0)))
    before = int(model.index(district.row(), 2).data().replace(".", ""))

    demo_services.books.keep(demo_services.units.by_code("LC-TD").id)  # the office enters it
    add_initiative(demo_services, "LC-TD-04", "Sáng kiến vừa nhập ở Tam Đường")
    page.reload_for(Changes.of(Kind.INITIATIVES))

    district = page.row_of("LĐLĐ huyện Tam Đường")
    opened = [table.isExpanded(i) for i in _name_rows(model)]
    assert opened.count(False) == 1 and not table.isExpanded(page.row_of("LĐLĐ huyện Sìn Hồ"))
    assert _unit(table.currentIndex()) == union_id
    assert [_unit(i) for i in table.selectionModel().selectedRows()] == [union_id]
    assert _unit(table.indexAt(QPoint(0, 0))) == top
    # The figures are the new report's: one more initiative for the district.
    assert model.index(district.row(), 2).data() == str(before + 1)
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    report = demo_services.progress.report(c.id, None, demo_services.units.by_code("LC").id)
    shown = next(r for r in report.children if r.unit_name == "LĐLĐ huyện Tam Đường")
    assert shown.count == before + 1
    # Enter on the kept union still opens its initiatives.
    with qtbot.waitSignal(page.open_initiatives) as got:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert got.args[0] == union_id


def test_sorting_by_name_orders_every_level_in_vietnamese_order(qtbot, page):
    table, model = page.table, page.model
    header = table.header()
    x = header.sectionPosition(0) + header.sectionSize(0) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    table.expandAll()

    def names(parent=None):
        return [i.data() for i in _name_rows(model, parent)]

    for _click in range(2):
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert header.sortIndicatorSection() == 0
        districts = names()
        assert districts == sorted(districts, key=collation_key, reverse=descending)
        for district in _name_rows(model):
            unions = names(district)
            assert unions == sorted(unions, key=collation_key, reverse=descending)
            assert table.isExpanded(district)  # sorting closes nothing
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert names() == list(reversed(districts))


def test_every_figure_shown_is_the_reports_in_vietnamese_numbers(qtbot, page, demo_services):
    """Every unit of every level, under its own parent, each cell as the report says, written
    the Vietnamese way (1.234; 12,5%; — for no quota); each figure whole in its column."""
    _choose_period(qtbot, page, "Giai đoạn 1")
    page.as_of.setDate(QDate(2022, 3, 1))
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    province = demo_services.units.by_code("LC")
    report = demo_services.progress.report(c.id, c.periods[0].id, province.id, dt.date(2022, 3, 1))
    table, model = page.table, page.model
    table.expandAll()
    seen = {}
    for district in _name_rows(model):
        seen[_unit(district)] = (district, None)
        for union in _name_rows(model, district):
            seen[_unit(union)] = (union, _unit(district))
    assert len(seen) == len(report.rows)

    def number(n):
        return "—" if n is None else f"{n:,}".replace(",", ".")

    for r in report.rows:
        index, parent = seen[r.unit_id]
        assert parent == (r.parent_id if r.depth else None)
        cells = [index.siblingAtColumn(col).data() for col in range(model.columnCount())]
        pct = "—" if r.percent is None else f"{r.percent:.1f}%".replace(".", ",")
        assert cells[:8] == [
            r.unit_name,
            number(r.quota),
            number(r.count),
            pct,
            number(r.expected),
            number(r.shortfall if r.quota is not None else None),
            number(r.recognised),
            f"{number(r.grassroots_with_initiative)}/{number(r.grassroots_total)}",
        ]
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        if r.behind:
            assert _background(index) in (BEHIND_BG, SLIGHTLY_BEHIND_BG)
            assert f"thiếu {number(r.shortfall)} sáng kiến" in tip
        else:
            assert _background(index) is None
            assert "Nhấn đúp" in tip
    header = table.header()
    for col in range(1, model.columnCount()):
        if not table.isColumnHidden(col):
            assert header.sectionSize(col) >= table.sizeHintForColumn(col), col
            assert header.sectionSize(col) >= header.sectionSizeHint(col), col
    assert header.sectionSize(0) >= table.sizeHintForColumn(0)
    assert "thiếu so với mức cần đạt" in model.headerData(
        5, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
