"""The store refuses points outside a criterion's weight (or negative) with the reason, and
keeps nothing of the refused sheet: on SQLite and, where offered, PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.services.common import ServiceError


def _unscored(services):
    for council in services.evaluation.councils.all():
        for row in services.evaluation.scoring.results(council.id):
            sheet = services.evaluation.scoring.sheet(council.id, row.initiative_id)
            for m in council.members:
                if m.id not in sheet:
                    return council, row.initiative_id, m.id
    raise AssertionError("the demo data has an unscored sheet (4/5 ballots): it is gone")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal(16), "phải từ 0 đến 15; đã nhập 16."),
        (Decimal(-1), "phải từ 0 đến 15; đã nhập -1."),
    ],
)
def test_out_of_range_points_are_refused_and_nothing_stored(demo_services, value, message):
    council, initiative_id, member_id = _unscored(demo_services)
    small = next(k for k in council.criteria if k.max_points == 15)
    points = {k.id: (value if k.id == small.id else Decimal(5)) for k in council.criteria}
    with pytest.raises(ServiceError) as exc:
        demo_services.evaluation.scoring.set_scores(member_id, initiative_id, points)
    assert str(exc.value) == f"Điểm «{small.name}» {message}"
    sheet = demo_services.evaluation.scoring.sheet(council.id, initiative_id)
    assert member_id not in sheet


def test_the_weight_itself_and_a_half_point_are_stored(demo_services):
    council, initiative_id, member_id = _unscored(demo_services)
    points = {k.id: Decimal(k.max_points) for k in council.criteria}
    first = council.criteria[0].id
    points[first] = Decimal("12.5")
    demo_services.evaluation.scoring.set_scores(member_id, initiative_id, points)
    stored = demo_services.evaluation.scoring.sheet(council.id, initiative_id)[member_id]
    assert stored[first] == Decimal("12.5")
