"""``sangkien print`` on a fresh demo: every document, as PDF and as .xlsx, from the real
program; a wrong decision number gives a Vietnamese message and exit code 1."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
KINDS = (
    "recognition-list",
    "registration-list",
    "summary",
    "quota-table",
    "progress",
    "certificates",
)


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=180,
    )


def test_print_every_document_from_a_fresh_demo(tmp_path, demo_template):
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    for kind in KINDS:
        # every kind as PDF; two as .xlsx too (the writer is shared; tests/services cover all)
        exts = ("pdf", "xlsx", "docx") if kind in ("recognition-list", "quota-table") else ("pdf",)
        for ext in exts:
            out = tmp_path / f"{kind}.{ext}"
            args = ["print", kind, "--campaign", "01TRIEU-2022", "--out", str(out), "--db", str(db)]
            if kind in ("recognition-list", "certificates"):
                args += ["--decision", "125/QĐ-LĐLĐ"]
            done = run(*args)
            assert done.returncode == 0, done.stderr
            assert out.exists()
    text = PdfReader(tmp_path / "recognition-list.pdf").pages[0].extract_text()
    assert "Số: 125/QĐ-LĐLĐ" in text
    assert "Kèm theo Quyết định số 125/QĐ-LĐLĐ" in " ".join(text.split())
    ws = load_workbook(tmp_path / "recognition-list.xlsx").active
    assert any(c == "Sáng kiến được công nhận" for r in ws.iter_rows(values_only=True) for c in r)
    word = Document(str(tmp_path / "recognition-list.docx"))
    lines = [p.text for p in word.paragraphs] + [c.text for t in word.tables for c in t._cells]
    assert "Số: 125/QĐ-LĐLĐ" in lines and "Sáng kiến được công nhận" in lines


def test_print_with_an_unknown_decision_says_which_exist(tmp_path, demo_template):
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    done = run(
        "print",
        "recognition-list",
        "--campaign",
        "01TRIEU-2022",
        "--decision",
        "9/QĐ",
        "--out",
        str(tmp_path / "x.pdf"),
        "--db",
        str(db),
    )
    assert done.returncode == 1
    assert "Không có quyết định số «9/QĐ»" in done.stderr and "125/QĐ-LĐLĐ" in done.stderr
