"""What a bundle carries: the field groups the SENDER owns, changed after what the recipient
acknowledged; and the canonical form of an initiative's content used on both sides."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Sequence, Set
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.models import (
    Author,
    Campaign,
    Deadline,
    Decision,
    DecisionEntry,
    DossierItem,
    Field,
    Initiative,
    InitiativeStatus,
    KeptBooks,
    Period,
    Quota,
    SyncConflict,
    SyncStamp,
    Unit,
    UnitEvent,
    UnitEventKind,
    UnitKind,
    campaign_unit,
)
from desktop.services.common import local_office
from desktop.services.rules.ownership import DISTRICT_STATUSES
from desktop.services.sync.contacts import sends_contacts_up, strip_contacts

CHUNK = 900  # SQLite's bound parameters, with room to spare

DECIDED = frozenset(
    {
        InitiativeStatus.RECOGNISED,
        InitiativeStatus.NOT_RECOGNISED,
        InitiativeStatus.COMMENDED,
        InitiativeStatus.NOMINATED,
    }
)

# The district's registration steps, carried as ``stage`` with its content (ownership.py).
DISTRICT_STAGES = frozenset(s.value for s in DISTRICT_STATUSES)

INITIATIVE_FIELDS = (
    "sector",
    "title",
    "description",
    "benefit_vnd",
    "benefit_note",
    "applied_on",
    "registered_on",
    "confidential",
    "notes",
    # Last, and None for a date known to the day (every record made before it existed): an
    # older office's record, without it, reads the same.
    "applied_precision",
)
AUTHOR_FIELDS = (
    "full_name",
    "birth_date",
    "job_title",
    "workplace",
    "qualification",
    "is_member",
    "contribution_pct",
    # Up only when the office chooses so (contacts.py); down and in a handover, always.
    "phone",
    "email",
)
DOSSIER_FIELDS = ("kind", "received_on", "note")


def chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _uid_maps(s: Session) -> dict[str, dict[int, str]]:
    return {
        "unit": dict(s.execute(select(Unit.id, Unit.uid)).all()),
        "campaign": dict(s.execute(select(Campaign.id, Campaign.uid)).all()),
        "period": dict(s.execute(select(Period.id, Period.uid)).all()),
        "field": dict(s.execute(select(Field.id, Field.uid)).all()),
    }


def content_of(
    row: dict[str, Any], authors: list[dict[str, Any]], dossier: list[dict[str, Any]]
) -> dict[str, Any]:
    """The canonical, comparable content of an initiative (the district's field group)."""
    out = {k: jsonable(row.get(k)) for k in INITIATIVE_FIELDS}
    for ref in ("unit_uid", "campaign_uid", "period_uid", "field_uid"):
        out[ref] = row.get(ref)
    out["deleted"] = bool(row.get("deleted_at"))
    out["authors"] = [
        {k: jsonable(a.get(k)) for k in AUTHOR_FIELDS}
        for a in sorted(authors, key=lambda a: a.get("seq", 0))
    ]
    out["dossier"] = sorted(
        ({k: jsonable(d.get(k)) for k in DOSSIER_FIELDS} for d in dossier),
        key=lambda d: (d["kind"] or "", d["received_on"] or "", d["note"] or ""),
    )
    return out


def load_contents(
    s: Session, ids: list[int], maps: dict[str, dict[int, str]] | None = None
) -> dict[int, dict[str, Any]]:
    """Canonical content of the given initiatives (by id), with version and deletion time."""
    maps = maps or _uid_maps(s)
    t = Initiative.__table__
    out: dict[int, dict[str, Any]] = {}
    authors: dict[int, list[dict[str, Any]]] = {}
    dossier: dict[int, list[dict[str, Any]]] = {}
    versions: dict[int, int] = {}
    rows: dict[int, dict[str, Any]] = {}
    for part in chunks(ids):
        for r in s.execute(select(t).where(t.c.id.in_(part))).mappings():
            d = dict(r)
            d["unit_uid"] = maps["unit"].get(d["unit_id"])
            d["campaign_uid"] = maps["campaign"].get(d["campaign_id"])
            d["period_uid"] = maps["period"].get(d["period_id"]) if d["period_id"] else None
            d["field_uid"] = maps["field"].get(d["field_id"]) if d["field_id"] else None
            rows[d["id"]] = d
            versions[d["id"]] = d["version"] or 0
        for r in s.execute(
            select(Author.__table__).where(Author.__table__.c.initiative_id.in_(part))
        ).mappings():
            authors.setdefault(r["initiative_id"], []).append(dict(r))
            versions[r["initiative_id"]] = max(versions[r["initiative_id"]], r["version"] or 0)
        for r in s.execute(
            select(DossierItem.__table__).where(DossierItem.__table__.c.initiative_id.in_(part))
        ).mappings():
            dossier.setdefault(r["initiative_id"], []).append(dict(r))
            versions[r["initiative_id"]] = max(versions[r["initiative_id"]], r["version"] or 0)
    here = local_office(s)
    for i, d in rows.items():
        c = content_of(d, authors.get(i, []), dossier.get(i, []))
        c["uid"] = d["uid"]
        # When it was first entered, said only by the office that entered it (a relay's
        # created_at is when it arrived there), and whether it was late (rules/deadline.py).
        c["entered_late"] = bool(d.get("entered_late"))
        if d["origin_office_uid"] in (None, here.uid if here else None):
            c["entered_at"] = jsonable(d["created_at"])
        c["v"] = versions[i]
        c["deleted_at"] = jsonable(d["deleted_at"])
        c["status"] = d["status"].value if d["status"] else None
        c["status_version"] = d["status_version"]
        c["author_uids"] = [a["uid"] for a in sorted(authors.get(i, []), key=lambda a: a["seq"])]
        c["dossier_uids"] = {
            (x["kind"].value, jsonable(x["received_on"]), x["note"]): x["uid"]
            for x in dossier.get(i, [])
        }
        out[i] = c
    return out


def _unit_record(
    u: Unit, maps: dict[str, dict[int, str]], events: Sequence[UnitEvent] = ()
) -> dict[str, Any]:
    """A unit's catalogue entry with its whole history: its events ride with it, so that an
    office that learns of a unit (or of a change to it) learns where it sat, and when."""
    unit_uid = maps["unit"].get
    return {
        "uid": u.uid,
        "code": u.code,
        "name": u.name,
        "short_name": u.short_name,
        "kind": u.kind.value,
        "parent_uid": unit_uid(u.parent_id) if u.parent_id else None,
        "sector": u.sector.value if u.sector else None,
        "valid_from": jsonable(u.valid_from),
        "valid_to": jsonable(u.valid_to),
        "v": u.version or 0,
        "events": [
            {
                "uid": e.uid,
                "kind": e.kind.value,
                "on_date": jsonable(e.on_date),
                "old_name": e.old_name,
                "new_name": e.new_name,
                "old_parent_uid": unit_uid(e.old_parent_id) if e.old_parent_id else None,
                "new_parent_uid": unit_uid(e.new_parent_id) if e.new_parent_id else None,
                "other_unit_uid": unit_uid(e.other_unit_id) if e.other_unit_id else None,
                "old_kind": jsonable(e.old_kind),
                "new_kind": jsonable(e.new_kind),
                "note": e.note,
                "origin": e.origin_office_uid,
                "v": e.version,
            }
            for e in sorted(events, key=lambda e: (e.on_date or dt.date.min, e.version, e.uid))
        ],
    }


def _unit_records(
    s: Session, units: Sequence[Unit], maps: dict[str, dict[int, str]]
) -> list[dict[str, Any]]:
    by_unit: dict[int, list[UnitEvent]] = {}
    ids = [u.id for u in units]
    for part in chunks(ids):
        for e in s.scalars(select(UnitEvent).where(UnitEvent.unit_id.in_(part))):
            by_unit.setdefault(e.unit_id, []).append(e)
    return [_unit_record(u, maps, by_unit.get(u.id, ())) for u in units]


def _quota_record(q: Quota, maps: dict[str, dict[int, str]]) -> dict[str, Any]:
    return {
        "uid": q.uid,
        "campaign_uid": maps["campaign"][q.campaign_id],
        "unit_uid": maps["unit"][q.unit_id],
        "period_uid": maps["period"].get(q.period_id) if q.period_id else None,
        "target": q.target,
        "v": q.version or 0,
    }


def _campaign_record(s: Session, c: Campaign) -> dict[str, Any]:
    periods = []
    v = c.version or 0
    for p in c.periods:
        v = max(v, p.version or 0)
        deadlines = []
        for d in p.deadlines:
            v = max(v, d.version or 0)
            deadlines.append({"uid": d.uid, "label": d.label, "due_on": jsonable(d.due_on)})
        periods.append(
            {
                "uid": p.uid,
                "seq": p.seq,
                "name": p.name,
                "count_from": jsonable(p.count_from),
                "count_to": jsonable(p.count_to),
                "target_on": jsonable(p.target_on),
                "entries_close_at": jsonable(p.entries_close_at),
                "deadlines": deadlines,
            }
        )
    fields = []
    for f in c.fields:
        v = max(v, f.version or 0)
        fields.append({"uid": f.uid, "seq": f.seq, "code": f.code, "name": f.name})
    units = sorted(
        s.scalars(
            select(Unit.uid)
            .join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
            .where(campaign_unit.c.campaign_id == c.id)
        )
    )
    return {
        "uid": c.uid,
        "code": c.code,
        "name": c.name,
        "plan_number": c.plan_number,
        "plan_date": jsonable(c.plan_date),
        "plan_issuer": c.plan_issuer,
        "starts_on": jsonable(c.starts_on),
        "ends_on": jsonable(c.ends_on),
        "nomination_limit": c.nomination_limit,
        "min_per_grassroots": c.min_per_grassroots,
        "description_limit": c.description_limit,
        "notes": c.notes,
        "archived": c.archived,
        "closed_at": jsonable(c.closed_at),
        # Format 1.x minor: an older program ignores it (and keeps the four default papers).
        "dossier_items": c.dossier_items,
        "units": units,
        "periods": periods,
        "fields": fields,
        "v": v,
    }


def collect(s: Session, my_unit: Unit, peer_unit: Unit, since: int) -> dict[str, Any]:
    """Everything this office owns or relays that changed after ``since`` (our clock), for
    the peer: down to an office below it, up to the office above (relations.py)."""
    from desktop.services.sync.relations import is_above, is_authority, subtree

    maps = _uid_maps(s)
    data: dict[str, Any] = {
        "units": [],
        "campaigns": [],
        "quotas": [],
        "initiatives": [],
        "statuses": [],
        "decisions": [],
    }
    if is_above(s, my_unit, peer_unit):
        _collect_down(s, data, my_unit, peer_unit, since, maps)
        return data
    mine = subtree(s, my_unit.id)
    # Up: the entries of the units this office's subtree holds (an authority's own too), the
    # quotas it sets for its grassroots unions, and every initiative below it: its own and
    # those it relays from the offices below.
    below = [u for u in mine if u != my_unit.id or is_authority(my_unit.kind)]
    units = [
        u
        for part in chunks(sorted(below))
        for u in s.scalars(select(Unit).where(Unit.id.in_(part), Unit.version > since))
    ]
    data["units"].extend(_unit_records(s, sorted(units, key=lambda u: u.id), maps))
    # The quotas it sets for its grassroots unions; an authority, every quota of its subtree.
    if is_authority(my_unit.kind):
        for part in chunks(sorted(mine - {my_unit.id})):
            for q in s.scalars(select(Quota).where(Quota.unit_id.in_(part), Quota.version > since)):
                data["quotas"].append(_quota_record(q, maps))
    else:
        grassroots = select(Unit.id).where(
            Unit.parent_id == my_unit.id, Unit.kind == UnitKind.GRASSROOTS
        )
        for q in s.scalars(
            select(Quota).where(Quota.unit_id.in_(grassroots), Quota.version > since)
        ):
            data["quotas"].append(_quota_record(q, maps))
    ids: list[int] = []
    for part in chunks(sorted(mine)):
        # An initiative goes when it, or one of its authors or dossier items, changed.
        ids.extend(
            s.scalars(
                select(Initiative.id)
                .where(Initiative.unit_id.in_(part))
                .where(
                    or_(
                        Initiative.version > since,
                        Initiative.id.in_(
                            select(Author.initiative_id).where(Author.version > since)
                        ),
                        Initiative.id.in_(
                            select(DossierItem.initiative_id).where(DossierItem.version > since)
                        ),
                    )
                )
            )
        )
    ids.sort()
    data["initiatives"] = InitiativeRecords(s, ids, maps, contacts=sends_contacts_up(s))
    if is_authority(my_unit.kind):
        # An authority tells the office above what it decided (its statuses and decisions)
        # and what it proposes to it (its nominations).
        _collect_decisions(s, data, my_unit, since, maps, upward=True)
        data["nominations"] = _nominations_up(s, mine, since, maps)
    elif my_unit.kind.is_district_level:
        # A direct upper-level union proposes to the province (evaluation/proposals.py).
        from desktop.services.sync.proposals import proposals_up

        proposals = proposals_up(s, my_unit.id, since, maps)
        if proposals:
            data["proposals"] = proposals
    return data


def _nominations_up(
    s: Session, mine: set[int], since: int, maps: dict[str, dict[int, str]]
) -> list[dict[str, Any]]:
    """The initiatives this authority proposes to the office above, each with the unit that
    proposed it: made here, changed after ``since``."""
    from desktop.models import Nomination

    ini_uid = dict(s.execute(select(Initiative.id, Initiative.uid)).all())
    out = []
    for n in s.scalars(
        select(Nomination).where(Nomination.version > since).order_by(Nomination.id)
    ):
        if n.unit_id not in mine:
            continue
        out.append(
            {
                "uid": n.uid,
                "campaign_uid": maps["campaign"].get(n.campaign_id),
                "initiative_uid": ini_uid.get(n.initiative_id),
                "unit_uid": maps["unit"].get(n.unit_id),
                "nominated_on": jsonable(n.nominated_on),
                "note": n.note,
                "v": n.version or 0,
            }
        )
    return out


def _collect_down(
    s: Session,
    data: dict[str, Any],
    my_unit: Unit,
    peer_unit: Unit,
    since: int,
    maps: dict[str, dict[int, str]],
) -> None:
    """Down to an office below: the catalogue, campaigns, its quotas and the decisions on its
    initiatives. Not what the peer's own subtree holds when it is an authority (it owns
    those: sending them back would only echo them)."""
    from desktop.services.sync.relations import is_authority, subtree

    # Every unit above the grassroots, the grassroots unions moved into or out of the peer's
    # (where units sit is the authority's: both offices learn of a move), and a grassroots
    # office's own entry.
    moved = (
        select(UnitEvent.unit_id)
        .where(UnitEvent.kind == UnitEventKind.MOVE)
        .where(
            or_(
                UnitEvent.old_parent_id == peer_unit.id,
                UnitEvent.new_parent_id == peer_unit.id,
            )
        )
    )
    units = s.scalars(
        select(Unit)
        .where(Unit.version > since)
        .where(or_(Unit.kind != UnitKind.GRASSROOTS, Unit.id.in_(moved), Unit.id == peer_unit.id))
        .order_by(Unit.id)
    ).all()
    if is_authority(peer_unit.kind):
        theirs = subtree(s, peer_unit.id)
        units = [u for u in units if u.id not in theirs]
    data["units"].extend(_unit_records(s, units, maps))
    for c in s.scalars(select(Campaign).order_by(Campaign.id)):
        rec = _campaign_record(s, c)
        if rec["v"] > since:
            data["campaigns"].append(rec)
    for q in s.scalars(
        select(Quota).where(Quota.unit_id.in_([peer_unit.id, my_unit.id]), Quota.version > since)
    ):
        data["quotas"].append(_quota_record(q, maps))
    _collect_decisions(s, data, peer_unit, since, maps)


def initiative_record(c: dict[str, Any]) -> dict[str, Any]:
    """An initiative as a bundle carries it, from what ``load_contents`` read (changed in
    place): the registration step, and each author and dossier item with its uid."""
    # The registration step (registered / dossier sent) is the district's until the
    # province sets a status of its own (services/rules/ownership.py).
    status = c.pop("status", None)
    taken_over = c.pop("status_version", None) is not None
    c["stage"] = status if status in DISTRICT_STAGES and not taken_over else None
    c["authors"] = [
        dict(a, uid=uid) for a, uid in zip(c["authors"], c.pop("author_uids"), strict=True)
    ]
    uids = c.pop("dossier_uids")
    c["dossier"] = [
        dict(d, uid=uids.get((d["kind"], d["received_on"], d["note"]))) for d in c["dossier"]
    ]
    return c


def _collect_decisions(
    s: Session,
    data: dict[str, Any],
    peer_unit: Unit,
    since: int,
    maps: dict[str, dict[int, str]],
    upward: bool = False,
) -> None:
    """Down: the statuses of the peer's initiatives this office set or relays from above, and
    the decisions on them. ``upward`` (an authority to the office above): the statuses and
    decisions it set on the initiatives of its own subtree (``peer_unit`` is its own unit)."""
    rows = _decided_rows(s, peer_unit, since, upward)
    if not rows:
        return
    stamps, conflicts = _stamps_and_conflicts(s, [r.uid for r in rows])
    ids = []
    for r in rows:
        open_conflict = conflicts.get(r.uid)
        rec: dict[str, Any] = {
            "uid": r.uid,
            "status": r.status.value,
            "v": max(r.version or 0, r.ev or 0, r.sv or 0),
            "basis": open_conflict.decided_version if open_conflict else stamps.get(r.uid, 0),
        }
        if open_conflict is not None:
            rec["decided_content"] = open_conflict.decided_json
        data["statuses"].append(rec)
        ids.append(r.id)
    handed = (
        set()
        if upward
        else set(
            s.scalars(
                select(Initiative.id).where(Initiative.unit_id.in_(handed_select(peer_unit, since)))
            )
        )
    )
    _collect_decision_records(s, data, rows, ids, since, maps, handed)


def handed_select(peer_unit: Unit, since: int) -> Select[int]:
    """The units the province moved into ``peer_unit`` after ``since``, and the grassroots
    unions under it whose books this office kept and handed over after ``since``
    (handover.py, units/books.py)."""
    moved = select(UnitEvent.unit_id).where(
        UnitEvent.kind == UnitEventKind.MOVE,
        UnitEvent.new_parent_id == peer_unit.id,
        UnitEvent.version > since,
    )
    kept = select(Unit.id).where(
        Unit.parent_id == peer_unit.id,
        Unit.parent_id.in_(
            select(KeptBooks.unit_id).where(
                KeptBooks.ended_how == "handed_over", KeptBooks.ended_version > since
            )
        ),
    )
    return select(moved.union(kept).subquery().c[0])


def _decided_rows(
    s: Session, peer_unit: Unit, since: int, upward: bool = False
) -> Sequence[Row[Any]]:
    """The peer's initiatives whose status or decision entries changed here (set by this
    office, or received from the office above and relayed down), and every decided one of the
    grassroots unions handed over to it since (handover.py). ``upward``: those of this
    office's own subtree that it set. Never a status the peer itself sent (an echo)."""
    from desktop.models import Office
    from desktop.services.sync.relations import subtree

    peer_uid = s.scalar(
        select(Office.uid).where(Office.unit_id == peer_unit.id, Office.is_local.is_(False))
    )
    # An echo: the status is still the one the peer itself sent (its version unchanged here).
    echoed = select(SyncStamp.uid).where(
        SyncStamp.entity == "initiative",
        SyncStamp.grp == "status",
        SyncStamp.office_uid == (peer_uid or ""),
        SyncStamp.uid == Initiative.uid,
        SyncStamp.version == Initiative.status_version,
    )
    relayed = select(SyncStamp.uid, SyncStamp.local_clock.label("sv")).where(
        SyncStamp.entity == "initiative", SyncStamp.grp == "status"
    )
    relayed_q = relayed.subquery()
    entry_v = (
        select(DecisionEntry.initiative_id, func.max(DecisionEntry.version).label("ev"))
        .group_by(DecisionEntry.initiative_id)
        .subquery()
    )
    scope = sorted(subtree(s, peer_unit.id))
    handed = handed_select(peer_unit, since)
    from_district = select(SyncStamp.uid).where(
        SyncStamp.entity == "initiative", SyncStamp.grp == "content"
    )
    out: list[Row[Any]] = []
    for part in chunks(scope):
        base = (
            select(Initiative.id, Initiative.uid, Initiative.status, Initiative.version)
            .where(Initiative.unit_id.in_(part))
            # Only statuses an authority set: before that the district's steps decide.
            .where(Initiative.status_version.is_not(None))
            .where(~echoed.exists())
        )
        if not upward:
            base = base.where(Initiative.uid.in_(from_district))
        changed = [
            Initiative.version > since,
            and_(entry_v.c.ev.is_not(None), entry_v.c.ev > since),
            and_(relayed_q.c.sv.is_not(None), relayed_q.c.sv > since),
        ]
        if not upward:
            changed.append(Initiative.unit_id.in_(handed))
        out.extend(
            s.execute(
                base.add_columns(entry_v.c.ev, relayed_q.c.sv)
                .outerjoin(entry_v, entry_v.c.initiative_id == Initiative.id)
                .outerjoin(relayed_q, relayed_q.c.uid == Initiative.uid)
                .where(or_(*changed))
            ).all()
        )
    return out


def _stamps_and_conflicts(
    s: Session, uids: list[str]
) -> tuple[dict[str, int], dict[str, SyncConflict]]:
    """The content stamp and the open conflict, by initiative uid."""
    stamps: dict[str, int] = {}
    conflicts: dict[str, SyncConflict] = {}
    for part in chunks(uids):
        for st in s.scalars(
            select(SyncStamp).where(
                SyncStamp.entity == "initiative",
                SyncStamp.grp == "content",
                SyncStamp.uid.in_(part),
            )
        ):
            stamps[st.uid] = st.version
        for cf in s.scalars(
            select(SyncConflict).where(
                SyncConflict.initiative_uid.in_(part), SyncConflict.resolved_at.is_(None)
            )
        ):
            conflicts[cf.initiative_uid] = cf
    return stamps, conflicts


def _collect_decision_records(
    s: Session,
    data: dict[str, Any],
    rows: Sequence[Row[Any]],
    ids: list[int],
    since: int,
    maps: dict[str, dict[int, str]],
    handed: Set[int] = frozenset(),
) -> None:
    """The decisions on those initiatives changed since ``since`` (any, for the initiatives
    ``handed`` over), with only their entries."""
    decision_ids: set[int] = set()
    for part in chunks(ids):
        decision_ids.update(
            s.scalars(
                select(DecisionEntry.decision_id).where(DecisionEntry.initiative_id.in_(part))
            )
        )
    wanted = set(ids)
    ini_uid = {r.id: r.uid for r in rows}
    for d in s.scalars(select(Decision).where(Decision.id.in_(list(decision_ids)))):
        entries = [e for e in d.entries if e.initiative_id in wanted]
        v = max([d.version or 0] + [e.version or 0 for e in entries])
        if v <= since and not any(e.initiative_id in handed for e in entries):
            continue
        data["decisions"].append(decision_record(d, entries, maps, ini_uid, v))


def decision_record(
    d: Decision,
    entries: Iterable[DecisionEntry],
    maps: dict[str, dict[int, str]],
    ini_uid: dict[int, str],
    v: int,
) -> dict[str, Any]:
    """A decision as a bundle carries it, with the entries given (those the recipient may
    see), sorted so that the same decision gives the same bytes."""
    return {
        "uid": d.uid,
        "campaign_uid": maps["campaign"].get(d.campaign_id),
        "period_uid": maps["period"].get(d.period_id) if d.period_id else None,
        "issuer_unit_uid": maps["unit"].get(d.issuer_unit_id) if d.issuer_unit_id else None,
        "number": d.number,
        "signed_on": jsonable(d.signed_on),
        "signer_name": d.signer_name,
        "signer_title": d.signer_title,
        # A withdrawal decision only (older programs read a decision without them).
        **(
            {"withdraws_uid": d.withdraws_uid, "withdrawal_reason": d.withdrawal_reason}
            if d.withdraws_uid
            else {}
        ),
        "entries": [
            {
                "uid": e.uid,
                "initiative_uid": ini_uid[e.initiative_id],
                "recognised": e.recognised,
                "reason": e.reason,
            }
            for e in sorted(entries, key=lambda e: e.uid)
        ],
        "v": v,
    }


class InitiativeRecords:
    """The initiatives a bundle carries, read from the store in pieces each time they are
    walked (a province-wide bundle holds a million: never all in memory at once)."""

    def __init__(
        self, s: Session, ids: list[int], maps: dict[str, dict[int, str]], contacts: bool
    ) -> None:
        self._s, self._ids, self._maps, self._contacts = s, ids, maps, contacts

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for part in chunks(self._ids):
            contents = load_contents(self._s, part, self._maps)
            records = [initiative_record(contents[i]) for i in part]
            if not self._contacts:
                strip_contacts(records)
            yield from records

    def uids(self) -> Iterator[tuple[str, bool]]:
        """Each initiative's uid and whether it is deleted (a light read)."""
        for part in chunks(self._ids):
            yield from (
                (uid, deleted is not None)
                for uid, deleted in self._s.execute(
                    select(Initiative.uid, Initiative.deleted_at)
                    .where(Initiative.id.in_(part))
                    .order_by(Initiative.id)
                )
            )


def uids_of(records: Iterable[dict[str, Any]]) -> Iterator[tuple[str, bool]]:
    """(uid, deleted) of each initiative record, held or read lazily."""
    if isinstance(records, InitiativeRecords):
        return records.uids()
    return ((r["uid"], bool(r.get("deleted"))) for r in records)


def counts_of(data: dict[str, Any]) -> dict[str, int]:
    inis: Iterable[dict[str, Any]] = data.get("initiatives", [])
    deleted = sum(1 for _uid, gone in uids_of(inis) if gone)
    return {
        "initiatives": len(data.get("initiatives", [])) - deleted,
        "deleted": deleted,
        "units": len(data.get("units", [])),
        "campaigns": len(data.get("campaigns", [])),
        "quotas": len(data.get("quotas", [])),
        "statuses": len(data.get("statuses", [])),
        "decisions": len(data.get("decisions", [])),
        **({"nominations": len(data["nominations"])} if data.get("nominations") else {}),
        **({"proposals": len(data["proposals"])} if data.get("proposals") else {}),
    }


_ = (Deadline,)  # campaigns carry their deadlines through the Period relationship
