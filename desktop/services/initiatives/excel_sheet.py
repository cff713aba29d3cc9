"""Reading an Excel list of initiatives: the sheet's values, its header row, and a guess of
what each column holds.

python-calamine reads the values, about ten times faster than openpyxl; openpyxl reads only
the fonts of cells that look like old TCVN3/VNI text, to convert them. The header row is found
below the title rows, and each column is guessed from its Vietnamese header (and from the
answers remembered from earlier imports). :func:`read_sheet` returns a :class:`SheetData`,
which ``excel_plan`` turns into a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.services.common import ServiceError
from desktop.services.xlsx import SheetChoice, read_sheet_values
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
    hidden_sheets: tuple[str, ...] = ()  # hidden sheets before the one read, left unread

    @property
    def sheet_note(self) -> str:
        """Which sheet was read, and which hidden ones were not (for the preview)."""
        return SheetChoice(self.sheet_name, 0, 0, self.hidden_sheets).note

    @property
    def unclear(self) -> list[ColumnGuess]:
        return [c for c in self.columns if c.target is None]

    def mapping(self) -> dict[int, str]:
        return {c.index: c.target for c in self.columns if c.target}


def guess_target(header: str) -> str | None:
    key = fold(header).strip(" .:*")
    key = re.sub(r"\s*\(.*?\)\s*", " ", key).strip()
    if not key:
        return None
    for prefix, target in _HEADERS:
        if key == prefix or key.startswith(prefix + " ") or key.startswith(prefix + "/"):
            return target
    return None


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and v != ""


def _read_values(path: Path) -> tuple[SheetChoice, list[list[Any]]]:
    """The first visible sheet's values, checked small enough first (xlsx.choose_sheet)."""
    return read_sheet_values(path)


def _fonts_of(
    path: Path, sheet: SheetChoice, cells: set[tuple[int, int]]
) -> dict[tuple[int, int], str]:
    """Font names of some cells (0-based row, col), read with openpyxl only when needed."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    ws = wb[sheet.name]
    last = max(r for r, _ in cells)
    out: dict[tuple[int, int], str] = {}
    for r, row in enumerate(ws.iter_rows(max_row=last + 1, max_col=max(sheet.cols, 1))):
        for cell in row:
            col = getattr(cell, "column", None)
            if col is None:
                continue
            if (r, col - 1) in cells:
                out[(r, col - 1)] = cell.font.name if cell.font is not None else ""
    wb.close()
    return out


def read_sheet(path: str | Path, remembered: dict[str, str] | None = None) -> SheetData:
    path = Path(path)
    if not path.exists():
        raise ServiceError(f"Không tìm thấy tệp «{path}».")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ServiceError(
            f"«{path.name}» không phải tệp .xlsx. Với tệp .xls cũ, hãy mở trong Excel rồi "
            "«Lưu thành» Excel Workbook (.xlsx)."
        )
    choice, raw = _read_values(path)
    rows, converted = _unicode_rows(path, choice, raw)
    header_row = _find_header(rows, remembered or {})
    if header_row is None:
        raise ServiceError(
            "Không tìm thấy dòng tiêu đề cột (ví dụ «STT», «Tên sáng kiến», «Tác giả») trong "
            f"30 dòng đầu của trang tính «{choice.name}». {choice.note}"
        )
    data_rows = []
    for r in range(header_row + 1, len(rows)):
        values = tuple(rows[r])
        if any(v not in ("", None) for v in values):
            data_rows.append((r + 1, values))
    return SheetData(
        str(path),
        choice.name,
        header_row + 1,
        _guess_columns(rows[header_row], remembered),
        tuple(data_rows),
        converted,
        choice.hidden,
    )


def _unicode_rows(
    path: Path, choice: SheetChoice, raw: list[list[Any]]
) -> tuple[list[list[Any]], int]:
    """Every text in NFC and stripped, old TCVN3/VNI cells converted (their text looks like
    Latin-1 garbage; the font says which); with how many were converted."""
    suspects = {
        (r, c)
        for r, row in enumerate(raw)
        for c, v in enumerate(row)
        if _is_text(v) and not v.isascii() and looks_like_legacy(v)
    }
    fonts = _fonts_of(path, choice, suspects) if suspects else {}
    converted = 0
    rows: list[list[Any]] = []
    for r, row in enumerate(raw):
        out = []
        for c, v in enumerate(row):
            if _is_text(v):
                if (r, c) in suspects:
                    font = fonts.get((r, c), "")
                    if not font.casefold().startswith((".vn", "vni")):
                        # The font does not say; trust the text's own look.
                        font = ".VnTime" if looks_like_legacy(v) == "tcvn3" else "VNI-Times"
                    v = convert_by_font(v, font)
                    converted += 1
                else:
                    v = nfc(v)
                v = v.strip()
            out.append(v)
        rows.append(out)
    return rows, converted


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
