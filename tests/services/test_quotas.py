"""Quota grid checks, split helpers and importing the seed-003 quota table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.services.campaigns.quota_grid import QuotaMismatch
from desktop.services.campaigns.quota_split import split
from desktop.services.campaigns.quota_table import normalise_name, read_table
from desktop.services.common import ServiceError
from desktop.services.demo import data as demo_data

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "resources" / "demo" / "quotas_laichau_2022_2023.csv"


@pytest.fixture
def trieu(demo_services):
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    demo_services.quotas.clear(c.id)
    assert demo_services.campaigns.quotas(c.id) == {}
    return c


def _by_code(services, campaign):
    quotas = services.campaigns.quotas(campaign.id)
    p1, p2 = campaign.periods
    out = {}
    for spec in (demo_data.PROVINCE, *demo_data.DISTRICT_UNITS):
        u = services.units.by_code(spec.code)
        out[spec.code] = (
            quotas.get((u.id, None)),
            quotas.get((u.id, p1.id)),
            quotas.get((u.id, p2.id)),
        )
    return out


def _expected():
    return {
        s.code: (s.quota_whole, s.quota_2022, s.quota_2023)
        for s in (demo_data.PROVINCE, *demo_data.DISTRICT_UNITS)
    }


def test_importing_the_seed_table_gives_2300_1200_1100_and_every_unit_row(demo_services, trieu):
    province = demo_services.units.by_code("LC")
    plan, _values, mismatches = demo_services.quotas.import_table(trieu.id, TABLE, province.id)
    assert mismatches == []
    got = _by_code(demo_services, trieu)
    assert got["LC"] == (2300, 1200, 1100)
    assert got == _expected()
    # The header "CHỈ TIÊU NĂM 2022" is phase 1, "NĂM 2023" phase 2, "GIAI ĐOẠN" the whole.
    p1, p2 = trieu.periods
    assert plan.columns == {
        "CHỈ TIÊU GIAI ĐOẠN": None,
        "CHỈ TIÊU NĂM 2022": p1.id,
        "CHỈ TIÊU NĂM 2023": p2.id,
    }
    assert plan.ignored_headers == ("TT",)


def _xlsx_without_diacritics(path: Path) -> Path:
    rows = list(csv.reader(TABLE.open(encoding="utf-8")))
    changed = {
        "LĐLĐ huyện Phong Thổ": "LDLD huyen Phong Tho",
        "LĐLĐ huyện Sìn Hồ": "Liên đoàn Lao động H. Sìn Hồ",
        "LĐLĐ Thành phố": "LĐLĐ thành phố Lai Châu",
        "Công đoàn ngành Y tế": "CONG DOAN NGANH Y TE",
        "Công đoàn Viên chức": "CĐ Viên chức tỉnh",
        "LĐLĐ huyện Mường Tè": "LĐLĐ huyện Mường Tè ",
    }
    wb = Workbook()
    ws = wb.active
    ws.append(["BẢNG CHỈ TIÊU"])  # a title row above the header, as offices write them
    ws.append([])
    ws.append(rows[0])
    for r in rows[1:]:
        name = changed.get(r[1], r[1])
        ws.append([int(r[0]) if r[0] else None, name, *(int(x.replace(".", "")) for x in r[2:])])
    wb.save(path)
    return path


def test_an_xlsx_with_names_without_diacritics_or_slightly_different(
    demo_services, trieu, tmp_path
):
    province = demo_services.units.by_code("LC")
    path = _xlsx_without_diacritics(tmp_path / "chi tieu.xlsx")
    plan = demo_services.quotas.plan_import(trieu.id, read_table(path), province.id)
    assert plan.problems == ()
    assert plan.unsure == ()
    demo_services.quotas.import_table(trieu.id, path, province.id)
    assert _by_code(demo_services, trieu) == _expected()


def test_an_unclear_name_is_asked_not_guessed(demo_services, trieu, tmp_path):
    province = demo_services.units.by_code("LC")
    text = TABLE.read_text(encoding="utf-8").replace("LĐLĐ huyện Tân Uyên", "LĐLĐ huyện Uyên")
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    plan = demo_services.quotas.plan_import(trieu.id, read_table(path), province.id)
    assert [r.source_name for r in plan.unsure] == ["LĐLĐ huyện Uyên"]
    names = {c.name for c in plan.unsure[0].candidates[:2]}
    assert names == {"LĐLĐ huyện Tân Uyên", "LĐLĐ huyện Than Uyên"}
    with pytest.raises(ServiceError, match="chưa chắc"):
        demo_services.quotas.import_table(trieu.id, path, province.id)
    assert demo_services.campaigns.quotas(trieu.id) == {}  # nothing half-saved
    tan_uyen = demo_services.units.by_code("LC-TNU")
    line = plan.unsure[0].line
    demo_services.quotas.import_table(trieu.id, path, province.id, choices={line: tan_uyen.id})
    assert _by_code(demo_services, trieu) == _expected()
    # Or by name on the command line: --map "LĐLĐ huyện Uyên=LC-TNU".
    demo_services.quotas.clear(trieu.id)
    demo_services.quotas.import_table(
        trieu.id, path, province.id, names={"LDLD huyen Uyen": "LC-TNU"}
    )
    assert _by_code(demo_services, trieu) == _expected()


def test_a_table_whose_rows_do_not_add_up_is_saved_only_knowingly(demo_services, trieu, tmp_path):
    province = demo_services.units.by_code("LC")
    text = TABLE.read_text(encoding="utf-8").replace(
        "LĐLĐ huyện Sìn Hồ,250,130,120", "LĐLĐ huyện Sìn Hồ,250,130,110"
    )
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuotaMismatch) as err:
        demo_services.quotas.import_table(trieu.id, path, province.id)
    messages = [m.message for m in err.value.mismatches]
    assert any("Sìn Hồ" in m and "thiếu 10" in m for m in messages)  # its periods: 240 ≠ 250
    assert any("Giai đoạn 2" in m and "thiếu 10" in m for m in messages)  # the districts: 1.090
    assert demo_services.campaigns.quotas(trieu.id) == {}
    _plan, _values, saved = demo_services.quotas.import_table(
        trieu.id, path, province.id, accept_mismatches=True
    )
    assert len(saved) == 2
    assert _by_code(demo_services, trieu)["LC-SH"] == (250, 130, 110)


def test_grid_holds_the_office_unit_and_its_children_with_every_period(demo_services):
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    province = demo_services.units.by_code("LC")
    grid = demo_services.quotas.grid(c.id, province.id)
    assert grid.units[0].is_root and len(grid.units) == 12
    assert [col.name for col in grid.columns] == [
        "Cả chương trình",
        "Giai đoạn 1 (2022)",
        "Giai đoạn 2 (2023)",
    ]
    assert demo_services.quotas.check(grid, grid.values) == []
    ph = demo_services.units.by_code("LC-PT")
    changed = {**grid.values, (ph.id, None): 266}
    kinds = {(m.unit_id, m.kind, m.difference) for m in demo_services.quotas.check(grid, changed)}
    assert kinds == {(province.id, "children", 1), (ph.id, "periods", -1)}


def test_split_evenly_or_in_proportion_always_adds_up():
    assert split(1200, 11) == [110] + [109] * 10
    parts = split(1100, [265, 250, 240, 200, 180, 180, 180, 130, 280, 280, 115])
    assert sum(parts) == 1100
    assert parts[0] in (126, 127) and parts[-1] in (55, 56)  # 1.100 × 265 / 2.300 = 126,7
    assert split(10, [0, 0]) == [5, 5]
    with pytest.raises(ServiceError):
        split(-1, 2)


def test_names_are_compared_without_diacritics_and_abbreviations():
    assert normalise_name("LĐLĐ huyện Phong Thổ") == normalise_name(
        "Liên đoàn Lao động huyện PHONG THO"
    )
    assert normalise_name("CĐCS Trường TH Số 1") == "cong doan co so truong th so 1"
