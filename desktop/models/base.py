"""Declarative base, shared column types and the mixin for records that travel between offices."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import DateTime, Index, Integer, MetaData, String, TypeDecorator
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.sql.base import _DialectArgDict, _DialectArgView

# Stable constraint names: Alembic's batch mode on SQLite needs them to alter tables later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_uid() -> str:
    """A global id, given to every record that may travel in a bundle, at birth."""
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class SortKey(TypeDecorator[str]):
    """A stored Vietnamese collation key, cut to ``keep`` characters on the way in.

    Keys grow to ~3.3 characters per letter (8 for rare symbols), so a long title could
    overflow its column or PostgreSQL's B-tree entry limit (~2,700 bytes). A cut key still
    sorts by its prefix, which is all a list needs; ties fall back to the id.
    """

    impl = String
    cache_ok = True

    def __init__(self, length: int, keep: int | None = None) -> None:
        super().__init__(length)
        self.keep = min(keep or length, length)

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return value[: self.keep] if value is not None else None


class PartialIndex(Index):
    """An index over the rows where ``where`` holds, on SQLite and on PostgreSQL alike: the
    same as ``Index(name, *columns, sqlite_where=where, postgresql_where=where)``.

    Written that way, SQLAlchemy checks the ``postgresql_where`` keyword when the model is
    declared, by importing its whole PostgreSQL dialect: 35-65 ms of every start of the
    program on an office PC, whose store is a SQLite file. Here the PostgreSQL condition is
    handed over only when something asks for this index's PostgreSQL options (the DDL of
    ``create_all`` or of Alembic on a PostgreSQL database, Alembic comparing or rendering the
    index), and by then that dialect is loaded anyway. Every partial index of the models is
    declared this way (tests/models/test_partial_index.py; the start's test checks that the
    PostgreSQL dialect stays unloaded on a SQLite store)."""

    def __init__(self, name: str, *columns: Any, where: Any, **kw: Any) -> None:
        self._where = where  # before Index's own checks, which may ask for the options
        super().__init__(name, *columns, sqlite_where=where, **kw)

    def _kw_reg_for_dialect_cls(self, dialect_name: str) -> _DialectArgDict:  # type: ignore[override]
        # SQLAlchemy's (a class method there) makes a dialect's options the first time they
        # are asked for; tests/models/test_partial_index.py fails if it stops being called.
        options = super()._kw_reg_for_dialect_cls(dialect_name)
        if dialect_name == "postgresql":
            options["where"] = self._where
        return options

    @property
    def dialect_kwargs(self) -> _DialectArgView:
        """All the options, ``postgresql_where`` among them (Alembic lists them so)."""
        self.dialect_options["postgresql"]
        return super().dialect_kwargs


def enum_column(enum_cls: type[enum.Enum], length: int = 24) -> SAEnum:
    """Enums stored as their string values (portable, readable in the SQLite file)."""
    return SAEnum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Travelling:
    """Columns of a record that can travel between offices in a bundle.

    ``uid`` identifies it everywhere; ``origin_office_uid`` is the office that created it;
    ``version`` is the logical clock of its last change (a counter per office, never the PC's
    clock, which is often wrong); timestamps are informative only.
    """

    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    origin_office_uid: Mapped[str | None] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Edited:
    """A record two officers can open at once: ``edit_version`` counts its changes.

    It is not the logical ``version`` of :class:`Travelling` (the office clock stamped on a
    change for bundles, shared by many records and re-stamped by imports): ``edit_version``
    belongs to this row only and goes up by one on every UPDATE of it, locally or by a bundle
    import. The service hands it to the window with what it loads; the window sends it back
    with the save, which is refused (``EditConflict``) when the row moved on meanwhile. SQLAlchemy
    checks it again in the UPDATE itself (``WHERE edit_version = :loaded``), so two saves in
    the same instant cannot both pass. Children (authors, dossier items, a campaign's periods,
    a council's members) are covered by their parent's version.
    """

    edit_version: Mapped[int] = mapped_column(
        Integer, nullable=False, default=1, server_default="1"
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.edit_version}  # type: ignore[attr-defined]
