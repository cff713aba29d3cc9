"""The province's catalogue: campaigns (periods, deadlines, fields, participants) and quotas
(a grassroots unit's belong to its district, the others' to the province)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, insert, select

from desktop.models import Campaign, Deadline, Field, Period, Quota, UnitKind, campaign_unit
from desktop.services.campaigns.dossier_items import item_problems, items_of, normalised
from desktop.services.rules import records as rules
from desktop.services.sync.apply.context import CATALOGUE, ApplyContext
from desktop.services.sync.apply.values import (
    BadRecord,
    bool_of,
    date_of,
    datetime_of,
    int_of,
    list_of,
    optional_uid_of,
    required_int_of,
    required_str_of,
    str_of,
    uid_of,
    version_of,
)
from desktop.services.sync.payload import _campaign_record

# (uid, label, due on) of a deadline; (uid, seq, name, count from, count to, deadlines,
# target date, entries close) of a period; (uid, seq, code, name) of a field.
DeadlineRow = tuple[str, str, dt.date | None]
PeriodRow = tuple[
    str,
    int,
    str,
    dt.date | None,
    dt.date | None,
    list[DeadlineRow],
    dt.date | None,
    dt.datetime | None,
]
FieldRow = tuple[str, int, str, str]


@dataclass(frozen=True)
class CampaignRecord:
    uid: str
    code: str
    v: int
    scalars: dict[str, Any]
    periods: list[PeriodRow]
    fields: list[FieldRow]
    unit_uids: list[str]


def campaigns_step(ctx: ApplyContext, records: list[Any]) -> None:
    for rec in ctx.each(records, "chương trình"):
        ctx.guarded(CATALOGUE, f"chương trình {_shown(rec)}", apply_campaign, ctx, rec)


def _shown(rec: dict[str, Any]) -> str:
    return str(rec.get("name") or rec.get("code") or "?")[:100]


def _parse_periods(rec: dict[str, Any]) -> list[PeriodRow]:
    periods = []
    for p in list_of(rec, "periods", 100):
        if not isinstance(p, dict):
            raise BadRecord("giai đoạn không hợp lệ")
        deadlines = []
        for d in list_of(p, "deadlines", 100):
            if not isinstance(d, dict) or date_of(d, "due_on") is None:
                raise BadRecord("hạn nộp không hợp lệ")
            deadlines.append((uid_of(d), required_str_of(d, "label", 300), date_of(d, "due_on")))
        periods.append(
            (
                uid_of(p),
                required_int_of(p, "seq"),
                required_str_of(p, "name", 200),
                date_of(p, "count_from"),
                date_of(p, "count_to"),
                deadlines,
                date_of(p, "target_on"),
                datetime_of(p, "entries_close_at"),
            )
        )
    return periods


def _parse_fields(rec: dict[str, Any]) -> list[FieldRow]:
    fields = []
    for f in list_of(rec, "fields", 200):
        if not isinstance(f, dict):
            raise BadRecord("lĩnh vực không hợp lệ")
        fields.append(
            (
                uid_of(f),
                required_int_of(f, "seq"),
                required_str_of(f, "code", 40),
                required_str_of(f, "name", 300),
            )
        )
    return fields


def _parse_campaign(rec: dict[str, Any]) -> CampaignRecord:
    uid = uid_of(rec)
    code = required_str_of(rec, "code", 40)
    name = required_str_of(rec, "name", 500)
    v = version_of(rec)
    scalars: dict[str, Any] = {
        "code": code,
        "name": name,
        "plan_number": str_of(rec, "plan_number", 60),
        "plan_date": date_of(rec, "plan_date"),
        "plan_issuer": str_of(rec, "plan_issuer", 300),
        "starts_on": date_of(rec, "starts_on"),
        "ends_on": date_of(rec, "ends_on"),
        "nomination_limit": int_of(rec, "nomination_limit"),
        "min_per_grassroots": int_of(rec, "min_per_grassroots"),
        "description_limit": int_of(rec, "description_limit") or 1000,
        "notes": str_of(rec, "notes", 20_000),
        "archived": bool_of(rec, "archived"),
        "closed_at": datetime_of(rec, "closed_at"),
    }
    # The campaign's dossier papers (absent in an older program's bundle: the four).
    if rec.get("dossier_items") is not None:
        bad = item_problems(rec["dossier_items"])
        if bad:
            raise BadRecord("; ".join(bad))
        scalars["dossier_items"] = normalised(items_of(rec["dossier_items"]))
    periods = _parse_periods(rec)
    fields = _parse_fields(rec)
    unit_uids = [u for u in list_of(rec, "units", 5000) if isinstance(u, str)]
    problems = rules.check_campaign(
        SimpleNamespace(
            **scalars,
            periods=[
                SimpleNamespace(
                    name=p[2],
                    count_from=p[3],
                    count_to=p[4],
                    deadlines=[SimpleNamespace(label=d[1], due_on=d[2]) for d in p[5]],
                    target_on=p[6],
                    entries_close_at=p[7],
                )
                for p in periods
            ],
            fields=[SimpleNamespace(code=f[2], name=f[3]) for f in fields],
        )
    )
    if problems:
        raise BadRecord(rules.message(problems))
    return CampaignRecord(uid, code, v, scalars, periods, fields, unit_uids)


def apply_campaign(ctx: ApplyContext, rec: dict[str, Any]) -> None:
    """One campaign with its periods, deadlines, fields and participants, if newer."""
    if not ctx.sender_is_province:
        ctx.tally.add(
            CATALOGUE,
            "ignored",
            f"chương trình {_shown(rec)}",
            "chỉ LĐLĐ tỉnh quản lý chương trình",
        )
        return
    try:
        cr = _parse_campaign(rec)
    except BadRecord as exc:
        ctx.tally.add(CATALOGUE, "rejected", f"chương trình {_shown(rec)}", str(exc))
        return
    existing = ctx.s.scalar(select(Campaign).where(Campaign.uid == cr.uid)) or ctx.s.scalar(
        select(Campaign).where(Campaign.code == cr.code)
    )
    stamp = ctx.stamps("campaign", "content", [cr.uid]).get(cr.uid)
    if existing is not None and existing.uid == cr.uid and not ctx.is_newer(stamp, cr.v):
        ctx.tally.add(CATALOGUE, "unchanged")
        return
    before = _campaign_record(ctx.s, existing) if existing is not None else None
    c = existing or Campaign()
    c.uid = cr.uid
    for k, val in cr.scalars.items():
        setattr(c, k, val)
    c.version = ctx.clock
    if c.origin_office_uid is None:
        c.origin_office_uid = ctx.sender.uid
    ctx.s.add(c)
    ctx.s.flush()
    _write_periods(ctx, c, cr.periods)
    _write_fields(ctx, c, cr.fields)
    ctx.s.flush()
    _write_participants(ctx, c, cr.unit_uids)
    ctx.s.flush()
    ctx.s.expire(c)
    after = _campaign_record(ctx.s, c)
    if before is None:
        ctx.tally.add(CATALOGUE, "new")
    elif {k: v for k, v in before.items() if k != "v"} == {
        k: v for k, v in after.items() if k != "v"
    }:
        ctx.tally.add(CATALOGUE, "unchanged")
    else:
        ctx.tally.add(CATALOGUE, "updated")
    ctx.set_stamps("campaign", "content", {cr.uid: cr.v})
    ctx.campaigns[cr.uid] = c.id
    for p in c.periods:
        ctx.periods[p.uid] = p.id
    for f in c.fields:
        ctx.fields[f.uid] = f.id


def _write_periods(ctx: ApplyContext, c: Campaign, periods: list[PeriodRow]) -> None:
    by_uid = {p.uid: p for p in c.periods}
    by_seq = {p.seq: p for p in c.periods}
    for puid, seq, pname, cfrom, cto, deadlines, target_on, closes in periods:
        period = by_uid.get(puid) or by_seq.get(seq)
        if period is None:
            period = Period(campaign_id=c.id)
            c.periods.append(period)
        period.uid, period.seq, period.name = puid, seq, pname
        period.count_from, period.count_to = cfrom, cto
        period.target_on, period.entries_close_at = target_on, closes
        period.version = ctx.clock
        period.deadlines.clear()
        ctx.s.flush()
        for duid, label, due in deadlines:
            period.deadlines.append(Deadline(uid=duid, label=label, due_on=due, version=ctx.clock))


def _write_fields(ctx: ApplyContext, c: Campaign, fields: list[FieldRow]) -> None:
    f_by_uid = {f.uid: f for f in c.fields}
    f_by_code = {f.code: f for f in c.fields}
    for fuid, seq, fcode, fname in fields:
        fld = f_by_uid.get(fuid) or f_by_code.get(fcode)
        if fld is None:
            fld = Field(campaign_id=c.id)
            c.fields.append(fld)
        fld.uid, fld.seq, fld.code, fld.name = fuid, seq, fcode, fname
        fld.version = ctx.clock


def _write_participants(ctx: ApplyContext, c: Campaign, unit_uids: list[str]) -> None:
    ctx.s.execute(delete(campaign_unit).where(campaign_unit.c.campaign_id == c.id))
    ids = sorted({ctx.units[u][0] for u in unit_uids if u in ctx.units})
    if ids:
        ctx.s.execute(insert(campaign_unit), [{"campaign_id": c.id, "unit_id": i} for i in ids])


# ---- quotas ------------------------------------------------------------------------------
def quotas_step(ctx: ApplyContext, records: list[Any]) -> None:
    for rec in ctx.each(records, "chỉ tiêu"):
        ctx.guarded(CATALOGUE, "chỉ tiêu", apply_quota, ctx, rec)


def _held_quota(
    ctx: ApplyContext, uid: str, unit_id: int, campaign_id: int, period_id: int | None
) -> Quota | None:
    """The quota by its uid, or else the one of the same unit, campaign and period."""
    return ctx.s.scalar(select(Quota).where(Quota.uid == uid)) or ctx.s.scalar(
        select(Quota).where(
            Quota.unit_id == unit_id,
            Quota.campaign_id == campaign_id,
            Quota.period_id.is_(None) if period_id is None else Quota.period_id == period_id,
        )
    )


def apply_quota(ctx: ApplyContext, rec: dict[str, Any]) -> None:
    try:
        uid = uid_of(rec)
        v = version_of(rec)
        target = required_int_of(rec, "target")
        unit_uid = uid_of(rec, "unit_uid")
        campaign_uid = uid_of(rec, "campaign_uid")
        period_uid = optional_uid_of(rec, "period_uid")
        problems = rules.check_quota(target)
        if problems:
            raise BadRecord(rules.message(problems))
    except BadRecord as exc:
        ctx.tally.add(CATALOGUE, "rejected", "chỉ tiêu", str(exc))
        return
    if (
        unit_uid not in ctx.units
        or campaign_uid not in ctx.campaigns
        or (period_uid and period_uid not in ctx.periods)
    ):
        ctx.tally.add(
            CATALOGUE, "rejected", "chỉ tiêu", "không rõ đơn vị, chương trình hoặc giai đoạn"
        )
        return
    unit_id, kind, parent_id, label = ctx.units[unit_uid]
    # A grassroots union's quota is set by its parent's office; any other unit's by the
    # office above it (not for the units below this office: this office sets those).
    # An authority below tells the office above the quotas of its subtree (not its own).
    relayed = (
        ctx.sender_below
        and ctx.sender_is_authority
        and unit_id != ctx.sender_unit.id
        and ctx.sends_up(unit_id)
    )
    owner_ok = relayed or (
        parent_id == ctx.sender_unit.id
        if kind == UnitKind.GRASSROOTS
        else ctx.sender_above and (unit_id == ctx.me.unit_id or unit_id not in ctx.my_subtree)
    )
    if not owner_ok:
        ctx.tally.add(
            label, "ignored", "chỉ tiêu", f"{ctx.sender.name} không giao chỉ tiêu cho đơn vị này"
        )
        return
    campaign_id = ctx.campaigns[campaign_uid]
    period_id = ctx.periods[period_uid] if period_uid else None
    existing = _held_quota(ctx, uid, unit_id, campaign_id, period_id)
    stamp = ctx.stamps("quota", "content", [uid]).get(uid)
    if existing is not None and existing.uid == uid and not ctx.is_newer(stamp, v):
        ctx.tally.add(label, "unchanged")
        return
    from desktop.services.sync.apply.initiative_rows import closed_refusal

    closed = closed_refusal(ctx, campaign_id)
    if closed is not None:
        ctx.tally.add(label, "rejected", "chỉ tiêu", closed)
        return
    if existing is None:
        existing = Quota()
        ctx.tally.add(label, "new")
    elif (existing.target, existing.unit_id, existing.campaign_id, existing.period_id) == (
        target,
        unit_id,
        campaign_id,
        period_id,
    ):
        ctx.tally.add(label, "unchanged")
    else:
        ctx.tally.add(label, "updated")
    existing.uid, existing.unit_id, existing.campaign_id = uid, unit_id, campaign_id
    existing.period_id, existing.target = period_id, target
    existing.version = ctx.clock
    if existing.origin_office_uid is None:
        existing.origin_office_uid = ctx.sender.uid
    ctx.s.add(existing)
    ctx.s.flush()
    ctx.set_stamps("quota", "content", {uid: v})
