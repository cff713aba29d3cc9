"""The dashboard's two charts, drawn from the same ``ProgressReport`` as its table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QLocale, QPointF, QRectF, Qt, QTime
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.services.campaigns.progress import ProgressReport
from desktop.views.common.i18n import tr


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


# Vietnamese numbers on the axes: 1.500, not 1500 (desktop/text/numbers.py writes the same).
VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


def _vietnamese(chart: QChart) -> QChart:
    chart.setLocale(VIETNAMESE)
    chart.setLocalizeNumbers(True)
    return chart


def nice_step(top: float, ticks: int = 5) -> int:
    """The whole-number step between about ``ticks`` ticks from 0 to ``top``: 1, 2 or 5 times
    a power of ten (a count of initiatives has no half: never "0 0 1 1 2")."""
    rough = max(float(top), 1.0) / ticks
    magnitude = 1
    while magnitude * 10 <= rough:
        magnitude *= 10
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= rough:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def count_axis(top: float) -> QValueAxis:
    """A value axis for counts: from 0 to a whole multiple of a whole step above ``top``,
    a tick at each multiple, labels in whole numbers."""
    step = nice_step(top)
    end = step * max(2, -(-int(max(top, 1)) // step))  # at least 0, one step, two steps
    axis = QValueAxis()
    # "%.0f": with the chart's localised numbers Qt draws nothing for "%d" (and "1.500" here).
    axis.setLabelFormat("%.0f")
    axis.setRange(0, end)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setMinorTickCount(0)
    return axis


def show_chart(view: QChartView, chart: QChart) -> None:
    """Put a new chart in ``view`` and delete the one it replaces: QChartView only releases
    the old chart, and a dashboard refreshed all day would keep every chart it ever drew."""
    old = view.chart()
    view.setChart(chart)
    if old is not None and old is not chart:
        old.deleteLater()


# A picture for a Word report: 16 x 10 cm at 250 dpi, sharp when printed on A4.
PNG_SIZE = (1600, 1000)


def save_chart_png(chart: QChart, path: Path, size: tuple[int, int] = PNG_SIZE) -> bool:
    """Draw ``chart`` (a chart no view shows) on a white picture and save it as PNG; False
    when the file could not be written. The chart is deleted afterwards."""
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    _scale_fonts(chart, 1.6)  # the picture is shrunk to a page's width in Word
    view.resize(*size)
    chart.resize(float(size[0]), float(size[1]))
    image = QImage(size[0], size[1], QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(round(250 / 0.0254))
    image.setDotsPerMeterY(round(250 / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    chart.scene().render(painter, QRectF(0, 0, *size), QRectF(0, 0, *size))
    painter.end()
    view.deleteLater()
    return image.save(str(path))  # PNG: the name ends in .png


def _scale_fonts(chart: QChart, factor: float) -> None:
    title = chart.titleFont()
    title.setPointSizeF(title.pointSizeF() * factor)
    chart.setTitleFont(title)
    legend = chart.legend().font()
    legend.setPointSizeF(legend.pointSizeF() * factor)
    chart.legend().setFont(legend)
    for axis in chart.axes():
        font = axis.labelsFont()
        font.setPointSizeF(font.pointSizeF() * factor)
        axis.setLabelsFont(font)


def unit_chart(report: ProgressReport) -> QChart:
    """Each unit below: what it has, what it should have by now, and its quota."""
    chart = _vietnamese(QChart())
    chart.setTitle(tr("Đã có so với chỉ tiêu"))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    rows = sorted(report.children, key=lambda r: -(r.percent or 0))
    done = QBarSet(tr("Đã có"))
    done.setColor(QColor("#2f6fb0"))
    expected = QBarSet(tr("Cần đạt đến nay"))
    expected.setColor(QColor("#f0a030"))
    quota = QBarSet(tr("Chỉ tiêu"))
    quota.setColor(QColor("#c8c8c8"))
    for r in rows:
        done.append(r.count)
        expected.append(r.expected or 0)
        quota.append(r.quota or 0)
    series = QHorizontalBarSeries()
    series.append(quota)
    series.append(expected)
    series.append(done)
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append([_short(r.unit_name) for r in rows])
    # Qt cuts a category's label to "…" when the labels seem short of room: with the 20-odd
    # commune and ward unions of a province after 2025 it cut every one. Draw them whole,
    # smaller when there are many.
    axis_y.setTruncateLabels(False)
    font = axis_y.labelsFont()
    font.setPointSizeF(9 if len(rows) <= 14 else 8 if len(rows) <= 20 else 7)
    axis_y.setLabelsFont(font)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = count_axis(max([1, *(max(r.quota or 0, r.count, r.expected or 0) for r in rows)]))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    return chart


def time_chart(report: ProgressReport) -> QChart:
    """The whole office over the period: the running count against the quota's line."""
    chart = _vietnamese(QChart())
    chart.setTitle(tr("Tiến độ theo thời gian — toàn đơn vị"))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    actual = QLineSeries()
    actual.setName(tr("Đã có (cộng dồn)"))
    plan = QLineSeries()
    plan.setName(tr("Chỉ tiêu theo tiến độ"))

    def ms(d: dt.date) -> float:
        return float(QDateTime(qdate(d), QTime(12, 0)).toMSecsSinceEpoch())

    for p in report.timeline:
        actual.append(QPointF(ms(p.on), p.count))
    start, end = report.window_from, report.window_to
    top = max([1, *(p.count for p in report.timeline)])
    if report.total.quota and start and end:
        plan.append(QPointF(ms(start), 0))
        plan.append(QPointF(ms(end), report.total.quota))
        top = max(top, report.total.quota)
    chart.addSeries(plan)
    chart.addSeries(actual)
    axis_x = QDateTimeAxis()
    axis_x.setFormat("MM/yyyy")
    if start and end:
        axis_x.setRange(QDateTime(qdate(start), QTime(0, 0)), QDateTime(qdate(end), QTime(23, 59)))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    axis_y = count_axis(top)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    for s in (actual, plan):
        s.attachAxis(axis_x)
        s.attachAxis(axis_y)
    return chart


_SHORTER = (
    ("LĐLĐ huyện ", ""),
    ("Công đoàn cơ sở ", "CĐCS "),
    ("CĐCS ", "CĐCS "),
    ("Công đoàn xã ", "Xã "),
    ("Công đoàn phường ", "P. "),
    ("Công đoàn đặc khu ", "Đặc khu "),
    ("Công đoàn các Khu công nghiệp", "CĐ các KCN"),
    ("Công đoàn ngành ", "CĐ "),
    ("Công đoàn ", "CĐ "),
)


SHORT_MAX = 34  # characters of a label on the chart's axis (the table has the whole name)


def _short(name: str) -> str:
    for long, short in _SHORTER:
        if name.startswith(long):
            name = short + name[len(long) :]
            break
    if len(name) <= SHORT_MAX:
        return name
    # Cut between words and say so, never in the middle of a word ("Tân Pho").
    cut = name[: SHORT_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"
