"""The shape of a reorganisation: its actions, the rows as typed or read, the problems by
row, and the plan the preview shows (``reorganise.py`` makes and applies it)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from desktop.models import UnitKind
from desktop.services.common import ServiceError


class Action(enum.StrEnum):
    """What one row of a reorganisation does (its Vietnamese name, as the file writes it)."""

    CREATE = "tạo mới"
    RENAME = "đổi tên"
    RECLASSIFY = "đổi loại"
    MOVE = "chuyển"
    MERGE = "sáp nhập vào"
    DISSOLVE = "giải thể"


@dataclass(frozen=True)
class ChangeRow:
    """One change as typed or read, units by name or code (matched by ``plan``).

    ``unit``: the unit changed (for CREATE: the new unit's name); ``parent``: the new parent
    (CREATE, MOVE) or the unit merged into (MERGE); ``kind``: the kind of a new unit or the new
    kind (a ``UnitKind`` value or its Vietnamese label, e.g. "Công đoàn phường"; empty for
    CREATE: told by the name); ``new_name``: RENAME's new name; ``code``: a new unit's code
    (empty: one is made from its parent's); ``line``: its row in the file (0: typed)."""

    action: Action
    unit: str
    parent: str = ""
    kind: str = ""
    new_name: str = ""
    code: str = ""
    line: int = 0


@dataclass(frozen=True)
class RowProblem:
    line: int  # 0: typed in the window
    unit: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.line}" if self.line else "Thay đổi"
        return f"{where} («{self.unit}»): {self.message}"


@dataclass(frozen=True)
class PlannedChange:
    """One change as it would be applied: the unit (None for a new one), names as shown."""

    action: Action
    line: int
    unit_id: int | None
    unit_name: str
    kind: UnitKind
    old_parent_id: int | None = None
    old_parent_name: str = ""
    parent_id: int | None = None  # the new parent, or the unit merged into
    parent_name: str = ""
    new_name: str = ""
    new_kind: UnitKind | None = None
    code: str = ""


@dataclass(frozen=True)
class QuotaAffected:
    """A quota of a campaign still running on the effective day, held by a unit that ends."""

    campaign_code: str
    period_name: str
    unit_name: str
    target: int
    reached: int  # counted for it so far

    @property
    def remainder(self) -> int:
        return max(0, self.target - self.reached)


@dataclass(frozen=True)
class ReorganisationPlan:
    effective: dt.date
    changes: tuple[PlannedChange, ...]
    problems: tuple[RowProblem, ...] = ()
    quotas: tuple[QuotaAffected, ...] = ()
    # Initiatives of moved grassroots unions not decided yet: (unit name, how many).
    open_dossiers: tuple[tuple[str, int], ...] = ()
    # The offices whose units change (old and new upper-level unions with an office).
    offices: tuple[str, ...] = ()
    counts: dict[Action, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.changes)

    def to_json(self) -> dict[str, object]:
        return {
            "effective": self.effective.isoformat(),
            "ok": self.ok,
            "counts": {a.name.lower(): n for a, n in self.counts.items()},
            "changes": [
                {
                    "line": c.line,
                    "action": c.action.name.lower(),
                    "unit": c.unit_name,
                    "code": c.code or None,
                    "kind": c.kind.value,
                    "from": c.old_parent_name or None,
                    "to": c.parent_name or None,
                    "new_name": c.new_name or None,
                    "new_kind": c.new_kind.value if c.new_kind else None,
                }
                for c in self.changes
            ],
            "problems": [
                {"line": p.line, "unit": p.unit, "message": p.message} for p in self.problems
            ],
            "quotas": [
                {
                    "campaign": q.campaign_code,
                    "period": q.period_name,
                    "unit": q.unit_name,
                    "target": q.target,
                    "reached": q.reached,
                    "remainder": q.remainder,
                }
                for q in self.quotas
            ],
            "open_dossiers": [{"unit": u, "initiatives": n} for u, n in self.open_dossiers],
            "offices": list(self.offices),
        }


class ReorganisationRefused(ServiceError):
    """The plan has problems: nothing was written. ``plan`` holds them, by row."""

    def __init__(self, plan: ReorganisationPlan) -> None:
        self.plan = plan
        shown = [str(p) for p in plan.problems[:8]]
        more = len(plan.problems) - len(shown)
        text = (
            "Chưa sắp xếp lại đơn vị, vì: " + "; ".join(shown)
            if shown
            else ("Không có thay đổi nào để áp dụng.")
        )
        super().__init__(text + (f"; và {more} vấn đề khác." if more > 0 else ""))


__all__ = [
    "Action",
    "ChangeRow",
    "PlannedChange",
    "QuotaAffected",
    "ReorganisationPlan",
    "ReorganisationRefused",
    "RowProblem",
]
