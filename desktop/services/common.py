"""Small pieces every service shares: the logical clock, the audit trail, errors."""

from __future__ import annotations

import getpass
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import AuditEntry, Office, Travelling


class ServiceError(Exception):
    """An error a person caused or can fix; ``str(exc)`` is a Vietnamese message for them."""


class NotFound(ServiceError):
    pass


class ValidationFailed(ServiceError):
    """Input that cannot be saved; ``issues`` says which field and why."""

    def __init__(self, issues: list[Any]) -> None:
        self.issues = issues
        super().__init__("; ".join(i.message for i in issues))


def local_office(session: Session) -> Office | None:
    return session.scalar(select(Office).where(Office.is_local.is_(True)))


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
