"""Schema for issue #6 (evaluation and documents).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

The revisions of the issues built in parallel form one fixed chain (0002 issue 3, 0003 issue 5,
0004 issue 6, 0005 issue 4) so that they never make two heads; each issue fills in its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_document_setting")),
    )
    op.create_table(
        "council",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column("dossier_due_on", sa.Date(), nullable=True),
        sa.Column("pass_mark", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("origin_office_uid", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_council_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_council_period_id_period")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_council_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council")),
        sa.UniqueConstraint("uid", name=op.f("uq_council_uid")),
    )
    op.create_index(op.f("ix_council_campaign_id"), "council", ["campaign_id"], unique=False)
    op.create_table(
        "council_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("workplace", sa.String(length=300), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("origin_office_uid", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["council.id"],
            name=op.f("fk_council_member_council_id_council"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_member")),
        sa.UniqueConstraint("uid", name=op.f("uq_council_member_uid")),
    )
    op.create_index(
        op.f("ix_council_member_council_id"), "council_member", ["council_id"], unique=False
    )
    op.create_table(
        "council_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("origin_office_uid", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["council.id"],
            name=op.f("fk_council_review_council_id_council"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_council_review_initiative_id_initiative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_review")),
        sa.UniqueConstraint(
            "council_id", "initiative_id", name=op.f("uq_council_review_council_id")
        ),
        sa.UniqueConstraint("uid", name=op.f("uq_council_review_uid")),
    )
    op.create_index(
        op.f("ix_council_review_initiative_id"), "council_review", ["initiative_id"], unique=False
    )
    op.create_table(
        "criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("max_points", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("origin_office_uid", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["council.id"],
            name=op.f("fk_criterion_council_id_council"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion")),
        sa.UniqueConstraint("uid", name=op.f("uq_criterion_uid")),
    )
    op.create_index(op.f("ix_criterion_council_id"), "criterion", ["council_id"], unique=False)
    op.create_table(
        "dossier_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "complaint", "authorship", name="dossierissuekind", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("origin_office_uid", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_dossier_issue_initiative_id_initiative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_issue")),
        sa.UniqueConstraint("uid", name=op.f("uq_dossier_issue_uid")),
    )
    op.create_index(
        op.f("ix_dossier_issue_initiative_id"), "dossier_issue", ["initiative_id"], unique=False
    )
    op.create_table(
        "nomination",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("nominated_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("origin_office_uid", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_nomination_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_nomination_initiative_id_initiative"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_nomination_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination")),
        sa.UniqueConstraint("campaign_id", "initiative_id", name=op.f("uq_nomination_campaign_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_nomination_uid")),
    )
    op.create_index(
        op.f("ix_nomination_initiative_id"), "nomination", ["initiative_id"], unique=False
    )
    op.create_index(op.f("ix_nomination_unit_id"), "nomination", ["unit_id"], unique=False)
    op.create_table(
        "score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("origin_office_uid", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_score_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"], ["initiative.id"], name=op.f("fk_score_initiative_id_initiative")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["council_member.id"],
            name=op.f("fk_score_member_id_council_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score")),
        sa.UniqueConstraint(
            "member_id", "initiative_id", "criterion_id", name=op.f("uq_score_member_id")
        ),
        sa.UniqueConstraint("uid", name=op.f("uq_score_uid")),
    )
    op.create_index(op.f("ix_score_initiative_id"), "score", ["initiative_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_score_initiative_id"), table_name="score")
    op.drop_table("score")
    op.drop_index(op.f("ix_nomination_unit_id"), table_name="nomination")
    op.drop_index(op.f("ix_nomination_initiative_id"), table_name="nomination")
    op.drop_table("nomination")
    op.drop_index(op.f("ix_dossier_issue_initiative_id"), table_name="dossier_issue")
    op.drop_table("dossier_issue")
    op.drop_index(op.f("ix_criterion_council_id"), table_name="criterion")
    op.drop_table("criterion")
    op.drop_index(op.f("ix_council_review_initiative_id"), table_name="council_review")
    op.drop_table("council_review")
    op.drop_index(op.f("ix_council_member_council_id"), table_name="council_member")
    op.drop_table("council_member")
    op.drop_index(op.f("ix_council_campaign_id"), table_name="council")
    op.drop_table("council")
    op.drop_table("document_setting")
