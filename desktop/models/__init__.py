"""SQLAlchemy 2 entities of Sổ Sáng Kiến. No Qt here."""

from .base import Base, Travelling, new_uid, utcnow
from .campaigns import Campaign, Deadline, Field, Period, Quota, campaign_unit
from .enums import (
    DISTRICT_LEVEL_KINDS,
    AuthorKind,
    DossierKind,
    InitiativeStatus,
    Sector,
    SyncDirection,
    UnitEventKind,
    UnitKind,
)
from .initiatives import Author, Decision, DecisionEntry, DossierItem, Initiative
from .office import AppMeta, AuditEntry, Office, SyncLogEntry
from .units import Unit, UnitEvent

__all__ = [
    "DISTRICT_LEVEL_KINDS",
    "AppMeta",
    "AuditEntry",
    "Author",
    "AuthorKind",
    "Base",
    "Campaign",
    "Deadline",
    "Decision",
    "DecisionEntry",
    "DossierItem",
    "DossierKind",
    "Field",
    "Initiative",
    "InitiativeStatus",
    "Office",
    "Period",
    "Quota",
    "Sector",
    "SyncDirection",
    "SyncLogEntry",
    "Travelling",
    "Unit",
    "UnitEvent",
    "UnitEventKind",
    "UnitKind",
    "campaign_unit",
    "new_uid",
    "utcnow",
]
