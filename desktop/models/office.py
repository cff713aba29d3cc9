"""This installation's office, the offices it exchanges with, the sync log and the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UTCDateTime, enum_column, new_uid, utcnow
from desktop.models.enums import SyncDirection


class Office(Base):
    """An office: the local one (``is_local``, holds the key pair) or an enrolled peer."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    name: Mapped[str] = mapped_column(String(300))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    private_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    fingerprint: Mapped[str | None] = mapped_column(String(120))
    # The local office's logical clock: bumped on every change it makes.
    clock: Mapped[int] = mapped_column(Integer, default=0)
    # The local office: how many times its store was restored from a backup. Clock values of
    # epoch ``e`` start at ``e * EPOCH_STRIDE`` (services/sync/restore.py), so a restored
    # store never reissues a value it had already sent before the restore.
    epoch: Mapped[int] = mapped_column(Integer, default=0)
    enrolled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class SyncLogEntry(Base):
    """Every bundle exported or imported, accepted or refused, with its reason."""

    __tablename__ = "sync_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    direction: Mapped[SyncDirection] = mapped_column(enum_column(SyncDirection, 8))
    peer_office_uid: Mapped[str | None] = mapped_column(String(36), index=True)
    peer_name: Mapped[str | None] = mapped_column(String(300))
    sequence: Mapped[int | None] = mapped_column(Integer)
    file_name: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    accepted: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    counts_json: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Who did what and when: every create, change, status move, delete and restore."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    office_uid: Mapped[str | None] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(40))
    entity_uid: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text, default="")
    detail_json: Mapped[str | None] = mapped_column(Text)


class AppMeta(Base):
    """Small facts about the store itself (e.g. whether it holds the demo)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class KeptBooks(Base):
    """This office keeps the books of a unit below it that does not run the program yet: it
    enters that unit's initiatives and quotas as the unit's own office would
    (``services/units/books.py``). One row per spell of keeping; ``ended_at`` None = kept now.

    A spell ends when the office stops keeping (``ended_how = "stopped"``: the books stay
    here, read-only) or hands them over to the unit's own office (``"handed_over"``): from the
    clock value ``ended_version`` on, every bundle to that office carries the books until it
    acknowledges one (``services/sync/handover.py``).
    """

    __tablename__ = "kept_books"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    keeper_office_uid: Mapped[str] = mapped_column(String(36))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_by: Mapped[str] = mapped_column(String(120), default="")
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    ended_by: Mapped[str | None] = mapped_column(String(120))
    ended_how: Mapped[str | None] = mapped_column(String(24))  # stopped | handed_over
    handed_to_office_uid: Mapped[str | None] = mapped_column(String(36))
    ended_version: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
