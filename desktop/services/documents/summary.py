"""The summary table (Bảng tổng hợp tóm tắt sáng kiến) sent with a district's proposals or the
province's nominations: each initiative's content in short, and its effect.

What it lists, first that applies: the nominations upward (once there are any); the proposals
of the upper-level union in scope (services/evaluation/proposals.py), whatever their status,
so that a district prints it with its Tờ trình before anything is recognised; else what is
recognised, commended or nominated."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Initiative, InitiativeStatus, Nomination, Proposal
from desktop.services.common import ServiceError
from desktop.services.documents import shared
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.documents.model import Col, TableDocument
from desktop.services.documents.settings import DocumentSettings
from desktop.services.units.dated import UnitAt
from desktop.services.units.tree import short_unit_name
from desktop.text.numbers import format_number

SUMMARY_CHARS = 400
COLUMNS = (
    Col("TT", 5.5, "center"),
    Col("Tên sáng kiến", 20),
    Col("Tác giả", 14),
    Col("Đơn vị", 13),
    Col("Tóm tắt nội dung", 34),
    Col("Hiệu quả, giá trị làm lợi", 15),
)


def effect_of(ini: Initiative) -> str:
    """Its effect as a paper says it: the benefit in đồng, then the note on it."""
    return " ".join(
        x
        for x in (
            f"Làm lợi {format_number(ini.benefit_vnd)} đồng." if ini.benefit_vnd else "",
            ini.benefit_note or "",
        )
        if x
    )


def _summary_row(n: int, ini: Initiative, unit: UnitAt) -> tuple[Any, ...]:
    if ini.confidential:
        content = "(Sáng kiến mật: chỉ nêu tên và hiệu quả)"
    else:
        content = ini.description
        if len(content) > SUMMARY_CHARS:
            content = content[: SUMMARY_CHARS - 1].rstrip() + "…"
    effect = effect_of(ini)
    return (
        n,
        ini.title,
        ini.authors_text,
        short_unit_name(unit.name, unit.short_name),
        content,
        effect,
    )


def proposed_ids(s: Session, req: DocumentRequest) -> set[int]:
    """The initiatives proposed to the province in the campaign (by the unit in scope, when
    one is), not withdrawn."""
    q = select(Proposal.initiative_id).where(
        Proposal.campaign_id == req.campaign_id, Proposal.withdrawn_at.is_(None)
    )
    unit = shared.scope_unit(s, req)
    if unit is not None:
        q = q.where(Proposal.unit_id == unit)
    return set(s.scalars(q))


def _summarised(s: Session, req: DocumentRequest) -> tuple[list[Initiative], bool]:
    """The initiatives the table lists (see the module), and whether they are proposals."""
    nominated = set(
        s.scalars(select(Nomination.initiative_id).where(Nomination.campaign_id == req.campaign_id))
    )
    proposed = proposed_ids(s, req) if not nominated else set()
    if proposed:
        return [i for i in shared.scoped_initiatives(s, req) if i.id in proposed], True
    inis = shared.scoped_initiatives(
        s,
        req,
        (
            InitiativeStatus.RECOGNISED,
            InitiativeStatus.COMMENDED,
            InitiativeStatus.NOMINATED,
        ),
    )
    if nominated:
        inis = [i for i in inis if i.id in nominated]
    return inis, False


def summary(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> TableDocument:
    with sf() as s:
        campaign = shared.campaign_of(s, req.campaign_id)
        inis, proposals = _summarised(s, req)
        body, n, _scope = shared.grouped(s, req, inis, _summary_row)
        if not n:
            raise ServiceError(
                "Chưa có sáng kiến nào được đề xuất, công nhận hoặc đề nghị trong phạm vi đã "
                "chọn. Công đoàn cấp trên trực tiếp cơ sở ghi các sáng kiến đề xuất lên LĐLĐ "
                "tỉnh ở trang Thẩm định («Đề xuất lên tỉnh»)."
            )
        on = req.on or dt.date.today()
        return TableDocument(
            kind=DocumentKind.SUMMARY.value,
            letterhead=shared.letterhead(cfg, shared.blank_number(f"BTH-{cfg.symbol}"), on),
            title="BẢNG TỔNG HỢP",
            subject=(
                "Tóm tắt sáng kiến đề xuất xét chọn"
                if proposals
                else "Tóm tắt sáng kiến đề nghị xét chọn",
                f"Chương trình «{campaign.name}»",
            ),
            columns=COLUMNS,
            rows=tuple(body),
            after=(f"Tổng số: {format_number(n)} sáng kiến.",),
            recipients=cfg.recipient_lines,
            signature=shared.signature(cfg),
            landscape=True,
            sheet_title="Tổng hợp tóm tắt",
        )
