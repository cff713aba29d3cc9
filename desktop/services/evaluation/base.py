"""What every part of evaluation shares: the store, and the rule that only the office owning
evaluation (the province) writes to it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Council, CouncilMember, Initiative, InitiativeStatus
from desktop.services.common import local_office
from desktop.services.initiatives import service as initiatives
from desktop.services.rules.ownership import ownership


def owns_councils(sf: sessionmaker[Session]) -> bool:
    """May this office set up councils and score (an authority, or a direct upper-level
    union's own council)?"""
    with sf() as s:
        return ownership(s).owns_councils


def owns_evaluation(sf: sessionmaker[Session]) -> bool:
    """May this office set up councils, score, decide and nominate? Only the province (or a
    PC with no office set up); elsewhere the window only shows what came down."""
    with sf() as s:
        return ownership(s).owns_evaluation


def move_status(s: Session, ini: Initiative, status: InitiativeStatus, why: str = "") -> None:
    """Change an initiative's status inside the caller's transaction: the one routine of
    ``initiatives.move_status`` (ownership, clock tick, province's status version, audit)."""
    initiatives.move_status(s, ini, status, why)


class EvaluationPart:
    """One job of evaluation over the store (councils, scoring, dossiers, …)."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def _refuse_unless_owner(
        self,
        what: str,
        council: bool = False,
        council_id: int | None = None,
        member_id: int | None = None,
    ) -> None:
        """A Vietnamese :class:`NotOwner` before anything else is checked or written: a change
        made at an office that does not own evaluation would never reach the province.
        ``council``: councils and scoring, which a direct upper-level union may run too, on its
        own councils only (``council_id``, or the council of ``member_id``): each council is
        the office's that set it up."""
        with self._sf() as s:
            own = ownership(s)
            if own.owns_evaluation:
                return
            if not council or not own.owns_councils:
                raise own.province_only(what)
            if member_id is not None:
                council_id = s.scalar(
                    select(CouncilMember.council_id).where(CouncilMember.id == member_id)
                )
            if council_id is None and member_id is None:
                return  # a new council of its own
            origin = s.scalar(select(Council.origin_office_uid).where(Council.id == council_id))
            me = local_office(s)
            if me is None or origin != me.uid:
                raise own.province_only(what)
