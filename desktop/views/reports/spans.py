"""The span a periodic report covers (6 months, a year, a month), and the month's result as a
line of text with «Sao chép», for the unit's own monthly report (documents/periodic.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.services.campaigns.service import CampaignRow
from desktop.services.common import ServiceError
from desktop.services.documents import DocumentKind, periodic
from desktop.services.registry import Services
from desktop.views.common.i18n import tr
from desktop.views.common.named import named

Span = tuple[dt.date, dt.date]
MONTHS_SHOWN = 36


def _years(c: CampaignRow, today: dt.date) -> list[int]:
    days = [d for p in c.periods for d in (p.count_from, p.count_to) if d]
    days += [d for d in (c.starts_on, c.ends_on) if d]
    first = min(days).year if days else today.year
    last = min(max(days).year if days else today.year, today.year)
    return list(range(max(first, last - 20), last + 1))


def spans_for(c: CampaignRow, kind: DocumentKind, today: dt.date) -> list[Span]:
    """The spans offered, the latest first: half-years and years, or months."""
    out: list[Span] = []
    for y in reversed(_years(c, today)):
        if kind is DocumentKind.MONTHLY_RESULT:
            out += [periodic.month(y, m) for m in range(12, 0, -1) if dt.date(y, m, 1) <= today]
        else:
            out += [periodic.year(y), periodic.half_year(y, 2), periodic.half_year(y, 1)]
    if kind is DocumentKind.PERIODIC_REPORT:
        out = [s for s in out if s[0] <= today]
    return out[:MONTHS_SHOWN]


class SpanBox(QGroupBox):
    """«Kỳ báo cáo» and, for the monthly result, the line to copy."""

    def __init__(self) -> None:
        super().__init__(tr("Kỳ báo cáo"))
        layout = QVBoxLayout(self)
        self.spans = named(QComboBox(), "reportSpan")
        layout.addWidget(self.spans)
        self.line = named(QLabel(), "monthlyLine")
        self.line.setWordWrap(True)
        self.copy_button = named(QPushButton(tr("Sao chép")), "copyMonthlyLine")
        self.copy_button.setToolTip(tr("Chép dòng kết quả tháng để dán vào báo cáo tháng."))
        row = QHBoxLayout()
        row.addWidget(self.line, 1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)
        self.copy_button.clicked.connect(self.copy)
        self._services: Services | None = None
        self._campaign_id: int | None = None
        self._kind = DocumentKind.PERIODIC_REPORT
        self.spans.currentIndexChanged.connect(lambda _i: self._show_line())

    def load(self, services: Services, campaign_id: int | None, kind: DocumentKind) -> None:
        self._services, self._campaign_id, self._kind = services, campaign_id, kind
        current = self.span()
        self.spans.blockSignals(True)
        self.spans.clear()
        if campaign_id is not None:
            row = services.campaigns.get(campaign_id)
            for s in spans_for(row, kind, dt.date.today()):
                label = periodic.span_label(s)
                self.spans.addItem(label[:1].upper() + label[1:], s)
        i = self.spans.findData(current) if current is not None else -1
        self.spans.setCurrentIndex(max(0, i))
        self.spans.blockSignals(False)
        monthly = kind is DocumentKind.MONTHLY_RESULT
        self.line.setVisible(monthly)
        self.copy_button.setVisible(monthly)
        self._show_line()

    def span(self) -> Span | None:
        data = self.spans.currentData()
        return data if isinstance(data, tuple) else None

    def _show_line(self) -> None:
        span = self.span()
        if self._kind is not DocumentKind.MONTHLY_RESULT or span is None:
            self.line.clear()
            return
        assert self._services is not None and self._campaign_id is not None
        try:
            text = periodic.monthly_line(
                self._services.store.session_factory, self._campaign_id, span
            )
        except ServiceError as exc:
            text = str(exc)
        self.line.setText(text)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.line.text())
