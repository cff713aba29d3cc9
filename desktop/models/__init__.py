"""SQLAlchemy 2 entities of Sổ Sáng Kiến. No Qt here."""

from desktop.models.base import Base, Edited, Travelling, new_uid, utcnow
from desktop.models.campaigns import Campaign, Deadline, Field, Period, Quota, campaign_unit
from desktop.models.dashboard import ix_initiative_progress, ix_initiative_timeline  # noqa: F401
from desktop.models.enums import (
    DISTRICT_LEVEL_KINDS,
    PROVINCE_LEVEL_KINDS,
    AuthorKind,
    DatePrecision,
    DossierKind,
    InitiativeStatus,
    Sector,
    SyncDirection,
    UnitEventKind,
    UnitKind,
    UnitLevel,
)
from desktop.models.evaluation import (
    Council,
    CouncilMember,
    CouncilReview,
    Criterion,
    DocumentSetting,
    DossierIssue,
    DossierIssueKind,
    Nomination,
    Proposal,
    Score,
)
from desktop.models.initiative_search import InitiativeSearch
from desktop.models.initiatives import Author, Decision, DecisionEntry, DossierItem, Initiative
from desktop.models.office import AppMeta, AuditEntry, KeptBooks, Office, SyncLogEntry
from desktop.models.sync import MovedEdit, SyncConflict, SyncPeer, SyncReceived, SyncStamp
from desktop.models.units import Unit, UnitEvent

__all__ = [
    "DISTRICT_LEVEL_KINDS",
    "PROVINCE_LEVEL_KINDS",
    "AppMeta",
    "AuditEntry",
    "Author",
    "AuthorKind",
    "Base",
    "Campaign",
    "Council",
    "CouncilMember",
    "CouncilReview",
    "Criterion",
    "DatePrecision",
    "Deadline",
    "Decision",
    "DecisionEntry",
    "DocumentSetting",
    "DossierIssue",
    "DossierIssueKind",
    "DossierItem",
    "DossierKind",
    "Edited",
    "Field",
    "Initiative",
    "InitiativeSearch",
    "InitiativeStatus",
    "KeptBooks",
    "MovedEdit",
    "Nomination",
    "Office",
    "Period",
    "Proposal",
    "Quota",
    "Score",
    "Sector",
    "SyncConflict",
    "SyncDirection",
    "SyncLogEntry",
    "SyncPeer",
    "SyncReceived",
    "SyncStamp",
    "Travelling",
    "Unit",
    "UnitEvent",
    "UnitEventKind",
    "UnitKind",
    "UnitLevel",
    "campaign_unit",
    "new_uid",
    "utcnow",
]
