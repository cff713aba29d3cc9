"""Exporting the initiative list to .xlsx (the list page's «Xuất Excel…») over N initiatives,
against openpyxl writing the same rows with no styles in its write-only mode (the least any
.xlsx writer in the stack can do).

    .venv/bin/python bench/bench_export.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bigstore import build
from openpyxl import Workbook

from desktop.services.initiatives.excel_export import export_initiatives
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.services.store.opening import open_store


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = build(Path(f"/tmp/bench_dashboard_{n}.db"), n)
    store = open_store(str(path))
    services = Services.over(store)
    c = services.campaigns.by_code("01TRIEU-2022")
    query = ListQuery(campaign_id=c.id)
    rows = services.initiatives.rows(services.initiatives.ids(query))
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Sáng kiến")
        for i, r in enumerate(rows, start=1):
            ws.append(
                [i, r.title, r.authors_text, r.unit_full_name, r.field_name, None,
                 r.applied_on, r.benefit_vnd, r.status.value]
            )  # fmt: skip
        wb.save(Path(tmp) / "raw.xlsx")
        baseline = time.perf_counter() - t
        t = time.perf_counter()
        count = export_initiatives(services.initiatives, query, Path(tmp) / "export.xlsx")
        export = time.perf_counter() - t
    print(f"{count:,} initiatives")
    print(f"openpyxl write-only, no styles (same rows): {baseline:6.1f} s")
    print(f"export_initiatives (formats, borders, widths, filter): {export:6.1f} s")
    print(f"ratio: {export / baseline:.2f}")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
