"""Edits an old office made to a moved union's initiatives, kept for the new owner.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

When the province moves a grassroots union to another office, an edit its old office made
before it learnt of the move reaches the province late. It is no longer "ignored": the
province keeps it in ``moved_edit`` and passes it to the new owner, who accepts or rejects
it; the outcome goes back up (``services/sync/moved_edits.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "moved_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("initiative_uid", sa.String(length=36), nullable=False),
        sa.Column("from_office_uid", sa.String(length=36), nullable=False),
        sa.Column("from_office_name", sa.String(length=300), nullable=False),
        sa.Column("content_json", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=300), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moved_edit")),
        sa.UniqueConstraint("uid", name=op.f("uq_moved_edit_uid")),
    )
    with op.batch_alter_table("moved_edit") as batch:
        batch.create_index(
            batch.f("ix_moved_edit_initiative_uid"), ["initiative_uid"], unique=False
        )


def downgrade() -> None:
    op.drop_table("moved_edit")
