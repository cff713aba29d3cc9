"""A narrow copy of each initiative's folded search text, for fast search without diacritics.

Scanning 100,000 short rows of this table with ``LIKE '%word%'`` takes a few milliseconds;
the same scan over the wide ``initiative`` rows takes ten times longer. Database triggers
(created by migration 0002, on SQLite and PostgreSQL) keep it in step with ``initiative``
whoever writes there: the services, a bundle import or a bulk Core insert.

Migration 0021 indexes its text by trigrams (an FTS5 table on SQLite, a pg_trgm GIN index on
PostgreSQL), so a search of a word of three letters or more reads only the rows holding it.
Those are the database's own objects, not models: ``SEARCH_INDEX_NAMES``.
"""

from __future__ import annotations

from sqlalchemy import Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base

# The FTS5 table over ``initiative_search`` (SQLite) and the shadow tables FTS5 keeps for it.
FTS_TABLE = "initiative_fts"
SEARCH_INDEX_NAMES = frozenset(
    {
        FTS_TABLE,
        *(f"{FTS_TABLE}_{shadow}" for shadow in ("data", "idx", "docsize", "config")),
        "ix_initiative_search_trgm",  # PostgreSQL: GIN (text gin_trgm_ops)
    }
)


class InitiativeSearch(Base):
    __tablename__ = "initiative_search"

    initiative_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    campaign_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
