"""Import (and preview): copy the bundle off the drive, verify it (verify.py), apply it in one
transaction (apply/), move the exchange state with the sender, report, keep it in the sync
history."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Office, SyncDirection, SyncLogEntry, SyncPeer, SyncReceived, utcnow
from desktop.services.common import local_office
from desktop.services.rules.ownership import kept_units
from desktop.services.sync import container, reading
from desktop.services.sync.apply import Applier, BadRecord, Tally
from desktop.services.sync.container import BundleRefused
from desktop.services.sync.datastream import Event
from desktop.services.sync.files import copied_off, file_sha256
from desktop.services.sync.keys import KeyLocked, KeyRing, KeyUnprotected
from desktop.services.sync.peers import missing_ranges, peer_state, ranges_text, signing_seed
from desktop.services.sync.reports import ImportReport, ReportNote, UnitCounts
from desktop.services.sync.verify import (
    Numbers,
    already_imported,
    check_not_forked,
    check_recipient,
    check_signature,
    counter,
    find_sender,
    manifest_numbers,
)

log = logging.getLogger("desktop.services.sync.service")  # the name the logs have always used

OUTCOMES = ("new", "updated", "unchanged", "ignored", "conflicts", "rejected")


class _Origin(TypedDict):
    """What every report of one bundle says of where it comes from."""

    sender_uid: str
    sender_name: str
    sequence: int
    sha256: str
    file_name: str
    dry_run: bool
    sender_program: str | None
    sender_format: str


def _origin(
    sender: Office,
    n: Numbers,
    rb: container.Opened,
    name: str,
    dry_run: bool,
    program: str | None,
    fmt: str,
) -> _Origin:
    return _Origin(
        sender_uid=sender.uid,
        sender_name=sender.name,
        sequence=n.sequence,
        sha256=rb.sha256,
        file_name=name,
        dry_run=dry_run,
        sender_program=program,
        sender_format=fmt,
    )


class Importer:
    def __init__(self, session_factory: sessionmaker[Session], keyring: KeyRing) -> None:
        self._sf = session_factory
        self._keys = keyring

    def import_file(self, path: str | os.PathLike[str], dry_run: bool) -> ImportReport:
        src = Path(path)
        name = src.name
        with copied_off(src) as local:
            digest = file_sha256(local)
            return self._import_local(src, local, name, digest, dry_run)

    def _import_local(
        self, src: Path, local: Path, name: str, digest: str, dry_run: bool
    ) -> ImportReport:
        who: dict[str, Any] = {}  # the sender the manifest names, once it is read
        try:
            report = self._import_bytes(local, name, digest, dry_run, who)
        except BundleRefused as exc:
            log.warning("bundle %s refused (%s): %s", src, exc.code, exc)
            self._log_refusal(name, digest, str(exc), who)
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
            self._log_refusal(name, digest, str(refused), who)
            raise refused from exc
        log.info("bundle %s %s", src, "checked" if dry_run else "accepted and applied")
        return report

    def _log_refusal(self, name: str, digest: str, reason: str, who: dict[str, Any]) -> None:
        with self._sf.begin() as s:
            s.add(
                SyncLogEntry(
                    direction=SyncDirection.IN,
                    peer_office_uid=who.get("uid"),
                    peer_name=who.get("name"),
                    sequence=who.get("sequence"),
                    file_name=name[:500],
                    sha256=digest,
                    accepted=False,
                    reason=reason,
                )
            )

    def _import_bytes(
        self, raw: Path, name: str, digest: str, dry_run: bool, who: dict[str, Any]
    ) -> ImportReport:
        """``who`` is told the sender the manifest names when the import fails after the
        bundle was opened (the sync history says whose bundle was refused)."""
        rb = container.open_bundle(raw, digest)
        m = rb.manifest
        sender_info = container.section_of(m, "sender")
        recipient = container.section_of(m, "recipient")
        sequence = m.get("sequence")
        ident = {
            "uid": str(sender_info.get("office_uid") or "")[:36] or None,
            "name": str(sender_info.get("name") or "")[:300] or None,
            "sequence": sequence if counter(sequence) else None,
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
        except Exception:
            who.update(ident)
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
        sender = find_sender(s, me, sender_info)
        check_signature(sender, sender_info, rb)
        check_recipient(me, recipient)
        _refuse_while_books_kept(s, me, sender)
        n = manifest_numbers(m)
        streamed = reading.uses_stream(m)
        data_bytes = b""
        if streamed:
            container._declared_data(m)  # its size, bounded by what the manifest declares
        else:
            data_bytes = container.read_data(rb)  # bounded by what the signed manifest declares
            if container.is_sealed(m):  # sealed for this office: its key opens it
                data_bytes = container.unseal(m, data_bytes, signing_seed(s, me, self._keys))
        major, minor = container.format_of(m)
        program = container.program_of(m)
        state = peer_state(s, sender.uid)
        check_not_forked(sender, state, n)
        origin = _origin(sender, n, rb, name, dry_run, program, f"{major}.{minor}")
        if already_imported(s, sender, n, rb):
            if not dry_run:
                self._log_after(
                    sender, n.sequence, name, digest, "Đã nhập trước đây; không có gì thay đổi."
                )
            return ImportReport(**origin, already_imported=True)
        data: dict[str, Any] = {}
        if not streamed:
            data = container.parse_json(data_bytes, container.DATA)
            del data_bytes
            if not isinstance(data, dict):
                raise BundleRefused("bad_data", "Nội dung gói không đúng cấu trúc: bị từ chối.")
        restored = _follow_epoch(state, n)
        current = n.epoch == state.peer_epoch  # not a bundle from before the sender's restore
        resend_received = bool(
            state.awaiting_resend and (me.epoch or 0) > 0 and n.resend_for == me.epoch
        )
        if streamed:
            with reading.DataReader(rb, lambda: signing_seed(s, me, self._keys)) as reader:
                # Applied as it is read; every byte checked against the signed manifest at
                # the end of the stream, before anything is committed.
                try:
                    tally = _apply(s, me, sender, reader.events())
                except BundleRefused as exc:
                    if exc.code != "tampered":
                        reader.verify()  # a changed byte is what it says first
                    raise
        else:
            tally = _apply(s, me, sender, data)
        gap = _coverage(s, sender, state, n)
        if current:  # what the sender said before its restore no longer holds
            _peer_news(me, state, m, n, restored, (major, minor), program)
        if resend_received:
            state.awaiting_resend = False
        s.add(_received(sender, n, rb))
        report = _report(origin, tally, gap, restored, resend_received)
        if not dry_run:
            s.add(_history_entry(report, sender, name, digest, program, (major, minor)))
        return report

    def _log_after(
        self, sender: Office, sequence: int, name: str, digest: str, reason: str
    ) -> None:
        # Logged in its own transaction: the import's own transaction is rolled back.
        with self._sf.begin() as s:
            s.add(_accepted_entry(sender, sequence, name, digest, reason))


def _refuse_while_books_kept(s: Session, me: Office, sender: Office) -> None:
    """This office still keeps the books of the sender's unit (units/books.py): two offices
    must never write the same books, so its bundle waits for the handover. Nothing is lost:
    the sender still holds all of it and its next bundle carries it again."""
    if sender.unit_id is None or sender.unit_id not in kept_units(s, me.uid):
        return
    raise BundleRefused(
        "books_kept",
        f"Văn phòng này đang giữ sổ hộ {sender.name}, nên chưa nhận gói của {sender.name} "
        "(để không có hai nơi cùng sửa một sổ). Hãy gửi gói cho văn phòng đó trước: gói đầu "
        "tiên sẽ bàn giao sổ (trang Đồng bộ → «Gửi gói…», hoặc lệnh «sangkien bundle "
        "handover»). Sau khi họ nhận, gói sau của họ sẽ được nhận; không có gì bị mất.",
    )


def _received(sender: Office, n: Numbers, rb: container.Opened) -> SyncReceived:
    """The bundle, as received: (sender, epoch, sequence) with its bytes' SHA-256."""
    return SyncReceived(
        sender_office_uid=sender.uid,
        epoch=n.epoch,
        sequence=n.sequence,
        sha256=rb.sha256,
        since_clock=n.since,
        upto_clock=n.upto,
    )


def _follow_epoch(state: SyncPeer, n: Numbers) -> bool:
    """Whether the sender was restored from a backup since its last bundle (a new epoch)."""
    restored = n.epoch > (state.peer_epoch or 0)
    if restored:
        # The sender was restored from a backup: its sequence numbers start again in its
        # new epoch, and it may have lost anything we sent it or it sent us after that
        # backup. Our next bundles to it are full and return what it owns, until it says
        # it has them.
        state.peer_epoch = n.epoch
        state.peer_incarnation = n.born
        state.last_sequence_in = 0
        state.acked_clock = 0
        state.owes_resend = True
    return restored


def _apply(s: Session, me: Office, sender: Office, data: dict[str, Any] | Iterator[Event]) -> Tally:
    """The bundle's data (whole, or read as a stream), at the next value of this office's
    clock."""
    me.clock = (me.clock or 0) + 1
    try:
        applier = Applier(s, me, sender, me.clock)
        return applier.run(data) if isinstance(data, dict) else applier.run_stream(data)
    except BadRecord as exc:
        raise BundleRefused(
            "bad_data", f"Nội dung gói không đúng cấu trúc ({exc}): bị từ chối."
        ) from None


def _coverage(s: Session, sender: Office, state: SyncPeer, n: Numbers) -> str | None:
    """Move what this office holds of the sender without a gap; what is missing, if any."""
    got = s.scalars(
        select(SyncReceived.sequence)
        .where(SyncReceived.sender_office_uid == sender.uid, SyncReceived.epoch == n.epoch)
        .order_by(SyncReceived.sequence)
    )
    # Ranges, not every number: a forged sequence of 20,000,000 costs what was received.
    missing = missing_ranges(got, n.sequence - 1)
    if n.since > state.received_clock:
        which = f" (thiếu gói số {ranges_text(missing)})" if missing else ""
        return (
            f"Có gói trước đó của {sender.name} chưa đến{which}. Dữ liệu của gói này vẫn được "
            "nhập; gói sau của họ sẽ tự gửi bù phần thiếu, hoặc hãy nhờ họ xuất lại gói đầy đủ."
        )
    state.received_clock = max(state.received_clock, n.upto)
    if missing and n.sequence > state.last_sequence_in:
        return (
            f"Chưa nhận gói số {ranges_text(missing)} của {sender.name}, "
            "nhưng gói này cộng dồn mọi thay đổi của các gói đó: không thiếu dữ liệu."
        )
    return None


def _peer_news(
    me: Office,
    state: SyncPeer,
    m: dict[str, Any],
    n: Numbers,
    restored: bool,
    fmt: tuple[int, int],
    program: str | None,
) -> None:
    """What a current bundle says of the sender: what it acknowledges, what it runs."""
    if state.owes_resend and not restored and m.get("awaiting_resend") is False:
        state.owes_resend = False  # it has received our re-send
    if n.ack <= (me.clock or 0):
        state.acked_clock = max(state.acked_clock, n.ack)
    if n.sequence >= state.last_sequence_in:  # what the peer runs, from its newest bundle
        state.format_version, state.format_minor = fmt
        state.reads_major = container.reads_of(m, fmt[0])
        state.program_version = program
        state.last_import_at = utcnow()
    state.last_sequence_in = max(state.last_sequence_in, n.sequence)


def _report(
    origin: _Origin, tally: Tally, gap: str | None, restored: bool, resend_received: bool
) -> ImportReport:
    units = tuple(
        UnitCounts(unit=u, **{k: c.get(k, 0) for k in OUTCOMES})
        for u, c in sorted(tally.counts.items(), key=lambda kv: (kv[0] == "Danh mục chung", kv[0]))
    )
    totals = {k: sum(getattr(u, k) for u in units) for k in OUTCOMES}
    return ImportReport(
        **origin,
        already_imported=False,
        units=units,
        notes=tuple(ReportNote(**n) for n in tally.notes),
        gap=gap,
        totals=totals,
        sender_restored=restored,
        resend_received=resend_received,
        proposals=tuple(tally.proposals),
    )


def _history_entry(
    report: ImportReport,
    sender: Office,
    name: str,
    digest: str,
    program: str | None,
    fmt: tuple[int, int],
) -> SyncLogEntry:
    rejected = [n for n in report.notes if n.kind == "rejected"]
    counts = {
        "totals": report.totals,
        "units": [u.__dict__ for u in report.units],
        "notes": [n.__dict__ for n in report.notes],
        "rejected": [n.__dict__ for n in rejected[:200]],
        "program_version": program,
        "format": f"{fmt[0]}.{fmt[1]}",
    }
    reason = report.message + (f" {report.gap}" if report.gap else "") + f" {report.made_by}"
    reason += _notes_text(report.notes)
    return _accepted_entry(sender, report.sequence, name, digest, reason, counts)


def _brief(exc: BaseException) -> str:
    """``OSError: …``, one line, short: for the person who reads the sync history."""
    text = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]  # no SQL
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


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
