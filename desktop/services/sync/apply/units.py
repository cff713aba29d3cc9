"""The units' catalogue entries and where they sit.

A grassroots unit's entry (name, code, sector, its dates) belongs to the office of its parent,
every other unit's to the province; where any unit sits (its parent) belongs to the province,
whose reorganisations move the districts' grassroots unions. The two are stamped apart
("content" and "parent"), so each has one writer. A unit's events (its dated history) ride with
its record; each is a fact kept once by its uid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.models import Sector, Unit, UnitEvent, UnitEventKind, UnitKind
from desktop.services.rules import records as rules
from desktop.services.sync.apply.context import CATALOGUE, ApplyContext
from desktop.services.sync.apply.values import (
    BadRecord,
    date_of,
    enum_of,
    list_of,
    optional_uid_of,
    required_enum_of,
    required_str_of,
    str_of,
    uid_of,
    version_of,
)
from desktop.services.units.tree import set_unit_name
from desktop.text.dates import format_date
from desktop.text.normalise import clean, fold


@dataclass(frozen=True)
class UnitRecord:
    uid: str
    code: str
    full: str
    short: str | None
    kind: UnitKind
    parent_uid: str | None
    sector: Sector | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    v: int
    events: tuple[dict[str, Any], ...] = ()

    @property
    def label(self) -> str:
        return self.short or self.full


def units_step(ctx: ApplyContext, records: list[Any]) -> None:
    # Parents before children, whatever order the sender wrote.
    pending = ctx.each(records, "đơn vị")
    for _ in range(8):
        later = []
        for rec in pending:
            parent_uid = rec.get("parent_uid")
            if (
                parent_uid
                and parent_uid not in ctx.units
                and any(r.get("uid") == parent_uid for r in pending)
            ):
                later.append(rec)
                continue
            _guarded_unit(ctx, rec)
        if not later or len(later) == len(pending):
            for rec in later:
                _guarded_unit(ctx, rec)
            break
        pending = later


def _shown(rec: dict[str, Any]) -> str:
    return str(rec.get("name") or rec.get("code") or "?")[:100]


def _guarded_unit(ctx: ApplyContext, rec: dict[str, Any]) -> None:
    ctx.guarded(CATALOGUE, f"đơn vị {_shown(rec)}", apply_unit, ctx, rec)


def _parse_unit(rec: dict[str, Any]) -> UnitRecord:
    uid = uid_of(rec)
    code = required_str_of(rec, "code", 40)
    full = required_str_of(rec, "name", 300)
    kind = required_enum_of(UnitKind, rec, "kind")
    sector = enum_of(Sector, rec, "sector")
    parent_uid = optional_uid_of(rec, "parent_uid")
    v = version_of(rec)
    valid_from, valid_to = date_of(rec, "valid_from"), date_of(rec, "valid_to")
    short = str_of(rec, "short_name", 120)
    problems = rules.check_unit(code, full, short, valid_from, valid_to)
    if problems:
        raise BadRecord(rules.message(problems))
    events = tuple(e for e in list_of(rec, "events", 1000) if isinstance(e, dict))
    return UnitRecord(
        uid,
        clean(code),
        clean(full),
        clean(short) or None,
        kind,
        parent_uid,
        sector,
        valid_from,
        valid_to,
        v,
        events,
    )


def handover_units_step(ctx: ApplyContext, records: list[Any]) -> None:
    """The grassroots unions of books handed over to this office (sync/handover.py): their
    entries as the keeper held them, uid and all, taken once (the books' initiatives name
    them by uid); an entry this office holds under the same code is the same union."""
    for rec in ctx.each(records, "đơn vị"):
        ctx.guarded(CATALOGUE, f"đơn vị {_shown(rec)}", apply_unit, ctx, rec, True)


def apply_unit(ctx: ApplyContext, rec: dict[str, Any], taking_over: bool = False) -> None:
    """One unit's catalogue entry, if the sender owns it and it is newer than what is held."""
    try:
        u = _parse_unit(rec)
    except BadRecord as exc:
        ctx.tally.add(CATALOGUE, "rejected", f"đơn vị {_shown(rec)}", str(exc))
        return
    parent_id = None
    if u.parent_uid:
        if u.parent_uid not in ctx.units:
            ctx.tally.add(CATALOGUE, "rejected", f"đơn vị {u.full}", "không rõ đơn vị cấp trên")
            return
        parent_id = ctx.units[u.parent_uid][0]
    existing = ctx.s.scalar(select(Unit).where(Unit.uid == u.uid)) or ctx.s.scalar(
        select(Unit).where(Unit.code == u.code)
    )
    if existing is None and taking_over and u.kind == UnitKind.GRASSROOTS and parent_id:
        # The same union typed here under another code before the books came: one union.
        key = fold(u.full)
        existing = next(
            (
                x
                for x in ctx.s.scalars(
                    select(Unit).where(
                        Unit.parent_id == parent_id, Unit.kind == UnitKind.GRASSROOTS
                    )
                )
                if fold(x.name) == key
            ),
            None,
        )
    content, place = _rights(ctx, u, parent_id, existing)
    if (
        taking_over
        and u.kind == UnitKind.GRASSROOTS
        and parent_id is not None
        and parent_id == ctx.me.unit_id
        and (existing is None or existing.uid != u.uid)
    ):
        content = True  # the union's entry as the keeper held it, once
    if not content and not place:
        ctx.tally.add(
            u.label,
            "ignored",
            f"đơn vị {u.full}",
            f"{ctx.sender.name} không quản lý danh mục đơn vị này",
        )
        return
    if _refused(ctx, u, parent_id, existing):
        return
    stamps = {grp: ctx.stamps("unit", grp, [u.uid]).get(u.uid) for grp in ("content", "parent")}
    same_unit = existing is not None and existing.uid == u.uid
    write_content = existing is None or (
        content and not (same_unit and not ctx.is_newer(stamps["content"], u.v))
    )
    write_parent = existing is None or (
        place and not (same_unit and not ctx.is_newer(stamps["parent"], u.v))
    )
    unit = existing if existing is not None else Unit()
    before = _values_of(unit) if existing is not None else None
    if write_content:
        _write_content(unit, u)
    if write_parent:
        unit.parent_id = parent_id
    added = 0
    if write_content or write_parent:
        unit.version = ctx.clock
        if unit.origin_office_uid is None:
            unit.origin_office_uid = ctx.sender.uid
        ctx.s.add(unit)
        ctx.s.flush()
        if write_content:
            ctx.set_stamps("unit", "content", {u.uid: u.v})
        if write_parent and place:
            ctx.set_stamps("unit", "parent", {u.uid: u.v})
    if unit.id is not None:
        added = _apply_events(ctx, unit, u, content, place)
        ctx.units[u.uid] = (unit.id, unit.kind, unit.parent_id, u.label)
        ctx.unit_by_id[unit.id] = (u.uid, unit.kind, unit.parent_id, u.label)
    if before is None:
        ctx.tally.add(u.label, "new")
    else:
        changed = before != _values_of(unit) or added
        ctx.tally.add(u.label, "updated" if changed else "unchanged")
    _tell_if_own_unit_ended(ctx, unit, before)


def _tell_if_own_unit_ended(
    ctx: ApplyContext, unit: Unit, before: tuple[object, ...] | None
) -> None:
    """An office whose own union the province dissolved or merged is told so, with what to
    do: hand over what it keeps and end (the units it held went to their new unions)."""
    if unit.id is None or unit.id != ctx.me.unit_id or unit.valid_to is None:
        return
    if before is not None and before[8] == unit.valid_to:
        return  # known already
    merged = ctx.s.scalar(
        select(UnitEvent)
        .where(UnitEvent.unit_id == unit.id, UnitEvent.kind == UnitEventKind.MERGE)
        .order_by(UnitEvent.id.desc())
    )
    into = ctx.s.get(Unit, merged.other_unit_id) if merged and merged.other_unit_id else None
    how = f"được sáp nhập vào {into.name}" if into else "được giải thể"
    ctx.tally.add(
        ctx.label(unit.id),
        "warning",
        f"đơn vị {unit.name}",
        f"{unit.name} {how} từ ngày {format_date(unit.valid_to)} theo quyết định của "
        f"{ctx.sender.name}. Các công đoàn cơ sở đã chuyển sang đơn vị mới; hãy gửi gói dữ liệu "
        "cuối cùng lên cấp trên rồi thôi dùng văn phòng này.",
    )


def _rights(
    ctx: ApplyContext, u: UnitRecord, parent_id: int | None, existing: Unit | None
) -> tuple[bool, bool]:
    """Whether the sender owns the unit's catalogue entry, and where it sits: the office
    above for the units outside this office's subtree (and this office's own unit below an
    authority); an authority below for the units of its subtree (relations.py)."""
    held = existing.id if existing is not None else None
    content = ctx.owner_of_unit(u.kind, parent_id, held) and (
        existing is None or ctx.owner_of_unit(existing.kind, existing.parent_id, held)
    )
    if ctx.sender_above:
        place = held is None or held == ctx.me.unit_id or held not in ctx.my_subtree
    else:  # an authority below places the units under it (not itself: the office above does)
        place = (
            ctx.sender_is_authority
            and held != ctx.sender_unit.id
            and ctx.sends_up(held if held is not None else parent_id)
        )
    return content, place


def _values_of(unit: Unit) -> tuple[object, ...]:
    return (
        unit.uid,
        unit.code,
        unit.name,
        unit.short_name,
        unit.kind,
        unit.parent_id,
        unit.sector,
        unit.valid_from,
        unit.valid_to,
    )


def _refused(
    ctx: ApplyContext, u: UnitRecord, parent_id: int | None, existing: Unit | None
) -> bool:
    """Not taken (and counted why): a code or parent wrong."""
    if (
        existing is not None
        and existing.code != u.code
        and ctx.s.scalar(select(Unit.id).where(Unit.code == u.code, Unit.id != existing.id))
    ):
        ctx.tally.add(
            u.label, "rejected", f"đơn vị {u.full}", f"mã «{u.code}» đã dùng cho đơn vị khác"
        )
        return True
    if existing is None and u.kind == UnitKind.GRASSROOTS and parent_id is None:
        ctx.tally.add(u.label, "rejected", f"đơn vị {u.full}", "công đoàn cơ sở thiếu cấp trên")
        return True
    return False


def _write_content(unit: Unit, u: UnitRecord) -> None:
    unit.uid, unit.code, unit.short_name, unit.kind = u.uid, u.code, u.short, u.kind
    unit.sector = u.sector
    unit.valid_from, unit.valid_to = u.valid_from, u.valid_to
    set_unit_name(unit, u.full)


def _apply_events(ctx: ApplyContext, unit: Unit, u: UnitRecord, content: bool, place: bool) -> int:
    """Keep the unit's events this office does not hold yet: moves from the province (the
    placement's owner, which also passes on the history it holds), the rest from either
    owner. Each is a fact: kept once by its uid, never changed. Returns how many were new."""
    if not u.events:
        return 0
    uids = [str(e.get("uid")) for e in u.events]
    held = set(ctx.s.scalars(select(UnitEvent.uid).where(UnitEvent.uid.in_(uids))))
    added = 0
    for rec in u.events:
        try:
            e = _parse_event(ctx, rec)
        except BadRecord as exc:
            ctx.tally.add(u.label, "rejected", f"lịch sử đơn vị {u.full}", str(exc))
            continue
        if e is None or e.uid in held:
            continue
        if not place and (e.kind == UnitEventKind.MOVE or not content):
            continue  # only the province says where units sit
        e.unit_id = unit.id
        if ctx.sender.uid == ctx.me.uid:
            # Its own fact, taken back after a restore (returned.py): issued again at this
            # import's clock, so that it travels on as new (the union's new office gets its
            # books, handover.py), whatever its peers acknowledged since the restore.
            e.version = ctx.clock
        ctx.s.add(e)
        held.add(e.uid)
        added += 1
    if added:
        ctx.s.flush()
    return added


def _parse_event(ctx: ApplyContext, rec: dict[str, Any]) -> UnitEvent | None:
    """An event from its record; None when it names a unit this office does not hold."""
    refs: dict[str, int | None] = {}
    for key in ("old_parent_uid", "new_parent_uid", "other_unit_uid"):
        ref = optional_uid_of(rec, key)
        if ref is not None and ref not in ctx.units:
            return None
        refs[key] = ctx.units[ref][0] if ref is not None else None
    return UnitEvent(
        uid=uid_of(rec),
        kind=required_enum_of(UnitEventKind, rec, "kind"),
        on_date=date_of(rec, "on_date"),
        old_name=str_of(rec, "old_name", 300),
        new_name=str_of(rec, "new_name", 300),
        old_parent_id=refs["old_parent_uid"],
        new_parent_id=refs["new_parent_uid"],
        other_unit_id=refs["other_unit_uid"],
        old_kind=enum_of(UnitKind, rec, "old_kind"),
        new_kind=enum_of(UnitKind, rec, "new_kind"),
        note=str_of(rec, "note", 2000),
        origin_office_uid=optional_uid_of(rec, "origin"),
        version=version_of(rec),
    )
