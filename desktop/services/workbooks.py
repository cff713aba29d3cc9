"""Reading one sheet of a person's workbook, whatever the office saved it as: .xlsx/.xlsm
(Excel), .xls (Excel 97-2003) or .ods (LibreOffice, OpenOffice).

The format is told by the file's first bytes, not its name: a list saved as .xls by one
program and renamed .xlsx by a person is still read. python-calamine reads the values of all
three. What each format allows is checked before a sheet is materialised, as
:func:`desktop.services.xlsx.choose_sheet` does for .xlsx: an .ods sheet's XML is streamed
once, counting the cells that hold a value (repeated rows and columns included); an .xls sheet
cannot be larger than 65,536 rows by 256 columns, and its extent is checked before its values
become Python objects. Hidden sheets are never offered nor read (their names are given, for
the preview to say so).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from desktop.services.common import ServiceError
from desktop.services.xlsx import (
    MAX_SHEET_BYTES,
    SheetChoice,
    _check_extent,
    choose_sheet,
    pick_sheet,
)

# What the initiative list (and the quota table) reads.
READABLE = (".xlsx", ".xlsm", ".xls", ".ods")
FORMATS_TEXT = "Excel (.xlsx, .xls) hoặc LibreOffice (.ods)"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls (a compound document)
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"

# A merged range: first row, first column, last row, last column (0-based, inclusive).
Merge = tuple[int, int, int, int]


@dataclass(frozen=True)
class SheetValues:
    choice: SheetChoice
    rows: list[list[Any]]  # "" for an empty cell
    # The merged ranges, or None when the format does not tell them (calamine reads them
    # from .xlsx and .xls, not from .ods).
    merges: tuple[Merge, ...] | None
    kind: str  # "xlsx", "xls" or "ods"


def file_kind(path: Path) -> str:
    """ "xlsx", "xls" or "ods", by the file's content; ServiceError for anything else."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise ServiceError(f"Không mở được tệp «{path.name}»: {exc.strerror or exc}.") from exc
    if path.suffix.lower() == ".xlsb":
        raise ServiceError(
            f"«{path.name}» là tệp Excel nhị phân (.xlsb), chương trình chưa đọc được. Hãy mở "
            "tệp trong Excel rồi «Lưu thành» Excel Workbook (.xlsx)."
        )
    if head.startswith(_OLE):
        return "xls"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "mimetype" in names and zf.read("mimetype").strip() == _ODS_MIME:
                    return "ods"
        except (zipfile.BadZipFile, OSError, KeyError):
            pass  # choose_sheet says the file is damaged
        return "xlsx"
    suffix = path.suffix.lower()
    if head.lstrip().startswith(b"<"):
        # Web sites and some programs export an HTML table named .xls.
        raise ServiceError(
            f"«{path.name}» là một trang web (HTML) mang đuôi «{path.suffix}», không phải bảng "
            "tính thật. Hãy mở tệp trong Excel rồi «Lưu thành» Excel Workbook (.xlsx)."
        )
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"  # choose_sheet says it is damaged
    if suffix in (".xls", ".ods"):
        return suffix[1:]  # calamine says it is damaged
    raise ServiceError(
        f"«{path.name}» không phải bảng tính {FORMATS_TEXT}. Hãy mở tệp trong Excel hoặc "
        "LibreOffice rồi «Lưu thành» Excel Workbook (.xlsx)."
    )


def read_values(path: str | Path, name: str | None = None) -> SheetValues:
    """The values of the sheet ``name`` (else the first visible one), checked small enough
    first. Raises :class:`ServiceError` with a Vietnamese message."""
    path = Path(path)
    if not path.exists():
        raise ServiceError(f"Không tìm thấy tệp «{path}».")
    kind = file_kind(path)
    if kind == "xlsx" and path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ServiceError(
            f"«{path.name}» thực ra là tệp Excel .xlsx mang đuôi «{path.suffix}»: hãy đổi tên "
            "tệp cho đuôi là .xlsx rồi thử lại."
        )
    from python_calamine import CalamineWorkbook

    chosen = choose_sheet(path, name) if kind == "xlsx" else None
    try:
        if kind == "xlsx":
            wb = CalamineWorkbook.from_path(str(path))
        else:  # by content: an .xls or .ods renamed .xlsx is read too
            with path.open("rb") as f:
                wb = CalamineWorkbook.from_filelike(f)
    except Exception as exc:
        raise _damaged(path, kind, exc) from exc
    choice = chosen or _choose(path, kind, wb, name)
    try:
        sheet = wb.get_sheet_by_name(choice.name)
        end = sheet.end  # the last cell calamine holds: checked before any Python object
        if end is not None:
            _check_extent(choice.name, end[0] + 1, end[1] + 1)
        rows = sheet.to_python(skip_empty_area=False)
        merges = _merges(sheet.merged_cell_ranges) if kind != "ods" else None
    except ServiceError:
        raise
    except Exception as exc:
        raise _damaged(path, kind, exc) from exc
    if kind == "xlsx":
        rows = rows[: choice.rows]
    else:
        choice = SheetChoice(
            choice.name, len(rows), max((len(r) for r in rows), default=0), choice.hidden,
            choice.visible,
        )  # fmt: skip
    return SheetValues(choice, rows, merges, kind)


def text_rows(rows: list[list[Any]]) -> list[list[str]]:
    """Every cell as text, for readers of text (the unit list): a whole number without ".0",
    an old TCVN3/VNI text converted by its own look (an .xls/.ods cell's font is not read)."""
    from desktop.text.legacy_encodings import convert_by_font, looks_like_legacy

    out = []
    for row in rows:
        cells = []
        for v in row:
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            text = "" if v in (None, "") else str(v)
            legacy = looks_like_legacy(text) if not text.isascii() else None
            if legacy:
                text = convert_by_font(text, ".VnTime" if legacy == "tcvn3" else "VNI-Times")
            cells.append(text)
        out.append(cells)
    return out


def _damaged(path: Path, kind: str, exc: Exception) -> ServiceError:
    what = {"xls": "Excel 97-2003 (.xls)", "ods": "LibreOffice (.ods)"}.get(kind, "Excel")
    if type(exc).__name__ == "PasswordError":
        return ServiceError(
            f"Tệp «{path.name}» có mật khẩu: hãy mở trong Excel, bỏ mật khẩu rồi lưu lại."
        )
    return ServiceError(f"Không đọc được tệp {what} «{path.name}»: tệp hỏng ({exc}).")


def _choose(path: Path, kind: str, wb: Any, name: str | None) -> SheetChoice:
    """The sheet of an .xls/.ods to read (hidden ones never), its extent checked."""
    visible: list[str] = []
    hidden: list[str] = []
    for meta in wb.sheets_metadata:
        if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
            continue  # chart and dialog sheets: nothing to import
        is_visible = str(meta.visible).rsplit(".", 1)[-1] == "Visible"
        (visible if is_visible else hidden).append(meta.name)
    chosen = pick_sheet(path.name, visible, hidden, name)
    rows = cols = 0
    if kind == "ods":
        rows, cols = _ods_extent(path, chosen)
    return SheetChoice(chosen, rows, cols, tuple(hidden), tuple(visible))


def _merges(ranges: Any) -> tuple[Merge, ...]:
    if not ranges:
        return ()
    return tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges)


class _Bounded:
    """A stream that refuses to give more than ``limit`` bytes (a zip bomb stops there)."""

    def __init__(self, raw: IO[bytes], name: str, limit: int) -> None:
        self._raw, self._name, self._left = raw, name, limit

    def read(self, n: int = -1) -> bytes:
        chunk = self._raw.read(n if n >= 0 else 1 << 20)
        self._left -= len(chunk)
        if self._left < 0:
            raise ServiceError(
                f"Trang tính «{self._name}» quá lớn để đọc (hơn {MAX_SHEET_BYTES >> 20} MB "
                "dữ liệu)."
            )
        return chunk


def _ods_extent(path: Path, name: str) -> tuple[int, int]:
    """The last row and column of the .ods sheet ``name`` holding a value, its XML streamed
    once with bounded memory; refused as soon as the bounds are passed."""
    rows = cols = 0
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as raw:
            for tag, el, r, c in _ods_cells(_Bounded(raw, name, MAX_SHEET_BYTES), name):
                rep_r = int(el.get(_T + "number-rows-repeated", "1")) if tag == "row" else 1
                rep_c = int(el.get(_T + "number-columns-repeated", "1")) if tag != "row" else 1
                if tag == "row":
                    rows = max(rows, r + rep_r)
                else:
                    cols = max(cols, c + rep_c)
                _check_extent(name, rows, cols)
    except (KeyError, zipfile.BadZipFile, EOFError, OSError, SyntaxError, ValueError) as exc:
        raise ServiceError(
            f"Không đọc được trang tính «{name}» của «{path.name}»: tệp hỏng."
        ) from exc
    return rows, cols


def _ods_cells(stream: Any, name: str) -> Iterator[tuple[str, Any, int, int]]:
    """("row", row element, first row, 0) for each row holding a value and ("cell", cell
    element, row, first column) for each cell holding one, in the sheet ``name``; every
    element is dropped once read, so memory stays small whatever the sheet's size."""
    import xml.etree.ElementTree as ET

    stack: list[Any] = []
    inside = False
    r = c = 0
    row_has = False
    for event, el in ET.iterparse(stream, events=("start", "end")):
        if event == "start":
            stack.append(el)
            if el.tag == _T + "table":
                inside, r = el.get(_T + "name") == name, 0
            elif el.tag == _T + "table-row":
                c, row_has = 0, False
            continue
        stack.pop()
        if not inside:
            if el.tag == _T + "table" and stack:
                stack[-1].remove(el)
            continue
        if el.tag in (_T + "table-cell", _T + "covered-table-cell"):
            if el.get(_O + "value-type") or len(el):
                row_has = True
                yield "cell", el, r, c
            c += int(el.get(_T + "number-columns-repeated", "1"))
        elif el.tag == _T + "table-row":
            if row_has:
                yield "row", el, r, 0
            r += int(el.get(_T + "number-rows-repeated", "1"))
            if stack:
                stack[-1].remove(el)
        elif el.tag == _T + "table":
            return
