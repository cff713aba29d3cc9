"""Schema for issue #4 (campaigns quotas dashboard).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

The revisions of the issues built in parallel form one fixed chain (0002 issue 3, 0003 issue 5,
0004 issue 6, 0005 issue 4) so that they never make two heads; each issue fills in its own.
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A covering index for the progress aggregate (desktop/models/dashboard.py).
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.create_index(
            "ix_initiative_progress",
            ["campaign_id", "deleted_at", "unit_id", "status", "applied_on"],
            unique=False,
        )
        batch_op.create_index(
            "ix_initiative_timeline",
            ["campaign_id", "deleted_at", "applied_on", "unit_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.drop_index("ix_initiative_timeline")
        batch_op.drop_index("ix_initiative_progress")
