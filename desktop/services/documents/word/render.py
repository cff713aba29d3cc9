"""Every document as a .docx a clerk can change before signing: the tables (lists, the summary,
quotas, progress, the registration form), the papers written as prose (a decision, a letter, a
Tờ trình, an author's form, with the list they attach) and the certificates of a decision."""

from __future__ import annotations

import re
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from desktop.services.common import ServiceError
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


def _block(document: Document, block: Block, page: Page, cancel: Cancel | None) -> None:
    kind = block.kind
    if kind == "table" and block.table is not None:
        add_table(document, block.table, page.width, cancel)
        para(document, "", SIZE["table"])
        return
    if kind == "signature_note":
        p = para(document, block.text, SIZE["body"], italic=True)
        p.paragraph_format.left_indent = Mm(page.width * 0.45)
        return
    p = document.add_paragraph(style=BODY)
    if kind == "field" or (kind == "heading" and _centred(block.text)):
        p.paragraph_format.first_line_indent = Mm(0)
    if kind == "heading" and _centred(block.text):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if kind == "item":
        p.paragraph_format.space_after = Pt(3)
    if block.label:
        label = p.add_run(nfc(block.label))
        label.bold = kind in ("article", "heading") or None
        if block.text:
            p.add_run(" ")
    if block.text:
        run = p.add_run(nfc(block.text))
        run.bold = kind == "heading" or None
    if kind == "heading":
        p.paragraph_format.space_before = Pt(6)


def _confirmation(document: Document, conf: Confirmation, page: Page) -> None:
    para(document, upper_vi(conf.heading), SIZE["body"], bold=True, space_before=18)
    if conf.text:
        para(document, conf.text, style=BODY, align=None, space_before=6)
    if conf.signature is not None:
        t = layout_table(document, document, [page.width * 0.45, page.width * 0.55], 1)
        signature_lines(t.rows[0].cells[1], conf.signature)


def letter_docx(doc: LetterDocument, cancel: Cancel | None = None) -> Document:
    page = Page(False)
    document = new_word_document(page, " ".join((doc.title, *doc.subject)))
    if doc.title:
        letterhead(document, doc.letterhead, page)
        title_block(document, doc.title, doc.subject, page.width)
    else:  # a letter (công văn): its excerpt under the number, no title
        letterhead(document, doc.letterhead, page, excerpt=doc.subject)
    _addressee(document, doc.addressee)
    if not doc.addressee:
        para(document, "", space_after=6)
    for block in doc.blocks:
        _block(document, block, page, cancel)
    closing(document, doc.recipients, doc.signature, page, author=doc.signer_is_author)
    if doc.confirmation is not None:
        _confirmation(document, doc.confirmation, page)
    if doc.annex is not None:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        annex_page = Page(doc.annex.landscape)
        set_page(section, annex_page)
        _table_body(document, doc.annex, annex_page, cancel)
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
