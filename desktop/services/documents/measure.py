"""How wide a text is set in Times New Roman, where a long body name breaks, and how wide a
table's columns are: shared by the PDF, Word and Excel writers (Word and Excel cannot ask the
program that will lay the copy out)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.services.documents.model import Col, GroupRow
from desktop.text.normalise import nfc, upper_vi


def _plain(text: str) -> str:
    """The letters without their marks (Đ → D): Times New Roman gives a Vietnamese letter the
    width of its base letter, and ReportLab's built-in Times metrics know the base letters."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def text_width_mm(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` is set in Times New Roman at ``size`` points, in millimetres."""
    font = "Times-Bold" if bold else "Times-Roman"
    return stringWidth(_plain(nfc(text)), font, size) * 25.4 / 72


# Words before which a clerk breaks a long body name: "LIÊN ĐOÀN LAO ĐỘNG / TỈNH LAI CHÂU".
_BREAK_BEFORE = {"TỈNH", "THÀNH", "HUYỆN", "QUẬN", "THỊ", "XÃ", "PHƯỜNG", "ĐẶC", "VIỆT"}
_BREAK_BEFORE |= {"NGÀNH", "KHU"}


def balanced(text: str, size: float, width_mm: float, bold: bool = False) -> str:
    """The text on one line if it fits; else on two, broken where a clerk would (before the
    place), else the fullest first line that leaves more than one word for the second."""
    words = nfc(text).split()

    def w(part: list[str]) -> float:
        return text_width_mm(" ".join(part), size, bold)

    if len(words) < 2 or w(words) <= width_mm:
        return " ".join(words)
    fits = [k for k in range(1, len(words)) if w(words[:k]) <= width_mm >= w(words[k:])]
    natural = [k for k in fits if upper_vi(words[k]) in _BREAK_BEFORE]
    if natural:
        k = min(natural, key=lambda k: abs(w(words[:k]) - w(words[k:])))
    elif fits:
        k = max((k for k in fits if len(words) - k > 1), default=max(fits))
    else:
        return " ".join(words)
    return " ".join(words[:k]) + "\n" + " ".join(words[k:])


def fitted_widths(
    columns: Sequence[Col], rows: Sequence[Any], width: float, date_width: float
) -> list[float]:
    """The columns' widths from their weights, a column of dates widened to hold a date on
    one line ("05/12/2021", never "05/12/2 021"), the room taken from the widest column."""
    weights = sum(c.width for c in columns) or 1
    widths = [width * c.width / weights for c in columns]
    sample = [r for r in rows[:200] if not isinstance(r, GroupRow)]
    for i in range(len(columns)):
        if widths[i] >= date_width:
            continue
        if any(isinstance(r[i], dt.date) for r in sample if i < len(r)):
            widest = max(range(len(widths)), key=lambda k: widths[k])
            if widest != i:
                widths[widest] -= date_width - widths[i]
                widths[i] = date_width
    return widths
