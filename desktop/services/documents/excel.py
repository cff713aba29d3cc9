"""The same documents as .xlsx: the heading lines, then the table with the same columns, then
the recipients and the signer; through the shared writer (real numbers and dates, no
formulas)."""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from desktop.services.documents.model import (
    Certificate,
    CertificateDocument,
    GroupRow,
    TableDocument,
)
from desktop.services.xlsx import MONEY_FORMAT as MONEY
from desktop.services.xlsx import (
    Column,
    font,
    nd30_page_setup,
    new_workbook,
    save_workbook,
    write_cell,
    write_table,
)


def _heading(ws, doc_letterhead, title_lines: list[str], n_cols: int) -> int:  # type: ignore[no-untyped-def]
    half = max(1, n_cols // 2)
    last = get_column_letter(n_cols)
    mid = get_column_letter(half)
    rows = [
        (doc_letterhead.superior, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),
        (doc_letterhead.issuer, "Độc lập - Tự do - Hạnh phúc", True),
        (doc_letterhead.number, doc_letterhead.place_date, False),
    ]
    r = 0
    for left, right, bold in rows:
        r += 1
        c = write_cell(ws, r, 1, left)
        c.font = font(bold=bold or r == 2)
        c.alignment = Alignment(horizontal="center")
        if half > 1:
            ws.merge_cells(f"A{r}:{mid}{r}")
        c = write_cell(ws, r, half + 1, right)
        c.font = font(bold=r < 3, italic=r == 3)
        c.alignment = Alignment(horizontal="center")
        if n_cols > half + 1:
            ws.merge_cells(f"{get_column_letter(half + 1)}{r}:{last}{r}")
    r += 1
    for i, line in enumerate(title_lines):
        r += 1
        c = write_cell(ws, r, 1, line)
        c.font = font(bold=True, italic=i == len(title_lines) - 1 and line.startswith("("))
        c.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.merge_cells(f"A{r}:{last}{r}")
    return r + 2


def _closing(ws, r: int, n_cols: int, recipients, signature) -> None:  # type: ignore[no-untyped-def]
    r += 2
    half = max(1, n_cols // 2)
    start = r
    if recipients:
        write_cell(ws, r, 1, "Nơi nhận:").font = font(bold=True, italic=True)
        for i, line in enumerate(recipients):
            r += 1
            end = "." if i == len(recipients) - 1 else ";"
            write_cell(ws, r, 1, f"- {line.rstrip(';.')}{end}")
    if signature is not None:
        r2 = start
        for text in (signature.on_behalf, signature.title):
            if text:
                c = write_cell(ws, r2, half + 1, text.upper())
                c.font = font(bold=True)
                c.alignment = Alignment(horizontal="center")
                r2 += 1
        c = write_cell(ws, r2 + 4, half + 1, signature.name)
        c.font = font(bold=True)
        c.alignment = Alignment(horizontal="center")


def render_table_xlsx(doc: TableDocument, out_path: Path) -> None:
    wb, ws = new_workbook(doc.sheet_title)
    n = len(doc.columns)
    title = [doc.title.upper(), *doc.subject] + ([doc.subtitle] if doc.subtitle else [])
    first = _heading(ws, doc.letterhead, title, n)
    for para in doc.intro:
        write_cell(ws, first, 1, para)
        first += 1
    columns = [
        Column(
            c.header,
            width=max(6.0, c.width * 1.3),
            number_format=MONEY if c.money else None,
            wrap=c.align == "left",
        )
        for c in doc.columns
    ]
    groups: list[int] = []
    values = []
    r = first
    for row in doc.rows:
        r += 1
        if isinstance(row, GroupRow):
            groups.append(r)
            values.append([row.label] + [None] * (n - 1))
        else:
            values.append(list(row))
    if doc.total is not None:
        values.append(list(doc.total))
    last = write_table(ws, columns, values, first_row=first, autofilter=False, fit_heights=True)
    for g in groups:
        ws.cell(row=g, column=1).font = font(bold=True)
        ws.merge_cells(f"A{g}:{get_column_letter(n)}{g}")
    if doc.total is not None:
        for c in range(1, n + 1):
            ws.cell(row=last, column=c).font = font(bold=True)
    for para in doc.after:
        last += 1
        write_cell(ws, last, 1, para)
    _closing(ws, last, n, doc.recipients, doc.signature)
    nd30_page_setup(ws, doc.landscape, title_row=first)  # the header row on every page
    save_workbook(wb, out_path)


def render_certificates_xlsx(doc: CertificateDocument, out_path: Path) -> None:
    wb, ws = new_workbook("Giấy chứng nhận")
    cols = [
        Column("TT", 6),
        Column("Số giấy chứng nhận", 22),
        Column("Tên sáng kiến", 50, wrap=True),
        Column("Tác giả", 30, wrap=True),
        Column("Đơn vị", 30, wrap=True),
        Column("Lĩnh vực", 25, wrap=True),
        Column("Căn cứ", 40, wrap=True),
    ]
    first = _heading(ws, doc.letterhead, ["DANH SÁCH GIẤY CHỨNG NHẬN SÁNG KIẾN"], len(cols))
    rows = [_cert_row(i, c) for i, c in enumerate(doc.certificates, start=1)]
    last = write_table(ws, cols, rows, first_row=first, autofilter=False, fit_heights=True)
    _closing(ws, last, len(cols), (), doc.signature)
    nd30_page_setup(ws, True, title_row=first)
    save_workbook(wb, out_path)


def _cert_row(i: int, c: Certificate) -> list[object]:
    return [
        i,
        c.number.removeprefix("Số: "),
        c.title,
        c.authors,
        c.unit,
        c.field_name,
        c.decision_line,
    ]
