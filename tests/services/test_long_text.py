"""Very long titles and names are stored and sorted, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

from desktop.models import Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, PeriodInput
from desktop.services.initiatives.listing import ListQuery, SortKey
from desktop.services.initiatives.service import AuthorInput, InitiativeInput


def test_a_thousand_character_title_full_of_symbols_is_saved_and_sorted(services):
    province = services.units.create("P", "Tỉnh", UnitKind.PROVINCE)
    long_name = "Công đoàn cơ sở " + "Ổ Ữ ★ " * 45  # ~290 characters, keys of ~8 per symbol
    unit = services.units.create(
        "G", long_name, UnitKind.GRASSROOTS, province.id, sector=Sector.ADMINISTRATIVE
    )
    campaign = services.campaigns.create(
        CampaignInput(
            code="C",
            name="C",
            periods=(PeriodInput("GĐ", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),),
        )
    )
    titles = ["Ấ★" * 499 + "b", "Ấ★" * 499 + "a", "Ắn uống"]
    for title in titles:
        services.initiatives.create(
            InitiativeInput(
                campaign_id=campaign.id,
                unit_id=unit.id,
                title=title,
                authors=(AuthorInput("Ngô " + "Ữ★" * 90),),
                applied_on=dt.date(2022, 3, 1),
            )
        )
    rows = services.initiatives.page(ListQuery(campaign_id=campaign.id, sort=SortKey.TITLE)).rows
    assert rows[0].title == "Ắn uống"
    assert {r.title for r in rows} == set(titles)
    assert services.units.get(unit.id).name == long_name.strip()
