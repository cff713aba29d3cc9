"""The list of initiatives laid out as the Tổng Liên đoàn's online portal asks for them (seed
002, «Các bước cập nhật sáng kiến»), so an officer copies each line into the portal's form in
its order: the author's details (name, phone, e-mail), the workplace chosen from the portal's
list of provinces, cities and central sector unions, the sector (enterprise or administrative),
then the field, the title and the description (at most 1.000 characters).

The province is the one of the initiative's unit on the campaign's start date (else its first
counting window's), named as the
shared list names it (``official_lists``: 63 before 1 July 2025, 34 after). What the portal
would refuse or the officer must fill by hand is said in the last column («Cần xem lại»):
a description too long, no phone or e-mail, no sector, a workplace not in the list, a
confidential initiative (its description is left out, as for every confidential paper).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from desktop.models import Campaign, Field, Initiative, Period, Sector, Unit, UnitKind
from desktop.services.common import ServiceError
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.service import InitiativeService
from desktop.services.units.official_lists import central_union_named, province_named
from desktop.services.xlsx import Column, new_workbook, save_workbook, write_table
from desktop.text.numbers import format_number

PORTAL_DESCRIPTION_MAX = 1000  # «Phần trả lời tối đa 1.000 ký tự» (seed 002)

# The portal's fields in its order, then what helps the officer.
COLUMNS = (
    Column("STT", 6, "0"),
    Column("Họ và tên", 26, wrap=True),
    Column("Số điện thoại", 16),
    Column("Email", 28),
    Column("Nơi công tác (tỉnh, thành phố / ngành Trung ương)", 30, wrap=True),
    Column("Đơn vị", 36, wrap=True),
    Column("Khối", 20),
    Column("Lĩnh vực", 28, wrap=True),
    Column("Tên sáng kiến", 48, wrap=True),
    Column("Mô tả sáng kiến (tối đa 1.000 ký tự)", 80, wrap=True),
    Column("Đồng tác giả", 30, wrap=True),
    Column("Cần xem lại", 40, wrap=True),
)
HEADERS = tuple(c.header for c in COLUMNS)
SECTOR = {Sector.ENTERPRISE: "Doanh nghiệp", Sector.ADMINISTRATIVE: "Hành chính sự nghiệp"}
_PAGE = 500


@dataclass(frozen=True)
class _Tree:
    """Each unit's parent, kind and name, to find the province or central union above it."""

    units: dict[int, tuple[int | None, UnitKind, str]]
    sectors: dict[int, Sector | None]

    def workplace(self, unit_id: int, on: dt.date | None) -> tuple[str, bool]:
        """The portal's «nơi công tác» of a unit, and whether the shared list names it."""
        seen: set[int] = set()
        uid: int | None = unit_id
        while uid is not None and uid not in seen:
            seen.add(uid)
            parent, kind, name = self.units[uid]
            if kind == UnitKind.PROVINCE:
                province = province_named(name, on)
                return (province.name, True) if province else (name, False)
            if kind == UnitKind.CENTRAL_SECTOR:
                union = central_union_named(name)
                return (union.name, True) if union else (name, False)
            uid = parent
        return "", False


def _tree(s: Session) -> _Tree:
    rows = s.execute(select(Unit.id, Unit.parent_id, Unit.kind, Unit.name, Unit.sector)).all()
    return _Tree(
        {r.id: (r.parent_id, r.kind, r.name) for r in rows}, {r.id: r.sector for r in rows}
    )


def _campaign_dates(s: Session) -> dict[int, dt.date | None]:
    """The day each campaign starts (else its first counting window's): it says which list of
    provinces the portal offered."""
    first: dict[int, dt.date | None] = {
        cid: start
        for cid, start in s.execute(
            select(Period.campaign_id, func.min(Period.count_from)).group_by(Period.campaign_id)
        )
    }
    return {
        cid: start or first.get(cid)
        for cid, start in s.execute(select(Campaign.id, Campaign.starts_on))
    }


def _line(
    ini: Initiative, n: int, tree: _Tree, fields: dict[int, str], on: dt.date | None
) -> list[Any]:
    authors = list(ini.authors)
    first = authors[0] if authors else None
    workplace, listed = tree.workplace(ini.unit_id, on)
    check: list[str] = []
    description = ini.description or ""
    if ini.confidential:
        description = ""
        check.append("Sáng kiến bảo mật: không ghi mô tả")
    elif len(description) > PORTAL_DESCRIPTION_MAX:
        check.append(
            f"Mô tả dài {format_number(len(description))} ký tự, cổng chỉ nhận "
            f"{format_number(PORTAL_DESCRIPTION_MAX)}: cần rút gọn"
        )
    if first is None or not (first.phone or first.email):
        check.append("Chưa có số điện thoại, email của tác giả")
    # The initiative's sector, else its union's (the form fills it from the union too).
    sector = ini.sector or tree.sectors.get(ini.unit_id)
    if sector is None:
        check.append("Chưa rõ khối")
    if not listed:
        check.append("Nơi công tác không có trong danh mục của cổng: chọn tay")
    return [
        n,
        first.full_name if first else "",
        (first.phone or "") if first else "",
        (first.email or "") if first else "",
        workplace,
        tree.units[ini.unit_id][2],
        SECTOR[sector] if sector else "",
        fields.get(ini.field_id, "") if ini.field_id else "",
        ini.title,
        description,
        ", ".join(a.full_name for a in authors[1:]),
        "; ".join(check),
    ]


def export_portal(
    sf: sessionmaker[Session],
    query: ListQuery,
    path: str | Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Write every initiative matching ``query`` (in its order) to ``path`` in the portal's
    layout; returns the count."""
    ids = InitiativeService(sf).ids(query)
    total = len(ids)

    def rows() -> Iterator[list[Any]]:
        with sf() as s:
            tree = _tree(s)
            fields = {fid: name for fid, name in s.execute(select(Field.id, Field.name))}
            starts = _campaign_dates(s)
            n = 0
            for start in range(0, total, _PAGE):
                if cancel and cancel():
                    raise ServiceError("Đã huỷ việc xuất tệp.")
                part = ids[start : start + _PAGE]
                found = {
                    i.id: i
                    for i in s.scalars(
                        select(Initiative)
                        .where(Initiative.id.in_(part))
                        .options(selectinload(Initiative.authors))
                    )
                }
                for iid in part:
                    n += 1
                    ini = found[iid]
                    yield _line(ini, n, tree, fields, starts.get(ini.campaign_id))
                if progress:
                    progress(min(start + _PAGE, total), total)

    wb, ws = new_workbook("Cổng sáng kiến")
    write_table(ws, COLUMNS, rows())
    save_workbook(wb, Path(path))
    return total
