"""Vietnamese sort order: the alphabet, then tones, then case (:func:`collation_key`); people
by given name, family name, middle names (:func:`person_sort_key`). Pure Python."""

from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from desktop.text.normalise import (
    _ASCII_PRINTABLE,
    _INVISIBLE_CHARS,
    _TONE_MARKS,
    VIETNAMESE_LETTERS,
    _charmap,
    clean,
    nfc,
)

# ----------------------------------------------------------------------------------------
# Sorting
#
# A collation key is three levels, compared one after the other:
#   level 1  the letters of the whole string (alphabet a ă â b c d đ e ê (f) g h i (j) k ...),
#   level 2  the tone of each letter (ngang < huyền < hỏi < ngã < sắc < nặng),
#   level 3  the case of each letter (lower before upper).
# Each level is written with characters from "0-9a-z" only, and the levels are joined by "0",
# which sorts below every character a level can start a symbol with. Keys made only of
# [0-9a-z] order the same under byte comparison (SQLite BINARY, PostgreSQL "C") and under the
# usual linguistic collations (glibc en_US/vi_VN, ICU root), so ORDER BY on the stored key
# works whatever collation the database was created with.

_KEY_SEP = "0"
#: Letters in Vietnamese order, with f j w z at their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
#: Space and ASCII punctuation, in the order of the Unicode (CLDR root) collation.
_SPACE_PUNCT = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
_CODE_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"  # ascending byte (and collation) order
#: Common typographic punctuation sorts with its ASCII look-alike (differing at level 2).
_PUNCT_ALIASES = {
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "…": ".",
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
}  # fmt: skip
#: Latin letters without a canonical decomposition, sorted with a Vietnamese letter.
_LATIN_EXTRA = {"ð": "đ", "ø": "o", "ł": "l", "æ": "a", "œ": "o", "ß": "s", "ı": "i", "þ": "t"}
_LETTER_MODIFIERS = {
    "a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô", "o\u031b": "ơ", "u\u031b": "ư",
}  # fmt: skip
_MODIFIER_MARKS = "\u0306\u0302\u031b"
_TONE_WEIGHT = {"": "1", **{m: str(i) for i, m in enumerate(_TONE_MARKS, start=2)}}
_OTHER_MARKS_WEIGHT = "7"  # any other diacritic (ü, ç, ñ ...) sorts after the five tones

assert len(_SPACE_PUNCT) == 33 and len(_ALPHABET) == 33


def _level1_codes() -> dict[str, str]:
    codes = {ch: "1" + _CODE_DIGITS[i] for i, ch in enumerate(_SPACE_PUNCT)}  # "10".."1w"
    codes.update({d: "2" + d for d in "0123456789"})  # "20".."29"
    letter_codes = _CODE_DIGITS[3:35]  # "3".."9", "a".."y": one character per letter
    codes.update(zip(_ALPHABET[:-1], letter_codes, strict=True))
    codes["z"] = "z0"
    return codes


_L1_CODES = _level1_codes()
_L1_OTHER_PUNCT = "1x"  # + 6 hex digits of the code point: other punctuation and symbols
_L1_OTHER = "z1"  # + 6 hex digits of the (lower-case) code point: any other character

#: (level-1 code, tone weight, case bit) of one character, or None when it is ignored.
_Weights = tuple[str, str, str] | None


def _char_weights(ch: str) -> _Weights:
    """The collation weights of one (NFC) character. Used to build the tables below."""
    if ch.isspace():
        return (_L1_CODES[" "], "1", "0")
    cat = unicodedata.category(ch)
    if cat[0] == "M" or cat in ("Cc", "Cf"):
        return None  # lone combining marks, control and invisible format characters
    case = "1" if ch.isupper() else "0"
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    lower = base.lower() if len(base.lower()) == 1 else base
    extra = lower in _LATIN_EXTRA
    letter = _LATIN_EXTRA.get(lower, lower)
    mods = [m for m in marks if m in _MODIFIER_MARKS]
    tones = [m for m in marks if m in _TONE_WEIGHT]
    others = len(marks) - len(mods) - len(tones)
    if len(mods) == 1 and letter + mods[0] in _LETTER_MODIFIERS:
        letter = _LETTER_MODIFIERS[letter + mods[0]]
        mods = []
    if letter in _ALPHABET:
        if extra or mods or others or len(tones) > 1:
            tone = _OTHER_MARKS_WEIGHT
        else:
            tone = _TONE_WEIGHT[tones[0] if tones else ""]
        return (_L1_CODES[letter], tone, case)
    if ch in _L1_CODES:  # ASCII digits and punctuation
        return (_L1_CODES[ch], "1", "0")
    if ch in _PUNCT_ALIASES:
        return (_L1_CODES[_PUNCT_ALIASES[ch]], _OTHER_MARKS_WEIGHT, "0")
    digit = unicodedata.decimal(ch, None)
    if digit is not None:  # other scripts' digits sort with 0-9
        return (_L1_CODES[str(digit)], _OTHER_MARKS_WEIGHT, "0")
    if cat[0] in "PSZ":
        return (f"{_L1_OTHER_PUNCT}{ord(ch):06x}", "1", "0")
    low = ch.lower()
    return (f"{_L1_OTHER}{ord(low if len(low) == 1 else ch):06x}", "1", case)


class _WeightCache(dict[str, _Weights]):
    def __missing__(self, ch: str) -> _Weights:
        value = self[ch] = _char_weights(ch)
        return value


_WEIGHTS = _WeightCache()


# Fast path: the characters of nearly all real text get one byte each from a charmap codec,
# and every level is then built by bytes.translate (C speed, no per-character Python code).
# The tables come from _char_weights, so the fast and the slow path give the same keys.
_CK_CHARS = (
    "\x00" + _ASCII_PRINTABLE + "".join(VIETNAMESE_LETTERS) + "–—…‘’“”«»" + _INVISIBLE_CHARS
    + "äöüÄÖÜçÇñÑð"
)  # fmt: skip
_CK_ENCODING = _charmap(_CK_CHARS)
_CK_SPACE = bytes([_CK_CHARS.index(" ")])
_CK_DOUBLE_SPACE = _CK_SPACE * 2


def _ck_tables() -> tuple[bytes, bytes, bytes, bytes, bytes]:
    """Per byte: 1st and 2nd character of the level-1 code (0 = none), tone, case; ignored."""
    first, second = bytearray(256), bytearray(256)
    tones, cases = bytearray(b"1" * 256), bytearray(b"0" * 256)
    ignored = bytearray()
    for i, ch in enumerate(_CK_CHARS):
        w = _WEIGHTS[ch]
        if w is None:
            ignored.append(i)
            continue
        code = w[0].encode("ascii")
        assert 1 <= len(code) <= 2, (ch, code)
        first[i] = code[0]
        second[i] = code[1] if len(code) == 2 else 0
        tones[i], cases[i] = ord(w[1]), ord(w[2])
    return bytes(first), bytes(second), bytes(tones), bytes(cases), bytes(ignored)


_CK_FIRST, _CK_SECOND, _CK_TONES, _CK_CASES, _CK_IGNORED = _ck_tables()
_OCTAL_TO_KEY = str.maketrans("01234567", "12345678")


@lru_cache(maxsize=4096)
def _case_level(bits: str) -> str:
    """Pack the case bits ("0" lower, "1" upper) three to a character "1"-"8"."""
    bits = bits.rstrip("0")
    if not bits:
        return ""
    bits += "0" * (-len(bits) % 3)
    octal = format(int(bits, 2), "o").zfill(len(bits) // 3)
    return octal.translate(_OCTAL_TO_KEY).rstrip("1")


def _slow_key(s: str) -> str:
    level1: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    for ch in s:
        w = _WEIGHTS[ch]
        if w is not None:
            level1.append(w[0])
            tones.append(w[1])
            cases.append(w[2])
    return (
        f"{''.join(level1)}{_KEY_SEP}{''.join(tones).rstrip('1')}"
        f"{_KEY_SEP}{_case_level(''.join(cases))}"
    )


def collation_key(text: str | None) -> str:
    """A sort key for Vietnamese text, as a plain string to store in an indexed column.

    Sorting by the key puts strings in Vietnamese dictionary order: the letters of the whole
    string first (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; f j w z at their
    Latin places), then the tones (ngang < huyền < hỏi < ngã < sắc < nặng), then the case
    (lower before upper). Whitespace and punctuation sort before digits, digits before letters,
    so "an" < "an toàn" < "anh" < "ao" < "ăn" < "ân" and "bá" < "bác" < "bàn"; "Đà" comes after
    every word in D. Input is NFC-normalised and its whitespace collapsed first, so NFD input
    and double spaces give the same key.

    Encoding (only the characters ``0-9a-z``, so byte order equals the order under common
    database collations; the levels are joined by ``"0"``, lower than anything that starts a
    symbol, which makes a shorter string sort first)::

        key    = level1 "0" level2 "0" level3
        level1 one code per character (prefix-free):
               "10" space, "11".."1w" ASCII punctuation in CLDR order (_ - , ; : ! ? . ' " ...),
               "1x" + 6 hex digits: other punctuation/symbols, by code point,
               "20".."29" digits,
               "3".."9", "a".."y" the 32 letters a ă â b c d đ e ê f ... v w x y, "z0" z,
               "z1" + 6 hex digits: letters of other scripts, by code point.
        level2 one digit per character: "1" ngang, "2" huyền, "3" hỏi, "4" ngã, "5" sắc,
               "6" nặng, "7" other diacritics or a typographic variant (“ for ", – for -);
               trailing "1"s are dropped.
        level3 case bits (1 = upper), three per digit "1"-"8"; trailing "1"s are dropped.

    Length: level 1 takes 1 character per letter (z: 2), 2 per space, digit or common
    punctuation mark, 8 per other character (other scripts, symbols such as • or emoji);
    level 2 at most 1 and level 3 at most 1/3 per character; plus 2 separators. Vietnamese
    text therefore needs at most 3.34 key characters per character (typically about 2).
    Strings that differ only in ignorable characters (zero-width, soft hyphen, lone combining
    marks) or in non-Vietnamese diacritics (û and ü) get the same key: add a unique column
    (the id) to ORDER BY for a stable order. Digits are compared one by one ("10" < "2").
    """
    s = nfc(text)
    if "\xa0" in s:
        s = s.replace("\xa0", " ")
    try:
        encoded = codecs.charmap_encode(s, "strict", _CK_ENCODING)[0]
    except UnicodeEncodeError:
        return _slow_key(" ".join(s.split()))
    if _CK_DOUBLE_SPACE in encoded:
        encoded = _CK_SPACE.join(part for part in encoded.split(_CK_SPACE) if part)
    else:
        encoded = encoded.strip(_CK_SPACE)
    first = encoded.translate(_CK_FIRST, _CK_IGNORED)
    level1 = bytearray(2 * len(first))
    level1[0::2] = first
    level1[1::2] = encoded.translate(_CK_SECOND, _CK_IGNORED)
    tones = encoded.translate(_CK_TONES, _CK_IGNORED).rstrip(b"1")
    cases = encoded.translate(_CK_CASES, _CK_IGNORED).rstrip(b"0")
    level3 = _case_level(cases.decode("ascii")) if cases else ""
    level1_text = level1.translate(None, b"\x00").decode("ascii")
    return f"{level1_text}{_KEY_SEP}{tones.decode('ascii')}{_KEY_SEP}{level3}"


def person_sort_key(full_name: str | None) -> str:
    """Sort key for a person: given name (last word), then family name (first word), then
    middle names, each compared like :func:`collation_key`. "Trần Thị Bình" files under B.

    The three collation keys are joined with ``"0"``; since a key never continues with "0"
    where a shorter key ends, the result orders exactly like the tuple of the three keys.
    """
    words = clean(full_name).split(" ")
    given = words[-1]
    family = words[0] if len(words) > 1 else ""
    middle = " ".join(words[1:-1])
    return _KEY_SEP.join((collation_key(given), collation_key(family), collation_key(middle)))
