"""The list of initiatives, as filtered on screen, to an .xlsx file an office can use at once.

Headers in Vietnamese (the same ones the import recognises, so an exported list comes back in
unchanged), real dates and numbers with Vietnamese formats, fixed widths, a frozen header and
an autofilter; text that looks like a formula is written as text (see ``xlsx.py``). It prints
as the office prints a list: A4 landscape, Times New Roman, Nghị định 30's margins, the columns
fitted to the page width, the header row on every page, each row as high as its wrapped text.

A national list has a million rows, so the sheet is streamed (docs/excel-files.md, «Exporting
a long list»): the rows come from the store a chunk at a time (``stream_rows``, one query) and
go straight into the file, so memory stays the same whatever the length. openpyxl writes the
workbook around them — styles, the header row, widths, freeze, filter, print setup — and the
data rows are written here as the same XML its write-only mode writes, a few times faster.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from copy import copy
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from desktop.services import labels
from desktop.services.common import ServiceError
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.service import InitiativeService
from desktop.services.xlsx import (
    CELL_BORDER,
    DATE_FORMAT,
    FORMULA_STARTS,
    LINE_HEIGHT,
    Column,
    font,
    nd30_page_setup,
    number_format_for,
    safe_text,
    wrapped_lines,
)
from desktop.services.xlsx import MONEY_FORMAT as MONEY
from desktop.text.numbers import format_number

# Widths (in characters) that fit A4 landscape at about 85 %: the long texts wrap.
COLUMNS = (
    Column("STT", 5, "0"),
    Column("Tên sáng kiến", 34, wrap=True),
    Column("Tác giả", 18, wrap=True),
    Column("Đơn vị", 20, wrap=True),
    Column("Lĩnh vực", 14, wrap=True),
    Column("Khối", 10, wrap=True),
    Column("Ngày áp dụng", 11, DATE_FORMAT),
    Column("Giá trị làm lợi (đồng)", 14, MONEY),
    Column("Trạng thái", 12, wrap=True),
)
SHEET_TITLE = "Sáng kiến"
EXCEL_MAX_ROWS = 1_048_576  # a sheet's rows, the header among them
_CHUNK = 2000
# Above this many rows the sheet's XML may pass 2 GB (zipfile then needs ZIP64 from the start);
# below it the file stays a plain zip, as every reader expects. ~700 bytes a row here.
_ZIP64_ROWS = 500_000
# Characters XML 1.0 cannot hold (openpyxl refuses them): pasted from old Word files.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 in the 1900 system (past its leap-year bug)
_TOP = Alignment(vertical="top")  # a number beside wrapped text: on the row's first line


def export_initiatives(
    service: InitiativeService,
    query: ListQuery,
    path: str | Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Write every initiative matching ``query`` (in its order) to ``path``; returns the count."""
    total = service.count(query)
    if total >= EXCEL_MAX_ROWS:
        raise _too_long(total)

    def rows() -> Iterator[list[Any]]:
        n = 0
        with closing(service.stream_rows(query, _CHUNK)) as chunks:
            for chunk in chunks:
                if cancel and cancel():
                    raise ServiceError("Đã huỷ việc xuất tệp.")
                for r in chunk:
                    n += 1
                    yield [
                        n,
                        r.title,
                        r.authors_text,
                        r.unit_full_name or r.unit_name,
                        r.field_name or "",
                        labels.SECTOR[r.sector] if r.sector else "",
                        # A month or quarter as its text ("03/2022"): read back the same.
                        r.applied_text if r.applied_precision else r.applied_on,
                        r.benefit_vnd,
                        labels.STATUS[r.status],
                    ]
                if progress:
                    progress(n, max(n, total))

    return write_streamed(Path(path), SHEET_TITLE, COLUMNS, rows(), zip64=total > _ZIP64_ROWS)


def _too_long(n: int) -> ServiceError:
    return ServiceError(
        f"Danh sách có {format_number(n)} sáng kiến, nhiều hơn một trang tính Excel chứa được "
        f"({format_number(EXCEL_MAX_ROWS - 1)} dòng). Hãy lọc bớt (theo đơn vị, giai đoạn, "
        "lĩnh vực) rồi xuất từng phần."
    )


class _Book:
    """An openpyxl write-only workbook holding the sheet's settings and its header row; data
    rows are written beside it (``write_streamed``) with the styles it registers."""

    def __init__(self, title: str, columns: Sequence[Column]) -> None:
        self.columns = columns
        wb = Workbook(write_only=True)
        base = font()  # every cell in Times New Roman 12 pt, as xlsx.new_workbook sets it
        wb._fonts = IndexedList([base])
        wb._named_styles["Normal"].font = copy(base)
        ws = wb.create_sheet(title[:31])
        for c, col in enumerate(columns, start=1):
            if col.width is None:
                raise ValueError("a streamed sheet needs every column's width")
            ws.column_dimensions[get_column_letter(c)].width = col.width
        ws.freeze_panes = "A2"
        # nd30_page_setup reads the paper size from the sheet's class, which a streamed
        # sheet does not have; the settings it makes are the same.
        ws.PAPERSIZE_A4 = Worksheet.PAPERSIZE_A4
        nd30_page_setup(cast(Worksheet, ws), landscape=True, title_row=1)
        lines = max(wrapped_lines(col.header, max(4, int(col.width or 10))) for col in columns)
        if lines > 1:  # the header wraps in its cell (write_table's fit_heights)
            ws.row_dimensions[1].height = lines * LINE_HEIGHT + 2
        self.header = []
        head_font = font(bold=True)
        centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for col in columns:
            cell = WriteOnlyCell(ws, safe_text(col.header))
            cell.font, cell.alignment, cell.border = head_font, centred, CELL_BORDER
            _ = cell.style_id  # its style now, before the rows'; the row goes in when saved
            self.header.append(cell)
        self.wb, self.ws = wb, ws
        self._ids: dict[tuple[int, str | None, bool], int] = {}

    def style_id(self, c: int, fmt: str | None, quoted: bool) -> int:
        """The style of a data cell of column ``c`` (from 0), as ``xlsx.write_table`` sets it."""
        key = (c, fmt, quoted)
        sid = self._ids.get(key)
        if sid is None:
            cell = WriteOnlyCell(self.ws)
            if quoted:
                cell.quotePrefix = True
            if fmt:
                cell.number_format = fmt
            cell.border = CELL_BORDER
            # wrapped text from the top; a number beside it on the row's first line
            wrap = self.columns[c].wrap
            cell.alignment = Alignment(wrap_text=True, vertical="top") if wrap else _TOP
            sid = self._ids[key] = cell.style_id
        return sid

    def parts(self, last_row: int) -> tuple[bytes, dict[str, bytes]]:
        """The sheet's XML and the workbook's other parts by name, saved with the filter over
        rows 1 to ``last_row``."""
        self.ws.append(self.header)  # (the sheet opens its stream here: saved at once)
        if last_row > 1:
            self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{last_row}"
        buf = io.BytesIO()
        self.wb.save(buf)
        with zipfile.ZipFile(buf) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        return parts.pop(self.sheet_path), parts

    @property
    def sheet_path(self) -> str:
        """The sheet's part in the zip (known once the workbook is saved)."""
        return str(self.ws.path).lstrip("/")


def write_streamed(
    path: Path, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], zip64: bool
) -> int:
    """A sheet of a header row and ``rows``, styled as ``xlsx.write_table`` with
    ``fit_heights`` styles it, written as the rows come; returns the number of rows.

    Two identical workbooks: the first, saved at once, gives the sheet's beginning (its
    settings and header, up to ``<sheetData>``'s end), which goes into the file before the
    rows; the second registers the rows' styles as they are met and, saved after them, gives
    the sheet's end (filter, print setup) and every other part (styles, print titles)."""
    start = _Book(title, columns)
    head = start.parts(1)[0].split(b"</sheetData>", 1)[0]
    book = _Book(title, columns)
    writer = _RowWriter(book)

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            with z.open(start.sheet_path, "w", force_zip64=zip64) as sheet:
                sheet.write(head)
                for block in writer.blocks(rows):
                    sheet.write(block)
                xml, parts = book.parts(writer.last_row)
                mine, end = xml.split(b"</sheetData>", 1)
                # the two books must agree on the header's styles, so on the sheet's start
                if mine != head or book.sheet_path != start.sheet_path:
                    raise RuntimeError("streamed sheet: the header changed between books")
                sheet.write(b"</sheetData>" + end)
            for name, data in parts.items():
                z.writestr(name, data)

    _replace_atomically(path, write)
    return writer.last_row - 1


class _RowWriter:
    """Data rows as the XML openpyxl's write-only sheet writes (inline strings, dates as
    serial numbers), each row as high as its wrapped text."""

    def __init__(self, book: _Book) -> None:
        self.book = book
        self.last_row = 1
        cols = book.columns
        self.letters = [get_column_letter(c) for c in range(1, len(cols) + 1)]
        self.wraps = [(c, max(4, int(col.width or 10))) for c, col in enumerate(cols) if col.wrap]

    def blocks(self, rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
        """The rows' XML, a few hundred rows to a block."""
        out: list[str] = []
        r = self.last_row
        for values in rows:
            r += 1
            if r > EXCEL_MAX_ROWS:  # grown since it was counted
                raise _too_long(r - 1)
            out.append(self._row(r, values))
            if len(out) == 500:
                self.last_row = r
                yield "".join(out).encode()
                out = []
        self.last_row = r
        if out:
            yield "".join(out).encode()

    def _row(self, r: int, values: Sequence[Any]) -> str:
        lines = 1
        for c, chars in self.wraps:
            v = values[c] if c < len(values) else None
            if v and (len(s := str(v)) > chars or "\n" in s):
                lines = max(lines, wrapped_lines(s, chars))
        parts = [
            f'<row r="{r}" ht="{lines * LINE_HEIGHT + 2}" customHeight="1">'
            if lines > 1
            else f'<row r="{r}">'
        ]
        style_id, columns = self.book.style_id, self.book.columns
        for c, (letter, col, value) in enumerate(zip(self.letters, columns, values, strict=False)):
            if value is None:
                parts.append(f'<c r="{letter}{r}" s="{style_id(c, col.number_format, False)}"/>')
            elif isinstance(value, str):
                text = safe_text(value)
                if _ILLEGAL.search(text):
                    text = _ILLEGAL.sub("", text)
                sid = style_id(c, col.number_format, text.startswith(FORMULA_STARTS))
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                space = ' xml:space="preserve"' if text.strip() != text and text.strip() else ""
                parts.append(
                    f'<c r="{letter}{r}" s="{sid}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
                )
            else:
                sid = style_id(c, number_format_for(col.number_format, value), False)
                parts.append(f'<c r="{letter}{r}" s="{sid}" {_number(value)}</c>')
        parts.append("</row>")
        return "".join(parts)


def _number(value: Any) -> str:
    """A cell's type and value, for anything not text: numbers, dates, booleans."""
    if isinstance(value, bool):
        return f't="b"><v>{int(value)}</v>'
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None)
        day = value - dt.datetime(1899, 12, 30)
        return f't="n"><v>{day.days + day.seconds / 86400}</v>'
    if isinstance(value, dt.date):
        days = (value - _EPOCH).days
        if 0 < days <= 60:  # before 1 March 1900: Excel counts a 29 February 1900
            days -= 1
        return f't="n"><v>{days}</v>'
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, (int, float)):
        return f't="n"><v>{value}</v>'
    raise TypeError(f"cannot write {type(value).__name__} to a cell")


def _replace_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """``write`` into a temporary file in the same folder, then rename it to ``path``: a full
    disk, a file open in Excel or «Huỷ» leaves the old file untouched (as ``save_workbook``)."""
    fd, name = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except PermissionError as exc:
        raise ServiceError(
            f"Không ghi được «{path.name}»: tệp đang mở trong Excel hoặc thư mục không cho ghi. "
            "Hãy đóng tệp rồi thử lại."
        ) from exc
    except OSError as exc:
        raise ServiceError(f"Không ghi được «{path.name}»: {exc.strerror or exc}.") from exc
    finally:
        tmp.unlink(missing_ok=True)
