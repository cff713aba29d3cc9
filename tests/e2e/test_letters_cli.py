"""``sangkien print`` for the author's forms and the decision, from the real program on a
fresh demo: one initiative chosen by part of its title typed without diacritics; none or
several matching: a Vietnamese message listing them, exit code 1."""

from __future__ import annotations

import shutil

from openpyxl import load_workbook
from pypdf import PdfReader
from test_cli_and_smoke import run

from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.text.normalise import fold


def _text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def _a_unique_title(db) -> tuple[str, str]:
    """A demo initiative's title, and a part of it without diacritics that only it holds."""
    store = open_store(str(db))
    try:
        sv = Services.over(store)
        trieu = sv.campaigns.by_code("01TRIEU-2022")
        rows = sv.initiatives.page(ListQuery(campaign_id=trieu.id), limit=2000).rows
        for row in rows:
            words = fold(row.title).split()
            for k in range(3, len(words) + 1):
                typed = " ".join(words[:k])
                if sv.initiatives.search(typed, trieu.id).total == 1:
                    return row.title, typed
    finally:
        store.close()
    raise AssertionError("no title of the demo can be told apart by its first words")


def test_print_the_authors_forms_of_one_initiative_typed_without_diacritics(
    tmp_path, demo_template
):
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    title, typed = _a_unique_title(db)
    assert typed.isascii()
    heads = {
        "registration-form": "PHIẾU ĐĂNG KÝ SÁNG KIẾN",
        "application": "ĐƠN ĐỀ NGHỊ CÔNG NHẬN SÁNG KIẾN",
        "description-report": "BÁO CÁO MÔ TẢ SÁNG KIẾN",
    }
    for kind, head in heads.items():
        out = tmp_path / f"{kind}.pdf"
        done = run(
            "print", kind, "--campaign", "01TRIEU-2022", "--initiative", typed,
            "--out", str(out), "--db", str(db),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        text = _text(out)
        assert head in text and " ".join(title.split()) in text, kind
        assert "Số:" not in text, kind  # an author's form has no official number
    assert "XÁC NHẬN CỦA CÔNG ĐOÀN CẤP TRÊN TRỰC TIẾP CƠ SỞ" in _text(
        tmp_path / "registration-form.pdf"
    )
    # No Excel copy of a paper the author signs: said in Vietnamese, no file left.
    done = run(
        "print", "application", "--campaign", "01TRIEU-2022", "--initiative", typed,
        "--out", str(tmp_path / "mau-3.xlsx"), "--db", str(db),
    )  # fmt: skip
    assert done.returncode == 1 and "không có bản Excel" in done.stderr
    assert not (tmp_path / "mau-3.xlsx").exists()


def test_print_an_initiative_that_matches_several_or_none_says_which(tmp_path, demo_template):
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    base = ["--campaign", "01TRIEU-2022", "--out", str(tmp_path / "x.pdf"), "--db", str(db)]
    several = run("print", "application", "--initiative", "ap dung", *base)
    assert several.returncode == 1
    assert "sáng kiến khớp «ap dung»" in several.stderr
    assert "hãy gõ thêm cho đến khi chỉ còn một" in several.stderr
    assert several.stderr.count("\n  – ") >= 2  # the candidates, by title
    none = run("print", "description-report", "--initiative", "khong co ten nay", *base)
    assert none.returncode == 1
    assert "Không có sáng kiến nào khớp «khong co ten nay»" in none.stderr
    missing = run("print", "registration-form", *base)
    assert missing.returncode == 1 and "--initiative" in missing.stderr
    stray = run("print", "summary", "--initiative", "ap dung", *base)
    assert stray.returncode == 1 and "không in cho một sáng kiến" in stray.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_print_the_decision_with_its_list_as_pdf_and_xlsx(tmp_path, demo_template):
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    for ext in ("pdf", "xlsx"):
        out = tmp_path / f"qd.{ext}"
        done = run(
            "print", "decision", "--campaign", "01TRIEU-2022", "--decision", "125/QĐ-LĐLĐ",
            "--out", str(out), "--db", str(db),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    reader = PdfReader(tmp_path / "qd.pdf")
    first = " ".join(reader.pages[0].extract_text().split())
    for needle in ("Số: 125/QĐ-LĐLĐ", "QUYẾT ĐỊNH:", "Điều 1.", "Điều 2.", "Điều 3.", "Căn cứ"):
        assert needle in first, needle
    assert "Kèm theo Quyết định số 125/QĐ-LĐLĐ" in _text(tmp_path / "qd.pdf")
    ws = load_workbook(tmp_path / "qd.xlsx").active
    cells = [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert "Sáng kiến được công nhận" in cells
