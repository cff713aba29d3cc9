"""The shared lists, kept as data in resources/lists: the 34 provinces and cities from 1 July
2025, the 63 before (the seeds' campaigns, and the national portal of 2021), the central
sector unions; read, matched against unit names, and a national office's first units."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from desktop.models import UnitKind
from desktop.services.common import ServiceError
from desktop.services.units import official_lists as lists
from desktop.services.units.excel_list import import_unit_list


def test_thirty_four_from_july_2025_sixty_three_before():
    now = lists.provinces()
    assert len(now) == len({p.name for p in now}) == 34
    assert lists.provinces(dt.date(2025, 7, 1)) == now
    before = lists.provinces(dt.date(2021, 3, 10))  # the 75 nghìn campaign (seed 002)
    assert len(before) == len({p.name for p in before}) == 63
    cities = {p.name for p in now if p.kind == "thành phố"}
    assert cities == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ"}
    assert sum(1 for p in now if not p.merged_from) == 11  # kept as they were
    # Every old one belongs to exactly one new one, and the new ones are made of the old ones.
    assert {p.became for p in before} == {p.name for p in now}
    made_of = {old for p in now for old in (p.merged_from or (p.name,))}
    assert made_of == {p.name for p in before} - {"Thừa Thiên Huế"} | {"Huế"}
    by_name = {p.name: p for p in now}
    assert by_name["Lâm Đồng"].merged_from == ("Lâm Đồng", "Đắk Nông", "Bình Thuận")
    assert by_name["Thành phố Hồ Chí Minh"].merged_from == (
        "Thành phố Hồ Chí Minh",
        "Bình Dương",
        "Bà Rịa - Vũng Tàu",
    )
    assert {p.name: p.became for p in before}["Hà Giang"] == "Tuyên Quang"
    assert len({p.code for p in now}) == 34
    # Written once, in NFC: «Thanh Hóa» and «Khánh Hòa» as the resolution writes them.
    for p in (*now, *before):
        assert unicodedata.is_normalized("NFC", p.name) and p.name == p.name.strip()
    assert {"Thanh Hóa", "Khánh Hòa", "Đắk Lắk"} <= set(by_name)


def test_central_sector_unions():
    unions = lists.central_unions()
    assert len(unions) == len({u.name for u in unions}) == len({u.code for u in unions}) == 20
    assert all(u.name.startswith("Công đoàn") for u in unions)
    assert lists.central_union_named("cong doan giao duc viet nam").name == (
        "Công đoàn Giáo dục Việt Nam"
    )


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        ("Liên đoàn Lao động tỉnh Lai Châu", None, "Lai Châu"),
        ("LĐLĐ tỉnh Hà Giang", dt.date(2021, 4, 1), "Hà Giang"),
        ("LĐLĐ tỉnh Hà Giang", dt.date(2026, 1, 1), "Tuyên Quang"),  # its place now
        ("Liên đoàn Lao động tỉnh Đắk Nông", dt.date(2021, 4, 1), "Đắk Nông"),  # seed 002
        ("LĐLĐ TP. Hồ Chí Minh", None, "Thành phố Hồ Chí Minh"),
        ("lien doan lao dong thanh pho ha noi", None, "Hà Nội"),
        ("Liên đoàn Lao động tỉnh Thừa Thiên Huế", None, "Huế"),
        ("Công đoàn Giáo dục Việt Nam", None, None),
    ],
)
def test_a_unit_name_names_its_province(name, on, expected):
    found = lists.province_named(name, on)
    assert (found.name if found else None) == expected


def test_a_national_office_starts_from_the_lists(sqlite_store):
    from desktop.services.registry import Services

    services = Services.over(sqlite_store)
    import_unit_list(sqlite_store.session_factory, lists.national_preview())
    assert services.units.counts_by_kind()[UnitKind.PROVINCE] == 34
    assert services.units.counts_by_kind()[UnitKind.CENTRAL_SECTOR] == 20
    tld = services.units.by_code("TLD")
    lc = services.units.by_code("LC")
    assert tld is not None and lc is not None and lc.parent_id == tld.id
    assert lc.name == "Liên đoàn Lao động tỉnh Lai Châu"
    assert services.units.by_code("HCM").name == "Liên đoàn Lao động Thành phố Hồ Chí Minh"
    assert services.units.by_code("HN").name == "Liên đoàn Lao động thành phố Hà Nội"


def test_a_broken_list_file_says_which_and_why(tmp_path, monkeypatch):
    (tmp_path / "tinh_thanh_2025.csv").write_text("ten\nLai Châu\n", encoding="utf-8")
    monkeypatch.setattr(lists, "lists_dir", lambda: tmp_path)
    lists.provinces_2025.cache_clear()
    try:
        with pytest.raises(ServiceError, match="thiếu cột: ma, ten, loai, hop_nhat_tu"):
            lists.provinces_2025()
    finally:
        monkeypatch.undo()
        lists.provinces_2025.cache_clear()
    assert len(lists.provinces_2025()) == 34
