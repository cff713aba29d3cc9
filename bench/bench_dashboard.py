"""The dashboard's refresh on a store of 100,000 initiatives, against the raw SQL aggregate.

    .venv/bin/python bench/bench_dashboard.py [N]

Prints the time of ``ProgressService.report`` (the table and the chart over time, as the
dashboard refreshes) and of ``by_unit`` (the table only), and their ratio to the same count
per grassroots union and status written by hand in sqlite3. Target: well under 100 ms.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from bigstore import build

from desktop.services.registry import Services
from desktop.services.store.opening import open_store


def best(fn, repeat: int = 7) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = build(Path(f"/tmp/bench_dashboard_{n}.db"), n)
    store = open_store(str(path))  # upgrades the schema (the progress indexes) if needed
    services = Services.over(store)
    c = services.campaigns.by_code("01TRIEU-2022")
    province = services.units.by_code("LC")
    start, end = c.periods[0].count_from, c.periods[-1].count_to
    raw = sqlite3.connect(str(path))
    sql = (
        "SELECT unit_id, status, count(*) FROM initiative WHERE campaign_id = ? AND deleted_at "
        "IS NULL AND applied_on >= ? AND applied_on <= ? GROUP BY unit_id, status"
    )
    baseline = best(lambda: raw.execute(sql, (c.id, start.isoformat(), end.isoformat())).fetchall())
    report = best(lambda: services.progress.report(c.id, None, province.id))
    table = best(lambda: services.progress.by_unit(c.id, None, province.id))
    phase = best(lambda: services.progress.report(c.id, c.periods[0].id, province.id))
    print(f"{n} initiatives")
    print(f"raw SQL aggregate (sqlite3):          {baseline:7.1f} ms")
    print(f"ProgressService.by_unit (table):      {table:7.1f} ms  ({table / baseline:.2f}x raw)")
    print(f"ProgressService.report (table+chart): {report:7.1f} ms  ({report / baseline:.2f}x raw)")
    print(f"report of phase 1:                    {phase:7.1f} ms  ({phase / baseline:.2f}x raw)")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
