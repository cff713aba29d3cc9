"""``sangkien quotas import`` and ``sangkien progress`` in a subprocess, on real files."""

from __future__ import annotations

import json
import sqlite3

from openpyxl import load_workbook
from test_cli_and_smoke import ROOT, run

TABLE = str(ROOT / "resources" / "demo" / "quotas_laichau_2022_2023.csv")


def test_import_the_seed_table_then_progress_agrees_with_the_export(tmp_path):
    db = str(tmp_path / "demo.db")
    assert run("demo", "--db", db).returncode == 0
    con = sqlite3.connect(db)
    con.execute("DELETE FROM quota")
    con.commit()
    con.close()
    imported = run("quotas", "import", TABLE, "--campaign", "01TRIEU-2022", "--db", db)
    assert imported.returncode == 0, imported.stderr
    assert "«CHỈ TIÊU NĂM 2022» → Giai đoạn 1 (2022)" in imported.stdout
    out = tmp_path / "tien-do.xlsx"
    progress = run(
        "progress",
        "--campaign",
        "01TRIEU-2022",
        "--period",
        "giai doan 1",
        "--json",
        "--xlsx",
        str(out),
        "--db",
        db,
    )
    assert progress.returncode == 0, progress.stderr
    data = json.loads(progress.stdout)
    assert data["total"]["quota"] == 1200
    assert {u["unit"]: u["quota"] for u in data["units"]}["LĐLĐ huyện Phong Thổ"] == 135
    rows = list(load_workbook(out).active.iter_rows(min_row=5, values_only=True))
    by_name = {r[0]: r for r in rows}
    for u in data["units"]:
        r = by_name[u["unit"]]
        assert (r[1], r[2], r[3], r[6], r[7], r[8]) == (
            u["quota"],
            u["count"],
            u["percent"],
            u["recognised"],
            u["grassroots_with_initiative"],
            u["grassroots_total"],
        )
    whole = json.loads(run("progress", "--campaign", "01TRIEU-2022", "--json", "--db", db).stdout)
    assert whole["total"]["quota"] == 2300


def test_an_unsure_name_fails_with_its_candidates_when_nobody_can_answer(tmp_path):
    db = str(tmp_path / "demo.db")
    assert run("demo", "--db", db, "--initiatives", "0").returncode == 0
    table = tmp_path / "q.csv"
    text = (ROOT / "resources/demo/quotas_laichau_2022_2023.csv").read_text(encoding="utf-8")
    table.write_text(text.replace("LĐLĐ huyện Tân Uyên", "LĐLĐ huyện Uyên"), encoding="utf-8")
    failed = run("quotas", "import", str(table), "--campaign", "01TRIEU-2022", "--db", db)
    assert failed.returncode == 1
    assert "«LĐLĐ huyện Uyên»" in failed.stderr and "--map" in failed.stderr
    ok = run(
        "quotas",
        "import",
        str(table),
        "--campaign",
        "01TRIEU-2022",
        "--map",
        "LĐLĐ huyện Uyên=LC-TNU",
        "--db",
        db,
    )
    assert ok.returncode == 0, ok.stderr


def test_a_district_imports_its_grassroots_quotas_and_is_told_what_it_does_not_set(tmp_path):
    db = str(tmp_path / "district.db")
    assert run("demo", "--db", db, "--initiatives", "0", "--as", "LC-TD").returncode == 0
    table = tmp_path / "tam-duong.csv"
    table.write_text(
        "Tên đơn vị,Chỉ tiêu\n"
        "Tổng,200\n"
        "CĐCS Ủy ban nhân dân xã Bình Lư,12\n"
        "CĐCS Trường Tiểu học Bản Bo,9\n",
        encoding="utf-8",
    )
    args = ("quotas", "import", str(table), "--campaign", "01TRIEU-2022", "--db", db)
    mismatch = run(*args)
    assert mismatch.returncode == 1  # 12 + 9 against the province's 180 for Tam Đường
    assert "khác chỉ tiêu 180" in mismatch.stderr
    ok = run(*args, "--accept-mismatch")
    assert ok.returncode == 0, ok.stderr
    assert "Đã nhập 2 chỉ tiêu" in ok.stdout
    assert (
        "không nhập: Dòng 2 «Tổng»: Chỉ tiêu của LĐLĐ huyện Tam Đường do LĐLĐ tỉnh Lai Châu "
        "giao; văn phòng LĐLĐ huyện Tam Đường chỉ xem và nhận chỉ tiêu này qua gói dữ liệu."
    ) in ok.stdout
    con = sqlite3.connect(db)
    got = dict(
        con.execute(
            "SELECT u.code, q.target FROM quota q JOIN unit u ON u.id = q.unit_id "
            "WHERE q.period_id IS NULL"
        ).fetchall()
    )
    con.close()
    assert got["LC-TD"] == 180 and sorted(v for k, v in got.items() if k != "LC-TD") == [9, 12]
    only_total = tmp_path / "tong.csv"
    only_total.write_text("Tên đơn vị,Chỉ tiêu\nTổng,200\n", encoding="utf-8")
    refused = run("quotas", "import", str(only_total), "--campaign", "01TRIEU-2022", "--db", db)
    assert refused.returncode == 1
    assert "Lỗi: Không có chỉ tiêu nào trong bảng do văn phòng này giao" in refused.stderr
