"""A small province for the initiative tests: two grassroots unions, one campaign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.models import Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, CampaignRow, FieldInput, PeriodInput
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.units.tree import UnitRow


@dataclass
class World:
    campaign: CampaignRow
    school: UnitRow
    mine: UnitRow
    district: UnitRow


def one_school(services) -> tuple[UnitRow, UnitRow, UnitRow]:
    """The smallest tree an initiative needs: the province, a district, one school's union."""
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    district = u.create("LC-TD", "LĐLĐ huyện Tam Đường", UnitKind.DISTRICT, province.id)
    school = u.create(
        "LC-TD-01",
        "Công đoàn cơ sở Trường Tiểu học Bản Bo",
        UnitKind.GRASSROOTS,
        district.id,
        sector=Sector.ADMINISTRATIVE,
    )
    return province, district, school


def build_world(services) -> World:
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    district = u.create(
        "LC-TD", "Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT, province.id
    )
    school = u.create(
        "LC-TD-01",
        "Công đoàn cơ sở Trường Tiểu học Bản Bo",
        UnitKind.GRASSROOTS,
        district.id,
        sector=Sector.ADMINISTRATIVE,
    )
    mine = u.create(
        "LC-TD-02",
        "Công đoàn cơ sở Công ty Thủy điện Nậm Đích",
        UnitKind.GRASSROOTS,
        district.id,
        sector=Sector.ENTERPRISE,
    )
    # As at a real first run: the catalogue and the campaign (the province's) are there before
    # the district's office is set up.
    campaign = services.campaigns.create(
        CampaignInput(
            code="01TRIEU",
            name="01 triệu sáng kiến",
            description_limit=1000,
            periods=(
                PeriodInput("Giai đoạn 1", dt.date(2021, 9, 1), dt.date(2022, 5, 31)),
                PeriodInput("Giai đoạn 2", dt.date(2022, 6, 1), dt.date(2023, 9, 30)),
            ),
            fields=(
                FieldInput("dich", "Phòng, chống dịch"),
                FieldInput("ktxh", "Kinh tế - xã hội"),
            ),
        )
    )
    services.office.set_up(district.id)
    return World(campaign, school, mine, district)


def entry(world: World, title: str, **kw: Any) -> InitiativeInput:
    defaults: dict[str, Any] = dict(
        campaign_id=world.campaign.id,
        unit_id=world.school.id,
        title=title,
        authors=(AuthorInput("Nguyễn Văn An"),),
        field_id=world.campaign.fields[0].id,
        sector=Sector.ADMINISTRATIVE,
        period_id=world.campaign.periods[0].id,
        applied_on=dt.date(2022, 1, 10),
    )
    defaults.update(kw)
    return InitiativeInput(**defaults)
