"""Small pieces every service shares: the logical clock, the audit trail, errors."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop.models import AuditEntry, Edited, Office, SyncDirection, SyncLogEntry, Travelling


class ServiceError(Exception):
    """An error a person caused or can fix; ``str(exc)`` is a Vietnamese message for them."""


class NotFound(ServiceError):
    pass


class ValidationFailed(ServiceError):
    """Input that cannot be saved; ``issues`` says which field and why."""

    def __init__(self, issues: list[Any]) -> None:
        self.issues = issues
        super().__init__("; ".join(i.message for i in issues))


class EditConflict(ServiceError):
    """The record changed since the window loaded it: the save is refused, nothing overwritten.

    ``who`` is the OS user of the audit entry of the last change (with ``by_import``: the
    office whose bundle changed it; imports write no audit entry per record), ``when`` its
    time (aware, UTC). Either may be None when the store does not know. The window offers
    to reload.
    """

    def __init__(
        self,
        noun: str,
        who: str | None,
        when: dt.datetime | None,
        current_version: int | None = None,
        by_import: bool = False,
        what: str = "",
    ) -> None:
        self.noun = noun
        self.who = who
        self.when = when
        self.current_version = current_version
        self.by_import = by_import
        at = f" lúc {when_text(when)}" if when else ""
        head = f"{noun[:1].upper()}{noun[1:]}"
        if by_import:
            source = f"gói dữ liệu của {who}" if who else "một gói dữ liệu"
            said = f"{head} vừa được cập nhật từ {source} nhập vào{at}"
        else:
            by = f" {who}" if who else ""
            said = f"{head} vừa được{by} sửa{at}"
        # ``what``: which parts changed (the cells of a grid), one per line.
        lines = [f"{said} (sau khi cửa sổ này được mở)."]
        if what:
            lines.append(what)
        lines.append(
            "Bản đang sửa chưa được lưu, để không ghi đè thay đổi đó. "
            "Hãy tải lại để xem bản mới nhất rồi sửa lại."
        )
        super().__init__("\n".join(lines))


def when_text(when: dt.datetime) -> str:
    """A time as the officer reads it: the PC's local time, hh:mm ngày dd/mm/yyyy."""
    local = when.astimezone()
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def last_change(
    s: Session, entity: str, entity_uid: str | None, updated_at: dt.datetime | None = None
) -> tuple[str | None, dt.datetime | None, bool]:
    """Who changed a record last, when, and whether a bundle import did: its newest audit
    entry, or an import when the row's ``updated_at`` is clearly newer than that entry."""
    entry = None
    if entity_uid:
        entry = s.scalar(
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_uid == entity_uid)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(1)
        )
    if entry is None:
        return None, updated_at, False
    if updated_at is not None and updated_at > entry.at + dt.timedelta(seconds=5):
        return None, updated_at, True
    return entry.actor, entry.at, False


def conflict_of(s: Session, record: Edited, noun: str, entity: str | None = None) -> EditConflict:
    """The conflict to raise for ``record`` as it is now in the store (re-read it first)."""
    uid = getattr(record, "uid", None)
    updated_at = getattr(record, "updated_at", None)
    who, when, by_import = last_change(s, entity or "", uid, updated_at)
    if who is None and updated_at is not None:
        # No audit entry after the change: was it a bundle import (its log entry is written
        # at the end of the import, shortly after the rows)?
        log = s.scalar(
            select(SyncLogEntry)
            .where(
                SyncLogEntry.direction == SyncDirection.IN,
                SyncLogEntry.accepted.is_(True),
                SyncLogEntry.at >= updated_at - dt.timedelta(seconds=5),
                SyncLogEntry.at <= updated_at + dt.timedelta(minutes=30),
            )
            .order_by(SyncLogEntry.at)
            .limit(1)
        )
        if log is not None:
            who, when, by_import = log.peer_name, updated_at, True
    return EditConflict(noun, who, when, record.edit_version, by_import)


def check_version(
    s: Session, record: Edited, loaded: int | None, noun: str, entity: str | None = None
) -> None:
    """Refuse the save when ``record`` changed since the window loaded it at ``loaded``.

    ``loaded`` None: a caller that loads and saves in one go (the command line, imports).
    The same transaction then writes the row; the UPDATE checks the version again
    (``version_id_col``), and :func:`guard_conflicts` turns a lost race into the same error.
    """
    if loaded is not None and record.edit_version != loaded:
        raise conflict_of(s, record, noun, entity)


@contextmanager
def guard_conflicts(
    sf: sessionmaker[Session], model: type[Edited], key: Any, noun: str, entity: str | None = None
) -> Iterator[None]:
    """A save that lost the race with another one in the same instant (its UPDATE found the
    row at another version) becomes an :class:`EditConflict` naming the winner."""
    try:
        yield
    except StaleDataError:
        with sf() as s:
            record = s.get(model, key)
            if record is None:
                raise NotFound(f"Không tìm thấy {noun}; có thể đã bị xoá.") from None
            raise conflict_of(s, record, noun, entity) from None


def local_office(session: Session) -> Office | None:
    kept = session.info.get(_KEPT_OFFICE)
    if kept is not None:
        return kept[0]
    return session.scalar(select(Office).where(Office.is_local.is_(True)))


_KEPT_OFFICE = "local office kept"


@contextmanager
def office_kept(session: Session) -> Iterator[None]:
    """Within: ``local_office(session)`` is the office looked up once on entry. Each change
    asks for it (its clock, its uid), and each ask flushed the session first: a province's
    reorganisation of thousands of unions flushed twice per union."""
    session.info[_KEPT_OFFICE] = (local_office(session),)
    try:
        yield
    finally:
        session.info.pop(_KEPT_OFFICE, None)


def tick(session: Session, record: Travelling) -> None:
    """Stamp a created or changed travelling record with the local office's logical clock.

    The clock is a counter per office, never the PC's time: it orders changes between offices
    whose clocks disagree.
    """
    office = local_office(session)
    if office is None:
        record.version = (record.version or 0) + 1
        return
    office.clock = (office.clock or 0) + 1
    record.version = office.clock
    if record.origin_office_uid is None:
        record.origin_office_uid = office.uid


def current_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some locked-down Windows accounts
        return "?"


def audit(
    session: Session,
    entity: str,
    entity_uid: str,
    action: str,
    summary: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    office = local_office(session)
    session.add(
        AuditEntry(
            actor=current_actor(),
            office_uid=office.uid if office else None,
            entity=entity,
            entity_uid=entity_uid,
            action=action,
            summary=summary,
            detail_json=json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
        )
    )
