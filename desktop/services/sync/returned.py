"""What a peer returns to a restored office, and how that office takes its own records back.

See docs/restore-and-epochs.md and :mod:`desktop.services.sync.restore` (the epochs): a peer
that sees a restored office's new epoch sends it the records it owns as the peer holds them,
with the owner's versions; the restored office takes one only when it is newer than its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Row, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from desktop.models import (
    Author,
    Campaign,
    Decision,
    DecisionEntry,
    DossierItem,
    Initiative,
    InitiativeStatus,
    Office,
    Quota,
    SyncStamp,
    Unit,
    UnitEvent,
    UnitEventKind,
    UnitKind,
    UnitLevel,
    utcnow,
)
from desktop.services.sync.apply.campaigns import apply_campaign, quotas_step
from desktop.services.sync.apply.context import CATALOGUE, ApplyContext
from desktop.services.sync.apply.decisions import decision_entries, decision_values
from desktop.services.sync.apply.initiative_rows import parse_initiative, stage_of
from desktop.services.sync.apply.units import apply_unit
from desktop.services.sync.apply.values import (
    BadRecord,
    required_enum_of,
    table_of,
    uid_of,
    version_of,
)
from desktop.services.sync.payload import (
    _campaign_record,
    _quota_record,
    _uid_maps,
    _unit_record,
    _unit_records,
    chunks,
    decision_record,
    initiative_record,
    load_contents,
)


# ---- the peer: what it returns to a restored office ------------------------------------------
def collect_returned(s: Session, peer: Office, peer_unit: Unit) -> list[dict[str, Any]]:
    """The initiatives ``peer`` owns (content of its grassroots units' initiatives) as this
    office holds them, each with the OWNER's version of its content (``SyncStamp``)."""
    if peer_unit.kind.level <= UnitLevel.PROVINCE:
        return []  # an authority's records go back in ``collect_returned_to_province``
    # Its grassroots unions' (or, for a grassroots union's own office, its own).
    grassroots = select(Unit.id).where(
        or_(Unit.parent_id == peer_unit.id, Unit.id == peer_unit.id),
        Unit.kind == UnitKind.GRASSROOTS,
    )
    rows = s.execute(
        select(Initiative.id, Initiative.uid, SyncStamp.version)
        .join(SyncStamp, SyncStamp.uid == Initiative.uid)
        .where(
            Initiative.unit_id.in_(grassroots),
            SyncStamp.entity == "initiative",
            SyncStamp.grp == "content",
            SyncStamp.office_uid == peer.uid,
        )
        .order_by(Initiative.id)
    ).all()
    versions = {r.id: r.version for r in rows}
    out = []
    for part in chunks([r.id for r in rows]):
        contents = load_contents(s, part)
        for iid in part:
            c = initiative_record(contents[iid])
            c["v"] = versions[iid]
            out.append(c)
    return out


# ---- the restored office: taking its own records back -------------------------------------
# One carried initiative, read: its row, authors, dossier, owner's version, registration step,
# the label it is counted under, and its title as messages show it.
Carried = tuple[
    dict[str, Any],
    list[dict[str, Any]],
    list[dict[str, Any]],
    int,
    InitiativeStatus | None,
    str,
    str,
]


def carried_initiatives(ctx: ApplyContext, records: list[Any], what: str) -> Iterator[Carried]:
    """The initiatives a peer carried back or over (a restore's re-send, a handover), each
    read as an import reads one; one that cannot be read is rejected alone, with its reason."""
    for rec in ctx.each(records, what):
        shown = str(rec.get("title") or "?")[:120]
        try:
            row, authors, dossier, v = parse_initiative(ctx, rec)
            stage = stage_of(rec)
        except Exception as exc:  # BadRecord: rejected alone, with its reason
            ctx.tally.add(CATALOGUE, "rejected", f"sáng kiến «{shown}»", str(exc))
            continue
        yield row, authors, dossier, v, stage, ctx.label(row["unit_id"]), shown


def apply_returned(ctx: ApplyContext, records: list[Any]) -> None:
    """Take back this office's own initiatives from a peer's re-send (``ctx`` is the
    import's, ``apply.ApplyContext``): only those newer than what the office holds."""
    for c in carried_initiatives(ctx, records, "sáng kiến gửi lại"):
        row, authors, dossier, v, stage, label, shown = c
        take, old = _returned_held(ctx, row, v, label, shown)
        if not take:
            continue
        now = utcnow()
        iid = store_returned(ctx, row, v, stage, old, label, now)
        insert_children(ctx, iid, authors, dossier, v, ctx.me.uid, now)


def insert_children(
    ctx: ApplyContext,
    iid: int | None,
    authors: list[dict[str, Any]],
    dossier: list[dict[str, Any]],
    version: int,
    origin: str,
    now: dt.datetime,
) -> None:
    """Write an initiative's authors and dossier items as a bundle carried them (its old ones
    are gone: ``store_returned``)."""
    children = dict(
        initiative_id=iid, version=version, origin_office_uid=origin, created_at=now, updated_at=now
    )
    if authors:
        ctx.s.execute(insert(table_of(Author)), [dict(a, **children) for a in authors])
    if dossier:
        ctx.s.execute(insert(table_of(DossierItem)), [dict(d, **children) for d in dossier])


def _returned_held(
    ctx: ApplyContext, row: dict[str, Any], v: int, label: str, shown: str
) -> tuple[bool, Row[Any, Any, Any] | None]:
    """Whether a returned initiative is to be taken, and the row this office holds of it."""
    me = ctx.me
    _, kind, parent_id, _ = ctx.unit_by_id[row["unit_id"]]
    # Its grassroots unions' (or its own, for a grassroots union's office).
    if kind != UnitKind.GRASSROOTS or me.unit_id not in (parent_id, row["unit_id"]):
        ctx.tally.add(
            label,
            "ignored",
            f"sáng kiến «{shown}»",
            "không phải sáng kiến do văn phòng này quản lý",
        )
        return False, None
    t = table_of(Initiative)
    old = ctx.s.execute(
        select(t.c.id, t.c.unit_id, t.c.status_version).where(t.c.uid == row["uid"])
    ).first()
    if old is not None:
        held = load_contents(ctx.s, [old.id])[old.id]
        parent = ctx.unit_by_id.get(old.unit_id, ("", None, None, ""))[2]
        if parent != me.unit_id:
            ctx.tally.add(label, "ignored", f"sáng kiến «{shown}»", "không thuộc văn phòng này")
            return False, old
        if held["v"] >= v:
            ctx.tally.add(label, "unchanged")
            return False, old
    return True, old


def store_returned(
    ctx: ApplyContext,
    row: dict[str, Any],
    v: int,
    stage: InitiativeStatus | None,
    old: Row[Any, Any, Any] | None,
    label: str,
    now: dt.datetime,
) -> int | None:
    """Insert or update the initiative's row (its old authors and dossier gone); its id."""
    s = ctx.s
    t, author, dossier_item = table_of(Initiative), table_of(Author), table_of(DossierItem)
    values = {k: val for k, val in row.items() if k != "uid"}
    values.update(version=v, updated_at=now)
    if old is None:
        values.update(
            uid=row["uid"],
            status=stage or InitiativeStatus.REGISTERED,
            origin_office_uid=ctx.me.uid,
            created_at=now,
        )
        s.execute(insert(t).values(**values))
        iid = s.scalar(select(t.c.id).where(t.c.uid == row["uid"]))
        ctx.tally.add(label, "new")
        return iid
    iid = old.id
    if stage is not None and old.status_version is None:
        values["status"] = stage
    s.execute(update(t).where(t.c.id == iid).values(**values))
    s.execute(delete(author).where(author.c.initiative_id == iid))
    s.execute(delete(dossier_item).where(dossier_item.c.initiative_id == iid))
    ctx.tally.add(label, "updated")
    return iid


def _stamped(s: Session, entity: str, grp: str, owner: str) -> dict[str, int]:
    return dict(
        s.execute(
            select(SyncStamp.uid, SyncStamp.version).where(
                SyncStamp.entity == entity, SyncStamp.grp == grp, SyncStamp.office_uid == owner
            )
        ).all()
    )


def collect_returned_catalogue(s: Session, peer: Office, peer_unit: Unit) -> list[dict[str, Any]]:
    """A district's own catalogue entries as this office holds them: its grassroots units and
    their quotas, each with the district's version. Items as in ``collect_returned_to_province``."""
    maps = _uid_maps(s)
    out: list[dict[str, Any]] = []
    units = _stamped(s, "unit", "content", peer.uid)
    mine = list(
        s.scalars(
            select(Unit)
            .where(Unit.parent_id == peer_unit.id, Unit.kind == UnitKind.GRASSROOTS)
            .order_by(Unit.id)
        )
    )
    for u in mine:
        if u.uid in units:
            out.append({"kind": "unit", "record": dict(_unit_record(u, maps), v=units[u.uid])})
    quotas = _stamped(s, "quota", "content", peer.uid)
    ids = [u.id for u in mine]
    for q in s.scalars(select(Quota).where(Quota.unit_id.in_(ids)).order_by(Quota.id)):
        if q.uid in quotas:
            out.append({"kind": "quota", "record": dict(_quota_record(q, maps), v=quotas[q.uid])})
    return out


def collect_returned_to_province(s: Session, province: Office) -> list[dict[str, Any]]:
    """What a district holds of the province's own records (catalogue entries, campaigns,
    quotas, decisions, statuses), each with the province's version: for a restored province.
    Each item is ``{"kind": ..., "record": ...}``, in the order they must be applied."""
    maps = _uid_maps(s)
    out: list[dict[str, Any]] = []
    units = _stamped(s, "unit", "content", province.uid)
    held = [
        u
        for u in s.scalars(select(Unit).where(Unit.kind != UnitKind.GRASSROOTS).order_by(Unit.id))
        if u.uid in units
    ]
    for rec in _unit_records(s, held, maps):  # with their history (moves, merges…)
        out.append({"kind": "unit", "record": dict(rec, v=units[rec["uid"]])})
    # Where the grassroots unions sit is the province's too (a move it made, then lost): the
    # unions it placed, with their history, after the units they sit in.
    placed = _stamped(s, "unit", "parent", province.uid)
    grassroots = s.scalars(
        select(Unit).where(Unit.kind == UnitKind.GRASSROOTS, Unit.uid.in_(list(placed)))
    )
    for rec in _unit_records(s, sorted(grassroots, key=lambda u: u.id), maps):
        out.append({"kind": "unit_place", "record": dict(rec, v=placed[rec["uid"]])})
    campaigns = _stamped(s, "campaign", "content", province.uid)
    for c in s.scalars(select(Campaign).order_by(Campaign.id)):
        if c.uid in campaigns:
            rec = dict(_campaign_record(s, c), v=campaigns[c.uid])
            out.append({"kind": "campaign", "record": rec})
    quotas = _stamped(s, "quota", "content", province.uid)
    for q in s.scalars(select(Quota).order_by(Quota.id)):
        if q.uid in quotas:
            out.append({"kind": "quota", "record": dict(_quota_record(q, maps), v=quotas[q.uid])})
    decisions = _stamped(s, "decision", "content", province.uid)
    ini_uid = dict(s.execute(select(Initiative.id, Initiative.uid)).all())
    for d in s.scalars(select(Decision).order_by(Decision.id)):
        if d.uid not in decisions:
            continue
        rec = decision_record(d, d.entries, maps, ini_uid, decisions[d.uid])
        out.append({"kind": "decision", "record": rec})
    statuses = _stamped(s, "initiative", "status", province.uid)
    for uid, status in s.execute(select(Initiative.uid, Initiative.status)):
        if uid in statuses:
            rec = {"uid": uid, "status": status.value, "v": statuses[uid]}
            out.append({"kind": "status", "record": rec})
    return out


def _newer(s: Session, me: Office, entity: str, grp: str, uid: str, v: int, held: int) -> bool:
    """Is the returned version ``v`` of one of this office's own records newer than what it
    holds? ``held`` is the record's local version: a value the office took back earlier was
    written at a local clock and keeps the returned version in a stamp of its own."""
    stamp = s.execute(
        select(SyncStamp.version, SyncStamp.local_clock).where(
            SyncStamp.entity == entity,
            SyncStamp.grp == grp,
            SyncStamp.uid == uid,
            SyncStamp.office_uid == me.uid,
        )
    ).first()
    effective = stamp.version if stamp is not None and stamp.local_clock == held else held
    return v > effective


CATALOGUE_KINDS = frozenset({"unit", "unit_place", "campaign", "quota"})
DECISION_KINDS = frozenset({"decision", "status"})
# An upper-level union's proposals to the province: after the initiatives, as the decisions.
LATE_KINDS = DECISION_KINDS | {"proposal"}


def apply_returned_records(ctx: ApplyContext, items: list[Any], kinds: frozenset[str]) -> None:
    """A restored office takes back its own records (``kinds`` of them) from a peer's re-send:
    each only when its version is greater than what the office holds (its edits after the
    restore are newer than anything returned). It writes them at this import's clock, so that
    they travel on to its other peers, and keeps the returned version in a stamp of its own.
    Ownership is checked as for any record: an office only takes back what it owns."""
    s = ctx.s
    me = ctx.me
    unit = s.get(Unit, me.unit_id) if me.unit_id else None
    first_pass = kinds == CATALOGUE_KINDS
    if unit is None:
        return
    if unit.kind != UnitKind.PROVINCE:
        kinds = kinds - {"campaign"} - DECISION_KINDS  # the province's alone
    if not kinds:
        return
    own = ctx.as_own_office()  # the office applying its own records
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("record"), dict):
            if first_pass:  # counted once
                ctx.tally.add(CATALOGUE, "rejected", "dữ liệu gửi lại", "bản ghi không hợp lệ")
            continue
        kind, rec = item.get("kind"), item["record"]
        if kind not in kinds:
            continue
        try:
            uid = uid_of(rec)
            v = version_of(rec)
        except BadRecord as exc:
            ctx.tally.add(CATALOGUE, "rejected", "dữ liệu gửi lại", str(exc))
            continue
        _return_record(own, kind, rec, uid, v)
    s.flush()


def _return_record(own: ApplyContext, kind: str, rec: dict[str, Any], uid: str, v: int) -> None:
    """One of the office's own records, by ``kind``, if newer than what it holds."""
    s, me = own.s, own.me
    if kind in ("unit", "unit_place"):
        grp = "content" if kind == "unit" else "parent"
        u = s.scalar(select(Unit).where(Unit.uid == uid))
        held = (u.version or 0) if u is not None else 0
        if u is not None and kind == "unit_place":
            # Where it sits changed here last with this office's own move (the row's version
            # also moves with its content, which its books' office writes).
            held = (
                s.scalar(
                    select(func.max(UnitEvent.version)).where(
                        UnitEvent.unit_id == u.id,
                        UnitEvent.kind == UnitEventKind.MOVE,
                        UnitEvent.origin_office_uid == me.uid,
                    )
                )
                or 0
            )
        if u is not None and not _newer(s, me, "unit", grp, uid, v, held):
            own.tally.add(CATALOGUE, "unchanged")
        else:
            apply_unit(own, rec)  # ignored, with its reason, if this office does not own it
    elif kind == "campaign":
        c = s.scalar(select(Campaign).where(Campaign.uid == uid))
        held = _campaign_record(s, c)["v"] if c is not None else 0
        if c is not None and not _newer(s, me, "campaign", "content", uid, v, held):
            own.tally.add(CATALOGUE, "unchanged")
        else:
            apply_campaign(own, rec)
    elif kind == "quota":
        q = s.scalar(select(Quota).where(Quota.uid == uid))
        if q is not None and not _newer(s, me, "quota", "content", uid, v, q.version or 0):
            own.tally.add(CATALOGUE, "unchanged")
        else:
            quotas_step(own, [rec])
    elif kind == "decision":
        _return_decision(own, rec, uid, v)
    elif kind == "status":
        _return_status(own, rec, uid, v)
    elif kind == "proposal":
        from desktop.services.sync.proposals import apply_proposal, held_version

        kept = held_version(s, uid)
        if kept is not None and not _newer(s, me, "proposal", "content", uid, v, kept):
            own.tally.add(CATALOGUE, "unchanged")
        else:
            apply_proposal(own, rec, returned=True)


def _return_decision(own: ApplyContext, rec: dict[str, Any], uid: str, v: int) -> None:
    s = own.s
    d = s.scalar(select(Decision).where(Decision.uid == uid))
    if d is not None:
        held = max([d.version or 0] + [e.version or 0 for e in d.entries])
        if not _newer(s, own.me, "decision", "content", uid, v, held):
            own.tally.add(CATALOGUE, "unchanged")
            return
    try:
        # Read as an import reads a decision (apply/decisions.py), except that an entry that
        # is not an object is left out rather than refusing the decision.
        values = decision_values(own, rec)
        entries = decision_entries(rec, drop_malformed=True)
    except BadRecord as exc:
        own.tally.add(CATALOGUE, "rejected", "quyết định gửi lại", str(exc))
        return
    own.tally.add(CATALOGUE, "new" if d is None else "updated")
    if d is None:
        d = Decision(uid=uid, origin_office_uid=own.me.uid)
        s.add(d)
    for k, val in values.items():
        setattr(d, k, val)
    d.version = own.clock
    s.flush()
    # Only the entries of this district's initiatives travel: the others stay as they are.
    for euid, iuid, recognised, reason in entries:
        iid = s.scalar(select(Initiative.id).where(Initiative.uid == iuid))
        if iid is None:
            continue
        s.execute(delete(DecisionEntry).where(DecisionEntry.uid == euid))
        s.add(
            DecisionEntry(
                uid=euid,
                decision_id=d.id,
                initiative_id=iid,
                recognised=recognised,
                reason=reason,
                version=own.clock,
                origin_office_uid=own.me.uid,
            )
        )
    s.flush()
    own.set_stamps("decision", "content", {uid: v})


def _return_status(own: ApplyContext, rec: dict[str, Any], uid: str, v: int) -> None:
    s = own.s
    t = table_of(Initiative)
    row = s.execute(
        select(t.c.id, t.c.unit_id, t.c.status, t.c.status_version).where(t.c.uid == uid)
    ).first()
    if row is None:
        return
    label = own.label(row.unit_id)
    # ``status_version``: the province's version of the status it set (a district's content
    # arriving later moves ``version``, not this).
    if not _newer(s, own.me, "initiative", "status", uid, v, row.status_version or 0):
        own.tally.add(label, "unchanged")
        return
    try:
        status = required_enum_of(InitiativeStatus, rec, "status")
    except BadRecord as exc:
        own.tally.add(label, "rejected", "trạng thái gửi lại", str(exc))
        return
    own.tally.add(label, "unchanged" if status == InitiativeStatus(row.status) else "updated")
    s.execute(
        update(t)
        .where(t.c.id == row.id)
        .values(status=status, status_version=own.clock, version=own.clock)
    )
    own.set_stamps("initiative", "status", {uid: v})
