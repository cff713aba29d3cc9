"""Late edits to a moved union's initiatives: kept for the new owner, never dropped.

The province moves a grassroots union from one office's union to another's. The old office
goes on editing its initiatives until the province's bundle tells it of the move; those edits
reach the province after the move, from an office that no longer owns them. Instead of
ignoring them, the province keeps each (``MovedEdit``: the content the old office sent) and
passes it to the office of the union's new upper-level union, which accepts it (the content
becomes its own edit, through the same rules as any edit, and travels on) or rejects it; the
outcome goes back up so the province closes it too. When the new upper-level union has no
office, the province keeps its books and decides itself.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import (
    DatePrecision,
    DossierKind,
    Field,
    Initiative,
    MovedEdit,
    Period,
    Sector,
    Unit,
    UnitEvent,
    UnitEventKind,
    utcnow,
)
from desktop.services.common import NotFound, ServiceError, audit, local_office
from desktop.services.sync.apply.context import ApplyContext
from desktop.services.sync.apply.values import BadRecord, optional_uid_of, str_of, uid_of
from desktop.services.sync.contacts import with_held_contacts
from desktop.services.sync.payload import (
    AUTHOR_FIELDS,
    DOSSIER_FIELDS,
    INITIATIVE_FIELDS,
    load_contents,
)
from desktop.services.units.tree import short_unit_name

ACCEPTED, REJECTED = "accepted", "rejected"
_REFS = ("unit_uid", "campaign_uid", "period_uid", "field_uid")


def canonical(c: dict[str, Any]) -> dict[str, Any]:
    """The comparable content of an initiative record or of ``load_contents``' answer."""
    out = {k: c.get(k) for k in (*INITIATIVE_FIELDS, *_REFS)}
    out["deleted"] = bool(c.get("deleted") or c.get("deleted_at"))
    out["authors"] = [{k: a.get(k) for k in AUTHOR_FIELDS} for a in c.get("authors") or ()]
    out["dossier"] = sorted(
        ({k: d.get(k) for k in DOSSIER_FIELDS} for d in c.get("dossier") or ()),
        key=lambda d: (d["kind"] or "", d["received_on"] or "", d["note"] or ""),
    )
    return out


def _stamp(s: Session, edit: MovedEdit) -> None:
    """Stamp the row with this office's logical clock, so that it travels."""
    office = local_office(s)
    if office is None:
        edit.version = (edit.version or 0) + 1
        return
    office.clock = (office.clock or 0) + 1
    edit.version = office.clock


# ---- at the province, when the late edit arrives ------------------------------------------------
def was_owner_before_move(ctx: ApplyContext, unit_id: int) -> str | None:
    """The name of the union ``unit_id`` went to, when the sender's union held it before the
    province moved it (None otherwise)."""
    moved = ctx.s.scalar(
        select(UnitEvent)
        .where(
            UnitEvent.unit_id == unit_id,
            UnitEvent.kind == UnitEventKind.MOVE,
            UnitEvent.old_parent_id == ctx.sender_unit.id,
        )
        .order_by(UnitEvent.id.desc())
    )
    if moved is None or moved.new_parent_id is None:
        return None
    target = ctx.s.get(Unit, moved.new_parent_id)
    return short_unit_name(target.name, target.short_name) if target else "đơn vị mới"


def keep_late_edit(ctx: ApplyContext, iid: int, rec: dict[str, Any]) -> bool:
    """Keep the old office's late content of initiative ``iid`` for its new owner. False when
    it is what the province holds already (nothing to decide)."""
    held = load_contents(ctx.s, [iid])[iid]
    # An old office sends no contacts up unless it chose to: keep the ones held here.
    content = canonical(with_held_contacts(rec, held))
    if content == canonical(held):
        return False
    edit = ctx.s.scalar(
        select(MovedEdit).where(
            MovedEdit.initiative_uid == held["uid"],
            MovedEdit.from_office_uid == ctx.sender.uid,
            MovedEdit.outcome.is_(None),
        )
    )
    if edit is None:
        edit = MovedEdit(
            initiative_uid=held["uid"],
            from_office_uid=ctx.sender.uid,
            from_office_name=ctx.sender.name,
        )
        ctx.s.add(edit)
    edit.content_json = json.dumps(content, ensure_ascii=False, sort_keys=True)
    edit.detected_at = utcnow()
    edit.version = ctx.clock
    ctx.s.flush()
    return True


# ---- what travels -------------------------------------------------------------------------------
def collect_for(s: Session, peer_unit: Unit, since: int) -> list[dict[str, Any]]:
    """Province → the new owner: the open late edits of initiatives of its grassroots unions."""
    mine = select(Unit.id).where(Unit.parent_id == peer_unit.id)
    owned = select(Initiative.uid).where(Initiative.unit_id.in_(mine))
    rows = s.scalars(
        select(MovedEdit)
        .where(MovedEdit.outcome.is_(None), MovedEdit.version > since)
        .where(MovedEdit.initiative_uid.in_(owned))
        .order_by(MovedEdit.id)
    )
    return [
        {
            "uid": e.uid,
            "initiative_uid": e.initiative_uid,
            "from_office_uid": e.from_office_uid,
            "from_office_name": e.from_office_name,
            "content": json.loads(e.content_json),
            "v": e.version,
        }
        for e in rows
    ]


def collect_outcomes(s: Session, since: int) -> list[dict[str, Any]]:
    """The new owner → the province: what it decided about the late edits."""
    rows = s.scalars(
        select(MovedEdit)
        .where(MovedEdit.outcome.is_not(None), MovedEdit.version > since)
        .order_by(MovedEdit.id)
    )
    return [{"uid": e.uid, "outcome": e.outcome, "resolved_by": e.resolved_by} for e in rows]


def apply_moved_edits(ctx: ApplyContext, records: list[Any]) -> None:
    """At the new owner: keep the province's late edits of initiatives it owns, once each."""
    if not ctx.sender_is_province:
        return
    for rec in ctx.each(records, "sửa đổi của văn phòng cũ"):
        try:
            uid = uid_of(rec)
            ini_uid = uid_of(rec, "initiative_uid")
            office_uid = optional_uid_of(rec, "from_office_uid") or ""
            office_name = str_of(rec, "from_office_name", 300) or "văn phòng cũ"
            content = rec.get("content")
            if not isinstance(content, dict):
                raise BadRecord("thiếu nội dung sửa đổi")
        except BadRecord as exc:
            ctx.tally.add("Danh mục chung", "rejected", "sửa đổi của văn phòng cũ", str(exc))
            continue
        if ctx.s.scalar(select(MovedEdit.id).where(MovedEdit.uid == uid)) is not None:
            continue
        ini = ctx.s.scalar(select(Initiative).where(Initiative.uid == ini_uid))
        if (
            ini is None
            or ctx.unit_by_id.get(ini.unit_id, ("", None, None, ""))[2] != ctx.me.unit_id
        ):
            continue  # not this office's (any more)
        ctx.s.add(
            MovedEdit(
                uid=uid,
                initiative_uid=ini_uid,
                from_office_uid=office_uid,
                from_office_name=office_name,
                content_json=json.dumps(canonical(content), ensure_ascii=False, sort_keys=True),
                version=ctx.clock,
            )
        )
        ctx.tally.add(
            ctx.label(ini.unit_id),
            "conflicts",
            f"sáng kiến «{ini.title[:120]}»",
            f"{office_name} đã sửa sau khi đơn vị chuyển về đây: hãy nhận hoặc bỏ",
        )


def apply_outcomes(ctx: ApplyContext, records: list[Any]) -> None:
    """At the province: close the late edits the new owner decided about."""
    for rec in ctx.each(records, "kết quả xem xét sửa đổi"):
        uid = rec.get("uid") if isinstance(rec, dict) else None
        outcome = rec.get("outcome") if isinstance(rec, dict) else None
        if not isinstance(uid, str) or outcome not in (ACCEPTED, REJECTED):
            continue
        edit = ctx.s.scalar(select(MovedEdit).where(MovedEdit.uid == uid))
        if edit is None or edit.outcome is not None:
            continue
        edit.outcome = outcome
        edit.resolved_at = utcnow()
        edit.resolved_by = str(rec.get("resolved_by") or ctx.sender.name)[:300]


# ---- the owner decides --------------------------------------------------------------------------
@dataclass(frozen=True)
class MovedEditRow:
    id: int
    initiative_id: int | None
    title: str
    from_office: str
    detected_at: dt.datetime
    proposed: dict[str, Any]  # the old office's content
    current: dict[str, Any] | None  # the content held now


class MovedEditService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def open(self) -> list[MovedEditRow]:
        with self._sf() as s:
            out = []
            for e in s.scalars(select(MovedEdit).where(MovedEdit.outcome.is_(None))):
                ini = s.scalar(select(Initiative).where(Initiative.uid == e.initiative_uid))
                current = canonical(load_contents(s, [ini.id])[ini.id]) if ini else None
                out.append(
                    MovedEditRow(
                        e.id,
                        ini.id if ini else None,
                        ini.title if ini else "?",
                        e.from_office_name,
                        e.detected_at,
                        json.loads(e.content_json),
                        current,
                    )
                )
            return out

    def accept(self, edit_id: int) -> None:
        """Make the old office's content this office's own edit (the usual rules apply)."""
        from desktop.services.initiatives.service import InitiativeService

        with self._sf() as s:
            edit, ini = self._get(s, edit_id)
            data = _input_of(s, ini, json.loads(edit.content_json))
            version = ini.edit_version
            iid = ini.id
        InitiativeService(self._sf).update(iid, data, expected_version=version)
        self._close(edit_id, ACCEPTED)

    def reject(self, edit_id: int) -> None:
        self._close(edit_id, REJECTED)

    def _close(self, edit_id: int, outcome: str) -> None:
        with self._sf.begin() as s:
            edit, ini = self._get(s, edit_id)
            office = local_office(s)
            edit.outcome = outcome
            edit.resolved_at = utcnow()
            edit.resolved_by = office.name if office else None
            _stamp(s, edit)
            word = "nhận" if outcome == ACCEPTED else "bỏ"
            audit(
                s,
                "initiative",
                ini.uid,
                f"moved_edit_{outcome}",
                f"{word.capitalize()} sửa đổi của {edit.from_office_name} về «{ini.title}»",
            )

    @staticmethod
    def _get(s: Session, edit_id: int) -> tuple[MovedEdit, Initiative]:
        edit = s.get(MovedEdit, edit_id)
        if edit is None or edit.outcome is not None:
            raise ServiceError("Sửa đổi này đã được xem xét.")
        ini = s.scalar(select(Initiative).where(Initiative.uid == edit.initiative_uid))
        if ini is None:
            raise NotFound("Không tìm thấy sáng kiến.")
        return edit, ini


def _input_of(s: Session, ini: Initiative, c: dict[str, Any]) -> Any:
    """The entry form's input for ``ini`` with the proposed content ``c``."""
    from desktop.services.initiatives.service import AuthorInput, DossierInput, InitiativeInput

    def day(v: object) -> dt.date | None:
        return dt.date.fromisoformat(v) if isinstance(v, str) and v else None

    def money(v: object) -> int | None:
        try:
            return int(Decimal(str(v))) if v not in (None, "") else None
        except InvalidOperation:
            return None

    field_id = s.scalar(select(Field.id).where(Field.uid == c.get("field_uid")))
    period_id = s.scalar(select(Period.id).where(Period.uid == c.get("period_uid")))
    return InitiativeInput(
        campaign_id=ini.campaign_id,
        unit_id=ini.unit_id,
        title=str(c.get("title") or ini.title),
        authors=tuple(
            AuthorInput(
                full_name=str(a.get("full_name") or ""),
                job_title=a.get("job_title"),
                workplace=a.get("workplace"),
                is_member=bool(a.get("is_member", True)),
                contribution_pct=Decimal(str(a.get("contribution_pct") or 100)),
                birth_date=day(a.get("birth_date")),
                qualification=a.get("qualification"),
                phone=a.get("phone"),
                email=a.get("email"),
            )
            for a in c.get("authors") or ()
        ),
        field_id=field_id,
        sector=Sector(c["sector"]) if c.get("sector") else None,
        period_id=period_id,
        description=str(c.get("description") or ""),
        benefit_vnd=money(c.get("benefit_vnd")),
        benefit_note=c.get("benefit_note"),
        applied_on=day(c.get("applied_on")),
        applied_precision=(
            DatePrecision(c["applied_precision"]) if c.get("applied_precision") else None
        ),
        registered_on=day(c.get("registered_on")),
        confidential=bool(c.get("confidential")),
        notes=c.get("notes"),
        dossier=tuple(
            DossierInput(DossierKind(d["kind"]), day(d.get("received_on")), d.get("note"))
            for d in c.get("dossier") or ()
            if d.get("kind")
        ),
    )


__all__ = [
    "MovedEditRow",
    "MovedEditService",
    "apply_moved_edits",
    "apply_outcomes",
    "collect_for",
    "collect_outcomes",
    "keep_late_edit",
    "was_owner_before_move",
]
