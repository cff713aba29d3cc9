"""Evaluation belongs to the province office: at a district office every write of a council,
its scores, dossier issues, decisions and nominations is refused in Vietnamese and writes
nothing; reads still show what came down; at the province everything works — on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop.models import (
    AuditEntry,
    Council,
    CouncilMember,
    CouncilReview,
    Criterion,
    Decision,
    DecisionEntry,
    DossierIssue,
    DossierIssueKind,
    DossierKind,
    InitiativeStatus,
    Nomination,
    Score,
    UnitKind,
)
from desktop.services.campaigns.service import CampaignInput, PeriodInput
from desktop.services.evaluation.councils import CouncilInput, MemberInput
from desktop.services.evaluation.decisions import DecisionInput
from desktop.services.initiatives.service import AuthorInput, DossierInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.rules.ownership import NotOwner
from support.sync_fixtures import table_hashes

ALL_FOUR = tuple(DossierInput(k, dt.date(2021, 4, 1)) for k in DossierKind)
EVALUATION_TABLES = (
    Council,
    CouncilMember,
    Criterion,
    CouncilReview,
    Score,
    Decision,
    DecisionEntry,
    DossierIssue,
    Nomination,
    AuditEntry,
)
DISTRICT_NAME = "LĐLĐ huyện Ân Thi"


@dataclass
class World:
    services: Services
    campaign_id: int
    council_id: int
    member_ids: list[int]
    criterion_ids: list[int]
    ids: list[int]  # 0 recognised by decision 125, 1 reviewed and scored by one member,
    # 2 reviewed, not scored, 3 not reviewed
    issue_id: int
    district_id: int
    province_id: int


def build(services: Services, office: str | None) -> World:
    """The province's council for a district's four initiatives, with a sheet, an open
    complaint and a decision — made before this PC became ``office`` ("province", "district"
    or None), as a district holds what the province sent down."""
    units = services.units
    prov = units.create("P", "Liên đoàn Lao động tỉnh Thử", UnitKind.PROVINCE, None, "LĐLĐ tỉnh")
    dist = units.create(
        "P-A", "Liên đoàn Lao động huyện Ân Thi", UnitKind.DISTRICT, prov.id, DISTRICT_NAME
    )
    g1 = units.create(
        "P-A-1", "Công đoàn cơ sở Trường Tiểu học Ánh Dương", UnitKind.GRASSROOTS, dist.id
    )
    camp = services.campaigns.create(
        CampaignInput(
            code="C75",
            name="75 nghìn sáng kiến, vượt khó, phát triển",
            nomination_limit=2,
            periods=(PeriodInput("Năm 2021", dt.date(2021, 2, 1), dt.date(2021, 5, 31)),),
        ),
        [prov.id, dist.id],
    )
    ids = [
        services.initiatives.create(
            InitiativeInput(
                campaign_id=camp.id,
                unit_id=g1.id,
                title=f"Sáng kiến số {i + 1} về đổi mới quản lý",
                authors=(AuthorInput("Nguyễn Thị Ánh Tuyết"),),
                period_id=camp.periods[0].id,
                applied_on=dt.date(2021, 3, 1),
                dossier=ALL_FOUR,
            )
        ).id
        for i in range(4)
    ]
    ev = services.evaluation
    council = ev.councils.create(
        CouncilInput(
            campaign_id=camp.id,
            name="Hội đồng thẩm định",
            pass_mark=Decimal(50),
            members=tuple(MemberInput(f"Thành viên {i}") for i in range(3)),
        )
    )
    ev.councils.add_reviews(council.id, ids[:3])
    ev.scoring.set_scores(council.members[0].id, ids[1], {k.id: 10 for k in council.criteria})
    issue = ev.complaints.raise_issue(
        ids[2], DossierIssueKind.COMPLAINT, "Số liệu làm lợi chưa kiểm chứng"
    )
    ev.decisions.decide(
        DecisionInput(camp.id, "125/QĐ-LĐLĐ", dt.date(2021, 6, 1), recognise=(ids[0],))
    )
    if office is not None:
        services.office.set_up(prov.id if office == "province" else dist.id)
    return World(
        services,
        camp.id,
        council.id,
        [m.id for m in council.members],
        [k.id for k in council.criteria],
        ids,
        issue.id,
        dist.id,
        prov.id,
    )


# Each writer, called with what would be accepted at the province; the message's "what".
WRITES: dict[str, tuple[str, Callable[[World], object]]] = {
    "create_council": (
        "lập hội đồng thẩm định sáng kiến",
        lambda w: w.services.evaluation.councils.create(
            CouncilInput(w.campaign_id, "Hội đồng thứ hai", members=(MemberInput("Lò Văn A"),))
        ),
    ),
    "add_member": (
        "sửa thành viên và tiêu chí chấm điểm của hội đồng thẩm định",
        lambda w: w.services.evaluation.councils.add_member(
            w.council_id, MemberInput("Phạm Văn Đông")
        ),
    ),
    "set_criteria": (
        "sửa thành viên và tiêu chí chấm điểm của hội đồng thẩm định",
        lambda w: w.services.evaluation.councils.set_criteria(
            w.council_id, [*_criteria(w), (None, "Khả năng nhân rộng", 10)]
        ),
    ),
    "edit_council": (
        "sửa thành viên và tiêu chí chấm điểm của hội đồng thẩm định",
        lambda w: w.services.evaluation.councils.edit(
            w.council_id,
            [(m, MemberInput(f"Thành viên {i}")) for i, m in enumerate(w.member_ids)]
            + [(None, MemberInput("Đỗ Thị Lan", "Ủy viên"))],
            _criteria(w),
        ),
    ),
    "add_reviews": (
        "chọn sáng kiến đưa ra hội đồng thẩm định",
        lambda w: w.services.evaluation.councils.add_reviews(w.council_id, [w.ids[3]]),
    ),
    "remove_review": (
        "chọn sáng kiến đưa ra hội đồng thẩm định",
        lambda w: w.services.evaluation.councils.remove_review(w.council_id, w.ids[2]),
    ),
    "set_scores": (
        "chấm điểm sáng kiến",
        lambda w: w.services.evaluation.scoring.set_scores(
            w.member_ids[1], w.ids[1], {k: 20 for k in w.criterion_ids[:2]}
        ),
    ),
    "raise_issue": (
        "ghi và giải quyết khiếu nại, tranh chấp về hồ sơ sáng kiến",
        lambda w: w.services.evaluation.complaints.raise_issue(
            w.ids[3], DossierIssueKind.AUTHORSHIP, "Có người đề nghị ghi tên đồng tác giả"
        ),
    ),
    "resolve_issue": (
        "ghi và giải quyết khiếu nại, tranh chấp về hồ sơ sáng kiến",
        lambda w: w.services.evaluation.complaints.resolve_issue(
            w.issue_id, "Đã đối chiếu số liệu"
        ),
    ),
    "decide": (
        "ra quyết định công nhận sáng kiến",
        lambda w: w.services.evaluation.decisions.decide(
            DecisionInput(
                w.campaign_id,
                "150/QĐ-LĐLĐ",
                dt.date(2021, 7, 1),
                recognise=(w.ids[1],),
                decline={w.ids[3]: "Chưa chứng minh được hiệu quả"},
            )
        ),
    ),
    "nominate": (
        "đề nghị cấp trên xét sáng kiến",
        lambda w: w.services.evaluation.nominations.nominate(
            w.campaign_id, [w.ids[0]], dt.date(2021, 7, 5)
        ),
    ),
}


def _criteria(w: World) -> list[tuple[int | None, str, int]]:
    return [
        (k.id, k.name, k.max_points)
        for k in w.services.evaluation.councils.get(w.council_id).criteria
    ]


def _counts(w: World) -> dict[str, int]:
    with w.services.store.session_factory() as s:
        return {
            t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0
            for t in EVALUATION_TABLES
        }


def _statuses(w: World) -> list[InitiativeStatus]:
    return [w.services.initiatives.get(i).status for i in w.ids]


# A district may set up a council of its own (to screen before proposing): every other write
# is refused, its writes to the province's council included.
REFUSED_AT_DISTRICT = [w for w in WRITES if w != "create_council"]


@pytest.mark.parametrize("writer", REFUSED_AT_DISTRICT)
def test_a_district_office_is_refused_every_evaluation_write(services, writer):
    w = build(services, "district")
    what, call = WRITES[writer]
    counts, statuses = _counts(w), _statuses(w)
    hashes = table_hashes(services.store)
    with pytest.raises(NotOwner) as refused:
        call(w)
    assert str(refused.value) == (
        f"Chỉ LĐLĐ tỉnh được {what}; văn phòng {DISTRICT_NAME} nhận việc này qua gói dữ liệu."
    )
    assert _counts(w) == counts
    assert _statuses(w) == statuses
    assert table_hashes(services.store) == hashes  # not one row changed, not even the clock


@pytest.mark.parametrize("writer", list(WRITES))
def test_the_province_office_writes_as_before(services, writer):
    w = build(services, "province")
    hashes = table_hashes(services.store)
    WRITES[writer][1](w)
    assert table_hashes(services.store) != hashes


def test_what_each_write_does_at_the_province(services):
    w = build(services, "province")
    ev = w.services.evaluation
    assert ev.owned_here()
    before = _counts(w)
    for name in ("create_council", "add_member", "add_reviews", "raise_issue", "decide"):
        WRITES[name][1](w)
    after = _counts(w)
    assert after["council"] == before["council"] + 1
    assert after["council_member"] == before["council_member"] + 2  # the new council's and one
    assert after["council_review"] == before["council_review"] + 1
    assert after["dossier_issue"] == before["dossier_issue"] + 1
    assert after["decision"] == before["decision"] + 1
    assert _statuses(w)[1] == InitiativeStatus.RECOGNISED
    assert _statuses(w)[3] == InitiativeStatus.NOT_RECOGNISED
    made = WRITES["nominate"][1](w)
    assert [n.initiative_id for n in made] == [w.ids[0]]
    assert _statuses(w)[0] == InitiativeStatus.NOMINATED


def test_the_district_is_told_before_what_it_typed_is_checked(services):
    """An empty decision number at a district: the answer is who decides, not the format."""
    w = build(services, "district")
    with pytest.raises(NotOwner, match="Chỉ LĐLĐ tỉnh được ra quyết định công nhận"):
        w.services.evaluation.decisions.decide(
            DecisionInput(w.campaign_id, " ", dt.date(2021, 7, 1))
        )
    with pytest.raises(NotOwner, match="Chỉ LĐLĐ tỉnh được sửa thành viên"):
        w.services.evaluation.councils.add_member(w.council_id, MemberInput(""))


def test_a_district_runs_a_council_of_its_own_apart_from_the_provinces(services):
    """Its own council it edits and scores; the province's stays the province's; no status
    moves (its council screens, the province evaluates)."""
    w = build(services, "district")
    ev = w.services.evaluation
    statuses = _statuses(w)
    own = ev.councils.create(
        CouncilInput(w.campaign_id, "Hội đồng sơ tuyển", members=(MemberInput("Lò Văn A"),))
    )
    assert ev.councils.is_own(own.id) and not ev.councils.is_own(w.council_id)
    ev.councils.add_member(own.id, MemberInput("Phạm Văn Đông"))
    assert ev.councils.add_reviews(own.id, [w.ids[3]]) == 1
    ev.scoring.set_scores(own.members[0].id, w.ids[3], {k.id: 5 for k in own.criteria})
    assert _statuses(w) == statuses
    with pytest.raises(NotOwner):
        ev.scoring.set_scores(w.member_ids[1], w.ids[1], {w.criterion_ids[0]: 20})


def test_a_district_still_reads_what_came_down(services):
    w = build(services, "district")
    ev = w.services.evaluation
    assert not ev.owned_here()
    assert [c.name for c in ev.councils.all(w.campaign_id)] == ["Hội đồng thẩm định"]
    rows = {r.initiative_id: r for r in ev.scoring.results(w.council_id)}
    assert set(rows) == set(w.ids[:3])
    assert rows[w.ids[1]].scored_text == "1/3"
    decision = ev.decisions.by_number(w.campaign_id, "125/QĐ-LĐLĐ")
    assert [e.initiative_id for e in decision.entries if e.recognised] == [w.ids[0]]
    assert [i.reason for i in ev.complaints.issues(w.ids[2])] == ["Số liệu làm lợi chưa kiểm chứng"]
    assert ev.scoring.sheet(w.council_id, w.ids[1]) == {
        w.member_ids[0]: {k: Decimal(10) for k in w.criterion_ids}
    }


def test_a_pc_with_no_office_may_evaluate(services):
    w = build(services, None)
    assert w.services.evaluation.owned_here()
    WRITES["nominate"][1](w)
    assert _statuses(w)[0] == InitiativeStatus.NOMINATED
