"""Nominations: recognised initiatives proposed to the level above, within the campaign's
limit per district-level unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Set
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Campaign, Initiative, InitiativeStatus, Nomination, Unit
from desktop.services import labels
from desktop.services.common import NotFound, ServiceError, tick
from desktop.services.evaluation.base import EvaluationPart, move_status
from desktop.services.units.dated import DatedTree
from desktop.services.units.tree import short_unit_name

NOMINABLE = (InitiativeStatus.RECOGNISED, InitiativeStatus.COMMENDED, InitiativeStatus.NOMINATED)
NOMINATION_WORK = "đề nghị cấp trên xét sáng kiến"


@dataclass(frozen=True)
class NominationRow:
    id: int
    initiative_id: int
    title: str
    unit_id: int
    unit_name: str
    nominated_on: dt.date | None


def _new_nominations(
    s: Session,
    campaign_id: int,
    inis: Sequence[Initiative],
    have: Set[int],
    count: dict[int, int],
) -> list[tuple[Initiative, int]]:
    """The initiatives not nominated yet (not in ``have``), each with its district-level
    unit; ``count`` (nominations per unit so far) grows by them. Refuses one not recognised."""
    dated = DatedTree.load(s)
    today = dt.date.today()
    new: list[tuple[Initiative, int]] = []
    for ini in inis:
        if ini.campaign_id != campaign_id:
            raise ServiceError(f"Sáng kiến «{ini.title}» không thuộc chương trình này.")
        if ini.id in have:
            continue
        if ini.status not in NOMINABLE:
            raise ServiceError(
                f"Sáng kiến «{ini.title}» chưa được công nhận "
                f"({labels.STATUS[ini.status].lower()}); chỉ đề nghị cấp trên các sáng "
                "kiến đã được công nhận."
            )
        # The upper-level union that held its grassroots union on its date proposes it.
        district = dated.upper_on(ini.unit_id, ini.applied_on or today)
        count[district] = count.get(district, 0) + 1
        new.append((ini, district))
    return new


class NominationService(EvaluationPart):
    def nominate(
        self, campaign_id: int, initiative_ids: Sequence[int], nominated_on: dt.date | None = None
    ) -> list[NominationRow]:
        """Propose recognised initiatives to the level above, within the campaign's limit per
        district-level unit; nothing is saved if one unit would go over it."""
        self._refuse_unless_owner(NOMINATION_WORK)
        with self._sf.begin() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            names = {
                uid_: short_unit_name(n, sn)
                for uid_, n, sn in s.execute(select(Unit.id, Unit.name, Unit.short_name))
            }
            inis = list(s.scalars(select(Initiative).where(Initiative.id.in_(initiative_ids))))
            if len(inis) != len(set(initiative_ids)):
                raise NotFound("Không tìm thấy một số sáng kiến.")
            have = {
                n.initiative_id: n.unit_id
                for n in s.scalars(select(Nomination).where(Nomination.campaign_id == campaign_id))
            }
            count: dict[int, int] = {}
            for unit_id in have.values():
                count[unit_id] = count.get(unit_id, 0) + 1
            new = _new_nominations(s, campaign_id, inis, have.keys(), count)
            limit = campaign.nomination_limit
            over = sorted(u for u, n in count.items() if limit is not None and n > limit)
            if over:
                u = over[0]
                raise ServiceError(
                    f"{names[u]} sẽ có {count[u]} sáng kiến đề nghị cấp trên, vượt giới hạn "
                    f"{limit} sáng kiến mỗi đơn vị của chương trình «{campaign.name}». "
                    "Hãy bớt sáng kiến của đơn vị này."
                )
            out = []
            for ini, district in new:
                n = Nomination(
                    campaign_id=campaign_id,
                    initiative_id=ini.id,
                    unit_id=district,
                    nominated_on=nominated_on,
                )
                tick(s, n)
                s.add(n)
                move_status(s, ini, InitiativeStatus.NOMINATED, "nomination")
                s.flush()
                out.append(
                    NominationRow(n.id, ini.id, ini.title, district, names[district], nominated_on)
                )
            return out

    def all(self, campaign_id: int) -> list[NominationRow]:
        with self._sf() as s:
            rows = s.execute(
                select(Nomination, Initiative.title, Unit.name, Unit.short_name)
                .join(Initiative, Initiative.id == Nomination.initiative_id)
                .join(Unit, Unit.id == Nomination.unit_id)
                .where(Nomination.campaign_id == campaign_id)
                .order_by(Unit.name_key, Initiative.title_key)
            ).all()
            return [
                NominationRow(
                    n.id, n.initiative_id, t, n.unit_id, short_unit_name(un, us), n.nominated_on
                )
                for n, t, un, us in rows
            ]
