"""Planning an import of initiatives: what each row of a read sheet would become.

:func:`plan_rows` turns every row into an :class:`InitiativeInput`, or a rejection with its
row number and reason, and says whether it creates, updates or leaves an initiative unchanged
(a row is the same initiative when campaign, grassroots union and folded title agree: the same
file imported twice creates nothing the second time). It writes nothing; what it needs from
the store is read once, by :func:`read_catalogue`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Campaign, DatePrecision, Initiative, Sector, Unit, UnitKind
from desktop.services.campaigns.windows import counts_in
from desktop.services.common import ServiceError
from desktop.services.initiatives import excel_values
from desktop.services.initiatives.excel_sheet import SheetData
from desktop.services.initiatives.service import (
    AuthorInput,
    InitiativeInput,
    Severity,
    owner_name,
)
from desktop.services.rules.contacts import phone_of_cell
from desktop.services.rules.initiative import AuthorsSeen, CampaignRules, check_initiative
from desktop.services.rules.ownership import ownership
from desktop.text.normalise import clean, fold, nfc
from desktop.text.partial_dates import MonthFirstCheck

if TYPE_CHECKING:
    from sqlalchemy import Row

    # An initiative already stored, as the plan compares it with a row of the file: id, unit,
    # title, authors, field, sector, benefit, applied on, description, its precision, deleted at.
    Stored = Row[
        int, int, str, str, int | None, Sector | None, int | None, dt.date | None, str,
        DatePrecision | None, dt.datetime | None,
    ]  # fmt: skip

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

_NAME_SPLIT = re.compile(r"\s*[,;\n]\s*|\s+-\s+")
_UNIT_PREFIXES = ("cong doan co so ", "cdcs ", "cd ")


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
    notes: tuple[str, ...] = ()  # about whole columns (dates that could be month first)

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "update": 0, "unchanged": 0}
        for r in self.rows:
            out[r.action] += 1
        return out


# ---- values (excel_values) ---------------------------------------------------------------
_text, _date, _sector = excel_values.text, excel_values.day, excel_values.sector


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


# ---- what the store says -----------------------------------------------------------------
@dataclass(frozen=True)
class Catalogue:
    """What a plan needs from the store, read in one session."""

    description_limit: int
    periods: list[tuple[int, dt.date | None, dt.date | None]]
    fields: dict[str, int]  # folded name or code -> field id
    units: dict[str, tuple[int, Sector | None]]  # unit_key of a name or code -> (id, sector)
    sectors: dict[int, Sector | None]
    not_owned: dict[int, str]  # grassroots unions another office enters, with why
    existing: dict[tuple[int, str], Stored]  # (unit, folded title) -> the stored initiative


def read_catalogue(s: Session, campaign_id: int) -> Catalogue:
    campaign = s.get(Campaign, campaign_id)
    if campaign is None:
        raise ServiceError("Không tìm thấy chương trình thi đua.")
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
        if not own.owns_content(u.parent_id, u.id):
            not_owned[u.id] = str(own.not_content_owner(u.name, owner_name(s, u)))
    existing: dict[tuple[int, str], Stored] = {}
    # Core rows (the ORM's row loading cost more than the query at 100,000 initiatives).
    for row in s.connection().execute(
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
            Initiative.applied_precision,
            Initiative.deleted_at,
        ).where(Initiative.campaign_id == campaign_id)
    ):
        existing[(row.unit_id, fold(row.title))] = row
    return Catalogue(
        campaign.description_limit,
        periods,
        fields,
        units,
        {uid: sec for uid, sec in units.values()},
        not_owned,
        existing,
    )


def _authors_shown(authors: tuple[AuthorInput, ...]) -> str:
    """``service.authors_display``: the named authors joined by ", ", each cleaned once."""
    return ", ".join(n for n in (clean(a.full_name) for a in authors) if n)


def _authors_of(
    authors_cell: Any, job_cell: Any, workplace_cell: Any, phone_cell: Any, email_cell: Any
) -> tuple[AuthorInput, ...]:
    """A row's authors: the names of its authors' cell with equal shares, the job title kept
    for a single author, the workplace for each, the phone and e-mail for the first (the one
    the portal asks for). No author is judged here: the shared rules do (check_initiative)."""
    names = split_authors(_text(authors_cell))
    shares = equal_shares(len(names))
    job = _text(job_cell) or None
    workplace = _text(workplace_cell) or None
    phone, email = phone_of_cell(phone_cell), _text(email_cell)
    return tuple(
        AuthorInput(
            name,
            job if len(names) == 1 else None,
            workplace,
            True,
            pct,
            phone=None if i else phone or None,
            email=None if i else email or None,
        )
        for i, (name, pct) in enumerate(zip(names, shares, strict=True))
    )


def _confidential(cell: Any) -> bool:
    return fold(_text(cell)) in ("x", "co", "mat", "1")


# What ``_Planner.row`` reads of a row, in this order (the title first).
_CELLS = (
    "title",
    "authors",
    "unit",
    "field",
    "sector",
    "applied_on",
    "registered_on",
    "benefit",
    "job_title",
    "workplace",
    "phone",
    "email",
    "confidential",
    "description",
    "notes",
)


# ---- the rows ----------------------------------------------------------------------------
def plan_rows(
    sheet: SheetData,
    campaign_id: int,
    catalogue: Catalogue,
    cmap: dict[int, str],
    umap: Mapping[str, int],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    checks: Mapping[str, MonthFirstCheck] | None = None,
) -> tuple[list[PlannedRow], list[RejectedRow], list[str]]:
    """(planned rows, rejected rows, unit names that match no grassroots union) for the sheet
    read with the column map ``cmap`` ({column: target}) and the unit answers ``umap``;
    ``checks``: the date columns that could be month first (``excel_values.date_checks``),
    whose ambiguous rows get a warning."""
    col_of = {t: i for i, t in cmap.items()}
    if checks is None:
        checks = excel_values.date_checks(sheet.rows, col_of)
    planner = _Planner(campaign_id, catalogue, col_of, umap, checks)
    total = len(sheet.rows)
    for n, (row_number, values) in enumerate(sheet.rows):
        if cancel and cancel():
            raise ServiceError("Đã huỷ việc đọc tệp.")
        if progress and n % 500 == 0:
            progress(n, total)
        planner.row(row_number, values)
    if progress:
        progress(total, total)
    return planner.planned, planner.rejected, list(planner.unknown)


class _Planner:
    """The rows of one sheet, one after the other: a section row ("I. KHỐI DOANH NGHIỆP") sets
    the sector of the rows below it."""

    def __init__(
        self,
        campaign_id: int,
        catalogue: Catalogue,
        col_of: dict[str, int],
        umap: Mapping[str, int],
        checks: Mapping[str, MonthFirstCheck],
    ) -> None:
        self.campaign_id = campaign_id
        self.ambiguous = {
            row: label
            for target, label in (("applied_on", "ngày áp dụng"), ("registered_on", "ngày đăng ký"))
            if target in checks
            for row in checks[target].rows
        }
        self.cat = catalogue
        # The shared rules, as service.validate applies them, with today's date read once
        # for the whole sheet (not once a row).
        self.rules = CampaignRules(catalogue.description_limit)
        self.today = dt.date.today()
        self.col_of = col_of
        self.umap = umap
        self.planned: list[PlannedRow] = []
        self.rejected: list[RejectedRow] = []
        self.unknown: dict[str, None] = {}
        self.first_row: dict[tuple[int, str], int] = {}
        self.current_sector: Sector | None = None
        # What a cell's value reads as, or why it cannot be read, once per distinct value of
        # each column (a unit's name, a field, a date and an amount recur on many rows).
        self._read: dict[tuple[str, type, Any], Any] = {}
        # A row's cells by target (_CELLS): an absent column reads as "", as a short row's
        # missing cells do (the row gets "" up to ``_width`` and one more, read as -1).
        self._width = max(col_of.values(), default=-1) + 1
        self._cells = itemgetter(*(col_of.get(t, -1) for t in _CELLS))
        # A row's authors, once per distinct (authors, job, workplace, phone, e-mail) cells:
        # the same tuple, of the same AuthorInput objects, for every row that repeats them.
        self._authors: dict[tuple[Any, ...], tuple[AuthorInput, ...]] = {}
        # The authors' rules, once per tuple of authors (check_initiative).
        self._authors_seen: AuthorsSeen = {}
        # The window a date of first application counts in, once per date and precision.
        self._period: dict[tuple[dt.date | None, DatePrecision | None], int | None] = {}

    def once(self, what: str, fn: Callable[[Any], Any], v: Any) -> Any:
        """``fn(v)``, remembered for the value ``v`` (its type too: 1, 1.0 and True differ);
        a ValueError is remembered and raised again."""
        key = (what, v.__class__, v)
        try:
            out = self._read[key]
        except KeyError:
            try:
                out = fn(v)
            except ValueError as exc:
                out = exc
            self._read[key] = out
        if isinstance(out, ValueError):
            raise ValueError(*out.args)
        return out

    def row(self, row_number: int, values: tuple[Any, ...]) -> None:
        cells = self._cells(values + ("",) * (max(self._width - len(values), 0) + 1))
        title = _text(cells[0])
        if self._is_section(row_number, title, values):
            return
        try:
            data, warnings = self._input(title, cells)
        except ValueError as exc:
            self.rejected.append(RejectedRow(row_number, title, str(exc)))
            return
        if row_number in self.ambiguous:
            warnings.append(
                f"Cột {self.ambiguous[row_number]} có thể ghi tháng trước ngày: hãy kiểm tra ngày "
                "của dòng này."
            )
        self._judge(row_number, data, warnings)

    def _is_section(self, row_number: int, title: str, values: tuple[Any, ...]) -> bool:
        """A row without an initiative: a section row (its sector noted), a total line or a row
        without a title (rejected)."""
        filled = [v for v in values if v not in ("", None)]
        if not title:
            if len(filled) == 1:
                with contextlib.suppress(ValueError):
                    self.current_sector = _sector(filled[0]) or self.current_sector
                return True
            if fold(" ".join(_text(v) for v in filled)).startswith(("tong", "cong")):
                return True
            self.rejected.append(RejectedRow(row_number, "", "Thiếu tên sáng kiến."))
            return True
        if len(filled) == 1 and self.col_of.get("stt") is not None:
            try:
                self.current_sector = _sector(title) or self.current_sector
                return True
            except ValueError:
                pass
        return False

    def _input(self, title: str, cells: tuple[Any, ...]) -> tuple[InitiativeInput, list[str]]:
        """The initiative a row holds (``cells``: the row's cells by target, ``_CELLS``), with
        what the preview should say of how its cells were read; ValueError says why a cell
        cannot be read."""
        (
            _title,
            authors_cell,
            unit_cell,
            field_cell,
            sector_cell,
            applied_cell,
            registered_cell,
            benefit_cell,
            job_cell,
            workplace_cell,
            phone_cell,
            email_cell,
            confidential_cell,
            description_cell,
            notes_cell,
        ) = cells
        unit_id, unit_sector = self.once("unit", self._unit, unit_cell)
        field_id = self.once("field", self._field, field_cell)
        sector = self.once("sector", _sector, sector_cell) or self.current_sector or unit_sector
        try:
            applied_on, precision = self.once("applied", excel_values.applied, applied_cell)
        except ValueError as exc:
            raise ValueError(f"Ngày áp dụng: {exc}") from exc
        try:
            registered_on = self.once("registered", _date, registered_cell)
        except ValueError as exc:
            raise ValueError(f"Ngày đăng ký: {exc}") from exc
        benefit = self.once("benefit", excel_values.amount, benefit_cell)
        key = (
            authors_cell.__class__,
            authors_cell,
            job_cell.__class__,
            job_cell,
            workplace_cell.__class__,
            workplace_cell,
            phone_cell.__class__,
            phone_cell,
            email_cell.__class__,
            email_cell,
        )
        authors = self._authors.get(key)
        if authors is None:
            authors = self._authors[key] = _authors_of(
                authors_cell, job_cell, workplace_cell, phone_cell, email_cell
            )
        when = (applied_on, precision)
        if when in self._period:
            period_id = self._period[when]
        else:
            period_id = self._period[when] = next(
                (
                    pid
                    for pid, start, end in self.cat.periods
                    if counts_in(applied_on, start, end, precision)
                ),
                None,
            )
        data = InitiativeInput(
            campaign_id=self.campaign_id,
            unit_id=unit_id,
            title=title,
            authors=authors,
            field_id=field_id,
            sector=sector,
            period_id=period_id,
            description=_text(description_cell),
            benefit_vnd=benefit.vnd,
            benefit_note=benefit.note,
            applied_on=applied_on,
            applied_precision=precision,
            registered_on=registered_on,
            confidential=self.once("confidential", _confidential, confidential_cell),
            notes=_text(notes_cell) or None,
        )
        return data, [benefit.warning] if benefit.warning else []

    def _unit(self, cell: Any) -> tuple[int, Sector | None]:
        """The grassroots union a row's cell names (by its name, code or an answer), with its
        sector."""
        unit_text = _text(cell)
        if not unit_text:
            raise ValueError("Thiếu đơn vị (công đoàn cơ sở).")
        ukey = unit_key(unit_text)
        if ukey in self.cat.units:
            unit_id, unit_sector = self.cat.units[ukey]
        elif ukey in self.umap and self.umap[ukey] in self.cat.sectors:
            unit_id, unit_sector = self.umap[ukey], self.cat.sectors[self.umap[ukey]]
        else:
            self.unknown.setdefault(unit_text, None)
            raise ValueError(f"Đơn vị «{unit_text}» chưa có trong danh sách đơn vị.")
        if unit_id in self.cat.not_owned:
            raise ValueError(self.cat.not_owned[unit_id])
        return unit_id, unit_sector

    def _field(self, cell: Any) -> int | None:
        """The campaign's field a row's cell names (by name or code, or a part of one)."""
        field_text = _text(cell)
        if not field_text:
            return None
        fields = self.cat.fields
        fkey = fold(field_text)
        field_id = fields.get(fkey) or next(
            (fid for name, fid in fields.items() if fkey in name or name in fkey),
            None,
        )
        if field_id is None:
            raise ValueError(f"Lĩnh vực «{field_text}» không có trong danh sách của chương trình.")
        return field_id

    def _judge(self, row_number: int, data: InitiativeInput, warnings: list[str]) -> None:
        """Rejected by the shared rules or as a repeated row; else created, updated or
        unchanged against the stored initiative of the same unit and title, with the rules'
        warnings (a date known only to the month or quarter) after the reading's."""
        title = data.title
        issues = check_initiative(data, self.rules, self.today, self._authors_seen)
        errors = [i.message for i in issues if i.severity == Severity.ERROR]
        notes = tuple([*warnings, *(i.message for i in issues if i.severity != Severity.ERROR)])
        if errors:
            self.rejected.append(RejectedRow(row_number, title, " ".join(errors)))
            return
        key = (data.unit_id, fold(title))
        if key in self.first_row:
            self.rejected.append(
                RejectedRow(
                    row_number,
                    title,
                    f"Trùng với dòng {self.first_row[key]} (cùng tên sáng kiến và đơn vị).",
                )
            )
            return
        self.first_row[key] = row_number
        old = self.cat.existing.get(key)
        if old is None:
            self.planned.append(PlannedRow(row_number, "create", data, warnings=notes))
            return
        action = "unchanged" if self._same(old, data) else "update"
        self.planned.append(PlannedRow(row_number, action, data, old.id, notes))

    def _same(self, old: Stored, data: InitiativeInput) -> bool:
        """Whether the row says nothing new about the stored initiative (in the columns it has)."""
        has = self.col_of
        return (
            old.deleted_at is None
            and fold(old.authors_text) == fold(_authors_shown(data.authors))
            and ("field" not in has or old.field_id == data.field_id)
            and ("benefit" not in has or old.benefit_vnd == data.benefit_vnd)
            and (
                "applied_on" not in has
                or (old.applied_on, old.applied_precision)
                == (data.applied_on, data.applied_precision)
            )
            and ("description" not in has or (old.description or "") == data.description)
            and ("sector" not in has or old.sector == data.sector)
        )
