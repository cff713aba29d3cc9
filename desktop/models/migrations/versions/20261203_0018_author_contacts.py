"""An author's phone and e-mail, as the national portal's form asks for them.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03

Both optional and empty for every author entered before. They are personal data: a bundle
to the office above carries them only when the office chooses so (an office setting kept in
``app_meta``, off by default); a handover of books carries them always.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("author") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("email", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("author", "email")  # native DROP COLUMN (SQLite 3.35+, PostgreSQL)
    op.drop_column("author", "phone")
