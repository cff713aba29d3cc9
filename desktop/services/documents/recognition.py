"""The documents of a recognition decision: the list of recognised initiatives, and the
certificates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import DecisionEntry, Field, Initiative, Unit
from desktop.services.common import ServiceError
from desktop.services.documents import shared
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.documents.model import (
    Certificate,
    CertificateDocument,
    Col,
    GroupRow,
    TableDocument,
)
from desktop.services.documents.settings import DocumentSettings
from desktop.services.units.dated import DatedTree
from desktop.services.units.tree import short_unit_name
from desktop.text.dates import format_date
from desktop.text.numbers import format_number

RECOGNITION_COLUMNS = (
    Col("TT", 5.5, "center"),
    Col("Tên sáng kiến", 29),
    Col("Tác giả", 17),
    Col("Đơn vị", 16),
    Col("Lĩnh vực", 14),
    Col("Giá trị làm lợi (đồng)", 15, "right", money=True),
)


def _recognised_rows(s: Session, decision_id: int) -> Sequence[Any]:
    return s.execute(
        select(
            Initiative.id,
            Initiative.title,
            Initiative.authors_text,
            Initiative.unit_id,
            Field.name,
            Initiative.benefit_vnd,
            Initiative.benefit_note,
            Initiative.authors_key,
            Initiative.title_key,
            Initiative.applied_on,
        )
        .join(DecisionEntry, DecisionEntry.initiative_id == Initiative.id)
        .outerjoin(Field, Field.id == Initiative.field_id)
        .where(DecisionEntry.decision_id == decision_id, DecisionEntry.recognised.is_(True))
    ).all()


def _recognition_body(
    s: Session, rows: Sequence[Any], day: dt.date
) -> tuple[list[tuple[Any, ...] | GroupRow], int, int]:
    """The rows by district, by author and title within: the rows, how many, the benefit."""
    dated = DatedTree.load(s)
    groups: dict[int, list[Any]] = {}
    for r in rows:
        # By the upper-level union that held its grassroots union on its date.
        groups.setdefault(dated.upper_on(r[3], r[9] or day), []).append(r)
    heads = {g: dated.at(g, dated.last_day(g, day)) for g in groups}
    body: list[tuple[Any, ...] | GroupRow] = []
    n = 0
    total = 0
    for gid in sorted(groups, key=lambda g: heads[g].name_key):
        body.append(GroupRow(heads[gid].name))
        for r in sorted(groups[gid], key=lambda r: (r[7], r[8], r[0])):
            n += 1
            total += r[5] or 0
            grassroots = dated.at(r[3], r[9] or day)
            benefit = r[5] if r[5] is not None else (r[6] or "")
            body.append(
                (
                    n,
                    r[1],
                    r[2],
                    short_unit_name(grassroots.name, grassroots.short_name),
                    r[4] or "",
                    benefit,
                )
            )
    return body, n, total


def recognition_list(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> TableDocument:
    with sf() as s:
        campaign = shared.campaign_of(s, req.campaign_id)
        d = shared.decision_of(s, req)
        rows = _recognised_rows(s, d.id)
        if not rows:
            raise ServiceError(f"Quyết định số {d.number} không công nhận sáng kiến nào.")
        on = d.signed_on or req.on or dt.date.today()
        body, n, total = _recognition_body(s, rows, on)
        issuer = shared.issuer_name(s, cfg)
        return TableDocument(
            kind=DocumentKind.RECOGNITION_LIST.value,
            letterhead=shared.letterhead(cfg, f"Số: {d.number}", on),
            title="DANH SÁCH",
            subject=("Sáng kiến được công nhận", f"Chương trình «{campaign.name}»"),
            subtitle=(
                f"(Kèm theo Quyết định số {d.number} ngày {format_date(d.signed_on)} của {issuer})"
                if d.signed_on
                else f"(Kèm theo Quyết định số {d.number} của {issuer})"
            ),
            columns=RECOGNITION_COLUMNS,
            rows=tuple(body),
            total=("", f"Tổng cộng: {format_number(n)} sáng kiến", "", "", "", total),
            after=(f"Danh sách gồm {format_number(n)} sáng kiến được công nhận.",),
            recipients=cfg.recipient_lines,
            signature=shared.decision_signature(cfg, d),
            sheet_title="Sáng kiến được công nhận",
        )


def certificates(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> CertificateDocument:
    with sf() as s:
        shared.campaign_of(s, req.campaign_id)
        d = shared.decision_of(s, req)
        rows = s.execute(
            select(Initiative.title, Initiative.authors_text, Unit.name, Field.name)
            .join(DecisionEntry, DecisionEntry.initiative_id == Initiative.id)
            .join(Unit, Unit.id == Initiative.unit_id)
            .outerjoin(Field, Field.id == Initiative.field_id)
            .where(DecisionEntry.decision_id == d.id, DecisionEntry.recognised.is_(True))
            .order_by(Unit.name_key, Initiative.authors_key, Initiative.title_key)
        ).all()
        if not rows:
            raise ServiceError(f"Quyết định số {d.number} không công nhận sáng kiến nào.")
        when = f" ngày {format_date(d.signed_on)}" if d.signed_on else ""
        line = f"Căn cứ Quyết định số {d.number}{when} của {shared.issuer_name(s, cfg)},"
        certs = tuple(
            Certificate(
                number=f"Số: {i:02d}/GCN-{cfg.symbol}",
                title=title,
                authors=authors,
                unit=uname,
                field_name=fname or "",
                decision_line=line,
            )
            for i, (title, authors, uname, fname) in enumerate(rows, start=1)
        )
        on = d.signed_on or req.on or dt.date.today()
        return CertificateDocument(
            kind=DocumentKind.CERTIFICATES.value,
            letterhead=shared.letterhead(cfg, "", on),
            certificates=certs,
            signature=shared.decision_signature(cfg, d),
        )
