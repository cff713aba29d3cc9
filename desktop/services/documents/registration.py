"""The registration list of a unit (Mẫu 2); the author's registration form (Mẫu 1) is in
``forms``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Author, Field, Initiative
from desktop.services.common import ServiceError
from desktop.services.documents import shared
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.documents.model import Col, TableDocument
from desktop.services.documents.settings import DocumentSettings
from desktop.services.units.dated import UnitAt
from desktop.services.units.tree import short_unit_name
from desktop.text.numbers import format_number
from desktop.text.partial_dates import format_partial_date

LIST_COLUMNS = (
    Col("TT", 5.5, "center"),
    Col("Tên sáng kiến", 28),
    Col("Tác giả", 17),
    Col("Chức vụ", 12),
    Col("Đơn vị", 15),
    Col("Lĩnh vực", 13),
    Col("Ngày áp dụng", 10, "center"),
)


def applied_cell(ini: Initiative) -> dt.date | str | None:
    """The date of first application as a paper shows it: a date, or "03/2022", "Quý I/2022"
    for one known only to the month or quarter."""
    if ini.applied_precision is None or ini.applied_on is None:
        return ini.applied_on
    return format_partial_date(ini.applied_on, ini.applied_precision)


def _list_row_maker(s: Session) -> shared.MakeRow:
    fields = {f.id: f.name for f in s.scalars(select(Field))}
    job = {
        iid: jt
        for iid, jt in s.execute(
            select(Author.initiative_id, Author.job_title).where(Author.seq == 0)
        )
    }

    def row(n: int, ini: Initiative, unit: UnitAt) -> tuple[Any, ...]:
        return (
            n,
            ini.title,
            ini.authors_text,
            job.get(ini.id) or "",
            short_unit_name(unit.name, unit.short_name),
            fields.get(ini.field_id or -1, ""),
            applied_cell(ini),
        )

    return row


def registration_list(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> TableDocument:
    with sf() as s:
        campaign = shared.campaign_of(s, req.campaign_id)
        row = _list_row_maker(s)
        inis = shared.scoped_initiatives(s, req)
        body, n, scope = shared.grouped(s, req, inis, row)
        if not n:
            raise ServiceError("Chưa có sáng kiến nào đăng ký trong phạm vi đã chọn.")
        on = req.on or dt.date.today()
        who = scope.name if scope is not None else shared.issuer_name(s, cfg)
        return TableDocument(
            kind=DocumentKind.REGISTRATION_LIST.value,
            letterhead=shared.letterhead(cfg, shared.blank_number(f"DS-{cfg.symbol}"), on),
            title="DANH SÁCH",
            subject=(
                f"Đăng ký sáng kiến của {who}",
                f"Chương trình «{campaign.name}»",
            ),
            subtitle="(Mẫu 2)",
            columns=LIST_COLUMNS,
            rows=tuple(body),
            after=(f"Tổng số: {format_number(n)} sáng kiến đăng ký.",),
            recipients=cfg.recipient_lines,
            signature=shared.signature(cfg),
            sheet_title="Đăng ký sáng kiến",
        )
