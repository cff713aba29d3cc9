"""Restore epochs: a restored store never reissues a clock value or a sequence number.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

``office.epoch`` counts how many times the local store was restored from a backup (its clock
values then start above every value it could have sent before: docs/restore-and-epochs.md).
``sync_received.epoch`` is the sender's epoch of a bundle: sequence numbers count per epoch, so
the unique key becomes (sender, epoch, sequence). ``sync_peer`` keeps the peer's epoch (and the random id of the restore that made it), whether
this office owes it a full re-send (``owes_resend``) and whether it waits for one
(``awaiting_resend``). Existing rows are epoch 0, as every store was before restores counted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("office", sa.Column("epoch", sa.Integer(), nullable=False, server_default="0"))
    op.add_column(
        "sync_peer", sa.Column("peer_epoch", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("sync_peer", sa.Column("peer_incarnation", sa.String(length=36)))
    op.add_column(
        "sync_peer",
        sa.Column("owes_resend", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "sync_peer",
        sa.Column("awaiting_resend", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    with op.batch_alter_table("sync_received", recreate="always") as batch:
        batch.add_column(sa.Column("epoch", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_constraint("uq_sync_received_sender_office_uid", type_="unique")
        batch.create_unique_constraint(
            "uq_sync_received_sender_office_uid", ["sender_office_uid", "epoch", "sequence"]
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_received", recreate="always") as batch:
        batch.drop_constraint("uq_sync_received_sender_office_uid", type_="unique")
        batch.create_unique_constraint(
            "uq_sync_received_sender_office_uid", ["sender_office_uid", "sequence"]
        )
        batch.drop_column("epoch")
    op.drop_column("sync_peer", "awaiting_resend")
    op.drop_column("sync_peer", "owes_resend")
    op.drop_column("sync_peer", "peer_incarnation")
    op.drop_column("sync_peer", "peer_epoch")
    op.drop_column("office", "epoch")
