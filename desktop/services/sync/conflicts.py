"""Conflicts: content a district changed after the province decided on it, kept side by side
with the content decided on, until the province reconfirms."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Initiative, InitiativeStatus, SyncConflict, Unit, UnitKind, utcnow
from desktop.services import labels
from desktop.services.common import ServiceError, audit, tick
from desktop.services.sync.payload import load_contents
from desktop.services.sync.peers import this_office
from desktop.services.sync.reports import ConflictRow


def list_conflicts(s: Session, include_resolved: bool) -> list[ConflictRow]:
    """The conflicts (open ones only, unless ``include_resolved``), newest first."""
    stmt = select(SyncConflict).order_by(SyncConflict.detected_at.desc())
    if not include_resolved:
        stmt = stmt.where(SyncConflict.resolved_at.is_(None))
    rows = list(s.scalars(stmt))
    out = []
    for c in rows:
        ini = s.scalar(select(Initiative).where(Initiative.uid == c.initiative_uid))
        current = load_contents(s, [ini.id])[ini.id] if ini is not None else None
        if current is not None:
            for k in ("author_uids", "dossier_uids", "v", "status", "uid", "deleted_at"):
                current.pop(k, None)
        unit = s.get(Unit, ini.unit_id) if ini is not None else None
        try:
            status = labels.STATUS[InitiativeStatus(c.status)]
        except (KeyError, TypeError, ValueError):  # a status this version does not know
            status = c.status
        out.append(
            ConflictRow(
                id=c.id,
                initiative_uid=c.initiative_uid,
                title=ini.title if ini else "?",
                unit=(unit.short_name or unit.name) if unit else "",
                status=str(status),
                detected_at=c.detected_at,
                decided=json.loads(c.decided_json) if c.decided_json else None,
                current=current,
            )
        )
    return out


def resolve_conflict(s: Session, conflict_id: int) -> None:
    """The province has looked at the new content and keeps (or retakes) its decision."""
    c = s.get(SyncConflict, conflict_id)
    if c is None or c.resolved_at is not None:
        raise ServiceError("Xung đột này không còn.")
    _me, my_unit = this_office(s)
    if my_unit.kind != UnitKind.PROVINCE:
        raise ServiceError(
            "Chỉ LĐLĐ tỉnh xem xét lại quyết định; xung đột tự hết khi tỉnh xác nhận."
        )
    c.resolved_at = utcnow()
    ini = s.scalar(select(Initiative).where(Initiative.uid == c.initiative_uid))
    if ini is not None:
        tick(s, ini)  # the decision travels again, now on the current content
        ini.status_version = ini.version
        audit(
            s,
            "initiative",
            ini.uid,
            "reconfirm",
            f"Xác nhận lại quyết định về «{ini.title}» sau khi nội dung thay đổi",
        )
