"""Reading one sheet of a person's workbook, whatever the office saved it as: .xlsx/.xlsm
(Excel), .xls (Excel 97-2003) or .ods (LibreOffice, OpenOffice).

The format is told by the file's first bytes, not its name: a list saved as .xls by one
program and renamed .xlsx by a person is still read. python-calamine reads the values of all
three. What each format allows is checked before a sheet is materialised, as
:func:`desktop.services.xlsx_guard.choose_sheet` does for .xlsx, and before calamine opens the file
(it builds every sheet of an .xls or .ods as it opens it): an .ods's XML is streamed once
(``ods_scan``), an .xls's BIFF records are walked (``xls_scan``), counting the cells that hold
a value in every sheet; calamine's own extent is checked again before the values become
Python objects. Hidden sheets are never offered nor read (their names are given, for
the preview to say so).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.services import ods_scan, xls_scan
from desktop.services.common import ServiceError
from desktop.services.xlsx_guard import SheetChoice, _check_extent, choose_sheet, pick_sheet

# What the initiative list (and the quota table) reads.
READABLE = (".xlsx", ".xlsm", ".xls", ".ods")
FORMATS_TEXT = "Excel (.xlsx, .xls) hoặc LibreOffice (.ods)"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls (a compound document)
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"

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

    chosen = None
    if kind == "xlsx":
        chosen = choose_sheet(path, name)
    elif kind == "ods":  # before calamine, which parses every sheet when it opens the file
        chosen = _ods_choice(path, name)
    else:  # the same for an .xls: every sheet's extent checked, here only
        xls_scan.survey(path)
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


def _ods_choice(path: Path, name: str | None) -> SheetChoice:
    """The sheet of an .ods to read (hidden ones never); every sheet checked small enough."""
    sheets = ods_scan.survey(path)
    visible = tuple(s.name for s in sheets if s.visible)
    hidden = tuple(s.name for s in sheets if not s.visible)
    chosen = pick_sheet(path.name, visible, hidden, name)
    found = next(s for s in sheets if s.name == chosen)
    return SheetChoice(chosen, found.rows, found.cols, hidden, visible)


def _choose(path: Path, kind: str, wb: Any, name: str | None) -> SheetChoice:
    """The sheet of an .xls to read (hidden ones never), by what calamine says of them."""
    visible: list[str] = []
    hidden: list[str] = []
    for meta in wb.sheets_metadata:
        if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
            continue  # chart and dialog sheets: nothing to import
        is_visible = str(meta.visible).rsplit(".", 1)[-1] == "Visible"
        (visible if is_visible else hidden).append(meta.name)
    chosen = pick_sheet(path.name, visible, hidden, name)
    return SheetChoice(chosen, 0, 0, tuple(hidden), tuple(visible))


def _merges(ranges: Any) -> tuple[Merge, ...]:
    if not ranges:
        return ()
    return tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges)
