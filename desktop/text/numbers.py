"""Numbers and money as Vietnamese write them: ``.`` for thousands and ``,`` for decimals
(:func:`format_number`, :func:`parse_number`), amounts read out in words
(:func:`money_in_words`). Error messages are in Vietnamese."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from desktop.text.normalise import clean, fold

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


# Amounts as lists write them: "2,5 triệu", "1,2 tỷ", "500 nghìn", "1 tỷ 200 triệu đồng".
# Matched on folded text (no diacritics, lower case).
_SCALES = {"nghin": 10**3, "ngan": 10**3, "k": 10**3, "trieu": 10**6, "tr": 10**6, "ty": 10**9}
_SCALES["ti"] = 10**9
_SCALE_RE = re.compile(r"([0-9][0-9.,]*)\s*(nghin|ngan|trieu|tr|ty|ti|k)\.?(?![a-z])\s*")
_MONEY_SUFFIX_RE = re.compile(r"\s*(?:vnd|dong|d|₫)\.?$")
# What a list writes when the benefit has no figure: no amount, and nothing wrong with the row.
_NOT_DETERMINABLE = re.compile(
    r"(?:khong|chua)\s+(?:the\s+)?(?:xac\s+dinh|tinh|tinh\s+toan|do|luong\s+hoa)"
    r"(?:\s+duoc)?(?:\s+(?:bang\s+tien|gia\s+tri|cu\s+the))?\.?"
)


def not_determinable(text: str | None) -> bool:
    """Whether ``text`` says the amount cannot be given: "Không xác định", "không tính
    được", "Chưa xác định được", "Không thể tính toán", "Không lượng hoá được"…"""
    return (
        bool(text)
        and _NOT_DETERMINABLE.fullmatch(re.sub(r"\s+", " ", fold(text or "")).strip()) is not None
    )


def parse_amount(text: str | Number | None) -> int | None:
    """An amount of money in whole đồng, as lists write it.

    Everything :func:`parse_number` reads ("1.500.000", "1.500.000 đ"), and words of scale
    with the number before them: "2,5 triệu" = 2.500.000, "1,2 tỷ" (or "tỉ") =
    1.200.000.000, "500 nghìn" (or "ngàn", "k") = 500.000, "2,5 tr", "1 tỷ 200 triệu" =
    1.200.000.000, with "đồng", "đ" or "VNĐ" after; a bare number after a word of scale
    ("1 tỷ 200": 200 đồng or 200 triệu?) is refused. Parts of a đồng are rounded. Blank text
    gives ``None``; see :func:`not_determinable` for the phrases that mean no amount (this
    function refuses them, as every other text, with :class:`ValueError`).
    """
    if text is None or not isinstance(text, str):
        n = parse_number(text)
        return None if n is None else _whole(n)
    raw = clean(text)
    if not raw:
        return None
    key = _MONEY_SUFFIX_RE.sub("", re.sub(r"\s+", " ", fold(raw)).strip())
    if not _SCALE_RE.search(key):
        n = parse_number(raw)
        return None if n is None else _whole(n)
    total, pos, last_scale = Decimal(0), 0, None
    for m in _SCALE_RE.finditer(key):
        scale = _SCALES[m[2]]
        if m.start() != pos or (last_scale is not None and scale >= last_scale):
            break
        total += Decimal(parse_number(m[1]) or 0) * scale
        pos, last_scale = m.end(), scale
    # A bare number after the last scale ("1 tỷ 200", "2 triệu 5") is said both ways aloud
    # (200 đồng or 200 triệu): refused rather than guessed.
    if pos == 0 or key[pos:].strip():
        raise ValueError(
            f"Không đọc được số tiền «{raw}». Hãy ghi số, ví dụ 1.500.000, 2,5 triệu hoặc 1,2 tỷ."
        )
    return _whole(total)


def _whole(n: int | Decimal) -> int:
    return int(Decimal(n).quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
