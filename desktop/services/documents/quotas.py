"""The quota table of a campaign, and the progress report per unit against it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Period, Quota
from desktop.services.campaigns.progress import COUNTING_RULE, ProgressRow, ProgressService
from desktop.services.common import ServiceError
from desktop.services.documents import shared
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.documents.model import Col, TableDocument
from desktop.services.documents.settings import DocumentSettings
from desktop.services.units.dated import DatedTree
from desktop.text.dates import format_date
from desktop.text.numbers import format_number

PROGRESS_COLUMNS = (
    Col("TT", 5.5, "center"),
    Col("Đơn vị", 34),
    Col("Chỉ tiêu", 11, "right"),
    Col("Đã có", 11, "right"),
    Col("Tỷ lệ", 11, "right"),
    Col("Được công nhận", 13, "right"),
    Col("CĐCS có sáng kiến", 15, "center"),
)


def quota_table(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> TableDocument:
    with sf() as s:
        campaign = shared.campaign_of(s, req.campaign_id)
        parent = shared.parent_unit(s, req.campaign_id)
        periods = list(campaign.periods)
        quotas = {
            (u, p): t
            for u, p, t in s.execute(
                select(Quota.unit_id, Quota.period_id, Quota.target).where(
                    Quota.campaign_id == campaign.id
                )
            )
        }
        # The units below it on the table's day (a finished campaign: those it ran in).
        dated = DatedTree.load(s)
        day = shared.report_day(s, req)
        with_quota = {u for u, _p in quotas}
        children = [
            u
            for u in dated.children_on(day, keep=with_quota).get(parent.id, [])
            if u.id in with_quota
        ]
        if not children:
            raise ServiceError(f"Chương trình «{campaign.name}» chưa giao chỉ tiêu cho đơn vị nào.")
        body = []
        sums = [0] * (1 + len(periods))
        for i, u in enumerate(children, start=1):
            vals = [quotas.get((u.id, None))] + [quotas.get((u.id, p.id)) for p in periods]
            for k, v in enumerate(vals):
                sums[k] += v or 0
            body.append((i, u.name, *vals))
        total = ("", "Tổng cộng", *sums)
        on = req.on or dt.date.today()
        return TableDocument(
            kind=DocumentKind.QUOTA_TABLE.value,
            letterhead=shared.letterhead(cfg, shared.blank_number(f"BCT-{cfg.symbol}"), on),
            title="BẢNG CHỈ TIÊU",
            subject=(f"Chương trình «{campaign.name}»",),
            subtitle="(Đơn vị tính: sáng kiến)",
            columns=(
                Col("TT", 5.5, "center"),
                Col("Đơn vị", 40),
                Col("Cả giai đoạn", 14, "right"),
                *(Col(p.name, 14, "right") for p in periods),
            ),
            rows=tuple(body),
            total=total,
            recipients=cfg.recipient_lines,
            signature=shared.signature(cfg),
            sheet_title="Chỉ tiêu",
        )


def _progress_body(
    rows: Sequence[ProgressRow], whole: ProgressRow
) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    """The rows, one a unit, and the total row: the figures of the report's own unit, whose
    quota is its own when it holds one (75NGHIN-2021: only the province holds its 750), else
    its units' quotas added up."""
    body = []
    for i, r in enumerate(rows, start=1):
        body.append(
            (
                i,
                r.unit_name,
                r.quota,
                r.count,
                f"{format_number(r.percent, 1)}%" if r.percent is not None else "",
                r.recognised,
                f"{r.grassroots_with_initiative}/{r.grassroots_total}",
            )
        )
    pct = f"{format_number(whole.percent, 1)}%" if whole.percent is not None else ""
    return body, ("", "Tổng cộng", whole.quota, whole.count, pct, whole.recognised, "")


def progress_report(
    progress: ProgressService,
    sf: sessionmaker[Session],
    req: DocumentRequest,
    cfg: DocumentSettings,
) -> TableDocument:
    with sf() as s:
        campaign = shared.campaign_of(s, req.campaign_id)
        parent_id = shared.parent_unit(s, req.campaign_id).id
        period = s.get(Period, req.period_id) if req.period_id else None
        campaign_name = campaign.name
    report = progress.report(req.campaign_id, req.period_id, parent_id, timeline=False)
    if not report.children:
        raise ServiceError("Không có đơn vị nào để báo cáo tiến độ.")
    body, total = _progress_body(report.children, report.total)
    on = req.on or dt.date.today()
    return TableDocument(
        kind=DocumentKind.PROGRESS.value,
        letterhead=shared.letterhead(cfg, shared.blank_number(f"BC-{cfg.symbol}"), on),
        title="BÁO CÁO",
        subject=(
            "Tiến độ thực hiện chỉ tiêu sáng kiến theo đơn vị",
            f"Chương trình «{campaign_name}»" + (f" – {period.name}" if period else ""),
        ),
        subtitle=f"(Số liệu đến ngày {format_date(on)})",
        columns=PROGRESS_COLUMNS,
        rows=tuple(body),
        total=total,
        after=(COUNTING_RULE,),
        recipients=cfg.recipient_lines,
        signature=shared.signature(cfg),
        sheet_title="Tiến độ",
    )
