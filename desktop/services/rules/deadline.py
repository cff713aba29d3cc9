"""The entry deadline rule: one judgement of "late" for every entry path (promise 11).

A new initiative entered after its period's entry deadline (``Period.entries_close_at``) is
late. The rule gives one warning, :data:`LATE_FIELD`; each path decides what a warning means
to it, and all say the same words:

- typed in the window: refused, unless the officer confirms, knowingly, in the form (the
  confirmation is audited) — the service raises :class:`LateEntry` until then;
- a row of an Excel list (window or ``sangkien initiatives import``): kept, flagged
  "nhập sau hạn", and the preview says so on that row;
- a peer's bundle: kept and flagged, the import's report says so. The time judged is when
  the initiative was first entered at its own office (the bundle carries it), so a list
  entered on time and sent late is not late; a record without that time (an older
  program) is judged by the time it arrives.

Only new entries are judged: correcting an initiative entered on time stays allowed.
"""

from __future__ import annotations

import datetime as dt

from desktop.services.campaigns.deadlines import format_deadline
from desktop.services.rules.basics import Issue, Severity

LATE_FIELD = "entries_close_at"
LATE_LABEL = "nhập sau hạn"


def is_late(entries_close_at: dt.datetime | None, entered_at: dt.datetime) -> bool:
    """Entered at ``entered_at`` (aware) after the deadline (None: no deadline)."""
    return entries_close_at is not None and entered_at >= entries_close_at


def late_issue(
    period_name: str, entries_close_at: dt.datetime | None, entered_at: dt.datetime
) -> Issue | None:
    """The warning for a late entry, or None when it is on time."""
    if not is_late(entries_close_at, entered_at):
        return None
    return Issue(
        LATE_FIELD,
        f"Đã hết hạn nhập sáng kiến của «{period_name}» (đóng sau "
        f"{format_deadline(entries_close_at)}): sáng kiến sẽ được đánh dấu «{LATE_LABEL}».",
        Severity.WARNING,
        contextual=True,
    )


def check_entry_deadline(
    period_name: str, entries_close_at: dt.datetime | None, entered_at: dt.datetime
) -> list[Issue]:
    issue = late_issue(period_name, entries_close_at, entered_at)
    return [issue] if issue else []


__all__ = ["LATE_FIELD", "LATE_LABEL", "check_entry_deadline", "is_late", "late_issue"]
