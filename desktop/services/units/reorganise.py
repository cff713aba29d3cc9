"""A reorganisation, applied in one step as the province's decision is: create the new unions,
move grassroots unions (hundreds at once), rename, reclassify, merge and dissolve, all from one
effective date.

:meth:`ReorganisationService.plan` reads the changes (typed in the window, or rows of a file
read by ``reorganise_file``), matches every unit name without diacritics, and returns a
:class:`ReorganisationPlan` that says what would move where, which quotas and open dossiers
are affected and which offices must be told, with every unclear row named; it writes nothing.
:meth:`ReorganisationService.apply` plans again inside one transaction and applies all of it,
or nothing when any row has a problem.

The order inside the transaction: new units first (so that later rows can name them), then
renames and reclassifications, moves, merges, and dissolutions last (a union is dissolved
once its grassroots unions have moved). Every change is a dated unit event
(``services/units/dated.py``): initiatives dated before the effective day still count where
they counted; quotas stay with the unit they were assigned to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from desktop.services.common import audit
from desktop.services.rules.ownership import ownership
from desktop.services.units.reorganise_plan import (
    Action,
    ChangeRow,
    PlannedChange,
    QuotaAffected,
    ReorganisationPlan,
    ReorganisationRefused,
    RowProblem,
)
from desktop.services.units.reorganise_planner import Planner
from desktop.text.dates import format_date


class ReorganisationService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def plan(self, rows: Sequence[ChangeRow], effective: dt.date) -> ReorganisationPlan:
        """What ``rows`` would do from ``effective``: nothing is written."""
        with self._sf() as s:
            plan = Planner(s, effective).plan(rows)
            s.rollback()
            return plan

    def apply(self, rows: Sequence[ChangeRow], effective: dt.date) -> ReorganisationPlan:
        """Apply every row in one transaction, or nothing (ReorganisationRefused) when any
        row has a problem. Only the province's office reorganises (``owns_placement``)."""
        with self._sf.begin() as s:
            own = ownership(s)
            if not own.owns_placement:
                raise own.province_only("sắp xếp lại đơn vị")
            planner = Planner(s, effective)
            plan = planner.plan(rows)
            if not plan.ok:
                raise ReorganisationRefused(plan)
            planner.apply(plan)
            audit(
                s,
                "unit",
                "reorganisation",
                "reorganise",
                f"Sắp xếp lại đơn vị từ ngày {format_date(effective)}: "
                + ", ".join(f"{a.value} {n}" for a, n in plan.counts.items()),
            )
            return plan


# The service is the way in: the plan's types are named here too, for its callers.
__all__ = [
    "Action",
    "ChangeRow",
    "PlannedChange",
    "QuotaAffected",
    "ReorganisationPlan",
    "ReorganisationRefused",
    "ReorganisationService",
    "RowProblem",
]
