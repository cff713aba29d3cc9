"""Does an initiative count in a period: the one rule, in Python and in SQL.

A period counts the initiatives first applied (or trialled) within its counting window
``[count_from, count_to]``, both days included. A missing bound leaves that side open: a
period with neither bound counts every dated initiative.

An initiative without a date of first application (``applied_on`` empty) counts in **no**
period, not even one without bounds: nothing says when it was applied, so no period can claim
it, and a period with no bounds must not count more than the same period with wide bounds.
The entry form and the import say so; once the date is filled in, the initiative counts.

Every place that asks the question uses these two functions: the periods of a campaign
(``PeriodRow.counts``), the initiatives list filtered by period, the progress dashboard, the
documents of a period and the Excel import's choice of period.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import InstrumentedAttribute


def counts_in(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether an initiative first applied on ``day`` counts in the window [start, end]."""
    if day is None:
        return False
    if start is not None and day < start:
        return False
    return end is None or day <= end


def counted_in(
    column: InstrumentedAttribute[dt.date | None], start: dt.date | None, end: dt.date | None
) -> ColumnElement[bool]:
    """The SQL condition of :func:`counts_in` on a date column (``Initiative.applied_on``)."""
    terms: list[ColumnElement[bool]] = [column.is_not(None)]
    if start is not None:
        terms.append(column >= start)
    if end is not None:
        terms.append(column <= end)
    return and_(*terms)


__all__ = ["counted_in", "counts_in"]
