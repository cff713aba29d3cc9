"""A long recognition list as a clerk checks it before it goes to be signed: every initiative
once and whole on one page, the header row on every page, each unit's name over its rows
and never alone at the foot of a page, the total, the closing lines and the signature at the
end; the bar goes to its end, and «Huỷ» stops the build."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from desktop.services.common import ServiceError
from desktop.services.documents.model import GroupRow, Letterhead, Signature, TableDocument
from desktop.services.documents.pdf import CANCELLED, render_table_pdf
from desktop.services.documents.recognition import RECOGNITION_COLUMNS
from desktop.text.numbers import format_number

# Units of different sizes, so that some unit's name falls at the foot of a page.
SIZES = (37, 151, 64, 88, 23, 95, 71, 146, 59, 102, 33, 131)
UNITS = len(SIZES)
N = sum(SIZES)
SENTENCE = (
    "Cải tiến quy trình đóng gói sản phẩm chè tại phân xưởng chế biến, giảm hao hụt "
    "nguyên liệu và thời gian giao hàng cho khách của công ty trên địa bàn tỉnh"
)
WORDS = SENTENCE.split(" ")


def _unit(u: int) -> str:
    return f"Công đoàn ngành Đơn vị số {u:02d}"


def _title(k: int) -> str:
    # Titles of one to three lines in their column; a mark that no other title contains.
    return f"SK{k:05d}: " + " ".join(WORDS[: 3 + (k * 7) % (len(WORDS) - 3)])


def _long_list() -> TableDocument:
    rows: list[tuple[object, ...] | GroupRow] = []
    k = 0
    for u, size in enumerate(SIZES, start=1):
        rows.append(GroupRow(_unit(u)))
        for _ in range(size):
            k += 1
            authors = "Lò Văn Thắng, Nguyễn Thị Ánh" if k % 3 else "Đặng Tiến Bình"
            rows.append((k, _title(k), authors, "CĐCS Trường THPT Than Uyên", "Kỹ thuật", k * 1000))
    return TableDocument(
        kind="recognition-list",
        letterhead=Letterhead(
            "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
            "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
            "Số: 125/QĐ-LĐLĐ",
            "Lai Châu, ngày 15 tháng 7 năm 2022",
        ),
        title="DANH SÁCH",
        subject=("Sáng kiến được công nhận", "Chương trình «01 triệu sáng kiến»"),
        subtitle="(Kèm theo Quyết định số 125/QĐ-LĐLĐ ngày 15/07/2022)",
        columns=RECOGNITION_COLUMNS,
        rows=tuple(rows),
        total=("", f"Tổng cộng: {k} sáng kiến", "", "", "", sum(range(1, k + 1)) * 1000),
        after=(f"Danh sách gồm {k} sáng kiến được công nhận.",),
        recipients=("Như Điều 3", "Lưu: VT"),
        signature=Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Thị Ánh Nguyệt"),
    )


@pytest.fixture(scope="module")
def pages() -> list[str]:
    data = render_table_pdf(_long_list())
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_every_initiative_is_printed_once_and_whole_on_one_page(pages):
    assert len(pages) > 100  # a long list
    for k in range(1, N + 1):
        title = _title(k)
        on = [i for i, p in enumerate(pages) if title in p]
        assert len(on) == 1 and pages[on[0]].count(title) == 1, title
    marks = re.findall(r"SK\d{5}:", " ".join(pages))
    assert len(marks) == N  # and nothing printed twice in part either


def test_row_numbers_are_whole_on_one_line(pages):
    flat = " ".join(pages)
    for k in (1, 99, 999, 1000):  # "1.000", never "1." over "000"
        assert f"{format_number(k)} {_title(k)}" in flat, k


def test_the_header_row_is_on_every_page_and_a_units_name_never_ends_one(pages):
    units = [_unit(u) for u in range(1, UNITS + 1)]
    table_pages = [p for p in pages if re.search(r"SK\d{5}:|Tổng cộng", p)]
    assert table_pages == pages[: len(table_pages)]
    for i, page in enumerate(pages, start=1):
        if page in table_pages:
            assert page.count("Tên sáng kiến Tác giả Đơn vị Lĩnh vực") == 1, i
        if i > 1:
            assert page.startswith(f"{i} "), i  # the page number, at the top
        last_unit = max((page.rfind(u), u) for u in units)
        if last_unit[0] >= 0:  # rows follow the unit's name on its page
            assert re.search(r"SK\d{5}:", page[last_unit[0] :]), (i, last_unit[1])
    flat = " ".join(pages)
    for u, unit in enumerate(units):
        assert flat.count(unit) == 1, unit  # each unit's name once, over its first row
        assert flat.index(unit) < flat.index(_title(sum(SIZES[:u]) + 1))


def test_the_total_closing_lines_and_signature_come_last(pages):
    # The table may fill its last page: the closing lines then go over to the next one.
    end = " ".join(pages[-2:])
    assert pages[-1].count(f"Danh sách gồm {N} sáng kiến được công nhận.") == 1
    assert end.index(f"Tổng cộng: {N} sáng kiến") < end.index("Danh sách gồm")
    assert end.index("SK") < end.index("Tổng cộng")  # the total after the last row
    assert "Nơi nhận:" in pages[-1] and "CHỦ TỊCH" in pages[-1]
    assert pages[-1].index("Nơi nhận:") < pages[-1].index("Nguyễn Thị Ánh Nguyệt")
    assert all("Nơi nhận:" not in p and "Tổng cộng" not in p for p in pages[:-2])


def test_the_bar_counts_the_rows_to_its_end_and_huy_stops_the_build(tmp_path):
    doc = _long_list()
    steps: list[tuple[int, int]] = []
    render_table_pdf(doc, progress=lambda done, total: steps.append((done, total)))
    rows = len(doc.rows) + 1
    assert len(steps) > 20 and steps[-1] == (rows, rows)
    assert [d for d, _t in steps] == sorted(d for d, _t in steps)
    out = tmp_path / "danh-sach.pdf"
    seen: list[int] = []

    def cancel() -> bool:
        return bool(seen) and seen[-1] > rows // 2

    with pytest.raises(ServiceError, match=CANCELLED):
        render_table_pdf(doc, out, progress=lambda d, _t: seen.append(d), cancel=cancel)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert rows // 2 < seen[-1] < rows


def test_cells_break_their_lines_as_reportlab_does():
    """A plain cell breaks its own lines (and keeps its words' widths): the same lines, line
    widths and height as ReportLab's Paragraph, at every column width of the list, for short
    and long texts, a word wider than its column, and a line that fits only by shrinking its
    spaces."""
    from reportlab.platypus import Paragraph

    from desktop.services.documents.fonts import register_font
    from desktop.services.documents.pdf import Styles, esc
    from desktop.services.documents.pdf_cells import CellMaker

    st = Styles(register_font()[0])
    make = CellMaker()
    texts = [_title(k) for k in range(1, 60)] + [
        "Nguyễn Thị Ánh Nguyệt, Lò Văn Thắng",
        "CĐCS Công ty Cổ phần Vật liệu xây dựng Tân Tiến",
        "1.873",
        "Tổng cộng: 23.000 sáng kiến",
        "Côngđoànngànhgiáodụctỉnhlaichâuvàcácđơnvịtrựcthuộc rất dài",
        "a b",
    ]
    checked = 0
    for style in (st.cell["left"], st.cell["center"], st.cell["right"], st.group):
        for bold in (False, True):
            for width in [24.0 + 7.5 * k for k in range(40)]:
                for text in texts:
                    ours = make(text, style, bold)
                    marked = f"<b>{esc(text)}</b>" if bold else esc(text)
                    theirs = Paragraph(marked, style)
                    assert ours.wrap(width, 1000) == theirs.wrap(width, 1000), (text, width)
                    assert [(round(s, 9), w) for s, w in ours.blPara.lines] == [
                        (round(s, 9), w) for s, w in theirs.blPara.lines
                    ], (text, width)
                    checked += ours._widths is not None  # broken by the cell itself
    assert checked > 10_000


def test_cells_draw_what_reportlab_draws_for_them(monkeypatch):
    """A plain cell writes its own lines (see ``pdf_cells``), placed by the page's table
    without ReportLab's measuring of a cell's flowables: every page of the list, with
    its left, centred and right cells, bold unit rows and total, and a unit's name that
    comes back on every page, is the same, operator for operator, as ReportLab's own
    Paragraph drawing makes it, so the text a reader sees and copies is too."""
    from reportlab.platypus import LongTable, Paragraph

    from desktop.services.documents import pdf, pdf_cells

    def streams(data: bytes) -> list[bytes]:
        contents = [p.get_contents() for p in PdfReader(io.BytesIO(data)).pages]
        return [c.get_data() if c is not None else b"" for c in contents]

    drawn = []
    encode = pdf_cells._Lines.encode

    def counted(self, *args):
        drawn.append(1)
        return encode(self, *args)

    monkeypatch.setattr(pdf_cells._Lines, "encode", counted)
    ours = render_table_pdf(_long_list())
    assert len(drawn) > 4 * N  # the cells did draw themselves
    monkeypatch.setattr(pdf_cells.CellParagraph, "drawOn", Paragraph.drawOn)
    monkeypatch.setattr(pdf._CellTable, "_drawCell", LongTable._drawCell)
    theirs = render_table_pdf(_long_list())
    assert streams(ours) == streams(theirs)
    texts = [p.extract_text() for p in PdfReader(io.BytesIO(ours)).pages]
    assert texts == [p.extract_text() for p in PdfReader(io.BytesIO(theirs)).pages]
    assert "CĐCS Trường THPT Than Uyên" in " ".join(" ".join(texts).split())


def test_on_another_reportlab_every_cell_is_drawn_by_reportlab(monkeypatch):
    """On a ReportLab line the cells' own drawing was not checked against, ReportLab draws
    every cell: the pages are the same, only slower."""
    from desktop.services.documents import pdf, pdf_cells

    def streams(data: bytes) -> list[bytes]:
        contents = [p.get_contents() for p in PdfReader(io.BytesIO(data)).pages]
        return [c.get_data() if c is not None else b"" for c in contents]

    assert pdf_cells.DRAWS_ITSELF  # the ReportLab this project is tested with
    ours = render_table_pdf(_long_list())
    drawn = []
    encode = pdf_cells._Lines.encode
    monkeypatch.setattr(pdf_cells._Lines, "encode", lambda s, *a: drawn.append(1) or encode(s, *a))
    monkeypatch.setattr(pdf_cells, "DRAWS_ITSELF", False)
    monkeypatch.setattr(pdf, "DRAWS_ITSELF", False)
    theirs = render_table_pdf(_long_list())
    assert not drawn
    assert streams(ours) == streams(theirs)
