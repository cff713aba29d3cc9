"""The demo data agrees with the plans it comes from, and carries nothing personal."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random
import re
import types
import unicodedata
from pathlib import Path

import pytest

from desktop.services.demo import data as dd

QUOTA_CSV = Path(__file__).resolve().parents[2] / "resources/demo/quotas_laichau_2022_2023.csv"
ALL_FIELD_CODES = [f.code for c in dd.CAMPAIGNS for f in c.fields]


def _number(text: str) -> int:
    """A figure as printed in the plan: "2.300" is two thousand three hundred."""
    return int(text.replace(".", ""))


def _quota_table() -> tuple[list[list[str]], list[str]]:
    with QUOTA_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["TT", "TÊN ĐƠN VỊ"]
    return rows[1:-1], rows[-1]


def _module_strings() -> list[str]:
    """Every string reachable from the module's data, plus a sample of generated text."""
    found: list[str] = []
    seen: set[int] = set()

    def walk(obj: object) -> None:
        if isinstance(obj, str):
            found.append(obj)
            return
        if id(obj) in seen or isinstance(obj, int | float | dt.date | type(None)):
            return
        seen.add(id(obj))
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for field in dataclasses.fields(obj):
                walk(getattr(obj, field.name))
        elif isinstance(obj, dict):
            for key, value in obj.items():
                walk(key)
                walk(value)
        elif isinstance(obj, tuple | list | set | frozenset):
            for item in obj:
                walk(item)

    for name, value in vars(dd).items():
        if name.startswith("__") or isinstance(value, types.ModuleType | types.FunctionType | type):
            continue
        walk(value)

    rng = random.Random(2024)
    for unit in dd.DISTRICT_UNITS:
        found.extend(dd.grassroots_names(unit))
    for i in range(400):
        title = dd.initiative_title(rng, ALL_FIELD_CODES[i % len(ALL_FIELD_CODES)])
        unit_name = rng.choice(dd.grassroots_names(rng.choice(dd.DISTRICT_UNITS)))
        found += [
            title,
            dd.description(rng, title),
            dd.person_name(rng),
            dd.job_title(rng, unit_name),
        ]
    return found


def test_units_and_quotas_equal_the_csv() -> None:
    body, total = _quota_table()
    assert len(body) == len(dd.DISTRICT_UNITS) == 11
    for row, unit in zip(body, dd.DISTRICT_UNITS, strict=True):
        whole, y2022, y2023 = (_number(cell) for cell in row[2:5])
        assert row[1] == unit.short_name
        assert (unit.quota_whole, unit.quota_2022, unit.quota_2023) == (whole, y2022, y2023)
        assert whole == y2022 + y2023, f"row {row[0]} does not add up"
    assert total[1] == "Tổng"
    totals = [_number(cell) for cell in total[2:5]]
    assert totals == [2300, 1200, 1100]
    assert totals == [sum(_number(row[i]) for row in body) for i in (2, 3, 4)]
    province = dd.PROVINCE
    assert [province.quota_whole, province.quota_2022, province.quota_2023] == totals


def test_unit_kinds_and_codes() -> None:
    kinds = {u.short_name: u.kind for u in dd.DISTRICT_UNITS}
    assert kinds["Công đoàn Viên chức"] == "public_employees"
    assert kinds["Công đoàn ngành Y tế"] == kinds["Công đoàn ngành Giáo dục"] == "sector"
    assert kinds["LĐLĐ Thành phố"] == "district"
    assert dd.unit("LC-TP").name == "Liên đoàn Lao động thành phố Lai Châu"
    codes = [u.code for u in (dd.PROVINCE, *dd.DISTRICT_UNITS)]
    assert len(set(codes)) == len(codes) and all(c.isascii() for c in codes)
    for unit in dd.DISTRICT_UNITS:
        names = dd.grassroots_names(unit)
        assert 4 <= len(names) <= 7 and len(set(names)) == len(names)
        assert all(n.startswith("Công đoàn cơ sở ") for n in names)
        assert names == dd.grassroots_names(unit)


def test_period_targets_add_up_to_the_province_target() -> None:
    trieu = dd.campaign("01TRIEU-2022")
    assert [p.target for p in trieu.periods] == [1200, 1100]
    assert trieu.province_target == 2300
    for spec in dd.CAMPAIGNS:
        targets = [p.target for p in spec.periods]
        if spec.province_target is not None and None not in targets:
            assert sum(t for t in targets if t is not None) == spec.province_target, spec.code


def test_windows_and_limits_as_the_plans_say() -> None:
    phase1, phase2 = dd.campaign("01TRIEU-2022").periods
    assert (phase1.count_from, phase1.count_to) == (dt.date(2021, 9, 1), dt.date(2022, 5, 31))
    assert phase2.count_from == dt.date(2022, 6, 1) and phase2.count_to.month == 9
    nghin = dd.campaign("75NGHIN-2021")
    assert nghin.nomination_limit == 2
    assert nghin.min_per_grassroots == 1
    assert nghin.province_target == 750
    dkst = dd.campaign("DKST-2024")
    for period in dkst.periods:
        due = {(d.due_on.month, d.due_on.day) for d in period.deadlines}
        assert {(1, 15), (8, 5)} <= due
    for spec in dd.CAMPAIGNS:
        assert spec.description_limit == 1000
        assert spec.code.isascii() and spec.source_seed in {"000", "001", "002", "003", "004"}
        for period in spec.periods:
            assert spec.starts_on <= period.count_from <= period.count_to <= spec.ends_on
    assert len(set(ALL_FIELD_CODES)) == len(ALL_FIELD_CODES)


def test_all_text_is_nfc() -> None:
    bad = [s for s in _module_strings() if not unicodedata.is_normalized("NFC", s)]
    assert bad == []


def test_no_email_or_phone_number() -> None:
    phone_like = re.compile(r"(?:\d[\s.\-]?){9,}")
    strings = _module_strings()
    assert [s for s in strings if "@" in s] == []
    assert [s for s in strings if phone_like.search(s)] == []


def test_generated_titles_are_varied_and_repeatable() -> None:
    def draw(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [
            dd.initiative_title(rng, ALL_FIELD_CODES[i % len(ALL_FIELD_CODES)]) for i in range(300)
        ]

    titles = draw(42)
    assert len(set(titles)) > 0.9 * len(titles)
    assert titles == draw(42)


@pytest.mark.parametrize("field_code", ALL_FIELD_CODES)
def test_generated_initiative_parts(field_code: str) -> None:
    rng = random.Random(field_code)
    for _ in range(50):
        title = dd.initiative_title(rng, field_code)
        text = dd.description(rng, title)
        assert title in text and len(text) < 1000
        benefit = dd.benefit_vnd(rng, field_code)
        assert benefit is None or 2_000_000 <= benefit <= 500_000_000
        assert len(dd.person_name(rng).split()) >= 3


def test_unknown_field_code_is_an_error() -> None:
    with pytest.raises(ValueError):
        dd.initiative_title(random.Random(0), "no-such-field")
