"""Import a province-wide bundle of 100,000 initiatives, against raw sqlite3 executemany.

    .venv/bin/python bench/bench_bundle.py [N]

The bundle is signed by a real enrolled district (its key, its grassroots units) and goes
through the whole import: copy off the drive, ZIP and signature checks, JSON, validation,
ownership and version checks, derived columns, the inserts, in one transaction. The baseline
inserts the same rows (derived columns precomputed) into a copy of the same store with the
sqlite3 module's executemany, in one transaction, with the same PRAGMAs. Target: ratio <= 2.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import select

from desktop.models import Campaign, Unit, UnitKind
from desktop.services.common import local_office
from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.sync import container
from desktop.text.collation import collation_key, person_sort_key
from desktop.text.normalise import fold

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


def payload(district_db: Path, n: int) -> tuple[dict, dict, bytes]:
    """The data of a bundle from the district holding ``n`` initiatives, and its manifest."""
    store = open_store(str(district_db))
    with store.session_factory() as s:
        me = local_office(s)
        my_unit = s.get(Unit, me.unit_id)
        units = list(
            s.scalars(
                select(Unit.uid).where(
                    Unit.parent_id == my_unit.id, Unit.kind == UnitKind.GRASSROOTS
                )
            )
        )
        c = s.scalar(select(Campaign).where(Campaign.code == "01TRIEU-2022"))
        periods, fields = [p.uid for p in c.periods], [f.uid for f in c.fields]
        sender = {
            "office_uid": me.uid,
            "name": me.name,
            "unit_uid": my_unit.uid,
            "unit_code": my_unit.code,
            "public_key": base64.b64encode(me.public_key).decode(),
            "fingerprint": me.fingerprint,
        }
        key, campaign_uid = me.private_key, c.uid
    store.close()
    rng = random.Random(5)
    initiatives = []
    for i in range(n):
        k = rng.choice((1, 1, 1, 2, 3))
        pct = {1: ["100"], 2: ["60", "40"], 3: ["50", "30", "20"]}[k]
        initiatives.append(
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "v": i + 1,
                "unit_uid": rng.choice(units),
                "campaign_uid": campaign_uid,
                "period_uid": rng.choice(periods),
                "field_uid": rng.choice(fields),
                "sector": "administrative",
                "title": " ".join(rng.choices(WORDS, k=8)).capitalize() + f" số {i}",
                "description": " ".join(rng.choices(WORDS, k=40)),
                "benefit_vnd": rng.randrange(0, 500) * 1_000_000,
                "benefit_note": None,
                "applied_on": (
                    dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(700))
                ).isoformat(),
                "registered_on": None,
                "confidential": False,
                "notes": None,
                "deleted": False,
                "deleted_at": None,
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
        )
    data = {
        "units": [],
        "campaigns": [],
        "quotas": [],
        "initiatives": initiatives,
        "statuses": [],
        "decisions": [],
    }
    return data, sender, key


def baseline(
    db: Path, data: dict, unit_ids: dict, campaign_id: int, periods: dict, fields: dict
) -> float:
    """Insert the same rows with sqlite3 executemany: derived columns precomputed first."""
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    rows, authors = [], []
    for r in data["initiatives"]:
        names = [a["full_name"] for a in r["authors"]]
        text = ", ".join(names)
        rows.append(
            (
                r["uid"],
                None,
                1,
                now,
                now,
                campaign_id,
                periods[r["period_uid"]],
                unit_ids[r["unit_uid"]],
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
                person_sort_key(names[0]),
            )
        )
        for i, a in enumerate(r["authors"]):
            authors.append(
                (
                    r["uid"],
                    a["uid"],
                    i,
                    a["full_name"],
                    person_sort_key(a["full_name"]),
                    a["job_title"],
                    a["contribution_pct"],
                    now,
                )
            )
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    started = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO initiative (uid, origin_office_uid, version, created_at, updated_at,"
        " campaign_id,"
        " period_id, unit_id, field_id, sector, title, author_kind, description, benefit_vnd,"
        " benefit_note, applied_on, registered_on, confidential, status, notes, deleted_at,"
        " authors_text, search_text, title_key, authors_key)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    ids = dict(con.execute("SELECT uid, id FROM initiative"))
    con.executemany(
        "INSERT INTO author (initiative_id, uid, seq, full_name, name_key, job_title,"
        " contribution_pct, is_member, version, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,1,1,?,?)",
        [(ids[a[0]], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[7]) for a in authors],
    )
    con.execute("COMMIT")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    try:
        p_db, d_db = offices(tmp)
        data, sender, key = payload(d_db, n)
        store = open_store(str(p_db))
        with store.session_factory() as s:
            me = local_office(s)
            recipient = {"office_uid": me.uid, "name": me.name}
            unit_ids = dict(s.execute(select(Unit.uid, Unit.id)).all())
            c = s.scalar(select(Campaign).where(Campaign.code == "01TRIEU-2022"))
            campaign_id = c.id
            periods = {p.uid: p.id for p in c.periods}
            fields = {f.uid: f.id for f in c.fields}
        store.close()
        manifest = {
            "sender": sender,
            "recipient": recipient,
            "sequence": 1,
            "since": 0,
            "upto": n,
            "ack": 0,
            "epoch": 0,
            "created_at": "2026-11-22T00:00:00+00:00",
            "counts": {"initiatives": n},
        }
        blob = container.build(manifest, container.dumps(data), key)
        bundle = tmp / "SSK_LC-TD_gui_LC_bench.ssk"
        bundle.write_bytes(blob)
        print(f"bundle: {n:,} initiatives, {len(blob) / 1e6:.1f} MB")

        raw_db = tmp / "raw.db"
        shutil.copy(p_db, raw_db)
        t_raw = baseline(raw_db, data, unit_ids, campaign_id, periods, fields)

        store = open_store(str(p_db))
        started = time.perf_counter()
        report = Services.over(store).bundles.import_(bundle)
        t_import = time.perf_counter() - started
        store.close()
        assert report.totals["new"] == n, report.message
        print(f"raw sqlite3 executemany (same rows, keys precomputed): {t_raw:.2f} s")
        print(f"bundle import (verify + validate + apply, one transaction): {t_import:.2f} s")
        print(f"ratio: {t_import / t_raw:.2f} (target <= 2)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
