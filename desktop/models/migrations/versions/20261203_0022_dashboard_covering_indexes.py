"""The dashboard's indexes cover its counts again: with the date's precision, and the status.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03

The first piece of a counting window also takes the dates known only to the month, quarter or
year that reach into it (``campaigns/windows.counted_in`` reads ``applied_precision``), and the
inner pieces of a window cut at the tree's change days count by status over a range of dates.
Neither index of 0005 held the column its query needed, so each read the wide row of every
initiative: at 100,000 initiatives the count by union took ~800 ms instead of ~60 ms. The
progress index gains the precision, the timeline index the precision and the status.
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

PROGRESS = ["campaign_id", "deleted_at", "unit_id", "status", "applied_on"]
TIMELINE = ["campaign_id", "deleted_at", "applied_on", "unit_id"]


def _indexes(progress: list[str], timeline: list[str]) -> None:
    op.drop_index("ix_initiative_progress", table_name="initiative")
    op.drop_index("ix_initiative_timeline", table_name="initiative")
    op.create_index("ix_initiative_progress", "initiative", progress)
    op.create_index("ix_initiative_timeline", "initiative", timeline)


def upgrade() -> None:
    _indexes([*PROGRESS, "applied_precision"], [*TIMELINE, "applied_precision", "status"])


def downgrade() -> None:
    _indexes(PROGRESS, TIMELINE)
