"""Engines and sessions for the two supported stores: a local SQLite file, or PostgreSQL."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

ENV_VAR = "SANGKIEN_DB"
APP_DIR_NAME = "SoSangKien"
# "postgresql://…", "sqlite:///…": a scheme, then "://". A folder may be called "a://b" on
# Linux, so "://" alone does not make a URL.
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def default_db_path() -> Path:
    """The SQLite file in the user's data folder (``%LOCALAPPDATA%\\SoSangKien`` on Windows)."""
    from platformdirs import user_data_path

    return user_data_path(APP_DIR_NAME, appauthor=False) / "sangkien.db"


def resolve_url(path_or_url: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` (a path or a URL), else ``$SANGKIEN_DB``, else the default file, into a URL."""
    value = os.fspath(path_or_url) if path_or_url else os.environ.get(ENV_VAR) or ""
    if not value:
        value = str(default_db_path())
    if _URL_SCHEME.match(value):
        url = make_url(value)
        # ``postgresql://`` means psycopg 3 here: the one driver we ship and test.
        if url.drivername in {"postgresql", "postgres"}:
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return sqlite_url(Path(value))


def sqlite_url(path: str | os.PathLike[str]) -> str:
    """The SQLAlchemy URL of a SQLite file, with every character of its path kept.

    Never ``f"sqlite:///{path}"``: SQLAlchemy decodes ``%20``, ``%41`` and cuts at ``?``, so a
    folder named "Phòng 100%20" or "Hỏi?" would silently open (or create) another, empty store.
    ``URL.create`` escapes what needs escaping, and ``sqlite_path`` gives the same path back."""
    absolute = str(Path(path).expanduser().resolve())
    return URL.create("sqlite", database=absolute).render_as_string(hide_password=False)


def sqlite_uri(path: str | os.PathLike[str], **params: str) -> str:
    """A ``file:`` URI for ``sqlite3.connect(..., uri=True)``: the path percent-encoded (``#``,
    ``?``, ``%`` and ``&`` are data in a path, not URI syntax), then the query ``params``."""
    uri = Path(path).expanduser().resolve().as_uri()
    return f"{uri}?{urlencode(params)}" if params else uri


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another backend or an in-memory store."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in {None, "", ":memory:"}:
        return None
    return Path(parsed.database)


# Every SQLite file this process has opened as a store; only SQLite may open these files and
# their companions (see is_open_store_file).
_STORE_FILES: set[Path] = set()
STORE_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def is_open_store_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a store this process opened, or its -wal/-shm/-journal file.

    Answered from names and ``stat`` alone: opening and closing one of these files here, even
    only to read it, would drop SQLite's POSIX locks on it (Linux, macOS)."""
    candidate = Path(path).expanduser()
    try:
        candidate = candidate.resolve()
    except OSError:
        return False
    for db_file in _STORE_FILES:
        for suffix in STORE_FILE_SUFFIXES:
            own = db_file.with_name(db_file.name + suffix)
            if candidate == own:
                return True
            try:
                if os.path.samefile(candidate, own):  # a hard link or another spelling
                    return True
            except OSError:
                continue
    return False


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (so that
    # SAVEPOINT and atomic imports work as documented), and switch on what SQLite leaves off.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: an office PC may lose power; a committed import must survive it.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def create_store_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the settings this application relies on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            _STORE_FILES.add(path.resolve())
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: services hand out plain values built inside the session anyway,
    # and nothing must lazily hit the database after a commit.
    return sessionmaker(engine, expire_on_commit=False)


def describe_url(url: str) -> str:
    """A short, password-free description of the store for the status bar."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite: {parsed.database or ':memory:'}"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"PostgreSQL: {parsed.username or ''}@{host}{port}/{parsed.database or ''}"
