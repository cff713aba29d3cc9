"""Backups a person can trust: automatic copies of the SQLite store, listed with their contents.

Copies go to ``backups/`` beside the database file (``store.default_backup_dir``), named
``<stem>-<YYYYmmdd-HHMMSS>-<reason>[-n].db`` by ``store.backup_sqlite`` (the same function that
copies the store before a schema upgrade). They are made:

* once a day, when the program starts (``daily``);
* before every import (``before_import``, called by the importers);
* before a schema upgrade (``store.open_store`` does it);
* before a restore, of the file being replaced (``restore_sqlite``);
* when the person asks (``make``).

Each kind keeps its newest few copies (``KEEP``); older ones are deleted after each new copy.
The contents shown for a copy (units, campaigns, initiatives, office) are read from the copy
itself, read-only. A PostgreSQL store is not copied by the program: backing up a server is the
job of its administrator (pg_dump), and every call here says so.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select

from desktop.models import Campaign, Initiative, Office, Unit
from desktop.models.db import resolve_url, sqlite_path, sqlite_uri
from desktop.services.common import ServiceError
from desktop.services.store.opening import (
    Store,
    StoreError,
    backup_sqlite,
    copy_sqlite,
    default_backup_dir,
    head_revision,
    open_store,
)

REASONS = {
    "hang-ngay": "Hằng ngày",
    "truoc-nhap": "Trước khi nhập dữ liệu",
    "truoc-nang-cap": "Trước khi nâng cấp phiên bản",
    "truoc-khoi-phuc": "Trước khi khôi phục",
    "thu-cong": "Sao lưu theo yêu cầu",
}
# How many copies of each kind are kept (the newest ones).
KEEP = {
    "hang-ngay": 14,
    "truoc-nhap": 20,
    "truoc-nang-cap": 5,
    "truoc-khoi-phuc": 5,
    "thu-cong": 20,
}
POSTGRES_NOTE = (
    "Dữ liệu đang nằm trên máy chủ PostgreSQL: việc sao lưu và khôi phục do người quản trị "
    "máy chủ thực hiện (ví dụ bằng pg_dump), chương trình không tự sao lưu."
)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z-]+?)(?:-(?P<n>\d+))?$")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: dt.datetime  # local time, from the file name (the moment of the copy)
    reason: str  # a key of REASONS ("" when the name is not one of ours)
    reason_label: str
    size_bytes: int
    readable: bool
    problem: str | None = None  # why it cannot be read or restored, in Vietnamese
    schema_revision: str | None = None
    office: str | None = None
    units: int | None = None
    campaigns: int | None = None
    initiatives: int | None = None  # not deleted
    # After ``make``: the same copy in the second backup folder, or why it is not there.
    second_copy: Path | None = None
    second_copy_problem: str | None = None

    @property
    def contents(self) -> str:
        """One line for a person: what is in this copy."""
        if not self.readable:
            return self.problem or "Không đọc được bản sao này."
        parts = [
            f"{self.units or 0} đơn vị",
            f"{self.campaigns or 0} chương trình",
            f"{self.initiatives or 0} sáng kiến",
        ]
        text = ", ".join(parts)
        return f"{self.office}: {text}" if self.office else text


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None  # the file as it was just before the restore (None: there was none)
    target: Path
    epoch: int | None = None  # the office's new restore epoch (None: no office in the copy)


def _parse_name(path: Path) -> tuple[dt.datetime, str] | None:
    match = _NAME.match(path.stem)
    if match is None:
        return None
    try:
        when = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return when, match["reason"]


def _count(conn: sqlite3.Connection, sql: str) -> int | None:
    try:
        row = conn.execute(sql).fetchone()
    except sqlite3.Error:
        return None
    return int(row[0]) if row and row[0] is not None else None


def read_backup(path: Path, check: bool = False) -> BackupInfo:
    """What a copy holds, read from the copy itself without changing it.

    ``check`` also runs SQLite's quick integrity check (reads the whole file: done before a
    restore, not for every line of the list)."""
    path = Path(path)
    parsed = _parse_name(path)
    stat = path.stat()
    if parsed is None:
        created, reason = dt.datetime.fromtimestamp(stat.st_mtime), ""
    else:
        created, reason = parsed
    label = REASONS.get(reason, "Bản sao")
    base = functools.partial(
        BackupInfo,
        path=path,
        created_at=created,
        reason=reason,
        reason_label=label,
        size_bytes=stat.st_size,
    )
    try:
        # immutable=1: no -wal/-shm files are created beside the copy, nothing is written.
        conn = sqlite3.connect(sqlite_uri(path, mode="ro", immutable="1"), uri=True)
    except sqlite3.Error as exc:
        return base(readable=False, problem=f"Không mở được bản sao: {exc}.")
    try:
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone() if check else ("ok",)
            revision_row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return base(
                readable=False,
                problem="Tệp này không phải là cơ sở dữ liệu của Sổ Sáng Kiến hoặc đã hỏng.",
            )
        if verdict is None or verdict[0] != "ok":
            return base(
                readable=False, problem="Bản sao bị hỏng (kiểm tra tính toàn vẹn thất bại)."
            )
        office = None
        try:
            row = conn.execute("SELECT name FROM office WHERE is_local = 1 LIMIT 1").fetchone()
            office = row[0] if row else None
        except sqlite3.Error:
            pass
        return base(
            readable=True,
            schema_revision=revision_row[0] if revision_row else None,
            office=office,
            units=_count(conn, "SELECT count(*) FROM unit"),
            campaigns=_count(conn, "SELECT count(*) FROM campaign"),
            initiatives=_count(conn, "SELECT count(*) FROM initiative WHERE deleted_at IS NULL"),
        )
    finally:
        conn.close()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def list_backups(directory: Path) -> list[BackupInfo]:
    """Every copy in ``directory``, newest first."""
    if not directory.is_dir():
        return []
    found = [read_backup(p) for p in directory.glob("*.db") if p.is_file()]
    # Copies made within the same second are told apart by their modification time.
    return sorted(found, key=lambda b: (b.created_at, _mtime(b.path)), reverse=True)


def newest_readable_backup(directories: Iterable[Path]) -> BackupInfo | None:
    """The newest copy, in any of ``directories``, that passes SQLite's check and is ours."""
    found = [b for d in directories for b in list_backups(d)]
    found.sort(key=lambda b: (b.created_at, _mtime(b.path)), reverse=True)
    for candidate in found:
        if not candidate.readable:
            continue
        checked = read_backup(candidate.path, check=True)
        if checked.readable and checked.schema_revision is not None:
            return checked
    return None


def second_folder_missing(folder: Path, main: Path | None) -> str:
    return (
        f"Không thấy thư mục sao lưu thứ hai {folder} (ổ USB chưa cắm?). Bản sao vẫn được "
        f"tạo trong {main}; hãy cắm ổ đó để lần sao lưu sau có thêm bản ở đó."
    )


def rotate(directory: Path, keep: dict[str, int] | None = None) -> list[Path]:
    """Delete the older copies of each kind beyond its allowance; returns what was deleted.

    Files whose names are not ours are never touched."""
    keep = keep or KEEP
    by_reason: dict[str, list[tuple[dt.datetime, Path]]] = {}
    for path in directory.glob("*.db") if directory.is_dir() else ():
        parsed = _parse_name(path)
        if parsed is not None and parsed[1] in keep:
            by_reason.setdefault(parsed[1], []).append((parsed[0], path))
    deleted = []
    for reason, items in by_reason.items():
        items.sort(key=lambda item: (item[0], _mtime(item[1])), reverse=True)
        for _when, path in items[keep[reason] :]:
            try:
                path.unlink()
                deleted.append(path)
            except OSError:
                pass  # a copy open elsewhere is deleted next time
    return deleted


def restore_sqlite(backup: Path, target: Path, backup_dir: Path | None = None) -> RestoreResult:
    """Replace the database ``target`` by the copy ``backup``; the store must be closed.

    The file as it is now is first copied to the backups ("truoc-khoi-phuc"), so a restore can
    itself be undone. The copy is written through SQLite's backup API into the target file,
    which also takes care of its write-ahead log. A copy made by an older version is upgraded
    here, as any old database is when opened.

    The restored store then starts a new epoch of its office (``bundles.restore``): its clock
    and bundle numbers can never repeat what it sent before the backup was made, and it asks
    its peers to send everything again. ``target`` may not exist (a new disk): the copy is
    then all there is, and the new epoch is taken from the copy alone.
    """
    backup, target = Path(backup), Path(target)
    info = read_backup(backup, check=True)
    if not info.readable:
        raise ServiceError(info.problem or "Không đọc được bản sao này.")
    if info.schema_revision is None:
        raise ServiceError("Tệp này không phải là bản sao cơ sở dữ liệu của Sổ Sáng Kiến.")
    directory = backup_dir or default_backup_dir(target)
    safety = None
    replaced_epoch = 0
    if target.exists():
        replaced_epoch = _local_epoch(target)
        try:
            safety = backup_sqlite(target, directory, "truoc-khoi-phuc")
        except (sqlite3.Error, OSError) as exc:
            raise ServiceError(
                f"Không sao lưu được dữ liệu hiện tại trước khi khôi phục ({exc}); chưa thay đổi "
                "gì."
            ) from exc
    kept = f" Dữ liệu trước đó vẫn còn trong bản sao {safety.name}." if safety else ""
    try:
        copy_sqlite(sqlite_uri(backup, mode="ro", immutable="1"), target)
    except sqlite3.Error as exc:
        log.error("restore of %s from %s failed: %s", target, backup, exc)
        raise ServiceError(f"Khôi phục không thành công ({exc}).{kept}") from exc
    try:
        if info.schema_revision == head_revision():
            epoch = _start_new_epoch(target, backup.name, replaced_epoch)
        else:  # left at its schema (maybe for the older program); the epoch starts later
            _note_pending_epoch(target, backup.name, replaced_epoch)
            epoch = None
    except (StoreError, sqlite3.Error, OSError) as exc:
        if safety is not None:
            copy_sqlite(sqlite_uri(safety, mode="ro", immutable="1"), target)
        else:
            target.unlink(missing_ok=True)
        raise ServiceError(f"Khôi phục không thành công ({exc}); chưa thay đổi gì.") from exc
    if directory.is_dir():
        rotate(directory)
    log.info("restored %s from %s (epoch %s; the data before: %s)", target, backup, epoch, safety)
    return RestoreResult(restored_from=backup, safety_copy=safety, target=target, epoch=epoch)


def _local_epoch(path: Path) -> int:
    """The restore epoch of the office in the store file ``path`` (0 if it has none yet)."""
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    except sqlite3.Error:
        return 0
    try:
        row = conn.execute("SELECT epoch FROM office WHERE is_local = 1 LIMIT 1").fetchone()
        return int(row[0] or 0) if row else 0
    except sqlite3.Error:  # a store from before restore epochs, or not ours
        return 0
    finally:
        conn.close()


def _note_pending_epoch(target: Path, source: str, replaced_epoch: int) -> None:
    """A copy of an older schema: a note in it makes this program start the new epoch when it
    next opens the store (``Services.over``), after the upgrade."""
    from desktop.services.sync.restore import PENDING_KEY, pending_restore_value

    conn = sqlite3.connect(target)
    try:
        with conn:
            conn.execute(
                "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)",
                (PENDING_KEY, pending_restore_value(source, replaced_epoch)),
            )
    finally:
        conn.close()


def _start_new_epoch(target: Path, source: str, replaced_epoch: int) -> int | None:
    """Open the restored store (upgrading an old copy) and start the office's new epoch."""
    from desktop.services.sync.restore import rebase_after_restore

    store = open_store(str(target))
    try:
        with store.session_factory.begin() as session:
            return rebase_after_restore(session, source, at_least=replaced_epoch)
    finally:
        store.close()


def backup_before_import(path_or_url: str | None) -> Path | None:
    """The copy made before an import from the command line, without opening the store.

    Nothing to copy for PostgreSQL or for a file that does not exist yet."""
    path = sqlite_path(resolve_url(path_or_url))
    if path is None or not path.is_file():
        return None
    directory = default_backup_dir(path)
    try:
        copy = backup_sqlite(path, directory, "truoc-nhap")
    except (sqlite3.Error, OSError) as exc:
        raise ServiceError(
            f"Không tạo được bản sao lưu trước khi nhập ({exc}); chưa nhập gì. Hãy kiểm tra "
            "dung lượng đĩa và quyền ghi thư mục."
        ) from exc
    rotate(directory)
    log.info("backup before a command-line import: %s", copy)
    return copy


class BackupService:
    """Backups of one store. For a PostgreSQL store ``supported`` is False and nothing is copied."""

    def __init__(self, store: Store, keep: dict[str, int] | None = None) -> None:
        self._store = store
        self._keep = keep or KEEP

    @property
    def supported(self) -> bool:
        return self._store.sqlite_file is not None

    @property
    def note(self) -> str | None:
        """Why there are no backups here (PostgreSQL), or None."""
        return None if self.supported else POSTGRES_NOTE

    @property
    def database_file(self) -> Path | None:
        return self._store.sqlite_file

    @property
    def directory(self) -> Path | None:
        path = self._store.sqlite_file
        return default_backup_dir(path) if path is not None else None

    def current_contents(self) -> str:
        """The same one-line summary as a backup's, for the data open now."""
        with self._store.session_factory() as session:
            office = session.scalar(select(Office.name).where(Office.is_local.is_(True)))
            units = session.scalar(select(func.count()).select_from(Unit)) or 0
            campaigns = session.scalar(select(func.count()).select_from(Campaign)) or 0
            initiatives = (
                session.scalar(
                    select(func.count())
                    .select_from(Initiative)
                    .where(Initiative.deleted_at.is_(None))
                )
                or 0
            )
        text = f"{units} đơn vị, {campaigns} chương trình, {initiatives} sáng kiến"
        return f"{office}: {text}" if office else text

    @property
    def second_directory(self) -> Path | None:
        """The office's second backup folder (a USB stick), or None when not chosen."""
        return self._store.second_backup_dir

    @second_directory.setter
    def second_directory(self, folder: Path | str | None) -> None:
        self._store.second_backup_dir = Path(folder) if folder else None

    def second_directory_problem(self) -> str | None:
        """Why copies cannot go to the second folder now (stick not plugged in), or None."""
        folder = self.second_directory
        if folder is None or folder.is_dir():
            return None
        return second_folder_missing(folder, self.directory)

    def list(self) -> list[BackupInfo]:
        """The copies in the backup folder and in the second folder, newest first."""
        directory = self.directory
        if directory is None:
            return []
        found = list_backups(directory)
        second = self.second_directory
        if second is not None and second.is_dir() and second.resolve() != directory.resolve():
            found += list_backups(second)
        return sorted(found, key=lambda b: (b.created_at, _mtime(b.path)), reverse=True)

    def make(self, reason: str = "thu-cong") -> BackupInfo:
        if reason not in REASONS:
            raise ValueError(f"unknown backup reason {reason!r}")
        path, directory = self._store.sqlite_file, self.directory
        if path is None or directory is None:
            raise ServiceError(POSTGRES_NOTE)
        try:
            copy = backup_sqlite(path, directory, reason)
        except (sqlite3.Error, OSError) as exc:
            log.error("backup (%s) in %s failed: %s", reason, directory, exc)
            raise ServiceError(
                f"Không tạo được bản sao lưu trong {directory}: {exc}. "
                "Hãy kiểm tra dung lượng đĩa và quyền ghi thư mục."
            ) from exc
        rotate(directory, self._keep)
        log.info("backup made (%s): %s", reason, copy)
        info = read_backup(copy)
        return self._copy_to_second_folder(info)

    def _copy_to_second_folder(self, info: BackupInfo) -> BackupInfo:
        # Copies on the same disk die with it: the office may choose a second folder. A
        # missing folder (stick not plugged in) is said, never a reason to fail the backup.
        second = self.second_directory
        if second is None:
            return info
        if not second.is_dir():
            return replace(info, second_copy_problem=second_folder_missing(second, self.directory))
        dest = second / info.path.name
        try:
            shutil.copy2(info.path, dest)  # the copy is a closed, finished file
        except OSError as exc:
            dest.unlink(missing_ok=True)
            return replace(
                info,
                second_copy_problem=(
                    f"Không chép được bản sao sang thư mục sao lưu thứ hai {second}: {exc}. "
                    f"Bản sao vẫn nằm trong {self.directory}."
                ),
            )
        rotate(second, self._keep)
        return replace(info, second_copy=dest)

    def before_import(self) -> BackupInfo | None:
        """The copy every importer makes before it writes (None on PostgreSQL)."""
        return self.make("truoc-nhap") if self.supported else None

    def daily(self, today: dt.date | None = None) -> BackupInfo | None:
        """A copy once a day: made if none of today's kind exists yet; None otherwise."""
        directory = self.directory
        path = self._store.sqlite_file
        if directory is None or path is None or not path.exists():
            return None
        today = today or dt.date.today()
        for existing in directory.glob("*-hang-ngay*.db") if directory.is_dir() else ():
            parsed = _parse_name(existing)
            if parsed is not None and parsed[1] == "hang-ngay" and parsed[0].date() == today:
                return None
        return self.make("hang-ngay")
