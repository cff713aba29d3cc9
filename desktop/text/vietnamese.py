"""Vietnamese text, numbers, money, dates and document lines. Pure Python, no Qt.

The rules follow ``vietnamese.md`` (the project's specification):

* text is normalised to NFC at every input and output (:func:`nfc`, :func:`clean`);
* search uses a key without diacritics (:func:`fold`): "sang kien" finds "Sáng kiến";
* sorting uses the Vietnamese alphabet, then tones, then case (:func:`collation_key`), and
  people sort by given name, family name, middle names (:func:`person_sort_key`);
* numbers use ``.`` for thousands and ``,`` for decimals (:func:`format_number`,
  :func:`parse_number`); amounts are read out in words (:func:`money_in_words`);
* dates are dd/mm/yyyy (:func:`format_date`, :func:`parse_date`); official documents carry
  "Lai Châu, ngày 13 tháng 01 năm 2022" and "Số: 84/KH-LĐLĐ" (Nghị định 30/2020/NĐ-CP).

Error messages are in Vietnamese, the language of the user interface.
"""

from __future__ import annotations

import calendar
import codecs
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _codecs import _EncodingMap

__all__ = [
    "clean",
    "collation_key",
    "document_date_line",
    "document_number",
    "fold",
    "format_date",
    "format_money",
    "format_number",
    "money_in_words",
    "nfc",
    "number_in_words",
    "parse_date",
    "parse_number",
    "person_sort_key",
    "upper_vi",
]

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
    s = nfc(text)
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


# ----------------------------------------------------------------------------------------
# Numbers and money

Number = int | float | Decimal


def _to_decimal(n: Number) -> Decimal:
    if isinstance(n, bool) or not isinstance(n, int | float | Decimal):
        raise TypeError(f"not a number: {n!r}")
    d = Decimal(repr(n)) if isinstance(n, float) else Decimal(n)
    if not d.is_finite():
        raise ValueError(f"Không phải là một số hữu hạn: {n!r}")
    return d


def format_number(n: Number | None, decimals: int = 0) -> str:
    """Vietnamese number format: ``.`` between thousands, ``,`` before decimals.

    Rounds half away from zero to ``decimals`` places. ``None`` gives ``""``.

    >>> format_number(1500000), format_number(-1200), format_number(1234.5, 1)
    ('1.500.000', '-1.200', '1.234,5')
    """
    if n is None:
        return ""
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    d = _to_decimal(n)
    with localcontext() as ctx:
        ctx.prec = max(28, d.adjusted() + decimals + 3)
        q = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{frac}" if decimals else f"{sign}{grouped}"


_CURRENCY_WORDS = r"(?:vnđ|vnd|đồng|dong|đ|₫)"
_CURRENCY_RE = re.compile(rf"^{_CURRENCY_WORDS}\.?\s*|\s*{_CURRENCY_WORDS}\.?$", re.IGNORECASE)
_SPACED_GROUPS_RE = re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+(?:,[0-9]+)?")
_NUMBER_CHARS_RE = re.compile(r"[0-9][0-9.,]*")
_DIGITS_RE = re.compile(r"[0-9]+")


def _grouped(digits: str, sep: str) -> bool:
    return re.fullmatch(rf"[1-9][0-9]{{0,2}}(?:{re.escape(sep)}[0-9]{{3}})+", digits) is not None


def parse_number(text: str | Number | None) -> int | Decimal | None:
    """Read a number typed the Vietnamese way; ``int`` when there is no decimal part.

    Accepted: "1.500.000", "1500000", "1 500 000", "2.300", "12,5", "-1.200", a currency word
    before or after ("1.500.000 đ", "1.500.000đ", "1.500.000 đồng", "1.500.000 ₫", "VNĐ 500").
    Blank text gives ``None``; numbers (from Excel cells) are returned as numbers.

    Separators, Vietnamese convention first:

    * ``.`` is the thousands separator and ``,`` the decimal separator: "1.234,5" = 1234.5;
    * a single ``.`` followed by exactly three digits, after 1-3 digits not starting with 0,
      is a thousands separator: "2.300" = 2300 (but "0.300" and "1234.567" are decimals);
      any other single ``.`` is a decimal point: "12.5" = 12.5;
    * a single ``,`` is always the decimal separator: "12,5" = 12.5 and "1,500" = 1.5;
    * several ``,`` are English thousands separators: "1,500,000" = 1500000;
    * with both ``.`` and ``,`` the last one is the decimal separator: "1,234.5" = 1234.5.

    Anything else raises :class:`ValueError` with a message for the user.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        d = _to_decimal(text)
        return int(d) if d == d.to_integral_value() else d
    raw = clean(text)
    s = _CURRENCY_RE.sub("", raw).strip()
    if not s:
        if raw:
            raise ValueError(f"Không đọc được số «{raw}». Hãy nhập số, ví dụ 1.500.000 hoặc 12,5.")
        return None
    negative = s[0] in "-−"
    if s[0] in "-−+":
        s = s[1:].lstrip()
    if " " in s and _SPACED_GROUPS_RE.fullmatch(s):
        s = s.replace(" ", "")
    whole, frac = _split_number(s)
    if whole is None:
        raise ValueError(f"Không đọc được số «{raw}». Hãy nhập số, ví dụ 1.500.000 hoặc 12,5.")
    sign = "-" if negative else ""
    if frac:
        return Decimal(f"{sign}{whole}.{frac}")
    value = int(whole)
    return -value if negative else value


def _split_number(s: str) -> tuple[str | None, str]:
    """(integer digits, decimal digits) of an unsigned number, or (None, "") when invalid."""
    if not _NUMBER_CHARS_RE.fullmatch(s) or s[-1] in ".,":
        return None, ""
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        whole, frac = s.rsplit(dec, 1)
        thousands = "," if dec == "." else "."
        if dec in whole or not (_DIGITS_RE.fullmatch(whole) or _grouped(whole, thousands)):
            return None, ""
        return whole.replace(thousands, ""), frac
    if dots > 1 or commas > 1:
        sep = "." if dots else ","
        return (s.replace(sep, ""), "") if _grouped(s, sep) else (None, "")
    if dots == 1:
        whole, frac = s.split(".")
        if len(frac) == 3 and _grouped(s, "."):
            return whole + frac, ""
        return whole, frac
    if commas == 1:
        whole, frac = s.split(",")
        return whole, frac
    return s, ""


def format_money(amount: Number | None, symbol: bool = False) -> str:
    """An amount of money: "1.500.000 đồng", or "1.500.000 ₫" with ``symbol=True``.

    Whole amounts have no decimals; others show two. ``None`` gives ``""``.
    """
    if amount is None:
        return ""
    d = _to_decimal(amount)
    decimals = 0 if d == d.to_integral_value() else 2
    return f"{format_number(d, decimals)} {'₫' if symbol else 'đồng'}"


_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9


def _read_hundreds(n: int, full: bool, tu: bool) -> list[str]:
    """Words for 0 < n < 1000. ``full``: read the hundreds even when 0 ("không trăm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGIT_WORDS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGIT_WORDS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGIT_WORDS[units])
    else:
        words += [_DIGIT_WORDS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4 and tu:
            words.append("tư")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGIT_WORDS[units])
    return words


def _read_below_billion(n: int, leading: bool, tu: bool) -> list[str]:
    """Words for 0 < n < 10^9. Groups after the first are read in full; zero groups skipped."""
    words: list[str] = []
    for value, scale in ((n // 1_000_000, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value:
            words += _read_hundreds(value, full=bool(words) or not leading, tu=tu)
            if scale:
                words.append(scale)
    return words


def _read(n: int, tu: bool) -> list[str]:
    if n < _BILLION:
        return _read_below_billion(n, leading=True, tu=tu)
    billions, rest = divmod(n, _BILLION)
    words = [*_read(billions, tu), "tỷ"]
    if rest:
        words += _read_below_billion(rest, leading=False, tu=tu)
    return words


def _as_whole_number(n: Number) -> int:
    d = _to_decimal(n)
    if d != d.to_integral_value():
        raise ValueError(f"Chỉ đọc được số nguyên thành chữ, không đọc được {n}.")
    return int(d)


def number_in_words(n: Number, *, tu: bool = False) -> str:
    """A whole number in Vietnamese words, lower-case: 1015 -> "một nghìn không trăm mười lăm".

    The administrative convention: "mốt" for 1 after tens from twenty ("hai mươi mốt"),
    "lăm" for 5 after tens ("mười lăm", "hai mươi lăm"), "linh" for empty tens ("một trăm
    linh năm"), "không trăm" for empty hundreds after the leading group ("một nghìn không
    trăm linh một"), groups that are all zero are skipped ("một triệu không trăm linh năm"
    for 1.000.005), "nghìn" and "tỷ", repeated above 999 tỷ ("một nghìn tỷ"). Four after tens
    from twenty is "bốn", or "tư" with ``tu=True``. Negative numbers start with "âm".
    """
    value = _as_whole_number(n)
    if value == 0:
        return "không"
    words = _read(abs(value), tu)
    return " ".join(["âm", *words] if value < 0 else words)


def money_in_words(amount: Number, *, tu: bool = False) -> str:
    """An amount in words for "Bằng chữ:": 1500000 -> "Một triệu năm trăm nghìn đồng".

    Only whole amounts (VND has no subunit in use); see :func:`number_in_words`.
    """
    words = number_in_words(amount, tu=tu)
    return f"{words[0].upper()}{words[1:]} đồng"


# ----------------------------------------------------------------------------------------
# Dates

_MIN_YEAR, _MAX_YEAR = 1900, 2100
_DMY_RE = re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})")
_YMD_RE = re.compile(r"([0-9]{4})([/.\-])([0-9]{1,2})\2([0-9]{1,2})")
_WORDS_RE = re.compile(
    r"(?:ngày\s+)?([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})", re.IGNORECASE
)
_TIME_SUFFIX_RE = re.compile(r"\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")


def format_date(d: date | None) -> str:
    """dd/mm/yyyy: ``date(2022, 1, 5)`` -> "05/01/2022"; ``None`` gives ``""``."""
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def parse_date(text: str | date) -> date:
    """Read a date typed by a person: day first, as in Vietnam.

    Accepted: "5/1/2022", "05/01/2022", "05-01-2022", "05.01.2022", ISO "2022-01-05",
    "ngày 05 tháng 01 năm 2022", and two-digit years ("5/1/22" is 2022): 00-29 mean 20xx,
    30-99 mean 19xx, as in Excel. A trailing time ("05/01/2022 00:00") is ignored; a
    ``date``/``datetime`` (from an Excel cell) is returned as a date. Years must lie in
    1900-2100. Raises :class:`ValueError` with a message for the user.
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    s = _TIME_SUFFIX_RE.sub("", clean(text))
    if not s:
        raise ValueError("Chưa nhập ngày. Hãy nhập theo dạng dd/mm/yyyy.")
    if m := _DMY_RE.fullmatch(s):
        day, month, year_text = int(m[1]), int(m[3]), m[4]
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000 if year < 30 else 1900
    elif m := _YMD_RE.fullmatch(s):
        year, month, day = int(m[1]), int(m[3]), int(m[4])
    elif m := _WORDS_RE.fullmatch(s):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        raise ValueError(f"Không đọc được ngày «{s}». Hãy nhập theo dạng dd/mm/yyyy.")
    shown = f"{day:02d}/{month:02d}/{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"Ngày không hợp lệ: {shown} — không có tháng {month}.")
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValueError(
            f"Ngày không hợp lệ: {shown} — năm phải trong khoảng {_MIN_YEAR}–{_MAX_YEAR}."
        )
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        raise ValueError(f"Ngày không hợp lệ: {shown} — không có ngày 0.")
    if day > last:
        if month == 2 and day == 29:
            reason = f"năm {year} không nhuận, tháng 2 chỉ có 28 ngày"
        else:
            reason = f"tháng {month} không có ngày {day}"
        raise ValueError(f"Ngày không hợp lệ: {shown} — {reason}.")
    return date(year, month, day)


# ----------------------------------------------------------------------------------------
# Official documents (Nghị định 30/2020/NĐ-CP, Phụ lục I)


def document_date_line(place: str | None, d: date) -> str:
    """Place and date under the national motto: "Lai Châu, ngày 13 tháng 01 năm 2022".

    Days below 10 and the months 1 and 2 take a leading zero; months 3-12 do not
    ("ngày 05 tháng 3 năm 2022"). Without a place the line starts with "Ngày".
    """
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    when = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    where = clean(place)
    return f"{where}, {when}" if where else when[0].upper() + when[1:]


def document_number(number: int, symbol: str) -> str:
    """The number line of a document: (84, "KH-LĐLĐ") -> "Số: 84/KH-LĐLĐ".

    Numbers below 10 take a leading zero ("Số: 05/QĐ-LĐLĐ").
    """
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"Số văn bản phải là số nguyên dương, không phải {number!r}.")
    sym = clean(symbol)
    return f"Số: {number:02d}/{sym}" if sym else f"Số: {number:02d}"
