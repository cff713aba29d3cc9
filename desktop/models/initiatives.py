"""Initiatives, their authors, dossier items and the decisions taken on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import (
    Base,
    Edited,
    PartialIndex,
    SortKey,
    Travelling,
    UTCDateTime,
    enum_column,
)
from desktop.models.enums import AuthorKind, DatePrecision, DossierKind, InitiativeStatus, Sector


class Initiative(Edited, Travelling, Base):
    """A sáng kiến. Deleting sets ``deleted_at`` (a tombstone that can travel and be undone)."""

    __tablename__ = "initiative"
    __table_args__ = (
        # The list's orders over the live rows, the id last: each page is read by key off
        # its index, on PostgreSQL too (migrations 0020, 0023; ``listing.RUNS``).
        PartialIndex(
            "ix_initiative_list_title",
            "campaign_id",
            "title_key",
            "id",
            where=text("deleted_at IS NULL"),
        ),
        PartialIndex(
            "ix_initiative_list_entered",
            "campaign_id",
            "id",
            where=text("deleted_at IS NULL"),
        ),
        PartialIndex(
            "ix_initiative_list_authors",
            "campaign_id",
            "authors_key",
            "id",
            where=text("deleted_at IS NULL"),
        ),
        PartialIndex(
            "ix_initiative_list_applied",
            "campaign_id",
            "applied_on",
            "id",
            where=text("deleted_at IS NULL"),
        ),
        PartialIndex(
            "ix_initiative_list_benefit",
            "campaign_id",
            "benefit_vnd",
            "id",
            where=text("deleted_at IS NULL"),
        ),
        PartialIndex(
            "ix_initiative_list_status",
            "campaign_id",
            "status",
            "id",
            where=text("deleted_at IS NULL"),
        ),
        Index("ix_initiative_unit", "unit_id", "campaign_id"),
        # The list's cached count is stamped with the latest change (max over the index,
        # migration 0021): another PC's edit makes it count again.
        Index("ix_initiative_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))  # the grassroots union
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field.id"))
    sector: Mapped[Sector | None] = mapped_column(enum_column(Sector))
    title: Mapped[str] = mapped_column(String(1000))
    author_kind: Mapped[AuthorKind] = mapped_column(
        enum_column(AuthorKind), default=AuthorKind.PERSON
    )
    description: Mapped[str] = mapped_column(Text, default="")
    benefit_vnd: Mapped[int | None] = mapped_column(BigInteger)
    benefit_note: Mapped[str | None] = mapped_column(Text)
    applied_on: Mapped[dt.date | None] = mapped_column(Date)  # first application or trial
    # A date of first application known only to the month, quarter or year ("03/2022", "Quý
    # I/2022") is kept as its first day with this precision; empty: known to the day. It counts
    # in a window that any part of it falls in (services/campaigns/windows.py).
    applied_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_column(DatePrecision, length=8)
    )
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[InitiativeStatus] = mapped_column(
        enum_column(InitiativeStatus), default=InitiativeStatus.REGISTERED
    )
    # The province's logical version of the status it last set (None: the province has not
    # set one yet, so the district's registration steps decide it). See services/rules/ownership.py.
    status_version: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Entered after its period's entry deadline (nhập sau hạn): typed with the officer's
    # override, or received in an Excel list or a bundle (services/campaigns/deadlines.py).
    entered_late: Mapped[bool] = mapped_column(Boolean, default=False)
    # Derived columns kept for fast lists: display text of the authors, the search key
    # (title + authors, folded without diacritics) and Vietnamese collation keys.
    authors_text: Mapped[str] = mapped_column(String(1000), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    title_key: Mapped[str] = mapped_column(SortKey(3000, keep=2000), default="")
    authors_key: Mapped[str] = mapped_column(SortKey(1000), default="")

    authors: Mapped[list[Author]] = relationship(
        back_populates="initiative", order_by="Author.seq", cascade="all, delete-orphan"
    )
    dossier_items: Mapped[list[DossierItem]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan"
    )


class Author(Travelling, Base):
    __tablename__ = "author"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(SortKey(1000), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    job_title: Mapped[str | None] = mapped_column(String(200))  # chức vụ
    workplace: Mapped[str | None] = mapped_column(String(300))
    qualification: Mapped[str | None] = mapped_column(String(200))
    is_member: Mapped[bool] = mapped_column(Boolean, default=True)  # đoàn viên công đoàn
    contribution_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(100))
    # The national portal's form asks for them (optional). Personal data: they go to the
    # office above only when this office chooses so (services/initiatives/contacts.py).
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))

    initiative: Mapped[Initiative] = relationship(back_populates="authors")


class DossierItem(Travelling, Base):
    __tablename__ = "dossier_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DossierKind] = mapped_column(enum_column(DossierKind))
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    initiative: Mapped[Initiative] = relationship(back_populates="dossier_items")


class Decision(Travelling, Base):
    """A recognition decision (quyết định công nhận): number, date, signer, many initiatives."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"))
    issuer_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    number: Mapped[str] = mapped_column(String(60))
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_title: Mapped[str | None] = mapped_column(String(200))
    # A withdrawal decision (quyết định thu hồi) names the decision it withdraws, and why; the
    # withdrawn decision stays as it was, in the history (services/evaluation/decisions.py).
    withdraws_uid: Mapped[str | None] = mapped_column(String(36), index=True)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)

    entries: Mapped[list[DecisionEntry]] = relationship(
        back_populates="decision", cascade="all, delete-orphan"
    )


class DecisionEntry(Travelling, Base):
    """One initiative in a decision: recognised, or declined with a reason."""

    __tablename__ = "decision_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)
    recognised: Mapped[bool] = mapped_column(Boolean, default=True)
    reason: Mapped[str | None] = mapped_column(Text)

    decision: Mapped[Decision] = relationship(back_populates="entries")
