"""An import reads each distinct cell once and checks the rows' units in one query: every row
still gets its own verdict, and a plan cannot write another office's initiatives."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from openpyxl import Workbook

from desktop.models import Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.common import ServiceError
from desktop.services.initiatives.listing import ListQuery
from support.initiative_fixtures import build_world

SCHOOL = "CĐCS Trường Tiểu học Bản Bo"


@pytest.fixture
def world(services):
    return build_world(services)


def _list(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Ngày áp dụng", "Giá trị làm lợi"])
    for i, row in enumerate(rows, 1):
        ws.append([i, *row])
    wb.save(path)
    return path


def test_every_row_with_the_same_bad_cell_is_refused_and_the_good_ones_come_in(
    services, world, tmp_path
):
    rows = [
        ["Sáng kiến A", "Nguyễn Văn An", "Công ty Mới Lập", "10/01/2022", "1 tỷ 200"],
        ["Sáng kiến B", "Trần Thị Bình", SCHOOL, "31/02/2022", ""],
        ["Sáng kiến C", "Lò Văn Inh", "Công ty Mới Lập", "10/01/2022", ""],
        ["Sáng kiến D", "Vàng Thị Dế", SCHOOL, "31/02/2022", "2,5 triệu"],
        ["Sáng kiến E", "Lò Thị Én", SCHOOL, "10/01/2022", "2,5 triệu"],
        ["Sáng kiến F", "Lò Văn Phong", SCHOOL, "10/01/2022", "1 tỷ 200"],
    ]
    imp = services.initiative_import
    plan = imp.plan(imp.read(_list(tmp_path / "ds.xlsx", rows)), world.campaign.id)
    reasons = {r.row_number: r.reason for r in plan.rejected}
    assert sorted(reasons) == [2, 3, 4, 5, 7]
    assert "Công ty Mới Lập" in reasons[2] and reasons[2] == reasons[4]
    assert "Ngày áp dụng" in reasons[3] and reasons[3] == reasons[5]
    assert reasons[7] != "" and "1 tỷ 200" in reasons[7]
    assert plan.unknown_units == ("Công ty Mới Lập",)
    (row,) = plan.rows
    assert row.row_number == 6 and row.data.benefit_vnd == 2_500_000
    assert any("2.500.000" in w for w in row.warnings)


def test_a_plan_naming_another_office_union_writes_nothing(services, tmp_path):
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    district = u.create("LC-TD", "LĐLĐ huyện Tam Đường", UnitKind.DISTRICT, province.id)
    u.create("LC-TD-01", SCHOOL, UnitKind.GRASSROOTS, district.id, sector=Sector.ADMINISTRATIVE)
    other = u.create("LC-PT", "LĐLĐ huyện Phong Thổ", UnitKind.DISTRICT, province.id)
    theirs = u.create("LC-PT-01", "CĐCS Trường Mầm non Phong Thổ", UnitKind.GRASSROOTS, other.id)
    campaign = services.campaigns.create(
        CampaignInput(
            code="01TRIEU",
            name="01 triệu sáng kiến",
            description_limit=1000,
            periods=(PeriodInput("Giai đoạn 1", dt.date(2021, 9, 1), dt.date(2022, 5, 31)),),
            fields=(FieldInput("dich", "Phòng, chống dịch"),),
        )
    )
    services.office.set_up(district.id)
    rows = [[f"Sáng kiến {i}", "Nguyễn Văn An", SCHOOL, "10/01/2022", ""] for i in range(3)]
    imp = services.initiative_import
    plan = imp.plan(imp.read(_list(tmp_path / "ds.xlsx", rows)), campaign.id)
    assert len(plan.rows) == 3
    # A plan made by hand (the command line, a script) with one row of the other district's
    # union: refused as a whole, naming the union.
    forged = dataclasses.replace(plan.rows[1], data=dataclasses.replace(
        plan.rows[1].data, unit_id=theirs.id))  # fmt: skip
    plan = dataclasses.replace(plan, rows=(plan.rows[0], forged, plan.rows[2]))
    with pytest.raises(ServiceError, match="Phong Thổ"):
        imp.commit(plan)
    assert services.initiatives.count(ListQuery(campaign_id=campaign.id)) == 0
