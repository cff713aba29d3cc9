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


def test_an_authors_form_is_signed_by_the_author_and_confirmed_above(tmp_path):
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
    # the author signs: no "TM." over the author's name, a note instead; the seal's block is
    # the confirmation's, after it
    author = paras.index("NGƯỜI NỘP ĐƠN")
    assert paras[author + 1] == "(Ký, ghi rõ họ tên)" and paras[author - 1] != "TM. BAN THƯỜNG VỤ"
    confirm = paras.index("XÁC NHẬN CỦA CÔNG ĐOÀN CẤP TRÊN TRỰC TIẾP CƠ SỞ")
    assert author < confirm < paras.index("TM. BAN THƯỜNG VỤ") < paras.index("Lê Văn Cường")


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
