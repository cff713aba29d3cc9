"""Quotas of a campaign as a grid of units × periods: checks, split helpers, table import.

The grid of a unit holds the unit itself and its direct children (a province sets its
districts' quotas, a district its grassroots unions'); its columns are the whole campaign and
each period. Two rules are checked, and a mismatch can be saved only knowingly:

* the children of a unit add up to the unit's figure, in every column;
* the periods of a unit add up to its figure for the whole campaign.

A table (.csv or .xlsx, like the quota table of seed 003) is read by :func:`read_table` and
matched by :meth:`QuotaService.plan_import`: unit names without diacritics, abbreviated
("LĐLĐ", "CĐCS") or slightly different are recognised; a name that is not clearly one unit is
marked unsure, with its candidates, for the person to choose.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop.models import Campaign, Period, Quota, Unit, UnitKind
from desktop.services.campaigns.service import quota_refusal
from desktop.services.common import (
    EditConflict,
    NotFound,
    ServiceError,
    ValidationFailed,
    audit,
    last_change,
    tick,
)
from desktop.services.rules.ownership import NotOwner, ownership
from desktop.services.rules.records import check_quota
from desktop.services.rules.records import message as rules_message
from desktop.services.units.tree import short_unit_name
from desktop.services.xlsx import SheetChoice, choose_sheet
from desktop.text.normalise import clean, fold
from desktop.text.numbers import format_number, parse_number

log = logging.getLogger(__name__)

Key = tuple[int, int | None]  # (unit_id, period_id or None for the whole campaign)


@dataclass(frozen=True)
class GridUnit:
    id: int
    code: str
    name: str
    kind: UnitKind
    parent_id: int | None
    is_root: bool


@dataclass(frozen=True)
class GridPeriod:
    id: int | None  # None: the whole campaign
    name: str


@dataclass(frozen=True)
class QuotaGrid:
    campaign_id: int
    root: GridUnit
    units: tuple[GridUnit, ...]  # the root first, then its children in alphabetical order
    columns: tuple[GridPeriod, ...]  # the whole campaign first, then the periods
    values: Mapping[Key, int]
    # Units whose quotas another office sets, with who (ownership.py): shown, not editable.
    read_only: Mapping[int, str] = field(default_factory=dict)
    # The edit version of each cell that holds a quota: sent back with ``save`` so that a
    # cell someone else changed since (or a bundle did) is not overwritten unseen.
    versions: Mapping[Key, int] = field(default_factory=dict)

    def editable(self, unit_id: int) -> bool:
        return unit_id not in self.read_only


@dataclass(frozen=True)
class Mismatch:
    unit_id: int  # the unit whose figure disagrees
    period_id: int | None
    kind: str  # "children": its children's sum; "periods": its periods' sum
    expected: int  # the unit's own figure
    actual: int  # the sum
    message: str

    @property
    def difference(self) -> int:
        return self.actual - self.expected


class QuotaConflict(EditConflict):
    """Cells this save touches were changed since the grid was loaded: nothing is saved.

    ``cells`` are their keys; ``now`` what they hold in the store now (None: no quota)."""

    def __init__(
        self,
        cells: Mapping[Key, int | None],
        names: Mapping[Key, str],
        who: str | None,
        when: dt.datetime | None,
        by_import: bool = False,
    ) -> None:
        self.cells = tuple(cells)
        self.now = dict(cells)
        lines = [
            f"– {names[k]}: nay là {format_number(v) if v is not None else 'trống'}"
            for k, v in list(cells.items())[:8]
        ]
        if len(cells) > 8:
            lines.append(f"… và {len(cells) - 8} ô khác")
        super().__init__(
            "chỉ tiêu của " + ("ô này" if len(cells) == 1 else f"{len(cells)} ô này"),
            who,
            when,
            None,
            by_import,
            "\n".join(lines),
        )


class QuotaMismatch(ServiceError):
    """Raised by :meth:`QuotaService.save` when sums disagree and the caller did not accept."""

    def __init__(self, mismatches: Sequence[Mismatch]) -> None:
        self.mismatches = tuple(mismatches)
        lines = [m.message for m in self.mismatches[:6]]
        if len(self.mismatches) > 6:
            lines.append(f"… và {len(self.mismatches) - 6} chỗ khác.")
        super().__init__("Chỉ tiêu chưa khớp:\n" + "\n".join(lines))


def check(
    units: Sequence[GridUnit],
    columns: Sequence[GridPeriod],
    values: Mapping[Key, int | None],
    names: Mapping[int, str] | None = None,
) -> list[Mismatch]:
    """Where children do not add up to their parent, and periods to the whole."""
    name = {u.id: short_unit_name(u.name) for u in units} | dict(names or {})
    col_name = {c.id: c.name for c in columns}
    kids: dict[int, list[int]] = {}
    for u in units:
        if u.parent_id is not None:
            kids.setdefault(u.parent_id, []).append(u.id)
    out: list[Mismatch] = []
    for u in units:
        children = kids.get(u.id, [])
        for c in columns:
            own = values.get((u.id, c.id))
            got = [values.get((k, c.id)) for k in children]
            if own is None or not children or all(g is None for g in got):
                continue
            total = sum(g or 0 for g in got)
            if total != own:
                diff = total - own
                out.append(
                    Mismatch(
                        u.id,
                        c.id,
                        "children",
                        own,
                        total,
                        f"{name[u.id]} — {col_name[c.id]}: các đơn vị trực thuộc cộng lại "
                        f"{format_number(total)}, khác chỉ tiêu {format_number(own)} "
                        f"({'thừa' if diff > 0 else 'thiếu'} {format_number(abs(diff))}).",
                    )
                )
        whole = values.get((u.id, None))
        parts = [values.get((u.id, c.id)) for c in columns if c.id is not None]
        if whole is None or not parts or any(p is None for p in parts):
            continue
        total = sum(p or 0 for p in parts)
        if total != whole:
            diff = total - whole
            out.append(
                Mismatch(
                    u.id,
                    None,
                    "periods",
                    whole,
                    total,
                    f"{name[u.id]}: các giai đoạn cộng lại {format_number(total)}, khác chỉ "
                    f"tiêu cả chương trình {format_number(whole)} "
                    f"({'thừa' if diff > 0 else 'thiếu'} {format_number(abs(diff))}).",
                )
            )
    return out


def split(total: int, weights: Sequence[float | int | None] | int) -> list[int]:
    """Split ``total`` into whole numbers: evenly (``weights`` a count), or in proportion to
    ``weights`` (missing weights count as 0; all zero: evenly). Largest remainders first, so
    the parts always add up to ``total``."""
    if total < 0:
        raise ServiceError("Chỉ tiêu không được âm.")
    if isinstance(weights, int):
        weights = [1] * weights
    w = [max(0.0, float(x or 0)) for x in weights]
    if not w:
        return []
    if sum(w) == 0:
        w = [1.0] * len(w)
    s = sum(w)
    exact = [total * x / s for x in w]
    parts = [int(e) for e in exact]
    order = sorted(range(len(w)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


# ---- reading a quota table ----------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    source: str


def read_table(path: str | Path) -> Table:
    """The first sheet of an .xlsx, or a .csv (UTF-8 or Windows-1258), from its header row."""
    path = Path(path)
    if not path.exists():
        raise ServiceError(f"Không tìm thấy tệp «{path}».")
    suffix = path.suffix.casefold()
    source = path.name
    if suffix in (".xlsx", ".xlsm"):
        sheet = choose_sheet(path)  # the first visible sheet, checked small enough to read
        raw = _read_xlsx(path, sheet)
        if sheet.hidden:  # say which sheet was read when hidden ones were passed over
            source = f"{path.name} ({sheet.note})"
    elif suffix in (".csv", ".txt"):
        raw = _read_csv(path)
    else:
        raise ServiceError(f"«{path.name}»: chỉ đọc được bảng .xlsx hoặc .csv.")
    for i, row in enumerate(raw[:15]):
        texts = [fold(str(c)) for c in row if c not in (None, "")]
        if any("don vi" in t or t.startswith("ten") for t in texts) and len(texts) >= 2:
            headers = tuple(clean(str(c)) if c is not None else "" for c in row)
            body = tuple(tuple(r) for r in raw[i + 1 :] if any(c not in (None, "") for c in r))
            return Table(headers, body, source)
    raise ServiceError(
        f"«{path.name}»: không thấy dòng tiêu đề có cột «Tên đơn vị». Bảng cần một cột tên đơn "
        "vị và các cột chỉ tiêu."
    )


def _read_csv(path: Path) -> list[list[object]]:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes nearly anything
        raise ServiceError(f"«{path.name}»: không đọc được bảng mã của tệp.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(path: Path, sheet: SheetChoice) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ServiceError(f"«{path.name}»: không mở được tệp Excel ({exc}).") from exc
    try:
        ws = wb[sheet.name]
        return [
            list(r)
            for r in ws.iter_rows(max_row=sheet.rows, max_col=max(sheet.cols, 1), values_only=True)
        ]
    finally:
        wb.close()


# ---- matching names ---------------------------------------------------------------------------

_ABBREVIATIONS = (
    (r"\bldld\b", "lien doan lao dong"),
    (r"\bcdcs\b", "cong doan co so"),
    (r"\bcdn\b", "cong doan nganh"),
    (r"\bcd\b", "cong doan"),
    (r"\bh\b", "huyen"),
    (r"\btp\b", "thanh pho"),
    (r"\btx\b", "thi xa"),
    (r"\bkcn\b", "khu cong nghiep"),
)


def normalise_name(text: str) -> str:
    """A unit name folded (no diacritics, no case), abbreviations spelled out, no punctuation."""
    s = re.sub(r"[^0-9a-z]+", " ", fold(text)).strip()
    for pattern, full in _ABBREVIATIONS:
        s = re.sub(pattern, full, s)
    return " ".join(s.split())


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ta, tb = set(a.split()), set(b.split())
    if (ta and ta <= tb) or (tb and tb <= ta):  # "cong doan vien chuc" ⊂ "… tinh lai chau"
        return 0.93
    return SequenceMatcher(None, a, b).ratio()


TOTAL_WORDS = ("tong", "tong cong", "cong", "toan tinh", "tong so")
SURE = 0.9
MARGIN = 0.05


@dataclass(frozen=True)
class Candidate:
    unit_id: int
    name: str
    score: float


@dataclass(frozen=True)
class ImportRow:
    line: int  # row number in the file (1 = the header)
    source_name: str
    values: Mapping[int | None, int | None]  # period_id (None: whole) -> figure
    unit_id: int | None  # the match; None when unsure or unknown
    candidates: tuple[Candidate, ...]  # best first
    is_total: bool = False

    @property
    def sure(self) -> bool:
        return self.unit_id is not None


@dataclass(frozen=True)
class ImportPlan:
    campaign_id: int
    root_unit_id: int
    source: str
    columns: Mapping[str, int | None]  # header -> period id (None: whole campaign)
    ignored_headers: tuple[str, ...]
    rows: tuple[ImportRow, ...]
    problems: tuple[str, ...] = field(default_factory=tuple)
    # Units of the grid whose quotas another office sets: their rows are skipped, and said so.
    read_only: Mapping[int, str] = field(default_factory=dict)

    @property
    def unsure(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if not r.sure)

    def _unit_of(self, r: ImportRow, choices: Mapping[int, int | None]) -> int | None:
        return choices.get(r.line, r.unit_id) if r.line in choices else r.unit_id

    def skipped(self, choices: Mapping[int, int | None] | None = None) -> list[str]:
        """Why rows matched to units this office does not set quotas for are not written."""
        choices = choices or {}
        out = []
        for r in self.rows:
            unit_id = self._unit_of(r, choices)
            if unit_id in self.read_only and any(v is not None for v in r.values.values()):
                out.append(f"Dòng {r.line} «{r.source_name}»: {self.read_only[unit_id]} Bỏ qua.")
        return out

    def refuse_if_none_owned(self, choices: Mapping[int, int | None] | None = None) -> None:
        """A table whose every figure belongs to another office is refused, not "imported"."""
        skipped = self.skipped(choices)
        if skipped and not self.values(choices):
            raise NotOwner(
                "Không có chỉ tiêu nào trong bảng do văn phòng này giao:\n" + "\n".join(skipped)
            )

    def values(self, choices: Mapping[int, int | None] | None = None) -> dict[Key, int]:
        """{(unit, period): figure}; ``choices`` maps a row's line to the unit the person chose
        (None: skip the row). Rows of units this office does not set are left out
        (:meth:`skipped` says which)."""
        choices = choices or {}
        out: dict[Key, int] = {}
        for r in self.rows:
            unit_id = self._unit_of(r, choices)
            if unit_id is None or unit_id in self.read_only:
                continue
            for period_id, v in r.values.items():
                if v is not None:
                    out[(unit_id, period_id)] = v
        return out


def _map_columns(
    headers: Sequence[str], periods: Sequence[Period], overrides: Mapping[str, str]
) -> tuple[int, dict[int, int | None], list[str], list[str]]:
    """(name column, {column index: period id or None}, ignored headers, problems)."""
    folded = [fold(h) for h in headers]
    name_col = next((i for i, h in enumerate(folded) if "don vi" in h or h.startswith("ten")), None)
    if name_col is None:
        raise ServiceError("Không thấy cột tên đơn vị.")
    by_name = {fold(p.name): p for p in periods}
    over = {fold(k): v for k, v in overrides.items()}
    mapping: dict[int, int | None] = {}
    ignored: list[str] = []
    problems: list[str] = []
    for i, h in enumerate(folded):
        if i == name_col or not h:
            continue
        if h in over:
            target = fold(over[h])
            if target in ("", "bo", "bo qua", "-"):
                ignored.append(headers[i])
                continue
            if target in ("ca", "ca chuong trinh", "toan bo", "whole"):
                mapping[i] = None
                continue
            hit = [p for p in periods if fold(p.name) == target or str(p.seq + 1) == target]
            if len(hit) != 1:
                problems.append(f"Không có giai đoạn «{over[h]}» cho cột «{headers[i]}».")
                continue
            mapping[i] = hit[0].id
            continue
        if h in ("tt", "stt", "so tt", "ma", "ma don vi", "ghi chu") or "ghi chu" in h:
            ignored.append(headers[i])
            continue
        if h in by_name:
            mapping[i] = by_name[h].id
            continue
        number = re.search(r"(?:giai doan|gd|dot|phase)\s*(\d+)\b", h)
        years = re.findall(r"\b(20\d\d)\b", h)
        hit: list[Period] = []
        if number:
            n = int(number.group(1))
            hit = [p for p in periods if p.seq == n - 1 or re.search(rf"\b{n}\b", fold(p.name))]
        elif years:
            hit = [p for p in periods if all(y in p.name for y in years)]
            if not hit:
                hit = [
                    p
                    for p in periods
                    if p.count_to and all(str(p.count_to.year) == y for y in years)
                ]
        if len(hit) == 1:
            mapping[i] = hit[0].id
        elif not number and not years and ("chi tieu" in h or "tong" in h or "giai doan" in h):
            mapping[i] = None
        elif "chi tieu" in h or number or years:
            problems.append(
                f"Cột «{headers[i]}»: không rõ là giai đoạn nào; hãy chỉ rõ "
                f'(--column "{headers[i]}=TÊN GIAI ĐOẠN").'
            )
        else:
            ignored.append(headers[i])
    if list(mapping.values()).count(None) > 1:
        problems.append("Có hơn một cột được hiểu là chỉ tiêu cả chương trình.")
    if not mapping:
        problems.append("Không thấy cột chỉ tiêu nào.")
    return name_col, mapping, ignored, problems


def _read_only(s: Session, units: Iterable[Unit]) -> dict[int, str]:
    """{unit id: why this office may not set its quota} for the units it does not own."""
    own = ownership(s)
    out = {}
    for u in units:
        refusal = quota_refusal(s, own, u)
        if refusal is not None:
            out[u.id] = str(refusal)
    return out


class QuotaService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def grid(self, campaign_id: int, root_unit_id: int) -> QuotaGrid:
        with self._sf() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            root = s.get(Unit, root_unit_id)
            if root is None:
                raise NotFound("Không tìm thấy đơn vị.")
            kids = s.scalars(
                select(Unit)
                .where(Unit.parent_id == root.id, Unit.valid_to.is_(None))
                .order_by(Unit.name_key)
            ).all()
            units = tuple(
                GridUnit(u.id, u.code, u.name, u.kind, u.parent_id, u.id == root.id)
                for u in (root, *kids)
            )
            ids = [u.id for u in units]
            values, versions = {}, {}
            for u, p, t, ev in s.execute(
                select(Quota.unit_id, Quota.period_id, Quota.target, Quota.edit_version).where(
                    Quota.campaign_id == campaign_id, Quota.unit_id.in_(ids)
                )
            ):
                values[(u, p)] = t
                versions[(u, p)] = ev
            columns = (
                GridPeriod(None, "Cả chương trình"),
                *(GridPeriod(p.id, p.name) for p in campaign.periods),
            )
            # The root's own parent is outside the grid: the root has no parent here.
            root_row = GridUnit(root.id, root.code, root.name, root.kind, None, True)
            return QuotaGrid(
                campaign_id,
                root_row,
                (root_row, *units[1:]),
                columns,
                values,
                _read_only(s, (root, *kids)),
                versions,
            )

    def check(self, grid: QuotaGrid, values: Mapping[Key, int | None]) -> list[Mismatch]:
        return check(grid.units, grid.columns, values)

    def save(
        self,
        campaign_id: int,
        root_unit_id: int,
        values: Mapping[Key, int | None],
        accept_mismatches: bool = False,
        loaded: Mapping[Key, int] | None = None,
    ) -> list[Mismatch]:
        """Write the grid's figures (None clears one). Sums that disagree raise
        :class:`QuotaMismatch` unless ``accept_mismatches``; returns the mismatches saved.

        ``loaded``: ``QuotaGrid.versions`` of the grid the person edited. A cell written here
        that changed since (a figure set, changed or cleared by someone else or a bundle)
        raises :class:`QuotaConflict` and nothing is saved; cells not touched here may have
        changed freely (the sums are checked on the figures as they are now)."""
        for (_u, _p), v in values.items():
            problems = check_quota(v) if v is not None else []
            if problems:
                raise ValidationFailed(problems)
        grid = self.grid(campaign_id, root_unit_id)
        allowed = {u.id for u in grid.units}
        periods = {c.id for c in grid.columns}
        for unit_id, period_id in values:
            if unit_id not in allowed or period_id not in periods:
                raise ServiceError("Chỉ tiêu cho một đơn vị hoặc giai đoạn ngoài bảng này.")
        refused = [
            grid.read_only[u]
            for u in dict.fromkeys(
                u for (u, p), v in values.items() if v != grid.values.get((u, p))
            )
            if u in grid.read_only
        ]
        if refused:
            raise NotOwner("\n".join(refused[:6]) + ("\n…" if len(refused) > 6 else ""))
        if loaded is not None:
            self._refuse_changed_cells(grid.versions, grid.values, values, loaded, campaign_id)
        merged: dict[Key, int | None] = {**grid.values, **values}
        mismatches = check(grid.units, grid.columns, merged)
        if mismatches and not accept_mismatches:
            raise QuotaMismatch(mismatches)
        try:
            return self._write(campaign_id, allowed, values, loaded, mismatches)
        except (StaleDataError, IntegrityError):
            # Another save won the race for a cell inside the same instant: say which.
            if loaded is None:
                raise
            fresh = self.grid(campaign_id, root_unit_id)
            self._refuse_changed_cells(fresh.versions, fresh.values, values, loaded, campaign_id)
            raise

    def _write(
        self,
        campaign_id: int,
        allowed: set[int],
        values: Mapping[Key, int | None],
        loaded: Mapping[Key, int] | None,
        mismatches: list[Mismatch],
    ) -> list[Mismatch]:
        changed = 0
        with self._sf.begin() as s:
            existing = {
                (q.unit_id, q.period_id): q
                for q in s.scalars(
                    select(Quota).where(
                        Quota.campaign_id == campaign_id, Quota.unit_id.in_(sorted(allowed))
                    )
                )
            }
            if loaded is not None:  # again, in the transaction that writes
                self._refuse_changed_cells(
                    {k: q.edit_version for k, q in existing.items()},
                    {k: q.target for k, q in existing.items()},
                    values,
                    loaded,
                    campaign_id,
                    s,
                )
            for key, v in values.items():
                q = existing.get(key)
                if v is None:
                    if q is not None:
                        s.delete(q)
                        changed += 1
                    continue
                if q is None:
                    q = Quota(campaign_id=campaign_id, unit_id=key[0], period_id=key[1], target=v)
                    s.add(q)
                elif q.target == v:
                    continue
                q.target = v
                tick(s, q)
                changed += 1
            if changed:
                c = s.get(Campaign, campaign_id)
                assert c is not None
                audit(
                    s,
                    "campaign",
                    c.uid,
                    "quotas",
                    f"Giao chỉ tiêu {c.name}: {changed} ô",
                    {"mismatches": [m.message for m in mismatches]} if mismatches else None,
                )
        log.info("quotas saved: campaign %s, %d figures", campaign_id, len(values))
        return mismatches

    def _refuse_changed_cells(
        self,
        versions: Mapping[Key, int],
        targets: Mapping[Key, int],
        values: Mapping[Key, int | None],
        loaded: Mapping[Key, int],
        campaign_id: int,
        s: Session | None = None,
    ) -> None:
        changed = {k: targets.get(k) for k in values if versions.get(k, 0) != loaded.get(k, 0)}
        if not changed:
            return
        if s is None:
            with self._sf() as fresh:
                raise self._conflict(fresh, changed, campaign_id)
        raise self._conflict(s, changed, campaign_id)

    @staticmethod
    def _conflict(s: Session, cells: Mapping[Key, int | None], campaign_id: int) -> QuotaConflict:
        c = s.get(Campaign, campaign_id)
        units = {
            u.id: u.name for u in s.scalars(select(Unit).where(Unit.id.in_({k[0] for k in cells})))
        }
        periods = {p.id: p.name for p in (c.periods if c else [])}
        names = {
            k: f"{short_unit_name(units.get(k[0], '?'))}, "
            f"{periods.get(k[1], '?') if k[1] is not None else 'cả chương trình'}"
            for k in cells
        }
        who, when, by_import = last_change(s, "campaign", c.uid if c else None)
        newest = s.scalar(
            select(func.max(Quota.updated_at)).where(
                Quota.campaign_id == campaign_id,
                Quota.unit_id.in_({k[0] for k in cells}),
            )
        )
        if newest is not None and (when is None or newest > when + dt.timedelta(seconds=5)):
            who, when, by_import = None, newest, True  # a bundle brought them (no audit entry)
        return QuotaConflict(cells, names, who, when, by_import)

    def clear(self, campaign_id: int) -> int:
        """Delete every quota of a campaign this office sets (before a fresh import; all of
        them when no office is set up); returns how many."""
        with self._sf.begin() as s:
            own = ownership(s)
            if own.unrestricted:
                n = s.execute(delete(Quota).where(Quota.campaign_id == campaign_id)).rowcount
                return int(n or 0)
            units = {
                i: (kind, parent)
                for i, kind, parent in s.execute(select(Unit.id, Unit.kind, Unit.parent_id))
            }
            mine = [
                q
                for q in s.scalars(select(Quota).where(Quota.campaign_id == campaign_id))
                if q.unit_id in units and own.owns_quota_of(*units[q.unit_id])
            ]
            for q in mine:
                s.delete(q)
            return len(mine)

    # ---- import -----------------------------------------------------------------------------
    def plan_import(
        self,
        campaign_id: int,
        table: Table,
        root_unit_id: int,
        columns: Mapping[str, str] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> ImportPlan:
        """Match a table's rows to the root unit and its children, its columns to periods.

        ``columns`` maps a header to a period name (or "cả chương trình", or "bỏ qua");
        ``names`` maps a name as written in the table to a unit code: both settle what the
        matching cannot.
        """
        with self._sf() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            periods = list(campaign.periods)
            root = s.get(Unit, root_unit_id)
            if root is None:
                raise NotFound("Không tìm thấy đơn vị.")
            kids = s.scalars(
                select(Unit).where(Unit.parent_id == root.id).order_by(Unit.name_key)
            ).all()
            by_code = {u.code.casefold(): u for u in (root, *kids)}
            name_col, mapping, ignored, problems = _map_columns(
                table.headers, periods, columns or {}
            )
            keys = {
                u.id: {normalise_name(n) for n in (u.name, u.short_name or "") if n} for u in kids
            }
            unit_names = {u.id: short_unit_name(u.name, u.short_name) for u in (root, *kids)}
            forced = {normalise_name(k): v for k, v in (names or {}).items()}
            rows: list[ImportRow] = []
            used: dict[int, int] = {}
            for n, raw in enumerate(table.rows, start=2):
                cells = list(raw) + [None] * (len(table.headers) - len(raw))
                source = clean(str(cells[name_col] or ""))
                if not source:
                    continue
                values: dict[int | None, int | None] = {}
                for col, period_id in mapping.items():
                    try:
                        v = parse_number(cells[col])  # type: ignore[arg-type]
                    except ValueError:
                        problems.append(
                            f"Dòng {n}, cột «{table.headers[col]}»: «{cells[col]}» không phải "
                            "là số."
                        )
                        v = None
                    if v is not None and (v != int(v) or v < 0):
                        problems.append(
                            f"Dòng {n}, cột «{table.headers[col]}»: chỉ tiêu phải là số nguyên "
                            "không âm."
                        )
                        v = None
                    elif v is not None and (bad := check_quota(int(v))):
                        problems.append(
                            f"Dòng {n}, cột «{table.headers[col]}»: {rules_message(bad)}"
                        )
                        v = None
                    values[period_id] = int(v) if v is not None else None
                if all(v is None for v in values.values()):
                    continue
                norm = normalise_name(source)
                if norm in forced:
                    u = by_code.get(forced[norm].casefold())
                    if u is None:
                        problems.append(f"«{source}»: không có đơn vị mã «{forced[norm]}».")
                        rows.append(ImportRow(n, source, values, None, ()))
                    else:
                        rows.append(
                            ImportRow(
                                n,
                                source,
                                values,
                                u.id,
                                (Candidate(u.id, unit_names[u.id], 1.0),),
                                u.id == root.id,
                            )
                        )
                    continue
                if norm in TOTAL_WORDS or fold(source) in TOTAL_WORDS:
                    rows.append(
                        ImportRow(
                            n,
                            source,
                            values,
                            root.id,
                            (Candidate(root.id, unit_names[root.id], 1.0),),
                            True,
                        )
                    )
                    continue
                code_hit = by_code.get(source.casefold())
                scored = sorted(
                    (
                        Candidate(
                            uid,
                            unit_names[uid],
                            1.0
                            if code_hit is not None and code_hit.id == uid
                            else max(_similarity(norm, k) for k in ks),
                        )
                        for uid, ks in keys.items()
                    ),
                    key=lambda c: -c.score,
                )[:4]
                best = scored[0] if scored else None
                second = scored[1].score if len(scored) > 1 else 0.0
                sure = best is not None and (
                    best.score == 1.0 or (best.score >= SURE and best.score - second >= MARGIN)
                )
                rows.append(
                    ImportRow(n, source, values, best.unit_id if sure else None, tuple(scored))
                )
            # Two rows matched to one unit: neither is sure.
            for r in rows:
                if r.unit_id is not None:
                    used[r.unit_id] = used.get(r.unit_id, 0) + 1
            rows = [
                r
                if r.unit_id is None or used[r.unit_id] == 1
                else ImportRow(r.line, r.source_name, r.values, None, r.candidates, r.is_total)
                for r in rows
            ]
            return ImportPlan(
                campaign_id,
                root.id,
                table.source,
                {table.headers[i]: p for i, p in mapping.items()},
                tuple(ignored),
                tuple(rows),
                tuple(problems),
                _read_only(s, (root, *kids)),
            )

    def import_table(
        self,
        campaign_id: int,
        path: str | Path,
        root_unit_id: int,
        columns: Mapping[str, str] | None = None,
        names: Mapping[str, str] | None = None,
        accept_mismatches: bool = False,
        choices: Mapping[int, int | None] | None = None,
    ) -> tuple[ImportPlan, dict[Key, int], list[Mismatch]]:
        """Read, match and save a quota table in one go (the command line). Unsure rows,
        unreadable cells or columns raise ServiceError unless settled by ``choices``."""
        plan = self.plan_import(campaign_id, read_table(path), root_unit_id, columns, names)
        if plan.problems:
            raise ServiceError("\n".join(plan.problems))
        unsettled = [r for r in plan.unsure if r.line not in (choices or {})]
        if unsettled:
            lines = []
            for r in unsettled:
                cands = ", ".join(f"{c.name} ({c.score:.0%})" for c in r.candidates[:3])
                lines.append(
                    f"Dòng {r.line} «{r.source_name}»: chưa chắc là đơn vị nào"
                    + (f" — gần nhất: {cands}" if cands else "")
                )
            raise ServiceError("\n".join(lines))
        plan.refuse_if_none_owned(choices)
        values = plan.values(choices)
        mismatches = self.save(campaign_id, root_unit_id, values, accept_mismatches)
        return plan, values, mismatches


def candidates_text(candidates: Iterable[Candidate]) -> str:
    return ", ".join(f"{c.name} ({c.score:.0%})" for c in candidates)
