"""What every rule shares: the issue, the limits, and how text, dates and counts are judged.

Described in :mod:`desktop.services.rules.records`, which gathers the rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop.text.dates import format_date
from desktop.text.normalise import clean, nfc


class Severity(StrEnum):
    ERROR = "error"  # cannot be saved
    WARNING = "warning"  # saved, but the person should know


@dataclass(frozen=True)
class Issue:
    field: str  # the input's attribute name, e.g. "title", "authors", "applied_on"
    message: str
    severity: Severity = Severity.ERROR
    contextual: bool = False  # depends on the receiving office's campaign or clock


# ---- limits: the model's column lengths, and bounds every office shares -----------------
TITLE_MAX = 1000  # initiative.title String(1000)
AUTHORS_TEXT_MAX = 1000  # initiative.authors_text String(1000): the names joined by ", "
AUTHORS_MAX = 100
AUTHOR_NAME_MAX = 200  # author.full_name
JOB_TITLE_MAX = 200
WORKPLACE_MAX = 300
QUALIFICATION_MAX = 200
BENEFIT_NOTE_MAX = 5000
NOTES_MAX = 20_000
DOSSIER_MAX = 100
DOSSIER_NOTE_MAX = 2000
DESCRIPTION_LIMIT_MAX = 20_000  # the most a campaign may allow (~8 pages); longer: refused anywhere
BENEFIT_MAX = 10**15 - 1  # a million billion đồng: far above any real benefit
QUOTA_MAX = 10_000_000  # the national "01 triệu sáng kiến" is 1,000,000
COUNT_MAX = 100_000  # nomination limit, minimum per grassroots union
PERIODS_MAX = 100
FIELDS_MAX = 200
CAMPAIGN_CODE_MAX = 40
CAMPAIGN_NAME_MAX = 500
PLAN_NUMBER_MAX = 60
PLAN_ISSUER_MAX = 300
CAMPAIGN_NOTES_MAX = 20_000
PERIOD_NAME_MAX = 200
DEADLINE_LABEL_MAX = 300
FIELD_CODE_MAX = 40
FIELD_NAME_MAX = 300
UNIT_CODE_MAX = 40
UNIT_NAME_MAX = 300
UNIT_SHORT_NAME_MAX = 120

# Dates: the movement's records start after 1975; nothing is planned past 2099. Fixed bounds
# (not the PC's clock, which is often wrong) so every office judges a date alike.
DATE_MIN = dt.date(1975, 1, 1)
DATE_MAX = dt.date(2099, 12, 31)
BIRTH_MIN = dt.date(1900, 1, 1)
FUTURE_DAYS = 366  # contextual: a first application at most a year after today
SHARE_TOLERANCE = Decimal("0.01")  # per author: 3 × 33,33 % = 99,99 % is 100 %

# Characters refused in any text: bidirectional controls, lone surrogates, and every control
# character (Unicode category Cc) but tab, line feed and carriage return, which only
# multi-line fields keep. One compiled class: a province-wide bundle holds 100,000 records.
_BAD_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def bad_character(text: str) -> str | None:
    """The first character of ``text`` no office stores, as ``U+XXXX`` (None: none)."""
    m = _BAD_CHARACTER.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def one_line(text: str | None) -> str:
    """A one-line field as it is stored."""
    return clean(text)


def multi_line(text: str | None) -> str:
    """A multi-line field as it is stored."""
    return nfc(text).strip()


def text_issues(
    issues: list[Issue], field: str, label: str, stored: str, limit: int | None
) -> None:
    if not stored:  # an empty field is within every limit and holds no character
        return
    if limit is not None and len(stored) > limit:
        issues.append(
            Issue(field, f"{label} dài {len(stored)} ký tự, vượt giới hạn {limit} ký tự.")
        )
    bad = bad_character(stored)
    if bad:
        issues.append(
            Issue(
                field,
                f"{label} chứa ký tự điều khiển {bad} (không nhìn thấy, làm chữ hiển thị sai "
                "lệch hoặc hỏng tệp Excel); hãy xoá ký tự này.",
            )
        )


def text_ok(stored: str, limit: int | None) -> bool:
    """Whether :func:`text_issues` has nothing to say of ``stored`` (checked without writing a
    label: the common case, for rules that run on every row of a big list)."""
    return not stored or (
        (limit is None or len(stored) <= limit) and _BAD_CHARACTER.search(stored) is None
    )


def date_issues(
    issues: list[Issue],
    field: str,
    label: str,
    value: dt.date | None,
    low: dt.date = DATE_MIN,
    high: dt.date = DATE_MAX,
) -> None:
    if value is None:
        return
    if not isinstance(value, dt.date):
        issues.append(Issue(field, f"{label} không phải một ngày."))
        return
    if value < low or value > high:
        issues.append(
            Issue(
                field,
                f"{label} {format_date(value)} nằm ngoài khoảng cho phép "
                f"({format_date(low)} – {format_date(high)}).",
            )
        )


def count_issues(
    issues: list[Issue], field: str, label: str, value: Any, high: int, required: bool = False
) -> None:
    if value is None:
        if required:
            issues.append(Issue(field, f"{label} không được để trống."))
        return
    if isinstance(value, bool) or not isinstance(value, int):
        issues.append(Issue(field, f"{label} phải là số nguyên."))
    elif value < 0:
        issues.append(Issue(field, f"{label} không được âm."))
    elif value > high:
        issues.append(Issue(field, f"{label} quá lớn (tối đa {high:,}).".replace(",", ".")))


def errors(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == Severity.ERROR]


def message(issues: Iterable[Issue]) -> str:
    """The messages joined, as a rejection reason in a preview or a sync history."""
    return " ".join(i.message for i in issues)
