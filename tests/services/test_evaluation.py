"""The council: scores, averages with the extremes dropped, dossier flags, decisions and
nominations within the campaign's limit — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop.models import AuditEntry, DossierIssueKind, DossierKind, InitiativeStatus
from desktop.services.common import ServiceError
from desktop.services.evaluation.councils import CouncilInput, MemberInput
from desktop.services.evaluation.decisions import DecisionInput
from desktop.services.evaluation.scoring import average_score
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.service import AuthorInput, DossierInput, InitiativeInput

D = Decimal
ALL_FOUR = tuple(DossierInput(k, dt.date(2021, 4, 1)) for k in DossierKind)


def test_average_drops_highest_and_lowest_from_five_members():
    assert average_score([D(90), D(10), D(50), D(60), D(70)]) == (D("60.00"), True)
    assert average_score([D(90), D(10), D(50), D(60)]) == (D("52.50"), False)
    assert average_score([]) == (None, False)


@pytest.fixture
def world(services):
    """A province, one district with a grassroots union, a campaign limited to 2 per unit,
    and four initiatives of the district's grassroots union; this PC is the province office,
    set up after the catalogue, the campaign and the initiatives were in place (as they would
    have arrived in bundles: the initiatives' content is the district's to write)."""
    from desktop.models import UnitKind
    from desktop.services.campaigns.service import CampaignInput, DeadlineInput, PeriodInput

    units = services.units
    prov = units.create("P", "Liên đoàn Lao động tỉnh Thử", UnitKind.PROVINCE, None)
    dist = units.create("P-A", "Liên đoàn Lao động huyện Ân Thi", UnitKind.DISTRICT, prov.id)
    g1 = units.create(
        "P-A-1", "Công đoàn cơ sở Trường Tiểu học Ánh Dương", UnitKind.GRASSROOTS, dist.id
    )
    camp = services.campaigns.create(
        CampaignInput(
            code="C75",
            name="75 nghìn sáng kiến, vượt khó, phát triển",
            nomination_limit=2,
            periods=(
                PeriodInput(
                    "Năm 2021",
                    dt.date(2021, 2, 1),
                    dt.date(2021, 5, 31),
                    (DeadlineInput("Gửi hồ sơ xét chọn về LĐLĐ tỉnh", dt.date(2021, 4, 10)),),
                ),
            ),
        ),
        [prov.id, dist.id],
    )
    ids = []
    for i in range(4):
        dossier = ALL_FOUR if i != 3 else ALL_FOUR[:2]
        ids.append(
            services.initiatives.create(
                InitiativeInput(
                    campaign_id=camp.id,
                    unit_id=g1.id,
                    title=f"Sáng kiến số {i + 1} về đổi mới quản lý",
                    authors=(AuthorInput("Nguyễn Thị Ánh Tuyết"),),
                    period_id=camp.periods[0].id,
                    applied_on=dt.date(2021, 3, 1),
                    dossier=dossier,
                )
            ).id
        )
    services.office.set_up(prov.id)
    return services, camp, dist, ids


def _council(services, camp, members=5):
    return services.evaluation.councils.create(
        CouncilInput(
            campaign_id=camp.id,
            name="Hội đồng thẩm định",
            period_id=camp.periods[0].id,
            pass_mark=D(50),
            members=tuple(MemberInput(f"Thành viên {i}") for i in range(members)),
        )
    )


def test_default_criteria_weights_are_30_30_25_15(world):
    services, camp, _d, _ids = world
    c = _council(services, camp)
    assert [(k.name, k.max_points) for k in c.criteria] == [
        ("Tính mới", 30),
        ("Tính hiệu quả", 30),
        ("Khả năng áp dụng", 25),
        ("Phạm vi ảnh hưởng", 15),
    ]
    assert c.total_points == 100


def test_scores_give_average_and_scored_count(world):
    services, camp, _d, ids = world
    c = _council(services, camp)
    ev = services.evaluation
    ev.councils.add_reviews(c.id, ids[:2])
    assert services.initiatives.get(ids[0]).status == InitiativeStatus.UNDER_EVALUATION
    totals = [95, 20, 60, 70, 80]
    for m, total in zip(c.members, totals, strict=True):
        # split each member's total over the four criteria within their maxima
        pts = [min(30, total), 0, 0, 0]
        rest = total - pts[0]
        pts[1] = min(30, rest)
        rest -= pts[1]
        pts[2] = min(25, rest)
        pts[3] = rest - pts[2]
        ev.scoring.set_scores(m.id, ids[0], {k.id: p for k, p in zip(c.criteria, pts, strict=True)})
    # a partial sheet does not count as scored
    ev.scoring.set_scores(c.members[0].id, ids[1], {c.criteria[0].id: 20})
    rows = {r.initiative_id: r for r in ev.scoring.results(c.id)}
    assert rows[ids[0]].scored_text == "5/5"
    assert rows[ids[0]].average == D("70.00")  # (60+70+80)/3, 95 and 20 dropped
    assert rows[ids[0]].trimmed
    assert rows[ids[1]].scored_text == "0/5"
    assert rows[ids[1]].average is None


def test_points_above_the_criterion_weight_are_refused_in_vietnamese(world):
    services, camp, _d, ids = world
    c = _council(services, camp)
    services.evaluation.councils.add_reviews(c.id, ids[:1])
    with pytest.raises(ServiceError, match=r"Tính mới.*từ 0 đến 30"):
        services.evaluation.scoring.set_scores(c.members[0].id, ids[0], {c.criteria[0].id: 31})
    with pytest.raises(ServiceError, match="không nằm trong danh sách"):
        services.evaluation.scoring.set_scores(c.members[0].id, ids[1], {c.criteria[0].id: 10})


def test_dossier_flags_each_condition_with_a_reason(world):
    services, _camp, _d, ids = world
    ev = services.evaluation
    ev.complaints.raise_issue(ids[1], DossierIssueKind.COMPLAINT, "Số liệu làm lợi chưa kiểm chứng")
    ev.complaints.raise_issue(
        ids[2], DossierIssueKind.AUTHORSHIP, "Có người đề nghị ghi tên đồng tác giả"
    )
    checks = {c.initiative_id: c for c in ev.dossiers.check(ids)}
    assert checks[ids[0]].valid
    flags = {f.code: f for f in checks[ids[1]].flags}
    assert not flags["no_complaint"].ok
    assert "Số liệu làm lợi chưa kiểm chứng" in flags["no_complaint"].reason
    assert not {f.code: f for f in checks[ids[2]].flags}["no_dispute"].ok
    complete = {f.code: f for f in checks[ids[3]].flags}["complete"]
    assert not complete.ok and "Mẫu 4" in complete.reason
    # the dossiers arrived on 01/04, before the period's deadline 10/04; a council due earlier
    late = ev.dossiers.check(ids[:1], due_on=dt.date(2021, 3, 15))[0]
    on_time = {f.code: f for f in late.flags}["on_time"]
    assert not on_time.ok and "01/04/2021" in on_time.reason and "15/03/2021" in on_time.reason


def test_decision_recognises_and_declines_at_once_with_audit(world, store):
    services, camp, _d, ids = world
    ev = services.evaluation
    row = ev.decisions.decide(
        DecisionInput(
            campaign_id=camp.id,
            number="125/QĐ-LĐLĐ",
            signed_on=dt.date(2021, 6, 1),
            recognise=(ids[0], ids[1]),
            decline={ids[2]: "Chưa chứng minh được hiệu quả"},
        )
    )
    assert (row.recognised, row.declined) == (2, 1)
    assert services.initiatives.get(ids[0]).status == InitiativeStatus.RECOGNISED
    assert services.initiatives.get(ids[2]).status == InitiativeStatus.NOT_RECOGNISED
    with store.session_factory() as s:
        moves = s.scalars(select(AuditEntry).where(AuditEntry.action == "status")).all()
    assert any("Được công nhận" in a.summary for a in moves)
    assert ev.decisions.by_number(camp.id, "125/QĐ-LĐLĐ").id == row.id
    with pytest.raises(ServiceError, match="Đã có quyết định số 125/QĐ-LĐLĐ"):
        ev.decisions.decide(
            DecisionInput(camp.id, "125/QĐ-LĐLĐ", dt.date(2021, 6, 2), recognise=(ids[3],))
        )


def test_decision_refuses_flagged_dossiers_unless_accepted_and_needs_reasons(world):
    services, camp, _d, ids = world
    ev = services.evaluation
    with pytest.raises(ServiceError, match=r"(?s)hồ sơ chưa hợp lệ.*Thiếu"):
        ev.decisions.decide(
            DecisionInput(camp.id, "130/QĐ-LĐLĐ", dt.date(2021, 6, 1), recognise=(ids[3],))
        )
    with pytest.raises(ServiceError, match="lý do không công nhận"):
        ev.decisions.decide(
            DecisionInput(camp.id, "131/QĐ-LĐLĐ", dt.date(2021, 6, 1), decline={ids[0]: " "})
        )
    assert services.initiatives.get(ids[3]).status == InitiativeStatus.REGISTERED
    row = ev.decisions.decide(
        DecisionInput(
            camp.id, "132/QĐ-LĐLĐ", dt.date(2021, 6, 1), recognise=(ids[3],), accept_flagged=True
        )
    )
    assert row.recognised == 1


def test_nominations_respect_the_limit_per_district(world):
    services, camp, dist, ids = world
    ev = services.evaluation
    ev.decisions.decide(
        DecisionInput(camp.id, "140/QĐ-LĐLĐ", dt.date(2021, 6, 1), recognise=tuple(ids[:3]))
    )
    with pytest.raises(ServiceError, match=r"Ân Thi.*3 sáng kiến.*vượt giới hạn 2"):
        ev.nominations.nominate(camp.id, ids[:3])
    assert ev.nominations.all(camp.id) == []
    made = ev.nominations.nominate(camp.id, ids[:2], dt.date(2021, 6, 10))
    assert [n.unit_id for n in made] == [dist.id, dist.id]
    assert services.initiatives.get(ids[0]).status == InitiativeStatus.NOMINATED
    with pytest.raises(ServiceError, match="vượt giới hạn"):
        ev.nominations.nominate(camp.id, [ids[2]])
    with pytest.raises(ServiceError, match="chưa được công nhận"):
        ev.nominations.nominate(camp.id, [ids[3]])


def test_demo_holds_a_council_with_scores_and_decisions(demo_services):
    ev = demo_services.evaluation
    councils = ev.councils.all()
    assert councils and len(councils[0].members) == 5
    rows = ev.scoring.results(councils[0].id)
    assert any(r.scored == r.members for r in rows)
    assert any(r.scored < r.members for r in rows)
    assert any(not r.check.valid for r in rows)
    assert ev.decisions.all(councils[0].campaign_id)
    assert demo_services.initiatives.count(ListQuery(status=InitiativeStatus.RECOGNISED))


def test_editing_members_and_criteria_after_scoring(world, store):
    services, camp, _d, ids = world
    ev = services.evaluation
    c = _council(services, camp, members=3)
    ev.councils.add_reviews(c.id, ids[:1])
    c = ev.councils.get(c.id)
    full = {k.id: p for k, p in zip(c.criteria, (20, 20, 20, 10), strict=True)}
    for m in c.members:
        ev.scoring.set_scores(m.id, ids[0], full)
    assert ev.scoring.scored_sheets(c.id) == {m.id: 1 for m in c.members}
    a, b, _gone = c.members
    keep = [(k.id, k.name, k.max_points) for k in c.criteria]
    members = [
        (a.id, MemberInput("Thành viên 0", "Chủ tịch Hội đồng")),
        (b.id, MemberInput("  Lê  Thị Ngọc  ")),
        (None, MemberInput("Phạm Văn Đông", "Ủy viên", "Trường Tiểu học Ánh Dương")),
    ]

    # removing a member who has scored needs the caller's say-so; nothing is saved before
    with pytest.raises(ServiceError, match="Thành viên 2 đã chấm 1 sáng kiến"):
        ev.councils.edit(c.id, members, keep)
    assert ev.councils.get(c.id) == c
    # a weight below the points given, a zero weight, no member: refused, nothing saved
    low = [(keep[0][0], "Tính mới", 15), *keep[1:]]
    with pytest.raises(ServiceError, match="không thể hạ điểm tối đa xuống 15"):
        ev.councils.edit(c.id, members, low, remove_scored=True)
    with pytest.raises(ServiceError, match="phải lớn hơn 0"):
        ev.councils.edit(c.id, members, [*keep[:3], (keep[3][0], "Phạm vi", 0)])
    with pytest.raises(ServiceError, match="ít nhất một thành viên"):
        ev.councils.edit(c.id, [], keep)
    with pytest.raises(ServiceError, match="phải có họ tên"):
        ev.councils.edit(c.id, [(a.id, MemberInput(" "))], keep)
    assert ev.councils.get(c.id) == c

    renamed = [(keep[0][0], "Tính mới, sáng tạo", 35), *keep[1:]]
    after = ev.councils.edit(c.id, members, renamed, remove_scored=True)
    assert [(m.full_name, m.role) for m in after.members] == [
        ("Thành viên 0", "Chủ tịch Hội đồng"),
        ("Lê Thị Ngọc", None),
        ("Phạm Văn Đông", "Ủy viên"),
    ]
    assert [m.id for m in after.members[:2]] == [a.id, b.id]
    assert after.criteria[0].name == "Tính mới, sáng tạo" and after.total_points == 105
    assert ev.scoring.scored_sheets(c.id) == {a.id: 1, b.id: 1}  # the removed member's sheet went
    row = ev.scoring.results(c.id)[0]
    assert row.scored_text == "2/3" and row.average == D(70)
    assert ev.councils.get(c.id) == after
    with store.session_factory() as s:
        edits = s.scalars(select(AuditEntry).where(AuditEntry.action == "edit")).all()
    assert any("bỏ Thành viên 2" in e.summary for e in edits)
