"""The unit tree below a report's unit, and its figures rolled up from the grassroots unions.

One step of :mod:`desktop.services.campaigns.progress`, outside the session once read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Unit, UnitKind

if TYPE_CHECKING:
    from sqlalchemy import Row

    # One unit as the report reads it: id, code, name, short name, kind, parent, name key, end.
    UnitLine = Row[int, str, str, str | None, UnitKind, int | None, str, dt.date | None]

# A unit's figures: count, recognised, grassroots with initiatives, grassroots, quota.
Figures = tuple[int, int, int, int, int | None]


@dataclass(frozen=True)
class Tree:
    """Every unit, each one's children in alphabetical order, and the subtree below one unit
    in depth-first order with each unit's depth (0: a child of the root)."""

    units: dict[int, UnitLine]
    children: dict[int | None, list[UnitLine]]
    order: list[tuple[UnitLine, int]]

    @classmethod
    def below(cls, s: Session, unit_id: int) -> Tree:
        q = select(
            Unit.id,
            Unit.code,
            Unit.name,
            Unit.short_name,
            Unit.kind,
            Unit.parent_id,
            Unit.name_key,
            Unit.valid_to,
        )
        units = {u.id: u for u in s.execute(q).all()}
        children: dict[int | None, list[UnitLine]] = {}
        for u in sorted(units.values(), key=lambda u: u.name_key):
            children.setdefault(u.parent_id, []).append(u)
        order: list[tuple[UnitLine, int]] = []
        stack = [(c, 0) for c in reversed(children.get(unit_id, []))]
        while stack:
            u, depth = stack.pop()
            order.append((u, depth))
            stack.extend((c, depth + 1) for c in reversed(children.get(u.id, [])))
        return cls(units, children, order)


@dataclass(frozen=True)
class Counts:
    """Each unit's own initiatives (not those below it) and how many are recognised."""

    all: dict[int, int]
    recognised: dict[int, int]


def roll_up(
    tree: Tree, unit_id: int, counts: Counts, quotas: dict[int, int], minimum: int
) -> dict[int, Figures]:
    """The figures of the root and of every unit below it, children before parents. A unit's
    quota is its own, else the sum of its children's (None when none has one)."""
    figures: dict[int, Figures] = {}

    def rolled(u: UnitLine) -> Figures:
        n = counts.all.get(u.id, 0)
        grassroots = u.kind == UnitKind.GRASSROOTS
        rec = counts.recognised.get(u.id, 0)
        active, total = (1 if grassroots and n >= minimum else 0), (1 if grassroots else 0)
        child_quotas = []
        for c in tree.children.get(u.id, []):
            cn, crec, cact, ctot, cq = figures[c.id]
            n, rec, active, total = n + cn, rec + crec, active + cact, total + ctot
            if cq is not None:
                child_quotas.append(cq)
        quota = quotas.get(u.id)
        if quota is None and child_quotas:
            quota = sum(child_quotas)
        return n, rec, active, total, quota

    for u, _depth in reversed(tree.order):
        figures[u.id] = rolled(u)
    figures[unit_id] = rolled(tree.units[unit_id])
    return figures
