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

import datetime as dt
import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.models import (
    Initiative,
    MovedEdit,
    Quota,
    SyncPeer,
    SyncStamp,
    Unit,
    UnitKind,
    utcnow,
)
from desktop.services.common import audit
from desktop.services.sync.apply.context import ApplyContext
from desktop.services.sync.apply.values import table_of
from desktop.services.sync.moved_edits import canonical
from desktop.services.sync.payload import (
    _quota_record,
    _uid_maps,
    _unit_records,
    chunks,
    handed_select,
    initiative_record,
    load_contents,
)
from desktop.services.sync.returned import carried_initiatives, insert_children, store_returned
from desktop.text.normalise import fold


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
    units = [
        u for part in chunks(unit_ids) for u in s.scalars(select(Unit).where(Unit.id.in_(part)))
    ]
    out["handover_units"] = _unit_records(s, units, maps)
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
        twin = _twin(ctx, row) if old is None else None
        unsent = _unsent_edit(ctx, old.id) if old is not None else None
        now = utcnow()
        iid = store_returned(ctx, row, ctx.clock, stage, old, label, now)
        insert_children(ctx, iid, authors, dossier, ctx.clock, me.uid, now)
        ctx.set_stamps("initiative", "handover", {row["uid"]: v})
        if twin is not None:
            _merge_twin(ctx, twin, row["uid"], label, shown, now)
        elif unsent is not None and iid is not None:
            _keep_unsent(ctx, iid, row["uid"], unsent, label, shown)


def _unsent_edit(ctx: ApplyContext, iid: int) -> dict[str, Any] | None:
    """This office's own copy, taken over for the first time, when it holds an edit the
    sender never acknowledged (made while the sender kept the books, its bundles refused):
    its content, to keep beside the books. None for a copy the sender already had."""
    if ctx.s.scalar(
        select(SyncStamp.id).where(
            SyncStamp.entity == "initiative",
            SyncStamp.grp == "handover",
            SyncStamp.uid == select(Initiative.uid).where(Initiative.id == iid).scalar_subquery(),
        )
    ):
        return None
    acked = ctx.s.scalar(select(SyncPeer.acked_clock).where(SyncPeer.office_uid == ctx.sender.uid))
    held = load_contents(ctx.s, [iid])[iid]
    if held["v"] <= (acked or 0):
        return None
    return canonical(held)


def _keep_unsent(
    ctx: ApplyContext, iid: int, uid: str, content: dict[str, Any], label: str, shown: str
) -> None:
    taken = canonical(load_contents(ctx.s, [iid])[iid])
    if content == taken:
        return
    _wait_for_decision(ctx, uid, content, label, shown)


def _wait_for_decision(
    ctx: ApplyContext, uid: str, content: dict[str, Any], label: str, shown: str
) -> None:
    """This office's own content of an initiative the books replaced: kept in the late-edits
    list for the officer to accept (it becomes the content again) or reject."""
    ctx.s.add(
        MovedEdit(
            initiative_uid=uid,
            from_office_uid=ctx.me.uid,
            from_office_name=OWN_COPY,
            content_json=json.dumps(content, ensure_ascii=False, sort_keys=True),
            version=ctx.clock,
        )
    )
    ctx.tally.add(
        label,
        "conflicts",
        f"sáng kiến «{shown}»",
        "văn phòng này có bản khác với sổ được bàn giao: hãy xem ở mục «Sửa đổi chờ xem xét» "
        "để giữ bản nào",
    )


def _twin(ctx: ApplyContext, row: dict[str, Any]) -> int | None:
    """This office's own entry of the same initiative (same campaign, grassroots union and
    title, diacritics and case aside) made before the books came: the same Excel list imported
    on both sides, or the same paper typed twice. None if there is none."""
    t = table_of(Initiative)
    key = fold(str(row.get("title") or ""))
    candidates = ctx.s.execute(
        select(t.c.id, t.c.title).where(
            t.c.unit_id == row["unit_id"],
            t.c.campaign_id == row["campaign_id"],
            t.c.deleted_at.is_(None),
            t.c.uid != row["uid"],
            t.c.uid.not_in(
                select(SyncStamp.uid).where(
                    SyncStamp.entity == "initiative", SyncStamp.grp == "handover"
                )
            ),
        )
    ).all()
    return next((i for i, title in candidates if fold(title) == key), None)


def _merge_twin(
    ctx: ApplyContext, twin_id: int, uid: str, label: str, shown: str, now: dt.datetime
) -> None:
    """One initiative, not two: the handed-over entry stays (the keeper's scores and
    decisions name it), this office's twin goes to the bin as a tombstone that travels, and
    when the two differ the twin's content waits to be accepted or rejected (the late-edits
    list: moved_edits.py), never dropped."""
    contents = load_contents(ctx.s, [twin_id])
    twin_content = canonical(contents[twin_id])
    taken = canonical(load_contents(ctx.s, [_id_of(ctx, uid)])[_id_of(ctx, uid)])
    if {**twin_content, "deleted": False} != {**taken, "deleted": False}:
        _wait_for_decision(ctx, uid, {**twin_content, "deleted": False}, label, shown)
    t = table_of(Initiative)
    ctx.s.execute(
        update(t).where(t.c.id == twin_id).values(deleted_at=now, version=ctx.clock, updated_at=now)
    )
    twin_uid = contents[twin_id]["uid"]
    audit(
        ctx.s,
        "initiative",
        twin_uid,
        "merge_twin",
        f"Gộp với sáng kiến được bàn giao «{shown}» (bản nhập tại đây chuyển vào thùng rác)",
        {"kept_uid": uid},
    )


def _id_of(ctx: ApplyContext, uid: str) -> int:
    t = table_of(Initiative)
    found = ctx.s.scalar(select(t.c.id).where(t.c.uid == uid))
    assert found is not None  # just written
    return found


# Who "sent" this office's own content the books replaced, in the late-edits list.
OWN_COPY = "Bản của văn phòng này trước khi nhận bàn giao sổ"


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
