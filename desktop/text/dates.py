"""Dates as dd/mm/yyyy (:func:`format_date`, :func:`parse_date`); dates known only to the
month, quarter or year (:mod:`desktop.text.partial_dates`); and the two lines of an official
document (Nghị định 30/2020/NĐ-CP): "Lai Châu, ngày 13 tháng 01 năm 2022" and
"Số: 84/KH-LĐLĐ"."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from desktop.text.normalise import clean

# ----------------------------------------------------------------------------------------
# Dates

_MIN_YEAR, _MAX_YEAR = 1900, 2100
_DMY_RE = re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})")
_YMD_RE = re.compile(r"([0-9]{4})([/.\-])([0-9]{1,2})\2([0-9]{1,2})")
_WORDS_RE = re.compile(
    r"(?:ngày\s+)?([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})", re.IGNORECASE
)
_TIME_SUFFIX_RE = re.compile(r"\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")


def format_date(d: date | None) -> str:
    """dd/mm/yyyy: ``date(2022, 1, 5)`` -> "05/01/2022"; ``None`` gives ``""``."""
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def parse_date(text: str | date) -> date:
    """Read a date typed by a person: day first, as in Vietnam.

    Accepted: "5/1/2022", "05/01/2022", "05-01-2022", "05.01.2022", ISO "2022-01-05",
    "ngày 05 tháng 01 năm 2022", and two-digit years ("5/1/22" is 2022): 00-29 mean 20xx,
    30-99 mean 19xx, as in Excel. A trailing time ("05/01/2022 00:00") is ignored; a
    ``date``/``datetime`` (from an Excel cell) is returned as a date. Years must lie in
    1900-2100. Raises :class:`ValueError` with a message for the user.
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    s = _TIME_SUFFIX_RE.sub("", clean(text))
    if not s:
        raise ValueError("Chưa nhập ngày. Hãy nhập theo dạng dd/mm/yyyy.")
    if m := _DMY_RE.fullmatch(s):
        day, month, year_text = int(m[1]), int(m[3]), m[4]
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000 if year < 30 else 1900
    elif m := _YMD_RE.fullmatch(s):
        year, month, day = int(m[1]), int(m[3]), int(m[4])
    elif m := _WORDS_RE.fullmatch(s):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        raise ValueError(f"Không đọc được ngày «{s}». Hãy nhập theo dạng dd/mm/yyyy.")
    shown = f"{day:02d}/{month:02d}/{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"Ngày không hợp lệ: {shown} — không có tháng {month}.")
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValueError(
            f"Ngày không hợp lệ: {shown} — năm phải trong khoảng {_MIN_YEAR}–{_MAX_YEAR}."
        )
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        raise ValueError(f"Ngày không hợp lệ: {shown} — không có ngày 0.")
    if day > last:
        if month == 2 and day == 29:
            reason = f"năm {year} không nhuận, tháng 2 chỉ có 28 ngày"
        else:
            reason = f"tháng {month} không có ngày {day}"
        raise ValueError(f"Ngày không hợp lệ: {shown} — {reason}.")
    return date(year, month, day)


# ----------------------------------------------------------------------------------------
# Official documents (Nghị định 30/2020/NĐ-CP, Phụ lục I)


def document_date_line(place: str | None, d: date) -> str:
    """Place and date under the national motto: "Lai Châu, ngày 13 tháng 01 năm 2022".

    Days below 10 and the months 1 and 2 take a leading zero; months 3-12 do not
    ("ngày 05 tháng 3 năm 2022"). Without a place the line starts with "Ngày".
    """
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    when = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    where = clean(place)
    return f"{where}, {when}" if where else when[0].upper() + when[1:]


def document_number(number: int, symbol: str) -> str:
    """The number line of a document: (84, "KH-LĐLĐ") -> "Số: 84/KH-LĐLĐ".

    Numbers below 10 take a leading zero ("Số: 05/QĐ-LĐLĐ").
    """
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"Số văn bản phải là số nguyên dương, không phải {number!r}.")
    sym = clean(symbol)
    return f"Số: {number:02d}/{sym}" if sym else f"Số: {number:02d}"
