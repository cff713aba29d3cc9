"""The tree over time: where each unit sat, what it was called and what kind it was, on any day.

The unit rows hold the tree as it is now. Its past is in the units' events (``UnitEvent``),
each with the date it took effect: created under a parent, moved from one parent to another,
renamed, reclassified, merged into another unit, dissolved. :class:`DatedTree` reads both
once and answers, for any day, a unit's parent, name, kind and whether it existed.

**The counting rule**, the one every figure follows (progress, dashboard, documents, bundle
counts): an initiative counts for the units that held its grassroots union on the day by
which the counting window judges it (its date of first application, ``applied_on``); a
quota stays with the unit it was assigned to. So a finished campaign's figures never change
when the tree changes later, and a campaign running across a change counts each initiative
where it was made. :meth:`DatedTree.chain_on` is that rule; :meth:`DatedTree.segments` cuts a
counting window at the days the tree changed, so that a report counts each piece with one
query and the tree of that piece.

How a unit's timeline is read from its events, in their order (effective date, no date
first; then creation before other changes; then the writer's clock; then the uid, so that
every office orders them alike):

* a creation puts the unit under its parent from its date (no date: since always);
* a move puts it under the new parent from its date (no date: a correction, since always);
  before a unit's first move, with no creation recorded (a unit that came in a bundle), it
  sat under the move's old parent;
* renames and reclassifications do the same for the name and the kind;
* a unit exists from ``valid_from`` to the day before ``valid_to`` (a dissolution or merge
  sets ``valid_to`` to its effective date);
* where the row disagrees with the last event (a change received from an office whose events
  have not arrived yet), the row wins from the last event's day on.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import Unit, UnitEvent, UnitEventKind, UnitKind
from desktop.models.dashboard import DashboardMark
from desktop.text.collation import collation_key

# A day before every effective date: the key of "no date" (since always).
ALWAYS = dt.date.min

PLACEMENT = (UnitEventKind.CREATE, UnitEventKind.MOVE)
_NAMING = (UnitEventKind.CREATE, UnitEventKind.RENAME)
_KINDING = (UnitEventKind.CREATE, UnitEventKind.RECLASSIFY)


class UnitAt(NamedTuple):
    """A unit as it stood on one day (the attribute names of a unit row). A named tuple: a
    national office's tree is 50,000 of them, made at every load (a frozen dataclass is made
    six times slower)."""

    id: int
    code: str
    name: str
    short_name: str | None
    kind: UnitKind
    parent_id: int | None
    name_key: str
    valid_from: dt.date | None
    valid_to: dt.date | None


_BY_NAME = itemgetter(UnitAt._fields.index("name_key"), UnitAt._fields.index("id"))

# One timeline: (from, value) pairs in order; the value holds from that day to the next pair.
Timeline = list[tuple[dt.date, object]]


def _value_on(line: Timeline, day: dt.date) -> object:
    """The value of ``line`` on ``day``: the last pair starting on or before it, else the
    first (before a unit's first recorded day it is taken as it first was)."""
    i = bisect.bisect_right([start for start, _ in line], day)
    return line[max(0, i - 1)][1]


def _event_order(e: Any) -> tuple[dt.date, int, int, str]:
    """The order of a unit's events (a row with the columns of ``UnitEvent``)."""
    return (e.on_date or ALWAYS, 0 if e.kind == UnitEventKind.CREATE else 1, e.version, e.uid)


class DatedTree:
    """Every unit, and the timelines of those whose parent, name or kind ever changed."""

    def __init__(
        self,
        units: dict[int, UnitAt],
        parents: dict[int, Timeline],
        names: dict[int, Timeline],
        kinds: dict[int, Timeline],
    ) -> None:
        self.units = units
        self._parents = parents
        self._names = names
        self._kinds = kinds
        # Every day a parent changed: where counting windows are cut (see ``segments``).
        self.change_days = sorted(
            {start for line in parents.values() for start, _ in line[1:] if start != ALWAYS}
        )

    @classmethod
    def load(cls, s: Session) -> DatedTree:
        # Core rows on the session's connection (not the ORM's result machinery): the
        # dashboard's first open loads the whole tree, 50,000 unions at a national office.
        conn = s.connection()
        rows = conn.execute(
            select(
                Unit.id,
                Unit.code,
                Unit.name,
                Unit.short_name,
                Unit.kind,
                Unit.parent_id,
                Unit.name_key,
                Unit.valid_from,
                Unit.valid_to,
            )
        ).all()
        make = tuple.__new__
        units = {r[0]: make(UnitAt, r) for r in rows}
        # Only units with a change besides their creation have a timeline worth reading: their
        # events are picked in SQL (after a reorganisation that is thousands of unions, not
        # every unit's creation read and dropped).
        changed = select(UnitEvent.unit_id).where(UnitEvent.kind != UnitEventKind.CREATE).distinct()
        # Core rows of the columns a timeline reads (not event objects: after the 2025
        # reorganisation nearly every union has a move, tens of thousands of them).
        q = select(
            UnitEvent.unit_id,
            UnitEvent.kind,
            UnitEvent.on_date,
            UnitEvent.version,
            UnitEvent.uid,
            UnitEvent.old_parent_id,
            UnitEvent.new_parent_id,
            UnitEvent.old_name,
            UnitEvent.new_name,
            UnitEvent.old_kind,
            UnitEvent.new_kind,
        ).where(
            UnitEvent.kind.in_(
                [
                    UnitEventKind.CREATE,
                    UnitEventKind.MOVE,
                    UnitEventKind.RENAME,
                    UnitEventKind.RECLASSIFY,
                ]
            ),
            UnitEvent.unit_id.in_(changed),
        )
        events: dict[int, list[Any]] = {}
        for e in conn.execute(q).all():
            events.setdefault(e.unit_id, []).append(e)
        parents: dict[int, Timeline] = {}
        names: dict[int, Timeline] = {}
        kinds: dict[int, Timeline] = {}
        for unit_id, evs in events.items():
            unit = units.get(unit_id)
            if unit is None:
                continue
            evs.sort(key=_event_order)
            # A timeline of one value is the row's value on every day (``_value_on``): kept
            # only when it changes, so a moved union's name and kind are read off its row.
            for lines, line in (
                (
                    parents,
                    _timeline(evs, PLACEMENT, "old_parent_id", "new_parent_id", unit.parent_id),
                ),
                (names, _timeline(evs, _NAMING, "old_name", "new_name", unit.name)),
                (kinds, _timeline(evs, _KINDING, "old_kind", "new_kind", unit.kind)),
            ):
                if len(line) > 1:
                    lines[unit_id] = line
        return cls(units, parents, names, kinds)

    # ---- one unit on one day --------------------------------------------------------------
    def parent_on(self, unit_id: int, day: dt.date) -> int | None:
        line = self._parents.get(unit_id)
        if line is None:
            return self.units[unit_id].parent_id
        value = _value_on(line, day)
        return value if isinstance(value, int) else None

    def parents_on(self, day: dt.date) -> dict[int, int | None]:
        """Every unit's parent on ``day`` (``parent_on`` for all of them at once)."""
        out = {u: at.parent_id for u, at in self.units.items()}
        for u in self._parents:
            out[u] = self.parent_on(u, day)
        return out

    def state_on(self, day: dt.date) -> int:
        """Which of the tree's states ``day`` is in: two days of the same number have every
        unit under the same parent (no ``change_days`` between them)."""
        return bisect.bisect_right(self.change_days, day)

    def name_on(self, unit_id: int, day: dt.date) -> str:
        line = self._names.get(unit_id)
        return self.units[unit_id].name if line is None else str(_value_on(line, day))

    def kind_on(self, unit_id: int, day: dt.date) -> UnitKind:
        line = self._kinds.get(unit_id)
        return self.units[unit_id].kind if line is None else UnitKind(str(_value_on(line, day)))

    def exists_on(self, unit_id: int, day: dt.date) -> bool:
        u = self.units[unit_id]
        return (u.valid_from is None or u.valid_from <= day) and (
            u.valid_to is None or day < u.valid_to
        )

    def last_day(self, unit_id: int, day: dt.date) -> dt.date:
        """``day``, or the unit's last day of existence when it ended before then."""
        end = self.units[unit_id].valid_to
        return min(day, end - dt.timedelta(days=1)) if end is not None else day

    def at(self, unit_id: int, day: dt.date) -> UnitAt:
        """The unit as it stood on ``day``: its parent, name and kind then."""
        u = self.units[unit_id]
        if (
            unit_id not in self._parents
            and unit_id not in self._names
            and unit_id not in self._kinds
        ):
            return u
        name = self.name_on(unit_id, day)
        return u._replace(
            name=name,
            # A short name belongs to the name it was given with: not to an older name.
            short_name=u.short_name if name == u.name else None,
            kind=self.kind_on(unit_id, day),
            parent_id=self.parent_on(unit_id, day),
            name_key=u.name_key if name == u.name else collation_key(name),
        )

    def chain_on(self, unit_id: int, day: dt.date) -> list[int]:
        """The unit and every unit above it on ``day``, nearest first: the units an
        initiative of this unit dated ``day`` counts for."""
        out: list[int] = []
        cur: int | None = unit_id
        while cur is not None and cur in self.units and cur not in out:
            out.append(cur)
            cur = self.parent_on(cur, day)
        return out

    def upper_on(self, unit_id: int, day: dt.date) -> int:
        """The direct upper-level union above a grassroots union on ``day`` (the unit itself
        when none is above it at that level)."""
        for u in self.chain_on(unit_id, day):
            if self.kind_on(u, day).is_district_level:
                return u
        return unit_id

    # ---- the tree on one day ----------------------------------------------------------------
    def children_on(self, day: dt.date, keep: Iterable[int] = ()) -> dict[int | None, list[UnitAt]]:
        """Each unit's children on ``day``, in alphabetical order of their names then. Units
        that no longer existed on ``day`` are left out, except those in ``keep`` (units with
        figures in a report), which sit under their parent of their last day."""
        kept = set(keep)
        out: dict[int | None, list[UnitAt]] = {}
        timelines, names, kinds = self._parents, self._names, self._kinds
        for unit_id, u in self.units.items():  # ``exists_on`` and ``at``, inline: 50,000 units
            start, end = u.valid_from, u.valid_to
            if (start is None or start <= day) and (end is None or day < end):
                if unit_id in timelines or unit_id in names or unit_id in kinds:
                    u = self.at(unit_id, day)
            elif unit_id in kept:
                u = self.at(unit_id, self.last_day(unit_id, day))
            else:
                continue
            kids = out.get(u.parent_id)
            if kids is None:
                out[u.parent_id] = [u]
            else:
                kids.append(u)
        for kids in out.values():
            kids.sort(key=_BY_NAME)
        return out

    def segments(
        self, start: dt.date | None, end: dt.date
    ) -> Iterator[tuple[dt.date | None, dt.date]]:
        """The window [start, end] cut at every day the tree changed inside it: pieces in
        which every unit keeps its parents (``None`` start: open)."""
        cur = start
        for day in self.change_days:
            if (start is None or day > start) and day <= end:
                yield cur, day - dt.timedelta(days=1)
                cur = day
        yield cur, end


@dataclass(frozen=True)
class Held:
    """Whose initiatives count for one unit by the counting rule (``DatedTree.held_by``)."""

    always: frozenset[int]  # units it held all along: every initiative of theirs
    pieces: tuple[tuple[dt.date | None, dt.date, frozenset[int]], ...]  # dated, in a piece
    undated: frozenset[int]  # units it holds today, for initiatives without a date


def held_by(dated: DatedTree, unit_id: int, today: dt.date) -> Held:
    """The units whose initiatives count for ``unit_id``: those it held all along, and for
    the others the pieces of time in which it held them. An initiative without a date counts
    in no window; a list shows it where its union is ``today``."""
    pieces = []
    for lo, hi in dated.segments(None, dt.date.max):
        day = hi if lo is None else lo
        pieces.append(
            (lo, hi, frozenset(u for u in dated.units if unit_id in dated.chain_on(u, day)))
        )
    always = frozenset.intersection(*(units for _lo, _hi, units in pieces))
    now = frozenset(u for u in dated.units if unit_id in dated.chain_on(u, today))
    return Held(
        always,
        tuple((lo, hi, units - always) for lo, hi, units in pieces if units - always),
        now - always,
    )


def tree_stamp(s: Session) -> tuple[object, ...]:
    """What changes whenever the tree (a unit row or an event) does: a :class:`DatedTree`
    loaded under one stamp may be kept until the stamp differs. The store's triggers count
    every write to ``unit`` and ``unit_event`` (``DashboardMark`` "tree", migration 0024): one
    row read. Without that row (a store not migrated), the scan of both tables it replaced:
    units are written with a new version and ``updated_at``, events only added."""
    mark = s.execute(select(DashboardMark.seq).where(DashboardMark.name == "tree")).first()
    if mark is not None:
        return ("tree", mark[0])
    units = s.execute(
        select(func.count(Unit.id), func.max(Unit.version), func.max(Unit.updated_at))
    ).one()
    events = s.execute(select(func.count(UnitEvent.id), func.max(UnitEvent.id))).one()
    return (*units, *events)


def _timeline(
    events: list[Any],
    kinds: tuple[UnitEventKind, ...],
    old_attr: str,
    new_attr: str,
    now: object,
) -> Timeline:
    line: Timeline = []
    for e in events:
        if e.kind not in kinds:
            continue
        new = getattr(e, new_attr)
        if e.kind == UnitEventKind.CREATE and new is None:
            continue
        if not line and e.kind != UnitEventKind.CREATE:
            old = getattr(e, old_attr)
            if old is not None or old_attr == "old_parent_id":
                line.append((ALWAYS, old))
        line.append((e.on_date or ALWAYS, new))
    if not line:
        return [(ALWAYS, now)]
    if line[-1][1] != now:
        line.append((line[-1][0], now))
    return line


__all__ = ["ALWAYS", "DatedTree", "Held", "UnitAt", "held_by", "tree_stamp"]
