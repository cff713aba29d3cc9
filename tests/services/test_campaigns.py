"""Campaigns with their periods, deadlines, fields and quotas."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.models import UnitKind
from desktop.services.campaigns.service import CampaignInput, DeadlineInput, FieldInput, PeriodInput
from desktop.services.common import ServiceError

TRIEU = CampaignInput(
    code="01TRIEU-2022",
    name="01 triệu sáng kiến – nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19",
    plan_number="84/KH-LĐLĐ",
    plan_date=dt.date(2022, 1, 13),
    periods=(
        PeriodInput(
            "Giai đoạn 1",
            dt.date(2021, 9, 1),
            dt.date(2022, 5, 31),
            (DeadlineInput("Báo cáo kết quả giai đoạn 1", dt.date(2022, 5, 31)),),
        ),
        PeriodInput("Giai đoạn 2", dt.date(2022, 6, 1), dt.date(2023, 9, 30)),
    ),
    fields=(FieldInput("dich", "Phòng, chống dịch"),),
    nomination_limit=2,
)


def test_a_campaign_keeps_its_plan_periods_deadlines_and_fields(services):
    c = services.campaigns.create(TRIEU)
    got = services.campaigns.by_code("01TRIEU-2022")
    assert got == c
    assert [p.name for p in got.periods] == ["Giai đoạn 1", "Giai đoạn 2"]
    assert got.periods[0].deadlines[0].due_on == dt.date(2022, 5, 31)
    assert got.period_for(dt.date(2022, 5, 31)).name == "Giai đoạn 1"
    assert got.period_for(dt.date(2022, 6, 1)).name == "Giai đoạn 2"
    assert got.period_for(dt.date(2023, 10, 1)) is None
    assert got.nomination_limit == 2


def test_campaign_codes_are_unique_and_windows_ordered(services):
    services.campaigns.create(TRIEU)
    with pytest.raises(ServiceError, match="đã có"):
        services.campaigns.create(TRIEU)
    bad = CampaignInput(
        code="X", name="X", periods=(PeriodInput("GĐ", dt.date(2022, 6, 1), dt.date(2022, 1, 1)),)
    )
    with pytest.raises(ServiceError, match="phải sau ngày đầu"):
        services.campaigns.create(bad)


def test_quotas_per_period_and_for_the_whole_campaign(services):
    c = services.campaigns.create(TRIEU)
    unit = services.units.create("LC-PT", "LĐLĐ huyện Phong Thổ", UnitKind.DISTRICT)
    p1, p2 = c.periods
    services.campaigns.set_quota(c.id, unit.id, None, 265)
    services.campaigns.set_quota(c.id, unit.id, p1.id, 135)
    services.campaigns.set_quota(c.id, unit.id, p2.id, 130)
    services.campaigns.set_quota(c.id, unit.id, p2.id, 131)  # corrected, not duplicated
    assert services.campaigns.quotas(c.id) == {
        (unit.id, None): 265,
        (unit.id, p1.id): 135,
        (unit.id, p2.id): 131,
    }
    with pytest.raises(ServiceError, match="không được âm"):
        services.campaigns.set_quota(c.id, unit.id, None, -1)


def test_the_campaign_chooser_offers_what_the_list_offers_in_its_order(services):
    # The list page's chooser reads only ids and names (choices) and the «no campaign yet»
    # notice only the number (count): both must say what list() says, archived ones left out.
    import dataclasses

    assert services.campaigns.choices() == [] and services.campaigns.count() == 0
    services.campaigns.create(dataclasses.replace(TRIEU, starts_on=dt.date(2021, 9, 1)))
    later = dataclasses.replace(
        TRIEU,
        starts_on=dt.date(2025, 1, 1),
        code="DKST-2025",
        name="Đoàn kết sáng tạo 2025",
        periods=(PeriodInput("Cả năm", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),),
    )
    services.campaigns.create(later)
    listed = [(c.id, c.name) for c in services.campaigns.list()]
    assert services.campaigns.choices() == listed
    assert listed[0][1] == "Đoàn kết sáng tạo 2025"  # newest first
    assert services.campaigns.count() == 2
