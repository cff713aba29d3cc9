"""The same documents as .xlsx: the heading lines, then the table with the same columns, then
the recipients and the signer; through the shared writer (real numbers and dates, no
formulas)."""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from desktop.services.documents.measure import balanced, fitted_widths
from desktop.services.documents.model import (
    Certificate,
    CertificateDocument,
    GroupRow,
    TableDocument,
)
from desktop.services.xlsx import (
    LINE_HEIGHT,
    Column,
    font,
    nd30_page_setup,
    new_workbook,
    save_workbook,
    wrapped_lines,
    write_cell,
    write_table,
)
from desktop.services.xlsx import MONEY_FORMAT as MONEY

# Characters (widths of "0" in Times New Roman 12 pt) a printed line holds between Nghị định
# 30's margins: the columns are sized to it, so the sheet prints at about 100 %, not shrunk
# to half by fit-to-width.
PAGE_CHARS = {False: 74.0, True: 114.0}
MM_PER_CHAR = 2.15  # a width of "0" at 12 pt and its share of the cell's padding


def _widths(doc: TableDocument) -> list[float]:
    """The columns' widths in characters: their weights over the page's width, a date column
    wide enough for "05/12/2021" and a money column for "1.500.000.000"."""
    widths = fitted_widths(doc.columns, doc.rows, PAGE_CHARS[doc.landscape], 11.5)
    for i, c in enumerate(doc.columns):
        if c.money and widths[i] < 14.5:
            widest = max(range(len(widths)), key=lambda k: widths[k])
            widths[widest] -= 14.5 - widths[i]
            widths[i] = 14.5
    return [max(4.0, w) for w in widths]


def _fit(ws, row: int, text: str, chars: float, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Make ``row`` high enough for ``text`` wrapped in ``chars`` characters (capitals and
    bold take more room than the digit the width is counted in)."""
    factor = (1.35 if text.isupper() else 1.0) * (1.1 if bold else 1.0)
    lines = wrapped_lines(text, max(4, int(chars / factor)))
    if lines > 1:
        height = lines * LINE_HEIGHT + 2
        current = ws.row_dimensions[row].height or 0
        ws.row_dimensions[row].height = max(current, height)


def _heading(ws, doc_letterhead, title_lines: list[str], widths: list[float]) -> int:  # type: ignore[no-untyped-def]
    n_cols = len(widths)
    # The motto's half is about 41 characters wide, the union's takes the rest; the motto
    # lines shrink to their cell rather than wrap (a narrow portrait table).
    half = 1
    if n_cols > 1:
        half = min(range(1, n_cols), key=lambda k: abs(sum(widths[k:]) - 41))
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
        if r < 3:  # a long body name broken where a clerk would ("… / TỈNH LAI CHÂU")
            left = balanced(left, 12, sum(widths[:half]) * MM_PER_CHAR, bold or r == 2)
        c = write_cell(ws, r, 1, left)
        c.font = font(bold=bold or r == 2)
        c.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
        _fit(ws, r, left, sum(widths[:half]), bold or r == 2)
        if half > 1:
            ws.merge_cells(f"A{r}:{mid}{r}")
        c = write_cell(ws, r, half + 1, right)
        c.font = font(bold=r < 3, italic=r == 3)
        c.alignment = Alignment(horizontal="center", vertical="top", shrink_to_fit=True)
        if n_cols > half + 1:
            ws.merge_cells(f"{get_column_letter(half + 1)}{r}:{last}{r}")
    r += 1
    for i, line in enumerate(title_lines):
        r += 1
        c = write_cell(ws, r, 1, line)
        c.font = font(bold=True, italic=i == len(title_lines) - 1 and line.startswith("("))
        c.alignment = Alignment(horizontal="center", wrap_text=True)
        _fit(ws, r, line, sum(widths), bold=True)
        ws.merge_cells(f"A{r}:{last}{r}")
    return r + 2


def _paragraph(ws, row: int, text: str, widths: list[float]) -> None:  # type: ignore[no-untyped-def]
    """A line of text across the table's width, wrapped, its row as high as it needs."""
    c = write_cell(ws, row, 1, text)
    c.alignment = Alignment(wrap_text=True, vertical="top")
    _fit(ws, row, text, sum(widths))
    if len(widths) > 1:
        ws.merge_cells(f"A{row}:{get_column_letter(len(widths))}{row}")


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
    widths = _widths(doc)
    title = [doc.title.upper(), *doc.subject] + ([doc.subtitle] if doc.subtitle else [])
    first = _heading(ws, doc.letterhead, title, widths)
    for para in doc.intro:
        _paragraph(ws, first, para, widths)
        first += 1
    columns = [
        Column(
            c.header,
            width=w,
            number_format=MONEY if c.money else None,
            wrap=c.align == "left",
        )
        for c, w in zip(doc.columns, widths, strict=True)
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
        _paragraph(ws, last, para, widths)
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
    first = _heading(
        ws, doc.letterhead, ["DANH SÁCH GIẤY CHỨNG NHẬN SÁNG KIẾN"], [c.width or 10 for c in cols]
    )
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
