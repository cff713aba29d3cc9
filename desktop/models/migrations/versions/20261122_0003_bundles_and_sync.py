"""Schema for issue #5 (bundles and sync).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

The revisions of the issues built in parallel form one fixed chain (0002 issue 3, 0003 issue 5,
0004 issue 6, 0005 issue 4) so that they never make two heads; each issue fills in its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_peer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_uid", sa.String(length=36), nullable=False),
        sa.Column("next_sequence", sa.Integer(), nullable=False),
        sa.Column("acked_clock", sa.Integer(), nullable=False),
        sa.Column("received_clock", sa.Integer(), nullable=False),
        sa.Column("last_sequence_in", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_peer")),
        sa.UniqueConstraint("office_uid", name=op.f("uq_sync_peer_office_uid")),
    )
    op.create_table(
        "sync_received",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_office_uid", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("since_clock", sa.Integer(), nullable=False),
        sa.Column("upto_clock", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_received")),
        sa.UniqueConstraint(
            "sender_office_uid", "sequence", name=op.f("uq_sync_received_sender_office_uid")
        ),
    )
    op.create_table(
        "sync_stamp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("grp", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("office_uid", sa.String(length=36), nullable=False),
        sa.Column("local_clock", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_stamp")),
        sa.UniqueConstraint("entity", "uid", "grp", name=op.f("uq_sync_stamp_entity")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_uid", sa.String(length=36), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("decided_version", sa.Integer(), nullable=False),
        sa.Column("content_version", sa.Integer(), nullable=False),
        sa.Column("decided_json", sa.Text(), nullable=True),
        sa.Column("current_json", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_conflict_initiative_uid"), ["initiative_uid"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflict_initiative_uid"))
    op.drop_table("sync_conflict")
    op.drop_table("sync_stamp")
    op.drop_table("sync_received")
    op.drop_table("sync_peer")
