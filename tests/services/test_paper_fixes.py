"""Today's papers, fixed (issue #16, item 12), read back from the real files: the progress
report's total when only the province holds the quota, a date column that never wraps, table
text and recipients at 12 pt, .xlsx in Times New Roman with Nghị định 30's margins, the
initiative list set up to print, and Vietnamese thousands at every magnitude in Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.services.documents import DocumentKind, DocumentRequest
from desktop.services.initiatives.excel_export import export_initiatives
from desktop.services.initiatives.listing import ListQuery
from desktop.services.xlsx import MONEY_FORMAT, Column, new_workbook, save_workbook, write_table

SOFFICE = shutil.which("soffice")


def _sizes(data: bytes) -> dict[str, float]:
    """Each piece of text on the PDF's pages and the size it is set in (points)."""
    out: dict[str, float] = {}

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            out.setdefault(" ".join(text.split()), round(size * tm[0], 1))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return out


def _soffice(src: Path, to: str, tmp_path: Path) -> Path:
    outdir = tmp_path / "lo"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return outdir / f"{src.stem}.{to.split(':')[0]}"


def test_progress_total_is_the_provinces_own_quota(demo_services, tmp_path):
    """75NGHIN-2021: the province alone holds the quota (750); the total said 0."""
    campaign = demo_services.campaigns.by_code("75NGHIN-2021")
    req = DocumentRequest(DocumentKind.PROGRESS, campaign.id, on=dt.date(2021, 6, 1))
    doc = demo_services.documents.build(req)
    assert all(r[2] is None for r in doc.rows)  # no unit below holds a quota
    assert doc.total is not None and doc.total[1] == "Tổng cộng" and doc.total[2] == 750
    counted = sum(r[3] for r in doc.rows)
    assert doc.total[3] >= counted
    text = " ".join(
        PdfReader(demo_services.documents.save(req, tmp_path / "p.pdf"))
        .pages[0]
        .extract_text()
        .split()
    )
    assert re.search(r"Tổng cộng 750 \d+ \d+,\d%", text), text
    ws = load_workbook(demo_services.documents.save(req, tmp_path / "p.xlsx")).active
    total = next(r for r in ws.iter_rows(values_only=True) if "Tổng cộng" in r)
    assert 750 in total


def test_a_districts_own_quotas_still_add_up(demo_services):
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    doc = demo_services.documents.build(DocumentRequest(DocumentKind.PROGRESS, trieu.id))
    quotas = [r[2] for r in doc.rows if r[2] is not None]
    assert doc.total is not None and quotas and doc.total[2] >= sum(quotas) > 0


def test_registration_dates_stay_on_one_line_and_tables_are_12_pt(demo_services, tmp_path):
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    req = DocumentRequest(DocumentKind.REGISTRATION_LIST, trieu.id)
    doc = demo_services.documents.build(req)
    data = demo_services.documents.save(req, tmp_path / "ds.pdf").read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert not re.search(r"\d{2}/\d{2}/\d{1,3}\s*\n\s*\d", text)  # "05/12/2\n021"
    dates = [r[-1] for r in doc.rows if isinstance(r, tuple) and isinstance(r[-1], dt.date)]
    assert dates
    found = set(re.findall(r"\d{2}/\d{2}/\d{4}", text))
    assert {d.strftime("%d/%m/%Y") for d in dates} <= found
    sizes = _sizes(data)
    first = next(r for r in doc.rows if isinstance(r, tuple))
    authors = " ".join(str(first[2]).split())  # may wrap in its cell: its first line
    assert min(v for k, v in sizes.items() if authors.startswith(k) and len(k) > 4) >= 12
    assert sizes["Nơi nhận:"] >= 12
    last_recipient = f"- {doc.recipients[-1].rstrip(';.')}."
    assert sizes[last_recipient] >= 12
    assert 13 <= sizes[doc.after[0]] <= 14  # the closing line of text


def _assert_nd30_sheet(ws, landscape: bool, title_row: int) -> None:
    m = ws.page_margins
    assert 20 <= m.top * 25.4 <= 25 and 20 <= m.bottom * 25.4 <= 25
    assert 30 <= m.left * 25.4 <= 35 and 15 <= m.right * 25.4 <= 20
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows.replace("$", "") == f"{title_row}:{title_row}"


def _fonts(ws) -> set[str]:
    return {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}


def test_document_xlsx_in_times_new_roman_with_nd30_margins(demo_services, tmp_path):
    trieu = demo_services.campaigns.by_code("01TRIEU-2022")
    for kind, landscape in ((DocumentKind.REGISTRATION_LIST, False), (DocumentKind.SUMMARY, True)):
        out = demo_services.documents.save(
            DocumentRequest(kind, trieu.id), tmp_path / f"{kind}.xlsx"
        )
        wb = load_workbook(out)
        ws = wb.active
        assert _fonts(ws) == {"Times New Roman"}, kind
        assert wb._named_styles["Normal"].font.name == "Times New Roman"
        header = next(c.row for row in ws.iter_rows() for c in row if c.value == "Tên sáng kiến")
        _assert_nd30_sheet(ws, landscape, header)
        # the columns fit the page between the margins: fit-to-width leaves the text at about
        # 12 pt instead of shrinking it (a "0" of 12 pt Times New Roman is about 2.15 mm)
        n = len(list(ws.iter_cols(min_row=header, max_row=header)))
        total = sum(ws.column_dimensions[chr(65 + i)].width for i in range(n))
        page = (297 if landscape else 210) - 45
        assert total * 2.15 <= page * 1.05, (kind, total)


def test_initiative_list_export_is_set_up_to_print(demo_services, tmp_path):
    out = tmp_path / "list.xlsx"
    n = export_initiatives(demo_services.initiatives, ListQuery(), out)
    ws = load_workbook(out).active
    _assert_nd30_sheet(ws, landscape=True, title_row=1)
    assert _fonts(ws) == {"Times New Roman"}
    assert ws.max_row == n + 1
    # a row whose title wraps is as high as its lines; a short one keeps the default
    width = ws.column_dimensions["B"].width
    long_rows = [r for r in range(2, ws.max_row + 1) if len(ws.cell(r, 2).value) > width * 1.5]
    assert long_rows
    for r in long_rows[:20]:
        assert ws.row_dimensions[r].height >= 2 * 15.75
    assert ws.cell(2, 2).alignment.wrap_text


def test_thousands_in_excel_at_every_magnitude_and_for_negative_numbers(tmp_path):
    wb, ws = new_workbook("Số")
    values = [500, 2_300, 1_500_000, 1_500_000_000, -1_200_000, -500, 12_000_000_000]
    write_table(ws, [Column("Giá trị làm lợi (đồng)", 20, MONEY_FORMAT)], [[v] for v in values])
    out = tmp_path / "so.xlsx"
    save_workbook(wb, out)
    ws = load_workbook(out).active
    expected = [
        "500",
        "2.300",
        "1.500.000",
        "1.500.000.000",
        "-1.200.000",
        "-500",
        "12.000.000.000",
    ]
    formats = {ws.cell(2 + i, 1).value: ws.cell(2 + i, 1).number_format for i in range(7)}
    assert formats[1_500_000_000].startswith('#"."###"."###"."##0')
    assert formats[-1_200_000] == '#"."###"."##0;-#"."###"."##0'
    if SOFFICE is None:
        pytest.skip(reason="LibreOffice (soffice) not installed: formats checked, not shown")
    # LibreOffice writes each cell as it shows it
    shown = _soffice(out, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    rows = list(csv.reader(shown.read_text(encoding="utf-8").splitlines()))
    column = [r[0] for r in rows[1:8]]
    assert column == expected, column


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_prints_the_list_landscape_with_every_column(demo_services, tmp_path):
    """It printed 24 portrait pages with two columns on the first."""
    out = tmp_path / "list.xlsx"
    export_initiatives(demo_services.initiatives, ListQuery(), out)
    reader = PdfReader(_soffice(out, "pdf", tmp_path))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    first = " ".join(page.extract_text().split())
    for header in ("STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Lĩnh vực", "Khối", "Trạng thái"):
        assert header in first, header
    second = " ".join(reader.pages[1].extract_text().split())
    assert "Tên sáng kiến" in second  # the header row again on page 2
