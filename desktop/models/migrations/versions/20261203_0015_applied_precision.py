"""A date of first application known only to the month, the quarter or the year.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

Lists write "tháng 3/2022" or "Quý I/2022" where the form asks for a day. Such a date is kept
as the first day of its span (``applied_on``) with its precision (``applied_precision``:
month, quarter or year); empty, as for every initiative made before, means the day is known.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("initiative") as batch:
        batch.add_column(
            sa.Column(
                "applied_precision",
                sa.Enum(
                    "month", "quarter", "year", name="dateprecision", native_enum=False, length=8
                ),
                nullable=True,
            )
        )


def downgrade() -> None:
    # Native DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy would drop ``initiative``,
    # which authors and dossier items reference, and SQLite's foreign keys refuse that.
    op.drop_column("initiative", "applied_precision")
