"""Schema for issue #3 (initiatives entry and excel).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

The revisions of the issues built in parallel form one fixed chain (0002 issue 3, 0003 issue 5,
0004 issue 6, 0005 issue 4) so that they never make two heads; each issue fills in its own.
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
