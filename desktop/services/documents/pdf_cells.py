"""The cells of a PDF table, made and broken into lines as ReportLab's Paragraph does, for
less: a long list has hundreds of thousands of them (issue #14, target 6).

- ``CellParagraph`` keeps the lines of its first wrap: a table wraps every cell again when it
  draws it, at the width it was measured at.
- ``CellMaker`` makes a plain cell (one run of its style's font) without parsing markup: its
  fragment is a copy of the one the parser makes for the style, with the text.
- Such a cell breaks its lines itself, the way ``Paragraph.breakLines`` breaks a single
  fragment (a space between words, a line shrinking its spaces by ``spaceShrinkage`` to take
  one word more), with the widths of the words kept: Vietnamese is written in syllables, so a
  list uses a few thousand words over and over. A word wider than the column, or a style with
  indents, hyphenation or bullets, goes to ReportLab's own breaking.
``tests/services/test_recognition_list_pdf.py`` checks the lines against ReportLab's.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph

from desktop.text.normalise import nfc


def _plain_style(style: ParagraphStyle) -> bool:
    """Whether ReportLab breaks a single fragment of this style by words alone."""
    return not (
        style.leftIndent
        or style.rightIndent
        or style.firstLineIndent
        or style.wordWrap
        or style.endDots
        or style.shaping
        or getattr(style, "hyphenationLang", "")
        or getattr(style, "uriWasteReduce", 0)
        or getattr(style, "embeddedHyphenation", 0)
        or getattr(style, "bulletText", None)
        or getattr(style, "autoLeading", "") not in ("", "off", None)
    )


class CellParagraph(Paragraph):
    """A table cell's paragraph, wrapped once (see the module)."""

    _wrapped_at: float | None = None
    _widths: dict[str, float] | None = None  # a plain cell's words' widths, shared

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_at is not None and abs(self._wrapped_at - availWidth) < 1e-6:
            return self.width, self.height
        if self._widths is None or not self._break_plain(availWidth):
            super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return self.width, self.height

    def _break_plain(self, width: float) -> bool:
        """The lines of a plain cell, as ``Paragraph.wrap`` finds them; False for a word
        wider than the column (ReportLab splits it)."""
        widths = self._widths
        assert widths is not None
        frag = self.frags[0]
        font, size = frag.fontName, frag.fontSize
        space = widths[" "]
        shrink = self.style.spaceShrinkage * space
        lines: list[tuple[float, list[str]]] = []
        line: list[str] = []
        current = -space
        widest = 0.0
        for word in frag.text.split(" "):
            w = widths.get(word)
            if w is None:
                w = widths[word] = stringWidth(word, font, size)
            if w > width:
                return False
            new = current + space + w
            if new <= width + shrink * len(line) or not line:
                line.append(word)
                current = new
            else:
                widest = max(widest, current)
                lines.append((width - current, line))
                line, current = [word], w
        widest = max(widest, current)
        lines.append((width - current, line))
        ascent, descent = getAscentDescent(font, size)
        self._width_max = widest
        self._splitLongWordCount = self._hyphenations = 0
        self.width = width
        self._wrapWidths = [width, width]
        self.blPara = frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)
        self.height = len(lines) * self.style.leading
        return True


class CellMaker:
    """``make(text, style, bold)``: the cell's paragraph (see the module)."""

    def __init__(self) -> None:
        self._frags: dict[tuple[str, bool], Any] = {}
        self._widths: dict[tuple[str, float], dict[str, float]] = {}

    def __call__(self, text: str, style: ParagraphStyle, bold: bool = False) -> CellParagraph:
        text = nfc(text)
        marked = escape(text)
        marked = f"<b>{marked}</b>" if bold else marked
        if not text or text != " ".join(text.split()) or "\xad" in text:
            return CellParagraph(marked, style)  # spaces the parser would clean up
        key = (style.name, bold)
        frag = self._frags.get(key)
        if frag is None:
            (frag,) = Paragraph("<b>x</b>" if bold else "x", style).frags
            self._frags[key] = frag
        cell = CellParagraph(marked, style, frags=[frag.clone(text=text)])
        if _plain_style(style):
            font = (frag.fontName, frag.fontSize)
            widths = self._widths.get(font)
            if widths is None or len(widths) > 50_000:
                widths = self._widths[font] = {" ": stringWidth(" ", *font)}
            cell._widths = widths
        return cell
