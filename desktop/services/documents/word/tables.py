"""A document's table in Word: borders, fixed column widths, the header row repeated on every
page, a unit's name spanning the row, the total in bold.

The rows are written as WordprocessingML text and parsed once: python-docx's own cell access
walks the whole table for every cell (a 2,300-row list took minutes); this takes well under a
second (docs/printing.md has the figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from desktop.services.documents.measure import fitted_widths, text_width_mm
from desktop.services.documents.model import Col, GroupRow, TableDocument
from desktop.services.documents.pdf import Cancel, cell_text
from desktop.services.documents.word.base import (
    HEAD_STYLE,
    SIZE,
    TABLE_STYLE,
    twips,
)
from desktop.text.normalise import nfc

_JC = {"left": "left", "center": "center", "right": "right"}
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def _paragraphs(text: str, style: str, jc: str, bold: bool) -> str:
    run_pr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    out = []
    for line in text.split("\n") if text else [""]:
        run = f'<w:r>{run_pr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>' if line else ""
        out.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{jc}"/></w:pPr>{run}</w:p>'
        )
    return "".join(out)


def _cell(
    text: str, width: int, jc: str, bold: bool = False, span: int = 1, head: bool = False
) -> str:
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if head:
        pr += '<w:vAlign w:val="center"/>'
    style = HEAD_STYLE if head else TABLE_STYLE
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{_paragraphs(text, style, jc, bold)}</w:tc>"


def _row(cells: str, header: bool = False) -> str:
    pr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{pr}</w:trPr>{cells}</w:tr>"


def table_xml(
    columns: Sequence[Col],
    rows: Sequence[tuple[Any, ...] | GroupRow],
    total: tuple[Any, ...] | None,
    width_mm: float,
    cancel: Cancel | None = None,
) -> str:
    """The ``<w:tbl>`` of a table: header row (repeated on each page), rows, total in bold."""
    # A date in 12 pt and the cell's margins (1 mm each side) on one line.
    date_w = text_width_mm("00/00/0000", SIZE["table"]) + 2.5
    widths = [twips(w) for w in fitted_widths(columns, rows, width_mm, date_w)]
    full = sum(widths)
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{full}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{_BORDERS}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
        _row(
            "".join(
                _cell(nfc(c.header), w, "center", head=True)
                for c, w in zip(columns, widths, strict=True)
            ),
            header=True,
        ),
    ]
    jcs = [_JC.get(c.align, "left") for c in columns]
    body: list[tuple[Any, ...] | GroupRow] = list(rows)
    if total is not None:
        body.append(total)
    for i, row in enumerate(body):
        if cancel is not None and i % 500 == 0 and cancel():
            from desktop.services.common import ServiceError
            from desktop.services.documents.pdf import CANCELLED

            raise ServiceError(CANCELLED)
        if isinstance(row, GroupRow):
            parts.append(_row(_cell(nfc(row.label), full, "left", bold=True, span=len(columns))))
            continue
        bold = total is not None and i == len(body) - 1
        cells = (
            _cell(cell_text(v), w, jc, bold) for v, w, jc in zip(row, widths, jcs, strict=False)
        )
        parts.append(_row("".join(cells)))
    parts.append("</w:tbl>")
    return "".join(parts)


def add_table(
    document: Document, doc: TableDocument, width_mm: float, cancel: Cancel | None
) -> None:
    """The table of ``doc`` at the end of the document's body."""
    tbl = parse_xml(table_xml(doc.columns, doc.rows, doc.total, width_mm, cancel))
    body = document.element.body
    if body.sectPr is not None:
        body.sectPr.addprevious(tbl)
    else:
        body.append(tbl)
