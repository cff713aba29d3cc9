"""A grassroots union moved to another office's union: the province hands its books over.

The province holds everything its units sent. When it moves a grassroots union into the union
of another office (a reorganisation, ``services/units/reorganise.py``), its next bundles to
that office carry, besides the unit and its history, the union's initiatives with their full
content and the owner's versions, and the union's quotas, until the office acknowledges one
of them: so the new office receives them once and owns them from then on. The statuses and
decisions the province set on them come with the usual status records.

The new office takes them as a restored office takes its own records back
(``returned.apply_returned``): each only when newer than what it holds. The old office keeps
its copy read-only: the union is no longer under it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Initiative, Quota, SyncStamp, Unit, UnitKind
from desktop.services.sync.payload import (
    _quota_record,
    _uid_maps,
    chunks,
    handed_select,
    initiative_record,
    load_contents,
)


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


__all__ = ["collect_handover", "handed_over_units"]
