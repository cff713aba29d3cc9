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
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from desktop.services.common import ServiceError
from desktop.text.normalise import nfc

DATE_FORMAT = "dd/mm/yyyy"
# Literal dots: "#,##0" shows commas on a PC whose regional settings are not Vietnamese. A
# literal dot sits at a fixed place, so each magnitude gets its own section (Excel allows two
# conditions): 500, 2.300, 1.500.000. That covers 0 to 999.999.999; a billion or more, or a
# negative number, gets the format of its own magnitude (integer_format): 1.500.000.000 and
# -1.200.000, not "1500.000.000" and "-1200000".
INTEGER_FORMAT = '[>=1000000]#"."###"."##0;[>=1000]#"."##0;0'
MONEY_FORMAT = INTEGER_FORMAT
FONT_NAME = "Times New Roman"
FONT_SIZE = 12
# Nghị định 30's margins (top and bottom 20 mm, left 30, right 15), in inches.
MARGINS_IN = {"top": 20 / 25.4, "bottom": 20 / 25.4, "left": 30 / 25.4, "right": 15 / 25.4}
PERCENT_FORMAT = '0.0"%"'
# Text starting with one of these would be read as a formula by Excel: stored with a quote prefix.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin", color="999999")
# The thin grey grid of every table cell this program writes.
CELL_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def safe_text(value: str) -> str:
    """Text exactly as given, NFC; openpyxl must never see it as a formula."""
    return nfc(value)


def font(bold: bool = False, italic: bool = False, size: float = FONT_SIZE) -> Font:
    """Times New Roman, as every sheet of this program is set (Nghị định 30)."""
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def integer_format(value: int | float | Decimal) -> str:
    """The display format of a whole number, with "." between thousands at any magnitude and
    for negative numbers too (1.500.000.000, -1.200.000), on any Windows locale."""
    if 0 <= value < 1_000_000_000:
        return INTEGER_FORMAT
    groups = (len(str(abs(int(value)))) - 1) // 3
    pattern = "#" + '"."###' * (groups - 1) + '"."##0' if groups else "0"
    return f"{pattern};-{pattern}"


def _format_for(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return integer_format(value)
    if isinstance(value, (float, Decimal)):
        return "0.0" if value != int(value) else integer_format(value)
    return None


def number_format_for(col_format: str | None, value: Any) -> str | None:
    """A column's format for ``value``; the integer format fitted to the value's magnitude."""
    number = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    if col_format == INTEGER_FORMAT and number and value == int(value):
        return integer_format(value)
    return col_format or _format_for(value)


def write_cell(
    ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None
) -> Cell:
    """Write one value: dates and numbers as real values, text as text (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if _put_value(cell, value):
        cell.quotePrefix = True
    fmt = number_format_for(number_format, value)
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
        if text.startswith(FORMULA_STARTS):
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


LINE_HEIGHT = 15.75  # points, a line of 12 pt Times New Roman in a cell


def wrapped_lines(text: str, chars: int) -> int:
    """How many lines ``text`` takes wrapped at ``chars`` characters, word by word."""
    n = 0
    for part in text.split("\n"):
        if len(part) <= chars:
            n += 1
            continue
        used = 0
        n += 1
        for word in part.split():
            need = len(word) + (1 if used else 0)
            if used and used + need > chars:
                n += 1
                used = len(word)
            else:
                used += need
    return max(n, 1)


def write_table(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    first_row: int = 1,
    autofilter: bool = True,
    fit_heights: bool = False,
) -> int:
    """A header row and data rows from ``first_row``; returns the last row written.

    ``fit_heights``: each row is made as high as its wrapped text needs (Excel does not grow
    a row written by a program; a printed list would show the first line of each cell)."""
    header_font = font(bold=True)
    for c, col in enumerate(columns, start=1):
        cell = write_cell(ws, first_row, c, col.header)
        cell.font = header_font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = CELL_BORDER
    widths = [len(col.header) for col in columns]
    # Setting a style on a cell makes openpyxl hash style objects (~1 ms a cell: 100,000 rows
    # took a minute). Cells of one column with the same format share one style: the first is
    # styled in full, the others get a copy of its style array.
    styles: dict[tuple[int, str | None, bool], StyleArray] = {}
    # Characters a line of a wrapped column holds: its width (in widths of "0") less a margin.
    wraps = [(c, max(4, int(col.width or 10))) for c, col in enumerate(columns) if col.wrap]
    if fit_heights:  # the header wraps in its cell too
        head_lines = max(wrapped_lines(col.header, max(4, int(col.width or 10))) for col in columns)
        if head_lines > 1:
            ws.row_dimensions[first_row].height = head_lines * LINE_HEIGHT + 2
    r = first_row
    for values in rows:
        r += 1
        if fit_heights and wraps:
            lines = max(
                wrapped_lines(str(values[c]), chars) if c < len(values) and values[c] else 1
                for c, chars in wraps
            )
            if lines > 1:
                ws.row_dimensions[r].height = lines * LINE_HEIGHT + 2
        for c, (col, value) in enumerate(zip(columns, values, strict=False), start=1):
            fmt = number_format_for(col.number_format, value)
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
                cell.border = CELL_BORDER
                if col.wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                elif fit_heights:  # a number beside wrapped text: on the row's first line
                    cell.alignment = Alignment(vertical="top")
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
    """A workbook whose one sheet is named ``title``, every cell in Times New Roman 12 pt
    (the workbook's default font, not Calibri)."""
    wb = Workbook()
    base = font()
    wb._fonts = IndexedList([base])
    wb._named_styles["Normal"].font = copy(base)
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]  # Excel's limit on sheet names
    return wb, ws


def nd30_page_setup(ws: Worksheet, landscape: bool, title_row: int | None = None) -> None:
    """Print the sheet as Nghị định 30 asks: A4, its margins, the columns fitted to the page
    width (the rows run on to as many pages as they need), the header row ``title_row``
    repeated on every page, page numbers centred at the top from page 2."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(header=0.4, footer=0.4, **MARGINS_IN)
    ws.print_options.horizontalCentered = True
    if title_row is not None:
        ws.print_title_rows = f"{title_row}:{title_row}"
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT_NAME},Regular"
    ws.oddHeader.center.size = 13


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
