"""Apply a verified bundle's data inside ONE transaction, counting per unit what happens.

The same code makes the preview (the transaction is rolled back) and the import (committed),
so what the person saw is exactly what is written.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop.models import (
    Author,
    AuthorKind,
    Campaign,
    Deadline,
    Decision,
    DecisionEntry,
    DossierItem,
    DossierKind,
    Field,
    Initiative,
    InitiativeStatus,
    Office,
    Period,
    Quota,
    Sector,
    SyncConflict,
    SyncStamp,
    Unit,
    UnitKind,
    campaign_unit,
    utcnow,
)
from desktop.services.initiatives.service import AuthorInput, DossierInput, InitiativeInput
from desktop.services.rules import records as rules
from desktop.services.rules.ownership import DISTRICT_STATUSES
from desktop.services.sync.payload import DECIDED, chunks, content_of, load_contents
from desktop.services.units.tree import set_unit_name
from desktop.text.collation import collation_key, person_sort_key
from desktop.text.normalise import clean, fold, nfc

CATALOGUE = "Danh mục chung"
_person_key = functools.lru_cache(maxsize=65_536)(person_sort_key)  # names repeat a lot


class BadRecord(ValueError):
    """A record whose shape or values are invalid: rejected with the message."""


# What writing one record can raise that is that record's fault (a uid another record holds,
# a number the column cannot hold): the record is rejected alone, the rest of the bundle goes
# in. Anything else refuses the whole bundle (service.py), with the store rolled back.
RECORD_ERRORS = (SQLAlchemyError, OverflowError)
MAX_INT = 2**31 - 1  # an INTEGER column (32 bits on PostgreSQL)
MAX_AMOUNT = 10**15  # a BIGINT amount in đồng: far above any benefit, far below 2**63


def _db_reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "unique" in text or "duplicate" in text:
        return "mã định danh đã dùng cho một bản ghi khác"
    if "too large" in text or "out of range" in text or isinstance(exc, OverflowError):
        return "có số quá lớn"
    return f"không ghi được vào cơ sở dữ liệu ({exc.__class__.__name__})"


@dataclass
class Tally:
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    notes: list[dict[str, str]] = field(default_factory=list)

    def add(self, unit: str, outcome: str, what: str = "", reason: str = "") -> None:
        self.counts[unit][outcome] += 1
        if outcome in {"ignored", "rejected", "conflicts", "warning"} and len(self.notes) < 2000:
            self.notes.append({"unit": unit, "kind": outcome, "what": what, "reason": reason})

    def mark(self) -> tuple[dict[str, dict[str, int]], int]:
        """What has been counted so far, to go back to if the records after it are undone."""
        return {u: dict(c) for u, c in self.counts.items()}, len(self.notes)

    def restore(self, mark: tuple[dict[str, dict[str, int]], int]) -> None:
        counts, notes = mark
        self.counts.clear()
        for u, c in counts.items():
            self.counts[u].update(c)
        del self.notes[notes:]


# ---- value checks (a bundle is untrusted even when signed) -------------------------------
def _str(rec: dict[str, Any], key: str, limit: int, required: bool = False) -> str | None:
    value = rec.get(key)
    if value is None or value == "":
        if required:
            raise BadRecord(f"thiếu «{key}»")
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise BadRecord(f"«{key}» không hợp lệ")
    return nfc(value)


def _int(rec: dict[str, Any], key: str, required: bool = False, limit: int = MAX_INT) -> int | None:
    value = rec.get(key)
    if value is None:
        if required:
            raise BadRecord(f"thiếu «{key}»")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > limit:
        raise BadRecord(f"«{key}» không phải số nguyên hợp lệ")
    return value


def _bool(rec: dict[str, Any], key: str, default: bool = False) -> bool:
    value = rec.get(key, default)
    if not isinstance(value, bool):
        raise BadRecord(f"«{key}» không hợp lệ")
    return value


def _date(rec: dict[str, Any], key: str) -> dt.date | None:
    value = rec.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadRecord(f"ngày «{key}» không hợp lệ") from None


def _datetime(rec: dict[str, Any], key: str) -> dt.datetime | None:
    value = rec.get(key)
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadRecord(f"thời điểm «{key}» không hợp lệ") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _enum(enum_cls: Any, rec: dict[str, Any], key: str, required: bool = False) -> Any:
    value = rec.get(key)
    if value is None:
        if required:
            raise BadRecord(f"thiếu «{key}»")
        return None
    try:
        return enum_cls(value)
    except ValueError:
        raise BadRecord(f"«{key}» có giá trị lạ «{value}»") from None


def _uid(rec: dict[str, Any], key: str = "uid", required: bool = True) -> str | None:
    value = rec.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not 8 <= len(value) <= 36:
        raise BadRecord(f"mã định danh «{key}» không hợp lệ")
    return value


def _version(rec: dict[str, Any]) -> int:
    v = _int(rec, "v", required=True)
    assert v is not None
    if v < 0:
        raise BadRecord("phiên bản âm")
    return v


def _list(rec: dict[str, Any], key: str, limit: int = 10_000) -> list[Any]:
    value = rec.get(key, [])
    if not isinstance(value, list) or len(value) > limit:
        raise BadRecord(f"«{key}» không hợp lệ")
    return value


class Applier:
    """One import: ``sender`` is the enrolled office the bundle was verified to come from."""

    def __init__(self, s: Session, me: Office, sender: Office, local_clock: int) -> None:
        self.s = s
        self.me = me
        self.sender = sender
        self.clock = local_clock  # the value stamped on every row this import writes
        self.tally = Tally()
        self.stages: dict[str, InitiativeStatus] = {}  # initiative uid → district's step
        sender_unit = s.get(Unit, sender.unit_id) if sender.unit_id else None
        if sender_unit is None:
            raise BadRecord("văn phòng gửi không gắn với đơn vị nào")
        self.sender_unit = sender_unit
        self.sender_is_province = sender_unit.kind == UnitKind.PROVINCE
        self._load_units()

    # ---- lookups ------------------------------------------------------------------------
    def _load_units(self) -> None:
        self.units: dict[str, tuple[int, UnitKind, int | None, str]] = {}
        self.unit_by_id: dict[int, tuple[str, UnitKind, int | None, str]] = {}
        for uid, uid_id, kind, parent, name, short in self.s.execute(
            select(Unit.uid, Unit.id, Unit.kind, Unit.parent_id, Unit.name, Unit.short_name)
        ):
            label = short or name
            self.units[uid] = (uid_id, kind, parent, label)
            self.unit_by_id[uid_id] = (uid, kind, parent, label)
        self.campaigns = dict(self.s.execute(select(Campaign.uid, Campaign.id)).all())
        self.periods = dict(self.s.execute(select(Period.uid, Period.id)).all())
        self.fields = dict(self.s.execute(select(Field.uid, Field.id)).all())

    def _stamps(self, entity: str, grp: str, uids: list[str]) -> dict[str, tuple[int, str]]:
        out: dict[str, tuple[int, str]] = {}
        for part in chunks(uids):
            for uid, version, office in self.s.execute(
                select(SyncStamp.uid, SyncStamp.version, SyncStamp.office_uid).where(
                    SyncStamp.entity == entity, SyncStamp.grp == grp, SyncStamp.uid.in_(part)
                )
            ):
                out[uid] = (version, office)
        return out

    def _is_newer(self, stamp: tuple[int, str] | None, v: int) -> bool:
        return stamp is None or stamp[1] != self.sender.uid or v > stamp[0]

    def _set_stamps(
        self, entity: str, grp: str, versions: dict[str, int], held: set[str] | None = None
    ) -> None:
        """Record the owner's versions; ``held``: the uids that already have a stamp (all if
        None) — a bundle of 100,000 new initiatives needs no deletes."""
        if not versions:
            return
        t = SyncStamp.__table__
        uids = list(versions) if held is None else [u for u in versions if u in held]
        for part in chunks(uids):
            self.s.execute(delete(t).where(t.c.entity == entity, t.c.grp == grp, t.c.uid.in_(part)))
        self._bulk(
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

    def _bulk(self, table: Any, rows: list[dict[str, Any]]) -> None:
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
        fix = [(i, p) for i, p in enumerate(procs) if p is not None]
        get = operator.itemgetter(*names)
        data = []
        for r in rows:
            values = list(get(r)) if len(names) > 1 else [r[names[0]]]
            for i, p in fix:
                if values[i] is not None:
                    values[i] = p(values[i])
            data.append(tuple(values))
        for part in chunks(data, 20_000):
            conn.exec_driver_sql(sql, part)

    def _owner_of_unit(self, kind: UnitKind, parent_id: int | None) -> bool:
        """Does the sender own the catalogue entry of a unit of this kind and parent?"""
        if kind == UnitKind.GRASSROOTS:
            return parent_id == self.sender_unit.id
        return self.sender_is_province

    def _label(self, unit_id: int | None) -> str:
        if unit_id is None:
            return CATALOGUE
        return self.unit_by_id.get(unit_id, ("", None, None, CATALOGUE))[3]

    def _guarded(self, label: str, what: str, write: Any, *args: Any) -> bool:
        """Write one record inside a SAVEPOINT: if the database refuses it (a uid another
        record holds, a number too large), only that record is undone and rejected."""
        mark = self.tally.mark()
        try:
            with self.s.begin_nested():
                write(*args)
                self.s.flush()
        except RECORD_ERRORS as exc:
            self.tally.restore(mark)
            self.tally.add(label, "rejected", what, _db_reason(exc))
            self._load_units()  # maps filled by the undone write are read again
            return False
        return True

    # ---- the whole bundle, in dependency order -------------------------------------------
    def run(self, data: dict[str, Any]) -> Tally:
        for key, step in (
            ("returned_records", self.returned_catalogue_step),
            ("units", self.units_step),
            ("campaigns", self.campaigns_step),
            ("quotas", self.quotas_step),
            ("initiatives", self.initiatives_step),
            ("returned_initiatives", self.returned_step),
            ("returned_records", self.returned_decisions_step),
            ("decisions", self.decisions_step),
            ("statuses", self.statuses_step),
        ):
            records = data.get(key, [])
            if not isinstance(records, list):
                raise BadRecord(f"phần «{key}» của gói không hợp lệ")
            step([r for r in records])
            self.s.flush()
        return self.tally

    def returned_step(self, records: list[Any]) -> None:
        """This office's own initiatives sent back by a peer after a restore (restore.py)."""
        from desktop.services.sync.restore import apply_returned

        apply_returned(self, records)

    def returned_catalogue_step(self, records: list[Any]) -> None:
        """This office's own catalogue entries sent back after a restore (restore.py): first,
        as what the bundle carries may refer to them."""
        from desktop.services.sync.restore import CATALOGUE_KINDS, apply_returned_records

        apply_returned_records(self, records, CATALOGUE_KINDS)

    def returned_decisions_step(self, records: list[Any]) -> None:
        """A restored province's own decisions and statuses, once the initiatives are in."""
        from desktop.services.sync.restore import DECISION_KINDS, apply_returned_records

        apply_returned_records(self, records, DECISION_KINDS)

    def _each(self, records: list[Any], what: str) -> list[dict[str, Any]]:
        good = []
        for r in records:
            if not isinstance(r, dict):
                self.tally.add(CATALOGUE, "rejected", what, "bản ghi không hợp lệ")
                continue
            good.append(r)
        return good

    # ---- units -------------------------------------------------------------------------
    def units_step(self, records: list[Any]) -> None:
        # Parents before children, whatever order the sender wrote.
        pending = self._each(records, "đơn vị")
        for _ in range(8):
            later = []
            for rec in pending:
                parent_uid = rec.get("parent_uid")
                if (
                    parent_uid
                    and parent_uid not in self.units
                    and any(r.get("uid") == parent_uid for r in pending)
                ):
                    later.append(rec)
                    continue
                self._guarded_unit(rec)
            if not later or len(later) == len(pending):
                for rec in later:
                    self._guarded_unit(rec)
                break
            pending = later

    def _guarded_unit(self, rec: dict[str, Any]) -> None:
        name = str(rec.get("name") or rec.get("code") or "?")[:100]
        self._guarded(CATALOGUE, f"đơn vị {name}", self._unit, rec)

    def _unit(self, rec: dict[str, Any]) -> None:
        name = str(rec.get("name") or rec.get("code") or "?")[:100]
        try:
            uid = _uid(rec)
            code = _str(rec, "code", 40, required=True)
            full = _str(rec, "name", 300, required=True)
            kind = _enum(UnitKind, rec, "kind", required=True)
            sector = _enum(Sector, rec, "sector")
            parent_uid = _uid(rec, "parent_uid", required=False)
            v = _version(rec)
            valid_from, valid_to = _date(rec, "valid_from"), _date(rec, "valid_to")
            short = _str(rec, "short_name", 120)
            problems = rules.check_unit(code, full, short, valid_from, valid_to)
            if problems:
                raise BadRecord(rules.message(problems))
            code, full, short = clean(code), clean(full), clean(short) or None
        except BadRecord as exc:
            self.tally.add(CATALOGUE, "rejected", f"đơn vị {name}", str(exc))
            return
        assert uid is not None and code is not None and full is not None
        parent_id = None
        if parent_uid:
            if parent_uid not in self.units:
                self.tally.add(CATALOGUE, "rejected", f"đơn vị {full}", "không rõ đơn vị cấp trên")
                return
            parent_id = self.units[parent_uid][0]
        label = short or full
        existing = self.s.scalar(select(Unit).where(Unit.uid == uid)) or self.s.scalar(
            select(Unit).where(Unit.code == code)
        )
        owned = self._owner_of_unit(kind, parent_id) and (
            existing is None or self._owner_of_unit(existing.kind, existing.parent_id)
        )
        if not owned:
            self.tally.add(
                label,
                "ignored",
                f"đơn vị {full}",
                f"{self.sender.name} không quản lý danh mục đơn vị này",
            )
            return
        stamp = self._stamps("unit", "content", [uid]).get(uid)
        if existing is not None and existing.uid == uid and not self._is_newer(stamp, v):
            self.tally.add(label, "unchanged")
            return
        if (
            existing is not None
            and existing.code != code
            and self.s.scalar(select(Unit.id).where(Unit.code == code, Unit.id != existing.id))
        ):
            self.tally.add(
                label, "rejected", f"đơn vị {full}", f"mã «{code}» đã dùng cho đơn vị khác"
            )
            return
        if existing is None and kind == UnitKind.GRASSROOTS and parent_id is None:
            self.tally.add(label, "rejected", f"đơn vị {full}", "công đoàn cơ sở thiếu cấp trên")
            return
        values = (uid, code, full, short, kind, parent_id, sector, valid_from, valid_to)
        if existing is not None:
            before = (
                existing.uid,
                existing.code,
                existing.name,
                existing.short_name,
                existing.kind,
                existing.parent_id,
                existing.sector,
                existing.valid_from,
                existing.valid_to,
            )
            if before == values:
                self.tally.add(label, "unchanged")
            else:
                self.tally.add(label, "updated")
            unit = existing
        else:
            unit = Unit()
            self.tally.add(label, "new")
        (unit.uid, unit.code, _, unit.short_name, unit.kind, unit.parent_id, unit.sector) = values[
            :7
        ]
        unit.valid_from, unit.valid_to = valid_from, valid_to
        set_unit_name(unit, full)
        unit.version = self.clock
        if unit.origin_office_uid is None:
            unit.origin_office_uid = self.sender.uid
        self.s.add(unit)
        self.s.flush()
        self._set_stamps("unit", "content", {uid: v})
        self.units[uid] = (unit.id, kind, parent_id, label)
        self.unit_by_id[unit.id] = (uid, kind, parent_id, label)

    # ---- campaigns (the province's catalogue) -------------------------------------------
    def campaigns_step(self, records: list[Any]) -> None:
        for rec in self._each(records, "chương trình"):
            shown = str(rec.get("name") or rec.get("code") or "?")[:100]
            self._guarded(CATALOGUE, f"chương trình {shown}", self._campaign, rec)

    def _campaign(self, rec: dict[str, Any]) -> None:
        shown = str(rec.get("name") or rec.get("code") or "?")[:100]
        if not self.sender_is_province:
            self.tally.add(
                CATALOGUE, "ignored", f"chương trình {shown}", "chỉ LĐLĐ tỉnh quản lý chương trình"
            )
            return
        try:
            uid = _uid(rec)
            code = _str(rec, "code", 40, required=True)
            name = _str(rec, "name", 500, required=True)
            v = _version(rec)
            scalars = {
                "code": code,
                "name": name,
                "plan_number": _str(rec, "plan_number", 60),
                "plan_date": _date(rec, "plan_date"),
                "plan_issuer": _str(rec, "plan_issuer", 300),
                "starts_on": _date(rec, "starts_on"),
                "ends_on": _date(rec, "ends_on"),
                "nomination_limit": _int(rec, "nomination_limit"),
                "min_per_grassroots": _int(rec, "min_per_grassroots"),
                "description_limit": _int(rec, "description_limit") or 1000,
                "notes": _str(rec, "notes", 20_000),
                "archived": _bool(rec, "archived"),
            }
            periods = []
            for p in _list(rec, "periods", 100):
                if not isinstance(p, dict):
                    raise BadRecord("giai đoạn không hợp lệ")
                deadlines = []
                for d in _list(p, "deadlines", 100):
                    if not isinstance(d, dict) or _date(d, "due_on") is None:
                        raise BadRecord("hạn nộp không hợp lệ")
                    deadlines.append(
                        (_uid(d), _str(d, "label", 300, required=True), _date(d, "due_on"))
                    )
                periods.append(
                    (
                        _uid(p),
                        _int(p, "seq", required=True),
                        _str(p, "name", 200, required=True),
                        _date(p, "count_from"),
                        _date(p, "count_to"),
                        deadlines,
                    )
                )
            fields = []
            for f in _list(rec, "fields", 200):
                if not isinstance(f, dict):
                    raise BadRecord("lĩnh vực không hợp lệ")
                fields.append(
                    (
                        _uid(f),
                        _int(f, "seq", required=True),
                        _str(f, "code", 40, required=True),
                        _str(f, "name", 300, required=True),
                    )
                )
            unit_uids = [u for u in _list(rec, "units", 5000) if isinstance(u, str)]
            problems = rules.check_campaign(
                SimpleNamespace(
                    **scalars,
                    periods=[
                        SimpleNamespace(
                            name=p[2],
                            count_from=p[3],
                            count_to=p[4],
                            deadlines=[SimpleNamespace(label=d[1], due_on=d[2]) for d in p[5]],
                        )
                        for p in periods
                    ],
                    fields=[SimpleNamespace(code=f[2], name=f[3]) for f in fields],
                )
            )
            if problems:
                raise BadRecord(rules.message(problems))
        except BadRecord as exc:
            self.tally.add(CATALOGUE, "rejected", f"chương trình {shown}", str(exc))
            return
        assert uid is not None
        existing = self.s.scalar(select(Campaign).where(Campaign.uid == uid)) or self.s.scalar(
            select(Campaign).where(Campaign.code == code)
        )
        stamp = self._stamps("campaign", "content", [uid]).get(uid)
        if existing is not None and existing.uid == uid and not self._is_newer(stamp, v):
            self.tally.add(CATALOGUE, "unchanged")
            return
        from desktop.services.sync.payload import _campaign_record

        before = _campaign_record(self.s, existing) if existing is not None else None
        c = existing or Campaign()
        c.uid = uid
        for k, val in scalars.items():
            setattr(c, k, val)
        c.version = self.clock
        if c.origin_office_uid is None:
            c.origin_office_uid = self.sender.uid
        self.s.add(c)
        self.s.flush()
        by_uid = {p.uid: p for p in c.periods}
        by_seq = {p.seq: p for p in c.periods}
        for puid, seq, pname, cfrom, cto, deadlines in periods:
            period = by_uid.get(puid) or by_seq.get(seq)
            if period is None:
                period = Period(campaign_id=c.id)
                c.periods.append(period)
            period.uid, period.seq, period.name = puid, seq, pname
            period.count_from, period.count_to = cfrom, cto
            period.version = self.clock
            period.deadlines.clear()
            self.s.flush()
            for duid, label, due in deadlines:
                period.deadlines.append(
                    Deadline(uid=duid, label=label, due_on=due, version=self.clock)
                )
        f_by_uid = {f.uid: f for f in c.fields}
        f_by_code = {f.code: f for f in c.fields}
        for fuid, seq, fcode, fname in fields:
            fld = f_by_uid.get(fuid) or f_by_code.get(fcode)
            if fld is None:
                fld = Field(campaign_id=c.id)
                c.fields.append(fld)
            fld.uid, fld.seq, fld.code, fld.name = fuid, seq, fcode, fname
            fld.version = self.clock
        self.s.flush()
        self.s.execute(delete(campaign_unit).where(campaign_unit.c.campaign_id == c.id))
        ids = sorted({self.units[u][0] for u in unit_uids if u in self.units})
        if ids:
            self.s.execute(
                insert(campaign_unit), [{"campaign_id": c.id, "unit_id": i} for i in ids]
            )
        self.s.flush()
        self.s.expire(c)
        after = _campaign_record(self.s, c)
        if before is None:
            self.tally.add(CATALOGUE, "new")
        elif {k: v for k, v in before.items() if k != "v"} == {
            k: v for k, v in after.items() if k != "v"
        }:
            self.tally.add(CATALOGUE, "unchanged")
        else:
            self.tally.add(CATALOGUE, "updated")
        self._set_stamps("campaign", "content", {uid: v})
        self.campaigns[uid] = c.id
        for p in c.periods:
            self.periods[p.uid] = p.id
        for f in c.fields:
            self.fields[f.uid] = f.id

    # ---- quotas --------------------------------------------------------------------------
    def quotas_step(self, records: list[Any]) -> None:
        for rec in self._each(records, "chỉ tiêu"):
            self._guarded(CATALOGUE, "chỉ tiêu", self._quota, rec)

    def _quota(self, rec: dict[str, Any]) -> None:
        try:
            uid = _uid(rec)
            v = _version(rec)
            target = _int(rec, "target", required=True)
            unit_uid = _uid(rec, "unit_uid")
            campaign_uid = _uid(rec, "campaign_uid")
            period_uid = _uid(rec, "period_uid", required=False)
            problems = rules.check_quota(target)
            if problems:
                raise BadRecord(rules.message(problems))
        except BadRecord as exc:
            self.tally.add(CATALOGUE, "rejected", "chỉ tiêu", str(exc))
            return
        if (
            unit_uid not in self.units
            or campaign_uid not in self.campaigns
            or (period_uid and period_uid not in self.periods)
        ):
            self.tally.add(
                CATALOGUE,
                "rejected",
                "chỉ tiêu",
                "không rõ đơn vị, chương trình hoặc giai đoạn",
            )
            return
        unit_id, kind, parent_id, label = self.units[unit_uid]
        owner_ok = (
            parent_id == self.sender_unit.id
            if kind == UnitKind.GRASSROOTS
            else self.sender_is_province
        )
        if not owner_ok:
            self.tally.add(
                label,
                "ignored",
                "chỉ tiêu",
                f"{self.sender.name} không giao chỉ tiêu cho đơn vị này",
            )
            return
        campaign_id = self.campaigns[campaign_uid]
        period_id = self.periods[period_uid] if period_uid else None
        existing = self.s.scalar(select(Quota).where(Quota.uid == uid)) or self.s.scalar(
            select(Quota).where(
                Quota.unit_id == unit_id,
                Quota.campaign_id == campaign_id,
                Quota.period_id.is_(None) if period_id is None else Quota.period_id == period_id,
            )
        )
        stamp = self._stamps("quota", "content", [uid]).get(uid)
        if existing is not None and existing.uid == uid and not self._is_newer(stamp, v):
            self.tally.add(label, "unchanged")
            return
        if existing is None:
            existing = Quota()
            self.tally.add(label, "new")
        elif (existing.target, existing.unit_id, existing.campaign_id, existing.period_id) == (
            target,
            unit_id,
            campaign_id,
            period_id,
        ):
            self.tally.add(label, "unchanged")
        else:
            self.tally.add(label, "updated")
        existing.uid, existing.unit_id, existing.campaign_id = uid, unit_id, campaign_id
        existing.period_id, existing.target = period_id, target
        existing.version = self.clock
        if existing.origin_office_uid is None:
            existing.origin_office_uid = self.sender.uid
        self.s.add(existing)
        self.s.flush()
        self._set_stamps("quota", "content", {uid: v})

    # ---- initiatives (bulk: a province-wide bundle holds 100,000) -----------------------
    def _parse_initiative(self, rec: dict[str, Any]) -> tuple[dict[str, Any], list, list, int]:
        uid = _uid(rec)
        v = _version(rec)
        unit_uid = _uid(rec, "unit_uid")
        campaign_uid = _uid(rec, "campaign_uid")
        period_uid = _uid(rec, "period_uid", required=False)
        field_uid = _uid(rec, "field_uid", required=False)
        if unit_uid not in self.units:
            raise BadRecord("không rõ công đoàn cơ sở")
        if campaign_uid not in self.campaigns:
            raise BadRecord("không rõ chương trình (hãy nhận danh mục từ tỉnh trước)")
        if period_uid and period_uid not in self.periods:
            raise BadRecord("không rõ giai đoạn")
        if field_uid and field_uid not in self.fields:
            raise BadRecord("không rõ lĩnh vực")
        # Generous shape limits first (a bundle is untrusted: bound what is read), then the
        # same rules as the window and the Excel import (rules.check_initiative) below.
        title = clean(_str(rec, "title", 100_000))
        row = {
            "uid": uid,
            "unit_id": self.units[unit_uid][0],
            "campaign_id": self.campaigns[campaign_uid],
            "period_id": self.periods[period_uid] if period_uid else None,
            "field_id": self.fields[field_uid] if field_uid else None,
            "sector": _enum(Sector, rec, "sector"),
            "title": title,
            # Generous shape bounds only: services/rules/records.py judges the real limits.
            "description": (_str(rec, "description", 1_000_000) or "").strip(),
            "benefit_vnd": _int(rec, "benefit_vnd", limit=MAX_AMOUNT),
            "benefit_note": clean(_str(rec, "benefit_note", 100_000)) or None,
            "applied_on": _date(rec, "applied_on"),
            "registered_on": _date(rec, "registered_on"),
            "confidential": _bool(rec, "confidential"),
            "notes": (_str(rec, "notes", 100_000) or "").strip() or None,
            "deleted_at": (
                (_datetime(rec, "deleted_at") or utcnow()) if _bool(rec, "deleted") else None
            ),
        }
        authors = []
        for i, a in enumerate(_list(rec, "authors", 200)):
            if not isinstance(a, dict):
                raise BadRecord("tác giả không hợp lệ")
            name = clean(_str(a, "full_name", 100_000))
            raw_pct = a.get("contribution_pct", "100")
            if isinstance(raw_pct, bool) or not isinstance(raw_pct, (str, int, float)):
                raise BadRecord("tỷ lệ đóng góp không hợp lệ")
            try:
                pct = Decimal(str(raw_pct)[:40])
            except InvalidOperation:
                raise BadRecord("tỷ lệ đóng góp không hợp lệ") from None
            if not pct.is_finite():
                raise BadRecord("tỷ lệ đóng góp không hợp lệ")
            authors.append(
                {
                    "uid": _uid(a),
                    "seq": i,
                    "full_name": name,
                    "name_key": _person_key(name),
                    "birth_date": _date(a, "birth_date"),
                    "job_title": clean(_str(a, "job_title", 100_000)) or None,
                    "workplace": clean(_str(a, "workplace", 100_000)) or None,
                    "qualification": clean(_str(a, "qualification", 100_000)) or None,
                    "is_member": _bool(a, "is_member", True),
                    "contribution_pct": pct,
                }
            )
        dossier = []
        for d in _list(rec, "dossier", 100):
            if not isinstance(d, dict):
                raise BadRecord("hồ sơ không hợp lệ")
            dossier.append(
                {
                    "uid": _uid(d),
                    "kind": _enum(DossierKind, d, "kind", required=True),
                    "received_on": _date(d, "received_on"),
                    "note": clean(_str(d, "note", 100_000)) or None,
                }
            )
        self._check_initiative(rec, row, authors, dossier)
        names = [a["full_name"] for a in authors]
        row["author_kind"] = AuthorKind.GROUP if len(names) > 1 else AuthorKind.PERSON
        row["authors_text"] = ", ".join(names)
        row["search_text"] = fold(f"{title} | {row['authors_text']}")
        row["title_key"] = collation_key(title)
        row["authors_key"] = authors[0]["name_key"] if authors else ""
        return row, authors, dossier, v

    def _parse_campaign_rules(self, campaign_id: int, period_id: int | None) -> rules.CampaignRules:
        """The campaign's settings as this office holds them (cached for the bundle)."""
        cache: dict[tuple[int, int | None], rules.CampaignRules] = self.__dict__.setdefault(
            "_campaign_rules", {}
        )
        key = (campaign_id, period_id)
        if key not in cache:
            limit = self.s.scalar(
                select(Campaign.description_limit).where(Campaign.id == campaign_id)
            )
            window = None
            if period_id is not None:
                p = self.s.execute(
                    select(Period.campaign_id, Period.count_from, Period.count_to).where(
                        Period.id == period_id
                    )
                ).one()
                if p.campaign_id != campaign_id:
                    raise BadRecord("Giai đoạn không thuộc chương trình đã chọn.")
                window = (p.count_from, p.count_to)
            cache[key] = rules.CampaignRules(limit or 1000, window)
        return cache[key]

    def _check_initiative(
        self, rec: dict[str, Any], row: dict[str, Any], authors: list, dossier: list
    ) -> None:
        """The window's rules (rules.check_initiative) on a peer's initiative: an error
        refuses this record alone, with the window's message; a rule that depends on the
        campaign as this office holds it (or on its clock) only flags it
        (docs/sync-promises.md, 11)."""
        if row["field_id"] is not None:
            field_campaign: dict[int, int] = self.__dict__.get("_field_campaign") or dict(
                self.s.execute(select(Field.id, Field.campaign_id)).all()
            )
            self.__dict__["_field_campaign"] = field_campaign
            if field_campaign.get(row["field_id"]) != row["campaign_id"]:
                raise BadRecord("Lĩnh vực không thuộc chương trình đã chọn.")
        data = InitiativeInput(
            campaign_id=row["campaign_id"],
            unit_id=row["unit_id"],
            title=row["title"],
            authors=tuple(
                AuthorInput(
                    a["full_name"],
                    a["job_title"],
                    a["workplace"],
                    a["is_member"],
                    a["contribution_pct"],
                    a["birth_date"],
                    a["qualification"],
                )
                for a in authors
            ),
            description=row["description"],
            benefit_vnd=row["benefit_vnd"],
            benefit_note=row["benefit_note"],
            applied_on=row["applied_on"],
            registered_on=row["registered_on"],
            notes=row["notes"],
            dossier=tuple(DossierInput(d["kind"], d["received_on"], d["note"]) for d in dossier),
        )
        campaign = self._parse_campaign_rules(row["campaign_id"], row["period_id"])
        issues = rules.errors(rules.check_initiative(data, campaign))
        bad = [i for i in issues if not i.contextual]
        if bad:
            raise BadRecord(rules.message(bad))
        flagged = [i for i in issues if i.contextual]
        if flagged:
            self.tally.add(
                self._label(row["unit_id"]),
                "warning",
                f"sáng kiến «{row['title'][:120]}»",
                "Nhận, nhưng theo chương trình như văn phòng này đang giữ: "
                + rules.message(flagged),
            )

    @staticmethod
    def _stage(rec: dict[str, Any]) -> InitiativeStatus | None:
        """The district's registration step sent with the content (None: not sent, or the
        province has taken the status over at the district)."""
        stage = _enum(InitiativeStatus, rec, "stage")
        if stage is not None and stage not in DISTRICT_STATUSES:
            raise BadRecord("bước đăng ký không hợp lệ")
        return stage

    def initiatives_step(self, records: list[Any]) -> None:
        records = self._each(records, "sáng kiến")
        if not records:
            return
        t = Initiative.__table__
        uids = [r.get("uid") for r in records if isinstance(r.get("uid"), str)]
        existing: dict[str, tuple[int, int]] = {}
        for part in chunks(uids):
            for uid, iid, unit_id in self.s.execute(
                select(t.c.uid, t.c.id, t.c.unit_id).where(t.c.uid.in_(part))
            ):
                existing[uid] = (iid, unit_id)
        stamps = self._stamps("initiative", "content", uids)
        new_rows: list[tuple[dict[str, Any], list, list]] = []
        updates: list[tuple[int, dict[str, Any], list, list, str, int]] = []
        versions: dict[str, int] = {}
        seen: set[str] = set()
        for rec in records:
            shown = str(rec.get("title") or "?")[:120]
            try:
                row, authors, dossier, v = self._parse_initiative(rec)
                stage = self._stage(rec)
            except BadRecord as exc:
                unit = rec.get("unit_uid")
                label = (
                    self.units[unit][3]
                    if isinstance(unit, str) and unit in self.units
                    else CATALOGUE
                )
                self.tally.add(label, "rejected", f"sáng kiến «{shown}»", str(exc))
                continue
            uid = row["uid"]
            label = self._label(row["unit_id"])
            if uid in seen:
                self.tally.add(label, "rejected", f"sáng kiến «{shown}»", "trùng mã trong gói")
                continue
            seen.add(uid)
            _, kind, parent_id, _ = self.unit_by_id[row["unit_id"]]
            old = existing.get(uid)
            old_parent = self.unit_by_id.get(old[1], ("", None, None, ""))[2] if old else None
            if (
                kind != UnitKind.GRASSROOTS
                or parent_id != self.sender_unit.id
                or (old is not None and old_parent != self.sender_unit.id)
            ):
                self.tally.add(
                    label,
                    "ignored",
                    f"sáng kiến «{shown}»",
                    f"{self.sender.name} không quản lý nội dung sáng kiến của đơn vị này",
                )
                continue
            if old is not None and not self._is_newer(stamps.get(uid), v):
                self.tally.add(label, "unchanged")
                continue
            versions[uid] = v
            if stage is not None:
                self.stages[uid] = stage
            if old is None:
                new_rows.append((row, authors, dossier))
            else:
                updates.append((old[0], row, authors, dossier, label, v))
        new_rows, updates = self._without_uid_clashes(new_rows, updates, versions)
        self._write_each_alone_on_failure(
            self._insert_initiatives, new_rows, lambda r: r[0], versions
        )
        self._write_each_alone_on_failure(
            self._update_initiatives, updates, lambda u: u[1], versions
        )
        self._set_stamps("initiative", "content", versions, held=set(stamps))

    def _reject_initiative(self, row: dict[str, Any], versions: dict[str, int], why: str) -> None:
        self.tally.add(
            self._label(row["unit_id"]), "rejected", f"sáng kiến «{row['title'][:120]}»", why
        )
        versions.pop(row["uid"], None)
        self.stages.pop(row["uid"], None)

    def _without_uid_clashes(
        self,
        new_rows: list[tuple[dict[str, Any], list, list]],
        updates: list[tuple[int, dict[str, Any], list, list, str, int]],
        versions: dict[str, int],
    ) -> tuple[list[tuple[dict[str, Any], list, list]], list[tuple[Any, ...]]]:
        """An initiative whose author or dossier uid is already another initiative's (here, or
        earlier in this bundle) is rejected alone: a buggy or malicious peer cannot make the
        whole bundle fail on the unique index, nor take over another office's records."""
        wanted: dict[str, list[str]] = {"author": [], "dossier": []}
        children = [(r[1], r[2]) for r in new_rows] + [(u[2], u[3]) for u in updates]
        for authors, dossier in children:
            wanted["author"] += [a["uid"] for a in authors]
            wanted["dossier"] += [d["uid"] for d in dossier]
        held: dict[str, dict[str, int]] = {"author": {}, "dossier": {}}
        for kind, model in (("author", Author), ("dossier", DossierItem)):
            for part in chunks(sorted(set(wanted[kind]))):
                held[kind].update(
                    self.s.execute(
                        select(model.uid, model.initiative_id).where(model.uid.in_(part))
                    ).all()
                )
        claimed: dict[str, set[str]] = {"author": set(), "dossier": set()}
        names = {"author": "tác giả", "dossier": "hồ sơ"}

        def clash(iid: int | None, authors: list, dossier: list) -> str | None:
            for kind, children in (("author", authors), ("dossier", dossier)):
                uids = [c["uid"] for c in children]
                for uid in uids:
                    if uid in claimed[kind] or uids.count(uid) > 1:
                        return f"mã {names[kind]} «{uid}» lặp lại trong gói"
                    owner = held[kind].get(uid)
                    if owner is not None and owner != iid:
                        return (
                            f"mã {names[kind]} «{uid}» đã dùng cho {names[kind]} của sáng kiến khác"
                        )
            return None

        def claim(authors: list, dossier: list) -> None:
            claimed["author"].update(a["uid"] for a in authors)
            claimed["dossier"].update(d["uid"] for d in dossier)

        kept_new = []
        for row, authors, dossier in new_rows:
            why = clash(None, authors, dossier)
            if why:
                self._reject_initiative(row, versions, why)
                continue
            claim(authors, dossier)
            kept_new.append((row, authors, dossier))
        kept_updates = []
        for u in updates:
            why = clash(u[0], u[2], u[3])
            if why:
                self._reject_initiative(u[1], versions, why)
                continue
            claim(u[2], u[3])
            kept_updates.append(u)
        return kept_new, kept_updates

    def _write_each_alone_on_failure(
        self, write: Any, items: list[Any], row_of: Any, versions: dict[str, int]
    ) -> None:
        """All ``items`` in one go (fast); if the database refuses that, each alone, so that
        only the records it refuses are rejected."""
        if not items:
            return
        mark = self.tally.mark()
        try:
            with self.s.begin_nested():
                write(items)
                self.s.flush()
            return
        except RECORD_ERRORS:
            self.tally.restore(mark)
        for item in items:
            row = row_of(item)
            what = f"sáng kiến «{row['title'][:120]}»"
            if not self._guarded(self._label(row["unit_id"]), what, write, [item]):
                versions.pop(row["uid"], None)
                self.stages.pop(row["uid"], None)

    def _child_rows(self, iid: int, authors: list, dossier: list) -> tuple[list, list]:
        a_rows = [
            dict(a, initiative_id=iid, version=self.clock, origin_office_uid=self.sender.uid)
            for a in authors
        ]
        d_rows = [
            dict(d, initiative_id=iid, version=self.clock, origin_office_uid=self.sender.uid)
            for d in dossier
        ]
        return a_rows, d_rows

    def _insert_initiatives(self, new_rows: list[tuple[dict[str, Any], list, list]]) -> None:
        if not new_rows:
            return
        t = Initiative.__table__
        now = utcnow()
        rows = []
        for row, _, _ in new_rows:
            rows.append(
                dict(
                    row,
                    status=self.stages.get(row["uid"], InitiativeStatus.REGISTERED),
                    version=self.clock,
                    origin_office_uid=self.sender.uid,
                    created_at=now,
                    updated_at=now,
                )
            )
            self.tally.add(self._label(row["unit_id"]), "new")
        self._bulk(t, rows)
        # Every row written by this import, and only those, carries this import's clock.
        ids: dict[str, int] = dict(
            self.s.execute(select(t.c.uid, t.c.id).where(t.c.version == self.clock)).all()
        )
        a_all: list[dict[str, Any]] = []
        d_all: list[dict[str, Any]] = []
        for row, authors, dossier in new_rows:
            a_rows, d_rows = self._child_rows(ids[row["uid"]], authors, dossier)
            a_all += a_rows
            d_all += d_rows
        for r in a_all + d_all:
            r["created_at"] = r["updated_at"] = now
        self._bulk(Author.__table__, a_all)
        self._bulk(DossierItem.__table__, d_all)

    def _update_initiatives(
        self, updates: list[tuple[int, dict[str, Any], list, list, str, int]]
    ) -> None:
        if not updates:
            return
        ids = [u[0] for u in updates]
        before = load_contents(self.s, ids)
        decided_ids: set[int] = set()
        for part in chunks(ids):
            decided_ids.update(
                self.s.scalars(
                    select(DecisionEntry.initiative_id).where(DecisionEntry.initiative_id.in_(part))
                )
            )
        stamps = self._stamps("initiative", "content", [before[i]["uid"] for i in ids])
        t = Initiative.__table__
        now = utcnow()
        rev_c = {v: k for k, v in self.campaigns.items()}
        rev_p = {v: k for k, v in self.periods.items()}
        rev_f = {v: k for k, v in self.fields.items()}
        for iid, row, authors, dossier, label, v in updates:
            old = before[iid]
            maps_row = dict(
                row,
                unit_uid=self.unit_by_id[row["unit_id"]][0],
                campaign_uid=rev_c.get(row["campaign_id"]),
                period_uid=rev_p.get(row["period_id"]),
                field_uid=rev_f.get(row["field_id"]),
            )
            new_content = content_of(maps_row, authors, dossier)
            old_content = {k: old[k] for k in new_content}
            # The district's registration step counts while the province has set no status.
            stage = self.stages.get(old["uid"])
            if stage is not None and old["status_version"] is not None and stage != old["status"]:
                # Crossing bundles: the district moved its step before it heard the province
                # had taken the status over. The province's status stays; say so, and send it
                # again on this content version, so that the district (which saw its own step
                # as a change after the decision) clears its conflict.
                self.s.execute(update(t).where(t.c.id == iid).values(version=self.clock))
                self.tally.add(
                    label,
                    "ignored",
                    f"trạng thái «{row['title'][:120]}»",
                    "LĐLĐ tỉnh đã tiếp nhận sáng kiến; trạng thái do tỉnh quyết định",
                )
            elif stage is not None and old["status_version"] is None and stage != old["status"]:
                self.s.execute(
                    update(t)
                    .where(t.c.id == iid)
                    .values(status=stage, updated_at=now, edit_version=t.c.edit_version + 1)
                )
                if new_content == old_content:
                    self.tally.add(label, "updated")
                    continue
            if new_content == old_content:
                self.tally.add(label, "unchanged")
                continue
            decided = InitiativeStatus(old["status"]) in DECIDED or iid in decided_ids
            if decided and not self.sender_is_province:
                stamp = stamps.get(old["uid"])
                self._conflict(
                    old["uid"], old["status"], stamp[0] if stamp else 0, v, old_content, new_content
                )
                self.tally.add(
                    label,
                    "conflicts",
                    f"sáng kiến «{row['title'][:120]}»",
                    "nội dung đã thay đổi sau khi có quyết định",
                )
            else:
                self.tally.add(label, "updated")
            values = {k: v for k, v in row.items() if k != "uid"}
            if old["deleted_at"] and row["deleted_at"] and old["deleted"]:
                values["deleted_at"] = _datetime(old, "deleted_at")
            # edit_version + 1: a window that loaded it before this import is told on save.
            values.update(version=self.clock, updated_at=now, edit_version=t.c.edit_version + 1)
            self.s.execute(update(t).where(t.c.id == iid).values(**values))
            self.s.execute(delete(Author.__table__).where(Author.__table__.c.initiative_id == iid))
            self.s.execute(
                delete(DossierItem.__table__).where(DossierItem.__table__.c.initiative_id == iid)
            )
            a_rows, d_rows = self._child_rows(iid, authors, dossier)
            for r in a_rows + d_rows:
                r["created_at"] = r["updated_at"] = now
            if a_rows:
                self.s.execute(insert(Author.__table__), a_rows)
            if d_rows:
                self.s.execute(insert(DossierItem.__table__), d_rows)

    def _conflict(
        self,
        uid: str,
        status: str,
        decided_version: int,
        content_version: int,
        decided: dict[str, Any] | None,
        current: dict[str, Any] | None,
    ) -> None:
        open_ = self.s.scalar(
            select(SyncConflict).where(
                SyncConflict.initiative_uid == uid, SyncConflict.resolved_at.is_(None)
            )
        )
        if open_ is not None:
            open_.content_version = content_version
            open_.current_json = json.dumps(current, ensure_ascii=False) if current else None
            open_.status = status
            return
        self.s.add(
            SyncConflict(
                initiative_uid=uid,
                status=status,
                decided_version=decided_version,
                content_version=content_version,
                decided_json=json.dumps(decided, ensure_ascii=False) if decided else None,
                current_json=json.dumps(current, ensure_ascii=False) if current else None,
            )
        )

    # ---- decisions and statuses (the province's field group) ----------------------------
    def decisions_step(self, records: list[Any]) -> None:
        for rec in self._each(records, "quyết định"):
            number = str(rec.get("number") or "?")[:60]
            self._guarded(CATALOGUE, f"quyết định {number}", self._decision, rec)

    def _decision(self, rec: dict[str, Any]) -> None:
        number = str(rec.get("number") or "?")[:60]
        if not self.sender_is_province:
            self.tally.add(
                CATALOGUE,
                "ignored",
                f"quyết định {number}",
                "chỉ LĐLĐ tỉnh ra quyết định công nhận",
            )
            return
        try:
            uid = _uid(rec)
            v = _version(rec)
            campaign_uid = _uid(rec, "campaign_uid")
            if campaign_uid not in self.campaigns:
                raise BadRecord("không rõ chương trình")
            period_uid = _uid(rec, "period_uid", required=False)
            issuer_uid = _uid(rec, "issuer_unit_uid", required=False)
            values = {
                "campaign_id": self.campaigns[campaign_uid],
                "period_id": self.periods.get(period_uid) if period_uid else None,
                "issuer_unit_id": self.units[issuer_uid][0] if issuer_uid in self.units else None,
                "number": _str(rec, "number", 60, required=True),
                "signed_on": _date(rec, "signed_on"),
                "signer_name": _str(rec, "signer_name", 200),
                "signer_title": _str(rec, "signer_title", 200),
            }
            entries = []
            for e in _list(rec, "entries", 100_000):
                if not isinstance(e, dict):
                    raise BadRecord("mục quyết định không hợp lệ")
                entries.append(
                    (
                        _uid(e),
                        _uid(e, "initiative_uid"),
                        _bool(e, "recognised", True),
                        _str(e, "reason", 5000),
                    )
                )
        except BadRecord as exc:
            self.tally.add(CATALOGUE, "rejected", f"quyết định {number}", str(exc))
            return
        assert uid is not None
        stamp = self._stamps("decision", "content", [uid]).get(uid)
        d = self.s.scalar(select(Decision).where(Decision.uid == uid))
        if d is not None and not self._is_newer(stamp, v):
            self.tally.add(CATALOGUE, "unchanged")
            return
        self.tally.add(CATALOGUE, "new" if d is None else "updated")
        if d is None:
            d = Decision(uid=uid, origin_office_uid=self.sender.uid)
            self.s.add(d)
        for k, val in values.items():
            setattr(d, k, val)
        d.version = self.clock
        self.s.flush()
        self.s.execute(
            delete(DecisionEntry.__table__).where(DecisionEntry.__table__.c.decision_id == d.id)
        )
        ini = {}
        wanted = [e[1] for e in entries]
        for part in chunks(wanted):
            ini.update(
                self.s.execute(
                    select(Initiative.uid, Initiative.id).where(Initiative.uid.in_(part))
                ).all()
            )
        rows = [
            {
                "uid": euid,
                "decision_id": d.id,
                "initiative_id": ini[iuid],
                "recognised": rec_ok,
                "reason": reason,
                "version": self.clock,
                "origin_office_uid": self.sender.uid,
                "created_at": utcnow(),
                "updated_at": utcnow(),
            }
            for euid, iuid, rec_ok, reason in entries
            if iuid in ini
        ]
        if rows:
            self.s.execute(insert(DecisionEntry.__table__), rows)
        self._set_stamps("decision", "content", {uid: v})

    def statuses_step(self, records: list[Any]) -> None:
        records = self._each(records, "trạng thái")
        if not records:
            return
        t = Initiative.__table__
        uids = [r.get("uid") for r in records if isinstance(r.get("uid"), str)]
        existing: dict[str, tuple[int, int, str, int, str | None]] = {}
        for part in chunks(uids):
            for uid, iid, unit_id, status, version, title in self.s.execute(
                select(t.c.uid, t.c.id, t.c.unit_id, t.c.status, t.c.version, t.c.title).where(
                    t.c.uid.in_(part)
                )
            ):
                existing[uid] = (iid, unit_id, status, version, title)
        stamps = self._stamps("initiative", "status", uids)
        versions: dict[str, int] = {}
        changes: list[dict[str, Any]] = []
        for rec in records:
            try:
                uid = _uid(rec)
                v = _version(rec)
                status = _enum(InitiativeStatus, rec, "status", required=True)
                basis = _int(rec, "basis") or 0
                decided_content = _str(rec, "decided_content", 500_000)
            except BadRecord as exc:
                self.tally.add(CATALOGUE, "rejected", "trạng thái sáng kiến", str(exc))
                continue
            assert uid is not None
            if not self.sender_is_province:
                self.tally.add(
                    CATALOGUE,
                    "ignored",
                    "trạng thái sáng kiến",
                    "chỉ LĐLĐ tỉnh quyết định trạng thái",
                )
                continue
            old = existing.get(uid)
            if old is None:
                self.tally.add(
                    CATALOGUE,
                    "ignored",
                    "trạng thái sáng kiến",
                    "sáng kiến không có ở văn phòng này",
                )
                continue
            iid, unit_id, old_status, local_version, title = old
            label = self._label(unit_id)
            if not self._is_newer(stamps.get(uid), v):
                self.tally.add(label, "unchanged")
                continue
            versions[uid] = v
            if InitiativeStatus(old_status) == status:
                self.tally.add(label, "unchanged")
            else:
                self.tally.add(label, "updated")
            # Even an unchanged status is now the province's: the district's steps stop.
            changes.append({"b_id": iid, "status": status, "status_version": v})
            # The district changed the content after the decision the province took?
            decided = status in DECIDED
            if decided and (local_version or 0) > basis:
                self._conflict(
                    uid, status.value, basis, local_version or 0, _loads(decided_content), None
                )
                self.tally.add(
                    label,
                    "conflicts",
                    f"sáng kiến «{(title or '')[:120]}»",
                    "nội dung đã thay đổi sau khi có quyết định",
                )
            else:
                self.s.execute(
                    update(SyncConflict)
                    .where(SyncConflict.initiative_uid == uid, SyncConflict.resolved_at.is_(None))
                    .values(resolved_at=utcnow())
                )
        for c in changes:
            # The status changes, the content version does not: it is the district's clock.
            self.s.execute(
                update(t)
                .where(t.c.id == c["b_id"])
                .values(
                    status=c["status"],
                    status_version=c["status_version"],
                    edit_version=t.c.edit_version + 1,
                )
            )
        self._set_stamps("initiative", "status", versions)


def _loads(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
