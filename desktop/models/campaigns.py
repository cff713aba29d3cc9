"""Campaigns, their periods (phases or years), deadlines, fields, participants and quotas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Edited, PartialIndex, Travelling, UTCDateTime

campaign_unit = Table(
    "campaign_unit",
    Base.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id"), primary_key=True),
)


class Campaign(Edited, Travelling, Base):
    """A competition movement (phong trào thi đua) run under an issuing plan."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    plan_number: Mapped[str | None] = mapped_column(String(60))
    plan_date: Mapped[dt.date | None] = mapped_column(Date)
    plan_issuer: Mapped[str | None] = mapped_column(String(300))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    nomination_limit: Mapped[int | None] = mapped_column(Integer)
    min_per_grassroots: Mapped[int | None] = mapped_column(Integer)
    description_limit: Mapped[int] = mapped_column(Integer, default=1000)
    notes: Mapped[str | None] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # Closed (khoá sổ) when finished: its initiatives, quotas and evaluation are read-only
    # until it is reopened (services/campaigns/closing.py). Travels with the campaign.
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The papers of a dossier in this campaign, in order: [{"kind", "name", "required"}]
    # (services/campaigns/dossier_items.py); None: the four of the recognition plans.
    dossier_items: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    periods: Mapped[list[Period]] = relationship(
        back_populates="campaign", order_by="Period.seq", cascade="all, delete-orphan"
    )
    fields: Mapped[list[Field]] = relationship(
        back_populates="campaign", order_by="Field.seq", cascade="all, delete-orphan"
    )
    units = relationship("Unit", secondary=campaign_unit)


class Period(Travelling, Base):
    """A phase or a year of a campaign, with its counting window and deadlines."""

    __tablename__ = "period"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    count_from: Mapped[dt.date | None] = mapped_column(Date)
    count_to: Mapped[dt.date | None] = mapped_column(Date)
    # The date the plan's target is to be reached by ("Phấn đấu đến ngày 20/4/2021"), which
    # need not be the counting window; and the moment entries close (the portal "tự động đóng
    # sau 24h ngày 20/4/2021"): later entries are refused in the window unless the officer
    # overrides, and flagged "nhập sau hạn" (services/campaigns/deadlines.py).
    target_on: Mapped[dt.date | None] = mapped_column(Date)
    entries_close_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    campaign: Mapped[Campaign] = relationship(back_populates="periods")
    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="period", order_by="Deadline.due_on", cascade="all, delete-orphan"
    )


class Deadline(Travelling, Base):
    __tablename__ = "deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[dt.date] = mapped_column(Date)

    period: Mapped[Period] = relationship(back_populates="deadlines")


class Field(Travelling, Base):
    """A field (lĩnh vực) that counts in a campaign."""

    __tablename__ = "field"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))

    campaign: Mapped[Campaign] = relationship(back_populates="fields")


class Quota(Edited, Travelling, Base):
    """Unit × period → number. ``period_id`` NULL is the quota for the whole campaign."""

    __tablename__ = "quota"
    __table_args__ = (
        PartialIndex(
            "uq_quota_unit_period",
            "unit_id",
            "period_id",
            unique=True,
            where=Column("period_id").isnot(None),
        ),
        PartialIndex(
            "uq_quota_unit_whole",
            "unit_id",
            "campaign_id",
            unique=True,
            where=Column("period_id").is_(None),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"))
    target: Mapped[int] = mapped_column(Integer)
