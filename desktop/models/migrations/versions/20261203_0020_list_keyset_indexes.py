"""The list's indexes end with the id: a page is read by key off the index alone.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03

The list orders by title then id (``initiatives/listing.py``) and reads each page after the
last key of the page above. With the id in the index, PostgreSQL reads both that keyset page
and a jump's skipped rows from the index (an index-only scan); without it, it sorted the whole
campaign for a page 50,000 rows down (113 ms at 100,000). The entry order (``id``) gets its own
index for the same reason. SQLite keeps the row id in every index already, so there this only
renames; downgrade restores the old index on both.
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_initiative_list_title", "initiative", ["campaign_id", "deleted_at", "title_key", "id"]
    )
    op.create_index("ix_initiative_list_entered", "initiative", ["campaign_id", "deleted_at", "id"])
    op.drop_index("ix_initiative_campaign_title", table_name="initiative")


def downgrade() -> None:
    op.create_index(
        "ix_initiative_campaign_title", "initiative", ["campaign_id", "deleted_at", "title_key"]
    )
    op.drop_index("ix_initiative_list_entered", table_name="initiative")
    op.drop_index("ix_initiative_list_title", table_name="initiative")
