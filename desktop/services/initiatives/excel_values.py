"""Reading the cells of an imported list: text, dates, dates of first application known only
to the month or quarter, amounts in words of scale, sectors; and the check of a date column
that could be month first. Each reader raises ValueError with a message for the person, or
returns what it read with the warnings the row's preview shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop.models import DatePrecision, Sector
from desktop.text.dates import parse_date
from desktop.text.normalise import clean, fold
from desktop.text.numbers import format_money, not_determinable, parse_amount, parse_number
from desktop.text.partial_dates import MonthFirstCheck, month_first_check, parse_partial_date

_EXCEL_EPOCH = dt.date(1899, 12, 30)


def text(v: Any) -> str:
    if v in (None, ""):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return clean(str(v))


def day(v: Any) -> dt.date | None:
    """A full date: an Excel date, an Excel serial without a date format, or text."""
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and 1 < v < 80000:  # an Excel serial without a date format
        return _EXCEL_EPOCH + dt.timedelta(days=int(v))
    return parse_date(str(v))


def applied(v: Any) -> tuple[dt.date | None, DatePrecision | None]:
    """The date of first application: a full date, or a month ("tháng 3/2022", "03/2022"),
    a quarter ("Quý I/2022") or a year ("năm 2022", or the number 2022 in the cell: no
    initiative dates from Excel's serial 2022, in 1905) as its first day with its precision."""
    if v in (None, ""):
        return None, None
    numeric = isinstance(v, (int, float)) and not isinstance(v, bool)
    if numeric and float(v).is_integer() and 1900 <= v <= 2100:
        return dt.date(int(v), 1, 1), DatePrecision.YEAR
    if not isinstance(v, str):
        return day(v), None
    return parse_partial_date(v)


@dataclass(frozen=True)
class Amount:
    """A benefit as read: the amount in đồng (None: none given), the text kept as the
    benefit's note when it says no figure can be given, and what the preview says."""

    vnd: int | None
    note: str | None = None
    warning: str | None = None


def amount(v: Any) -> Amount:
    """ "1.500.000", "2,5 triệu", "1,2 tỷ", "500 nghìn đồng", or a phrase that means no
    amount ("Không xác định", "không tính được": kept as the note, with a warning)."""
    if v in (None, ""):
        return Amount(None)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return Amount(round(v))
    shown = text(v)
    key = fold(shown)
    if key in ("-", "khong", "0", ""):
        return Amount(0 if key == "0" else None)
    if not_determinable(shown):
        return Amount(
            None,
            shown,
            f"Giá trị làm lợi «{shown}»: không có số tiền, ghi lại lời này trong ghi chú.",
        )
    try:
        vnd = parse_amount(shown)
    except ValueError as exc:
        raise ValueError(f"Giá trị làm lợi: {exc}") from exc
    try:
        parse_number(shown)
    except ValueError:  # read with words of scale: say how, so that it can be checked
        return Amount(vnd, None, f"Giá trị làm lợi «{shown}» đọc là {format_money(vnd)}.")
    return Amount(vnd)


def sector(v: Any) -> Sector | None:
    key = fold(text(v))
    if not key:
        return None
    if "doanh nghiep" in key or key in ("dn", "khoi dn"):
        return Sector.ENTERPRISE
    if "hanh chinh" in key or "hcsn" in key or "su nghiep" in key:
        return Sector.ADMINISTRATIVE
    raise ValueError(f"Không rõ khối «{text(v)}» (doanh nghiệp hay hành chính sự nghiệp).")


# ---- date columns --------------------------------------------------------------------------
_DATE_COLUMNS = {"applied_on": "Ngày áp dụng", "registered_on": "Ngày đăng ký"}


def date_checks(
    rows: Iterable[tuple[int, tuple[Any, ...]]], col_of: dict[str, int]
) -> dict[str, MonthFirstCheck]:
    """The date columns of a sheet (``col_of``: target -> column) whose dates could have been
    written month first (``partial_dates.month_first_check``), by target."""
    rows = list(rows)
    out = {}
    for target, label in _DATE_COLUMNS.items():
        i = col_of.get(target)
        if i is None:
            continue
        cells = ((n, values[i]) for n, values in rows if i < len(values))
        check = month_first_check(((n, v) for n, v in cells if v not in (None, "")), label)
        if check is not None:
            out[target] = check
    return out


__all__ = ["Amount", "amount", "applied", "date_checks", "day", "sector", "text"]
