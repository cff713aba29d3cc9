"""An initiative's status has two writers: the district's registration steps, then the province.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

``initiative.status_version`` is the province's logical version of the status it last set;
NULL means the province has not set one yet and the district's registration steps decide the
status (services/rules/ownership.py). Existing stores are filled from what they already know: a
district from the status stamps of the bundles it imported, a province from every status past
the registration steps and every initiative named in a decision.

A plain ADD COLUMN (no batch rebuild), so the search triggers on ``initiative`` stay in place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("initiative", sa.Column("status_version", sa.Integer(), nullable=True))
    # A district: the province's versions of the statuses it received.
    op.execute(
        "UPDATE initiative SET status_version = (SELECT s.version FROM sync_stamp s "
        "WHERE s.entity = 'initiative' AND s.grp = 'status' AND s.uid = initiative.uid)"
    )
    # A province: what it decided itself (statuses past the registration steps, decisions).
    op.execute(
        "UPDATE initiative SET status_version = version "
        "WHERE status_version IS NULL "
        "AND EXISTS (SELECT 1 FROM office o JOIN unit u ON u.id = o.unit_id "
        "WHERE o.is_local AND u.kind = 'province') "
        "AND (status NOT IN ('registered', 'dossier_sent') "
        "OR id IN (SELECT initiative_id FROM decision_entry))"
    )


def downgrade() -> None:
    op.drop_column("initiative", "status_version")
