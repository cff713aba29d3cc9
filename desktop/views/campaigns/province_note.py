"""The national office's dashboard: the provinces and cities of the shared list (34 from
1 July 2025, 63 before; resources/lists) that its catalogue lacks, so that a missing
province is not read as a province with no initiative."""

from __future__ import annotations

from desktop.models import UnitKind
from desktop.services.campaigns.progress import ProgressReport
from desktop.services.registry import Services
from desktop.services.units.official_lists import missing_provinces
from desktop.views.common.i18n import tr

SHOWN = 8  # names listed before «…»


def missing_provinces_note(services: Services, report: ProgressReport) -> list[str]:
    """A sentence for the summary (none when the office is not the national one, or when
    every province of the list on the report's day is in its catalogue)."""
    office = services.office.local()
    if office is None or office.unit_kind != UnitKind.NATIONAL:
        return []
    names = [r.unit_name for r in report.children if r.kind == UnitKind.PROVINCE]
    missing = missing_provinces(names, report.as_of)
    if not missing:
        return []
    shown = ", ".join(missing[:SHOWN]) + (", …" if len(missing) > SHOWN else "")
    return [
        tr(
            "<span style='color:#b3261e'>Danh mục chưa có {n} tỉnh, thành phố: {names}</span>."
        ).format(n=len(missing), names=shown)
    ]
