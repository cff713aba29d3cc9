"""The list of units from an Excel sheet: a template to fill in, a preview, then one import."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Sector, Unit, UnitKind, UnitLevel
from desktop.services import labels
from desktop.services.common import ServiceError, audit
from desktop.services.rules.ownership import Ownership, ownership
from desktop.services.rules.records import check_unit
from desktop.services.rules.records import message as rules_message
from desktop.services.units.tree import (
    CHILD_KINDS,
    catalogue_owner,
    insert_unit,
    short_unit_name,
)
from desktop.services.workbooks import read_values, text_rows
from desktop.services.xlsx_guard import SheetChoice, choose_sheet
from desktop.text.legacy_encodings import convert_by_font
from desktop.text.normalise import clean, fold

log = logging.getLogger(__name__)

HEADERS = ("Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại đơn vị", "Mã đơn vị cấp trên", "Khối")

# Folded header text -> column role: the first role with a phrase found in the header wins.
_HEADER_ROLES = (
    ("parent", ("cap tren", "truc thuoc")),
    ("short_name", ("viet tat", "ten goi tat")),
    ("code", ("ma", "ma don vi", "ky hieu")),
    ("kind", ("loai", "loai don vi", "cap")),
    ("sector", ("khoi",)),
    ("name", ("ten don vi", "don vi", "ten co quan", "ten cong doan")),
)


def _role_of(header: str) -> str | None:
    padded = f" {fold(header)} "
    for role, phrases in _HEADER_ROLES:
        if any(f" {p} " in padded for p in phrases):
            return role
    return None


@dataclass(frozen=True)
class UnitListRow:
    row: int  # the sheet's row number, for messages
    code: str
    name: str
    short_name: str | None
    kind: UnitKind
    parent: str | None  # code (or name) of the parent, as written
    sector: Sector | None


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str


@dataclass
class UnitListPreview:
    rows: list[UnitListRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    sheet_note: str = ""  # which sheet was read (and which hidden ones were not)


# The kinds in the order the template lists them (the old district federation last), with
# the words a «Loại» cell may hold instead of the label.
_TEMPLATE_KINDS = (
    (UnitKind.PROVINCE, "LĐLĐ tỉnh; tỉnh; thành phố trực thuộc Trung ương"),
    (UnitKind.COMMUNE, "xã"),
    (UnitKind.WARD, "phường"),
    (UnitKind.SPECIAL_ZONE, "đặc khu"),
    (UnitKind.INTER_COMMUNE, "liên xã; các xã; liên phường"),
    (UnitKind.INDUSTRIAL_ZONE, "khu công nghiệp; KCN; khu kinh tế"),
    (UnitKind.SECTOR, "ngành (Giáo dục, Y tế…)"),
    (UnitKind.PUBLIC_EMPLOYEES, "viên chức"),
    (UnitKind.GRASSROOTS, "cơ sở; CĐCS"),
    (UnitKind.CENTRAL_SECTOR, "ngành Trung ương"),
    (UnitKind.NATIONAL, "Tổng Liên đoàn"),
    (UnitKind.DISTRICT, "LĐLĐ huyện; huyện; thị xã; quận"),
)
assert {k for k, _ in _TEMPLATE_KINDS} == set(UnitKind)

_TEMPLATE_ROWS = (
    ("LC", "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ tỉnh", UnitKind.PROVINCE, "", ""),
    ("LC-TP", "Công đoàn phường Tân Phong", "CĐ phường Tân Phong", UnitKind.WARD, "LC", ""),
    ("LC-BL", "Công đoàn xã Bình Lư", "CĐ xã Bình Lư", UnitKind.COMMUNE, "LC", ""),
    (
        "LC-TP-01",
        "Công đoàn cơ sở Trường Tiểu học Tân Phong",
        "CĐCS Trường TH Tân Phong",
        UnitKind.GRASSROOTS,
        "LC-TP",
        "Khối hành chính sự nghiệp",
    ),
)


def write_template(path: Path) -> None:
    """An empty list with the expected columns and a few example rows, for the user to fill
    in; a second sheet lists the kinds a «Loại đơn vị» cell may name."""
    from openpyxl import Workbook  # openpyxl only when a file is written or read
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách đơn vị"
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for code, name, short, kind, parent, sector in _TEMPLATE_ROWS:
        ws.append([code, name, short, labels.UNIT_KIND[kind], parent, sector])
    for col, width in zip("ABCDEF", (14, 45, 28, 34, 20, 26), strict=True):
        ws.column_dimensions[col].width = width
    guide = wb.create_sheet("Loại đơn vị")
    guide.append(["Loại đơn vị", "Cấp", "Cũng viết được"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for kind, also in _TEMPLATE_KINDS:
        guide.append([labels.UNIT_KIND[kind], labels.UNIT_LEVEL[kind.level], also])
    guide.append([])
    guide.append(
        [
            "Để trống cột «Loại đơn vị» thì loại theo tên đơn vị: «Công đoàn xã …», «Công đoàn "
            "phường …», «Công đoàn đặc khu …», «Công đoàn các xã …», «Công đoàn các Khu công "
            "nghiệp …», «Công đoàn ngành …», «Công đoàn Viên chức tỉnh …», «Công đoàn cơ sở …», "
            "«LĐLĐ huyện …»."
        ]
    )
    for col, width in zip("ABC", (44, 36, 44), strict=True):
        guide.column_dimensions[col].width = width
    kinds = DataValidation(
        type="list",
        formula1=f"'{guide.title}'!$A$2:$A${len(_TEMPLATE_KINDS) + 1}",
        allow_blank=True,
        showErrorMessage=False,  # the words of the third column are welcome too
    )
    kinds.add("D2:D1000")
    ws.add_data_validation(kinds)
    wb.save(path)


# ---- kinds: from the «Loại» cell, or from the unit's name ------------------------------------
#
# Both are matched on the folded words (no diacritics, lower case, punctuation as spaces):
# "CĐ phường Tân Phong" -> "cd phuong tan phong". A «Loại» cell holds kind words anywhere
# ("Công đoàn phường", "xã", "KCN", "LĐLĐ huyện"); a name tells its kind by how it begins
# ("Công đoàn xã …", "Liên đoàn Lao động huyện …", "CĐCS …"), so that "Công đoàn cơ sở Trường
# Tiểu học xã Bình Lư" is a grassroots union and not a commune's.

_UNION = r"(?:cong doan|cd|c d)"
_FEDERATION = r"(?:lien doan lao dong|ldld|ld ld)"
_ZONE = r"(?:khu (?:cong nghiep|kinh te|che xuat|cong nghe cao)|kcn|kkt|kcx)"
_SECTORS = r"(?:nganh|giao duc|y te)"
# The cities under the central government (their federation is a province's).
_CENTRAL_CITIES = r"(?:ha noi|ho chi minh|hcm|hai phong|da nang|can tho|hue)"

# A «Loại» cell naming the level, not the kind: the unit's name must tell which kind.
_GENERIC_UPPER = "generic-upper"
# "LĐLĐ thành phố": a province's (Hà Nội…) or a provincial city's (before 2025).
_CITY = "city"

# Folded words of a «Loại» cell -> kind, the first pattern found anywhere wins. Order matters:
# "cấp trên trực tiếp cơ sở" is not "cơ sở"; "Công đoàn Viên chức tỉnh" is not "tỉnh"; "thị xã"
# is not "xã".
_CELL_PATTERNS: tuple[tuple[UnitKind | str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (_GENERIC_UPPER, r"\bcap (?:tren|huyen)\b"),
        (UnitKind.CENTRAL_SECTOR, r"\b(?:trung uong|tw|tong cong ty)\b"),
        (UnitKind.NATIONAL, r"\b(?:tong lien doan|tld)\b"),
        (UnitKind.GRASSROOTS, r"\b(?:co so|cdcs|cs)\b"),
        (UnitKind.PUBLIC_EMPLOYEES, r"\bvien chuc\b"),
        (UnitKind.SPECIAL_ZONE, r"\bdac khu\b"),
        (UnitKind.INDUSTRIAL_ZONE, rf"\b{_ZONE}\b"),
        (UnitKind.INTER_COMMUNE, r"\b(?:lien|cac|cum) (?:xa|phuong)\b"),
        (UnitKind.SECTOR, rf"\b{_SECTORS}\b"),
        (UnitKind.PROVINCE, r"\btinh\b"),
        (UnitKind.DISTRICT, r"\b(?:huyen|thi xa)\b|(?<!co )\bquan\b"),
        (_CITY, r"\b(?:thanh pho|tp)\b"),
        (UnitKind.WARD, r"\bphuong\b"),
        (UnitKind.COMMUNE, r"\bxa\b"),
    )
)

# Folded words of a unit's name -> kind, matched at the start of the name.
_NAME_PATTERNS: tuple[tuple[UnitKind | str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (UnitKind.NATIONAL, r"^(?:tong lien doan|tld)\b"),
        (UnitKind.GRASSROOTS, rf"^(?:cdcs|{_UNION} (?:co so|cs))\b"),
        (UnitKind.INTER_COMMUNE, rf"^{_UNION} (?:lien|cac|cum) (?:xa|phuong)\b"),
        (UnitKind.COMMUNE, rf"^{_UNION} xa\b"),
        (UnitKind.WARD, rf"^{_UNION} phuong\b"),
        (UnitKind.SPECIAL_ZONE, rf"^{_UNION} dac khu\b"),
        (UnitKind.INDUSTRIAL_ZONE, rf"^{_UNION} (?:cac )?{_ZONE}\b"),
        (UnitKind.PUBLIC_EMPLOYEES, rf"^{_UNION} vien chuc\b"),
        (UnitKind.SECTOR, rf"^{_UNION} {_SECTORS}\b"),
        (UnitKind.PROVINCE, rf"^{_FEDERATION} tinh\b"),
        (_CITY, rf"^{_FEDERATION} (?:thanh pho|tp)\b"),
        (UnitKind.DISTRICT, rf"^(?:{_FEDERATION}|{_UNION}) (?:huyen|thi xa|quan)\b"),
    )
)

# What to write when a kind is not recognised.
KIND_HINT = (
    "Hãy ghi ở cột «Loại» một trong: Công đoàn cơ sở (CĐCS), xã, phường, đặc khu, liên xã, "
    "khu công nghiệp, khu kinh tế, ngành, viên chức, LĐLĐ tỉnh, LĐLĐ huyện (trước 01/7/2025); "
    "hoặc để trống cột «Loại» và ghi tên đầy đủ bắt đầu bằng loại (ví dụ «Công đoàn phường "
    "Tân Phong», «Công đoàn cơ sở Trường Tiểu học Bình Lư»)."
)


def _words(text: str) -> str:
    """Folded words of ``text``: no diacritics, lower case, anything not a letter or digit a
    space ("CĐ. phường" -> "cd phuong")."""
    return " ".join(re.split(r"[^a-z0-9]+", fold(text))).strip()


def _sector_or_central(words: str) -> UnitKind:
    """A sector union is the province's, unless it is the national one ("… Việt Nam")."""
    if re.search(r"\b(?:trung uong|tw)\b|\bviet nam$", words):
        return UnitKind.CENTRAL_SECTOR
    return UnitKind.SECTOR


def _city(words: str) -> UnitKind:
    return UnitKind.PROVINCE if re.search(rf"\b{_CENTRAL_CITIES}\b", words) else UnitKind.DISTRICT


def kind_from_name(name: str) -> UnitKind | None:
    """The kind a unit's name tells by how it begins ("Công đoàn phường Tân Phong": a ward's
    union), or None when the name does not tell ("Công đoàn Trường Tiểu học Sìn Hồ")."""
    words = _words(name)
    for kind, pattern in _NAME_PATTERNS:
        if pattern.search(words):
            if kind == _CITY:
                return _city(words)
            if kind == UnitKind.SECTOR:
                return _sector_or_central(words)
            assert isinstance(kind, UnitKind)
            return kind
    return None


def _cell_kind(text: str) -> UnitKind | str | None:
    """The kind a «Loại» cell names: a kind, ``_GENERIC_UPPER`` or ``_CITY``, or None."""
    words = _words(text)
    for kind in UnitKind:  # the stored value, or the label exactly as the screens show it
        if words in (kind.value, _words(labels.UNIT_KIND[kind])):
            return kind
    for found, pattern in _CELL_PATTERNS:
        if pattern.search(words):
            return found
    return None


def kind_of(kind_text: str, name: str) -> UnitKind | str:
    """The kind of a row from its «Loại» cell (blank: from its name), or the reason in
    Vietnamese why it has none. A «Loại» that names only the level ("công đoàn cấp trên trực
    tiếp cơ sở", "cấp huyện") takes the kind from the name.

    ``UnitKind`` is a ``str`` too: tell the two apart with ``isinstance(x, UnitKind)``."""
    if not kind_text:
        kind = kind_from_name(name)
        return kind or f"Không nhận ra loại đơn vị «{name}» theo tên. {KIND_HINT}"
    cell = _cell_kind(kind_text)
    if cell is None:
        return f"Không nhận ra loại đơn vị «{kind_text}». {KIND_HINT}"
    if cell == _CITY:
        return _city(f"{_words(kind_text)} {_words(name)}")
    if cell == _GENERIC_UPPER:
        named = kind_from_name(name)
        if named is not None and named.is_district_level:
            return named
        level = labels.UNIT_LEVEL[UnitLevel.UPPER].lower()
        if named is not None:
            return (
                f"Loại «{kind_text}» là {level} nhưng tên «{name}» là của "
                f"{labels.UNIT_KIND[named].lower()}; hãy sửa cột «Loại»."
            )
        return (
            f"Loại «{kind_text}» chỉ nói đây là {level}, tên «{name}» không cho biết loại nào. "
            "Hãy ghi rõ ở cột «Loại»: xã, phường, đặc khu, liên xã, khu công nghiệp, khu kinh "
            "tế, ngành, viên chức hoặc LĐLĐ huyện (trước 01/7/2025)."
        )
    assert isinstance(cell, UnitKind)
    return _sector_or_central(_words(kind_text)) if cell == UnitKind.SECTOR else cell


def _kind_from(text: str) -> UnitKind | None:
    """A kind from one text, a «Loại» cell or a name (the reorganisation sheet's fallback):
    the name's beginning first, then kind words anywhere; a level alone gives None."""
    kind = kind_from_name(text)
    if kind is not None:
        return kind
    cell = _cell_kind(text)
    if cell == _CITY:
        return _city(_words(text))
    if cell == UnitKind.SECTOR:
        return _sector_or_central(_words(text))
    return cell if isinstance(cell, UnitKind) else None


def _sector_from(text: str) -> Sector | None:
    key = fold(text)
    if "doanh nghiep" in key:
        return Sector.ENTERPRISE
    if "hanh chinh" in key or "su nghiep" in key:
        return Sector.ADMINISTRATIVE
    return None


def code_slug(name: str) -> str:
    words = [w for w in re.split(r"[^a-z0-9]+", fold(name)) if w]
    return "-".join(words)[:36].upper() or "DV"


def _cell_text(cell: object) -> str:
    if isinstance(cell, str):  # typed or pasted: already text
        return clean(cell)
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    text = str(value) if not isinstance(value, float) or not value.is_integer() else str(int(value))
    font = getattr(cell, "font", None)
    return clean(convert_by_font(text, getattr(font, "name", None)))


def read_unit_list(path: Path, known: set[str] | frozenset[str] = frozenset()) -> UnitListPreview:
    """Read a unit list; every row that cannot come in is reported with its row number.
    ``known``: codes and folded names of units already in the store (:func:`known_unit_refs`)
    that rows may name as their parent."""
    grid: list[list[Any]]
    if Path(path).suffix.lower() in (".xls", ".ods"):  # calamine reads them; no fonts
        values = read_values(path)
        sheet, grid = values.choice, text_rows(values.rows)
    else:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        sheet = choose_sheet(path)  # the first visible sheet, checked small enough to read
        try:
            wb = load_workbook(path, read_only=False, data_only=True)
        except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ServiceError(
                f"Không đọc được tệp Excel «{Path(path).name}». Hãy lưu tệp ở dạng .xlsx rồi "
                "thử lại."
            ) from exc
        ws = wb[sheet.name]
        grid = [list(r) for r in ws.iter_rows(max_row=sheet.rows, max_col=max(sheet.cols, 1))]
    header_row, roles = _header_of(grid, sheet)
    preview = UnitListPreview(sheet_note=sheet.note)
    codes: set[str] = set()
    for r, row in enumerate(grid[header_row:], start=header_row + 1):
        read = _list_row(r, row, roles, codes)
        if isinstance(read, RowProblem):
            preview.problems.append(read)
        elif read is not None:
            preview.rows.append(read)
    _check_parents(preview, known)
    return preview


# The columns of a list typed or pasted in the first-run window, in this order.
TYPED_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại đơn vị")
_TYPED_ROLES = {"code": 0, "name": 1, "parent": 2, "kind": 3}


def parse_pasted(text: str) -> list[list[str]]:
    """Rows of cells from the clipboard: Excel (and LibreOffice) copy a range as lines of
    tab-separated cells, a cell holding a line break or a tab in double quotes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def read_typed_units(
    rows: Sequence[Sequence[str]], known: set[str] | frozenset[str] = frozenset()
) -> UnitListPreview:
    """A unit list typed (or pasted) row by row as code, name, parent's code or name, kind:
    the same checks as a sheet (:func:`read_unit_list`), each problem with its row number
    (the first row is 1). A first row that is a header (it names «Tên đơn vị») sets the
    columns instead: a range copied from the template with its header comes in whole."""
    roles = dict(_TYPED_ROLES)
    start = 1
    if rows:
        found: dict[str, int] = {}
        for c, cell in enumerate(rows[0]):
            role = _role_of(clean(cell))
            if role is not None and role not in found:
                found[role] = c
        if "name" in found and not any(kind_from_name(clean(c)) for c in rows[0]):
            roles, start = found, 2
    preview = UnitListPreview()
    codes: set[str] = set()
    for r, cells in enumerate(rows[start - 1 :], start=start):
        read = _list_row(r, list(cells), roles, codes)
        if isinstance(read, RowProblem):
            preview.problems.append(read)
        elif read is not None:
            preview.rows.append(read)
    if not preview.rows and not preview.problems:
        return preview
    _check_parents(preview, known)
    return preview


def _header_of(grid: list[list[Any]], sheet: SheetChoice) -> tuple[int, dict[str, int]]:
    """The header row (within the first 30) and the column of each role it names."""
    for r, row in enumerate(grid[:30], start=1):
        found: dict[str, int] = {}
        for c, cell in enumerate(row):
            role = _role_of(_cell_text(cell))
            if role is not None and role not in found:
                found[role] = c
        if "name" in found:
            return r, found
    raise ServiceError(
        "Không tìm thấy dòng tiêu đề có cột «Tên đơn vị» trong 30 dòng đầu của trang tính "
        f"«{sheet.name}». {sheet.note}"
    )


def _list_row(
    r: int, cells: list[object], roles: dict[str, int], codes: set[str]
) -> UnitListRow | RowProblem | None:
    """One row of the list: a unit, a problem, or None for an empty row. ``codes``: the codes
    taken by earlier rows (a repeated code gets a ``-2``, ``-3``… suffix; this one is added)."""

    def get(role: str) -> str:
        i = roles.get(role)
        return _cell_text(cells[i]) if i is not None and i < len(cells) else ""

    name = get("name")
    if not name:
        if any(_cell_text(c) for c in cells):
            return RowProblem(r, "Thiếu tên đơn vị.")
        return None
    kind = kind_of(get("kind"), name)
    if not isinstance(kind, UnitKind):
        return RowProblem(r, kind)
    code = get("code") or code_slug(get("short_name") or name)
    problems = check_unit(code, name, get("short_name") or None)
    if problems:  # the rules the window and a peer's bundle apply (services/rules/records.py)
        return RowProblem(r, rules_message(problems))
    base, n = code, 1
    while code in codes:
        n += 1
        code = f"{base}-{n}"
    codes.add(code)
    return UnitListRow(
        r,
        code,
        name,
        get("short_name") or None,
        kind,
        get("parent") or None,
        _sector_from(get("sector")),
    )


def _check_parents(preview: UnitListPreview, known: set[str] | frozenset[str]) -> None:
    """Drop the rows whose parent is not in the list nor the store, or is of a kind that cannot
    hold them (a commune's union under a ward's), then the rows under a dropped row."""
    ok = list(preview.rows)
    while True:
        by_row = {r.code: r for r in ok} | {fold(r.name): r for r in ok}
        kept = []
        for r in ok:
            why = _parent_problem(r, by_row, known, preview.rows)
            if why is None:
                kept.append(r)
            else:
                preview.problems.append(RowProblem(r.row, why))
        if len(kept) == len(ok):
            break
        ok = kept
    preview.problems.sort(key=lambda p: p.row)
    preview.rows = ok
    top = any(r.kind == UnitKind.PROVINCE for r in ok) or any(r.parent is None for r in ok)
    if not top and not known:
        preview.problems.append(RowProblem(0, "Danh sách không có đơn vị cấp cao nhất."))


def _parent_problem(
    r: UnitListRow,
    by_row: dict[str, UnitListRow],
    known: set[str] | frozenset[str],
    read: list[UnitListRow],
) -> str | None:
    if not r.parent:
        return None
    parent = by_row.get(r.parent) or by_row.get(fold(r.parent))
    if parent is None:
        if r.parent in known or fold(r.parent) in known:
            return None  # in the store: the import checks it
        dropped = next(
            (p for p in read if r.parent == p.code or fold(r.parent) == fold(p.name)), None
        )
        if dropped is not None:
            return (
                f"Đơn vị cấp trên «{r.parent}» (dòng {dropped.row}) không nhập được nên đơn vị "
                "này cũng không nhập."
            )
        return f"Không tìm thấy đơn vị cấp trên «{r.parent}» trong danh sách."
    if r.kind not in CHILD_KINDS[parent.kind]:
        return (
            f"«{r.name}» ({labels.UNIT_KIND[r.kind]}) không thể trực thuộc «{parent.name}» "
            f"({labels.UNIT_KIND[parent.kind]})."
        )
    return None


@dataclass(frozen=True)
class UnitListImport:
    created: int
    # Rows for units another office keeps in the catalogue (once this office is set up):
    # reported, not written; they arrive by bundle from their owner.
    refused: tuple[RowProblem, ...] = ()


def known_unit_refs(sf: sessionmaker[Session]) -> set[str]:
    """Codes and folded names of the units already in the store, which a list may name as
    parents (a district adding its grassroots unions after its office is set up)."""
    with sf() as s:
        out: set[str] = set()
        for code, name in s.execute(select(Unit.code, Unit.name)):
            out |= {code, fold(name)}
        return out


def import_unit_list(sf: sessionmaker[Session], preview: UnitListPreview) -> UnitListImport:
    """Create every unit of the preview in one transaction; parents before children.

    At the first run no office is set up yet and every row comes in. Once an office is set
    up, rows for units it does not own (ownership.py) are reported in ``refused`` and not
    written: only the owner's bundles bring them.
    """
    with sf.begin() as s:
        run = _ListImport(s, ownership(s))
        pending = list(preview.rows)
        while pending:
            progressed = False
            for r in list(pending):
                if run.place(r):
                    pending.remove(r)
                    progressed = True
            if not progressed:
                raise ServiceError(
                    "Danh sách có vòng lặp đơn vị cấp trên (dòng "
                    + ", ".join(str(r.row) for r in pending[:10])
                    + ")."
                )
        to_write, refused = run.to_write, run.refused
        clash = [r.code for r in to_write if r.code in run.codes]
        if clash:
            raise ServiceError("Các mã đơn vị sau đã có: " + ", ".join(clash[:10]))
        if to_write:
            audit(s, "unit", "-", "import", f"Nhập {len(to_write)} đơn vị từ Excel")
        log.info("unit list imported: %d units, %d rows refused", len(to_write), len(refused))
        return UnitListImport(len(to_write), tuple(refused))


class _ListImport:
    """One import of a unit list: the units in the store, and the rows placed so far."""

    def __init__(self, s: Session, own: Ownership) -> None:
        self.s = s
        self.own = own
        rows = list(s.execute(select(Unit.id, Unit.code, Unit.name)))
        self.existing = {c: i for i, c, _n in rows} | {fold(n): i for i, _c, n in rows}
        self.codes = {c for _i, c, _n in rows}
        self.ids: dict[str, int] = {}
        self.refused: list[RowProblem] = []
        self.refused_refs: set[str] = set()
        self.to_write: list[UnitListRow] = []

    def place(self, r: UnitListRow) -> bool:
        """Write, refuse or set aside one row; False while its parent is not placed yet."""
        parent_ref = None
        if r.parent:
            if r.parent in self.refused_refs or fold(r.parent) in self.refused_refs:
                self._refuse(
                    r,
                    f"«{r.name}»: đơn vị cấp trên «{r.parent}» không được nhập ở "
                    "văn phòng này nên đơn vị này cũng không được nhập.",
                )
                return True
            parent_ref = (
                self.ids.get(r.parent)
                or self.ids.get(fold(r.parent))
                or self.existing.get(r.parent)
                or self.existing.get(fold(r.parent))
            )
            if parent_ref is None:
                return False
        if not self.own.owns_unit(r.kind, parent_ref):
            owner = catalogue_owner(self.s, r.kind, parent_ref)
            owner_name = short_unit_name(owner.name, owner.short_name) if owner else "?"
            self._refuse(
                r,
                f"«{r.name}»: đơn vị này do {owner_name} quản lý trong danh mục; "
                f"văn phòng {self.own.name or 'này'} không nhập, đơn vị sẽ đến qua gói "
                "dữ liệu.",
            )
            return True
        if r.code in self.codes:
            self.to_write.append(r)  # reported with the other clashes
            return True
        u = insert_unit(
            self.s,
            code=r.code,
            name=r.name,
            kind=r.kind,
            parent_id=parent_ref,
            short_name=r.short_name,
            sector=r.sector,
            note="Nhập từ danh sách Excel",
        )
        self.ids[r.code] = self.ids[fold(r.name)] = u.id
        self.to_write.append(r)
        return True

    def _refuse(self, r: UnitListRow, why: str) -> None:
        self.refused.append(RowProblem(r.row, why))
        self.refused_refs |= {r.code, fold(r.name)}


def kind_label(kind: UnitKind) -> str:
    return labels.UNIT_KIND[kind]
