"""The demo province: a living store from the seeds, at once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.models import DISTRICT_LEVEL_KINDS, Initiative, Unit, UnitKind
from desktop.services.common import ServiceError
from desktop.services.demo.builder import build_demo
from desktop.services.store.info import store_info


def test_demo_holds_lai_chau_the_campaigns_and_a_few_hundred_initiatives(demo_store):
    info = store_info(demo_store)
    assert info.is_demo
    assert info.office.name == "Liên đoàn Lao động tỉnh Lai Châu"
    assert info.district_level_units == 11
    assert info.units_by_kind["grassroots"] >= 44
    codes = {c.code for c in info.campaigns}
    assert {"01TRIEU-2022", "75NGHIN-2021", "DKST-2024"} <= codes
    assert 200 <= info.initiatives <= 500
    assert len(info.office.fingerprint.split()) == 6


def test_demo_quotas_match_the_seed_table(demo_services):
    s = demo_services
    c = s.campaigns.by_code("01TRIEU-2022")
    quotas = s.campaigns.quotas(c.id)
    province = s.units.by_code("LC")
    p1, p2 = c.periods
    assert quotas[(province.id, None)] == 2300
    assert (quotas[(province.id, p1.id)], quotas[(province.id, p2.id)]) == (1200, 1100)
    districts = s.units.list(kinds=DISTRICT_LEVEL_KINDS)
    assert sum(quotas[(d.id, None)] for d in districts) == 2300
    assert sum(quotas[(d.id, p1.id)] for d in districts) == 1200
    assert sum(quotas[(d.id, p2.id)] for d in districts) == 1100
    phong_tho = s.units.by_code("LC-PT")
    assert (quotas[(phong_tho.id, None)], quotas[(phong_tho.id, p1.id)]) == (265, 135)


def test_every_demo_initiative_is_valid_and_counts_in_its_window(demo_services):
    s = demo_services
    with s.store.session_factory() as session:
        inis = session.scalars(select(Initiative)).all()
        for ini in inis[:60]:
            detail = s.initiatives.get(ini.id)
            errors = [i for i in s.initiatives.check(detail.data) if i.severity == "error"]
            assert errors == [], (ini.title, errors)
            assert sum(a.contribution_pct for a in detail.data.authors) == 100
        kinds = set(
            session.scalars(
                select(Unit.kind).join(Initiative, Initiative.unit_id == Unit.id).distinct()
            )
        )
    assert kinds == {UnitKind.GRASSROOTS}


def test_progress_rolls_initiatives_up_to_each_district(demo_services):
    s = demo_services
    c = s.campaigns.by_code("01TRIEU-2022")
    province = s.units.by_code("LC")
    rows = s.progress.by_unit(c.id, None, province.id)
    assert len(rows) == 11
    assert sum(r.quota for r in rows) == 2300
    with s.store.session_factory() as session:
        total = session.scalar(
            select(func.count()).select_from(Initiative).where(Initiative.campaign_id == c.id)
        )
    assert sum(r.count for r in rows) == total
    assert all(0 < r.grassroots_total <= 7 for r in rows)
    assert all(r.grassroots_with_initiative <= r.grassroots_total for r in rows)
    p1 = c.periods[0]
    by_period = s.progress.by_unit(c.id, p1.id, province.id)
    assert sum(r.quota for r in by_period) == 1200
    assert sum(r.count for r in by_period) <= sum(r.count for r in rows)


def test_demo_refuses_a_store_that_already_holds_data(demo_store):
    with pytest.raises(ServiceError, match="đã có dữ liệu"):
        build_demo(demo_store.session_factory)


def test_demo_as_a_district_holds_only_that_districts_part(store):
    summary = build_demo(store.session_factory, as_unit="LC-TD")
    info = store_info(store)
    assert info.office.unit_code == "LC-TD"
    assert info.district_level_units == 1
    assert summary.initiatives > 0
    with store.session_factory() as s:
        units = {u for (u,) in s.execute(select(Initiative.unit_id).distinct())}
    from desktop.services.units.tree import UnitService

    tam_duong = UnitService(store.session_factory).by_code("LC-TD")
    assert units <= UnitService(store.session_factory).descendant_ids(tam_duong.id)


def test_unknown_district_for_demo_is_explained(store):
    with pytest.raises(ServiceError, match="LC-PT"):
        build_demo(store.session_factory, as_unit="Hà Nội")
