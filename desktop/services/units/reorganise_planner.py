"""The reorganisation's planner: matches the rows' names and checks every rule against the
tree the plan builds, then applies a plan with no problem (``reorganise.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import (
    Campaign,
    Initiative,
    InitiativeStatus,
    Office,
    Period,
    Quota,
    Unit,
    UnitEventKind,
    UnitKind,
)
from desktop.services import labels
from desktop.services.campaigns.progress import window_of
from desktop.services.campaigns.progress_tree import count_by_rule, initiatives_of
from desktop.services.campaigns.quota_table import name_similarity, normalise_name
from desktop.services.common import office_kept
from desktop.services.rules.ownership import ownership
from desktop.services.rules.records import check_unit
from desktop.services.rules.records import message as rules_message
from desktop.services.units.dated import DatedTree
from desktop.services.units.excel_list import code_slug
from desktop.services.units.excel_list import kind_of as unit_kind_of
from desktop.services.units.reorganise_plan import (
    Action,
    ChangeRow,
    PlannedChange,
    QuotaAffected,
    ReorganisationPlan,
    RowProblem,
)
from desktop.services.units.tree import (
    CHILD_KINDS,
    end_unit,
    insert_unit,
    move_unit,
    reclassify_unit,
    rename_unit,
)
from desktop.text.dates import format_date
from desktop.text.normalise import clean

OPEN_STATUSES = (
    InitiativeStatus.REGISTERED,
    InitiativeStatus.DOSSIER_SENT,
    InitiativeStatus.UNDER_EVALUATION,
)

# How sure a name must match to be taken without a code (as the quota table import).
SURE, MARGIN = 0.9, 0.05
NEAR = 0.6  # how close a name must be to be offered as a suggestion


@dataclass
class _Draft:
    """A unit as the plan will leave it (an existing one, or one the plan creates)."""

    id: int | None
    code: str
    name: str
    short_name: str | None
    kind: UnitKind
    parent: int | None  # a key of _Planner.drafts
    ends: bool = False
    key: int = 0


class Planner:
    """Matches the rows' names and checks every rule against the tree the plan builds."""

    def __init__(self, s: Session, effective: dt.date) -> None:
        self.s = s
        self.effective = effective
        self.units = {u.id: u for u in s.scalars(select(Unit))}
        self.drafts: dict[int, _Draft] = {
            u.id: _Draft(u.id, u.code, u.name, u.short_name, u.kind, u.parent_id, key=u.id)
            for u in self.units.values()
        }
        self.problems: list[RowProblem] = []
        self.own = ownership(s)
        self._next_key = -1
        self._codes = {u.code.casefold() for u in self.units.values()}
        # Look-ups kept with the drafts, so that a province's reorganisation of thousands of
        # rows over tens of thousands of units does not scan every unit for each row: the
        # drafts by code, by their names as matched (an exact match is a score of 1.0), and
        # each draft's children (in the drafts' order, as a scan would find them).
        self._by_code: dict[str, list[int]] = {}
        self._by_name: dict[str, dict[int, None]] = {}
        self._kids: dict[int | None, dict[int, None]] = {}
        self._place: dict[int, int] = {}
        self._norms: dict[int, tuple[str, ...]] = {}  # each draft's names, normalised
        for key, d in self.drafts.items():
            self._index(key, d)

    # ---- the drafts' look-ups ----------------------------------------------------------------
    def _index(self, key: int, d: _Draft) -> None:
        self._place[key] = len(self._place)
        self._by_code.setdefault(d.code.casefold(), []).append(key)
        self._name_index(key, d, add=True)
        self._kids.setdefault(d.parent, {})[key] = None

    def _name_index(self, key: int, d: _Draft, add: bool) -> None:
        norms = tuple(normalise_name(n) for n in (d.name, d.short_name or "") if n)
        for norm in norms:
            keys = self._by_name.setdefault(norm, {})
            if add:
                keys[key] = None
            else:
                keys.pop(key, None)
        if add:
            self._norms[key] = norms

    def _rename(self, key: int, name: str) -> None:
        d = self.drafts[key]
        self._name_index(key, d, add=False)
        d.name = name
        self._name_index(key, d, add=True)

    def _set_parent(self, key: int, parent: int | None) -> None:
        d = self.drafts[key]
        self._kids.get(d.parent, {}).pop(key, None)
        d.parent = parent
        self._kids.setdefault(parent, {})[key] = None

    # ---- matching ---------------------------------------------------------------------------
    def _alive(self, key: int) -> bool:
        d = self.drafts[key]
        if d.ends:
            return False
        u = self.units.get(d.id) if d.id is not None else None
        return u is None or u.valid_to is None or u.valid_to > self.effective

    def find(self, text: str, line: int, shown: str) -> int | None:
        """The draft a name or code means, or None with the problem recorded."""
        text = clean(text)
        by_code = self._by_code.get(text.casefold(), [])
        if len(by_code) == 1:
            return by_code[0]
        norm = normalise_name(text)
        # A score of 1.0 is the same name once normalised (``name_similarity``): those come
        # from the index; the scan that scores every unit is for a name matched by none.
        same = [k for k in self._by_name.get(norm, ()) if self._alive(k)] if norm else []
        if same:
            return self._exact(same, text, line, shown)
        # Scores under NEAR are never used (a match needs SURE, a suggestion NEAR, and the
        # margin over them is met either way), so they may be cut short (``floor``).
        scored = sorted(
            (
                (
                    max(
                        (name_similarity(norm, n, floor=NEAR) for n in self._norms[k]), default=0.0
                    ),
                    k,
                )
                for k in self.drafts
                if self._alive(k)
            ),
            key=lambda sk: -sk[0],
        )
        exact = [k for score, k in scored if score == 1.0]
        if len(exact) == 1:
            return exact[0]
        if not exact and scored:
            best, second = scored[0][0], scored[1][0] if len(scored) > 1 else 0.0
            if best >= SURE and best - second >= MARGIN:
                return scored[0][1]
        # Suggestions by what tells units apart: not the "Công đoàn cơ sở" they share.
        core = _core(norm)
        near = exact or [
            k
            for score, k in scored[:3]
            if score >= NEAR
            and name_similarity(core, _core(normalise_name(self.drafts[k].name))) >= NEAR
        ]
        if near:
            names = "; ".join(f"{self.drafts[k].name} (mã {self.drafts[k].code})" for k in near)
            why = "trùng tên nhiều đơn vị" if len(exact) > 1 else "không chắc là đơn vị nào"
            self.problems.append(
                RowProblem(line, shown, f"«{text}»: {why}: {names}; hãy ghi mã đơn vị.")
            )
        else:
            self.problems.append(RowProblem(line, shown, f"không tìm thấy đơn vị «{text}»."))
        return None

    def _exact(self, exact: list[int], text: str, line: int, shown: str) -> int | None:
        """The one draft of that name, else the problem that names them all."""
        if len(exact) == 1:
            return exact[0]
        exact.sort(key=self._place.__getitem__)
        names = "; ".join(f"{self.drafts[k].name} (mã {self.drafts[k].code})" for k in exact)
        self.problems.append(
            RowProblem(
                line, shown, f"«{text}»: trùng tên nhiều đơn vị: {names}; hãy ghi mã đơn vị."
            )
        )
        return None

    def kind_of(self, text: str, name: str, line: int) -> UnitKind | None:
        """The kind a row gives (its «Loại» cell, else the name), as the unit list reads it."""
        found = unit_kind_of(clean(text), name)
        if isinstance(found, UnitKind):  # a StrEnum: test it before str
            return found
        self.problems.append(RowProblem(line, name, found))
        return None

    # ---- the plan ---------------------------------------------------------------------------
    def plan(self, rows: Sequence[ChangeRow]) -> ReorganisationPlan:
        changes: list[PlannedChange] = []
        order = sorted(rows, key=lambda r: (_ORDER[r.action], r.line))
        touched: dict[int, int] = {}  # draft key → the line that changed it
        for r in order:
            change = self._row(r, touched)
            if change is not None:
                changes.append(change)
        self._check_dissolved(changes)
        counts: dict[Action, int] = {}
        for c in changes:
            counts[c.action] = counts.get(c.action, 0) + 1
        return ReorganisationPlan(
            effective=self.effective,
            changes=tuple(changes),
            problems=tuple(sorted(self.problems, key=lambda p: p.line)),
            quotas=self._quotas(changes),
            open_dossiers=self._open_dossiers(changes),
            offices=self._offices(changes),
            counts=counts,
        )

    def _row(self, r: ChangeRow, touched: dict[int, int]) -> PlannedChange | None:
        shown = clean(r.unit) or "?"
        if r.action == Action.CREATE:
            return self._create(r, shown)
        key = self.find(r.unit, r.line, shown)
        if key is None:
            return None
        if key in touched and r.action not in (Action.RENAME, Action.RECLASSIFY):
            self.problems.append(
                RowProblem(r.line, shown, f"đơn vị đã có thay đổi ở dòng {touched[key]}.")
            )
            return None
        d = self.drafts[key]
        if not self._alive(key):
            self.problems.append(RowProblem(r.line, shown, "đơn vị đã giải thể hoặc sáp nhập."))
            return None
        if r.action in (Action.MOVE, Action.MERGE, Action.DISSOLVE):
            touched[key] = r.line
        if r.action != Action.MOVE and not self._keeps_books(d):
            # A grassroots union's name, kind and life are its books' keeper's to change.
            self.problems.append(
                RowProblem(
                    r.line,
                    shown,
                    f"công đoàn cơ sở do {self._name(d.parent)} quản lý trong danh mục: "
                    f"việc {r.action.value} do đơn vị đó làm; ở đây chỉ chuyển đơn vị.",
                )
            )
            return None
        old_parent = d.parent

        def change(action: Action, **kw: Any) -> PlannedChange:
            return PlannedChange(
                action,
                r.line,
                d.id,
                d.name,
                d.kind,
                old_parent_id=self._id(old_parent),
                old_parent_name=self._name(old_parent),
                **kw,
            )

        if r.action == Action.RENAME:
            new_name = clean(r.new_name)
            issues = [i for i in check_unit("-", new_name) if i.field == "name"]
            if issues:
                self.problems.append(RowProblem(r.line, shown, rules_message(issues)))
                return None
            change_made = change(Action.RENAME, new_name=new_name)
            self._rename(key, new_name)
            return change_made
        if r.action == Action.RECLASSIFY:
            kind = self.kind_of(r.kind, d.name, r.line)
            if kind is None or not self._fits(kind, d.parent, r.line, shown):
                return None
            if kind.level != d.kind.level:
                self.problems.append(
                    RowProblem(
                        r.line,
                        shown,
                        f"đổi loại chỉ trong cùng cấp ({labels.UNIT_LEVEL[d.kind.level]}).",
                    )
                )
                return None
            change_made = change(Action.RECLASSIFY, new_kind=kind)
            d.kind = kind
            return change_made
        if r.action == Action.DISSOLVE:
            d.ends = True
            return change(Action.DISSOLVE)
        target = self.find(r.parent, r.line, shown) if clean(r.parent) else None
        if target is None:
            if not clean(r.parent):
                self.problems.append(RowProblem(r.line, shown, "thiếu đơn vị cấp trên mới."))
            return None
        if target == key or self._is_below(target, key):
            self.problems.append(
                RowProblem(r.line, shown, "không thể chuyển vào chính nó hoặc đơn vị cấp dưới.")
            )
            return None
        if r.action == Action.MOVE:
            if not self._fits(d.kind, target, r.line, shown):
                return None
            self._set_parent(key, target)
            return change(Action.MOVE, parent_id=self._id(target), parent_name=self._name(target))
        # MERGE: its children go to the target, it ends.
        for child in self._children(key):
            if not self._fits(self.drafts[child].kind, target, r.line, shown):
                return None
        for child in self._children(key):
            self._set_parent(child, target)
        d.ends = True
        return change(Action.MERGE, parent_id=self._id(target), parent_name=self._name(target))

    def _create(self, r: ChangeRow, shown: str) -> PlannedChange | None:
        name = clean(r.unit)
        parent = self.find(r.parent, r.line, shown) if clean(r.parent) else None
        if parent is None:
            if not clean(r.parent):
                self.problems.append(RowProblem(r.line, shown, "thiếu đơn vị cấp trên mới."))
            return None
        kind = self.kind_of(r.kind, name, r.line)
        if kind is None or not self._fits(kind, parent, r.line, shown):
            return None
        same = [
            k
            for k in self._children(parent)
            if normalise_name(self.drafts[k].name) == normalise_name(name)
        ]
        if same:
            self.problems.append(
                RowProblem(r.line, shown, f"đã có đơn vị «{self.drafts[same[0]].name}» ở đó.")
            )
            return None
        code = clean(r.code) or self._new_code(name, parent)
        issues = check_unit(code, name, None, self.effective)
        if issues:
            self.problems.append(RowProblem(r.line, shown, rules_message(issues)))
            return None
        if code.casefold() in self._codes:
            self.problems.append(RowProblem(r.line, shown, f"mã «{code}» đã có."))
            return None
        self._codes.add(code.casefold())
        key = self._next_key
        self._next_key -= 1
        self.drafts[key] = _Draft(None, code, name, None, kind, parent, key=key)
        self._index(key, self.drafts[key])
        return PlannedChange(
            Action.CREATE,
            r.line,
            None,
            name,
            kind,
            parent_id=self._id(parent),
            parent_name=self._name(parent),
            code=code,
        )

    # ---- rules ------------------------------------------------------------------------------
    def _keeps_books(self, d: _Draft) -> bool:
        """Whether this office may change the catalogue entry of ``d`` (not only move it)."""
        u = self.units.get(d.id) if d.id is not None else None
        return u is None or self.own.owns_unit(u.kind, u.parent_id)

    def _fits(self, kind: UnitKind, parent: int | None, line: int, shown: str) -> bool:
        parent_kind = self.drafts[parent].kind if parent is not None else None
        if kind in CHILD_KINDS[parent_kind]:
            return True
        where = self._name(parent) or "cấp cao nhất"
        self.problems.append(
            RowProblem(
                line,
                shown,
                f"{labels.UNIT_KIND[kind]} không thể trực thuộc {where}"
                + (f" ({labels.UNIT_KIND[parent_kind]})." if parent_kind else "."),
            )
        )
        return False

    def _children(self, key: int) -> list[int]:
        kids = [k for k in self._kids.get(key, ()) if k != key and self._alive(k)]
        kids.sort(key=self._place.__getitem__)
        return kids

    def _is_below(self, target: int, key: int) -> bool:
        """Whether ``key`` is above ``target`` in the drafts' tree (walked up from ``target``)."""
        seen: set[int] = set()
        cur = self.drafts[target].parent
        while cur is not None and cur not in seen and cur in self.drafts:
            if cur == key:
                return True
            seen.add(cur)
            cur = self.drafts[cur].parent
        return False

    def _check_dissolved(self, changes: list[PlannedChange]) -> None:
        for c in changes:
            if c.action != Action.DISSOLVE or c.unit_id is None:
                continue
            left = self._children(c.unit_id)
            if left:
                names = ", ".join(self.drafts[k].name for k in left[:3])
                self.problems.append(
                    RowProblem(
                        c.line,
                        c.unit_name,
                        f"còn {len(left)} đơn vị trực thuộc chưa chuyển đi ({names}"
                        + ("…" if len(left) > 3 else "")
                        + ").",
                    )
                )

    def _id(self, key: int | None) -> int | None:
        return self.drafts[key].id if key is not None else None

    def _name(self, key: int | None) -> str:
        return self.drafts[key].name if key is not None else ""

    def _new_code(self, name: str, parent: int) -> str:
        """The parent's code and the name's place, its kind in short: "LC-P-TAN-PHONG"."""
        stem = f"{self.drafts[parent].code}-{code_slug(_code_words(name))}"[:36].rstrip("-")
        code, n = stem, 2
        while code.casefold() in self._codes:
            code = f"{stem}-{n}"
            n += 1
        return code

    # ---- what the preview tells besides the changes -----------------------------------------
    def _ending(self, changes: list[PlannedChange]) -> list[int]:
        return [
            c.unit_id
            for c in changes
            if c.action in (Action.DISSOLVE, Action.MERGE) and c.unit_id is not None
        ]

    def _moved_grassroots(self, changes: list[PlannedChange]) -> list[int]:
        out = []
        for d in self.drafts.values():
            u = self.units.get(d.id) if d.id is not None else None
            if u is not None and u.kind == UnitKind.GRASSROOTS and d.parent != u.parent_id:
                out.append(u.id)
        return out

    def _quotas(self, changes: list[PlannedChange]) -> tuple[QuotaAffected, ...]:
        ending = self._ending(changes)
        if not ending:
            return ()
        dated = DatedTree.load(self.s)
        out: list[QuotaAffected] = []
        q = select(Quota).where(Quota.unit_id.in_(ending))
        for quota in self.s.scalars(q):
            campaign = self.s.get(Campaign, quota.campaign_id)
            if campaign is None:
                continue
            period = self.s.get(Period, quota.period_id) if quota.period_id else None
            start, end = window_of(campaign, period)
            if end is not None and end < self.effective:
                continue  # finished: its figures stay as they were
            upto = self.effective - dt.timedelta(days=1)
            reached = 0
            if start is None or start <= upto:
                counts = count_by_rule(
                    self.s, dated, initiatives_of(campaign.id), start, upto, lambda _st: False
                )
                reached = counts.all.get(quota.unit_id, 0)
            out.append(
                QuotaAffected(
                    campaign.code,
                    period.name if period else "Cả chương trình",
                    self.units[quota.unit_id].name,
                    quota.target,
                    reached,
                )
            )
        return tuple(out)

    def _open_dossiers(self, changes: list[PlannedChange]) -> tuple[tuple[str, int], ...]:
        moved = self._moved_grassroots(changes)
        if not moved:
            return ()
        q = (
            select(Initiative.unit_id, func.count())
            .where(
                Initiative.unit_id.in_(moved),
                Initiative.deleted_at.is_(None),
                Initiative.status.in_(OPEN_STATUSES),
            )
            .group_by(Initiative.unit_id)
        )
        rows = [(self.units[u].name, n) for u, n in self.s.execute(q)]
        return tuple(sorted(rows))

    def _offices(self, changes: list[PlannedChange]) -> tuple[str, ...]:
        involved: set[int] = set()
        for c in changes:
            for unit_id in (c.unit_id, c.old_parent_id, c.parent_id):
                if unit_id is not None:
                    involved.add(unit_id)
        if not involved:
            return ()
        q = select(Office.name).where(Office.unit_id.in_(involved), Office.is_local.is_(False))
        return tuple(sorted(set(self.s.scalars(q))))

    # ---- applying ---------------------------------------------------------------------------
    def apply(self, plan: ReorganisationPlan) -> None:
        s, on = self.s, self.effective
        made: dict[str, Unit] = {}

        def unit_of(unit_id: int | None, name: str) -> Unit:
            if unit_id is not None:
                return self.units[unit_id]
            return made[name]

        with office_kept(s):  # one look-up of the office, not two flushes a change
            for c in plan.changes:
                if c.action == Action.CREATE:
                    parent = unit_of(c.parent_id, c.parent_name)
                    made[c.unit_name] = insert_unit(
                        s,
                        code=c.code,
                        name=c.unit_name,
                        kind=c.kind,
                        parent_id=parent.id,
                        valid_from=on,
                        note=f"Sắp xếp lại đơn vị từ ngày {format_date(on)}",
                    )
                    continue
                u = unit_of(c.unit_id, c.unit_name)
                if c.action == Action.RENAME:
                    rename_unit(s, u, c.new_name, on)
                elif c.action == Action.RECLASSIFY and c.new_kind is not None:
                    reclassify_unit(s, u, c.new_kind, on)
                elif c.action == Action.MOVE:
                    move_unit(s, u, unit_of(c.parent_id, c.parent_name), on)
                elif c.action == Action.MERGE:
                    target = unit_of(c.parent_id, c.parent_name)
                    for child in sorted(u.children, key=lambda x: x.name_key):
                        if child.valid_to is None or child.valid_to > on:
                            move_unit(
                                s, child, target, on, note=f"Do sáp nhập {u.name} vào {target.name}"
                            )
                    end_unit(s, u, on, UnitEventKind.MERGE, other=target)
                elif c.action == Action.DISSOLVE:
                    end_unit(s, u, on, UnitEventKind.DISSOLVE)
        s.flush()


_GENERIC = ("cong doan co so ", "lien doan lao dong ", "cong doan ")

# How a new unit's code names its kind: "Công đoàn phường Tân Phong" → P-TAN-PHONG.
_CODE_KINDS = (
    ("co so ", "CS "),
    ("phuong ", "P "),
    ("xa ", "X "),
    ("dac khu ", "DK "),
    ("lien xa ", "LX "),
    ("cac khu cong nghiep ", "KCN "),
    ("khu cong nghiep ", "KCN "),
    ("khu kinh te ", "KKT "),
    ("nganh ", "N "),
    ("vien chuc ", "VC "),
)


def _code_words(name: str) -> str:
    words = normalise_name(name)
    for prefix in ("cong doan ", "lien doan lao dong "):
        if words.startswith(prefix):
            words = words[len(prefix) :]
            break
    for long, short in _CODE_KINDS:
        if words.startswith(long):
            return short + words[len(long) :]
    return words


def _core(norm: str) -> str:
    """A folded unit name without the words of its kind that many units share."""
    for prefix in _GENERIC:
        if norm.startswith(prefix):
            return norm[len(prefix) :]
    return norm


# The order rows are applied in: new units first, endings last.
_ORDER = {
    Action.CREATE: 0,
    Action.RENAME: 1,
    Action.RECLASSIFY: 1,
    Action.MOVE: 2,
    Action.MERGE: 3,
    Action.DISSOLVE: 4,
}
