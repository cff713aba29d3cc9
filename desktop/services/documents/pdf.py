"""Draw a document as a PDF in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I.

A4, margins top 20, bottom 20, left 30, right 15 mm; the two-column header (union header and
national motto, each with its rule); number and symbol; place and date in italics; the title in
capitals; a table whose header row repeats on every page, each cell a Paragraph with its text
escaped; page numbers centred in the top margin from page 2; "Nơi nhận:" at the left and the
signature block at the right. Every text is NFC before it is drawn. The certificates, drawn
with these pieces, are in ``certificates_pdf``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.services.common import ServiceError
from desktop.services.documents.fonts import register_font
from desktop.services.documents.measure import fitted_widths
from desktop.services.documents.model import (
    GroupRow,
    Letterhead,
    Signature,
    TableDocument,
)
from desktop.services.documents.pdf_cells import DRAWS_ITSELF, CellMaker, CellParagraph
from desktop.text.dates import format_date
from desktop.text.normalise import nfc, upper_vi
from desktop.text.numbers import format_number

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
CANCELLED = "Đã huỷ việc tạo văn bản."

MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
# Table text and the recipients' lines: 12 pt, the least a printed table is read at (11.5 pt
# was too small on a photocopy); body text 13-14 pt.
TABLE_SIZE = 12.0
RECIPIENTS_SIZE = 12.0


def esc(text: Any) -> str:
    """User text made safe for a Paragraph: NFC, and <, >, & escaped."""
    return escape(nfc(str(text)))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, (float, Decimal)):
        return format_number(value, 0 if value == int(value) else 2)
    return nfc(str(value))


class Rule(Flowable):
    """A horizontal rule of a given width, centred in its cell."""

    def __init__(self, width: float, thickness: float = 0.6) -> None:
        super().__init__()
        self.rule_width = width
        self.thickness = thickness

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._avail = available_width
        return available_width, 2.5

    def draw(self) -> None:
        x = (self._avail - self.rule_width) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, 1.5, x + self.rule_width, 1.5)


class Styles:
    def __init__(self, font: str) -> None:
        self.font = font

        def st(name: str, size: float, align: int = TA_CENTER, **kw: Any) -> ParagraphStyle:
            kw.setdefault("leading", size * 1.2)
            return ParagraphStyle(name, fontName=font, fontSize=size, alignment=align, **kw)

        self.superior = st("superior", 12)
        self.issuer = st("issuer", 12)
        self.motto = st("motto", 12.5)
        self.slogan = st("slogan", 13.5)
        self.number = st("number", 13)
        self.excerpt = st("excerpt", 12, spaceBefore=2)  # a công văn's "V/v …" under its number
        self.place_date = st("place_date", 13.5)
        self.title = st("title", 14, spaceBefore=6)
        self.subject = st("subject", 14)
        self.subtitle = st("subtitle", 13, spaceBefore=2)
        self.body = st("body", 13.5, TA_JUSTIFY, firstLineIndent=1.27 * 28.35, spaceAfter=6)
        self.cell = {a: st(f"cell_{a}", TABLE_SIZE, ALIGN[a]) for a in ALIGN}
        self.head = st("head", TABLE_SIZE)
        self.group = st("group", TABLE_SIZE, TA_LEFT)
        self.recipients_head = st("recipients_head", 12, TA_LEFT)
        self.recipients = st("recipients", RECIPIENTS_SIZE, TA_LEFT, leading=14)
        self.sign = st("sign", 13.5)


def styled(text: str, style: ParagraphStyle, bold: bool = False, italic: bool = False) -> Paragraph:
    t = esc(text)
    if bold:
        t = f"<b>{t}</b>"
    if italic:
        t = f"<i>{t}</i>"
    return Paragraph(t, style)


def _text_width(text: str, font: str, size: float) -> float:
    return stringWidth(nfc(text), font, size)


# Words before which a clerk breaks a long body name: "LIÊN ĐOÀN LAO ĐỘNG / TỈNH LAI CHÂU".
_BREAK_BEFORE = {
    "TỈNH",
    "THÀNH",
    "HUYỆN",
    "QUẬN",
    "THỊ",
    "XÃ",
    "PHƯỜNG",
    "ĐẶC",
    "VIỆT",
    "NGÀNH",
    "KHU",
}


def _balanced(
    text: str, font: str, size: float, width: float, style: ParagraphStyle, bold: bool = False
) -> Paragraph:
    """One line if it fits; else two lines broken where a clerk would (before the place:
    "TỔNG LIÊN ĐOÀN LAO ĐỘNG / VIỆT NAM"), else the fullest first line that leaves more than
    one word for the second."""
    words = nfc(text).split()

    def w(part: list[str]) -> float:
        return _text_width(" ".join(part), font, size)

    if len(words) < 2 or w(words) <= width:
        return styled(text, style, bold)
    fits = [k for k in range(1, len(words)) if w(words[:k]) <= width and w(words[k:]) <= width]
    natural = [k for k in fits if upper_vi(words[k]) in _BREAK_BEFORE]
    if natural:
        k = min(natural, key=lambda k: abs(w(words[:k]) - w(words[k:])))
    elif fits:
        k = max((k for k in fits if len(words) - k > 1), default=max(fits))
    else:
        return styled(text, style, bold)  # longer than two lines: let the paragraph wrap
    t = esc(" ".join(words[:k])) + "<br/>" + esc(" ".join(words[k:]))
    return Paragraph(f"<b>{t}</b>" if bold else t, style)


def letterhead_table(
    lh: Letterhead, st: Styles, width: float, excerpt: Sequence[str] = ()
) -> Table:
    """The issuer and the motto side by side, the number and the place and date under them;
    a letter's excerpt ("V/v …", ``excerpt``) under its number, as Nghị định 30 sets a
    công văn."""
    # The right column just fits the national motto; the left takes the rest (about 75 + 90
    # mm on portrait A4), so that neither the motto nor the superior body wraps.
    motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto_w = _text_width(motto, st.font + "-Bold", 12.5)
    right_w = min(motto_w + 8, width * 0.6)
    # A wider fallback font (DejaVu Serif, where neither Times New Roman nor Liberation Serif
    # is installed) would wrap the motto on portrait A4: set it a little smaller instead, since
    # the motto is always one line.
    motto_style = st.motto
    if motto_w + 8 > right_w:
        size = max(10.0, 12.5 * (right_w - 8) / motto_w)
        motto_style = ParagraphStyle(
            "motto_fit", parent=st.motto, fontSize=size, leading=size * 1.2
        )
    left_w = width - right_w
    issuer_w = min(_text_width(lh.issuer, st.font + "-Bold", 12), left_w)
    slogan = "Độc lập - Tự do - Hạnh phúc"
    slogan_w = _text_width(slogan, st.font + "-Bold", 13.5)
    left = [
        _balanced(lh.superior, st.font, 12, left_w - 4, st.superior),
        _balanced(lh.issuer, st.font + "-Bold", 12, left_w - 4, st.issuer, bold=True),
        Rule(issuer_w / 3),
    ]
    right = [
        styled(motto, motto_style, bold=True),
        styled(slogan, st.slogan, bold=True),
        Rule(slogan_w),
    ]
    t = Table(
        [
            [left, right],
            [
                [styled(lh.number, st.number)] + [styled(line, st.excerpt) for line in excerpt],
                styled(lh.place_date, st.place_date, italic=True),
            ],
        ],
        colWidths=[left_w, right_w],
    )
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return t


def closing(recipients: Sequence[str], sig: Signature | None, st: Styles, width: float) -> Flowable:
    left: list[Flowable] = []
    if recipients:
        left.append(styled("Nơi nhận:", st.recipients_head, bold=True, italic=True))
        for i, r in enumerate(recipients):
            end = "." if i == len(recipients) - 1 else ";"
            left.append(styled(f"- {r.rstrip(';.')}{end}", st.recipients))
    right: list[Flowable] = []
    if sig is not None:
        if sig.on_behalf:
            right.append(styled(sig.on_behalf.upper(), st.sign, bold=True))
        right.append(styled(sig.title.upper(), st.sign, bold=True))
        right.append(Spacer(1, 24 * mm))
        right.append(styled(sig.name, st.sign, bold=True))
    t = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 8), t])


def _page_number(font: str) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 13)
        width, height = doc.pagesize
        x = doc.leftMargin + (width - doc.leftMargin - doc.rightMargin) / 2
        canvas.drawCentredString(x, height - 12 * mm, str(canvas.getPageNumber()))
        canvas.restoreState()

    return draw


def _no_page_number(canvas: Any, doc: Any) -> None:
    pass


_BASE_TABLE_STYLE: tuple[tuple[Any, ...], ...] = (
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
    ("VALIGN", (0, 1), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
)

# A table row made: its cells, its height, and whether it spans the table (a unit's name).
BuiltRow = tuple[list[Any], float, bool]


def _measure(cells: list[Any], span: bool, width: float, col_widths: list[float]) -> float:
    h = 0.0
    for c, cell in enumerate(cells):
        if isinstance(cell, Paragraph):
            w = width if span else col_widths[c]
            h = max(h, cell.wrap(w - 6, 100_000)[1])
    return max(h, TABLE_SIZE * 1.2) + 6 + 0.5


def table_cells(doc: TableDocument, st: Styles) -> Callable[[int], tuple[list[Any], bool]]:
    """``cells(i)``: the cells of the document's row ``i`` (the total last, in bold) and
    whether the row spans the table (a unit's name)."""
    n = len(doc.columns)
    cell_styles = [st.cell[c.align] for c in doc.columns]
    rows = doc.rows
    total_at = len(rows) if doc.total is not None else -1
    make = CellMaker()

    def cells(i: int) -> tuple[list[Any], bool]:
        row = rows[i] if i < len(rows) else doc.total
        if isinstance(row, GroupRow):
            return [make(nfc(row.label), st.group, bold=True)] + [""] * (n - 1), True
        out: list[Any] = []
        for value, cs in zip(row or (), cell_styles, strict=False):
            text = cell_text(value)
            out.append(make(text, cs, bold=i == total_at) if text else "")
        return out, False

    return cells


def table_style(piece: Sequence[BuiltRow], font: str) -> TableStyle:
    style: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), font, TABLE_SIZE)]
    style.extend(_BASE_TABLE_STYLE)
    for r, (_cells, _h, span) in enumerate(piece, start=1):
        if span:
            style.append(("SPAN", (0, r), (-1, r)))
    return TableStyle(style)


def _numbers_fitted(widths: list[float], doc: TableDocument, font: str) -> list[float]:
    """The widths with a column of whole numbers made wide enough for its widest number on
    one line (row 11.597 of a national list broke as "11." over "597"), the room taken from
    the widest column. Figures are all as wide in the fonts used, so the largest and the
    smallest number are the widest. The total is left out: a sum wider than its column
    (a few hundred billion đồng) wraps rather than narrow every title of the list."""
    rows = [r for r in doc.rows if not isinstance(r, GroupRow)]
    out = list(widths)
    for i in range(len(out)):
        ints = [r[i] for r in rows if i < len(r) and type(r[i]) is int]
        if not ints:
            continue
        need = max(stringWidth(cell_text(v), font, TABLE_SIZE) for v in (max(ints), min(ints)))
        need += 6 + 1
        widest = max(range(len(out)), key=lambda k: out[k])
        if out[i] < need and widest != i and out[widest] - (need - out[i]) > need:
            out[widest] -= need - out[i]
            out[i] = need
    return out


class _CellTable(LongTable):
    """A page's table: a cell that is one ``CellParagraph`` (no space before or after it) is
    placed as ``Table._drawCell`` places a list of one flowable, without the list's
    measuring; any other cell, or one whose style would change the canvas's font or colour,
    is drawn by ReportLab."""

    _curcellstyle: Any

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:
        cur = self._curcellstyle
        if (
            not DRAWS_ITSELF
            or type(cellval) is not CellParagraph
            or cur is None
            or cellval.style.spaceBefore
            or cellval.style.spaceAfter
            or cellstyle.href
            or cellstyle.destination
            or (
                cur is not cellstyle
                and (
                    cellstyle.color != cur.color
                    or cellstyle.leading != cur.leading
                    or cellstyle.fontname != cur.fontname
                    or cellstyle.fontsize != cur.fontsize
                )
            )
        ):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        self._curcellstyle = cellstyle
        colpos, rowpos = pos
        colwidth, rowheight = size
        w, h = cellval.wrap(
            colwidth - cellstyle.leftPadding - cellstyle.rightPadding,
            rowheight - cellstyle.topPadding - cellstyle.bottomPadding,
        )
        valign, just = cellstyle.valign, cellstyle.alignment
        if valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding
        elif valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + h
        else:
            y = rowpos + (rowheight + cellstyle.bottomPadding - cellstyle.topPadding + h) / 2.0
        if just == "LEFT":
            x = colpos + cellstyle.leftPadding
        elif just == "RIGHT":
            x = colpos + colwidth - cellstyle.rightPadding - w
        elif just in ("CENTRE", "CENTER"):
            x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding - w) / 2.0
        else:
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        cellval.drawOn(self.canv, x, y - h)


class _TableLayout:
    """What every page's piece of one table shares: the columns, the header row (made and
    measured once), and how many of the rows have been laid out."""

    def __init__(self, doc: TableDocument, st: Styles, width: float) -> None:
        date_w = _text_width("00/00/0000", st.font, TABLE_SIZE) + 6 + 1
        self.col_widths = _numbers_fitted(
            fitted_widths(doc.columns, doc.rows, width, date_w), doc, st.font
        )
        self.width, self.font = width, st.font
        make = CellMaker()
        self.head = [make(c.header, st.head, bold=True) for c in doc.columns]
        self.head_h = _measure(self.head, False, width, self.col_widths)
        self.cells = table_cells(doc, st)
        self.total = len(doc.rows) + (doc.total is not None)
        self.done = 0

    def row(self, i: int) -> BuiltRow:
        cells, span = self.cells(i)
        self.done = i + 1
        return cells, _measure(cells, span, self.width, self.col_widths), span

    def table(self, piece: list[BuiltRow]) -> LongTable:
        table = _CellTable(
            [self.head] + [cells for cells, _h, _span in piece],
            colWidths=self.col_widths,
            rowHeights=[self.head_h] + [h for _c, h, _s in piece],
            repeatRows=1,
        )
        table.setStyle(table_style(piece, self.font))
        return table


class TableRows(Flowable):
    """The rows of a table from ``start`` on, laid out a page at a time.

    Each page's rows are made (Paragraphs, measured once) only when the frame asks for them
    (``split``), and packed into a table of their own with the header row; the rest comes
    back as a new ``TableRows`` after a page break. A page's cells are dropped once drawn, so
    memory holds one page of a 23,000-row list, and the layout time grows with the rows (one
    long table is re-measured at each page break; all the Paragraphs made up front took
    600 MB and their garbage collection grew faster than the list)."""

    def __init__(
        self, layout: _TableLayout, start: int = 0, carried: Sequence[BuiltRow] = ()
    ) -> None:
        super().__init__()
        self.layout, self.start, self.carried = layout, start, list(carried)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.layout.width, availHeight + 1  # never drawn whole: the frame splits it

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lay = self.layout
        room = availHeight - lay.head_h
        if self.start == 0 and not self.carried and room < 3 * lay.head_h:
            return []  # too little left under the heading: the table starts the next page
        piece = self.carried
        used = sum(h for _c, h, _s in piece)
        for i in range(self.start, lay.total):
            item = lay.row(i)
            if piece and used + item[1] > room - 2:
                carried = [item]
                if piece[-1][2] and len(piece) > 1:  # a unit's name never ends a page alone
                    carried.insert(0, piece.pop())
                rest = TableRows(lay, i + 1, carried)
                return [lay.table(piece), PageBreak(), rest]
            piece.append(item)
            used += item[1]
        return [lay.table(piece)]  # the last rows (only the header row for a list of none)

    def draw(self) -> None:  # pragma: no cover - always split, never drawn
        pass


def data_tables(doc: TableDocument, st: Styles, width: float) -> list[Flowable]:
    """The table as one piece per page, each with the header row (``TableRows``)."""
    return [TableRows(_TableLayout(doc, st, width))]


def _doc_template(out: Any, is_landscape: bool, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        out,
        pagesize=landscape(A4) if is_landscape else A4,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=nfc(title),
        author="Sổ Sáng Kiến",
    )


def watch(
    tpl: Any, progress: Progress | None, cancel: Cancel | None, tables: Sequence[Flowable] = ()
) -> None:
    """Tell ``progress`` how far the build of ``tpl`` is, about a hundred times at most, and
    stop it (ServiceError) when ``cancel()``. It counts the parts of the story laid out, of
    how many; for a story with tables (``data_tables``), the tables' rows laid out."""
    if progress is None and cancel is None:
        return
    layouts = [t.layout for t in tables if isinstance(t, TableRows)]
    state = {"total": 0, "told": -1}

    def tell(value: int, total: int) -> None:
        if progress is None or not total:
            return
        if value * 100 // total != state["told"] * 100 // total or value == total:
            state["told"] = value
            progress(value, total)

    def step(kind: str, value: int) -> None:
        if cancel is not None and cancel():
            raise ServiceError(CANCELLED)
        if layouts:
            total = sum(lay.total for lay in layouts)
            done = total if kind == "FINISHED" else sum(lay.done for lay in layouts)
            tell(done, total)
        elif kind == "SIZE_EST":
            state["total"] = value
        elif kind == "PROGRESS":
            tell(value, state["total"])

    tpl.setProgressCallBack(step)


def write_pdf(out_path: Path | None, build: Any, cancel: Cancel | None = None) -> bytes:
    """The bytes ``build(buf)`` draws; written to ``out_path`` (when given) through a temporary
    file in the same folder, renamed at the end: a cancel, a full disk or a file open in a PDF
    reader leaves no half file and the old one untouched."""
    buf = io.BytesIO()
    build(buf)
    data = buf.getvalue()
    if out_path is None:
        return data
    if cancel is not None and cancel():
        raise ServiceError(CANCELLED)
    out = Path(out_path)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".~", suffix=".pdf", dir=out.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, out)
    except PermissionError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise ServiceError(
            f"Không ghi được «{out.name}»: tệp đang mở ở chương trình khác hoặc "
            "thư mục không cho ghi. Hãy đóng tệp rồi thử lại."
        ) from exc
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise ServiceError(f"Không ghi được «{out.name}»: {exc.strerror or exc}.") from exc
    return data


def render_table_pdf(
    doc: TableDocument,
    out_path: Path | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> bytes:
    font, _family = register_font()
    st = Styles(font)

    def build(buf: io.BytesIO) -> None:
        tpl = _doc_template(buf, doc.landscape, " ".join((doc.title, *doc.subject)))
        width = tpl.width
        story: list[Flowable] = [letterhead_table(doc.letterhead, st, width), Spacer(1, 8)]
        story.append(styled(doc.title.upper(), st.title, bold=True))
        for line in doc.subject:
            story.append(styled(line, st.subject, bold=True))
        subject_w = max(
            (_text_width(x, font + "-Bold", 14) for x in (doc.title, *doc.subject)), default=0
        )
        story.append(Rule(min(subject_w / 3, width / 3)))
        if doc.subtitle:
            story.append(styled(doc.subtitle, st.subtitle, italic=True))
        story.append(Spacer(1, 8))
        for para in doc.intro:
            story.append(styled(para, st.body))
        # The rows are packed into the room the frame gives (6 pt in from each side of the
        # text area), a page at a time.
        tables = data_tables(doc, st, width)
        story.extend(tables)
        story.append(Spacer(1, 6))
        for para in doc.after:
            story.append(styled(para, st.body))
        story.append(closing(doc.recipients, doc.signature, st, width))
        watch(tpl, progress, cancel, tables)
        tpl.build(story, onFirstPage=_no_page_number, onLaterPages=_page_number(font))

    return write_pdf(out_path, build, cancel)
