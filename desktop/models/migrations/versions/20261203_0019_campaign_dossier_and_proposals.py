"""Each campaign lists its own dossier papers; a direct upper-level union records its
proposals to the province.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

``campaign.dossier_items`` is the list of papers a dossier of the campaign holds, each
required or optional (``[{"kind", "name", "required"}]``). Every campaign made before gets
the four papers of the recognition plans, the "other documents" optional (seed 000: "Các tài
liệu khác có liên quan để chứng minh (nếu có)"), so no dossier is flagged for lacking them.

``proposal`` holds the initiatives an upper-level union proposes to the province (seed 002:
"Mỗi liên đoàn lao động huyện … đề nghị không quá 02 sáng kiến"); a withdrawn one stays as a
tombstone so that the withdrawal travels.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

DEFAULT_ITEMS = [
    {"kind": "letter", "name": None, "required": True},
    {"kind": "application", "name": None, "required": True},
    {"kind": "description", "name": None, "required": True},
    {"kind": "other", "name": "Tài liệu chứng minh khác (nếu có)", "required": False},
]


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("dossier_items", sa.JSON(), nullable=True))
    campaign = sa.table("campaign", sa.column("dossier_items", sa.JSON()))
    op.execute(campaign.update().values(dossier_items=sa.literal(DEFAULT_ITEMS, sa.JSON())))
    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("origin_office_uid", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_proposal_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"], ["initiative.id"], name=op.f("fk_proposal_initiative_id_initiative")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_proposal_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
        sa.UniqueConstraint("campaign_id", "initiative_id", name=op.f("uq_proposal_campaign_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_proposal_uid")),
    )
    op.create_index(op.f("ix_proposal_initiative_id"), "proposal", ["initiative_id"])
    op.create_index(op.f("ix_proposal_unit_id"), "proposal", ["unit_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_proposal_unit_id"), table_name="proposal")
    op.drop_index(op.f("ix_proposal_initiative_id"), table_name="proposal")
    op.drop_table("proposal")
    # Native DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of ``campaign`` would drop
    # the table that periods, quotas and initiatives reference, which SQLite's foreign keys
    # refuse.
    op.drop_column("campaign", "dossier_items")


