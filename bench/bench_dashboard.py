"""The dashboard's refresh at national scale, against the same work in SQL through the driver.

    PYTHONPATH=. .venv/bin/python bench/bench_dashboard.py [N] [--units 50000] [--pg]

N initiatives (100,000 by default; 1000000 works) over ``--units`` grassroots unions (the
store of bigstore.py, cached in /tmp; ``--pg`` copies it into a throw-away PostgreSQL
cluster). Times ``ProgressService.report`` (table and chart, as the dashboard refreshes),
``by_unit`` (the table only) and the report of phase 1. The raw baseline does the same work in
SQL, run through sqlite3 / psycopg in the same run:

* the check that the tree is as it was (the program's ``tree_stamp`` statements);
* for each piece of the counting window (the tree's change days cut it), the program's count
  by union rolled up the tree in SQL: joined to a table of each union's units of that piece
  (union, unit above it or itself, whether it is a grassroots union), grouped by unit: count,
  recognised, grassroots unions with at least the campaign's minimum. That table is written
  once before the timing, from the dated tree, as the program keeps its tree between refreshes
  (SQL cannot walk a dated tree); with one piece (the bench's stores have no reorganisation)
  it is exactly the program's figures, with several the minimum is judged per piece;
* the quotas, and for the chart the program's count by day of each piece;
* the figures put in the tree's depth-first order (a dictionary and one look-up per unit, the
  least a caller of the grouped rows must do to show them as the program returns them).

Not in the baseline of a first count: the few single-row look-ups both do (campaign, period,
unit, deadlines, bundles). Each first count is timed with the service's counts forgotten
(``forget_counts``) and the log's head read before and after, as the program does.

Then the refresh after 20 initiatives were edited (status, date, deleted and restored: written
before each timed refresh, not timed) — the program's counts kept up by the store's log
(migration 0024). Its raw baseline does the same work through the driver: the tree's mark, the
log's rows past the last seq and the mark of the log's cut, the quotas, the campaign, its
periods, the unit, the deadlines, the last bundles and the log's size (the program's own
statements); applies each row to counts by union kept from the previous refresh (the window's
rule, ``windows.counts_in``), adds each changed union's change to the units above it (a list per
union written before timing, as the program keeps its tree) and to the chart's days, and
makes the rows of figures of every unit in the tree's order.

One line per operation: median ms, raw ms, ratio, target.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigstore import (
    Raw,
    at_head,
    build,
    median_ms,
    postgres_copy,
    print_table,
    scale_args,
    store_path,
)
from sqlalchemy import func, select, update

from desktop.models import (
    Campaign,
    DatePrecision,
    Deadline,
    Initiative,
    InitiativeStatus,
    Office,
    Period,
    Quota,
    SyncDirection,
    SyncLogEntry,
    Unit,
    UnitKind,
)
from desktop.models.dashboard import DashboardMark, InitiativeCountLog
from desktop.services.campaigns import progress_live
from desktop.services.campaigns.progress import ProgressService
from desktop.services.campaigns.progress_tree import RECOGNISED, Tree, by_unit_of, spans_of
from desktop.services.campaigns.windows import counted_in, counts_in
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.units.dated import DatedTree


def sql_of(stmt, dialect) -> str:  # type: ignore[no-untyped-def]
    """The program's statement as the text it sends, its values written in."""
    return str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def days_of(campaign_id: int, lo: dt.date, hi: dt.date, first: bool):  # type: ignore[no-untyped-def]
    """The chart's query of one piece, as ``ProgressService._timeline`` builds it."""
    return (
        select(Initiative.applied_on, func.count())
        .where(
            Initiative.campaign_id == campaign_id,
            Initiative.deleted_at.is_(None),
            counted_in(
                Initiative.applied_on, lo, hi, Initiative.applied_precision if first else None
            ),
        )
        .group_by(Initiative.applied_on)
    )


def main() -> None:
    args = scale_args(__doc__)
    shared = build(store_path("bench_scale", args.n, args.units), args.n, units=args.units)
    # Other benchmarks share the cached store; this one edits initiatives in its own copy,
    # migrated before a copy to PostgreSQL reads its tables.
    path = at_head(shared, "_dashboard")
    cluster, url = postgres_copy(path) if args.pg else (None, None)
    if url is not None:  # the copy sets the sequences of "id" columns only: the log's too
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('initiative_count_log', 'seq'), "
                    "coalesce(max(seq), 0) + 1, false) FROM initiative_count_log"
                )
            )
        engine.dispose()
    store = open_store(url or str(path))
    raw = Raw(path, url)
    try:
        services = Services.over(store)
        c = services.campaigns.by_code("01TRIEU-2022")
        province = services.units.by_code("LC")
        with store.session_factory() as s:
            dated = DatedTree.load(s)
        today = dt.date.today()

        dialect = store.engine.dialect

        minimum = c.min_per_grassroots or 1
        grassroots = {u for u, at in dated.units.items() if at.kind == UnitKind.GRASSROOTS}
        mark = DashboardMark
        log = InitiativeCountLog
        stamp = [sql_of(select(mark.seq).where(mark.name == "tree"), dialect)]
        log_head = [
            sql_of(select(func.max(log.seq)), dialect),
            sql_of(select(mark.seq).where(mark.name == "compacted"), dialect),
        ]
        closures: dict[dt.date, str] = {}

        def closure(day: dt.date, end: dt.date) -> str:
            """The table of each union's units on ``day`` in the report's tree (written once)."""
            if day not in closures:
                wanted = Tree.below(dated, province.id, end).units
                name = closures[day] = f"closure_{len(closures)}"
                raw.conn.execute(f"CREATE TEMP TABLE {name} (g INTEGER, a INTEGER, gr INTEGER)")
                pairs = [
                    (u, a, int(u in grassroots))
                    for u in dated.units
                    for a in dated.chain_on(u, day)
                    if a in wanted
                ]
                mark = "%s" if raw.pg else "?"
                raw.conn.cursor().executemany(
                    f"INSERT INTO {name} VALUES ({mark}, {mark}, {mark})", pairs
                )
                raw.conn.execute(f"CREATE INDEX ix_{name} ON {name} (g, a)")
                raw.conn.execute(f"ANALYZE {name}")
                if not raw.pg:
                    raw.conn.commit()  # sqlite3 opened a transaction: later reads see new rows
            return closures[day]

        def pieces(
            start: dt.date,
            end: dt.date,
            chart: bool,
            rollup: Callable[[str, dt.date, dt.date], str],
        ) -> list[str]:
            """The statements of a report: each piece's count rolled up by ``rollup(count
            SQL, the piece's tree day, end)``, the chart's days, the quotas, the log's head."""
            end = min(end, today)
            out = [*stamp, *log_head]
            for lo, hi, first, on in spans_of(dated, start, end):
                out.append(rollup(sql_of(by_unit_of(c.id)(lo, hi, first), dialect), on, end))
                if chart:
                    out.append(sql_of(days_of(c.id, lo, hi, first), dialect))
            out.append(
                sql_of(
                    select(Quota.unit_id, Quota.target).where(Quota.campaign_id == c.id), dialect
                )
            )
            return [*out, *log_head]

        def by_closure(count: str, on: dt.date, end: dt.date) -> str:
            table = closure(on, end)
            if raw.pg:
                return (
                    f"SELECT cl.a, SUM(c.n), SUM(c.r), "
                    f"SUM(CASE WHEN cl.gr = 1 AND c.n >= {minimum} THEN 1 ELSE 0 END) "
                    f"FROM ({count}) AS c (unit_id, n, r) JOIN {table} cl ON cl.g = c.unit_id "
                    f"GROUP BY cl.a"
                )
            return (
                f"WITH c (unit_id, n, r) AS ({count}) "
                f"SELECT cl.a, SUM(c.n), SUM(c.r), "
                f"SUM(CASE WHEN cl.gr = 1 AND c.n >= {minimum} THEN 1 ELSE 0 END) "
                f"FROM c JOIN {table} cl ON cl.g = c.unit_id GROUP BY cl.a"
            )

        def statements(start: dt.date, end: dt.date, chart: bool) -> list[str]:
            return pieces(start, end, chart, by_closure)

        order = [u for u, _d in Tree.below(dated, province.id, today).order]

        def raw_counts(sqls: list[str]) -> None:
            figures: dict[object, tuple[int, ...]] = {}
            for sql in sqls:
                for row in raw.conn.execute(sql).fetchall():
                    figures[row[0]] = row  # the chart's days go in too: one look-up each
            [figures.get(u.id) for u in order]

        # A new session's first open: the program reads the tree and lays it out too. Its raw
        # baseline reads every unit, orders the report's tree depth first by name in Python,
        # and rolls the counts up each union's chain walked in SQL (a recursive CTE over the
        # units' parents: the tree as it is, which is the dated tree of a store without a
        # reorganisation, as the bench's stores are).
        g_kind = raw.all("SELECT kind FROM unit WHERE id = ?", (next(iter(grassroots)),))[0][0]
        unit_cols = (Unit.id, Unit.parent_id, Unit.name_key, Unit.code, Unit.name, Unit.kind)
        units_sql = sql_of(select(*unit_cols), dialect)
        up = (
            "WITH RECURSIVE up (g, a, gr) AS ("
            f"SELECT id, id, CASE WHEN kind = '{g_kind}' THEN 1 ELSE 0 END FROM unit "
            "UNION ALL SELECT up.g, u.parent_id, up.gr FROM up JOIN unit u ON u.id = up.a "
            "WHERE u.parent_id IS NOT NULL)"
        )

        def by_chains(count: str, _on: dt.date, _end: dt.date) -> str:
            return (
                f"{up}, c (unit_id, n, r) AS ({count}) "
                f"SELECT up.a, SUM(c.n), SUM(c.r), "
                f"SUM(CASE WHEN up.gr = 1 AND c.n >= {minimum} THEN 1 ELSE 0 END) "
                f"FROM c JOIN up ON up.g = c.unit_id GROUP BY up.a"
            )

        def cold_statements(start: dt.date, end: dt.date, chart: bool) -> list[str]:
            return pieces(start, end, chart, by_chains)

        def raw_cold(sqls: list[str]) -> None:
            children: dict[object, list[Any]] = {}
            for row in raw.conn.execute(units_sql).fetchall():
                children.setdefault(row[1], []).append(row)
            for kids in children.values():
                kids.sort(key=lambda r: (r[2], r[0]))
            tree_order, stack = [], list(reversed(children.get(province.id, [])))
            while stack:
                row = stack.pop()
                tree_order.append(row[0])
                stack.extend(reversed(children.get(row[0], [])))
            figures: dict[object, tuple[int, ...]] = {}
            for sql in sqls:
                for row in raw.conn.execute(sql).fetchall():
                    figures[row[0]] = row
            [figures.get(u) for u in tree_order]

        whole = (c.periods[0].count_from, c.periods[-1].count_to)
        phase = (c.periods[0].count_from, c.periods[0].count_to)
        progress = services.progress
        runs = args.runs

        def first(fn: Any) -> Any:
            def run() -> None:
                progress.forget_counts()
                fn()

            return run

        rows = [
            (
                "first open: table + chart, whole campaign",
                median_ms(first(lambda: progress.report(c.id, None, province.id)), runs),
                median_ms(partial(raw_counts, statements(*whole, True)), runs),
            ),
            (
                "first open: the table only",
                median_ms(first(lambda: progress.by_unit(c.id, None, province.id)), runs),
                median_ms(partial(raw_counts, statements(*whole, False)), runs),
            ),
            (
                "first open: report of phase 1",
                median_ms(first(lambda: progress.report(c.id, c.periods[0].id, province.id)), runs),
                median_ms(partial(raw_counts, statements(*phase, True)), runs),
            ),
        ]
        rows.append(
            (
                "first open in a new session: the tree read and laid out, table + chart",
                median_ms(
                    lambda: ProgressService(store.session_factory).report(c.id, None, province.id),
                    runs,
                ),
                median_ms(partial(raw_cold, cold_statements(*whole, True)), runs),
            )
        )
        rows += refreshes(store, raw, dated, c, province, progress, runs, today)
        target = 100.0 if args.n <= 100_000 else 300.0
        kind = "PostgreSQL" if raw.pg else "SQLite"
        print_table(
            f"bench_dashboard {args.n:,} initiatives, {args.units:,} unions, {kind}", rows, target
        )
    finally:
        raw.close()
        store.close()
        if cluster is not None:
            cluster.stop()


EDITED = 20  # initiatives edited before each refresh


def refreshes(store, raw, dated, c, province, progress, runs, today):  # type: ignore[no-untyped-def]
    """The refresh after ``EDITED`` initiatives were edited, program and raw, each timed after
    its own edits (status, date, deleted and restored, in turn)."""
    dialect = store.engine.dialect
    t = Initiative.__table__
    with store.engine.connect() as conn:
        ids = list(
            conn.execute(
                select(t.c.id, t.c.applied_on)
                .where(t.c.campaign_id == c.id, t.c.deleted_at.is_(None))
                .where(t.c.applied_on.is_not(None), t.c.applied_precision.is_(None))
                .order_by(t.c.id)
                .limit(EDITED)
            )
        )
    statuses = list(InitiativeStatus)
    turn = [0]

    def edit() -> None:
        k = turn[0] = turn[0] + 1
        with store.engine.begin() as conn:
            for j, (ident, on) in enumerate(ids):
                what = (j + k) % 3
                if what == 0:
                    values: dict[str, object] = {"status": statuses[k % len(statuses)]}
                elif what == 1:
                    values = {"applied_on": on + dt.timedelta(days=k % 2)}
                else:
                    values = {"deleted_at": None if k % 2 else dt.datetime.now(dt.UTC)}
                conn.execute(update(t).where(t.c.id == ident).values(**values))

    def timed(fn: Any) -> float:
        fn()  # the first after a count: keeps the counts
        times = []
        for _ in range(runs):
            edit()
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times)

    end = min(c.periods[-1].count_to, today)
    spans = spans_of(dated, c.periods[0].count_from, end)
    tree = Tree.below(dated, province.id, end)
    order = [province.id, *(u.id for u, _d in tree.order)]
    index = {u: i for i, u in enumerate(order)}
    # Each union's units in the report's tree, by index (as the closure table of the first count).
    above = {g: [index[a] for a in dated.chain_on(g, end) if a in index] for g in dated.units}
    below = [frozenset(g for g, a in above.items() if a and a[-1] == 0) for _s in spans]
    minimum = c.min_per_grassroots or 1
    lg, mark, q = InitiativeCountLog, DashboardMark, Quota
    where = f"seq > {{seq}} ORDER BY seq LIMIT {progress_live.CATCH_UP + 1}"
    lookups = [
        sql_of(select(mark.seq).where(mark.name == "tree"), dialect),
        sql_of(
            select(lg.seq, lg.campaign_id, lg.unit_id, lg.status, lg.applied_on,
                   lg.applied_precision, lg.delta), dialect,
        ) + " WHERE " + where,
        sql_of(select(mark.seq).where(mark.name == "compacted"), dialect),
        sql_of(select(q.unit_id, q.target).where(q.campaign_id == c.id, q.period_id.is_(None)),
               dialect),
        sql_of(select(Campaign).where(Campaign.id == c.id), dialect),
        sql_of(select(Period).where(Period.campaign_id == c.id), dialect),
        sql_of(select(Unit).where(Unit.id == province.id), dialect),
        sql_of(select(Deadline.label, Deadline.due_on, Period.name)
               .join(Period, Period.id == Deadline.period_id)
               .where(Period.campaign_id == c.id).order_by(Deadline.due_on, Period.seq), dialect),
        sql_of(select(Office.unit_id, func.max(SyncLogEntry.at))
               .join(Office, Office.uid == SyncLogEntry.peer_office_uid)
               .where(SyncLogEntry.direction == SyncDirection.IN,
                      SyncLogEntry.accepted.is_(True), Office.unit_id.is_not(None))
               .group_by(Office.unit_id), dialect),
        sql_of(select(func.max(lg.seq), func.min(lg.seq)), dialect),
    ]  # fmt: skip
    recognised = {s.value for s in RECOGNISED}
    state: dict[str, Any] = {}

    def raw_start() -> None:
        """The raw side's counts, as its first count left them (not timed)."""
        query = by_unit_of(c.id)
        pieces = [
            {g: [n, r] for g, n, r in raw.conn.execute(sql_of(query(lo, hi, f), dialect))}
            for lo, hi, f, _on in spans
        ]
        n = len(order)
        counts, rec, active = [0] * n, [0] * n, [0] * n
        for piece in pieces:
            for g, (cn, cr) in piece.items():
                for a in above.get(g, ()):
                    counts[a] += cn
                    rec[a] += cr
        for g in above:
            total = sum(p.get(g, [0])[0] for p in pieces)
            if dated.units[g].kind == UnitKind.GRASSROOTS and total >= minimum:
                for a in above[g]:
                    active[a] += 1
        head = raw.conn.execute(log_head_sql).fetchone()[0] or 0
        state.update(seq=head, pieces=pieces, counts=counts, rec=rec, active=active, days={})

    log_head_sql = sql_of(select(func.max(lg.seq)), dialect)

    def raw_refresh() -> None:
        seq = state["seq"]
        got = [raw.conn.execute(sql.replace("{seq}", str(seq))).fetchall() for sql in lookups]
        log_rows = got[1]
        pieces, counts, rec, active = (state[k] for k in ("pieces", "counts", "rec", "active"))
        days = state["days"]
        for _seq, campaign, g, status, on, precision, delta in log_rows:
            if campaign != c.id:
                continue
            if isinstance(on, str):
                on = dt.date.fromisoformat(on)
            precision = DatePrecision(precision) if precision else None
            r = delta if status in recognised else 0
            was = sum(p.get(g, [0])[0] for p in pieces)
            for p, (lo, hi, f, _on) in enumerate(spans):
                if counts_in(on, lo, hi, precision if f else None):
                    cell = pieces[p].setdefault(g, [0, 0])
                    cell[0] += delta
                    cell[1] += r
                    if g in below[p]:
                        days[on] = days.get(on, 0) + delta
                    now = was + delta
                    grassroots = dated.units[g].kind == UnitKind.GRASSROOTS
                    da = int(now >= minimum) - int(was >= minimum) if grassroots else 0
                    for a in above.get(g, ()):
                        counts[a] += delta
                        rec[a] += r
                        active[a] += da
                    was = now
        if log_rows:
            state["seq"] = log_rows[-1][0]
        state["rows"] = list(zip(order, counts, rec, active, strict=True))

    raw_start()
    for _ in range(2):  # the program's counts kept, and checked against the raw ones
        edit()
        progress.report(c.id, None, province.id)
        raw_refresh()
    report = progress.report(c.id, None, province.id)
    fresh = ProgressService(store.session_factory).report(c.id, None, province.id)
    mine = [r.count for r in report.rows]
    assert mine == [r.count for r in fresh.rows], "the kept counts differ from a new count"
    assert mine == state["counts"][1:], "raw and program differ"
    return [
        (
            f"refresh after {EDITED} edits: table + chart",
            timed(lambda: progress.report(c.id, None, province.id)),
            timed(raw_refresh),
        ),
    ]


if __name__ == "__main__":
    main()
