"""Export, preview, import; the sync state per peer; conflicts; e-mail drafts."""

from __future__ import annotations

import base64
import datetime as dt
import email.policy
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import desktop
from desktop.models import (
    Initiative,
    Office,
    SyncConflict,
    SyncDirection,
    SyncLogEntry,
    SyncPeer,
    SyncReceived,
    Unit,
    UnitKind,
    utcnow,
)
from desktop.services import labels
from desktop.services.common import ServiceError, audit, local_office, tick
from desktop.services.sync import container
from desktop.services.sync.apply import Applier, BadRecord
from desktop.services.sync.container import BundleRefused
from desktop.services.sync.keys import KeyLocked, KeyRing, KeyUnprotected, is_protected
from desktop.services.sync.payload import collect, counts_of, load_contents
from desktop.services.sync.restore import (
    EPOCH_STRIDE,
    RestoreStatus,
    collect_returned,
    collect_returned_catalogue,
    collect_returned_to_province,
    incarnation,
    restore_status,
)
from desktop.text.normalise import fold

log = logging.getLogger(__name__)

EXTENSION = ".ssk"
# Restores of one office: a claimed epoch beyond is refused (promise 14). Clock values of
# epoch e start at e × EPOCH_STRIDE and must stay within the manifest's 32-bit counters.
MAX_EPOCH = container.MAX_COUNTER // EPOCH_STRIDE - 1
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


def _ascii(text: str) -> str:
    out = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in fold(text).upper())
    return "-".join(p for p in out.split("-") if p)[:40] or "VP"


def bundle_file_name(
    sender_code: str, recipient_code: str, sequence: int, when: dt.date, epoch: int = 0
) -> str:
    """A name a person recognises: sender, recipient, date, sequence number (after a restore
    the numbers start again, so the restore epoch is in the name: ``_kp1_so0001``)."""
    restored = f"_kp{epoch}" if epoch else ""
    return (
        f"SSK_{_ascii(sender_code)}_gui_{_ascii(recipient_code)}_{when:%Y-%m-%d}{restored}"
        f"_so{sequence:04d}{EXTENSION}"
    )


class BundleService:
    def __init__(
        self, session_factory: sessionmaker[Session], keyring: KeyRing | None = None
    ) -> None:
        self._sf = session_factory
        self._keys = keyring or KeyRing()

    def _seed(self, s: Session, me: Office) -> bytes:
        """The office's private key for signing or opening a bundle. On a shared PostgreSQL
        server a key without a passphrase is refused: anyone with a database login could read
        it and sign in the office's name (docs/postgresql.md)."""
        stored = bytes(me.private_key or b"")
        if s.get_bind().dialect.name == "postgresql" and not is_protected(stored):
            raise KeyUnprotected(
                "Khoá ký của văn phòng đang lưu không có mật khẩu trên máy chủ PostgreSQL dùng "
                "chung: ai đăng nhập được cơ sở dữ liệu cũng có thể ký gói thay văn phòng. Hãy đặt "
                "mật khẩu khoá trước (Cài đặt → Văn phòng → Đặt mật khẩu khoá, hoặc lệnh "
                "«sangkien office protect-key»)."
            )
        return self._keys.seed(stored)

    # ---- peers ---------------------------------------------------------------------------
    def _me(self, s: Session) -> tuple[Office, Unit]:
        me = local_office(s)
        if me is None or me.private_key is None:
            raise ServiceError("Máy này chưa được thiết lập văn phòng nên chưa thể gửi, nhận gói.")
        unit = s.get(Unit, me.unit_id) if me.unit_id else None
        if unit is None:
            raise ServiceError("Văn phòng của máy này chưa gắn với đơn vị nào.")
        return me, unit

    def _peer(self, s: Session, key: str) -> tuple[Office, SyncPeer, Unit]:
        """A peer by uid, unit code, or name."""
        candidates = list(s.scalars(select(Office).where(Office.is_local.is_(False))))
        folded = fold(key).strip()
        found = None
        for o in candidates:
            unit = s.get(Unit, o.unit_id) if o.unit_id else None
            if key in {o.uid} or (unit is not None and key in {unit.code, unit.uid}):
                found = o
                break
            if fold(o.name).strip() == folded or (
                unit is not None and fold(unit.short_name or "") == folded
            ):
                found = o
        if found is None:
            names = ", ".join(sorted(o.name for o in candidates)) or "chưa có"
            raise ServiceError(
                f"Không có văn phòng «{key}» đã đăng ký. Văn phòng đã đăng ký: {names}."
            )
        state = _peer_state(s, found.uid)
        unit = s.get(Unit, found.unit_id) if found.unit_id else None
        if unit is None:
            raise ServiceError(f"Văn phòng «{found.name}» không gắn với đơn vị nào.")
        return found, state, unit

    def peers(self) -> list[PeerState]:
        with self._sf() as s:
            out = []
            for o in s.scalars(
                select(Office).where(Office.is_local.is_(False)).order_by(Office.name)
            ):
                st = s.scalar(select(SyncPeer).where(SyncPeer.office_uid == o.uid))
                unit = s.get(Unit, o.unit_id) if o.unit_id else None
                received = list(
                    s.scalars(
                        select(SyncReceived.sequence)
                        .where(
                            SyncReceived.sender_office_uid == o.uid,
                            SyncReceived.epoch == (st.peer_epoch if st else 0),
                        )
                        .order_by(SyncReceived.sequence)
                    )
                )
                gaps = missing_ranges(received, received[-1] if received else 0)
                out.append(
                    PeerState(
                        uid=o.uid,
                        name=o.name,
                        unit_code=unit.code if unit else None,
                        fingerprint=o.fingerprint,
                        next_sequence=st.next_sequence if st else 1,
                        acked_clock=st.acked_clock if st else 0,
                        received_clock=st.received_clock if st else 0,
                        last_sequence_in=st.last_sequence_in if st else 0,
                        missing=_first_numbers(gaps, 50),
                        missing_ranges=tuple(gaps),
                        program_version=st.program_version if st else None,
                        bundle_format=(
                            f"{st.format_version}.{st.format_minor or 0}"
                            if st and st.format_version
                            else None
                        ),
                        last_import_at=st.last_import_at if st else None,
                        awaiting_resend=bool(st and st.awaiting_resend),
                        owes_resend=bool(st and st.owes_resend),
                    )
                )
            return out

    # ---- export --------------------------------------------------------------------------
    def plan(self, peer: str, full: bool = False) -> ExportPlan:
        """What the next bundle to ``peer`` would carry (nothing is written)."""
        with self._sf() as s:
            me, my_unit = self._me(s)
            office, state, peer_unit = self._peer(s, peer)
            since = 0 if full or state.owes_resend else state.acked_clock
            data = collect(s, my_unit, peer_unit, since)
            _add_returned(s, data, state, office, peer_unit)
            name = bundle_file_name(
                my_unit.code, peer_unit.code, state.next_sequence, dt.date.today(), me.epoch or 0
            )
            counts = _split_counts(data, _acknowledged_uids(s, office.uid, state.acked_clock))
            s.rollback()
            return ExportPlan(office.uid, office.name, since, state.next_sequence, counts, name)

    def export(self, peer: str, out: str | os.PathLike[str], full: bool = False) -> ExportResult:
        """Write the next bundle for ``peer`` to ``out`` (a file, or a folder to put it in).

        Written under a temporary name, flushed, renamed, then read back and verified: a
        cheap USB stick that lies about a write is caught here, not at the province.
        """
        out_path = Path(out)
        with self._sf.begin() as s:
            me, my_unit = self._me(s)
            office, state, peer_unit = self._peer(s, peer)
            # A restored peer gets everything again, and back the records it owns.
            since = 0 if full or state.owes_resend else state.acked_clock
            data = collect(s, my_unit, peer_unit, since)
            _add_returned(s, data, state, office, peer_unit)
            sequence = state.next_sequence
            if out_path.is_dir():
                out_path = out_path / bundle_file_name(
                    my_unit.code, peer_unit.code, sequence, dt.date.today(), me.epoch or 0
                )
            manifest = {
                "sender": {
                    "office_uid": me.uid,
                    "name": me.name,
                    "unit_uid": my_unit.uid,
                    "unit_code": my_unit.code,
                    "public_key": base64.b64encode(me.public_key or b"").decode(),
                    "fingerprint": me.fingerprint,
                },
                "recipient": {"office_uid": office.uid, "name": office.name},
                "sequence": sequence,
                "since": since,
                "upto": me.clock or 0,
                "ack": state.received_clock,
                "epoch": state.epoch,
                # Restores (docs/restore-and-epochs.md): the sender's epoch; whether it still
                # waits for the recipient's full re-send; and, in a re-send, whose epoch it is for.
                "office_epoch": me.epoch or 0,
                "office_incarnation": incarnation(s),
                "awaiting_resend": bool(state.awaiting_resend),
                "resend_for_epoch": state.peer_epoch if state.owes_resend else None,
                "created_at": utcnow().isoformat(),
                "counts": counts_of(data),
                "program_version": desktop.__version__,
            }
            # The newest format the peer reads (known from its last bundle): upgrading one
            # office first never cuts the others off (docs/bundle-format.md).
            version = container.format_for(state.reads_major)
            blob = container.build(
                manifest,
                container.dumps(data),
                self._seed(s, me),
                version=version,
                seal_for=office.public_key,
            )
            _write_verified(out_path, blob, me.public_key or b"")
            state.next_sequence = sequence + 1
            digest = hashlib.sha256(blob).hexdigest()
            known = _acknowledged_uids(s, office.uid, state.acked_clock)
            counts = _split_counts(data, known)
            # What this bundle carries that the peer has not acknowledged yet: once the peer
            # acknowledges ``upto``, these count as "changed", no longer "new", in later plans.
            sent = [i["uid"] for i in data.get("initiatives", []) if i["uid"] not in known]
            s.add(
                SyncLogEntry(
                    direction=SyncDirection.OUT,
                    peer_office_uid=office.uid,
                    peer_name=office.name,
                    sequence=sequence,
                    file_name=out_path.name,
                    sha256=digest,
                    accepted=True,
                    reason=_counts_text(counts),
                    counts_json=json.dumps(
                        {**counts, "upto": manifest["upto"], "sent_initiatives": sent}
                    ),
                )
            )
            log.info("bundle %s written for %s (%d bytes)", out_path, office.name, len(blob))
            return ExportResult(out_path, office.name, sequence, len(blob), digest, counts)

    def export_all(self, folder: str | os.PathLike[str]) -> list[ExportResult]:
        """The province: one bundle for every enrolled district, in ``folder``."""
        return [self.export(p.uid, folder) for p in self.peers()]

    def restore_status(self) -> RestoreStatus | None:
        """Whether this store was restored from a backup, and whose re-send it still waits for."""
        with self._sf() as s:
            return restore_status(s)

    def ask_full_resend(self, peer: str) -> None:
        """The next bundle to ``peer`` carries everything again (after a lost bundle)."""
        with self._sf.begin() as s:
            office, state, _ = self._peer(s, peer)
            state.acked_clock = 0
            audit(
                s, "office", office.uid, "resend", f"Gói sau gửi {office.name} sẽ gửi lại toàn bộ"
            )

    def email_draft(self, bundle: str | os.PathLike[str], out: str | os.PathLike[str]) -> Path:
        """A ready .eml draft with the bundle attached, to open in the office's mail program."""
        path = Path(bundle)
        raw = path.read_bytes()
        rb = container.read(raw)
        m = rb.manifest
        sender = str(m.get("sender", {}).get("name", ""))
        recipient = str(m.get("recipient", {}).get("name", ""))
        msg = EmailMessage(policy=email.policy.SMTP)
        msg["Subject"] = f"Gói dữ liệu Sổ Sáng Kiến số {m.get('sequence')} từ {sender}"
        msg["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft to send
        counts = m.get("counts", {}) if isinstance(m.get("counts"), dict) else {}
        msg.set_content(
            f"Kính gửi {recipient},\n\n"
            f"{sender} gửi kèm gói dữ liệu Sổ Sáng Kiến số {m.get('sequence')} "
            f"({_counts_text(counts)}).\n\n"
            "Cách nhập: mở Sổ Sáng Kiến, vào mục Đồng bộ, chọn «Nhận gói…» (hoặc kéo tệp đính "
            "kèm thả vào cửa sổ chương trình), xem trước rồi bấm «Nhập».\n\n"
            "Trân trọng.\n"
        )
        msg.add_attachment(raw, maintype="application", subtype="octet-stream", filename=path.name)
        out_path = Path(out)
        tmp = out_path.with_name(out_path.name + ".tmp")
        tmp.write_bytes(msg.as_bytes())
        os.replace(tmp, out_path)
        return out_path

    # ---- import ---------------------------------------------------------------------------
    def preview(self, path: str | os.PathLike[str]) -> ImportReport:
        """What importing ``path`` would change, per unit. Writes nothing (but a refusal is
        kept in the sync history)."""
        return self._import(path, dry_run=True)

    def import_(self, path: str | os.PathLike[str]) -> ImportReport:
        """Apply the bundle in one transaction: all of it or nothing."""
        return self._import(path, dry_run=False)

    def _import(self, path: str | os.PathLike[str], dry_run: bool) -> ImportReport:
        src = Path(path)
        name = src.name
        raw = _copy_off(src)
        digest = hashlib.sha256(raw).hexdigest()
        try:
            report = self._import_bytes(raw, name, digest, dry_run)
        except BundleRefused as exc:
            log.warning("bundle %s refused (%s): %s", src, exc.code, exc)
            self._log_refusal(name, digest, str(exc), exc)
            raise
        except (KeyLocked, KeyUnprotected):
            raise  # the person types the key's passphrase (or sets one), then tries again
        except Exception as exc:
            log.exception("bundle %s: unexpected error while importing", src)
            refused = BundleRefused(
                "internal",
                "Không nhập được gói do một lỗi không lường trước "
                f"({_brief(exc)}); dữ liệu trên máy này không thay đổi. Hãy gửi tệp "
                "gói cho bộ phận hỗ trợ, hoặc nhờ bên gửi xuất lại.",
            )
            refused.sender = getattr(exc, "sender", None)  # type: ignore[attr-defined]
            self._log_refusal(name, digest, str(refused), refused)
            raise refused from exc
        log.info("bundle %s %s", src, "checked" if dry_run else "accepted and applied")
        return report

    def _log_refusal(self, name: str, digest: str, reason: str, exc: BundleRefused) -> None:
        info = getattr(exc, "sender", None) or {}
        with self._sf.begin() as s:
            s.add(
                SyncLogEntry(
                    direction=SyncDirection.IN,
                    peer_office_uid=info.get("uid"),
                    peer_name=info.get("name"),
                    sequence=info.get("sequence"),
                    file_name=name[:500],
                    sha256=digest,
                    accepted=False,
                    reason=reason,
                )
            )

    def _import_bytes(self, raw: bytes, name: str, digest: str, dry_run: bool) -> ImportReport:
        rb = container.open_bundle(raw)
        m = rb.manifest
        sender_info = m.get("sender") if isinstance(m.get("sender"), dict) else {}
        recipient = m.get("recipient") if isinstance(m.get("recipient"), dict) else {}
        sequence = m.get("sequence")
        ident = {
            "uid": str(sender_info.get("office_uid") or "")[:36] or None,
            "name": str(sender_info.get("name") or "")[:300] or None,
            "sequence": sequence if _counter(sequence) else None,
        }
        s = self._sf()
        try:
            s.begin()
            report = self._verify_and_apply(s, rb, m, sender_info, recipient, name, digest, dry_run)
            if dry_run or report.already_imported:
                s.rollback()  # the preview never writes
            else:
                s.commit()  # all of the bundle, or (on any error or a crash) none of it
            return report
        except Exception as exc:
            exc.sender = ident  # type: ignore[attr-defined]
            raise
        finally:
            s.close()  # not committed: rolled back

    def _verify_and_apply(
        self,
        s: Session,
        rb: container.Opened,
        m: dict[str, Any],
        sender_info: dict[str, Any],
        recipient: dict[str, Any],
        name: str,
        digest: str,
        dry_run: bool,
    ) -> ImportReport:
        me = local_office(s)
        if me is None:
            raise BundleRefused(
                "no_office", "Máy này chưa được thiết lập văn phòng nên chưa thể nhận gói."
            )
        sender_uid = sender_info.get("office_uid")
        sender_name = str(sender_info.get("name") or "?")[:300]
        if sender_uid == me.uid:
            raise BundleRefused("own", "Đây là gói do chính văn phòng này gửi đi.")
        sender = (
            s.scalar(select(Office).where(Office.uid == sender_uid, Office.is_local.is_(False)))
            if isinstance(sender_uid, str)
            else None
        )
        if sender is None:
            by_unit = None
            unit_uid = sender_info.get("unit_uid")
            if isinstance(unit_uid, str):
                unit = s.scalar(select(Unit).where(Unit.uid == unit_uid))
                if unit is not None:
                    by_unit = s.scalar(
                        select(Office).where(Office.unit_id == unit.id, Office.is_local.is_(False))
                    )
            if by_unit is not None:
                raise BundleRefused(
                    "changed_key",
                    f"Gói mang tên {sender_name} nhưng được ký bằng một khoá khác với khoá đã đăng "
                    "ký. Nếu văn phòng đó đã thay máy, hãy đăng ký lại bằng tệp đăng ký mới và "
                    "dấu vân tay; nếu không, gói có thể là giả mạo.",
                )
            raise BundleRefused(
                "unknown_sender",
                f"Gói đến từ một văn phòng chưa đăng ký («{sender_name}»). Hãy đăng ký văn phòng "
                "đó (tệp đăng ký và dấu vân tay đọc qua điện thoại) rồi nhập lại.",
            )
        claimed = sender_info.get("public_key")
        if claimed != base64.b64encode(sender.public_key or b"").decode():
            raise BundleRefused(
                "changed_key",
                f"Gói của {sender.name} được ký bằng một khoá khác với khoá đã đăng ký. Nếu văn "
                "phòng đó đã thay máy, hãy đăng ký lại; nếu không, gói có thể là giả mạo.",
            )
        if not container.verify(sender.public_key or b"", rb.signature, rb.manifest_bytes):
            raise BundleRefused(
                "bad_signature",
                f"Chữ ký của gói không đúng với khoá của {sender.name}: gói đã bị sửa hoặc "
                "giả mạo.",
            )
        if recipient.get("office_uid") != me.uid:
            raise BundleRefused(
                "wrong_recipient",
                f"Gói này được gửi cho «{str(recipient.get('name') or '?')[:200]}», không phải "
                "văn phòng này.",
            )
        sequence, since, upto, ack = (m.get(k) for k in ("sequence", "since", "upto", "ack"))
        epoch = m.get("office_epoch", 0)  # bundles of older versions have none: epoch 0
        resend_for = m.get("resend_for_epoch")
        born = m.get("office_incarnation")
        if (
            not all(
                isinstance(x, int) and not isinstance(x, bool) and x >= 0
                for x in (sequence, since, upto, ack, epoch)
            )
            or sequence < 1
            or epoch > MAX_EPOCH
            or not (resend_for is None or _small_int(resend_for, MAX_EPOCH))
            or not (born is None or (isinstance(born, str) and len(born) <= 36))
        ):
            raise BundleRefused(
                "bad_manifest", "Bảng kê của gói không hợp lệ (số thứ tự, mốc đồng bộ)."
            )
        for key, value in (("sequence", sequence), ("since", since), ("upto", upto), ("ack", ack)):
            if not _counter(value):
                raise BundleRefused(
                    "bad_number",
                    f"Bảng kê của gói có số quá lớn ở «{key}» ({str(value)[:12]}…, tối đa "
                    f"{container.MAX_COUNTER:,}): gói đã bị sửa hoặc hỏng, bị từ chối.",
                )
        data_bytes = container.read_data(rb)  # bounded by what the signed manifest declares
        if container.is_sealed(m):  # sealed for this office: its key opens it
            data_bytes = container.unseal(m, data_bytes, self._seed(s, me))
        major, minor = container.format_of(m)
        program = container.program_of(m)
        state = _peer_state(s, sender.uid)
        if epoch > 0 and epoch == state.peer_epoch and born != state.peer_incarnation:
            raise BundleRefused(
                "forked",
                f"Gói của {sender.name} mang lần khôi phục số {epoch} khác với lần khôi phục số "
                f"{epoch} đã nhận trước đây: có thể cùng một bản sao lưu đã được khôi phục hai lần "
                "trên hai máy. Gói bị từ chối để dữ liệu không bị lẫn. Trên máy của văn phòng đó, "
                "hãy khôi phục lại bản sao lưu một lần nữa rồi gửi gói mới.",
            )
        base = dict(
            sender_uid=sender.uid,
            sender_name=sender.name,
            sequence=sequence,
            sha256=rb.sha256,
            file_name=name,
            dry_run=dry_run,
            sender_program=program,
            sender_format=f"{major}.{minor}",
        )
        seen = s.scalar(
            select(SyncReceived).where(
                SyncReceived.sender_office_uid == sender.uid,
                SyncReceived.epoch == epoch,
                SyncReceived.sequence == sequence,
            )
        )
        if seen is not None:
            if seen.sha256 == rb.sha256:
                if not dry_run:
                    self._log_after(
                        sender, sequence, name, digest, "Đã nhập trước đây; không có gì thay đổi."
                    )
                return ImportReport(**base, already_imported=True)
            raise BundleRefused(
                "replayed",
                f"Gói số {sequence} của {sender.name} đã được nhập trước đây với nội dung khác: "
                "gói này bị từ chối (có thể là gói cũ bị sửa hoặc phát lại).",
            )
        data = container.parse_json(data_bytes, container.DATA)
        if not isinstance(data, dict):
            raise BundleRefused("bad_data", "Nội dung gói không đúng cấu trúc: bị từ chối.")
        restored = epoch > (state.peer_epoch or 0)
        if restored:
            # The sender was restored from a backup: its sequence numbers start again in its
            # new epoch, and it may have lost anything we sent it or it sent us after that
            # backup. Our next bundles to it are full and return what it owns, until it says
            # it has them.
            state.peer_epoch = epoch
            state.peer_incarnation = born
            state.last_sequence_in = 0
            state.acked_clock = 0
            state.owes_resend = True
        current = epoch == state.peer_epoch  # not a bundle from before the sender's restore
        resend_received = bool(
            state.awaiting_resend and (me.epoch or 0) > 0 and resend_for == me.epoch
        )
        me.clock = (me.clock or 0) + 1
        try:
            tally = Applier(s, me, sender, me.clock).run(data)
        except BadRecord as exc:
            raise BundleRefused(
                "bad_data", f"Nội dung gói không đúng cấu trúc ({exc}): bị từ chối."
            ) from None
        gap = None
        got = s.scalars(
            select(SyncReceived.sequence)
            .where(SyncReceived.sender_office_uid == sender.uid, SyncReceived.epoch == epoch)
            .order_by(SyncReceived.sequence)
        )
        # Ranges, not every number: a forged sequence of 20,000,000 costs what was received.
        missing = missing_ranges(got, sequence - 1)
        if since > state.received_clock:
            which = f" (thiếu gói số {ranges_text(missing)})" if missing else ""
            gap = (
                f"Có gói trước đó của {sender.name} chưa đến{which}. Dữ liệu của gói này vẫn được "
                "nhập; gói sau của họ sẽ tự gửi bù phần thiếu, hoặc hãy nhờ họ xuất lại gói đầy đủ."
            )
        else:
            state.received_clock = max(state.received_clock, upto)
            if missing and sequence > state.last_sequence_in:
                gap = (
                    f"Chưa nhận gói số {ranges_text(missing)} của {sender.name}, "
                    "nhưng gói này cộng dồn mọi thay đổi của các gói đó: không thiếu dữ liệu."
                )
        if current:  # what the sender said before its restore no longer holds
            if state.owes_resend and not restored and m.get("awaiting_resend") is False:
                state.owes_resend = False  # it has received our re-send
            if ack <= (me.clock or 0):
                state.acked_clock = max(state.acked_clock, ack)
            if sequence >= state.last_sequence_in:  # what the peer runs, from its newest bundle
                state.format_version, state.format_minor = major, minor
                state.reads_major = container.reads_of(m, major)
                state.program_version = program
                state.last_import_at = utcnow()
            state.last_sequence_in = max(state.last_sequence_in, sequence)
        if resend_received:
            state.awaiting_resend = False
        s.add(
            SyncReceived(
                sender_office_uid=sender.uid,
                epoch=epoch,
                sequence=sequence,
                sha256=rb.sha256,
                since_clock=since,
                upto_clock=upto,
            )
        )
        units = tuple(
            UnitCounts(
                unit=u,
                **{
                    k: c.get(k, 0)
                    for k in ("new", "updated", "unchanged", "ignored", "conflicts", "rejected")
                },
            )
            for u, c in sorted(
                tally.counts.items(), key=lambda kv: (kv[0] == "Danh mục chung", kv[0])
            )
        )
        totals = {
            k: sum(getattr(u, k) for u in units)
            for k in ("new", "updated", "unchanged", "ignored", "conflicts", "rejected")
        }
        report = ImportReport(
            **base,
            already_imported=False,
            units=units,
            notes=tuple(ReportNote(**n) for n in tally.notes),
            gap=gap,
            totals=totals,
            sender_restored=restored,
            resend_received=resend_received,
        )
        if not dry_run:
            rejected = [n for n in report.notes if n.kind == "rejected"]
            counts = {
                "totals": totals,
                "units": [u.__dict__ for u in units],
                "notes": [n.__dict__ for n in report.notes],
                "rejected": [n.__dict__ for n in rejected[:200]],
                "program_version": program,
                "format": f"{major}.{minor}",
            }
            reason = report.message + (f" {gap}" if gap else "") + f" {report.made_by}"
            reason += _notes_text(report.notes)
            s.add(_accepted_entry(sender, sequence, name, digest, reason, counts))
        return report

    def _log_after(
        self, sender: Office, sequence: int, name: str, digest: str, reason: str
    ) -> None:
        # Logged in its own transaction: the import's own transaction is rolled back.
        with self._sf.begin() as s:
            s.add(_accepted_entry(sender, sequence, name, digest, reason))

    # ---- conflicts ------------------------------------------------------------------------
    def conflicts(self, include_resolved: bool = False) -> list[ConflictRow]:
        with self._sf() as s:
            stmt = select(SyncConflict).order_by(SyncConflict.detected_at.desc())
            if not include_resolved:
                stmt = stmt.where(SyncConflict.resolved_at.is_(None))
            rows = list(s.scalars(stmt))
            out = []
            for c in rows:
                ini = s.scalar(select(Initiative).where(Initiative.uid == c.initiative_uid))
                current = load_contents(s, [ini.id])[ini.id] if ini is not None else None
                if current is not None:
                    for k in ("author_uids", "dossier_uids", "v", "status", "uid", "deleted_at"):
                        current.pop(k, None)
                unit = s.get(Unit, ini.unit_id) if ini is not None else None
                try:
                    status = labels.STATUS[c.status]  # type: ignore[index]
                except (KeyError, TypeError):
                    status = c.status
                out.append(
                    ConflictRow(
                        id=c.id,
                        initiative_uid=c.initiative_uid,
                        title=ini.title if ini else "?",
                        unit=(unit.short_name or unit.name) if unit else "",
                        status=str(status),
                        detected_at=c.detected_at,
                        decided=json.loads(c.decided_json) if c.decided_json else None,
                        current=current,
                    )
                )
            return out

    def resolve_conflict(self, conflict_id: int) -> None:
        """The province has looked at the new content and keeps (or retakes) its decision."""
        with self._sf.begin() as s:
            c = s.get(SyncConflict, conflict_id)
            if c is None or c.resolved_at is not None:
                raise ServiceError("Xung đột này không còn.")
            _me, my_unit = self._me(s)
            if my_unit.kind != UnitKind.PROVINCE:
                raise ServiceError(
                    "Chỉ LĐLĐ tỉnh xem xét lại quyết định; xung đột tự hết khi tỉnh xác nhận."
                )
            c.resolved_at = utcnow()
            ini = s.scalar(select(Initiative).where(Initiative.uid == c.initiative_uid))
            if ini is not None:
                tick(s, ini)  # the decision travels again, now on the current content
                ini.status_version = ini.version
                audit(
                    s,
                    "initiative",
                    ini.uid,
                    "reconfirm",
                    f"Xác nhận lại quyết định về «{ini.title}» sau khi nội dung thay đổi",
                )


def _brief(exc: BaseException) -> str:
    """``OSError: …``, one line, short: for the person who reads the sync history."""
    text = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]  # no SQL
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def _counter(value: Any) -> bool:
    """A sequence number or clock value the store can hold (INTEGER columns)."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value <= container.MAX_COUNTER
    )


def missing_ranges(received: Any, upto: int) -> list[tuple[int, int]]:
    """The numbers 1..``upto`` not in ``received`` (ascending), as (first, last) ranges: time
    and memory grow with what was received, not with the numbers a bundle claims."""
    out: list[tuple[int, int]] = []
    expected = 1
    for n in received:
        if n > upto:
            break
        if n > expected:
            out.append((expected, n - 1))
        expected = max(expected, n + 1)
    if expected <= upto:
        out.append((expected, upto))
    return out


def ranges_text(ranges: list[tuple[int, int]], limit: int = 10) -> str:
    """``1, 3–7, 9`` (the first ``limit`` ranges, then how many more)."""
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in ranges[:limit]]
    if len(ranges) > limit:
        parts.append(f"và {len(ranges) - limit} khoảng khác")
    return ", ".join(parts)


def _first_numbers(ranges: list[tuple[int, int]], limit: int) -> tuple[int, ...]:
    out: list[int] = []
    for a, b in ranges:
        out.extend(range(a, min(b, a + limit - len(out) - 1) + 1))
        if len(out) >= limit:
            break
    return tuple(out)


def _acknowledged_uids(s: Session, peer_uid: str, acked_clock: int) -> set[str]:
    """Initiatives the peer has acknowledged receiving: those carried by a bundle to it whose
    ``upto`` is within the acknowledged coverage (``SyncPeer.acked_clock``)."""
    known: set[str] = set()
    if acked_clock <= 0:
        return known
    for raw in s.scalars(
        select(SyncLogEntry.counts_json).where(
            SyncLogEntry.direction == SyncDirection.OUT,
            SyncLogEntry.peer_office_uid == peer_uid,
            SyncLogEntry.accepted.is_(True),
        )
    ):
        try:
            info = json.loads(raw or "{}")
        except ValueError:
            continue
        upto = info.get("upto") if isinstance(info, dict) else None
        if isinstance(upto, int) and upto <= acked_clock:
            known.update(u for u in info.get("sent_initiatives") or () if isinstance(u, str))
    return known


def _small_int(value: Any, limit: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= limit


def _add_returned(
    s: Session, data: dict[str, Any], state: SyncPeer, office: Office, peer_unit: Unit
) -> None:
    """To a restored peer: the records it owns that this office holds (restore.py)."""
    if state.owes_resend and peer_unit.kind == UnitKind.PROVINCE:
        data["returned_records"] = collect_returned_to_province(s, office)
    elif state.owes_resend:
        data["returned_records"] = collect_returned_catalogue(s, office, peer_unit)
        data["returned_initiatives"] = collect_returned(s, office, peer_unit)


def _split_counts(data: dict[str, Any], known: set[str]) -> dict[str, int]:
    """``counts_of`` plus the initiatives split into new (never acknowledged by the peer) and
    changed (acknowledged before, changed since); ``deleted`` are the tombstones; ``returned``
    what goes back to a restored peer, when there is any."""
    counts = dict(counts_of(data))
    returned = len(data.get("returned_initiatives", ())) + len(data.get("returned_records", ()))
    if returned:
        counts["returned"] = returned
    live = [i for i in data.get("initiatives", []) if not i.get("deleted")]
    counts["changed"] = sum(1 for i in live if i["uid"] in known)
    counts["new"] = len(live) - counts["changed"]
    return counts


def _notes_text(notes: tuple[ReportNote, ...], limit: int = 50) -> str:
    """The records refused alone (so the sender can be told), and those kept but flagged, for
    the sync history."""
    parts = []
    for kind, head in (("rejected", "Bị từ chối"), ("warning", "Lưu ý")):
        kept = [n for n in notes if n.kind == kind]
        if not kept:
            continue
        shown = "; ".join(f"{n.what} ({n.unit}): {n.reason}" for n in kept[:limit])
        more = f" và {len(kept) - limit} bản ghi khác" if len(kept) > limit else ""
        parts.append(f"{head}: {shown}{more}.")
    return (" " + " ".join(parts)) if parts else ""


def _counts_text(counts: dict[str, Any]) -> str:
    if "new" in counts:
        initiatives = [
            (counts.get("new", 0), "sáng kiến mới"),
            (counts.get("changed", 0), "sáng kiến đã sửa"),
        ]
    else:
        initiatives = [(counts.get("initiatives", 0), "sáng kiến mới hoặc đã sửa")]
    parts = [
        *initiatives,
        (counts.get("deleted", 0), "sáng kiến đã xoá"),
        (counts.get("statuses", 0), "trạng thái"),
        (counts.get("decisions", 0), "quyết định"),
        (counts.get("units", 0), "đơn vị"),
        (counts.get("campaigns", 0), "chương trình"),
        (counts.get("quotas", 0), "chỉ tiêu"),
        (counts.get("returned", 0), "bản ghi gửi trả văn phòng đã khôi phục từ bản sao lưu"),
    ]
    text = ", ".join(f"{n} {label}" for n, label in parts if n)
    return text or "không có thay đổi mới, chỉ xác nhận đã nhận"


def _copy_off(src: Path) -> bytes:
    """Copy the file off the (maybe removable) drive first, then read the copy, bounded."""
    try:
        size = src.stat().st_size
    except OSError as exc:
        raise BundleRefused(
            "unreadable", f"Không đọc được tệp «{src.name}»: {exc.strerror or exc}."
        ) from None
    if size > container.MAX_FILE_BYTES:
        raise BundleRefused("file_too_big", "Tệp quá lớn để là một gói dữ liệu: bị từ chối.")
    if not src.is_file():
        raise BundleRefused("unreadable", f"«{src.name}» không phải một tệp.")
    with tempfile.TemporaryDirectory(prefix="ssk-in-") as tmp:
        local = Path(tmp) / "bundle.ssk"
        try:
            shutil.copyfile(src, local)
        except OSError as exc:
            raise BundleRefused(
                "unreadable",
                f"Không chép được tệp «{src.name}» từ ổ đĩa ({exc.strerror or exc}); "
                "hãy cắm lại USB và thử lại.",
            ) from None
        # In pieces: read(MAX_FILE_BYTES + 1) would allocate 256 MB whatever the file's size.
        chunks, total = [], 0
        with local.open("rb") as f:
            while total <= container.MAX_FILE_BYTES and (chunk := f.read(1 << 20)):
                chunks.append(chunk)
                total += len(chunk)
        return b"".join(chunks)


def _write_verified(path: Path, blob: bytes, public_key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        back = path.read_bytes()
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ServiceError(f"Không ghi được gói vào «{path}»: {exc.strerror or exc}.") from None
    ok = back == blob
    if ok:
        try:
            rb = container.read(back)
            container.check_files(rb)
            ok = container.verify(public_key, rb.signature, rb.manifest_bytes)
        except BundleRefused:
            ok = False
    if not ok:
        path.unlink(missing_ok=True)
        raise ServiceError(
            f"Gói ghi ra «{path}» đọc lại không khớp (ổ USB có thể bị lỗi). Hãy thử ổ khác."
        )


def removable_drives() -> list[Path]:
    """USB sticks and other removable drives, offered first when saving a bundle."""
    found: list[Path] = []
    if sys.platform == "win32":
        import ctypes
        import string

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        mask = kernel.GetLogicalDrives()
        for i, letter in enumerate(string.ascii_uppercase):
            if mask & (1 << i) and kernel.GetDriveTypeW(f"{letter}:\\") == 2:  # REMOVABLE
                found.append(Path(f"{letter}:\\"))
        return found
    user = os.environ.get("USER") or ""
    for base in (Path("/media") / user, Path("/run/media") / user, Path("/Volumes")):
        try:
            found += sorted(p for p in base.iterdir() if p.is_dir() and os.access(p, os.W_OK))
        except OSError:
            continue
    return found


def _peer_state(s: Session, office_uid: str) -> SyncPeer:
    """The exchange state with one office, created empty on first contact."""
    state = s.scalar(select(SyncPeer).where(SyncPeer.office_uid == office_uid))
    if state is None:
        state = SyncPeer(
            office_uid=office_uid,
            next_sequence=1,
            acked_clock=0,
            received_clock=0,
            last_sequence_in=0,
            epoch=0,
        )
        s.add(state)
        s.flush()
    return state


def _accepted_entry(
    sender: Office,
    sequence: int,
    name: str,
    digest: str,
    reason: str,
    counts: dict[str, Any] | None = None,
) -> SyncLogEntry:
    """The sync-history line of a bundle taken in from ``sender``."""
    return SyncLogEntry(
        direction=SyncDirection.IN,
        peer_office_uid=sender.uid,
        peer_name=sender.name,
        sequence=sequence,
        file_name=name[:500],
        sha256=digest,
        accepted=True,
        reason=reason,
        counts_json=json.dumps(counts, ensure_ascii=False) if counts is not None else None,
    )
