"""A date of first application known only to the month or quarter counts in a window when any
part of it falls inside: the campaign's periods, the list, the papers and the dashboard agree,
on SQLite and on PostgreSQL, and a window cut by a unit's move counts it once."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.models import DatePrecision, Initiative, Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.campaigns.windows import counted_in, counts_in
from desktop.services.documents import DocumentKind, DocumentRequest
from desktop.services.documents.model import GroupRow
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.service import AuthorInput, InitiativeInput

M, Q = DatePrecision.MONTH, DatePrecision.QUARTER
AS_OF = dt.date(2099, 12, 31)
# The window: 15/03/2022 - 20/05/2022, neither edge on the first of a month.
START, END = dt.date(2022, 3, 15), dt.date(2022, 5, 20)
DATES = {
    "Quý I/2022": (dt.date(2022, 1, 1), Q),  # ends 31/03: in
    "Tháng 3/2022": (dt.date(2022, 3, 1), M),  # ends 31/03: in
    "Tháng 2/2022": (dt.date(2022, 2, 1), M),  # ends 28/02: out
    "Tháng 5/2022": (dt.date(2022, 5, 1), M),  # starts 01/05: in
    "Tháng 6/2022": (dt.date(2022, 6, 1), M),  # out
    "Quý II/2022": (dt.date(2022, 4, 1), Q),  # in
    "Quý IV/2021": (dt.date(2021, 10, 1), Q),  # out
    "Ngày 10/03/2022": (dt.date(2022, 3, 10), None),  # a day before the window: out
    "Ngày 15/03/2022": (dt.date(2022, 3, 15), None),  # in
}
COUNTED = {"Quý I/2022", "Tháng 3/2022", "Tháng 5/2022", "Quý II/2022", "Ngày 15/03/2022"}


@pytest.fixture
def world(services):
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    first = u.create("LC-TD", "LĐLĐ huyện Tam Đường", UnitKind.DISTRICT, province.id)
    second = u.create("LC-PT", "LĐLĐ huyện Phong Thổ", UnitKind.DISTRICT, province.id)
    school = u.create(
        "LC-TD-01",
        "Công đoàn cơ sở Trường Tiểu học Bản Bo",
        UnitKind.GRASSROOTS,
        first.id,
        sector=Sector.ADMINISTRATIVE,
    )
    campaign = services.campaigns.create(
        CampaignInput(
            code="CUASO",
            name="Thời gian tính",
            periods=(PeriodInput("Đợt 1", START, END),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    for title, (day, precision) in DATES.items():
        services.initiatives.create(
            InitiativeInput(
                campaign_id=campaign.id,
                unit_id=school.id,
                title=title,
                authors=(AuthorInput("Nguyễn Văn An"),),
                field_id=campaign.fields[0].id,
                sector=Sector.ADMINISTRATIVE,
                applied_on=day,
                applied_precision=precision,
            )
        )
    return campaign, province, first, second, school


def test_python_and_sql_take_a_month_or_quarter_that_reaches_into_the_window(services, world):
    campaign, province, *_ = world
    period = campaign.periods[0]
    rows = services.initiatives.rows_slice(ListQuery(campaign_id=campaign.id), 0, 100)
    assert {r.title for r in rows if period.counts(r.applied_on, r.applied_precision)} == COUNTED
    listed = services.initiatives.rows_slice(
        ListQuery(campaign_id=campaign.id, period_id=period.id), 0, 100
    )
    assert {r.title for r in listed} == COUNTED
    doc = services.documents.build(
        DocumentRequest(DocumentKind.REGISTRATION_LIST, campaign.id, period_id=period.id)
    )
    papers = [r for r in doc.rows if not isinstance(r, GroupRow)]
    assert {r[1] for r in papers} == COUNTED
    # The paper shows the date as it is known.
    shown = {r[1]: r[-1] for r in papers}
    assert shown["Quý I/2022"] == "Quý I/2022" and shown["Tháng 3/2022"] == "03/2022"
    assert shown["Ngày 15/03/2022"] == dt.date(2022, 3, 15)
    report = services.progress.report(campaign.id, period.id, province.id, AS_OF)
    assert report.total.count == len(COUNTED)


def test_the_list_shows_a_partial_date_as_it_is_known(services, world):
    campaign, *_ = world
    rows = services.initiatives.rows_slice(ListQuery(campaign_id=campaign.id), 0, 100)
    shown = {r.title: r.applied_text for r in rows}
    assert shown["Quý IV/2021"] == "Quý IV/2021"
    assert shown["Tháng 6/2022"] == "06/2022"
    assert shown["Ngày 10/03/2022"] == "10/03/2022"


def test_a_window_cut_by_a_move_counts_a_partial_date_once(services, world):
    """The school moves to the other district on 10/04/2022, inside the window. Each
    initiative counts once, for the district that held the school on its first day inside
    the window: "Quý II/2022" (01/04) for the first district, though its quarter reaches
    past the move."""
    campaign, province, _first, _second, school = world
    services.units.move(school.id, _second.id, dt.date(2022, 4, 10))
    report = services.progress.report(campaign.id, campaign.periods[0].id, province.id, AS_OF)
    assert report.total.count == len(COUNTED)
    per_unit = {r["unit_code"]: r["count"] for r in report.to_json(all_levels=True)["units"]}
    # Quý I, Tháng 3, the day 15/03 and Quý II before the move; Tháng 5 after it.
    assert (per_unit["LC-TD"], per_unit["LC-PT"]) == (4, 1), per_unit


def test_a_move_between_a_span_s_start_and_the_window_follows_the_window(services, world):
    """The school moves on 10/03/2022: after "Quý I/2022" began, before the window opens
    (15/03). The quarter counts for the district that held the school when the window opened,
    in the dashboard, the list of what counts for each district and the papers."""
    campaign, province, first, second, school = world
    services.units.move(school.id, second.id, dt.date(2022, 3, 10))
    period = campaign.periods[0]
    report = services.progress.report(campaign.id, period.id, province.id, AS_OF)
    per_unit = {r["unit_code"]: r["count"] for r in report.to_json(all_levels=True)["units"]}
    assert (per_unit["LC-TD"], per_unit["LC-PT"]) == (0, len(COUNTED)), per_unit

    def listed(unit):
        q = ListQuery(campaign_id=campaign.id, period_id=period.id, counted_for=unit.id)
        return {r.title for r in services.initiatives.rows_slice(q, 0, 100)}

    assert listed(second) == COUNTED and listed(first) == set()
    # The registration list groups it under the same district.
    doc = services.documents.build(
        DocumentRequest(DocumentKind.REGISTRATION_LIST, campaign.id, period_id=period.id)
    )
    groups = [r.label for r in doc.rows if isinstance(r, GroupRow)]
    assert groups == ["LĐLĐ huyện Phong Thổ"], groups


def test_the_rule_in_python_and_in_sql_agree_on_the_edges(services, world):
    """Every span of every kind around both edges of windows, asked of the database."""
    from sqlalchemy import select

    campaign, *_, school = world
    store = services.store
    starts = [dt.date(2022, m, 1) for m in range(1, 13)] + [dt.date(2021, 10, 1)]
    cases = [(d, p) for d in starts for p in (None, M)] + [
        (d, Q) for d in starts if d.month in (1, 4, 7, 10)
    ]
    with store.session_factory.begin() as s:
        for i, (day, precision) in enumerate(cases):
            s.add(
                Initiative(
                    campaign_id=campaign.id,
                    unit_id=school.id,
                    title=f"{i}",
                    applied_on=day,
                    applied_precision=precision,
                )
            )
    windows = [(START, END), (dt.date(2022, 4, 1), None), (None, dt.date(2022, 2, 10))]
    windows.append((dt.date(2022, 8, 31), dt.date(2022, 9, 1)))
    with store.session_factory() as s:
        for lo, hi in windows:
            expected = {f"{i}" for i, (d, p) in enumerate(cases) if counts_in(d, lo, hi, p)}
            expected |= {t for t, (d, p) in DATES.items() if counts_in(d, lo, hi, p)}
            got = set(
                s.scalars(
                    select(Initiative.title).where(
                        counted_in(Initiative.applied_on, lo, hi, Initiative.applied_precision)
                    )
                )
            )
            assert got == expected, (lo, hi)
            assert expected  # each window takes some
