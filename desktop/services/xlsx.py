"""Writing .xlsx files the way a Vietnamese office expects them, in one place.

Real dates and numbers with Vietnamese display formats (``dd/mm/yyyy``, ``#.##0`` shown with
dots on any Windows locale), widths that fit, a frozen header row and an autofilter. Text that
Excel would take for a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is written
as text, never as a formula (CSV/formula injection).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import zipfile
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
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


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


def _number_format(col_format: str | None, value: Any) -> str | None:
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
    fmt = _number_format(number_format, value)
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
        cell.border = _BORDER
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
            fmt = _number_format(col.number_format, value)
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


# ---- reading a person's .xlsx safely -----------------------------------------------------
# Every reader of a user's Excel file (initiatives, quotas, unit lists) goes through
# choose_sheet() first. calamine and openpyxl size what they build from the cells a sheet
# holds: one cell at XFD1048576 in a 4 KB file made calamine ask for 512 GB and abort the
# program. The <dimension ref=…> a sheet declares can lie (and calamine ignores it), so the
# cells actually present are scanned, streamed, with bounded memory, before anything is read.
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLS = 200  # no list of ours has more than a few dozen columns
MAX_CELLS = 10_000_000  # rows × columns that a reader may materialise (~ a few hundred MB)
MAX_SHEET_BYTES = 1 << 30  # the sheet's XML, decompressed
_XML_LIMIT = 16 << 20  # workbook.xml and its relationships

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW_WITH_R = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d{1,9})\"")
_ROW_ANY = re.compile(rb"<(?:\w+:)?row[\s>/]")
# A cell with a reference and content (not <c …/> nor <c …></c>, which hold no value).
_CELL_WITH_R = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,4})(\d{1,9})\"[^>]*?(?<!/)>(?!</)")
_CELL_ANY = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_R = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"")
_TOKENS = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*?)(/?)>")
_R_ATTR = re.compile(rb"\br=\"([A-Z]{0,4})(\d{0,9})\"")


@dataclass(frozen=True)
class SheetChoice:
    """The sheet a reader will read, and how big its data really is."""

    name: str
    rows: int  # the last row holding a value (1-based; 0: empty sheet)
    cols: int  # the last column holding a value
    hidden: tuple[str, ...] = ()  # hidden sheets left out (never offered, never read)
    visible: tuple[str, ...] = ()  # every visible sheet, in the workbook's order (to choose)

    @property
    def note(self) -> str:
        """For the preview: which sheet was read, and which hidden ones were not."""
        text = f"Đã đọc trang tính «{self.name}»."
        if self.hidden:
            names = ", ".join(f"«{n}»" for n in self.hidden)
            text += f" Bỏ qua trang tính ẩn {names} (không đọc trang ẩn)."
        return text


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _xml_member(zf: zipfile.ZipFile, name: str) -> Any:
    import xml.etree.ElementTree as ET

    info = zf.getinfo(name)
    if info.file_size > _XML_LIMIT:
        raise ValueError(f"{name} quá lớn")
    with zf.open(info) as f:
        return ET.fromstring(f.read(_XML_LIMIT + 1))


def _workbook_sheets(zf: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(name, state, member path) of the workbook's worksheets, in the workbook's order."""
    import posixpath

    book = "xl/workbook.xml"
    try:
        rels = _xml_member(zf, "_rels/.rels")
        for rel in rels.iter(f"{{{_PKG_NS}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                book = rel.get("Target", book).lstrip("/")
    except KeyError:
        pass
    folder = posixpath.dirname(book)
    book_rels = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
    targets: dict[str, str] = {}
    for rel in _xml_member(zf, book_rels).iter(f"{{{_PKG_NS}}}Relationship"):
        if not rel.get("Type", "").endswith("/worksheet"):
            continue  # chart sheets, dialog sheets: nothing to import
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        targets[rel.get("Id", "")] = posixpath.normpath(path)
    out = []
    for sheet in _xml_member(zf, book).iter(f"{{{_MAIN_NS}}}sheet"):
        rid = sheet.get(f"{{{_REL_NS}}}id", "")
        if rid in targets:
            out.append((sheet.get("name", ""), sheet.get("state", "visible"), targets[rid]))
    return out


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def _check_extent(name: str, rows: int, cols: int) -> None:
    if rows > MAX_ROWS or cols > MAX_COLS or rows * cols > MAX_CELLS:
        raise ServiceError(
            f"Trang tính «{name}» có dữ liệu tới dòng {_n(rows)}, cột {_n(cols)}: quá lớn để "
            f"đọc (tối đa {_n(MAX_ROWS)} dòng, {MAX_COLS} cột và {_n(MAX_CELLS)} ô). Thường do "
            "một ô lạc ở rất xa (ví dụ ô XFD1048576): hãy xoá các dòng và cột thừa ở cuối "
            "trang rồi lưu lại."
        )


def _scan(name: str, raw: Any) -> tuple[int, int]:
    """The last row and column holding a value, reading the sheet's XML stream once and
    refusing as soon as the bounds are passed (whatever its <dimension> claims)."""
    rows = cols = last = 0
    carry = b""
    read = 0
    while True:
        chunk = raw.read(4 << 20)
        read += len(chunk)
        if read > MAX_SHEET_BYTES:
            raise ServiceError(
                f"Trang tính «{name}» quá lớn để đọc (hơn {MAX_SHEET_BYTES >> 20} MB dữ liệu)."
            )
        buf = carry + chunk
        if chunk:
            # Cut after a complete tag ("</row>" or "…/>"), never inside one.
            ends = [i + n for i, n in ((buf.rfind(b"</row>"), 6), (buf.rfind(b"/>"), 2)) if i >= 0]
            if not ends:
                if len(buf) > (64 << 20):
                    raise ServiceError(f"Trang tính «{name}» có một dòng quá lớn để đọc.")
                carry = buf
                continue
            cut = max(ends)
            part, carry = buf[:cut], buf[cut:]
        else:
            part, carry = buf, b""
        if part:
            rows, cols, last = _scan_part(part, rows, cols, last)
            _check_extent(name, rows, cols)
        if not chunk:
            return rows, cols


def _scan_part(part: bytes, rows: int, cols: int, last: int) -> tuple[int, int, int]:
    """``rows``/``cols``: the furthest value so far; ``last``: the last row seen."""
    if len(_CELL_R.findall(part)) == len(_CELL_ANY.findall(part)):
        # Every cell says where it is (as Excel writes them): C-speed findall. A row counts
        # only through a cell holding a value (a formatted, empty one is no data).
        found = _CELL_WITH_R.findall(part)
        if found:
            rows = max(rows, max(int(d) for _, d in found))
            cols = max(cols, max(_col_number(x) for x in {x for x, _ in found}))
        rows_seen = _ROW_WITH_R.findall(part)
        if rows_seen:
            last = max(last, max(map(int, rows_seen)))
        return rows, cols, last
    # Some rows or cells leave out their reference: they follow the one before.
    col = 0
    for m in _TOKENS.finditer(part):
        ref = _R_ATTR.search(m.group(2))
        if m.group(1) == b"row":
            last = int(ref.group(2)) if ref and ref.group(2) else last + 1
            col = 0
            continue
        col = _col_number(ref.group(1)) if ref and ref.group(1) else col + 1
        empty = m.group(3) == b"/" or part.startswith(b"</", m.end())
        if not empty:
            rows, cols = max(rows, last), max(cols, col)
    return rows, cols, last


def choose_sheet(path: str | Path, name: str | None = None) -> SheetChoice:
    """The worksheet ``name`` (else the first visible one) of a person's .xlsx/.xlsm, checked
    small enough to read.

    Hidden sheets are never read without saying so: they are named in
    :attr:`SheetChoice.note`, never offered (:attr:`SheetChoice.visible`), and asking for one
    by name is refused; a workbook with only hidden sheets is refused. A sheet whose data
    reaches past :data:`MAX_ROWS`, :data:`MAX_COLS` or :data:`MAX_CELLS` is refused, naming
    the sheet and the limit, before calamine or openpyxl allocate anything. Raises
    :class:`ServiceError` with a Vietnamese message.
    """
    path = Path(path)
    if path.suffix.lower() in (".xls", ".ods", ".xlsb"):
        raise ServiceError(
            f"«{path.name}» không phải tệp .xlsx. Hãy mở tệp trong Excel (hoặc LibreOffice) rồi "
            "«Lưu thành» Excel Workbook (.xlsx)."
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ServiceError(
            f"Không đọc được tệp Excel «{path.name}»: tệp hỏng hoặc không phải .xlsx."
        ) from exc
    with zf:
        try:
            sheets = _workbook_sheets(zf)
        except (KeyError, ValueError, SyntaxError) as exc:
            raise ServiceError(
                f"Không đọc được tệp Excel «{path.name}»: tệp hỏng hoặc không phải .xlsx."
            ) from exc
        if not sheets:
            raise ServiceError(f"Tệp «{path.name}» không có trang tính nào.")
        hidden = tuple(n for n, state, _ in sheets if state in ("hidden", "veryHidden"))
        visible = tuple(n for n, _, _ in sheets if n not in hidden)
        chosen = pick_sheet(path.name, visible, hidden, name)
        member = next(m for n, _, m in sheets if n == chosen)
        try:
            with zf.open(member) as raw:
                rows, cols = _scan(chosen, raw)
        except KeyError as exc:
            raise ServiceError(
                f"Không đọc được trang tính «{chosen}» của «{path.name}»: tệp hỏng."
            ) from exc
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ServiceError(
                f"Không đọc được tệp Excel «{path.name}»: dữ liệu nén bị hỏng."
            ) from exc
        return SheetChoice(chosen, rows, cols, hidden, visible)


def pick_sheet(file: str, visible: Sequence[str], hidden: Sequence[str], name: str | None) -> str:
    """The sheet to read: ``name`` when it is a visible sheet, else the first visible one;
    a hidden or missing ``name``, or a workbook of hidden sheets only, is refused."""
    if name is not None:
        if name in visible:
            return name
        if name in hidden:
            raise ServiceError(
                f"Trang tính «{name}» của «{file}» đang ẩn; chương trình không đọc trang ẩn. "
                "Hãy hiện trang đó trong Excel (chuột phải vào tên trang → Unhide/Hiện) rồi "
                "lưu lại."
            )
        names = ", ".join(f"«{n}»" for n in visible)
        raise ServiceError(f"Tệp «{file}» không có trang tính «{name}». Các trang: {names}.")
    if visible:
        return visible[0]
    if not hidden:
        raise ServiceError(f"Tệp «{file}» không có trang tính nào.")
    names = ", ".join(f"«{n}»" for n in hidden)
    raise ServiceError(
        f"Tệp «{file}» chỉ có trang tính ẩn ({names}); chương trình không đọc trang "
        "ẩn. Hãy mở tệp trong Excel, hiện trang cần nhập (chuột phải vào tên trang → "
        "Unhide/Hiện) rồi lưu lại."
    )


def read_sheet_values(
    path: str | Path, name: str | None = None
) -> tuple[SheetChoice, list[list[Any]]]:
    """The chosen sheet's values (rows of cells; "" for an empty cell), bounded by what
    :func:`choose_sheet` found. calamine reads them (ten times faster than openpyxl)."""
    choice = choose_sheet(path, name)
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
        rows = wb.get_sheet_by_name(choice.name).to_python(skip_empty_area=False)
        return choice, rows[: choice.rows]
    except ImportError:  # pragma: no cover - calamine is a dependency; openpyxl as a fallback
        pass
    except Exception as exc:
        raise ServiceError(
            f"Không đọc được tệp Excel «{Path(path).name}»: tệp hỏng hoặc không phải .xlsx ({exc})."
        ) from exc
    from openpyxl import load_workbook

    wb2 = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb2[choice.name]
        rows = [
            ["" if v is None else v for v in r]
            for r in ws.iter_rows(max_row=choice.rows, max_col=choice.cols, values_only=True)
        ]
    finally:
        wb2.close()
    return choice, rows
