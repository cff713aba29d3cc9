"""The tree over time: every figure counts an initiative for the units that held its
grassroots union on the initiative's date; quotas stay with their unit; a finished campaign
reads the same after the tree changes; a campaign running across a change counts each
initiative where it was made."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.models import Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.documents import DocumentKind, DocumentRequest
from desktop.services.documents.model import GroupRow
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.units.dated import DatedTree

AS_OF = dt.date(2026, 12, 1)
REORGANISED = dt.date(2025, 7, 1)


def _progress(services, campaign_id, unit_id, as_of=AS_OF):
    report = services.progress.report(campaign_id, None, unit_id, as_of=as_of)
    return report.to_json(all_levels=True)


def _table(services, kind, campaign_id, **kw):
    doc = services.documents.build(DocumentRequest(kind, campaign_id, **kw))
    return [tuple(r) if not isinstance(r, GroupRow) else ("—", r.label) for r in doc.rows], (
        doc.total
    )


def _demo_papers(services):
    trieu = services.campaigns.by_code("01TRIEU-2022")
    province = services.units.by_code("LC")
    decision = services.evaluation.decisions.by_number(trieu.id, "125/QĐ-LĐLĐ")
    return {
        "progress": _progress(services, trieu.id, province.id),
        "progress_2022": services.progress.report(
            trieu.id, trieu.periods[0].id, province.id, as_of=AS_OF
        ).to_json(all_levels=True),
        "quota_table": _table(services, DocumentKind.QUOTA_TABLE, trieu.id),
        "progress_paper": _table(services, DocumentKind.PROGRESS, trieu.id),
        "recognition": _table(
            services, DocumentKind.RECOGNITION_LIST, trieu.id, decision_id=decision.id
        ),
    }


def test_a_finished_campaign_reads_the_same_after_districts_merge(demo_services):
    """The issue's case: Tam Đường merged into Thành phố rewrote 01TRIEU-2022 (20/180 → 0/180,
    7/200 → 27/200). Now both keep their figures, in the dashboard and on paper."""
    before = _demo_papers(demo_services)
    units = demo_services.units
    tam_duong, city = units.by_code("LC-TD"), units.by_code("LC-TP")
    rows = {r["unit_code"]: r for r in before["progress"]["units"]}
    assert rows["LC-TD"]["count"] > 0 and rows["LC-TD"]["quota"] == 180

    units.merge([tam_duong.id], city.id, REORGANISED)

    assert units.get(tam_duong.id).valid_to == REORGANISED
    assert not units.list(parent_id=tam_duong.id)  # its unions are under Thành phố now
    assert _demo_papers(demo_services) == before


def test_merging_a_province_into_another_keeps_its_figures(demo_services):
    """Before: merging Lai Châu into another province left "2.300 / 0" and papers refused to
    print. Its campaigns ran in its tree, and they still read so."""
    before = _demo_papers(demo_services)
    units = demo_services.units
    lai_chau = units.by_code("LC")
    merged = units.create("LCX", "Liên đoàn Lao động tỉnh Lai Châu mới", UnitKind.PROVINCE)
    units.merge([lai_chau.id], merged.id, REORGANISED)
    assert {u.code for u in units.list(parent_id=merged.id)} >= {"LC-TD", "LC-TP", "LC-YT"}
    assert _demo_papers(demo_services) == before
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    total = demo_services.progress.report(trieu.id, None, merged.id, as_of=AS_OF).total
    assert total.count == 0  # the new province held nothing during 2021-2023


@pytest.fixture
def reorganised(services):
    """A province with two districts before 1 July 2025 and a ward union after: the school
    of Tam Đường moved to the ward, the district dissolved once empty."""
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    district = u.create(
        "LC-TD", "Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT, province.id
    )
    other = u.create("LC-SH", "Liên đoàn Lao động huyện Sìn Hồ", UnitKind.DISTRICT, province.id)
    school = u.create(
        "LC-TD-01", "Công đoàn cơ sở Trường Tiểu học Bản Bo", UnitKind.GRASSROOTS, district.id
    )
    clinic = u.create(
        "LC-TD-02", "Công đoàn cơ sở Trạm Y tế xã Bình Lư", UnitKind.GRASSROOTS, district.id
    )
    ward = u.create(
        "LC-P-TP",
        "Công đoàn phường Tân Phong",
        UnitKind.WARD,
        province.id,
        valid_from=REORGANISED,
    )
    campaigns = services.campaigns
    old = campaigns.create(
        CampaignInput(
            code="01TRIEU-2022",
            name="01 triệu sáng kiến",
            periods=(PeriodInput("Cả giai đoạn", dt.date(2021, 9, 1), dt.date(2023, 9, 30)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    running = campaigns.create(
        CampaignInput(
            code="DKST-2025",
            name="Đoàn kết sáng tạo 2025",
            periods=(PeriodInput("Năm 2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    campaigns.set_quota(old.id, district.id, None, 10)
    campaigns.set_quota(running.id, district.id, None, 6)
    campaigns.set_quota(running.id, ward.id, None, 4)
    for campaign, unit, day in (
        (old, school, dt.date(2022, 3, 1)),
        (old, school, dt.date(2023, 3, 1)),
        (old, clinic, dt.date(2022, 4, 1)),
        (running, school, dt.date(2025, 3, 1)),  # made under Tam Đường
        (running, school, dt.date(2025, 9, 1)),  # made under the ward
        (running, clinic, dt.date(2025, 5, 1)),
    ):
        services.initiatives.create(
            InitiativeInput(
                campaign_id=campaign.id,
                unit_id=unit.id,
                title=f"Sáng kiến {unit.code} ngày {day:%d/%m/%Y}",
                authors=(AuthorInput("Nguyễn Văn An"),),
                field_id=campaign.fields[0].id,
                sector=Sector.ADMINISTRATIVE,
                applied_on=day,
            )
        )
    before = _progress(services, old.id, province.id)
    u.move(school.id, ward.id, REORGANISED)
    u.move(clinic.id, other.id, REORGANISED)
    u.dissolve(district.id, REORGANISED, note="Kết thúc hoạt động công đoàn cấp huyện")
    ids = {"province": province, "district": district, "other": other, "ward": ward}
    return services, old, running, ids, before


def _by_code(report):
    return {r["unit_code"]: (r["count"], r["quota"]) for r in report["units"]}


def test_the_old_campaign_still_counts_under_the_old_tree(reorganised):
    services, old, _running, ids, before = reorganised
    after = _progress(services, old.id, ids["province"].id)
    assert after == before
    assert _by_code(after)["LC-TD"] == (3, 10)
    assert "LC-P-TP" not in _by_code(after)  # the ward did not exist then


def test_a_campaign_across_the_change_counts_each_initiative_where_it_was_made(reorganised):
    services, _old, running, ids, _before = reorganised
    report = _progress(services, running.id, ids["province"].id)
    rows = _by_code(report)
    # Tam Đường (dissolved on 1 July) keeps its two from before and its quota.
    assert rows["LC-TD"] == (2, 6)
    assert rows["LC-P-TP"] == (1, 4)  # the school's September initiative
    assert rows["LC-SH"] == (0, None)  # the clinic's initiative was made under Tam Đường
    assert rows["LC-TD-01"][0] == 2  # the school itself counts both
    assert report["total"]["count"] == 3  # nothing lost, nothing counted twice
    # The school is shown where it is at the end of the window: under the ward.
    full = services.progress.report(running.id, None, ids["province"].id, as_of=AS_OF)
    school = next(r for r in full.rows if r.unit_code == "LC-TD-01")
    assert school.parent_id == ids["ward"].id


def test_the_dissolved_district_keeps_its_history_and_the_tree_answers_by_day(reorganised):
    services, _old, _running, ids, _before = reorganised
    history = services.units.history(ids["district"].id)
    assert [e.kind.value for e in history][-1] == "dissolve"
    with services.store.session_factory() as s:
        dated = DatedTree.load(s)
    school = services.units.by_code("LC-TD-01")
    assert dated.parent_on(school.id, dt.date(2025, 6, 30)) == ids["district"].id
    assert dated.parent_on(school.id, REORGANISED) == ids["ward"].id
    assert dated.chain_on(school.id, dt.date(2024, 1, 1)) == [
        school.id,
        ids["district"].id,
        ids["province"].id,
    ]
    assert not dated.exists_on(ids["district"].id, REORGANISED)
    assert dated.exists_on(ids["district"].id, dt.date(2025, 6, 30))
    assert not dated.exists_on(ids["ward"].id, dt.date(2025, 6, 30))


def test_renamed_units_keep_their_old_name_in_a_finished_campaign(reorganised):
    services, old, _running, ids, before = reorganised
    services.units.rename(ids["other"].id, "Công đoàn xã Sìn Hồ", REORGANISED)
    with services.store.session_factory() as s:
        dated = DatedTree.load(s)
    assert dated.name_on(ids["other"].id, dt.date(2023, 1, 1)) == "Liên đoàn Lao động huyện Sìn Hồ"
    assert dated.name_on(ids["other"].id, REORGANISED) == "Công đoàn xã Sìn Hồ"
    after = _progress(services, old.id, ids["province"].id)
    assert [r["unit"] for r in after["units"]] == [r["unit"] for r in before["units"]]


def test_a_district_with_unions_is_dissolved_only_after_they_move(services):
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    district = u.create(
        "LC-TD", "Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT, province.id
    )
    u.create("LC-TD-01", "Công đoàn cơ sở Trường Tiểu học Bản Bo", UnitKind.GRASSROOTS, district.id)
    with pytest.raises(Exception, match="còn 1 đơn vị trực thuộc"):
        u.dissolve(district.id, REORGANISED)


def test_the_unreached_part_of_an_ended_districts_quota_goes_to_its_successors(reorganised):
    services, _old, running, ids, _before = reorganised
    (r,) = services.quota_reassignment.remainders(running.id)
    assert (r.unit_id, r.target, r.reached, r.remainder) == (ids["district"].id, 6, 2, 4)
    assert {i for i, _n in r.successors} == {ids["ward"].id, ids["other"].id}
    with pytest.raises(Exception, match="còn 4 sáng kiến chưa đạt"):
        services.quota_reassignment.reassign(running.id, None, r.unit_id, {ids["ward"].id: 5})
    services.quota_reassignment.reassign(
        running.id, None, r.unit_id, {ids["ward"].id: 3, ids["other"].id: 1}
    )
    quotas = services.campaigns.quotas(running.id)
    assert quotas[(ids["district"].id, None)] == 2
    assert quotas[(ids["ward"].id, None)] == 7
    assert quotas[(ids["other"].id, None)] == 1
    report = _progress(services, running.id, ids["province"].id)
    assert report["total"]["quota"] == 10  # the province's total is unchanged


def test_the_list_of_a_unit_follows_the_counting_rule(reorganised):
    from desktop.services.initiatives.listing import ListQuery

    services, old, running, ids, _before = reorganised

    def titles(campaign, unit):
        q = ListQuery(campaign_id=campaign.id, counted_for=unit.id)
        assert services.initiatives.count(q) == len(services.initiatives.rows_slice(q, 0, 50))
        return sorted(r.title for r in services.initiatives.rows_slice(q, 0, 50))

    # The dissolved district still lists what counted for it: the dashboard's figures.
    report = _by_code(_progress(services, running.id, ids["province"].id))
    assert len(titles(running, ids["district"])) == report["LC-TD"][0] == 2
    assert len(titles(old, ids["district"])) == 3
    assert titles(running, ids["ward"]) == ["Sáng kiến LC-TD-01 ngày 01/09/2025"]
    assert len(titles(running, ids["province"])) == 3
    # The same list asked again after the tree changed follows the change.
    school = services.units.by_code("LC-TD-01")
    services.units.move(school.id, ids["other"].id, dt.date(2025, 8, 15))
    assert titles(running, ids["ward"]) == []
    assert "Sáng kiến LC-TD-01 ngày 01/09/2025" in titles(running, ids["other"])


def test_the_papers_of_figures_say_the_counting_rule(reorganised, tmp_path):
    from openpyxl import load_workbook

    from desktop.services.campaigns.progress import COUNTING_RULE

    services, _old, running, ids, _before = reorganised
    doc = services.documents.build(DocumentRequest(DocumentKind.PROGRESS, running.id))
    assert COUNTING_RULE in doc.after
    report = services.progress.report(running.id, None, ids["province"].id, as_of=AS_OF)
    path = services.progress.export_xlsx(report, tmp_path / "tien-do.xlsx")
    assert load_workbook(path).active["A3"].value == COUNTING_RULE
