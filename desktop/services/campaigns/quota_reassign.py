"""The part of an ended union's quota it had not reached, re-assigned to its successors.

A quota stays with the unit it was assigned to (the counting rule, ``services/units/dated.py``):
when a district federation ends on 1 July in the middle of a campaign, it keeps its quota and
what it reached before then. What it had not reached yet can be given to the unions that took
over its grassroots unions, as one recorded change: the ended union's quota goes down by what
is given, each successor's goes up by its share, so the parent's total stays as it was. The
change is audited and travels like any quota (each quota's owner writes it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Campaign, Period, Quota, Unit
from desktop.services.campaigns.progress import window_of
from desktop.services.campaigns.progress_tree import count_by_rule, initiatives_of
from desktop.services.campaigns.service import quota_refusal
from desktop.services.common import NotFound, ServiceError, audit, tick
from desktop.services.rules.ownership import ownership
from desktop.services.units.dated import DatedTree
from desktop.services.units.tree import short_unit_name
from desktop.text.dates import format_date
from desktop.text.numbers import format_number


@dataclass(frozen=True)
class Remainder:
    """An ended unit's quota in a campaign still running on its last day."""

    campaign_id: int
    period_id: int | None
    period_name: str
    unit_id: int
    unit_name: str
    ended_on: dt.date
    target: int
    reached: int
    successors: tuple[tuple[int, str], ...]  # (id, name) of the units that took its unions

    @property
    def remainder(self) -> int:
        return max(0, self.target - self.reached)


def _successors(dated: DatedTree, unit_id: int, ended_on: dt.date) -> list[int]:
    """The units that held, on ``ended_on``, the units ``unit_id`` held the day before."""
    before = ended_on - dt.timedelta(days=1)
    out: list[int] = []
    for u in dated.units:
        if u == unit_id or dated.parent_on(u, before) != unit_id:
            continue
        parent = dated.parent_on(u, ended_on)
        if parent is not None and parent != unit_id and parent not in out:
            out.append(parent)
    return out


def _remainders(s: Session, campaign: Campaign) -> list[Remainder]:
    dated = DatedTree.load(s)
    out: list[Remainder] = []
    quotas = s.scalars(select(Quota).where(Quota.campaign_id == campaign.id)).all()
    for q in quotas:
        unit = dated.units.get(q.unit_id)
        if unit is None or unit.valid_to is None:
            continue
        period = s.get(Period, q.period_id) if q.period_id else None
        start, end = window_of(campaign, period)
        ended_on = unit.valid_to
        if (end is not None and ended_on > end) or (start is not None and ended_on <= start):
            continue  # it ended after the window, or before it began: nothing to hand on
        counts = count_by_rule(
            s,
            dated,
            initiatives_of(campaign.id),
            start,
            ended_on - dt.timedelta(days=1),
            lambda _s: False,
        )
        successors = tuple(
            (i, short_unit_name(dated.units[i].name, dated.units[i].short_name))
            for i in _successors(dated, q.unit_id, ended_on)
        )
        out.append(
            Remainder(
                campaign.id,
                q.period_id,
                period.name if period else "Cả chương trình",
                q.unit_id,
                short_unit_name(unit.name, unit.short_name),
                ended_on,
                q.target,
                counts.all.get(q.unit_id, 0),
                successors,
            )
        )
    return out


class QuotaReassignment:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def remainders(self, campaign_id: int) -> list[Remainder]:
        """The quotas of units that ended during the campaign, with what they reached."""
        with self._sf() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            return _remainders(s, campaign)

    def reassign(
        self,
        campaign_id: int,
        period_id: int | None,
        unit_id: int,
        shares: Mapping[int, int],
    ) -> None:
        """Give ``shares`` ({successor id: initiatives}) of ``unit_id``'s unreached quota to
        its successors, in one transaction."""
        with self._sf.begin() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            found = [
                r
                for r in _remainders(s, campaign)
                if r.unit_id == unit_id and r.period_id == period_id
            ]
            if not found:
                raise ServiceError(
                    "Đơn vị này không có chỉ tiêu nào của một đơn vị đã giải thể hoặc sáp nhập "
                    "trong thời gian chương trình."
                )
            r = found[0]
            given = {k: v for k, v in shares.items() if v}
            if any(v < 0 for v in given.values()):
                raise ServiceError("Số chỉ tiêu giao lại phải là số không âm.")
            unknown = [k for k in given if k not in dict(r.successors)]
            if unknown:
                raise ServiceError(
                    f"Chỉ giao lại cho đơn vị đã nhận các công đoàn cơ sở của {r.unit_name}: "
                    + ", ".join(name for _i, name in r.successors)
                    + "."
                )
            total = sum(given.values())
            if total > r.remainder:
                raise ServiceError(
                    f"{r.unit_name} còn {format_number(r.remainder)} sáng kiến chưa đạt "
                    f"(chỉ tiêu {format_number(r.target)}, đã đạt {format_number(r.reached)}); "
                    f"không giao lại được {format_number(total)}."
                )
            if not total:
                return
            own = ownership(s)
            for target_id in (unit_id, *given):
                unit = s.get(Unit, target_id)
                assert unit is not None  # a successor found in the tree
                refusal = quota_refusal(s, own, unit)
                if refusal is not None:
                    raise refusal
            _add(s, campaign_id, period_id, unit_id, -total)
            for successor, n in given.items():
                _add(s, campaign_id, period_id, successor, n)
            names = dict(r.successors)
            audit(
                s,
                "campaign",
                campaign.uid,
                "reassign_quota",
                f"Giao lại {format_number(total)} chỉ tiêu chưa đạt của {r.unit_name} (kết thúc "
                f"ngày {format_date(r.ended_on)}) cho "
                + ", ".join(f"{names[k]} {format_number(v)}" for k, v in given.items()),
                {"unit_id": unit_id, "period_id": period_id, "shares": dict(given)},
            )


def _add(s: Session, campaign_id: int, period_id: int | None, unit_id: int, n: int) -> None:
    q = s.scalar(
        select(Quota).where(
            Quota.campaign_id == campaign_id,
            Quota.unit_id == unit_id,
            Quota.period_id.is_(None) if period_id is None else Quota.period_id == period_id,
        )
    )
    if q is None:
        q = Quota(campaign_id=campaign_id, unit_id=unit_id, period_id=period_id, target=0)
        s.add(q)
    q.target = (q.target or 0) + n
    tick(s, q)


__all__ = ["QuotaReassignment", "Remainder"]
