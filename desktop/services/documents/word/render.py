"""Every document as a .docx a clerk can change before signing: the tables (lists, the summary,
quotas, progress, the registration form), the papers written as prose (a decision, a letter, a
Tờ trình, an author's form, with the list they attach) and the certificates of a decision."""

from __future__ import annotations

import re
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from desktop.services.common import ServiceError
from desktop.services.documents.measure import text_width_mm
from desktop.services.documents.model import (
    Block,
    CertificateDocument,
    Confirmation,
    LetterDocument,
    Letterhead,
    TableDocument,
)
from desktop.services.documents.pdf import Cancel
from desktop.services.documents.word.base import (
    SIZE,
    Page,
    closing,
    first_paragraph,
    layout_table,
    letterhead,
    motto_alone,
    new_word_document,
    para,
    save_docx,
    set_page,
    signature_lines,
    title_block,
)
from desktop.services.documents.word.tables import add_table
from desktop.text.normalise import nfc, upper_vi

BODY = "Nội dung văn bản"
_NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+|[a-zđ])[.)]\s")
AnyDocument = TableDocument | CertificateDocument | LetterDocument


def _table_body(document: Document, doc: TableDocument, page: Page, cancel: Cancel | None) -> None:
    letterhead(document, doc.letterhead, page)
    title_block(document, doc.title, doc.subject, page.width)
    if doc.subtitle:
        para(document, doc.subtitle, SIZE["subtitle"], italic=True, space_before=2)
    para(document, "", SIZE["table"])
    for text in doc.intro:
        para(document, text, style=BODY, align=None)
    add_table(document, doc, page.width, cancel)
    for i, text in enumerate(doc.after):
        para(document, text, style=BODY, align=None, space_before=6 if i == 0 else 0)
    closing(document, doc.recipients, doc.signature, page)


def table_docx(doc: TableDocument, cancel: Cancel | None = None) -> Document:
    page = Page(doc.landscape)
    document = new_word_document(page, " ".join((doc.title, *doc.subject)))
    _table_body(document, doc, page, cancel)
    return document


def _addressee(document: Document, lines: tuple[str, ...]) -> None:
    if not lines:
        return
    first = nfc(lines[0])
    if len(lines) == 1:
        text = first if first.startswith("Kính gửi") else f"Kính gửi: {first}"
        para(document, text, SIZE["body"], space_before=12, space_after=6)
        return
    head = "Kính gửi:"
    if first.startswith("Kính gửi"):
        head, lines = first, lines[1:]
    para(document, head, SIZE["body"], space_before=12)
    for i, line in enumerate(lines):
        end = "." if i == len(lines) - 1 else ";"
        p = para(document, f"- {line.strip().lstrip('- ').rstrip(';.')}{end}", SIZE["body"])
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.left_indent = Mm(45)
    para(document, "", space_after=6)


def _centred(text: str) -> bool:
    """A heading in capitals that is not numbered ("QUYẾT ĐỊNH:", the authority's name) is
    centred; "I. MỤC ĐÍCH" and "1. Nội dung" stay at the paragraph's indent."""
    t = nfc(text).strip()
    return bool(t) and upper_vi(t) == t and not _NUMBERED.match(t)


def _blank(text: str) -> bool:
    """A form's field left for the author to fill in by hand: only dots ("……", "...")."""
    return bool(text.strip()) and not text.strip().strip("….")


def _dot_leader(p: Paragraph, page: Page, label: str) -> None:
    """Dots from the label to the right margin: a right tab stop with a dot leader (a clerk
    who types over it in Word keeps the line's length). A label that leaves little room on
    its line gets a whole line of dots under it, as the PDF sets it."""
    p.paragraph_format.tab_stops.add_tab_stop(
        Mm(page.width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    used = text_width_mm(nfc(label), SIZE["body"]) % page.width
    if page.width - used < 25:
        p.add_run().add_break(WD_BREAK.LINE)
    p.add_run("\t")


def _runs(p: Paragraph, label: str, text: str, bold_label: bool, **text_style: bool) -> None:
    """``label`` then ``text`` in one paragraph, with one space between them."""
    if label:
        run = p.add_run(nfc(label))
        run.bold = bold_label or None
    if text:
        if label and not label[-1].isspace() and not text[0].isspace():
            p.add_run(" ")
        run = p.add_run(nfc(text))
        for key, value in text_style.items():
            setattr(run, key, value or None)


def _block(document: Document, block: Block, page: Page, cancel: Cancel | None) -> Paragraph | None:
    kind, text, label = block.kind, block.text, block.label
    if kind == "table" and block.table is not None:
        add_table(document, block.table, page.width, cancel)
        para(document, "", SIZE["table"])
        return None
    if kind == "signature_note":
        p = para(document, text, SIZE["note"], italic=True)
        p.paragraph_format.left_indent = Mm(page.width * 0.45)
        return p
    if kind == "center":  # the authority that decides, "QUYẾT ĐỊNH:"
        return para(document, text, SIZE["body"], bold=True, space_before=6, space_after=6)
    p = document.add_paragraph(style=BODY)
    fmt = p.paragraph_format
    heading_centred = kind == "heading" and _centred(text)
    if kind in ("field", "item", "heading"):  # at the margin, as the PDF sets them
        fmt.first_line_indent = Mm(0)
    if heading_centred:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if kind == "item":
        fmt.left_indent, fmt.space_after = Mm(6.35), Pt(3)
    if kind == "field":
        fmt.space_after = Pt(4)
    if kind == "heading":
        fmt.space_before = Pt(6)
    if kind == "field" and _blank(text):
        _runs(p, label, "", False)
        _dot_leader(p, page, label)
        return p
    _runs(
        p,
        label,
        text,
        kind in ("article", "heading"),
        bold=kind == "heading",
        italic=kind == "basis",
    )
    return p


def _confirmation(cell: _Cell, conf: Confirmation | None) -> None:
    """The upper-level union's confirmation of an author's form: its heading in bold, the
    union's name, the note for its signature and seal."""
    if conf is None:
        first_paragraph(cell, text="", style="Chữ ký")
        return
    first_paragraph(cell, text=upper_vi(conf.heading), style="Chữ ký", bold=True)
    if conf.text:
        para(cell, conf.text, SIZE["confirmed"])
    if conf.signature is not None:
        signature_lines(cell, conf.signature, fresh=False)


def _author_closing(document: Document, doc: LetterDocument, page: Page) -> None:
    """An author's form: the confirmation at the left, level with the author's signature at
    the right, which has the place and date above it; no "Nơi nhận"."""
    # the spacer keeps with the table, as the closing words before it do
    para(document, "", space_before=6).paragraph_format.keep_with_next = True
    # 53 % at the right: "Lai Châu, ngày …… tháng …… năm ……" in 14 pt on one line
    t = layout_table(document, document, [page.width * 0.47, page.width * 0.53], 1)
    left, right = t.rows[0].cells
    _confirmation(left, doc.confirmation)
    signature_lines(right, doc.signature, author=True, date_line=doc.letterhead.place_date)
    t.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def _annex(document: Document, annex: TableDocument, cancel: Cancel | None) -> None:
    """The list a decision attaches, from a new page: its title, subject, rule and subtitle,
    the table; no letterhead and no signature of its own, the page number at the top."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page = Page(annex.landscape)
    set_page(section, page)
    section.different_first_page_header_footer = False  # the annex's first page is numbered
    title_block(document, annex.title, annex.subject, page.width, space_before=0)
    if annex.subtitle:
        para(document, annex.subtitle, SIZE["subtitle"], italic=True, space_before=2)
    para(document, "", SIZE["table"])
    add_table(document, annex, page.width, cancel)
    for i, text in enumerate(annex.after):
        para(document, text, style=BODY, align=None, space_before=6 if i == 0 else 0)


def _is_authors_form(doc: LetterDocument) -> bool:
    lh = doc.letterhead
    return not (lh.superior or lh.issuer or lh.number)


def letter_docx(doc: LetterDocument, cancel: Cancel | None = None) -> Document:
    page = Page(False)
    document = new_word_document(page, " ".join((doc.title, *doc.subject)))
    if doc.form_label:  # "Mẫu 1": small, in italics, at the top right
        align = WD_ALIGN_PARAGRAPH.RIGHT
        para(document, doc.form_label, SIZE["form_label"], italic=True, align=align)
    if _is_authors_form(doc):  # the national motto alone, centred
        motto_alone(document, page.width)
        title_block(document, doc.title, doc.subject, page.width)
    elif doc.title:
        letterhead(document, doc.letterhead, page)
        title_block(document, doc.title, doc.subject, page.width)
    else:  # a letter (công văn): its excerpt under the number, no title
        letterhead(document, doc.letterhead, page, excerpt=doc.subject)
    _addressee(document, doc.addressee)
    if not doc.addressee:
        para(document, "", space_after=6)
    last = None
    for block in doc.blocks:
        last = _block(document, block, page, cancel)
    if doc.signer_is_author:  # as the PDF: the author's closing goes with who signs
        if last is not None:  # the closing words go over the page with the signature
            last.paragraph_format.keep_with_next = True
        _author_closing(document, doc, page)
    else:
        closing(document, doc.recipients, doc.signature, page)
    if doc.annex is not None:
        _annex(document, doc.annex, cancel)
    return document


# ---- the certificates: one a page, A4 landscape, inside a double frame ----------------------
_FRAME = "".join(
    f'<w:{side} w:val="double" w:sz="12" w:space="20" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right")
)


def _certificate(document: Document, doc: CertificateDocument, i: int, page: Page) -> None:
    cert = doc.certificates[i]
    lh = Letterhead(doc.letterhead.superior, doc.letterhead.issuer, cert.number, "")
    letterhead(document, lh, page)
    para(document, "GIẤY CHỨNG NHẬN", 30, bold=True, space_before=10)
    para(document, "SÁNG KIẾN", 20, bold=True, space_after=6)
    para(document, cert.decision_line, 15, italic=True, space_before=4)
    para(document, "Chứng nhận sáng kiến:", 15, space_before=4)
    para(document, f"«{cert.title}»", 17, bold=True, space_before=6)
    para(document, f"Tác giả: {cert.authors}", 15, bold=True, space_before=4)
    para(document, f"Đơn vị: {cert.unit}", 15, space_before=4)
    if cert.field_name:
        para(document, f"Lĩnh vực: {cert.field_name}", 15, space_before=4)
    t = layout_table(document, document, [page.width * 0.45, page.width * 0.55], 1)
    cell = t.rows[0].cells[1]
    first_paragraph(
        cell, text=doc.letterhead.place_date, size=SIZE["place_date"], italic=True, space_before=6
    )
    if doc.signature is not None:
        sig = doc.signature
        if sig.on_behalf:
            para(cell, upper_vi(sig.on_behalf), style="Chữ ký", align=None)
        para(cell, upper_vi(sig.title), style="Chữ ký", align=None)
        para(cell, sig.name, style="Chữ ký", align=None, space_before=48)


def certificates_docx(doc: CertificateDocument, cancel: Cancel | None = None) -> Document:
    if not doc.certificates:
        raise ServiceError(
            "Quyết định này không có sáng kiến nào được công nhận để in giấy chứng nhận."
        )
    page = Page(True, left=25, right=25, top=20, bottom=18)
    document = new_word_document(page, "Giấy chứng nhận sáng kiến", numbered=False)
    sect_pr = document.sections[0]._sectPr
    frame = parse_xml(f'<w:pgBorders {nsdecls("w")} w:offsetFrom="text">{_FRAME}</w:pgBorders>')
    sect_pr.find(qn("w:pgMar")).addnext(frame)
    for i in range(len(doc.certificates)):
        if cancel is not None and cancel():
            from desktop.services.documents.pdf import CANCELLED

            raise ServiceError(CANCELLED)
        if i:
            p = para(document, "", 2)
            p.paragraph_format.page_break_before = True
        _certificate(document, doc, i, page)
    return document


def render_docx(
    doc: AnyDocument, out_path: Path | None = None, cancel: Cancel | None = None
) -> bytes:
    """The document as .docx bytes, written to ``out_path`` (when given) whole or not at all."""
    if isinstance(doc, CertificateDocument):
        document = certificates_docx(doc, cancel)
    elif isinstance(doc, LetterDocument):
        document = letter_docx(doc, cancel)
    else:
        document = table_docx(doc, cancel)
    return save_docx(document, out_path, cancel)
