"""What a write changed, said once, where every write goes through: the store's engine.

Every statement that writes (ORM flushes, bulk statements, ``session.connection()`` in the
Excel import, the bundle import, the demo builder, the command line) passes SQLAlchemy's
``after_cursor_execute``; the table it names gives the kind of data it touched. Kinds collect
on the connection and are announced when its transaction commits, dropped when it rolls back.
No write path can forget to announce, and none has to know who listens.

The main window listens (views/shell/main_window.py): it turns each ``Changes`` into a Qt
signal delivered on the UI thread, and each page reloads when it shows a kind that changed
(docs/change-signal-and-tasks.md). Pure Python: no Qt here.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)


class Kind(StrEnum):
    UNITS = "units"
    CAMPAIGNS = "campaigns"  # campaigns, their periods, deadlines and fields
    QUOTAS = "quotas"
    INITIATIVES = "initiatives"  # with their authors and dossiers
    EVALUATION = "evaluation"  # councils, members, criteria, scores, nominations, proposals
    DECISIONS = "decisions"  # recognition decisions and their entries
    DOCUMENTS = "documents"  # the office's document settings
    SYNC = "sync"  # peers, bundles in and out, conflicts, restore state
    OFFICE = "office"  # this PC's office


_TABLES: dict[str, frozenset[Kind]] = {
    **dict.fromkeys(("unit", "unit_event"), frozenset({Kind.UNITS})),
    **dict.fromkeys(("campaign", "period", "deadline", "field"), frozenset({Kind.CAMPAIGNS})),
    "quota": frozenset({Kind.QUOTAS}),
    **dict.fromkeys(
        ("initiative", "author", "dossier_item", "initiative_search"),
        frozenset({Kind.INITIATIVES}),
    ),
    **dict.fromkeys(
        (
            "council",
            "council_member",
            "criterion",
            "council_review",
            "score",
            "dossier_issue",
            "nomination",
            "proposal",
        ),
        frozenset({Kind.EVALUATION}),
    ),
    **dict.fromkeys(("decision", "decision_entry"), frozenset({Kind.DECISIONS})),
    "document_setting": frozenset({Kind.DOCUMENTS}),
    **dict.fromkeys(
        (
            "sync_peer",
            "sync_received",
            "sync_stamp",
            "sync_conflict",
            "moved_edit",
            "sync_log",
            "app_meta",
        ),
        frozenset({Kind.SYNC}),
    ),
    "office": frozenset({Kind.OFFICE}),
    # Whose books this office keeps: who may write which initiatives and units.
    "kept_books": frozenset({Kind.UNITS, Kind.OFFICE, Kind.INITIATIVES}),
    "audit_log": frozenset(),  # written beside every change; nobody shows it
    "alembic_version": frozenset(),
}
_EVERYTHING = frozenset(Kind)

# INSERT [OR ...] INTO t, REPLACE INTO t, UPDATE [OR ...] t, DELETE FROM t: the table written.
_WRITE = re.compile(
    r"""^\s*(?:
        (?:INSERT|REPLACE)(?:\s+OR\s+\w+)?\s+INTO
      | UPDATE(?:\s+OR\s+\w+)?
      | DELETE\s+FROM
    )\s+(?:"?\w+"?\.)?"?(?P<table>\w+)""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Changes:
    """The kinds of data one or more commits changed."""

    kinds: frozenset[Kind] = frozenset()

    @classmethod
    def of(cls, *kinds: Kind) -> Changes:
        return cls(frozenset(kinds))

    @classmethod
    def everything(cls) -> Changes:
        return cls(_EVERYTHING)

    def touches(self, kinds: Iterable[Kind]) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)


def kinds_written(statement: str) -> frozenset[Kind]:
    """The kinds a SQL statement writes: none for a read; all for a table not known here."""
    match = _WRITE.match(statement)
    if match is None:
        return frozenset()
    return _TABLES.get(match.group("table").lower(), _EVERYTHING)


_PENDING = "sangkien_changes"  # key in the DBAPI connection's info: kinds of the open transaction


class ChangeFeed:
    """Announces each committed transaction's ``Changes`` to one listener, on the thread that
    committed. ``watch(engine)`` once per store."""

    def __init__(self) -> None:
        self._listener: Callable[[Changes], None] | None = None
        self._lock = threading.Lock()

    def watch(self, engine: Engine) -> None:
        event.listen(engine, "after_cursor_execute", self._executed)
        event.listen(engine, "commit", self._committed)
        event.listen(engine, "rollback", self._rolled_back)

    def subscribe(self, listener: Callable[[Changes], None] | None) -> None:
        """The one listener (the main window); None to stop listening (a window closing)."""
        with self._lock:
            self._listener = listener

    def announce(self, changes: Changes) -> None:
        """Say ``changes`` now: for a change the store cannot see (a file replaced)."""
        with self._lock:
            listener = self._listener
        if listener is not None and changes:
            try:
                listener(changes)
            except Exception:  # a listener's trouble must never undo or fail a commit
                log.exception("change listener failed")

    # ---- engine events (any thread: each connection is used by one thread at a time) ---------
    def _executed(self, conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        kinds = kinds_written(statement)
        if kinds:
            conn.info[_PENDING] = conn.info.get(_PENDING, frozenset()) | kinds

    def _committed(self, conn: Any) -> None:
        kinds = conn.info.pop(_PENDING, frozenset())
        if kinds:
            self.announce(Changes(kinds))

    def _rolled_back(self, conn: Any) -> None:
        conn.info.pop(_PENDING, None)
