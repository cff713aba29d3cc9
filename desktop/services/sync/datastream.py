"""``data.json`` read and written as a stream: a province-wide bundle of 1,000,000 initiatives
is about 1.5 GB of JSON, which must never be held whole (docs/bundle-format.md, "streamed
layout").

Reading: the top-level object is walked key by key; a list's records are decoded one at a
time (the C JSON scanner on a sliding window of text), so memory follows the largest record,
not the document. Writing: the sections are written in the order given, one record a line.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

READ_BYTES = 1 << 20
# One record (an initiative with its authors and dossier) is a few kilobytes; a value larger
# than this is refused rather than read on to the end of the file to find where it stops.
MAX_VALUE_CHARS = 64 << 20
_WS = " \t\r\n"


class StreamError(ValueError):
    """``code`` is the refusal's code: ``bad_json`` or ``bad_utf8``."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def _no_constants(value: str) -> Any:
    raise ValueError(value)  # NaN, Infinity: not JSON


_DECODER = json.JSONDecoder(parse_constant=_no_constants)


class _Text:
    """UTF-8 text of a byte stream, read as needed: ``buf[pos:]`` is what is not used yet."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self._read = read
        self._utf8 = codecs.getincrementaldecoder("utf-8")("strict")
        self.buf = ""
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        """Read more text (at least as much as is held: a huge value costs n log n, not n²)."""
        if self.eof:
            return False
        want = max(READ_BYTES, len(self.buf) - self.pos)
        chunk = self._read(want)
        try:
            text = self._utf8.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise StreamError("bad_utf8") from None
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        if not chunk:
            self.eof = True
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            buf, pos = self.buf, self.pos
            while pos < len(buf) and buf[pos] in _WS:
                pos += 1
            self.pos = pos
            if pos < len(buf):
                return buf[pos]
            if not self.more():
                return ""

    def expect(self, ch: str) -> None:
        if self.peek() != ch:
            raise StreamError("bad_json")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except (ValueError, RecursionError):
                if len(self.buf) - self.pos > MAX_VALUE_CHARS or not self.more():
                    raise StreamError("bad_json") from None
                continue
            if end == len(self.buf) and not self.eof and self.more():
                continue  # a number may go on in the next piece
            self.pos = end
            return obj


# What the walk yields: ("item", key, record) for each record of a list, ("value", key, value)
# for anything else, ("end", key, None) when a list is over.
Event = tuple[str, str, Any]


def events(read: Callable[[int], bytes]) -> Iterator[Event]:
    """Walk ``data.json``'s top-level object; StreamError if it is not UTF-8 JSON, or if a
    key comes twice (no writer does that)."""
    text = _Text(read)
    text.expect("{")
    seen: set[str] = set()
    if text.peek() == "}":
        text.pos += 1
    else:
        while True:
            key = text.value()
            if not isinstance(key, str) or key in seen:
                raise StreamError("bad_json")
            seen.add(key)
            text.expect(":")
            if text.peek() == "[":
                text.pos += 1
                if text.peek() == "]":
                    text.pos += 1
                else:
                    while True:
                        yield "item", key, text.value()
                        sep = text.peek()
                        text.pos += 1
                        if sep == "]":
                            break
                        if sep != ",":
                            raise StreamError("bad_json")
                yield "end", key, None
            else:
                yield "value", key, text.value()
            sep = text.peek()
            text.pos += 1
            if sep == "}":
                break
            if sep != ",":
                raise StreamError("bad_json")
    if text.peek() != "":
        raise StreamError("bad_json")  # something after the object


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def encode(
    sections: Iterable[tuple[str, Any]], chunk: int = 1 << 18, tally: list[int] | None = None
) -> Iterator[bytes]:
    """``{"key":[record,…],…}`` in the order given, one record a line, in pieces of about
    ``chunk`` bytes. A section's value is a list or any iterable of records (read lazily),
    or a plain JSON value (``True``). ``tally[0]`` counts the records written."""
    tally = tally if tally is not None else [0]
    out: list[str] = ["{"]
    size = 1
    first = True
    for key, value in sections:
        out.append(("" if first else ",\n") + _dumps(key) + ":")
        first = False
        if isinstance(value, (bool, int, float, str, dict)) or value is None:
            out.append(_dumps(value))
            continue
        out.append("[")
        sep = "\n"
        for record in value:
            piece = _dumps(record)
            out.append(sep + piece)
            sep = ",\n"
            tally[0] += 1
            size += len(piece) + 2
            if size >= chunk:
                yield "".join(out).encode()
                out, size = [], 0
        out.append("]")
    out.append("}\n")
    yield "".join(out).encode()
