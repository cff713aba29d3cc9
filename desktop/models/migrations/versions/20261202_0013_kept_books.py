"""Books an office keeps for a unit below it that does not run the program yet.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

Until now only a unit's own office could enter its initiatives, so a province could not type a
single row of a district that sends its lists by e-mail. ``kept_books`` records each spell of
keeping: which unit, which office keeps it, since when, and how it ended (stopped, or handed
over to the unit's own office once it runs the program: ``services/units/books.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_books",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("keeper_office_uid", sa.String(length=36), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.String(length=120), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=120), nullable=True),
        sa.Column("ended_how", sa.String(length=24), nullable=True),
        sa.Column("handed_to_office_uid", sa.String(length=36), nullable=True),
        sa.Column("ended_version", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_kept_books_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_books")),
        sa.UniqueConstraint("uid", name=op.f("uq_kept_books_uid")),
    )
    with op.batch_alter_table("kept_books") as batch:
        batch.create_index(batch.f("ix_kept_books_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    op.drop_table("kept_books")
