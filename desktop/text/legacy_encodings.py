"""Old Vietnamese 8-bit encodings (TCVN3/ABC and VNI Windows) to Unicode. No Qt.

Excel files typed before Unicode still circulate. Their cells hold the legacy bytes read as
Windows-1252/Latin-1 characters, so "Cộng hoà" shows as "Céng hoµ" (TCVN3) or "Coäng hoøa"
(VNI); TCVN3's "ư" is byte 0xAD, which lands on U+00AD, an invisible soft hyphen. The cell's
font tells the encoding: ``.Vn...`` fonts are TCVN3 (those ending in "H", like ``.VnTimeH``,
are the upper-case variants), ``VNI-...`` fonts are VNI.

The tables below were written for this project from the published layouts of TCVN 5712:1993
(the VN3 set used by the ABC ".Vn" fonts) and of the VNI Windows fonts, and checked against
well-known strings ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Coäng hoøa xaõ hoäi chuû nghóa Vieät
Nam"). Python has no codec for either encoding.

* TCVN3 (VN3) is one byte per letter. It has the 67 lower-case letters and only the seven
  upper-case letters Ă Â Ê Ô Ơ Ư Đ; capitals with a tone were typed with an "H" font, whose
  lower-case code points are drawn as capitals.
* VNI writes a base letter followed by a mark byte ("a" + "ù" = "á", "a" + "á" = "ấ"), with a
  few one-byte letters (ñ = đ, ô = ơ, ö = ư, ì í æ ó ò = ì í ỉ ĩ ị, î = ỵ). Upper-case marks are
  the lower-case ones minus 0x20. Conversion takes the longest match first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from desktop.text.normalise import VIETNAMESE_LETTERS, nfc, upper_vi

__all__ = ["convert_by_font", "looks_like_legacy", "tcvn3_to_unicode", "vni_to_unicode"]

# ----------------------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993, VN3): legacy byte -> Unicode letter.
#
# Each row: the letters with the tones huyền, hỏi, ngã, sắc, nặng, and their bytes.
_TCVN3_TONED_ROWS: tuple[tuple[str, tuple[int, int, int, int, int]], ...] = (
    ("àảãáạ", (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    ("ằẳẵắặ", (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    ("ầẩẫấậ", (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    ("èẻẽéẹ", (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    ("ềểễếệ", (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    ("ìỉĩíị", (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    ("òỏõóọ", (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    ("ồổỗốộ", (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    ("ờởỡớợ", (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    ("ùủũúụ", (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    ("ừửữứự", (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    ("ỳỷỹýỵ", (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
)
_TCVN3_PLAIN: tuple[tuple[str, int], ...] = (
    ("Ă", 0xA1), ("Â", 0xA2), ("Ê", 0xA3), ("Ô", 0xA4), ("Ơ", 0xA5), ("Ư", 0xA6), ("Đ", 0xA7),
    ("ă", 0xA8), ("â", 0xA9), ("ê", 0xAA), ("ô", 0xAB), ("ơ", 0xAC), ("ư", 0xAD), ("đ", 0xAE),
)  # fmt: skip


def _tcvn3_table() -> dict[str, str]:
    table = {chr(byte): letter for letter, byte in _TCVN3_PLAIN}
    for letters, codes in _TCVN3_TONED_ROWS:
        table.update({chr(byte): letter for letter, byte in zip(letters, codes, strict=True)})
    return table


#: Legacy character (the byte read as Latin-1) -> Unicode letter; 74 entries.
TCVN3_TO_UNICODE: Mapping[str, str] = MappingProxyType(_tcvn3_table())
_TCVN3_TRANSLATE = str.maketrans(dict(TCVN3_TO_UNICODE))

# ----------------------------------------------------------------------------------------
# VNI Windows: sequences of legacy characters -> Unicode letter.

# Mark bytes (lower-case fonts; the upper-case variants are 0x20 lower): tone marks, then
# circumflex and breve alone and combined with each tone.
_VNI_TONES = "øûõùï"  # huyền, hỏi, ngã, sắc, nặng (0xF8 0xFB 0xF5 0xF9 0xEF)
_VNI_CIRCUMFLEX, _VNI_CIRCUMFLEX_TONES = "â", "àåãáä"  # 0xE2; 0xE0 0xE5 0xE3 0xE1 0xE4
_VNI_BREVE, _VNI_BREVE_TONES = "ê", "èúüéë"  # 0xEA; 0xE8 0xFA 0xFC 0xE9 0xEB
# One-byte letters, lower case (upper case is 0x20 lower).
_VNI_SINGLE = dict(zip("ñôöìíæóòî", "đơưìíỉĩịỵ", strict=True))
_TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng


def _compose(base: str, mark: str = "") -> str:
    return unicodedata.normalize("NFC", base + mark)


def _vni_table() -> dict[str, str]:
    """Canonical VNI sequences (base and marks of the same case) -> Unicode, lower case."""
    table: dict[str, str] = dict(_VNI_SINGLE)
    tone_bases = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}
    for legacy, base in tone_bases.items():
        for byte, mark in zip(_VNI_TONES, _TONE_MARKS, strict=True):
            if legacy == "y" and mark == "\u0323":
                continue  # ỵ is the one-byte "î"
            table[legacy + byte] = _compose(base, mark)
    for base in "aeo":
        table[base + _VNI_CIRCUMFLEX] = _compose(base, "\u0302")
        for byte, mark in zip(_VNI_CIRCUMFLEX_TONES, _TONE_MARKS, strict=True):
            table[base + byte] = _compose(base, "\u0302" + mark)
    table["a" + _VNI_BREVE] = "ă"
    for byte, mark in zip(_VNI_BREVE_TONES, _TONE_MARKS, strict=True):
        table["a" + byte] = _compose("a", "\u0306" + mark)
    return table


def _vni_full_table() -> dict[str, str]:
    """Every case combination: the base letter decides the case of the result."""
    lower = _vni_table()
    table: dict[str, str] = {}
    for seq, letter in lower.items():
        upper_seq = "".join(chr(ord(c) - 0x20) if not c.isascii() else c.upper() for c in seq)
        table[seq] = letter
        table[upper_seq] = letter.upper()
        if len(seq) == 2:  # mixed: "A" + lower-case mark, "a" + upper-case mark
            table[upper_seq[0] + seq[1]] = letter.upper()
            table[seq[0] + upper_seq[1]] = letter
    # "y" + dot below also shows ỵ in VNI fonts; accept it although "î" is the usual form.
    for y, dot, letter in (("y", "ï", "ỵ"), ("Y", "Ï", "Ỵ"), ("Y", "ï", "Ỵ"), ("y", "Ï", "ỵ")):
        table[y + dot] = letter
    return table


#: VNI sequence (legacy bytes read as Latin-1) -> Unicode letter, all case combinations.
VNI_TO_UNICODE: Mapping[str, str] = MappingProxyType(_vni_full_table())


def _vni_pattern(sequences: list[str]) -> re.Pattern[str]:
    """Longest match first: each base letter with its marks, then the one-byte letters."""
    marks: dict[str, list[str]] = {}
    for seq in sequences:
        if len(seq) == 2:
            marks.setdefault(seq[0], []).append(seq[1])
    alternatives = [
        f"{re.escape(base)}[{''.join(sorted(after))}]" for base, after in sorted(marks.items())
    ]
    singles = "".join(sorted(seq for seq in sequences if len(seq) == 1))
    assert all(len(seq) <= 2 for seq in sequences)
    return re.compile("|".join([*alternatives, f"[{singles}]"]))


_VNI_RE = _vni_pattern(list(VNI_TO_UNICODE))

# ----------------------------------------------------------------------------------------
# Conversion


def tcvn3_to_unicode(text: str | None) -> str:
    """Convert TCVN3 (ABC) text, as read from an Excel cell, to NFC Unicode.

    >>> tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    'Cộng hoà xã hội chủ nghĩa Việt Nam'
    """
    if not text:
        return ""
    return nfc(text.translate(_TCVN3_TRANSLATE))


def vni_to_unicode(text: str | None) -> str:
    """Convert VNI Windows text, as read from an Excel cell, to NFC Unicode.

    >>> vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
    'Cộng hòa xã hội chủ nghĩa Việt Nam'
    """
    if not text:
        return ""
    return nfc(_VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group()], text))


def convert_by_font(text: str | None, font_name: str | None) -> str:
    """Convert a cell's text according to its font name; other text just gets NFC.

    ``.Vn...`` fonts: TCVN3 (names ending in "H", like ``.VnTimeH``, are the capital fonts:
    the result is upper-cased); ``VNI-...`` fonts: VNI. Font names are matched without regard
    to case except for that final "H". Text that is already Unicode Vietnamese (it has a
    letter such as ă, đ, ơ, ư, ạ, or a combining mark, which no legacy cell can hold) is left
    as it is: converters such as Unikey change the text but leave the old font on the cell.
    """
    if text is None:
        return ""
    if _has_unicode_vietnamese(text):
        return nfc(text)
    name = (font_name or "").strip()
    folded = name.casefold()
    if folded.startswith(".vn"):
        converted = tcvn3_to_unicode(text)
        return upper_vi(converted) if name.endswith("H") else converted
    if folded.startswith(("vni-", "vni ")):
        return vni_to_unicode(text)
    return nfc(text)


# ----------------------------------------------------------------------------------------
# Guessing the encoding of text whose font is unknown

_GENUINE = frozenset(ch for ch in VIETNAMESE_LETTERS if ord(ch) > 0xFF)
# Latin-1 characters that can be part of real Vietnamese (or ordinary Western) text.
_LATIN1_VIETNAMESE = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_WORD_RE = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_RHYME = (
    r"(?:a(?:i|o|u|y|ch|c|m|nh|ng|n|p|t)?|ă(?:c|m|ng|n|p|t)|â(?:c|m|ng|n|p|t|u|y)"
    r"|e(?:o|c|m|ng|n|p|t)?|ê(?:u|ch|m|nh|n|p|t)?"
    r"|i(?:a|u|ch|m|nh|n|p|t|ê(?:u|c|m|ng|n|p|t))?|y(?:ê(?:u|m|n|t))?"
    r"|o(?:a(?:i|o|y|ch|c|m|nh|ng|n|p|t)?|ă(?:c|m|ng|n|t)|e(?:o|n|t)?|o(?:c|ng)|i|c|m|ng|n|p|t)?"
    r"|ô(?:i|c|m|ng|n|p|t)?|ơ(?:i|m|n|p|t)?"
    r"|u(?:a|â(?:n|ng|t|y)|ê(?:ch|nh)?|i|ơ|ô(?:i|c|m|ng|n|t)|y(?:a|u|ch|nh|n|p|t|ê(?:n|t))?"
    r"|c|m|ng|n|p|t)?"
    r"|ư(?:a|i|u|c|m|ng|n|t|ơ(?:i|u|c|m|ng|n|p|t))?)"
)
_SYLLABLE_RE = re.compile(_ONSET + _RHYME)
_TONE_SET = frozenset(_TONE_MARKS)


# One character class each, searched in C: every non-ASCII text of a list is asked (a title,
# an author's name), character by character in Python that was most of reading a big list.
_GENUINE_RE = re.compile("[" + "".join(sorted(_GENUINE)) + "\u0300-\u036f]")
_LEGACY_LOOKING_RE = re.compile(
    "[" + "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _LATIN1_VIETNAMESE) + "]"
)


def _has_unicode_vietnamese(text: str) -> bool:
    """Whether ``text`` holds a Vietnamese letter beyond Latin-1 or a combining mark."""
    return _GENUINE_RE.search(text) is not None


def _is_syllable(word: str) -> bool:
    """Whether ``word`` is a plausible Vietnamese syllable (one tone at most)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONE_SET)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_SET))
    return tones <= 1 and _SYLLABLE_RE.fullmatch(bare) is not None


def looks_like_legacy(text: str | None) -> str | None:
    """Guess whether text from a cell of unknown font is TCVN3 or VNI: "tcvn3", "vni" or None.

    Conservative: it answers only when the text has characters that real Vietnamese Unicode
    does not use (µ, soft hyphen, ä, ø ...), has no genuine Vietnamese letter beyond Latin-1
    (ă, đ, ơ, ư, ạ, ... or combining marks), and one encoding turns at least three quarters
    of the words holding such characters into real Vietnamese syllables (one of them mixing
    plain letters with legacy characters), and more words than the other encoding does.
    "Café", "Müller", "Straße" and Unicode Vietnamese give None.
    """
    if not text or text.isascii() or _has_unicode_vietnamese(text):
        return None
    if _LEGACY_LOOKING_RE.search(text) is None:  # no Latin-1 character but Vietnamese ones
        return None
    words = [w for w in _WORD_RE.findall(text) if not w.isascii()]
    scores = {}
    for name, convert in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        valid = [w for w in words if _is_syllable(convert(w))]
        # At least one convincing word: one that mixes plain letters with legacy characters.
        convincing = any(any(c.isascii() for c in w) for w in valid)
        scores[name] = len(valid) if convincing else 0
    best, other = sorted(scores, key=scores.__getitem__, reverse=True)
    if scores[best] == 0 or scores[best] == scores[other] or scores[best] < 0.75 * len(words):
        return None
    return best
