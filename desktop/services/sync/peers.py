"""This office and its peers: who they are, the exchange state with each, the sequence
numbers missing from one, and the key this office signs and opens bundles with."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Office, SyncPeer, SyncReceived, Unit
from desktop.services.common import ServiceError, local_office
from desktop.services.sync.keys import KeyRing, KeyUnprotected, is_protected
from desktop.services.sync.reports import PeerState
from desktop.text.normalise import fold


def signing_seed(s: Session, me: Office, keys: KeyRing) -> bytes:
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
    return keys.seed(stored)


def this_office(s: Session) -> tuple[Office, Unit]:
    """This office and its unit, ready to send and receive bundles."""
    me = local_office(s)
    if me is None or me.private_key is None:
        raise ServiceError("Máy này chưa được thiết lập văn phòng nên chưa thể gửi, nhận gói.")
    unit = s.get(Unit, me.unit_id) if me.unit_id else None
    if unit is None:
        raise ServiceError("Văn phòng của máy này chưa gắn với đơn vị nào.")
    return me, unit


def find_peer(s: Session, key: str) -> tuple[Office, SyncPeer, Unit]:
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
        raise ServiceError(f"Không có văn phòng «{key}» đã đăng ký. Văn phòng đã đăng ký: {names}.")
    state = peer_state(s, found.uid)
    unit = s.get(Unit, found.unit_id) if found.unit_id else None
    if unit is None:
        raise ServiceError(f"Văn phòng «{found.name}» không gắn với đơn vị nào.")
    return found, state, unit


def peer_states(s: Session) -> list[PeerState]:
    """Every enrolled peer's exchange state, by name."""
    out = []
    for o in s.scalars(select(Office).where(Office.is_local.is_(False)).order_by(Office.name)):
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
                missing=first_numbers(gaps, 50),
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


def peer_state(s: Session, office_uid: str) -> SyncPeer:
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


def first_numbers(ranges: list[tuple[int, int]], limit: int) -> tuple[int, ...]:
    out: list[int] = []
    for a, b in ranges:
        out.extend(range(a, min(b, a + limit - len(out) - 1) + 1))
        if len(out) >= limit:
            break
    return tuple(out)
