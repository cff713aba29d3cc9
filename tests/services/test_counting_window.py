"""One rule decides whether an initiative counts in a period (``campaigns.windows``): the list
filtered by period, the progress dashboard, the documents of a period and the campaign's own
periods give the same answer, for a period with bounds and for one without."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.models import Sector
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.campaigns.windows import counted_in, counts_in
from desktop.services.documents import DocumentKind, DocumentRequest
from desktop.services.documents.model import GroupRow
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from support.initiative_fixtures import one_school

IN_BOTH = "Sáng kiến áp dụng ngày 10/01/2022"
ONLY_OPEN = "Sáng kiến áp dụng ngày 10/01/2023"
UNDATED = "Sáng kiến chưa có ngày áp dụng"
AS_OF = dt.date(2099, 12, 31)  # the dashboard counts up to today: look from far ahead


@pytest.fixture
def world(services):
    province, _district, school = one_school(services)
    campaign = services.campaigns.create(
        CampaignInput(
            code="WINDOW",
            name="Thời gian tính",
            periods=(
                PeriodInput("Giai đoạn 1", dt.date(2021, 9, 1), dt.date(2022, 5, 31)),
                PeriodInput("Không giới hạn", None, None),
            ),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    for title, applied_on in ((IN_BOTH, dt.date(2022, 1, 10)), (ONLY_OPEN, dt.date(2023, 1, 10))):
        services.initiatives.create(_entry(campaign, school, title, applied_on))
    services.initiatives.create(_entry(campaign, school, UNDATED, None))
    return campaign, province


def _entry(campaign, school, title, applied_on):
    return InitiativeInput(
        campaign_id=campaign.id,
        unit_id=school.id,
        title=title,
        authors=(AuthorInput("Nguyễn Văn An"),),
        field_id=campaign.fields[0].id,
        sector=Sector.ADMINISTRATIVE,
        applied_on=applied_on,
    )


def _listed(services, campaign, period) -> set[str]:
    q = ListQuery(campaign_id=campaign.id, period_id=period.id)
    return {r.title for r in services.initiatives.rows_slice(q, 0, 100)}


def _in_documents(services, campaign, period) -> set[str]:
    doc = services.documents.build(
        DocumentRequest(DocumentKind.REGISTRATION_LIST, campaign.id, period_id=period.id)
    )
    return {r[1] for r in doc.rows if not isinstance(r, GroupRow)}


def _counted(services, campaign, period, root) -> int:
    return services.progress.report(campaign.id, period.id, root.id, AS_OF).total.count


@pytest.mark.parametrize(
    ("period_name", "expected"),
    [("Giai đoạn 1", {IN_BOTH}), ("Không giới hạn", {IN_BOTH, ONLY_OPEN})],
)
def test_the_list_the_dashboard_and_the_documents_count_the_same(
    services, world, period_name, expected
):
    campaign, province = world
    period = next(p for p in campaign.periods if p.name == period_name)
    dates = {
        r.title: r.applied_on
        for r in services.initiatives.rows_slice(ListQuery(campaign_id=campaign.id), 0, 100)
    }
    assert {t for t, d in dates.items() if period.counts(d)} == expected
    assert _listed(services, campaign, period) == expected
    assert _in_documents(services, campaign, period) == expected
    assert _counted(services, campaign, period, province) == len(expected)


def test_no_date_counts_in_no_period_and_open_bounds_count_every_date():
    assert not counts_in(None, None, None)
    assert counts_in(dt.date(1975, 1, 1), None, None)
    start, end = dt.date(2021, 9, 1), dt.date(2022, 5, 31)
    assert counts_in(start, start, end) and counts_in(end, start, end)
    assert not counts_in(start - dt.timedelta(days=1), start, None)
    assert not counts_in(end + dt.timedelta(days=1), None, end)


def test_the_sql_condition_always_asks_for_a_date():
    from desktop.models import Initiative

    assert "IS NOT NULL" in str(counted_in(Initiative.applied_on, None, None))
