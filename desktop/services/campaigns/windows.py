"""Does an initiative count in a period: the one rule, in Python and in SQL.

A period counts the initiatives first applied (or trialled) within its counting window
``[count_from, count_to]``, both days included. A missing bound leaves that side open: a
period with neither bound counts every dated initiative.

An initiative without a date of first application (``applied_on`` empty) counts in **no**
period, not even one without bounds: nothing says when it was applied, so no period can claim
it, and a period with no bounds must not count more than the same period with wide bounds.
The entry form and the import say so; once the date is filled in, the initiative counts.

A date known only to the month, quarter or year (``applied_precision``; kept as the first day
of its span) counts in a window when **any part** of its span falls inside: "Quý I/2022" counts
in a window from 15/03/2022, and in one that ends on 10/01/2022. It is flagged for checking
where it is entered (``rules.initiative``). Cutting a window into pieces (a unit moved inside
it: ``DatedTree.segments``) must not count it twice: only the window's first piece takes the
spans that started before it (it passes the precision column), the others compare the first
day alone.

Every place that asks the question uses these two functions: the periods of a campaign
(``PeriodRow.counts``), the initiatives list filtered by period, the progress dashboard, the
documents of a period and the Excel import's choice of period.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, or_

from desktop.models import DatePrecision
from desktop.text.partial_dates import span_end, span_start


def counts_in(
    day: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
    precision: DatePrecision | None = None,
) -> bool:
    """Whether an initiative first applied on ``day`` (the first day of a month, quarter or
    year with ``precision``) counts in the window [start, end]."""
    if day is None:
        return False
    if start is not None and span_end(day, precision) < start:
        return False
    return end is None or day <= end


def counted_in(
    column: SQLColumnExpression[dt.date | None],
    start: dt.date | None,
    end: dt.date | None,
    precision: SQLColumnExpression[DatePrecision | None] | None = None,
) -> ColumnElement[bool]:
    """The SQL condition of :func:`counts_in` on a date column (``Initiative.applied_on``)
    and its precision (``Initiative.applied_precision``; without it, every date is a day:
    the inner pieces of a cut window). A span ends on or after ``start`` exactly when its
    first day is on or after the first day of the span of the same kind holding ``start``,
    so the condition is plain comparisons of dates, the same on SQLite and PostgreSQL."""
    terms: list[ColumnElement[bool]] = [column.is_not(None)]
    if start is not None:
        from_start: list[ColumnElement[bool]] = [column >= start]
        if precision is not None:
            for kind in DatePrecision:
                floor = span_start(start, kind)
                if floor != start:
                    from_start.append(and_(precision == kind, column >= floor))
        terms.append(or_(*from_start) if len(from_start) > 1 else from_start[0])
    if end is not None:
        terms.append(column <= end)
    return and_(*terms)


__all__ = ["counted_in", "counts_in"]
