"""Units of the union hierarchy and the history of their renames, moves and merges."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import (
    Base,
    Edited,
    SortKey,
    Travelling,
    UTCDateTime,
    enum_column,
    new_uid,
    utcnow,
)
from desktop.models.enums import Sector, UnitEventKind, UnitKind


class Unit(Edited, Travelling, Base):
    """Any node of the hierarchy. Kept as dated data: never deleted, closed by ``valid_to``."""

    __tablename__ = "unit"
    __table_args__ = (Index("ix_unit_parent_kind", "parent_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    sector: Mapped[Sector | None] = mapped_column(enum_column(Sector))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    # Search key without diacritics, and the Vietnamese collation key (see desktop.text).
    name_folded: Mapped[str] = mapped_column(String(300), index=True)
    name_key: Mapped[str] = mapped_column(SortKey(1000))

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")


class UnitEvent(Base):
    """One change in a unit's life: created, renamed, reclassified, moved, merged into another,
    dissolved, each with the date it took effect (``on_date``; None: since always).

    The events are the dated tree (``services/units/dated.py``): where a unit sat, what it was
    called and what kind it was on any day. They are facts, written once by the office that
    made the change and never edited; ``uid`` names one everywhere, ``version`` is the logical
    clock of its writer when it was recorded (the order of two events of one day).
    """

    __tablename__ = "unit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    origin_office_uid: Mapped[str | None] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer, default=0)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    kind: Mapped[UnitEventKind] = mapped_column(enum_column(UnitEventKind))
    on_date: Mapped[dt.date | None] = mapped_column(Date)
    old_name: Mapped[str | None] = mapped_column(String(300))
    new_name: Mapped[str | None] = mapped_column(String(300))
    old_parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    new_parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    other_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    old_kind: Mapped[UnitKind | None] = mapped_column(enum_column(UnitKind))
    new_kind: Mapped[UnitKind | None] = mapped_column(enum_column(UnitKind))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    seq: Mapped[int] = mapped_column(Integer, default=0)
