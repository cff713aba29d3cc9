"""A grassroots union moved to another office's union: the province hands its books over.

The province holds everything its units sent. When it moves a grassroots union into the union
of another office (a reorganisation, ``services/units/reorganise.py``), its next bundles to
that office carry, besides the unit and its history, the union's initiatives with their full
content and the owner's versions, and the union's quotas, until the office acknowledges one
of them: so the new office receives them once and owns them from then on. The statuses and
decisions the province set on them come with the usual status records.

The new office writes each at its own clock and keeps the owner's version in a stamp of its
own (``grp="handover"``), as a restored office does with records it takes back: a later
bundle that still carries the books replaces a copy only while the office has not edited it
since and the version is newer; once the office edited it, its edit stands (the province
takes content of the union from it alone from then on). A copy held from before (a union
that moves back) is replaced when it differs: the office lost it when the union moved away.
The old office keeps its copy read-only: the union is no longer under it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    Initiative,
    Quota,
    SyncStamp,
    Unit,
    UnitKind,
    utcnow,
)
from desktop.services.sync.apply.context import ApplyContext
from desktop.services.sync.apply.values import table_of
from desktop.services.sync.payload import (
    _quota_record,
    _uid_maps,
    chunks,
    handed_select,
    initiative_record,
    load_contents,
)
from desktop.services.sync.returned import carried_initiatives, insert_children, store_returned


def handed_over_units(s: Session, peer_unit: Unit, since: int) -> list[int]:
    """The grassroots unions the province moved into ``peer_unit`` after ``since`` (its clock
    as the peer acknowledged it) that are still there."""
    return list(
        s.scalars(
            select(Unit.id)
            .where(Unit.id.in_(handed_select(peer_unit, since)), Unit.parent_id == peer_unit.id)
            .where(Unit.kind == UnitKind.GRASSROOTS)
            .order_by(Unit.id)
        )
    )


def collect_handover(s: Session, unit_ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """The books of ``unit_ids``: initiatives with their owner's content version, quotas."""
    if not unit_ids:
        return {}
    maps = _uid_maps(s)
    ids: list[int] = []
    for part in chunks(unit_ids):
        ids.extend(s.scalars(select(Initiative.id).where(Initiative.unit_id.in_(part))))
    ids.sort()
    initiatives: list[dict[str, Any]] = []
    for part in chunks(ids):
        contents = load_contents(s, part, maps)
        owners = dict(
            s.execute(
                select(SyncStamp.uid, SyncStamp.version).where(
                    SyncStamp.entity == "initiative",
                    SyncStamp.grp == "content",
                    SyncStamp.uid.in_([contents[i]["uid"] for i in part]),
                )
            ).all()
        )
        for iid in part:
            c = initiative_record(contents[iid])
            # The version its owner gave it (the province's own row version means nothing
            # to another office); entered here, when the province kept the books: its own.
            c["v"] = owners.get(c["uid"], c["v"])
            initiatives.append(c)
    quotas = [
        {"kind": "quota", "record": _quota_record(q, maps)}
        for part in chunks(unit_ids)
        for q in s.scalars(select(Quota).where(Quota.unit_id.in_(part)).order_by(Quota.id))
    ]
    out: dict[str, list[dict[str, Any]]] = {}
    if initiatives:
        out["handover_initiatives"] = initiatives
    if quotas:
        out["handover_records"] = quotas
    return out


def apply_handover(ctx: ApplyContext, records: list[Any]) -> None:
    """Take the books of the unions moved to this office (see the module's docstring)."""
    me = ctx.me
    for c in carried_initiatives(ctx, records, "sáng kiến được bàn giao"):
        row, authors, dossier, v, stage, label, shown = c
        _, kind, parent_id, _ = ctx.unit_by_id[row["unit_id"]]
        if kind != UnitKind.GRASSROOTS or parent_id != me.unit_id:
            ctx.tally.add(
                label, "ignored", f"sáng kiến «{shown}»", "đơn vị không chuyển về văn phòng này"
            )
            continue
        t = table_of(Initiative)
        old = ctx.s.execute(
            select(t.c.id, t.c.unit_id, t.c.status_version).where(t.c.uid == row["uid"])
        ).first()
        if old is not None and not _replaces(ctx, old.id, row["uid"], v):
            ctx.tally.add(label, "unchanged")
            continue
        now = utcnow()
        iid = store_returned(ctx, row, ctx.clock, stage, old, label, now)
        insert_children(ctx, iid, authors, dossier, ctx.clock, me.uid, now)
        ctx.set_stamps("initiative", "handover", {row["uid"]: v})


def _replaces(ctx: ApplyContext, iid: int, uid: str, v: int) -> bool:
    held_version = ctx.s.scalar(select(Initiative.version).where(Initiative.id == iid))
    stamp = ctx.s.execute(
        select(SyncStamp.version, SyncStamp.local_clock).where(
            SyncStamp.entity == "initiative",
            SyncStamp.grp == "handover",
            SyncStamp.uid == uid,
        )
    ).first()
    if stamp is not None:
        # Taken over before: newer books replace it only while it is as it was taken.
        return stamp.local_clock == held_version and v > stamp.version
    # A copy from before the union moved away: the province's books are the truth now.
    return True


__all__ = ["apply_handover", "collect_handover", "handed_over_units"]
