"""Progress against quotas: initiatives counted in a period's window ÷ quota, per unit.

One service computes the figures for the screen, the exports and the command line, so they
always agree: :meth:`ProgressService.report` returns a :class:`ProgressReport`; the dashboard
shows it, :meth:`ProgressService.export_xlsx` writes it and ``sangkien progress`` prints it.

Counting rules:

* an initiative counts when its date (``applied_on``, first application or trial) falls in the
  counting window of the period (the whole campaign: from the first window's start to the last
  window's end), and not after the "as of" day; deleted initiatives never count, nor those
  without a date (``campaigns.windows``, the rule every count follows);
* every unit's figures are rolled up from the grassroots unions below it;
* "recognised" counts recognised, commended and nominated initiatives;
* a grassroots union "has an initiative" when it has at least the campaign's
  ``min_per_grassroots`` (1 when the campaign sets none);
* the expected figure is the quota times the share of the window elapsed on the "as of" day:
  a unit is behind when it counts fewer than expected.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sqlalchemy import Connection, Executable, func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import (
    Campaign,
    Deadline,
    Initiative,
    Office,
    Period,
    Quota,
    SyncDirection,
    SyncLogEntry,
    Unit,
    UnitKind,
    UnitLevel,
)
from desktop.services.campaigns import progress_live
from desktop.services.campaigns.deadlines import VIETNAM, format_deadline
from desktop.services.campaigns.progress_live import LiveCounts
from desktop.services.campaigns.progress_tree import (
    RECOGNISED,
    Layout,
    Span,
    by_unit_of,
    ended_in_chains,
    spans_of,
)
from desktop.services.campaigns.windows import counted_in
from desktop.services.common import NotFound
from desktop.services.units.dated import DatedTree, tree_stamp

if TYPE_CHECKING:
    pass

_T = TypeVar("_T")


class ProgressRow(NamedTuple):
    """One unit's figures (a tuple: the dashboard of a national federation builds 50,000 on
    each refresh)."""

    unit_id: int
    unit_code: str
    unit_name: str
    quota: int | None
    count: int  # type: ignore[assignment]  # the field shadows tuple.count, never called
    recognised: int
    grassroots_with_initiative: int
    grassroots_total: int
    kind: UnitKind | None = None
    parent_id: int | None = None
    depth: int = 0  # 0: a direct child of the report's unit, 1: a grandchild…
    expected: int | None = None  # what the quota asks for by the "as of" day
    last_bundle_at: dt.datetime | None = None  # the last bundle accepted from this unit

    @property
    def percent(self) -> float | None:
        if not self.quota:
            return None
        return round(100.0 * self.count / self.quota, 1)

    @property
    def expected_percent(self) -> float | None:
        if not self.quota or self.expected is None:
            return None
        return round(100.0 * self.expected / self.quota, 1)

    @property
    def shortfall(self) -> int:
        """How many initiatives the unit lacks against the expected figure (0 when on track)."""
        if self.expected is None:
            return 0
        return max(0, self.expected - self.count)

    @property
    def behind(self) -> bool:
        return self.shortfall > 0

    def to_json(self) -> dict[str, object]:
        return {
            "unit": self.unit_name,
            "unit_code": self.unit_code,
            "quota": self.quota,
            "count": self.count,
            "percent": self.percent,
            "recognised": self.recognised,
            "grassroots_with_initiative": self.grassroots_with_initiative,
            "grassroots_total": self.grassroots_total,
            "expected": self.expected,
            "behind": self.behind,
        }


@dataclass(frozen=True)
class DeadlineInfo:
    label: str
    due_on: dt.date
    period_name: str
    days_left: int  # negative: passed


@dataclass(frozen=True)
class TimePoint:
    """The cumulative count at the end of a month (or of the window)."""

    on: dt.date
    count: int


@dataclass(frozen=True)
class ProgressReport:
    campaign_id: int
    campaign_code: str
    campaign_name: str
    period_id: int | None
    period_name: str  # "Cả chương trình" for the whole campaign
    window_from: dt.date | None
    window_to: dt.date | None
    as_of: dt.date
    elapsed: float  # share of the counting window elapsed on ``as_of``, 0…1
    min_per_grassroots: int
    total: ProgressRow  # the report's unit itself
    rows: tuple[ProgressRow, ...]  # every unit below it, depth-first, rolled up
    deadlines: tuple[DeadlineInfo, ...] = ()
    timeline: tuple[TimePoint, ...] = ()
    show_bundles: bool = False  # the report's unit is a province: show the last bundles

    @property
    def children(self) -> tuple[ProgressRow, ...]:
        return tuple(r for r in self.rows if r.depth == 0)

    @property
    def behind(self) -> tuple[ProgressRow, ...]:
        return tuple(r for r in self.children if r.behind)

    def to_json(self, all_levels: bool = False) -> dict[str, object]:
        rows = self.rows if all_levels else self.children
        return {
            "campaign": self.campaign_code,
            "campaign_name": self.campaign_name,
            "period": self.period_name,
            "window_from": self.window_from.isoformat() if self.window_from else None,
            "window_to": self.window_to.isoformat() if self.window_to else None,
            "as_of": self.as_of.isoformat(),
            "expected_share": round(self.elapsed, 4),
            "units": [r.to_json() for r in rows],
            "total": self.total.to_json(),
        }


WHOLE_CAMPAIGN = "Cả chương trình"

# The counting rule in one line, for every paper of figures (services/units/dated.py).
COUNTING_RULE = (
    "Sáng kiến được tính cho đơn vị quản lý công đoàn cơ sở vào ngày áp dụng sáng kiến; "
    "chỉ tiêu tính cho đơn vị được giao."
)


def window_of(campaign: Campaign, period: Period | None) -> tuple[dt.date | None, dt.date | None]:
    if period is not None:
        return period.count_from, period.count_to
    starts = [p.count_from for p in campaign.periods if p.count_from]
    ends = [p.count_to for p in campaign.periods if p.count_to]
    return (min(starts) if starts else campaign.starts_on, max(ends) if ends else campaign.ends_on)


def elapsed_share(start: dt.date | None, end: dt.date | None, as_of: dt.date) -> float:
    """The share of the window [start, end] elapsed at the end of ``as_of`` (1 without end)."""
    if end is None:
        return 1.0
    if start is None or end < start:
        return 1.0 if as_of >= end else 0.0
    days = (end - start).days + 1
    done = (as_of - start).days + 1
    return min(1.0, max(0.0, done / days))


def _month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    out = []
    y, m = start.year, start.month
    while True:
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        if last >= end:
            out.append(end)
            return out
        out.append(last)
        y, m = nxt.year, nxt.month


def entry_deadlines(
    campaign: Campaign, period_id: int | None, today: dt.date
) -> list[DeadlineInfo]:
    """Each period's target date and entry deadline, listed with its deadlines: «24h ngày
    20/04/2021» is due on the 20th (campaigns/deadlines.py)."""
    out = []
    for p in campaign.periods:
        if period_id is not None and p.id != period_id:
            continue
        if p.target_on is not None:
            label = "Phấn đấu đạt chỉ tiêu"
            out.append(DeadlineInfo(label, p.target_on, p.name, (p.target_on - today).days))
        if p.entries_close_at is not None:
            due = (p.entries_close_at.astimezone(VIETNAM) - dt.timedelta(microseconds=1)).date()
            label = f"Hết hạn nhập sáng kiến (đóng sau {format_deadline(p.entries_close_at)})"
            out.append(DeadlineInfo(label, due, p.name, (due - today).days))
    return out


class ProgressService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory
        # The dated tree and the reports' layouts over it, kept while the tree stays as it was
        # (``tree_stamp``): the dashboard asks for the same report on every refresh.
        self._stamp: tuple[object, ...] | None = None
        self._dated: DatedTree | None = None
        self._kept: dict[tuple[object, ...], object] = {}
        # The counts by union of each window's pieces, kept up by the store's log of counted
        # changes (progress_live.py), and the last rows of each report, remade where they changed.
        self._live: dict[tuple[object, ...], LiveCounts] = {}
        self._shown: dict[tuple[object, ...], _Shown] = {}

    def _tree(self, s: Session) -> DatedTree:
        stamp = tree_stamp(s)
        if self._dated is None or stamp != self._stamp:
            self._dated, self._stamp = DatedTree.load(s), stamp
            self._kept = {}
            self._shown = {}
            for live in self._live.values():  # the counts by union stay; the charts' trees go
                live.days.clear()
        return self._dated

    def _keep(self, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """``make()``, kept under ``key`` until the tree changes (a few reports at a time)."""
        if key not in self._kept:
            if len(self._kept) >= 16:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = make()
        return self._kept[key]  # type: ignore[return-value]

    def forget_counts(self) -> None:
        """Count again on the next report, as on the dashboard's first opening (the tree and
        the layouts stay: the benchmark times a first count against its baseline)."""
        self._live = {}
        self._shown = {}

    def root_of(self, campaign_id: int, unit_id: int) -> int:
        """The unit a campaign's figures start from at the office of ``unit_id``: that unit,
        unless the campaign ran in a province this office took in when provinces merged
        (take_in.py): then the federation that held its quotas on its last day."""
        with self._sf() as s:
            return campaign_root(s, campaign_id, unit_id, self._tree(s))

    def by_unit(
        self, campaign_id: int, period_id: int | None, parent_unit_id: int
    ) -> list[ProgressRow]:
        """One row per child of ``parent_unit_id``, each counting everything below it."""
        return list(self.report(campaign_id, period_id, parent_unit_id, timeline=False).children)

    def report(
        self,
        campaign_id: int,
        period_id: int | None,
        unit_id: int,
        as_of: dt.date | None = None,
        timeline: bool = True,
    ) -> ProgressReport:
        """The figures of ``unit_id`` and of every unit below it, for a campaign and period."""
        # 50,000 unions' counts and rows, tuples and dicts of plain values with no cycle among
        # them: the cycle collector, run every few hundred of them over the kept tree, would
        # take most of the refresh.
        with _collector_paused():
            return self._report(campaign_id, period_id, unit_id, as_of, timeline)

    def _report(
        self,
        campaign_id: int,
        period_id: int | None,
        unit_id: int,
        as_of: dt.date | None,
        timeline: bool,
    ) -> ProgressReport:
        today = as_of or dt.date.today()
        with self._sf() as s:
            campaign, period, root = self._scope(s, campaign_id, period_id, unit_id)
            start, end = window_of(campaign, period)
            counted_to = min(end, today) if end else today
            dated = self._tree(s)
            spans = spans_of(dated, start, counted_to)
            conn = s.connection()
            live = self._counts(conn, campaign_id, spans)
            quotas = self._quotas(s, campaign_id, period_id)
            layout = self._layout(dated, unit_id, counted_to, spans, live, quotas)
            minimum = campaign.min_per_grassroots or 1
            share = elapsed_share(start, end, today)
            # An authority's office hears from the offices below it: when each last did.
            authority = root.kind.level <= UnitLevel.PROVINCE
            bundles = self._last_bundles(s) if authority else {}
            deadlines = self._deadlines(s, campaign, period_id, today)
            points = (
                self._timeline(s, dated, layout, spans, live, campaign_id, start, counted_to)
                if timeline and start
                else ()
            )
            crowded = progress_live.crowded(conn)
            engine = conn.engine

        key = (campaign_id, period_id, unit_id, spans)
        rows, total = self._rows(key, layout, live, quotas, minimum, share, bundles)
        if crowded:
            progress_live.compact(engine)
        return ProgressReport(
            campaign_id=campaign.id,
            campaign_code=campaign.code,
            campaign_name=campaign.name,
            period_id=period_id,
            period_name=period.name if period else WHOLE_CAMPAIGN,
            window_from=start,
            window_to=end,
            as_of=today,
            elapsed=share,
            min_per_grassroots=minimum,
            total=total,
            rows=rows,
            deadlines=deadlines,
            timeline=points,
            show_bundles=authority,
        )

    def _counts(self, conn: Connection, campaign_id: int, spans: tuple[Span, ...]) -> LiveCounts:
        """The campaign's counts by union in each piece: the kept ones brought up to date by
        the log's new rows, else counted (and kept when the store stood still meanwhile)."""
        key = (campaign_id, spans)
        live = self._live.get(key)
        if live is not None and live.seq is not None:
            rows = progress_live.since(conn, live.seq)
            if rows is not None:
                live.apply(rows)
                return live
        query = by_unit_of(campaign_id)
        with progress_live.snapshot(conn) as one:
            pieces, seq = progress_live.steady(
                one, lambda: [_fetch(one, query(lo, hi, first)) for lo, hi, first, _on in spans]
            )
        live = LiveCounts(campaign_id, spans, pieces, seq)
        self._live.pop(key, None)
        if seq is not None:
            if len(self._live) >= 8:
                self._live.pop(next(iter(self._live)))
            self._live[key] = live
        return live

    def _rows(
        self,
        key: tuple[object, ...],
        layout: Layout,
        live: LiveCounts,
        quotas: dict[int, int],
        minimum: int,
        share: float,
        bundles: dict[int, dt.datetime],
    ) -> tuple[tuple[ProgressRow, ...], ProgressRow]:
        """The report's rows: the last ones again when nothing they show changed, remade only
        for the units above the unions whose counts changed when that is all, else all made."""
        shown = self._shown.get(key)
        same = (
            shown is not None
            and shown.layout is layout
            and shown.live is live
            and shown.minimum == minimum
            and shown.share == share
            and shown.quotas == quotas
            and shown.bundles == bundles
        )
        if shown is not None and same:
            if shown.generation == live.generation:
                return shown.rows, shown.total
            if shown.generation == live.generation - 1:
                changed = layout.update(shown.figures, live.touched, live.total, minimum)
                if changed is not None:
                    counts, recognised, active, _q = shown.figures
                    made = list(shown.rows)
                    made.insert(0, shown.first)
                    for i in changed:
                        made[i] = made[i]._replace(
                            count=counts[i],
                            recognised=recognised[i],
                            grassroots_with_initiative=active[i],
                        )
                    shown.first = made[0]
                    shown.rows = tuple(made[1:])
                    shown.total = made[0]._replace(depth=-1, last_bundle_at=None)
                    shown.generation = live.generation
                    return shown.rows, shown.total
        pieces = [live.rows(p) for p in range(len(live.spans))]
        figures = layout.figures(pieces, quotas, minimum)
        first, rows = _rows(layout, figures, share, bundles)
        total = first._replace(depth=-1, last_bundle_at=None)
        self._shown.pop(key, None)
        if len(self._shown) >= 8:
            self._shown.pop(next(iter(self._shown)))
        self._shown[key] = _Shown(
            layout,
            live,
            live.generation,
            minimum,
            share,
            dict(quotas),
            dict(bundles),
            figures,
            first,
            rows,
            total,
        )
        return rows, total

    def _layout(
        self,
        dated: DatedTree,
        unit_id: int,
        day: dt.date,
        spans: tuple[Span, ...],
        live: LiveCounts,
        quotas: dict[int, int],
    ) -> Layout:
        """The report's tree on ``day``, with the units that ended before it but have figures
        (a union counted in a piece below them) or a quota in this report."""
        ended = self._keep(("ended", spans, day), lambda: ended_in_chains(dated, spans, day))
        keep = {u for u in quotas if u in dated.units and not dated.exists_on(u, day)}
        for counted, chains in zip(live.pieces, ended, strict=True):
            if chains:
                for g in counted:
                    keep.update(chains.get(g, ()))
        kept = frozenset(keep)
        return self._keep(
            ("layout", unit_id, day, spans, kept),
            lambda: Layout(dated, unit_id, day, kept, spans),
        )

    # ---- parts of the report ------------------------------------------------------------------
    @staticmethod
    def _scope(
        s: Session, campaign_id: int, period_id: int | None, unit_id: int
    ) -> tuple[Campaign, Period | None, Unit]:
        """The campaign, its period (None: the whole campaign) and the report's unit."""
        campaign = s.get(Campaign, campaign_id)
        if campaign is None:
            raise NotFound("Không tìm thấy chương trình.")
        period = None
        if period_id is not None:
            period = s.get(Period, period_id)
            if period is None or period.campaign_id != campaign.id:
                raise NotFound("Không tìm thấy giai đoạn của chương trình.")
        root = s.get(Unit, unit_id)
        if root is None:
            raise NotFound("Không tìm thấy đơn vị.")
        return campaign, period, root

    @staticmethod
    def _quotas(s: Session, campaign_id: int, period_id: int | None) -> dict[int, int]:
        """Each unit's own quota for the period (None: for the whole campaign)."""
        q = select(Quota.unit_id, Quota.target).where(Quota.campaign_id == campaign_id)
        q = q.where(
            Quota.period_id.is_(None) if period_id is None else Quota.period_id == period_id
        )
        return {unit_id: target for unit_id, target in s.execute(q)}

    @staticmethod
    def _last_bundles(s: Session) -> dict[int, dt.datetime]:
        """When the last accepted bundle arrived from each peer office's unit."""
        q = (
            select(Office.unit_id, func.max(SyncLogEntry.at))
            .join(Office, Office.uid == SyncLogEntry.peer_office_uid)
            .where(
                SyncLogEntry.direction == SyncDirection.IN,
                SyncLogEntry.accepted.is_(True),
                Office.unit_id.is_not(None),
            )
            .group_by(Office.unit_id)
        )
        out: dict[int, dt.datetime] = {}
        for unit_id, at in s.execute(q):
            if unit_id is None:  # left out by the query already
                continue
            if at is not None and at.tzinfo is None:
                at = at.replace(tzinfo=dt.UTC)
            out[unit_id] = at
        return out

    @staticmethod
    def _deadlines(
        s: Session, campaign: Campaign, period_id: int | None, today: dt.date
    ) -> tuple[DeadlineInfo, ...]:
        q = (
            select(Deadline.label, Deadline.due_on, Period.name)
            .join(Period, Period.id == Deadline.period_id)
            .where(Period.campaign_id == campaign.id)
            .order_by(Deadline.due_on, Period.seq)
        )
        if period_id is not None:
            q = q.where(Period.id == period_id)
        out = [
            DeadlineInfo(label, due, pname, (due - today).days)
            for label, due, pname in s.execute(q)
        ]
        out += entry_deadlines(campaign, period_id, today)
        return tuple(sorted(out, key=lambda d: d.due_on))

    def _timeline(
        self,
        s: Session,
        dated: DatedTree,
        layout: Layout,
        spans: tuple[Span, ...],
        live: LiveCounts,
        campaign_id: int,
        start: dt.date,
        counted_to: dt.date,
    ) -> tuple[TimePoint, ...]:
        """The running count at the end of each month of [start, counted_to], by the
        counting rule: in each piece of the window, the initiatives of the units then below
        the report's unit. The count by day is kept with the counts (``live``) and brought
        up to date with them."""
        if counted_to < start:
            return ()
        kept = live.days.get(layout)
        if kept is not None:
            per_day = kept[1]
        else:
            with progress_live.snapshot(s.connection()) as one:
                per_day, seq = progress_live.steady(
                    one, lambda: self._days(one, dated, layout, spans, campaign_id)
                )
            if seq is not None and seq == live.seq:
                live.days[layout] = ([frozenset(b) for b in layout.below], per_day)
        days = sorted((on, n) for on, n in per_day.items() if n)
        points, i, total = [], 0, 0
        for month_end in _month_ends(start, counted_to):
            while i < len(days) and days[i][0] <= month_end:
                total += days[i][1]
                i += 1
            points.append(TimePoint(month_end, total))
        return tuple(points)

    @staticmethod
    def _days(
        conn: Connection,
        dated: DatedTree,
        layout: Layout,
        spans: tuple[Span, ...],
        campaign_id: int,
    ) -> dict[dt.date, int]:
        """The chart's count by day of first application, summed over the window's pieces."""
        per_day: dict[dt.date, int] = {}
        for (lo, hi, first, _on), below in zip(spans, layout.below, strict=True):
            q = (
                select(Initiative.applied_on, func.count())
                .where(
                    Initiative.campaign_id == campaign_id,
                    Initiative.deleted_at.is_(None),
                    # A partial date reaching into the window: in its first piece only.
                    counted_in(
                        Initiative.applied_on,
                        lo,
                        hi,
                        Initiative.applied_precision if first else None,
                    ),
                )
                .group_by(Initiative.applied_on)
            )
            if len(below) < len(dated.units):
                # The shorter list: every initiative's union is a unit (a foreign key).
                if 2 * len(below) <= len(dated.units):
                    q = q.where(Initiative.unit_id.in_(sorted(below)))
                else:
                    others = set(dated.units).difference(below)
                    q = q.where(Initiative.unit_id.not_in(sorted(others)))
            for on, n in conn.execute(q):
                # counted_in leaves out initiatives without a date: the check only tells mypy.
                if on is not None:
                    per_day[on] = per_day.get(on, 0) + n
        return per_day

    # ---- export -------------------------------------------------------------------------------
    def export_xlsx(self, report: ProgressReport, path: Path, all_levels: bool = True) -> Path:
        """The dashboard's table, as shown, to an .xlsx file (same figures, same service)."""
        from desktop.services.xlsx import (
            PERCENT_FORMAT,
            Column,
            new_workbook,
            save_workbook,
            write_cell,
        )
        from desktop.services.xlsx import write_table as _write_table
        from desktop.text.dates import format_date

        wb, ws = new_workbook("Tiến độ")
        title = f"TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU — {report.campaign_name}"
        write_cell(ws, 1, 1, title)
        window = (
            f"{report.period_name}: tính sáng kiến từ {format_date(report.window_from)} "
            f"đến {format_date(report.window_to)}; số liệu đến ngày {format_date(report.as_of)}"
        )
        write_cell(ws, 2, 1, window)
        write_cell(ws, 3, 1, COUNTING_RULE)
        rows = report.rows if all_levels else report.children
        columns = _columns(report, Column, PERCENT_FORMAT)
        last = _write_table(ws, columns, (_cells(r, report) for r in (*rows, report.total)), 4)
        ws.cell(row=last, column=1).value = "Tổng cộng"
        path = Path(path)
        save_workbook(wb, path)
        return path


def campaign_root(
    s: Session, campaign_id: int, unit_id: int, dated: DatedTree | None = None
) -> int:
    """See :meth:`ProgressService.root_of` (``dated``: the tree, when the caller keeps it)."""
    campaign = s.get(Campaign, campaign_id)
    if campaign is None:
        return unit_id
    _start, end = window_of(campaign, None)
    day = min(end, dt.date.today()) if end else dt.date.today()
    dated = dated or DatedTree.load(s)
    held = set(s.scalars(select(Quota.unit_id).where(Quota.campaign_id == campaign_id)))
    if not held or unit_id not in dated.units:
        return unit_id
    if any(unit_id in dated.chain_on(u, dated.last_day(u, day)) for u in held):
        return unit_id
    tops = {dated.chain_on(u, dated.last_day(u, day))[-1] for u in held}
    return tops.pop() if len(tops) == 1 else unit_id


# ---- the report's rows and its export (the tree and roll-up: progress_tree.py) ------------------
_make_row = partial(tuple.__new__, ProgressRow)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the block runs (as it was, after)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _fetch(conn: Connection, stmt: Executable) -> list[Any]:
    """The rows of a statement of plain integers, as the driver returns them: 50,000 of them
    need no Row objects (no column here has a result type to convert)."""
    result = conn.execute(stmt)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


@dataclass
class _Shown:
    """The last rows of a report, and what they were made from."""

    layout: Layout
    live: LiveCounts
    generation: int
    minimum: int
    share: float
    quotas: dict[int, int]
    bundles: dict[int, dt.datetime]
    figures: tuple[list[int], list[int], list[int], list[int | None]]
    first: ProgressRow  # the report's unit, as a row
    rows: tuple[ProgressRow, ...]
    total: ProgressRow


def _rows(
    layout: Layout,
    figures: tuple[list[int], list[int], list[int], list[int | None]],
    share: float,
    bundles: dict[int, dt.datetime],
) -> tuple[ProgressRow, tuple[ProgressRow, ...]]:
    """The report's own row (the layout's first unit) and its rows in depth-first order."""
    counts, recognised, active, quotas = figures
    static = layout.static
    expected = [None if q is None else math.floor(q * share + 1e-9) for q in quotas]
    last = [bundles.get(u) for u in static.ids] if bundles else [None] * len(static.ids)
    held = layout.held
    columns = zip(
        static.ids,
        static.codes,
        static.names,
        quotas,
        counts,
        recognised,
        active,
        held,
        static.kinds,
        static.parents,
        static.depths,
        expected,
        last,
        strict=True,
    )
    rows = tuple(map(_make_row, columns))
    return rows[0], rows[1:]


def _indent(r: ProgressRow) -> str:
    return "    " * max(0, r.depth) + r.unit_name


def _columns(report: ProgressReport, Column: type, percent_format: str) -> list:
    minimum = report.min_per_grassroots
    cols = [
        Column("Đơn vị", 44),
        Column("Chỉ tiêu"),
        Column("Đã có"),
        Column("Tỷ lệ (%)", number_format=percent_format),
        Column("Cần đạt đến nay"),
        Column("Còn thiếu so với tiến độ"),
        Column("Được công nhận"),
        Column(f"CĐCS có ít nhất {minimum:02d} sáng kiến"),
        Column("Tổng số CĐCS"),
    ]
    return cols


def _cells(r: ProgressRow, report: ProgressReport) -> list[object]:
    return [
        _indent(r),
        r.quota,
        r.count,
        r.percent,
        r.expected,
        r.shortfall if r.quota is not None else None,
        r.recognised,
        r.grassroots_with_initiative,
        r.grassroots_total,
    ]


__all__ = [
    "RECOGNISED",
    "WHOLE_CAMPAIGN",
    "DeadlineInfo",
    "ProgressReport",
    "ProgressRow",
    "ProgressService",
    "TimePoint",
    "elapsed_share",
    "window_of",
]
