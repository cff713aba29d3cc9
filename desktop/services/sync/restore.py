"""After a restore: a new epoch of the office, and what its peers send back to it.

See docs/restore-and-epochs.md. In short:

* ``rebase_after_restore`` runs inside the restored store (so it holds on a new disk where the
  copy is all that is left): the office's epoch goes up by one, above the epoch of the store it
  replaces; its clock jumps to ``epoch * EPOCH_STRIDE``, above every value issued in an
  earlier epoch; its bundles are numbered afresh in the new epoch (the peers keep sequence
  numbers per sender epoch); and it waits for a full re-send from every peer.
* Every bundle carries the sender's epoch (``office_epoch``). A peer that sees a greater one
  sends the restored office everything again (``since`` 0) plus the records the restored office
  OWNS that the peer holds (``returned_initiatives``, with the owner's own versions), until the
  restored office says it has received such a re-send (``awaiting_resend`` false).
* The restored office takes a returned record of its own only when its version is greater
  than the one it holds: its own later edits (new epoch, greater versions) are never undone.
  What is returned, and how it is taken back, is in ``sync/returned.py``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    AppMeta,
    Office,
    SyncPeer,
    utcnow,
)
from desktop.services.common import ServiceError, audit, local_office
from desktop.services.sync.counters import MAX_COUNTER

# Clock values of epoch ``e`` are ``e * EPOCH_STRIDE + n``: one epoch would have to make a
# hundred million changes to reach the next. Twenty epochs stay inside a 32-bit INTEGER
# (PostgreSQL's ``version`` columns).
EPOCH_STRIDE = 100_000_000
# Restores of one office: a claimed epoch beyond is refused (promise 14). Clock values of
# epoch e start at e × EPOCH_STRIDE and must stay within the manifest's 32-bit counters.
MAX_EPOCH = MAX_COUNTER // EPOCH_STRIDE - 1
RESTORED_KEY = "restored_from_backup"
# A copy of an older schema is restored as it is (it may be meant for the older program):
# the new epoch starts when this program next opens it (``apply_pending_restore``).
PENDING_KEY = "restore_pending"


@dataclass(frozen=True)
class RestoreStatus:
    """What the sync page says after a restore."""

    epoch: int
    at: str  # ISO time of the restore (UTC)
    source: str  # the backup file's name
    waiting_for: tuple[str, ...]  # names of the peers whose full re-send has not arrived


def clock_floor(epoch: int) -> int:
    return epoch * EPOCH_STRIDE


def rebase_after_restore(s: Session, source: str, at_least: int = 0) -> int | None:
    """Start a new epoch in the restored store open in ``s``; returns it (None: no office).

    ``at_least`` is the epoch of the store the backup replaced, when there was one: the new
    epoch is above it and above the backup's own."""
    me = local_office(s)
    if me is None:
        return None
    epoch = max(me.epoch or 0, at_least) + 1
    me.epoch = epoch
    me.clock = max(me.clock or 0, clock_floor(epoch))
    for peer in s.scalars(select(SyncPeer)):
        peer.next_sequence = 1  # numbered afresh: the peers count per (sender, epoch)
        peer.received_clock = 0  # acknowledges nothing: "send me everything again"
        peer.awaiting_resend = True
    info = {
        "epoch": epoch,
        "at": utcnow().isoformat(),
        "source": source,
        "incarnation": str(uuid.uuid4()),
    }
    row = s.get(AppMeta, RESTORED_KEY)
    if row is None:
        s.add(AppMeta(key=RESTORED_KEY, value=json.dumps(info, ensure_ascii=False)))
    else:
        row.value = json.dumps(info, ensure_ascii=False)
    audit(
        s,
        "office",
        me.uid,
        "restore",
        f"Khôi phục từ bản sao lưu {source}: bắt đầu lần khôi phục số {epoch}; chờ các văn "
        "phòng khác gửi lại toàn bộ dữ liệu",
        info,
    )
    return epoch


def incarnation(s: Session) -> str | None:
    """The random id of the restore that started this office's epoch (None: never restored)."""
    row = s.get(AppMeta, RESTORED_KEY)
    try:
        value = json.loads(row.value).get("incarnation") if row is not None else None
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def pending_restore_value(source: str, at_least: int) -> str:
    return json.dumps({"source": source, "at_least": at_least}, ensure_ascii=False)


def apply_pending_restore(session_factory: Any) -> int | None:
    """Start the new epoch of a store restored from a copy of an older schema (the restore
    left a note in it); returns the epoch, or None when there was nothing to do."""
    with session_factory.begin() as s:
        row = s.get(AppMeta, PENDING_KEY)
        if row is None:
            return None
        try:
            info = json.loads(row.value)
            source, at_least = str(info["source"]), int(info["at_least"])
        except (ValueError, KeyError, TypeError):
            source, at_least = "?", 0
        s.delete(row)
        s.flush()
        return rebase_after_restore(s, source, at_least=at_least)


def restore_status(s: Session) -> RestoreStatus | None:
    row = s.get(AppMeta, RESTORED_KEY)
    me = local_office(s)
    if row is None or me is None:
        return None
    try:
        info = json.loads(row.value)
    except ValueError:
        info = {}
    waiting = list(
        s.scalars(
            select(Office.name)
            .join(SyncPeer, Office.uid == SyncPeer.office_uid)
            .where(SyncPeer.awaiting_resend.is_(True), Office.is_local.is_(False))
            .order_by(Office.name)
        )
    )
    return RestoreStatus(
        epoch=me.epoch or 0,
        at=str(info.get("at") or ""),
        source=str(info.get("source") or ""),
        waiting_for=tuple(waiting),
    )


def after_server_restore(session_factory: Any, note: str = "") -> int:
    """A store brought back by its server's own tools (pg_restore of a nightly dump) knows
    nothing of it: its clock and bundle numbers are back where the dump left them, and its next
    bundles would repeat numbers its peers already hold. The administrator runs this once,
    before anyone works in it: the office continues under a new epoch, as after a restore of a
    SQLite copy, and its peers send everything again."""
    with session_factory.begin() as s:
        me = local_office(s)
        if me is None:
            raise ServiceError("Máy này chưa được thiết lập văn phòng: không có gì để khôi phục.")
        if (me.epoch or 0) + 1 > MAX_EPOCH:
            raise ServiceError(
                f"Văn phòng này đã khôi phục {me.epoch} lần, quá số lần cho phép ({MAX_EPOCH}); "
                "hãy tạo khoá mới và đăng ký lại với các văn phòng khác."
            )
        epoch = rebase_after_restore(s, note or "máy chủ cơ sở dữ liệu (khôi phục bằng công cụ)")
        assert epoch is not None
        return epoch
