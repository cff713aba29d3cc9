"""Reading a person's .xlsx safely, before any reader builds its cells.

Every reader of a user's Excel file (initiatives, quotas, unit lists) goes through
choose_sheet() first. calamine and openpyxl size what they build from the cells a sheet
holds: one cell at XFD1048576 in a 4 KB file made calamine ask for 512 GB and abort the
program. The <dimension ref=…> a sheet declares can lie (and calamine ignores it), so the
cells actually present are scanned, streamed, with bounded memory, before anything is read.

Apart from the writer (``xlsx.py``) so that reading needs neither openpyxl nor its import time
until a file is actually read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.services.common import ServiceError

MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLS = 200  # no list of ours has more than a few dozen columns
MAX_CELLS = 10_000_000  # rows × columns that a reader may materialise (~ a few hundred MB)
MAX_SHEET_BYTES = 1 << 30  # the sheet's XML, decompressed
_XML_LIMIT = 16 << 20  # workbook.xml and its relationships

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW_ANY = re.compile(rb"<(?:\w+:)?row[\s>/]")
# A cell with a reference and content (not <c …/> nor <c …></c>, which hold no value).
_CELL_WITH_R = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,4})(\d{1,9})\"[^>]*?(?<!/)>(?!</)")
_CELL_ANY = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_R = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"")
# A cell whose first attribute is not its reference (or that has none): one search, stopped at
# the first such cell. Without one, every cell reads <c r="…" (as Excel and openpyxl write
# them) and the cells holding a value are found by a simpler pattern, with the same results.
_CELL_NOT_R_FIRST = re.compile(rb"<(?:\w+:)?c(?:[>/]|\s(?!r=\"))")
_CELL_R_FIRST_WITH_VALUE = re.compile(
    rb"<(?:\w+:)?c\sr=\"([A-Z]{1,4})(\d{1,9})\"[^>]*(?<!/)>(?!</)"
)
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
    col: int | None = None  # the column reached, when the last piece ended inside a row
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
            # Cut after a row's end, else (a row of more than a piece) after a complete
            # tag "…/>", never inside one.
            row_end = buf.rfind(b"</row>")
            cut = row_end + 6 if row_end >= 0 else buf.rfind(b"/>") + 2
            if cut < 2:
                if len(buf) > (64 << 20):
                    raise ServiceError(f"Trang tính «{name}» có một dòng quá lớn để đọc.")
                carry = buf
                continue
            part, carry = buf[:cut], buf[cut:]
            inside = row_end < 0 or _ROW_ANY.search(part, row_end) is not None
        else:
            part, carry, inside = buf, b"", False
        if part:
            if col is None and not inside:
                rows, cols, last = _scan_part(part, rows, cols, last)
            else:  # a piece that begins or ends inside a row: tag by tag, the column carried
                rows, cols, last, col = _walk_extent(part, rows, cols, last, col or 0)
                col = col if inside else None
            _check_extent(name, rows, cols)
        if not chunk:
            return rows, cols


def _scan_part(part: bytes, rows: int, cols: int, last: int) -> tuple[int, int, int]:
    """``rows``/``cols``: the furthest value so far; ``last``: the last row seen."""
    if _CELL_NOT_R_FIRST.search(part) is None:
        # Every cell begins <c r="A1" (the usual case): one pass for the cells holding a value,
        # and the last row tag for ``last`` (rows come in increasing order, as the format
        # requires; the general walker below follows them one by one otherwise).
        found = _CELL_R_FIRST_WITH_VALUE.findall(part)
        if found:
            rows = max(rows, max(int(d) for _, d in found))
            cols = max(cols, max(_col_number(x) for x in {x for x, _ in found}))
        return rows, cols, _last_row(part, last)
    if len(_CELL_R.findall(part)) == len(_CELL_ANY.findall(part)):
        # Every cell says where it is (as Excel writes them): C-speed findall. A row counts
        # only through a cell holding a value (a formatted, empty one is no data).
        found = _CELL_WITH_R.findall(part)
        if found:
            rows = max(rows, max(int(d) for _, d in found))
            cols = max(cols, max(_col_number(x) for x in {x for x, _ in found}))
        return rows, cols, _last_row(part, last)
    return _walk_extent(part, rows, cols, last)[:3]


def _walk_extent(
    part: bytes, rows: int, cols: int, last: int, col: int = 0
) -> tuple[int, int, int, int]:
    """What :func:`_scan_part` finds, tag by tag: always right, also when some rows or cells
    leave out their reference (they follow the one before); ``col``: the column reached in a
    row begun in the piece before. Returns the column reached too."""
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
    return rows, cols, last, col


def _last_row(part: bytes, last: int) -> int:
    """``last`` after ``part``: the number of its last row tag (searched from the end), or,
    when that row has no r=, counted tag by tag."""
    start = len(part)
    while start > 0:
        start = max(0, start - (64 << 10))
        tags = list(_ROW_ANY.finditer(part, start))
        if tags:
            m = _TOKENS.match(part, tags[-1].start())
            ref = _R_ATTR.search(m.group(2)) if m else None
            if ref and ref.group(2) and not ref.group(1):
                return max(last, int(ref.group(2)))
            return _walk_extent(part, 0, 0, last)[2]  # counted from the row before
    return last


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


# ---- the fonts of some cells (old TCVN3/VNI text), without building the sheet -------------
_STYLES_REL = "/styles"
_S_ATTR = re.compile(rb"\bs=\"(\d{1,9})\"")


def is_legacy_font(name: str) -> bool:
    """A font of the old Vietnamese encodings: ".VnTime", ".VnArialH" (TCVN3), "VNI-Times"."""
    folded = name.strip().casefold()
    return folded.startswith((".vn", "vni-", "vni "))


def _styles_member(zf: zipfile.ZipFile) -> str | None:
    """The workbook's styles part (xl/styles.xml as Excel writes it, else by relationship)."""
    names = set(zf.namelist())
    try:
        for rel in _xml_member(zf, "xl/_rels/workbook.xml.rels").iter(f"{{{_PKG_NS}}}Relationship"):
            if rel.get("Type", "").endswith(_STYLES_REL):
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                path = posixpath.normpath(path)
                if path in names:
                    return path
    except KeyError:
        pass
    return "xl/styles.xml" if "xl/styles.xml" in names else None


def legacy_styles(zf: zipfile.ZipFile) -> dict[int, str]:
    """{cell style index: font name} of the styles whose font is a TCVN3/VNI one; empty (the
    common case of a Unicode workbook) when styles.xml names no such font."""
    member = _styles_member(zf)
    if member is None:
        return {}
    if zf.getinfo(member).file_size > _XML_LIMIT:
        return {}  # not a real workbook's styles: the text's own look decides
    with zf.open(member) as f:
        head = f.read(_XML_LIMIT + 1)
    lowered = head.lower()
    if b".vn" not in lowered and b"vni" not in lowered:
        return {}  # no old font anywhere: nothing to parse
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(head)
    except ET.ParseError:
        return {}
    fonts: list[str] = []
    fonts_el = root.find("{*}fonts")
    for font in fonts_el if fonts_el is not None else ():
        name = font.find("{*}name")
        fonts.append(name.get("val", "") if name is not None else "")
    out: dict[int, str] = {}
    xfs = root.find("{*}cellXfs")
    for i, xf in enumerate(xfs if xfs is not None else ()):
        try:
            font_id = int(xf.get("fontId", "0"))
        except ValueError:
            continue
        if 0 <= font_id < len(fonts) and is_legacy_font(fonts[font_id]):
            out[i] = fonts[font_id]
    return out


def legacy_font_cells(path: str | Path, sheet: str) -> dict[tuple[int, int], str]:
    """{(row, column) 0-based: font name} of the cells of ``sheet`` written in a TCVN3/VNI
    font (the workbook's styles.xml says which fonts, each cell's s= which style): nothing is
    read beyond styles.xml when it names no such font. The sheet's XML is streamed (4 MB
    pieces, as :func:`choose_sheet` does); only the cells of an old font's style are looked
    at, unless some of them leave out their reference or the default style is an old font.
    A part it cannot read gives no fonts: the text's own look decides then."""
    try:
        return _legacy_font_cells(path, sheet)
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OSError, EOFError):
        return {}


def _legacy_font_cells(path: str | Path, sheet: str) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    with zipfile.ZipFile(path) as zf:
        styles = legacy_styles(zf)
        if not styles:
            return {}
        member = next((m for n, _, m in _workbook_sheets(zf) if n == sheet), None)
        if member is None:
            return {}
        if 0 not in styles:
            # Only the cells with an old font's style: a plain search for s="N" (C speed),
            # then the tag around it.
            needles = [(f's="{i}"'.encode(), font) for i, font in styles.items()]
            with zf.open(member) as raw:
                for part in _parts(raw):
                    found = _cells_styled(part, needles, out)
                    if not found:
                        break  # some cell is placed by the cells before it: walk them all
                else:
                    return out
        out.clear()
        state = [0, 0]  # the row and column of the last cell seen (1-based)
        with zf.open(member) as raw:
            for part in _parts(raw):
                _walk_cells(part, styles, state, out)
        return out


def _cells_styled(
    part: bytes, needles: list[tuple[bytes, str]], out: dict[tuple[int, int], str]
) -> bool:
    """The cells of ``part`` whose s= is one of ``needles``, put in ``out``; False when one
    of them has no reference of its own."""
    for needle, font in needles:
        at = part.find(needle)
        while at >= 0:
            end = at + len(needle)
            if part[at - 1 : at].isspace():
                start = part.rfind(b"<", 0, at)
                tag = part[start : part.find(b">", end) + 1]
                if _CELL_ANY.match(tag):  # not a row's or a column's style
                    ref = _R_ATTR.search(tag)
                    if not (ref and ref.group(1) and ref.group(2)):
                        return False
                    out[(int(ref.group(2)) - 1, _col_number(ref.group(1)) - 1)] = font
            at = part.find(needle, end)
    return True


def _parts(raw: Any) -> Any:
    """The sheet's XML in pieces of about 4 MB, each cut after a tag."""
    carry = b""
    while True:
        chunk = raw.read(4 << 20)
        buf = carry + chunk
        if not chunk:
            if buf:
                yield buf
            return
        cut = buf.rfind(b">") + 1
        part, carry = buf[:cut], buf[cut:]
        if part:
            yield part


def _walk_cells(
    part: bytes, styles: dict[int, str], state: list[int], out: dict[tuple[int, int], str]
) -> None:
    """Every row and cell tag in order, placing those without a reference after the one
    before (a cell without s= has the style 0)."""
    default = styles.get(0)
    for m in _TOKENS.finditer(part):
        attrs = m.group(2)
        ref = _R_ATTR.search(attrs)
        if m.group(1) == b"row":
            state[0] = int(ref.group(2)) if ref and ref.group(2) else state[0] + 1
            state[1] = 0
            continue
        if ref and ref.group(1):
            state[1] = _col_number(ref.group(1))
            if ref.group(2):
                state[0] = int(ref.group(2))
        else:
            state[1] += 1
        s = _S_ATTR.search(attrs)
        font = styles.get(int(s.group(1))) if s else default
        if font is not None:
            out[(state[0] - 1, state[1] - 1)] = font
