"""Opening a store: where it goes, what is refused, and the backup before an upgrade."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.models.db import resolve_url, sqlite_path
from desktop.services.store import opening as store_mod
from desktop.services.store.opening import StoreError, backup_sqlite, open_store

ROOT = Path(__file__).resolve().parents[2]


def test_a_path_becomes_a_sqlite_file_that_is_created_and_migrated(tmp_path):
    path = tmp_path / "sub" / "so.db"
    s = open_store(str(path))
    s.close()
    assert path.exists()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_the_environment_variable_names_the_store(monkeypatch, tmp_path):
    monkeypatch.setenv("SANGKIEN_DB", str(tmp_path / "env.db"))
    assert sqlite_path(resolve_url(None)) == tmp_path / "env.db"
    assert resolve_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"


def test_a_file_that_is_not_a_database_is_refused_in_vietnamese(tmp_path):
    bogus = tmp_path / "ghi-chu.db"
    bogus.write_text("Đây là một tệp văn bản, không phải cơ sở dữ liệu." * 50)
    with pytest.raises(StoreError, match="không phải là cơ sở dữ liệu"):
        open_store(str(bogus))
    assert "Đây là một tệp văn bản" in bogus.read_text()


def test_another_programs_sqlite_file_is_left_alone(tmp_path):
    other = tmp_path / "khac.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="không phải là cơ sở dữ liệu của Sổ Sáng Kiến"):
        open_store(str(other))
    assert sqlite3.connect(other).execute("SELECT count(*) FROM contacts").fetchone() == (0,)


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "moi.db"
    open_store(str(path)).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="phiên bản Sổ Sáng Kiến mới hơn"):
        open_store(str(path))


def test_an_existing_store_is_backed_up_before_it_is_upgraded(tmp_path, monkeypatch):
    path = tmp_path / "cu.db"
    s = open_store(str(path))
    with s.engine.begin() as conn:
        conn.execute(text("INSERT INTO app_meta (key, value) VALUES ('marker', 'trước nâng cấp')"))
    s.close()
    upgraded = []
    # Pretend a newer revision exists: the upgrade itself is recorded, not run.
    monkeypatch.setattr(store_mod, "head_revision", lambda: "9999")
    monkeypatch.setattr(store_mod, "migrate", lambda engine: upgraded.append(engine.url))
    s = open_store(str(path))
    s.close()
    assert upgraded
    assert s.backup_path is not None and s.backup_path.parent == tmp_path / "backups"
    copy = sqlite3.connect(s.backup_path)
    assert copy.execute("SELECT value FROM app_meta WHERE key='marker'").fetchone() == (
        "trước nâng cấp",
    )


def test_backup_copies_a_live_database_consistently(tmp_path):
    path = tmp_path / "song.db"
    s = open_store(str(path))
    with s.engine.begin() as conn:
        conn.execute(text("INSERT INTO app_meta (key, value) VALUES ('k', 'v')"))
    # The store is still open (WAL mode): the copy must hold the committed row anyway.
    dest = backup_sqlite(path, tmp_path / "bk", "thu")
    s.close()
    assert sqlite3.connect(dest).execute("SELECT value FROM app_meta").fetchone() == ("v",)


def test_the_newest_revision_is_read_as_alembic_reads_it(tmp_path):
    """The start reads the revisions from the migration files without Alembic: the same
    chain, the same head, and a new store records that head."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(store_mod.alembic_config())
    chain = {s.revision: s.down_revision for s in scripts.walk_revisions()}
    assert store_mod.revisions() == chain
    assert store_mod.head_revision() == scripts.get_current_head()
    s = open_store(str(tmp_path / "moi.db"))
    try:
        assert store_mod.current_revision(s.engine) == scripts.get_current_head()
    finally:
        s.close()


def test_opening_a_current_store_does_not_import_alembic(tmp_path):
    """Every start but the first after an update opens a current store: no Alembic then."""
    path = tmp_path / "s.db"
    open_store(str(path)).close()
    code = (
        "import sys\n"
        "from desktop.services.store.opening import open_store\n"
        f"open_store({str(path)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"
