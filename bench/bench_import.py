"""Importing an Excel list of ROWS initiatives (10,000 unless told; 100,000 works) at a
district, against reading the same file with python-calamine.

    PYTHONPATH=. .venv/bin/python bench/bench_import.py [ROWS]

Builds (once, cached in /tmp) an official-looking .xlsx with title rows, a header row and
ROWS initiatives of the grassroots unions of one district (Tam Đường), with some old TCVN3
cells in a .VnTime font; imports it into a fresh demo store as that district's office holds
it (read + plan + commit in one transaction: the district enters its own unions'
initiatives), then imports it again (all unchanged). It asserts that every row came in, so
it measures a real import. Then 2,000 rows are changed in the store and the file imported
once more: those rows take the update path (printed, not in the figure). The figure is the
whole import (read, plan, commit); the baseline is python-calamine's read of the same sheet
(the median of three), measured in the same run; the target is 3x (issue #14). openpyxl's
read is printed for reference, and the process's peak memory.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import report
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook
from sqlalchemy import text

from desktop.models import UnitKind
from desktop.services.demo import data as demo_data
from desktop.services.demo.builder import build_demo
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.services.store.opening import open_store

TCVN3 = {"Nguyễn": "NguyÔn", "Văn": "V¨n", "Thị": "ThÞ"}
DISTRICT = "LC-TD"


TARGET = 3.0
CHANGED = 2_000  # rows changed in the store before the last import (the update path)


def make_file(
    path: Path, n: int, units: list[str], fields: list[tuple[str, str]], taken: set[str]
) -> Path:
    """The list (written once; ``taken``: titles the store already holds, left out so that
    every row is a new initiative)."""
    if path.exists():
        return path
    rng = random.Random(3)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"])
    ws.append([])
    ws.append(["DANH SÁCH SÁNG KIẾN ĐĂNG KÝ"])
    ws.append([])
    ws.append(
        ["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Lĩnh vực", "Giá trị làm lợi", "Ngày áp dụng"]
    )
    seen = set(taken)
    old_font = Font(name=".VnTime")
    for i in range(n):
        code, field_name = rng.choice(fields)
        title = demo_data.initiative_title(rng, code)
        while title in seen:
            title = f"{title} ({rng.randrange(10**6)})"
        seen.add(title)
        names: object = ", ".join(demo_data.person_name(rng) for _ in range(rng.choice((1, 1, 2))))
        day = dt.date(2022, 6, 1) + dt.timedelta(days=rng.randrange(400))
        when = day if i % 2 else day.strftime("%d/%m/%Y")
        money = rng.choice(("", f"{rng.randrange(1, 900)}.000.000", rng.randrange(10**7)))
        if i % 50 == 0:  # an old TCVN3 author cell now and then
            legacy = str(names)
            for k, v in TCVN3.items():
                legacy = legacy.replace(k, v)
            if legacy != names:
                cell = WriteOnlyCell(ws, value=legacy)
                cell.font = old_font
                names = cell
        ws.append([i + 1, title, names, rng.choice(units), field_name, money, when])
    wb.save(path)
    return path


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "s.db"))
        # The district's office: it enters its own grassroots unions' initiatives (a province
        # office would refuse every row as another office's).
        build_demo(store.session_factory, initiatives=0, as_unit=DISTRICT)
        services = Services.over(store)
        campaign = services.campaigns.by_code("01TRIEU-2022")
        owned = services.initiatives.owned_unit_ids()
        units = [
            u.name
            for u in services.units.list(kinds=[UnitKind.GRASSROOTS])
            if owned is None or u.id in owned
        ]
        taken = {
            r.title
            for r in services.initiatives.rows_slice(ListQuery(campaign_id=campaign.id), 0, 10**6)
        }
        path = make_file(
            Path(f"/tmp/bench_import_{DISTRICT}_{n}_v2.xlsx"),
            n,
            units,
            [(f.code, f.name) for f in campaign.fields],
            taken,
        )
        calamine = statistics.median(
            timed(lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())[
                1
            ]
            for _ in range(3)
        )
        imp = services.initiative_import
        sheet, t_read = timed(lambda: imp.read(path))
        plan, t_plan = timed(lambda: imp.plan(sheet, campaign.id))
        result, t_commit = timed(lambda: imp.commit(plan))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        again, t_again = timed(lambda: imp.import_file(path, campaign.id))
        # The update path: the last CHANGED imported rows changed in the store since (their
        # benefit), the same file imported once more updates them back, row by row.
        changed_n = min(n, CHANGED)
        with store.session_factory.begin() as s:
            s.execute(
                text(
                    "UPDATE initiative SET benefit_vnd = coalesce(benefit_vnd, 0) + 1"
                    " WHERE id > (SELECT max(id) FROM initiative) - :k"
                ),
                {"k": changed_n},
            )
        changed, t_changed = timed(lambda: imp.import_file(path, campaign.id))
        _, openpyxl_read = timed(
            lambda: list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
        )
        store.close()
    # A benchmark of a real import: every row in, then every row unchanged.
    assert result.created == n and not result.rejected, (result.created, result.rejected[:3])
    assert again.unchanged == n, again
    assert changed.updated == changed_n and changed.unchanged == n - changed_n, changed
    total = t_read + t_plan + t_commit
    ratio = total / calamine
    print(f"file: {path} ({sheet.converted_cells} TCVN3 cells converted)")
    print(f"rows        {n:>10,}")
    print(f"figure      {total * 1000:>10.0f} ms   import: read + plan + commit (1 transaction)")
    print(f"baseline    {calamine * 1000:>10.0f} ms   python-calamine read of the same sheet")
    print(f"ratio       {ratio:>10.1f}x")
    print(f"target      {TARGET:>10.1f}x")
    print(f"met         {'yes' if ratio <= TARGET else 'no':>10}")
    print(f"  read (+ TCVN3 fonts) {t_read * 1000:8.0f} ms   {t_read / calamine:5.1f}x")
    print(f"  plan (check rows)    {t_plan * 1000:8.0f} ms   {t_plan / calamine:5.1f}x")
    print(f"  commit (1 txn)       {t_commit * 1000:8.0f} ms   {t_commit / calamine:5.1f}x")
    print(
        f"  same file again      {t_again * 1000:8.0f} ms   {t_again / calamine:5.1f}x "
        f"— unchanged {again.unchanged}"
    )
    print(
        f"  {changed_n:,} rows changed  {t_changed * 1000:8.0f} ms   {t_changed / calamine:5.1f}x "
        f"— updated {changed.updated} (read + plan of every row, then the updates)"
    )
    print(
        f"  openpyxl read (ref.) {openpyxl_read * 1000:8.0f} ms   {openpyxl_read / calamine:5.1f}x"
    )
    print(f"  peak memory          {peak_mb:8.0f} MB   (process, after the import)")
    report.row(f"Excel import of {n:,} rows at a district", total, calamine, "s", ratio=TARGET)


if __name__ == "__main__":
    main()
