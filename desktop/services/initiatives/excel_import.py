"""Import a list of initiatives from an Excel file that an office already keeps.

Three steps, so that nothing is written before the person has seen what will happen:

1. :meth:`InitiativeImportService.read` reads the sheet and guesses its columns
   (``excel_sheet``);
2. :meth:`~InitiativeImportService.plan` turns every row into an initiative to create, update
   or leave unchanged, or a rejection with its row number and reason (``excel_plan``);
3. :meth:`~InitiativeImportService.commit` writes the plan in one transaction (Core
   executemany for new rows), and remembers the answers given about columns and units.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import logging
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.schema import CreateIndex, DropIndex

from desktop.models import (
    AppMeta,
    AuditEntry,
    Author,
    AuthorKind,
    Initiative,
    InitiativeStatus,
    Office,
    Period,
    Unit,
    utcnow,
)
from desktop.services.campaigns.closing import refuse_if_closed
from desktop.services.common import ServiceError, audit, current_actor, local_office, tick
from desktop.services.initiatives import excel_many
from desktop.services.initiatives.excel_layout import SkippedRow
from desktop.services.initiatives.excel_plan import (
    Cancel,
    ImportPlan,
    PlannedRow,
    Progress,
    RejectedRow,
    plan_rows,
    read_catalogue,
    unit_key,
)
from desktop.services.initiatives.excel_sheet import IGNORE, SheetData, guess_target, read_sheet
from desktop.services.initiatives.excel_values import date_checks
from desktop.services.initiatives.service import (
    AuthorInput,
    InitiativeInput,
    InitiativeService,
    _input_of,
    apply_input,
    owner_name,
)
from desktop.services.rules.deadline import LATE_LABEL, late_issue
from desktop.services.rules.ownership import ownership
from desktop.services.rules.records import Issue
from desktop.text.collation import collation_key, person_sort_key
from desktop.text.normalise import clean, fold, nfc

log = logging.getLogger(__name__)

_COLUMNS_KEY = "import.initiatives.columns"
_UNITS_KEY = "import.initiatives.units"


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rejected: tuple[RejectedRow, ...]
    # What the preview warned of: about columns, and (row number, warning) of rows read.
    notes: tuple[str, ...] = ()
    warnings: tuple[tuple[int, str], ...] = ()
    skipped: tuple[SkippedRow, ...] = ()  # rows that are no initiatives (numbering, totals)
    sheet: str = ""  # the sheet read (the sheets, joined by ", ")
    left_out: tuple[str, ...] = ()  # sheets not read with --all-sheets, and why
    late: int = 0  # new rows after their period's entry deadline, kept as "nhập sau hạn"

    def to_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "sheets_left_out": list(self.left_out),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "late": self.late,
            "rejected": [
                {"row": r.row_number, "title": r.title, "reason": r.reason} for r in self.rejected
            ],
            "notes": list(self.notes),
            "warnings": [{"row": n, "warning": w} for n, w in self.warnings],
            "skipped": [
                {"row": r.row_number, "text": r.text, "reason": r.reason} for r in self.skipped
            ],
        }


def _table(model: type[Any]) -> Table:
    """The table a model maps (typed FromClause by SQLAlchemy; these models map plain tables)."""
    return cast(Table, model.__table__)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a list is read, planned or written, and let run
    again after. A list of 100,000 rows makes millions of tuples and small objects that stay
    alive (the rows, their inputs, the columns written) and hold no cycle, and each of the
    collector's full passes walked all of them again: a quarter of the whole import's time.
    Memory is still freed as ever (by reference counting); only cycles wait, and an import
    makes hardly any."""
    if not gc.isenabled():  # already paused: by the caller (import_file), or on purpose
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class InitiativeImportService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    # remembered answers, kept in the store (they belong to the office, not to one PC)
    def _meta(self, key: str) -> dict[str, Any]:
        with self._sf() as s:
            row = s.get(AppMeta, key)
            return json.loads(row.value) if row else {}

    def remembered_columns(self) -> dict[str, str]:
        return self._meta(_COLUMNS_KEY)

    def remembered_units(self) -> dict[str, int]:
        return self._meta(_UNITS_KEY)

    def remember(self, s: Session, key: str, values: dict[str, Any]) -> None:
        row = s.get(AppMeta, key)
        merged = json.loads(row.value) if row else {}
        merged.update(values)
        text = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        if row is None:
            s.add(AppMeta(key=key, value=text))
        else:
            row.value = text

    @_no_cycle_collection()
    def read(self, path: str | Path, sheet: str | None = None) -> SheetData:
        """The sheet ``sheet`` of the list (else its first visible one), with its columns
        guessed (and the answers remembered from earlier imports)."""
        return read_sheet(path, self.remembered_columns(), sheet)

    # ---- planning ------------------------------------------------------------------------
    @_no_cycle_collection()
    def plan(
        self,
        sheet: SheetData,
        campaign_id: int,
        column_map: dict[int, str] | None = None,
        unit_map: dict[str, int] | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportPlan:
        """What importing ``sheet`` into the campaign would do; writes nothing."""
        cmap = dict(sheet.mapping())
        if column_map:
            cmap.update({i: t for i, t in column_map.items()})
        cmap = {i: t for i, t in cmap.items() if t}
        if "title" not in cmap.values():
            raise ServiceError("Chưa có cột «Tên sáng kiến»: hãy chọn cột nào là tên sáng kiến.")
        umap = {**{k: int(v) for k, v in self.remembered_units().items()}}
        umap.update({unit_key(k): v for k, v in (unit_map or {}).items()})
        with self._sf() as s:
            refuse_if_closed(s, campaign_id)
            catalogue = read_catalogue(s, campaign_id)
            closes = _entry_deadlines(s, campaign_id)
        checks = date_checks(sheet.rows, {t: i for i, t in cmap.items()})
        planned, rejected, unknown = plan_rows(
            sheet, campaign_id, catalogue, cmap, umap, progress, cancel, checks
        )
        return ImportPlan(
            campaign_id,
            sheet,
            tuple(_with_late_warnings(planned, closes, utcnow())),
            tuple(rejected),
            tuple(unknown),
            cmap,
            {unit_key(k): v for k, v in (unit_map or {}).items()},
            tuple(c.message for c in checks.values()),
        )

    # ---- writing -------------------------------------------------------------------------
    @_no_cycle_collection()
    def commit(
        self,
        plan: ImportPlan,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportResult:
        """Write the plan in one transaction; remember the column and unit answers.

        ``progress(done, total)`` counts the rows written; ``cancel()`` asked between steps,
        up to the last moment before the commit, stops with :class:`ImportCancelled` and the
        transaction rolled back: nothing of the sheet is saved (all or nothing)."""
        creates = [r for r in plan.rows if r.action == "create"]
        updates = [r for r in plan.rows if r.action == "update"]
        total = len(creates) + len(updates)
        now = utcnow()

        def step(done: int) -> None:
            if cancel is not None and cancel():
                raise ImportCancelled("Đã huỷ việc nhập: không dòng nào được ghi.")
            if progress is not None:
                progress(done, total)

        with self._sf.begin() as s:
            step(0)
            refuse_if_closed(s, plan.campaign_id)
            _refuse_not_owned(s, creates + updates)
            office = local_office(s)
            clock = office.clock if office else 0
            closes = _entry_deadlines(s, plan.campaign_id)
            late = {r.row_number for r in creates if _late(r, closes, now) is not None}
            if creates:
                clock = _insert_new(s, creates, office, clock, now, late)
            if office:
                office.clock = clock
            step(len(creates))
            _update_all(s, updates, plan.column_map, lambda i: step(len(creates) + i))
            self._remember_answers(s, plan)
            step(total)  # the last chance: past it, the transaction commits
        log.info("initiatives imported: %d new, %d updated", len(creates), len(updates))
        return ImportResult(
            len(creates),
            len(updates),
            sum(1 for r in plan.rows if r.action == "unchanged"),
            plan.rejected,
            plan.notes,
            _warnings(plan),
            plan.sheet.skipped,
            plan.sheet.sheet_name,
            late=len(late),
        )

    def _remember_answers(self, s: Session, plan: ImportPlan) -> None:
        """The columns answered otherwise than guessed, and the units chosen by hand."""
        headers = {c.index: c.header for c in plan.sheet.columns}
        self.remember(
            s,
            _COLUMNS_KEY,
            {
                fold(headers[i]): plan.column_map.get(i, IGNORE)
                for i in headers
                if guess_target(headers[i]) != plan.column_map.get(i)
            },
        )
        if plan.unit_map:
            self.remember(s, _UNITS_KEY, plan.unit_map)

    @_no_cycle_collection()
    def import_file(
        self,
        path: str | Path,
        campaign_id: int,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        sheet: str | None = None,
        all_sheets: bool = False,
    ) -> ImportResult:
        """Read the sheet ``sheet`` (else the first visible one; with ``all_sheets``, every
        visible sheet with the same header, ``excel_many``), plan and (unless ``dry_run``)
        commit in one transaction, with the remembered answers."""
        if all_sheets:
            sheets, left_out = excel_many.read_same_header(self.read, path)
        else:
            sheets, left_out = [self.read(path, sheet)], []
        plans = [self.plan(s, campaign_id, progress=progress, cancel=cancel) for s in sheets]
        plan = excel_many.merge_plans(plans)
        skipped = excel_many.skipped_of(sheets)
        names = ", ".join(s.sheet_name for s in sheets)
        if dry_run:
            c = plan.counts()
            result = ImportResult(
                c["create"],
                c["update"],
                c["unchanged"],
                plan.rejected,
                plan.notes,
                _warnings(plan),
                skipped,
                names,
                late=sum(1 for r in plan.rows if r.action == "create" and _is_late_row(r)),
            )
        else:
            result = replace(self.commit(plan), skipped=skipped, sheet=names)
        return replace(result, left_out=tuple(left_out))


def _warnings(plan: ImportPlan) -> tuple[tuple[int, str], ...]:
    return tuple((r.row_number, w) for r in plan.rows for w in r.warnings)


class ImportCancelled(ServiceError):
    """The person stopped the writing: the transaction was rolled back, nothing saved."""


# ---- the entry deadline (rules/deadline.py: kept and flagged, said on the row) -----------
_Closes = dict[int, tuple[str, dt.datetime | None]]


def _entry_deadlines(s: Session, campaign_id: int) -> _Closes:
    return {
        pid: (name, closes)
        for pid, name, closes in s.execute(
            select(Period.id, Period.name, Period.entries_close_at).where(
                Period.campaign_id == campaign_id
            )
        )
    }


def _late(r: PlannedRow, closes: _Closes, now: dt.datetime) -> Issue | None:
    if r.action != "create" or r.data.period_id not in closes:
        return None
    name, at = closes[r.data.period_id]
    return late_issue(name, at, now)


def _with_late_warnings(
    rows: list[PlannedRow], closes: _Closes, now: dt.datetime
) -> list[PlannedRow]:
    out = []
    for r in rows:
        issue = _late(r, closes, now)
        out.append(replace(r, warnings=(*r.warnings, issue.message)) if issue else r)
    return out


def _is_late_row(r: PlannedRow) -> bool:
    return any(LATE_LABEL in w for w in r.warnings)


# ---- the writing steps -------------------------------------------------------------------
def _refuse_not_owned(s: Session, rows: list[PlannedRow]) -> None:
    """The plan was made a moment ago; the office cannot have changed, but a plan built by
    hand (the CLI, a test) must not write another office's initiatives either. One query for
    the rows' units, whatever their number."""
    own = ownership(s)
    ids = sorted({r.data.unit_id for r in rows})
    for start in range(0, len(ids), 500):
        for unit in s.scalars(select(Unit).where(Unit.id.in_(ids[start : start + 500]))):
            if not own.owns_content(unit.parent_id, unit.id):
                raise own.not_content_owner(unit.name, owner_name(s, unit))


class _Keys:
    """The derived keys of the rows written, each computed once per distinct text (a name
    recurs on many rows of a list)."""

    def __init__(self) -> None:
        self.people: dict[str, str] = {}
        self.cleaned: dict[str, str] = {}

    def clean(self, text: str | None) -> str:
        if text is None:
            return ""
        out = self.cleaned.get(text)
        if out is None:
            out = self.cleaned[text] = clean(text)
        return out

    def person(self, name: str) -> str:
        out = self.people.get(name)
        if out is None:
            out = self.people[name] = person_sort_key(name)
        return out


def _insert_new(
    s: Session,
    creates: list[PlannedRow],
    office: Office | None,
    clock: int,
    now: dt.datetime,
    late: Collection[int] = (),
) -> int:
    """Insert the new initiatives, their authors and audit entries; returns the clock after.

    What a one-row save (``InitiativeService.create``) writes, row for row: the same columns
    and derived keys, the clock ticked for each author and then for the initiative. Only the
    way differs: the new ids are taken up-front (:func:`_new_ids`), so authors need no read
    back, and each table gets one driver executemany (:func:`_write_rows`) of plain tuples,
    the values all rows share given once. The person importing is asked for once."""
    conn = s.connection()
    office_uid = office.uid if office else None
    actor = current_actor()
    keys = _Keys()
    kc = keys.clean
    ids = _new_ids(conn, len(creates))
    uids = new_uids()
    ini_rows: list[tuple[Any, ...]] = []
    author_rows: list[tuple[Any, ...]] = []
    audit_rows: list[tuple[str, str]] = []
    # An author's columns but its uid, clock, initiative and place, once per author object
    # (a plan's rows share the objects of a repeated author cell); kept by id while
    # ``creates`` holds the objects.
    author_part: dict[int, tuple[Any, ...]] = {}
    for r, ini_id in zip(creates, ids, strict=True):
        d = r.data
        names = []
        for a in d.authors:
            part = author_part.get(id(a))
            if part is None:
                part = author_part[id(a)] = _author_part(a, keys)
            if part[0]:
                names.append(part[0])
                clock += 1
                author_rows.append((next(uids), clock, ini_id, len(names) - 1, *part))
        clock += 1
        uid = next(uids)
        title = kc(d.title)
        authors_text = ", ".join(names)
        is_late = r.row_number in late
        ini_rows.append(
            (
                ini_id,
                uid,
                clock,
                d.campaign_id,
                d.period_id,
                d.unit_id,
                d.field_id,
                d.sector,
                title,
                AuthorKind.GROUP if len(names) > 1 else AuthorKind.PERSON,
                nfc(d.description).strip(),
                d.benefit_vnd,
                kc(d.benefit_note) or None,
                d.applied_on,
                d.applied_precision if d.applied_on is not None else None,
                d.registered_on,
                d.confidential,
                nfc(d.notes).strip() or None,
                authors_text,
                fold(f"{title} | {authors_text}"),
                collation_key(title),
                keys.person(names[0]) if names else "",
                is_late,
            )
        )
        audit_rows.append(
            (
                uid,
                f"Nhập từ Excel (dòng {r.row_number}): «{title}»"
                + (f" ({LATE_LABEL})" if is_late else ""),
            )
        )
    with _big_cache(conn):
        with _indexes_built_after(conn, _table(Initiative), len(ini_rows)):
            _write_rows(
                conn,
                _table(Initiative),
                _INITIATIVE_COLUMNS,
                ini_rows,
                dict(
                    origin_office_uid=office_uid,
                    created_at=now,
                    updated_at=now,
                    status=InitiativeStatus.REGISTERED,
                ),
            )
        _write_rows(
            conn,
            _table(Author),
            _AUTHOR_COLUMNS,
            author_rows,
            dict(origin_office_uid=office_uid, created_at=now, updated_at=now),
        )
        _write_rows(
            conn,
            _table(AuditEntry),
            ("entity_uid", "summary"),
            audit_rows,
            dict(
                at=now,
                actor=actor,
                office_uid=office_uid,
                entity="initiative",
                action="create",
                detail_json=None,
            ),
        )
    return clock


# The columns of a new initiative's tuple in ``_insert_new``, in order, as apply_input sets
# them (an Excel row has no dossier items); then an author's: its uid, clock, initiative and
# place, then ``_author_part``.
_INITIATIVE_COLUMNS = (
    "id",
    "uid",
    "version",
    "campaign_id",
    "period_id",
    "unit_id",
    "field_id",
    "sector",
    "title",
    "author_kind",
    "description",
    "benefit_vnd",
    "benefit_note",
    "applied_on",
    "applied_precision",
    "registered_on",
    "confidential",
    "notes",
    "authors_text",
    "search_text",
    "title_key",
    "authors_key",
    "entered_late",
)
_AUTHOR_COLUMNS = (
    "uid",
    "version",
    "initiative_id",
    "seq",
    "full_name",
    "name_key",
    "job_title",
    "workplace",
    "qualification",
    "birth_date",
    "is_member",
    "contribution_pct",
    "phone",
    "email",
)


def _author_part(a: AuthorInput, keys: _Keys) -> tuple[Any, ...]:
    """An author's stored columns from its name on (``_AUTHOR_COLUMNS``); an empty name
    first means the author is left out, as ``apply_input`` leaves an unnamed one."""
    kc = keys.clean
    name = kc(a.full_name)
    return (
        name,
        keys.person(name) if name else "",
        kc(a.job_title) or None,
        kc(a.workplace) or None,
        kc(a.qualification) or None,
        a.birth_date,
        a.is_member,
        a.contribution_pct,
        kc(a.phone) or None,
        kc(a.email) or None,
    )


def new_uids() -> Iterator[str]:
    """Random uids as ``str(uuid.uuid4())`` writes them (version 4, RFC 4122 variant), drawn
    from the system's random source 4 KB at a time: uuid4() builds a UUID object for each,
    which cost more than the rest of an author's row."""
    while True:
        raw = os.urandom(4096)
        for i in range(0, 4096, 16):
            h = raw[i : i + 16].hex()
            yield (f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}")


@contextlib.contextmanager
def _big_cache(conn: Connection) -> Iterator[None]:
    """On SQLite, a page cache of 64 MB while the rows go in (the connection's own is 2 MB):
    each new initiative touches a page of each of its table's eleven indexes, which no longer
    fit in 2 MB after a few thousand rows. Put back after, as the connection is pooled."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size = {min(before, -65536)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


@contextlib.contextmanager
def _indexes_built_after(conn: Connection, table: Table, adding: int) -> Iterator[None]:
    """On SQLite, when the rows going in outnumber those ``table`` holds (an office's first
    list), its secondary indexes dropped before and built again after, from the models' own
    definitions (``table.indexes``, which the migrations match: tests/models/test_schema.py):
    building an index sorts its keys once, where 100,000 rows put one by one into each index
    scatter their keys over its pages. Inside the import's transaction, so a failed import
    rolls the drop back with the rows; the unique ``uid`` (a constraint, not an index of the
    models) and the search triggers stay. A bigger table keeps its indexes: rebuilding them
    would cost more than the rows. PostgreSQL keeps them too."""
    if conn.dialect.name != "sqlite" or adding == 0:
        yield
        return
    held = conn.exec_driver_sql(f"SELECT count(*) FROM {table.name}").scalar_one()
    present = set(
        conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table.name,)
        ).scalars()
    )
    dropped = sorted(
        (ix for ix in table.indexes if ix.name in present), key=lambda ix: str(ix.name)
    )
    if adding <= held or not dropped:
        yield
        return
    for ix in dropped:
        conn.execute(DropIndex(ix))
    yield
    for ix in dropped:
        conn.execute(CreateIndex(ix))


def _new_ids(conn: Connection, n: int) -> list[int]:
    """``n`` ids for new initiatives, in increasing order, taken inside the transaction.

    SQLite gives a new row max(id) + 1 (the table has no AUTOINCREMENT), so the ids are the
    ones it would choose; another writer in between cannot take them: in WAL mode a
    transaction that read before another's commit cannot write after it (SQLITE_BUSY), and
    the import rolls back whole. PostgreSQL draws them from the column's own sequence."""
    if n == 0:
        return []
    if conn.dialect.name == "sqlite":
        top = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM initiative").scalar_one()
        return list(range(top + 1, top + 1 + n))
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence('initiative', 'id'))"
            f" FROM generate_series(1, {int(n)})"
        )
        return sorted(int(i) for (i,) in rows)
    raise NotImplementedError(conn.dialect.name)


def _write_rows(
    conn: Connection,
    table: Table,
    names: Sequence[str],
    rows: list[tuple[Any, ...]],
    same: dict[str, Any] | None = None,
) -> None:
    """``INSERT`` ``rows`` (tuples of the columns ``names``; ``same``: the values every row
    has) by one driver executemany.

    Each value goes through its column's own bind processor (UTC timestamps, enums by value,
    sort keys cut, dates as SQLite stores them), column by column, a value of ``same`` once,
    and a column left out gets its scalar default, as Core's insert does; but SQLAlchemy's
    per-row parameter building, which cost more than SQLite's own work here, is skipped. The
    statement still passes the engine's events, so the change feed (services/changes.py)
    hears of it."""
    if not rows:
        return
    same = same or {}
    dialect = conn.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=[*names, *same])
    order = list(compiled.positiontup or ()) if compiled.positional else list(compiled.binds)
    given = dict(zip(names, zip(*rows, strict=True), strict=True))  # the rows' columns
    n = len(rows)
    columns: list[Any] = []
    for name in order:
        col = table.c[name]
        process = col.type._cached_bind_processor(dialect)
        if name in same or name not in given:
            if name in same:
                value = same[name]
            elif col.default is not None and col.default.is_scalar:
                value = col.default.arg  # type: ignore[attr-defined]
            else:
                raise ValueError(f"{table.name}.{name}: no value and no scalar default")
            columns.append([process(value) if process else value] * n)
        else:
            values = given[name]
            columns.append(_processed(process, values) if process is not None else values)
    params: list[Any] = list(zip(*columns, strict=True))
    if not compiled.positional:
        params = [dict(zip(order, p, strict=True)) for p in params]
    if dialect.name == "sqlite" and compiled.positional and table.name == "initiative":
        _insert_in_one_statement(conn, table, order, compiled.string, params)
    else:
        conn.exec_driver_sql(compiled.string, params)


_STAGED = "sangkien_import_rows"  # a TEMP table: the connection's own, gone with it


def _insert_in_one_statement(
    conn: Connection, table: Table, order: list[str], statement: str, params: list[Any]
) -> None:
    """On SQLite, the rows staged in a TEMP table and moved into ``table`` by one
    ``INSERT … SELECT``. The search triggers of ``initiative`` feed an FTS5 index, which
    writes its pending terms out at the end of every statement: one executemany of 100,000
    rows made 100,000 small segments to merge (2 of 3 s of 10,000 rows); one statement writes
    them once. The staging table's columns have no type, so each value reaches ``table``
    exactly as given and gets the column's own affinity there, as a direct INSERT gives it.
    The staging goes by the driver's cursor (a TEMP table is no data of the store, so the
    change feed is not told of it); the move passes the engine's events like any write.
    Created and dropped inside the transaction: a rollback takes it away too."""
    names = ", ".join(f'"{n}"' for n in order)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{_STAGED}")
        cursor.execute(f"CREATE TEMP TABLE {_STAGED} ({names})")
        cursor.executemany(
            statement.replace(f"INSERT INTO {table.name} ", f"INSERT INTO temp.{_STAGED} ", 1),
            params,
        )
        conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) SELECT {names} FROM temp.{_STAGED} ORDER BY rowid"
        )
    finally:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{_STAGED}")
        cursor.close()


def _processed(process: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """``process`` applied to ``values``, once per distinct value (a column's timestamps,
    dates and enums repeat). Values are told apart by type too, and decimals are processed
    one by one (equal decimals may differ in how they are written: 5.0 and 5.00). A column of
    mostly distinct values (sort keys) is processed value by value, without the memo.

    A column whose values are all of one type (and None), neither float nor decimal (a NaN is
    not equal to itself, -0.0 equals 0.0), is looked up value by value in C, the memo filled
    first: one type, so True, 1 and 1.0 cannot meet."""
    distinct = set(values)
    if len(distinct) > len(values) // 2:
        return list(map(process, values))
    types = set(map(type, distinct))
    types.discard(type(None))
    if len(types) <= 1 and not types & {float, Decimal}:
        memo_by_value = {v: process(v) for v in distinct}
        return list(map(memo_by_value.__getitem__, values))
    memo: dict[tuple[type, Any], Any] = {}
    out = []
    for v in values:
        if isinstance(v, Decimal):
            out.append(process(v))
            continue
        key = (v.__class__, v)
        got = memo.get(key, memo)
        if got is memo:
            got = memo[key] = process(v)
        out.append(got)
    return out


def _update_all(
    s: Session,
    updates: list[PlannedRow],
    column_map: dict[int, str],
    done: Callable[[int], None],
) -> None:
    """Each row's stored initiative updated as :func:`_update` does, row after row, with
    the same statements and so the same stored rows, versions and audit; only the reading
    is batched. The initiatives (with authors and dossier) are loaded 500 at a time, not
    one query each, and the session does not flush before each query of the loop: every
    ``local_office`` asked by ``tick`` and ``audit`` flushed the rows so far (half the
    time of an update). The office's clock is the same object either way, and
    ``apply_input`` still flushes where it always did."""
    with s.no_autoflush:
        for start in range(0, len(updates), 500):
            chunk = updates[start : start + 500]
            loaded = {
                ini.id: ini
                for ini in s.scalars(
                    select(Initiative)
                    .options(
                        selectinload(Initiative.authors), selectinload(Initiative.dossier_items)
                    )
                    .where(Initiative.id.in_({r.existing_id for r in chunk}))
                )
            }
            for i, r in enumerate(chunk, start + 1):
                _update(s, r, column_map, loaded)
                if i % 50 == 0 or i == len(updates):
                    done(i)


def _update(
    s: Session,
    r: PlannedRow,
    column_map: dict[int, str],
    loaded: dict[int, Initiative] | None = None,
) -> None:
    """A stored initiative with what the row's columns say (brought back if deleted);
    ``loaded``: initiatives read beforehand, by id."""
    assert r.existing_id is not None
    ini = loaded.get(r.existing_id) if loaded is not None else None
    if ini is None:
        ini = InitiativeService._load(s, r.existing_id)
    merged = _merge(_input_of(ini), r.data, column_map)
    apply_input(s, ini, merged)
    if ini.deleted_at is not None:
        ini.deleted_at = None
        # Written by itself, as the query of tick() always flushed it (edit_version counts
        # it), also where the session does not autoflush (_update_all).
        s.flush()
    tick(s, ini)
    audit(
        s,
        "initiative",
        ini.uid,
        "update",
        f"Cập nhật từ Excel (dòng {r.row_number}): «{ini.title}»",
    )


def _merge(old: InitiativeInput, new: InitiativeInput, cmap: dict[int, str]) -> InitiativeInput:
    """The stored initiative with what the file's columns say; other fields kept."""
    has = set(cmap.values())
    changes: dict[str, Any] = {"title": new.title, "unit_id": new.unit_id}
    if "authors" in has:
        changes["authors"] = _keep_contacts(old.authors, new.authors, has)
    for target, attr in (
        ("field", "field_id"),
        ("sector", "sector"),
        ("description", "description"),
        ("benefit", "benefit_vnd"),
        ("applied_on", "applied_on"),
        ("registered_on", "registered_on"),
        ("notes", "notes"),
        ("confidential", "confidential"),
    ):
        if target in has:
            changes[attr] = getattr(new, attr)
    if "applied_on" in has:
        changes["period_id"] = new.period_id
        changes["applied_precision"] = new.applied_precision
    if "benefit" in has and new.benefit_note is not None:
        changes["benefit_note"] = new.benefit_note  # "Không xác định", kept as written
    return replace(old, **changes)


def _keep_contacts(
    old: tuple[AuthorInput, ...], new: tuple[AuthorInput, ...], has: set[str]
) -> tuple[AuthorInput, ...]:
    """The file's authors, each keeping the phone and e-mail typed before when the file has no
    such column (an author of the same name, diacritics and case aside)."""
    if {"phone", "email"} <= has:
        return new
    before = {fold(a.full_name): a for a in old}
    out = []
    for a in new:
        was = before.get(fold(a.full_name))
        if was is not None:
            a = replace(
                a,
                phone=a.phone if "phone" in has else was.phone,
                email=a.email if "email" in has else was.email,
            )
        out.append(a)
    return tuple(out)
