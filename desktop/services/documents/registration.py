"""The registration form of one initiative (Mẫu 1) and the registration list of a unit
(Mẫu 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Author, Field, Initiative, Unit
from desktop.services import labels
from desktop.services.common import NotFound, ServiceError
from desktop.services.documents import shared
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.documents.model import Col, Signature, TableDocument
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


def _author_line(a: Author) -> str:
    bits = [a.full_name]
    if a.job_title:
        bits.append(a.job_title)
    if a.workplace:
        bits.append(a.workplace)
    bits.append(f"đóng góp {format_number(a.contribution_pct, 0)}%")
    return " – ".join(bits)


def _form_rows(
    ini: Initiative, authors: list[Author], unit: Unit | None, fld: Field | None
) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = [
        (1, "Tên sáng kiến", ini.title),
        (2, "Tác giả / nhóm tác giả", labels.AUTHOR_KIND[ini.author_kind]),
    ]
    for a in authors:
        rows.append(("", "", _author_line(a)))
    rows += [
        (3, "Đơn vị (công đoàn cơ sở)", unit.name if unit else ""),
        (4, "Lĩnh vực", fld.name if fld else ""),
        (5, "Ngày bắt đầu áp dụng", applied_cell(ini)),
        (
            6,
            "Tóm tắt nội dung",
            "(Sáng kiến mật: không in nội dung)" if ini.confidential else ini.description,
        ),
        (
            7,
            "Hiệu quả, giá trị làm lợi",
            " – ".join(
                x
                for x in (
                    f"{format_number(ini.benefit_vnd)} đồng" if ini.benefit_vnd else "",
                    ini.benefit_note or "",
                )
                if x
            ),
        ),
    ]
    return rows


def registration_form(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> TableDocument:
    if req.initiative_id is None:
        raise ServiceError("Hãy chọn một sáng kiến để in phiếu đăng ký.")
    with sf() as s:
        ini = s.get(Initiative, req.initiative_id)
        if ini is None:
            raise NotFound("Không tìm thấy sáng kiến.")
        campaign = shared.campaign_of(s, ini.campaign_id)
        unit = s.get(Unit, ini.unit_id)
        fld = s.get(Field, ini.field_id) if ini.field_id else None
        authors = list(
            s.scalars(select(Author).where(Author.initiative_id == ini.id).order_by(Author.seq))
        )
        rows = _form_rows(ini, authors, unit, fld)
        on = ini.registered_on or req.on or dt.date.today()
        return TableDocument(
            kind=DocumentKind.REGISTRATION_FORM.value,
            letterhead=shared.letterhead(cfg, shared.blank_number("ĐK"), on),
            title="PHIẾU ĐĂNG KÝ SÁNG KIẾN",
            subject=(f"Chương trình «{campaign.name}»",),
            subtitle="(Mẫu 1)",
            columns=(Col("TT", 5.5, "center"), Col("Nội dung", 25), Col("Thông tin", 70)),
            rows=tuple(rows),
            signature=Signature("", "TÁC GIẢ", authors[0].full_name if authors else ""),
            sheet_title="Phiếu đăng ký",
        )


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
