"""The units of a report as they stood on its day, and their figures by the counting rule.

One step of :mod:`desktop.services.campaigns.progress`. The report's tree is the tree on its
reference day (the end of the counting window, or the "as of" day when that comes first), so a
finished campaign shows the units it ran in. Each initiative counts for the units that held its
grassroots union on the initiative's own date (``services/units/dated.py``): the counting
window is cut at the days the tree changed and each piece is counted with the tree of that
piece. A unit that had ended by the reference day but has figures or a quota in the report
stays in it, under its parent of its last day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop.models import Initiative, InitiativeStatus, UnitKind
from desktop.services.campaigns.windows import counted_in
from desktop.services.units.dated import DatedTree, UnitAt

# The query of one piece of a counting window (from, to, whether it is the window's first
# piece): rows of unit id, status, count.
Piece = Callable[[dt.date | None, dt.date, bool], Select[int, Any, int]]

# A unit's figures: count, recognised, grassroots with initiatives, grassroots, quota.
Figures = tuple[int, int, int, int, int | None]


@dataclass(frozen=True)
class Tree:
    """The units below a report's unit on its day, each one's children in alphabetical
    order, in depth-first order with each unit's depth (0: a child of the root)."""

    day: dt.date
    units: dict[int, UnitAt]
    children: dict[int | None, list[UnitAt]]
    order: list[tuple[UnitAt, int]]

    @classmethod
    def below(cls, dated: DatedTree, unit_id: int, day: dt.date, keep: Iterable[int] = ()) -> Tree:
        children = dated.children_on(day, keep)
        units = {unit_id: dated.at(unit_id, dated.last_day(unit_id, day))}
        order: list[tuple[UnitAt, int]] = []
        stack = [(c, 0) for c in reversed(children.get(unit_id, []))]
        seen = {unit_id}
        while stack:
            u, depth = stack.pop()
            if u.id in seen:
                continue
            seen.add(u.id)
            units[u.id] = u
            order.append((u, depth))
            stack.extend((c, depth + 1) for c in reversed(children.get(u.id, [])))
        return cls(day, units, {k: v for k, v in children.items() if k in units}, order)

    def ids_below(self, unit_id: int) -> set[int]:
        out, stack = set(), [unit_id]
        while stack:
            cur = stack.pop()
            if cur not in out:
                out.add(cur)
                stack.extend(c.id for c in self.children.get(cur, []))
        return out


@dataclass
class Counts:
    """Initiatives counted for each unit by the counting rule (its own and those below it),
    how many of them are recognised, and each grassroots union's count for each unit above it
    (``by_pair[(grassroots, unit)]``: whether it "has an initiative" there)."""

    all: dict[int, int] = field(default_factory=dict)
    recognised: dict[int, int] = field(default_factory=dict)
    by_pair: dict[tuple[int, int], int] = field(default_factory=dict)

    def add(self, chain: list[int], n: int, recognised: bool) -> None:
        own = chain[0]
        for u in chain:
            self.all[u] = self.all.get(u, 0) + n
            if recognised:
                self.recognised[u] = self.recognised.get(u, 0) + n
            self.by_pair[(own, u)] = self.by_pair.get((own, u), 0) + n


def initiatives_of(campaign_id: int) -> Piece:
    """The query of one piece of a window: a campaign's live initiatives counted in it, by
    unit and status (what ``count_by_rule`` runs on each piece)."""

    def piece(lo: dt.date | None, hi: dt.date, first: bool) -> Select[int, InitiativeStatus, int]:
        # A partial date ("Quý I/2022") reaching into the window counts in its first piece
        # only (windows.py: counted once however the window is cut).
        precision = Initiative.applied_precision if first else None
        return (
            select(Initiative.unit_id, Initiative.status, func.count())
            .where(Initiative.campaign_id == campaign_id, Initiative.deleted_at.is_(None))
            .where(counted_in(Initiative.applied_on, lo, hi, precision))
            .group_by(Initiative.unit_id, Initiative.status)
        )

    return piece


def count_by_rule(
    s: Session,
    dated: DatedTree,
    query: Piece,
    start: dt.date | None,
    end: dt.date,
    is_recognised: Callable[[object], bool],
) -> Counts:
    """Run ``query(piece_start, piece_end)`` (rows: unit id, status, count) on each piece of
    [start, end] in which the tree stood still, and count each row for the units that held
    its unit in that piece."""
    counts = Counts()
    # Core rows, not the ORM's (a national office's 50,000 unions return that many rows);
    # each union's chain once per piece, not once per status.
    conn = s.connection()
    for piece_start, piece_end in dated.segments(start, end):
        day = piece_end if piece_start is None else piece_start
        first = piece_start == start
        chains: dict[int, list[int]] = {}
        for unit_id, status, n in conn.execute(query(piece_start, piece_end, first)):
            chain = chains.get(unit_id)
            if chain is None:
                if unit_id not in dated.units:
                    continue
                chain = chains[unit_id] = dated.chain_on(unit_id, day)
            counts.add(chain, n, is_recognised(status))
    return counts


def figures_of(
    dated: DatedTree,
    tree: Tree,
    unit_id: int,
    counts: Counts,
    quotas: dict[int, int],
    minimum: int,
) -> dict[int, Figures]:
    """The figures of the root and of every unit below it. A unit's quota is its own, else
    the sum of its children's (None when none has one); its grassroots unions are those it
    held on the report's day (on its last day, for a unit that ended before), and one "has an
    initiative" when it counts at least ``minimum`` there."""
    held: dict[int, int] = {}
    active: dict[int, int] = {}
    days: dict[dt.date, list[int]] = {}
    for u in tree.units.values():
        days.setdefault(dated.last_day(u.id, tree.day), []).append(u.id)
    wanted = set(tree.units)
    for day, _ids in days.items():
        for g, unit in dated.units.items():
            if unit.kind != UnitKind.GRASSROOTS or not dated.exists_on(g, day):
                continue
            for a in dated.chain_on(g, day):
                if a in wanted and dated.last_day(a, tree.day) == day:
                    held[a] = held.get(a, 0) + 1
                    if counts.by_pair.get((g, a), 0) >= minimum:
                        active[a] = active.get(a, 0) + 1
    figures: dict[int, Figures] = {}

    def quota_of(u: UnitAt) -> int | None:
        quota = quotas.get(u.id)
        if quota is None:
            kids = [figures[c.id][4] for c in tree.children.get(u.id, []) if c.id in figures]
            known = [q for q in kids if q is not None]
            quota = sum(known) if known else None
        return quota

    for u, _depth in reversed(tree.order):
        figures[u.id] = _figures(u, counts, held, active, quota_of(u))
    figures[unit_id] = _figures(
        tree.units[unit_id], counts, held, active, quota_of(tree.units[unit_id])
    )
    return figures


def _figures(
    u: UnitAt, counts: Counts, held: dict[int, int], active: dict[int, int], quota: int | None
) -> Figures:
    return (
        counts.all.get(u.id, 0),
        counts.recognised.get(u.id, 0),
        active.get(u.id, 0),
        held.get(u.id, 0),
        quota,
    )
