"""The reports the plans ask for at fixed times (issue #16, item 11b).

- **The 6-month and yearly report** (seed 001: "Định kỳ 6 tháng, 1 năm … báo cáo kết quả"):
  one row per unit below this office, with the initiatives counted in the half-year or the
  year, how many of them are recognised, their benefit, and the running total since the
  campaign's start against the quota.
- **The monthly result** (seed 004: "báo cáo kết quả thực hiện cùng với báo cáo tháng của đơn
  vị"): a one-page table of the month, and the same as one line of text the officer copies
  into the unit's own monthly report (:func:`monthly_line`, shown with «Sao chép»).

Every figure follows the counting rule of the progress report (``campaigns.windows``): an
initiative counts in a span when it was first applied within it, for the unit that held its
grassroots union on that day; "recognised" is recognised, commended or nominated; deleted
initiatives never count. A span is any [from, to]; :func:`half_year`, :func:`year` and
:func:`month` give the usual ones and :func:`span_label` names them as a report's title does.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Initiative, InitiativeStatus, Quota
from desktop.services.campaigns.progress import COUNTING_RULE, RECOGNISED, window_of
from desktop.services.campaigns.progress_tree import (
    Counts,
    Tree,
    count_by_rule,
    figures_of,
    initiatives_of,
)
from desktop.services.campaigns.windows import counted_in
from desktop.services.common import ServiceError
from desktop.services.documents import shared
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.documents.model import Col, TableDocument
from desktop.services.documents.settings import DocumentSettings
from desktop.services.units.dated import DatedTree
from desktop.services.units.tree import short_unit_name
from desktop.text.dates import format_date
from desktop.text.numbers import format_number

Span = tuple[dt.date, dt.date]


# ---- spans ------------------------------------------------------------------------------------
def half_year(y: int, half: int) -> Span:
    if half not in (1, 2):
        raise ServiceError("Nửa năm là 1 (6 tháng đầu năm) hoặc 2 (6 tháng cuối năm).")
    return (
        (dt.date(y, 1, 1), dt.date(y, 6, 30))
        if half == 1
        else (dt.date(y, 7, 1), dt.date(y, 12, 31))
    )


def year(y: int) -> Span:
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def month(y: int, m: int) -> Span:
    if not 1 <= m <= 12:
        raise ServiceError(f"Tháng {m} không có (từ 1 đến 12).")
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def span_label(span: Span) -> str:
    """ "6 tháng đầu năm 2026", "năm 2026", "tháng 11/2026", else "từ ngày … đến ngày …"."""
    a, b = span
    if a.year == b.year and (a.month, a.day) == (1, 1):
        if (b.month, b.day) == (12, 31):
            return f"năm {a.year}"
        if (b.month, b.day) == (6, 30):
            return f"6 tháng đầu năm {a.year}"
    if a.year == b.year and (a.month, a.day, b.month, b.day) == (7, 1, 12, 31):
        return f"6 tháng cuối năm {a.year}"
    if a == month(a.year, a.month)[0] and b == month(a.year, a.month)[1]:
        return f"tháng {a.month:02d}/{a.year}"
    return f"từ ngày {format_date(a)} đến ngày {format_date(b)}"


def span_of(req: DocumentRequest) -> Span:
    if req.span_from is None or req.span_to is None:
        raise ServiceError("Hãy chọn kỳ báo cáo (6 tháng, năm, tháng hoặc từ ngày … đến ngày …).")
    if req.span_to < req.span_from:
        raise ServiceError("Kỳ báo cáo: ngày cuối phải sau ngày đầu.")
    return req.span_from, req.span_to


# ---- figures ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitResult:
    name: str
    count: int  # counted in the span
    recognised: int  # of those, recognised, commended or nominated
    benefit: int  # their benefit, đồng (those with an amount)
    running: int  # counted from the campaign's start to the span's end
    quota: int | None  # the unit's quota for the whole campaign (rolled up)

    @property
    def percent(self) -> float | None:
        return round(100 * self.running / self.quota, 1) if self.quota else None


@dataclass(frozen=True)
class Results:
    campaign: str
    unit: str  # this office's unit
    span: Span
    rows: tuple[UnitResult, ...]
    total: UnitResult


def _benefits_of(campaign_id: int) -> Any:
    def piece(lo: dt.date | None, hi: dt.date, first: bool) -> Any:
        # A partial date ("Quý I/2022") reaching into the span counts in its first piece only
        # (campaigns/windows.py), as the dashboard counts it.
        precision = Initiative.applied_precision if first else None
        return (
            select(
                Initiative.unit_id,
                Initiative.status,
                func.coalesce(func.sum(Initiative.benefit_vnd), 0),
            )
            .where(Initiative.campaign_id == campaign_id, Initiative.deleted_at.is_(None))
            .where(counted_in(Initiative.applied_on, lo, hi, precision))
            .group_by(Initiative.unit_id, Initiative.status)
        )

    return piece


def _is_recognised(status: object) -> bool:
    return isinstance(status, InitiativeStatus) and status in RECOGNISED


def results(s: Session, campaign_id: int, span: Span) -> Results:
    """The figures of every unit below this office (and the total) for the span."""
    campaign = shared.campaign_of(s, campaign_id)
    root = shared.parent_unit(s, campaign_id)
    a, b = span
    start = window_of(campaign, None)[0]
    dated = DatedTree.load(s)
    in_span = count_by_rule(s, dated, initiatives_of(campaign_id), a, b, _is_recognised)
    running = count_by_rule(s, dated, initiatives_of(campaign_id), start, b, _is_recognised)
    benefit: Counts = count_by_rule(s, dated, _benefits_of(campaign_id), a, b, lambda _s: False)
    quotas = {
        u: t
        for u, t in s.execute(
            select(Quota.unit_id, Quota.target).where(
                Quota.campaign_id == campaign_id, Quota.period_id.is_(None)
            )
        )
    }
    tree = Tree.below(dated, root.id, b, keep={*running.all, *quotas})
    figures = figures_of(dated, tree, root.id, running, quotas, 1)

    def result(unit_id: int, name: str) -> UnitResult:
        return UnitResult(
            name,
            in_span.all.get(unit_id, 0),
            in_span.recognised.get(unit_id, 0),
            int(benefit.all.get(unit_id, 0)),
            running.all.get(unit_id, 0),
            figures[unit_id][4],
        )

    rows = tuple(result(u.id, u.name) for u in tree.children.get(root.id, []))
    total = result(root.id, "Tổng cộng")
    return Results(campaign.name, short_unit_name(root.name, root.short_name), span, rows, total)


# ---- the papers -------------------------------------------------------------------------------
PERIODIC_COLUMNS = (
    Col("TT", 5.5, "center"),
    Col("Đơn vị", 30),
    Col("Sáng kiến trong kỳ", 11, "right"),
    Col("Được công nhận", 11, "right"),
    Col("Giá trị làm lợi (đồng)", 18, "right", money=True),
    Col("Lũy kế", 10, "right"),
    Col("Chỉ tiêu", 10, "right"),
    Col("Tỷ lệ đạt", 10, "right"),
)


def _pct(r: UnitResult) -> str:
    return f"{format_number(r.percent, 1)}%" if r.percent is not None else ""


def _line(i: Any, r: UnitResult) -> tuple[Any, ...]:
    return (i, r.name, r.count, r.recognised, r.benefit, r.running, r.quota, _pct(r))


def periodic_report(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> TableDocument:
    """«Báo cáo kết quả» of a half-year, a year or any span, one row per unit."""
    span = span_of(req)
    with sf() as s:
        res = results(s, req.campaign_id, span)
    if not res.rows:
        raise ServiceError("Không có đơn vị nào để báo cáo kết quả.")
    on = req.on or dt.date.today()
    return TableDocument(
        kind=DocumentKind.PERIODIC_REPORT.value,
        letterhead=shared.letterhead(cfg, shared.blank_number(f"BC-{cfg.symbol}"), on),
        title="BÁO CÁO",
        subject=(
            f"Kết quả thực hiện phong trào {span_label(span)}",
            f"Chương trình «{res.campaign}»",
        ),
        subtitle=(
            f"(Từ ngày {format_date(span[0])} đến ngày {format_date(span[1])}; "
            "lũy kế: từ đầu chương trình)"
        ),
        columns=PERIODIC_COLUMNS,
        rows=tuple(_line(i, r) for i, r in enumerate(res.rows, start=1)),
        intro=(result_sentence(res),),
        total=_line("", res.total),
        after=(COUNTING_RULE,),
        recipients=cfg.recipient_lines,
        signature=shared.signature(cfg),
        sheet_title="Kết quả",
    )


def result_sentence(res: Results) -> str:
    """The results as one sentence, to copy into a report ("Tháng 11/2026, …")."""
    t = res.total
    label = span_label(res.span)
    head = label[:1].upper() + label[1:]
    quota = (
        f" (lũy kế {format_number(t.running)}/{format_number(t.quota)} sáng kiến, đạt "
        f"{format_number(t.percent, 1)}% chỉ tiêu)"
        if t.quota
        else f" (lũy kế {format_number(t.running)} sáng kiến)"
    )
    benefit = f", giá trị làm lợi {format_number(t.benefit)} đồng" if t.benefit else ""
    return (
        f"{head}, {res.unit} có {format_number(t.count)} sáng kiến trong chương trình "
        f"«{res.campaign}»{quota}, {format_number(t.recognised)} sáng kiến được công nhận"
        f"{benefit}."
    )


def monthly_result(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> TableDocument:
    """One page to attach to the unit's monthly report: the month's figures per unit."""
    span = span_of(req)
    with sf() as s:
        res = results(s, req.campaign_id, span)
    on = req.on or dt.date.today()
    return TableDocument(
        kind=DocumentKind.MONTHLY_RESULT.value,
        letterhead=shared.letterhead(cfg, shared.blank_number(f"BC-{cfg.symbol}"), on),
        title="KẾT QUẢ THỰC HIỆN",
        subject=(f"Chương trình «{res.campaign}» {span_label(span)}",),
        subtitle="(Kèm theo báo cáo tháng của đơn vị)",
        intro=(result_sentence(res),),
        columns=(
            Col("TT", 5.5, "center"),
            Col("Đơn vị", 40),
            Col("Sáng kiến trong tháng", 14, "right"),
            Col("Lũy kế", 12, "right"),
            Col("Chỉ tiêu", 11, "right"),
            Col("Tỷ lệ đạt", 11, "right"),
        ),
        rows=tuple(
            (i, r.name, r.count, r.running, r.quota, _pct(r))
            for i, r in enumerate(res.rows, start=1)
        ),
        total=(
            "",
            "Tổng cộng",
            res.total.count,
            res.total.running,
            res.total.quota,
            _pct(res.total),
        ),
        after=(COUNTING_RULE,),
        recipients=cfg.recipient_lines,
        signature=shared.signature(cfg),
        sheet_title="Kết quả tháng",
    )


def monthly_line(sf: sessionmaker[Session], campaign_id: int, span: Span) -> str:
    """The month's result as the line the officer copies into the monthly report."""
    with sf() as s:
        return result_sentence(results(s, campaign_id, span))


__all__ = [
    "Results",
    "UnitResult",
    "half_year",
    "month",
    "monthly_line",
    "monthly_result",
    "periodic_report",
    "result_sentence",
    "results",
    "span_label",
    "year",
]
