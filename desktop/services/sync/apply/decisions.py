"""The province's field group: recognition decisions and the initiatives' statuses."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update

from desktop.models import (
    Decision,
    DecisionEntry,
    Initiative,
    InitiativeStatus,
    SyncConflict,
    SyncStamp,
    utcnow,
)
from desktop.services.sync.apply.context import CATALOGUE, ApplyContext
from desktop.services.sync.apply.initiatives import INITIATIVE, record_conflict
from desktop.services.sync.apply.values import (
    BadRecord,
    bool_of,
    date_of,
    int_of,
    list_of,
    loads_dict,
    optional_uid_of,
    required_enum_of,
    required_str_of,
    str_of,
    table_of,
    uid_of,
    version_of,
)
from desktop.services.sync.payload import DECIDED, chunks

DECISION_ENTRY = table_of(DecisionEntry)

# (entry uid, initiative uid, recognised, reason) of one entry of a decision.
EntryRow = tuple[str, str, bool, str | None]


# ---- reading a decision: shared with a restored province taking its own back (restore.py) --
def decision_values(ctx: ApplyContext, rec: dict[str, Any]) -> dict[str, Any]:
    """A decision's own columns, with this office's ids; BadRecord if invalid."""
    campaign_uid = uid_of(rec, "campaign_uid")
    if campaign_uid not in ctx.campaigns:
        raise BadRecord("không rõ chương trình")
    period_uid = optional_uid_of(rec, "period_uid")
    issuer_uid = optional_uid_of(rec, "issuer_unit_uid")
    return {
        "campaign_id": ctx.campaigns[campaign_uid],
        "period_id": ctx.periods.get(period_uid) if period_uid else None,
        "issuer_unit_id": ctx.units[issuer_uid][0] if issuer_uid in ctx.units else None,
        "number": required_str_of(rec, "number", 60),
        "signed_on": date_of(rec, "signed_on"),
        "signer_name": str_of(rec, "signer_name", 200),
        "signer_title": str_of(rec, "signer_title", 200),
        # A withdrawal decision names the decision it withdraws (absent before 0014).
        "withdraws_uid": optional_uid_of(rec, "withdraws_uid"),
        "withdrawal_reason": str_of(rec, "withdrawal_reason", 5000),
    }


def decision_entries(rec: dict[str, Any], drop_malformed: bool) -> list[EntryRow]:
    """A decision's entries; BadRecord if one is invalid. An entry that is not even an object
    refuses the decision in an import (``drop_malformed`` False) but is left out when a
    restored province takes its own decision back (restore.py has always done so: it takes
    back what it can of its own record rather than nothing)."""
    entries = []
    for e in list_of(rec, "entries", 100_000):
        if not isinstance(e, dict):
            if drop_malformed:
                continue
            raise BadRecord("mục quyết định không hợp lệ")
        entries.append(
            (
                uid_of(e),
                uid_of(e, "initiative_uid"),
                bool_of(e, "recognised", True),
                str_of(e, "reason", 5000),
            )
        )
    return entries


# ---- decisions -----------------------------------------------------------------------------
def decisions_step(ctx: ApplyContext, records: list[Any]) -> None:
    for rec in ctx.each(records, "quyết định"):
        ctx.guarded(CATALOGUE, f"quyết định {_number(rec)}", apply_decision, ctx, rec)


def _number(rec: dict[str, Any]) -> str:
    return str(rec.get("number") or "?")[:60]


def apply_decision(ctx: ApplyContext, rec: dict[str, Any]) -> None:
    """One decision with all its entries (those of initiatives this office holds), if newer."""
    if not ctx.sends_decisions:
        ctx.tally.add(
            CATALOGUE,
            "ignored",
            f"quyết định {_number(rec)}",
            "chỉ cơ quan xét công nhận (LĐLĐ tỉnh, Tổng Liên đoàn) ra quyết định công nhận",
        )
        return
    try:
        uid = uid_of(rec)
        v = version_of(rec)
        values = decision_values(ctx, rec)
        entries = decision_entries(rec, drop_malformed=False)
    except BadRecord as exc:
        ctx.tally.add(CATALOGUE, "rejected", f"quyết định {_number(rec)}", str(exc))
        return
    stamp = ctx.stamps("decision", "content", [uid]).get(uid)
    d = ctx.s.scalar(select(Decision).where(Decision.uid == uid))
    if d is not None and not ctx.is_newer(stamp, v):
        ctx.tally.add(CATALOGUE, "unchanged")
        return
    ctx.tally.add(CATALOGUE, "new" if d is None else "updated")
    if d is None:
        d = Decision(uid=uid, origin_office_uid=ctx.sender.uid)
        ctx.s.add(d)
    for k, val in values.items():
        setattr(d, k, val)
    d.version = ctx.clock
    ctx.s.flush()
    ctx.s.execute(delete(DECISION_ENTRY).where(DECISION_ENTRY.c.decision_id == d.id))
    _write_entries(ctx, d, entries)
    ctx.set_stamps("decision", "content", {uid: v})


def _write_entries(ctx: ApplyContext, d: Decision, entries: list[EntryRow]) -> None:
    ini: dict[str, int] = {}
    wanted = [e[1] for e in entries]
    for part in chunks(wanted):
        ini.update(
            ctx.s.execute(
                select(Initiative.uid, Initiative.id).where(Initiative.uid.in_(part))
            ).all()
        )
    rows = [
        {
            "uid": euid,
            "decision_id": d.id,
            "initiative_id": ini[iuid],
            "recognised": rec_ok,
            "reason": reason,
            "version": ctx.clock,
            "origin_office_uid": ctx.sender.uid,
            "created_at": utcnow(),
            "updated_at": utcnow(),
        }
        for euid, iuid, rec_ok, reason in entries
        if iuid in ini
    ]
    if rows:
        ctx.s.execute(insert(DECISION_ENTRY), rows)


# ---- statuses ------------------------------------------------------------------------------
# What this office holds of an initiative whose status arrives: (id, unit id, status, content
# version, title).
HeldStatus = tuple[int, int, str, int, str | None]


def statuses_step(ctx: ApplyContext, records: list[Any]) -> None:
    records = ctx.each(records, "trạng thái")
    if not records:
        return
    t = INITIATIVE
    uids = [u for r in records if isinstance(u := r.get("uid"), str)]
    existing: dict[str, HeldStatus] = {}
    for part in chunks(uids):
        for uid, iid, unit_id, status, version, title in ctx.s.execute(
            select(t.c.uid, t.c.id, t.c.unit_id, t.c.status, t.c.version, t.c.title).where(
                t.c.uid.in_(part)
            )
        ):
            existing[uid] = (iid, unit_id, status, version, title)
    stamps = ctx.stamps("initiative", "status", uids)
    taken = _taken_over_as_is(ctx, uids)
    versions: dict[str, int] = {}
    changes: list[dict[str, Any]] = []
    for rec in records:
        change = _status(ctx, rec, existing, stamps, taken)
        if change is not None:
            versions[change["uid"]] = change["status_version"]
            changes.append(change)
    for c in changes:
        # The status changes, the content version does not: it is the district's clock.
        ctx.s.execute(
            update(t)
            .where(t.c.id == c["b_id"])
            .values(
                status=c["status"],
                status_version=c["status_version"],
                edit_version=t.c.edit_version + 1,
            )
        )
    ctx.set_stamps("initiative", "status", versions)


def _taken_over_as_is(ctx: ApplyContext, uids: list[str]) -> dict[str, int]:
    """The initiatives this office took over in a handover (sync/handover.py), by uid, with
    the clock value it wrote them at: one still at that value has not been edited here."""
    out: dict[str, int] = {}
    for part in chunks(uids):
        out.update(
            ctx.s.execute(
                select(SyncStamp.uid, SyncStamp.local_clock).where(
                    SyncStamp.entity == "initiative",
                    SyncStamp.grp == "handover",
                    SyncStamp.uid.in_(part),
                )
            ).all()
        )
    return out


def _status(
    ctx: ApplyContext,
    rec: dict[str, Any],
    existing: dict[str, HeldStatus],
    stamps: dict[str, tuple[int, str]],
    taken: dict[str, int],
) -> dict[str, Any] | None:
    """One status: the change to write (None: rejected, ignored or not newer, counted)."""
    try:
        uid = uid_of(rec)
        v = version_of(rec)
        status = required_enum_of(InitiativeStatus, rec, "status")
        basis = int_of(rec, "basis") or 0
        decided_content = str_of(rec, "decided_content", 500_000)
    except BadRecord as exc:
        ctx.tally.add(CATALOGUE, "rejected", "trạng thái sáng kiến", str(exc))
        return None
    if not ctx.sends_decisions:
        ctx.tally.add(
            CATALOGUE,
            "ignored",
            "trạng thái sáng kiến",
            "chỉ cơ quan xét công nhận (LĐLĐ tỉnh, Tổng Liên đoàn) quyết định trạng thái",
        )
        return None
    old = existing.get(uid)
    if old is None:
        ctx.tally.add(
            CATALOGUE, "ignored", "trạng thái sáng kiến", "sáng kiến không có ở văn phòng này"
        )
        return None
    iid, unit_id, old_status, local_version, title = old
    label = ctx.label(unit_id)
    if not ctx.is_newer(stamps.get(uid), v):
        ctx.tally.add(label, "unchanged")
        return None
    ctx.tally.add(label, "unchanged" if InitiativeStatus(old_status) == status else "updated")
    # The district changed the content after the decision the province took?
    # (Not when it is as this office took it over: the decision was on that content.)
    edited_here = taken.get(uid) != local_version
    # (Nor from an authority below telling what it decided: this office only reads it.)
    if status in DECIDED and (local_version or 0) > basis and edited_here and ctx.sender_above:
        record_conflict(
            ctx, uid, status.value, basis, local_version or 0, loads_dict(decided_content), None
        )
        ctx.tally.add(
            label,
            "conflicts",
            f"sáng kiến «{(title or '')[:120]}»",
            "nội dung đã thay đổi sau khi có quyết định",
        )
    else:
        ctx.s.execute(
            update(SyncConflict)
            .where(SyncConflict.initiative_uid == uid, SyncConflict.resolved_at.is_(None))
            .values(resolved_at=utcnow())
        )
    # Even an unchanged status is now the province's: the district's steps stop.
    return {"uid": uid, "b_id": iid, "status": status, "status_version": v}


# ---- nominations (an authority below → the office above) --------------------------------------
def nominations_step(ctx: ApplyContext, records: list[Any]) -> None:
    """The initiatives an authority below proposes to this office, kept as it sent them (its
    records: this office reads them, and decides on them)."""
    from desktop.models import Nomination

    if not records:
        return
    if not (ctx.sender_below and ctx.sender_is_authority):
        for _ in ctx.each(records, "đề nghị cấp trên"):
            ctx.tally.add(
                CATALOGUE, "ignored", "đề nghị cấp trên", "chỉ cơ quan cấp dưới đề nghị lên"
            )
        return
    for rec in ctx.each(records, "đề nghị cấp trên"):
        try:
            uid = uid_of(rec)
            v = version_of(rec)
            ini = uid_of(rec, "initiative_uid")
            unit = uid_of(rec, "unit_uid")
            campaign = uid_of(rec, "campaign_uid")
            on = date_of(rec, "nominated_on")
            note = str_of(rec, "note", 5000)
        except BadRecord as exc:
            ctx.tally.add(CATALOGUE, "rejected", "đề nghị cấp trên", str(exc))
            continue
        iid = ctx.s.scalar(select(Initiative.id).where(Initiative.uid == ini))
        if iid is None or unit not in ctx.units or campaign not in ctx.campaigns:
            ctx.tally.add(
                CATALOGUE,
                "rejected",
                "đề nghị cấp trên",
                "không rõ sáng kiến, đơn vị hoặc chương trình",
            )
            continue
        label = ctx.label(ctx.units[unit][0])
        if not ctx.sends_up(ctx.units[unit][0]):
            ctx.tally.add(label, "ignored", "đề nghị cấp trên", "đơn vị không thuộc văn phòng gửi")
            continue
        stamp = ctx.stamps("nomination", "content", [uid]).get(uid)
        n = ctx.s.scalar(select(Nomination).where(Nomination.uid == uid))
        if n is not None and not ctx.is_newer(stamp, v):
            ctx.tally.add(label, "unchanged")
            continue
        ctx.tally.add(label, "new" if n is None else "updated")
        if n is None:
            n = Nomination(uid=uid, origin_office_uid=ctx.sender.uid)
            ctx.s.add(n)
        n.campaign_id = ctx.campaigns[campaign]
        n.initiative_id = iid
        n.unit_id = ctx.units[unit][0]
        n.nominated_on = on
        n.note = note
        n.version = ctx.clock
        ctx.s.flush()
        ctx.set_stamps("nomination", "content", {uid: v})
