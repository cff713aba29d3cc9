"""Which bundle format each peer reads, so bundles to it are sealed once it can open them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

``sync_peer.reads_major`` is the newest bundle format major the peer's last bundle said its
program reads (NULL: it has not said; such a peer gets format 1, unsealed). From major 2 the
data of a bundle is encrypted for its recipient (services/sync/seal.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_peer", sa.Column("reads_major", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_peer") as batch:
        batch.drop_column("reads_major")
