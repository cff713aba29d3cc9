"""How an office lays out its list around the data: a header of two rows, a numbering row
under it, a total row at the bottom.

* A header of two rows: "Tác giả" merged over "Họ tên | Chức vụ", with "STT" and "Tên sáng
  kiến" merged down over both rows. Each column's header is the upper cell and the lower one
  joined, "Tác giả - Họ tên", "Tác giả - Chức vụ" (:func:`header_span`,
  :func:`combined_headers`). The merged ranges say it for .xlsx and .xls; an .ods does not
  give them to calamine, and the layout is then recognised from the cells themselves.
* Rows that are not initiatives (:func:`skip_reason`): the numbering row "(1) (2) … (7)" or
  "1 2 3 …" that official forms put under the header, a total row ("Tổng cộng", "Cộng"),
  and the header repeated lower in the sheet (lists pasted page after page). They are shown
  in the preview as skipped, with the reason, not as rows that failed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.text.normalise import clean, fold
from desktop.text.numbers import format_number

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)

HEADER_JOIN = " - "
_NUMBERING = re.compile(r"^[(\[]?\s*(\d{1,2}|[a-z])\s*[)\].]?$")
_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong)\b[^a-z]*(sang kien|giai phap)?[^a-z]*$")


@dataclass(frozen=True)
class SkippedRow:
    row_number: int  # 1-based, as Excel shows it
    reason: str
    text: str  # what the row shows, shortened


def _filled(v: Any) -> bool:
    return v not in ("", None)


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return clean(str(v)) if _filled(v) else ""


def header_span(
    rows: Sequence[Sequence[Any]], top: int, merges: Sequence[Merge] | None, title_col: int | None
) -> tuple[int, int]:
    """The header's first and last row (0-based): ``top`` alone, or with the row below it
    when that row holds the sub-headers of a two-row header (or ``top`` is itself the lower
    row of one, as the merged ranges say). When no merged range touches the header (an .ods,
    or two rows typed without merging), the cells themselves say it."""
    merges = _touching(merges, top - 1, top + 1)
    if merges:
        if any(r0 == top - 1 and r1 >= top for r0, _c0, r1, _c1 in merges):
            return top - 1, top
        if any(r0 == top and r1 > top for r0, _c0, r1, _c1 in merges) or any(
            r0 == top and c1 > c0 and _below_span(rows, top, c0, c1) for r0, c0, _r1, c1 in merges
        ):
            return top, top + 1
        return top, top
    return (top, top + 1) if _looks_like_sub_header(rows, top, title_col) else (top, top)


def _touching(merges: Sequence[Merge] | None, first: int, last: int) -> list[Merge]:
    """The merged ranges that cover a cell of the rows ``first`` to ``last``."""
    return [m for m in merges or () if m[0] <= last and m[2] >= first]


def _below_span(rows: Sequence[Sequence[Any]], top: int, c0: int, c1: int) -> bool:
    below = rows[top + 1] if top + 1 < len(rows) else ()
    return any(isinstance(v, str) and v for v in below[c0 : c1 + 1])


def _looks_like_sub_header(rows: Sequence[Sequence[Any]], top: int, title_col: int | None) -> bool:
    """Without merged ranges: the row below the header holds sub-headers when it has only
    text, nothing in the title's column (merged down), and text under an empty header cell
    right of a filled one (a header merged across)."""
    if top + 1 >= len(rows):
        return False
    upper, lower = rows[top], rows[top + 1]
    cells = [(c, v) for c, v in enumerate(lower) if _filled(v)]
    if not cells or any(not isinstance(v, str) for _, v in cells):
        return False
    if title_col is not None and title_col < len(lower) and _filled(lower[title_col]):
        return False
    if is_numbering(lower):
        return False
    for c, _v in cells:
        if c > 0 and not _filled(upper[c] if c < len(upper) else "") and _span_start(upper, c):
            return True
    return False


def _span_start(upper: Sequence[Any], c: int) -> int | None:
    """The column of the filled header cell that an empty one at ``c`` continues."""
    for k in range(c - 1, -1, -1):
        if _filled(upper[k] if k < len(upper) else ""):
            return k
    return None


def combined_headers(
    rows: Sequence[Sequence[Any]], first: int, last: int, merges: Sequence[Merge] | None
) -> list[str]:
    """Each column's header: the upper cell (or the merged range it lies in) and the lower
    one joined by " - " ("Tác giả - Họ tên"); one of them alone when the other is empty."""
    upper = list(rows[first])
    if first == last:
        return [_text(v) for v in upper]
    lower = list(rows[last])
    width = max(len(upper), len(lower))
    upper += [""] * (width - len(upper))
    lower += [""] * (width - len(lower))
    merges = _touching(merges, first, last)
    out = []
    for c in range(width):
        top = _text(upper[c])
        if not top:
            start = _merged_start(merges, first, c) if merges else None
            if start is None and not merges and _filled(lower[c]):
                start = _span_start(upper, c)
            top = _text(upper[start]) if start is not None else ""
        below = _text(lower[c])
        if below and top and fold(below) != fold(top):
            out.append(f"{top}{HEADER_JOIN}{below}")
        else:
            out.append(top or below)
    return out


def _merged_start(merges: Sequence[Merge], row: int, col: int) -> int | None:
    for r0, c0, r1, c1 in merges:
        if r0 <= row <= r1 and c0 <= col <= c1 and c0 < col:
            return c0
    return None


def is_numbering(values: Sequence[Any]) -> bool:
    """ "(1) (2) (3) …", "1 2 3 …" or "A B C …" across the row, increasing, at least three."""
    if not _could_be_numbering(values):
        return False
    marks = []
    for v in values:
        if not _filled(v):
            continue
        if isinstance(v, (bool, dt.date, dt.time)):
            return False
        if isinstance(v, (int, float)):
            if not float(v).is_integer():
                return False
            marks.append(int(v))
            continue
        m = _NUMBERING.match(fold(str(v)))
        if m is None:
            return False
        token = m.group(1)
        marks.append(int(token) if token.isdigit() else ord(token) - ord("a") + 1)
    return len(marks) >= 3 and all(b > a for a, b in itertools.pairwise(marks))


def _could_be_numbering(values: Sequence[Any]) -> bool:
    """False when some cell of the row is no mark, whatever its place; the short texts are
    looked at first (asked of every row of a list: a title is long, and folding it was most
    of the cost)."""
    filled = [v for v in values if _filled(v)]
    if len(filled) < 3:
        return False
    texts = []
    for v in filled:
        if isinstance(v, (bool, dt.date, dt.time)):
            return False
        if isinstance(v, (int, float)):
            if not float(v).is_integer():
                return False
        else:
            texts.append(str(v))
    texts.sort(key=len)
    return all(_NUMBERING.match(fold(t)) is not None for t in texts)


def skip_reason(values: Sequence[Any], header_lines: Sequence[Sequence[Any]]) -> str | None:
    """Why a row below the header is no initiative, or None when it may be one;
    ``header_lines``: the header's rows, to know them again lower in the sheet."""
    texts = [_text(v) for v in values if _filled(v)]
    if not texts:
        return None
    if is_numbering(values):
        return "Dòng đánh số thứ tự các cột (1), (2), (3)…: không phải sáng kiến."
    first = next((v for v in values if _filled(v)), "")
    if isinstance(first, str) and _TOTAL.match(fold(first)):
        return f"Dòng «{_text(first)}»: dòng tổng, không phải sáng kiến."
    folded = [fold(t) for t in texts]
    for line in header_lines:
        shown = [fold(_text(v)) for v in line if _filled(v)]
        if len(shown) >= 2 and folded == shown:
            return "Dòng tiêu đề cột lặp lại: không phải sáng kiến."
    return None


def row_text(values: Sequence[Any], limit: int = 80) -> str:
    """What a row shows, its cells joined, shortened for the preview."""
    text = " | ".join(
        format_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else _text(v)
        for v in values
        if _filled(v)
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"
