"""Dates known only to the month, the quarter or the year, as officers write them in their
lists ("tháng 3/2022", "03/2022", "Quý I/2022", "năm 2022"), and the check of a column of
dates that could have been written month first ("03/04/2024" beside "04/13/2024").

A partial date is kept as the first day of its span with its precision
(:class:`DatePrecision`): March 2022 is ``(date(2022, 3, 1), MONTH)``, the first quarter of
2022 ``(date(2022, 1, 1), QUARTER)``. A full date has no precision (``None``). Error messages
are in Vietnamese.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.text.dates import format_date, parse_date
from desktop.text.normalise import clean, fold


class DatePrecision(enum.StrEnum):
    """How much of a date is known. A date known to the day has no precision (``None``)."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20|21)[0-9]{2})"
_SEP = r"\s*(?:/|-|\.|,)?\s*(?:nam\s+)?"
# Matched on the folded text (no diacritics, lower case): "thang 3/2022", "t3/2022", "03/2022",
# "thang 3 nam 2022", ISO "2022-03".
_MONTH_RE = re.compile(rf"(?:thang\s*|t\s*)?([0-9]{{1,2}}){_SEP}{_YEAR}")
_ISO_MONTH_RE = re.compile(rf"{_YEAR}-([0-9]{{1,2}})")
_QUARTER_RE = re.compile(rf"(?:quy|q)\s*(iv|iii|ii|i|[1-4]){_SEP}{_YEAR}")
_YEAR_RE = re.compile(rf"(?:nam\s+)?{_YEAR}")


def _month_span(year: int, month: int, shown: str) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"Không có tháng {month} («{shown}»).")
    return dt.date(year, month, 1)


def parse_partial_date(text: str | dt.date) -> tuple[dt.date, DatePrecision | None]:
    """A date as :func:`~desktop.text.dates.parse_date` reads it (precision ``None``), or a
    month ("03/2022", "3/2022", "tháng 3/2022", "tháng 3 năm 2022", "T3/2022", "2022-03"), a
    quarter ("Quý I/2022", "quý 1/2022", "Quý IV năm 2022", "Q2/2022") or a year ("năm 2022",
    "2022") as the first day of its span with its precision. Raises :class:`ValueError` with
    the message of :func:`parse_date` when it is none of these."""
    if isinstance(text, dt.date):
        return parse_date(text), None
    try:
        return parse_date(text), None
    except ValueError as exc:
        error = exc
    shown = clean(text)
    key = re.sub(r"\s+", " ", fold(shown)).strip()
    if m := _QUARTER_RE.fullmatch(key):
        quarter = _ROMAN.get(m[1]) or int(m[1])
        return dt.date(int(m[2]), 3 * quarter - 2, 1), DatePrecision.QUARTER
    if m := _MONTH_RE.fullmatch(key):
        return _month_span(int(m[2]), int(m[1]), shown), DatePrecision.MONTH
    if m := _ISO_MONTH_RE.fullmatch(key):
        return _month_span(int(m[1]), int(m[2]), shown), DatePrecision.MONTH
    if m := _YEAR_RE.fullmatch(key):
        return dt.date(int(m[1]), 1, 1), DatePrecision.YEAR
    raise error


def span_start(day: dt.date, precision: DatePrecision | None) -> dt.date:
    """The first day of the month, quarter or year ``day`` falls in (``day`` itself for a
    full date)."""
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    if precision == DatePrecision.QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if precision == DatePrecision.YEAR:
        return dt.date(day.year, 1, 1)
    return day


def span_end(start: dt.date, precision: DatePrecision | None) -> dt.date:
    """The last day of the span that starts on ``start`` (``start`` itself for a full date)."""
    if precision is None:
        return start
    if precision == DatePrecision.YEAR:
        return dt.date(start.year, 12, 31)
    last_month = start.month + (2 if precision == DatePrecision.QUARTER else 0)
    return dt.date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])


def is_span_start(day: dt.date, precision: DatePrecision | None) -> bool:
    """Whether ``day`` is how a partial date of this precision is kept (its span's first day)."""
    return span_start(day, precision) == day


_ROMAN_OF = {1: "I", 2: "II", 3: "III", 4: "IV"}


def format_partial_date(day: dt.date | None, precision: DatePrecision | None) -> str:
    """As a date is shown: "05/03/2022"; a month "03/2022"; a quarter "Quý I/2022"; a year
    "Năm 2022". ``None`` gives ``""``."""
    if day is None:
        return ""
    if precision == DatePrecision.MONTH:
        return f"{day.month:02d}/{day.year:04d}"
    if precision == DatePrecision.QUARTER:
        return f"Quý {_ROMAN_OF[(day.month - 1) // 3 + 1]}/{day.year:04d}"
    if precision == DatePrecision.YEAR:
        return f"Năm {day.year:04d}"
    return format_date(day)


def precision_note(day: dt.date, precision: DatePrecision) -> str:
    """The warning a partial date carries: what was read and how it counts."""
    what = {
        DatePrecision.MONTH: "chỉ ghi tháng",
        DatePrecision.QUARTER: "chỉ ghi quý",
        DatePrecision.YEAR: "chỉ ghi năm",
    }[precision]
    return (
        f"Ngày áp dụng {what} ({format_partial_date(day, precision)}): được tính vào giai đoạn "
        "có một phần thời gian đó; cần kiểm tra lại ngày cụ thể."
    )


# ---- a column of dates that could be month first -------------------------------------------
_TEXT_DMY_RE = re.compile(r"\s*([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})(?:\s.*)?")
_ISO_RE = re.compile(r"\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[ T].*)?")


@dataclass(frozen=True)
class MonthFirstCheck:
    """What a column of dates says about being written month first."""

    message: str  # the column's warning, in Vietnamese
    rows: tuple[int, ...]  # the rows whose date reads either way (day and month both <= 12)


def month_first_check(cells: Iterable[tuple[int, object]], label: str) -> MonthFirstCheck | None:
    """Warn about a column (``(row number, cell value)`` pairs) whose text dates like
    "03/04/2024" could be month first: when another of its text dates makes sense only month
    first ("04/13/2024"), or when the column mixes such text with dates Excel stored as dates,
    Excel serial numbers or ISO text (lists pasted together from several sources). ``None``
    when nothing suggests it; text that is not a date is left to the row's own check."""
    ambiguous: list[tuple[int, str]] = []
    month_first: list[tuple[int, str]] = []
    other_source: str | None = None
    for row, value in cells:
        if isinstance(value, dt.date):
            other_source = other_source or "ô ngày của Excel"
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            other_source = other_source or "số ngày của Excel"
            continue
        text = clean(str(value)) if value is not None else ""
        if _ISO_RE.fullmatch(text):
            other_source = other_source or f"ngày kiểu ISO («{text}»)"
            continue
        if not (m := _TEXT_DMY_RE.fullmatch(text)):
            continue
        first, second = int(m[1]), int(m[2])
        if 1 <= first <= 12 and 1 <= second <= 12 and first != second:
            ambiguous.append((row, text))
        elif second > 12 and 1 <= first <= 12:
            month_first.append((row, text))
    if not ambiguous:
        return None
    row, text = ambiguous[0]
    if month_first:
        seen_row, seen = month_first[0]
        why = f"có ngày chỉ đọc được khi tháng đứng trước («{seen}», dòng {seen_row})"
    elif other_source is not None:
        why = f"trộn ngày gõ bằng chữ với {other_source}"
    else:
        return None
    return MonthFirstCheck(
        f"Cột «{label}» {why}: {len(ambiguous)} ngày như «{text}» (dòng {row}) đã được đọc "
        "theo kiểu ngày/tháng/năm; hãy kiểm tra chúng không phải tháng/ngày/năm.",
        tuple(r for r, _ in ambiguous),
    )


__all__ = [
    "DatePrecision",
    "MonthFirstCheck",
    "format_partial_date",
    "is_span_start",
    "month_first_check",
    "parse_partial_date",
    "precision_note",
    "span_end",
    "span_start",
]
