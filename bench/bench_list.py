"""The list of 100,000 initiatives: open, scroll, search without diacritics.

    .venv/bin/python bench/bench_list.py [STORE.db]    (default /tmp/big.db, built if missing)

Prints each figure in ms (median of several runs) and its ratio against the same query run
as raw SQL through the sqlite3 module in the same run: the ratio is what the services and
the ORM add. The table model does exactly these calls: COUNT on open, one page of 200 rows
per page scrolled into view.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigstore import build

from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.text.normalise import fold


def ms(fn, runs: int = 7) -> float:
    fn()  # warm the caches once, as a person who opened the page a moment ago
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/big.db")
    build(path, 100_000)
    store = open_store(str(path))  # migrates an older store once
    services = Services.over(store)
    ini = services.initiatives
    campaign = services.campaigns.by_code("01TRIEU-2022")
    cid = campaign.id
    raw = sqlite3.connect(str(path))
    base = "FROM initiative WHERE deleted_at IS NULL AND campaign_id = ?"
    page_sql = (
        "SELECT i.id, i.uid, i.title, i.authors_text, i.unit_id, u.short_name, u.name, f.name, "
        "i.sector, i.status, i.applied_on, i.benefit_vnd, i.deleted_at, i.confidential "
        "FROM initiative i JOIN unit u ON u.id = i.unit_id LEFT JOIN field f ON f.id = i.field_id "
        "WHERE i.id IN ({ids})"
    )

    def raw_page(where: str, args: tuple, offset: int) -> None:
        ids = [
            r[0]
            for r in raw.execute(
                f"SELECT id {base}{where} ORDER BY title_key, id LIMIT 200 OFFSET ?",
                (cid, *args, offset),
            )
        ]
        if ids:
            raw.execute(page_sql.format(ids=",".join(map(str, ids)))).fetchall()

    def raw_search(words: list[str]) -> None:
        like = " AND ".join("text LIKE ?" for _ in words)
        sql = (
            "WITH hits AS MATERIALIZED (SELECT initiative_id FROM initiative_search "
            f"WHERE campaign_id = ? AND {like}) "
            "SELECT i.id, count(*) OVER () FROM hits "
            "JOIN initiative i ON i.id = hits.initiative_id "
            "WHERE i.deleted_at IS NULL AND i.campaign_id = ? ORDER BY i.title_key, i.id LIMIT 200"
        )
        ids = [r[0] for r in raw.execute(sql, (cid, *[f"%{w}%" for w in words], cid))]
        if ids:
            raw.execute(page_sql.format(ids=",".join(map(str, ids)))).fetchall()

    total = ini.count(ListQuery(campaign_id=cid))
    print(f"store: {path} — {total:,} initiatives in campaign {campaign.code}")
    rows = []

    q = ListQuery(campaign_id=cid)
    rows.append(
        (
            "open: total + first page of 200",
            ms(lambda: ini.page(q, 0, 200)),
            ms(
                lambda: (
                    raw.execute(f"SELECT count(*) {base}", (cid,)).fetchone(),
                    raw_page("", (), 0),
                )
            ),
        )
    )
    for offset in (50_000, total - 200):
        rows.append(
            (
                f"scroll: page at row {offset:,}",
                ms(lambda o=offset: ini.rows_slice(q, o, 200)),
                ms(lambda o=offset: raw_page("", (), o)),
            )
        )
    for text in ("sang kien", "giam chi phi", "nguyen thi"):
        sq = ListQuery(campaign_id=cid, search=text)
        words = fold(text).split()
        rows.append(
            (
                f"search «{text}» ({ini.count(sq):,} hits): total + first page",
                ms(lambda sq=sq: ini.page(sq, 0, 200)),
                ms(lambda words=words: raw_search(words)),
            )
        )
    wide = " AND ".join("search_text LIKE ?" for _ in ("giam", "chi", "phi"))
    old = ms(
        lambda: raw.execute(
            f"SELECT count(*) {base} AND {wide}", (cid, "%giam%", "%chi%", "%phi%")
        ).fetchone()
    )
    every = ms(lambda: ini.ids(q), runs=3)

    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'service':>9}  {'raw SQL':>9}  ratio")
    for name, ours, theirs in rows:
        print(f"{name:{width}}  {ours:7.1f} ms  {theirs:7.1f} ms  {ours / theirs:4.2f}x")
    print(
        f"for reference: the same search scanning the wide initiative rows, raw SQL, count "
        f"only: {old:.1f} ms; all 100,000 ids in title order (the old model): {every:.1f} ms"
    )
    raw.close()
    store.close()


if __name__ == "__main__":
    main()
