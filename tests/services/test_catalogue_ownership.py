"""The catalogue (campaigns, quotas, units) is written only by the office that owns it.

A district office sets its grassroots unions' quotas and keeps their catalogue entries; the
province owns the campaigns, every other unit and every other quota. A refused write says why
in Vietnamese and leaves the store as it was (services/rules/ownership.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from desktop.models import UnitKind
from desktop.services.campaigns.quota_grid import QuotaMismatch
from desktop.services.campaigns.service import CampaignInput, CampaignRow, PeriodInput
from desktop.services.common import ServiceError
from desktop.services.rules.ownership import NotOwner
from desktop.services.units.excel_list import UnitListPreview, UnitListRow, import_unit_list
from desktop.services.units.tree import UnitRow

CAMPAIGN_REFUSED = (
    "Chỉ LĐLĐ tỉnh được lập và sửa chương trình thi đua; văn phòng LĐLĐ huyện Tam Đường "
    "nhận việc này qua gói dữ liệu."
)


@dataclass
class Catalogue:
    campaign: CampaignRow
    province: UnitRow
    tam_duong: UnitRow
    sin_ho: UnitRow
    school: UnitRow  # a grassroots union of Tam Đường
    clinic: UnitRow  # another one of Tam Đường
    market: UnitRow  # a grassroots union of Sìn Hồ
    direct: UnitRow  # a grassroots union directly under the province


def _build(services, office: str) -> Catalogue:
    """The catalogue as a real first run leaves it, then this PC's office set up."""
    u = services.units
    province = u.create(
        "LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE, short_name="LĐLĐ tỉnh"
    )
    tam_duong = u.create(
        "LC-TD",
        "Liên đoàn Lao động huyện Tam Đường",
        UnitKind.DISTRICT,
        province.id,
        short_name="LĐLĐ huyện Tam Đường",
    )
    sin_ho = u.create(
        "LC-SH",
        "Liên đoàn Lao động huyện Sìn Hồ",
        UnitKind.DISTRICT,
        province.id,
        short_name="LĐLĐ huyện Sìn Hồ",
    )
    school = u.create(
        "LC-TD-01", "Công đoàn cơ sở Trường Tiểu học Bản Bo", UnitKind.GRASSROOTS, tam_duong.id
    )
    clinic = u.create(
        "LC-TD-02", "Công đoàn cơ sở Trạm Y tế xã Bình Lư", UnitKind.GRASSROOTS, tam_duong.id
    )
    market = u.create(
        "LC-SH-01", "Công đoàn cơ sở Ban Quản lý chợ Sìn Hồ", UnitKind.GRASSROOTS, sin_ho.id
    )
    direct = u.create(
        "LC-01", "Công đoàn cơ sở Sở Giáo dục và Đào tạo", UnitKind.GRASSROOTS, province.id
    )
    campaign = services.campaigns.create(
        CampaignInput(
            code="01TRIEU",
            name="01 triệu sáng kiến",
            periods=(PeriodInput("Giai đoạn 1", dt.date(2021, 9, 1), dt.date(2022, 5, 31)),),
        ),
        [province.id, tam_duong.id, sin_ho.id],
    )
    services.campaigns.set_quota(campaign.id, province.id, None, 100)
    services.campaigns.set_quota(campaign.id, tam_duong.id, None, 30)
    services.campaigns.set_quota(campaign.id, sin_ho.id, None, 70)
    services.campaigns.set_quota(campaign.id, market.id, None, 12)  # Sìn Hồ's own
    services.office.set_up(tam_duong.id if office == "district" else province.id)
    return Catalogue(campaign, province, tam_duong, sin_ho, school, clinic, market, direct)


@pytest.fixture
def district(services):
    return services, _build(services, "district")


@pytest.fixture
def province(services):
    return services, _build(services, "province")


def _snapshot(services, cat: Catalogue):
    """What a person could check after a refusal: campaigns, quotas, units, unit histories."""
    return (
        services.campaigns.list(include_archived=True),
        services.campaigns.quotas(cat.campaign.id),
        services.units.list(include_closed=True),
        [services.units.history(u.id) for u in services.units.list(include_closed=True)],
    )


# ---- campaigns ----------------------------------------------------------------------------------


def test_a_district_cannot_create_or_change_a_campaign(district):
    services, cat = district
    before = _snapshot(services, cat)
    assert services.campaigns.may_edit() is False
    with pytest.raises(NotOwner) as refused:
        services.campaigns.create(CampaignInput(code="MOI", name="Chương trình mới"))
    assert str(refused.value) == CAMPAIGN_REFUSED
    data = services.campaigns.copy_input(cat.campaign.id, 0)
    changed = CampaignInput(**{**data.__dict__, "name": "Tên khác", "code": "01TRIEU"})
    with pytest.raises(NotOwner, match="Chỉ LĐLĐ tỉnh được lập và sửa chương trình thi đua"):
        services.campaigns.update(cat.campaign.id, changed, [cat.tam_duong.id])
    # An invalid input is refused for ownership first: nobody there could save it anyway.
    with pytest.raises(NotOwner):
        services.campaigns.create(CampaignInput(code="", name=""))
    with pytest.raises(NotOwner):  # "copy to next year" saves a new campaign
        services.campaigns.create(services.campaigns.copy_input(cat.campaign.id))
    assert _snapshot(services, cat) == before
    assert services.campaigns.get(cat.campaign.id).name == "01 triệu sáng kiến"


def test_the_province_creates_and_changes_campaigns(province):
    services, cat = province
    assert services.campaigns.may_edit() is True
    made = services.campaigns.create(services.campaigns.copy_input(cat.campaign.id))
    assert made.periods[0].count_from == dt.date(2022, 9, 1)
    data = services.campaigns.copy_input(cat.campaign.id, 0)
    got = services.campaigns.update(
        cat.campaign.id, CampaignInput(**{**data.__dict__, "code": "01TRIEU", "name": "Đổi tên"})
    )
    assert got.name == "Đổi tên"


# ---- quotas -------------------------------------------------------------------------------------


def test_a_district_sets_its_grassroots_quotas_only(district):
    services, cat = district
    c = cat.campaign.id
    services.campaigns.set_quota(c, cat.school.id, None, 18)
    assert services.campaigns.quotas(c)[(cat.school.id, None)] == 18
    before = _snapshot(services, cat)
    with pytest.raises(NotOwner) as own_figure:
        services.campaigns.set_quota(c, cat.tam_duong.id, None, 40)
    assert str(own_figure.value) == (
        "Chỉ tiêu của LĐLĐ huyện Tam Đường do LĐLĐ tỉnh giao; văn phòng LĐLĐ huyện Tam Đường "
        "chỉ xem và nhận chỉ tiêu này qua gói dữ liệu."
    )
    with pytest.raises(NotOwner, match="Chỉ tiêu của CĐCS Ban Quản lý chợ Sìn Hồ do LĐLĐ huyện"):
        services.campaigns.set_quota(c, cat.market.id, None, 1)
    with pytest.raises(NotOwner, match="Chỉ tiêu của LĐLĐ tỉnh do LĐLĐ tỉnh giao"):
        services.campaigns.set_quota(c, cat.province.id, None, 1)
    assert _snapshot(services, cat) == before


def test_the_district_grid_shows_its_own_figure_read_only_and_saves_the_rest(district):
    services, cat = district
    c = cat.campaign.id
    grid = services.quotas.grid(c, cat.tam_duong.id)
    assert [u.code for u in grid.units] == ["LC-TD", "LC-TD-02", "LC-TD-01"]  # Trạm < Trường
    assert set(grid.read_only) == {cat.tam_duong.id}
    assert "do LĐLĐ tỉnh giao" in grid.read_only[cat.tam_duong.id]
    assert grid.values[(cat.tam_duong.id, None)] == 30  # visible, as the province set it
    before = _snapshot(services, cat)
    # A save that touches the district's own figure is refused whole, naming the unit.
    with pytest.raises(NotOwner, match="Chỉ tiêu của LĐLĐ huyện Tam Đường do LĐLĐ tỉnh giao"):
        services.quotas.save(
            c,
            cat.tam_duong.id,
            {(cat.tam_duong.id, None): 31, (cat.school.id, None): 16, (cat.clinic.id, None): 15},
            accept_mismatches=True,
        )
    assert _snapshot(services, cat) == before
    # The sum of the grassroots unions is still checked against the province's figure.
    with pytest.raises(QuotaMismatch, match="thừa 1"):
        services.quotas.save(
            c, cat.tam_duong.id, {(cat.school.id, None): 16, (cat.clinic.id, None): 15}
        )
    assert _snapshot(services, cat) == before
    services.quotas.save(
        c,
        cat.tam_duong.id,
        # the district's own figure sent unchanged (a whole grid) is no write: accepted
        {(cat.tam_duong.id, None): 30, (cat.school.id, None): 16, (cat.clinic.id, None): 14},
    )
    quotas = services.campaigns.quotas(c)
    assert (quotas[(cat.school.id, None)], quotas[(cat.clinic.id, None)]) == (16, 14)
    assert quotas[(cat.tam_duong.id, None)] == 30


def test_clearing_at_a_district_clears_only_what_it_set(district):
    services, cat = district
    c = cat.campaign.id
    services.quotas.save(
        c, cat.tam_duong.id, {(cat.school.id, None): 16, (cat.clinic.id, None): 14}
    )
    assert services.quotas.clear(c) == 2
    assert services.campaigns.quotas(c) == {
        (cat.province.id, None): 100,
        (cat.tam_duong.id, None): 30,
        (cat.sin_ho.id, None): 70,
        (cat.market.id, None): 12,
    }


def test_an_imported_table_skips_the_rows_of_units_the_district_does_not_set(district, tmp_path):
    services, cat = district
    c = cat.campaign.id
    table = tmp_path / "chi-tieu.csv"
    table.write_text(
        "Tên đơn vị,Chỉ tiêu\n"
        "Tổng,35\n"
        "CĐCS Trường Tiểu học Bản Bo,20\n"
        "CĐCS Trạm Y tế xã Bình Lư,10\n",
        encoding="utf-8",
    )
    # The table's "Tổng" (35) is not the district's to set; its rows add up to the province's 30.
    plan, values, mismatches = services.quotas.import_table(c, table, cat.tam_duong.id)
    assert values == {(cat.school.id, None): 20, (cat.clinic.id, None): 10}
    assert plan.skipped() == [
        "Dòng 2 «Tổng»: Chỉ tiêu của LĐLĐ huyện Tam Đường do LĐLĐ tỉnh giao; văn phòng LĐLĐ "
        "huyện Tam Đường chỉ xem và nhận chỉ tiêu này qua gói dữ liệu. Bỏ qua."
    ]
    quotas = services.campaigns.quotas(c)
    assert quotas[(cat.tam_duong.id, None)] == 30  # not the table's 35
    assert (quotas[(cat.school.id, None)], quotas[(cat.clinic.id, None)]) == (20, 10)
    assert mismatches == []


def test_the_province_sets_district_level_and_direct_quotas_not_a_districts_grassroots(province):
    services, cat = province
    c = cat.campaign.id
    services.campaigns.set_quota(c, cat.tam_duong.id, None, 35)
    services.campaigns.set_quota(c, cat.province.id, None, 105)
    services.campaigns.set_quota(c, cat.direct.id, None, 5)  # directly under the province
    grid = services.quotas.grid(c, cat.province.id)
    assert grid.read_only == {}
    before = _snapshot(services, cat)
    with pytest.raises(
        NotOwner, match="Chỉ tiêu của CĐCS Trường Tiểu học Bản Bo do LĐLĐ huyện Tam Đường giao"
    ):
        services.campaigns.set_quota(c, cat.school.id, None, 3)
    district_grid = services.quotas.grid(c, cat.tam_duong.id)
    assert set(district_grid.read_only) == {cat.school.id, cat.clinic.id}
    with pytest.raises(NotOwner, match="văn phòng LĐLĐ tỉnh chỉ xem"):
        services.quotas.save(c, cat.tam_duong.id, {(cat.school.id, None): 3})
    assert _snapshot(services, cat) == before
    # Clearing at the province leaves Sìn Hồ's figure for its grassroots union.
    services.quotas.clear(c)
    assert services.campaigns.quotas(c) == {(cat.market.id, None): 12}


# ---- units --------------------------------------------------------------------------------------


def test_a_district_adds_renames_moves_merges_and_dissolves_its_own_grassroots_unions(district):
    services, cat = district
    u = services.units
    assert u.editable_ids() == {cat.school.id, cat.clinic.id}
    assert u.addable_kinds(cat.tam_duong.id) == (UnitKind.GRASSROOTS,)
    assert u.addable_kinds(cat.sin_ho.id) == ()
    assert u.addable_kinds(cat.province.id) == ()
    new = u.create(
        "LC-TD-03", "Công đoàn cơ sở Trường Mầm non Sơn Bình", UnitKind.GRASSROOTS, cat.tam_duong.id
    )
    u.rename(new.id, "Công đoàn cơ sở Trường Mầm non xã Sơn Bình", dt.date(2025, 7, 1))
    u.merge([new.id], cat.school.id, dt.date(2025, 8, 1))
    assert u.get(new.id).valid_to == dt.date(2025, 8, 1)
    u.dissolve(cat.clinic.id, dt.date(2025, 9, 1))
    assert u.get(cat.clinic.id).valid_to == dt.date(2025, 9, 1)


def test_a_district_cannot_touch_units_it_does_not_own(district):
    services, cat = district
    u = services.units
    before = _snapshot(services, cat)
    with pytest.raises(NotOwner) as other:
        u.create("LC-SH-09", "Công đoàn cơ sở Mới", UnitKind.GRASSROOTS, cat.sin_ho.id)
    assert str(other.value) == (
        "Chỉ LĐLĐ huyện Sìn Hồ được thêm đơn vị «Công đoàn cơ sở Mới» vào LĐLĐ huyện Sìn Hồ; "
        "văn phòng LĐLĐ huyện Tam Đường nhận danh mục đơn vị qua gói dữ liệu."
    )
    with pytest.raises(NotOwner, match="Chỉ LĐLĐ tỉnh được thêm đơn vị «Công đoàn ngành Y tế»"):
        u.create("LC-YT", "Công đoàn ngành Y tế", UnitKind.SECTOR, cat.province.id)
    with pytest.raises(NotOwner) as rename_self:
        u.rename(cat.tam_duong.id, "Liên đoàn Lao động thị xã Tam Đường", None)
    assert str(rename_self.value) == (
        "Đơn vị LĐLĐ huyện Tam Đường do LĐLĐ tỉnh quản lý trong danh mục; văn phòng LĐLĐ huyện "
        "Tam Đường chỉ xem và nhận thay đổi của đơn vị này qua gói dữ liệu."
    )
    with pytest.raises(NotOwner, match="Đơn vị CĐCS Ban Quản lý chợ Sìn Hồ do LĐLĐ huyện Sìn"):
        u.rename(cat.market.id, "Tên khác", None)
    with pytest.raises(NotOwner, match="do LĐLĐ huyện Sìn Hồ quản lý"):
        u.dissolve(cat.market.id, dt.date(2025, 1, 1))
    # Where a unit sits is the province's decision (a reorganisation), even for its own.
    with pytest.raises(NotOwner) as away:
        u.move(cat.school.id, cat.sin_ho.id, dt.date(2025, 1, 1))
    assert str(away.value) == (
        "Chỉ LĐLĐ tỉnh được chuyển đơn vị sang đơn vị cấp trên khác; văn phòng LĐLĐ huyện "
        "Tam Đường nhận việc này qua gói dữ liệu."
    )
    with pytest.raises(NotOwner, match="do LĐLĐ huyện Sìn Hồ quản lý"):
        u.merge([cat.school.id], cat.market.id, dt.date(2025, 1, 1))
    with pytest.raises(NotOwner, match="Chỉ LĐLĐ tỉnh được hợp nhất đơn vị có đơn vị trực"):
        u.merge([cat.sin_ho.id], cat.tam_duong.id, dt.date(2025, 1, 1))
    assert _snapshot(services, cat) == before


def test_the_province_keeps_every_unit_but_the_districts_grassroots_unions(province):
    services, cat = province
    u = services.units
    assert u.editable_ids() == {cat.province.id, cat.tam_duong.id, cat.sin_ho.id, cat.direct.id}
    assert set(u.addable_kinds(cat.province.id)) >= {UnitKind.DISTRICT, UnitKind.GRASSROOTS}
    assert u.addable_kinds(cat.tam_duong.id) == ()
    new = u.create("LC-MT", "Liên đoàn Lao động huyện Mường Tè", UnitKind.DISTRICT, cat.province.id)
    u.rename(cat.tam_duong.id, "Liên đoàn Lao động thị xã Tam Đường", dt.date(2025, 7, 1))
    u.create("LC-02", "Công đoàn cơ sở Sở Y tế", UnitKind.GRASSROOTS, cat.province.id)
    u.merge([new.id], cat.sin_ho.id, dt.date(2025, 7, 1))  # no grassroots unions yet: fine
    before = _snapshot(services, cat)
    with pytest.raises(NotOwner, match="Chỉ LĐLĐ huyện Tam Đường được thêm đơn vị"):
        u.create("LC-TD-09", "Công đoàn cơ sở Mới", UnitKind.GRASSROOTS, cat.tam_duong.id)
    with pytest.raises(NotOwner, match="do LĐLĐ huyện Tam Đường quản lý trong danh mục"):
        u.rename(cat.school.id, "Tên khác", None)
    assert _snapshot(services, cat) == before
    # Where units sit is the province's: it moves and merges the districts' unions too, dated.
    u.move(cat.direct.id, cat.tam_duong.id, dt.date(2025, 7, 1))
    assert u.get(cat.direct.id).parent_id == cat.tam_duong.id
    u.merge([cat.tam_duong.id], cat.sin_ho.id, dt.date(2025, 7, 1))
    assert {r.id for r in u.list(parent_id=cat.sin_ho.id)} >= {
        cat.school.id,
        cat.clinic.id,
        cat.direct.id,
    }
    assert u.get(cat.tam_duong.id).valid_to == dt.date(2025, 7, 1)
    # The districts' unions now belong to Sìn Hồ's catalogue, not the province's.
    assert cat.school.id not in u.editable_ids()
    with pytest.raises(ServiceError, match="không thể trực thuộc"):
        u.move(cat.school.id, cat.clinic.id, None)


def test_a_unit_list_imported_after_set_up_writes_only_the_rows_the_office_owns(district):
    services, cat = district
    preview = UnitListPreview(
        rows=[
            UnitListRow(
                2, "LC-TD-05", "Công đoàn cơ sở Trường THCS Bản Giang", None,
                UnitKind.GRASSROOTS, "LC-TD", None,
            ),
            UnitListRow(
                3, "LC-SH-05", "Công đoàn cơ sở Trường THCS Sìn Hồ", None,
                UnitKind.GRASSROOTS, "LC-SH", None,
            ),
            UnitListRow(
                4, "LC-NEW", "Liên đoàn Lao động huyện Nậm Nhùn", None,
                UnitKind.DISTRICT, "LC", None,
            ),
            UnitListRow(
                5, "LC-NEW-01", "Công đoàn cơ sở xã Nậm Hàng", None,
                UnitKind.GRASSROOTS, "LC-NEW", None,
            ),
        ]
    )  # fmt: skip
    result = import_unit_list(services.store.session_factory, preview)
    assert result.created == 1
    assert {p.row: p.message for p in result.refused} == {
        3: "«Công đoàn cơ sở Trường THCS Sìn Hồ»: đơn vị này do LĐLĐ huyện Sìn Hồ quản lý "
        "trong danh mục; văn phòng LĐLĐ huyện Tam Đường không nhập, đơn vị sẽ đến qua gói dữ "
        "liệu.",
        4: "«Liên đoàn Lao động huyện Nậm Nhùn»: đơn vị này do LĐLĐ tỉnh quản lý trong danh mục; "
        "văn phòng LĐLĐ huyện Tam Đường không nhập, đơn vị sẽ đến qua gói dữ liệu.",
        5: "«Công đoàn cơ sở xã Nậm Hàng»: đơn vị cấp trên «LC-NEW» không được nhập ở văn phòng "
        "này nên đơn vị này cũng không được nhập.",
    }
    codes = {r.code for r in services.units.list(include_closed=True)}
    assert "LC-TD-05" in codes and not codes & {"LC-SH-05", "LC-NEW", "LC-NEW-01"}
    assert services.units.by_code("LC-TD-05").parent_id == cat.tam_duong.id
