"""An edit version on every record two officers can open at once.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

``edit_version`` (see ``desktop/models/base.py``: ``Edited``) goes up by one on every change
of its row; a save that brings back an older number than the row holds is refused, so two
officers on one PostgreSQL store no longer overwrite each other unseen. Existing rows start at
1: a window open during the upgrade is impossible (the program upgrades before it opens).

A plain ADD COLUMN with a server default (no batch rebuild), so the search triggers on
``initiative`` stay in place and rows written by raw INSERTs (bundle imports) get 1.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("initiative", "campaign", "quota", "unit", "council", "score", "document_setting")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("edit_version", sa.Integer(), nullable=False, server_default="1"),
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "edit_version")
