"""Importing every visible sheet of a list that has the same header (``sangkien initiatives
import --all-sheets``): a district that keeps one sheet per round («Đợt 1», «Đợt 2») or per
sector.

The sheets are read one by one, each with its own header found, and those whose columns are
not the first sheet's are left out and named. Each is planned as usual; the plans become one,
written in one transaction: a row of a later sheet that repeats an initiative of an earlier
one (same grassroots union and title) is refused, and every refused or skipped row says its
sheet, since row numbers repeat from one sheet to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from desktop.services.common import ServiceError
from desktop.services.initiatives.excel_layout import SkippedRow
from desktop.services.initiatives.excel_plan import ImportPlan, RejectedRow
from desktop.services.initiatives.excel_sheet import SheetData
from desktop.text.normalise import fold

Reader = Callable[[str | Path, str | None], SheetData]


def read_same_header(read: Reader, path: str | Path) -> tuple[list[SheetData], list[str]]:
    """The visible sheets whose columns are those of the first one, and the names of those
    left out (another header, or none), with why."""
    first = read(path, None)
    columns = _columns(first)
    same, left_out = [first], []
    for name in first.sheets:
        if name == first.sheet_name:
            continue
        try:
            sheet = read(path, name)
        except ServiceError:
            left_out.append(f"«{name}» (không có dòng tiêu đề cột)")
            continue
        if _columns(sheet) == columns:
            same.append(sheet)
        else:
            left_out.append(f"«{name}» (các cột khác trang «{first.sheet_name}»)")
    return same, left_out


def _columns(sheet: SheetData) -> list[tuple[int, str]]:
    return [(c.index, fold(c.header)) for c in sheet.columns]


def merge_plans(plans: list[ImportPlan]) -> ImportPlan:
    """One plan of several sheets' plans: a later sheet's repeat of an earlier sheet's
    initiative refused; every refusal says its sheet."""
    if len(plans) == 1:
        return plans[0]
    seen: dict[tuple[int, str], str] = {}
    rows, rejected = [], []
    for plan in plans:
        name = plan.sheet.sheet_name
        for bad in plan.rejected:
            rejected.append(replace(bad, reason=f"Trang «{name}»: {bad.reason}"))
        for row in plan.rows:
            key = (row.data.unit_id, fold(row.data.title))
            if key in seen:
                reason = f"Trang «{name}»: trùng với {seen[key]} (cùng tên sáng kiến và đơn vị)."
                rejected.append(RejectedRow(row.row_number, row.data.title, reason))
                continue
            seen[key] = f"dòng {row.row_number} của trang «{name}»"
            rows.append(row)
    unknown = dict.fromkeys(u for p in plans for u in p.unknown_units)
    first = plans[0]
    notes = tuple(dict.fromkeys(n for p in plans for n in p.notes))
    return replace(
        first,
        rows=tuple(rows),
        rejected=tuple(rejected),
        unknown_units=tuple(unknown),
        notes=notes,
    )


def skipped_of(sheets: list[SheetData]) -> tuple[SkippedRow, ...]:
    """The rows skipped in each sheet, each saying its sheet when there are several."""
    if len(sheets) == 1:
        return sheets[0].skipped
    return tuple(
        replace(k, reason=f"Trang «{s.sheet_name}»: {k.reason}") for s in sheets for k in s.skipped
    )
