"""Kinds and levels as a user meets them: the 2025 tree of a province read from an officer's
Excel list, the level each kind sits at, and the kinds offered for a new unit."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from desktop.models import DISTRICT_LEVEL_KINDS, UnitKind, UnitLevel
from desktop.services import labels
from desktop.services.registry import Services
from desktop.services.units.excel_list import import_unit_list, read_unit_list

PROVINCE = "Liên đoàn Lao động tỉnh Lai Châu"

# As an office types it after 1 July 2025: names as written, the «Loại» column often blank,
# sometimes a kind word, sometimes only the level.
ROWS_2025 = [
    ("LC", PROVINCE, "", ""),
    ("LC-TP", "Công đoàn phường Tân Phong", "Phường", "LC"),
    ("LC-DK", "CĐ phường Đoàn Kết", "", "LC"),
    ("LC-BL", "Công đoàn xã Bình Lư", "xã", "LC"),
    ("LC-SH", "Công đoàn xã Sìn Hồ", "Công đoàn cấp trên trực tiếp cơ sở", "LC"),
    ("LC-MT", "Công đoàn các xã Mường Tè, Bum Nưa", "", "LC"),
    ("LC-CD", "Công đoàn đặc khu Côn Đảo", "", "LC"),
    ("LC-KCN", "Công đoàn các Khu công nghiệp tỉnh Lai Châu", "", "LC"),
    ("LC-KKT", "Công đoàn Khu kinh tế cửa khẩu Ma Lù Thàng", "KKT", "LC"),
    ("LC-GD", "Công đoàn ngành Giáo dục", "", "LC"),
    ("LC-YT", "Công đoàn ngành Y tế tỉnh Lai Châu", "Ngành", "LC"),
    ("LC-VC", "Công đoàn Viên chức tỉnh Lai Châu", "", "LC"),
    ("LC-TP-01", "Công đoàn cơ sở Trường Tiểu học Tân Phong", "", "LC-TP"),
    ("LC-BL-01", "CĐCS Trạm Y tế xã Bình Lư", "", "LC-BL"),
    ("LC-KCN-01", "Công đoàn cơ sở Công ty Chè Tam Đường", "CĐCS", "LC-KCN"),
    ("LC-GD-01", "Công đoàn cơ sở Trường THPT Sìn Hồ", "Cơ sở", "LC-GD"),
    ("LC-VC-01", "Công đoàn cơ sở Sở Tư pháp", "", "LC-VC"),
    ("LC-01", "Công đoàn cơ sở Công ty Điện lực Lai Châu", "", "LC"),
]

KINDS_2025 = {
    "LC": UnitKind.PROVINCE,
    "LC-TP": UnitKind.WARD,
    "LC-DK": UnitKind.WARD,
    "LC-BL": UnitKind.COMMUNE,
    "LC-SH": UnitKind.COMMUNE,
    "LC-MT": UnitKind.INTER_COMMUNE,
    "LC-CD": UnitKind.SPECIAL_ZONE,
    "LC-KCN": UnitKind.INDUSTRIAL_ZONE,
    "LC-KKT": UnitKind.INDUSTRIAL_ZONE,
    "LC-GD": UnitKind.SECTOR,
    "LC-YT": UnitKind.SECTOR,
    "LC-VC": UnitKind.PUBLIC_EMPLOYEES,
    "LC-TP-01": UnitKind.GRASSROOTS,
    "LC-BL-01": UnitKind.GRASSROOTS,
    "LC-KCN-01": UnitKind.GRASSROOTS,
    "LC-GD-01": UnitKind.GRASSROOTS,
    "LC-VC-01": UnitKind.GRASSROOTS,
    "LC-01": UnitKind.GRASSROOTS,
}


def _sheet(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"])
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


@pytest.fixture
def province_2025(sqlite_store, tmp_path):
    """The 2025 province imported from its list, this PC set up as the province's office."""
    preview = read_unit_list(_sheet(tmp_path / "lai-chau-2025.xlsx", ROWS_2025))
    assert preview.problems == []
    services = Services.over(sqlite_store)
    assert import_unit_list(sqlite_store.session_factory, preview).created == len(ROWS_2025)
    services.office.set_up(services.units.by_code("LC").id)
    return services


def test_a_2025_province_list_imports_with_the_right_kinds_and_parents(province_2025):
    units = province_2025.units
    by_code = {u.code: u for u in units.list()}
    assert {code: u.kind for code, u in by_code.items()} == KINDS_2025
    parent_of = {code: by_code[p].code for code, _n, _k, p in ROWS_2025 if p}
    assert {c: units.get(by_code[c].parent_id).code for c in parent_of} == parent_of
    # The screens show each unit's own kind, and the level every upper kind shares.
    assert labels.UNIT_KIND[by_code["LC-CD"].kind] == "Công đoàn đặc khu"
    uppers = [u for u in by_code.values() if u.kind.is_district_level]
    assert {u.code for u in uppers} == {
        "LC-TP", "LC-DK", "LC-BL", "LC-SH", "LC-MT", "LC-CD", "LC-KCN", "LC-KKT",
        "LC-GD", "LC-YT", "LC-VC",
    }  # fmt: skip
    assert {labels.UNIT_LEVEL[u.kind.level] for u in uppers} == {
        "Công đoàn cấp trên trực tiếp cơ sở"
    }
    # The "district-level" units of the code are every direct upper-level union.
    assert {u.code for u in units.district_level()} == {u.code for u in uppers}


def test_each_kind_sits_at_its_level():
    assert UnitKind.NATIONAL.level == UnitLevel.NATIONAL
    assert {k for k in UnitKind if k.level == UnitLevel.PROVINCE} == {
        UnitKind.PROVINCE,
        UnitKind.CENTRAL_SECTOR,
    }
    assert {k for k in UnitKind if k.level == UnitLevel.GRASSROOTS} == {UnitKind.GRASSROOTS}
    assert set(DISTRICT_LEVEL_KINDS) == {
        UnitKind.COMMUNE,
        UnitKind.WARD,
        UnitKind.SPECIAL_ZONE,
        UnitKind.INTER_COMMUNE,
        UnitKind.INDUSTRIAL_ZONE,
        UnitKind.SECTOR,
        UnitKind.PUBLIC_EMPLOYEES,
        UnitKind.DISTRICT,
    }
    assert DISTRICT_LEVEL_KINDS[-1] == UnitKind.DISTRICT
    # Every kind and every level has its Vietnamese label.
    assert set(labels.UNIT_KIND) == set(UnitKind)
    assert set(labels.UNIT_LEVEL) == set(UnitLevel)


def test_the_province_office_is_offered_every_upper_kind_with_the_old_district_after_them(
    province_2025,
):
    units = province_2025.units
    offered = units.addable_kinds(units.by_code("LC").id)
    uppers = [k for k in offered if k.is_district_level]
    assert uppers == list(DISTRICT_LEVEL_KINDS)
    assert uppers[-1] == UnitKind.DISTRICT
    assert [labels.UNIT_KIND[k] for k in uppers[:3]] == [
        "Công đoàn xã",
        "Công đoàn phường",
        "Công đoàn đặc khu",
    ]
    assert UnitKind.GRASSROOTS in offered  # directly under the province, too
    # Under a ward's union: only grassroots unions (added by the ward's own office).
    assert units.addable_kinds(units.by_code("LC-TP").id) == ()


def test_a_ward_office_adds_grassroots_unions_under_it(sqlite_store, tmp_path):
    preview = read_unit_list(_sheet(tmp_path / "ds.xlsx", ROWS_2025))
    import_unit_list(sqlite_store.session_factory, preview)
    services = Services.over(sqlite_store)
    ward = services.units.by_code("LC-TP")
    services.office.set_up(ward.id)
    assert services.units.addable_kinds(ward.id) == (UnitKind.GRASSROOTS,)
    assert services.units.addable_kinds(services.units.by_code("LC-BL").id) == ()


def test_documents_of_a_ward_office_are_written_at_the_ward(sqlite_store, tmp_path):
    from desktop.services.documents.settings import default_settings

    preview = read_unit_list(_sheet(tmp_path / "ds.xlsx", ROWS_2025))
    import_unit_list(sqlite_store.session_factory, preview)
    services = Services.over(sqlite_store)
    services.office.set_up(services.units.by_code("LC-TP").id)
    with sqlite_store.session_factory() as s:
        ward = default_settings(s)
    assert ward.place == "Tân Phong"
    assert ward.superior == "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    assert ward.issuer == "CÔNG ĐOÀN PHƯỜNG TÂN PHONG"


def test_documents_of_the_province_go_to_every_upper_level_union(province_2025):
    from desktop.services.documents.settings import default_settings

    with province_2025.store.session_factory() as s:
        province = default_settings(s)
    assert province.place == "Lai Châu"
    assert "Các công đoàn cấp trên trực tiếp cơ sở;" in province.recipients
    assert "huyện" not in province.recipients
