"""Evaluation and recognition, one module per job:

* ``councils``: the council, its members and criteria, and the initiatives it reviews;
* ``scoring``: the members' sheets of points and the council's results;
* ``dossiers``: the dossier check (on time, complete, no complaint, no dispute);
* ``complaints``: complaints and authorship disputes raised and resolved;
* ``decisions``: the decisions recognising or declining initiatives;
* ``nominations``: recognised initiatives proposed to the level above;
* ``proposals``: a direct upper-level union's proposals to the province, within the limit.

Callers reach each job through :class:`Evaluation` (``services.evaluation.councils.create``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from desktop.services.evaluation.base import owns_councils, owns_evaluation
from desktop.services.evaluation.complaints import ComplaintService
from desktop.services.evaluation.councils import CouncilService
from desktop.services.evaluation.decisions import DecisionService
from desktop.services.evaluation.dossiers import DossierService
from desktop.services.evaluation.nominations import NominationService
from desktop.services.evaluation.proposals import ProposalService
from desktop.services.evaluation.scoring import ScoringService


@dataclass(frozen=True)
class Evaluation:
    """The parts of evaluation over one store."""

    session_factory: sessionmaker[Session]
    councils: CouncilService
    scoring: ScoringService
    dossiers: DossierService
    complaints: ComplaintService
    decisions: DecisionService
    nominations: NominationService
    proposals: ProposalService

    @classmethod
    def over(cls, sf: sessionmaker[Session]) -> Evaluation:
        return cls(
            session_factory=sf,
            councils=CouncilService(sf),
            scoring=ScoringService(sf),
            dossiers=DossierService(sf),
            complaints=ComplaintService(sf),
            decisions=DecisionService(sf),
            nominations=NominationService(sf),
            proposals=ProposalService(sf),
        )

    def councils_here(self) -> bool:
        """May this office run councils and score (an authority, or a direct upper-level
        union's own council)?"""
        return owns_councils(self.session_factory)

    def owned_here(self) -> bool:
        """May this office write evaluation (councils, scores, decisions, nominations)? Only
        the province (or a PC with no office set up)."""
        return owns_evaluation(self.session_factory)


__all__ = [
    "ComplaintService",
    "CouncilService",
    "DecisionService",
    "DossierService",
    "Evaluation",
    "NominationService",
    "ProposalService",
    "ScoringService",
]
