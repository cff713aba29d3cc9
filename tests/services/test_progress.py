"""The progress report: counted in the window, rolled up, expected from time elapsed."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.models import Initiative, Office, SyncDirection, SyncLogEntry, UnitKind
from desktop.services.campaigns.progress import RECOGNISED, elapsed_share


def _setup(services):
    c = services.campaigns.by_code("01TRIEU-2022")
    province = services.units.by_code("LC")
    return c, province


def test_each_district_counts_the_initiatives_of_its_grassroots_in_the_window(demo_services):
    c, province = _setup(demo_services)
    p1 = c.periods[0]
    report = demo_services.progress.report(c.id, p1.id, province.id, dt.date(2022, 3, 1))
    with demo_services.store.session_factory() as s:
        for row in report.children:
            grassroots = [u.id for u in demo_services.units.list(parent_id=row.unit_id)]
            where = (
                Initiative.campaign_id == c.id,
                Initiative.unit_id.in_(grassroots),
                Initiative.deleted_at.is_(None),
                Initiative.applied_on >= dt.date(2021, 9, 1),
                Initiative.applied_on <= dt.date(2022, 3, 1),
            )
            n = s.scalar(select(func.count()).select_from(Initiative).where(*where))
            rec = s.scalar(
                select(func.count())
                .select_from(Initiative)
                .where(*where, Initiative.status.in_(RECOGNISED))
            )
            active = s.scalar(select(func.count(func.distinct(Initiative.unit_id))).where(*where))
            assert (row.count, row.recognised, row.grassroots_with_initiative) == (n, rec, active)
            assert row.grassroots_total == len(grassroots)
    assert report.total.count == sum(r.count for r in report.children)
    assert report.total.quota == 1200
    # 1/9/2021 … 1/3/2022 is 182 of the 273 days of phase 1.
    assert report.elapsed == 182 / 273
    for row in report.children:
        assert row.expected == int(row.quota * 182 / 273)
        assert row.behind == (row.count < row.expected)
    grassroots_rows = [r for r in report.rows if r.kind == UnitKind.GRASSROOTS]
    assert grassroots_rows and all(r.depth == 1 for r in grassroots_rows)


def test_expected_share_follows_the_days_of_the_window():
    start, end = dt.date(2021, 9, 1), dt.date(2022, 5, 31)
    assert elapsed_share(start, end, dt.date(2021, 8, 1)) == 0
    assert elapsed_share(start, end, dt.date(2021, 9, 1)) == 1 / 273
    assert elapsed_share(start, end, end) == 1
    assert elapsed_share(start, end, dt.date(2026, 1, 1)) == 1


def test_min_per_grassroots_decides_who_counts_as_having_initiatives(demo_services):
    c, province = _setup(demo_services)
    before = demo_services.progress.report(c.id, None, province.id)
    assert before.min_per_grassroots == 1
    from dataclasses import replace

    data = replace(
        demo_services.campaigns.copy_input(c.id, 0), code=c.code, min_per_grassroots=1000
    )
    data = replace(
        data,
        periods=tuple(replace(p, id=o.id) for p, o in zip(data.periods, c.periods, strict=True)),
    )
    demo_services.campaigns.update(c.id, data)
    after = demo_services.progress.report(c.id, None, province.id)
    assert after.min_per_grassroots == 1000
    assert after.total.grassroots_with_initiative == 0 < before.total.grassroots_with_initiative
    assert after.total.count == before.total.count


def test_last_bundle_per_district_comes_from_the_sync_log(demo_services):
    c, province = _setup(demo_services)
    report = demo_services.progress.report(c.id, None, province.id)
    assert report.show_bundles and all(r.last_bundle_at is None for r in report.children)
    sh = demo_services.units.by_code("LC-SH")
    at = dt.datetime(2022, 5, 2, 3, 0, tzinfo=dt.UTC)
    with demo_services.store.session_factory.begin() as s:
        s.add(Office(uid="peer-sh", unit_id=sh.id, name="LĐLĐ huyện Sìn Hồ"))
        s.add(
            SyncLogEntry(
                at=at, direction=SyncDirection.IN, peer_office_uid="peer-sh", accepted=True
            )
        )
        s.add(
            SyncLogEntry(
                at=at + dt.timedelta(days=3),
                direction=SyncDirection.IN,
                peer_office_uid="peer-sh",
                accepted=False,
            )
        )
    report = demo_services.progress.report(c.id, None, province.id)
    got = {r.unit_code: r.last_bundle_at for r in report.children if r.last_bundle_at}
    assert got == {"LC-SH": at}


def test_export_has_the_same_figures_as_the_report(demo_services, tmp_path):
    c, province = _setup(demo_services)
    report = demo_services.progress.report(c.id, c.periods[1].id, province.id, dt.date(2023, 1, 1))
    path = demo_services.progress.export_xlsx(report, tmp_path / "tien do.xlsx", all_levels=False)
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(report.children) + 1
    for got, r in zip(rows, (*report.children, report.total), strict=True):
        assert got[1:4] == (r.quota, r.count, r.percent)
        assert got[4] == r.expected and got[6:9] == (
            r.recognised,
            r.grassroots_with_initiative,
            r.grassroots_total,
        )
    assert rows[-1][0] == "Tổng cộng" and rows[-1][1] == 1100


def test_deadlines_with_days_left(demo_services):
    c, province = _setup(demo_services)
    report = demo_services.progress.report(c.id, None, province.id, dt.date(2022, 5, 21))
    assert [(d.due_on, d.days_left) for d in report.deadlines] == [
        (dt.date(2022, 5, 31), 10),
        (dt.date(2023, 9, 30), 497),
    ]
    assert report.timeline[-1].on == dt.date(2022, 5, 21)
    assert report.timeline[-1].count == report.total.count
