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
import random
import sys
import time
import uuid
from pathlib import Path

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
from desktop.services.store.opening import Store, open_store
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
