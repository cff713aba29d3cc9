"""Evaluation: the council (hội đồng thẩm định), its members and criteria, the scores, the
dossier problems raised before a decision, the nominations upward, and the office's document
settings (header texts, signer, place, recipients).

Decisions themselves (``Decision``/``DecisionEntry``) live in ``initiatives.py``.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Edited, Travelling, UTCDateTime, enum_column


class DossierIssueKind(enum.StrEnum):
    COMPLAINT = "complaint"  # khiếu nại về nội dung, kết quả
    AUTHORSHIP = "authorship"  # tranh chấp về quyền tác giả


class Council(Edited, Travelling, Base):
    """A council set up by the evaluating office for a campaign (or one of its periods)."""

    __tablename__ = "council"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))  # the evaluating office
    name: Mapped[str] = mapped_column(String(300))
    established_on: Mapped[dt.date | None] = mapped_column(Date)
    # Dossiers received after this day are flagged "late"; None: the period's dossier deadline.
    dossier_due_on: Mapped[dt.date | None] = mapped_column(Date)
    # Recognised from this average score (out of the criteria's total); None: no threshold.
    pass_mark: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))

    members: Mapped[list[CouncilMember]] = relationship(
        back_populates="council", order_by="CouncilMember.seq", cascade="all, delete-orphan"
    )
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="council", order_by="Criterion.seq", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[CouncilReview]] = relationship(
        back_populates="council", cascade="all, delete-orphan"
    )


class CouncilMember(Travelling, Base):
    __tablename__ = "council_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))  # Chủ tịch Hội đồng, Ủy viên…
    workplace: Mapped[str | None] = mapped_column(String(300))

    council: Mapped[Council] = relationship(back_populates="members")


class Criterion(Travelling, Base):
    """A scoring criterion; its weight is the most points a member can give for it."""

    __tablename__ = "criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    max_points: Mapped[int] = mapped_column(Integer)

    council: Mapped[Council] = relationship(back_populates="criteria")


class CouncilReview(Travelling, Base):
    """An initiative the council reviews."""

    __tablename__ = "council_review"
    __table_args__ = (UniqueConstraint("council_id", "initiative_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)

    council: Mapped[Council] = relationship(back_populates="reviews")


class Score(Edited, Travelling, Base):
    """The points one member gives one initiative for one criterion (phiếu chấm điểm)."""

    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("member_id", "initiative_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("council_member.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))


class DossierIssue(Travelling, Base):
    """A complaint about an initiative's content or a dispute about its authorship.

    Open while ``resolved_at`` is None; an open one flags the dossier as invalid.
    """

    __tablename__ = "dossier_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)
    kind: Mapped[DossierIssueKind] = mapped_column(enum_column(DossierIssueKind))
    reason: Mapped[str] = mapped_column(Text)
    raised_on: Mapped[dt.date | None] = mapped_column(Date)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    resolution: Mapped[str | None] = mapped_column(Text)


class Nomination(Travelling, Base):
    """An initiative proposed to the level above (đề nghị cấp trên) by a district-level unit."""

    __tablename__ = "nomination"
    __table_args__ = (UniqueConstraint("campaign_id", "initiative_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)  # nominating unit
    nominated_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class Proposal(Travelling, Base):
    """An initiative a direct upper-level union proposes to the province (đề xuất lên LĐLĐ
    tỉnh), within the campaign's limit per unit: the upper-level union's own record, made
    there and sent up in its bundles (services/evaluation/proposals.py)."""

    __tablename__ = "proposal"
    __table_args__ = (UniqueConstraint("campaign_id", "initiative_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)  # proposing unit
    proposed_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    # A proposal taken back stays as a tombstone so that the withdrawal travels too.
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class DocumentSetting(Edited, Base):
    """The office's printed-document settings (header, signer, place, recipients), by key.

    Kept in the store, not in the PC's settings: they belong to the office.
    """

    __tablename__ = "document_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
