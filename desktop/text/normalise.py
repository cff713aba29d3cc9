"""Vietnamese letters and text as it is stored: NFC at every input and output (:func:`nfc`,
:func:`clean`), upper case (:func:`upper_vi`), and the search key without diacritics
(:func:`fold`: "sang kien" finds "Sáng kiến"). Pure Python, no Qt, no SQL."""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _codecs import _EncodingMap


# ----------------------------------------------------------------------------------------
# Letters

#: The twelve vowels; each takes five tone marks (precomposed in NFC).
_VOWELS = "aăâeêioôơuưy"
#: Combining tone marks in the order of the tones: huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"


def _build_vietnamese_letters() -> tuple[str, ...]:
    letters = []
    for vowel in _VOWELS:
        for mark in ("", *_TONE_MARKS):
            letters.append(unicodedata.normalize("NFC", vowel + mark))
    letters.append("đ")
    lower = [ch for ch in letters if not ch.isascii()]
    return tuple(lower + [ch.upper() for ch in lower])


#: The 134 precomposed (non-ASCII) letters of Vietnamese, 67 lower-case then 67 upper-case.
VIETNAMESE_LETTERS: tuple[str, ...] = _build_vietnamese_letters()
VIETNAMESE_LETTERS_LOWER = "".join(VIETNAMESE_LETTERS[:67])
assert len(VIETNAMESE_LETTERS) == 134 and VIETNAMESE_LETTERS_LOWER.islower()

# ----------------------------------------------------------------------------------------
# Text

# Invisible characters that only get in the way in names and titles: soft hyphen, zero-width
# space, word joiner, byte-order mark. (Zero-width (non-)joiners are left alone.)
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def nfc(text: str | None) -> str:
    """Return ``text`` in Unicode NFC; ``None`` gives ``""``. Nothing else is changed.

    The Windows Vietnamese keyboard and Unikey's "Unicode tổ hợp" type decomposed text (NFD);
    it looks the same but breaks search, sorting and length limits.
    """
    if text is None:
        return ""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, drop invisible characters, collapse runs of whitespace to one space, strip ends.

    Use it for one-line fields (names, titles, codes). Non-breaking spaces, tabs and line
    breaks all become a single ordinary space.

    >>> clean("  Sáng\\u00a0kiến \\n cải tiến ")
    'Sáng kiến cải tiến'
    """
    if text is None or text == "":  # most optional fields of a list: nothing to do
        return ""
    s = unicodedata.normalize("NFC", text)
    if "\u00ad" in s or "\u200b" in s or "\u2060" in s or "\ufeff" in s:
        s = _INVISIBLE_RE.sub("", s)
    return " ".join(s.split())


def upper_vi(text: str | None) -> str:
    """Upper-case Vietnamese text correctly (đ -> Đ, ư -> Ư, ...), always returning NFC."""
    return nfc(nfc(text).upper())


def _charmap(chars: str) -> _EncodingMap:
    """A charmap codec (C ``EncodingMap``) numbering up to 256 characters: a byte each.

    Encoding with it is a fast way to turn common text into bytes that ``bytes.translate``
    can map in C; text with any other character raises ``UnicodeEncodeError``.
    """
    assert chars[0] == "\x00" and len(chars) == len(set(chars)) <= 256, len(chars)
    encoding = codecs.charmap_build(chars.ljust(256, "\ufffe"))
    assert not isinstance(encoding, dict)  # the fast EncodingMap, not a slow dict
    return encoding


_ASCII_PRINTABLE = "".join(chr(c) for c in range(0x20, 0x7F))
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


class _FoldTable(dict[int, int | str | None]):
    """``str.translate`` table for :func:`fold`, filled lazily one code point at a time."""

    def __missing__(self, cp: int) -> int | str | None:
        ch = chr(cp)
        value: int | str | None
        if ch in "đĐðÐ":  # ð/Ð (Icelandic eth) is often typed for đ/Đ: they look alike
            value = "d"
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            value = None  # combining marks and invisible format characters
        else:
            value = cp
        self[cp] = value
        return value


_FOLD_TABLE = _FoldTable()


def _fold_chars(casefolded: str) -> str:
    """Fold character by character (no whitespace handling); input already case-folded."""
    s = unicodedata.normalize("NFD", casefolded).translate(_FOLD_TABLE)
    return unicodedata.normalize("NFC", s)


# Fast path: case-folded Vietnamese text maps byte to byte onto ASCII.
_FOLD_CHARS = "\x00" + _ASCII_PRINTABLE + VIETNAMESE_LETTERS_LOWER + "ðäöüçñ" + _INVISIBLE_CHARS
_FOLD_ENCODING = _charmap(_FOLD_CHARS)


def _fold_bytes_table() -> tuple[bytes, bytes]:
    table, delete = bytearray(256), bytearray()
    for i, ch in enumerate(_FOLD_CHARS):
        out = _fold_chars(ch)
        if out:
            assert len(out) == 1 and out.isascii(), (ch, out)
            table[i] = ord(out)
        else:
            delete.append(i)
    return bytes(table), bytes(delete)


_FOLD_BYTES, _FOLD_DELETE = _fold_bytes_table()


def fold(text: str | None) -> str:
    """Search key: no diacritics, đ -> d, case-folded, whitespace collapsed, ends stripped.

    Combining marks and invisible characters (soft hyphen, zero-width space) are dropped.
    Store it in an indexed column and fold the user's query the same way.
    ``fold(fold(x)) == fold(x)`` for every string.

    >>> fold("Sáng kiến  CẢI TIẾN")
    'sang kien cai tien'
    >>> fold("Đoàn")
    'doan'
    """
    s = nfc(text).casefold()
    try:
        encoded = codecs.charmap_encode(s, "strict", _FOLD_ENCODING)[0]
    except UnicodeEncodeError:
        s = _fold_chars(s)
    else:
        s = encoded.translate(_FOLD_BYTES, _FOLD_DELETE).decode("ascii")
        if "  " not in s and s[:1] != " " and s[-1:] != " ":
            return s
    return " ".join(s.split())
