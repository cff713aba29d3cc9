"""Partial indexes (``PartialIndex``): the same index on SQLite and PostgreSQL as one declared
with ``sqlite_where`` and ``postgresql_where``, without the PostgreSQL dialect at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import Column, Index, Integer, MetaData, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex

from desktop.models import Base
from desktop.models.base import PartialIndex

ROOT = Path(__file__).resolve().parents[2]


def _plain_twin(index: PartialIndex) -> Index:
    """The same index written the usual way, on a copy of its table."""
    table = index.table
    assert table is not None
    copy = Table(table.name, MetaData(), *(Column(c.name, c.type) for c in table.columns))
    where = index.dialect_options["sqlite"]["where"]
    return Index(
        index.name,
        *(copy.c[c.name] for c in index.columns),
        unique=index.unique,
        sqlite_where=where,
        postgresql_where=where,
    )


def test_every_partial_index_is_built_with_its_condition_on_both_databases():
    partial = [
        ix for table in Base.metadata.tables.values() for ix in table.indexes
        if isinstance(ix, PartialIndex)
    ]  # fmt: skip
    assert {ix.name for ix in partial} >= {"ix_initiative_list_title", "ix_initiative_list_entered"}
    for ix in partial:
        twin = _plain_twin(ix)
        for dialect in (sqlite.dialect(), postgresql.dialect()):
            ddl = str(CreateIndex(ix).compile(dialect=dialect))
            assert " WHERE " in ddl, (ix.name, dialect.name, ddl)
            assert ddl == str(CreateIndex(twin).compile(dialect=dialect))
        # What Alembic reads to compare or write a migration: both conditions.
        assert set(ix.dialect_kwargs) == {"sqlite_where", "postgresql_where"}


def test_a_partial_index_of_a_new_table():
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("gone", Integer))
    ix = PartialIndex("ix_t_live", table.c.id, where=table.c.gone.is_(None), unique=True)
    assert str(CreateIndex(ix).compile(dialect=postgresql.dialect())) == (
        "CREATE UNIQUE INDEX ix_t_live ON t (id) WHERE gone IS NULL"
    )


def test_declaring_the_models_does_not_load_the_postgresql_dialect():
    code = "import sys, desktop.models\nprint('sqlalchemy.dialects.postgresql' in sys.modules)\n"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "False"
