"""Schema for issue #3 (initiatives entry and excel).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

The revisions of the issues built in parallel form one fixed chain (0002 issue 3, 0003 issue 5,
0004 issue 6, 0005 issue 4) so that they never make two heads; each issue fills in its own.

Adds ``initiative_search`` (a narrow copy of the folded search text, for search without
diacritics over 100,000 initiatives in a few milliseconds), the triggers that keep it in step
with ``initiative`` on SQLite and PostgreSQL, and two indexes for the list's sort orders.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER tr_initiative_search_insert AFTER INSERT ON initiative BEGIN
        INSERT OR REPLACE INTO initiative_search (initiative_id, campaign_id, text)
        VALUES (new.id, new.campaign_id, new.search_text);
    END""",
    """CREATE TRIGGER tr_initiative_search_update
        AFTER UPDATE OF search_text, campaign_id ON initiative BEGIN
        UPDATE initiative_search SET campaign_id = new.campaign_id, text = new.search_text
        WHERE initiative_id = new.id;
    END""",
    """CREATE TRIGGER tr_initiative_search_delete AFTER DELETE ON initiative BEGIN
        DELETE FROM initiative_search WHERE initiative_id = old.id;
    END""",
)

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION initiative_search_sync() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM initiative_search WHERE initiative_id = OLD.id;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO initiative_search (initiative_id, campaign_id, text)
        VALUES (NEW.id, NEW.campaign_id, NEW.search_text)
        ON CONFLICT (initiative_id) DO UPDATE
        SET campaign_id = EXCLUDED.campaign_id, text = EXCLUDED.text;
    ELSIF NEW.search_text IS DISTINCT FROM OLD.search_text
        OR NEW.campaign_id IS DISTINCT FROM OLD.campaign_id THEN
        UPDATE initiative_search SET campaign_id = NEW.campaign_id, text = NEW.search_text
        WHERE initiative_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
_PG_TRIGGER = """
CREATE TRIGGER tr_initiative_search AFTER INSERT OR UPDATE OR DELETE ON initiative
FOR EACH ROW EXECUTE FUNCTION initiative_search_sync()
"""


def upgrade() -> None:
    op.create_table(
        "initiative_search",
        sa.Column("initiative_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("initiative_id", name=op.f("pk_initiative_search")),
    )
    op.execute(
        "INSERT INTO initiative_search (initiative_id, campaign_id, text) "
        "SELECT id, campaign_id, search_text FROM initiative"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    else:
        for ddl in _SQLITE_TRIGGERS:
            op.execute(ddl)
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.create_index(
            "ix_initiative_campaign_authors",
            ["campaign_id", "deleted_at", "authors_key"],
            unique=False,
        )
        batch_op.create_index(
            "ix_initiative_campaign_benefit",
            ["campaign_id", "deleted_at", "benefit_vnd"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.drop_index("ix_initiative_campaign_benefit")
        batch_op.drop_index("ix_initiative_campaign_authors")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tr_initiative_search ON initiative")
        op.execute("DROP FUNCTION IF EXISTS initiative_search_sync()")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS tr_initiative_search_{name}")
    op.drop_table("initiative_search")
