"""The list of initiatives, as filtered on screen, to an .xlsx file an office can use at once.

Headers in Vietnamese (the same ones the import recognises, so an exported list comes back in
unchanged), real dates and numbers with Vietnamese formats, fitted widths, a frozen header and
an autofilter; text that looks like a formula is written as text (see ``xlsx.py``). It prints
as the office prints a list: A4 landscape, Times New Roman, Nghị định 30's margins, the columns
fitted to the page width, the header row on every page, each row as high as its wrapped text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.services import labels
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.service import InitiativeService
from desktop.services.xlsx import (
    DATE_FORMAT,
    Column,
    nd30_page_setup,
    new_workbook,
    save_workbook,
    write_table,
)
from desktop.services.xlsx import MONEY_FORMAT as MONEY

# Widths (in characters) that fit A4 landscape at about 85 %: the long texts wrap.
COLUMNS = (
    Column("STT", 5, "0"),
    Column("Tên sáng kiến", 34, wrap=True),
    Column("Tác giả", 18, wrap=True),
    Column("Đơn vị", 20, wrap=True),
    Column("Lĩnh vực", 14, wrap=True),
    Column("Khối", 10, wrap=True),
    Column("Ngày áp dụng", 11, DATE_FORMAT),
    Column("Giá trị làm lợi (đồng)", 14, MONEY),
    Column("Trạng thái", 12, wrap=True),
)
_PAGE = 2000


def export_initiatives(
    service: InitiativeService,
    query: ListQuery,
    path: str | Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Write every initiative matching ``query`` (in its order) to ``path``; returns the count."""
    total = service.count(query)
    ids = service.ids(replace(query))

    def rows() -> Iterator[list[Any]]:
        n = 0
        for start in range(0, len(ids), _PAGE):
            if cancel and cancel():
                from desktop.services.common import ServiceError

                raise ServiceError("Đã huỷ việc xuất tệp.")
            for r in service.rows(ids[start : start + _PAGE]):
                n += 1
                yield [
                    n,
                    r.title,
                    r.authors_text,
                    r.unit_full_name or r.unit_name,
                    r.field_name or "",
                    labels.SECTOR[r.sector] if r.sector else "",
                    # A month or quarter as its text ("03/2022"): read back the same.
                    r.applied_text if r.applied_precision else r.applied_on,
                    r.benefit_vnd,
                    labels.STATUS[r.status],
                ]
            if progress:
                progress(min(start + _PAGE, total), total)

    wb, ws = new_workbook("Sáng kiến")
    write_table(ws, COLUMNS, rows(), fit_heights=True)
    nd30_page_setup(ws, landscape=True, title_row=1)
    save_workbook(wb, Path(path))
    return total
