"""Vietnamese text, sorting, numbers, money in words, dates and document lines."""

from __future__ import annotations

import re
import sqlite3
import string
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.text import collation
from desktop.text import normalise as vi
from desktop.text.collation import collation_key, person_sort_key
from desktop.text.dates import document_date_line, document_number, format_date, parse_date
from desktop.text.normalise import clean, fold, nfc, upper_vi
from desktop.text.numbers import (
    format_money,
    format_number,
    money_in_words,
    number_in_words,
    parse_number,
)

# Hand-written reference data, independent of the module's own tables.
ALPHABET = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
TONE_ROWS = {  # ngang, huyền, hỏi, ngã, sắc, nặng
    "a": "aàảãáạ", "ă": "ăằẳẵắặ", "â": "âầẩẫấậ", "e": "eèẻẽéẹ", "ê": "êềểễếệ",
    "i": "iìỉĩíị", "o": "oòỏõóọ", "ô": "ôồổỗốộ", "ơ": "ơờởỡớợ", "u": "uùủũúụ",
    "ư": "ưừửữứự", "y": "yỳỷỹýỵ",
}  # fmt: skip


def _reference_table() -> dict[str, tuple[int, int, int]]:
    """char -> (primary, tone, case) by the rules of docs/vietnamese-text.md."""
    table: dict[str, tuple[int, int, int]] = {" ": (0, 0, 0)}
    for d in range(10):
        table[str(d)] = (1 + d, 0, 0)
    for i, letter in enumerate(ALPHABET):
        for tone, ch in enumerate(TONE_ROWS.get(letter, letter)):
            ch = unicodedata.normalize("NFC", ch)
            table[ch] = (100 + i, tone, 0)
            table[ch.upper()] = (100 + i, tone, 1)
    return table


REFERENCE = _reference_table()
LETTERS = sorted(ch for ch in REFERENCE if ch.isalpha())


def reference_key(text: str) -> tuple[list[int], list[int], list[int]]:
    """Letters of the whole string, then tones, then case (lower first)."""
    weights = [REFERENCE[ch] for ch in text]
    return ([w[0] for w in weights], [w[1] for w in weights], [w[2] for w in weights])


def sign(x: int) -> int:
    return (x > 0) - (x < 0)


def cmp(a: object, b: object) -> int:
    return sign((a > b) - (a < b))  # type: ignore[operator]


words = st.text(alphabet=LETTERS + list("0123456789"), min_size=1, max_size=7)
phrases = st.lists(words, min_size=1, max_size=4).map(" ".join)


# ----------------------------------------------------------------------------- text


def test_the_134_vietnamese_letters():
    assert len(vi.VIETNAMESE_LETTERS) == 134
    assert len(set(vi.VIETNAMESE_LETTERS)) == 134
    assert {ch for ch in LETTERS if not ch.isascii()} == set(vi.VIETNAMESE_LETTERS)


def test_nfc_composes_text_typed_as_nfd():
    typed = unicodedata.normalize("NFD", "Sáng kiến cải tiến")
    assert len(typed) > len("Sáng kiến cải tiến")
    assert nfc(typed) == "Sáng kiến cải tiến"
    assert nfc(None) == ""
    assert nfc("  giữ nguyên  ") == "  giữ nguyên  "  # nfc changes nothing else


def test_clean_collapses_whitespace_and_drops_invisible_characters():
    assert clean("  Sáng\u00a0kiến \n\t cải tiến ") == "Sáng kiến cải tiến"
    assert clean("Vi\u00adệt\u200bNam\ufeff") == "ViệtNam"
    assert clean(unicodedata.normalize("NFD", "Trần Thị Bình")) == "Trần Thị Bình"
    assert clean(None) == ""
    assert clean("   ") == ""


def test_fold_is_the_search_key_without_diacritics():
    assert fold("Sáng kiến cải tiến") == "sang kien cai tien"
    assert fold("ĐOÀN THANH NIÊN  Đà Nẵng") == "doan thanh nien da nang"
    assert fold(unicodedata.normalize("NFD", "Trường Sơn")) == "truong son"
    assert fold("Ðà Lạt") == "da lat"  # Latin capital eth typed for Đ
    assert fold(" ngư\u00ad dân ") == "ngu dan"
    assert fold(None) == ""
    assert "sang kien" in fold("Hội thi Sáng Kiến 2024")


def test_fold_handles_every_vietnamese_letter():
    for ch in vi.VIETNAMESE_LETTERS:
        assert fold(ch) in "aeiouyd", ch


def test_upper_vi():
    assert upper_vi("đồng chí Nguyễn Văn Ước") == "ĐỒNG CHÍ NGUYỄN VĂN ƯỚC"
    assert upper_vi(unicodedata.normalize("NFD", "liên đoàn")) == "LIÊN ĐOÀN"
    assert upper_vi(None) == ""


@given(st.text())
def test_nfc_is_idempotent(text):
    assert nfc(nfc(text)) == nfc(text)


@given(st.text())
def test_clean_is_idempotent(text):
    assert clean(clean(text)) == clean(text)


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.sampled_from(vi._FOLD_CHARS + "ÀẠĐ \u00a0\t")))
def test_fold_fast_path_equals_the_general_path(text):
    general = " ".join(vi._fold_chars(nfc(text).casefold()).split())
    assert fold(text) == general


@given(phrases)
def test_fold_ignores_normalisation_form_and_case(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == fold(upper_vi(text))


# ----------------------------------------------------------------------------- sorting


def vsorted(items: list[str]) -> list[str]:
    return sorted(items, key=collation_key)


def test_sort_order_from_the_specification():
    assert vsorted(["ân", "ăn", "ao", "anh", "an"]) == ["an", "anh", "ao", "ăn", "ân"]
    assert vsorted(["bàn", "bác", "bá"]) == ["bá", "bác", "bàn"]
    assert vsorted(["ạ", "ă", "á", "ã", "ả", "à", "a"]) == ["a", "à", "ả", "ã", "á", "ạ", "ă"]


def test_dd_comes_after_every_d_word():
    names = ["Đà Nẵng", "Dung", "Đinh", "Duyên Hải", "Dương", "Điện Biên", "Dzũng", "E"]
    assert vsorted(names) == [
        "Dung", "Duyên Hải", "Dương", "Dzũng", "Đà Nẵng", "Điện Biên", "Đinh", "E",
    ]  # fmt: skip


def test_python_sorted_gets_it_wrong_and_the_key_gets_it_right():
    towns = ["Ân Thi", "Yên Bái", "Ăn Khê", "Đông Hà", "An Giang", "Bắc Ninh", "Bà Rịa"]
    assert sorted(towns) != vsorted(towns)
    assert vsorted(towns) == [
        "An Giang", "Ăn Khê", "Ân Thi", "Bà Rịa", "Bắc Ninh", "Đông Hà", "Yên Bái",
    ]  # fmt: skip


def test_shorter_word_and_space_come_first():
    assert vsorted(["anh", "an toàn", "an"]) == ["an", "an toàn", "anh"]
    assert vsorted(["a-b", "a b", "ab", "a"]) == ["a", "a b", "a-b", "ab"]


def test_digits_come_before_letters_and_after_punctuation():
    assert vsorted(["a", "2", "10", "(1)", " "]) == [" ", "(1)", "10", "2", "a"]


def test_case_decides_only_when_letters_and_tones_are_equal():
    assert vsorted(["Anh", "anh", "ánh", "Ánh"]) == ["anh", "Anh", "ánh", "Ánh"]
    assert vsorted(["ANH", "an", "Anh"]) == ["an", "Anh", "ANH"]


def test_key_ignores_normalisation_form_and_extra_whitespace():
    k = collation_key("Sáng kiến cải tiến")
    assert collation_key(unicodedata.normalize("NFD", "Sáng kiến cải tiến")) == k
    assert collation_key("  Sáng\u00a0kiến \t cải   tiến ") == k
    assert collation_key("Sáng kiến cải\u200b tiến") == k
    assert collation_key(None) == collation_key("")


def test_key_examples_match_the_documented_encoding():
    assert collation_key("a") == "300"
    assert collation_key("à") == "3020"
    assert collation_key("An") == "3k005"  # level 3: bits 100 -> digit 5
    assert collation_key("z") == "z000"
    assert collation_key("1 a") == "2110300"


def test_other_scripts_and_symbols_get_a_key():
    for text in ["Ελλάδα", "中文", "😀 vui", "Ð", "Straße", "naïve", "x²", "•", "１２"]:
        key = collation_key(text)
        assert re.fullmatch(r"[0-9a-z]+", key), text
    assert vsorted(["•", "a", "1"]) == ["•", "1", "a"]  # symbols before digits
    assert vsorted(["中", "z", "a"]) == ["a", "z", "中"]  # other scripts after z
    assert vsorted(["nu", "nü", "nù", "nư"]) == ["nu", "nù", "nü", "nư"]


@settings(max_examples=300)
@given(phrases, phrases)
def test_key_order_matches_the_reference_comparator(a, b):
    assert cmp(collation_key(a), collation_key(b)) == cmp(reference_key(a), reference_key(b))


@given(st.lists(phrases, max_size=20))
def test_sorting_by_key_matches_the_reference(items):
    assert [reference_key(x) for x in vsorted(items)] == sorted(map(reference_key, items))


@given(st.text())
def test_keys_use_only_digits_and_small_letters(text):
    assert re.fullmatch(r"[0-9a-z]*", collation_key(text))


@given(st.text(alphabet=st.sampled_from(collation._CK_CHARS + "\u00a0\t\n")))
def test_key_fast_path_equals_the_general_path(text):
    s = " ".join(nfc(text).split())
    assert collation_key(text) == collation._slow_key(s)


@given(st.lists(st.text(max_size=12), max_size=30))
def test_sqlite_order_by_the_stored_key_is_the_python_order(items):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT, k TEXT)")
    db.executemany("INSERT INTO t (title, k) VALUES (?, ?)", [(x, collation_key(x)) for x in items])
    db.execute("CREATE INDEX ix ON t (k)")
    expected = [collation_key(x) for x in sorted(items, key=collation_key)]
    assert [r[0] for r in db.execute("SELECT k FROM t ORDER BY k, id")] == expected
    # Only [0-9a-z]: a case-insensitive collation orders the keys the same way.
    assert [r[0] for r in db.execute("SELECT k FROM t ORDER BY k COLLATE NOCASE, id")] == expected


@given(
    st.text(
        alphabet=st.sampled_from(
            "".join(vi.VIETNAMESE_LETTERS) + string.ascii_letters + string.digits + " .,;:-/()\"'"
            "–…“”«»\u00a0"
        ),
        max_size=120,
    )
)
def test_the_text_of_titles_and_names_never_takes_the_slow_path(text):
    """Keys of 100,000 titles are made at each import and bundle; the fast path (a charmap
    codec, no Python code per character) must cover every character of ordinary Vietnamese
    text, or sorting a large list becomes slow (bench/bench_collation.py measures it)."""

    def slow(_: str) -> str:
        raise AssertionError(f"slow path for {text!r}")

    with mock.patch.object(collation, "_slow_key", slow):
        collation_key(text)


def test_person_sort_key_files_people_under_their_given_name():
    people = ["Trần Thị Bình", "Nguyễn Văn An", "Lê Cường", "Nguyễn Thị Bình", "Bình", "Ân"]
    assert sorted(people, key=person_sort_key) == [
        "Nguyễn Văn An", "Ân", "Bình", "Nguyễn Thị Bình", "Trần Thị Bình", "Lê Cường",
    ]  # fmt: skip


def test_person_sort_key_then_family_then_middle_names():
    people = ["Lê Văn Hùng", "Lê Hùng", "Lê Anh Hùng", "An Văn Hùng", "Lê Văn Húng"]
    assert sorted(people, key=person_sort_key) == [
        "An Văn Hùng", "Lê Hùng", "Lê Anh Hùng", "Lê Văn Hùng", "Lê Văn Húng",
    ]  # fmt: skip
    assert person_sort_key(" Trần  Thị\u00a0Bình ") == person_sort_key("Trần Thị Bình")


@given(phrases, phrases)
def test_person_key_orders_like_the_tuple_of_name_part_keys(a, b):
    def parts(name: str) -> tuple[str, str, str]:
        w = name.split()
        family = w[0] if len(w) > 1 else ""
        return (collation_key(w[-1]), collation_key(family), collation_key(" ".join(w[1:-1])))

    assert cmp(person_sort_key(a), person_sort_key(b)) == cmp(parts(a), parts(b))


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (2300, 0, "2.300"),
        (1_500_000, 0, "1.500.000"),
        (-1200, 0, "-1.200"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (1234.5, 1, "1.234,5"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("2.345"), 2, "2,35"),  # half away from zero, not banker's rounding
        (2.5, 0, "3"),
        (-0.4, 0, "0"),
        (10**21, 0, "1.000.000.000.000.000.000.000"),
        (Decimal("-1234567.891"), 2, "-1.234.567,89"),
    ],
)
def test_format_number(value, decimals, text):
    assert format_number(value, decimals) == text


def test_format_number_none_and_bad_input():
    assert format_number(None) == ""
    with pytest.raises(TypeError):
        format_number("12")
    with pytest.raises(ValueError):
        format_number(float("nan"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("1.500.000 đ", 1_500_000),
        ("1.500.000đ", 1_500_000),
        ("1.500.000 đồng", 1_500_000),
        ("1.500.000 ₫", 1_500_000),
        ("1.500.000 VNĐ", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000", 1_500_000),
        ("2.300", 2300),
        ("-1.200", -1200),
        ("− 1.200", -1200),
        ("+7", 7),
        ("12,5", Decimal("12.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1,500,000", 1_500_000),
        ("12.5", Decimal("12.5")),
        ("0.500", Decimal("0.5")),
        ("1234.567", Decimal("1234.567")),
        ("1,500", Decimal("1.5")),  # a single comma is the decimal comma
        (" 0 ", 0),
    ],
)
def test_parse_number(text, value):
    result = parse_number(text)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize(
    "text", ["abc", "1.2.3", "1.50.000", "12,", ",5", "1 5", "1..000", "đ", "0.500.000", "1,2,3"]
)
def test_parse_number_refuses_garbage_with_a_message(text):
    with pytest.raises(ValueError, match="Không đọc được số"):
        parse_number(text)


def test_parse_number_blank_and_numbers_from_excel():
    assert parse_number(None) is None
    assert parse_number("  ") is None
    assert parse_number(1500000.0) == 1_500_000
    assert isinstance(parse_number(1500000.0), int)
    assert parse_number(12.5) == Decimal("12.5")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_then_parse_an_integer(n):
    assert parse_number(format_number(n)) == n
    assert parse_number(format_money(n)) == n


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_format_then_parse_a_decimal(d):
    assert parse_number(format_number(d, 2)) == d


def test_format_money():
    assert format_money(1_500_000) == "1.500.000 đồng"
    assert format_money(1_500_000, symbol=True) == "1.500.000 ₫"
    assert format_money(Decimal("1500.5")) == "1.500,50 đồng"
    assert format_money(None) == ""


WORDS = {
    0: "không",
    1: "một",
    5: "năm",
    10: "mười",
    11: "mười một",
    14: "mười bốn",
    15: "mười lăm",
    20: "hai mươi",
    21: "hai mươi mốt",
    24: "hai mươi bốn",
    25: "hai mươi lăm",
    31: "ba mươi mốt",
    55: "năm mươi lăm",
    100: "một trăm",
    101: "một trăm linh một",
    105: "một trăm linh năm",
    110: "một trăm mười",
    111: "một trăm mười một",
    115: "một trăm mười lăm",
    121: "một trăm hai mươi mốt",
    1000: "một nghìn",
    1001: "một nghìn không trăm linh một",
    1010: "một nghìn không trăm mười",
    1015: "một nghìn không trăm mười lăm",
    1100: "một nghìn một trăm",
    2300: "hai nghìn ba trăm",
    10_000: "mười nghìn",
    15_000: "mười lăm nghìn",
    100_000: "một trăm nghìn",
    1_000_000: "một triệu",
    1_000_005: "một triệu không trăm linh năm",
    1_000_100: "một triệu một trăm",
    1_010_000: "một triệu không trăm mười nghìn",
    1_500_000: "một triệu năm trăm nghìn",
    1_000_000_000: "một tỷ",
    1_000_000_001: "một tỷ không trăm linh một",
    1_005_000_000: "một tỷ không trăm linh năm triệu",
    21_000_000_000: "hai mươi mốt tỷ",
    1_000_000_000_000: "một nghìn tỷ",
    1_000_000_000_500: "một nghìn tỷ năm trăm",
    10**18: "một tỷ tỷ",
    -1200: "âm một nghìn hai trăm",
}


@pytest.mark.parametrize(("n", "words"), WORDS.items())
def test_number_in_words(n, words):
    assert number_in_words(n) == words


def test_money_in_words():
    assert money_in_words(1_500_000) == "Một triệu năm trăm nghìn đồng"
    assert money_in_words(1015) == "Một nghìn không trăm mười lăm đồng"
    assert money_in_words(0) == "Không đồng"
    assert money_in_words(Decimal("2300")) == "Hai nghìn ba trăm đồng"
    assert money_in_words(-5) == "Âm năm đồng"
    with pytest.raises(ValueError):
        money_in_words(Decimal("1.5"))


def test_four_after_twenty_can_be_read_tu():
    assert number_in_words(24, tu=True) == "hai mươi tư"
    assert number_in_words(14, tu=True) == "mười bốn"
    assert number_in_words(104, tu=True) == "một trăm linh bốn"
    assert money_in_words(24_000, tu=True) == "Hai mươi tư nghìn đồng"


_DIGIT_VALUES = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip


def _words_to_int(words: list[str]) -> int:
    """An independent reader of the words, to check the writer on random numbers."""
    if "tỷ" in words:
        i = len(words) - 1 - words[::-1].index("tỷ")
        return _words_to_int(words[:i]) * 10**9 + _words_to_int(words[i + 1 :])
    total = 0
    for scale, factor in (("triệu", 10**6), ("nghìn", 1000)):
        if scale in words:
            i = words.index(scale)
            total += _hundreds_to_int(words[:i]) * factor
            words = words[i + 1 :]
    return total + _hundreds_to_int(words)


def _hundreds_to_int(w: list[str]) -> int:
    value = 0
    if len(w) >= 2 and w[1] == "trăm":
        value, w = _DIGIT_VALUES[w[0]] * 100, w[2:]
    if not w:
        return value
    if w[0] == "linh":
        assert len(w) == 2 and w[1] in _DIGIT_VALUES and w[1] not in ("không", "mốt", "lăm", "tư")
        return value + _DIGIT_VALUES[w[1]]
    if w[0] == "mười":
        assert len(w) <= 2 and (len(w) == 1 or w[1] not in ("mốt", "năm", "tư", "không"))
        return value + 10 + (_DIGIT_VALUES[w[1]] if len(w) == 2 else 0)
    if len(w) >= 2 and w[1] == "mươi":
        assert w[0] not in ("không", "một") and len(w) <= 3
        assert len(w) == 2 or w[2] not in ("một", "năm", "không")
        return value + _DIGIT_VALUES[w[0]] * 10 + (_DIGIT_VALUES[w[2]] if len(w) == 3 else 0)
    assert len(w) == 1 and value == 0
    return _DIGIT_VALUES[w[0]]


@given(st.integers(min_value=1, max_value=10**21))
def test_number_in_words_reads_back_to_the_number(n):
    text = number_in_words(n)
    assert "  " not in text and text == text.strip()
    assert not text.startswith("không")
    assert _words_to_int(text.split()) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_money_in_words_starts_with_a_capital_and_ends_with_dong(n):
    text = money_in_words(n)
    assert text[0].isupper() and text.endswith(" đồng")
    assert text[1:] == text[1:].lower()


# ----------------------------------------------------------------------------- dates


def test_format_date():
    assert format_date(date(2022, 1, 5)) == "05/01/2022"
    assert format_date(datetime(2024, 12, 31, 23, 59)) == "31/12/2024"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    "text",
    [
        "5/1/2022", "05/01/2022", "05-01-2022", "05.01.2022", "2022-01-05", "2022/1/5",
        "5/1/22", " 05/01/2022 ", "05/01/2022 00:00:00", "ngày 05 tháng 01 năm 2022",
        "Ngày 5 tháng 1 năm 2022",
    ],
)  # fmt: skip
def test_parse_date_accepts_the_usual_forms(text):
    assert parse_date(text) == date(2022, 1, 5)


def test_parse_date_two_digit_years_follow_excel():
    assert parse_date("1/2/29") == date(2029, 2, 1)
    assert parse_date("1/2/30") == date(1930, 2, 1)
    assert parse_date("15/08/65") == date(1965, 8, 15)


def test_parse_date_passes_dates_from_excel_through():
    assert parse_date(date(2022, 1, 5)) == date(2022, 1, 5)
    assert parse_date(datetime(2022, 1, 5, 8, 30)) == date(2022, 1, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2022", "Ngày không hợp lệ: 31/02/2022 — tháng 2 không có ngày 31."),
        ("29/02/2023", "Ngày không hợp lệ: 29/02/2023 — năm 2023 không nhuận, tháng 2 chỉ có 28"),
        ("31/4/2022", "Ngày không hợp lệ: 31/04/2022 — tháng 4 không có ngày 31."),
        ("05/13/2022", "Ngày không hợp lệ: 05/13/2022 — không có tháng 13."),
        ("0/1/2022", "Ngày không hợp lệ: 00/01/2022 — không có ngày 0."),
        ("1/1/1850", "năm phải trong khoảng 1900–2100"),
        ("abc", "Không đọc được ngày «abc». Hãy nhập theo dạng dd/mm/yyyy."),
        ("05/01-2022", "Không đọc được ngày"),
        ("2022", "Không đọc được ngày"),
        ("", "Chưa nhập ngày"),
    ],
)
def test_parse_date_explains_what_is_wrong(text, message):
    with pytest.raises(ValueError) as excinfo:
        parse_date(text)
    assert message in str(excinfo.value)


def test_parse_date_accepts_29_february_of_a_leap_year():
    assert parse_date("29/02/2024") == date(2024, 2, 29)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_format_then_parse_a_date(d):
    assert parse_date(format_date(d)) == d


# ----------------------------------------------------------------------------- documents


@pytest.mark.parametrize(
    ("place", "day", "line"),
    [
        ("Lai Châu", date(2022, 1, 13), "Lai Châu, ngày 13 tháng 01 năm 2022"),
        ("Lai Châu", date(2022, 3, 5), "Lai Châu, ngày 05 tháng 3 năm 2022"),
        ("Hà Nội", date(2024, 2, 9), "Hà Nội, ngày 09 tháng 02 năm 2024"),
        ("Hà Nội", date(2024, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2024"),
        (" Lai\u00a0Châu ", date(2024, 10, 1), "Lai Châu, ngày 01 tháng 10 năm 2024"),
        ("", date(2024, 10, 1), "Ngày 01 tháng 10 năm 2024"),
    ],
)
def test_document_date_line(place, day, line):
    assert document_date_line(place, day) == line


def test_document_number():
    assert document_number(84, "KH-LĐLĐ") == "Số: 84/KH-LĐLĐ"
    assert document_number(5, "QĐ-LĐLĐ") == "Số: 05/QĐ-LĐLĐ"
    assert document_number(123, unicodedata.normalize("NFD", "BC-LĐLĐ")) == "Số: 123/BC-LĐLĐ"
    for bad in (0, -3, True):
        with pytest.raises(ValueError):
            document_number(bad, "KH-LĐLĐ")
