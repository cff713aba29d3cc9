"""A period's entry deadline: the moment entries close, written and read as officers do.

Plans give the moment the way the national portal does: "tự động đóng sau 24h ngày
20/4/2021", that is, the whole of 20 April still counts and entries close at midnight, Vietnam
time (UTC+7, no daylight saving). It is stored as an aware UTC instant
(``Period.entries_close_at``) and shown back as "24h ngày 20/04/2021" (or "17h30 ngày …"
for a moment within the day).

The rule itself (an entry after that moment is late) is in :mod:`desktop.services.rules.deadline`,
shared by every entry path.
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.text.dates import format_date, parse_date

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")

_TIME = re.compile(r"^\s*(?:sau\s+)?(\d{1,2})\s*(?:h|giờ|:)\s*(\d{2})?\s*(?:ngày\s+)?(.+)$", re.I)
_TIME_AFTER = re.compile(r"^\s*(.+?)\s+(?:lúc\s+)?(\d{1,2})\s*(?:h|giờ|:)\s*(\d{2})?\s*$", re.I)


class BadDeadline(ValueError):
    """A deadline that cannot be read; ``str()`` says how to write one, in Vietnamese."""


def end_of_day(day: dt.date) -> dt.datetime:
    """ "24h ngày ``day``": midnight after it, Vietnam time, as a UTC instant."""
    return at_time(day, 24, 0)


def at_time(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    if not (0 <= hour <= 24 and 0 <= minute <= 59) or (hour == 24 and minute):
        raise BadDeadline(f"Giờ {hour}h{minute:02d} không hợp lệ (từ 0h00 đến 24h).")
    local = dt.datetime.combine(day, dt.time(0, 0), VIETNAM) + dt.timedelta(
        hours=hour, minutes=minute
    )
    return local.astimezone(dt.UTC)


def parse_deadline(text: str) -> dt.datetime | None:
    """Read "24h ngày 20/4/2021", "sau 24h ngày 20/4/2021", "17h30 20/4/2021",
    "20/4/2021 17:30" or a bare date (the whole day counts: 24h). Empty: no deadline."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        m = _TIME.match(text)
        if m:
            return at_time(parse_date(m.group(3).strip()), int(m.group(1)), int(m.group(2) or 0))
        m = _TIME_AFTER.match(text)
        if m:
            return at_time(parse_date(m.group(1).strip()), int(m.group(2)), int(m.group(3) or 0))
        return end_of_day(parse_date(text))
    except BadDeadline:
        raise
    except ValueError:
        raise BadDeadline(
            f"Không đọc được hạn nhập «{text}»; hãy viết như «24h ngày 20/4/2021» "
            "hoặc «17h30 ngày 20/4/2021»."
        ) from None


def format_deadline(at: dt.datetime | None) -> str:
    """ "24h ngày 20/04/2021" for midnight after the 20th, "17h30 ngày 20/04/2021" else."""
    if at is None:
        return ""
    local = at.astimezone(VIETNAM)
    if local.time() == dt.time(0, 0):
        return f"24h ngày {format_date(local.date() - dt.timedelta(days=1))}"
    return f"{local.hour}h{local.minute:02d} ngày {format_date(local.date())}"


def iso_deadline(at: dt.datetime | None) -> str | None:
    """The instant in Vietnam time, ISO 8601 with its offset (for JSON)."""
    return at.astimezone(VIETNAM).isoformat(timespec="minutes") if at else None


def from_iso(text: str) -> dt.datetime:
    """An ISO 8601 instant; one without an offset is read as Vietnam time."""
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM)
    return value.astimezone(dt.UTC)


__all__ = [
    "VIETNAM",
    "BadDeadline",
    "at_time",
    "end_of_day",
    "format_deadline",
    "from_iso",
    "iso_deadline",
    "parse_deadline",
]
