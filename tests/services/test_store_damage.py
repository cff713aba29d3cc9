"""A store that is damaged, full, locked or on a network share: said in Vietnamese, nothing
half-written, and the newest readable backup offered."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event, text

from desktop import cli
from desktop.models.enums import UnitKind
from desktop.services.registry import Services
from desktop.services.store.backup import backup_before_import, list_backups, newest_readable_backup
from desktop.services.store.opening import (
    OPEN_MARKER_SUFFIX,
    StoreDamaged,
    StoreError,
    check_integrity,
    default_backup_dir,
    ensure_sound,
    open_store,
)
from desktop.services.units.excel_list import UnitListPreview, UnitListRow, import_unit_list
from support.store_damage import corrupt_schema, corrupt_table, small_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def damaged(tmp_path) -> Path:
    """A store with a good backup (units A, B), then a unit C, then a damaged page."""
    path = small_store(tmp_path / "sangkien.db", ("A", "B"))
    good = backup_before_import(str(path))
    assert good is not None
    store = open_store(str(path))
    Services.over(store).units.create("C", "Công đoàn cơ sở C", UnitKind.GRASSROOTS)
    store.close()
    corrupt_table(path)
    return path


def test_the_check_finds_a_damaged_page_that_opening_does_not(damaged):
    store = open_store(str(damaged))  # opens without a word: SQLite reads pages on demand
    try:
        assert check_integrity(damaged) is not None
        with pytest.raises(StoreDamaged) as caught:
            ensure_sound(store)
    finally:
        store.close()
    text = str(caught.value)
    assert "bị hỏng" in text and "Bản sao lưu mới nhất còn đọc được" in text
    assert caught.value.backup is not None and caught.value.backup.units == 2


def test_a_sound_store_passes_both_checks(tmp_path):
    path = small_store(tmp_path / "sangkien.db")
    assert check_integrity(path) is None
    assert check_integrity(path, full=True) is None


def test_reading_a_damaged_page_is_a_vietnamese_store_error_not_a_crash(damaged):
    store = open_store(str(damaged))
    try:
        with pytest.raises(StoreDamaged, match="bị hỏng") as caught:
            Services.over(store).units.list()
    finally:
        store.close()
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)
    assert "malformed" in str(caught.value.__cause__)
    assert caught.value.backup is not None


def test_a_copy_on_the_second_backup_folder_is_offered_too(damaged, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    for copy in default_backup_dir(damaged).iterdir():
        copy.unlink()  # the disk's own copies are gone: only the stick has one
    good = usb / "sangkien-20260101-080000-thu-cong.db"
    small_store(good, ("A",))
    store = open_store(str(damaged))
    store.second_backup_dir = usb
    try:
        with pytest.raises(StoreDamaged) as caught:
            Services.over(store).units.list()
    finally:
        store.close()
    assert caught.value.backup is not None and caught.value.backup.path == good


def test_the_newest_readable_backup_skips_damaged_copies(damaged, tmp_path):
    backups = default_backup_dir(damaged)
    good = list_backups(backups)[0]
    # A newer copy of the damaged file (as "before restore" makes) is not offered.
    bad = backups / "sangkien-29991231-235959-thu-cong.db"
    bad.write_bytes(damaged.read_bytes())
    assert newest_readable_backup([backups]).path == good.path


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_info_says_the_store_is_damaged_and_how_to_restore(damaged, capsys):
    code, out, err = _cli(capsys, "info", "--db", str(damaged))
    assert code == 1 and out == ""
    assert "bị hỏng" in err and "sangkien restore" in err
    good = list_backups(default_backup_dir(damaged))[-1]
    assert str(good.path) in err


def test_info_finds_damage_in_a_table_it_never_reads(tmp_path, capsys):
    # Before the check, this store passed 'info' with exit 0 and broke later, in the window.
    path = small_store(tmp_path / "sangkien.db")
    corrupt_table(path, "audit_log")
    code, out, err = _cli(capsys, "info", "--db", str(path))
    assert code == 1 and out == "" and "bị hỏng" in err


def test_bundle_import_refuses_a_damaged_store_and_writes_nothing(damaged, tmp_path, capsys):
    bundle = tmp_path / "goi.ssk"
    bundle.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    before = sorted(p.name for p in default_backup_dir(damaged).iterdir())
    code, _out, err = _cli(capsys, "bundle", "import", str(bundle), "--db", str(damaged))
    assert code != 0
    assert "bị hỏng" in err and "sangkien restore" in err
    # No "before import" copy of the damaged file crowds out the good ones.
    assert sorted(p.name for p in default_backup_dir(damaged).iterdir()) == before


def test_a_store_broken_where_opening_reads_is_said_the_same_way(tmp_path, capsys):
    path = small_store(tmp_path / "sangkien.db", ("A",))
    assert backup_before_import(str(path)) is not None
    corrupt_schema(path)
    with pytest.raises(StoreDamaged) as caught:
        open_store(str(path))
    assert caught.value.path == path and caught.value.backup is not None
    code, _out, err = _cli(capsys, "info", "--db", str(path))
    assert code == 1 and "bị hỏng" in err and "sangkien restore" in err


def test_the_restore_command_puts_the_named_backup_back(damaged, capsys):
    good = newest_readable_backup([default_backup_dir(damaged)])
    code, out, err = _cli(capsys, "restore", str(good.path), "--db", str(damaged))
    assert code == 0, err
    assert "Đã khôi phục" in out
    assert check_integrity(damaged) is None
    code, out, err = _cli(capsys, "info", "--db", str(damaged), "--json")
    assert code == 0, err
    assert '"grassroots": 2' in out


def test_info_on_a_damaged_store_from_a_real_process(damaged):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "info", "--db", str(damaged), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert out.returncode == 1
    assert "bị hỏng" in out.stderr and out.stdout == ""


# -- the unclean-exit marker -------------------------------------------------------------


def test_the_open_marker_tells_a_clean_close_from_a_crash(tmp_path):
    path = small_store(tmp_path / "sangkien.db")
    marker = path.with_name(path.name + OPEN_MARKER_SUFFIX)
    store = open_store(str(path))
    assert store.mark_open() is False  # nothing before: the last close was clean
    assert marker.is_file()
    store.close()
    assert not marker.exists()

    crashed = open_store(str(path))
    crashed.mark_open()
    crashed.engine.dispose()  # the process dies: close() never runs, the marker stays
    assert marker.is_file()
    after = open_store(str(path))
    assert after.mark_open() is True
    after.close()
    assert not marker.exists()


def test_the_command_line_leaves_no_marker(tmp_path, capsys):
    path = small_store(tmp_path / "sangkien.db")
    assert _cli(capsys, "info", "--db", str(path))[0] == 0
    # The store and the program's log beside it; no open-marker.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logs", "sangkien.db"]


# -- full disk, locked store -------------------------------------------------------------


def _preview(n: int) -> UnitListPreview:
    rows = [
        UnitListRow(
            row=i + 2,
            code=f"CS{i:05d}",
            name=f"Công đoàn cơ sở số {i} " + "thuộc Liên đoàn Lao động huyện " * 4,
            short_name=None,
            kind=UnitKind.GRASSROOTS,
            parent=None,
            sector=None,
        )
        for i in range(n)
    ]
    return UnitListPreview(rows=rows)


def _codes(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT code FROM unit ORDER BY code")]
    finally:
        con.close()


def test_a_full_disk_during_an_import_is_said_and_nothing_is_half_written(tmp_path):
    path = small_store(tmp_path / "sangkien.db")
    store = open_store(str(path))
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(store.engine, "connect")
    def _small_disk(dbapi_connection, _record):  # SQLite's own "the file may not grow"
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 4}")

    store.engine.dispose()
    try:
        with pytest.raises(StoreError, match="đã đầy") as caught:
            import_unit_list(store.session_factory, _preview(2000))
        assert "full" in str(caught.value.__cause__)
        assert "huỷ hoàn toàn" in str(caught.value)
    finally:
        store.close()
    assert _codes(path) == ["A", "B", "C"]
    assert check_integrity(path) is None


_HOLDER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE unit SET name = name || ' (đang sửa)'")
print("held", flush=True)
time.sleep(60)
"""


def test_a_store_held_by_another_process_is_said_after_the_wait(tmp_path):
    path = small_store(tmp_path / "sangkien.db")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        store = open_store(str(path))

        @event.listens_for(store.engine, "connect")
        def _short_wait(dbapi_connection, _record):  # 10 s in the program; 1 s here
            dbapi_connection.execute("PRAGMA busy_timeout=1000")

        store.engine.dispose()
        try:
            with pytest.raises(StoreError, match="chương trình khác đang ghi") as caught:
                import_unit_list(store.session_factory, _preview(20))
            assert "locked" in str(caught.value.__cause__)
            # A transaction that starts by writing waits for the other program first.
            started = time.monotonic()
            with (
                pytest.raises(StoreError, match="chưa ghi được gì"),
                store.session_factory.begin() as s,
            ):
                s.execute(text("DELETE FROM unit"))
            assert time.monotonic() - started >= 0.9
        finally:
            store.close()
    finally:
        holder.kill()
        holder.wait()
    assert _codes(path) == ["A", "B", "C"]
