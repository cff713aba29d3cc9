"""All services over one store, made by the composition root (app.py or cli.py).

Each service is built, and its module imported, the first time something asks for it: the
first page of the list needs four of the nineteen, and the rest (bundles and their
cryptography, documents and ReportLab's tables, evaluation, Excel import…) would otherwise
be imported and built at every start before the window shows (issue #14, bench_start.py).
The services that share a thing share it still: one key ring for the office, enrolment and
bundles; the documents use the same progress service as the dashboard.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from desktop.services.store.opening import Store
from desktop.services.sync.restore import apply_pending_restore

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

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
    from desktop.services.sync import BundleService
    from desktop.services.sync.contacts import AuthorContactsChoice
    from desktop.services.sync.history import SyncHistoryService
    from desktop.services.sync.keys import KeyRing
    from desktop.services.sync.moved_edits import MovedEditService
    from desktop.services.sync.office import EnrolmentService, OfficeService
    from desktop.services.units.books import BooksService
    from desktop.services.units.reorganise import ReorganisationService
    from desktop.services.units.tree import UnitService


class Services:
    """The services over ``store``; each one made on first use, then kept."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._sf: sessionmaker[Session] = store.session_factory

    @classmethod
    def over(cls, store: Store) -> Services:
        # A store restored from a copy of an older schema starts its new epoch now, before
        # anything can tick its clock (docs/restore-and-epochs.md).
        apply_pending_restore(store.session_factory)
        return cls(store)

    @property
    def changes(self) -> ChangeFeed:
        """Every commit on this store, said to one listener (services/changes.py)."""
        return self.store.changes

    @cached_property
    def keyring(self) -> KeyRing:
        """The office's key, unlocked once for this run."""
        from desktop.services.sync.keys import KeyRing

        return KeyRing()

    @cached_property
    def office(self) -> OfficeService:
        from desktop.services.sync.office import OfficeService

        return OfficeService(self._sf, self.keyring)

    @cached_property
    def enrolment(self) -> EnrolmentService:
        from desktop.services.sync.office import EnrolmentService

        return EnrolmentService(self._sf, self.keyring)

    @cached_property
    def bundles(self) -> BundleService:
        from desktop.services.sync import BundleService

        return BundleService(self._sf, self.keyring)

    @cached_property
    def author_contacts(self) -> AuthorContactsChoice:
        from desktop.services.sync.contacts import AuthorContactsChoice

        return AuthorContactsChoice(self._sf)

    @cached_property
    def sync_history(self) -> SyncHistoryService:
        from desktop.services.sync.history import SyncHistoryService

        return SyncHistoryService(self._sf)

    @cached_property
    def moved_edits(self) -> MovedEditService:
        from desktop.services.sync.moved_edits import MovedEditService

        return MovedEditService(self._sf)

    @cached_property
    def units(self) -> UnitService:
        from desktop.services.units.tree import UnitService

        return UnitService(self._sf)

    @cached_property
    def reorganisation(self) -> ReorganisationService:
        from desktop.services.units.reorganise import ReorganisationService

        return ReorganisationService(self._sf)

    @cached_property
    def books(self) -> BooksService:
        from desktop.services.units.books import BooksService

        return BooksService(self._sf)

    @cached_property
    def campaigns(self) -> CampaignService:
        from desktop.services.campaigns.service import CampaignService

        return CampaignService(self._sf)

    @cached_property
    def progress(self) -> ProgressService:
        from desktop.services.campaigns.progress import ProgressService

        return ProgressService(self._sf)

    @cached_property
    def quotas(self) -> QuotaService:
        from desktop.services.campaigns.quotas import QuotaService

        return QuotaService(self._sf)

    @cached_property
    def quota_reassignment(self) -> QuotaReassignment:
        from desktop.services.campaigns.quota_reassign import QuotaReassignment

        return QuotaReassignment(self._sf)

    @cached_property
    def initiatives(self) -> InitiativeService:
        from desktop.services.initiatives.service import InitiativeService

        return InitiativeService(self._sf)

    @cached_property
    def initiative_import(self) -> InitiativeImportService:
        from desktop.services.initiatives.excel_import import InitiativeImportService

        return InitiativeImportService(self._sf)

    @cached_property
    def evaluation(self) -> Evaluation:
        from desktop.services.evaluation import Evaluation

        return Evaluation.over(self._sf)

    @cached_property
    def documents(self) -> DocumentService:
        from desktop.services.documents import DocumentService

        return DocumentService(self._sf, self.progress)

    @cached_property
    def backup(self) -> BackupService:
        from desktop.services.store.backup import BackupService

        return BackupService(self.store)
