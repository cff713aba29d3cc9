"""The dashboard's refresh at national scale, against the same SQL through the driver.

    PYTHONPATH=. .venv/bin/python bench/bench_dashboard.py [N] [--units 50000] [--pg]

N initiatives (100,000 by default; 1000000 works) over ``--units`` grassroots unions (the
store of bigstore.py, cached in /tmp; ``--pg`` copies it into a throw-away PostgreSQL
cluster). Times ``ProgressService.report`` (table and chart, as the dashboard refreshes),
``by_unit`` (the table only) and the report of phase 1, each against the SQL the service
sends for it, run through sqlite3 / psycopg in the same run: the count of each grassroots
union's initiatives by status in each piece of the counting window (the tree's change days
cut it), and for the chart the count by day. The ratio is what the roll-up up the tree of
50,000 unions, in Python, adds. One line per operation: median ms, raw ms, ratio, target.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigstore import Raw, build, median_ms, postgres_copy, print_table, scale_args, store_path
from sqlalchemy import func, select

from desktop.models import Initiative
from desktop.services.campaigns.progress_tree import initiatives_of
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
    path = build(store_path("bench_scale", args.n, args.units), args.n, units=args.units)
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

        def statements(start: dt.date, end: dt.date, chart: bool) -> list[str]:
            out = []
            for lo, hi in dated.segments(start, min(end, today)):
                first = lo == start
                out.append(sql_of(initiatives_of(c.id)(lo, hi, first), dialect))
                if chart:
                    out.append(sql_of(days_of(c.id, lo, hi, first), dialect))
            return out

        def raw_counts(start: dt.date, end: dt.date, chart: bool) -> None:
            for sql in statements(start, end, chart):
                raw.conn.execute(sql).fetchall()

        whole = (c.periods[0].count_from, c.periods[-1].count_to)
        phase = (c.periods[0].count_from, c.periods[0].count_to)
        progress = services.progress
        runs = args.runs
        rows = [
            (
                "report: table + chart, whole campaign",
                median_ms(lambda: progress.report(c.id, None, province.id), runs),
                median_ms(lambda: raw_counts(*whole, True), runs),
            ),
            (
                "by_unit: the table only",
                median_ms(lambda: progress.by_unit(c.id, None, province.id), runs),
                median_ms(lambda: raw_counts(*whole, False), runs),
            ),
            (
                "report of phase 1",
                median_ms(lambda: progress.report(c.id, c.periods[0].id, province.id), runs),
                median_ms(lambda: raw_counts(*phase, True), runs),
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
