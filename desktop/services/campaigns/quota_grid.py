"""The quota grid of a unit: its cells, and the two sums that must agree.

The grid of a unit holds the unit itself and its direct children (a province sets its
districts' quotas, a district its grassroots unions'); its columns are the whole campaign and
each period. Two rules are checked, and a mismatch can be saved only knowingly:

* the children of a unit add up to the unit's figure, in every column;
* the periods of a unit add up to its figure for the whole campaign.

:class:`~desktop.services.campaigns.quotas.QuotaService` reads and saves it; splitting a
figure is in ``quota_split``, reading a quota table in ``quota_table``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop.models import UnitKind
from desktop.services.common import EditConflict, ServiceError
from desktop.services.units.tree import short_unit_name
from desktop.text.numbers import format_number

Key = tuple[int, int | None]  # (unit_id, period_id or None for the whole campaign)


@dataclass(frozen=True)
class GridUnit:
    id: int
    code: str
    name: str
    kind: UnitKind
    parent_id: int | None
    is_root: bool


@dataclass(frozen=True)
class GridPeriod:
    id: int | None  # None: the whole campaign
    name: str


@dataclass(frozen=True)
class QuotaGrid:
    campaign_id: int
    root: GridUnit
    units: tuple[GridUnit, ...]  # the root first, then its children in alphabetical order
    columns: tuple[GridPeriod, ...]  # the whole campaign first, then the periods
    values: Mapping[Key, int]
    # Units whose quotas another office sets, with who (ownership.py): shown, not editable.
    read_only: Mapping[int, str] = field(default_factory=dict)
    # The edit version of each cell that holds a quota: sent back with ``save`` so that a
    # cell someone else changed since (or a bundle did) is not overwritten unseen.
    versions: Mapping[Key, int] = field(default_factory=dict)

    def editable(self, unit_id: int) -> bool:
        return unit_id not in self.read_only


@dataclass(frozen=True)
class Mismatch:
    unit_id: int  # the unit whose figure disagrees
    period_id: int | None
    kind: str  # "children": its children's sum; "periods": its periods' sum
    expected: int  # the unit's own figure
    actual: int  # the sum
    message: str

    @property
    def difference(self) -> int:
        return self.actual - self.expected


class QuotaConflict(EditConflict):
    """Cells this save touches were changed since the grid was loaded: nothing is saved.

    ``cells`` are their keys; ``now`` what they hold in the store now (None: no quota)."""

    def __init__(
        self,
        cells: Mapping[Key, int | None],
        names: Mapping[Key, str],
        who: str | None,
        when: dt.datetime | None,
        by_import: bool = False,
    ) -> None:
        self.cells = tuple(cells)
        self.now = dict(cells)
        lines = [
            f"– {names[k]}: nay là {format_number(v) if v is not None else 'trống'}"
            for k, v in list(cells.items())[:8]
        ]
        if len(cells) > 8:
            lines.append(f"… và {len(cells) - 8} ô khác")
        super().__init__(
            "chỉ tiêu của " + ("ô này" if len(cells) == 1 else f"{len(cells)} ô này"),
            who,
            when,
            None,
            by_import,
            "\n".join(lines),
        )


class QuotaMismatch(ServiceError):
    """Raised by :meth:`QuotaService.save` when sums disagree and the caller did not accept."""

    def __init__(self, mismatches: Sequence[Mismatch]) -> None:
        self.mismatches = tuple(mismatches)
        lines = [m.message for m in self.mismatches[:6]]
        if len(self.mismatches) > 6:
            lines.append(f"… và {len(self.mismatches) - 6} chỗ khác.")
        super().__init__("Chỉ tiêu chưa khớp:\n" + "\n".join(lines))


def check(
    units: Sequence[GridUnit],
    columns: Sequence[GridPeriod],
    values: Mapping[Key, int | None],
    names: Mapping[int, str] | None = None,
) -> list[Mismatch]:
    """Where children do not add up to their parent, and periods to the whole."""
    name = {u.id: short_unit_name(u.name) for u in units} | dict(names or {})
    col_name = {c.id: c.name for c in columns}
    kids: dict[int, list[int]] = {}
    for u in units:
        if u.parent_id is not None:
            kids.setdefault(u.parent_id, []).append(u.id)
    out: list[Mismatch] = []
    for u in units:
        children = kids.get(u.id, [])
        for c in columns:
            own = values.get((u.id, c.id))
            got = [values.get((k, c.id)) for k in children]
            if own is None or not children or all(g is None for g in got):
                continue
            total = sum(g or 0 for g in got)
            if total != own:
                diff = total - own
                out.append(
                    Mismatch(
                        u.id,
                        c.id,
                        "children",
                        own,
                        total,
                        f"{name[u.id]} — {col_name[c.id]}: các đơn vị trực thuộc cộng lại "
                        f"{format_number(total)}, khác chỉ tiêu {format_number(own)} "
                        f"({'thừa' if diff > 0 else 'thiếu'} {format_number(abs(diff))}).",
                    )
                )
        whole = values.get((u.id, None))
        parts = [values.get((u.id, c.id)) for c in columns if c.id is not None]
        if whole is None or not parts or any(p is None for p in parts):
            continue
        total = sum(p or 0 for p in parts)
        if total != whole:
            diff = total - whole
            out.append(
                Mismatch(
                    u.id,
                    None,
                    "periods",
                    whole,
                    total,
                    f"{name[u.id]}: các giai đoạn cộng lại {format_number(total)}, khác chỉ "
                    f"tiêu cả chương trình {format_number(whole)} "
                    f"({'thừa' if diff > 0 else 'thiếu'} {format_number(abs(diff))}).",
                )
            )
    return out
