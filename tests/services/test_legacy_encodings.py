"""TCVN3 (ABC) and VNI text from old Excel files, converted to Unicode."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.text.legacy_encodings import (
    TCVN3_TO_UNICODE,
    VNI_TO_UNICODE,
    convert_by_font,
    looks_like_legacy,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from desktop.text.normalise import VIETNAMESE_LETTERS, upper_vi

LOWER = [ch for ch in VIETNAMESE_LETTERS if ch.islower()]
UPPER = [ch for ch in VIETNAMESE_LETTERS if ch.isupper()]
TCVN3_CAPITALS = list("ĂÂÊÔƠƯĐ")  # the only capitals with a code of their own in TCVN3
ASCII_TEXT = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-/()")

# --- encoders written out by hand from the published code charts -----------------------
# Not derived from the module's tables: a wrong entry there makes a round trip below fail.

# TCVN 5712:1993 (ABC), the ".Vn" fonts: one byte per letter; the seven capitals with a code
# of their own, then the lower case (a capital with a tone has none: the ".VnTimeH" fonts draw
# the lower-case codes as capitals).
TCVN3_CHART = [
    (0xA1, "Ă"), (0xA2, "Â"), (0xA3, "Ê"), (0xA4, "Ô"), (0xA5, "Ơ"), (0xA6, "Ư"), (0xA7, "Đ"),
    (0xA8, "ă"), (0xA9, "â"), (0xAA, "ê"), (0xAB, "ô"), (0xAC, "ơ"), (0xAD, "ư"), (0xAE, "đ"),
    (0xB5, "à"), (0xB6, "ả"), (0xB7, "ã"), (0xB8, "á"), (0xB9, "ạ"),
    (0xBB, "ằ"), (0xBC, "ẳ"), (0xBD, "ẵ"), (0xBE, "ắ"), (0xC6, "ặ"),
    (0xC7, "ầ"), (0xC8, "ẩ"), (0xC9, "ẫ"), (0xCA, "ấ"), (0xCB, "ậ"),
    (0xCC, "è"), (0xCE, "ẻ"), (0xCF, "ẽ"), (0xD0, "é"), (0xD1, "ẹ"),
    (0xD2, "ề"), (0xD3, "ể"), (0xD4, "ễ"), (0xD5, "ế"), (0xD6, "ệ"),
    (0xD7, "ì"), (0xD8, "ỉ"), (0xDC, "ĩ"), (0xDD, "í"), (0xDE, "ị"),
    (0xDF, "ò"), (0xE1, "ỏ"), (0xE2, "õ"), (0xE3, "ó"), (0xE4, "ọ"),
    (0xE5, "ồ"), (0xE6, "ổ"), (0xE7, "ỗ"), (0xE8, "ố"), (0xE9, "ộ"),
    (0xEA, "ờ"), (0xEB, "ở"), (0xEC, "ỡ"), (0xED, "ớ"), (0xEE, "ợ"),
    (0xEF, "ù"), (0xF1, "ủ"), (0xF2, "ũ"), (0xF3, "ú"), (0xF4, "ụ"),
    (0xF5, "ừ"), (0xF6, "ử"), (0xF7, "ữ"), (0xF8, "ứ"), (0xF9, "ự"),
    (0xFA, "ỳ"), (0xFB, "ỷ"), (0xFC, "ỹ"), (0xFD, "ý"), (0xFE, "ỵ"),
]  # fmt: skip
TCVN3_BY_HAND = {letter: chr(code) for code, letter in TCVN3_CHART}


def tcvn3_encode(text: str) -> str:
    return "".join(TCVN3_BY_HAND.get(ch, ch) for ch in text)


# VNI Windows, the "VNI-" fonts: the base letter, then one byte for its marks (Windows-1252
# code points; upper case for a capital). Tones: sắc ù, huyền ø, hỏi û, ngã õ, nặng ï. With a
# circumflex: â alone, á à å ã ä with a tone; with a breve: ê alone, é è ú ü ë with a tone.
# One byte for the whole letter: ơ ô, ư ö, đ ñ, ỵ î, and i with a tone í ì æ ó ò.
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
VNI_TONE = {"": "", ACUTE: "ù", GRAVE: "ø", HOOK: "û", TILDE: "õ", DOT: "ï"}
VNI_WITH_CIRCUMFLEX = {"": "â", ACUTE: "á", GRAVE: "à", HOOK: "å", TILDE: "ã", DOT: "ä"}
VNI_WITH_BREVE = {"": "ê", ACUTE: "é", GRAVE: "è", HOOK: "ú", TILDE: "ü", DOT: "ë"}
VNI_I = {ACUTE: "í", GRAVE: "ì", HOOK: "æ", TILDE: "ó", DOT: "ò"}
VNI_HORNED = {"o": "ô", "u": "ö"}


def vni_letter(letter: str) -> str:
    """The bytes a VNI keyboard wrote for one letter (as Windows-1252 characters)."""
    if letter.lower() == "đ":
        return "Ñ" if letter.isupper() else "ñ"
    base, *marks = list(unicodedata.normalize("NFD", letter.lower()))
    tone = next((m for m in marks if m in VNI_TONE and m), "")
    shape = next((m for m in marks if m in (CIRCUMFLEX, BREVE, HORN)), "")
    if not marks:
        seq = base
    elif base == "i":
        seq = VNI_I[tone]
    elif base == "y" and tone == DOT:
        seq = "î"
    elif shape == CIRCUMFLEX:
        seq = base + VNI_WITH_CIRCUMFLEX[tone]
    elif shape == BREVE:
        seq = base + VNI_WITH_BREVE[tone]
    elif shape == HORN:
        seq = VNI_HORNED[base] + VNI_TONE[tone]
    else:
        seq = base + VNI_TONE[tone]
    return seq.upper() if letter.isupper() else seq


def vni_encode(text: str) -> str:
    return "".join(vni_letter(ch) if ch in VIETNAMESE_LETTERS else ch for ch in text)


# --- the tables ---------------------------------------------------------------------------


def test_tcvn3_table_covers_lower_case_and_the_seven_capitals():
    assert sorted(TCVN3_TO_UNICODE.values()) == sorted(LOWER + TCVN3_CAPITALS)
    assert len(set(TCVN3_TO_UNICODE.values())) == len(TCVN3_TO_UNICODE) == 74
    assert all(0xA1 <= ord(code) <= 0xFE for code in TCVN3_TO_UNICODE)
    assert {chr(code): letter for code, letter in TCVN3_CHART} == TCVN3_TO_UNICODE


@pytest.mark.parametrize(("code", "letter"), TCVN3_CHART)
def test_tcvn3_code_points(code, letter):
    assert tcvn3_to_unicode(chr(code)) == letter


def test_vni_table_covers_all_134_letters():
    assert set(VNI_TO_UNICODE.values()) == set(VIETNAMESE_LETTERS)
    for seq in VNI_TO_UNICODE:
        assert all(0xC0 <= ord(c) <= 0xFF or c.isascii() for c in seq), seq
    for letter in VIETNAMESE_LETTERS:  # what a VNI keyboard wrote is in the table, as that letter
        assert VNI_TO_UNICODE.get(vni_letter(letter)) == letter, (letter, vni_letter(letter))


@pytest.mark.parametrize(
    ("seq", "letter"),
    [
        ("aù", "á"), ("aø", "à"), ("aû", "ả"), ("aõ", "ã"), ("aï", "ạ"),
        ("aâ", "â"), ("aá", "ấ"), ("aà", "ầ"), ("aå", "ẩ"), ("aã", "ẫ"), ("aä", "ậ"),
        ("aê", "ă"), ("aé", "ắ"), ("aè", "ằ"), ("aú", "ẳ"), ("aü", "ẵ"), ("aë", "ặ"),
        ("eâ", "ê"), ("eä", "ệ"), ("oâ", "ô"), ("oá", "ố"), ("ô", "ơ"), ("ôù", "ớ"), ("ôï", "ợ"),
        ("ö", "ư"), ("öø", "ừ"), ("öï", "ự"), ("ñ", "đ"), ("Ñ", "Đ"),
        ("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"),
        ("yù", "ý"), ("yø", "ỳ"), ("yû", "ỷ"), ("yõ", "ỹ"), ("î", "ỵ"), ("Î", "Ỵ"),
        ("AÙ", "Á"), ("AÂ", "Â"), ("AÊ", "Ă"), ("OÄ", "Ộ"), ("Ô", "Ơ"), ("ÖÙ", "Ứ"), ("Ó", "Ĩ"),
        ("Aù", "Á"), ("aÙ", "á"),  # mixed case: the base letter decides
    ],
)  # fmt: skip
def test_vni_sequences(seq, letter):
    assert vni_to_unicode(seq) == letter


# --- known strings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Tæng Liªn ®oµn Lao ®éng ViÖt Nam", "Tổng Liên đoàn Lao động Việt Nam"),
        ("NguyÔn V¨n A", "Nguyễn Văn A"),
        ("ng\u00adêi lao ®éng", "người lao động"),  # ư is the soft hyphen U+00AD
        ("UBND tØnh Lai Ch©u", "UBND tỉnh Lai Châu"),
        ("KÕ ho¹ch sè 84", "Kế hoạch số 84"),
        ("s¸ng kiÕn c¶i tiÕn kü thuËt", "sáng kiến cải tiến kỹ thuật"),
        ("§µ N½ng, B¾c Ninh, mÆt trËn", "Đà Nẵng, Bắc Ninh, mặt trận"),
        ("¦u tiªn c«ng ®oµn c¬ së", "Ưu tiên công đoàn cơ sở"),
        ("h\u00adíng dÉn", "hướng dẫn"),
    ],
)
def test_tcvn3_known_strings(legacy, unicode):
    assert tcvn3_to_unicode(legacy) == unicode
    assert convert_by_font(legacy, ".VnTime") == unicode
    assert tcvn3_encode(unicode) == legacy


def test_tcvn3_capital_font_gives_capitals():
    legacy = "céng hoµ x· héi chñ nghÜa viÖt nam"
    assert convert_by_font(legacy, ".VnTimeH") == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert convert_by_font("liªn ®oµn lao ®éng tØnh lai ch©u", ".VnArialH") == (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    )


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("Nguyeãn Vaên A", "Nguyễn Văn A"),
        ("Tröôøng Thaønh phoá Hoà Chí Minh", "Trường Thành phố Hồ Chí Minh"),
        ("Ñaø Naüng, Baéc Ninh, maët traän", "Đà Nẵng, Bắc Ninh, mặt trận"),
        ("UBND tænh, ñòa phöông, Myõ, thuôû", "UBND tỉnh, địa phương, Mỹ, thuở"),
        ("Quyeát ñònh soá 05/QÑ-LÑLÑ", "Quyết định số 05/QĐ-LĐLĐ"),
        ("Lyù, kyø, tyû, tî", "Lý, kỳ, tỷ, tỵ"),
    ],
)
def test_vni_known_strings(legacy, unicode):
    assert vni_to_unicode(legacy) == unicode
    assert convert_by_font(legacy, "VNI-Times") == unicode
    assert vni_encode(unicode) == legacy


def test_convert_by_font_leaves_other_fonts_alone_but_normalises():
    nfd = unicodedata.normalize("NFD", "Cộng hoà")
    assert convert_by_font(nfd, "Times New Roman") == "Cộng hoà"
    assert convert_by_font("Céng hoµ", None) == "Céng hoµ"
    assert convert_by_font("Céng hoµ", "Arial") == "Céng hoµ"
    assert convert_by_font(None, ".VnTime") == ""
    assert convert_by_font("Céng hoµ", ".vntime") == "Cộng hoà"  # name case does not matter
    assert convert_by_font("Coäng", "vni-helve") == "Cộng"


@pytest.mark.parametrize("font", [".VnTime", ".VnTimeH", "VNI-Times"])
def test_text_already_in_unicode_keeps_its_old_font_but_is_not_converted_again(font):
    # Unikey's converter changes the text and leaves the .Vn/VNI font on the cell.
    assert convert_by_font("Cộng hoà xã hội", font) == "Cộng hoà xã hội"
    assert convert_by_font(unicodedata.normalize("NFD", "Liên đoàn"), font) == "Liên đoàn"
    assert convert_by_font("Trường Sơn", font) == "Trường Sơn"


@given(st.text(alphabet=LOWER + UPPER + ASCII_TEXT + list("µ·¸ñÖøù")))
def test_unicode_vietnamese_is_never_converted(text):
    if any(ord(ch) > 0xFF for ch in text):
        for font in (".VnTime", ".VnTimeH", "VNI-Times"):
            assert convert_by_font(text, font) == text


# --- round trips -------------------------------------------------------------------------


@given(st.text(alphabet=LOWER + TCVN3_CAPITALS + ASCII_TEXT))
def test_tcvn3_round_trip(text):
    assert tcvn3_to_unicode(tcvn3_encode(text)) == text


@given(st.text(alphabet=LOWER + UPPER + ASCII_TEXT))
def test_tcvn3_capital_font_round_trip(text):
    legacy = tcvn3_encode(text.lower())
    assert convert_by_font(legacy, ".VnTimeH") == upper_vi(text)


@pytest.mark.parametrize("letter", VIETNAMESE_LETTERS)
def test_every_one_of_the_134_letters_survives_both_encodings(letter):
    assert vni_to_unicode(vni_encode(letter)) == letter
    if letter in UPPER and letter not in TCVN3_CAPITALS:  # capitals with a tone: "H" fonts
        assert convert_by_font(tcvn3_encode(letter.lower()), ".VnTimeH") == letter
    else:
        assert tcvn3_to_unicode(tcvn3_encode(letter)) == letter


@given(st.text(alphabet=LOWER + UPPER + ASCII_TEXT))
def test_vni_round_trip(text):
    assert vni_to_unicode(vni_encode(text)) == text


@given(st.text())
def test_converters_never_fail_and_return_nfc(text):
    for convert in (tcvn3_to_unicode, vni_to_unicode):
        out = convert(text)
        assert unicodedata.is_normalized("NFC", out)


# --- guessing the encoding -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
        "Tæng Liªn ®oµn Lao ®éng ViÖt Nam",
        "UBND tØnh Lai Ch©u",
        "ng\u00adêi lao ®éng",
        "céng hoµ x· héi",  # typed for a .VnTimeH font
    ],
)
def test_looks_like_tcvn3(text):
    assert looks_like_legacy(text) == "tcvn3"


@pytest.mark.parametrize(
    "text",
    [
        "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
        "Ñoäc laäp - Töï do - Haïnh phuùc",
        "Tröôøng Ñaïi hoïc",
        "COÄNG HOØA XAÕ HOÄI",
    ],
)
def test_looks_like_vni(text):
    assert looks_like_legacy(text) == "vni"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",  # genuine Unicode
        unicodedata.normalize("NFD", "Cộng hoà"),
        "Cà phê Tây Ninh",  # Unicode Vietnamese that fits in Latin-1
        "Café Müller, Straße",
        "España, naïve, François, Grüße aus Köln",
        "© 2020, 1ª, 3 × 4, ½ kg",
        "Plain ASCII text",
        "Nguyeãn Vaên A",  # VNI, but nothing in it that Vietnamese Unicode could not hold
    ],
)
def test_looks_like_legacy_is_conservative(text):
    assert looks_like_legacy(text) is None


@given(st.text(alphabet=LOWER + UPPER + ASCII_TEXT + list("«»°µ·")))
def test_text_with_genuine_vietnamese_letters_is_never_legacy(text):
    if any(ord(ch) > 0xFF for ch in text):
        assert looks_like_legacy(text) is None


@given(st.text(alphabet=[ch for ch in LOWER + UPPER if ord(ch) <= 0xFF] + ASCII_TEXT))
def test_text_that_unicode_vietnamese_could_hold_is_never_legacy(text):
    assert looks_like_legacy(text) is None
