"""Reading a quota table (.csv or .xlsx, like the quota table of seed 003) and matching it to
units and periods.

:func:`read_table` reads it from its header row; :func:`map_columns` matches its columns to
periods and :func:`match_rows` its rows to units: names without diacritics, abbreviated
("LĐLĐ", "CĐCS") or slightly different are recognised; a name that is not clearly one unit is
marked unsure, with its candidates, for the person to choose. The result is an
:class:`ImportPlan`, which :meth:`QuotaService.plan_import` returns and ``save`` writes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from desktop.models import Period, Unit
from desktop.services.campaigns.quota_grid import Key
from desktop.services.common import ServiceError
from desktop.services.rules.ownership import NotOwner
from desktop.services.rules.records import check_quota
from desktop.services.rules.records import message as rules_message
from desktop.services.units.tree import short_unit_name
from desktop.services.workbooks import read_values
from desktop.services.xlsx_guard import SheetChoice, choose_sheet
from desktop.text.normalise import clean, fold
from desktop.text.numbers import parse_number


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    source: str


def read_table(path: str | Path) -> Table:
    """The first visible sheet of an .xlsx, .xls or .ods, or a .csv (UTF-8 or Windows-1258),
    from its header row."""
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
    elif suffix in (".xls", ".ods"):
        values = read_values(path)  # Excel 97-2003, LibreOffice: calamine reads the values
        raw = [list(r) for r in values.rows]
        if values.choice.hidden:
            source = f"{path.name} ({values.choice.note})"
    elif suffix in (".csv", ".txt"):
        raw = _read_csv(path)
    else:
        raise ServiceError(f"«{path.name}»: chỉ đọc được bảng .xlsx, .xls, .ods hoặc .csv.")
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


def name_similarity(a: str, b: str, floor: float = 0.0) -> float:
    """How alike two normalised names are, 0 to 1. With ``floor``: 0.0 for a pair whose
    score is surely below it, told by their lengths alone (a caller scoring one name against
    tens of thousands of units skips most of the character matching)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ta, tb = set(a.split()), set(b.split())
    if (ta and ta <= tb) or (tb and tb <= ta):  # "cong doan vien chuc" ⊂ "… tinh lai chau"
        return 0.93
    if floor and 2.0 * min(len(a), len(b)) / (len(a) + len(b)) < floor:
        return 0.0  # SequenceMatcher's real_quick_ratio: an upper bound of its ratio
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
            if unit_id is None or unit_id not in self.read_only:
                continue
            if any(v is not None for v in r.values.values()):
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


def map_columns(
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
            named = [p for p in periods if fold(p.name) == target or str(p.seq + 1) == target]
            if len(named) != 1:
                problems.append(f"Không có giai đoạn «{over[h]}» cho cột «{headers[i]}».")
                continue
            mapping[i] = named[0].id
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


# ---- matching rows to units ---------------------------------------------------------------------


def match_rows(
    table: Table,
    name_col: int,
    mapping: Mapping[int, int | None],
    root: Unit,
    kids: Sequence[Unit],
    names: Mapping[str, str],
    problems: list[str],
) -> list[ImportRow]:
    """One row per table line holding a figure, matched to the root (a total line) or one of
    its children; ``names`` forces a name to a unit code. Unreadable cells go to ``problems``."""
    by_code = {u.code.casefold(): u for u in (root, *kids)}
    keys = {u.id: {normalise_name(n) for n in (u.name, u.short_name or "") if n} for u in kids}
    unit_names = {u.id: short_unit_name(u.name, u.short_name) for u in (root, *kids)}
    forced = {normalise_name(k): v for k, v in names.items()}
    rows: list[ImportRow] = []
    for n, raw in enumerate(table.rows, start=2):
        cells = list(raw) + [None] * (len(table.headers) - len(raw))
        source = clean(str(cells[name_col] or ""))
        if not source:
            continue
        values = _row_values(table, n, cells, mapping, problems)
        if all(v is None for v in values.values()):
            continue
        norm = normalise_name(source)
        if norm in forced:
            u = by_code.get(forced[norm].casefold())
            if u is None:
                problems.append(f"«{source}»: không có đơn vị mã «{forced[norm]}».")
                rows.append(ImportRow(n, source, values, None, ()))
            else:
                candidate = Candidate(u.id, unit_names[u.id], 1.0)
                rows.append(ImportRow(n, source, values, u.id, (candidate,), u.id == root.id))
            continue
        if norm in TOTAL_WORDS or fold(source) in TOTAL_WORDS:
            candidate = Candidate(root.id, unit_names[root.id], 1.0)
            rows.append(ImportRow(n, source, values, root.id, (candidate,), True))
            continue
        code_hit = by_code.get(source.casefold())
        scored = _scored(norm, code_hit.id if code_hit is not None else None, keys, unit_names)
        best = scored[0] if scored else None
        second = scored[1].score if len(scored) > 1 else 0.0
        sure = best is not None and (
            best.score == 1.0 or (best.score >= SURE and best.score - second >= MARGIN)
        )
        unit_id = best.unit_id if sure and best is not None else None
        rows.append(ImportRow(n, source, values, unit_id, tuple(scored)))
    return _unsure_when_shared(rows)


def _row_values(
    table: Table,
    n: int,
    cells: Sequence[object],
    mapping: Mapping[int, int | None],
    problems: list[str],
) -> dict[int | None, int | None]:
    """{period id: figure} of one line; a cell that is not a whole number >= 0 is None."""
    values: dict[int | None, int | None] = {}
    for col, period_id in mapping.items():
        try:
            v = parse_number(cells[col])  # type: ignore[arg-type]  # parse_number reads any cell
        except ValueError:
            problems.append(
                f"Dòng {n}, cột «{table.headers[col]}»: «{cells[col]}» không phải là số."
            )
            v = None
        if v is not None and (v != int(v) or v < 0):
            problems.append(
                f"Dòng {n}, cột «{table.headers[col]}»: chỉ tiêu phải là số nguyên không âm."
            )
            v = None
        elif v is not None and (bad := check_quota(int(v))):
            problems.append(f"Dòng {n}, cột «{table.headers[col]}»: {rules_message(bad)}")
            v = None
        values[period_id] = int(v) if v is not None else None
    return values


def _scored(
    norm: str,
    code_hit: int | None,
    keys: Mapping[int, set[str]],
    unit_names: Mapping[int, str],
) -> list[Candidate]:
    """The four likeliest units for a folded name, best first (a unit's code scores 1)."""
    return sorted(
        (
            Candidate(
                uid,
                unit_names[uid],
                1.0 if code_hit == uid else max(name_similarity(norm, k) for k in ks),
            )
            for uid, ks in keys.items()
        ),
        key=lambda c: -c.score,
    )[:4]


def _unsure_when_shared(rows: list[ImportRow]) -> list[ImportRow]:
    """Two rows matched to one unit: neither is sure."""
    used: dict[int, int] = {}
    for r in rows:
        if r.unit_id is not None:
            used[r.unit_id] = used.get(r.unit_id, 0) + 1
    return [
        r
        if r.unit_id is None or used[r.unit_id] == 1
        else ImportRow(r.line, r.source_name, r.values, None, r.candidates, r.is_total)
        for r in rows
    ]


def candidates_text(candidates: Iterable[Candidate]) -> str:
    return ", ".join(f"{c.name} ({c.score:.0%})" for c in candidates)
