"""Keeping the books of a unit that does not run the program yet.

Offices do not all install the program on the same day. Until a district-level union runs it,
its office above (the province, or any office above it) may keep its books: enter its
grassroots unions' initiatives in the window, import the Excel lists it sends by e-mail, set
their quotas, with the same checks, previews and no-duplicate re-import as the unit's own
office would (``rules/ownership.py``: ``Ownership.kept``). The books stay in the keeper's store.

When the unit starts the program and its office is enrolled, the keeper hands the books over:
the spell of keeping ends with ``handed_over`` at a value of the keeper's clock, and every
bundle to that office from then on carries everything kept for it (``sync/handover.py``) until
it acknowledges one. From then on the unit's office owns them; the keeper sees them
read-only, and receives the unit's edits as from any office. While the keeper still keeps the
books, a bundle from the unit's own office is refused (nothing is lost: the office sends it
again after the handover), so two offices never write the same books.

A keeper may also stop keeping without handing over (``stopped``): the books stay read-only
until someone keeps them again or the unit's office is enrolled and receives them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import (
    Initiative,
    KeptBooks,
    Office,
    SyncStamp,
    Unit,
    UnitKind,
    utcnow,
)
from desktop.services.common import NotFound, ServiceError, audit, current_actor, local_office
from desktop.services.units.tree import short_unit_name

STOPPED, HANDED_OVER = "stopped", "handed_over"


@dataclass(frozen=True)
class KeptRow:
    """One spell of keeping a unit's books, as the screens and the command line show it."""

    unit_id: int
    unit_code: str
    unit_name: str
    started_at: dt.datetime
    started_by: str
    ended_at: dt.datetime | None
    ended_how: str | None
    handed_to: str | None  # the office the books went to
    grassroots: int  # grassroots unions under the unit now
    initiatives: int  # their initiatives held here (not deleted)

    @property
    def active(self) -> bool:
        return self.ended_at is None

    @property
    def state_text(self) -> str:
        if self.ended_at is None:
            return "Văn phòng này đang giữ sổ hộ"
        if self.ended_how == HANDED_OVER:
            return f"Đã bàn giao sổ cho {self.handed_to or 'văn phòng của đơn vị'}"
        return "Đã thôi giữ sổ hộ (sổ chỉ xem)"

    def to_json(self) -> dict[str, object]:
        return {
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "kept": self.active,
            "state": self.state_text,
            "started_at": self.started_at.isoformat(),
            "started_by": self.started_by,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "ended_how": self.ended_how,
            "handed_to": self.handed_to,
            "grassroots": self.grassroots,
            "initiatives": self.initiatives,
        }


def _counts(s: Session, unit_id: int) -> tuple[int, int]:
    below = select(Unit.id).where(Unit.parent_id == unit_id, Unit.kind == UnitKind.GRASSROOTS)
    grassroots = s.scalar(select(func.count()).select_from(below.subquery())) or 0
    initiatives = (
        s.scalar(
            select(func.count())
            .select_from(Initiative)
            .where(Initiative.unit_id.in_(below), Initiative.deleted_at.is_(None))
        )
        or 0
    )
    return grassroots, initiatives


def _row(s: Session, k: KeptBooks) -> KeptRow:
    unit = s.get(Unit, k.unit_id)
    to = (
        s.scalar(select(Office.name).where(Office.uid == k.handed_to_office_uid))
        if k.handed_to_office_uid
        else None
    )
    grassroots, initiatives = _counts(s, k.unit_id)
    return KeptRow(
        unit_id=k.unit_id,
        unit_code=unit.code if unit else "?",
        unit_name=unit.name if unit else "?",
        started_at=k.started_at,
        started_by=k.started_by,
        ended_at=k.ended_at,
        ended_how=k.ended_how,
        handed_to=to,
        grassroots=grassroots,
        initiatives=initiatives,
    )


def _active(s: Session, office_uid: str, unit_id: int) -> KeptBooks | None:
    return s.scalar(
        select(KeptBooks).where(
            KeptBooks.unit_id == unit_id,
            KeptBooks.keeper_office_uid == office_uid,
            KeptBooks.ended_at.is_(None),
        )
    )


def _peer_of(s: Session, unit_id: int) -> Office | None:
    return s.scalar(select(Office).where(Office.is_local.is_(False), Office.unit_id == unit_id))


def _below(s: Session, unit: Unit, office_unit_id: int) -> bool:
    """Is ``unit`` somewhere below the office's unit in the tree as it is now?"""
    seen: set[int] = set()
    parent = unit.parent_id
    while parent is not None and parent not in seen:
        if parent == office_unit_id:
            return True
        seen.add(parent)
        parent = s.scalar(select(Unit.parent_id).where(Unit.id == parent))
    return False


def _name(u: Unit) -> str:
    return short_unit_name(u.name, u.short_name)


def refusal(s: Session, unit: Unit) -> str | None:
    """Why this office may not keep the books of ``unit`` (None: it may)."""
    me = local_office(s)
    if me is None or me.unit_id is None:
        return "Hãy thiết lập văn phòng của máy này trước khi giữ sổ hộ đơn vị khác."
    name = _name(unit)
    if unit.id == me.unit_id:
        return f"{name} là đơn vị của chính văn phòng này."
    if unit.kind == UnitKind.GRASSROOTS:
        return (
            f"{name} là công đoàn cơ sở: sổ của nó do công đoàn cấp trên trực tiếp giữ; hãy giữ "
            "sổ hộ công đoàn cấp trên đó nếu đơn vị ấy chưa dùng chương trình."
        )
    if unit.valid_to is not None and unit.valid_to <= dt.date.today():
        return f"{name} đã kết thúc hoạt động; sổ cũ của nó chỉ để xem."
    if not _below(s, unit, me.unit_id):
        return f"{name} không trực thuộc {me.name}: chỉ giữ sổ hộ đơn vị cấp dưới."
    if _active(s, me.uid, unit.id) is not None:
        return f"Văn phòng này đang giữ sổ hộ {name}."
    return None


def enrolled_warning(s: Session, unit: Unit) -> str | None:
    """The unit has an office enrolled here: keeping its books is for when it no longer runs
    the program (a broken PC, nobody to type); say so before."""
    peer = _peer_of(s, unit.id)
    if peer is None:
        return None
    return (
        f"{_name(unit)} đã có văn phòng dùng chương trình ({peer.name}). Chỉ giữ sổ hộ khi văn "
        "phòng đó đã thôi nhập (máy hỏng, chưa có người làm): trong thời gian giữ sổ, gói của "
        "họ sẽ chưa được nhận; khi họ dùng lại, hãy bàn giao sổ cho họ."
    )


class BooksService:
    """Which units' books this office keeps; keeping, stopping, handing over."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    # ---- reading ---------------------------------------------------------------------------
    def kept(self) -> list[KeptRow]:
        """The units whose books this office keeps now, by name."""
        with self._sf() as s:
            me = local_office(s)
            if me is None:
                return []
            rows = s.scalars(
                select(KeptBooks)
                .join(Unit, Unit.id == KeptBooks.unit_id)
                .where(KeptBooks.keeper_office_uid == me.uid, KeptBooks.ended_at.is_(None))
                .order_by(Unit.name_key)
            )
            return [_row(s, k) for k in rows]

    def kept_ids(self) -> frozenset[int]:
        with self._sf() as s:
            me = local_office(s)
            if me is None:
                return frozenset()
            return frozenset(
                s.scalars(
                    select(KeptBooks.unit_id).where(
                        KeptBooks.keeper_office_uid == me.uid, KeptBooks.ended_at.is_(None)
                    )
                )
            )

    def history(self, unit_id: int | None = None) -> list[KeptRow]:
        """Every spell of keeping at this office (of one unit), newest first."""
        with self._sf() as s:
            q = select(KeptBooks).order_by(KeptBooks.started_at.desc(), KeptBooks.id.desc())
            if unit_id is not None:
                q = q.where(KeptBooks.unit_id == unit_id)
            return [_row(s, k) for k in s.scalars(q)]

    def warning(self, unit_id: int) -> str | None:
        """What to know before keeping the books of ``unit_id`` (None: nothing)."""
        with self._sf() as s:
            unit = s.get(Unit, unit_id)
            return enrolled_warning(s, unit) if unit is not None else None

    def refusal(self, unit_id: int) -> str | None:
        with self._sf() as s:
            unit = s.get(Unit, unit_id)
            if unit is None:
                return "Không tìm thấy đơn vị."
            return refusal(s, unit)

    # ---- changing --------------------------------------------------------------------------
    def keep(self, unit_id: int, dry_run: bool = False) -> KeptRow:
        """Start keeping the books of ``unit_id`` here."""
        with self._sf.begin() as s:
            unit = s.get(Unit, unit_id)
            if unit is None:
                raise NotFound("Không tìm thấy đơn vị.")
            why = refusal(s, unit)
            if why is not None:
                raise ServiceError(why)
            me = local_office(s)
            assert me is not None  # refusal() said so
            k = KeptBooks(
                unit_id=unit.id,
                keeper_office_uid=me.uid,
                started_at=utcnow(),
                started_by=current_actor(),
            )
            s.add(k)
            s.flush()
            audit(s, "unit", unit.uid, "keep_books", f"Bắt đầu giữ sổ hộ {_name(unit)}")
            row = _row(s, k)
            if dry_run:
                s.rollback()
            return row

    def stop(self, unit_id: int, dry_run: bool = False) -> KeptRow:
        """Stop keeping the books of ``unit_id`` without handing them over: they stay here
        read-only; the first bundle to the unit's office, once enrolled, hands them over
        (``BundleService.hand_over``)."""
        with self._sf.begin() as s:
            unit = s.get(Unit, unit_id)
            if unit is None:
                raise NotFound("Không tìm thấy đơn vị.")
            me = local_office(s)
            k = _active(s, me.uid, unit.id) if me is not None else None
            if me is None or k is None:
                raise ServiceError(f"Văn phòng này không giữ sổ hộ {_name(unit)}.")
            _end(s, me, k, unit, None)
            row = _row(s, k)
            if dry_run:
                s.rollback()
            return row


def hand_over_in(s: Session, office: str) -> list[KeptRow]:
    """``BooksService.hand_over`` inside the caller's transaction."""
    from desktop.services.sync.peers import find_peer

    me = local_office(s)
    if me is None:
        raise ServiceError("Máy này chưa được thiết lập văn phòng.")
    peer, _state, peer_unit = find_peer(s, office)
    k = _active(s, me.uid, peer_unit.id)
    if k is not None:
        _end(s, me, k, peer_unit, peer)
        return [_row(s, k)]
    last = s.scalar(
        select(KeptBooks)
        .where(KeptBooks.unit_id == peer_unit.id, KeptBooks.keeper_office_uid == me.uid)
        .order_by(KeptBooks.id.desc())
    )
    if last is not None and last.ended_how == STOPPED:
        # Kept once, then left read-only: the unit's office takes them now.
        _hand_over_ended(s, me, last, peer_unit, peer)
        return [_row(s, last)]
    if last is not None:
        raise ServiceError(
            f"Sổ của {_name(peer_unit)} đã được bàn giao; mỗi gói gửi {peer.name} vẫn mang sổ "
            "cho tới khi văn phòng đó xác nhận đã nhận."
        )
    raise ServiceError(f"Văn phòng này không giữ sổ hộ {_name(peer_unit)}.")


def _end(s: Session, me: Office, k: KeptBooks, unit: Unit, peer: Office | None) -> None:
    """End a spell of keeping: handed over to ``peer`` when there is one."""
    me.clock = (me.clock or 0) + 1
    k.ended_at = utcnow()
    k.ended_by = current_actor()
    k.ended_version = me.clock
    if peer is None:
        k.ended_how = STOPPED
        audit(s, "unit", unit.uid, "stop_keeping_books", f"Thôi giữ sổ hộ {_name(unit)}")
        return
    _hand_over_ended(s, me, k, unit, peer)


def _hand_over_ended(s: Session, me: Office, k: KeptBooks, unit: Unit, peer: Office) -> None:
    if k.ended_how == STOPPED:
        me.clock = (me.clock or 0) + 1
        k.ended_version = me.clock
    k.ended_how = HANDED_OVER
    k.handed_to_office_uid = peer.uid
    _stamp_owner(s, unit.id, peer.uid)
    audit(
        s,
        "unit",
        unit.uid,
        "hand_over_books",
        f"Bàn giao sổ của {_name(unit)} cho {peer.name}",
        {"office_uid": peer.uid},
    )


def _stamp_owner(s: Session, unit_id: int, office_uid: str) -> None:
    """From the handover on, the content of these initiatives is the unit office's: stamp
    them as held at its version 0, so that its first edit is newer and the statuses and
    decisions this office sets on them travel to it (sync/payload.py)."""
    uids = list(
        s.scalars(
            select(Initiative.uid).where(
                Initiative.unit_id.in_(select(Unit.id).where(Unit.parent_id == unit_id))
            )
        )
    )
    held = set(
        s.scalars(
            select(SyncStamp.uid).where(
                SyncStamp.entity == "initiative",
                SyncStamp.grp == "content",
                SyncStamp.uid.in_(uids),
            )
        )
    )
    clock = local_office(s)
    at = clock.clock if clock else 0
    if held:
        s.execute(
            update(SyncStamp)
            .where(
                SyncStamp.entity == "initiative",
                SyncStamp.grp == "content",
                SyncStamp.uid.in_(held),
            )
            .values(version=0, office_uid=office_uid, local_clock=at)
        )
    s.add_all(
        SyncStamp(
            entity="initiative",
            uid=uid,
            grp="content",
            version=0,
            office_uid=office_uid,
            local_clock=at,
        )
        for uid in uids
        if uid not in held
    )


def handed_books_units(s: Session, peer_unit_id: int, since: int) -> list[int]:
    """The units whose books this office handed over to the office of ``peer_unit_id`` after
    ``since`` (its clock as the peer acknowledged it)."""
    return list(
        s.scalars(
            select(KeptBooks.unit_id).where(
                KeptBooks.unit_id == peer_unit_id,
                KeptBooks.ended_how == HANDED_OVER,
                KeptBooks.ended_version > since,
            )
        )
    )


def kept_names(s: Session, unit_ids: Iterable[int]) -> list[str]:
    return [_name(u) for u in s.scalars(select(Unit).where(Unit.id.in_(list(unit_ids))))]


__all__ = [
    "HANDED_OVER",
    "STOPPED",
    "BooksService",
    "KeptRow",
    "enrolled_warning",
    "hand_over_in",
    "handed_books_units",
    "refusal",
]
