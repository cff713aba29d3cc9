"""Draw the certificates of a decision as a PDF: one a page, A4 landscape, inside a double
frame, with the letterhead, the text of the certificate and the signature."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.services.common import ServiceError
from desktop.services.documents.fonts import register_font
from desktop.services.documents.model import Certificate, CertificateDocument, Letterhead
from desktop.services.documents.pdf import (
    Cancel,
    Progress,
    Styles,
    letterhead_table,
    styled,
    watch,
    write_pdf,
)


class _CertificateStyles:
    def __init__(self, st: Styles) -> None:
        self.base = st
        self.big = ParagraphStyle("big", parent=st.title, fontSize=30, leading=36, spaceBefore=14)
        self.sub = ParagraphStyle("sub", parent=st.title, fontSize=20, leading=26)
        self.line = ParagraphStyle(
            "line", parent=st.subject, fontSize=15, leading=21, spaceBefore=4
        )
        self.title = ParagraphStyle(
            "ctitle", parent=st.subject, fontSize=17, leading=23, spaceBefore=6
        )


def _certificate_frame(canvas: Any, tpl: Any) -> None:
    """The double frame round every certificate."""
    canvas.saveState()
    w, h = tpl.pagesize
    canvas.setLineWidth(2.2)
    canvas.rect(12 * mm, 12 * mm, w - 24 * mm, h - 24 * mm)
    canvas.setLineWidth(0.7)
    canvas.rect(15 * mm, 15 * mm, w - 30 * mm, h - 30 * mm)
    canvas.restoreState()


def _certificate_signature(doc: CertificateDocument, st: Styles, width: float) -> Table:
    sig_block: list[Flowable] = [styled(doc.letterhead.place_date, st.place_date, italic=True)]
    if doc.signature is not None:
        if doc.signature.on_behalf:
            sig_block.append(styled(doc.signature.on_behalf.upper(), st.sign, bold=True))
        sig_block.append(styled(doc.signature.title.upper(), st.sign, bold=True))
        sig_block.append(Spacer(1, 20 * mm))
        sig_block.append(styled(doc.signature.name, st.sign, bold=True))
    t = Table([["", sig_block]], colWidths=[width * 0.45, width * 0.55])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def _certificate_page(
    doc: CertificateDocument, cert: Certificate, cs: _CertificateStyles, width: float
) -> list[Flowable]:
    st = cs.base
    lh = Letterhead(doc.letterhead.superior, doc.letterhead.issuer, cert.number, "")
    page: list[Flowable] = [
        letterhead_table(lh, st, width),
        styled("GIẤY CHỨNG NHẬN", cs.big, bold=True),
        styled("SÁNG KIẾN", cs.sub, bold=True),
        Spacer(1, 6),
        styled(cert.decision_line, cs.line, italic=True),
        styled("Chứng nhận sáng kiến:", cs.line),
        styled(f"«{cert.title}»", cs.title, bold=True),
        styled(f"Tác giả: {cert.authors}", cs.line, bold=True),
        styled(f"Đơn vị: {cert.unit}", cs.line),
    ]
    if cert.field_name:
        page.append(styled(f"Lĩnh vực: {cert.field_name}", cs.line))
    page.append(Spacer(1, 6))
    page.append(_certificate_signature(doc, st, width))
    return page


def render_certificates_pdf(
    doc: CertificateDocument,
    out_path: Path | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> bytes:
    """One certificate per page, A4 landscape, inside a double frame."""
    font, _family = register_font()
    cs = _CertificateStyles(Styles(font))

    def build(buf: io.BytesIO) -> None:
        tpl = SimpleDocTemplate(
            buf,
            pagesize=landscape(A4),
            leftMargin=25 * mm,
            rightMargin=25 * mm,
            topMargin=20 * mm,
            bottomMargin=18 * mm,
            title="Giấy chứng nhận sáng kiến",
            author="Sổ Sáng Kiến",
        )
        story: list[Flowable] = []
        for i, cert in enumerate(doc.certificates):
            if i:
                story.append(PageBreak())
            story.extend(_certificate_page(doc, cert, cs, tpl.width))
        if not story:
            raise ServiceError(
                "Quyết định này không có sáng kiến nào được công nhận để in giấy chứng nhận."
            )
        watch(tpl, progress, cancel)
        tpl.build(story, onFirstPage=_certificate_frame, onLaterPages=_certificate_frame)

    return write_pdf(out_path, build, cancel)
