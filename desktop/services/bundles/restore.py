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
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from desktop.models import (
    AppMeta,
    Author,
    DossierItem,
    Initiative,
    InitiativeStatus,
    Office,
    SyncPeer,
    SyncStamp,
    Unit,
    UnitKind,
    utcnow,
)

from ..common import audit, local_office
from .payload import DISTRICT_STAGES, chunks, load_contents

# Clock values of epoch ``e`` are ``e * EPOCH_STRIDE + n``: one epoch would have to make a
# hundred million changes to reach the next. Twenty epochs stay inside a 32-bit INTEGER
# (PostgreSQL's ``version`` columns).
EPOCH_STRIDE = 100_000_000
RESTORED_KEY = "restored_from_backup"


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


# ---- the peer: what it returns to a restored office ------------------------------------------
def collect_returned(s: Session, peer: Office, peer_unit: Unit) -> list[dict[str, Any]]:
    """The initiatives ``peer`` owns (content of its grassroots units' initiatives) as this
    office holds them, each with the OWNER's version of its content (``SyncStamp``)."""
    if peer_unit.kind == UnitKind.PROVINCE:
        return []  # the province's own records are not returned (docs/restore-and-epochs.md)
    grassroots = select(Unit.id).where(
        Unit.parent_id == peer_unit.id, Unit.kind == UnitKind.GRASSROOTS
    )
    rows = s.execute(
        select(Initiative.id, Initiative.uid, SyncStamp.version)
        .join(SyncStamp, SyncStamp.uid == Initiative.uid)
        .where(
            Initiative.unit_id.in_(grassroots),
            SyncStamp.entity == "initiative",
            SyncStamp.grp == "content",
            SyncStamp.office_uid == peer.uid,
        )
        .order_by(Initiative.id)
    ).all()
    versions = {r.id: r.version for r in rows}
    out = []
    for part in chunks([r.id for r in rows]):
        contents = load_contents(s, part)
        for iid in part:
            c = contents[iid]
            status = c.pop("status", None)
            taken_over = c.pop("status_version", None) is not None
            c["stage"] = status if status in DISTRICT_STAGES and not taken_over else None
            c["authors"] = [
                dict(a, uid=uid) for a, uid in zip(c["authors"], c.pop("author_uids"), strict=True)
            ]
            uids = c.pop("dossier_uids")
            c["dossier"] = [
                dict(d, uid=uids.get((d["kind"], d["received_on"], d["note"])))
                for d in c["dossier"]
            ]
            c["v"] = versions[iid]
            out.append(c)
    return out


# ---- the restored office: taking its own records back -------------------------------------
def apply_returned(applier: Any, records: list[Any]) -> None:
    """Take back this office's own initiatives from a peer's re-send (``applier`` is the
    import's ``apply.Applier``): only those newer than what the office holds."""
    s: Session = applier.s
    me: Office = applier.me
    t = Initiative.__table__
    for rec in applier._each(records, "sáng kiến gửi lại"):
        shown = str(rec.get("title") or "?")[:120]
        try:
            row, authors, dossier, v = applier._parse_initiative(rec)
            stage = applier._stage(rec)
        except Exception as exc:  # BadRecord: rejected alone, with its reason
            applier.tally.add("Danh mục chung", "rejected", f"sáng kiến «{shown}»", str(exc))
            continue
        label = applier._label(row["unit_id"])
        _, kind, parent_id, _ = applier.unit_by_id[row["unit_id"]]
        if kind != UnitKind.GRASSROOTS or parent_id != me.unit_id:
            applier.tally.add(
                label,
                "ignored",
                f"sáng kiến «{shown}»",
                "không phải sáng kiến do văn phòng này quản lý",
            )
            continue
        old = s.execute(
            select(t.c.id, t.c.unit_id, t.c.status_version).where(t.c.uid == row["uid"])
        ).first()
        if old is not None:
            held = load_contents(s, [old.id])[old.id]
            parent = applier.unit_by_id.get(old.unit_id, ("", None, None, ""))[2]
            if parent != me.unit_id:
                applier.tally.add(
                    label, "ignored", f"sáng kiến «{shown}»", "không thuộc văn phòng này"
                )
                continue
            if held["v"] >= v:
                applier.tally.add(label, "unchanged")
                continue
        now = utcnow()
        values = {k: val for k, val in row.items() if k != "uid"}
        values.update(version=v, updated_at=now)
        if old is None:
            values.update(
                uid=row["uid"],
                status=stage or InitiativeStatus.REGISTERED,
                origin_office_uid=me.uid,
                created_at=now,
            )
            s.execute(insert(t).values(**values))
            iid = s.scalar(select(t.c.id).where(t.c.uid == row["uid"]))
            applier.tally.add(label, "new")
        else:
            iid = old.id
            if stage is not None and old.status_version is None:
                values["status"] = stage
            s.execute(update(t).where(t.c.id == iid).values(**values))
            s.execute(delete(Author.__table__).where(Author.__table__.c.initiative_id == iid))
            s.execute(
                delete(DossierItem.__table__).where(DossierItem.__table__.c.initiative_id == iid)
            )
            applier.tally.add(label, "updated")
        children = dict(
            initiative_id=iid, version=v, origin_office_uid=me.uid, created_at=now, updated_at=now
        )
        if authors:
            s.execute(insert(Author.__table__), [dict(a, **children) for a in authors])
        if dossier:
            s.execute(insert(DossierItem.__table__), [dict(d, **children) for d in dossier])
