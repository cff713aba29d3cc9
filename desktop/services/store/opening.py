"""Open the store safely: back up the SQLite file, then bring its schema to the newest revision."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import db
from desktop.services.campaigns.closing import install_guard
from desktop.services.changes import ChangeFeed
from desktop.services.common import ServiceError
from desktop.services.store.location import network_share, network_share_message

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(db.__file__).resolve().parent / "migrations"
# Beside the store while the window has it open; still there at the next start = the program
# did not close cleanly (power cut, killed), so the store is checked before it is used.
OPEN_MARKER_SUFFIX = ".dang-mo"
BUSY_SECONDS = 10  # PRAGMA busy_timeout in models/db.py

log = logging.getLogger(__name__)


class StoreError(ServiceError):
    """A store that cannot be opened or used; the message is for the user, in Vietnamese.

    A ServiceError, so every view that shows a service's refusal shows this one too."""


class StoreDamaged(StoreError):
    """SQLite found damaged pages. ``backup`` is the newest copy that reads back whole."""

    def __init__(
        self, message: str, path: Path | None = None, backup: object = None, detail: str = ""
    ) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup  # a backup.BackupInfo, or None
        self.detail = detail  # what SQLite said


@dataclass
class Store:
    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None  # the copy made before this start's migration, if any
    # The office's second backup folder (a USB stick), given by the composition root.
    second_backup_dir: Path | None = None
    _marker: Path | None = None
    _marker_was_written: bool = False
    # What each commit changed, told to the one listener (the main window): services/changes.py.
    changes: ChangeFeed = field(default_factory=ChangeFeed)

    def __post_init__(self) -> None:
        self.changes.watch(self.engine)

    @property
    def description(self) -> str:
        return db.describe_url(self.url)

    @property
    def sqlite_file(self) -> Path | None:
        return db.sqlite_path(self.url)

    @property
    def open_marker(self) -> Path | None:
        path = self.sqlite_file
        return path.with_name(path.name + OPEN_MARKER_SUFFIX) if path is not None else None

    @property
    def open_marker_written(self) -> bool:
        """Whether this store put the "open" marker (still there, or removed at close)."""
        return self._marker is not None or self._marker_was_written

    def mark_open(self) -> bool:
        """Put the "open" marker beside the file (the window does, the CLI does not).

        True when a marker was already there: the last start did not end cleanly."""
        marker = self.open_marker
        if marker is None:
            return False
        unclean = marker.exists()
        try:
            marker.write_text(f"{os.getpid()}\n{dt.datetime.now().isoformat()}\n", "utf-8")
            self._marker = marker
        except OSError:
            self._marker = None  # a read-only folder: no marker, no harm
        return unclean

    def close(self) -> None:
        self.engine.dispose()
        if self._marker is not None:
            with contextlib.suppress(OSError):
                self._marker.unlink()
            self._marker_was_written = True
            self._marker = None


def alembic_config() -> Config:
    from alembic.config import Config  # Alembic only when a schema is created or upgraded

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*"([^"]*)"', re.MULTILINE)


@cache
def revisions() -> dict[str, str | None]:
    """Each migration's revision and the one it follows, read from the files themselves.

    Opening a store that is already current (every start but the first after an update)
    needs only the newest revision; reading it this way spares importing Alembic, whose
    database dialects are a noticeable part of the program's start on an office PC."""
    found: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        fields = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" in fields:
            found[fields["revision"]] = fields.get("down_revision") or None
    return found


def head_revision() -> str:
    """The newest revision: the one no other revision follows."""
    known = revisions()
    followed = set(known.values())
    heads = [r for r in known if r not in followed]
    if len(heads) != 1:  # a packaging mistake, not something a person can cause
        raise RuntimeError(f"migrations have {len(heads)} heads: {sorted(heads)}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    """The store's revision, as Alembic records it (None for a new, empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return found[0] if len(found) == 1 else None


def backup_sqlite(source: Path, dest_dir: Path, reason: str) -> Path:
    """Copy a live SQLite database with SQLite's backup API (consistent even in WAL mode)."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = dest_dir / f"{source.stem}-{stamp}-{reason}.db"
    n = 1
    while dest.exists():
        n += 1
        dest = dest_dir / f"{source.stem}-{stamp}-{reason}-{n}.db"
    copy_sqlite(db.sqlite_uri(source, mode="ro"), dest)
    return dest


def copy_sqlite(source_uri: str, dest: Path) -> None:
    """Copy page by page with SQLite's backup API into ``dest`` (created or overwritten)."""
    src = sqlite3.connect(source_uri, uri=True)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()


def default_backup_dir(sqlite_file: Path) -> Path:
    return sqlite_file.parent / "backups"


def migrate(engine: Engine) -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_store(path_or_url: str | None = None, *, migrate_schema: bool = True) -> Store:
    """Open (and create or upgrade) the store named by ``--db``, ``$SANGKIEN_DB`` or the default.

    Before an existing SQLite file is migrated, a copy goes to ``backups/`` beside it, so a
    failed or unwanted upgrade can always be undone by hand.
    """
    url = db.resolve_url(path_or_url)
    file = db.sqlite_path(url)
    opened: list[Store] = []  # for the error hook: the second backup folder, once known
    if file is not None and (share := network_share(file)) is not None:
        raise StoreError(network_share_message(file, share))
    try:
        engine = db.create_store_engine(url)
        if file is not None:
            event.listen(engine, "handle_error", lambda ctx: _sqlite_error_for_people(ctx, opened))
        revision = current_revision(engine)
    except StoreError:
        raise
    except Exception as exc:  # the driver's own errors are not for the user
        raise StoreError(_explain_open_error(url, exc)) from exc
    store = Store(url=url, engine=engine, session_factory=db.make_session_factory(engine))
    install_guard(store.session_factory)  # a closed campaign's records stay as they are
    opened.append(store)
    if not migrate_schema or revision == head_revision():
        return store
    if revision is not None and revision not in revisions():
        engine.dispose()
        raise StoreError(
            "Cơ sở dữ liệu này được tạo bởi một phiên bản Sổ Sáng Kiến mới hơn "
            f"(lược đồ {revision}). Hãy cài phiên bản mới nhất để mở nó."
        )
    path = store.sqlite_file
    if path is not None and revision is None and inspect(engine).get_table_names():
        engine.dispose()
        raise StoreError(f"Tệp {path} không phải là cơ sở dữ liệu của Sổ Sáng Kiến.")
    if path is not None and revision is not None:
        store.backup_path = backup_sqlite(path, default_backup_dir(path), "truoc-nang-cap")
    log.info(
        "upgrading %s from schema %s (copy: %s)", store.description, revision, store.backup_path
    )
    try:
        migrate(engine)
    except Exception as exc:
        log.exception("upgrade of %s failed", store.description)
        engine.dispose()
        where = f" Bản sao trước khi nâng cấp: {store.backup_path}." if store.backup_path else ""
        raise StoreError(f"Không nâng cấp được cơ sở dữ liệu: {exc}.{where}") from exc
    return store


def _explain_open_error(url: str, exc: Exception) -> str:
    text = str(exc)
    if "file is not a database" in text or "file is encrypted" in text:
        return f"Tệp {db.sqlite_path(url)} không phải là cơ sở dữ liệu SQLite hợp lệ."
    if "unable to open database file" in text:
        return (
            f"Không mở được tệp cơ sở dữ liệu {db.sqlite_path(url)}: thư mục không tồn tại "
            "hoặc không có quyền ghi."
        )
    if "password authentication failed" in text:
        return "Máy chủ PostgreSQL từ chối: sai tên đăng nhập hoặc mật khẩu."
    if "Connection refused" in text or "could not connect" in text.lower():
        return f"Không kết nối được máy chủ PostgreSQL ({db.describe_url(url)})."
    return f"Không mở được cơ sở dữ liệu ({db.describe_url(url)}): {text}"


def check_integrity(path: Path, full: bool = False) -> str | None:
    """SQLite's own check of every page of the file: None when sound, else what SQLite said.

    ``quick_check`` (0.6 s on a 150 MB store of 100,000 initiatives) checks every page and
    row but not that indexes match their tables; ``integrity_check`` (6 s) does that too."""
    try:
        conn = sqlite3.connect(db.sqlite_uri(path, mode="ro"), uri=True)
        try:
            pragma = "integrity_check(5)" if full else "quick_check(5)"
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if any(word in str(exc) for word in _DAMAGE):
            return str(exc)
        # Locked, unreadable, gone: not damage, and not to be reported as such.
        error = explain_sqlite_error(exc, path)
        raise error or StoreError(f"Không kiểm tra được tệp dữ liệu {path}: {exc}.") from exc
    if rows == ["ok"]:
        return None
    detail = "; ".join(str(r) for r in rows if not str(r).startswith("*** in database"))
    return detail[:300] + ("…" if len(detail) > 300 else "")


def damaged_error(path: Path, detail: str, second_backup_dir: Path | None = None) -> StoreDamaged:
    """The Vietnamese "this store is damaged" error, naming the newest readable backup."""
    from desktop.services.store.backup import newest_readable_backup  # backup imports this module

    dirs = [default_backup_dir(path)] + ([second_backup_dir] if second_backup_dir else [])
    backup = newest_readable_backup(dirs)
    text = (
        f"Tệp dữ liệu {path} bị hỏng (SQLite báo: {detail}). Đừng nhập thêm dữ liệu vào tệp "
        "này: những gì đọc hoặc ghi tiếp có thể sai hoặc mất."
    )
    if backup is None:
        text += " Không tìm thấy bản sao lưu nào còn đọc được."
    else:
        text += (
            f" Bản sao lưu mới nhất còn đọc được: {backup.path} (lúc "
            f"{backup.created_at.strftime('%H:%M ngày %d/%m/%Y')}; có {backup.contents})."
        )
    return StoreDamaged(text, path=path, backup=backup, detail=detail)


def ensure_file_sound(path_or_url: str | None, second_backup_dir: Path | None = None) -> None:
    """``ensure_sound`` before a store is opened (the command line, before an import)."""
    path = db.sqlite_path(db.resolve_url(path_or_url))
    if path is None or not path.is_file():
        return
    problem = check_integrity(path)
    if problem is not None:
        raise damaged_error(path, problem, second_backup_dir)


def ensure_sound(store: Store, full: bool = False) -> None:
    """Raise StoreDamaged when SQLite's check finds damage (nothing to check on PostgreSQL)."""
    path = store.sqlite_file
    if path is None or not path.exists():
        return
    problem = check_integrity(path, full=full)
    if problem is not None:
        raise damaged_error(path, problem, store.second_backup_dir)


def _has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


_DAMAGE = ("malformed", "not a database", "file is encrypted")


def explain_sqlite_error(
    exc: BaseException, path: Path | None, second_backup_dir: Path | None = None
) -> StoreError | None:
    """A driver error a person must hear about, in Vietnamese; None for any other error."""
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.IntegrityError):
        return None
    text = str(exc)
    if any(word in text for word in _DAMAGE) and path is not None:
        if not _has_sqlite_header(path):  # never was a database: nothing to restore
            return StoreError(f"Tệp {path} không phải là cơ sở dữ liệu SQLite hợp lệ.")
        return damaged_error(path, text, second_backup_dir)
    if "database or disk is full" in text:
        return StoreError(
            f"Ổ đĩa chứa tệp dữ liệu {path} đã đầy: thao tác này không ghi được và đã được "
            "huỷ hoàn toàn, dữ liệu vẫn như trước đó. Hãy giải phóng dung lượng ổ đĩa rồi "
            "thử lại."
        )
    if "database is locked" in text or "database table is locked" in text:
        # A write that starts a transaction waits BUSY_SECONDS for the other program; one
        # that follows a read in the same transaction is refused at once by SQLite (waiting
        # could deadlock). Either way nothing of this operation was written.
        return StoreError(
            f"Một chương trình khác đang ghi vào tệp dữ liệu {path}: thao tác này chưa ghi "
            "được gì. Hãy đợi chương trình đó ghi xong (hoặc đóng nó, kể cả một cửa sổ Sổ Sáng "
            "Kiến khác đang mở cùng tệp dữ liệu) rồi thử lại."
        )
    if "disk I/O error" in text:
        return StoreError(
            f"Lỗi đọc/ghi ổ đĩa khi dùng tệp dữ liệu {path}: thao tác này chưa ghi được. "
            "Hãy kiểm tra ổ đĩa (hoặc USB) rồi thử lại."
        )
    return None


def _sqlite_error_for_people(context: ExceptionContext, opened: list[Store]) -> None:
    # Every statement of every service goes through here: a damaged, full or locked store
    # becomes one Vietnamese StoreError at the store layer, not a crash in some window.
    url = context.engine.url if context.engine is not None else None
    path = db.sqlite_path(url.render_as_string(hide_password=False)) if url is not None else None
    second = opened[0].second_backup_dir if opened else None
    error = explain_sqlite_error(context.original_exception, path, second)
    if error is not None:
        raise error from context.original_exception
