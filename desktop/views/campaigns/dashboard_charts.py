"""The dashboard's two charts, drawn from the same ``ProgressReport`` as its table."""

from __future__ import annotations

import datetime as dt

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
from PySide6.QtCore import QDate, QDateTime, QPointF, Qt, QTime
from PySide6.QtGui import QColor

from desktop.services.campaigns.progress import ProgressReport
from desktop.views.common.i18n import tr


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def show_chart(view: QChartView, chart: QChart) -> None:
    """Put a new chart in ``view`` and delete the one it replaces: QChartView only releases
    the old chart, and a dashboard refreshed all day would keep every chart it ever drew."""
    old = view.chart()
    view.setChart(chart)
    if old is not None and old is not chart:
        old.deleteLater()


def unit_chart(report: ProgressReport) -> QChart:
    """Each unit below: what it has, what it should have by now, and its quota."""
    chart = QChart()
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
    axis_x = QValueAxis()
    axis_x.setLabelFormat("%d")
    axis_x.setRange(0, max([1, *(max(r.quota or 0, r.count) for r in rows)]))
    axis_x.applyNiceNumbers()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    return chart


def time_chart(report: ProgressReport) -> QChart:
    """The whole office over the period: the running count against the quota's line."""
    chart = QChart()
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
    axis_y = QValueAxis()
    axis_y.setLabelFormat("%d")
    axis_y.setRange(0, top)
    axis_y.applyNiceNumbers()
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


def _short(name: str) -> str:
    for long, short in _SHORTER:
        if name.startswith(long):
            return (short + name[len(long) :])[:28]
    return name[:28]
