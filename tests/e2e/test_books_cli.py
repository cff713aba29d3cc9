"""Keeping books from the command line, as an office's IT person would: a province set up
from its unit list keeps the books of a commune union, imports its Excel list, and hands the
books over (``bundle handover``) once the union runs the program; every step in a subprocess
on real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_and_smoke import run

from support.books_fixtures import BL, BL_LIST, initiative_list, units_file

CAMPAIGN = {
    "code": "DKST-2026",
    "name": "Đoàn kết sáng tạo năm 2026",
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "periods": [{"name": "Năm 2026", "count_from": "2026-01-01", "count_to": "2026-12-31"}],
    "fields": [{"code": "ktxh", "name": "Kinh tế - xã hội"}],
}


def ok(*args: str) -> str:
    done = run(*args)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def _json(*args: str) -> dict:
    return json.loads(ok(*args, "--json"))


def _province(tmp_path: Path) -> str:
    db = str(tmp_path / "LC.db")
    units = units_file(tmp_path / "don-vi.xlsx")
    ok("setup", "--units", str(units), "--office", "LC", "--db", db)
    campaign = tmp_path / "chuong-trinh.json"
    campaign.write_text(json.dumps(CAMPAIGN, ensure_ascii=False), encoding="utf-8")
    ok("campaigns", "import", str(campaign), "--db", db)
    return db


def test_keep_books_import_hand_over_and_go_on(tmp_path):
    db = _province(tmp_path)
    listed = initiative_list(tmp_path / "binh-lu.xlsx", "Công đoàn xã Bình Lư", BL_LIST)
    refused = _json("initiatives", "import", str(listed), "--db", db)
    assert refused["created"] == 0 and "giữ sổ hộ" in refused["rejected"][0]["reason"]

    tried = _json("units", "keep-books", "Cong doan xa Binh Lu", "--dry-run", "--db", db)
    assert tried["dry_run"] and tried["changed"]["unit_code"] == BL and tried["kept"] == []
    done = _json("units", "keep-books", BL, "--db", db)
    assert [k["unit_code"] for k in done["kept"]] == [BL]
    again = run("units", "keep-books", BL, "--db", db)
    assert again.returncode == 1 and "đang giữ sổ hộ" in again.stderr
    assert _json("initiatives", "import", str(listed), "--db", db)["created"] == 4
    assert "4 sáng kiến" in ok("units", "keep-books", "--db", db)

    # Bình Lư installs the program: its list with its own unit, enrolled both ways.
    union = str(tmp_path / "BL.db")
    ok("setup", "--units", str(units_file(tmp_path / "dv.xlsx")), "--office", BL, "--db", union)
    for a, b in ((db, union), (union, db)):
        card = tmp_path / f"{Path(b).stem}.json"
        ok("office", "enrolment", "--out", str(card), "--db", b)
        fp = next(
            line.split(":", 1)[1].strip()
            for line in ok("office", "key", "--db", b).splitlines()
            if line.startswith("Dấu vân tay")
        )
        ok("office", "enrol", str(card), "--fingerprint", fp, "--db", a)

    plain = run("bundle", "export", "--to", BL, "--out", str(tmp_path), "--db", db)
    assert plain.returncode == 1 and "bàn giao sổ" in plain.stderr
    out = tmp_path / "ban-giao"
    out.mkdir()
    dry = _json("bundle", "handover", "--to", BL, "--out", str(out), "--dry-run", "--db", db)
    assert dry["units"] == ["Công đoàn xã Bình Lư"] and dry["counts"]["handover"] >= 4
    assert list(out.iterdir()) == []  # nothing written
    assert _json("units", "keep-books", "--db", db)["kept"][0]["unit_code"] == BL
    handed = _json("bundle", "handover", "--to", BL, "--out", str(out), "--db", db)
    assert Path(handed["path"]).exists()
    assert _json("units", "keep-books", "--db", db)["kept"] == []
    assert "Đã bàn giao sổ" in ok("units", "keep-books", "--db", db)

    report = _json("bundle", "import", handed["path"], "--db", union)
    assert report["totals"].get("rejected", 0) == 0
    found = _json("initiatives", "search", "so hoa ho so hoc sinh", "--db", union)
    assert found["total"] == 1
    # The union owns its books now: its list again changes nothing there, and the province
    # no longer writes them.
    assert _json("initiatives", "import", str(listed), "--db", union)["unchanged"] == 4
    late = _json("initiatives", "import", str(listed), "--db", db)
    assert late["created"] == 0 and len(late["rejected"]) == 4


def test_a_real_office_is_set_up_entirely_from_the_command_line(tmp_path):
    """Units file, office, campaign file, quotas, document settings, then its first paper."""
    import shutil
    import subprocess

    db = _province(tmp_path)
    assert _json("campaigns", "list", "--db", db)[0]["code"] == "DKST-2026"
    table = tmp_path / "chi-tieu.csv"
    table.write_text(
        "Tên đơn vị,Chỉ tiêu\nCông đoàn xã Bình Lư,6\nCông đoàn phường Tân Phong,4\n",
        encoding="utf-8",
    )
    quotas = run("quotas", "import", str(table), "--campaign", "DKST-2026", "--db", db)
    assert quotas.returncode == 0, quotas.stderr
    settings = (
        "documents",
        "settings",
        "set",
        "--signer-name",
        "Hà Văn Minh",
        "--place",
        "Lai Châu",
        "--db",
        db,
    )
    ok(*settings)
    shown = _json("documents", "settings", "--db", db)
    assert shown["signer_name"] == "Hà Văn Minh"
    pdf = tmp_path / "bang-chi-tieu.pdf"
    ok("print", "quota-table", "--campaign", "DKST-2026", "--out", str(pdf), "--db", db)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Hà Văn Minh" in text and "Bình Lư" in text and "6" in text
