"""What export, preview and import hand back, and what the sync page shows of each peer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EMAIL_LIMIT = 10 * 1024 * 1024  # many offices' mail servers refuse more than 10 MB


@dataclass(frozen=True)
class UnitCounts:
    unit: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored: int = 0
    conflicts: int = 0
    rejected: int = 0


@dataclass(frozen=True)
class ReportNote:
    unit: str
    kind: str  # ignored | rejected | conflicts
    what: str
    reason: str


@dataclass(frozen=True)
class ProposalNote:
    """An upper-level union's proposal to the province that the bundle brings (or withdraws)."""

    unit: str
    title: str
    authors: str
    withdrawn: bool = False


@dataclass(frozen=True)
class ImportReport:
    sender_uid: str
    sender_name: str
    sequence: int
    sha256: str
    file_name: str
    dry_run: bool
    already_imported: bool
    units: tuple[UnitCounts, ...] = ()
    notes: tuple[ReportNote, ...] = ()
    gap: str | None = None
    totals: dict[str, int] = field(default_factory=dict)
    sender_program: str | None = None  # the Sổ Sáng Kiến version that made it (None: ≤ 0.1.0)
    sender_format: str = ""  # "1.1"
    # The sender was restored from a backup (a new epoch): its next bundle from here is full.
    sender_restored: bool = False
    # This office was restored and this is the sender's full re-send it was waiting for.
    resend_received: bool = False
    # What upper-level unions propose to the province in it (services/sync/proposals.py).
    proposals: tuple[ProposalNote, ...] = ()

    @property
    def made_by(self) -> str:
        program = self.sender_program or "0.1.0 trở về trước"
        return f"Gói do Sổ Sáng Kiến {program} tạo (định dạng gói {self.sender_format})."

    @property
    def message(self) -> str:
        if self.already_imported:
            return (
                f"Gói số {self.sequence} của {self.sender_name} đã được nhập trước đây; "
                "không có gì thay đổi."
            )
        t = self.totals
        verb = "Sẽ nhập" if self.dry_run else "Đã nhập"
        return (
            f"{verb} gói số {self.sequence} của {self.sender_name}: {t.get('new', 0)} mới, "
            f"{t.get('updated', 0)} cập nhật, {t.get('unchanged', 0)} không đổi, "
            f"{t.get('ignored', 0)} bỏ qua, {t.get('conflicts', 0)} xung đột, "
            f"{t.get('rejected', 0)} bị từ chối."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "sender": self.sender_name,
            "sender_uid": self.sender_uid,
            "sequence": self.sequence,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "already_imported": self.already_imported,
            "totals": self.totals,
            "units": [u.__dict__ for u in self.units],
            "notes": [n.__dict__ for n in self.notes],
            "gap": self.gap,
            "sender_program": self.sender_program,
            "sender_format": self.sender_format,
            "sender_restored": self.sender_restored,
            "resend_received": self.resend_received,
            "proposals": [p.__dict__ for p in self.proposals],
            "message": self.message,
        }


@dataclass(frozen=True)
class ExportPlan:
    peer_uid: str
    peer_name: str
    since: int
    sequence: int
    counts: dict[str, int]
    file_name: str
    # The units whose books this office kept and this bundle hands over (units/books.py).
    hands_over: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportResult:
    path: Path
    peer_name: str
    sequence: int
    size: int
    sha256: str
    counts: dict[str, int]

    @property
    def too_big_for_email(self) -> bool:
        return self.size > EMAIL_LIMIT


@dataclass(frozen=True)
class PeerState:
    uid: str
    name: str
    unit_code: str | None
    fingerprint: str | None
    next_sequence: int
    acked_clock: int
    received_clock: int
    last_sequence_in: int
    missing: tuple[int, ...]  # the first 50 missing sequence numbers
    missing_ranges: tuple[tuple[int, int], ...] = ()  # all of them, as (first, last) ranges
    awaiting_resend: bool = False  # this office was restored and waits for the peer's re-send
    owes_resend: bool = False  # the peer was restored: the next bundle to it is full
    # From the last bundle imported from the peer (None: none yet, or made by 0.1.0 or older).
    program_version: str | None = None
    bundle_format: str | None = None  # "1.1"
    last_import_at: dt.datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "unit_code": self.unit_code,
            "fingerprint": self.fingerprint,
            "program_version": self.program_version,
            "bundle_format": self.bundle_format,
            "last_import_at": self.last_import_at.isoformat() if self.last_import_at else None,
            "bundles_sent": self.next_sequence - 1,
            "last_sequence_in": self.last_sequence_in,
            "missing": [list(r) for r in self.missing_ranges],
            "awaiting_resend": self.awaiting_resend,
            "owes_resend": self.owes_resend,
        }


@dataclass(frozen=True)
class ConflictRow:
    id: int
    initiative_uid: str
    title: str
    unit: str
    status: str
    detected_at: dt.datetime
    decided: dict[str, Any] | None
    current: dict[str, Any] | None
