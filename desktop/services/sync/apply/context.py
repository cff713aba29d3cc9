"""What every step of one import shares: the session, who sent the bundle, the counts, the
catalogue as this office holds it (uid → id), and the stamps of the owners' versions."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop.models import (
    Campaign,
    Field,
    InitiativeStatus,
    Office,
    Period,
    SyncStamp,
    Unit,
    UnitKind,
)
from desktop.services.campaigns.closing import CHECKED_BY_CALLER
from desktop.services.sync.apply.values import BadRecord, table_of
from desktop.services.sync.payload import chunks
from desktop.services.sync.relations import ancestors, is_above, is_authority, subtree

CATALOGUE = "Danh mục chung"

# What writing one record can raise that is that record's fault (a uid another record holds,
# a number the column cannot hold): the record is rejected alone, the rest of the bundle goes
# in. Anything else refuses the whole bundle, with the store rolled back.
RECORD_ERRORS = (SQLAlchemyError, OverflowError)

# A unit as the import knows it: (id or uid, kind, parent id, the label counts are shown under)
UnitByUid = tuple[int, UnitKind, int | None, str]
UnitById = tuple[str, UnitKind, int | None, str]


def db_reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "unique" in text or "duplicate" in text:
        return "mã định danh đã dùng cho một bản ghi khác"
    if "too large" in text or "out of range" in text or isinstance(exc, OverflowError):
        return "có số quá lớn"
    return f"không ghi được vào cơ sở dữ liệu ({exc.__class__.__name__})"


Mark = tuple[dict[str, dict[str, int]], int]


@dataclass
class Tally:
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    notes: list[dict[str, str]] = field(default_factory=list)
    # The proposals to the province taken in (reports.ProposalNote), for the preview.
    proposals: list[Any] = field(default_factory=list)

    def add(self, unit: str, outcome: str, what: str = "", reason: str = "") -> None:
        self.counts[unit][outcome] += 1
        if outcome in {"ignored", "rejected", "conflicts", "warning"} and len(self.notes) < 2000:
            self.notes.append({"unit": unit, "kind": outcome, "what": what, "reason": reason})

    def mark(self) -> Mark:
        """What has been counted so far, to go back to if the records after it are undone."""
        return {u: dict(c) for u, c in self.counts.items()}, len(self.notes)

    def restore(self, mark: Mark) -> None:
        counts, notes = mark
        self.counts.clear()
        for u, c in counts.items():
            self.counts[u].update(c)
        del self.notes[notes:]


class ApplyContext:
    """One import: ``sender`` is the enrolled office the bundle was verified to come from."""

    def __init__(
        self, s: Session, me: Office, sender: Office, local_clock: int, taking_in: bool = False
    ) -> None:
        self.s = s
        self.me = me
        self.sender = sender
        self.clock = local_clock  # the value stamped on every row this import writes
        self.tally = Tally()
        self.stages: dict[str, InitiativeStatus] = {}  # initiative uid → district's step
        # Cached for the bundle by the initiatives' checks (initiative_rows.py).
        self.campaign_rules: dict[tuple[int, int | None], Any] = {}
        self.field_campaign: dict[int, int] | None = None
        # period id → (name, entry deadline); campaign id → closed (None: open) (deadlines).
        self.period_closes: dict[int, tuple[str, Any]] = {}
        self.closed_campaigns: dict[int, str | None] = {}
        # A bundle checks closed campaigns record by record (campaigns/closing.py).
        s.info[CHECKED_BY_CALLER] = True
        sender_unit = s.get(Unit, sender.unit_id) if sender.unit_id else None
        if sender_unit is None:
            raise BadRecord("văn phòng gửi không gắn với đơn vị nào")
        self.sender_unit = sender_unit
        my_unit = s.get(Unit, me.unit_id) if me.unit_id else None
        self.my_unit = my_unit
        # Where the sender sits (relations.py): above this office it sends the catalogue,
        # campaigns, quotas and decisions down; below it, what its subtree holds up. This
        # office's own records a peer sends back after a restore come as from itself: an
        # authority's own are the authority's.
        if taking_in:
            # A merged province's whole store (take_in.py): its every record is taken whole.
            self.sender_above, self.sender_below = True, False
        elif my_unit is None or sender.uid == me.uid:
            own_authority = my_unit is not None and is_authority(my_unit.kind)
            self.sender_above = own_authority
            self.sender_below = False
        else:
            self.sender_above = is_above(s, sender_unit, my_unit)
            self.sender_below = not self.sender_above and is_above(s, my_unit, sender_unit)
        self.sender_is_authority = is_authority(sender_unit.kind)
        # The units a sender below holds, itself included: what it may send up.
        self.sender_subtree: set[int] = subtree(s, sender_unit.id) if self.sender_below else set()
        # The units an authority decides itself (its subtree, below itself): the office above
        # sends their catalogue and placement no more. Below an authority, placement is the
        # authority's, so an office below it has no such domain.
        authority = my_unit is not None and is_authority(my_unit.kind)
        # (Its own records sent back after a restore are all its own: no such limit.)
        own_records = sender.uid == me.uid
        self.my_subtree: set[int] = (
            subtree(s, my_unit.id)
            if authority and my_unit and not taking_in and not own_records
            else set()
        )
        self.load_units()

    # ---- lookups ------------------------------------------------------------------------
    def load_units(self) -> None:
        self.units: dict[str, UnitByUid] = {}
        self.unit_by_id: dict[int, UnitById] = {}
        for uid, uid_id, kind, parent, name, short in self.s.execute(
            select(Unit.uid, Unit.id, Unit.kind, Unit.parent_id, Unit.name, Unit.short_name)
        ):
            label = short or name
            self.units[uid] = (uid_id, kind, parent, label)
            self.unit_by_id[uid_id] = (uid, kind, parent, label)
        self.campaigns: dict[str, int] = dict(
            self.s.execute(select(Campaign.uid, Campaign.id)).all()
        )
        self.periods: dict[str, int] = dict(self.s.execute(select(Period.uid, Period.id)).all())
        self.fields: dict[str, int] = dict(self.s.execute(select(Field.uid, Field.id)).all())

    def stamps(self, entity: str, grp: str, uids: list[str]) -> dict[str, tuple[int, str]]:
        out: dict[str, tuple[int, str]] = {}
        for part in chunks(uids):
            for uid, version, office in self.s.execute(
                select(SyncStamp.uid, SyncStamp.version, SyncStamp.office_uid).where(
                    SyncStamp.entity == entity, SyncStamp.grp == grp, SyncStamp.uid.in_(part)
                )
            ):
                out[uid] = (version, office)
        return out

    def is_newer(self, stamp: tuple[int, str] | None, v: int) -> bool:
        return stamp is None or stamp[1] != self.sender.uid or v > stamp[0]

    def set_stamps(
        self, entity: str, grp: str, versions: dict[str, int], held: set[str] | None = None
    ) -> None:
        """Record the owner's versions; ``held``: the uids that already have a stamp (all if
        None) — a bundle of 100,000 new initiatives needs no deletes."""
        if not versions:
            return
        t = table_of(SyncStamp)
        uids = list(versions) if held is None else [u for u in versions if u in held]
        for part in chunks(uids):
            self.s.execute(delete(t).where(t.c.entity == entity, t.c.grp == grp, t.c.uid.in_(part)))
        self.bulk(
            t,
            [
                {
                    "entity": entity,
                    "uid": uid,
                    "grp": grp,
                    "version": v,
                    "office_uid": self.sender.uid,
                    "local_clock": self.clock,
                }
                for uid, v in versions.items()
            ],
        )

    def bulk(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """INSERT many rows with the driver's executemany, through the columns' own bind
        processors: the same values SQLAlchemy would write, without its per-row overhead."""
        if not rows:
            return
        conn = self.s.connection()
        dialect = conn.dialect
        names = list(rows[0])
        procs = [table.c[n].type._cached_bind_processor(dialect) for n in names]
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        sql = (
            f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"VALUES ({', '.join([mark] * len(names))})"
        )
        # Each processor is a pure function of its value, and most values repeat (the same
        # timestamp on every row, a few dates, enums, shares): each is processed once per
        # call. The key holds the type, as True == 1 and Sector.X == "x" (processed apart).
        fix: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = [
            (i, p, {}) for i, p in enumerate(procs) if p is not None
        ]
        get = operator.itemgetter(*names)
        data = []
        for r in rows:
            values = list(get(r)) if len(names) > 1 else [r[names[0]]]
            for i, p, seen in fix:
                value = values[i]
                if value is not None:
                    key = (type(value), value)
                    out = seen.get(key, seen)
                    if out is seen:
                        out = seen[key] = p(value)
                    values[i] = out
            data.append(tuple(values))
        for part in chunks(data, 20_000):
            conn.exec_driver_sql(sql, part)

    @property
    def sender_is_province(self) -> bool:
        """The sender is an office above this one (the name the two-level design used)."""
        return self.sender_above

    @property
    def sends_decisions(self) -> bool:
        """Statuses and decisions come from an office above (down the chain), or from an
        authority below telling the office above what it decided."""
        return self.sender_above or (self.sender_below and self.sender_is_authority)

    @property
    def decides_here(self) -> bool:
        """Content from this sender can conflict with this office's decisions: this office is
        an authority and the sender a content owner below it (not an authority relaying)."""
        return (
            self.sender_below
            and self.my_unit is not None
            and is_authority(self.my_unit.kind)
            and not self.sender_is_authority
        )

    def sends_content_of(self, unit_id: int | None, parent_id: int | None) -> bool:
        """Does the sender write (or relay up) the initiatives of grassroots union
        ``unit_id`` under ``parent_id``: its own union's, its own grassroots unions', or any
        below it that it holds?"""
        if unit_id is None:
            return False
        if parent_id is not None and parent_id == self.sender_unit.id:
            return True
        return self.sends_up(unit_id)

    def sends_up(self, unit_id: int | None) -> bool:
        """Does the sender, below this office, hold ``unit_id`` (itself or under it)? Units
        the same bundle has just brought count too (their parents came first)."""
        if not self.sender_below or unit_id is None:
            return False
        if unit_id in self.sender_subtree:
            return True
        if self.sender_unit.id in ancestors(self.s, unit_id):
            self.sender_subtree.add(unit_id)
            return True
        return False

    def owner_of_unit(
        self, kind: UnitKind, parent_id: int | None, unit_id: int | None = None
    ) -> bool:
        """Does the sender own the catalogue entry of a unit of this kind and parent?

        A grassroots union's entry is its parent's office's (or the office keeping that
        union's books), and travels up from there through every office above. Any other unit's
        is an authority's (relations.py): sent down by the office above, except the units
        below this one, which this office or one below it writes; sent up by an authority
        below for the units of its subtree, itself included."""
        if kind == UnitKind.GRASSROOTS:
            if parent_id == self.sender_unit.id:
                return True
            return self.sends_up(parent_id) and parent_id != self.sender_unit.id
        if self.sender_above:
            return unit_id is None or unit_id == self.me.unit_id or unit_id not in self.my_subtree
        return self.sender_is_authority and (
            unit_id == self.sender_unit.id or self.sends_up(parent_id)
        )

    def label(self, unit_id: int | None) -> str:
        if unit_id is None:
            return CATALOGUE
        return self.unit_by_id.get(unit_id, ("", None, None, CATALOGUE))[3]

    def guarded(self, label: str, what: str, write: Callable[..., Any], *args: Any) -> bool:
        """Write one record inside a SAVEPOINT: if the database refuses it (a uid another
        record holds, a number too large), only that record is undone and rejected."""
        mark = self.tally.mark()
        try:
            with self.s.begin_nested():
                write(*args)
                self.s.flush()
        except RECORD_ERRORS as exc:
            self.tally.restore(mark)
            self.tally.add(label, "rejected", what, db_reason(exc))
            self.load_units()  # maps filled by the undone write are read again
            return False
        return True

    def each(self, records: list[Any], what: str) -> list[dict[str, Any]]:
        good = []
        for r in records:
            if not isinstance(r, dict):
                self.tally.add(CATALOGUE, "rejected", what, "bản ghi không hợp lệ")
                continue
            good.append(r)
        return good

    def as_own_office(self) -> ApplyContext:
        """The office applying its own records a peer sent back after a restore (restore.py):
        the same counts and one picture of the catalogue, so that what comes back is known
        to the rest of the import."""
        own = ApplyContext(self.s, self.me, self.me, self.clock)
        own.tally = self.tally
        for name in ("units", "unit_by_id", "campaigns", "periods", "fields"):
            setattr(own, name, getattr(self, name))
        return own
