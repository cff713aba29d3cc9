"""A direct upper-level union's proposals to the province (đề xuất lên LĐLĐ tỉnh).

Seed 002: "Mỗi liên đoàn lao động huyện, thành phố, công đoàn ngành và tương đương đề nghị
không quá 02 sáng kiến", with a Tờ trình and a Bảng tổng hợp tóm tắt sáng kiến. The proposal
is the upper-level union's own record: made at its office, sent up in its bundles; the
province reads it (and then evaluates and nominates as it always did, nominations.py).

The same rule holds on every path (the window, ``sangkien proposals``, an arriving bundle):
a unit proposes only initiatives of its own grassroots unions in the campaign, and at most the
campaign's limit (``campaign.nomination_limit``, the number the plan allows per unit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import Campaign, Initiative, Proposal, Unit, UnitLevel, utcnow
from desktop.services.common import NotFound, ServiceError, audit, tick
from desktop.services.evaluation.base import EvaluationPart
from desktop.services.rules.ownership import NotOwner, ownership
from desktop.services.units.dated import DatedTree
from desktop.services.units.tree import short_unit_name

PROPOSAL_WORK = "đề xuất sáng kiến lên LĐLĐ tỉnh"


@dataclass(frozen=True)
class ProposalRow:
    id: int
    initiative_id: int
    title: str
    authors: str
    grassroots: str  # the grassroots union's short name
    unit_id: int  # the proposing upper-level union
    unit_name: str
    proposed_on: dt.date | None
    note: str | None


@dataclass(frozen=True)
class CandidateRow:
    """An initiative the unit may propose: one of its grassroots unions' in the campaign."""

    initiative_id: int
    title: str
    authors: str
    grassroots: str
    proposed: bool


def over_limit_message(unit_name: str, count: int, limit: int, campaign_name: str) -> str:
    return (
        f"{unit_name} sẽ có {count} sáng kiến đề xuất lên LĐLĐ tỉnh, vượt giới hạn {limit:02d} "
        f"sáng kiến mỗi đơn vị của chương trình «{campaign_name}». Hãy rút bớt một đề xuất "
        "trước khi thêm."
    )


def active_count(s: Session, campaign_id: int, unit_id: int) -> int:
    """The proposals of ``unit_id`` in the campaign, not withdrawn."""
    return (
        s.scalar(
            select(func.count())
            .select_from(Proposal)
            .where(
                Proposal.campaign_id == campaign_id,
                Proposal.unit_id == unit_id,
                Proposal.withdrawn_at.is_(None),
            )
        )
        or 0
    )


def initiative_problem(
    ini: Initiative, campaign_id: int, unit_id: int, dated: DatedTree, unit_name: str
) -> str | None:
    """Why ``unit_id`` may not propose ``ini`` (None: it may): another campaign, deleted, or
    not one of its grassroots unions' initiatives."""
    if ini.campaign_id != campaign_id:
        return f"Sáng kiến «{ini.title}» không thuộc chương trình này."
    if ini.deleted_at is not None:
        return f"Sáng kiến «{ini.title}» đã bị xóa."
    if dated.upper_on(ini.unit_id, dt.date.today()) != unit_id:
        return (
            f"Sáng kiến «{ini.title}» không thuộc công đoàn cơ sở nào của {unit_name}: mỗi "
            "công đoàn cấp trên trực tiếp cơ sở chỉ đề xuất sáng kiến của các công đoàn cơ sở "
            "trực thuộc mình."
        )
    return None


def _names(s: Session) -> dict[int, str]:
    return {
        uid_: short_unit_name(n, sn)
        for uid_, n, sn in s.execute(select(Unit.id, Unit.name, Unit.short_name))
    }


class ProposalService(EvaluationPart):
    def proposer(self) -> int | None:
        """The unit this office proposes for: its own when it is a direct upper-level union;
        None elsewhere (a province, a grassroots union, a store with no office)."""
        with self._sf() as s:
            own = ownership(s)
            if own.kind is not None and own.kind.level == UnitLevel.UPPER:
                return own.unit_id
            return None

    def _unit_for(self, s: Session, unit_id: int | None) -> int | None:
        """The proposing unit: this office's (a direct upper-level union), the one given in a
        store with no office set up; refused anywhere else."""
        own = ownership(s)
        if own.unrestricted:
            return unit_id
        if own.kind is None or own.kind.level != UnitLevel.UPPER:
            raise NotOwner(
                f"Chỉ công đoàn cấp trên trực tiếp cơ sở được {PROPOSAL_WORK}; văn phòng "
                f"{own.name or 'này'} nhận các đề xuất qua gói dữ liệu."
            )
        if unit_id is not None and unit_id != own.unit_id:
            raise NotOwner(f"Văn phòng {own.name} chỉ đề xuất sáng kiến cho chính đơn vị mình.")
        return own.unit_id

    def propose(
        self,
        campaign_id: int,
        initiative_ids: Sequence[int],
        proposed_on: dt.date | None = None,
        unit_id: int | None = None,
        note: str | None = None,
    ) -> list[ProposalRow]:
        """Propose initiatives to the province, within the campaign's limit per unit; nothing
        is saved if one would be refused. An initiative proposed already stays as it was; one
        withdrawn before is proposed again."""
        with self._sf.begin() as s:
            chosen = self._unit_for(s, unit_id)
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            inis = list(s.scalars(select(Initiative).where(Initiative.id.in_(initiative_ids))))
            if len(inis) != len(set(initiative_ids)):
                raise NotFound("Không tìm thấy một số sáng kiến.")
            names = _names(s)
            dated = DatedTree.load(s)
            existing = {
                p.initiative_id: p
                for p in s.scalars(select(Proposal).where(Proposal.campaign_id == campaign_id))
            }
            added: dict[int, int] = {}
            todo: list[tuple[Initiative, int]] = []
            for ini in inis:
                unit = (
                    chosen if chosen is not None else dated.upper_on(ini.unit_id, dt.date.today())
                )
                problem = initiative_problem(ini, campaign_id, unit, dated, names[unit])
                if problem:
                    raise ServiceError(problem)
                old = existing.get(ini.id)
                if old is not None and old.withdrawn_at is None:
                    continue
                added[unit] = added.get(unit, 0) + 1
                todo.append((ini, unit))
            limit = campaign.nomination_limit
            for unit, n in sorted(added.items()):
                count = active_count(s, campaign_id, unit) + n
                if limit is not None and count > limit:
                    raise ServiceError(over_limit_message(names[unit], count, limit, campaign.name))
            for ini, unit in todo:
                p = existing.get(ini.id) or Proposal(campaign_id=campaign_id, initiative_id=ini.id)
                p.unit_id, p.proposed_on, p.note, p.withdrawn_at = unit, proposed_on, note, None
                tick(s, p)
                s.add(p)
                s.flush()
                audit(s, "proposal", p.uid, "create", f"Đề xuất lên LĐLĐ tỉnh: {ini.title}")
        return self.all(campaign_id)

    def withdraw(self, campaign_id: int, initiative_id: int) -> None:
        """Take a proposal back (kept as a tombstone, so that the withdrawal travels)."""
        with self._sf.begin() as s:
            self._unit_for(s, None)
            p = s.scalar(
                select(Proposal).where(
                    Proposal.campaign_id == campaign_id,
                    Proposal.initiative_id == initiative_id,
                    Proposal.withdrawn_at.is_(None),
                )
            )
            if p is None:
                raise NotFound("Sáng kiến này chưa được đề xuất.")
            own = ownership(s)
            if not own.unrestricted and p.unit_id != own.unit_id:
                raise NotOwner(f"Đề xuất này của đơn vị khác; văn phòng {own.name} chỉ xem.")
            p.withdrawn_at = utcnow()
            tick(s, p)
            audit(s, "proposal", p.uid, "withdraw", "Rút đề xuất lên LĐLĐ tỉnh")

    def limit(self, campaign_id: int) -> int | None:
        """How many each unit may propose in the campaign (None: no limit)."""
        with self._sf() as s:
            campaign = s.get(Campaign, campaign_id)
            return campaign.nomination_limit if campaign is not None else None

    def candidates(self, campaign_id: int) -> list[CandidateRow]:
        """The live initiatives of this office's grassroots unions in the campaign, by title,
        each marked when proposed already (empty where this office does not propose)."""
        unit_id = self.proposer()
        if unit_id is None:
            return []
        with self._sf() as s:
            names = _names(s)
            dated = DatedTree.load(s)
            today = dt.date.today()
            proposed = set(
                s.scalars(
                    select(Proposal.initiative_id).where(
                        Proposal.campaign_id == campaign_id, Proposal.withdrawn_at.is_(None)
                    )
                )
            )
            rows = s.execute(
                select(Initiative.id, Initiative.title, Initiative.authors_text, Initiative.unit_id)
                .where(Initiative.campaign_id == campaign_id, Initiative.deleted_at.is_(None))
                .order_by(Initiative.title_key, Initiative.id)
            ).all()
            return [
                CandidateRow(iid, title, authors, names.get(uid_, ""), iid in proposed)
                for iid, title, authors, uid_ in rows
                if dated.upper_on(uid_, today) == unit_id
            ]

    def all(self, campaign_id: int, unit_id: int | None = None) -> list[ProposalRow]:
        """The proposals of the campaign (of one unit when given), by unit then title."""
        with self._sf() as s:
            return proposal_rows(s, campaign_id, unit_id)


def proposal_rows(s: Session, campaign_id: int, unit_id: int | None = None) -> list[ProposalRow]:
    names = _names(s)
    q = (
        select(Proposal, Initiative)
        .join(Initiative, Initiative.id == Proposal.initiative_id)
        .join(Unit, Unit.id == Proposal.unit_id)
        .where(Proposal.campaign_id == campaign_id, Proposal.withdrawn_at.is_(None))
        .order_by(Unit.name_key, Initiative.title_key, Initiative.id)
    )
    if unit_id is not None:
        q = q.where(Proposal.unit_id == unit_id)
    return [
        ProposalRow(
            p.id,
            ini.id,
            ini.title,
            ini.authors_text,
            names.get(ini.unit_id, ""),
            p.unit_id,
            names.get(p.unit_id, ""),
            p.proposed_on,
            p.note,
        )
        for p, ini in s.execute(q).all()
    ]
