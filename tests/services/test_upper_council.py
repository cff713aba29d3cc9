"""A direct upper-level union runs its own council: it screens and scores its own unions'
initiatives before proposing them, while the official statuses and decisions stay the
province's (on the demo district office Tam Đường)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop.models import Initiative, InitiativeStatus
from desktop.services.evaluation.councils import CouncilInput, MemberInput
from desktop.services.evaluation.decisions import DecisionInput
from desktop.services.rules.ownership import NotOwner


def test_a_district_runs_its_own_council_but_decides_nothing(district_demo_services):
    services = district_demo_services
    ev = services.evaluation
    assert ev.councils_here() and not ev.owned_here()
    camp = services.campaigns.by_code("01TRIEU-2022")
    with services.store.session_factory() as s:
        ids = list(
            s.scalars(
                select(Initiative.id)
                .where(Initiative.campaign_id == camp.id, Initiative.status_version.is_(None))
                .limit(3)
            )
        )
    before = {i: services.initiatives.get(i).status for i in ids}
    council = ev.councils.create(
        CouncilInput(
            campaign_id=camp.id,
            name="Hội đồng sơ tuyển của LĐLĐ huyện",
            period_id=None,
            pass_mark=Decimal(50),
            members=tuple(MemberInput(f"Thành viên {i}") for i in range(3)),
        )
    )
    assert ev.councils.add_reviews(council.id, ids) == len(ids)
    member = council.members[0]
    points = {k.id: k.max_points // 2 for k in council.criteria}
    ev.scoring.set_scores(member.id, ids[0], points)
    scored = {r.initiative_id: r for r in ev.scoring.results(council.id)}
    assert scored[ids[0]].scored_text.startswith("1/")
    # Its screening does not move the official status, and the decision is the province's.
    assert {i: services.initiatives.get(i).status for i in ids} == before
    assert InitiativeStatus.UNDER_EVALUATION not in before.values()
    with pytest.raises(NotOwner, match="Chỉ LĐLĐ tỉnh"):
        ev.decisions.decide(
            DecisionInput(camp.id, "1/QĐ-LĐLĐ", dt.date(2022, 6, 1), recognise=(ids[0],))
        )
    with pytest.raises(NotOwner, match="Chỉ LĐLĐ tỉnh"):
        ev.nominations.nominate(camp.id, ids[:1])
