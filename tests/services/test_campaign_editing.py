"""Editing a campaign keeps its periods (and their quotas); copying makes next year's."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from desktop.services.campaigns.service import DeadlineInput, PeriodInput
from desktop.services.common import ServiceError


def test_editing_keeps_period_ids_and_quotas(demo_services):
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    before = demo_services.campaigns.quotas(c.id)
    data = demo_services.campaigns.copy_input(c.id, 0)
    periods = tuple(
        dataclasses.replace(p, id=o.id) for p, o in zip(data.periods, c.periods, strict=True)
    )
    p2 = dataclasses.replace(
        periods[1],
        deadlines=(*periods[1].deadlines, DeadlineInput("Báo cáo sơ kết", dt.date(2023, 1, 15))),
    )
    data = dataclasses.replace(
        data, code=c.code, plan_number="84/KH-LĐLĐ", periods=(periods[0], p2)
    )
    got = demo_services.campaigns.update(c.id, data)
    assert [p.id for p in got.periods] == [p.id for p in c.periods]
    assert got.plan_number == "84/KH-LĐLĐ"
    assert got.periods[1].deadlines[0].label == "Báo cáo sơ kết"  # sorted by date
    assert demo_services.campaigns.quotas(c.id) == before


def test_a_period_with_initiatives_cannot_be_removed(demo_services):
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    data = demo_services.campaigns.copy_input(c.id, 0)
    only_first = (dataclasses.replace(data.periods[0], id=c.periods[0].id),)
    with pytest.raises(ServiceError, match=r"Giai đoạn 2 .* sáng kiến"):
        demo_services.campaigns.update(
            c.id, dataclasses.replace(data, code=c.code, periods=only_first)
        )
    assert len(demo_services.campaigns.get(c.id).periods) == 2


def test_copying_last_years_campaign_moves_every_date_a_year(demo_services):
    c = demo_services.campaigns.by_code("75NGHIN-2021")
    new = demo_services.campaigns.copy_input(c.id)
    assert new.code == "75NGHIN-2022"
    assert new.starts_on == dt.date(2022, 2, 1) and new.ends_on == dt.date(2022, 5, 31)
    assert new.periods[0].name == "Năm 2022"
    assert [d.due_on for d in new.periods[0].deadlines][:2] == [
        dt.date(2022, 4, 10),
        dt.date(2022, 4, 20),
    ]
    assert new.nomination_limit == 2 and new.min_per_grassroots == 1
    made = demo_services.campaigns.create(new, c.unit_ids)
    assert made.unit_ids == c.unit_ids and len(made.fields) == len(c.fields)
    with pytest.raises(ServiceError, match="đã có"):
        demo_services.campaigns.create(new)


def test_period_input_without_id_still_works_positionally():
    p = PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert p.id is None and p.deadlines == ()
