"""Build a large store for benchmarks: the demo province plus N generated initiatives.

    .venv/bin/python bench/bigstore.py OUT.db [N]

Rows go in with Core executemany in one transaction (docs/architecture.md: ~4x faster than
ORM objects),
with the same derived columns (folded search text, collation keys) the services write.
Benchmarks import ``build(path, n)`` and cache the file between runs by its name.
``build(path, n, units=50_000)`` first adds grassroots unions under the demo's upper-level
unions until the store holds that many (a national federation's scale), each with the derived
columns and the CREATE event the units service writes, and spreads the initiatives over all
of them. ``store_path(prefix, n, units)`` is the cached file's name for those arguments.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from desktop.models import (
    Author,
    Campaign,
    Field,
    Initiative,
    InitiativeStatus,
    Period,
    Sector,
    Unit,
    UnitEvent,
    UnitEventKind,
    UnitKind,
)
from desktop.services.demo import data as demo_data
from desktop.services.demo.builder import build_demo
from desktop.services.store.opening import Store, head_revision, open_store
from desktop.text.collation import collation_key, person_sort_key
from desktop.text.normalise import fold

STATUSES = list(InitiativeStatus)


def store_path(prefix: str, n: int, units: int | None = None) -> Path:
    """The cached store of a benchmark: /tmp/<prefix>_<n>[_u<units>].db."""
    return Path(f"/tmp/{prefix}_{n}" + (f"_u{units}" if units else "") + ".db")


def add_grassroots(store: Store, total: int, seed: int = 11) -> int:
    """Add grassroots unions under the upper-level unions until ``total`` exist (returns how
    many were added), with the columns ``units.tree.insert_unit`` writes: folded name,
    collation key, a CREATE event dated like the demo's units."""
    rng = random.Random(seed)
    with store.session_factory() as s:
        have = s.scalar(
            select(func.count()).select_from(Unit).where(Unit.kind == UnitKind.GRASSROOTS)
        )
        uppers = s.scalars(
            select(Unit).where(Unit.kind.in_([k for k in UnitKind if k.is_district_level]))
        ).all()
        next_id = (s.scalar(select(func.max(Unit.id))) or 0) + 1
    missing = max(0, total - (have or 0))
    if not missing or not uppers:
        return 0
    now = dt.datetime.now(dt.UTC)
    since = dt.date(2021, 1, 1)
    kinds = ("Công đoàn cơ sở Công ty", "Công đoàn cơ sở Trường", "Công đoàn cơ sở Xã")
    with store.engine.begin() as conn:
        for start in range(0, missing, 5000):
            units, events = [], []
            for k in range(start, min(missing, start + 5000)):
                upper = uppers[k % len(uppers)]
                kind = rng.choice(kinds)
                name = f"{kind} {demo_data.person_name(rng).split()[-1]} số {k + 1}"
                code = f"{upper.code}-G{k + 1:05d}"
                units.append(
                    dict(
                        id=next_id,
                        uid=str(uuid.uuid4()),
                        code=code,
                        name=name,
                        kind=UnitKind.GRASSROOTS,
                        parent_id=upper.id,
                        sector=Sector.ENTERPRISE if "Công ty" in kind else Sector.ADMINISTRATIVE,
                        valid_from=since,
                        name_folded=fold(f"{name}  {code}"),
                        name_key=collation_key(name),
                        version=1,
                        created_at=now,
                        updated_at=now,
                    )
                )
                events.append(
                    dict(
                        uid=str(uuid.uuid4()),
                        version=1,
                        unit_id=next_id,
                        kind=UnitEventKind.CREATE,
                        on_date=since,
                        new_name=name,
                        new_parent_id=upper.id,
                        recorded_at=now,
                    )
                )
                next_id += 1
            conn.execute(insert(Unit), units)
            conn.execute(insert(UnitEvent), events)
    return missing


def build(
    path: Path,
    n: int,
    seed: int = 7,
    campaign_code: str = "01TRIEU-2022",
    units: int | None = None,
) -> Path:
    """A store at ``path`` holding the demo plus ``n`` initiatives of one campaign (cached),
    with ``units`` grassroots unions in all when given."""
    path = Path(path)
    if path.exists():
        return path
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    store = open_store(str(tmp))
    build_demo(store.session_factory, initiatives=0)
    if units:
        add_grassroots(store, units)
    rng = random.Random(seed)
    with store.session_factory() as s:
        campaign = s.scalar(select(Campaign).where(Campaign.code == campaign_code))
        periods = s.scalars(select(Period).where(Period.campaign_id == campaign.id)).all()
        fields = s.scalars(select(Field).where(Field.campaign_id == campaign.id)).all()
        grassroots = s.scalars(select(Unit).where(Unit.kind == UnitKind.GRASSROOTS)).all()
    now = dt.datetime.now(dt.UTC)
    batch = 5000
    with store.engine.begin() as conn:
        next_id = 1
        for start in range(0, n, batch):
            rows, authors = [], []
            for i in range(start, min(n, start + batch)):
                fld = rng.choice(fields)
                period = rng.choice(periods)
                unit = rng.choice(grassroots)
                title = demo_data.initiative_title(rng, fld.code)
                names = [demo_data.person_name(rng) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
                span = (period.count_to - period.count_from).days
                applied = period.count_from + dt.timedelta(days=rng.randrange(span + 1))
                authors_text = ", ".join(names)
                rows.append(
                    dict(
                        id=next_id,
                        uid=str(uuid.uuid4()),
                        campaign_id=campaign.id,
                        period_id=period.id,
                        unit_id=unit.id,
                        field_id=fld.id,
                        sector=unit.sector,
                        title=title,
                        author_kind="group" if len(names) > 1 else "person",
                        description="",
                        applied_on=applied,
                        confidential=False,
                        status=rng.choice(STATUSES),
                        authors_text=authors_text,
                        search_text=fold(f"{title} | {authors_text}"),
                        title_key=collation_key(title),
                        authors_key=person_sort_key(names[0]),
                        version=i + 1,
                        created_at=now,
                        updated_at=now,
                        benefit_vnd=rng.choice((None, rng.randrange(2, 500) * 10**6)),
                    )
                )
                share = 100 // len(names)
                for k, name in enumerate(names):
                    pct = share if k else 100 - share * (len(names) - 1)
                    authors.append(
                        dict(
                            uid=str(uuid.uuid4()),
                            initiative_id=next_id,
                            seq=k,
                            full_name=name,
                            name_key=person_sort_key(name),
                            is_member=True,
                            contribution_pct=pct,
                            version=i + 1,
                            created_at=now,
                            updated_at=now,
                        )
                    )
                next_id += 1
            conn.execute(insert(Initiative), rows)
            conn.execute(insert(Author), authors)
    store.close()
    tmp.rename(path)
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    grassroots = int(sys.argv[3]) if len(sys.argv) > 3 else None
    t0 = time.perf_counter()
    build(out, count, units=grassroots)
    print(f"{count} initiatives in {out} ({time.perf_counter() - t0:.1f} s)")


def at_head(cached: Path, tag: str = "") -> Path:
    """A copy of the cached store ``cached`` migrated to this code's head, made once:
    ``<name>_r<head><tag>.db`` beside it. The cached store itself stays at the revision it was
    built at (other benchmarks, at other revisions, share it), and the copy always comes from
    it, so it has every migration up to the head (a copy of a copy made on a branch with
    another chain of migrations could lack one). ``tag``: a copy of one benchmark's own (one
    that writes into it)."""
    path = cached.with_name(f"{cached.stem}_r{head_revision()}{tag}.db")
    if not path.exists():
        part = path.with_suffix(".copying")
        shutil.copyfile(cached, part)
        open_store(str(part)).close()  # migrated (and its daily checks done) before use
        part.rename(path)
    return path


def postgres_copy(path: Path) -> tuple[Any, str]:
    """A throw-away PostgreSQL cluster (the tests' ``support/pgcluster.py``) holding a copy of
    the SQLite store at ``path``: the schema by the program's migrations, the rows by COPY
    (a million initiatives in a minute or two), then VACUUM ANALYZE as a server's autovacuum
    would have done. Returns the cluster (``.stop()`` it) and the store's URL."""
    import sqlite3

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))
    import pgcluster  # type: ignore[import-not-found]
    from sqlalchemy import create_engine, text

    from desktop.models import Base

    cluster, why = pgcluster.start()
    if cluster is None:
        raise SystemExit(why)
    admin = create_engine(cluster.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE bench"))
    admin.dispose()
    url = cluster.url("bench")
    open_store(url).close()  # the schema, by the migrations
    engine = create_engine(url)
    src = sqlite3.connect(str(path))
    tables = [t.name for t in Base.metadata.sorted_tables]
    with engine.begin() as conn:
        raw = conn.connection.dbapi_connection
        cur = raw.cursor()
        cur.execute("SET session_replication_role = replica")  # no triggers, no FK checks
        cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        for t in tables:
            cols = [r[1] for r in src.execute(f'PRAGMA table_info("{t}")')]
            names = ", ".join(f'"{c}"' for c in cols)
            with cur.copy(f'COPY "{t}" ({names}) FROM STDIN') as copy:
                for row in src.execute(f'SELECT {names} FROM "{t}"'):
                    copy.write_row(row)
            if "id" in cols:
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{t}\"', 'id'), "
                    f'coalesce(max(id), 0) + 1, false) FROM "{t}" '
                    f"WHERE pg_get_serial_sequence('\"{t}\"', 'id') IS NOT NULL"
                )
        cur.execute("SET session_replication_role = origin")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    src.close()
    return cluster, url


# ---- what bench_list and bench_dashboard share: arguments, the store, the raw driver, the table
def scale_args(doc: str | None) -> Any:
    import argparse

    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("n", nargs="?", type=int, default=100_000, help="initiatives (100000)")
    p.add_argument("--units", type=int, default=50_000, help="grassroots unions (50000)")
    p.add_argument("--pg", action="store_true", help="on a throw-away PostgreSQL cluster")
    p.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    return p.parse_args()


class Raw:
    """The same SQL through the DB-API driver (sqlite3 or psycopg), ``?`` placeholders."""

    def __init__(self, path: Path, url: str | None) -> None:
        self.pg = url is not None
        if url is None:
            import sqlite3

            self.conn: Any = sqlite3.connect(str(path))
        else:
            import psycopg

            self.conn = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
            self.conn.autocommit = True

    def all(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        if self.pg:
            sql = sql.replace("%", "%%").replace("?", "%s")
        return list(self.conn.execute(sql, args).fetchall())

    def close(self) -> None:
        self.conn.close()


def median_ms(fn: Any, runs: int = 7) -> float:
    import statistics

    fn()  # warm the caches once, as a person who opened the page a moment ago
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def print_table(title: str, rows: list[tuple[str, float, float]], target: float) -> None:
    """One line per operation: figure, raw baseline, ratio, target (ms and 1.3x raw), met."""
    width = max(len(r[0]) for r in rows)
    print(title)
    print(f"{'operation':{width}}  {'program':>10}  {'raw SQL':>10}  ratio  target        met")
    for name, ours, theirs in rows:
        ratio = ours / theirs if theirs else float("inf")
        met = "yes" if ours <= target and ratio <= 1.3 else "no"
        print(
            f"{name:{width}}  {ours:7.1f} ms  {theirs:7.1f} ms  {ratio:4.2f}x  "
            f"≤{target:.0f} ms ≤1.3x  {met}"
        )
        # The same line for run_all.py (bench/report.py), quietly: the table above is the
        # one a person reads.
        print("ROW " + json.dumps({
            "operation": f"{title}: {name}", "figure": ours, "baseline": theirs, "unit": "ms",
            "ratio": ratio if theirs else None, "target": f"≤ {target:.0f} ms and ≤ 1.3×",
            "met": met == "yes", "note": "",
        }, ensure_ascii=False))  # fmt: skip
