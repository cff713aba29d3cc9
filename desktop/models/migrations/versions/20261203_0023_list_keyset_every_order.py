"""The list reads every order but the unit's by key: one index of the live rows per order.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03

The authors, date, benefit and status orders paged by OFFSET (``initiatives/listing.py``):
a page a million rows down sorted or skipped the whole campaign. They now read by key, as
the title order does since 0020, in runs (``listing.RUNS``): the rows with a value by
(value, id), then the blanks by id; the status order one status after another by id. Each
needs the partial index (campaign, column, id) over the live rows.

The indexes those orders had, (campaign, deleted_at, column), no longer serve the list, nor
does (campaign, deleted_at, title_key) that 0020 kept for the bin, nor (campaign, applied_on)
and (status): the dashboard's and the documents' queries go by their own (0022), the bin by the
dashboard's (campaign, deleted_at, …), the councils' and proposals' lists by the live title
index (each checked with EXPLAIN QUERY PLAN). An insert of the Excel import now writes 10
indexes of the initiative instead of 11.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")

NEW = {
    "ix_initiative_list_authors": ["campaign_id", "authors_key", "id"],
    "ix_initiative_list_applied": ["campaign_id", "applied_on", "id"],
    "ix_initiative_list_benefit": ["campaign_id", "benefit_vnd", "id"],
    "ix_initiative_list_status": ["campaign_id", "status", "id"],
}
OLD = {
    "ix_initiative_campaign_title": ["campaign_id", "deleted_at", "title_key"],
    "ix_initiative_campaign_authors": ["campaign_id", "deleted_at", "authors_key"],
    "ix_initiative_campaign_benefit": ["campaign_id", "deleted_at", "benefit_vnd"],
    "ix_initiative_campaign_applied": ["campaign_id", "applied_on"],
    "ix_initiative_status": ["status"],
}


def upgrade() -> None:
    for name in OLD:
        op.drop_index(name, table_name="initiative")
    for name, cols in NEW.items():
        op.create_index(name, "initiative", cols, sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    for name in NEW:
        op.drop_index(name, table_name="initiative")
    for name, cols in OLD.items():
        op.create_index(name, "initiative", cols)
