"""A trigram index over the folded search text, so a search does not scan every initiative.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03

A search holds every typed word anywhere in the folded title and authors (``LIKE '%word%'``
over ``initiative_search``, docs/vietnamese-text.md); at 1,000,000 initiatives that scan is
most of a second. A trigram index finds the rows holding a word of three letters or more:

- SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34+) over ``initiative_search``
  (external content: the text is not stored twice), kept in step by triggers on that table.
  The list asks it for the candidates and still checks each word with LIKE, so what matches
  is exactly what matched before (``initiatives/listing.py``).
- PostgreSQL: a GIN index with ``gin_trgm_ops`` (the pg_trgm extension, part of the server's
  contrib). The planner uses it for the same ``LIKE '%word%'``, so the query is unchanged.
  Where the extension is not installed or may not be created, no index is made and search
  scans as before.

Neither is a model: the test of the schema leaves out ``SEARCH_INDEX_NAMES``.

Also an index on ``initiative.updated_at``: the list keeps its count while the store's latest
change (``max(id)``, ``max(updated_at)``, each off an index) stays the same.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

FTS = "initiative_fts"
PG_INDEX = "ix_initiative_search_trgm"

_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER tr_{FTS}_insert AFTER INSERT ON initiative_search BEGIN
        INSERT INTO {FTS} (rowid, text) VALUES (new.initiative_id, new.text);
    END""",
    f"""CREATE TRIGGER tr_{FTS}_delete AFTER DELETE ON initiative_search BEGIN
        INSERT INTO {FTS} ({FTS}, rowid, text) VALUES ('delete', old.initiative_id, old.text);
    END""",
    f"""CREATE TRIGGER tr_{FTS}_update AFTER UPDATE OF text ON initiative_search BEGIN
        INSERT INTO {FTS} ({FTS}, rowid, text) VALUES ('delete', old.initiative_id, old.text);
        INSERT INTO {FTS} (rowid, text) VALUES (new.initiative_id, new.text);
    END""",
)


def upgrade() -> None:
    op.create_index("ix_initiative_updated", "initiative", ["updated_at"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _upgrade_postgresql(bind)
        return
    try:
        with bind.begin_nested():
            op.execute(
                f"CREATE VIRTUAL TABLE {FTS} USING fts5(text, content='initiative_search', "
                "content_rowid='initiative_id', tokenize='trigram')"
            )
    except sa.exc.OperationalError:  # an SQLite without FTS5 or its trigram tokenizer
        return
    for ddl in _SQLITE_TRIGGERS:
        op.execute(ddl)
    op.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')")


def _upgrade_postgresql(bind: sa.Connection) -> None:
    available = bind.scalar(
        sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")
    )
    if not available:
        return
    try:
        with bind.begin_nested():
            op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:  # not allowed to create it here: search scans as before
        return
    op.execute(f"CREATE INDEX {PG_INDEX} ON initiative_search USING gin (text gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS tr_{FTS}_{name}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    op.drop_index("ix_initiative_updated", table_name="initiative")
