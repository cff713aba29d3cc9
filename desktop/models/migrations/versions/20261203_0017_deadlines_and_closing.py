"""A period's target date and entry deadline, late entries, and closed campaigns.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-03

A plan names a date its target is to be reached by ("phấn đấu đến ngày 20/4/2021") that is
not the counting window, and a moment after which entries close ("tự động đóng sau 24h ngày
20/4/2021"): ``period.target_on`` and ``period.entries_close_at``. An initiative entered after
that moment (the officer's override, an Excel list, a bundle) is kept and flagged
``initiative.entered_late``. A finished campaign is closed (``campaign.closed_at``): its
records are read-only until it is reopened. Every existing row: no deadline, not late, open.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("period", sa.Column("target_on", sa.Date(), nullable=True))
    op.add_column("period", sa.Column("entries_close_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("campaign", sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "initiative",
        sa.Column("entered_late", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # Native DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy would drop tables that
    # other tables reference, which SQLite's foreign keys refuse.
    op.drop_column("initiative", "entered_late")
    op.drop_column("campaign", "closed_at")
    op.drop_column("period", "entries_close_at")
    op.drop_column("period", "target_on")
