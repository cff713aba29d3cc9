"""The lists every office shares: the provinces and cities (34 from 1 July 2025, the 63 before
for the campaigns of those years) and the central sector unions. Kept as data, in CSV files
under ``resources/lists/`` (their README says what each column holds), read once.

Used where the program needs them: the national portal's «nơi công tác» (portal_export.py),
the national office's first unit list (:func:`national_unit_list`, offered at the first run)
and its progress per province (the dashboard names the provinces its catalogue lacks).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop.models import UnitKind
from desktop.services.common import ServiceError
from desktop.services.units.excel_list import UnitListPreview, UnitListRow
from desktop.text.normalise import clean, fold

# The day the 34 provinces and cities start (their councils and offices from then on).
MERGER_DATE = dt.date(2025, 7, 1)
CITY = "thành phố"


@dataclass(frozen=True)
class Province:
    name: str  # "Lai Châu", "Thành phố Hồ Chí Minh"
    kind: str  # "tỉnh" or "thành phố" (under the central government)
    code: str = ""  # the unit code offered for it (34 only; not an official state code)
    merged_from: tuple[str, ...] = ()  # 34: the old ones it was made of (empty: unchanged)
    became: str = ""  # 63: the one it belongs to from 1 July 2025

    @property
    def federation(self) -> str:
        """Its federation's name: «Liên đoàn Lao động tỉnh Lai Châu»."""
        if self.name.lower().startswith(CITY):
            return f"Liên đoàn Lao động {self.name}"
        return f"Liên đoàn Lao động {self.kind} {self.name}"


@dataclass(frozen=True)
class CentralUnion:
    code: str
    name: str


def lists_dir() -> Path:
    """resources/lists in the source tree, or inside the frozen program (PyInstaller)."""
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parents[3]
    return base / "resources" / "lists"


def _rows(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    path = lists_dir() / name
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError) as exc:
        raise ServiceError(f"Không đọc được danh mục «{path}»: {exc}") from exc
    if not rows or any(c not in rows[0] for c in columns):
        raise ServiceError(f"Danh mục «{path}» thiếu cột: {', '.join(columns)}.")
    return [{k: clean(v or "") for k, v in r.items() if k} for r in rows]


@functools.cache
def provinces_2025() -> tuple[Province, ...]:
    return tuple(
        Province(
            r["ten"],
            r["loai"],
            r["ma"],
            tuple(x for x in (clean(p) for p in r["hop_nhat_tu"].split(";")) if x),
        )
        for r in _rows("tinh_thanh_2025.csv", ("ma", "ten", "loai", "hop_nhat_tu"))
    )


@functools.cache
def provinces_63() -> tuple[Province, ...]:
    return tuple(
        Province(r["ten"], r["loai"], became=r["tu_01_07_2025"])
        for r in _rows("tinh_thanh_63.csv", ("ten", "loai", "tu_01_07_2025"))
    )


@functools.cache
def central_unions() -> tuple[CentralUnion, ...]:
    return tuple(
        CentralUnion(r["ma"], r["ten"])
        for r in _rows("cong_doan_nganh_trung_uong.csv", ("ma", "ten"))
    )


def provinces(on: dt.date | None = None) -> tuple[Province, ...]:
    """The provinces and cities on ``on``: the 63 before 1 July 2025, the 34 from then on
    (today's without a date)."""
    return provinces_63() if on is not None and on < MERGER_DATE else provinces_2025()


# What a federation's name puts before its province's: «Liên đoàn Lao động tỉnh …», «LĐLĐ
# TP. …», «Công đoàn …». Folded (no diacritics, lower case).
_PREFIX = re.compile(r"^(?:lien doan lao dong|ldld|cong doan|cd)\s+")
_PLACE = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+")


def _place_key(name: str) -> str:
    key = fold(name).replace(".", ". ").split()
    text = " ".join(key)
    text = _PREFIX.sub("", text)
    return _PLACE.sub("", text).strip()


def province_named(name: str, on: dt.date | None = None) -> Province | None:
    """The province or city of ``on``'s list a unit's name names («Liên đoàn Lao động tỉnh
    Hà Giang», «Hà Giang», «LĐLĐ TP. Hồ Chí Minh»), diacritics and case aside; an old name
    after the merger gives the province it became part of. None if it names none."""
    key = _place_key(name)
    wanted = provinces(on)
    by_key = {_place_key(p.name): p for p in wanted}
    if key in by_key:
        return by_key[key]
    if wanted is provinces_2025():
        old = {_place_key(p.name): p for p in provinces_63()}.get(key)
        if old is not None:
            return next((p for p in wanted if p.name == old.became), None)
    return None


def missing_provinces(names: Iterable[str], on: dt.date | None = None) -> list[str]:
    """The provinces and cities of ``on``'s list that none of ``names`` (federations' names)
    names: what a national office's catalogue still lacks for its progress per province."""
    named = {p.name for p in (province_named(n, on) for n in names) if p is not None}
    return [p.name for p in provinces(on) if p.name not in named]


def central_union_named(name: str) -> CentralUnion | None:
    key = fold(name)
    return next((c for c in central_unions() if fold(c.name) == key), None)


def national_unit_list() -> list[tuple[str, str, UnitKind, str | None]]:
    """The national office's first units: the Tổng Liên đoàn, the federations of the 34
    provinces and cities, and the central sector unions, as (code, name, kind, parent code)."""
    out: list[tuple[str, str, UnitKind, str | None]] = [
        ("TLD", "Tổng Liên đoàn Lao động Việt Nam", UnitKind.NATIONAL, None)
    ]
    out += [(p.code, p.federation, UnitKind.PROVINCE, "TLD") for p in provinces_2025()]
    out += [(c.code, c.name, UnitKind.CENTRAL_SECTOR, "TLD") for c in central_unions()]
    return out


def national_preview() -> UnitListPreview:
    """:func:`national_unit_list` as a unit list to import (the first run's «Tổng Liên đoàn»)."""
    return UnitListPreview(
        rows=[
            UnitListRow(i, code, name, None, kind, parent, None)
            for i, (code, name, kind, parent) in enumerate(national_unit_list(), start=1)
        ],
        sheet_note="Danh mục 34 tỉnh, thành phố và công đoàn ngành Trung ương (resources/lists)",
    )
