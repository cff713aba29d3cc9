"""Stored records that break today's rules (rules/records.py), listed for the office to fix.

A rule added in a new version (a length limit, refusing control characters, a date range)
may find records stored before it existed, typed by hand or received in a bundle. They are
never changed or dropped behind the office's back: this lists them, with the rule's own
Vietnamese message, so that someone opens each and corrects it (``sangkien initiatives
check``). Until then the office keeps them and they travel as before; a peer applying the
same rules refuses such a record alone, with the same message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from desktop.models import Campaign, Initiative, Period, Quota, Unit
from desktop.services.initiatives.service import _input_of
from desktop.services.rules.records import (
    CampaignRules,
    Issue,
    check_campaign,
    check_initiative,
    check_quota,
    check_unit,
)
from desktop.services.rules.records import errors as only_errors
from desktop.services.units.tree import short_unit_name

KINDS = {
    "initiative": "sáng kiến",
    "campaign": "chương trình",
    "unit": "đơn vị",
    "quota": "chỉ tiêu",
}


@dataclass(frozen=True)
class Breach:
    kind: str  # initiative | campaign | unit | quota
    id: int
    uid: str
    name: str  # what the office sees (title, name)
    where: str  # the unit or campaign it belongs to
    issues: tuple[Issue, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "uid": self.uid,
            "name": self.name,
            "where": self.where,
            "problems": [{"field": i.field, "message": i.message} for i in self.issues],
        }


def _campaigns(s: Session) -> Iterator[Breach]:
    for c in s.scalars(
        select(Campaign)
        .options(selectinload(Campaign.periods).selectinload(Period.deadlines))
        .options(selectinload(Campaign.fields))
        .order_by(Campaign.id)
    ):
        problems = check_campaign(c)
        if problems:
            yield Breach("campaign", c.id, c.uid, c.name, "", tuple(problems))


def _units(s: Session) -> Iterator[Breach]:
    for u in s.scalars(select(Unit).order_by(Unit.id)):
        problems = check_unit(u.code, u.name, u.short_name, u.valid_from, u.valid_to)
        if problems:
            yield Breach("unit", u.id, u.uid, u.name, "", tuple(problems))


def _quotas(s: Session) -> Iterator[Breach]:
    rows = s.execute(
        select(Quota.id, Quota.uid, Quota.target, Unit.name, Unit.short_name, Campaign.name)
        .join(Unit, Unit.id == Quota.unit_id)
        .join(Campaign, Campaign.id == Quota.campaign_id)
        .order_by(Quota.id)
    )
    for qid, uid, target, uname, ushort, cname in rows:
        problems = check_quota(target)
        if problems:
            yield Breach("quota", qid, uid, short_unit_name(uname, ushort), cname, tuple(problems))


def _initiatives(s: Session, campaign_id: int | None, chunk: int = 2000) -> Iterator[Breach]:
    settings: dict[int, int] = dict(
        s.execute(select(Campaign.id, Campaign.description_limit)).all()
    )
    windows = {p.id: (p.count_from, p.count_to) for p in s.scalars(select(Period))}
    units = {u.id: short_unit_name(u.name, u.short_name) for u in s.scalars(select(Unit))}
    ids_q = select(Initiative.id).where(Initiative.deleted_at.is_(None)).order_by(Initiative.id)
    if campaign_id is not None:
        ids_q = ids_q.where(Initiative.campaign_id == campaign_id)
    ids = list(s.scalars(ids_q))
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        for ini in s.scalars(
            select(Initiative)
            .options(selectinload(Initiative.authors), selectinload(Initiative.dossier_items))
            .where(Initiative.id.in_(part))
            .order_by(Initiative.id)
        ):
            rules = CampaignRules(
                settings.get(ini.campaign_id) or 1000,
                windows.get(ini.period_id) if ini.period_id is not None else None,
            )
            problems = only_errors(check_initiative(_input_of(ini), rules))
            if problems:
                yield Breach(
                    "initiative",
                    ini.id,
                    ini.uid,
                    ini.title,
                    units.get(ini.unit_id, ""),
                    tuple(problems),
                )
        s.expunge_all()


def list_breaches(
    session_factory: sessionmaker[Session], campaign_id: int | None = None
) -> list[Breach]:
    """Every stored record that breaks a rule (deleted initiatives left out), by kind."""
    with session_factory() as s:
        out = [*_units(s), *_campaigns(s), *_quotas(s)]
        out += list(_initiatives(s, campaign_id))
        return out
