"""Printed documents: the exact Vietnamese text in the PDF, the layout's header elements, the
same rows in the .xlsx, fonts found or a clear message."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.services.common import ServiceError
from desktop.services.documents import DocumentKind, DocumentRequest, DocumentSettings, fonts
from desktop.services.documents.kinds import NEEDS_PROPOSALS, NO_XLSX
from desktop.services.initiatives.listing import ListQuery


def pdf_text(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def trieu(demo_services):
    return demo_services.campaigns.by_code("01TRIEU-2022")


def _cfg(demo_services, **kw):
    from dataclasses import replace

    return replace(demo_services.documents.settings.load(), **kw)


def test_recognition_list_pdf_has_the_header_and_every_name(demo_services, trieu):
    ev = demo_services.evaluation
    decision = ev.decisions.by_number(trieu.id, "125/QĐ-LĐLĐ")
    cfg = _cfg(demo_services, signer_name="Nguyễn Thị Ánh Nguyệt")
    data = demo_services.documents.pdf(
        DocumentRequest(DocumentKind.RECOGNITION_LIST, trieu.id, decision_id=decision.id), cfg
    )
    pages = pdf_text(data)
    first, text = " ".join(pages[0].split()), "\n".join(pages)
    for needle in (
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/QĐ-LĐLĐ",
        "Lai Châu, ngày 15 tháng 7 năm 2022",
        "DANH SÁCH",
        "Sáng kiến được công nhận",
    ):
        assert needle in first, needle
    assert "Nơi nhận:" in text and "Nguyễn Thị Ánh Nguyệt" in text
    recognised = [e.initiative_id for e in decision.entries if e.recognised]
    rows = demo_services.initiatives.rows(recognised)
    flat = " ".join(text.split())
    for r in rows:
        assert r.authors_text.split(",")[0] in flat
    # page numbers from page 2 only
    if len(pages) > 1:
        assert pages[1].strip().startswith("2")
        assert not first.startswith("1 ")


def test_every_document_prints_as_pdf_and_xlsx_from_the_demo(demo_services, trieu, tmp_path):
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
        pdf = docs.save(req, tmp_path / f"{kind}.pdf")
        text = "\n".join(pdf_text(pdf.read_bytes()))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text, kind
        if kind in NO_XLSX:  # an author's form is signed on paper: PDF (and Word) only
            with pytest.raises(ServiceError, match="không có bản Excel"):
                docs.save(req, tmp_path / f"{kind}.xlsx")
            assert not (tmp_path / f"{kind}.xlsx").exists()
            continue
        xlsx = docs.save(req, tmp_path / f"{kind}.xlsx")
        ws = load_workbook(xlsx).active
        cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells, kind
    quota = load_workbook(tmp_path / "quota-table.xlsx").active
    values = [list(r) for r in quota.iter_rows(values_only=True)]
    total = next(r for r in values if "Tổng cộng" in r)
    assert 2300 in total and 1200 in total and 1100 in total
    # A unit name may wrap in its cell (it does with the wider DejaVu Serif): read it as a
    # person does, across the line break.
    text = " ".join("\n".join(pdf_text((tmp_path / "quota-table.pdf").read_bytes())).split())
    assert "Liên đoàn Lao động huyện Phong Thổ" in text and "2.300" in text
    assert "ngày 05 tháng 3 năm 2023" in "\n".join(
        pdf_text((tmp_path / "progress.pdf").read_bytes())
    )


def test_user_text_is_escaped_and_nfc(district_demo_services):
    """Mẫu 1 as the district that entered the initiative prints it."""
    import unicodedata

    from desktop.services.initiatives.service import AuthorInput, InitiativeInput

    demo_services = district_demo_services
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    owned = demo_services.initiatives.owned_unit_ids()
    unit = next(u for u in demo_services.units.list() if owned and u.id in owned)
    title = unicodedata.normalize("NFD", "Cải tiến <b>quy trình</b> & «kiểm soát» chi")
    ini = demo_services.initiatives.create(
        InitiativeInput(
            campaign_id=trieu.id,
            unit_id=unit.id,
            title=title,
            authors=(AuthorInput(unicodedata.normalize("NFD", "Đặng Thị Hường")),),
        )
    )
    data = demo_services.documents.pdf(
        DocumentRequest(DocumentKind.REGISTRATION_FORM, trieu.id, initiative_id=ini.id)
    )
    text = " ".join("\n".join(pdf_text(data)).split())
    assert "Cải tiến <b>quy trình</b> & «kiểm soát» chi" in text
    assert "Đặng Thị Hường" in text


def test_certificates_one_per_page_landscape(demo_services, trieu):
    decision = demo_services.evaluation.decisions.by_number(trieu.id, "165/QĐ-LĐLĐ")
    data = demo_services.documents.pdf(
        DocumentRequest(DocumentKind.CERTIFICATES, trieu.id, decision_id=decision.id)
    )
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == decision.recognised
    box = reader.pages[0].mediabox
    assert box.width > box.height
    assert "GIẤY CHỨNG NHẬN" in reader.pages[0].extract_text()


def test_unknown_suffix_and_missing_decision_give_vietnamese_messages(demo_services, tmp_path):
    dk = demo_services.campaigns.by_code("75NGHIN-2021")
    with pytest.raises(ServiceError, match=r"\.pdf, \.xlsx hoặc \.docx"):
        demo_services.documents.save(
            DocumentRequest(DocumentKind.PROGRESS, dk.id), tmp_path / "x.odt"
        )
    assert not (tmp_path / "x.odt").exists()
    with pytest.raises(ServiceError, match="Không có quyết định số"):
        demo_services.evaluation.decisions.by_number(dk.id, "1/QĐ")


def test_settings_are_remembered_in_the_store(demo_services):
    docs = demo_services.documents.settings
    saved = docs.save(
        DocumentSettings(
            superior="TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
            issuer="LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
            place="Lai Châu",
            signer_name="Lê Thị Hồng Nhung",
            recipients="Như trên;\nLưu: VT.",
        )
    )
    assert docs.load() == saved
    assert saved.recipient_lines == ("Như trên;", "Lưu: VT.")


def test_fonts_prefer_liberation_or_tinos_and_fall_back_to_dejavu(monkeypatch, tmp_path):
    all_found = fonts.candidates()
    names = [f.family for f in all_found]
    assert names, "no Vietnamese serif font at all on this machine"
    if "Liberation Serif" in names or "Tinos" in names:
        assert names[0] in ("Times New Roman", "Liberation Serif", "Tinos")
    dejavu = next((f for f in all_found if f.family == "DejaVu Serif"), None)
    if dejavu is not None:
        only = fonts.candidates([dejavu.regular.parent])
        assert [f.family for f in only] == ["DejaVu Serif"]
    monkeypatch.setenv("SANGKIEN_FONT_DIRS", str(tmp_path))
    with pytest.raises(fonts.FontsMissing, match="Không tìm thấy phông chữ"):
        fonts.find_font()


def test_pdf_renders_with_dejavu_only(monkeypatch, demo_services, trieu, tmp_path):
    dejavu = next((f for f in fonts.candidates() if f.family == "DejaVu Serif"), None)
    if dejavu is None:
        pytest.skip(reason="DejaVu Serif font not installed")
    monkeypatch.setenv("SANGKIEN_FONT_DIRS", str(dejavu.regular.parent))
    data = demo_services.documents.pdf(DocumentRequest(DocumentKind.QUOTA_TABLE, trieu.id))
    assert "Liên đoàn Lao động huyện Sìn Hồ" in "\n".join(pdf_text(data))


def test_pdftotext_reads_the_same_vietnamese(demo_services, trieu, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip(reason="poppler-utils not installed (pdftotext)")
    out = demo_services.documents.save(
        DocumentRequest(DocumentKind.PROGRESS, trieu.id, on=dt.date(2022, 1, 13)),
        tmp_path / "p.pdf",
    )
    text = subprocess.run(
        [pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Lai Châu, ngày 13 tháng 01 năm 2022" in text
    assert "Tiến độ thực hiện chỉ tiêu sáng kiến theo đơn vị" in text
    assert Path(out).stat().st_size > 1000


def test_long_header_names_break_where_a_clerk_would():
    """Nghị định 30 header: a body name too long for its column goes on two lines, broken
    before the place ("LIÊN ĐOÀN LAO ĐỘNG / TỈNH LAI CHÂU"), never leaving one word alone."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    from desktop.services.documents.fonts import register_font
    from desktop.services.documents.pdf import _balanced

    font, _family = register_font()
    style = ParagraphStyle("h", fontName=font, fontSize=12)
    issuer = _balanced("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", font + "-Bold", 12, 62 * mm, style)
    superior = _balanced("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", font, 12, 62 * mm, style)
    short = _balanced("LĐLĐ TỈNH LAI CHÂU", font, 12, 62 * mm, style)
    assert issuer.text == "LIÊN ĐOÀN LAO ĐỘNG<br/>TỈNH LAI CHÂU"
    assert superior.text == "TỔNG LIÊN ĐOÀN LAO ĐỘNG<br/>VIỆT NAM"
    assert "<br/>" not in short.text
