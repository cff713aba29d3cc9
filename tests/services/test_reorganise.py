"""A province's 2025 reorganisation in one step: new commune and ward unions and an
industrial-zone union, every grassroots union of the districts moved, the districts
dissolved; previewed first, applied in one transaction or not at all; the finished campaign
reads the same; a new campaign counts under the new tree."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.models import UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.rules.ownership import NotOwner
from desktop.services.units.reorganise import Action, ChangeRow, ReorganisationRefused
from services.test_dated_tree import _demo_papers

EFFECTIVE = dt.date(2025, 7, 1)
AS_OF = dt.date(2026, 12, 1)

# Twenty commune and ward unions for the eight districts, and where each district's unions go.
NEW_UNIONS = [
    ("Công đoàn phường Tân Phong", "LC-TP"),
    ("Công đoàn phường Đoàn Kết", "LC-TP"),
    ("Công đoàn xã Phong Thổ", "LC-PT"),
    ("Công đoàn xã Sì Lở Lầu", "LC-PT"),
    ("Công đoàn xã Dào San", "LC-PT"),
    ("Công đoàn xã Sìn Hồ", "LC-SH"),
    ("Công đoàn xã Pu Sam Cáp", "LC-SH"),
    ("Công đoàn xã Than Uyên", "LC-THU"),
    ("Công đoàn xã Mường Kim", "LC-THU"),
    ("Công đoàn xã Tân Uyên", "LC-TNU"),
    ("Công đoàn xã Mường Khoa", "LC-TNU"),
    ("Công đoàn xã Tam Đường", "LC-TD"),
    ("Công đoàn xã Bình Lư", "LC-TD"),
    ("Công đoàn xã Mường Tè", "LC-MT"),
    ("Công đoàn xã Bum Nưa", "LC-MT"),
    ("Công đoàn xã Thu Lũm", "LC-MT"),
    ("Công đoàn xã Nậm Nhùn", "LC-NN"),
    ("Công đoàn xã Nậm Hàng", "LC-NN"),
    ("Công đoàn xã Lê Lợi", "LC-NN"),
    ("Công đoàn xã Khổng Lào", "LC-PT"),
]
INDUSTRIAL = "Công đoàn các Khu công nghiệp tỉnh Lai Châu"
DISTRICTS = ("LC-PT", "LC-SH", "LC-THU", "LC-TP", "LC-TD", "LC-TNU", "LC-MT", "LC-NN")


def _decision(services) -> list[ChangeRow]:
    """The province's decision as the rows of its sheet, names as officers type them."""
    units = services.units
    rows = [
        ChangeRow(Action.CREATE, name, "LĐLĐ tỉnh Lai Châu", line=2 + i)
        for i, (name, _d) in enumerate(NEW_UNIONS)
    ]
    rows.append(ChangeRow(Action.CREATE, INDUSTRIAL, "LDLD tinh Lai Chau", line=22))
    line = 23
    for code in DISTRICTS:
        district = units.by_code(code)
        targets = [n for n, d in NEW_UNIONS if d == code]
        for i, g in enumerate(units.list(parent_id=district.id)):
            target = (
                INDUSTRIAL if "Công ty" in g.name and code == "LC-TP" else targets[i % len(targets)]
            )
            # Typed without diacritics, as an officer in a hurry does.
            rows.append(
                ChangeRow(Action.MOVE, g.code, target.replace("Công đoàn", "CD"), line=line)
            )
            line += 1
        rows.append(ChangeRow(Action.DISSOLVE, district.name, line=line))
        line += 1
    return rows


def _snapshot(services):
    return [
        (u.code, u.name, u.kind, u.parent_id, u.valid_from, u.valid_to)
        for u in services.units.list(include_closed=True)
    ]


def test_the_preview_says_what_moves_where_and_writes_nothing(demo_services):
    before = _snapshot(demo_services)
    rows = _decision(demo_services)
    plan = demo_services.reorganisation.plan(rows, EFFECTIVE)
    assert plan.ok, plan.problems
    assert plan.counts[Action.CREATE] == 21
    assert plan.counts[Action.DISSOLVE] == 8
    assert plan.counts[Action.MOVE] == sum(
        len(demo_services.units.list(parent_id=demo_services.units.by_code(c).id))
        for c in DISTRICTS
    )
    move = next(c for c in plan.changes if c.action == Action.MOVE)
    assert move.old_parent_name.startswith("Liên đoàn Lao động")
    assert move.parent_name.startswith("Công đoàn ")
    # The districts' quotas of the campaign running on 1 July 2025 (none here: every demo
    # campaign ended before), and the districts' offices to tell.
    assert all(q.campaign_code != "01TRIEU-2022" for q in plan.quotas)
    assert _snapshot(demo_services) == before


def test_applied_in_one_step_the_old_campaign_is_unchanged_and_a_new_one_counts_anew(
    demo_services,
):
    papers = _demo_papers(demo_services)
    demo_services.reorganisation.apply(_decision(demo_services), EFFECTIVE)
    units = demo_services.units
    province = units.by_code("LC")
    for code in DISTRICTS:
        d = units.by_code(code)
        assert d.valid_to == EFFECTIVE
        assert not units.list(parent_id=d.id)
    ward = units.find("Công đoàn phường Tân Phong")
    assert ward is not None and ward.kind == UnitKind.WARD and ward.valid_from == EFFECTIVE
    assert units.find(INDUSTRIAL).kind == UnitKind.INDUSTRIAL_ZONE
    assert len(units.list(kinds=[UnitKind.COMMUNE, UnitKind.WARD])) == 20
    # Nothing of 2021-2023 moved: the dashboard, the quota table, the papers.
    assert _demo_papers(demo_services) == papers
    # A 2026 campaign counts under the new tree.
    campaign = demo_services.campaigns.create(
        CampaignInput(
            code="DKST-2026",
            name="Đoàn kết sáng tạo 2026",
            periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    demo_services.campaigns.set_quota(campaign.id, units.find(INDUSTRIAL).id, None, 3)
    report = demo_services.progress.report(campaign.id, None, province.id, as_of=AS_OF)
    shown = {r.unit_code for r in report.children}
    assert not shown & set(DISTRICTS)  # the new tree: no district federation any more
    assert {r.unit_name for r in report.children} >= {"Công đoàn phường Tân Phong", INDUSTRIAL}
    history = units.history(units.by_code("LC-TD").id)
    assert history[-1].kind.value == "dissolve"


def test_a_row_with_a_problem_applies_nothing_and_is_named(demo_services):
    before = _snapshot(demo_services)
    rows = [
        *_decision(demo_services),
        ChangeRow(
            Action.MOVE, "Công đoàn cơ sở Không Có Thật", "Công đoàn phường Tân Phong", line=99
        ),
        ChangeRow(Action.CREATE, "Công đoàn phường Mới", "CĐCS Trường Tiểu học Bản Bo", line=100),
    ]
    with pytest.raises(ReorganisationRefused) as refused:
        demo_services.reorganisation.apply(rows, EFFECTIVE)
    lines = {p.line: p.message for p in refused.value.plan.problems}
    assert "không tìm thấy đơn vị «Công đoàn cơ sở Không Có Thật»" in lines[99]
    assert "không thể trực thuộc" in lines[100]
    assert "Dòng 99" in str(refused.value)
    assert _snapshot(demo_services) == before


def test_a_district_still_holding_unions_is_not_dissolved(demo_services):
    td = demo_services.units.by_code("LC-TD")
    plan = demo_services.reorganisation.plan(
        [ChangeRow(Action.DISSOLVE, td.name, line=2)], EFFECTIVE
    )
    assert not plan.ok
    assert "còn 5 đơn vị trực thuộc chưa chuyển đi" in plan.problems[0].message


def test_only_the_province_reorganises(district_demo_services):
    with pytest.raises(NotOwner, match="Chỉ LĐLĐ tỉnh được sắp xếp lại đơn vị"):
        district_demo_services.reorganisation.apply(
            [ChangeRow(Action.CREATE, "Công đoàn xã Bình Lư", "LĐLĐ tỉnh Lai Châu")], EFFECTIVE
        )


def test_ambiguous_names_ask_for_a_code(services):
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    a = u.create("LC-A", "Liên đoàn Lao động huyện A", UnitKind.DISTRICT, province.id)
    b = u.create("LC-B", "Liên đoàn Lao động huyện B", UnitKind.DISTRICT, province.id)
    u.create("LC-A-1", "Công đoàn cơ sở Trường Tiểu học Số 1", UnitKind.GRASSROOTS, a.id)
    u.create("LC-B-1", "Công đoàn cơ sở Trường Tiểu học Số 1", UnitKind.GRASSROOTS, b.id)
    plan = services.reorganisation.plan(
        [
            ChangeRow(Action.CREATE, "Công đoàn xã C", "LC", line=2),
            ChangeRow(Action.MOVE, "CĐCS Trường Tiểu học Số 1", "Công đoàn xã C", line=3),
            ChangeRow(Action.MOVE, "LC-B-1", "Cong doan xa C", line=4),
        ],
        EFFECTIVE,
    )
    assert [p.line for p in plan.problems] == [3]
    assert "trùng tên nhiều đơn vị" in plan.problems[0].message
    assert "LC-A-1" in plan.problems[0].message and "LC-B-1" in plan.problems[0].message
    applied = services.reorganisation.apply(
        [
            ChangeRow(Action.CREATE, "Công đoàn xã C", "LC", line=2),
            ChangeRow(Action.MOVE, "LC-B-1", "Cong doan xa C", line=4),
            ChangeRow(Action.DISSOLVE, "Liên đoàn Lao động huyện B", line=5),
            ChangeRow(Action.RENAME, "LC-A", new_name="Công đoàn xã A", line=6),
            ChangeRow(Action.RECLASSIFY, "LC-A", kind="Công đoàn xã", line=7),
        ],
        EFFECTIVE,
    )
    assert applied.ok
    assert u.get(a.id).name == "Công đoàn xã A" and u.get(a.id).kind == UnitKind.COMMUNE
    assert u.get(b.id).valid_to == EFFECTIVE
    moved = u.by_code("LC-B-1")
    assert u.get(moved.parent_id).name == "Công đoàn xã C"


def test_a_new_union_without_a_code_gets_a_short_one_from_its_parent_and_place(demo_services):
    plan = demo_services.reorganisation.plan(
        [
            ChangeRow(Action.CREATE, "Công đoàn phường Tân Phong", "LC", line=2),
            ChangeRow(Action.CREATE, "Công đoàn xã Bình Lư", "LC", line=3),
        ],
        EFFECTIVE,
    )
    assert [c.code for c in plan.changes] == ["LC-P-TAN-PHONG", "LC-X-BINH-LU"]
