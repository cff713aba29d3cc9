"""Export and import a province-wide bundle of N initiatives (default 100,000), against a
baseline that does the same reading work with raw sqlite3 executemany.

    PYTHONPATH=. .venv/bin/python bench/bench_bundle.py [N]

The bundle is signed by a real enrolled district (its key, its grassroots units) and written
by the program's streaming writer (container.write, as the exporter does, records made as
they are written). The import goes through the whole program: copy off the drive, ZIP and
signature checks, the streamed JSON, validation, ownership and version checks, derived
columns, the inserts and stamps, in one transaction.

The baseline does the same work by hand in the same run, on a copy of the same store: copy
the file, hash it, open the ZIP, verify the Ed25519 signature, read data.json hashing it and
comparing with the manifest, parse every record with json.loads, compute the derived columns
(search text, collation keys; a name's key once per distinct name, as the program does),
insert initiatives, authors and sync stamps with the sqlite3 module's executemany in one
transaction, same PRAGMAs. What it skips is what only the program
does: the records' rules, ownership and version checks, the report.

Each side (export, baseline, import) runs in a fresh subprocess; its peak memory is that
process's peak resident set (resource.getrusage(RUSAGE_SELF).ru_maxrss, interpreter and
imports included). Targets: import <= 1.5x the baseline; import and export <= 400 MB at
1,000,000 initiatives.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import report
from sqlalchemy import select

from desktop.models import Campaign, Unit, UnitKind
from desktop.services.common import local_office
from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.sync import container
from desktop.services.sync.container import verify
from desktop.text.collation import collation_key, person_sort_key
from desktop.text.normalise import fold

# Names repeat: each distinct one is keyed once, as the program does (apply/initiative_rows).
name_key = functools.lru_cache(maxsize=65_536)(person_sort_key)

WORDS = (
    *("cải", "tiến", "quy", "trình", "sấy", "chè", "thiết", "bị", "tiết", "kiệm"),
    *("điện", "nước", "bếp", "trường", "học", "giảng", "dạy"),
)
NAMES = ("Lò Văn Minh", "Tòng Thị Hoa", "Nguyễn Văn An", "Vàng A Sử", "Lù Thị Mai", "Đỗ Văn Hải")


def offices(folder: Path) -> tuple[Path, Path]:
    paths = folder / "LC.db", folder / "LC-TD.db"
    stores = [open_store(str(p)) for p in paths]
    build_demo(stores[0].session_factory, initiatives=40)
    build_demo(stores[1].session_factory, initiatives=20, as_unit="LC-TD")
    p, d = (Services.over(s) for s in stores)
    p.enrolment.enrol(d.enrolment.enrolment_file(), d.office.local().fingerprint)
    d.enrolment.enrol(p.enrolment.enrolment_file(), p.office.local().fingerprint)
    for s in stores:
        s.close()
    return paths


RATIO_TARGET = 1.5
MEMORY_TARGET_MB = 400


def district_facts(district_db: Path) -> dict:
    """Who the district is (its key, units, the campaign's periods and fields)."""
    store = open_store(str(district_db))
    with store.session_factory() as s:
        me = local_office(s)
        my_unit = s.get(Unit, me.unit_id)
        units = sorted(
            s.scalars(
                select(Unit.uid).where(
                    Unit.parent_id == my_unit.id, Unit.kind == UnitKind.GRASSROOTS
                )
            )
        )
        c = s.scalar(select(Campaign).where(Campaign.code == "01TRIEU-2022"))
        facts = {
            "units": units,
            "campaign_uid": c.uid,
            "periods": sorted(p.uid for p in c.periods),
            "fields": sorted(f.uid for f in c.fields),
            "sender": {
                "office_uid": me.uid,
                "name": me.name,
                "unit_uid": my_unit.uid,
                "unit_code": my_unit.code,
                "public_key": base64.b64encode(me.public_key).decode(),
                "fingerprint": me.fingerprint,
            },
            "key": base64.b64encode(me.private_key).decode(),
        }
    store.close()
    return facts


def records(facts: dict, n: int) -> Iterator[dict]:
    """The district's ``n`` initiatives, made as they are written (never all held)."""
    rng = random.Random(5)
    units, periods, fields = facts["units"], facts["periods"], facts["fields"]
    for i in range(n):
        k = rng.choice((1, 1, 1, 2, 3))
        pct = {1: ["100"], 2: ["60", "40"], 3: ["50", "30", "20"]}[k]
        yield {
            "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "v": i + 1,
            "unit_uid": rng.choice(units),
            "campaign_uid": facts["campaign_uid"],
            "period_uid": rng.choice(periods),
            "field_uid": rng.choice(fields),
            "sector": "administrative",
            "title": " ".join(rng.choices(WORDS, k=8)).capitalize() + f" số {i}",
            "description": " ".join(rng.choices(WORDS, k=40)),
            "benefit_vnd": rng.randrange(0, 500) * 1_000_000,
            "benefit_note": None,
            "applied_on": (dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(700))).isoformat(),
            "registered_on": None,
            "confidential": False,
            "notes": None,
            "deleted": False,
            "deleted_at": None,
            "entered_late": False,
            "authors": [
                {
                    "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "full_name": rng.choice(NAMES),
                    "birth_date": None,
                    "job_title": "Giáo viên",
                    "workplace": None,
                    "qualification": None,
                    "is_member": True,
                    "contribution_pct": p,
                }
                for p in pct
            ],
            "dossier": [],
        }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# ---- the three sides, each in its own process --------------------------------------------
def side_export(folder: Path, n: int) -> dict:
    facts = district_facts(folder / "LC-TD.db")
    store = open_store(str(folder / "LC.db"))
    with store.session_factory() as s:
        me = local_office(s)
        recipient = {"office_uid": me.uid, "name": me.name}
    store.close()
    manifest = {
        "sender": facts["sender"],
        "recipient": recipient,
        "sequence": 1,
        "since": 0,
        "upto": n,
        "ack": 0,
        "epoch": 0,
        "created_at": "2026-11-22T00:00:00+00:00",
    }
    data = [(k, []) for k in ("campaigns", "decisions", "quotas", "statuses", "units")]
    data.append(("initiatives", records(facts, n)))
    started = time.perf_counter()
    with (folder / "bundle.ssk").open("wb") as f:
        container.write(
            f,
            manifest,
            data,
            base64.b64decode(facts["key"]),
            late=lambda: {"counts": {"initiatives": n}},
        )
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def _catalogue(con: sqlite3.Connection) -> tuple[dict, dict, dict, dict]:
    return tuple(
        dict(con.execute(f"SELECT uid, id FROM {t}"))
        for t in ("unit", "campaign", "period", "field")
    )


def side_baseline(folder: Path) -> dict:
    """The same reading work as the import, by hand: see the module's docstring."""
    db, bundle = folder / "raw.db", folder / "bundle.ssk"
    started = time.perf_counter()
    local = folder / "raw-copy.ssk"
    shutil.copyfile(bundle, local)
    whole = hashlib.sha256()
    with local.open("rb") as f:
        while chunk := f.read(1 << 20):
            whole.update(chunk)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    with zipfile.ZipFile(local) as zf:
        manifest_bytes = zf.read("manifest.json")
        signature = base64.b64decode(zf.read("manifest.sig"))
        manifest = json.loads(manifest_bytes)
        sender_key = base64.b64decode(manifest["sender"]["public_key"])
        enrolled = con.execute(
            "SELECT public_key FROM office WHERE uid = ?", (manifest["sender"]["office_uid"],)
        ).fetchone()[0]
        assert enrolled == sender_key and verify(sender_key, signature, manifest_bytes)
        units, campaigns, periods, fields = _catalogue(con)
        office_uid = manifest["sender"]["office_uid"]
        clock = 1 + con.execute("SELECT clock FROM office WHERE is_local = 1").fetchone()[0]
        con.execute("BEGIN")
        digest = hashlib.sha256()
        batch: list[dict] = []
        with zf.open("data.json") as f:
            started_list = False
            for line in f:
                digest.update(line)
                if not started_list:
                    started_list = line.startswith(b'"initiatives":[')
                    continue
                text = line.rstrip(b"\n")
                text = text[:-1] if text.endswith(b",") else text.removesuffix(b"]}")
                if text:
                    batch.append(json.loads(text))
                if len(batch) >= 5000:
                    _insert(con, batch, units, campaigns, periods, fields, office_uid, clock)
                    batch = []
        _insert(con, batch, units, campaigns, periods, fields, office_uid, clock)
        assert digest.hexdigest() == manifest["files"][0]["sha256"]
        con.execute("COMMIT")
    con.close()
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def _insert(con, batch, units, campaigns, periods, fields, office_uid, clock) -> None:
    if not batch:
        return
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    rows, authors = [], []
    for r in batch:
        names = [a["full_name"] for a in r["authors"]]
        text = ", ".join(names)
        rows.append(
            (
                r["uid"],
                office_uid,
                clock,
                now,
                now,
                campaigns[r["campaign_uid"]],
                periods[r["period_uid"]],
                units[r["unit_uid"]],
                fields[r["field_uid"]],
                r["sector"],
                r["title"],
                "person" if len(names) == 1 else "group",
                r["description"],
                r["benefit_vnd"],
                None,
                r["applied_on"],
                None,
                0,
                "registered",
                None,
                None,
                text,
                fold(f"{r['title']} | {text}"),
                collation_key(r["title"]),
                name_key(names[0]),
            )
        )
        for i, a in enumerate(r["authors"]):
            authors.append(
                (
                    r["uid"],
                    a["uid"],
                    i,
                    a["full_name"],
                    name_key(a["full_name"]),
                    a["job_title"],
                    a["contribution_pct"],
                    now,
                )
            )
    before = con.execute("SELECT coalesce(max(id), 0) FROM initiative").fetchone()[0]
    con.executemany(
        "INSERT INTO initiative (uid, origin_office_uid, version, created_at, updated_at,"
        " campaign_id,"
        " period_id, unit_id, field_id, sector, title, author_kind, description, benefit_vnd,"
        " benefit_note, applied_on, registered_on, confidential, status, notes, deleted_at,"
        " authors_text, search_text, title_key, authors_key)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    ids = dict(con.execute("SELECT uid, id FROM initiative WHERE id > ?", (before,)))
    con.executemany(
        "INSERT INTO author (initiative_id, uid, seq, full_name, name_key, job_title,"
        " contribution_pct, is_member, version, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,1,?,?,?)",
        [(ids[a[0]], a[1], a[2], a[3], a[4], a[5], a[6], clock, a[7], a[7]) for a in authors],
    )
    con.executemany(
        "INSERT INTO sync_stamp (entity, uid, grp, version, office_uid, local_clock)"
        " VALUES ('initiative', ?, 'content', ?, ?, ?)",
        [(r["uid"], r["v"], office_uid, clock) for r in batch],
    )


def side_import(folder: Path, n: int) -> dict:
    store = open_store(str(folder / "LC.db"))
    started = time.perf_counter()
    report = Services.over(store).bundles.import_(folder / "bundle.ssk")
    seconds = time.perf_counter() - started
    store.close()
    assert report.totals["new"] == n, report.message
    return {"seconds": seconds, "peak_mb": peak_mb()}


def _child(side: str, folder: Path, n: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--side", side, str(folder), str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    try:
        p_db, _d_db = offices(tmp)
        shutil.copy(p_db, tmp / "raw.db")
        export = _child("export", tmp, n)
        size = (tmp / "bundle.ssk").stat().st_size
        print(f"bundle: {n:,} initiatives, {size / 1e6:.1f} MB")
        base = _child("baseline", tmp, n)
        imp = _child("import", tmp, n)
        ratio = imp["seconds"] / base["seconds"]
        rows = [
            ("export (streaming writer)", f"{export['seconds']:.2f} s", "", ""),
            (
                "baseline (copy, hash, signature, json.loads, executemany)",
                f"{base['seconds']:.2f} s",
                "",
                "",
            ),
            (
                "bundle import (verify + validate + apply, one transaction)",
                f"{imp['seconds']:.2f} s",
                "",
                "",
            ),
        ]
        for label, figure, _, _ in rows:
            print(f"{label}: {figure}")
        met = ratio <= RATIO_TARGET
        print(f"ratio: {ratio:.2f} (target <= {RATIO_TARGET}) met: {'yes' if met else 'NO'}")
        print("peak memory (ru_maxrss of each side's own process):")
        for label, side in (("export", export), ("baseline", base), ("import", imp)):
            ok = side["peak_mb"] <= MEMORY_TARGET_MB or label == "baseline"
            target = "" if label == "baseline" else f" (target <= {MEMORY_TARGET_MB} MB at 1M)"
            print(f"  {label}: {side['peak_mb']:.0f} MB{target}{'' if ok else ' over'}")
        report.row(f"bundle import, {n:,}", imp["seconds"], base["seconds"], "s",
                   ratio=RATIO_TARGET)  # fmt: skip
        report.row(f"bundle import memory (peak), {n:,}", imp["peak_mb"], base["peak_mb"], "MB",
                   limit=MEMORY_TARGET_MB)  # fmt: skip
        report.row(f"bundle export memory (peak), {n:,}", export["peak_mb"], None, "MB",
                   limit=MEMORY_TARGET_MB, note="generated records")  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--side":
        side, folder, count = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
        if side == "export":
            result = side_export(folder, count)
        elif side == "baseline":
            result = side_baseline(folder)
        else:
            result = side_import(folder, count)
        print(json.dumps(result))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
