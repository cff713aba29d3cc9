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
from functools import partial
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from desktop.models import Initiative, InitiativeStatus, UnitKind
from desktop.services.campaigns.windows import counted_in
from desktop.services.units.dated import DatedTree, UnitAt
from desktop.services.units.tree import short_unit_name

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
        get = children.get
        stack = [(c, 0) for c in reversed(get(unit_id, []))]
        seen = {unit_id}
        while stack:
            u, depth = stack.pop()
            uid = u.id
            if uid in seen:
                continue
            seen.add(uid)
            units[uid] = u
            order.append((u, depth))
            kids = get(uid)
            if kids:  # most of 50,000 unions have none
                below = depth + 1
                stack.extend([(c, below) for c in reversed(kids)])
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


# ---- the report's roll-up at national scale ------------------------------------------------------
# The dashboard refreshes the same report again and again over a tree that rarely changes, and a
# national federation holds 50,000 grassroots unions: walking each union's chain for every count
# (``count_by_rule``) and each union's chain again for its "has an initiative" figure
# (``figures_of``) costs seconds. ``Layout`` does the tree's part once, kept by the report's
# service while the tree stays as it was (``units.dated.tree_stamp``): the report's tree in
# depth-first order, each unit's place in it, and for each piece of the window the units whose
# chain in that piece is not their path in the report's tree (they moved, or sat under a unit
# that moved). A refresh then adds each union's count to its own place and sums every unit's
# children once, bottom up; only the units that moved are walked, piece by piece, as before.
# ``figures_of`` over ``count_by_rule`` stays the plain statement of the same figures (the
# tests hold the two equal on stores with reorganisations).

RECOGNISED = (InitiativeStatus.RECOGNISED, InitiativeStatus.COMMENDED, InitiativeStatus.NOMINATED)

# A piece of a counting window: its first day (None: open), last day, whether it is the
# window's first piece, and the day whose tree it is counted with.
Span = tuple[dt.date | None, dt.date, bool, dt.date]


def spans_of(dated: DatedTree, start: dt.date | None, end: dt.date) -> tuple[Span, ...]:
    """The pieces of [start, end] in which the tree stood still, as ``count_by_rule`` cuts it."""
    return tuple(
        (lo, hi, lo == start, hi if lo is None else lo) for lo, hi in dated.segments(start, end)
    )


def by_unit_of(campaign_id: int) -> Piece:
    """The query of one piece of a window: a campaign's live initiatives counted in it, by unit:
    rows of unit id, count, how many of them are recognised."""

    def piece(lo: dt.date | None, hi: dt.date, first: bool) -> Select[int, int, int]:
        precision = Initiative.applied_precision if first else None
        recognised = func.sum(case((Initiative.status.in_(RECOGNISED), 1), else_=0))
        return (
            select(Initiative.unit_id, func.count(), recognised)
            .where(Initiative.campaign_id == campaign_id, Initiative.deleted_at.is_(None))
            .where(counted_in(Initiative.applied_on, lo, hi, precision))
            .group_by(Initiative.unit_id)
        )

    return piece


def _up(
    dated: DatedTree, day: dt.date, mark: Callable[[int], tuple[int, ...]]
) -> dict[int, tuple[int, ...]]:
    """For every unit, ``mark`` of each unit of its chain on ``day`` joined, nearest first:
    each unit's chain walked once (its parent's part is reused)."""
    out: dict[int, tuple[int, ...]] = {}
    parents = dated.parents_on(day)
    for unit_id in parents:
        if unit_id in out:
            continue
        path: list[int] = []
        cur: int | None = unit_id
        while cur is not None and cur in parents and cur not in out:
            if cur in path:  # a loop in the data: chain_on stops where it repeats
                out[unit_id] = tuple(x for u in dated.chain_on(unit_id, day) for x in mark(u))
                path = []
                break
            path.append(cur)
            cur = parents[cur]
        above = out.get(cur, ()) if cur is not None else ()
        for u in reversed(path):
            above = mark(u) + above
            out[u] = above
    return out


def ended_in_chains(
    dated: DatedTree, spans: Iterable[Span], day: dt.date
) -> list[dict[int, tuple[int, ...]]]:
    """For each piece, the units that had ended by ``day`` in each unit's chain of that piece
    (only units with one): they stay in the report when the unit has figures in it."""
    ended = {u for u in dated.units if not dated.exists_on(u, day)}
    out: list[dict[int, tuple[int, ...]]] = []
    for *_rest, on in spans:
        if not ended:
            out.append({})
            continue
        chains = _up(dated, on, lambda u: (u,) if u in ended else ())
        out.append({u: c for u, c in chains.items() if c})
    return out


@dataclass(frozen=True)
class Static:
    """What a report's rows show of each unit of a layout, in its order."""

    ids: list[int]
    codes: list[str]
    names: list[str]
    kinds: list[UnitKind]
    parents: list[int | None]
    depths: list[int]


def _held_mark(index: dict[int, int], last: list[dt.date], on: dt.date, u: int) -> tuple[int, ...]:
    """A unit of the layout whose day is ``on``: it holds the grassroots unions then below it."""
    i = index.get(u)
    return (i,) if i is not None and last[i] == on else ()


class Layout:
    """The report's tree and what its roll-up needs of it, for one tree, reference day, set of
    ended units kept, and pieces of the window (see the comment above)."""

    def __init__(
        self,
        dated: DatedTree,
        unit_id: int,
        day: dt.date,
        keep: Iterable[int],
        spans: Iterable[Span],
    ) -> None:
        tree = Tree.below(dated, unit_id, day, keep)  # not kept: only what a refresh reads
        units = [tree.units[unit_id], *(u for u, _d in tree.order)]
        self.units = units
        self.depths = [-1, *(d for _u, d in tree.order)]
        self.index = index = {u.id: i for i, u in enumerate(units)}
        n = len(units)
        parent = [-1] * n
        for i in range(1, n):
            parent[i] = index[units[i].parent_id]  # type: ignore[index]
        # Each unit with children, deepest last in depth-first order: summed bottom up.
        kids: dict[int, list[int]] = {}
        for i in range(1, n):
            kids.setdefault(parent[i], []).append(i)
        self.sums = [(i, kids[i]) for i in reversed(range(n)) if i in kids]
        paths: list[tuple[int, ...]] = [(0,)] + [()] * (n - 1)
        for i in range(1, n):
            paths[i] = (i, *paths[parent[i]])
        # For each piece: the units whose chain then, in the report's tree, is not their path
        # in it (units outside it reaching into it included), with that chain.
        self.moved: list[dict[int, tuple[int, ...]]] = []
        self.below: list[list[int]] = []  # the units below the report's unit in each piece
        in_layout: dict[int, dict[int, tuple[int, ...]]] = {}  # tree state → chains (indexes)
        for *_rest, on in spans:
            chains = in_layout.get(dated.state_on(on))
            if chains is None:
                chains = _up(dated, on, lambda u: (index[u],) if u in index else ())
                in_layout[dated.state_on(on)] = chains
            self.moved.append(
                {u: c for u, c in chains.items() if c != (paths[index[u]] if u in index else ())}
            )
            self.below.append([u for u, c in chains.items() if c and c[-1] == 0])
        # The grassroots unions each unit held on its day (its last day, when it ended before
        # the report's day): a union is "plain" when the units holding it are its path.
        last = [dated.last_day(u.id, day) for u in units]
        held = [0] * n
        holders: dict[int, list[int]] = {}
        grassroots = [g for g, u in dated.units.items() if u.kind == UnitKind.GRASSROOTS]
        for on in set(last):
            # Every unit of the layout on its day ``on``: its marks are the chains of the
            # pieces' pass when the tree then was the same (the usual case, once per report).
            marks = in_layout.get(dated.state_on(on)) if all(x == on for x in last) else None
            if marks is None:
                marks = _up(dated, on, partial(_held_mark, index, last, on))
            for g in grassroots:
                if dated.exists_on(g, on) and marks[g]:
                    holders.setdefault(g, []).extend(marks[g])
        self.plain = bytearray(n)
        self.odd: dict[int, list[int]] = {}
        for g, hs in holders.items():
            for a in hs:
                held[a] += 1
            i = index.get(g, -1)
            if (
                i >= 0
                and len(hs) == len(paths[i])
                and (tuple(hs) == paths[i] or sorted(hs) == sorted(paths[i]))
            ):
                self.plain[i] = 1
            else:
                self.odd[g] = hs
        self.held = held
        self.paths = paths
        self.static = Static(
            [u.id for u in units],
            [u.code for u in units],
            [short_unit_name(u.name, u.short_name) for u in units],
            [u.kind for u in units],
            [u.parent_id for u in units],
            self.depths,
        )

    def figures(
        self, pieces: list[list[tuple[int, int, int]]], quotas: dict[int, int], minimum: int
    ) -> tuple[list[int], list[int], list[int], list[int | None]]:
        """Each unit's count, recognised, grassroots with initiatives and quota (in the order of
        ``units``), from each piece's rows of unit id, count, recognised."""
        index, n = self.index, len(self.units)
        own_n = [0] * n
        own_r = [0] * n
        extra_n: dict[int, int] = {}
        extra_r: dict[int, int] = {}
        pair: dict[tuple[int, int], int] = {}  # (union, unit's index): its count there
        walked: set[int] = set()
        get = index.get
        for rows, moved in zip(pieces, self.moved, strict=True):
            for g, cnt, rec in rows:
                chain = moved.get(g) if moved else None
                if chain is None:
                    i = get(g)
                    if i is not None:
                        own_n[i] += cnt
                        own_r[i] += rec
                    continue
                walked.add(g)
                for a in chain:
                    extra_n[a] = extra_n.get(a, 0) + cnt
                    extra_r[a] = extra_r.get(a, 0) + rec
                    pair[(g, a)] = pair.get((g, a), 0) + cnt
        # A union "has an initiative" for a unit that held it when it counts enough there: a
        # plain union, counted in its own place only, for every unit of its path.
        active = [1 if c >= minimum and p else 0 for c, p in zip(own_n, self.plain, strict=True)]
        extra_a: dict[int, int] = {}
        paths = self.paths
        for g in walked | self.odd.keys():
            i = get(g, -1)
            if i >= 0:
                active[i] = 0
            holders = self.odd.get(g) or (paths[i] if i >= 0 and self.plain[i] else ())
            for a in holders:
                there = pair.get((g, a), 0) + (own_n[i] if i >= 0 and a in paths[i] else 0)
                if there >= minimum:
                    extra_a[a] = extra_a.get(a, 0) + 1
        for i, children in self.sums:
            own_n[i] += sum([own_n[c] for c in children])
            own_r[i] += sum([own_r[c] for c in children])
            active[i] += sum([active[c] for c in children])
        for a, v in extra_n.items():
            own_n[a] += v
        for a, v in extra_r.items():
            own_r[a] += v
        for a, v in extra_a.items():
            active[a] += v
        return own_n, own_r, active, self._quotas(quotas)

    def update(
        self,
        figures: tuple[list[int], list[int], list[int], list[int | None]],
        before: dict[int, tuple[int, int]],
        now: Callable[[int], tuple[int, int]],
        minimum: int,
    ) -> set[int] | None:
        """Bring ``figures`` (of :meth:`figures`) up to date in place when only the counts of
        the unions in ``before`` changed (each one's count and recognised summed over the
        pieces, before; ``now(union)``: after): their units are returned. None, and nothing
        changed, when one of them is walked piece by piece or odd (figures must be made)."""
        moved = self.moved
        for g in before:
            if g in self.odd or any(g in m for m in moved):
                return None
        counts, recognised, active, _quotas = figures
        changed: set[int] = set()
        for g, (was_n, was_r) in before.items():
            i = self.index.get(g)
            if i is None:  # outside the report's tree in every piece
                continue
            n, r = now(g)
            dn, dr = n - was_n, r - was_r
            # A plain union "has an initiative" for every unit of its path.
            da = int(n >= minimum) - int(was_n >= minimum) if self.plain[i] else 0
            if not (dn or dr or da):
                continue
            path = self.paths[i]
            for a in path:
                counts[a] += dn
                recognised[a] += dr
                active[a] += da
            changed.update(path)
        return changed

    def _quotas(self, quotas: dict[int, int]) -> list[int | None]:
        """A unit's quota is its own, else the sum of its children's (None when none has one)."""
        if not quotas:
            return [None] * len(self.units)
        out = [quotas.get(u) for u in self.static.ids]
        for i, children in self.sums:
            if out[i] is None:
                known = [q for c in children if (q := out[c]) is not None]
                out[i] = sum(known) if known else None
        return out
