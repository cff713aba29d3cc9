"""Progress against quotas: initiatives counted in a period's window ÷ quota, per unit.

One service computes the figures for the screen, the exports and the command line, so they
always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Campaign, Initiative, InitiativeStatus, Period, Quota, Unit, UnitKind

from .common import NotFound
from .units import short_unit_name

RECOGNISED = (InitiativeStatus.RECOGNISED, InitiativeStatus.COMMENDED, InitiativeStatus.NOMINATED)


@dataclass(frozen=True)
class ProgressRow:
    unit_id: int
    unit_code: str
    unit_name: str
    quota: int | None
    count: int
    recognised: int
    grassroots_with_initiative: int
    grassroots_total: int

    @property
    def percent(self) -> float | None:
        if not self.quota:
            return None
        return round(100.0 * self.count / self.quota, 1)


def _window(s: Session, campaign: Campaign, period_id: int | None) -> tuple[dt.date | None, ...]:
    if period_id is not None:
        period = s.get(Period, period_id)
        if period is None or period.campaign_id != campaign.id:
            raise NotFound("Không tìm thấy giai đoạn của chương trình.")
        return period.count_from, period.count_to
    starts = [p.count_from for p in campaign.periods if p.count_from]
    ends = [p.count_to for p in campaign.periods if p.count_to]
    return (min(starts) if starts else campaign.starts_on, max(ends) if ends else campaign.ends_on)


class ProgressService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def by_unit(
        self, campaign_id: int, period_id: int | None, parent_unit_id: int
    ) -> list[ProgressRow]:
        """One row per child of ``parent_unit_id``, each counting everything below it."""
        with self._sf() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            start, end = _window(s, campaign, period_id)
            parents = dict(s.execute(select(Unit.id, Unit.parent_id)).all())
            kinds = dict(s.execute(select(Unit.id, Unit.kind)).all())
            children = [
                u
                for u in s.scalars(
                    select(Unit).where(Unit.parent_id == parent_unit_id).order_by(Unit.name_key)
                )
            ]
            top_of: dict[int, int] = {}
            child_ids = {c.id for c in children}
            for uid_ in parents:
                cur: int | None = uid_
                while cur is not None and cur not in child_ids:
                    cur = parents.get(cur)
                if cur is not None:
                    top_of[uid_] = cur
            q = (
                select(Initiative.unit_id, Initiative.status, func.count())
                .where(Initiative.campaign_id == campaign_id, Initiative.deleted_at.is_(None))
                .group_by(Initiative.unit_id, Initiative.status)
            )
            if start:
                q = q.where(Initiative.applied_on >= start)
            if end:
                q = q.where(Initiative.applied_on <= end)
            count: dict[int, int] = {}
            recognised: dict[int, int] = {}
            active_grassroots: dict[int, set[int]] = {}
            for unit_id, status, n in s.execute(q):
                top = top_of.get(unit_id)
                if top is None:
                    continue
                count[top] = count.get(top, 0) + n
                if status in RECOGNISED:
                    recognised[top] = recognised.get(top, 0) + n
                active_grassroots.setdefault(top, set()).add(unit_id)
            grassroots_total: dict[int, int] = {}
            for uid_, top in top_of.items():
                if kinds[uid_] == UnitKind.GRASSROOTS:
                    grassroots_total[top] = grassroots_total.get(top, 0) + 1
            quota_q = select(Quota.unit_id, Quota.target).where(Quota.campaign_id == campaign_id)
            quota_q = quota_q.where(
                Quota.period_id.is_(None) if period_id is None else Quota.period_id == period_id
            )
            quotas = dict(s.execute(quota_q).all())
            return [
                ProgressRow(
                    unit_id=c.id,
                    unit_code=c.code,
                    unit_name=short_unit_name(c.name, c.short_name),
                    quota=quotas.get(c.id),
                    count=count.get(c.id, 0),
                    recognised=recognised.get(c.id, 0),
                    grassroots_with_initiative=len(active_grassroots.get(c.id, set())),
                    grassroots_total=grassroots_total.get(c.id, 0),
                )
                for c in children
            ]
