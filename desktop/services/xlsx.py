"""Writing .xlsx files the way a Vietnamese office expects them, in one place.

Real dates and numbers with Vietnamese display formats (``dd/mm/yyyy``, ``#.##0`` shown with
dots on any Windows locale), widths that fit, a frozen header row and an autofilter. Text that
Excel would take for a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is written
as text, never as a formula (CSV/formula injection).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .common import ServiceError
from .vietnamese import nfc

DATE_FORMAT = "dd/mm/yyyy"
# Literal dots: "#,##0" shows commas on a PC whose regional settings are not Vietnamese. A
# literal dot sits at a fixed place, so each magnitude gets its own section (Excel allows two
# conditions): 500, 2.300, 1.500.000; from a billion up the first group is not split
# ("1500.000.000").
INTEGER_FORMAT = '[>=1000000]#"."###"."##0;[>=1000]#"."##0;0'
MONEY_FORMAT = INTEGER_FORMAT
PERCENT_FORMAT = '0.0"%"'
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def safe_text(value: str) -> str:
    """Text exactly as given, NFC; openpyxl must never see it as a formula."""
    return nfc(value)


def _format_for(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER_FORMAT if value >= 0 else "0"
    if isinstance(value, (float, Decimal)):
        return "0.0" if value != int(value) else INTEGER_FORMAT
    return None


def write_cell(
    ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None
) -> Cell:
    """Write one value: dates and numbers as real values, text as text (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if _put_value(cell, value):
        cell.quotePrefix = True
    fmt = number_format or _format_for(value)
    if fmt:
        cell.number_format = fmt
    return cell


def _put_value(cell: Cell, value: Any) -> bool:
    """The value alone, no style; True when it is text that looks like a formula (which must
    then carry Excel's quote prefix)."""
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None)
    if isinstance(value, str):
        text = safe_text(value)
        cell.value = text
        if text.startswith(_FORMULA_STARTS):
            cell.data_type = "s"  # stored as a string even though it looks like a formula
            return True
    elif isinstance(value, Decimal):
        cell.value = float(value)
    else:
        cell.value = value
    return False


@dataclass(frozen=True)
class Column:
    header: str
    width: float | None = None  # characters; None: fitted to the content
    number_format: str | None = None
    wrap: bool = False


def write_table(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    first_row: int = 1,
    autofilter: bool = True,
) -> int:
    """A header row and data rows from ``first_row``; returns the last row written."""
    header_font = Font(bold=True)
    for c, col in enumerate(columns, start=1):
        cell = write_cell(ws, first_row, c, col.header)
        cell.font = header_font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    widths = [len(col.header) for col in columns]
    # Setting a style on a cell makes openpyxl hash style objects (~1 ms a cell: 100,000 rows
    # took a minute). Cells of one column with the same format share one style: the first is
    # styled in full, the others get a copy of its style array.
    styles: dict[tuple[int, str | None, bool], StyleArray] = {}
    r = first_row
    for values in rows:
        r += 1
        for c, (col, value) in enumerate(zip(columns, values, strict=False), start=1):
            fmt = col.number_format or _format_for(value)
            cell = ws.cell(row=r, column=c)
            quoted = _put_value(cell, value)
            key = (c, fmt, quoted)
            style = styles.get(key)
            if style is not None:
                cell._style = copy(style)
            else:
                if quoted:
                    cell.quotePrefix = True
                if fmt:
                    cell.number_format = fmt
                cell.border = _BORDER
                if col.wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                styles[key] = copy(cell._style)
            shown = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value or "")
            widths[c - 1] = max(widths[c - 1], min(len(shown), 60))
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = col.width or max(8, widths[c - 1] + 2)
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1)
    if autofilter and r > first_row:
        ws.auto_filter.ref = f"A{first_row}:{get_column_letter(len(columns))}{r}"
    return r


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]  # Excel's limit on sheet names
    return wb, ws


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save through a temporary file in the same folder, then rename: a full disk or a file
    open in Excel leaves the old file untouched and gets a Vietnamese message."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except PermissionError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ServiceError(
            f"Không ghi được «{path.name}»: tệp đang mở trong Excel hoặc thư mục không cho ghi. "
            "Hãy đóng tệp rồi thử lại."
        ) from exc
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ServiceError(f"Không ghi được «{path.name}»: {exc.strerror or exc}.") from exc
