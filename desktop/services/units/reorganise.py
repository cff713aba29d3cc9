"""A reorganisation, applied in one step as the province's decision is: create the new unions,
move grassroots unions (hundreds at once), rename, reclassify, merge and dissolve, all from one
effective date.

:meth:`ReorganisationService.plan` reads the changes (typed in the window, or rows of a file
read by ``reorganise_file``), matches every unit name without diacritics, and returns a
:class:`ReorganisationPlan` that says what would move where, which quotas and open dossiers
are affected and which offices must be told, with every unclear row named; it writes nothing.
:meth:`ReorganisationService.apply` plans again inside one transaction and applies all of it,
or nothing when any row has a problem.

The order inside the transaction: new units first (so that later rows can name them), then
renames and reclassifications, moves, merges, and dissolutions last (a union is dissolved
once its grassroots unions have moved). Every change is a dated unit event
(``services/units/dated.py``): initiatives dated before the effective day still count where
they counted; quotas stay with the unit they were assigned to.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from desktop.models import UnitKind


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


__all__ = [
    "Action",
    "ChangeRow",
    "PlannedChange",
    "QuotaAffected",
    "ReorganisationPlan",
    "RowProblem",
]
