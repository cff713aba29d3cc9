"""What an office remembers about bundles: per-peer counters, received bundles, the version
of every field group it holds from another office, and the conflicts it has shown.

See ``desktop/services/sync/__init__.py`` for the design these tables serve.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UTCDateTime, new_uid, utcnow


class SyncPeer(Base):
    """The sync state between this office and one enrolled peer office.

    ``next_sequence`` numbers the bundles sent to the peer (1, 2, 3…); ``acked_clock`` is the
    value of OUR clock up to which the peer confirmed it holds everything (the next bundle
    carries every change after it); ``received_clock`` is the value of THE PEER's clock up to
    which we hold everything it sent, without a gap (sent back to it as its acknowledgement).
    """

    __tablename__ = "sync_peer"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_uid: Mapped[str] = mapped_column(String(36), unique=True)
    next_sequence: Mapped[int] = mapped_column(Integer, default=1)
    acked_clock: Mapped[int] = mapped_column(Integer, default=0)
    received_clock: Mapped[int] = mapped_column(Integer, default=0)
    last_sequence_in: Mapped[int] = mapped_column(Integer, default=0)
    # Re-enrolment after a lost PC: how many times the peer's key was replaced.
    epoch: Mapped[int] = mapped_column(Integer, default=0)
    # What the peer runs, from the last bundle imported from it (docs/bundle-format.md): the
    # bundle format it writes (so reads), and its program version (None: 0.1.0 or older).
    format_version: Mapped[int | None] = mapped_column(Integer)
    format_minor: Mapped[int | None] = mapped_column(Integer)
    program_version: Mapped[str | None] = mapped_column(String(40))
    last_import_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The newest bundle format major the peer says it reads (None: it has not said): from 2
    # on, bundles to it are sealed for it (docs/bundle-format.md).
    reads_major: Mapped[int | None] = mapped_column(Integer)
    # The peer's restore epoch (``Office.epoch`` over there) seen in its newest bundles; a
    # greater one means the peer was restored from a backup (services/sync/restore.py).
    peer_epoch: Mapped[int] = mapped_column(Integer, default=0)
    # Which restore made that epoch (a random id): the same backup restored twice on two new
    # disks gives the same epoch number, and the second is told apart and refused.
    peer_incarnation: Mapped[str | None] = mapped_column(String(36))
    # The peer was restored: every bundle to it is full and returns the records it owns that
    # this office holds, until the peer says it has received such a re-send.
    owes_resend: Mapped[bool] = mapped_column(Boolean, default=False)
    # THIS office was restored: it waits for the peer's full re-send.
    awaiting_resend: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncReceived(Base):
    """A bundle accepted from a peer: its sequence number and the digest of its bytes.

    Sequence numbers count per restore epoch of the sender: a restored office numbers its
    bundles afresh in its new epoch, and those never collide with the ones it sent before."""

    __tablename__ = "sync_received"
    __table_args__ = (UniqueConstraint("sender_office_uid", "epoch", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_office_uid: Mapped[str] = mapped_column(String(36))
    epoch: Mapped[int] = mapped_column(Integer, default=0)
    sequence: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    since_clock: Mapped[int] = mapped_column(Integer)
    upto_clock: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SyncStamp(Base):
    """The owner's version of one field group of one record held here.

    ``version`` is the OWNER's logical clock when it last changed the group; an incoming value
    replaces the held one only when its version is greater (a last-writer-wins register with a
    single writer, so order and repetition of bundles do not matter). ``local_clock`` is this
    office's clock when the value was applied (orders it against local decisions).
    """

    __tablename__ = "sync_stamp"
    __table_args__ = (UniqueConstraint("entity", "uid", "grp"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    uid: Mapped[str] = mapped_column(String(36))
    grp: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    # Whose clock ``version`` counts: a re-enrolled office (new PC, new clock) starts afresh.
    office_uid: Mapped[str] = mapped_column(String(36))
    local_clock: Mapped[int] = mapped_column(Integer, default=0)


class SyncConflict(Base):
    """ "The content changed after the decision was taken": shown side by side, never merged."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_uid: Mapped[str] = mapped_column(String(36), index=True)
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(24))
    decided_version: Mapped[int] = mapped_column(Integer)  # content version decided upon
    content_version: Mapped[int] = mapped_column(Integer)  # content version now held
    decided_json: Mapped[str | None] = mapped_column(Text)  # the content that was decided on
    current_json: Mapped[str | None] = mapped_column(Text)  # the content now
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class MovedEdit(Base):
    """An edit the old office made to an initiative of a grassroots union before it learnt
    that the province had moved the union to another office: not dropped, but kept and
    passed to the new owner, who accepts it (it becomes the owner's own edit) or rejects it.

    Recorded by the province when the late edit arrives (``from_office_uid``: the old office),
    sent to the office of the union's new upper-level union, resolved there; the outcome goes
    back up. ``content_json`` is the content the old office sent (``payload.content_of``);
    ``version`` the logical clock of the last office that wrote the row.
    """

    __tablename__ = "moved_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    initiative_uid: Mapped[str] = mapped_column(String(36), index=True)
    from_office_uid: Mapped[str] = mapped_column(String(36))
    from_office_name: Mapped[str] = mapped_column(String(300))
    content_json: Mapped[str] = mapped_column(Text)
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(24))  # accepted | rejected
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    resolved_by: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=0)
