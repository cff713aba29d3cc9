"""A finished campaign is closed (khoá sổ): its records are read-only until it is reopened.

What closing freezes: the campaign's initiatives (with their authors and dossier items), its
quotas and its evaluation (councils, members, criteria, reviews, scores, dossier remarks,
decisions and nominations). The campaign's own settings are frozen too; only «Mở lại» changes
it. Both closing and reopening are audited and travel with the campaign in bundles (the
office that runs the campaign decides; the others receive it).

Every path that writes goes through a session of the store, so one guard, a ``before_flush``
hook installed by :func:`install_guard` on the store's session factory, refuses any such
write with :class:`CampaignClosed` and a Vietnamese message: the window, the Excel import,
the command line and the services under them alike. A bundle is applied with ``SQL`` of its
own and checks each record itself (``sync/apply``): from the office above it is written
as sent (it decided before it closed, or it reopened), from an office below it is refused
alone, with this same message, and the rest of the bundle applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import (
    Author,
    Campaign,
    Council,
    CouncilMember,
    CouncilReview,
    Criterion,
    Decision,
    DecisionEntry,
    DossierIssue,
    DossierItem,
    Initiative,
    Nomination,
    Quota,
    Score,
    utcnow,
)
from desktop.services.common import NotFound, ServiceError, audit, tick
from desktop.services.rules.ownership import ownership
from desktop.text.dates import format_date

# session.info key: a bundle's applier checks each record itself (see the module text).
CHECKED_BY_CALLER = "closed_campaigns_checked"

_BY_CAMPAIGN = (Initiative, Quota, Council, Nomination, Decision)
_BY_INITIATIVE = (Author, DossierItem, CouncilReview, Score, DossierIssue)
_BY_COUNCIL = (CouncilMember, Criterion)


class CampaignClosed(ServiceError):
    """A write into a closed campaign."""


def closed_message(name: str, closed_at: dt.datetime | None) -> str:
    when = f" ngày {format_date(closed_at.astimezone(_VN).date())}" if closed_at else ""
    return (
        f"Chương trình «{name}» đã khoá sổ{when}: sáng kiến, chỉ tiêu và kết quả thẩm định của "
        "chương trình chỉ xem, không sửa được. Nếu cần sửa, nơi quản lý chương trình mở lại "
        "sổ (trang Chương trình thi đua → «Mở lại sổ»), sửa, rồi khoá sổ lại."
    )


_VN = dt.timezone(dt.timedelta(hours=7))


def refuse_if_closed(s: Session, campaign_id: int | None) -> None:
    """Raise :class:`CampaignClosed` when campaign ``campaign_id`` is closed."""
    if campaign_id is None:
        return
    row = s.execute(
        select(Campaign.name, Campaign.closed_at).where(Campaign.id == campaign_id)
    ).first()
    if row is not None and row.closed_at is not None:
        raise CampaignClosed(closed_message(row.name, row.closed_at))


def _touched(s: Session) -> Iterable[Any]:
    yield from s.new
    yield from s.deleted
    for obj in s.dirty:
        if s.is_modified(obj, include_collections=False):
            yield obj


def _campaigns_of(s: Session, objs: list[Any]) -> set[int]:
    campaigns: set[int] = set()
    initiatives: set[int] = set()
    councils: set[int] = set()
    decisions: set[int] = set()
    for obj in objs:
        if isinstance(obj, _BY_CAMPAIGN):
            campaigns.add(obj.campaign_id)
        elif isinstance(obj, _BY_INITIATIVE):
            parent = getattr(obj, "initiative", None)
            iid = obj.initiative_id or (parent.id if parent is not None else None)
            if iid is not None:
                initiatives.add(iid)
        elif isinstance(obj, _BY_COUNCIL):
            councils.add(obj.council_id)
        elif isinstance(obj, DecisionEntry):
            decisions.add(obj.decision_id)
            initiatives.add(obj.initiative_id)
    if initiatives:
        campaigns |= set(
            s.scalars(select(Initiative.campaign_id).where(Initiative.id.in_(initiatives)))
        )
    if councils:
        campaigns |= set(s.scalars(select(Council.campaign_id).where(Council.id.in_(councils))))
    if decisions:
        campaigns |= set(s.scalars(select(Decision.campaign_id).where(Decision.id.in_(decisions))))
    return campaigns


def _guard(s: Session, _context: Any, _instances: Any) -> None:
    if s.info.get(CHECKED_BY_CALLER):
        return
    objs = [
        o
        for o in _touched(s)
        if isinstance(o, (*_BY_CAMPAIGN, *_BY_INITIATIVE, *_BY_COUNCIL, DecisionEntry))
    ]
    if not objs:
        return
    with s.no_autoflush:
        # Mostly no campaign is closed: one look at the (small) campaign table, and done.
        if s.scalar(select(Campaign.id).where(Campaign.closed_at.is_not(None)).limit(1)) is None:
            return
        ids = _campaigns_of(s, objs)
        if not ids:
            return
        row = s.execute(
            select(Campaign.name, Campaign.closed_at)
            .where(Campaign.id.in_(ids), Campaign.closed_at.is_not(None))
            .order_by(Campaign.id)
        ).first()
    if row is not None:
        raise CampaignClosed(closed_message(row.name, row.closed_at))


def install_guard(session_factory: sessionmaker[Session]) -> None:
    """Refuse every write into a closed campaign made through this factory's sessions."""
    if not event.contains(session_factory, "before_flush", _guard):
        event.listen(session_factory, "before_flush", _guard)


@dataclass(frozen=True)
class ClosingSummary:
    """A campaign and what closing it freezes (or froze)."""

    campaign_id: int
    code: str
    name: str
    closed_at: dt.datetime | None
    initiatives: int
    quotas: int
    decisions: int
    councils: int

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "closed": self.closed_at is not None,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "initiatives": self.initiatives,
            "quotas": self.quotas,
            "decisions": self.decisions,
            "councils": self.councils,
        }


def _count(s: Session, model: Any, campaign_id: int) -> int:
    q = select(func.count()).select_from(model).where(model.campaign_id == campaign_id)
    if model is Initiative:
        q = q.where(Initiative.deleted_at.is_(None))
    return int(s.scalar(q) or 0)


def _summary(s: Session, c: Campaign) -> ClosingSummary:
    return ClosingSummary(
        c.id,
        c.code,
        c.name,
        c.closed_at,
        _count(s, Initiative, c.id),
        _count(s, Quota, c.id),
        _count(s, Decision, c.id),
        _count(s, Council, c.id),
    )


class CampaignClosing:
    """Close a finished campaign, and reopen it; both audited, both travel with it."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def summary(self, campaign_id: int) -> ClosingSummary:
        with self._sf() as s:
            return _summary(s, self._load(s, campaign_id))

    def close(self, campaign_id: int, dry_run: bool = False) -> ClosingSummary:
        """Close it now (already closed: an error). ``dry_run``: what it would freeze."""
        return self._set(campaign_id, True, dry_run)

    def reopen(self, campaign_id: int, dry_run: bool = False) -> ClosingSummary:
        return self._set(campaign_id, False, dry_run)

    def _set(self, campaign_id: int, close: bool, dry_run: bool) -> ClosingSummary:
        with self._sf.begin() as s:
            own = ownership(s)
            if not own.owns_campaigns:
                raise own.province_only("khoá sổ và mở lại sổ chương trình thi đua")
            c = self._load(s, campaign_id)
            if close and c.closed_at is not None:
                raise ServiceError(closed_message(c.name, c.closed_at))
            if not close and c.closed_at is None:
                raise ServiceError(f"Chương trình «{c.name}» đang mở sổ; không có gì để mở lại.")
            if dry_run:
                out = _summary(s, c)
                s.rollback()
                return out
            c.closed_at = utcnow() if close else None
            tick(s, c)
            out = _summary(s, c)
            action, verb = ("close", "Khoá sổ") if close else ("reopen", "Mở lại sổ")
            audit(
                s,
                "campaign",
                c.uid,
                action,
                f"{verb} chương trình {c.name}",
                {"initiatives": out.initiatives, "quotas": out.quotas, "decisions": out.decisions},
            )
            return out

    @staticmethod
    def _load(s: Session, campaign_id: int) -> Campaign:
        c = s.get(Campaign, campaign_id)
        if c is None:
            raise NotFound("Không tìm thấy chương trình.")
        return c


__all__ = [
    "CHECKED_BY_CALLER",
    "CampaignClosed",
    "CampaignClosing",
    "ClosingSummary",
    "closed_message",
    "install_guard",
    "refuse_if_closed",
]
