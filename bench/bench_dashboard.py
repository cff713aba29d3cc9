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

Not in the baseline: the few single-row look-ups both do (campaign, period, unit, deadlines,
bundles). One line per operation: median ms, raw ms, ratio, target.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigstore import Raw, build, median_ms, postgres_copy, print_table, scale_args, store_path
from sqlalchemy import func, select

from desktop.models import Initiative, Quota, Unit, UnitEvent, UnitKind
from desktop.services.campaigns.progress_tree import Tree, by_unit_of, spans_of
from desktop.services.campaigns.windows import counted_in
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
    # Other benchmarks share the cached store: a copy takes this branch's migrations (0022).
    path = shared.with_name(f"{shared.stem}_r0022.db")
    if not path.exists():
        shutil.copyfile(shared, path)
    cluster, url = postgres_copy(path) if args.pg else (None, None)
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
        stamp = [
            sql_of(
                select(func.count(Unit.id), func.max(Unit.version), func.max(Unit.updated_at)),
                dialect,
            ),
            sql_of(select(func.count(UnitEvent.id), func.max(UnitEvent.id)), dialect),
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
            return closures[day]

        def statements(start: dt.date, end: dt.date, chart: bool) -> list[str]:
            end = min(end, today)
            out = list(stamp)
            for lo, hi, first, on in spans_of(dated, start, end):
                count = sql_of(by_unit_of(c.id)(lo, hi, first), dialect)
                table = closure(on, end)
                out.append(
                    f"SELECT cl.a, SUM(c.n), SUM(c.r), "
                    f"SUM(CASE WHEN cl.gr = 1 AND c.n >= {minimum} THEN 1 ELSE 0 END) "
                    f"FROM ({count}) AS c (unit_id, n, r) JOIN {table} cl ON cl.g = c.unit_id "
                    f"GROUP BY cl.a"
                    if raw.pg
                    else f"WITH c (unit_id, n, r) AS ({count}) "
                    f"SELECT cl.a, SUM(c.n), SUM(c.r), "
                    f"SUM(CASE WHEN cl.gr = 1 AND c.n >= {minimum} THEN 1 ELSE 0 END) "
                    f"FROM c JOIN {table} cl ON cl.g = c.unit_id GROUP BY cl.a"
                )
                if chart:
                    out.append(sql_of(days_of(c.id, lo, hi, first), dialect))
            out.append(
                sql_of(
                    select(Quota.unit_id, Quota.target).where(Quota.campaign_id == c.id), dialect
                )
            )
            return out

        order = [u for u, _d in Tree.below(dated, province.id, today).order]

        def raw_counts(sqls: list[str]) -> None:
            figures: dict[object, tuple[int, ...]] = {}
            for sql in sqls:
                for row in raw.conn.execute(sql).fetchall():
                    figures[row[0]] = row  # the chart's days go in too: one look-up each
            [figures.get(u.id) for u in order]

        whole = (c.periods[0].count_from, c.periods[-1].count_to)
        phase = (c.periods[0].count_from, c.periods[0].count_to)
        progress = services.progress
        runs = args.runs
        rows = [
            (
                "report: table + chart, whole campaign",
                median_ms(lambda: progress.report(c.id, None, province.id), runs),
                median_ms(partial(raw_counts, statements(*whole, True)), runs),
            ),
            (
                "by_unit: the table only",
                median_ms(lambda: progress.by_unit(c.id, None, province.id), runs),
                median_ms(partial(raw_counts, statements(*whole, False)), runs),
            ),
            (
                "report of phase 1",
                median_ms(lambda: progress.report(c.id, c.periods[0].id, province.id), runs),
                median_ms(partial(raw_counts, statements(*phase, True)), runs),
            ),
        ]
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


if __name__ == "__main__":
    main()
