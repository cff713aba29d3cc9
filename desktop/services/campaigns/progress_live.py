"""The dashboard's counts kept between refreshes, from the store's log of counted changes.

One step of :mod:`desktop.services.campaigns.progress`. Counting a campaign's initiatives by
union for each piece of the window reads every one of them (a million, at a national office).
The store's triggers (migration 0024) write one row of ``initiative_count_log`` for each
counted state of an initiative that goes (-1) or comes (+1), whoever writes: the window, the
Excel import's bulk insert, a bundle, an undo, another computer on PostgreSQL, a hard delete.
:class:`LiveCounts` holds a campaign's counts by union for each piece of one window and the
last ``seq`` of the log they include; a refresh reads the rows past it and applies each one
by the counting rule's own Python (``windows.counts_in``, the twin of the SQL ``counted_in``).

When the counts are taken again in full: the first time, when the window's pieces change (a
new day, another period, the tree changed), when more rows wait than a count would take to
read (``CATCH_UP``), and when the log was cut past the kept ``seq`` (``DashboardMark``
"compacted"). A full count is kept only when the log's head was the same before and after it
(on PostgreSQL every statement sees the latest commits: a change committed in between would be
counted and then applied again). The log's writers take their seq in commit order (SQLite has
one writer; on PostgreSQL the trigger holds a transaction lock), so nothing below a seen seq
can appear later.

``compact`` cuts the log when it has grown: it deletes the rows older than the newest
``KEEP`` and records the highest seq deleted; a process whose counts are older counts again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import DBAPIError

from desktop.models.dashboard import DashboardMark, InitiativeCountLog
from desktop.services.campaigns.progress_tree import RECOGNISED, Span
from desktop.services.campaigns.windows import counts_in
from desktop.services.store.opening import StoreError

_T = TypeVar("_T")

CATCH_UP = 20_000  # more log rows than this past the kept seq: count again
COMPACT_AT = 100_000  # the log is cut when it holds more rows than this …
KEEP = 25_000  # … down to the newest rows

# A row of the log: seq, campaign, union, status, date, precision, ±1.
LogRow = tuple[int, int, int, Any, dt.date | None, Any, int]


def head(conn: Connection) -> int:
    """The highest seq the log has held (0: none yet)."""
    last = conn.execute(select(func.max(InitiativeCountLog.seq))).scalar()
    return max(last or 0, compacted(conn))


def compacted(conn: Connection) -> int:
    mark = conn.execute(select(DashboardMark.seq).where(DashboardMark.name == "compacted")).scalar()
    return mark or 0


def since(conn: Connection, seq: int) -> list[LogRow] | None:
    """The log's rows past ``seq`` in order, or None when they cannot be trusted to be all of
    them (the log was cut past ``seq``) or are more than a count would take to read."""
    log = InitiativeCountLog
    rows = conn.execute(
        select(
            log.seq,
            log.campaign_id,
            log.unit_id,
            log.status,
            log.applied_on,
            log.applied_precision,
            log.delta,
        )
        .where(log.seq > seq)
        .order_by(log.seq)
        .limit(CATCH_UP + 1)
    ).all()
    # Read after the rows: a cut committed between the two reads only costs a count.
    if len(rows) > CATCH_UP or compacted(conn) > seq:
        return None
    if not rows and head(conn) < seq:  # another store under the same name (a restored copy)
        return None
    return [tuple(r) for r in rows]  # type: ignore[misc]


def steady(conn: Connection, work: Callable[[], _T]) -> tuple[_T, int | None]:
    """``work()``, and the log's head it saw (None when a change was committed meanwhile)."""
    before = head(conn)
    out = work()
    return out, before if head(conn) == before else None


@contextmanager
def snapshot(conn: Connection) -> Iterator[Connection]:
    """A connection that reads one state of the store for a full count: on SQLite the
    session's own (its transaction reads one snapshot); on PostgreSQL one of its own in
    REPEATABLE READ (the session's statements would each see the latest commits, and a busy
    office's writes would keep a count from ever being kept)."""
    if conn.dialect.name != "postgresql":
        yield conn
        return
    with conn.engine.connect().execution_options(isolation_level="REPEATABLE READ") as own:
        yield own


class LiveCounts:
    """A campaign's live initiatives counted by union for each piece of a window (``spans``),
    as of the log's ``seq``; and for each report's tree kept, its count by day (the chart)."""

    def __init__(
        self,
        campaign_id: int,
        spans: tuple[Span, ...],
        pieces: Iterable[Iterable[tuple[int, int, int]]],
        seq: int | None,
    ) -> None:
        self.campaign_id = campaign_id
        self.spans = spans
        self.seq = seq  # None: not known to be one state of the store (not kept)
        # Per piece, each union's count and recognised: two dicts of plain integers with the
        # same keys in the same order (not a list per union: 50,000 objects for the collector).
        self.pieces: list[dict[int, int]] = []
        self.recognised: list[dict[int, int]] = []
        for rows in pieces:
            counts: dict[int, int] = {}
            recognised: dict[int, int] = {}
            for g, n, r in rows:
                if n:
                    counts[g] = n
                    recognised[g] = r
            self.pieces.append(counts)
            self.recognised.append(recognised)
        # The chart of a report's tree: the units below its unit in each piece, count by day.
        self.days: dict[object, tuple[list[frozenset[int]], dict[dt.date, int]]] = {}
        self.generation = 0  # grows with every refresh that applied rows
        self.touched: dict[int, tuple[int, int]] = {}  # the last ones: union → (count, rec) before

    def rows(self, piece: int) -> list[tuple[int, int, int]]:
        """The piece's counts as the count query returns them: union, count, recognised."""
        counts = self.pieces[piece]
        return list(zip(counts, counts.values(), self.recognised[piece].values(), strict=True))

    def total(self, g: int) -> tuple[int, int]:
        n = r = 0
        for counts, recognised in zip(self.pieces, self.recognised, strict=True):
            n += counts.get(g, 0)
            r += recognised.get(g, 0)
        return n, r

    def apply(self, rows: list[LogRow]) -> None:
        """Apply the log's rows (past ``seq``): each counted in the pieces whose window takes it,
        by the rule the count query follows (a partial date in the window's first piece only)."""
        if not rows:
            return
        touched: dict[int, tuple[int, int]] = {}
        spans = self.spans
        for _seq, campaign_id, g, status, on, precision, delta in rows:
            if campaign_id != self.campaign_id:
                continue
            rec = delta if status in RECOGNISED else 0
            for p, (lo, hi, first, _on) in enumerate(spans):
                if not counts_in(on, lo, hi, precision if first else None):
                    continue
                if g not in touched:
                    touched[g] = self.total(g)
                counts, recognised = self.pieces[p], self.recognised[p]
                n = counts.get(g, 0) + delta
                if n:
                    counts[g] = n
                    recognised[g] = recognised.get(g, 0) + rec
                else:  # gone from the count query's rows: from both, keeping their order alike
                    del counts[g], recognised[g]
                for below, per_day in self.days.values():
                    if g in below[p] and on is not None:
                        per_day[on] = per_day.get(on, 0) + delta
        self.seq = rows[-1][0]
        self.generation += 1
        self.touched = touched


def crowded(conn: Connection) -> bool:
    """Whether the log holds more than ``COMPACT_AT`` rows (two look-ups of its key)."""
    log = InitiativeCountLog
    top, low = conn.execute(select(func.max(log.seq), func.min(log.seq))).one()
    return top is not None and top - low >= COMPACT_AT


def compact(engine: Engine) -> None:
    """Cut the log down to its newest ``KEEP`` rows and record the highest seq deleted, in one
    short transaction of its own; skipped when the store is busy (the next refresh tries).
    Two processes may cut at once: the mark only grows, and either delete is a cut."""
    log = InitiativeCountLog
    pg = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        try:
            with conn.begin():
                if pg:
                    conn.exec_driver_sql("SET LOCAL lock_timeout = '50ms'")
                else:
                    conn.exec_driver_sql("PRAGMA busy_timeout = 0")  # busy: skip, do not wait
                top = conn.execute(select(func.max(log.seq))).scalar() or 0
                cut = top - KEEP
                conn.execute(
                    update(DashboardMark)
                    .where(DashboardMark.name == "compacted", DashboardMark.seq < cut)
                    .values(seq=cut)
                )
                conn.execute(delete(log).where(log.seq <= cut))
        except (DBAPIError, StoreError):  # the store's message for a file another one writes
            pass  # busy: another process writes or cuts it
        finally:
            if not pg:
                conn.exec_driver_sql("PRAGMA busy_timeout = 10000")
                conn.rollback()


__all__ = ["CATCH_UP", "LiveCounts", "compact", "crowded", "head", "since", "snapshot", "steady"]
