"""The bundles of one store, as the window and the commands use them: export, preview, import;
the sync state per peer; conflicts; e-mail drafts.

Each job lives in its own module (``export``, ``importer`` with ``verify``, ``peers``,
``conflicts``, ``files``; what they hand back in ``reports``); this class holds the sessions.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Unit
from desktop.services.common import audit, local_office
from desktop.services.rules.ownership import kept_units
from desktop.services.sync import conflicts, export, take_in
from desktop.services.sync.importer import Importer
from desktop.services.sync.keys import KeyRing
from desktop.services.sync.peers import find_peer, peer_states
from desktop.services.sync.reports import (
    ConflictRow,
    ExportPlan,
    ExportResult,
    ImportReport,
    PeerState,
)
from desktop.services.sync.restore import RestoreStatus, restore_status


class BundleService:
    def __init__(
        self, session_factory: sessionmaker[Session], keyring: KeyRing | None = None
    ) -> None:
        self._sf = session_factory
        self._keys = keyring or KeyRing()
        self._importer = Importer(session_factory, self._keys)

    # ---- peers ---------------------------------------------------------------------------
    def peers(self) -> list[PeerState]:
        with self._sf() as s:
            return peer_states(s)

    def restore_status(self) -> RestoreStatus | None:
        """Whether this store was restored from a backup, and whose re-send it still waits for."""
        with self._sf() as s:
            return restore_status(s)

    def ask_full_resend(self, peer: str) -> None:
        """The next bundle to ``peer`` carries everything again (after a lost bundle)."""
        with self._sf.begin() as s:
            office, state, _ = find_peer(s, peer)
            state.acked_clock = 0
            audit(
                s, "office", office.uid, "resend", f"Gói sau gửi {office.name} sẽ gửi lại toàn bộ"
            )

    # ---- export --------------------------------------------------------------------------
    def plan(self, peer: str, full: bool = False) -> ExportPlan:
        """What the next bundle to ``peer`` would carry (nothing is written)."""
        with self._sf() as s:
            result = export.plan_bundle(s, peer, full)
            s.rollback()
            return result

    def plan_handover(self, peer: str) -> ExportPlan:
        """What the bundle handing over the books kept for ``peer`` would carry."""
        with self._sf() as s:
            result = export.plan_bundle(s, peer, False, hand_over=True)
            s.rollback()
            return result

    def hand_over(self, peer: str, out: str | os.PathLike[str]) -> ExportResult:
        """Hand the books this office keeps for ``peer``'s unit over to it, in the next bundle
        to it (written to ``out``), in one transaction: the books are handed over only if the
        bundle was written and verified (units/books.py)."""
        with self._sf.begin() as s:
            return export.write_bundle(s, self._keys, peer, Path(out), False, hand_over=True)

    def export(self, peer: str, out: str | os.PathLike[str], full: bool = False) -> ExportResult:
        """Write the next bundle for ``peer`` to ``out`` (a file, or a folder to put it in).

        Written under a temporary name, flushed, renamed, then read back and verified: a
        cheap USB stick that lies about a write is caught here, not at the province.
        """
        with self._sf.begin() as s:
            return export.write_bundle(s, self._keys, peer, Path(out), full)

    def export_all(self, folder: str | os.PathLike[str]) -> list[ExportResult]:
        """The province: one bundle for every enrolled district, in ``folder`` (not for an
        office whose books this office still keeps: that one is a handover, asked for)."""
        with self._sf() as s:
            me = local_office(s)
            ids = kept_units(s, me.uid) if me is not None else frozenset()
            kept = set(s.scalars(select(Unit.code).where(Unit.id.in_(ids))))
        return [self.export(p.uid, folder) for p in self.peers() if p.unit_code not in kept]

    def email_draft(self, bundle: str | os.PathLike[str], out: str | os.PathLike[str]) -> Path:
        """A ready .eml draft with the bundle attached, to open in the office's mail program."""
        return export.email_draft(bundle, out)

    # ---- provinces merge (take_in.py) ---------------------------------------------------------
    def export_whole_store(
        self, card: str | os.PathLike[str], fingerprint: str, out: str | os.PathLike[str]
    ) -> Path:
        """This province's whole store, signed and sealed for the merged province's office
        (its enrolment file ``card``, its fingerprint read out on the phone)."""
        raw = Path(card).read_bytes()
        with self._sf.begin() as s:
            return take_in.export_whole_store(s, self._keys, raw, fingerprint, Path(out))

    def take_in(
        self,
        path: str | os.PathLike[str],
        fingerprint: str,
        effective: dt.date,
        dry_run: bool = False,
    ) -> take_in.TakeInReport:
        """Take in the other province's whole store (``dry_run``: say what it would do and
        write nothing); its federation merges into this office's unit on ``effective``."""
        s = self._sf()
        try:
            s.begin()
            report = take_in.take_in(s, self._keys, Path(path), fingerprint, effective, dry_run)
            if dry_run:
                s.rollback()
            else:
                s.commit()
            return report
        finally:
            s.close()

    # ---- import ---------------------------------------------------------------------------
    def preview(self, path: str | os.PathLike[str]) -> ImportReport:
        """What importing ``path`` would change, per unit. Writes nothing (but a refusal is
        kept in the sync history)."""
        return self._importer.import_file(path, dry_run=True)

    def import_(self, path: str | os.PathLike[str]) -> ImportReport:
        """Apply the bundle in one transaction: all of it or nothing."""
        return self._importer.import_file(path, dry_run=False)

    # ---- conflicts ------------------------------------------------------------------------
    def conflicts(self, include_resolved: bool = False) -> list[ConflictRow]:
        with self._sf() as s:
            return conflicts.list_conflicts(s, include_resolved)

    def resolve_conflict(self, conflict_id: int) -> None:
        """The province has looked at the new content and keeps (or retakes) its decision."""
        with self._sf.begin() as s:
            conflicts.resolve_conflict(s, conflict_id)
