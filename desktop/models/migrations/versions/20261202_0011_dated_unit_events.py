"""Unit events become the dated tree, and travel: a uid, the writer and its clock, the kinds.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

A unit's events (created, renamed, moved, merged, dissolved, and now reclassified) with their
effective dates say where the unit sat, what it was called and what kind it was on any day;
every figure counts an initiative where its grassroots union sat on the initiative's date
(``services/units/dated.py``). So that offices agree on that history, events travel in bundles
and need a uid; ``version`` is the writer's logical clock (the order of two events of a day).
Existing events get a fresh uid each; the office that recorded them is not known (NULL).
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("unit_event", sa.Column("uid", sa.String(36), nullable=True))
    op.add_column("unit_event", sa.Column("origin_office_uid", sa.String(36), nullable=True))
    op.add_column(
        "unit_event", sa.Column("version", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("unit_event", sa.Column("old_kind", sa.String(24), nullable=True))
    op.add_column("unit_event", sa.Column("new_kind", sa.String(24), nullable=True))
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM unit_event"))]
    for event_id in ids:
        bind.execute(
            sa.text("UPDATE unit_event SET uid = :uid WHERE id = :id"),
            {"uid": str(uuid.uuid4()), "id": event_id},
        )
    with op.batch_alter_table("unit_event") as batch:
        batch.alter_column("uid", existing_type=sa.String(36), nullable=False)
        batch.create_unique_constraint(op.f("uq_unit_event_uid"), ["uid"])


def downgrade() -> None:
    with op.batch_alter_table("unit_event") as batch:
        batch.drop_constraint(op.f("uq_unit_event_uid"), type_="unique")
        for column in ("new_kind", "old_kind", "version", "origin_office_uid", "uid"):
            batch.drop_column(column)
