"""Indexes that serve the progress dashboard (issue 4); no tables of its own.

``ix_initiative_progress`` and ``ix_initiative_timeline`` cover the progress aggregates (counts
per grassroots union and status in a counting window; counts per day for the chart) so that
they never read the wide initiative rows: on 100,000 initiatives, ~40 ms instead of ~400 ms.

The dashboard keeps its counts between refreshes: ``InitiativeCountLog`` (what changed) and
``DashboardMark`` (the tree's version, how far the log was cut), kept by triggers (0024).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, enum_column
from desktop.models.enums import DatePrecision, InitiativeStatus
from desktop.models.initiatives import Initiative

ix_initiative_progress = Index(
    "ix_initiative_progress",
    Initiative.campaign_id,
    Initiative.deleted_at,
    Initiative.unit_id,
    Initiative.status,
    Initiative.applied_on,
    Initiative.applied_precision,  # the first piece's partial dates (migration 0022)
)
# The progress over time (counts per day of the window), also covering.
ix_initiative_timeline = Index(
    "ix_initiative_timeline",
    Initiative.campaign_id,
    Initiative.deleted_at,
    Initiative.applied_on,
    Initiative.unit_id,
    Initiative.applied_precision,
    Initiative.status,  # the inner pieces of a window count by status too (0022)
)


class InitiativeCountLog(Base):
    """One change to the dashboard's counts, written by the store's triggers on ``initiative``
    (migration 0024), whoever writes there: the counted columns of a live initiative as they
    were (``delta`` -1) or as they are now (+1). ``seq`` grows in the order the writes were
    committed (on PostgreSQL the trigger takes a transaction lock first, so a later seq is
    never visible before an earlier one). The progress service applies the rows past the seq
    it last saw to the counts it keeps (``services/campaigns/progress_live.py``)."""

    __tablename__ = "initiative_count_log"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[InitiativeStatus] = mapped_column(enum_column(InitiativeStatus))
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    applied_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_column(DatePrecision, length=8)
    )
    delta: Mapped[int] = mapped_column(Integer)


class DashboardMark(Base):
    """Counters the store's triggers keep (migration 0024): ``tree`` grows with every write to
    a unit or a unit event (the dashboard keeps its dated tree while it stays the same);
    ``compacted`` is the highest seq of ``initiative_count_log`` deleted (counts kept from
    before it are counted again)."""

    __tablename__ = "dashboard_mark"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
