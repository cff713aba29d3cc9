"""Importing a 10,000-row Excel list of initiatives.

    .venv/bin/python bench/bench_import.py [ROWS]

Builds (once, cached in /tmp) an official-looking .xlsx with title rows, a header row and
ROWS initiatives of the grassroots unions of one district (Tam Đường), with some old TCVN3
cells; imports it into a fresh demo store as that district's office holds it (read + plan +
commit in one transaction: the district enters its own unions' initiatives), then imports it
again (all unchanged). It asserts that every row came in, so it measures a real import.
Prints each time and its ratio against a raw read of the same file by the fastest reader
available (python-calamine), and openpyxl's read for reference.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from desktop.models import UnitKind
from desktop.services.demo import data as demo_data
from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store

TCVN3 = {"Nguyễn": "NguyÔn", "Văn": "V¨n", "Thị": "ThÞ"}
DISTRICT = "LC-TD"


def make_file(path: Path, n: int, units: list[str], fields: list[tuple[str, str]]) -> Path:
    if path.exists():
        return path
    rng = random.Random(3)
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    ws["A3"] = "DANH SÁCH SÁNG KIẾN ĐĂNG KÝ"
    header = [
        "STT",
        "Tên sáng kiến",
        "Tác giả",
        "Đơn vị",
        "Lĩnh vực",
        "Giá trị làm lợi",
        "Ngày áp dụng",
    ]
    ws.append([])
    ws.append(header)
    seen = set()
    for i in range(n):
        code, field_name = rng.choice(fields)
        title = demo_data.initiative_title(rng, code)
        while title in seen:
            title = f"{title} ({rng.randrange(10**6)})"
        seen.add(title)
        names = ", ".join(demo_data.person_name(rng) for _ in range(rng.choice((1, 1, 2))))
        day = dt.date(2022, 6, 1) + dt.timedelta(days=rng.randrange(400))
        when = day if i % 2 else day.strftime("%d/%m/%Y")
        money = rng.choice(("", f"{rng.randrange(1, 900)}.000.000", rng.randrange(10**7)))
        ws.append([i + 1, title, names, rng.choice(units), field_name, money, when])
        if i % 50 == 0:  # an old TCVN3 author cell now and then
            legacy = names
            for k, v in TCVN3.items():
                legacy = legacy.replace(k, v)
            if legacy != names:
                cell = ws.cell(row=ws.max_row, column=3, value=legacy)
                cell.font = Font(name=".VnTime")
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
        path = make_file(
            Path(f"/tmp/bench_import_{DISTRICT}_{n}.xlsx"),
            n,
            units,
            [(f.code, f.name) for f in campaign.fields],
        )
        _, calamine = timed(
            lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        )
        _, openpyxl_read = timed(
            lambda: list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
        )
        imp = services.initiative_import
        sheet, t_read = timed(lambda: imp.read(path))
        plan, t_plan = timed(lambda: imp.plan(sheet, campaign.id))
        result, t_commit = timed(lambda: imp.commit(plan))
        again, t_again = timed(lambda: imp.import_file(path, campaign.id))
        store.close()
    # A benchmark of a real import: every row in, then every row unchanged.
    assert result.created == n and not result.rejected, (result.created, result.rejected[:3])
    assert again.unchanged == n, again
    total = t_read + t_plan + t_commit
    print(f"file: {path} ({n:,} rows, {sheet.converted_cells} TCVN3 cells)")
    print(f"raw read, python-calamine:   {calamine * 1000:8.0f} ms   (baseline)")
    print(
        f"raw read, openpyxl:          {openpyxl_read * 1000:8.0f} ms   "
        f"{openpyxl_read / calamine:5.1f}x"
    )
    print(f"import: read (+ TCVN3 fonts) {t_read * 1000:8.0f} ms   {t_read / calamine:5.1f}x")
    print(f"        plan (check rows)    {t_plan * 1000:8.0f} ms")
    print(f"        commit (1 txn)       {t_commit * 1000:8.0f} ms")
    print(
        f"        total                {total * 1000:8.0f} ms   {total / calamine:5.1f}x "
        f"— created {result.created}, rejected {len(result.rejected)}"
    )
    print(
        f"same file again              {t_again * 1000:8.0f} ms   {t_again / calamine:5.1f}x "
        f"— created {again.created}, unchanged {again.unchanged}"
    )
    for r in result.rejected[:5]:
        print(f"  rejected row {r.row_number}: {r.reason}")


if __name__ == "__main__":
    main()
