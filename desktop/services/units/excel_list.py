"""The list of units from an Excel sheet: a template to fill in, a preview, then one import."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Sector, Unit, UnitKind
from desktop.services import labels
from desktop.services.common import ServiceError, audit
from desktop.services.rules.ownership import Ownership, ownership
from desktop.services.rules.records import check_unit
from desktop.services.rules.records import message as rules_message
from desktop.services.units.tree import (
    catalogue_owner,
    insert_unit,
    short_unit_name,
)
from desktop.services.xlsx import SheetChoice, choose_sheet
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


# Words in a kind cell (or, failing that, in the unit's name) -> kind. Order matters.
_KIND_WORDS = (
    (UnitKind.GRASSROOTS, ("co so", "cdcs")),
    (UnitKind.PUBLIC_EMPLOYEES, ("vien chuc",)),
    (UnitKind.INDUSTRIAL_ZONE, ("khu cong nghiep", "kcn")),
    (UnitKind.SECTOR, ("nganh",)),
    (UnitKind.PROVINCE, ("tinh", "ldld tinh")),
    (UnitKind.DISTRICT, ("huyen", "thanh pho", "thi xa", "quan")),
)


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


def write_template(path: Path) -> None:
    """An empty list with the expected columns and two example rows, for the user to fill in."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách đơn vị"
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(["LC", "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ tỉnh", "LĐLĐ tỉnh", "", ""])
    ws.append(
        [
            "LC-PT",
            "Liên đoàn Lao động huyện Phong Thổ",
            "LĐLĐ huyện Phong Thổ",
            "LĐLĐ huyện",
            "LC",
            "",
        ]
    )
    for col, width in zip("ABCDEF", (14, 45, 28, 24, 20, 26), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)


def _kind_from(text: str) -> UnitKind | None:
    key = f" {fold(text)} "
    for kind, words in _KIND_WORDS:
        if any(f" {w} " in key or key.strip().startswith(w) for w in words):
            return kind
    return None


def _sector_from(text: str) -> Sector | None:
    key = fold(text)
    if "doanh nghiep" in key:
        return Sector.ENTERPRISE
    if "hanh chinh" in key or "su nghiep" in key:
        return Sector.ADMINISTRATIVE
    return None


def _slug(name: str) -> str:
    words = [w for w in re.split(r"[^a-z0-9]+", fold(name)) if w]
    return "-".join(words)[:36].upper() or "DV"


def _cell_text(cell: object) -> str:
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
    sheet = choose_sheet(path)  # the first visible sheet, checked small enough to read
    try:
        wb = load_workbook(path, read_only=False, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ServiceError(
            f"Không đọc được tệp Excel «{Path(path).name}». Hãy lưu tệp ở dạng .xlsx rồi thử lại."
        ) from exc
    ws = wb[sheet.name]
    width = max(sheet.cols, 1)
    header_row, roles = _header_of(ws, sheet, width)
    preview = UnitListPreview(sheet_note=sheet.note)
    codes: set[str] = set()
    rows = ws.iter_rows(min_row=header_row + 1, max_row=sheet.rows, max_col=width)
    for r, row in enumerate(rows, start=header_row + 1):
        read = _list_row(r, list(row), roles, codes)
        if isinstance(read, RowProblem):
            preview.problems.append(read)
        elif read is not None:
            preview.rows.append(read)
    _check_parents(preview, known)
    return preview


def _header_of(ws: Any, sheet: SheetChoice, width: int) -> tuple[int, dict[str, int]]:
    """The header row (within the first 30) and the column of each role it names."""
    for r, row in enumerate(
        ws.iter_rows(min_row=1, max_row=min(sheet.rows, 30), max_col=width), start=1
    ):
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
    kind_text = get("kind")
    kind = _kind_from(kind_text) if kind_text else _kind_from(name)
    if kind is None:
        return RowProblem(r, f"Không nhận ra loại đơn vị «{kind_text or name}».")
    code = get("code") or _slug(get("short_name") or name)
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
    by_ref = {r.code for r in preview.rows} | {fold(r.name) for r in preview.rows} | set(known)
    ok = []
    for r in preview.rows:
        if r.parent and r.parent not in by_ref and fold(r.parent) not in by_ref:
            preview.problems.append(
                RowProblem(r.row, f"Không tìm thấy đơn vị cấp trên «{r.parent}» trong danh sách.")
            )
            continue
        ok.append(r)
    preview.rows = ok
    top = any(r.kind == UnitKind.PROVINCE for r in ok) or any(r.parent is None for r in ok)
    if not top and not known:
        preview.problems.append(RowProblem(0, "Danh sách không có đơn vị cấp cao nhất."))


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
