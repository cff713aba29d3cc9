"""Word copies (.docx) of every paper: read back with python-docx as a clerk would see them in
Word (the text, Times New Roman, A4 and Nghị định 30's margins, the orientation, the header
row repeated), the prose papers built by hand, a long list timed, and one copy opened by
LibreOffice when it is installed."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from desktop.services.documents import DocumentKind, DocumentRequest
from desktop.services.documents.kinds import NEEDS_PROPOSALS
from desktop.services.documents.model import (
    Block,
    Col,
    Confirmation,
    GroupRow,
    LetterDocument,
    Letterhead,
    Signature,
    TableDocument,
)
from desktop.services.documents.word import render_docx
from desktop.services.initiatives.listing import ListQuery

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
LANDSCAPE = {DocumentKind.SUMMARY, DocumentKind.CERTIFICATES}


def _text(p) -> str:
    """A paragraph's text as Word shows it: a line break is a new line."""
    return "".join(
        "\n" if e.tag == qn("w:br") else (e.text or "") for e in p.iter(qn("w:t"), qn("w:br"))
    )


def paragraphs(path: Path) -> list[str]:
    """Every paragraph's text, in the body and inside tables, in reading order."""
    body = Document(str(path)).element.body
    return [_text(p) for p in body.iter(qn("w:p"))]


def text_of(path: Path) -> str:
    return "\n".join(paragraphs(path))


def fonts_used(path: Path) -> set[str]:
    """Every font a run, a style or the document's defaults names (theme fonts included)."""
    doc = Document(str(path))
    names: set[str] = set()
    for root in (doc.element, doc.styles.element):
        for f in root.iter(qn("w:rFonts")):
            for attr, value in f.attrib.items():
                names.add(f"theme:{value}" if attr.endswith("Theme") else value)
    return names


def assert_nd30_page(section, landscape: bool) -> None:
    w, h = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    assert abs(section.page_width - w) < Mm(0.5) and abs(section.page_height - h) < Mm(0.5)
    assert (section.page_width > section.page_height) == landscape
    # Nghị định 30's ranges (Word keeps margins in twentieths of a point: ±0.1 mm)
    near = Mm(0.1)
    assert Mm(20) - near <= section.top_margin <= Mm(25) + near
    assert Mm(18) - near <= section.bottom_margin <= Mm(25) + near
    if section.page_width < section.page_height or section.left_margin > Mm(25) + near:
        assert Mm(30) - near <= section.left_margin <= Mm(35) + near
        assert Mm(15) - near <= section.right_margin <= Mm(20) + near


@pytest.fixture
def trieu(demo_services):
    return demo_services.campaigns.by_code("01TRIEU-2022")


def test_every_document_as_docx_from_the_demo(demo_services, trieu, tmp_path):
    docs = demo_services.documents
    ini = demo_services.initiatives.ids(ListQuery(campaign_id=trieu.id))[0]
    for kind in DocumentKind:
        if kind in NEEDS_PROPOSALS:  # a district's, with proposals: test_proposals.py
            continue
        req = DocumentRequest(
            kind,
            trieu.id,
            initiative_id=ini,
            on=dt.date(2023, 3, 5),
            span_from=dt.date(2022, 1, 1),  # the reports at fixed times: the year 2022
            span_to=dt.date(2022, 12, 31),
        )
        built = docs.build(req)
        out = docs.save(req, tmp_path / f"{kind}.docx")
        text = text_of(out)
        for needle in (MOTTO, SLOGAN, built.letterhead.superior, built.letterhead.issuer):
            assert " ".join(needle.split()) in " ".join(text.split()), (kind, needle)
        if isinstance(built, LetterDocument):  # a prose paper: its blocks, then any annex
            assert built.title.upper() in text, kind
            assert built.letterhead.place_date in text, kind
            if built.letterhead.number:
                assert built.letterhead.number in text, kind
            for block in built.blocks:
                if block.text and block.text.strip("….") and block.kind != "table":
                    assert " ".join(block.text.split())[:60] in " ".join(text.split()), kind
            if built.annex is not None:
                assert built.annex.title.upper() in text, kind
        elif kind is DocumentKind.CERTIFICATES:
            for cert in built.certificates:
                assert cert.number in text and cert.title in text
            assert "GIẤY CHỨNG NHẬN" in text
        else:
            assert built.letterhead.number in text, kind
            assert built.letterhead.place_date in text, kind
            assert built.title.upper() in text, kind
            for line in built.subject:
                assert line in text, kind
            for c in built.columns:
                assert c.header in text, kind
            rows = [r for r in built.rows if not isinstance(r, GroupRow)]
            for r in (rows[0], rows[-1]):
                assert str(r[1]) in text, kind
            if built.recipients:
                assert "Nơi nhận:" in text
                assert f"- {built.recipients[-1].rstrip(';.')}." in text
        assert built.signature is not None and built.signature.name in text, kind
        assert fonts_used(out) == {"Times New Roman"}, kind
        section = Document(str(out)).sections[0]
        assert_nd30_page(section, kind in LANDSCAPE)


def test_the_table_repeats_its_header_and_is_set_at_12_pt_or_more(demo_services, trieu, tmp_path):
    out = demo_services.documents.save(
        DocumentRequest(DocumentKind.REGISTRATION_LIST, trieu.id), tmp_path / "ds.docx"
    )
    doc = Document(str(out))
    data = max(doc.tables, key=lambda t: len(t.rows))
    first = data.rows[0]._tr
    assert first.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
    assert [c.text for c in data.rows[0].cells][:3] == ["TT", "Tên sáng kiến", "Tác giả"]
    assert doc.styles["Chữ trong bảng"].font.size.pt >= 12
    assert doc.styles["Normal"].font.size.pt in (13, 14)
    assert doc.styles["Nội dung văn bản"].font.size.pt in (13, 14)
    assert doc.styles["Nơi nhận"].font.size.pt >= 12
    # a date on one line: the date column is at least as wide as "05/12/2021" needs
    grid = data._tbl.tblGrid.findall(qn("w:gridCol"))
    date_col = int(grid[-1].get(qn("w:w")))
    assert date_col / 56.7 >= 20, date_col  # twips → mm
    # page numbers from page 2: a PAGE field in the header, a blank first-page header
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def _letterhead(number: str = "Số: 125/QĐ-LĐLĐ") -> Letterhead:
    return Letterhead(
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
        number,
        "Lai Châu, ngày 15 tháng 7 năm 2022",
    )


def _annex() -> TableDocument:
    return TableDocument(
        kind="recognition-list",
        letterhead=_letterhead(),
        title="DANH SÁCH",
        subject=("Sáng kiến được công nhận",),
        subtitle="(Kèm theo Quyết định số 125/QĐ-LĐLĐ ngày 15/7/2022)",
        columns=(
            Col("TT", 5, "center"),
            Col("Tên sáng kiến", 40),
            Col("Tác giả", 20),
            Col("Giá trị làm lợi (đồng)", 15, "right", money=True),
        ),
        rows=(
            GroupRow("Công đoàn ngành Y tế tỉnh Lai Châu"),
            (1, "Cải tiến quy trình tiếp nhận người bệnh", "Nguyễn Văn An", 1_500_000_000),
            (2, "Số hoá hồ sơ đoàn viên", "Lê Thị Bình", -1_200_000),
        ),
        total=("", "Tổng cộng", None, 1_498_800_000),
        landscape=True,
    )


def test_a_decision_with_its_articles_and_the_list_attached(tmp_path):
    decision = LetterDocument(
        kind="decision",
        letterhead=_letterhead(),
        title="QUYẾT ĐỊNH",
        subject=("Về việc công nhận sáng kiến",),
        blocks=(
            Block("heading", "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"),
            Block("paragraph", "Căn cứ Điều lệ Công đoàn Việt Nam;"),
            Block("heading", "QUYẾT ĐỊNH:"),
            Block("article", "Công nhận 2 sáng kiến (có danh sách kèm theo).", label="Điều 1."),
            Block("article", "Quyết định có hiệu lực kể từ ngày ký.", label="Điều 2."),
            Block("item", "- Các tác giả có tên tại Điều 1 chịu trách nhiệm thi hành."),
            Block(
                "table",
                table=TableDocument(
                    kind="inline",
                    letterhead=_letterhead(),
                    title="",
                    subject=(),
                    columns=(Col("TT", 5, "center"), Col("Mức thưởng", 40)),
                    rows=((1, "Mức thưởng loại A"),),
                ),
            ),
            Block("signature_note", "(Đã ký)"),
        ),
        recipients=("Như Điều 3;", "Lưu: VT"),
        signature=Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Phạm Quốc Hưng"),
        annex=_annex(),
    )
    out = tmp_path / "qd.docx"
    render_docx(decision, out)
    paras = [p for p in paragraphs(out) if p]
    order = [
        MOTTO,
        "Số: 125/QĐ-LĐLĐ",
        "QUYẾT ĐỊNH",
        "Về việc công nhận sáng kiến",
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        "QUYẾT ĐỊNH:",
        "Điều 1. Công nhận 2 sáng kiến (có danh sách kèm theo).",
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
        "Mức thưởng loại A",
        "(Đã ký)",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT.",
        "TM. BAN THƯỜNG VỤ",
        "Phạm Quốc Hưng",
        "DANH SÁCH",
        "(Kèm theo Quyết định số 125/QĐ-LĐLĐ ngày 15/7/2022)",
        "Công đoàn ngành Y tế tỉnh Lai Châu",
        "1.500.000.000",
        "-1.200.000",
        "1.498.800.000",
    ]
    at = [paras.index(x) for x in order]
    assert at == sorted(at), list(zip(order, at, strict=True))
    doc = Document(str(out))
    article = next(p for p in doc.paragraphs if p.text.startswith("Điều 1."))
    assert article.runs[0].text == "Điều 1." and article.runs[0].bold
    assert not article.runs[-1].bold
    authority = next(p for p in doc.paragraphs if p.text == "QUYẾT ĐỊNH:")
    assert authority.alignment == 1  # centred
    # the list on a new page of its own, landscape; the decision portrait
    assert len(doc.sections) == 2
    assert_nd30_page(doc.sections[0], landscape=False)
    assert_nd30_page(doc.sections[1], landscape=True)
    assert doc.sections[1].start_type == 2  # WD_SECTION.NEW_PAGE
    assert fonts_used(out) == {"Times New Roman"}


def test_an_authors_form_is_signed_by_the_author_and_confirmed_beside(tmp_path):
    form = LetterDocument(
        kind="application",
        letterhead=Letterhead("", "", "", "Lai Châu, ngày 01 tháng 3 năm 2022"),
        title="ĐƠN ĐỀ NGHỊ",
        subject=("Công nhận sáng kiến",),
        addressee=("Hội đồng sáng kiến Liên đoàn Lao động tỉnh Lai Châu",),
        blocks=(
            Block("field", "Nguyễn Văn An", label="Họ và tên:"),
            Block("paragraph", "Tôi xin cam đoan mọi thông tin nêu trong đơn là trung thực."),
        ),
        signature=Signature("TM. BAN THƯỜNG VỤ", "NGƯỜI NỘP ĐƠN", "Nguyễn Văn An"),
        signer_is_author=True,
        confirmation=Confirmation(
            "Xác nhận của công đoàn cấp trên trực tiếp cơ sở",
            "Xác nhận ông Nguyễn Văn An là đoàn viên công đoàn.",
            Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lê Văn Cường"),
        ),
    )
    out = tmp_path / "don.docx"
    render_docx(form, out)
    paras = [p for p in paragraphs(out) if p]
    assert paras[0] == MOTTO and "Số:" not in " ".join(paras)
    assert "Kính gửi: Hội đồng sáng kiến Liên đoàn Lao động tỉnh Lai Châu" in paras
    assert "Họ và tên: Nguyễn Văn An" in paras
    # the author signs: no "TM." over the author's name, a note instead, the place and date
    # above; the seal's block is the confirmation's, at the left of the same row (level with
    # the author's signature, so before it in reading order), no "Nơi nhận"
    author = paras.index("NGƯỜI NỘP ĐƠN")
    assert paras[author + 1] == "(Ký, ghi rõ họ tên)"
    assert paras[author - 1] == "Lai Châu, ngày 01 tháng 3 năm 2022"
    assert "Nơi nhận:" not in paras
    confirm = paras.index("XÁC NHẬN CỦA CÔNG ĐOÀN CẤP TRÊN TRỰC TIẾP CƠ SỞ")
    assert confirm < paras.index("TM. BAN THƯỜNG VỤ") < paras.index("Lê Văn Cường") < author
    row = Document(str(out)).tables[-1].rows[0].cells
    assert row[0].text.startswith("XÁC NHẬN") and "Lê Văn Cường" in row[0].text
    assert "NGƯỜI NỘP ĐƠN" in row[1].text and "TM. BAN" not in row[1].text


def test_a_letter_has_its_excerpt_under_the_number_and_several_addressees(tmp_path):
    letter = LetterDocument(
        kind="proposal-letter",
        letterhead=_letterhead("Số: 12/LĐLĐ-TG"),
        title="",
        subject=("V/v đề nghị công nhận sáng kiến",),
        addressee=("Tổng Liên đoàn Lao động Việt Nam", "Ban Tuyên giáo Tổng Liên đoàn"),
        blocks=(Block("paragraph", "Liên đoàn Lao động tỉnh Lai Châu trân trọng đề nghị."),),
        recipients=("Như trên", "Lưu: VT"),
        signature=Signature("TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Lê Văn Dũng"),
    )
    out = tmp_path / "cv.docx"
    render_docx(letter, out)
    doc = Document(str(out))
    header = doc.tables[0]
    assert header.cell(1, 0).text.split("\n") == [
        "Số: 12/LĐLĐ-TG",
        "V/v đề nghị công nhận sáng kiến",
    ]
    paras = [p for p in paragraphs(out) if p]
    k = paras.index("Kính gửi:")
    assert paras[k + 1 : k + 3] == [
        "- Tổng Liên đoàn Lao động Việt Nam;",
        "- Ban Tuyên giáo Tổng Liên đoàn.",
    ]


def test_a_long_list_is_quick(tmp_path):
    rows = tuple(
        (
            i,
            f"Giải pháp cải tiến số {i} trong quản lý hồ sơ đoàn viên công đoàn cơ sở",
            "Nguyễn Thị Ánh Nguyệt, Trần Văn Bình",
            "Công đoàn cơ sở Trường Trung học phổ thông",
            dt.date(2022, 12, 5),
            1_500_000 * i,
        )
        for i in range(1, 2501)
    )
    doc = TableDocument(
        kind="registration-list",
        letterhead=_letterhead("Số:        /DS-LĐLĐ"),
        title="DANH SÁCH",
        subject=("Đăng ký sáng kiến",),
        columns=(
            Col("TT", 5.5, "center"),
            Col("Tên sáng kiến", 30),
            Col("Tác giả", 18),
            Col("Đơn vị", 18),
            Col("Ngày áp dụng", 8, "center"),
            Col("Giá trị", 12, "right", money=True),
        ),
        rows=rows,
        signature=Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Phạm Quốc Hưng"),
    )
    start = time.perf_counter()
    data = render_docx(doc, tmp_path / "long.docx")
    took = time.perf_counter() - start
    assert took < 15, took  # ~1.5 s on the shared 2-CPU test machine (docs/printing.md)
    assert len(data) > 50_000
    table = max(Document(str(tmp_path / "long.docx")).tables, key=lambda t: len(t._tbl.tr_lst))
    assert len(table._tbl.tr_lst) == 2501
    last = table._tbl.tr_lst[-1]
    texts = ["".join(t.text for t in tc.iter(qn("w:t"))) for tc in last.tc_lst]
    assert texts[0] == "2.500" and texts[4] == "05/12/2022" and texts[5] == "3.750.000.000"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_word_copy_as_the_pdf_shows_it(demo_services, trieu, tmp_path):
    decision = demo_services.evaluation.decisions.by_number(trieu.id, "125/QĐ-LĐLĐ")
    req = DocumentRequest(DocumentKind.RECOGNITION_LIST, trieu.id, decision_id=decision.id)
    out = demo_services.documents.save(req, tmp_path / "danh-sach.docx")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo"),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    reader = PdfReader(tmp_path / "lo" / "danh-sach.pdf")
    first = " ".join(reader.pages[0].extract_text().split())
    for needle in (MOTTO, SLOGAN, "Số: 125/QĐ-LĐLĐ", "DANH SÁCH", "Sáng kiến được công nhận"):
        assert needle in first, needle
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2
    whole = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Nơi nhận:" in whole
    if len(reader.pages) > 1:  # the page number at the top of page 2, with the header row
        second = reader.pages[1].extract_text().split()
        assert second[0] == "2" and "TT" in second[:6]
    fonts = {
        str(f["/BaseFont"])
        for p in reader.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
        if "/BaseFont" in f.get_object()
    }
    # Times New Roman, or its metric twin where the machine has no Times New Roman
    assert fonts and all(("Times" in f or "LiberationSerif" in f) for f in fonts), fonts


# ---- the prose papers' newer fields, read back as Word holds them ---------------------------
CONFIRMATION = "XÁC NHẬN CỦA CÔNG ĐOÀN CẤP TRÊN TRỰC TIẾP CƠ SỞ"


def _form(demo_services, trieu, kind: DocumentKind, tmp_path: Path):
    """An author's form of the demo for an initiative whose upper-level union is known."""
    docs = demo_services.documents
    for ini in demo_services.initiatives.ids(ListQuery(campaign_id=trieu.id)):
        req = DocumentRequest(kind, trieu.id, initiative_id=ini, on=dt.date(2023, 3, 5))
        built = docs.build(req)
        if kind is not DocumentKind.REGISTRATION_FORM or built.confirmation.text.strip("…"):
            return built, docs.save(req, tmp_path / f"{kind}.docx")
    raise AssertionError("no initiative of the demo has an upper-level union")


def _body_paragraphs(doc) -> list:
    """Every paragraph (the body's and the tables'), as python-docx paragraphs, in order."""
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, doc) for p in doc.element.body.iter(qn("w:p"))]


def _italic(p) -> bool:
    runs = [r for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.italic for r in runs)


def _bold(p) -> bool:
    """Every run bold as Word shows it: its own bold, or its paragraph style's."""
    runs = [r for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.bold is None and p.style.font.bold) for r in runs)


def test_registration_form_mau_1_has_its_label_the_confirmation_and_the_date_above_the_author(
    demo_services, trieu, tmp_path
):
    built, out = _form(demo_services, trieu, DocumentKind.REGISTRATION_FORM, tmp_path)
    doc = Document(str(out))
    paras = [p for p in _body_paragraphs(doc) if p.text.strip()]
    texts = [p.text for p in paras]
    # "Mẫu 1" first, small, in italics at the right; then the motto alone, no letterhead
    assert texts[0] == "Mẫu 1" and _italic(paras[0]) and paras[0].alignment == 2  # right
    assert paras[0].runs[0].font.size.pt <= 13
    assert texts[1:3] == [MOTTO, SLOGAN] and paras[1].alignment == 1  # centred
    whole = "\n".join(texts)
    assert "Số:" not in whole and "Nơi nhận" not in whole
    assert "LIÊN ĐOÀN LAO ĐỘNG" not in whole.split(built.title.upper())[0]
    # the place and date after every field of the form, just above the author's signature
    date = texts.index(built.letterhead.place_date)
    fields = [b for b in built.blocks if b.kind == "field"]
    last_field = max(i for i, t in enumerate(texts) if t.startswith(fields[-1].label.strip()))
    assert date > last_field and date >= len(texts) - 8
    assert texts[date + 1] == built.signature.title and texts[date + 2] == "(Ký, ghi rõ họ tên)"
    assert _italic(paras[date]) and _italic(paras[date + 2])
    # the confirmation at the left of the same row: heading in bold, the upper union's name,
    # "(Ký tên, đóng dấu)" in italics
    closing = doc.tables[-1]
    left, right = (c.text.split("\n") for c in closing.rows[0].cells)
    assert " ".join(left[:2]) == CONFIRMATION or left[0] == CONFIRMATION
    assert built.confirmation.text in left and "(Ký tên, đóng dấu)" in left
    assert built.letterhead.place_date == right[0] and built.signature.name in right
    heading = closing.rows[0].cells[0].paragraphs[0]
    cell = closing.rows[0].cells[0].paragraphs
    union = next(x for x in cell if x.text == built.confirmation.text)
    note = next(x for x in cell if x.text == "(Ký tên, đóng dấu)")
    assert _bold(heading) and not _bold(union) and _italic(note)
    # no empty letterhead column: the only tables are the authors' and the closing
    assert len(doc.tables) == 2 and "Họ và tên" in doc.tables[0].rows[0].cells[1].text


def _tab_stops(p) -> list:
    return p._p.findall(qn("w:pPr") + "/" + qn("w:tabs") + "/" + qn("w:tab"))


def test_a_blank_field_is_a_dot_leader_to_the_right_margin(demo_services, trieu, tmp_path):
    built, out = _form(demo_services, trieu, DocumentKind.APPLICATION, tmp_path)
    doc = Document(str(out))
    blank = next(b for b in built.blocks if b.kind == "field" and not b.text.strip("…"))
    filled = next(b for b in built.blocks if b.kind == "field" and b.text.strip("…"))
    paras = _body_paragraphs(doc)
    p = next(x for x in paras if x.text.startswith(blank.label.strip()))
    assert "…" not in p.text and "\t" in p.text  # the blank is a tab, not typed dots
    (stop,) = _tab_stops(p)
    assert stop.get(qn("w:leader")) == "dot" and stop.get(qn("w:val")) == "right"
    text_width = doc.sections[0].page_width - doc.sections[0].left_margin
    text_width -= doc.sections[0].right_margin
    assert abs(int(stop.get(qn("w:pos"))) * 635 - text_width) < Mm(1)  # at the right margin
    q = next(x for x in paras if x.text.startswith(filled.label.strip()))
    assert not _tab_stops(q) and filled.text.strip()[:30] in q.text


def test_the_decision_sets_its_basis_in_italics_and_its_articles_in_bold(
    demo_services, trieu, tmp_path
):
    req = DocumentRequest(DocumentKind.DECISION, trieu.id)
    built = demo_services.documents.build(req)
    out = demo_services.documents.save(req, tmp_path / "qd.docx")
    doc = Document(str(out))
    paras = [p for p in _body_paragraphs(doc) if p.text.strip()]
    basis = [p for p in paras if p.text.startswith("Căn cứ")]
    assert len(basis) >= 2 and len(basis) == sum(b.text.startswith("Căn cứ") for b in built.blocks)
    for p in basis:
        assert _italic(p) and p.alignment in (None, 3)  # justified (the body's style)
        assert p.style.name == "Nội dung văn bản"  # its first line indented
        assert p.style.paragraph_format.first_line_indent > Mm(10)
    decides = next(p for p in paras if p.text == "QUYẾT ĐỊNH:")
    assert decides.alignment == 1 and _bold(decides)
    authority = next(b.text for b in built.blocks if b.kind == "center")
    line = next(p for p in paras if p.text == authority)
    assert line.alignment == 1 and _bold(line)
    assert paras.index(line) < paras.index(basis[0]) < paras.index(decides)
    article = next(p for p in paras if p.text.startswith("Điều 1."))
    assert article.runs[0].text.strip() == "Điều 1." and article.runs[0].bold
    assert not article.runs[-1].bold and "Điều 1.  " not in article.text
    assert paras.index(decides) < paras.index(article)
    # the annex on a new page of its own: its title, no letterhead, its page numbered
    annex = doc.sections[1]
    assert annex.start_type == 2 and not annex.different_first_page_header_footer
    assert "PAGE" in annex.header._element.xml or annex.header.is_linked_to_previous
    texts = [p.text for p in paras]
    start = texts.index(built.annex.title.upper())
    assert start > texts.index(built.signature.name)
    after = texts[start:]
    assert MOTTO not in after and built.letterhead.number not in after
    assert built.annex.subtitle in after


def test_a_signature_note_is_set_in_italics_under_the_title(tmp_path):
    letter = LetterDocument(
        kind="proposal-letter",
        letterhead=_letterhead("Số: 12/LĐLĐ-TG"),
        title="TỜ TRÌNH",
        blocks=(Block("paragraph", "Liên đoàn Lao động tỉnh Lai Châu trân trọng đề nghị."),),
        recipients=("Như trên", "Lưu: VT"),
        signature=Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lê Văn Dũng", "(Ký tên, đóng dấu)"),
    )
    out = tmp_path / "tt.docx"
    render_docx(letter, out)
    paras = [p for p in _body_paragraphs(Document(str(out))) if p.text.strip()]
    texts = [p.text for p in paras]
    k = texts.index("CHỦ TỊCH")
    assert texts[k - 1 : k + 3] == [
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "(Ký tên, đóng dấu)",
        "Lê Văn Dũng",
    ]
    assert _italic(paras[k + 1]) and not _italic(paras[k])
