"""The dashboard read at a glance on a 1366×700 window: the target, whole names, whole-number
axes in Vietnamese, a chart saved as PNG for a Word report, and what a new office must do."""

from __future__ import annotations

import pytest
from modal import when_open
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QLineEdit, QPushButton

from desktop.services.registry import Services
from desktop.services.units.excel_list import import_unit_list, read_unit_list, write_template
from desktop.views.campaigns.dashboard import DashboardPage
from desktop.views.campaigns.dashboard_charts import count_axis, nice_step
from desktop.views.common import dialogs


@pytest.fixture
def page(qtbot, demo_services):
    p = DashboardPage(demo_services)
    qtbot.addWidget(p)
    p.resize(1366, 700)
    p.show()
    qtbot.waitExposed(p)
    combo = p.findChild(QComboBox, "campaign")
    combo.setFocus()
    while "75 nghìn" not in combo.currentText():  # chosen with the keyboard
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    return p


def test_the_campaign_shows_its_target(page):
    target = page.findChild(QLabel, "target")
    assert target.isVisible()
    assert "Chỉ tiêu: <b>750</b> sáng kiến" in target.text()


def test_names_and_every_figure_column_are_whole(page):
    table = page.table
    header = table.header()
    metrics = header.fontMetrics()
    for i in range(1, page.model.columnCount()):
        if table.isColumnHidden(i):
            continue
        text = page.model.headerData(i, Qt.Orientation.Horizontal)
        assert header.sectionSize(i) >= metrics.horizontalAdvance(text) + 8, text
        for r in range(page.model.rowCount()):
            cell = page.model.index(r, i).data()
            assert header.sectionSize(i) >= table.fontMetrics().horizontalAdvance(cell), cell
    # The longest unit name, with its indentation, fits its column.
    longest = max((page.model.index(r, 0).data() for r in range(page.model.rowCount())), key=len)
    needed = table.fontMetrics().horizontalAdvance(longest) + table.indentation()
    assert table.columnWidth(0) >= needed
    # Opening a unit shows its grassroots unions, their longer names whole too.
    table.expandAll()
    names = [
        page.model.index(c, 0, page.model.index(r, 0)).data()
        for r in range(page.model.rowCount())
        for c in range(page.model.rowCount(page.model.index(r, 0)))
    ]
    widest = max(table.fontMetrics().horizontalAdvance(n) for n in names)
    assert table.columnWidth(0) >= widest + 2 * table.indentation()


def test_the_count_axis_has_whole_ticks_only():
    for top in (1, 2, 3, 7, 11, 58, 750, 1234):
        axis = count_axis(top)
        step = axis.tickInterval()
        assert step == int(step) and step >= 1
        assert axis.max() >= top and axis.max() % step == 0
        assert 2 <= axis.max() / step <= 10  # a sensible number of ticks
    assert nice_step(2) == 1  # never 0, 0,5, 1, 1,5, 2 printed as "0 0 1 1 2"
    assert nice_step(750) == 200


def test_the_chart_axes_use_vietnamese_numbers(page):
    chart = page.unit_chart.chart()
    assert chart.localizeNumbers()
    assert chart.locale().toString(1500.0, "f", 0) == "1.500"
    values = [a for a in chart.axes() if hasattr(a, "tickInterval")]
    assert values and all(a.tickInterval() >= 1 for a in values)


def test_a_chart_is_saved_as_png_through_the_file_dialog(qtbot, page, tmp_path, monkeypatch):
    offered = []
    monkeypatch.setattr(dialogs, "offer_open", lambda _p, path, *a: offered.append(path))
    target = tmp_path / "bieu-do.png"
    failures: list[BaseException] = []

    def type_the_name(dialog: QFileDialog) -> None:
        assert dialog.selectedFiles()[0].endswith(".png")
        assert "Bieu-do-tien-do_75NGHIN-2021_" in dialog.selectedFiles()[0]
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(target))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    when_open(QFileDialog, type_the_name, failures)
    button = page.findChild(QPushButton, "saveChart")
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not failures, failures
    assert offered == [target]
    image = QImage(str(target))
    assert image.width() >= 1200 and image.height() >= 700


def test_the_page_fits_1366_by_700_with_its_buttons_in_view(page):
    assert page.minimumSizeHint().height() <= 700
    assert page.minimumSizeHint().width() <= 1366
    for name in ("export", "openUnit", "saveChart"):
        button = page.findChild(QPushButton, name)
        corner = button.mapTo(page, QPoint(button.width(), button.height()))
        assert page.rect().contains(corner), name


def test_a_new_district_is_told_the_provinces_first_bundle_must_come_first(
    qtbot, tmp_path, sqlite_store
):
    path = tmp_path / "don-vi.xlsx"
    write_template(path)
    services = Services.over(sqlite_store)
    import_unit_list(sqlite_store.session_factory, read_unit_list(path))
    services.office.set_up(services.units.by_code("LC-TP").id)
    p = DashboardPage(services)
    qtbot.addWidget(p)
    p.resize(1366, 700)
    p.show()
    qtbot.waitExposed(p)
    notice = p.findChild(QLabel, "noCampaignNotice")
    assert notice.isVisible()
    assert "gói dữ liệu đầu tiên của LĐLĐ tỉnh" in notice.text()
    assert "Nhận gói" in notice.text()
    assert not p.findChild(QPushButton, "saveChart").isEnabled()


def test_a_long_name_on_the_chart_is_cut_between_words_and_says_so():
    from desktop.views.campaigns.dashboard_charts import _short

    assert _short("LĐLĐ huyện Tam Đường") == "Tam Đường"
    short = _short("Công đoàn cơ sở Trường Phổ thông Dân tộc Nội trú huyện Tân Uyên")
    assert short.startswith("CĐCS Trường Phổ thông") and short.endswith("…")
    assert short[:-1] in "CĐCS Trường Phổ thông Dân tộc Nội trú huyện Tân Uyên"
    assert short[:-1].split()[-1] in {"tộc", "Nội", "trú", "Dân", "huyện"}


def test_a_district_sees_its_own_target(qtbot, district_demo_services):
    services = district_demo_services
    office = services.office.local()
    p = DashboardPage(services)
    qtbot.addWidget(p)
    p.resize(1366, 700)
    p.show()
    combo = p.findChild(QComboBox, "campaign")
    c = services.campaigns.by_code("01TRIEU-2022")
    combo.setCurrentIndex(combo.findData(c.id))
    quota = services.campaigns.quotas(c.id).get((office.unit_id, None))
    target = p.findChild(QLabel, "target").text()
    assert quota  # the province gave the district its quota in the demo
    assert f"Chỉ tiêu: <b>{quota}</b> sáng kiến" in target
    assert not p.findChild(QLabel, "noCampaignNotice").isVisible()
