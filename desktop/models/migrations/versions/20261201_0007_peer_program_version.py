"""What each peer office runs: the bundle format and program version of its last bundle.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

``sync_peer.format_version`` / ``format_minor`` are the bundle format of the last bundle
imported from the peer (a bundle to it is written in a format it reads, docs/bundle-format.md);
``program_version`` is the Sổ Sáng Kiến version that made it (NULL: program 0.1.0 and older
did not say), so the province sees which offices still run an old version. Existing stores
start with NULL: the next bundle from each peer fills them in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_peer", sa.Column("format_version", sa.Integer(), nullable=True))
    op.add_column("sync_peer", sa.Column("format_minor", sa.Integer(), nullable=True))
    op.add_column("sync_peer", sa.Column("program_version", sa.String(40), nullable=True))
    op.add_column("sync_peer", sa.Column("last_import_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_peer") as batch:
        for name in ("last_import_at", "program_version", "format_minor", "format_version"):
            batch.drop_column(name)
