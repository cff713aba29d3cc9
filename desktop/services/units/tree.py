"""The unit hierarchy: list, search, create, rename, move, merge, dissolve — with history."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import (
    DISTRICT_LEVEL_KINDS,
    PROVINCE_LEVEL_KINDS,
    Sector,
    Unit,
    UnitEvent,
    UnitEventKind,
    UnitKind,
)
from desktop.services import labels
from desktop.services.common import (
    NotFound,
    ServiceError,
    ValidationFailed,
    audit,
    check_version,
    guard_conflicts,
    local_office,
    tick,
)
from desktop.services.rules.ownership import NotOwner, Ownership, ownership
from desktop.services.rules.records import check_unit
from desktop.text.collation import collation_key
from desktop.text.normalise import clean, fold


@dataclass(frozen=True, slots=True)  # slots: the units page holds a national office's 50,000
class UnitRow:
    id: int
    uid: str
    code: str
    name: str
    short_name: str | None
    kind: UnitKind
    parent_id: int | None
    sector: Sector | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    # The row's edit version when read: send it back with a change (common.EditConflict).
    edit_version: int = 0

    @property
    def active(self) -> bool:
        return self.valid_to is None or self.valid_to > dt.date.today()

    @property
    def display_name(self) -> str:
        return short_unit_name(self.name, self.short_name)


@dataclass(frozen=True)
class UnitEventRow:
    kind: UnitEventKind
    on_date: dt.date | None
    old_name: str | None
    new_name: str | None
    other_unit_name: str | None
    note: str | None
    # A move's parents (a creation's parent in new_parent_name), a reclassification's kinds.
    old_parent_name: str | None = None
    new_parent_name: str | None = None
    old_kind: UnitKind | None = None
    new_kind: UnitKind | None = None
    # False: the event is another unit's (a unit merged into this one).
    own: bool = True


# The columns of a UnitRow, in its fields' order.
_ROW_COLUMNS = (
    Unit.id,
    Unit.uid,
    Unit.code,
    Unit.name,
    Unit.short_name,
    Unit.kind,
    Unit.parent_id,
    Unit.sector,
    Unit.valid_from,
    Unit.valid_to,
    Unit.edit_version,
)


def _row(u: Unit) -> UnitRow:
    return UnitRow(
        id=u.id,
        uid=u.uid,
        code=u.code,
        name=u.name,
        short_name=u.short_name,
        kind=u.kind,
        parent_id=u.parent_id,
        sector=u.sector,
        valid_from=u.valid_from,
        valid_to=u.valid_to,
        edit_version=u.edit_version,
    )


def short_unit_name(name: str, short_name: str | None = None) -> str:
    """The name as lists show it: the short name, else "CĐCS …" for "Công đoàn cơ sở …"."""
    if short_name:
        return short_name
    for long, short in _ABBREVIATIONS:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


_ABBREVIATIONS = (("Công đoàn cơ sở ", "CĐCS "), ("Liên đoàn Lao động ", "LĐLĐ "))


def set_unit_name(u: Unit, name: str) -> None:
    """Set the name and the derived search and sort keys together."""
    u.name = name
    u.name_folded = fold(name + " " + (u.short_name or "") + " " + u.code)
    u.name_key = collation_key(name)


def insert_unit(
    s: Session,
    *,
    code: str,
    name: str,
    kind: UnitKind,
    parent_id: int | None,
    short_name: str | None = None,
    sector: Sector | None = None,
    valid_from: dt.date | None = None,
    note: str | None = None,
    uid: str | None = None,
) -> Unit:
    """Add a unit with the CREATE event that starts its history, its clock ticked: what every
    way of adding one writes (the units page, an Excel list of units, the demo). Nothing is
    checked here; the caller has checked the rules and that this office owns the entry."""
    u = Unit(
        code=code,
        short_name=short_name,
        kind=kind,
        parent_id=parent_id,
        sector=sector,
        valid_from=valid_from,
    )
    if uid is not None:
        u.uid = uid
    set_unit_name(u, name)
    tick(s, u)
    s.add(u)
    s.flush()
    _event(
        s, u, UnitEventKind.CREATE, valid_from, new_name=name, new_parent_id=parent_id, note=note
    )
    return u


# The kinds of unit that may sit directly under a unit of each kind (None: the top).
CHILD_KINDS: dict[UnitKind | None, tuple[UnitKind, ...]] = {
    None: (UnitKind.NATIONAL, *PROVINCE_LEVEL_KINDS),
    UnitKind.NATIONAL: PROVINCE_LEVEL_KINDS,
    # The old district federation last: it is kept for entering the history before 2025.
    UnitKind.PROVINCE: (
        *(k for k in DISTRICT_LEVEL_KINDS if k != UnitKind.DISTRICT),
        UnitKind.GRASSROOTS,
        UnitKind.DISTRICT,
    ),
    # A central sector union holds its sector's upper-level unions and grassroots unions.
    UnitKind.CENTRAL_SECTOR: (UnitKind.SECTOR, UnitKind.GRASSROOTS),
    **{k: (UnitKind.GRASSROOTS,) for k in DISTRICT_LEVEL_KINDS},
    UnitKind.GRASSROOTS: (),
}


def catalogue_owner(s: Session, kind: UnitKind, parent_id: int | None) -> Unit | None:
    """The unit whose office writes the catalogue entry and the quotas of a unit of this kind
    and parent (``Ownership.owns_unit`` in ownership.py): the parent of a grassroots union,
    else the province. For messages saying whom to ask."""
    if kind == UnitKind.GRASSROOTS and parent_id is not None:
        return s.get(Unit, parent_id)
    return s.scalar(select(Unit).where(Unit.kind == UnitKind.PROVINCE).order_by(Unit.id).limit(1))


def _owner_name(s: Session, kind: UnitKind, parent_id: int | None) -> str:
    owner = catalogue_owner(s, kind, parent_id)
    return short_unit_name(owner.name, owner.short_name) if owner else "đơn vị cấp trên"


def _office(own: Ownership) -> str:
    return own.name or "này"


def _refuse_unit(s: Session, own: Ownership, u: Unit) -> None:
    """Refuse a change to ``u``'s catalogue entry this office does not own."""
    if own.owns_unit(u.kind, u.parent_id):
        return
    raise NotOwner(
        f"Đơn vị {short_unit_name(u.name, u.short_name)} do "
        f"{_owner_name(s, u.kind, u.parent_id)} quản lý trong danh mục; văn phòng "
        f"{_office(own)} chỉ xem và nhận thay đổi của đơn vị này qua gói dữ liệu."
    )


def _refuse_placement(own: Ownership, what: str) -> None:
    """Refuse a change of where units sit when this office is not the province's."""
    if not own.owns_placement:
        raise own.province_only(what)


def _refuse_misfit(u: Unit, parent: Unit) -> None:
    """Refuse putting ``u`` under a unit of a kind that cannot hold it."""
    if u.kind not in CHILD_KINDS[parent.kind]:
        raise ServiceError(
            f"{short_unit_name(u.name, u.short_name)} ({labels.UNIT_KIND[u.kind]}) không thể "
            f"trực thuộc {short_unit_name(parent.name, parent.short_name)} "
            f"({labels.UNIT_KIND[parent.kind]})."
        )


def _event(s: Session, unit: Unit, kind: UnitEventKind, on: dt.date | None, **kw: object) -> None:
    office = local_office(s)
    s.add(
        UnitEvent(
            unit_id=unit.id,
            kind=kind,
            on_date=on,
            origin_office_uid=office.uid if office else None,
            version=unit.version,
            **kw,
        )
    )


def move_unit(
    s: Session, u: Unit, parent: Unit, on: dt.date | None, note: str | None = None
) -> None:
    """Put ``u`` under ``parent`` from ``on`` with the MOVE event that dates it (checked by
    the caller: the move, the merge, a reorganisation)."""
    old = u.parent_id
    u.parent_id = parent.id
    tick(s, u)
    _event(s, u, UnitEventKind.MOVE, on, old_parent_id=old, new_parent_id=parent.id, note=note)


def rename_unit(
    s: Session, u: Unit, new_name: str, on: dt.date | None, note: str | None = None
) -> None:
    """Give ``u`` a new name from ``on``, with the RENAME event that dates it."""
    old = u.name
    set_unit_name(u, new_name)
    tick(s, u)
    _event(s, u, UnitEventKind.RENAME, on, old_name=old, new_name=new_name, note=note or None)


def reclassify_unit(s: Session, u: Unit, kind: UnitKind, on: dt.date | None) -> None:
    """Make ``u`` another kind of unit from ``on`` (a commune's union became a ward's)."""
    old = u.kind
    u.kind = kind
    tick(s, u)
    _event(s, u, UnitEventKind.RECLASSIFY, on, old_kind=old, new_kind=kind)


def end_unit(
    s: Session,
    u: Unit,
    on: dt.date,
    kind: UnitEventKind,
    other: Unit | None = None,
    note: str | None = None,
) -> None:
    """Close ``u`` on ``on`` (dissolved, or merged into ``other``), its history kept."""
    u.valid_to = on
    tick(s, u)
    _event(
        s,
        u,
        kind,
        on,
        other_unit_id=other.id if other else None,
        old_name=u.name if other else None,
        new_name=other.name if other else None,
        note=note or None,
    )


def _name_of(s: Session, unit_id: int | None) -> str:
    u = s.get(Unit, unit_id) if unit_id is not None else None
    return u.name if u else "(không có)"


UNIT_NOUN = "đơn vị này"  # in EditConflict: «Đơn vị này vừa được … sửa lúc …»


class UnitService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    # ---- reading -------------------------------------------------------------------------
    def list(
        self,
        kinds: Iterable[UnitKind] | None = None,
        parent_id: int | None = None,
        include_closed: bool = False,
    ) -> list[UnitRow]:
        """Units in Vietnamese alphabetical order of their names (their columns read as rows,
        not unit objects: the units page lists a national office's 50,000)."""
        q = select(*_ROW_COLUMNS).order_by(Unit.name_key)
        if kinds is not None:
            q = q.where(Unit.kind.in_(list(kinds)))
        if parent_id is not None:
            q = q.where(Unit.parent_id == parent_id)
        if not include_closed:
            q = q.where(or_(Unit.valid_to.is_(None), Unit.valid_to > dt.date.today()))
        with self._sf() as s:
            rows = s.connection().execute(q).partitions(5_000)  # not every Row held at once
            return [UnitRow(*r) for part in rows for r in part]

    def get(self, unit_id: int) -> UnitRow:
        with self._sf() as s:
            u = s.get(Unit, unit_id)
            if u is None:
                raise NotFound("Không tìm thấy đơn vị.")
            return _row(u)

    def by_code(self, code: str) -> UnitRow | None:
        with self._sf() as s:
            u = s.scalar(select(Unit).where(Unit.code == code))
            return _row(u) if u else None

    def find(self, code_or_name: str) -> UnitRow | None:
        """A unit by exact code, else by name or short name ignoring diacritics and case."""
        found = self.by_code(code_or_name)
        if found:
            return found
        key = fold(code_or_name)
        with self._sf() as s:
            for u in s.scalars(select(Unit)):
                if key in {fold(u.name), fold(u.short_name or "")}:
                    return _row(u)
        return None

    def search(
        self, text: str, kinds: Iterable[UnitKind] | None = None, limit: int = 50
    ) -> builtins.list[UnitRow]:
        """Units whose name, short name or code contains every typed word, diacritics ignored."""
        q = select(Unit).order_by(Unit.name_key).limit(limit)
        for word in fold(text).split():
            q = q.where(Unit.name_folded.contains(word, autoescape=True))
        if kinds is not None:
            q = q.where(Unit.kind.in_(list(kinds)))
        q = q.where(or_(Unit.valid_to.is_(None), Unit.valid_to > dt.date.today()))
        with self._sf() as s:
            return [_row(u) for u in s.scalars(q)]

    def counts_by_kind(self) -> dict[UnitKind, int]:
        with self._sf() as s:
            rows = s.execute(
                select(Unit.kind, func.count())
                .where(or_(Unit.valid_to.is_(None), Unit.valid_to > dt.date.today()))
                .group_by(Unit.kind)
            )
            return {UnitKind(k): n for k, n in rows}

    def editable_ids(self) -> frozenset[int]:
        """The units whose catalogue entry this office may change (every unit when no office
        is set up): a district its grassroots unions, the province every other unit."""
        with self._sf() as s:
            own = ownership(s)
            rows = s.connection().execute(select(Unit.id, Unit.kind, Unit.parent_id)).all()
            return frozenset(i for i, kind, parent in rows if own.owns_unit(kind, parent))

    def addable_kinds(self, parent_id: int | None) -> tuple[UnitKind, ...]:
        """The kinds of unit this office may add directly under ``parent_id`` (None: the top)."""
        with self._sf() as s:
            own = ownership(s)
            parent = s.get(Unit, parent_id) if parent_id is not None else None
            if parent_id is not None and parent is None:
                return ()
            kinds = CHILD_KINDS[parent.kind if parent else None]
            return tuple(k for k in kinds if own.owns_unit(k, parent_id))

    def district_level(self) -> builtins.list[UnitRow]:
        return self.list(kinds=DISTRICT_LEVEL_KINDS)

    def descendant_ids(self, unit_id: int) -> set[int]:
        """The unit and every unit below it (any depth)."""
        with self._sf() as s:
            return self._descendants(s, unit_id)

    def history(self, unit_id: int) -> builtins.list[UnitEventRow]:
        with self._sf() as s:
            events = s.scalars(
                select(UnitEvent)
                .where(or_(UnitEvent.unit_id == unit_id, UnitEvent.other_unit_id == unit_id))
                .order_by(UnitEvent.on_date.asc().nulls_first(), UnitEvent.id)
            )
            out = []

            def name_of(unit_id: int | None) -> str | None:
                u = s.get(Unit, unit_id) if unit_id is not None else None
                return u.name if u else None

            for e in events:
                other_id = e.other_unit_id if e.unit_id == unit_id else e.unit_id
                other = s.get(Unit, other_id) if other_id else None
                out.append(
                    UnitEventRow(
                        e.kind,
                        e.on_date,
                        e.old_name,
                        e.new_name,
                        other.name if other else None,
                        e.note,
                        old_parent_name=name_of(e.old_parent_id),
                        new_parent_name=name_of(e.new_parent_id),
                        old_kind=e.old_kind,
                        new_kind=e.new_kind,
                        own=e.unit_id == unit_id,
                    )
                )
            return out

    # ---- changing ------------------------------------------------------------------------
    def create(
        self,
        code: str,
        name: str,
        kind: UnitKind,
        parent_id: int | None = None,
        short_name: str | None = None,
        sector: Sector | None = None,
        valid_from: dt.date | None = None,
    ) -> UnitRow:
        problems = check_unit(code, name, short_name, valid_from)
        if problems:
            raise ValidationFailed(problems)
        code, name = clean(code), clean(name)
        with self._sf.begin() as s:
            parent = s.get(Unit, parent_id) if parent_id is not None else None
            if parent_id is not None and parent is None:
                raise ServiceError("Không tìm thấy đơn vị cấp trên.")
            own = ownership(s)
            if not own.owns_unit(kind, parent_id):
                where = short_unit_name(parent.name, parent.short_name) if parent else "danh mục"
                raise NotOwner(
                    f"Chỉ {_owner_name(s, kind, parent_id)} được thêm đơn vị «{name}» vào "
                    f"{where}; văn phòng {_office(own)} nhận danh mục đơn vị qua gói dữ liệu."
                )
            if s.scalar(select(Unit.id).where(Unit.code == code)) is not None:
                raise ServiceError(f"Mã đơn vị «{code}» đã có.")
            u = insert_unit(
                s,
                code=code,
                name=name,
                kind=kind,
                parent_id=parent_id,
                short_name=clean(short_name) or None,
                sector=sector,
                valid_from=valid_from,
            )
            audit(s, "unit", u.uid, "create", f"Thêm đơn vị {name}")
            return _row(u)

    def rename(
        self,
        unit_id: int,
        new_name: str,
        on_date: dt.date | None,
        note: str = "",
        expected_version: int | None = None,
    ) -> None:
        """``expected_version`` (here and in move, dissolve): the ``edit_version`` of the unit
        the window shows; a newer one in the store raises EditConflict."""
        problems = [i for i in check_unit("-", new_name) if i.field == "name"]
        if problems:
            raise ValidationFailed(problems)
        new_name = clean(new_name)
        with guard_conflicts(self._sf, Unit, unit_id, UNIT_NOUN, "unit"), self._sf.begin() as s:
            u = self._get(s, unit_id)
            check_version(s, u, expected_version, UNIT_NOUN, "unit")
            _refuse_unit(s, ownership(s), u)
            old = u.name
            rename_unit(s, u, new_name, on_date, note)
            audit(s, "unit", u.uid, "rename", f"Đổi tên «{old}» thành «{new_name}»")

    def move(
        self,
        unit_id: int,
        new_parent_id: int,
        on_date: dt.date | None,
        expected_version: int | None = None,
    ) -> None:
        """Put a unit under another parent from ``on_date`` (None: a correction, since
        always). Its initiatives dated before then still count where they counted."""
        with guard_conflicts(self._sf, Unit, unit_id, UNIT_NOUN, "unit"), self._sf.begin() as s:
            u = self._get(s, unit_id)
            check_version(s, u, expected_version, UNIT_NOUN, "unit")
            _refuse_placement(ownership(s), "chuyển đơn vị sang đơn vị cấp trên khác")
            new_parent = self._get(s, new_parent_id)
            if new_parent_id in self._descendants(s, unit_id):
                raise ServiceError("Không thể chuyển một đơn vị vào chính đơn vị cấp dưới của nó.")
            _refuse_misfit(u, new_parent)
            old_parent = u.parent_id
            move_unit(s, u, new_parent, on_date)
            audit(
                s,
                "unit",
                u.uid,
                "move",
                f"Chuyển {u.name} từ {_name_of(s, old_parent)} sang {new_parent.name}",
            )

    def merge(self, source_ids: Iterable[int], target_id: int, on_date: dt.date) -> None:
        """Merge units into ``target_id`` on ``on_date``: their children move to it, they end.

        Their initiatives and quotas stay attached to them and count where they counted on
        their dates (``services/units/dated.py``), so a finished campaign reads as it was.
        """
        with self._sf.begin() as s:
            own = ownership(s)
            target = self._get(s, target_id)
            for sid in source_ids:
                if sid == target_id:
                    continue
                src = self._get(s, sid)
                if any(c.valid_to is None or c.valid_to > on_date for c in src.children):
                    # Its children move: where units sit is the province's decision.
                    _refuse_placement(own, "hợp nhất đơn vị có đơn vị trực thuộc")
                elif not own.owns_placement:
                    # Two grassroots unions of one office become one: its own catalogue.
                    _refuse_unit(s, own, src)
                    _refuse_unit(s, own, target)
                if target_id in self._descendants(s, sid):
                    raise ServiceError("Không thể hợp nhất một đơn vị vào đơn vị cấp dưới của nó.")
                for child in sorted(src.children, key=lambda c: c.name_key):
                    if child.valid_to is not None and child.valid_to <= on_date:
                        continue
                    _refuse_misfit(child, target)
                    move_unit(
                        s, child, target, on_date, note=f"Do hợp nhất {src.name} vào {target.name}"
                    )
                end_unit(s, src, on_date, UnitEventKind.MERGE, other=target)
                audit(s, "unit", src.uid, "merge", f"Hợp nhất {src.name} vào {target.name}")

    def dissolve(
        self,
        unit_id: int,
        on_date: dt.date,
        note: str = "",
        expected_version: int | None = None,
    ) -> None:
        with guard_conflicts(self._sf, Unit, unit_id, UNIT_NOUN, "unit"), self._sf.begin() as s:
            u = self._get(s, unit_id)
            check_version(s, u, expected_version, UNIT_NOUN, "unit")
            _refuse_unit(s, ownership(s), u)
            # Whether a unit goes on is part of its catalogue entry: its books' keeper decides.
            _refuse_unit(s, ownership(s), u)
            alive = [c for c in u.children if c.valid_to is None or c.valid_to > on_date]
            if alive:
                names = ", ".join(short_unit_name(c.name, c.short_name) for c in alive[:3])
                raise ServiceError(
                    f"{short_unit_name(u.name, u.short_name)} còn {len(alive)} đơn vị trực "
                    f"thuộc ({names}{'…' if len(alive) > 3 else ''}); hãy chuyển chúng sang "
                    "đơn vị cấp trên mới trước (Sắp xếp lại đơn vị), hoặc hợp nhất đơn vị."
                )
            end_unit(s, u, on_date, UnitEventKind.DISSOLVE, note=note)
            audit(s, "unit", u.uid, "dissolve", f"Giải thể {u.name}")

    # ---- helpers -------------------------------------------------------------------------
    @staticmethod
    def _get(s: Session, unit_id: int) -> Unit:
        u = s.get(Unit, unit_id)
        if u is None:
            raise NotFound("Không tìm thấy đơn vị.")
        return u

    @staticmethod
    def _descendants(s: Session, unit_id: int) -> set[int]:
        children: dict[int | None, builtins.list[int]] = {}
        for id_, parent in s.execute(select(Unit.id, Unit.parent_id)):
            children.setdefault(parent, []).append(id_)
        out, stack = set(), [unit_id]
        while stack:
            cur = stack.pop()
            if cur not in out:
                out.add(cur)
                stack.extend(children.get(cur, []))
        return out
