"""All services over one store, built once by the composition root (app.py or cli.py)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.campaigns.progress import ProgressService
from desktop.services.campaigns.quota_reassign import QuotaReassignment
from desktop.services.campaigns.quotas import QuotaService
from desktop.services.campaigns.service import CampaignService
from desktop.services.changes import ChangeFeed
from desktop.services.documents import DocumentService
from desktop.services.evaluation import Evaluation
from desktop.services.initiatives.excel_import import InitiativeImportService
from desktop.services.initiatives.service import InitiativeService
from desktop.services.store.backup import BackupService
from desktop.services.store.opening import Store
from desktop.services.sync import BundleService
from desktop.services.sync.history import SyncHistoryService
from desktop.services.sync.keys import KeyRing
from desktop.services.sync.moved_edits import MovedEditService
from desktop.services.sync.office import EnrolmentService, OfficeService
from desktop.services.sync.restore import apply_pending_restore
from desktop.services.units.books import BooksService
from desktop.services.units.reorganise import ReorganisationService
from desktop.services.units.tree import UnitService


@dataclass(frozen=True)
class Services:
    store: Store
    office: OfficeService
    units: UnitService
    campaigns: CampaignService
    initiatives: InitiativeService
    initiative_import: InitiativeImportService
    progress: ProgressService
    quotas: QuotaService
    sync_history: SyncHistoryService
    evaluation: Evaluation
    documents: DocumentService
    backup: BackupService
    enrolment: EnrolmentService
    bundles: BundleService
    reorganisation: ReorganisationService
    quota_reassignment: QuotaReassignment
    moved_edits: MovedEditService
    books: BooksService
    keyring: KeyRing

    @property
    def changes(self) -> ChangeFeed:
        """Every commit on this store, said to one listener (services/changes.py)."""
        return self.store.changes

    @classmethod
    def over(cls, store: Store) -> Services:
        sf = store.session_factory
        # A store restored from a copy of an older schema starts its new epoch now, before
        # anything can tick its clock (docs/restore-and-epochs.md).
        apply_pending_restore(sf)
        keyring = KeyRing()  # the office's key, unlocked once for this run
        return cls(
            store=store,
            office=OfficeService(sf, keyring),
            units=UnitService(sf),
            reorganisation=ReorganisationService(sf),
            campaigns=CampaignService(sf),
            initiatives=InitiativeService(sf),
            initiative_import=InitiativeImportService(sf),
            progress=ProgressService(sf),
            quotas=QuotaService(sf),
            quota_reassignment=QuotaReassignment(sf),
            moved_edits=MovedEditService(sf),
            books=BooksService(sf),
            sync_history=SyncHistoryService(sf),
            evaluation=Evaluation.over(sf),
            documents=DocumentService(sf, ProgressService(sf)),
            backup=BackupService(store),
            enrolment=EnrolmentService(sf, keyring),
            bundles=BundleService(sf, keyring),
            keyring=keyring,
        )
