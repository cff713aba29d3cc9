"""The pieces every Word copy is made of, in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I,
as the PDF draws them (``pdf.py``): A4, margins top 20, bottom 20, left 30, right 15 mm; Times
New Roman everywhere; the two-column header (union and issuer at the left, the national motto
at the right, each with its short rule); number, place and date; the title; "Nơi nhận:" and
the signature block; page numbers centred in the top margin from page 2.

The paragraphs carry named styles ("Chữ trong bảng", "Nơi nhận"…) so that a clerk who changes
a size changes it everywhere. Text is NFC before it is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from desktop.services.documents.measure import balanced, text_width_mm
from desktop.services.documents.model import Letterhead, Signature
from desktop.services.documents.pdf import Cancel, write_pdf
from desktop.text.normalise import nfc, upper_vi

FONT = "Times New Roman"
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"

# Sizes in points, as Nghị định 30 asks (tables at least 12, body text 13-14).
SIZE = {
    "superior": 12.5,
    "issuer": 12.5,
    "motto": 12.5,
    "slogan": 13,
    "number": 13,
    "place_date": 14,
    "title": 14,
    "subject": 14,
    "subtitle": 13,
    "excerpt": 12,
    "body": 14,
    "table": 12,
    "recipients_head": 12,
    "recipients": 12,
    "sign": 14,
    "note": 13,
    "confirmed": 13.5,  # the union an author's form is confirmed by, as the PDF sets it
    "form_label": 12,
    "motto_alone": 13,
    "slogan_alone": 14,
}

# The named paragraph styles: (style id, name shown in Word, size, bold, italic, alignment).
_STYLES = (
    ("SKBody", "Nội dung văn bản", SIZE["body"], False, False, WD_ALIGN_PARAGRAPH.JUSTIFY),
    ("SKTable", "Chữ trong bảng", SIZE["table"], False, False, WD_ALIGN_PARAGRAPH.LEFT),
    ("SKTableHead", "Tiêu đề cột", SIZE["table"], True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("SKRecipients", "Nơi nhận", SIZE["recipients"], False, False, WD_ALIGN_PARAGRAPH.LEFT),
    ("SKSign", "Chữ ký", SIZE["sign"], True, False, WD_ALIGN_PARAGRAPH.CENTER),
)
TABLE_STYLE = "SKTable"
HEAD_STYLE = "SKTableHead"


@dataclass(frozen=True)
class Page:
    """The page a section is laid on, and the width its text may take (mm)."""

    landscape: bool
    left: float = MARGINS_MM["left"]
    right: float = MARGINS_MM["right"]
    top: float = MARGINS_MM["top"]
    bottom: float = MARGINS_MM["bottom"]

    @property
    def width(self) -> float:
        return (297.0 if self.landscape else 210.0) - self.left - self.right


def set_page(section: Section, page: Page) -> None:
    """A4 in the given orientation, with the margins of ``page``."""
    w, h = (Mm(297), Mm(210)) if page.landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = w, h
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def _times(fonts: Any) -> None:
    """An ``<w:rFonts>`` naming Times New Roman for every script, no theme font left."""
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):  # w:asciiTheme … w:cstheme
            del fonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)


def _fonts_element(rpr: Any) -> None:
    """Times New Roman for every script (Vietnamese letters are in the "hAnsi" range), no
    theme font left to override it, and Vietnamese as the language for spelling."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    _times(fonts)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def new_word_document(page: Page, title: str, numbered: bool = True) -> Document:
    """An empty document: A4, the margins, Times New Roman 14 pt, the named styles, page
    numbers from page 2."""
    document = new_document()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _fonts_element(rpr)
    # Every style of the template (headings, captions…) in Times New Roman too: a clerk who
    # applies one gets the same font, not the template's Calibri.
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        _times(fonts)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE["body"])
    _fonts_element(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    for style_id, name, size, bold, italic, align in _STYLES:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), style_id)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold, style.font.italic = bold, italic
        style.paragraph_format.alignment = align
    document.styles["Nội dung văn bản"].paragraph_format.first_line_indent = Cm(1.27)
    document.styles["Nội dung văn bản"].paragraph_format.space_after = Pt(6)
    section = document.sections[0]
    set_page(section, page)
    if numbered:
        page_numbers(section)
    document.core_properties.title = nfc(title)
    document.core_properties.author = "Sổ Sáng Kiến"
    document.core_properties.language = "vi-VN"
    # The first paragraph python-docx's template holds: removed, the body starts clean.
    for p in list(document.element.body.iterchildren(qn("w:p"))):
        document.element.body.remove(p)
    return document


def page_numbers(section: Section) -> None:
    """The page number centred in the top margin, none on the first page."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:rPr><w:sz w:val="26"/>'
            "</w:rPr><w:t>2</w:t></w:r></w:fldSimple>"
        )
    )


def para(
    container: Any,
    text: str = "",
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    style: str | None = None,
    space_before: float = 0,
    space_after: float = 0,
) -> Paragraph:
    """A paragraph in ``container`` (the document or a cell); lines split on "\\n" become
    line breaks within it."""
    p = container.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    if space_before:
        p.paragraph_format.space_before = Pt(space_before)
    if space_after:
        p.paragraph_format.space_after = Pt(space_after)
    for i, line in enumerate(nfc(text).split("\n")):
        if i:
            p.add_run().add_break(WD_BREAK.LINE)
        run = p.add_run(line)
        run.bold, run.italic = bold or None, italic or None
        if size is not None:
            run.font.size = Pt(size)
    return p


def first_paragraph(cell: _Cell, **kw: Any) -> Paragraph:
    """The cell's own first (empty) paragraph, used for its first line of text."""
    p = cell.paragraphs[0]
    p._p.getparent().remove(p._p)
    return para(cell, **kw)


def rule(container: Any, box_mm: float, length_mm: float) -> Paragraph:
    """A short horizontal rule centred in a box ``box_mm`` wide: an empty paragraph with a
    bottom border, indented on both sides (Word and LibreOffice draw it the same)."""
    p = container.add_paragraph()
    side = max(0.0, (box_mm - length_mm) / 2)
    fmt = p.paragraph_format
    fmt.left_indent, fmt.right_indent = Mm(side), Mm(side)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(3)
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
        'w:color="000000"/></w:pBdr>'
    )
    ppr = p._p.get_or_add_pPr()
    ppr.insert_element_before(border, *_AFTER_PBDR)
    run = p.add_run()
    run.font.size = Pt(2)
    return p


# What may follow <w:pBdr> in a paragraph's properties (the schema's order, which Word keeps).
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def layout_table(
    container: Any, document: Document, widths_mm: Sequence[float], rows: int
) -> Table:
    """A table without borders, of fixed column widths (the header, the closing)."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    margins = parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
    )
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption")
    for i, w in enumerate(widths_mm):
        table.columns[i].width = Mm(w)
        for cell in table.columns[i].cells:
            cell.width = Mm(w)
    return table


def letterhead(document: Document, lh: Letterhead, page: Page, excerpt: Sequence[str] = ()) -> None:
    """The two-column header: union and issuer with a rule, the national motto with its
    rule, then the number at the left and the place and date in italics at the right. A
    letter's excerpt ("V/v …", ``excerpt``) goes under its number, as Nghị định 30 sets it."""
    motto_w = text_width_mm(MOTTO, SIZE["motto"], bold=True)
    right = min(motto_w + 4, page.width * 0.6)
    left = page.width - right
    if not lh.superior and not lh.issuer:  # an author's own form: the motto alone, centred
        left, right = 0.0, page.width
    t = layout_table(document, document, [left, right] if left else [right], 2)
    cells = t.rows[0].cells
    if left:
        lc = cells[0]
        first_paragraph(
            lc, text=balanced(lh.superior, SIZE["superior"], left - 2), size=SIZE["superior"]
        )
        issuer = balanced(lh.issuer, SIZE["issuer"], left - 2, bold=True)
        para(lc, issuer, SIZE["issuer"], bold=True)
        longest = max(text_width_mm(x, SIZE["issuer"], True) for x in issuer.split("\n"))
        rule(lc, left, longest / 3)
    rc = cells[-1]
    first_paragraph(rc, text=MOTTO, size=SIZE["motto"], bold=True)
    para(rc, SLOGAN, SIZE["slogan"], bold=True)
    rule(rc, right, text_width_mm(SLOGAN, SIZE["slogan"], True))
    second = t.rows[1].cells
    if left:
        first_paragraph(second[0], text=lh.number, size=SIZE["number"], space_before=6)
        for line in excerpt:
            para(second[0], line, SIZE["excerpt"], space_before=2)
    if lh.place_date:
        first_paragraph(
            second[-1], text=lh.place_date, size=SIZE["place_date"], italic=True, space_before=6
        )


def title_block(
    document: Document,
    title: str,
    subject: Sequence[str],
    width_mm: float,
    space_before: float = 12,
) -> None:
    para(document, upper_vi(title), SIZE["title"], bold=True, space_before=space_before)
    for line in subject:
        para(document, line, SIZE["subject"], bold=True)
    widest = max((text_width_mm(x, SIZE["subject"], True) for x in (title, *subject)), default=0)
    rule(document, width_mm, min(widest / 3, width_mm / 3))


def _lines_in(cell: _Cell, lines: Sequence[tuple[str, dict[str, Any]]], fresh: bool) -> None:
    """Paragraphs in ``cell``; in a ``fresh`` cell the first replaces its own empty one."""
    for i, (text, kw) in enumerate(lines):
        (first_paragraph if i == 0 and fresh else para)(cell, text=text, **kw)


def signature_lines(
    cell: _Cell,
    sig: Signature | None,
    author: bool = False,
    date_line: str = "",
    fresh: bool = True,
) -> None:
    """The signature block in ``cell`` (under what it holds already unless ``fresh``): an
    author's place and date above it, on whose behalf, the title, the note ("(Ký, ghi rõ họ
    tên)", "(Ký tên, đóng dấu)"), room for the signature and the seal, the name. An author
    signs in person: no "TM." line."""
    sign: dict[str, Any] = {"style": "Chữ ký", "align": WD_ALIGN_PARAGRAPH.CENTER}
    lines: list[tuple[str, dict[str, Any]]] = []
    if date_line:
        lines.append((date_line, {"size": SIZE["place_date"], "italic": True}))
    if sig is not None:
        if sig.on_behalf and not author:
            lines.append((upper_vi(sig.on_behalf), sign))
        if sig.title:
            lines.append((upper_vi(sig.title), sign))
        note = sig.note or ("(Ký, ghi rõ họ tên)" if author else "")
        if note:
            lines.append((note, {"size": SIZE["note"], "italic": True}))
    if not lines and fresh:
        lines.append(("", sign))
    _lines_in(cell, lines, fresh)
    if sig is None:
        return
    room = para(cell, "", style="Chữ ký", align=None)
    room.paragraph_format.space_before = Pt(60 if not author else 54)
    if sig.name:
        para(cell, sig.name, style="Chữ ký", align=None)


def motto_alone(document: Document, width_mm: float) -> None:
    """An author's form: the national motto and its slogan centred with the slogan's rule;
    no letterhead column, no number, the place and date kept for the signature."""
    para(document, MOTTO, SIZE["motto_alone"], bold=True)
    para(document, SLOGAN, SIZE["slogan_alone"], bold=True)
    rule(document, width_mm, text_width_mm(SLOGAN, SIZE["slogan_alone"], True))


def closing(
    document: Document,
    recipients: Sequence[str],
    sig: Signature | None,
    page: Page,
    author: bool = False,
) -> None:
    """ "Nơi nhận:" and its lines at the left, the signature block at the right."""
    if not recipients and sig is None:
        return
    para(document, "", space_before=6)
    t = layout_table(document, document, [page.width * 0.45, page.width * 0.55], 1)
    left, right = t.rows[0].cells
    if recipients:
        first_paragraph(
            left,
            text="Nơi nhận:",
            size=SIZE["recipients_head"],
            bold=True,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        for i, r in enumerate(recipients):
            end = "." if i == len(recipients) - 1 else ";"
            para(left, f"- {r.rstrip(';.')}{end}", style="Nơi nhận", align=None)
    if sig is not None:
        signature_lines(right, sig, author)
    # The block stays on one page: every row of it keeps with the next.
    t.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def page_break(document: Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def save_docx(document: Document, out_path: Path | None, cancel: Cancel | None = None) -> bytes:
    """The .docx bytes; written to ``out_path`` whole or not at all (see ``write_pdf``)."""
    return write_pdf(out_path, document.save, cancel)


def twips(mm_value: float) -> int:
    return round(Mm(mm_value) / 635)


__all__ = [
    "FONT",
    "MOTTO",
    "SIZE",
    "SLOGAN",
    "Page",
    "closing",
    "letterhead",
    "motto_alone",
    "new_word_document",
    "page_break",
    "para",
    "rule",
    "save_docx",
    "set_page",
    "title_block",
    "twips",
]
