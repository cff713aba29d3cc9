"""All services over one store, built once by the composition root (app.py or cli.py)."""

from __future__ import annotations

from dataclasses import dataclass

from .campaigns import CampaignService
from .initiatives import InitiativeService
from .office import OfficeService
from .progress import ProgressService
from .store import Store
from .sync_history import SyncHistoryService
from .units import UnitService


@dataclass(frozen=True)
class Services:
    store: Store
    office: OfficeService
    units: UnitService
    campaigns: CampaignService
    initiatives: InitiativeService
    progress: ProgressService
    sync_history: SyncHistoryService

    @classmethod
    def over(cls, store: Store) -> Services:
        sf = store.session_factory
        return cls(
            store=store,
            office=OfficeService(sf),
            units=UnitService(sf),
            campaigns=CampaignService(sf),
            initiatives=InitiativeService(sf),
            progress=ProgressService(sf),
            sync_history=SyncHistoryService(sf),
        )
