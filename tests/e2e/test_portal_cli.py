"""``sangkien initiatives export --portal --out FILE.xlsx`` in a subprocess, on the demo."""

from __future__ import annotations

from openpyxl import load_workbook
from test_cli_and_smoke import run

from desktop.services.initiatives.portal_export import HEADERS


def test_the_portal_export_from_the_command_line(tmp_path):
    db = str(tmp_path / "demo.db")
    assert run("demo", "--db", db).returncode == 0
    out = tmp_path / "cong.xlsx"
    done = run(
        "initiatives", "export", "--portal", "--out", str(out), "--campaign", "75NGHIN-2021",
        "--db", db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "theo mẫu cổng sáng kiến Tổng Liên đoàn" in done.stdout
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert len(rows) > 10
    workplace = HEADERS.index("Nơi công tác (tỉnh, thành phố / ngành Trung ương)")
    assert {r[workplace] for r in rows[1:]} == {"Lai Châu"}
    assert all(r[HEADERS.index("Tên sáng kiến")] for r in rows[1:])
    plain = run("initiatives", "export", "--db", db)
    assert plain.returncode != 0 and "--out TỆP.xlsx" in plain.stderr


def test_the_contacts_choice_from_the_command_line(tmp_path):
    db = str(tmp_path / "demo.db")
    assert run("demo", "--db", db).returncode == 0
    shown = run("bundle", "contacts", "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "KHÔNG mang số điện thoại, email" in shown.stdout  # the default
    on = run("bundle", "contacts", "--on", "--db", db)
    assert on.returncode == 0 and "CÓ mang số điện thoại, email" in on.stdout
    assert "CÓ" in run("bundle", "contacts", "--db", db).stdout
    both = run("bundle", "contacts", "--on", "--off", "--db", db)
    assert both.returncode != 0
