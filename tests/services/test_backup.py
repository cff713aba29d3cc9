"""Backups: made automatically, listed with what they hold, rotated, and restored safely."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desktop.models.enums import UnitKind
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.store.backup import (
    KEEP,
    POSTGRES_NOTE,
    BackupService,
    list_backups,
    read_backup,
    restore_sqlite,
    rotate,
)
from desktop.services.store.info import store_info
from desktop.services.store.opening import open_store


def test_a_backup_lists_its_date_reason_and_the_contents_read_from_the_copy(demo_services):
    info = store_info(demo_services.store)
    before = dt.datetime.now().replace(microsecond=0)
    made = demo_services.backup.make()
    listed = demo_services.backup.list()
    assert [b.path for b in listed] == [made.path]
    copy = listed[0]
    assert copy.path.parent == demo_services.store.sqlite_file.parent / "backups"
    assert before <= copy.created_at <= dt.datetime.now()
    assert copy.reason_label == "Sao lưu theo yêu cầu"
    assert copy.units == sum(info.units_by_kind.values())
    assert copy.campaigns == len(info.campaigns)
    assert copy.initiatives == info.initiatives > 0
    assert copy.office == info.office.name
    assert copy.schema_revision == info.schema_head
    assert f"{copy.initiatives} sáng kiến" in copy.contents
    assert demo_services.backup.current_contents() == copy.contents


def test_the_copy_is_a_snapshot_later_changes_stay_out_of_it(sqlite_store):
    services = Services.over(sqlite_store)
    services.units.create("A", "Công đoàn cơ sở A", UnitKind.GRASSROOTS)
    copy = services.backup.make()
    services.units.create("B", "Công đoàn cơ sở B", UnitKind.GRASSROOTS)
    assert read_backup(copy.path).units == 1
    assert "2 đơn vị" in services.backup.current_contents()


def test_daily_backup_is_made_once_a_day(sqlite_store):
    backup = Services.over(sqlite_store).backup
    first = backup.daily()
    assert first is not None and first.reason == "hang-ngay"
    assert backup.daily() is None  # same day: nothing new
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    # A copy stamped yesterday does not count for today.
    assert backup.daily(today=tomorrow) is not None
    assert len([b for b in backup.list() if b.reason == "hang-ngay"]) == 2


def test_before_import_makes_a_copy_of_its_own_kind(sqlite_store):
    made = Services.over(sqlite_store).backup.before_import()
    assert made is not None and made.reason_label == "Trước khi nhập dữ liệu"


def _fake(directory: Path, stamp: str, reason: str) -> Path:
    path = directory / f"sangkien-{stamp}-{reason}.db"
    path.write_bytes(b"")
    return path


def test_rotation_keeps_the_newest_of_each_kind_and_never_touches_foreign_files(tmp_path):
    daily = [_fake(tmp_path, f"202601{d:02d}-090000", "hang-ngay") for d in range(1, 21)]
    upgrades = [_fake(tmp_path, f"202602{d:02d}-090000", "truoc-nang-cap") for d in range(1, 4)]
    foreign = tmp_path / "my-own-copy.db"
    foreign.write_bytes(b"")
    deleted = rotate(tmp_path)
    assert sorted(deleted) == sorted(daily[: 20 - KEEP["hang-ngay"]])
    assert all(p.exists() for p in daily[20 - KEEP["hang-ngay"] :])
    assert all(p.exists() for p in upgrades) and foreign.exists()


def test_unreadable_files_are_listed_with_a_reason_and_cannot_be_restored(tmp_path, sqlite_store):
    directory = tmp_path / "b"
    directory.mkdir()
    junk = directory / "sangkien-20260101-080000-thu-cong.db"
    junk.write_text("không phải cơ sở dữ liệu " * 50)
    (listed,) = list_backups(directory)
    assert not listed.readable
    assert "không phải là cơ sở dữ liệu" in listed.contents
    target = sqlite_store.sqlite_file
    sqlite_store.close()
    before = target.read_bytes()
    with pytest.raises(ServiceError, match="không phải là cơ sở dữ liệu"):
        restore_sqlite(junk, target)
    assert target.read_bytes() == before


def test_restore_replaces_the_data_and_keeps_a_copy_of_what_was_replaced(tmp_path):
    path = tmp_path / "sangkien.db"
    store = open_store(str(path))
    services = Services.over(store)
    services.units.create("A", "Công đoàn cơ sở A", UnitKind.GRASSROOTS)
    copy = services.backup.make()
    services.units.create("B", "Công đoàn cơ sở B", UnitKind.GRASSROOTS)
    store.close()

    result = restore_sqlite(copy.path, path)

    assert read_backup(result.safety_copy).units == 2
    assert result.safety_copy.name.endswith("-truoc-khoi-phuc.db")
    reopened = open_store(str(path))
    try:
        units = Services.over(reopened).units
        assert units.by_code("A") is not None and units.by_code("B") is None
        # Undoing the restore is one more restore, of the safety copy.
    finally:
        reopened.close()
    restore_sqlite(result.safety_copy, path)
    again = open_store(str(path))
    try:
        assert Services.over(again).units.by_code("B") is not None
    finally:
        again.close()


def test_restore_checks_the_copy_integrity_first(tmp_path, sqlite_store):
    services = Services.over(sqlite_store)
    copy = services.backup.make()
    target = sqlite_store.sqlite_file
    sqlite_store.close()
    data = bytearray(copy.path.read_bytes())
    page = 4096
    data[page * 2 : page * 2 + 200] = b"\xff" * 200  # scribble over a b-tree page
    copy.path.write_bytes(bytes(data))
    with pytest.raises(ServiceError, match="hỏng"):
        restore_sqlite(copy.path, target)
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_postgresql_backups_are_the_server_administrators_job(store):
    backup = Services.over(store).backup
    if store.sqlite_file is not None:
        assert backup.supported and backup.note is None
        return
    assert not backup.supported
    assert backup.note == POSTGRES_NOTE and "quản trị" in POSTGRES_NOTE
    assert backup.list() == [] and backup.daily() is None and backup.before_import() is None
    with pytest.raises(ServiceError, match="quản trị máy chủ"):
        backup.make()


def test_a_backup_that_cannot_be_written_says_why_in_vietnamese(tmp_path):
    path = tmp_path / "sangkien.db"
    store = open_store(str(path))
    try:
        (tmp_path / "backups").write_text("a file where the folder should be")
        with pytest.raises(ServiceError, match="Không tạo được bản sao lưu"):
            BackupService(store).make()
    finally:
        store.close()


def test_every_import_command_copies_the_store_first_and_other_commands_do_not(tmp_path, capsys):
    from desktop.cli import main

    db = tmp_path / "sangkien.db"
    store = open_store(str(db))
    Services.over(store).units.create("A", "Công đoàn cơ sở A", UnitKind.GRASSROOTS)
    store.close()
    assert main(["info", "--db", str(db)]) == 0
    assert list_backups(tmp_path / "backups") == []

    bundle = tmp_path / "goi.ssk"
    bundle.write_bytes(b"not a bundle")
    main(["bundle", "import", str(bundle), "--db", str(db)])  # refused, but copied first
    main(["initiatives", "import", str(tmp_path / "missing.xlsx"), "--db", str(db)])
    copies = list_backups(tmp_path / "backups")
    assert [c.reason for c in copies] == ["truoc-nhap", "truoc-nhap"]
    assert all(c.units == 1 for c in copies)
    capsys.readouterr()
