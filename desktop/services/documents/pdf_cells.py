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
- Such a cell also draws itself: it writes the same PDF operators ``Paragraph.drawOn`` and
  ``drawPara`` (with ReportLab's left, centred and right line functions) write for it, byte
  for byte, without the canvas's saved states, colour calls and text object around each
  cell; a line already encoded for the font's subsets in this document is not encoded again
  (a unit's or a field's name comes back on every page). Other cells are drawn by ReportLab.
``tests/services/test_recognition_list_pdf.py`` checks the lines against ReportLab's, and the
drawn page against ReportLab's own drawing.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import paraFontSizeHeightOffset

from desktop.text.normalise import nfc

# Cells draw themselves only on the ReportLab line whose drawing they were checked against
# (they write into the canvas's own code list and font subsets); on any other version every
# cell is drawn by ReportLab itself: slower, never wrong. ``tests/services/
# test_recognition_list_pdf.py`` fails on a new line, to be checked and added here.
DRAWS_ITSELF = tuple(reportlab.Version.split(".")[:2]) in {("5", "1")}


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


# Where a line of a cell starts, as a share of the room left on it (ReportLab's
# ``_leftDrawParaLine``, ``_centerDrawParaLine`` and ``_rightDrawParaLine``).
_LINE_START = {TA_LEFT: 0.0, TA_CENTER: 0.5, TA_RIGHT: 1.0}


class _Lines:
    """The operators of a line of text in the document being drawn, found by ReportLab's
    text object once for a line, a font, a size, a leading and the font subset in use
    before it, then remembered (the font's subsets belong to the document, so this does
    too)."""

    def __init__(self) -> None:
        self._runs: dict[tuple[Any, ...], tuple[str, int]] = {}
        self._canvas: Any = None
        self._text: Any = None

    def encode(
        self, canvas: Any, font: str, size: float, leading: float, subset: int, text: str
    ) -> tuple[str, int]:
        key = (font, size, leading, subset, text)
        hit = self._runs.get(key)
        if hit is None:
            if self._canvas is not canvas:
                self._canvas, self._text = canvas, PDFTextObject(canvas)
            tx = self._text
            tx._fontname, tx._fontsize, tx._leading, tx._curSubset = font, size, leading, subset
            if len(self._runs) > 20_000:
                self._runs.clear()
            hit = self._runs[key] = (tx._formatText(text), tx._curSubset)
        return hit


def _move(code: list[str], dx: float) -> None:
    """``PDFTextObject.moveCursor(dx, 0)``: a move right after another is merged with it."""
    dy: float = 0
    if code and code[-1].endswith(" Td"):
        last = code[-1].split()
        if len(last) == 3:
            del code[-1]
        else:
            code[-1] = "".join(last[:-4])
        dx += float(last[-3])
        dy -= float(last[-2])
    code.append(f"{fp_str(dx, -dy)} Td")


def _fill_op(color: Any) -> str | None:
    """The operator ``canvas.setFillColor`` writes for a plain RGB colour, None for another
    colour (a cell in it is drawn by ReportLab)."""
    if type(color) is not Color or color.alpha != 1 or isinstance(color, CMYKColor):
        return None
    return f"{fp_str((color.red, color.green, color.blue))} rg"


class CellParagraph(Paragraph):
    """A table cell's paragraph, wrapped once (see the module)."""

    _wrapped_at: float | None = None
    _widths: dict[str, float] | None = None  # a plain cell's words' widths, shared
    _lines: _Lines | None = None  # its lines' operators, shared
    _plain_lines = False  # its lines were broken by ``_break_plain``

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_at is not None and abs(self._wrapped_at - availWidth) < 1e-6:
            return self.width, self.height
        self._plain_lines = self._widths is not None and self._break_plain(availWidth)
        if not self._plain_lines:
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

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """What ``Flowable.drawOn`` and ``Paragraph.drawPara`` write for a plain cell's lines,
        written at once (see the module)."""
        style = self.style
        f = self.blPara
        start = _LINE_START.get(style.alignment)
        fill = _fill_op(f.textColor) if self._plain_lines else None
        if (
            not DRAWS_ITSELF
            or fill is None
            or start is None
            or _sW
            or self._lines is None
            or not f.lines
            or f.us_lines
            or f.link
            or style.backColor
            or (style.borderColor and style.borderWidth)
            or getattr(self, "_JustifyLast", False)
            or getattr(self, "_showBoundary", False)
            or canvas._enforceColorSpace
            or not canvas.bottomup
        ):
            super().drawOn(canvas, x, y, _sW)
            return
        font, size, leading = f.fontName, f.fontSize, style.leading
        cur_y = self.height - (size if paraFontSizeHeightOffset else f.ascent)
        code = ["BT", f"1 0 0 1 {fp_str(0, cur_y)} Tm"]
        subset = -1
        encode = self._lines.encode
        for space, words in f.lines:
            text = " ".join(words)
            if space > -1e-8 or len(words) < 2:
                m = start * space
                if m > 1e-6 or m < -1e-6:
                    _move(code, m)
                ops, subset = encode(canvas, font, size, leading, subset, text)
                code.append(f"{ops} T*")
                if m > 1e-6 or m < -1e-6:
                    _move(code, -m)
            else:  # spaces shrunk to take one word more
                code.append(f"{fp_str(space / float(len(words) - 1))} Tw")
                ops, subset = encode(canvas, font, size, leading, subset, text)
                code.append(f"{ops} T*")
                code.append("0 Tw")
        code.append("ET")
        body = " ".join(code)
        canvas._code.append(f"q\n1 0 0 1 {fp_str(x, y)} cm\nq\n{fill}\n{body}\nQ\nQ")


class CellMaker:
    """``make(text, style, bold)``: the cell's paragraph (see the module)."""

    def __init__(self) -> None:
        self._frags: dict[tuple[str, bool], Any] = {}
        self._widths: dict[tuple[str, float], dict[str, float]] = {}
        self._lines = _Lines()  # one document's

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
            cell._lines = self._lines
        return cell
