"""The schema: migrations build exactly what the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from desktop.models import Base
from desktop.models.initiative_search import SEARCH_INDEX_NAMES
from desktop.services.store.opening import current_revision, head_revision


def test_migrations_create_every_table_of_the_models(store):
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revision(store.engine) == head_revision()


def test_migrations_match_the_models_exactly(store):
    """A model changed without a migration would make this list non-empty."""
    with store.engine.connect() as conn:
        # The trigram index of the search text (migration 0021) is the database's own.
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, *_: name not in SEARCH_INDEX_NAMES,
            },
        )
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []
