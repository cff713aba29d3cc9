"""Reading an Excel list of initiatives: the sheet's values, its header row, and a guess of
what each column holds.

The list may be an .xlsx, an .xls (Excel 97-2003) or an .ods (LibreOffice), any of its
visible sheets (``services.workbooks``). python-calamine reads the values, about ten times
faster than openpyxl; in an .xlsx openpyxl reads only the fonts of cells that look like old
TCVN3/VNI text, to convert them (in an .xls or .ods the text's own look says which). The
header row is found below the title rows (with the row under it when the header takes two
rows, ``excel_layout``), and each column is guessed from its Vietnamese header (and from the
answers remembered from earlier imports). Rows that are no initiatives (the numbering row, a
total row) are set aside with their reason. :func:`read_sheet` returns a :class:`SheetData`,
which ``excel_plan`` turns into a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.services.common import ServiceError
from desktop.services.initiatives.excel_layout import (
    HEADER_JOIN,
    Merge,
    SkippedRow,
    combined_headers,
    header_span,
    is_numbering,
    row_text,
    skip_reason,
)
from desktop.services.workbooks import FORMATS_TEXT, READABLE, SheetValues, read_values
from desktop.services.xlsx_guard import SheetChoice, is_legacy_font, legacy_font_cells
from desktop.text.legacy_encodings import convert_by_font, looks_like_legacy
from desktop.text.normalise import clean, fold, nfc

# What a column can be, with the Vietnamese name the mapping dialog shows.
TARGETS: dict[str, str] = {
    "stt": "Số thứ tự",
    "title": "Tên sáng kiến",
    "authors": "Tác giả",
    "job_title": "Chức vụ",
    "workplace": "Nơi công tác",
    "phone": "Điện thoại",
    "email": "Email",
    "unit": "Đơn vị (CĐCS)",
    "field": "Lĩnh vực",
    "sector": "Khối",
    "description": "Mô tả tóm tắt",
    "benefit": "Giá trị làm lợi",
    "applied_on": "Ngày áp dụng",
    "registered_on": "Ngày đăng ký",
    "confidential": "Bảo mật",
    "notes": "Ghi chú",
}
IGNORE = ""  # the answer "leave this column out"

# Folded headers, most specific first; a header matches a target when it equals or starts
# with one of these.
_HEADERS: tuple[tuple[str, str], ...] = (
    ("stt", "stt"),
    ("tt", "stt"),
    ("so tt", "stt"),
    ("so thu tu", "stt"),
    ("ten sang kien", "title"),
    ("ten giai phap", "title"),
    ("ten de tai", "title"),
    ("sang kien", "title"),
    ("ten sk", "title"),
    ("ho va ten tac gia", "authors"),
    ("ho ten tac gia", "authors"),
    ("tac gia", "authors"),
    ("nhom tac gia", "authors"),
    ("ho va ten", "authors"),
    ("ho ten", "authors"),
    ("chuc vu", "job_title"),
    ("noi cong tac", "workplace"),
    ("don vi cong tac", "workplace"),
    ("so dien thoai", "phone"),
    ("dien thoai", "phone"),
    ("sdt", "phone"),
    ("so dt", "phone"),
    ("dt di dong", "phone"),
    ("di dong", "phone"),
    ("email", "email"),
    ("e-mail", "email"),
    ("dia chi email", "email"),
    ("thu dien tu", "email"),
    ("cong doan co so", "unit"),
    ("cdcs", "unit"),
    ("don vi", "unit"),
    ("linh vuc", "field"),
    ("khoi", "sector"),
    ("tom tat", "description"),
    ("mo ta", "description"),
    ("noi dung", "description"),
    ("gia tri lam loi", "benefit"),
    ("hieu qua kinh te", "benefit"),
    ("loi ich", "benefit"),
    ("ngay ap dung", "applied_on"),
    ("thoi gian ap dung", "applied_on"),
    ("ngay dang ky", "registered_on"),
    ("bao mat", "confidential"),
    ("ghi chu", "notes"),
)


@dataclass(frozen=True)
class ColumnGuess:
    index: int  # 0-based column
    header: str  # as shown in the file (NFC, converted from TCVN3/VNI when it was)
    target: str | None  # a key of TARGETS, IGNORE, or None when unclear
    remembered: bool = False  # the answer came from an earlier import


@dataclass(frozen=True)
class SheetData:
    path: str
    sheet_name: str
    header_row: int  # 1-based, as Excel shows it
    columns: tuple[ColumnGuess, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]  # (row number, values)
    converted_cells: int = 0  # old TCVN3/VNI cells turned into Unicode
    hidden_sheets: tuple[str, ...] = ()  # hidden sheets, left unread (never offered)
    sheets: tuple[str, ...] = ()  # the workbook's visible sheets, to choose from
    header_rows: int = 1  # 2: a header of two rows (merged group over sub-columns)
    skipped: tuple[SkippedRow, ...] = ()  # rows below the header that are no initiatives

    @property
    def sheet_note(self) -> str:
        """Which sheet was read, and which hidden ones were not (for the preview)."""
        return SheetChoice(self.sheet_name, 0, 0, self.hidden_sheets).note

    @property
    def header_text(self) -> str:
        """Where the header is: "5", or "5-6" for a header of two rows."""
        if self.header_rows == 1:
            return str(self.header_row)
        return f"{self.header_row}-{self.header_row + self.header_rows - 1}"

    @property
    def unclear(self) -> list[ColumnGuess]:
        return [c for c in self.columns if c.target is None]

    def mapping(self) -> dict[int, str]:
        return {c.index: c.target for c in self.columns if c.target}


def guess_target(header: str) -> str | None:
    """The target a header names; for a header of two rows ("Tác giả - Chức vụ") the lower
    part first (Chức vụ), then the upper one (Tác giả - Họ tên: the authors)."""
    if HEADER_JOIN in header:
        upper, _, lower = header.partition(HEADER_JOIN)
        return _guess_one(lower) or _guess_one(upper) or _guess_one(header)
    return _guess_one(header)


def _guess_one(header: str) -> str | None:
    key = fold(header).strip(" .:*")
    key = re.sub(r"\s*\(.*?\)\s*", " ", key).strip()
    if not key:
        return None
    for prefix, target in _HEADERS:
        if key == prefix or key.startswith(prefix + " ") or key.startswith(prefix + "/"):
            return target
    return None


def _filled(v: Any) -> bool:
    return v != "" and v is not None


def _cell_text(v: Any) -> str:
    """A cell as the layout's rules read it (excel_layout): a whole number without ".0"."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return clean(str(v)) if _filled(v) else ""


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and v != ""


def read_sheet(
    path: str | Path, remembered: dict[str, str] | None = None, sheet: str | None = None
) -> SheetData:
    """The sheet ``sheet`` of the list (else its first visible one), read and guessed."""
    path = Path(path)
    if not path.exists():
        raise ServiceError(f"Không tìm thấy tệp «{path}».")
    if path.suffix.lower() not in READABLE:
        raise ServiceError(
            f"«{path.name}» không phải bảng tính {FORMATS_TEXT}. Hãy mở tệp trong Excel hoặc "
            "LibreOffice rồi «Lưu thành» Excel Workbook (.xlsx)."
        )
    values = read_values(path, sheet)
    choice = values.choice
    rows, converted = _unicode_rows(path, values)
    top = _find_header(rows, remembered or {})
    if top is None:
        raise ServiceError(
            "Không tìm thấy dòng tiêu đề cột (ví dụ «STT», «Tên sáng kiến», «Tác giả») trong "
            f"30 dòng đầu của trang tính «{choice.name}». {choice.note}"
        )
    first, last = _header_of(rows, top, values.merges, remembered or {})
    _fill_merged_down(rows, values.merges or (), last)
    headers = combined_headers(rows, first, last, values.merges)
    data_rows, skipped = [], []
    lines = [rows[r] for r in range(first, last + 1)]
    # What a repeated header would begin with: only such a row, a numbering row or a total
    # row can be skipped, so skip_reason is asked about those alone.
    header_starts = {
        fold(_cell_text(next(v for v in line if _filled(v))))
        for line in lines
        if any(_filled(v) for v in line)
    }
    for r in range(last + 1, len(rows)):
        cells = tuple(rows[r])
        first_value = next((v for v in cells if _filled(v)), None)
        if first_value is None:
            continue
        reason = None
        start = fold(_cell_text(first_value))
        if start.startswith(("tong", "cong")) or start in header_starts or is_numbering(cells):
            reason = skip_reason(cells, lines)
        if reason:
            skipped.append(SkippedRow(r + 1, reason, row_text(cells)))
        else:
            data_rows.append((r + 1, cells))
    return SheetData(
        str(path),
        choice.name,
        first + 1,
        _guess_columns(headers, remembered),
        tuple(data_rows),
        converted,
        choice.hidden,
        choice.visible,
        last - first + 1,
        tuple(skipped),
    )


def _fill_merged_down(rows: list[list[Any]], merges: tuple[Merge, ...], last: int) -> None:
    """A cell merged down over several rows below the header (one unit's name over its
    initiatives) holds its value in the first row only: every row of the range gets it."""
    for r0, c0, r1, c1 in merges:
        if r0 > last and c0 == c1 and r1 > r0 and c0 < len(rows[r0]):
            value = rows[r0][c0]
            for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
                if c0 < len(rows[r]) and rows[r][c0] in ("", None):
                    rows[r][c0] = value


def _header_of(
    rows: list[list[Any]], top: int, merges: tuple[Merge, ...] | None, remembered: dict[str, str]
) -> tuple[int, int]:
    """The header's first and last row: one row, or two (a group merged over sub-columns)."""
    title_col = next(
        (
            c
            for c, v in enumerate(rows[top])
            if _is_text(v) and (remembered.get(fold(v)) or guess_target(v)) == "title"
        ),
        None,
    )
    return header_span(rows, top, merges, title_col)


def _unicode_rows(path: Path, values: SheetValues) -> tuple[list[list[Any]], int]:
    """Every text in NFC and stripped, old TCVN3/VNI cells converted (their text looks like
    Latin-1 garbage; in an .xlsx the font says which, else the text's own look); with how
    many were converted.

    A text is looked at once however many cells hold it (a unit's or a field's name repeats
    on every row). The fonts are learnt only when some text looks like an old encoding, from
    styles.xml and the cells' style numbers (``xlsx_guard.legacy_font_cells``): a workbook
    whose styles name no TCVN3/VNI font costs nothing more."""
    seen: dict[str, str | None] = {}  # text -> what it looks like ("tcvn3", "vni" or None)
    plain: dict[str, str] = {}  # text -> NFC and stripped
    suspects: list[tuple[int, int]] = []
    rows: list[list[Any]] = []
    for r, row in enumerate(values.rows):
        out = list(row)
        for c, v in enumerate(out):
            if v.__class__ is not str or not v:
                continue
            done = plain.get(v)
            if done is None:
                if v not in seen:
                    seen[v] = looks_like_legacy(v) if not v.isascii() else None
                if seen[v] is not None:
                    suspects.append((r, c))
                    continue
                done = plain[v] = nfc(v).strip()
            out[c] = done
        rows.append(out)
    if not suspects:
        return rows, 0
    fonts = legacy_font_cells(path, values.choice.name) if values.kind == "xlsx" else {}
    for r, c in suspects:
        v = rows[r][c]
        font = fonts.get((r, c), "")
        if not is_legacy_font(font):
            # The font does not say; trust the text's own look.
            font = ".VnTime" if seen[v] == "tcvn3" else "VNI-Times"
        rows[r][c] = convert_by_font(v, font).strip()
    return rows, len(suspects)


def _guess_columns(
    headers: list[Any], remembered: dict[str, str] | None
) -> tuple[ColumnGuess, ...]:
    """A guess for every titled column; a target claimed by two columns is kept for the first
    and asked about for the others (unless remembered)."""
    columns = []
    for i, h in enumerate(headers):
        text = clean(str(h)) if h not in ("", None) else ""
        if not text:
            continue
        key = fold(text)
        if remembered and key in remembered:
            columns.append(ColumnGuess(i, text, remembered[key], remembered=True))
        else:
            columns.append(ColumnGuess(i, text, guess_target(text)))
    seen: set[str] = set()
    fixed = []
    for guess in columns:
        if guess.target and guess.target in seen and not guess.remembered:
            guess = replace(guess, target=None)
        if guess.target:
            seen.add(guess.target)
        fixed.append(guess)
    return tuple(fixed)


def _find_header(rows: list[list[Any]], remembered: dict[str, str]) -> int | None:
    best, best_score = None, 1
    for r, row in enumerate(rows[:30]):
        targets = set()
        for v in row:
            if _is_text(v):
                t = remembered.get(fold(v)) or guess_target(v)
                if t:
                    targets.add(t)
        score = len(targets) + (2 if "title" in targets else 0)
        if score > best_score:
            best, best_score = r, score
    return best
