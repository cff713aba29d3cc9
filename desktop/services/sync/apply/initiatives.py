"""Initiatives' content (the district's field group), in bulk: a province-wide bundle holds
100,000 of them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select, update

from desktop.models import (
    Author,
    DecisionEntry,
    DossierItem,
    Initiative,
    InitiativeStatus,
    SyncConflict,
    UnitKind,
    utcnow,
)
from desktop.services.sync.apply.context import CATALOGUE, RECORD_ERRORS, ApplyContext
from desktop.services.sync.apply.initiative_rows import (
    Row,
    closed_refusal,
    judge_late,
    parse_initiative,
    stage_of,
)
from desktop.services.sync.apply.values import BadRecord, datetime_of, table_of
from desktop.services.sync.contacts import without_contacts
from desktop.services.sync.payload import DECIDED, chunks, content_of, load_contents

INITIATIVE = table_of(Initiative)
AUTHOR = table_of(Author)
DOSSIER_ITEM = table_of(DossierItem)

# A new initiative: (row, authors, dossier); a changed one: (id, row, authors, dossier,
# label, the owner's version).
NewRow = tuple[Row, list[Row], list[Row]]
Update = tuple[int, Row, list[Row], list[Row], str, int]
Item = TypeVar("Item", NewRow, Update)


@dataclass
class _Sorted:
    """The bundle's initiatives that are to be written, and the owner's versions of them."""

    new_rows: list[NewRow] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)


def initiatives_step(ctx: ApplyContext, records: list[Any]) -> None:
    records = ctx.each(records, "sáng kiến")
    if not records:
        return
    t = INITIATIVE
    uids = [u for r in records if isinstance(u := r.get("uid"), str)]
    existing: dict[str, tuple[int, int]] = {}
    batch = _Sorted()
    for part in chunks(uids):
        for uid, iid, unit_id, version in ctx.s.execute(
            select(t.c.uid, t.c.id, t.c.unit_id, t.c.version).where(t.c.uid.in_(part))
        ):
            existing[uid] = (iid, unit_id)
            if version == ctx.clock:  # written by this import: an earlier batch of the bundle
                batch.seen.add(uid)
    stamps = ctx.stamps("initiative", "content", uids)
    for rec in records:
        _sort(ctx, rec, existing, stamps, batch)
    versions = batch.versions
    new_rows, updates = without_uid_clashes(ctx, batch.new_rows, batch.updates, versions)
    if not _inserted_in_one_go(ctx, new_rows):
        write_each_alone_on_failure(ctx, insert_initiatives, new_rows, lambda r: r[0], versions)
    write_each_alone_on_failure(ctx, update_initiatives, updates, lambda u: u[1], versions)
    ctx.set_stamps("initiative", "content", versions, held=set(stamps))


def _sort(
    ctx: ApplyContext,
    rec: dict[str, Any],
    existing: dict[str, tuple[int, int]],
    stamps: dict[str, tuple[int, str]],
    batch: _Sorted,
) -> None:
    """One record: rejected, ignored or unchanged (counted), or kept in ``batch`` to write."""
    shown = str(rec.get("title") or "?")[:120]
    try:
        row, authors, dossier, v = parse_initiative(ctx, rec)
        stage = stage_of(rec)
    except BadRecord as exc:
        unit = rec.get("unit_uid")
        label = ctx.units[unit][3] if isinstance(unit, str) and unit in ctx.units else CATALOGUE
        ctx.tally.add(label, "rejected", f"sáng kiến «{shown}»", str(exc))
        return
    uid = row["uid"]
    label = ctx.label(row["unit_id"])
    if uid in batch.seen:
        ctx.tally.add(label, "rejected", f"sáng kiến «{shown}»", "trùng mã trong gói")
        return
    batch.seen.add(uid)
    _, kind, parent_id, _ = ctx.unit_by_id[row["unit_id"]]
    old = existing.get(uid)
    old_parent = ctx.unit_by_id[old[1]][2] if old and old[1] in ctx.unit_by_id else None
    old_unit = old[1] if old is not None else None
    if (
        kind != UnitKind.GRASSROOTS
        or not ctx.sends_content_of(row["unit_id"], parent_id)
        or (old is not None and not ctx.sends_content_of(old_unit, old_parent))
    ):
        if _late_edit_kept(ctx, old, rec, label, shown):
            return
        ctx.tally.add(
            label,
            "ignored",
            f"sáng kiến «{shown}»",
            f"{ctx.sender.name} không quản lý nội dung sáng kiến của đơn vị này",
        )
        return
    if old is not None and not ctx.is_newer(stamps.get(uid), v):
        ctx.tally.add(label, "unchanged")
        return
    closed = closed_refusal(ctx, row["campaign_id"])
    if closed is not None:
        ctx.tally.add(label, "rejected", f"sáng kiến «{shown}»", closed)
        return
    if old is None:
        judge_late(ctx, rec, row, label)
    batch.versions[uid] = v
    if stage is not None:
        ctx.stages[uid] = stage
    if old is None:
        batch.new_rows.append((row, authors, dossier))
    else:
        batch.updates.append((old[0], row, authors, dossier, label, v))


def _late_edit_kept(
    ctx: ApplyContext, old: tuple[int, int] | None, rec: dict[str, Any], label: str, shown: str
) -> bool:
    """An edit its old office made before it learnt the province had moved the union: kept
    for the new owner to accept or reject (moved_edits.py), not ignored."""
    from desktop.services.sync.moved_edits import keep_late_edit, was_owner_before_move

    if old is None or ctx.sender_is_province:
        return False
    went_to = was_owner_before_move(ctx, old[1])
    if went_to is None:
        return False
    if keep_late_edit(ctx, old[0], rec):
        ctx.tally.add(
            label,
            "conflicts",
            f"sáng kiến «{shown}»",
            f"{ctx.sender.name} sửa sau khi đơn vị đã chuyển sang {went_to}: chuyển cho "
            f"{went_to} xem xét",
        )
    else:
        ctx.tally.add(label, "unchanged")
    return True


def _reject_initiative(ctx: ApplyContext, row: Row, versions: dict[str, int], why: str) -> None:
    ctx.tally.add(ctx.label(row["unit_id"]), "rejected", f"sáng kiến «{row['title'][:120]}»", why)
    versions.pop(row["uid"], None)
    ctx.stages.pop(row["uid"], None)


_CHILD_NAMES = {"author": "tác giả", "dossier": "hồ sơ"}


class _ChildUids:
    """Author and dossier uids: who holds them already, and which this bundle has claimed."""

    def __init__(self, ctx: ApplyContext, children: list[tuple[list[Row], list[Row]]]) -> None:
        wanted: dict[str, list[str]] = {"author": [], "dossier": []}
        for authors, dossier in children:
            wanted["author"] += [a["uid"] for a in authors]
            wanted["dossier"] += [d["uid"] for d in dossier]
        self.held: dict[str, dict[str, int]] = {"author": {}, "dossier": {}}
        self.claimed: dict[str, set[str]] = {"author": set(), "dossier": set()}
        for kind, model in (("author", Author), ("dossier", DossierItem)):
            for part in chunks(sorted(set(wanted[kind]))):
                for uid, owner, version in ctx.s.execute(
                    select(model.uid, model.initiative_id, model.version).where(model.uid.in_(part))
                ):
                    self.held[kind][uid] = owner
                    if version == ctx.clock:  # claimed by an earlier batch of this bundle
                        self.claimed[kind].add(uid)

    def clash(self, iid: int | None, authors: list[Row], dossier: list[Row]) -> str | None:
        for kind, children in (("author", authors), ("dossier", dossier)):
            uids = [c["uid"] for c in children]
            name = _CHILD_NAMES[kind]
            for uid in uids:
                mine = self.held[kind].get(uid) == iid is not None
                if (uid in self.claimed[kind] and not mine) or uids.count(uid) > 1:
                    return f"mã {name} «{uid}» lặp lại trong gói"
                owner = self.held[kind].get(uid)
                if owner is not None and owner != iid:
                    return f"mã {name} «{uid}» đã dùng cho {name} của sáng kiến khác"
        return None

    def claim(self, authors: list[Row], dossier: list[Row]) -> None:
        self.claimed["author"].update(a["uid"] for a in authors)
        self.claimed["dossier"].update(d["uid"] for d in dossier)


def without_uid_clashes(
    ctx: ApplyContext, new_rows: list[NewRow], updates: list[Update], versions: dict[str, int]
) -> tuple[list[NewRow], list[Update]]:
    """An initiative whose author or dossier uid is already another initiative's (here, or
    earlier in this bundle) is rejected alone: a buggy or malicious peer cannot make the
    whole bundle fail on the unique index, nor take over another office's records."""
    uids = _ChildUids(ctx, [(r[1], r[2]) for r in new_rows] + [(u[2], u[3]) for u in updates])
    kept_new = []
    for row, authors, dossier in new_rows:
        why = uids.clash(None, authors, dossier)
        if why:
            _reject_initiative(ctx, row, versions, why)
            continue
        uids.claim(authors, dossier)
        kept_new.append((row, authors, dossier))
    kept_updates = []
    for u in updates:
        why = uids.clash(u[0], u[2], u[3])
        if why:
            _reject_initiative(ctx, u[1], versions, why)
            continue
        uids.claim(u[2], u[3])
        kept_updates.append(u)
    return kept_new, kept_updates


def _inserted_in_one_go(ctx: ApplyContext, new_rows: list[NewRow]) -> bool:
    """SQLite: a batch of new initiatives written without a SAVEPOINT. Under a savepoint
    SQLite copies every page the batch first touches to a sub-journal on disk, and a batch of
    5,000 touches most of the indexes' pages: that doubled what an import wrote. If the
    database refuses a record, what the batch wrote (its initiatives, every one after the
    largest id held before it; their authors and dossier go with them, ON DELETE CASCADE) is
    deleted again and False is returned: the batch is then written as before, in a savepoint,
    each record alone on failure. An error that ended SQLite's transaction is raised: the
    import is refused whole. False also when there is nothing to write, or on another
    database (a failed statement there ends the transaction: the savepoint is needed)."""
    if not new_rows or ctx.s.get_bind().dialect.name != "sqlite":
        return False
    t = INITIATIVE
    before = ctx.s.scalar(select(func.max(t.c.id))) or 0
    mark = ctx.tally.mark()
    try:
        insert_initiatives(ctx, new_rows)
        return True
    except RECORD_ERRORS:
        raw = ctx.s.connection().connection.dbapi_connection
        if not getattr(raw, "in_transaction", False):  # SQLite rolled it all back (disk full…)
            raise
        ctx.tally.restore(mark)
        ctx.s.execute(delete(t).where(t.c.id > before))
        return False


def write_each_alone_on_failure(
    ctx: ApplyContext,
    write: Callable[[ApplyContext, list[Item]], None],
    items: list[Item],
    row_of: Callable[[Item], Row],
    versions: dict[str, int],
) -> None:
    """All ``items`` in one go (fast); if the database refuses that, each alone, so that
    only the records it refuses are rejected."""
    if not items:
        return
    mark = ctx.tally.mark()
    try:
        with ctx.s.begin_nested():
            write(ctx, items)
            ctx.s.flush()
        return
    except RECORD_ERRORS:
        ctx.tally.restore(mark)
    for item in items:
        row = row_of(item)
        what = f"sáng kiến «{row['title'][:120]}»"
        if not ctx.guarded(ctx.label(row["unit_id"]), what, write, ctx, [item]):
            versions.pop(row["uid"], None)
            ctx.stages.pop(row["uid"], None)


def _child_rows(
    ctx: ApplyContext, iid: int, authors: list[Row], dossier: list[Row]
) -> tuple[list[Row], list[Row]]:
    a_rows = [
        dict(a, initiative_id=iid, version=ctx.clock, origin_office_uid=ctx.sender.uid)
        for a in authors
    ]
    d_rows = [
        dict(d, initiative_id=iid, version=ctx.clock, origin_office_uid=ctx.sender.uid)
        for d in dossier
    ]
    return a_rows, d_rows


def insert_initiatives(ctx: ApplyContext, new_rows: list[NewRow]) -> None:
    if not new_rows:
        return
    t = INITIATIVE
    now = utcnow()
    before = ctx.s.scalar(select(func.max(t.c.id))) or 0
    rows = []
    for row, _, _ in new_rows:
        rows.append(
            dict(
                row,
                status=ctx.stages.get(row["uid"], InitiativeStatus.REGISTERED),
                version=ctx.clock,
                origin_office_uid=ctx.sender.uid,
                created_at=now,
                updated_at=now,
            )
        )
        ctx.tally.add(ctx.label(row["unit_id"]), "new")
    ctx.bulk(t, rows)
    # Every row written by this import, and only those, carries this import's clock; those
    # of this batch come after every row there was before it.
    ids: dict[str, int] = dict(
        ctx.s.execute(
            select(t.c.uid, t.c.id).where(t.c.id > before, t.c.version == ctx.clock)
        ).all()
    )
    a_all: list[Row] = []
    d_all: list[Row] = []
    for row, authors, dossier in new_rows:
        a_rows, d_rows = _child_rows(ctx, ids[row["uid"]], authors, dossier)
        a_all += a_rows
        d_all += d_rows
    for r in a_all + d_all:
        r["created_at"] = r["updated_at"] = now
    ctx.bulk(AUTHOR, a_all)
    ctx.bulk(DOSSIER_ITEM, d_all)


@dataclass
class _Held:
    """What this office holds of the initiatives a bundle changes."""

    before: dict[int, dict[str, Any]]  # id → content (payload.load_contents)
    decided_ids: set[int]  # those with a decision entry
    stamps: dict[str, tuple[int, str]]
    uid_of: dict[str, dict[int, str]]  # "campaign", "period", "field": id → uid


def _held(ctx: ApplyContext, ids: list[int]) -> _Held:
    before = load_contents(ctx.s, ids)
    decided_ids: set[int] = set()
    for part in chunks(ids):
        decided_ids.update(
            ctx.s.scalars(
                select(DecisionEntry.initiative_id).where(DecisionEntry.initiative_id.in_(part))
            )
        )
    stamps = ctx.stamps("initiative", "content", [before[i]["uid"] for i in ids])
    uid_of = {
        "campaign": {v: k for k, v in ctx.campaigns.items()},
        "period": {v: k for k, v in ctx.periods.items()},
        "field": {v: k for k, v in ctx.fields.items()},
    }
    return _Held(before, decided_ids, stamps, uid_of)


def update_initiatives(ctx: ApplyContext, updates: list[Update]) -> None:
    if not updates:
        return
    held = _held(ctx, [u[0] for u in updates])
    now = utcnow()
    for iid, row, authors, dossier, label, v in updates:
        old = held.before[iid]
        maps_row = dict(
            row,
            unit_uid=ctx.unit_by_id[row["unit_id"]][0],
            campaign_uid=held.uid_of["campaign"].get(row["campaign_id"]),
            period_uid=held.uid_of["period"].get(row["period_id"]),
            field_uid=held.uid_of["field"].get(row["field_id"]),
        )
        new_content = content_of(maps_row, authors, dossier)
        old_content = {k: old[k] for k in new_content}
        if _district_step(ctx, iid, row, label, old, now) and new_content == old_content:
            ctx.tally.add(label, "updated")
            continue
        if new_content == old_content:
            ctx.tally.add(label, "unchanged")
            continue
        decided = InitiativeStatus(old["status"]) in DECIDED or iid in held.decided_ids
        # A conflict is the deciding office's to see: an authority receiving a content
        # owner's edit of what it decided (not an office relaying, not an authority's relay).
        if (
            decided
            and ctx.decides_here
            and without_contacts(new_content) != without_contacts(old_content)
        ):
            stamp = held.stamps.get(old["uid"])
            record_conflict(
                ctx,
                old["uid"],
                old["status"],
                stamp[0] if stamp else 0,
                v,
                old_content,
                new_content,
            )
            ctx.tally.add(
                label,
                "conflicts",
                f"sáng kiến «{row['title'][:120]}»",
                "nội dung đã thay đổi sau khi có quyết định",
            )
        else:
            ctx.tally.add(label, "updated")
        _write_content(ctx, iid, row, authors, dossier, old, now)


def _district_step(
    ctx: ApplyContext, iid: int, row: Row, label: str, old: dict[str, Any], now: Any
) -> bool:
    """The district's registration step counts while the province has set no status: True
    when it moved the status."""
    t = INITIATIVE
    stage = ctx.stages.get(old["uid"])
    if stage is None or stage == old["status"]:
        return False
    if old["status_version"] is not None:
        # Crossing bundles: the district moved its step before it heard the province
        # had taken the status over. The province's status stays; say so, and send it
        # again on this content version, so that the district (which saw its own step
        # as a change after the decision) clears its conflict.
        ctx.s.execute(update(t).where(t.c.id == iid).values(version=ctx.clock))
        ctx.tally.add(
            label,
            "ignored",
            f"trạng thái «{row['title'][:120]}»",
            "LĐLĐ tỉnh đã tiếp nhận sáng kiến; trạng thái do tỉnh quyết định",
        )
        return False
    ctx.s.execute(
        update(t)
        .where(t.c.id == iid)
        .values(status=stage, updated_at=now, edit_version=t.c.edit_version + 1)
    )
    return True


def _write_content(
    ctx: ApplyContext,
    iid: int,
    row: Row,
    authors: list[Row],
    dossier: list[Row],
    old: dict[str, Any],
    now: Any,
) -> None:
    t = INITIATIVE
    # Late or not was judged when it first came (rules/deadline.py); an edit keeps that.
    values = {k: v for k, v in row.items() if k not in ("uid", "entered_late")}
    if old["deleted_at"] and row["deleted_at"] and old["deleted"]:
        values["deleted_at"] = datetime_of(old, "deleted_at")
    # edit_version + 1: a window that loaded it before this import is told on save.
    values.update(version=ctx.clock, updated_at=now, edit_version=t.c.edit_version + 1)
    ctx.s.execute(update(t).where(t.c.id == iid).values(**values))
    ctx.s.execute(delete(AUTHOR).where(AUTHOR.c.initiative_id == iid))
    ctx.s.execute(delete(DOSSIER_ITEM).where(DOSSIER_ITEM.c.initiative_id == iid))
    a_rows, d_rows = _child_rows(ctx, iid, authors, dossier)
    for r in a_rows + d_rows:
        r["created_at"] = r["updated_at"] = now
    if a_rows:
        ctx.s.execute(insert(AUTHOR), a_rows)
    if d_rows:
        ctx.s.execute(insert(DOSSIER_ITEM), d_rows)


def record_conflict(
    ctx: ApplyContext,
    uid: str,
    status: str,
    decided_version: int,
    content_version: int,
    decided: dict[str, Any] | None,
    current: dict[str, Any] | None,
) -> None:
    """Keep the content the province decided on beside the current one (one open conflict
    per initiative: a later change updates it)."""
    open_ = ctx.s.scalar(
        select(SyncConflict).where(
            SyncConflict.initiative_uid == uid, SyncConflict.resolved_at.is_(None)
        )
    )
    if open_ is not None:
        open_.content_version = content_version
        open_.current_json = json.dumps(current, ensure_ascii=False) if current else None
        open_.status = status
        return
    ctx.s.add(
        SyncConflict(
            initiative_uid=uid,
            status=status,
            decided_version=decided_version,
            content_version=content_version,
            decided_json=json.dumps(decided, ensure_ascii=False) if decided else None,
            current_json=json.dumps(current, ensure_ascii=False) if current else None,
        )
    )
