"""Draw a paper written as prose (``LetterDocument``) as a PDF in the layout of Nghị định
30/2020/NĐ-CP: the same page, margins, letterhead, title and closing as the tables
(``pdf``), with a body of paragraphs, "Căn cứ …" lines, articles, form fields and small
tables in 13-14 pt; an author's form headed by the national motto alone and signed by the
author, with the upper-level union's confirmation beside the signature; a decision's annex
on pages of its own after the signature.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.services.documents.fonts import register_font
from desktop.services.documents.model import (
    Block,
    Confirmation,
    LetterDocument,
    Signature,
    TableDocument,
)
from desktop.services.documents.pdf import (
    _BASE_TABLE_STYLE,
    Cancel,
    Progress,
    Rule,
    Styles,
    _doc_template,
    _no_page_number,
    _page_number,
    _text_width,
    cell_text,
    data_tables,
    esc,
    letterhead_table,
    styled,
    watch,
    write_pdf,
)

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
INDENT = 1.27 * 28.35  # 1.27 cm, the first line of a paragraph


class LetterStyles(Styles):
    """The table styles, and those of a letter's body: 13.5 pt text, 12 pt in its tables."""

    def __init__(self, font: str) -> None:
        super().__init__(font)

        def st(name: str, size: float, align: int, **kw: Any) -> ParagraphStyle:
            kw.setdefault("leading", size * 1.25)
            return ParagraphStyle(name, fontName=font, fontSize=size, alignment=align, **kw)

        self.motto_alone = st("motto_alone", 13, TA_CENTER)
        self.slogan_alone = st("slogan_alone", 14, TA_CENTER)
        self.form_label = st("form_label", 12, TA_RIGHT)
        self.addressee = st("addressee", 14, TA_CENTER, spaceBefore=6, spaceAfter=6)
        self.addressee_line = st("addressee_line", 14, TA_LEFT, leftIndent=3.5 * 28.35)
        self.para = st("para", 13.5, TA_JUSTIFY, firstLineIndent=INDENT, spaceAfter=6)
        self.field = st("field", 13.5, TA_JUSTIFY, spaceAfter=4)
        self.field_dots = st("field_dots", 13.5, TA_LEFT, spaceBefore=-4, spaceAfter=4)
        self.item = st("item", 13.5, TA_JUSTIFY, leftIndent=INDENT / 2, spaceAfter=3)
        self.heading = st("heading", 13.5, TA_LEFT, spaceBefore=4, spaceAfter=4)
        self.center = st("center", 14, TA_CENTER, spaceBefore=6, spaceAfter=6)
        self.note = st("note", 13, TA_CENTER)
        self.inline_cell = {
            "left": st("inline_left", 12, TA_LEFT),
            "center": st("inline_center", 12, TA_CENTER),
            "right": st("inline_right", 12, TA_RIGHT),
        }
        self.inline_head = st("inline_head", 12, TA_CENTER)


def _motto_alone(st: LetterStyles) -> list[Flowable]:
    """The national motto heading an author's form, centred, with its rule."""
    slogan_w = _text_width(SLOGAN, st.font + "-Bold", 14)
    return [
        styled(MOTTO, st.motto_alone, bold=True),
        styled(SLOGAN, st.slogan_alone, bold=True),
        Rule(slogan_w),
    ]


def _heading(doc: LetterDocument, st: LetterStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    if doc.form_label:
        story.append(styled(doc.form_label, st.form_label, italic=True))
    lh = doc.letterhead
    if not doc.title:  # a letter (công văn): its excerpt under the number, no title
        story.append(letterhead_table(lh, st, width, excerpt=doc.subject))
        story.append(Spacer(1, 14))
    else:
        if lh.superior or lh.issuer or lh.number:
            story.append(letterhead_table(lh, st, width))
        else:
            story.extend(_motto_alone(st))
        story.append(Spacer(1, 10))
        story.append(styled(doc.title.upper(), st.title, bold=True))
        for line in doc.subject:
            story.append(styled(line, st.subject, bold=True))
        lines = (doc.title, *doc.subject)
        subject_w = max(_text_width(x, st.font + "-Bold", 14) for x in lines)
        story.append(Spacer(1, 5))
        story.append(Rule(min(subject_w / 3, width / 3)))
        story.append(Spacer(1, 6))
    if len(doc.addressee) == 1:
        story.append(styled(f"Kính gửi: {doc.addressee[0]}", st.addressee))
    elif doc.addressee:
        story.append(styled("Kính gửi:", st.addressee))
        story.extend(styled(f"- {a}", st.addressee_line) for a in doc.addressee)
        story.append(Spacer(1, 6))
    return story


def _inline_table(table: TableDocument, st: LetterStyles, width: float) -> LongTable:
    weights = sum(c.width for c in table.columns)
    widths = [width * c.width / weights for c in table.columns]
    head = [styled(c.header, st.inline_head, bold=True) for c in table.columns]
    data: list[list[Any]] = [head]
    for row in table.rows:
        if not isinstance(row, tuple):
            continue
        data.append(
            [
                Paragraph(esc(cell_text(v)), st.inline_cell[c.align])
                for v, c in zip(row, table.columns, strict=False)
            ]
        )
    t = LongTable(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), st.font, 12), *_BASE_TABLE_STYLE]))
    return t


def _lines(text: str) -> str:
    """User text with its own line breaks kept."""
    return "<br/>".join(esc(line) for line in text.splitlines()) or ""


def dotted_field(label: str, st: LetterStyles, width: float) -> list[Flowable]:
    """A form line left blank: the label, then dots to the end of its line (and a second
    line of dots when the label leaves little room), for the author to fill in by hand."""
    width -= 12  # the frame's padding: the width a paragraph is set in
    dot_w = _text_width("…", st.font, st.field.fontSize)
    probe = Paragraph(esc(label.rstrip()), st.field)
    probe.wrap(width, 10_000)
    last = probe.blPara.lines[-1]
    room = last[0] if isinstance(last, tuple) else getattr(last, "extraSpace", 0)
    n = int((room - _text_width(" ", st.font, st.field.fontSize)) / dot_w) - 1
    full = "…" * (int(width / dot_w) - 1)
    if n >= 8:
        return [Paragraph(f"{esc(label.rstrip())} {'…' * n}", st.field)]
    return [Paragraph(esc(label.rstrip()), st.field), Paragraph(full, st.field_dots)]


def block_flowables(b: Block, st: LetterStyles, width: float) -> list[Flowable]:
    if b.kind == "table" and b.table is not None:
        return [Spacer(1, 2), _inline_table(b.table, st, width), Spacer(1, 6)]
    if b.kind == "article":
        return [Paragraph(f"<b>{esc(b.label)}</b>{_lines(b.text)}", st.para)]
    if b.kind == "field":
        if b.text and not b.text.strip("…"):
            return dotted_field(b.label, st, width)
        return [Paragraph(f"{esc(b.label)}{_lines(b.text)}", st.field)]
    if b.kind == "basis":
        return [Paragraph(f"<i>{_lines(b.text)}</i>", st.para)]
    if b.kind == "center":
        return [Paragraph(f"<b>{_lines(b.text)}</b>", st.center)]
    if b.kind == "heading":
        return [Paragraph(f"<b>{esc(b.label)}{_lines(b.text)}</b>", st.heading)]
    if b.kind == "item":
        return [Paragraph(f"{esc(b.label)}{_lines(b.text)}", st.item)]
    if b.kind == "signature_note":
        return [Paragraph(f"<i>{_lines(b.text)}</i>", st.note)]
    return [Paragraph(_lines(b.text), st.para)]


def _signature_cell(sig: Signature | None, st: LetterStyles, date_line: str = "") -> list[Flowable]:
    out: list[Flowable] = []
    if date_line:
        out.append(styled(date_line, st.place_date, italic=True))
    if sig is None:
        return out
    for line in (sig.on_behalf, sig.title):
        if line:
            out.append(styled(line.upper(), st.sign, bold=True))
    if sig.note:
        out.append(styled(sig.note, st.note, italic=True))
    out.append(Spacer(1, 24 * mm))
    if sig.name:
        out.append(styled(sig.name, st.sign, bold=True))
    return out


def _confirmation_cell(c: Confirmation | None, st: LetterStyles) -> list[Flowable]:
    if c is None:
        return []
    out: list[Flowable] = [styled(c.heading, st.sign, bold=True)]
    if c.text:
        out.append(styled(c.text, st.sign))
    out.extend(_signature_cell(c.signature, st))
    return out


def _recipients_cell(recipients: Sequence[str], st: LetterStyles) -> list[Flowable]:
    if not recipients:
        return []
    out: list[Flowable] = [styled("Nơi nhận:", st.recipients_head, bold=True, italic=True)]
    for i, r in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        out.append(styled(f"- {r.rstrip(';.')}{end}", st.recipients))
    return out


def letter_closing(doc: LetterDocument, st: LetterStyles, width: float) -> list[Flowable]:
    """Recipients (or the confirmation of an author's form) at the left; the signature at
    the right, an author's with the place and date above it."""
    if doc.signer_is_author:
        left = _confirmation_cell(doc.confirmation, st)
        right = _signature_cell(doc.signature, st, doc.letterhead.place_date)
        widths = [width * 0.5, width * 0.5]
    else:
        left = _recipients_cell(doc.recipients, st)
        right = _signature_cell(doc.signature, st)
        widths = [width * 0.45, width * 0.55]
    t = Table([[left, right]], colWidths=widths)
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 8), t]


def annex_story(annex: TableDocument, st: LetterStyles, width: float) -> list[Any]:
    """The list attached to a decision, from a new page: its title, what it is attached to,
    the table with its total; no letterhead, no signature of its own."""
    head: list[Flowable] = [styled(annex.title.upper(), st.title, bold=True)]
    for line in annex.subject:
        head.append(styled(line, st.subject, bold=True))
    lines = (annex.title, *annex.subject)
    subject_w = max(_text_width(x, st.font + "-Bold", 14) for x in lines)
    head.append(Spacer(1, 5))
    head.append(Rule(min(subject_w / 3, width / 3)))
    if annex.subtitle:
        head.append(styled(annex.subtitle, st.subtitle, italic=True))
    head.append(Spacer(1, 8))
    story: list[Any] = [PageBreak(), *head]
    story.extend(data_tables(annex, st, width))
    story.append(Spacer(1, 6))
    story.extend(styled(p, st.body) for p in annex.after)
    return story


def render_letter_pdf(
    doc: LetterDocument,
    out_path: Path | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> bytes:
    font, _family = register_font()
    st = LetterStyles(font)

    def build(buf: io.BytesIO) -> None:
        tpl = _doc_template(buf, False, " ".join((doc.title, *doc.subject)))
        width = tpl.width
        story: list[Any] = _heading(doc, st, width)
        body = [block_flowables(b, st, width) for b in doc.blocks]
        # An author's closing words go over the page with the signature, never alone.
        last = body.pop() if doc.signer_is_author and body else []
        for flowables in body:
            story.extend(flowables)
        story.append(KeepTogether([*last, *letter_closing(doc, st, width)]))
        if doc.annex is not None:
            story.extend(annex_story(doc.annex, st, width))
        watch(tpl, progress, cancel, story)  # the attached list counts by its rows
        tpl.build(story, onFirstPage=_no_page_number, onLaterPages=_page_number(font))

    return write_pdf(out_path, build, cancel)
