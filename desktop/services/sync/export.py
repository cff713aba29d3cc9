"""Export: what the next bundle to a peer carries, writing it (signed, sealed for the peer,
read back and verified), and an e-mail draft with it attached."""

from __future__ import annotations

import base64
import datetime as dt
import email.policy
import json
import logging
import os
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import desktop
from desktop.models import Office, SyncDirection, SyncLogEntry, SyncPeer, Unit, UnitKind, utcnow
from desktop.services.common import ServiceError
from desktop.services.rules.ownership import kept_units
from desktop.services.sync import container, moved_edits
from desktop.services.sync.files import bundle_file_name, file_sha256, write_streamed
from desktop.services.sync.handover import collect_handover, handed_over_units
from desktop.services.sync.keys import KeyRing
from desktop.services.sync.payload import collect, counts_of, uids_of
from desktop.services.sync.peers import find_peer, signing_seed, this_office
from desktop.services.sync.reports import ExportPlan, ExportResult
from desktop.services.sync.restore import incarnation
from desktop.services.sync.returned import (
    collect_returned,
    collect_returned_catalogue,
    collect_returned_to_province,
)
from desktop.services.units.books import hand_over_in, handed_books_units

log = logging.getLogger("desktop.services.sync.service")  # the name the logs have always used


def plan_bundle(s: Session, peer: str, full: bool, hand_over: bool = False) -> ExportPlan:
    """What the next bundle to ``peer`` would carry (the caller rolls ``s`` back); with
    ``hand_over``, the bundle that hands over the books kept for it (units/books.py)."""
    me, my_unit = this_office(s)
    office, state, peer_unit = find_peer(s, peer)
    handing = _books_for(s, office, peer_unit, hand_over)
    since = 0 if full or state.owes_resend else state.acked_clock
    data = collect(s, my_unit, peer_unit, since)
    _add_returned(s, data, state, office, peer_unit)
    _add_handover(s, data, my_unit, peer_unit, since)
    name = bundle_file_name(
        my_unit.code, peer_unit.code, state.next_sequence, dt.date.today(), me.epoch or 0
    )
    counts = _split_counts(data, _acknowledged_uids(s, office.uid, state.acked_clock))
    return ExportPlan(
        office.uid, office.name, since, state.next_sequence, counts, name, hands_over=handing
    )


def write_bundle(
    s: Session, keys: KeyRing, peer: str, out: Path, full: bool, hand_over: bool = False
) -> ExportResult:
    """Write the next bundle for ``peer`` to ``out`` (a file, or a folder to put it in), inside
    the caller's transaction (which also counts it as sent).

    Written under a temporary name, flushed, renamed, then read back and verified: a
    cheap USB stick that lies about a write is caught here, not at the province.
    """
    out_path = out
    me, my_unit = this_office(s)
    office, state, peer_unit = find_peer(s, peer)
    _books_for(s, office, peer_unit, hand_over)
    # A restored peer gets everything again, and back the records it owns.
    since = 0 if full or state.owes_resend else state.acked_clock
    data = collect(s, my_unit, peer_unit, since)
    _add_returned(s, data, state, office, peer_unit)
    _add_handover(s, data, my_unit, peer_unit, since)
    sequence = state.next_sequence
    if out_path.is_dir():
        out_path = out_path / bundle_file_name(
            my_unit.code, peer_unit.code, sequence, dt.date.today(), me.epoch or 0
        )
    manifest = _manifest(s, me, my_unit, office, state, since, data)
    # The newest format the peer reads (known from its last bundle): upgrading one
    # office first never cuts the others off (docs/bundle-format.md).
    version = container.format_for(state.reads_major)
    seed = signing_seed(s, me, keys)
    size = write_streamed(
        out_path,
        lambda f: container.write(
            f, manifest, sections(data), seed, version=version, seal_for=office.public_key
        ),
        me.public_key or b"",
    )
    state.next_sequence = sequence + 1
    digest = file_sha256(out_path)
    known = _acknowledged_uids(s, office.uid, state.acked_clock)
    counts = _split_counts(data, known)
    # What this bundle carries that the peer has not acknowledged yet: once the peer
    # acknowledges ``upto``, these count as "changed", no longer "new", in later plans.
    sent = [uid for uid, _gone in uids_of(data.get("initiatives", [])) if uid not in known]
    s.add(
        SyncLogEntry(
            direction=SyncDirection.OUT,
            peer_office_uid=office.uid,
            peer_name=office.name,
            sequence=sequence,
            file_name=out_path.name,
            sha256=digest,
            accepted=True,
            reason=counts_text(counts),
            counts_json=json.dumps({**counts, "upto": manifest["upto"], "sent_initiatives": sent}),
        )
    )
    log.info("bundle %s written for %s (%d bytes)", out_path, office.name, size)
    return ExportResult(out_path, office.name, sequence, size, digest, counts)


def sections(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """The parts of a bundle's data in the streamed layout's order: every part but the
    initiatives first (the catalogue, then what comes after the initiatives), the
    initiatives last, read from the store as they are written (docs/bundle-format.md)."""
    return [(k, v) for k, v in sorted(data.items()) if k != "initiatives"] + [
        ("initiatives", data.get("initiatives", []))
    ]


def sender_section(me: Office, my_unit: Unit) -> dict[str, Any]:
    """Who signs a bundle, as its manifest says: the office, its unit and its public key."""
    return {
        "office_uid": me.uid,
        "name": me.name,
        "unit_uid": my_unit.uid,
        "unit_code": my_unit.code,
        "public_key": base64.b64encode(me.public_key or b"").decode(),
        "fingerprint": me.fingerprint,
    }


def _manifest(
    s: Session,
    me: Office,
    my_unit: Unit,
    office: Office,
    state: SyncPeer,
    since: int,
    data: dict[str, Any],
) -> dict[str, Any]:
    """The signed manifest of the next bundle to ``office``."""
    return {
        "sender": sender_section(me, my_unit),
        "recipient": {"office_uid": office.uid, "name": office.name},
        "sequence": state.next_sequence,
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


def _add_returned(
    s: Session, data: dict[str, Any], state: SyncPeer, office: Office, peer_unit: Unit
) -> None:
    """To a restored peer: the records it owns that this office holds (restore.py): to an
    office above, its catalogue, campaigns, quotas and decisions; to one below, its own."""
    from desktop.services.sync.relations import is_above

    if state.owes_resend and is_above(s, peer_unit, this_office(s)[1]):
        data["returned_records"] = collect_returned_to_province(s, office)
    elif state.owes_resend:
        data["returned_records"] = collect_returned_catalogue(s, office, peer_unit)
        if peer_unit.kind.is_district_level:  # its proposals to the province too
            from desktop.services.sync.proposals import returned_proposals

            data["returned_records"] += returned_proposals(s, peer_unit.id, office.uid)
        data["returned_initiatives"] = collect_returned(s, office, peer_unit)


def _books_for(s: Session, office: Office, peer_unit: Unit, hand_over: bool) -> tuple[str, ...]:
    """With ``hand_over``: the books this office keeps (or kept) for the peer's unit are handed
    over now (books.py) and the bundle carries them; the units, by name. Without: a bundle to
    an office whose books this office still keeps is refused (two offices would write them)."""
    if hand_over:
        return tuple(r.unit_name for r in hand_over_in(s, office.uid))
    if peer_unit.id in kept_units(s, this_office(s)[0].uid):
        raise ServiceError(
            f"Văn phòng này đang giữ sổ hộ {office.name}. Hãy bàn giao sổ cho văn phòng đó "
            "(trang Đơn vị → «Bàn giao sổ…», hoặc lệnh «sangkien bundle handover»): gói bàn "
            "giao mang toàn bộ sổ và từ đó họ tự nhập, tự sửa."
        )
    return ()


def _add_handover(
    s: Session, data: dict[str, Any], my_unit: Unit, peer_unit: Unit, since: int
) -> None:
    """To an office the province moved grassroots unions to, or whose books this office kept:
    their books, once (handover.py), and the late edits of their old office (moved_edits.py);
    from it, what it decided."""
    handed = handed_over_units(s, peer_unit, since) if my_unit.kind == UnitKind.PROVINCE else []
    for unit_id in handed_books_units(s, peer_unit.id, since):
        handed.extend(
            s.scalars(
                select(Unit.id).where(Unit.parent_id == unit_id, Unit.kind == UnitKind.GRASSROOTS)
            )
        )
    data.update(collect_handover(s, sorted(set(handed))))
    if my_unit.kind == UnitKind.PROVINCE:
        late = moved_edits.collect_for(s, peer_unit, since)
        if late:
            data["moved_edits"] = late
    else:
        decided = moved_edits.collect_outcomes(s, since)
        if decided:
            data["moved_edit_outcomes"] = decided


def _split_counts(data: dict[str, Any], known: set[str]) -> dict[str, int]:
    """``counts_of`` plus the initiatives split into new (never acknowledged by the peer) and
    changed (acknowledged before, changed since); ``deleted`` are the tombstones; ``returned``
    what goes back to a restored peer, when there is any."""
    counts = dict(counts_of(data))
    returned = len(data.get("returned_initiatives", ())) + len(data.get("returned_records", ()))
    handed = len(data.get("handover_initiatives", ())) + len(data.get("handover_records", ()))
    if handed:
        counts["handover"] = handed
    if returned:
        counts["returned"] = returned
    live = [uid for uid, gone in uids_of(data.get("initiatives", [])) if not gone]
    counts["changed"] = sum(1 for uid in live if uid in known)
    counts["new"] = len(live) - counts["changed"]
    return counts


def counts_text(counts: dict[str, Any]) -> str:
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


def email_draft(bundle: str | os.PathLike[str], out: str | os.PathLike[str]) -> Path:
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
        f"({counts_text(counts)}).\n\n"
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
