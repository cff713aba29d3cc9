"""What every part of evaluation shares: the store, and the rule that only the office owning
evaluation (the province) writes to it."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Initiative, InitiativeStatus
from desktop.services.initiatives import service as initiatives
from desktop.services.rules.ownership import ownership


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

    def _refuse_unless_owner(self, what: str) -> None:
        """A Vietnamese :class:`NotOwner` before anything else is checked or written: a change
        made at an office that does not own evaluation would never reach the province."""
        with self._sf() as s:
            own = ownership(s)
        if not own.owns_evaluation:
            raise own.province_only(what)
