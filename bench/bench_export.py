"""Exporting the initiative list to .xlsx (the list page's «Xuất Excel…») over N initiatives,
against openpyxl's write-only mode writing the same cells.

    PYTHONPATH=. .venv/bin/python bench/bench_export.py [N] [--units U] [--runs K] [--store DB]

The store is bigstore.py's (cached in /tmp as the list's and the dashboard's): N initiatives,
and at the national scale (N of a million or more) 50,000 grassroots unions unless --units
says otherwise; --store uses a store already built instead.

The baseline does the same work the least way the stack allows: the same rows read with raw
``sqlite3`` (the same join and order as the list), the same values, each cell a
``WriteOnlyCell`` with the same number format, font, border and alignment (each style built
once and its style array copied, as ``xlsx.write_table`` does), each row as high as its
wrapped text, the same widths, frozen header, autofilter and print setup. Each side runs in a
fresh process, which reports its time (from opening the store to the saved file) and its
peak memory (``ru_maxrss``); medians of K runs. Target (issue #14): at most 1.2 times the
baseline's time, at most 300 MB. The two files are then compared cell by cell on their first
rows (values and number formats), so the baseline is known to write what the export writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from copy import copy
from pathlib import Path
from typing import Any

from bigstore import build, store_path
from report import row

CAMPAIGN = "01TRIEU-2022"
TIME_TARGET = 1.2
MEMORY_TARGET_MB = 300
COMPARED_ROWS = 2000

SQL = """
SELECT i.title, i.authors_text, u.name, f.name, i.sector, i.applied_on, i.applied_precision,
       i.benefit_vnd, i.status
FROM initiative i JOIN unit u ON u.id = i.unit_id LEFT JOIN field f ON f.id = i.field_id
WHERE i.campaign_id = ? AND i.deleted_at IS NULL
ORDER BY i.title_key, i.id
"""


def baseline(store: str, out: str) -> int:
    """openpyxl write-only, the same cells as export_initiatives."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.indexed_list import IndexedList
    from openpyxl.worksheet.worksheet import Worksheet

    from desktop.models import DatePrecision, InitiativeStatus, Sector
    from desktop.services import labels
    from desktop.services.initiatives.excel_export import COLUMNS
    from desktop.services.xlsx import (
        CELL_BORDER,
        FORMULA_STARTS,
        LINE_HEIGHT,
        font,
        nd30_page_setup,
        number_format_for,
        safe_text,
        wrapped_lines,
    )
    from desktop.text.partial_dates import format_partial_date

    con = sqlite3.connect(store)
    (campaign_id,) = con.execute("SELECT id FROM campaign WHERE code = ?", (CAMPAIGN,)).fetchone()
    wb = Workbook(write_only=True)
    wb._fonts = IndexedList([font()])
    wb._named_styles["Normal"].font = font()
    ws = wb.create_sheet("Sáng kiến")
    for c, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.freeze_panes = "A2"
    ws.PAPERSIZE_A4 = Worksheet.PAPERSIZE_A4
    nd30_page_setup(ws, landscape=True, title_row=1)
    lines = max(wrapped_lines(col.header, max(4, int(col.width or 10))) for col in COLUMNS)
    if lines > 1:
        ws.row_dimensions[1].height = lines * LINE_HEIGHT + 2
    header = []
    for col in COLUMNS:
        cell = WriteOnlyCell(ws, col.header)
        cell.font = font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = CELL_BORDER
        header.append(cell)
    ws.append(header)
    wraps = [(c, max(4, int(col.width or 10))) for c, col in enumerate(COLUMNS) if col.wrap]
    styles: dict[tuple[int, str | None, bool], Any] = {}
    cur = con.execute(SQL, (campaign_id,))
    r = 1
    while chunk := cur.fetchmany(2000):
        for title, authors, unit, field, sector, applied, precision, benefit, status in chunk:
            r += 1
            day = dt.date.fromisoformat(applied) if applied else None
            values = [
                r - 1,
                title,
                authors,
                unit,
                field or "",
                labels.SECTOR[Sector(sector)] if sector else "",
                format_partial_date(day, DatePrecision(precision)) if precision else day,
                benefit,
                labels.STATUS[InitiativeStatus(status)],
            ]
            lines = max(wrapped_lines(str(values[c]), n) if values[c] else 1 for c, n in wraps)
            if lines > 1:
                ws.row_dimensions[r].height = lines * LINE_HEIGHT + 2
            cells = []
            for c, (col, value) in enumerate(zip(COLUMNS, values, strict=True)):
                quoted = isinstance(value, str) and safe_text(value).startswith(FORMULA_STARTS)
                cell = WriteOnlyCell(ws, safe_text(value) if isinstance(value, str) else value)
                fmt = number_format_for(col.number_format, value)
                style = styles.get((c, fmt, quoted))
                if style is None:
                    if quoted:
                        cell.quotePrefix = True
                    if fmt:
                        cell.number_format = fmt
                    cell.border = CELL_BORDER
                    cell.alignment = Alignment(wrap_text=col.wrap or None, vertical="top")
                    style = styles[(c, fmt, quoted)] = copy(cell._style)
                else:
                    cell._style = copy(style)
                cells.append(cell)
            ws.append(cells)
            ws.row_dimensions.pop(r, None)  # written: keep memory flat
    ws.auto_filter.ref = f"A1:I{r}"
    wb.save(out)
    return r - 1


def program(store: str, out: str) -> int:
    from desktop.services.initiatives.excel_export import export_initiatives
    from desktop.services.initiatives.listing import ListQuery
    from desktop.services.registry import Services
    from desktop.services.store.opening import open_store

    opened = open_store(store)
    services = Services.over(opened)
    query = ListQuery(campaign_id=services.campaigns.by_code(CAMPAIGN).id)
    try:
        return export_initiatives(services.initiatives, query, out)
    finally:
        opened.close()


def side(name: str, store: str, out: str) -> None:
    """One side in this (fresh) process: prints its rows, wall and CPU seconds and peak memory
    as JSON."""
    t, cpu = time.perf_counter(), time.process_time()
    rows = (baseline if name == "baseline" else program)(store, out)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}))


def run(name: str, store: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--side", name, str(store), str(out)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"{name} side failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def same_cells(a: Path, b: Path, rows: int) -> str:
    """The first ``rows`` rows of both files, values and number formats, compared."""
    from openpyxl import load_workbook

    def cells(p: Path) -> list[tuple[Any, str]]:
        ws = load_workbook(p, read_only=True).active
        return [
            (c.value, c.number_format)
            for row in ws.iter_rows(max_row=rows + 1)
            for c in row
            if c.value is not None or c.number_format != "General"
        ]

    x, y = cells(a), cells(b)
    return "yes" if x == y else f"NO ({sum(p != q for p, q in zip(x, y, strict=False))} differ)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--units", type=int, help="grassroots unions (default: 50,000 at 1M)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="a store of bigstore.py's making (default: built)")
    parser.add_argument("--side", nargs=3, metavar=("SIDE", "STORE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        side(*args.side)
        return 0
    units = args.units if args.units is not None else (50_000 if args.n >= 1_000_000 else None)
    if args.store:
        store = Path(args.store)
    else:
        store = build(store_path("bench_scale", args.n, units), args.n, units=units)
    got: dict[str, list[dict[str, float]]] = {"baseline": [], "program": []}
    with tempfile.TemporaryDirectory() as tmp:
        outs = {name: Path(tmp) / f"{name}.xlsx" for name in got}
        for _ in range(args.runs):
            for name in got:
                got[name].append(run(name, store, outs[name]))
        same = same_cells(outs["baseline"], outs["program"], COMPARED_ROWS)
        sizes = {name: outs[name].stat().st_size / 2**20 for name in outs}

    def median(name: str, what: str) -> float:
        return statistics.median(g[what] for g in got[name])

    count = int(got["program"][-1]["rows"])
    assert count == int(got["baseline"][-1]["rows"]), "the two sides wrote different rows"
    print(f"{count:,} initiatives, {args.runs} run(s) each side, medians ({store})")
    print(f"{'':44}{'wall':>9}{'CPU':>9}{'peak RSS':>11}{'file':>8}")
    labels = {
        "baseline": "baseline: openpyxl write-only, same cells",
        "program": "figure:   export_initiatives",
    }
    for name, label in labels.items():
        peak = max(g["peak_mb"] for g in got[name])
        print(
            f"{label:44}{median(name, 'seconds'):7.1f} s{median(name, 'cpu'):7.1f} s"
            f"{peak:8.0f} MB{sizes[name]:5.0f} MB"
        )
    for name in got:
        print(f"  runs {name} (wall s): " + ", ".join(f"{g['seconds']:.1f}" for g in got[name]))
    cpu_ratio = median("program", "cpu") / median("baseline", "cpu")
    print(f"same cells on the first {COMPARED_ROWS:,} rows (values, number formats): {same}")
    print(f"  {'operation':44s} {'figure':>13s}  {'baseline':>13s}  ratio   target")
    row(
        f"export {count:,} rows to .xlsx (wall)",
        median("program", "seconds"),
        median("baseline", "seconds"),
        "s",
        ratio=TIME_TARGET,
        note=f"CPU ratio {cpu_ratio:.2f}",
    )
    peaks = {name: max(g["peak_mb"] for g in got[name]) for name in got}
    row(
        "export: peak memory",
        peaks["program"],
        peaks["baseline"],
        "MB",
        limit=MEMORY_TARGET_MB,
    )
    if same != "yes":
        print("NOT met: the baseline did not write the export's cells")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
