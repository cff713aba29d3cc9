"""The dashboard on a real demo store, driven as a person would."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QPushButton

from desktop.views.campaigns.dashboard import BEHIND_BG, SLIGHTLY_BEHIND_BG, DashboardPage
from desktop.views.common import dialogs


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
