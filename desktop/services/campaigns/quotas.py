"""Quotas of a campaign: reading and saving the grid of a unit, importing a quota table.

The grid itself and its sums are in ``quota_grid``, splitting a figure in ``quota_split``,
reading and matching a table in ``quota_table``; this is the service over the store.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop.models import Campaign, Quota, Unit
from desktop.services.campaigns.quota_grid import (
    GridPeriod,
    GridUnit,
    Key,
    Mismatch,
    QuotaConflict,
    QuotaGrid,
    QuotaMismatch,
    check,
)
from desktop.services.campaigns.quota_table import (
    ImportPlan,
    Table,
    map_columns,
    match_rows,
    read_table,
)
from desktop.services.campaigns.service import quota_refusal
from desktop.services.common import (
    NotFound,
    ServiceError,
    ValidationFailed,
    audit,
    last_change,
    tick,
)
from desktop.services.rules.ownership import NotOwner, ownership
from desktop.services.rules.records import check_quota
from desktop.services.units.tree import short_unit_name

if TYPE_CHECKING:
    from sqlalchemy import CursorResult

log = logging.getLogger(__name__)


def _read_only(s: Session, units: Iterable[Unit], campaign_id: int | None = None) -> dict[int, str]:
    """{unit id: why this office may not set its quota} for the units it does not own."""
    own = ownership(s)
    out = {}
    for u in units:
        refusal = quota_refusal(s, own, u, campaign_id)
        if refusal is not None:
            out[u.id] = str(refusal)
    return out


class QuotaService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def grid(self, campaign_id: int, root_unit_id: int) -> QuotaGrid:
        with self._sf() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            root = s.get(Unit, root_unit_id)
            if root is None:
                raise NotFound("Không tìm thấy đơn vị.")
            kids = s.scalars(
                select(Unit)
                .where(Unit.parent_id == root.id, Unit.valid_to.is_(None))
                .order_by(Unit.name_key)
            ).all()
            units = tuple(
                GridUnit(u.id, u.code, u.name, u.kind, u.parent_id, u.id == root.id)
                for u in (root, *kids)
            )
            ids = [u.id for u in units]
            values, versions = {}, {}
            for u, p, t, ev in s.execute(
                select(Quota.unit_id, Quota.period_id, Quota.target, Quota.edit_version).where(
                    Quota.campaign_id == campaign_id, Quota.unit_id.in_(ids)
                )
            ):
                values[(u, p)] = t
                versions[(u, p)] = ev
            columns = (
                GridPeriod(None, "Cả chương trình"),
                *(GridPeriod(p.id, p.name) for p in campaign.periods),
            )
            # The root's own parent is outside the grid: the root has no parent here.
            root_row = GridUnit(root.id, root.code, root.name, root.kind, None, True)
            return QuotaGrid(
                campaign_id,
                root_row,
                (root_row, *units[1:]),
                columns,
                values,
                _read_only(s, (root, *kids), campaign_id),
                versions,
            )

    def check(self, grid: QuotaGrid, values: Mapping[Key, int | None]) -> list[Mismatch]:
        return check(grid.units, grid.columns, values)

    def save(
        self,
        campaign_id: int,
        root_unit_id: int,
        values: Mapping[Key, int | None],
        accept_mismatches: bool = False,
        loaded: Mapping[Key, int] | None = None,
    ) -> list[Mismatch]:
        """Write the grid's figures (None clears one). Sums that disagree raise
        :class:`QuotaMismatch` unless ``accept_mismatches``; returns the mismatches saved.

        ``loaded``: ``QuotaGrid.versions`` of the grid the person edited. A cell written here
        that changed since (a figure set, changed or cleared by someone else or a bundle)
        raises :class:`QuotaConflict` and nothing is saved; cells not touched here may have
        changed freely (the sums are checked on the figures as they are now)."""
        for (_u, _p), v in values.items():
            problems = check_quota(v) if v is not None else []
            if problems:
                raise ValidationFailed(problems)
        grid = self.grid(campaign_id, root_unit_id)
        allowed = {u.id for u in grid.units}
        periods = {c.id for c in grid.columns}
        for unit_id, period_id in values:
            if unit_id not in allowed or period_id not in periods:
                raise ServiceError("Chỉ tiêu cho một đơn vị hoặc giai đoạn ngoài bảng này.")
        refused = [
            grid.read_only[u]
            for u in dict.fromkeys(
                u for (u, p), v in values.items() if v != grid.values.get((u, p))
            )
            if u in grid.read_only
        ]
        if refused:
            raise NotOwner("\n".join(refused[:6]) + ("\n…" if len(refused) > 6 else ""))
        if loaded is not None:
            self._refuse_changed_cells(grid.versions, grid.values, values, loaded, campaign_id)
        merged: dict[Key, int | None] = {**grid.values, **values}
        mismatches = check(grid.units, grid.columns, merged)
        if mismatches and not accept_mismatches:
            raise QuotaMismatch(mismatches)
        try:
            return self._write(campaign_id, allowed, values, loaded, mismatches)
        except (StaleDataError, IntegrityError):
            # Another save won the race for a cell inside the same instant: say which.
            if loaded is None:
                raise
            fresh = self.grid(campaign_id, root_unit_id)
            self._refuse_changed_cells(fresh.versions, fresh.values, values, loaded, campaign_id)
            raise

    def _write(
        self,
        campaign_id: int,
        allowed: set[int],
        values: Mapping[Key, int | None],
        loaded: Mapping[Key, int] | None,
        mismatches: list[Mismatch],
    ) -> list[Mismatch]:
        changed = 0
        with self._sf.begin() as s:
            existing = {
                (q.unit_id, q.period_id): q
                for q in s.scalars(
                    select(Quota).where(
                        Quota.campaign_id == campaign_id, Quota.unit_id.in_(sorted(allowed))
                    )
                )
            }
            if loaded is not None:  # again, in the transaction that writes
                self._refuse_changed_cells(
                    {k: q.edit_version for k, q in existing.items()},
                    {k: q.target for k, q in existing.items()},
                    values,
                    loaded,
                    campaign_id,
                    s,
                )
            for key, v in values.items():
                q = existing.get(key)
                if v is None:
                    if q is not None:
                        s.delete(q)
                        changed += 1
                    continue
                if q is None:
                    q = Quota(campaign_id=campaign_id, unit_id=key[0], period_id=key[1], target=v)
                    s.add(q)
                elif q.target == v:
                    continue
                q.target = v
                tick(s, q)
                changed += 1
            if changed:
                c = s.get(Campaign, campaign_id)
                assert c is not None
                audit(
                    s,
                    "campaign",
                    c.uid,
                    "quotas",
                    f"Giao chỉ tiêu {c.name}: {changed} ô",
                    {"mismatches": [m.message for m in mismatches]} if mismatches else None,
                )
        log.info("quotas saved: campaign %s, %d figures", campaign_id, len(values))
        return mismatches

    def _refuse_changed_cells(
        self,
        versions: Mapping[Key, int],
        targets: Mapping[Key, int],
        values: Mapping[Key, int | None],
        loaded: Mapping[Key, int],
        campaign_id: int,
        s: Session | None = None,
    ) -> None:
        changed = {k: targets.get(k) for k in values if versions.get(k, 0) != loaded.get(k, 0)}
        if not changed:
            return
        if s is None:
            with self._sf() as fresh:
                raise self._conflict(fresh, changed, campaign_id)
        raise self._conflict(s, changed, campaign_id)

    @staticmethod
    def _conflict(s: Session, cells: Mapping[Key, int | None], campaign_id: int) -> QuotaConflict:
        c = s.get(Campaign, campaign_id)
        units = {
            u.id: u.name for u in s.scalars(select(Unit).where(Unit.id.in_({k[0] for k in cells})))
        }
        periods = {p.id: p.name for p in (c.periods if c else [])}
        names = {
            k: f"{short_unit_name(units.get(k[0], '?'))}, "
            f"{periods.get(k[1], '?') if k[1] is not None else 'cả chương trình'}"
            for k in cells
        }
        who, when, by_import = last_change(s, "campaign", c.uid if c else None)
        newest = s.scalar(
            select(func.max(Quota.updated_at)).where(
                Quota.campaign_id == campaign_id,
                Quota.unit_id.in_({k[0] for k in cells}),
            )
        )
        if newest is not None and (when is None or newest > when + dt.timedelta(seconds=5)):
            who, when, by_import = None, newest, True  # a bundle brought them (no audit entry)
        return QuotaConflict(cells, names, who, when, by_import)

    def clear(self, campaign_id: int) -> int:
        """Delete every quota of a campaign this office sets (before a fresh import; all of
        them when no office is set up); returns how many."""
        with self._sf.begin() as s:
            own = ownership(s)
            if own.unrestricted:
                done = s.execute(delete(Quota).where(Quota.campaign_id == campaign_id))
                return int(cast("CursorResult[Any]", done).rowcount or 0)
            units = {
                i: (kind, parent)
                for i, kind, parent in s.execute(select(Unit.id, Unit.kind, Unit.parent_id))
            }
            mine = [
                q
                for q in s.scalars(select(Quota).where(Quota.campaign_id == campaign_id))
                if q.unit_id in units and own.owns_quota_of(*units[q.unit_id])
            ]
            for q in mine:
                s.delete(q)
            return len(mine)

    # ---- import -----------------------------------------------------------------------------
    def plan_import(
        self,
        campaign_id: int,
        table: Table,
        root_unit_id: int,
        columns: Mapping[str, str] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> ImportPlan:
        """Match a table's rows to the root unit and its children, its columns to periods.

        ``columns`` maps a header to a period name (or "cả chương trình", or "bỏ qua");
        ``names`` maps a name as written in the table to a unit code: both settle what the
        matching cannot.
        """
        with self._sf() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            periods = list(campaign.periods)
            root = s.get(Unit, root_unit_id)
            if root is None:
                raise NotFound("Không tìm thấy đơn vị.")
            kids = s.scalars(
                select(Unit).where(Unit.parent_id == root.id).order_by(Unit.name_key)
            ).all()
            name_col, mapping, ignored, problems = map_columns(
                table.headers, periods, columns or {}
            )
            rows = match_rows(table, name_col, mapping, root, kids, names or {}, problems)
            return ImportPlan(
                campaign_id,
                root.id,
                table.source,
                {table.headers[i]: p for i, p in mapping.items()},
                tuple(ignored),
                tuple(rows),
                tuple(problems),
                _read_only(s, (root, *kids), campaign_id),
            )

    def import_table(
        self,
        campaign_id: int,
        path: str | Path,
        root_unit_id: int,
        columns: Mapping[str, str] | None = None,
        names: Mapping[str, str] | None = None,
        accept_mismatches: bool = False,
        choices: Mapping[int, int | None] | None = None,
    ) -> tuple[ImportPlan, dict[Key, int], list[Mismatch]]:
        """Read, match and save a quota table in one go (the command line). Unsure rows,
        unreadable cells or columns raise ServiceError unless settled by ``choices``."""
        plan = self.plan_import(campaign_id, read_table(path), root_unit_id, columns, names)
        if plan.problems:
            raise ServiceError("\n".join(plan.problems))
        unsettled = [r for r in plan.unsure if r.line not in (choices or {})]
        if unsettled:
            lines = []
            for r in unsettled:
                cands = ", ".join(f"{c.name} ({c.score:.0%})" for c in r.candidates[:3])
                lines.append(
                    f"Dòng {r.line} «{r.source_name}»: chưa chắc là đơn vị nào"
                    + (f" — gần nhất: {cands}" if cands else "")
                )
            raise ServiceError("\n".join(lines))
        plan.refuse_if_none_owned(choices)
        values = plan.values(choices)
        mismatches = self.save(campaign_id, root_unit_id, values, accept_mismatches)
        return plan, values, mismatches
