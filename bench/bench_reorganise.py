"""The 2025 reorganisation at a national office's scale, against the same writes in raw SQL.

    PYTHONPATH=. .venv/bin/python bench/bench_reorganise.py [N] [--units 50000] [--runs 1]

On a copy of the store of bigstore.py (N initiatives, 100,000 by default, over ``--units``
grassroots unions): every district federation gets ten new commune unions under the
province, its grassroots unions are moved to them in turn and it is dissolved, all from
1 July 2025, as the province's decision file says it (units named by code). The figure is
``ReorganisationService.apply`` (it plans again in its transaction: every row matched and
checked, then written with its dated events, its clock ticked). The baseline writes the same
rows with raw ``sqlite3`` executemany in one transaction on another copy: the new units, each
union's new parent and version, one event per change, the districts' end; not the matching
and the checks (a floor, not the same work). Then the dashboard's first open on the
reorganised store in a new session, against the same before the reorganisation.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import report
from bigstore import at_head, build, scale_args, store_path

from desktop.services.campaigns.progress import ProgressService
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.units.reorganise_plan import Action, ChangeRow

ON = dt.date(2025, 7, 1)
COMMUNES = 10  # new commune unions per district federation


def decision(db: Path) -> tuple[list[ChangeRow], list[tuple[int, int, int]], list[int]]:
    """The decision's rows; (union, its district, commune number) for each move; the
    districts dissolved."""
    conn = sqlite3.connect(db)
    districts = conn.execute("SELECT id, code FROM unit WHERE kind = 'district'").fetchall()
    rows: list[ChangeRow] = []
    moves: list[tuple[int, int, int]] = []
    for did, dcode in districts:
        for k in range(COMMUNES):
            rows.append(
                ChangeRow(
                    Action.CREATE,
                    f"Công đoàn xã {dcode} {k + 1}",
                    "LC",
                    "commune",
                    code=f"{dcode}-X{k}",
                )
            )
        unions = conn.execute(
            "SELECT id, code FROM unit WHERE parent_id = ? AND kind = 'grassroots' ORDER BY id",
            (did,),
        ).fetchall()
        for i, (gid, gcode) in enumerate(unions):
            rows.append(ChangeRow(Action.MOVE, gcode, f"{dcode}-X{i % COMMUNES}"))
            moves.append((gid, did, i % COMMUNES))
        rows.append(ChangeRow(Action.DISSOLVE, dcode))
    conn.close()
    return rows, moves, [d for d, _c in districts]


def raw_writes(db: Path, moves: list[tuple[int, int, int]], districts: list[int]) -> float:
    """The same rows written with sqlite3 executemany in one transaction (seconds)."""
    conn = sqlite3.connect(db)
    t0 = time.perf_counter()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    day = ON.isoformat()
    office = conn.execute("SELECT uid, clock FROM office WHERE is_local = 1").fetchone()
    office_uid, clock = (office[0], office[1] or 0) if office else (None, 0)
    province = conn.execute("SELECT id FROM unit WHERE code = 'LC'").fetchone()[0]
    codes = dict(conn.execute("SELECT id, code FROM unit WHERE kind = 'district'").fetchall())
    made: dict[str, int] = {}
    events = []
    for did in districts:
        for k in range(COMMUNES):
            clock += 1
            code, name = f"{codes[did]}-X{k}", f"Công đoàn xã {codes[did]} {k + 1}"
            cur = conn.execute(
                "INSERT INTO unit (uid, code, name, name_folded, name_key, kind, parent_id, "
                "valid_from, version, origin_office_uid, edit_version, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'commune', ?, ?, ?, ?, 1, ?, ?)",
                (
                    str(uuid.uuid4()),
                    code,
                    name,
                    name.lower(),
                    name,
                    province,
                    day,
                    clock,
                    office_uid,
                    now,
                    now,
                ),
            )
            made[code] = cur.lastrowid  # type: ignore[assignment]
            events.append((made[code], "create", day, None, name, None, province, clock))
    parents = []
    for gid, did, k in moves:
        clock += 1
        target = made[f"{codes[did]}-X{k}"]
        parents.append((target, clock, gid))
        events.append((gid, "move", day, None, None, did, target, clock))
    conn.executemany("UPDATE unit SET parent_id = ?, version = ? WHERE id = ?", parents)
    for did in districts:
        clock += 1
        conn.execute("UPDATE unit SET valid_to = ?, version = ? WHERE id = ?", (day, clock, did))
        events.append((did, "dissolve", day, None, None, None, None, clock))
    conn.executemany(
        "INSERT INTO unit_event (uid, unit_id, kind, on_date, old_name, new_name, old_parent_id,"
        " new_parent_id, version, origin_office_uid, recorded_at, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        [(str(uuid.uuid4()), *e, office_uid, now) for e in events],
    )
    conn.execute("UPDATE office SET clock = ? WHERE is_local = 1", (clock,))
    conn.commit()
    seconds = time.perf_counter() - t0
    conn.close()
    return seconds


def first_open(db: Path) -> float:
    """The dashboard's first open in a new session (ms): the tree read, laid out, counted."""
    store = open_store(str(db))
    try:
        services = Services.over(store)
        campaign = services.campaigns.by_code("01TRIEU-2022")
        province = services.units.by_code("LC")
        t0 = time.perf_counter()
        ProgressService(store.session_factory).report(campaign.id, None, province.id)
        return (time.perf_counter() - t0) * 1000
    finally:
        store.close()


def main() -> None:
    args = scale_args(__doc__)
    shared = build(store_path("bench_scale", args.n, args.units), args.n, units=args.units)
    base = at_head(shared)
    with tempfile.TemporaryDirectory(prefix="bench-reorganise-") as tmp:
        ours, theirs = Path(tmp) / "program.db", Path(tmp) / "raw.db"
        shutil.copyfile(base, ours)
        shutil.copyfile(base, theirs)
        rows, moves, districts = decision(ours)
        before = first_open(ours)
        store = open_store(str(ours))
        try:
            t0 = time.perf_counter()
            Services.over(store).reorganisation.apply(rows, ON)
            program = time.perf_counter() - t0
        finally:
            store.close()
        raw = raw_writes(theirs, moves, districts)
        after = first_open(ours)
    print(f"{len(rows):,} rows: {len(moves):,} moves, {len(districts)} districts dissolved")
    report.row(f"reorganisation of {len(moves):,} unions (plan + apply)", program, raw, "s")
    report.row("dashboard first open after the reorganisation", after, before, "ms")


if __name__ == "__main__":
    main()
