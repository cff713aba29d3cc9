"""A direct upper-level union's proposals to the province, in bundles: written by the
upper-level union's office (its own records), read by the province with the same rules as the
window (services/evaluation/proposals.py): its own grassroots unions' initiatives only, within
the campaign's limit. A withdrawal travels as the proposal with ``withdrawn`` set."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.models import Campaign, Initiative, Proposal, SyncStamp, utcnow
from desktop.services.evaluation.proposals import (
    active_count,
    initiative_problem,
    over_limit_message,
)
from desktop.services.sync.apply.context import CATALOGUE, ApplyContext
from desktop.services.sync.apply.values import (
    BadRecord,
    bool_of,
    date_of,
    str_of,
    uid_of,
    version_of,
)
from desktop.services.sync.payload import _uid_maps
from desktop.services.sync.reports import ProposalNote
from desktop.services.units.dated import DatedTree

WHAT = "đề xuất lên LĐLĐ tỉnh"


def proposals_up(
    s: Any, unit_id: int, since: int, maps: dict[str, dict[int, str]]
) -> list[dict[str, Any]]:
    """The proposals of ``unit_id`` (this office's unit) changed after ``since``."""
    ini_uid = dict(
        s.execute(
            select(Initiative.id, Initiative.uid).where(
                Initiative.id.in_(select(Proposal.initiative_id).where(Proposal.unit_id == unit_id))
            )
        ).all()
    )
    return [
        {
            "uid": p.uid,
            "campaign_uid": maps["campaign"].get(p.campaign_id),
            "initiative_uid": ini_uid.get(p.initiative_id),
            "unit_uid": maps["unit"].get(p.unit_id),
            "proposed_on": p.proposed_on.isoformat() if p.proposed_on else None,
            "note": p.note,
            "withdrawn": p.withdrawn_at is not None,
            "v": p.version or 0,
        }
        for p in s.scalars(
            select(Proposal)
            .where(Proposal.unit_id == unit_id, Proposal.version > since)
            .order_by(Proposal.id)
        )
    ]


def proposals_step(ctx: ApplyContext, records: list[Any]) -> None:
    """The proposals a direct upper-level union below sends: each kept when it is the
    sender's own, of its own grassroots unions' initiatives, within the campaign's limit;
    withdrawals first, so that one bundle may swap a proposal for another."""
    if not records:
        return
    good = ctx.each(records, WHAT)
    if not ctx.sender_below or ctx.sender_is_authority:
        for _ in good:
            ctx.tally.add(
                CATALOGUE, "ignored", WHAT, "chỉ công đoàn cấp trên trực tiếp cơ sở đề xuất lên"
            )
        return
    dated = DatedTree.load(ctx.s)
    for rec in sorted(good, key=lambda r: not r.get("withdrawn")):
        _apply_one(ctx, rec, dated)


def _parse(rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "uid": uid_of(rec),
        "v": version_of(rec),
        "ini": uid_of(rec, "initiative_uid"),
        "unit": uid_of(rec, "unit_uid"),
        "campaign": uid_of(rec, "campaign_uid"),
        "on": date_of(rec, "proposed_on"),
        "note": str_of(rec, "note", 5000),
        "withdrawn": bool_of(rec, "withdrawn"),
    }


def held_version(s: Any, uid: str) -> int | None:
    """The local version of the proposal ``uid`` (None: not held)."""
    return s.scalar(select(Proposal.version).where(Proposal.uid == uid))


def returned_proposals(s: Any, peer_unit_id: int, peer_uid: str) -> list[dict[str, Any]]:
    """A restored upper-level union's own proposals as this office holds them, each with the
    owner's version (returned.py): withdrawals first, as a bundle sends them."""
    maps = _uid_maps(s)
    stamps = dict(
        s.execute(
            select(SyncStamp.uid, SyncStamp.version).where(
                SyncStamp.entity == "proposal",
                SyncStamp.grp == "content",
                SyncStamp.office_uid == peer_uid,
            )
        ).all()
    )
    records = [
        dict(r, v=stamps[r["uid"]])
        for r in proposals_up(s, peer_unit_id, -1, maps)
        if r["uid"] in stamps
    ]
    records.sort(key=lambda r: not r["withdrawn"])
    return [{"kind": "proposal", "record": r} for r in records]


def apply_proposal(
    ctx: ApplyContext, rec: dict[str, Any], dated: DatedTree | None = None, returned: bool = False
) -> None:
    """One proposal, with the window's rules. ``returned``: the office's own, sent back after
    a restore, already found newer than what it holds (returned.py)."""
    _apply_one(ctx, rec, dated or DatedTree.load(ctx.s), returned)


def _apply_one(
    ctx: ApplyContext, rec: dict[str, Any], dated: DatedTree, returned: bool = False
) -> None:
    try:
        r = _parse(rec)
    except BadRecord as exc:
        ctx.tally.add(CATALOGUE, "rejected", WHAT, str(exc))
        return
    ini = ctx.s.scalar(select(Initiative).where(Initiative.uid == r["ini"]))
    if ini is None or r["unit"] not in ctx.units or r["campaign"] not in ctx.campaigns:
        ctx.tally.add(CATALOGUE, "rejected", WHAT, "không rõ sáng kiến, đơn vị hoặc chương trình")
        return
    unit_id = ctx.units[r["unit"]][0]
    label = ctx.label(unit_id)
    what = f"{WHAT}: {ini.title[:100]}"
    if unit_id != ctx.sender_unit.id:
        ctx.tally.add(label, "ignored", what, "đề xuất của đơn vị khác văn phòng gửi")
        return
    campaign = ctx.s.get(Campaign, ctx.campaigns[r["campaign"]])
    assert campaign is not None
    problem = initiative_problem(ini, campaign.id, unit_id, dated, label)
    if problem:
        ctx.tally.add(label, "rejected", what, problem)
        return
    stamp = ctx.stamps("proposal", "content", [r["uid"]]).get(r["uid"])
    p = ctx.s.scalar(select(Proposal).where(Proposal.uid == r["uid"]))
    if p is not None and not returned and not ctx.is_newer(stamp, r["v"]):
        ctx.tally.add(label, "unchanged")
        return
    was_active = p is not None and p.withdrawn_at is None
    limit = campaign.nomination_limit
    if not r["withdrawn"] and not was_active and limit is not None:
        count = active_count(ctx.s, campaign.id, unit_id) + 1
        if count > limit:
            ctx.tally.add(
                label, "rejected", what, over_limit_message(label, count, limit, campaign.name)
            )
            return
    if ctx.guarded(label, what, _write, ctx, r, p, ini, campaign.id, unit_id):
        # Noted once written: a record the database refused is not shown as taken in.
        ctx.tally.proposals.append(ProposalNote(label, ini.title, ini.authors_text, r["withdrawn"]))


def _write(
    ctx: ApplyContext,
    r: dict[str, Any],
    p: Proposal | None,
    ini: Initiative,
    campaign_id: int,
    unit_id: int,
) -> None:
    label = ctx.label(unit_id)
    ctx.tally.add(label, "new" if p is None else "updated")
    if p is None:
        p = Proposal(uid=r["uid"], origin_office_uid=ctx.sender.uid)
        ctx.s.add(p)
    p.campaign_id, p.initiative_id, p.unit_id = campaign_id, ini.id, unit_id
    p.proposed_on, p.note = r["on"], r["note"]
    if r["withdrawn"]:
        p.withdrawn_at = p.withdrawn_at or utcnow()
    else:
        p.withdrawn_at = None
    p.version = ctx.clock
    ctx.s.flush()
    ctx.set_stamps("proposal", "content", {r["uid"]: r["v"]})
