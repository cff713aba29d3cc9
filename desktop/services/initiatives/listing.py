"""The list of initiatives: filters, sort and search in SQL, pages, similar titles.

:class:`InitiativeLists` holds the queries :class:`~desktop.services.initiatives.service.
InitiativeService` offers for the list; a period filter counts an initiative by the one rule
of ``campaigns.windows``.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import weakref
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    SQLColumnExpression,
    String,
    and_,
    bindparam,
    case,
    column,
    event,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    tuple_,
    type_coerce,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import quoted_name
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import Join

from desktop.models import (
    DatePrecision,
    Field,
    Initiative,
    InitiativeSearch,
    InitiativeStatus,
    Period,
    Sector,
    Unit,
    UnitEvent,
)
from desktop.models.initiative_search import FTS_TABLE
from desktop.services.campaigns.windows import counted_in
from desktop.services.changes import kinds_written
from desktop.services.common import NotFound
from desktop.services.units.dated import DatedTree, Held, held_by
from desktop.services.units.tree import short_unit_name
from desktop.text.normalise import fold
from desktop.text.partial_dates import format_partial_date


class InitiativeRow(NamedTuple):
    """One line of the list (a named tuple: 200 of them are made for every page read, and a
    tuple is made ten times faster than a frozen dataclass)."""

    id: int
    uid: str
    title: str
    authors_text: str
    unit_id: int
    unit_name: str
    field_name: str | None
    sector: Sector | None
    status: InitiativeStatus
    applied_on: dt.date | None
    benefit_vnd: int | None
    deleted: bool
    unit_full_name: str = ""
    confidential: bool = False
    applied_precision: DatePrecision | None = None  # "03/2022", "Quý I/2022"
    entered_late: bool = False  # nhập sau hạn (rules/deadline.py)

    @property
    def applied_text(self) -> str:
        """The date of first application as shown: "05/03/2022", "03/2022", "Quý I/2022"."""
        return format_partial_date(self.applied_on, self.applied_precision)


class SortKey(StrEnum):
    TITLE = "title"
    AUTHORS = "authors"
    UNIT = "unit"
    APPLIED_ON = "applied_on"
    STATUS = "status"
    BENEFIT = "benefit"
    CREATED = "created"


# What a blank is, for the sort keys a row may lack: those rows go last in either direction.
BLANKS: dict[SortKey, ColumnElement[bool]] = {
    SortKey.AUTHORS: or_(Initiative.authors_key.is_(None), Initiative.authors_key == ""),
    SortKey.APPLIED_ON: Initiative.applied_on.is_(None),
    SortKey.BENEFIT: Initiative.benefit_vnd.is_(None),
}


# A run of a keyed order: the rows meeting ``where`` (None: all), in the order of ``cols``
# (plain columns of the row, the id last), off one index of the live rows.
Run = tuple[ColumnElement[bool] | None, tuple[SQLColumnExpression[Any], ...]]

# The sorts whose pages are read by key (keyset: "the 200 rows after this one" off an index,
# not by skipping rows), as the runs their order is made of, top to bottom. A blank goes last
# whichever way its column is sorted, so it is a run of its own, in id order; the status
# order is one run per status, in the life's order (reversed when descending).
RUNS: dict[SortKey, tuple[Run, ...]] = {
    SortKey.TITLE: ((None, (Initiative.title_key, Initiative.id)),),
    SortKey.CREATED: ((None, (Initiative.id,)),),
    # authors_key is NOT NULL: a blank is the empty key (``BLANKS``).
    SortKey.AUTHORS: (
        (Initiative.authors_key != "", (Initiative.authors_key, Initiative.id)),
        (Initiative.authors_key == "", (Initiative.id,)),
    ),
    SortKey.APPLIED_ON: (
        (Initiative.applied_on.is_not(None), (Initiative.applied_on, Initiative.id)),
        (Initiative.applied_on.is_(None), (Initiative.id,)),
    ),
    SortKey.BENEFIT: (
        (Initiative.benefit_vnd.is_not(None), (Initiative.benefit_vnd, Initiative.id)),
        (Initiative.benefit_vnd.is_(None), (Initiative.id,)),
    ),
    SortKey.STATUS: tuple((Initiative.status == st, (Initiative.id,)) for st in InitiativeStatus),
}
_RUNS_TURN = frozenset({SortKey.STATUS})  # whose runs come in reverse when descending
LIVE_BY_ID = "ix_initiative_list_entered"  # (campaign_id, id) WHERE deleted_at IS NULL

# A row's place in a keyed order: the number of its run, then its values of the run's
# columns, the id last.
Key = tuple[Any, ...]


def _runs(q: ListQuery) -> tuple[Run, ...]:
    """The runs of ``q``'s order, top to bottom as the list shows them."""
    runs = RUNS[q.sort]
    return runs[::-1] if q.descending and q.sort in _RUNS_TURN else runs


@dataclass(frozen=True)
class ListQuery:
    campaign_id: int | None = None
    period_id: int | None = None  # counted in this period's window (by date of first application)
    unit_ids: frozenset[int] | None = None
    # The initiatives that count for this unit by the counting rule (services/units/dated.py):
    # of the units that held their grassroots union on their date, wherever it is now.
    counted_for: int | None = None
    field_id: int | None = None
    sector: Sector | None = None
    status: InitiativeStatus | None = None
    search: str = ""
    deleted: bool = False  # True: the bin (tombstones) instead of live initiatives
    sort: SortKey = SortKey.TITLE
    descending: bool = False


@dataclass(frozen=True)
class SimilarTitle:
    """An initiative whose title looks like the one being typed."""

    id: int
    title: str
    authors_text: str
    unit_name: str
    score: float  # 0..1, 1 = the same title once folded


@dataclass
class Page:
    rows: list[InitiativeRow] = field(default_factory=list)
    total: int = 0
    # The sort keys of the first and last row, for a keyed order (``RUNS``): the next page
    # starts after ``last``, the one before ends before ``first``.
    first: Key | None = None
    last: Key | None = None


class InitiativeLists:
    """The list's queries over a session factory (InitiativeService inherits them)."""

    walk_slack = 1000  # rows a search's walk may read past three times those expected
    many_hits = 50  # hits one in so many of the list or more: found by the index (_many_hits)

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory
        # Whose initiatives count for a unit (``dated.held_by``), kept while the tree stays as
        # it was: the list asks again for every page it scrolls to.
        self._held: dict[int, tuple[tuple[object, ...], Held]] = {}
        self._fts: bool | None = None  # whether the store has the FTS5 index of 0021 (SQLite)
        # Counts by filter (sort left out), kept while the store's stamp stays (``_stamp``).
        self._counts: dict[ListQuery, tuple[tuple[object, ...], int]] = {}
        self._statements: dict[tuple[object, ...], _Statement] = {}  # ``_keyed``
        self._stamp_statement: _Statement | None = None
        self._sizes: dict[ListQuery, tuple[tuple[object, ...], list[int]]] = {}  # ``_run_sizes``
        bind = session_factory.kw.get("bind")
        self._engine = bind if isinstance(bind, Engine) else None
        self._commits = _commits_of(bind) if isinstance(bind, Engine) else None

    def _held_by(self, s: Session, unit_id: int) -> Held:
        today = dt.date.today()
        tree = s.execute(
            select(func.count(Unit.id), func.max(Unit.version), func.max(Unit.updated_at))
        ).one()
        events = s.execute(select(func.count(UnitEvent.id), func.max(UnitEvent.id))).one()
        key = (*tree, *events, today)
        cached = self._held.get(unit_id)
        if cached is None or cached[0] != key:
            cached = (key, held_by(DatedTree.load(s), unit_id, today))
            self._held[unit_id] = cached
        return cached[1]

    def _has_fts(self, s: Session) -> bool:
        if self._fts is None:
            conn = s.connection()
            self._fts = conn.dialect.name == "sqlite" and bool(
                conn.scalar(
                    text("SELECT count(*) FROM sqlite_master WHERE name = :name"),
                    {"name": FTS_TABLE},
                )
            )
        return self._fts

    def _filtered(
        self,
        s: Session,
        q: ListQuery,
        probe: bool = False,
        member: bool = False,
        unindexed: bool | None = None,
    ) -> Select[int]:
        """The initiatives of ``q`` (their ids). A search drives the query from its hits
        (``_hits``); with ``probe``, tests each row read on its own (``_probe``: a walk
        down an index of the list's order, for a search that holds many rows); with
        ``member``, asks of each row read whether it is among the hits (SQLite gathers them
        into a temporary index and, left to itself, walks the order's index). ``unindexed``
        (a walk's, by default with ``probe``): the period, status, field and sector are
        tested on each row read, no index of theirs chosen to find the rows instead."""
        words = fold(q.search).split()
        if unindexed is None:
            unindexed = probe

        def tested(column: Any) -> Any:
            return _Unindexed(column) if unindexed else column

        if words and probe:
            stmt = select(Initiative.id).where(_probe(words))
        elif words and member:
            stmt = select(Initiative.id).where(Initiative.id.in_(self._hits(s, q, words)))
        elif words:
            # Collect the hits first, then look each up by primary key.
            found = self._hits(s, q, words).cte("hits").prefix_with("MATERIALIZED")
            on = Initiative.id == found.c.initiative_id
            stmt = select(Initiative.id).select_from(_HitsFirst(found, Initiative, on))
        else:
            stmt = select(Initiative.id)
        stmt = stmt.where(
            Initiative.deleted_at.is_not(None) if q.deleted else Initiative.deleted_at.is_(None)
        )
        if q.campaign_id is not None:
            stmt = stmt.where(Initiative.campaign_id == q.campaign_id)
        window_start = None
        dates = self._period_dates(s, q)
        if dates is not None:
            window_start, window_end = dates
            # A walk tests each row of the order's index by the period too; left to choose,
            # SQLite ranges over the dates' index and sorts the period's rows (2.7 s for half
            # of 1,000,000, against 11 ms walking the title index to the first page).
            stmt = stmt.where(
                counted_in(
                    tested(Initiative.applied_on),
                    window_start,
                    window_end,
                    tested(Initiative.applied_precision),
                )
            )
        if q.unit_ids is not None:
            stmt = stmt.where(Initiative.unit_id.in_(sorted(q.unit_ids)))
        if q.counted_for is not None:
            stmt = stmt.where(_counted_for(self._held_by(s, q.counted_for), window_start))
        if q.field_id is not None:
            stmt = stmt.where(tested(Initiative.field_id) == q.field_id)
        if q.sector is not None:
            stmt = stmt.where(tested(Initiative.sector) == q.sector)
        if q.status is not None:
            stmt = stmt.where(tested(Initiative.status) == q.status)
        return stmt

    def _hits(self, s: Session, q: ListQuery, words: Sequence[str]) -> Select[Any]:
        """The ids (``initiative_id``) of the initiatives whose folded text holds every word.

        SQLite, a word of three letters or more: the trigram index (0021) finds the rows
        holding it, as a phrase, which is the same test as ``LIKE '%word%'`` on the folded
        text (every character, the space too, is in its trigrams, both sides case-folded):
        the hits are read off the index alone, not off every row's text. A shorter word is
        then checked by LIKE on the hits' text. Without the index (PostgreSQL, whose pg_trgm
        index serves the LIKEs themselves; an SQLite without FTS5; only short words): the
        narrow search table is scanned with a LIKE per word."""
        long = [w for w in words if len(w) >= 3] if self._has_fts(s) else []
        if not long:
            scanned = select(InitiativeSearch.initiative_id)
            if q.campaign_id is not None:
                scanned = scanned.where(InitiativeSearch.campaign_id == q.campaign_id)
            return scanned.where(
                *(InitiativeSearch.text.contains(w, autoescape=True) for w in words)
            )
        phrase = " ".join('"' + w.replace('"', '""') + '"' for w in long)
        fts = table(FTS_TABLE, column("rowid"), column("text"))
        matched = select(fts.c.rowid.label("initiative_id")).where(fts.c.text.match(phrase))
        short = [w for w in words if len(w) < 3]
        if not short:
            return matched
        return select(InitiativeSearch.initiative_id).where(
            InitiativeSearch.initiative_id.in_(matched),
            *(InitiativeSearch.text.contains(w, autoescape=True) for w in short),
        )

    def _count_statement(self, s: Session, q: ListQuery) -> Select[Any]:
        """The COUNT of ``q``. A search of the whole campaign's live list: on PostgreSQL, and
        on SQLite for short words only, the search table's rows holding the words less the
        bin's (``_count_scanned``); on SQLite otherwise its trigram hits over the live rows'
        narrow index (campaign, id): a seek per hit there, not into the wide rows (at
        1,000,000 initiatives «nguyen thi» holds 60,000: ~90 ms, ~50 of them the index's
        phrase, against ~350 ms by the rows). A short-word search inside a filter holding a
        third of the campaign or less: the filter's rows, each tested by its text. Any other
        list: its rows counted as ``_filtered`` finds them."""
        words = fold(q.search).split()
        plain = replace(q, search="", sort=SortKey.TITLE, descending=False) == ListQuery(
            campaign_id=q.campaign_id
        )
        cid = q.campaign_id
        whole_search = bool(words) and plain
        short = bool(words) and all(len(w) < 3 for w in words)
        if whole_search and cid is not None and s.get_bind().dialect.name == "postgresql":
            return self._count_scanned(cid, words)  # pg_trgm's index serves LIKE
        if (
            short
            and not plain
            and self._walkable(q)
            and 3 * self.count(replace(q, search="")) <= self.count(_whole(q))
        ):
            # A filter holding a third of the campaign or less: its rows off its own index,
            # each tested by its text. The hits of a short word are most of the campaign,
            # and collecting them read them all (a status and «an» at 1,000,000: 1.0 s, now
            # 0.37); for a filter holding more (half the campaign in a period), the other
            # way is the cheaper.
            tested = self._filtered(s, q, probe=True, unindexed=False)
            return select(func.count()).select_from(tested.subquery())
        if whole_search and cid is not None and self._has_fts(s):
            if short:
                return self._count_scanned(cid, words)
            # SQLite would rather seek each hit by its primary key in the wide rows (or
            # scan another index): the index is named (SQLAlchemy has no SQLite hints).
            hinted = table(quoted_name(f"initiative INDEXED BY {LIVE_BY_ID}", quote=False))
            return (
                select(func.count())
                .select_from(hinted)
                .where(
                    literal_column("initiative.campaign_id") == q.campaign_id,
                    literal_column("initiative.deleted_at").is_(None),
                    literal_column("initiative.id").in_(self._hits(s, q, words)),
                )
            )
        return select(func.count()).select_from(self._filtered(s, q).subquery())

    @staticmethod
    def _count_scanned(campaign_id: int, words: Sequence[str]) -> Select[Any]:
        """The COUNT of a search in a campaign's live list: the narrow search table's rows of
        the campaign holding every word (one row per initiative, the campaign kept in step
        by the store's triggers), less those of the bin. On SQLite, for short words only: a
        short word is in most rows («an»: 97 of 100), and a seek of each hit in the live
        rows' index cost three times the scan itself, where the bin's rows are found off
        its own index. On PostgreSQL for every search: pg_trgm's index finds the rows of a
        longer word."""
        has = [InitiativeSearch.text.contains(w, autoescape=True) for w in words]
        scanned = (
            select(func.count())
            .select_from(InitiativeSearch)
            .where(InitiativeSearch.campaign_id == campaign_id, *has)
        )
        binned = (
            select(func.count())
            .select_from(Initiative)
            .join(InitiativeSearch, InitiativeSearch.initiative_id == Initiative.id)
            .where(Initiative.campaign_id == campaign_id, Initiative.deleted_at.is_not(None))
            .where(*has)
        )
        return select(scanned.scalar_subquery() - binned.scalar_subquery())

    def count(self, q: ListQuery) -> int:
        """How many initiatives ``q`` holds: counted once, then kept while nothing is written
        (a COUNT of 1,000,000 rows costs ~300 ms; the list asks again at every sort and
        reload)."""
        q = replace(q, sort=SortKey.TITLE, descending=False)
        with self._read() as read:
            s = read.session
            stamp = self._stamp(read)
            cached = self._counts.get(q)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            if self._walkable(q):  # compiled once and kept, as a keyed page's statements
                key = (q, "count", self._period_dates(s, q))
                kept = self._statements.get(key)
                if kept is None:
                    stmt = self._count_statement(s, q)
                    kept = _Statement(stmt, _for_driver(self._engine, stmt))
                    self._statements[key] = kept
                total = read.rows(kept, {})[0][0] or 0
            else:
                total = s.scalar(self._count_statement(s, q)) or 0
        if len(self._counts) > 64:
            self._counts.clear()
        self._counts[q] = (stamp, total)
        return total

    def _stamp(self, read: _Read) -> tuple[object, ...]:
        """What changes whenever a count may have: the writes this program committed (every
        statement passes the engine), the latest initiative entered and edited, each off an
        index (another program or PC writing the same store), and the day (the counting
        rule of ``counted_for`` goes by today)."""
        if self._stamp_statement is None:
            stmt = select(
                select(func.max(Initiative.id)).scalar_subquery(),
                select(func.max(Initiative.updated_at)).scalar_subquery(),
            )
            self._stamp_statement = _Statement(stmt, _for_driver(self._engine, stmt))
        latest = read.rows(self._stamp_statement, {})[0]
        mine = self._commits[0] if self._commits is not None else object()
        return (mine, *latest, dt.date.today())

    def _ordered(self, s: Session, q: ListQuery) -> Select[int]:
        order = {
            SortKey.TITLE: Initiative.title_key,
            SortKey.AUTHORS: Initiative.authors_key,
            SortKey.APPLIED_ON: Initiative.applied_on,
            SortKey.BENEFIT: Initiative.benefit_vnd,
            SortKey.CREATED: Initiative.id,
            SortKey.STATUS: case(
                {st: i for i, st in enumerate(InitiativeStatus)}, value=Initiative.status
            ),
        }
        stmt = self._filtered(s, q)
        col: SQLColumnExpression[Any]
        if q.sort == SortKey.UNIT:
            stmt = stmt.join(Unit, Unit.id == Initiative.unit_id)
            col = Unit.name_key
        else:
            col = order[q.sort]
        tie = Initiative.id.desc() if q.descending else Initiative.id.asc()
        ordered = col.desc() if q.descending else col.asc()
        blank = BLANKS.get(q.sort)
        if blank is None:
            return stmt.order_by(ordered, tie)
        # Rows without a value come last whichever way the column is sorted (SQLite and
        # PostgreSQL disagree on where NULL goes; an empty author key is blank too).
        return stmt.order_by(case((blank, 1), else_=0), ordered, tie)

    def ids(self, q: ListQuery) -> list[int]:
        """Ids of every matching initiative in display order."""
        with self._sf() as s:
            return list(s.scalars(self._ordered(s, q)))

    def position(self, q: ListQuery, initiative_id: int) -> int | None:
        """The row of ``initiative_id`` in the list of ``q`` (None when it is not in it)."""
        try:
            return self.ids(q).index(initiative_id)
        except ValueError:
            return None

    @staticmethod
    def keyed(q: ListQuery) -> bool:
        """Whether the list of ``q`` pages by key (``slice_from``) rather than by offset."""
        return q.sort in RUNS

    def slice_from(
        self,
        q: ListQuery,
        key: Key | None,
        skip: int,
        limit: int,
        backward: bool = False,
    ) -> Page:
        """``limit`` rows of a keyed list (``keyed(q)``), ``skip`` rows past the row whose
        sort key is ``key`` (None: from the start), or before it going up when ``backward``
        (None: from the end); in display order either way, with their first and last keys.

        Each page of a scroll is read after the previous one's last key, straight off the
        index whatever its depth; a jump skips from the nearest page read (or an end of the
        list), over the index alone. An order of several runs (``RUNS``) goes on into the
        next run where one ends. A search that holds many of the list's rows walks the
        order's index and tests each row (``_walk_window``) rather than collecting every
        hit and sorting them."""
        window = self._walk_window(q, skip + limit)
        width = len(ROW_COLUMNS)
        with _collector_paused(), self._read() as read:
            found = self._slice(read, q, key, skip, limit, backward, window) if window else None
            if found is None:  # no walk, or its window held too few hits: collect them
                many = self._many_hits(q)
                found = self._slice(read, q, key, skip, limit, backward, 0, many) or []
        if backward:
            found.reverse()
        if not found:
            return Page()
        first, last = found[0], found[-1]
        with _collector_paused():
            rows = _rows_of([r for _run, r in found])
        return Page(rows, 0, (first[0], *first[1][width:]), (last[0], *last[1][width:]))

    def _walk_window(self, q: ListQuery, rows: int) -> int:
        """How many rows of the list's order a walk may read to find ``rows`` hits of
        ``q``'s search (0: collect the hits instead). A search through the trigram index
        of the whole campaign's live list, whose hits are dense enough that the rows read
        to reach them (``rows`` over the share of the list they are) are fewer than the
        hits: «nguyen thi» holds 6% of 1,000,000, so its first page is found among ~3,400
        rows of the title index, each tested by its own text (~12 ms), where collecting
        and sorting its 60,000 hits reads every one of them in the wide rows (~300 ms).
        The window allows three times the rows expected (hits are not spread evenly: a
        word of the titles gathers in one part of the title order); past it, the hits are
        collected after all. The counts are the list's own, kept per stamp."""
        if not self._walkable(q):
            return 0
        hits = self.count(q)
        if not hits:
            return 0
        live = self.count(ListQuery(campaign_id=q.campaign_id))  # the rows the walk reads
        expected = rows * live // hits
        return min(live, 3 * expected + self.walk_slack) if expected <= hits else 0

    def _many_hits(self, q: ListQuery) -> bool:
        """Whether ``q``'s hits, collected (no walk, or one whose window held too few), are
        best found by walking the order's index and asking of each row whether it is among
        them (``_filtered``'s ``member``) rather than each looked up and sorted: on SQLite,
        when they are a fiftieth of the list or more. Looking a hit up costs some 3.5 µs (a
        seek into the wide rows), passing a row of the index some 60 ns: «xay dung» holds
        64,000 of 1,000,000, gathered near the end of the title order where the titles
        start with those words (its walk's window ends before them), and its page took
        230 ms looked up and sorted, 50 ms by the index."""
        if _tested(q) or not fold(q.search).split():
            return False
        if not (self._walkable(q) and self._fts):
            return False
        hits = self.count(q)
        return hits > 0 and hits * self.many_hits >= self.count(_whole(q))

    def _walkable(self, q: ListQuery) -> bool:
        """Whether ``q`` is a search of the whole campaign's live list, or a period, status,
        field or sector of it (with a search or not), in a keyed order: the filters a
        walk's rows are tested by. A search on an SQLite store with the trigram index or on
        PostgreSQL (``_count_statement`` says how each counts it); the other filters on
        SQLite (each row tested through ``_Unindexed``).

        A search of short words only (one or two letters, which no trigram finds) walks
        too: «an» holds nearly every row, and collecting and sorting its hits read them all
        (0.4 s at 100,000), where its first page is among the first rows of the order. On
        PostgreSQL, whose pg_trgm index serves the LIKEs, collecting and sorting «nguyen
        thi»'s 6,000 hits at 100,000 took 80 ms, its walk 10. Left to choose, SQLite
        finds a period's or a status's rows by their own index and sorts them all for every
        page (1.7 s for half of 1,000,000)."""
        if q.sort not in RUNS or q.campaign_id is None:
            return False
        tested, words = _tested(q), fold(q.search).split()
        if not words and not tested:
            return False
        if tested and any(len(w) >= 3 for w in words):
            return False  # the trigram's hits with a filter: few, collected in one query
        if replace(_whole(q), sort=SortKey.TITLE, descending=False) != ListQuery(
            campaign_id=q.campaign_id
        ):
            return False
        if self._engine is not None and self._engine.dialect.name == "postgresql":
            return not tested  # a walk testing the period or a column is SQLite's
        if self._fts is None:
            with self._sf() as s:
                self._has_fts(s)
        return bool(self._fts)

    def _slice(
        self,
        read: _Read,
        q: ListQuery,
        key: Key | None,
        skip: int,
        limit: int,
        backward: bool,
        window: int,
        many: bool = False,
    ) -> list[tuple[int, Any]] | None:
        """The rows of ``slice_from`` (run, line and keys), in the order read. ``window``:
        walk the order's index, each run at most ``window`` rows on (``_walk_window``),
        testing each row by its text (None when the window ends before the rows do); 0:
        the search's hits collected (``many``: then the order's index walked, each row
        asked whether it is among them, ``_many_hits``), or no search."""
        down = q.descending != backward  # the order read: reversed when going up
        runs = _runs(q)
        step = -1 if backward else 1
        run = key[0] if key is not None else (len(runs) - 1 if backward else 0)
        after: Key | None = key[1:] if key is not None else None
        found: list[tuple[int, Any]] = []

        def bound() -> dict[str, Any] | None:
            """The key ``window`` rows on in the run (None: the run ends before), over the
            whole list's index alone."""
            bare = _whole(q)  # the order's index alone
            ahead = self._keyed(read, bare, run, "jump", after is not None, down)
            end = read.rows(ahead, {**_binds(after), "skip": window - 1})
            return {f"b{i}": v for i, v in enumerate(end[0])} if end else None

        def walk(end: dict[str, Any] | None) -> str:
            if not window:
                return "member" if many else ""
            return "bounded" if end is not None else "open"

        if skip:
            # The skipped rows over the index alone (their keys, not their lines): the key
            # of the last one skipped, then the page after it by key. A whole run shorter
            # than what is left to skip is passed by its size, kept as the count is
            # (``_run_sizes``); the rest of a run after a key, by a count.
            sizes = self._run_sizes(read, q) if len(runs) > 1 and not window else None
            while True:
                if not 0 <= run < len(runs):
                    return []
                if sizes is not None and after is None and sizes[run] < skip:
                    skip -= sizes[run]
                    run += step
                    continue
                end = bound() if window else None
                binds = {**_binds(after), **(end or {})}
                way = walk(end)
                jump = self._keyed(read, q, run, "jump", after is not None, down, way)
                landed = read.rows(jump, {**binds, "skip": skip - 1})
                if landed:
                    after = tuple(landed[0])
                    break
                if end is not None:
                    return None  # the window held fewer hits than the skip
                if len(runs) == 1:
                    return []
                counted = self._keyed(read, q, run, "count", after is not None, down, way)
                skip -= read.rows(counted, binds)[0][0]
                run, after = run + step, None
        # The lines themselves, read in the key's order off the index, run after run.
        while 0 <= run < len(runs) and len(found) < limit:
            end = bound() if window else None
            lines = self._keyed(read, q, run, "lines", after is not None, down, walk(end))
            binds = {**_binds(after), **(end or {}), "limit": limit - len(found)}
            part = read.rows(lines, binds)
            found.extend((run, r) for r in part)
            if end is not None and len(found) < limit:
                return None  # the window held fewer hits than the page
            run, after = run + step, None
        return found

    def _run_sizes(self, read: _Read, q: ListQuery) -> list[int]:
        """How many rows each run of ``q``'s order holds (``_runs``), counted once over their
        indexes and kept while the store's stamp stays, as the total is (``count``): a jump
        from an end of the list passes whole runs by their size, not by reading them."""
        stamp = self._stamp(read)
        cache_key = replace(q, descending=False)
        kept = self._sizes.get(cache_key)
        if kept is None or kept[0] != stamp:
            upward = _runs(cache_key)
            counts = [
                read.rows(self._keyed(read, cache_key, i, "count", False, False), {})[0][0]
                for i in range(len(upward))
            ]
            if len(self._sizes) > 64:
                self._sizes.clear()
            kept = self._sizes[cache_key] = (stamp, counts)
        sizes = kept[1]
        # A descending status order has its runs the other way round (``_runs``).
        return sizes[::-1] if q.descending and q.sort in _RUNS_TURN else list(sizes)

    def _keyed(
        self,
        read: _Read,
        q: ListQuery,
        run: int,
        part: str,
        after: bool,
        down: bool,
        walk: str = "",
    ) -> _Statement:
        """The statement of a keyed page in one run of the order (``part``: "jump" finds the
        key ``:skip`` rows on, "count" counts the run's rows, "lines" reads ``:limit``
        lines), after the key ``:k0, :k1`` when ``after``. Built and compiled once per list
        and kept: building it costs more than SQLite takes to run it. A period's is kept
        under the period's dates; a unit's counting rule reads the store, so those lists
        build it each time.

        A walk (``walk``: "open", or "bounded" up to the key ``:b0, :b1`` included) tests
        each row of the run by its search text (``_probe``) and its other filters
        (``_Unindexed``) instead of collecting the hits; "member" asks of each row whether
        it is among the hits (``_many_hits``).

        The key's values are the database's own (a day as SQLite stores it), both ways."""
        # A period's statement holds its dates: kept under them (an edited period's differ).
        cache_key = (q, run, part, after, down, walk, self._period_dates(read.session, q))
        kept = self._statements.get(cache_key)
        if kept is not None:
            return kept
        where, cols = _runs(q)[run]
        order = [c.desc() if down else c.asc() for c in cols]
        probe, member = walk in ("open", "bounded"), walk == "member"
        stmt: Any = self._filtered(read.session, q, probe, member)  # the run's columns
        if where is not None:
            stmt = stmt.where(where)
        # The key's columns as stored: no conversion.
        stored = [type_coerce(c, String).label(f"key{i}") for i, c in enumerate(cols)]
        lines = part == "lines"
        stmt = _with_row_columns(stmt, *stored) if lines else stmt.with_only_columns(*stored)
        if after:
            keys: list[Any] = [bindparam(f"k{i}") for i in range(len(cols))]
            mine: Any = tuple_(*cols) if len(cols) > 1 else cols[0]
            theirs: Any = tuple_(*keys) if len(cols) > 1 else keys[0]
            stmt = stmt.where(mine < theirs if down else mine > theirs)
        if walk == "bounded":
            ends: list[Any] = [bindparam(f"b{i}") for i in range(len(cols))]
            mine = tuple_(*cols) if len(cols) > 1 else cols[0]
            end: Any = tuple_(*ends) if len(cols) > 1 else ends[0]
            stmt = stmt.where(mine >= end if down else mine <= end)
        if part == "count":
            stmt = select(func.count()).select_from(stmt.subquery())
        elif part == "jump":
            stmt = stmt.order_by(*order).offset(bindparam("skip")).limit(1)
        else:
            stmt = stmt.order_by(*order).limit(bindparam("limit"))
        if q.counted_for is None:
            if len(self._statements) > 256:
                self._statements.clear()
            kept = self._statements[cache_key] = _Statement(stmt, _for_driver(self._engine, stmt))
            return kept
        return _Statement(stmt, None)

    @staticmethod
    def _period_dates(s: Session, q: ListQuery) -> tuple[dt.date | None, dt.date | None] | None:
        """The counting window of ``q``'s period (None: no period), as its statements use it."""
        if q.period_id is None:
            return None
        period = s.get(Period, q.period_id)
        if period is None:
            raise NotFound("Không tìm thấy giai đoạn.")
        return period.count_from, period.count_to

    @contextmanager
    def _read(self) -> Iterator[_Read]:
        with self._sf() as s:
            read = _Read(s, self._engine)
            try:
                yield read
            finally:
                read.close()

    def ids_slice(self, q: ListQuery, offset: int, limit: int) -> list[int]:
        """One slice of the ids in display order: the table fetches pages as it scrolls."""
        with self._sf() as s:
            return list(s.scalars(self._ordered(s, q).offset(offset).limit(limit)))

    def rows_slice(self, q: ListQuery, offset: int, limit: int) -> list[InitiativeRow]:
        return self.rows(self.ids_slice(q, offset, limit))

    def stream_rows(
        self, q: ListQuery, chunk: int = 2000
    ) -> Generator[list[InitiativeRow], None, None]:
        """Every row of ``q`` in display order, ``chunk`` rows at a time, from one query read
        as it goes (a million rows are never all in memory, and no IN list of their ids is
        needed: SQLite refuses one that long). One read, so one consistent list even while
        someone edits; close the iterator to stop early (the export's «Huỷ»)."""
        from sqlalchemy.orm import aliased

        unit = aliased(Unit)  # the unit sort has joined Unit already
        with self._sf() as s:
            stmt = (
                self._ordered(s, q)
                .add_columns(
                    Initiative.uid,
                    Initiative.title,
                    Initiative.authors_text,
                    Initiative.unit_id,
                    unit.short_name,
                    unit.name,
                    Field.name,
                    Initiative.sector,
                    Initiative.status,
                    Initiative.applied_on,
                    Initiative.benefit_vnd,
                    Initiative.deleted_at,
                    Initiative.confidential,
                    Initiative.applied_precision,
                    Initiative.entered_late,
                )
                .join(unit, unit.id == Initiative.unit_id)
                .outerjoin(Field, Field.id == Initiative.field_id)
            )
            # Core, not the ORM's loading (three times slower a row); stream_results: a
            # server-side cursor on PostgreSQL, SQLite's cursor reads as it goes anyway.
            result = s.connection().execute(
                stmt, execution_options={"stream_results": True, "max_row_buffer": chunk}
            )
            short: dict[int, str] = {}  # each unit's list name, worked out once
            for part in result.partitions(chunk):
                lines = []
                for (
                    ini_id, uid, title, authors, unit_id, short_name, unit_name, field_name,
                    sector, status, applied_on, benefit, deleted_at, confidential, precision,
                    late,
                ) in part:  # fmt: skip
                    name = short.get(unit_id)
                    if name is None:
                        name = short[unit_id] = short_unit_name(unit_name, short_name)
                    lines.append(InitiativeRow(
                        ini_id, uid, title, authors, unit_id, name, field_name, sector, status,
                        applied_on, benefit, deleted_at is not None, unit_name, bool(confidential),
                        precision, bool(late),
                    ))  # fmt: skip
                yield lines

    def search(self, text: str, campaign_id: int | None = None, limit: int = 50) -> Page:
        """Live initiatives whose title or authors hold every typed word (diacritics ignored)."""
        q = ListQuery(campaign_id=campaign_id, search=text)
        return Page(self.rows_slice(q, 0, limit), self.count(q))

    def similar(
        self,
        campaign_id: int,
        title: str,
        exclude_id: int | None = None,
        limit: int = 5,
        threshold: float = 0.8,
    ) -> list[SimilarTitle]:
        """Initiatives of the campaign whose title is close to ``title`` (advisory only).

        Titles are compared folded (NFC, no diacritics, no case), so "Sáng kiến" and "sang
        kien" are the same, and with a similarity ratio, so a small typo still matches.
        Candidates come from the narrow search table; words in common pick the best few dozen,
        a character ratio decides.
        """
        key = fold(title)
        words = sorted({w for w in key.split() if len(w) >= 3}, key=len, reverse=True)[:6]
        if len(key) < 6 or not words:
            return []
        # Candidates hold one of the two longest words (a typo in one of them still leaves
        # the other); the words in common are then counted in Python.
        anchor = or_(*(InitiativeSearch.text.contains(w, autoescape=True) for w in words[:2]))
        with self._sf() as s:
            stmt = (
                select(InitiativeSearch.initiative_id, InitiativeSearch.text)
                .where(InitiativeSearch.campaign_id == campaign_id, anchor)
                .limit(20000)
            )
            if exclude_id is not None:
                stmt = stmt.where(InitiativeSearch.initiative_id != exclude_id)
            candidates = ((ini_id, text) for ini_id, text in s.execute(stmt))
            best = _closest(key, candidates, threshold)[:limit]
            if not best:
                return []
            details = {
                r.id: r
                for r in s.execute(
                    select(Initiative.id, Initiative.title, Initiative.authors_text, Unit.name)
                    .join(Unit, Unit.id == Initiative.unit_id)
                    .where(
                        Initiative.id.in_([i for _r, i in best]),
                        Initiative.deleted_at.is_(None),
                    )
                )
            }
        return [
            SimilarTitle(i, d.title, d.authors_text, d.name, round(r, 3))
            for r, i in best
            if (d := details.get(i)) is not None
        ]

    def rows(self, ids: Sequence[int]) -> list[InitiativeRow]:
        """The list lines for ``ids``, in the same order."""
        if not ids:
            return []
        with self._sf() as s:
            stmt = _with_row_columns(select()).where(Initiative.id.in_(list(ids)))
            by_id = {r.id: r for r in _rows_of(s.connection().execute(stmt))}
        return [by_id[i] for i in ids if i in by_id]

    def page(self, q: ListQuery, offset: int = 0, limit: int = 200) -> Page:
        """One page of rows and the total, from one query (``count(*) OVER ()``): a search
        scans the search table once, not once for the count and once for the page."""
        keyed = q.sort in RUNS
        if not fold(q.search).split():  # without a search, COUNT off an index is cheaper
            if keyed:
                top = self.slice_from(q, None, offset, limit)
                top.total = self.count(q)
                return top
            return Page(self.rows_slice(q, offset, limit), self.count(q))
        if keyed and self._walkable(q):
            # SQLite's trigram index: the total off the hits and the live rows' narrow index
            # (``_count_statement``), kept per stamp, then the page as any keyed page: a
            # walk of the order's index for a search holding many rows, its hits collected
            # and sorted for one holding few (``slice_from``).
            total = self.count(q)
            top = self.slice_from(q, None, offset, limit) if total else Page()
            top.total = total
            return top
        runs = _runs(q) if keyed else ()
        # The keys of the first and last row: the row's run, then every run's columns.
        cols: list[SQLColumnExpression[Any]] = []
        for _where, run_cols in runs:
            cols.extend(c for c in run_cols if all(c is not o for o in cols))
        place = [[next(i for i, o in enumerate(cols) if o is c) for c in rc] for _w, rc in runs]
        if keyed:
            # The lines themselves, the total and the keys, in one query compiled once.
            width = len(ROW_COLUMNS)
            with _collector_paused(), self._read() as read:
                stmt = self._search_page(read, q, cols)
                found = read.rows(stmt, {"offset": offset, "limit": limit})
                if not found:
                    return Page([], self.count(q) if offset else 0)
                rows = _rows_of(found)

            def key_of(r: Sequence[Any]) -> Key:
                run = r[width + 1]
                return (run, *(r[width + 2 + i] for i in place[run]))

            return Page(rows, found[0][width], key_of(found[0]), key_of(found[-1]))
        with self._sf() as s:
            ordered = self._ordered(s, q).add_columns(func.count().over().label("total"))
            got = s.execute(ordered.offset(offset).limit(limit)).all()
        if not got:
            return Page([], self.count(q) if offset else 0)
        return Page(self.rows([r[0] for r in got]), got[0][1])

    def _search_page(
        self, read: _Read, q: ListQuery, cols: Sequence[SQLColumnExpression[Any]]
    ) -> _Statement:
        """A page of a search in a keyed order: the lines, the total (``count(*) OVER ()``),
        the row's run and the runs' columns as stored; ``:offset``, ``:limit`` bound. Kept
        as ``_keyed`` keeps its statements."""
        cache_key = (q, "search page")
        kept = self._statements.get(cache_key)
        if kept is not None:
            return kept
        stored = [type_coerce(c, String).label(f"key{i}") for i, c in enumerate(cols)]
        stmt = _with_row_columns(
            self._ordered(read.session, q),
            func.count().over().label("total"),
            _run_number(_runs(q)),
            *stored,
        )
        stmt = stmt.offset(bindparam("offset")).limit(bindparam("limit"))
        if q.period_id is not None or q.counted_for is not None:
            return _Statement(stmt, None)
        kept = self._statements[cache_key] = _Statement(stmt, _for_driver(self._engine, stmt))
        return kept


def _tested(q: ListQuery) -> bool:
    """Whether ``q`` has a filter besides its search that a walk tests on each row."""
    return any(v is not None for v in (q.period_id, q.status, q.field_id, q.sector))


def _whole(q: ListQuery) -> ListQuery:
    """``q`` without its search and the filters a walk tests: the order a walk reads."""
    return replace(q, search="", period_id=None, status=None, field_id=None, sector=None)


class _Unindexed(FunctionElement[Any]):
    """A column as SQLite's unary ``+`` gives it: the same value, but no index of the column
    serves a condition on it (``_filtered``: a walk of the order's index tests the row by
    it); the column itself elsewhere."""

    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(_Unindexed)
def _unindexed(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_Unindexed, "sqlite")
def _unindexed_sqlite(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


class _HitsFirst(Join):
    """The join of a search's hits to the initiatives, the hits read first: SQLite's
    ``CROSS JOIN`` (which keeps the order of its tables), a plain join elsewhere. Left to
    itself, SQLite reads a page after a key by walking the order's index from the key and
    looking each row up in the hits: for a search of few rows, to the end of the list
    (seconds at 1,000,000) to find a page it could sort from a few hundred hits."""

    inherit_cache = True


@compiles(_HitsFirst, "sqlite")
def _hits_first_sqlite(join: _HitsFirst, compiler: Any, **kw: Any) -> str:
    plain: str = compiler.visit_join(join, **kw)  # "hits JOIN initiative ON …"
    return plain.replace(" JOIN ", " CROSS JOIN ", 1)


def _probe(words: Sequence[str]) -> ColumnElement[bool]:
    """Whether the initiative read holds every word: its folded text looked up by primary
    key and tested by LIKE (what a walk down the list's index asks of each row)."""
    return (
        select(literal(1))
        .where(
            InitiativeSearch.initiative_id == Initiative.id,
            *(InitiativeSearch.text.contains(w, autoescape=True) for w in words),
        )
        .exists()
    )


def _run_number(runs: Sequence[Run]) -> ColumnElement[int]:
    """The number of the run a row is in (``RUNS``), in SQL."""
    if len(runs) == 1:
        return literal(0)
    whens = [(where, i) for i, (where, _cols) in enumerate(runs[:-1]) if where is not None]
    return case(*whens, else_=len(runs) - 1)


@dataclass(frozen=True)
class _Driver:
    """A statement compiled once for the DB-API driver: its SQL, the order of its
    parameters (None: by name), and its own values as the driver takes them."""

    sql: str
    order: tuple[str, ...] | None
    fixed: dict[str, Any]

    def args(self, params: dict[str, Any]) -> Any:
        given = {**self.fixed, **params}
        return tuple(given[n] for n in self.order) if self.order is not None else given


@dataclass(frozen=True)
class _Statement:
    stmt: Any  # the Select, run through the session when ``driver`` is None
    driver: _Driver | None


_DRIVEN = re.compile(r"[kb]\d+|limit|skip|offset")  # the parameters given at each run


def _for_driver(engine: Engine | None, stmt: Any) -> _Driver | None:
    """``stmt`` compiled for ``engine``'s driver, its values converted by their types (an
    enum to its stored text); None when it cannot be run so (an IN list bound late)."""
    if engine is None:
        return None
    dialect = engine.dialect
    compiled = stmt.compile(dialect=dialect)
    if "POSTCOMPILE" in compiled.string:
        return None
    fixed = {}
    for bind, name in compiled.bind_names.items():
        if _DRIVEN.fullmatch(name):
            continue
        process = bind.type.bind_processor(dialect)
        value = bind.effective_value
        fixed[name] = process(value) if process is not None else value
    order = tuple(compiled.positiontup) if compiled.positional else None
    return _Driver(compiled.string, order, fixed)


class _Read:
    """One read of the list: a statement compiled once runs on the driver's own cursor (no
    session, result or row objects: a page costs what its query does); any other through
    the session."""

    def __init__(self, session: Session, engine: Engine | None) -> None:
        self.session = session
        self._engine = engine
        self._raw: Any = None
        self._cursor: Any = None

    def rows(self, statement: _Statement, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
        driver = statement.driver
        if driver is None or self._engine is None:
            return self.session.connection().execute(statement.stmt, params).all()
        if self._cursor is None:
            self._raw = self._engine.raw_connection()
            self._cursor = self._raw.cursor()
        self._cursor.execute(driver.sql, driver.args(params))
        found: Sequence[Sequence[Any]] = self._cursor.fetchall()
        return found

    def close(self) -> None:
        if self._raw is not None:
            self._cursor.close()
            self._raw.close()  # back to the pool, rolled back


_COMMITS: weakref.WeakKeyDictionary[Engine, list[int]] = weakref.WeakKeyDictionary()
_WROTE = "sangkien_list_wrote"  # key in a DBAPI connection's info: its transaction wrote


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a page is read and made: 200 tuples of plain
    values hold no cycle, yet every few hundred of them set off a pass over all the program
    keeps (as ``campaigns/progress.py`` found for the dashboard's rows)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _binds(after: Key | None) -> dict[str, Any]:
    """The bind parameters ``:k0, :k1 …`` of a key's values in its run."""
    return {f"k{i}": v for i, v in enumerate(after or ())}


def _commits_of(engine: Engine) -> list[int]:
    """A counter of the transactions that wrote through ``engine`` and committed (one per
    engine, shared by every list over it; the same engine events as ``services.changes``)."""
    counter = _COMMITS.get(engine)
    if counter is None:
        counter = _COMMITS[engine] = [0]

        def executed(conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            if kinds_written(statement):
                conn.info[_WROTE] = True

        def committed(conn: Any) -> None:
            if conn.info.pop(_WROTE, False):
                counter[0] += 1

        def rolled_back(conn: Any) -> None:
            conn.info.pop(_WROTE, None)

        event.listen(engine, "after_cursor_execute", executed)
        event.listen(engine, "commit", committed)
        event.listen(engine, "rollback", rolled_back)
    return counter


# The columns of a list line, in the order ``_rows_of`` reads them. The enums and the day
# come as stored (``type_coerce``: no per-row processing by SQLAlchemy) and are converted once
# per distinct value (``_day``); the bin's mark is a boolean the database computes.
ROW_COLUMNS: tuple[SQLColumnExpression[Any], ...] = (
    Initiative.id,
    Initiative.uid,
    Initiative.title,
    Initiative.authors_text,
    Initiative.unit_id,
    Unit.short_name,
    Unit.name,
    Field.name,
    type_coerce(Initiative.sector, String),
    type_coerce(Initiative.status, String),
    type_coerce(Initiative.applied_on, String),
    Initiative.benefit_vnd,
    Initiative.deleted_at.is_not(None),
    Initiative.confidential,
    type_coerce(Initiative.applied_precision, String),
    Initiative.entered_late,
)


def _with_row_columns(stmt: Select[Any], *more: SQLColumnExpression[Any]) -> Select[Any]:
    """``stmt`` selecting the columns of a list line, then ``more`` (unit and field joined)."""
    out: Select[Any] = stmt.with_only_columns(*ROW_COLUMNS, *more)
    return out.join_from(Initiative, Unit, Unit.id == Initiative.unit_id).outerjoin(
        Field, Field.id == Initiative.field_id
    )


# The stored values of a list line's enums and days, each converted once.
_SECTORS: dict[str | None, Sector | None] = {None: None, **{m.value: m for m in Sector}}
_STATUSES: dict[str, InitiativeStatus] = {m.value: m for m in InitiativeStatus}
_PRECISIONS: dict[str | None, DatePrecision | None] = {
    None: None,
    **{m.value: m for m in DatePrecision},
}
_DAYS: dict[Any, dt.date] = {}
_UNIT_NAMES: dict[tuple[str, str | None], str] = {}  # (name, short name): as the list shows it


def _day(stored: Any) -> dt.date | None:
    """SQLite keeps a day as "2022-03-05"; psycopg gives a date already."""
    if stored is None:
        return None
    found = _DAYS.get(stored)
    if found is None:
        if len(_DAYS) > 20_000:
            _DAYS.clear()
        found = stored if isinstance(stored, dt.date) else dt.date.fromisoformat(stored)
        _DAYS[stored] = found
    return found


def _rows_of(found: Iterable[Sequence[Any]]) -> list[InitiativeRow]:
    """List lines from rows of ``ROW_COLUMNS`` (each unit's shown name worked out once)."""
    names = _UNIT_NAMES
    if len(names) > 100_000:
        names.clear()
    rows = []
    sectors, statuses, precisions, day = _SECTORS, _STATUSES, _PRECISIONS, _day
    make = tuple.__new__  # a named tuple's own constructor, without its argument parsing
    for r in found:
        unit = names.get((r[6], r[5]))
        if unit is None:
            unit = names[(r[6], r[5])] = short_unit_name(r[6], r[5])
        rows.append(
            make(
                InitiativeRow,
                (
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    unit,
                    r[7],
                    sectors[r[8]],
                    statuses[r[9]],
                    day(r[10]),
                    r[11],
                    bool(r[12]),
                    r[6],
                    bool(r[13]),
                    precisions[r[14]],
                    bool(r[15]),
                ),
            )
        )
    return rows


def _closest(
    key: str, candidates: Iterable[tuple[int, str]], threshold: float
) -> list[tuple[float, int]]:
    """(ratio, id) of the candidates whose folded title is close to ``key``, best first.

    Cheap first: words in common (Jaccard) on the folded title the search table holds; the
    costlier character ratio only for the best few dozen."""
    mine = set(key.split())
    scored = []
    for ini_id, folded in candidates:
        other = folded.split(" | ", 1)[0]
        theirs = set(other.split())
        jaccard = len(mine & theirs) / len(mine | theirs)
        if jaccard >= 0.4:
            scored.append((jaccard, ini_id, other))
    scored.sort(reverse=True)
    best = []
    for _j, ini_id, other in scored[:40]:
        ratio = SequenceMatcher(None, key, other, autojunk=False).ratio()
        if ratio >= threshold:
            best.append((ratio, ini_id))
    best.sort(key=lambda b: (-b[0], b[1]))
    return best


def _counted_for(held: Held, window_start: dt.date | None = None) -> ColumnElement[bool]:
    """The SQL condition of the counting rule for one unit (``dated.held_by``). In a window
    from ``window_start``, an initiative is judged by its first day inside the window: a
    month or quarter begun before it (windows.py) by the window's first day, as the
    dashboard counts it."""
    col = Initiative.unit_id
    day: SQLColumnExpression[dt.date | None] = Initiative.applied_on
    if window_start is not None:
        day = case((Initiative.applied_on < window_start, window_start), else_=day)
    terms: list[ColumnElement[bool]] = [col.in_(sorted(held.always))]
    for lo, hi, units in held.pieces:
        within = [col.in_(sorted(units)), day.is_not(None), day <= hi]
        if lo is not None:
            within.append(day >= lo)
        terms.append(and_(*within))
    if held.undated:
        terms.append(and_(col.in_(sorted(held.undated)), day.is_(None)))
    return or_(*terms)
