"""A decision issued by mistake is withdrawn by a withdrawal decision.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

A decision is an official paper: it is never edited or deleted. A withdrawal decision (quyết
định thu hồi) is a decision of its own, with its number, date and signer, that names the
decision it withdraws (``withdraws_uid``) and why (``withdrawal_reason``); the withdrawn one
stays in the history. Both columns are empty for every decision made before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("withdraws_uid", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("withdrawal_reason", sa.Text(), nullable=True))
        batch.create_index(batch.f("ix_decision_withdraws_uid"), ["withdraws_uid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_index(batch.f("ix_decision_withdraws_uid"))
        batch.drop_column("withdrawal_reason")
        batch.drop_column("withdraws_uid")
