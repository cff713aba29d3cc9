"""``sangkien initiatives import|export|search`` on real files, in a subprocess."""

from __future__ import annotations

import json
import shutil

from openpyxl import load_workbook
from test_cli_and_smoke import run

from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from services.test_initiative_excel import ROWS, official_sheet


def test_import_twice_search_and_export(district_demo_template, tmp_path):
    """At the district office, which enters its grassroots unions' initiatives."""
    db = tmp_path / "demo.db"
    shutil.copy(district_demo_template, db)
    store = open_store(str(db))
    services = Services.over(store)
    owned = services.initiatives.owned_unit_ids() or frozenset()
    grassroots = [u for u in services.units.list() if u.id in owned]
    store.close()
    rows = [list(r) for r in ROWS]
    for r in rows[:2] + rows[3:]:
        r[3] = grassroots[0].name
    for r in rows:
        r[4] = ""
    path = official_sheet(tmp_path / "ds.xlsx", rows)

    dry = run(
        "initiatives",
        "import",
        str(path),
        "--campaign",
        "01TRIEU-2022",
        "--dry-run",
        "--json",
        "--db",
        str(db),
    )
    assert dry.returncode == 0, dry.stderr
    out = json.loads(dry.stdout)
    assert out["dry_run"] and out["created"] == 2
    assert {r["row"] for r in out["rejected"]} == {8, 9, 10, 11}

    first = run(
        "initiatives", "import", str(path), "--campaign", "01TRIEU-2022", "--json", "--db", str(db)
    )
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["created"] == 2
    second = run(
        "initiatives", "import", str(path), "--campaign", "01TRIEU-2022", "--json", "--db", str(db)
    )
    again = json.loads(second.stdout)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    bad = next(r for r in again["rejected"] if r["row"] == 8)
    assert "Công ty Mới Lập" in bad["reason"]

    found = run("initiatives", "search", "nguyen van a", "--json", "--db", str(db))
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert "Nguyễn Văn A" in {h["authors"] for h in hits}  # came in from TCVN3
    assert all(isinstance(h["id"], int) and h["title"] for h in hits)

    xlsx = tmp_path / "out.xlsx"
    exported = run(
        "initiatives", "export", str(xlsx), "--campaign", "01TRIEU-2022", "--db", str(db)
    )
    assert exported.returncode == 0, exported.stderr
    ws = load_workbook(xlsx).active
    assert ws["B1"].value == "Tên sáng kiến" and ws.max_row > 20

    missing = run("initiatives", "import", str(tmp_path / "none.xlsx"), "--db", str(db))
    assert missing.returncode == 1 and "Không tìm thấy tệp" in missing.stderr


def test_the_province_is_told_whose_rows_it_cannot_import(demo_template, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    store = open_store(str(db))
    district_unit = next(
        u for u in Services.over(store).units.list() if u.kind.value == "grassroots"
    )
    store.close()
    rows = [list(r) for r in ROWS[:2]]
    for r in rows:
        r[3], r[4] = district_unit.name, ""
    path = official_sheet(tmp_path / "ds.xlsx", rows)
    args = ("initiatives", "import", str(path), "--campaign", "01TRIEU-2022", "--json")
    done = run(*args, "--db", str(db))
    out = json.loads(done.stdout)
    assert out["created"] == 0 and len(out["rejected"]) == 2
    assert all("chỉ xem" in r["reason"] for r in out["rejected"]), out["rejected"]


def test_the_command_line_says_how_amounts_and_partial_dates_were_read(
    district_demo_template, tmp_path
):
    """The same reading as the window's preview, and the same warnings, on the command line."""
    from services.test_import_list_values import ROWS as VALUE_ROWS
    from services.test_import_list_values import list_file

    db = tmp_path / "demo.db"
    shutil.copy(district_demo_template, db)
    store = open_store(str(db))
    services = Services.over(store)
    owned = services.initiatives.owned_unit_ids() or frozenset()
    unit = next(u for u in services.units.list() if u.id in owned)
    store.close()
    rows = [[*r[:3], unit.name, *r[4:]] for r in VALUE_ROWS]
    path = list_file(tmp_path / "ds.xlsx", rows)
    out = run(
        "initiatives",
        "import",
        str(path),
        "--campaign",
        "01TRIEU-2022",
        "--dry-run",
        "--db",
        str(db),
    )
    assert out.returncode == 0, out.stderr
    assert "Sẽ thêm 5" in out.stdout and "3 dòng không nhập được" in out.stdout
    assert "Cần kiểm tra:" in out.stdout
    assert "dòng 4: Giá trị làm lợi «2,5 triệu» đọc là 2.500.000 đồng." in out.stdout
    assert "chỉ ghi quý (Quý I/2022)" in out.stdout
    assert "«03/04/2022» (dòng 8)" in out.stdout
