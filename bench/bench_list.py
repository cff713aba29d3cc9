"""The list at national scale: open, scroll (page by page and by jumps), search without
diacritics, on SQLite or PostgreSQL.

    PYTHONPATH=. .venv/bin/python bench/bench_list.py [N] [--units 50000] [--pg]

N initiatives (100,000 by default; 1000000 works) over ``--units`` grassroots unions, in a
store built once and cached in /tmp (bigstore.py); ``--pg`` copies it into a throw-away
PostgreSQL cluster first. Each operation is called the way the table model calls it
(table_model.py) and timed against the same SQL through the DB-API driver (sqlite3, psycopg)
in the same run, the two in turn, fetching the same rows with the same kind of plan (keyset
where the program reads by key, the trigram index where it searches by it): the ratio is
what the services and the ORM add. Prints one line per operation: median ms, raw ms, ratio,
target (100 ms up to 100,000, 300 ms at 1,000,000; within 1.3x raw), met.

The list keeps its count while the store is unchanged: "open" is the first time (the program
counts, the raw side counts), "re-open" every later time (the program reads the store's stamp
and its kept count, the raw side reads the same stamp; both read the first page).

The cached store is copied once per migration head (``..._r0023.db``), so migrating it does
not touch the copy other branches' benchmarks open.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigstore import Raw, at_head, build, postgres_copy, print_table, scale_args, store_path
from sqlalchemy import Date, String, literal_column
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from desktop.models import InitiativeStatus
from desktop.services.campaigns.windows import counted_in
from desktop.services.initiatives.listing import ListQuery, Page, SortKey
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.text.normalise import fold

BASE = "FROM initiative WHERE deleted_at IS NULL AND campaign_id = ?"
LINE = (
    "SELECT i.id, i.uid, i.title, i.authors_text, i.unit_id, u.short_name, u.name, f.name, "
    "i.sector, i.status, i.applied_on, i.benefit_vnd, i.deleted_at, i.confidential, "
    "i.applied_precision, i.entered_late{more} "
    "FROM initiative i JOIN unit u ON u.id = i.unit_id LEFT JOIN field f ON f.id = i.field_id "
)
ROWS = LINE.format(more="") + "WHERE i.id IN ({ids})"

# The runs of each keyed order (listing.RUNS) as SQL: the rows of ``cond``, by ``cols``.
RAW_RUNS: dict[SortKey, list[tuple[str, list[str]]]] = {
    SortKey.TITLE: [("", ["title_key", "id"])],
    SortKey.AUTHORS: [("authors_key <> ''", ["authors_key", "id"]), ("authors_key = ''", ["id"])],
    SortKey.APPLIED_ON: [
        ("applied_on IS NOT NULL", ["applied_on", "id"]),
        ("applied_on IS NULL", ["id"]),
    ],
    SortKey.BENEFIT: [
        ("benefit_vnd IS NOT NULL", ["benefit_vnd", "id"]),
        ("benefit_vnd IS NULL", ["id"]),
    ],
    SortKey.STATUS: [(f"status = '{st.value}'", ["id"]) for st in InitiativeStatus],
}


def main() -> None:
    args = scale_args(__doc__)
    cached = build(store_path("bench_scale", args.n, args.units), args.n, units=args.units)
    path = at_head(cached)
    cluster, url = postgres_copy(path) if args.pg else (None, None)
    store = open_store(url or str(path))  # migrates an older store once
    raw = Raw(path, url)
    try:
        run(args, store, raw, url or str(path))
    finally:
        raw.close()
        store.close()
        if cluster is not None:
            cluster.stop()


def median_ms(fn: Any, _runs: int) -> Any:
    """The operation itself: every line is timed at the end, program and raw in turn."""
    return fn


def paired(ours: Any, theirs: Any, runs: int) -> tuple[float, float]:
    """Median ms of the program and of the raw SQL, run alternately (the load of other
    processes falls on both alike); a cheap operation runs three times as often."""
    ours(), theirs()  # warm the caches once, as a person who opened the page a moment ago
    t0 = time.perf_counter()
    ours()
    if time.perf_counter() - t0 < 0.02:
        runs *= 3
    a, b = [], []
    for _ in range(runs):
        for fn, times in ((ours, a), (theirs, b)):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(a), statistics.median(b)


def run(args, store, raw: Raw, where: str) -> None:  # type: ignore[no-untyped-def]
    services = Services.over(store)
    ini = services.initiatives
    cid = services.campaigns.by_code("01TRIEU-2022").id
    runs = args.runs

    def raw_keyed(  # type: ignore[no-untyped-def]
        key: tuple | None,  # type: ignore[type-arg]
        skip: int,
        backward: bool = False,
        sort: SortKey = SortKey.TITLE,
        descending: bool = False,
        sizes: list[int] | None = None,
    ) -> list:  # type: ignore[type-arg]
        """What slice_from runs: the lines and keys after (before) a key, skipping ``skip``,
        run after run of the order (listing.RUNS), each statement as the program's; whole
        runs passed by their ``sizes`` (the program keeps them, stamped as its count)."""
        runs = RAW_RUNS[sort]
        if descending and sort == SortKey.STATUS:
            runs = runs[::-1]
            sizes = sizes[::-1] if sizes else None
        down = descending != backward
        op, way = ("<", "DESC") if down else (">", "")
        step = -1 if backward else 1
        run = key[0] if key else (len(runs) - 1 if backward else 0)
        after = tuple(key[1:]) if key else None

        def where(prefix: str) -> tuple[str, str, str]:
            cond, cols = runs[run]
            names = [prefix + c for c in cols]
            mine = f"({', '.join(names)})" if len(names) > 1 else names[0]
            theirs = f"({', '.join('?' for _ in names)})" if len(names) > 1 else "?"
            w = f" AND {prefix}{cond}" if cond else ""
            if after:
                w += f" AND {mine} {op} {theirs}"
            return w, ", ".join(f"{n} {way}" for n in names), ", ".join(names)

        while skip:  # the key of the last row skipped, over the index alone
            if not 0 <= run < len(runs):
                return []
            if sizes and after is None and sizes[run] < skip:
                skip -= sizes[run]
                run += step
                continue
            w, order, names = where("")
            landed = raw.all(
                f"SELECT {names} {BASE}{w} ORDER BY {order} LIMIT 1 OFFSET ?",
                (cid, *(after or ()), skip - 1),
            )
            if landed:
                after = tuple(landed[0])
                break
            skip -= raw.all(f"SELECT count(*) {BASE}{w}", (cid, *(after or ())))[0][0]
            run, after = run + step, None
        found: list = []  # type: ignore[type-arg]
        while 0 <= run < len(runs) and len(found) < 200:
            w, order, names = where("i.")
            found += raw.all(
                LINE.format(more=", " + names)
                + f"WHERE i.deleted_at IS NULL AND i.campaign_id = ?{w} "
                f"ORDER BY {order} LIMIT ?",
                (cid, *(after or ()), 200 - len(found)),
            )
            run, after = run + step, None
        return found

    fts = (
        not raw.pg
        and raw.all("SELECT count(*) FROM sqlite_master WHERE name = 'initiative_fts'")[0][0]
    )

    def raw_search(words: list[str], live: int) -> list[Any]:
        """What ``page`` runs for a search, the lines of the first page returned."""
        like = " AND ".join("text LIKE ?" for _ in words)
        likes = tuple(f"%{w}%" for w in words)
        long = [w for w in words if len(w) >= 3]
        # listing.py: the stamp of the kept counts; the total (SQLite: off the trigram index
        # and the live rows' narrow index; words of one or two letters only, and PostgreSQL,
        # whose pg_trgm index serves the LIKEs: the search table's rows holding them, less
        # the bin's); then a walk of the title index testing each row's text when the hits
        # are dense enough (``_walk_window``), else the hits collected and sorted.
        assert long in (words, [])  # the bench's searches: long words only, or short only
        raw.all(stamp)
        if fts and long:
            matched = "SELECT rowid FROM initiative_fts WHERE initiative_fts MATCH ?"
            hits_args: tuple[Any, ...] = (" ".join(f'"{w}"' for w in long),)
            total = raw.all(
                "SELECT count(*) FROM initiative INDEXED BY ix_initiative_list_entered "
                f"WHERE campaign_id = ? AND deleted_at IS NULL AND id IN ({matched})",
                (cid, *hits_args),
            )[0][0]
        else:
            matched = (
                "SELECT initiative_id AS rowid FROM initiative_search "
                f"WHERE campaign_id = ? AND {like}"
            )
            hits_args = (cid, *likes)
            binned = like.replace("text LIKE", "s.text LIKE")
            total = raw.all(
                f"SELECT (SELECT count(*) FROM initiative_search WHERE campaign_id = ? AND {like})"
                " - (SELECT count(*) FROM initiative i JOIN initiative_search s"
                " ON s.initiative_id = i.id WHERE i.campaign_id = ? AND i.deleted_at IS NOT NULL"
                f" AND {binned})",
                (cid, *likes, cid, *likes),
            )[0][0]
        if not total:
            return []
        expected = 200 * live // total
        if expected <= total:
            window = min(live, 3 * expected + 1000)
            end = raw.all(
                f"SELECT title_key, id {BASE} ORDER BY title_key, id LIMIT 1 OFFSET ?",
                (cid, window - 1),
            )
            bounded = " AND (i.title_key, i.id) <= (?, ?)" if end else ""
            found = raw.all(
                LINE.format(more=", i.title_key, i.id")
                + "WHERE i.deleted_at IS NULL AND i.campaign_id = ? AND EXISTS (SELECT 1 "
                f"FROM initiative_search s WHERE s.initiative_id = i.id AND {like})"
                f"{bounded} ORDER BY i.title_key, i.id LIMIT 200",
                (cid, *likes, *(end[0] if end else ())),
            )
            if len(found) == 200 or not end:
                return found
        if fts and total * 50 >= live:  # many hits: the title index asked of each row
            return raw.all(
                LINE.format(more=", i.title_key, i.id")
                + f"WHERE i.deleted_at IS NULL AND i.campaign_id = ? AND i.id IN ({matched}) "
                "ORDER BY i.title_key, i.id LIMIT 200",
                (cid, *hits_args),
            )
        join = "CROSS JOIN" if fts else "JOIN"  # SQLite: the hits read first (``_HitsFirst``)
        return raw.all(
            f"WITH hits AS MATERIALIZED ({matched}) "
            + LINE.format(more=", i.title_key, i.id").replace(
                "FROM initiative i", f"FROM hits {join} initiative i ON i.id = hits.rowid"
            )
            + "WHERE i.deleted_at IS NULL AND i.campaign_id = ? ORDER BY i.title_key, i.id "
            "LIMIT 200",
            (*hits_args, cid),
        )

    q = ListQuery(campaign_id=cid)
    total = ini.count(q)
    print(f"{where}: {total:,} initiatives in the campaign, {args.units:,} grassroots unions")
    stamp = "SELECT (SELECT max(id) FROM initiative), (SELECT max(updated_at) FROM initiative)"

    def first_open() -> None:
        ini._counts.clear()  # nothing kept: as the first time the list opens
        ini.page(q, 0, 200)

    rows = [
        (
            "open: total + first page of 200 (counts)",
            median_ms(first_open, runs),
            median_ms(
                lambda: (raw.all(f"SELECT count(*) {BASE}", (cid,)), raw_keyed(None, 0)), runs
            ),
        ),
        (
            "re-open: total kept (stamp) + first page",
            median_ms(lambda: ini.page(q, 0, 200), runs),
            median_ms(lambda: (raw.all(stamp), raw_keyed(None, 0)), runs),
        ),
    ]
    for at in (total // 2, total - 400):
        before = ini.slice_from(q, None, at - 200, 200)  # the page above, as the model holds it
        key = before.last
        rows.append(
            (
                f"scroll: next page at row {at:,} (after the page above)",
                median_ms(lambda key=key: ini.slice_from(q, key, 0, 200), runs),
                median_ms(lambda key=key: raw_keyed(key, 0), runs),
            )
        )
    # A jump with nothing read near it: from the nearer end of the list (the model's choice).
    for at in (total // 2, total - 200):
        up = total - at - 200 < at
        skip = total - at - 200 if up else at
        rows.append(
            (
                f"jump: page at row {at:,} (skips {skip:,} from the {'end' if up else 'top'})",
                median_ms(lambda s=skip, u=up: ini.slice_from(q, None, s, 200, u), runs),
                median_ms(lambda s=skip, u=up: raw_keyed(None, s, u), runs),
            )
        )
    # Dragging the scrollbar: the next position a few pages on from the page last shown.
    shown = ini.slice_from(q, None, total // 3, 200)
    rows.append(
        (
            "drag: page 2,000 rows on from the one shown",
            median_ms(lambda: ini.slice_from(q, shown.last, 1800, 200), runs),
            median_ms(lambda: raw_keyed(shown.last, 1800), runs),
        )
    )
    # The other keyed orders: the next page in the middle, and a jump there from the nearer
    # end (the model's choice), each with the same statements through the driver.
    for sort, descending in (
        (SortKey.AUTHORS, False),
        (SortKey.APPLIED_ON, True),
        (SortKey.BENEFIT, False),
        (SortKey.BENEFIT, True),
        (SortKey.STATUS, False),
    ):
        oq = ListQuery(campaign_id=cid, sort=sort, descending=descending)
        name = f"{sort.value}{' desc' if descending else ''}"
        at = total // 2
        key = ini.slice_from(oq, None, at - 200, 200).last
        rows.append(
            (
                f"{name}: next page at row {at:,}",
                median_ms(lambda oq=oq, key=key: ini.slice_from(oq, key, 0, 200), runs),
                median_ms(lambda k=key, s=sort, d=descending: raw_keyed(k, 0, False, s, d), runs),
            )
        )
        skip = total - at - 200
        sizes = [  # each run's size, as the program keeps it
            raw.all(f"SELECT count(*) {BASE} AND {cond}", (cid,))[0][0]
            for cond, _cols in RAW_RUNS[sort]
        ]
        rows.append(
            (
                f"{name}: jump to row {at:,} (skips {skip:,} from the end)",
                median_ms(lambda oq=oq, s=skip: ini.slice_from(oq, None, s, 200, True), runs),
                median_ms(
                    lambda k=skip, s=sort, d=descending, z=sizes: (
                        raw.all(stamp),  # the program's stamp of the kept sizes
                        raw_keyed(None, k, True, s, d, z),
                    ),
                    runs,
                ),
            )
        )
    # «an»: two letters, as a person has typed them so far (no trigram: nearly every row).
    # «xay dung»: hits gathered where the titles start with the words, near the end of the
    # title order (a walk's window ends before them).
    for text in ("sang kien", "giam chi phi", "nguyen thi", "an", "xay dung"):
        sq = ListQuery(campaign_id=cid, search=text)
        words = fold(text).split()

        def typed(sq: ListQuery = sq) -> Page:
            """The search as first typed: its count not kept yet (the list's is)."""
            ini._counts.pop(sq, None)
            return ini.page(sq, 0, 200)

        # The same rows, the same order, the same total on both sides.
        ours = typed()
        assert [r.id for r in ours.rows] == [r[0] for r in raw_search(words, total)], text
        assert ours.total == ini.count(sq)
        rows.append(
            (
                f"search «{text}» ({ours.total:,} hits): total + first page",
                median_ms(typed, runs),
                median_ms(lambda words=words: raw_search(words, total), runs),
            )
        )
    # A period chosen in the list (half the campaign's rows). SQLite: counted off the dates'
    # index, then the title index walked within a window, each row tested by its dates (the
    # program's condition, its text compiled once here, with SQLite's unary + on the
    # columns so that no dates' index serves it, as listing.py walks).
    if not raw.pg:
        period = services.campaigns.by_code("01TRIEU-2022").periods[0]
        pq = ListQuery(campaign_id=cid, period_id=period.id)
        dated = counted_in(
            literal_column("applied_on", Date),
            period.count_from,
            period.count_to,
            literal_column("applied_precision", String),
        )
        cond = str(dated.compile(dialect=sqlite_dialect(), compile_kwargs={"literal_binds": True}))
        walked = cond.replace("applied_on", "+i.applied_on").replace(
            "applied_precision", "+i.applied_precision"
        )

        def raw_period() -> list[Any]:
            raw.all(stamp)
            hits = raw.all(f"SELECT count(*) {BASE} AND {cond}", (cid,))[0][0]
            window = min(total, 3 * (200 * total // hits) + 1000)
            end = raw.all(
                f"SELECT title_key, id {BASE} ORDER BY title_key, id LIMIT 1 OFFSET ?",
                (cid, window - 1),
            )[0]
            return raw.all(
                LINE.format(more=", i.title_key, i.id")
                + f"WHERE i.deleted_at IS NULL AND i.campaign_id = ? AND {walked} "
                "AND (i.title_key, i.id) <= (?, ?) ORDER BY i.title_key, i.id LIMIT 200",
                (cid, *end),
            )

        def typed_period() -> Page:
            ini._counts.pop(pq, None)
            return ini.page(pq, 0, 200)

        mine = typed_period()
        assert [r.id for r in mine.rows] == [r[0] for r in raw_period()]
        rows.append(
            (
                f"period «{period.name}» ({mine.total:,} rows): total + first page",
                median_ms(typed_period, runs),
                median_ms(raw_period, runs),
            )
        )
    measured = [(name, *paired(ours, theirs, runs)) for name, ours, theirs in rows]
    target = 100.0 if args.n <= 100_000 else 300.0
    print_table(f"bench_list {args.n:,} {'PostgreSQL' if raw.pg else 'SQLite'}", measured, target)


if __name__ == "__main__":
    main()
