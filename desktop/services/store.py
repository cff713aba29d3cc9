"""Open the store safely: back up the SQLite file, then bring its schema to the newest revision."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import db

MIGRATIONS_DIR = Path(db.__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """A store that cannot be opened; the message is for the user, in Vietnamese."""


@dataclass
class Store:
    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None  # the copy made before this start's migration, if any

    @property
    def description(self) -> str:
        return db.describe_url(self.url)

    @property
    def sqlite_file(self) -> Path | None:
        return db.sqlite_path(self.url)

    def close(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
    try:
        engine = db.create_store_engine(url)
        revision = current_revision(engine)
    except Exception as exc:  # the driver's own errors are not for the user
        raise StoreError(_explain_open_error(url, exc)) from exc
    store = Store(url=url, engine=engine, session_factory=db.make_session_factory(engine))
    if not migrate_schema or revision == head_revision():
        return store
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision is not None and revision not in known:
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
    try:
        migrate(engine)
    except Exception as exc:
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
