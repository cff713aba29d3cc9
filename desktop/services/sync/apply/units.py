"""The units' catalogue entries: a grassroots unit's belongs to its district, every other
unit's to the province."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.models import Sector, Unit, UnitKind
from desktop.services.rules import records as rules
from desktop.services.sync.apply.context import CATALOGUE, ApplyContext
from desktop.services.sync.apply.values import (
    BadRecord,
    date_of,
    enum_of,
    optional_uid_of,
    required_enum_of,
    required_str_of,
    str_of,
    uid_of,
    version_of,
)
from desktop.services.units.tree import set_unit_name
from desktop.text.normalise import clean


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
    )


def apply_unit(ctx: ApplyContext, rec: dict[str, Any]) -> None:
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
    if _refused(ctx, u, parent_id, existing):
        return
    values = (u.uid, u.code, u.full, u.short, u.kind, parent_id, u.sector, u.valid_from, u.valid_to)
    if existing is not None:
        before = (
            existing.uid,
            existing.code,
            existing.name,
            existing.short_name,
            existing.kind,
            existing.parent_id,
            existing.sector,
            existing.valid_from,
            existing.valid_to,
        )
        ctx.tally.add(u.label, "unchanged" if before == values else "updated")
        unit = existing
    else:
        unit = Unit()
        ctx.tally.add(u.label, "new")
    _write_unit(ctx, unit, u, parent_id)


def _refused(
    ctx: ApplyContext, u: UnitRecord, parent_id: int | None, existing: Unit | None
) -> bool:
    """Not taken (and counted why): not the sender's, not newer, or a code or parent wrong."""
    owned = ctx.owner_of_unit(u.kind, parent_id) and (
        existing is None or ctx.owner_of_unit(existing.kind, existing.parent_id)
    )
    if not owned:
        ctx.tally.add(
            u.label,
            "ignored",
            f"đơn vị {u.full}",
            f"{ctx.sender.name} không quản lý danh mục đơn vị này",
        )
        return True
    stamp = ctx.stamps("unit", "content", [u.uid]).get(u.uid)
    if existing is not None and existing.uid == u.uid and not ctx.is_newer(stamp, u.v):
        ctx.tally.add(u.label, "unchanged")
        return True
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


def _write_unit(ctx: ApplyContext, unit: Unit, u: UnitRecord, parent_id: int | None) -> None:
    unit.uid, unit.code, unit.short_name, unit.kind = u.uid, u.code, u.short, u.kind
    unit.parent_id, unit.sector = parent_id, u.sector
    unit.valid_from, unit.valid_to = u.valid_from, u.valid_to
    set_unit_name(unit, u.full)
    unit.version = ctx.clock
    if unit.origin_office_uid is None:
        unit.origin_office_uid = ctx.sender.uid
    ctx.s.add(unit)
    ctx.s.flush()
    ctx.set_stamps("unit", "content", {u.uid: u.v})
    ctx.units[u.uid] = (unit.id, u.kind, parent_id, u.label)
    ctx.unit_by_id[unit.id] = (u.uid, u.kind, parent_id, u.label)
