"""Fault injection (docs/sync-promises.md, point 1): kill -9 the importing process at random
moments, many
times. Every time the database passes PRAGMA integrity_check and holds the bundle entirely
or not at all."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.sync_fixtures import add_initiative, copy_offices

ROOT = Path(__file__).parents[2]
WORKER = Path(__file__).with_name("import_worker.py")  # the product's import, paused per step
PAUSE = "0.06"  # seconds
KILLS = 20


def _counts(db: Path) -> tuple[int, ...]:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(
            con.execute(q).fetchone()[0]
            for q in (
                "SELECT count(*) FROM initiative",
                "SELECT count(*) FROM author",
                "SELECT count(*) FROM dossier_item",
                "SELECT count(*) FROM unit",
                "SELECT count(*) FROM sync_stamp",
                "SELECT count(*) FROM sync_received",
                "SELECT count(*) FROM initiative_search",
                "SELECT clock FROM office WHERE is_local",
                "SELECT count(*) FROM sync_log WHERE accepted",
            )
        )
    finally:
        con.close()


def _root_first() -> str:
    return os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)


def _start(db: Path, bundle: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), PAUSE, "bundle", "import", str(bundle), "--db", str(db)],
        cwd=ROOT,
        # The worker imports this checkout's program (its own folder, not the root, is first
        # on its path).
        env=dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killing_the_import_at_random_moments_leaves_all_or_nothing(
    sync_offices_template, tmp_path
):
    template = copy_offices(sync_offices_template, tmp_path / "base")
    district = Services.over(open_store(str(template["LC-TD"])))
    for i in range(5):
        add_initiative(district, "LC-TD-03", f"Sáng kiến thử số {i}")
    bundle = district.bundles.export("LC", tmp_path / "goi.ssk").path
    district.store.close()
    pristine = template["LC"]
    before = _counts(pristine)

    # One undisturbed run: how long it takes, and what "all of it" looks like.
    full = tmp_path / "full.db"
    shutil.copy(pristine, full)
    started = time.monotonic()
    assert _start(full, bundle).wait(timeout=120) == 0
    duration = time.monotonic() - started
    after = _counts(full)
    assert after != before and after[0] == before[0] + 25

    rng = random.Random(20261122)
    outcomes = []
    for i in range(KILLS):
        db = tmp_path / f"k{i}.db"
        shutil.copy(pristine, db)
        proc = _start(db, bundle)
        time.sleep(rng.uniform(0.0, duration))
        proc.kill()
        proc.wait()
        state = _counts(db)  # integrity_check inside
        assert state in (before, after), f"partial import after kill {i}: {state}"
        outcomes.append(state == after)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    # The kills landed both before and after the commit, and the bundle then imports fine.
    assert not all(outcomes)
