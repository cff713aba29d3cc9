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
