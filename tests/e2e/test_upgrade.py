"""Installing a newer version over an older one: the old database is opened by the current
program, copied to backups/, migrated, and everything in it is still there."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from desktop.models.enums import InitiativeStatus
from desktop.services.registry import Services
from desktop.services.store.backup import list_backups, restore_sqlite
from desktop.services.store.opening import head_revision, open_store
from support.old_store import OLD_REVISION, ROWS, build_old_store, old_rows, revision_of

ROOT = Path(__file__).resolve().parents[2]


def run_program(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SANGKIEN_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=180,
    )


def test_an_old_database_is_backed_up_then_upgraded_without_losing_anything(tmp_path):
    db = build_old_store(tmp_path / "sangkien.db")
    assert revision_of(db) == OLD_REVISION != head_revision()
    before = old_rows(db)

    out = run_program("info", "--json", "--db", str(db))  # the current program, as a person runs it

    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["schema_revision"] == info["schema_head"] == head_revision()
    assert info["initiatives"] == 2  # the deleted one stays deleted
    assert info["units_by_kind"]["grassroots"] == 2 and info["district_level_units"] == 1
    assert info["office"]["name"] == "Liên đoàn Lao động thành phố Thử"
    assert [(c["code"], c["initiatives"]) for c in info["campaigns"]] == [("01TRIEU-2023", 2)]

    # The copy made before the upgrade is the old database, untouched, and is listed as such.
    (copy,) = [b for b in list_backups(db.parent / "backups") if b.reason == "truoc-nang-cap"]
    assert copy.schema_revision == OLD_REVISION
    assert (copy.units, copy.campaigns, copy.initiatives) == (4, 1, 2)
    assert copy.reason_label == "Trước khi nâng cấp phiên bản"
    assert old_rows(copy.path) == before

    # Every row of every old table is still there, with the same values in the old columns.
    after = old_rows(db)
    for table, rows in before.items():
        assert len(after[table]) == len(rows) == len(ROWS[table]), table
        for old, new in zip(rows, after[table], strict=True):
            changed = {k: (v, new.get(k)) for k, v in old.items() if new.get(k) != v}
            assert not changed, f"{table} #{old['id']}: {changed}"

    # And the program's services show it as the person entered it.
    store = open_store(str(db))
    try:
        services = Services.over(store)
        assert store.backup_path is None  # already upgraded: no second copy
        first = services.initiatives.get(1)
        assert first.data.title == "Ứng dụng bảng tính để xếp thời khoá biểu"
        assert first.data.benefit_vnd == 15_000_000
        assert first.data.applied_on == dt.date(2023, 9, 5)
        assert first.status == InitiativeStatus.RECOGNISED
        second = services.initiatives.get(2)
        assert [(a.full_name, a.contribution_pct, a.is_member) for a in second.data.authors] == [
            ("Trần Văn Bình", Decimal(60), True),
            ("Lê Thị Cúc", Decimal(40), False),
        ]
        assert services.units.by_code("LC-TP-01").name == "Công đoàn Trường Tiểu học Đoàn Kết"
        assert services.office.local().name == "Liên đoàn Lao động thành phố Thử"
        assert services.campaigns.by_code("01TRIEU-2023") is not None
    finally:
        store.close()


def test_restoring_the_pre_upgrade_copy_upgrades_it_again_on_open(tmp_path):
    db = build_old_store(tmp_path / "sangkien.db")
    first = open_store(str(db))
    assert Services.over(first).initiatives.get(2).status == InitiativeStatus.REGISTERED
    first.close()
    (copy,) = [b for b in list_backups(db.parent / "backups") if b.reason == "truoc-nang-cap"]

    restore_sqlite(copy.path, db)

    assert revision_of(db) == OLD_REVISION
    again = open_store(str(db))
    try:
        assert again.backup_path is not None  # a fresh copy before the second upgrade
        assert Services.over(again).initiatives.get(1).data.title.startswith("Ứng dụng")
    finally:
        again.close()
    assert revision_of(db) == head_revision()
