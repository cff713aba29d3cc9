"""Undoing a delete, honestly.

A delete is a tombstone (``deleted_at`` set, the record's clock ticked) that travels in the
next bundle like any change (docs/sync-promises.md). Until a bundle has carried it, undoing
it is as if it never happened: the record comes back, ticked again, and the next bundle
carries it alive (the peer never hears of the delete). Once a bundle written here holds the
tombstone, the peer may already have taken the initiative out of its lists and counts: the
delete cannot be taken back, only followed by a restore, a new change that the next bundle
carries too. That is the bin's «Khôi phục», said so; the undo refuses.

The undo also refuses when the record changed after the delete (a bundle brought a newer
version, or it was restored and deleted again): the delete it would undo is not the last
thing that happened to it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Initiative, SyncDirection, SyncLogEntry
from desktop.services.common import ServiceError
from desktop.text.dates import format_date


@dataclass(frozen=True)
class DeletedMark:
    """One initiative this person deleted: what an undo brings back, and from which state."""

    id: int
    title: str
    version: int  # the record's clock once deleted (its tombstone)


class UndoRefused(ServiceError):
    """The delete cannot be undone (the message says why and what to do instead)."""


@dataclass(frozen=True)
class Carrier:
    """A bundle written here whose contents reach past a tombstone."""

    peer: str
    sequence: int | None
    at: str


def carrier_of(s: Session, version: int) -> Carrier | None:
    """The first bundle written since the change stamped ``version`` that holds it."""
    rows = s.execute(
        select(
            SyncLogEntry.peer_name, SyncLogEntry.sequence, SyncLogEntry.at, SyncLogEntry.counts_json
        )
        .where(SyncLogEntry.direction == SyncDirection.OUT, SyncLogEntry.accepted.is_(True))
        .order_by(SyncLogEntry.at, SyncLogEntry.id)
    )
    for peer, sequence, at, raw in rows:
        try:
            info = json.loads(raw or "{}")
        except ValueError:
            info = {}
        upto = info.get("upto") if isinstance(info, dict) else None
        # A bundle without its coverage said: counted as carrying it (refusing is the safe side).
        if not isinstance(upto, int) or upto >= version:
            return Carrier(peer or "?", sequence, format_date(at.date()) if at else "")
    return None


def check_undo(s: Session, marks: Sequence[DeletedMark]) -> list[Initiative]:
    """The initiatives to bring back, or :class:`UndoRefused` saying why not."""
    found: list[Initiative] = []
    for mark in marks:
        ini = s.get(Initiative, mark.id)
        if ini is None:
            raise UndoRefused(f"Không còn sáng kiến «{mark.title}» để hoàn tác.")
        if ini.deleted_at is None:
            raise UndoRefused(f"Sáng kiến «{mark.title}» đã được khôi phục rồi.")
        if ini.version != mark.version:
            raise UndoRefused(
                f"Sáng kiến «{mark.title}» đã thay đổi sau khi xoá (có thể do một gói dữ liệu "
                "vừa nhận): không hoàn tác được. Nếu cần, mở «Thùng rác», chọn nó và bấm "
                "«Khôi phục»."
            )
        carrier = carrier_of(s, mark.version)
        if carrier is not None:
            number = f" số {carrier.sequence}" if carrier.sequence is not None else ""
            raise UndoRefused(
                f"Không hoàn tác được việc xoá «{mark.title}»: gói dữ liệu{number} gửi "
                f"{carrier.peer} ngày {carrier.at} đã mang việc xoá này đi, nơi nhận có thể "
                "đã bỏ sáng kiến khỏi danh sách. Nếu cần lấy lại, mở «Thùng rác», chọn nó "
                "và bấm «Khôi phục»: việc khôi phục được ghi lại và gửi đi trong gói sau."
            )
        found.append(ini)
    return found
