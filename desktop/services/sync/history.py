"""The history of bundles exported and imported, accepted or refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import SyncDirection, SyncLogEntry


@dataclass(frozen=True)
class SyncLogRow:
    at: dt.datetime
    direction: SyncDirection
    peer_name: str | None
    sequence: int | None
    file_name: str | None
    accepted: bool
    reason: str | None


class SyncHistoryService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def list(self, limit: int = 500) -> list[SyncLogRow]:
        """Newest first."""
        with self._sf() as s:
            return [
                SyncLogRow(
                    e.at, e.direction, e.peer_name, e.sequence, e.file_name, e.accepted, e.reason
                )
                for e in s.scalars(
                    select(SyncLogEntry).order_by(SyncLogEntry.at.desc()).limit(limit)
                )
            ]
