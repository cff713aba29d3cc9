"""Import a list of initiatives from an Excel file that an office already keeps.

Three steps, so that nothing is written before the person has seen what will happen:

1. :meth:`InitiativeImportService.read` reads the sheet (python-calamine for the values, about
   ten times faster than openpyxl; openpyxl only for the fonts of cells that look like old
   TCVN3/VNI text), finds the header row below the title rows and guesses each column from its
   Vietnamese header (and from the answers remembered from earlier imports);
2. :meth:`plan` turns every row into an :class:`InitiativeInput`, or a rejection with its row
   number and reason, and says whether it creates, updates or leaves an initiative unchanged
   (a row is the same initiative when campaign, grassroots union and folded title agree: the
   same file imported twice creates nothing the second time);
3. :meth:`commit` writes the plan in one transaction (Core executemany for new rows).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import (
    AppMeta,
    AuditEntry,
    Author,
    AuthorKind,
    Campaign,
    Initiative,
    InitiativeStatus,
    Sector,
    Unit,
    UnitKind,
    utcnow,
)
from desktop.services.campaigns.windows import counts_in
from desktop.services.common import ServiceError, audit, current_actor, local_office
from desktop.services.initiatives.service import (
    AuthorInput,
    InitiativeInput,
    InitiativeService,
    Severity,
    _input_of,
    apply_input,
    authors_display,
    owner_name,
    validate,
)
from desktop.services.rules.ownership import ownership
from desktop.services.xlsx import SheetChoice, read_sheet_values
from desktop.text.collation import collation_key, person_sort_key
from desktop.text.dates import parse_date
from desktop.text.legacy_encodings import convert_by_font, looks_like_legacy
from desktop.text.normalise import clean, fold, nfc
from desktop.text.numbers import parse_number

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

# What a column can be, with the Vietnamese name the mapping dialog shows.
TARGETS: dict[str, str] = {
    "stt": "Số thứ tự",
    "title": "Tên sáng kiến",
    "authors": "Tác giả",
    "job_title": "Chức vụ",
    "workplace": "Nơi công tác",
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
_COLUMNS_KEY = "import.initiatives.columns"
_UNITS_KEY = "import.initiatives.units"
_NAME_SPLIT = re.compile(r"\s*[,;\n]\s*|\s+-\s+")
_UNIT_PREFIXES = ("cong doan co so ", "cdcs ", "cd ")


# ---- results -----------------------------------------------------------------------------
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


@dataclass(frozen=True)
class PlannedRow:
    row_number: int
    action: str  # "create", "update", "unchanged"
    data: InitiativeInput
    existing_id: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RejectedRow:
    row_number: int
    title: str
    reason: str


@dataclass(frozen=True)
class ImportPlan:
    campaign_id: int
    sheet: SheetData
    rows: tuple[PlannedRow, ...]
    rejected: tuple[RejectedRow, ...]
    unknown_units: tuple[str, ...]  # names in the file that match no grassroots union
    column_map: dict[int, str] = field(default_factory=dict)
    unit_map: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "update": 0, "unchanged": 0}
        for r in self.rows:
            out[r.action] += 1
        return out


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rejected: tuple[RejectedRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [
                {"row": r.row_number, "title": r.title, "reason": r.reason} for r in self.rejected
            ],
        }


# ---- reading -----------------------------------------------------------------------------
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
    sheet_name = choice.name
    # Old TCVN3/VNI cells: their text looks like Latin-1 garbage; the font says which.
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
    header_row = _find_header(rows, remembered or {})
    if header_row is None:
        raise ServiceError(
            "Không tìm thấy dòng tiêu đề cột (ví dụ «STT», «Tên sáng kiến», «Tác giả») trong "
            f"30 dòng đầu của trang tính «{sheet_name}». {choice.note}"
        )
    headers = rows[header_row]
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
    # A target claimed by two columns: keep the first, ask about the others.
    seen: set[str] = set()
    fixed = []
    for c in columns:
        if c.target and c.target in seen and not c.remembered:
            c = replace(c, target=None)
        if c.target:
            seen.add(c.target)
        fixed.append(c)
    data_rows = []
    for r in range(header_row + 1, len(rows)):
        values = tuple(rows[r])
        if any(v not in ("", None) for v in values):
            data_rows.append((r + 1, values))
    return SheetData(
        str(path),
        sheet_name,
        header_row + 1,
        tuple(fixed),
        tuple(data_rows),
        converted,
        choice.hidden,
    )


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


# ---- values ------------------------------------------------------------------------------
def _text(v: Any) -> str:
    if v in (None, ""):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return clean(str(v))


def _date(v: Any) -> dt.date | None:
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and 1 < v < 80000:  # an Excel serial without a date format
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(v))
    return parse_date(str(v))


def _amount(v: Any) -> int | None:
    if v in (None, ""):
        return None
    if isinstance(v, (int, float)):
        return round(v)
    text = _text(v).lower().replace("đồng", "").replace("vnđ", "").replace("đ", "").strip()
    if not text or text in ("-", "không", "0"):
        return None if text != "0" else 0
    n = parse_number(text)
    if n is None:
        raise ValueError(f"Không đọc được số tiền «{_text(v)}».")
    return int(n)


def _sector(v: Any) -> Sector | None:
    key = fold(_text(v))
    if not key:
        return None
    if "doanh nghiep" in key or key in ("dn", "khoi dn"):
        return Sector.ENTERPRISE
    if "hanh chinh" in key or "hcsn" in key or "su nghiep" in key:
        return Sector.ADMINISTRATIVE
    raise ValueError(f"Không rõ khối «{_text(v)}» (doanh nghiệp hay hành chính sự nghiệp).")


def split_authors(text: str) -> list[str]:
    """ "Nguyễn Văn A, Trần Thị B" -> two names; also ";", new lines and " - "."""
    return [n for n in (clean(p) for p in _NAME_SPLIT.split(nfc(text))) if n]


def equal_shares(n: int) -> list[Decimal]:
    """Contributions that sum to exactly 100 with two decimals: 3 -> 33.34, 33.33, 33.33."""
    if n <= 0:
        return []
    share = (Decimal(100) / n).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    first = Decimal(100) - share * (n - 1)
    return [first] + [share] * (n - 1)


def unit_key(name: str) -> str:
    key = fold(name)
    for prefix in _UNIT_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :].strip()
    return key


# ---- the service -------------------------------------------------------------------------
class InitiativeImportService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    # remembered answers, kept in the store (they belong to the office, not to one PC)
    def _meta(self, key: str) -> dict[str, Any]:
        with self._sf() as s:
            row = s.get(AppMeta, key)
            return json.loads(row.value) if row else {}

    def remembered_columns(self) -> dict[str, str]:
        return self._meta(_COLUMNS_KEY)

    def remembered_units(self) -> dict[str, int]:
        return self._meta(_UNITS_KEY)

    def remember(self, s: Session, key: str, values: dict[str, Any]) -> None:
        row = s.get(AppMeta, key)
        merged = json.loads(row.value) if row else {}
        merged.update(values)
        text = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        if row is None:
            s.add(AppMeta(key=key, value=text))
        else:
            row.value = text

    def read(self, path: str | Path) -> SheetData:
        return read_sheet(path, self.remembered_columns())

    # ---- planning ------------------------------------------------------------------------
    def plan(
        self,
        sheet: SheetData,
        campaign_id: int,
        column_map: dict[int, str] | None = None,
        unit_map: dict[str, int] | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportPlan:
        """What importing ``sheet`` into the campaign would do; writes nothing."""
        cmap = dict(sheet.mapping())
        if column_map:
            cmap.update({i: t for i, t in column_map.items()})
        cmap = {i: t for i, t in cmap.items() if t}
        if "title" not in cmap.values():
            raise ServiceError("Chưa có cột «Tên sáng kiến»: hãy chọn cột nào là tên sáng kiến.")
        umap = {**{k: int(v) for k, v in self.remembered_units().items()}}
        umap.update({unit_key(k): v for k, v in (unit_map or {}).items()})
        col_of = {t: i for i, t in cmap.items()}

        with self._sf() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise ServiceError("Không tìm thấy chương trình thi đua.")
            limit = campaign.description_limit
            periods = [(p.id, p.count_from, p.count_to) for p in campaign.periods]
            fields = {}
            for f in campaign.fields:
                fields[fold(f.name)] = f.id
                fields[fold(f.code)] = f.id
            units: dict[str, tuple[int, Sector | None]] = {}
            # Rows of a grassroots union another office enters are refused (ownership.py).
            own = ownership(s)
            not_owned: dict[int, str] = {}
            for u in s.scalars(select(Unit).where(Unit.kind == UnitKind.GRASSROOTS)):
                for name in (u.name, u.short_name or "", u.code):
                    if name:
                        units.setdefault(unit_key(name), (u.id, u.sector))
                if not own.owns_content(u.parent_id):
                    not_owned[u.id] = str(own.not_content_owner(u.name, owner_name(s, u)))
            sectors = {uid: sec for uid, sec in units.values()}
            existing: dict[tuple[int, str], tuple[Any, ...]] = {}
            for row in s.execute(
                select(
                    Initiative.id,
                    Initiative.unit_id,
                    Initiative.title,
                    Initiative.authors_text,
                    Initiative.field_id,
                    Initiative.sector,
                    Initiative.benefit_vnd,
                    Initiative.applied_on,
                    Initiative.description,
                    Initiative.deleted_at,
                ).where(Initiative.campaign_id == campaign_id)
            ):
                existing[(row.unit_id, fold(row.title))] = tuple(row)

        def cell(values: tuple[Any, ...], target: str) -> Any:
            i = col_of.get(target)
            return values[i] if i is not None and i < len(values) else ""

        planned: list[PlannedRow] = []
        rejected: list[RejectedRow] = []
        unknown: dict[str, None] = {}
        first_row: dict[tuple[int, str], int] = {}
        current_sector: Sector | None = None
        total = len(sheet.rows)
        for n, (row_number, values) in enumerate(sheet.rows):
            if cancel and cancel():
                raise ServiceError("Đã huỷ việc đọc tệp.")
            if progress and n % 500 == 0:
                progress(n, total)
            title = _text(cell(values, "title"))
            filled = [v for v in values if v not in ("", None)]
            if not title:
                # A section row ("I. KHỐI DOANH NGHIỆP") or a total line: no initiative in it.
                if len(filled) == 1:
                    with contextlib.suppress(ValueError):
                        current_sector = _sector(filled[0]) or current_sector
                    continue
                if fold(" ".join(_text(v) for v in filled)).startswith(("tong", "cong")):
                    continue
                rejected.append(RejectedRow(row_number, "", "Thiếu tên sáng kiến."))
                continue
            if len(filled) == 1 and col_of.get("stt") is not None:
                try:
                    current_sector = _sector(title) or current_sector
                    continue
                except ValueError:
                    pass
            try:
                # No author is judged by the shared rules below (rules.check_initiative).
                names = split_authors(_text(cell(values, "authors")))
                unit_text = _text(cell(values, "unit"))
                if not unit_text:
                    raise ValueError("Thiếu đơn vị (công đoàn cơ sở).")
                ukey = unit_key(unit_text)
                if ukey in units:
                    unit_id, unit_sector = units[ukey]
                elif ukey in umap and umap[ukey] in sectors:
                    unit_id, unit_sector = umap[ukey], sectors[umap[ukey]]
                else:
                    unknown.setdefault(unit_text, None)
                    raise ValueError(f"Đơn vị «{unit_text}» chưa có trong danh sách đơn vị.")
                if unit_id in not_owned:
                    raise ValueError(not_owned[unit_id])
                field_text = _text(cell(values, "field"))
                field_id = None
                if field_text:
                    fkey = fold(field_text)
                    field_id = fields.get(fkey) or next(
                        (fid for name, fid in fields.items() if fkey in name or name in fkey),
                        None,
                    )
                    if field_id is None:
                        raise ValueError(
                            f"Lĩnh vực «{field_text}» không có trong danh sách của chương trình."
                        )
                sector = _sector(cell(values, "sector")) or current_sector or unit_sector
                try:
                    applied_on = _date(cell(values, "applied_on"))
                except ValueError as exc:
                    raise ValueError(f"Ngày áp dụng: {exc}") from exc
                try:
                    registered_on = _date(cell(values, "registered_on"))
                except ValueError as exc:
                    raise ValueError(f"Ngày đăng ký: {exc}") from exc
                benefit = _amount(cell(values, "benefit"))
            except ValueError as exc:
                rejected.append(RejectedRow(row_number, title, str(exc)))
                continue
            shares = equal_shares(len(names))
            job = _text(cell(values, "job_title")) or None
            workplace = _text(cell(values, "workplace")) or None
            authors = tuple(
                AuthorInput(name, job if len(names) == 1 else None, workplace, True, pct)
                for name, pct in zip(names, shares, strict=True)
            )
            period_id = next(
                (pid for pid, start, end in periods if counts_in(applied_on, start, end)),
                None,
            )
            confidential = fold(_text(cell(values, "confidential"))) in ("x", "co", "mat", "1")
            data = InitiativeInput(
                campaign_id=campaign_id,
                unit_id=unit_id,
                title=title,
                authors=authors,
                field_id=field_id,
                sector=sector,
                period_id=period_id,
                description=_text(cell(values, "description")),
                benefit_vnd=benefit,
                applied_on=applied_on,
                registered_on=registered_on,
                confidential=confidential,
                notes=_text(cell(values, "notes")) or None,
            )
            issues = validate(data, limit)
            errors = [i.message for i in issues if i.severity == Severity.ERROR]
            if errors:
                rejected.append(RejectedRow(row_number, title, " ".join(errors)))
                continue
            key = (unit_id, fold(title))
            if key in first_row:
                rejected.append(
                    RejectedRow(
                        row_number,
                        title,
                        f"Trùng với dòng {first_row[key]} (cùng tên sáng kiến và đơn vị).",
                    )
                )
                continue
            first_row[key] = row_number
            old = existing.get(key)
            if old is None:
                planned.append(PlannedRow(row_number, "create", data))
                continue
            same = (
                old[9] is None
                and fold(old[3]) == fold(authors_display(authors))
                and ("field" not in col_of or old[4] == field_id)
                and ("benefit" not in col_of or old[6] == benefit)
                and ("applied_on" not in col_of or old[7] == applied_on)
                and ("description" not in col_of or (old[8] or "") == data.description)
                and ("sector" not in col_of or old[5] == sector)
            )
            planned.append(PlannedRow(row_number, "unchanged" if same else "update", data, old[0]))
        if progress:
            progress(total, total)
        return ImportPlan(
            campaign_id,
            sheet,
            tuple(planned),
            tuple(rejected),
            tuple(unknown),
            cmap,
            {unit_key(k): v for k, v in (unit_map or {}).items()},
        )

    # ---- writing -------------------------------------------------------------------------
    def commit(self, plan: ImportPlan) -> ImportResult:
        """Write the plan in one transaction; remember the column and unit answers."""
        creates = [r for r in plan.rows if r.action == "create"]
        updates = [r for r in plan.rows if r.action == "update"]
        now = utcnow()
        with self._sf.begin() as s:
            # The plan was made a moment ago; the office cannot have changed, but a plan built
            # by hand (the CLI, a test) must not write another office's initiatives either.
            own = ownership(s)
            for r in creates + updates:
                unit = s.get(Unit, r.data.unit_id)
                if unit is not None and not own.owns_content(unit.parent_id):
                    raise own.not_content_owner(unit.name, owner_name(s, unit))
            office = local_office(s)
            clock = office.clock if office else 0
            ini_rows, author_rows, audit_rows = [], [], []
            uids = []
            for r in creates:
                d = r.data
                clock += 1
                uid = str(uuid.uuid4())
                uids.append(uid)
                title = clean(d.title)
                names = [a for a in d.authors if clean(a.full_name)]
                authors_text = authors_display(names)
                ini_rows.append(
                    dict(
                        uid=uid,
                        origin_office_uid=office.uid if office else None,
                        version=clock,
                        created_at=now,
                        updated_at=now,
                        campaign_id=d.campaign_id,
                        period_id=d.period_id,
                        unit_id=d.unit_id,
                        field_id=d.field_id,
                        sector=d.sector,
                        title=title,
                        author_kind=AuthorKind.GROUP if len(names) > 1 else AuthorKind.PERSON,
                        description=nfc(d.description).strip(),
                        benefit_vnd=d.benefit_vnd,
                        benefit_note=None,
                        applied_on=d.applied_on,
                        registered_on=d.registered_on,
                        confidential=d.confidential,
                        status=InitiativeStatus.REGISTERED,
                        notes=d.notes,
                        authors_text=authors_text,
                        search_text=fold(f"{title} | {authors_text}"),
                        title_key=collation_key(title),
                        authors_key=person_sort_key(clean(names[0].full_name)),
                    )
                )
                audit_rows.append(
                    dict(
                        at=now,
                        actor=current_actor(),
                        office_uid=office.uid if office else None,
                        entity="initiative",
                        entity_uid=uid,
                        action="create",
                        summary=f"Nhập từ Excel (dòng {r.row_number}): «{title}»",
                        detail_json=None,
                    )
                )
            if ini_rows:
                # Core executemany on the tables (not the ORM's bulk path, which is ~5x slower
                # here); the new ids are read back by the uids given above.
                conn = s.connection()
                conn.execute(insert(Initiative.__table__), ini_rows)
                id_of: dict[str, int] = {}
                for start in range(0, len(uids), 500):
                    chunk = uids[start : start + 500]
                    id_of.update(
                        (u, i)
                        for i, u in conn.execute(
                            select(Initiative.id, Initiative.uid).where(Initiative.uid.in_(chunk))
                        )
                    )
                ids = [id_of[u] for u in uids]
                for ini_id, r in zip(ids, creates, strict=True):
                    for seq, a in enumerate(x for x in r.data.authors if clean(x.full_name)):
                        clock += 1
                        author_rows.append(
                            dict(
                                uid=str(uuid.uuid4()),
                                origin_office_uid=office.uid if office else None,
                                version=clock,
                                created_at=now,
                                updated_at=now,
                                initiative_id=ini_id,
                                seq=seq,
                                full_name=clean(a.full_name),
                                name_key=person_sort_key(clean(a.full_name)),
                                job_title=clean(a.job_title) or None,
                                workplace=clean(a.workplace) or None,
                                qualification=None,
                                birth_date=None,
                                is_member=a.is_member,
                                contribution_pct=a.contribution_pct,
                            )
                        )
                conn.execute(insert(Author.__table__), author_rows)
                conn.execute(insert(AuditEntry.__table__), audit_rows)
            if office:
                office.clock = clock
            for r in updates:
                assert r.existing_id is not None
                ini = InitiativeService._load(s, r.existing_id)
                merged = _merge(_input_of(ini), r.data, plan.column_map)
                apply_input(s, ini, merged)
                if ini.deleted_at is not None:
                    ini.deleted_at = None
                from desktop.services.common import tick

                tick(s, ini)
                audit(
                    s,
                    "initiative",
                    ini.uid,
                    "update",
                    f"Cập nhật từ Excel (dòng {r.row_number}): «{ini.title}»",
                )
            headers = {c.index: c.header for c in plan.sheet.columns}
            self.remember(
                s,
                _COLUMNS_KEY,
                {
                    fold(headers[i]): plan.column_map.get(i, IGNORE)
                    for i in headers
                    if guess_target(headers[i]) != plan.column_map.get(i)
                },
            )
            if plan.unit_map:
                self.remember(s, _UNITS_KEY, plan.unit_map)
        log.info("initiatives imported: %d new, %d updated", len(creates), len(updates))
        return ImportResult(
            len(creates),
            len(updates),
            sum(1 for r in plan.rows if r.action == "unchanged"),
            plan.rejected,
        )

    def import_file(
        self,
        path: str | Path,
        campaign_id: int,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportResult:
        """Read, plan and (unless ``dry_run``) commit, with the remembered answers."""
        plan = self.plan(self.read(path), campaign_id, progress=progress, cancel=cancel)
        if dry_run:
            c = plan.counts()
            return ImportResult(c["create"], c["update"], c["unchanged"], plan.rejected)
        return self.commit(plan)


def _merge(old: InitiativeInput, new: InitiativeInput, cmap: dict[int, str]) -> InitiativeInput:
    """The stored initiative with what the file's columns say; other fields kept."""
    has = set(cmap.values())
    changes: dict[str, Any] = {"title": new.title, "unit_id": new.unit_id}
    if "authors" in has:
        changes["authors"] = new.authors
    for target, attr in (
        ("field", "field_id"),
        ("sector", "sector"),
        ("description", "description"),
        ("benefit", "benefit_vnd"),
        ("applied_on", "applied_on"),
        ("registered_on", "registered_on"),
        ("notes", "notes"),
        ("confidential", "confidential"),
    ):
        if target in has:
            changes[attr] = getattr(new, attr)
    if "applied_on" in has:
        changes["period_id"] = new.period_id
    return replace(old, **changes)
