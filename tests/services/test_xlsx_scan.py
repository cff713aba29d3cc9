"""The size check of a sheet (xlsx_guard._scan) finds the same last row and column holding a
value whichever way it reads the XML: the quick passes for cells that begin <c r="A1" (as
Excel and openpyxl write them) or that carry a reference somewhere, and the tag-by-tag walk,
which is right for every sheet (rows and cells may leave out their reference)."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services import xlsx_guard
from desktop.services.xlsx_guard import _scan, _walk_extent


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


# A cell: (column step, how its reference is written, its content).
_cell = st.tuples(
    st.integers(1, 30),
    st.sampled_from(["first", "after-style", "none", "bare"]),
    st.sampled_from(["value", "self-closed", "empty-pair", "inline"]),
)
_row = st.tuples(st.integers(1, 1000), st.booleans(), st.lists(_cell, max_size=6))


def _sheet(rows: list, prefix: str) -> bytes:
    """Sheet XML whose every given reference agrees with the cell's place; rows in order."""
    p = prefix
    out = [f'<{p}worksheet xmlns:{p[:-1] or "m"}="x"><{p}sheetData>']
    number = 0
    for step, with_r, cells in rows:
        number += step if with_r else 1  # a row without r= follows the one before
        out.append(f'<{p}row r="{number}" spans="1:9">' if with_r else f"<{p}row>")
        col = 0
        for col_step, ref, content in cells:
            # A cell without a reference follows the one before: only a step of 1 keeps it so.
            col += col_step if ref not in ("none", "bare") else 1
            where = f"{_letters(col)}{number}"
            attrs = {
                "first": f' r="{where}" s="1"',
                "after-style": f' s="1" r="{where}"',
                "none": ' s="2"',
                "bare": "",
            }[ref]
            out.append(
                {
                    "value": f"<{p}c{attrs}><{p}v>1</{p}v></{p}c>",
                    "self-closed": f"<{p}c{attrs}/>",
                    "empty-pair": f"<{p}c{attrs}></{p}c>",
                    "inline": f'<{p}c{attrs} t="inlineStr"><{p}is><{p}t>x</{p}t></{p}is></{p}c>',
                }[content]
            )
        out.append(f"</{p}row>")
    out.append(f"</{p}sheetData></{p}worksheet>")
    return "".join(out).encode()


class _Chunks(io.RawIOBase):
    """A stream that hands the XML out in pieces of ``size`` bytes (as a zip member does, in
    4 MB pieces), so that the scan's cutting between tags is exercised too."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size, self.at = data, size, 0

    def read(self, n: int = -1) -> bytes:
        piece = self.data[self.at : self.at + min(n, self.size)]
        self.at += len(piece)
        return piece


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_row, max_size=25),
    st.sampled_from(["", "x:"]),
    st.integers(40, 5000),
)
def test_the_quick_scan_finds_what_the_tag_by_tag_walk_finds(rows, prefix, piece):
    data = _sheet(rows, prefix)  # within the limits: at most 25,000 rows and 180 columns
    rows_walked, cols_walked, _, _ = _walk_extent(data, 0, 0, 0)
    assert _scan("Danh sách", _Chunks(data, piece)) == (rows_walked, cols_walked)


def test_a_sheet_written_by_openpyxl_takes_the_quick_pass_and_counts_every_value():
    data = _sheet([(1, True, [(1, "first", "value"), (3, "first", "self-closed")]),
                   (4, True, [(2, "first", "inline")])], "")  # fmt: skip
    assert xlsx_guard._CELL_NOT_R_FIRST.search(data) is None
    assert _scan("Danh sách", _Chunks(data, 1 << 20)) == (5, 2)
