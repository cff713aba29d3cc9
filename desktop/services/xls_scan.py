"""What an .xls (Excel 97-2003) workbook holds, read before calamine builds a sheet: its
sheets, whether each is hidden, and how far each one's data reaches.

calamine builds a sheet as a full rectangle up to its furthest value: one stray cell at IV65536
in a 6 KB file cost a gigabyte and ten seconds before the extent could be checked. An .xls is
a compound document (a small file system of 512-byte sectors) whose "Workbook" stream is a
list of BIFF8 records; this module follows the sectors to that stream and reads, for each
worksheet, the row and column of every record that holds a value (numbers, text, formulas,
booleans; formatted empty cells are no data, and calamine leaves them out too). Only the
structure is read, never the values; the sheets' names and visibility are then taken from
calamine, which also decodes the old BIFF5 code pages.
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.services.common import ServiceError
from desktop.services.xlsx_guard import _check_extent

log = logging.getLogger(__name__)

MAX_XLS_BYTES = 256 << 20  # an .xls holds 65,536 × 256 cells at most: far less than this
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
# Records holding one cell's value: NUMBER, LABELSST, RK, FORMULA, BOOLERR, LABEL, RSTRING.
_ONE_CELL = frozenset({0x0203, 0x00FD, 0x027E, 0x0006, 0x0205, 0x0204, 0x00D6})
_MULRK = 0x00BD  # several RK values on one row
_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085


@dataclass(frozen=True)
class XlsSheet:
    name: str
    visible: bool
    rows: int  # the last row holding a value (0: empty)
    cols: int


class _Damaged(Exception):
    pass


def survey(path: Path) -> list[XlsSheet] | None:
    """Every worksheet of the .xls at ``path``, in order, each checked small enough to read
    (:class:`ServiceError` naming the sheet when one is not). None when the file's structure
    is not understood here: calamine then reads it, or says it is damaged, and its extent is
    still checked before its values become Python objects (a guard must not refuse a file
    that can be read)."""
    if path.stat().st_size > MAX_XLS_BYTES:
        raise ServiceError(f"Tệp «{path.name}» quá lớn để là một tệp .xls.")
    try:
        return _sheets(_workbook_stream(path.read_bytes()))
    except (_Damaged, struct.error, IndexError, OSError) as exc:
        log.info("xls structure not surveyed (%s): %s", path.name, exc)
        return None


def _u32(data: bytes, at: int) -> int:
    return int(struct.unpack_from("<I", data, at)[0])


def _workbook_stream(data: bytes) -> bytes:
    """The "Workbook" (or BIFF5 "Book") stream of a compound document."""
    shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
        raise _Damaged("sector size")
    size = 1 << shift

    def sector(sid: int) -> bytes:
        at = (sid + 1) * size
        if at >= len(data):
            raise _Damaged("sector past the end")
        return data[at : at + size]

    fat_sids = [s for s in struct.unpack_from("<109I", data, 76) if s not in (_END, _FREE)]
    difat, n_difat = _u32(data, 68), _u32(data, 72)
    for _ in range(n_difat):
        if difat in (_END, _FREE):
            break
        block = sector(difat)
        ids = struct.unpack_from(f"<{size // 4}I", block)
        fat_sids += [s for s in ids[:-1] if s not in (_END, _FREE)]
        difat = ids[-1]
    fat: list[int] = []
    for sid in fat_sids:
        fat += struct.unpack_from(f"<{size // 4}I", sector(sid))

    def chain(start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        sid = start
        while sid not in (_END, _FREE):
            if sid >= len(table) or len(out) > len(table):
                raise _Damaged("broken chain")
            out.append(sid)
            sid = table[sid]
        return out

    directory = b"".join(sector(s) for s in chain(_u32(data, 48), fat))
    entries = {}
    root_start = root_size = 0
    for at in range(0, len(directory) - 127, 128):
        name_len = struct.unpack_from("<H", directory, at + 64)[0]
        kind = directory[at + 66]
        name = directory[at : at + max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
        start, length = _u32(directory, at + 116), _u32(directory, at + 120)
        if kind == 5:
            root_start, root_size = start, length
        elif kind == 2:
            entries[name] = (start, length)
    found = entries.get("Workbook") or entries.get("Book")
    if found is None:
        raise _Damaged("no Workbook stream")
    start, length = found
    if length >= _u32(data, 56):  # a regular stream
        return b"".join(sector(s) for s in chain(start, fat))[:length]
    minifat: list[int] = []
    for sid in chain(_u32(data, 60), fat):
        minifat += struct.unpack_from(f"<{size // 4}I", sector(sid))
    ministream = b"".join(sector(s) for s in chain(root_start, fat))[:root_size]
    small = 1 << mini_shift
    return b"".join(ministream[s * small : (s + 1) * small] for s in chain(start, minifat))[:length]


def _records(stream: bytes, at: int) -> Iterator[tuple[int, bytes]]:
    """(type, data) of each BIFF record from ``at`` on."""
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        yield kind, stream[at + 4 : at + 4 + length]
        at += 4 + length


def _sheets(stream: bytes) -> list[XlsSheet]:
    """The worksheets the workbook globals list, each with its extent."""
    listed = []
    for kind, rec in _records(stream, 0):
        if kind == _EOF:
            break
        if kind == _BOUNDSHEET and len(rec) >= 8 and rec[5] == 0:  # a worksheet
            count, wide = rec[6], rec[7] & 1
            raw = rec[8 : 8 + count * (2 if wide else 1)]
            name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            listed.append((name, rec[4] & 3 == 0, _u32(rec, 0)))
    return [XlsSheet(name, visible, *_extent(stream, at, name)) for name, visible, at in listed]


def _extent(stream: bytes, at: int, name: str) -> tuple[int, int]:
    """The last row and column holding a value in the sheet whose BOF is at ``at``."""
    rows = cols = 0
    for n, (kind, rec) in enumerate(_records(stream, at)):
        if kind == _EOF:
            break
        if kind in _ONE_CELL and len(rec) >= 4:
            row, col = struct.unpack_from("<HH", rec, 0)
            last = col
        elif kind == _MULRK and len(rec) >= 6:
            row, col = struct.unpack_from("<HH", rec, 0)
            last = struct.unpack_from("<H", rec, len(rec) - 2)[0]
        else:
            if kind == _BOF and n > 0:
                break  # the next substream: this sheet had no EOF
            continue
        rows, cols = max(rows, row + 1), max(cols, last + 1)
        _check_extent(name, rows, cols)
    return rows, cols
