"""What an .ods workbook holds, read before calamine opens it: its sheets, whether each is
hidden, and how far each one's data reaches.

calamine parses every sheet of an .ods when it opens the file, and builds each as a full
rectangle up to the furthest cell holding a value: one cell far away (a row repeated a million
times, a cell in column 1024) would make it ask for gigabytes. So ``content.xml`` is streamed
once here, with bounded memory (each row is dropped once counted) and at most
:data:`~desktop.services.xlsx_guard.MAX_SHEET_BYTES` decompressed, counting the rows and cells that
hold a value (repeated ones included); a sheet past the limits is refused, naming it, before
calamine reads anything. Hidden sheets are those whose table style says
``table:display="false"``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from desktop.services.common import ServiceError
from desktop.services.xlsx_guard import MAX_SHEET_BYTES, _check_extent

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_CELLS = (_T + "table-cell", _T + "covered-table-cell")


@dataclass(frozen=True)
class OdsSheet:
    name: str
    visible: bool
    rows: int  # the last row holding a value (0: empty)
    cols: int  # the last column holding a value


class _Bounded:
    """A stream that refuses to give more than ``limit`` bytes (a zip bomb stops there)."""

    def __init__(self, raw: IO[bytes], file: str, limit: int) -> None:
        self._raw, self._file, self._left = raw, file, limit

    def read(self, n: int = -1) -> bytes:
        chunk = self._raw.read(n if n >= 0 else 1 << 20)
        self._left -= len(chunk)
        if self._left < 0:
            raise ServiceError(
                f"Tệp «{self._file}» quá lớn để đọc (hơn {MAX_SHEET_BYTES >> 20} MB dữ liệu)."
            )
        return chunk


def survey(path: Path) -> list[OdsSheet]:
    """Every sheet of the .ods at ``path``, in order, each checked small enough to read."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as raw:
            return _Survey().run(_Bounded(raw, path.name, MAX_SHEET_BYTES))
    except (KeyError, zipfile.BadZipFile, EOFError, OSError, SyntaxError, ValueError) as exc:
        raise ServiceError(
            f"Không đọc được tệp LibreOffice (.ods) «{path.name}»: tệp hỏng."
        ) from exc


class _Survey:
    def __init__(self) -> None:
        self.hidden_styles: set[str] = set()
        self.sheets: list[OdsSheet] = []
        self.name: str | None = None  # the sheet being read
        self.style = ""
        self.r = self.c = self.rows = self.cols = 0
        self.row_has = False

    def run(self, stream: Any) -> list[OdsSheet]:
        import xml.etree.ElementTree as ET

        stack: list[Any] = []
        for event, el in ET.iterparse(stream, events=("start", "end")):
            if event == "start":
                stack.append(el)
                self.start(el)
                continue
            stack.pop()
            parent = stack[-1] if stack else None
            if self.end(el, parent) and parent is not None:
                parent.remove(el)  # read: dropped, so memory stays small
        return self.sheets

    def start(self, el: Any) -> None:
        if el.tag == _T + "table":
            self.name, self.style = el.get(_T + "name", ""), el.get(_T + "style-name", "")
            self.r = self.rows = self.cols = 0
        elif el.tag == _T + "table-row":
            self.c, self.row_has = 0, False

    def end(self, el: Any, parent: Any) -> bool:
        """Count an element that has ended; True when it may be dropped."""
        tag = el.tag
        if tag == _S + "table-properties" and el.get(_T + "display") == "false":
            if parent is not None:
                self.hidden_styles.add(parent.get(_S + "name", ""))
            return False
        if self.name is None:
            return False
        if tag in _CELLS:
            repeat = int(el.get(_T + "number-columns-repeated", "1"))
            if el.get(_O + "value-type") or len(el):
                self.row_has = True
                self.cols = max(self.cols, self.c + repeat)
                _check_extent(self.name, max(self.rows, self.r + 1), self.cols)
            self.c += repeat
            return False  # dropped with its row
        if tag == _T + "table-row":
            repeat = int(el.get(_T + "number-rows-repeated", "1"))
            if self.row_has:
                self.rows = max(self.rows, self.r + repeat)
                _check_extent(self.name, self.rows, self.cols)
            self.r += repeat
            return True
        if tag == _T + "table":
            visible = self.style not in self.hidden_styles
            self.sheets.append(OdsSheet(self.name, visible, self.rows, self.cols))
            self.name = None
            return True
        return False
