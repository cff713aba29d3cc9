"""One set of rules for every way data comes in (docs/sync-promises.md, promise 11).

The window, the Excel import, the command line and a peer's bundle all judge a record with
the functions here, so what one office accepts every other accepts, with the same Vietnamese
message. Each ``check_*`` returns the list of problems (field + message); an empty list means
the record may be stored. Nothing here touches the database or Qt: callers look up what a
rule needs (the campaign's settings) and pass it in.

Text is judged as it will be stored:

- one-line fields (titles, names, codes) through :func:`vietnamese.clean` (NFC, invisible
  characters such as soft hyphens dropped, runs of whitespace, tabs and line breaks turned
  into one space);
- multi-line fields (description, notes) through NFC and ``strip()``: line breaks and tabs
  are kept;
- any other control character (C0/C1, DEL), a lone surrogate, or a bidirectional control
  (right-to-left override and friends, the "Trojan Source" characters) is **refused**, never
  stripped: it cannot be typed, it breaks the .xlsx export (XML forbids C0 controls) and a
  bidi override makes a title display something else than it holds. The message names the
  field and the character (U+202E…), so the person can find it.

Rules marked *contextual* depend on what the receiving office holds (the campaign's
description limit, its counting window, the PC's date). Typed at this office they are
errors; in a peer's bundle they are warnings: the sender judged them by its own copy of the
campaign, and refusing would lose an initiative only because two offices hold different
versions of a campaign.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Protocol

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


def _text_issues(
    issues: list[Issue], field: str, label: str, stored: str, limit: int | None
) -> None:
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


def _date_issues(
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


def _count_issues(
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


# ---- initiatives -------------------------------------------------------------------------
# The *Like protocols name read-only members (properties): a frozen input dataclass, a tuple of
# them and an ORM row with its lists all fit, as mypy checks.
class AuthorLike(Protocol):
    @property
    def full_name(self) -> str: ...
    @property
    def job_title(self) -> str | None: ...
    @property
    def workplace(self) -> str | None: ...
    @property
    def qualification(self) -> str | None: ...
    @property
    def contribution_pct(self) -> Decimal: ...
    @property
    def birth_date(self) -> dt.date | None: ...


class DossierLike(Protocol):
    @property
    def received_on(self) -> dt.date | None: ...
    @property
    def note(self) -> str | None: ...


class InitiativeLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def authors(self) -> Sequence[AuthorLike]: ...
    @property
    def description(self) -> str: ...
    @property
    def benefit_vnd(self) -> int | None: ...
    @property
    def benefit_note(self) -> str | None: ...
    @property
    def applied_on(self) -> dt.date | None: ...
    @property
    def registered_on(self) -> dt.date | None: ...
    @property
    def notes(self) -> str | None: ...
    @property
    def dossier(self) -> Sequence[DossierLike]: ...


@dataclass(frozen=True)
class CampaignRules:
    """What an initiative's rules need of its campaign, as the receiving office holds it."""

    description_limit: int = 1000
    window: tuple[dt.date | None, dt.date | None] | None = None  # the period's counting window


def _pct(value: Any) -> Decimal | None:
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _title_issues(issues: list[Issue], data: InitiativeLike) -> None:
    title = one_line(data.title)
    if not title:
        issues.append(Issue("title", "Tên sáng kiến không được để trống."))
    else:
        _text_issues(issues, "title", "Tên sáng kiến", title, TITLE_MAX)


def _author_issues(issues: list[Issue], i: int, a: AuthorLike) -> Decimal | None:
    """One author's problems; the author's share when it is a valid percentage."""
    who = f"Tác giả thứ {i}"
    name = one_line(a.full_name)
    if not name:
        issues.append(Issue("authors", f"{who}: chưa nhập họ tên."))
    else:
        _text_issues(issues, "authors", f"{who}: họ tên", name, AUTHOR_NAME_MAX)
    _text_issues(issues, "authors", f"{who}: chức vụ", one_line(a.job_title), JOB_TITLE_MAX)
    _text_issues(issues, "authors", f"{who}: nơi công tác", one_line(a.workplace), WORKPLACE_MAX)
    _text_issues(
        issues,
        "authors",
        f"{who}: trình độ",
        one_line(getattr(a, "qualification", None)),
        QUALIFICATION_MAX,
    )
    _date_issues(issues, "authors", f"{who}: ngày sinh", getattr(a, "birth_date", None), BIRTH_MIN)
    pct = _pct(a.contribution_pct)
    if pct is None or pct < 0 or pct > 100:
        issues.append(Issue("authors", f"{who}: tỷ lệ đóng góp phải từ 0 đến 100%."))
        return None
    if pct != pct.quantize(Decimal("0.01")):
        issues.append(Issue("authors", f"{who}: tỷ lệ đóng góp chỉ có tối đa 2 chữ số thập phân."))
    return pct


def _authors_issues(issues: list[Issue], data: InitiativeLike) -> None:
    authors = list(data.authors or ())
    named = [a for a in authors if one_line(a.full_name)]
    if not named:
        issues.append(Issue("authors", "Cần ít nhất một tác giả."))
    if len(authors) > AUTHORS_MAX:
        issues.append(Issue("authors", f"Nhiều hơn {AUTHORS_MAX} tác giả."))
    total = Decimal(0)
    shares_ok = True
    for i, a in enumerate(authors[:AUTHORS_MAX], start=1):
        pct = _author_issues(issues, i, a)
        if pct is None:
            shares_ok = False
        else:
            total += pct
    if authors and shares_ok and abs(total - 100) > SHARE_TOLERANCE * len(authors):
        issues.append(
            Issue(
                "authors", f"Tổng tỷ lệ đóng góp của các tác giả phải là 100% (đang là {total:g}%)."
            )
        )
    shown = ", ".join(one_line(a.full_name) for a in named)
    if len(shown) > AUTHORS_TEXT_MAX:
        issues.append(
            Issue(
                "authors",
                f"Danh sách tác giả dài {len(shown)} ký tự, vượt giới hạn {AUTHORS_TEXT_MAX} "
                "ký tự.",
            )
        )


def _description_issues(issues: list[Issue], data: InitiativeLike, campaign: CampaignRules) -> None:
    description = multi_line(data.description)
    n = len(description)
    if n > DESCRIPTION_LIMIT_MAX:
        issues.append(
            Issue(
                "description",
                f"Mô tả dài {n} ký tự, vượt giới hạn {DESCRIPTION_LIMIT_MAX} ký tự.",
            )
        )
    elif n > campaign.description_limit:
        issues.append(
            Issue(
                "description",
                f"Mô tả dài {n} ký tự, vượt giới hạn {campaign.description_limit} ký tự "
                "của chương trình.",
                contextual=True,
            )
        )
    _text_issues(issues, "description", "Mô tả", description, None)


def _notes_issues(issues: list[Issue], data: InitiativeLike) -> None:
    _text_issues(
        issues,
        "benefit_note",
        "Ghi chú giá trị làm lợi",
        one_line(data.benefit_note),
        BENEFIT_NOTE_MAX,
    )
    _text_issues(issues, "notes", "Ghi chú", multi_line(data.notes), NOTES_MAX)


def _benefit_issues(issues: list[Issue], data: InitiativeLike) -> None:
    benefit = data.benefit_vnd
    if benefit is None:
        return
    if isinstance(benefit, bool) or not isinstance(benefit, int):
        issues.append(Issue("benefit_vnd", "Giá trị làm lợi phải là số nguyên (đồng)."))
    elif benefit < 0:
        issues.append(Issue("benefit_vnd", "Giá trị làm lợi không được âm."))
    elif benefit > BENEFIT_MAX:
        issues.append(Issue("benefit_vnd", "Giá trị làm lợi quá lớn."))


def _dates_issues(
    issues: list[Issue], data: InitiativeLike, campaign: CampaignRules, today: dt.date
) -> None:
    _date_issues(issues, "applied_on", "Ngày áp dụng", data.applied_on)
    _date_issues(issues, "registered_on", "Ngày đăng ký", data.registered_on)
    applied = data.applied_on
    if not (isinstance(applied, dt.date) and DATE_MIN <= applied <= DATE_MAX):
        return
    if campaign.window:
        start, end = campaign.window
        if (start and applied < start) or (end and applied > end):
            issues.append(
                Issue(
                    "applied_on",
                    f"Ngày áp dụng {format_date(applied)} nằm ngoài thời gian tính "
                    f"({format_date(start)} – {format_date(end)}): sáng kiến sẽ không được "
                    "tính vào chỉ tiêu của giai đoạn này.",
                    Severity.WARNING,
                    contextual=True,
                )
            )
    if applied > today + dt.timedelta(days=FUTURE_DAYS):
        issues.append(
            Issue("applied_on", "Ngày áp dụng ở quá xa trong tương lai.", contextual=True)
        )


def _dossier_issues(issues: list[Issue], data: InitiativeLike) -> None:
    dossier = list(data.dossier or ())
    if len(dossier) > DOSSIER_MAX:
        issues.append(Issue("dossier", f"Hồ sơ có nhiều hơn {DOSSIER_MAX} mục."))
    for i, d in enumerate(dossier[:DOSSIER_MAX], start=1):
        _date_issues(issues, "dossier", f"Hồ sơ mục {i}: ngày nhận", d.received_on)
        _text_issues(
            issues, "dossier", f"Hồ sơ mục {i}: ghi chú", one_line(d.note), DOSSIER_NOTE_MAX
        )


def check_initiative(
    data: InitiativeLike, campaign: CampaignRules | None = None, today: dt.date | None = None
) -> list[Issue]:
    """Everything wrong with an initiative, its authors and its dossier, in Vietnamese."""
    campaign = campaign or CampaignRules()
    today = today or dt.date.today()
    issues: list[Issue] = []
    _title_issues(issues, data)
    _authors_issues(issues, data)
    _description_issues(issues, data, campaign)
    _notes_issues(issues, data)
    _benefit_issues(issues, data)
    _dates_issues(issues, data, campaign, today)
    _dossier_issues(issues, data)
    return issues


# ---- quotas ------------------------------------------------------------------------------
def check_quota(target: Any) -> list[Issue]:
    """A quota's figure: a whole number from 0 to :data:`QUOTA_MAX`."""
    issues: list[Issue] = []
    _count_issues(issues, "target", "Chỉ tiêu", target, QUOTA_MAX, required=True)
    return issues


# ---- campaigns ---------------------------------------------------------------------------
class DeadlineLike(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def due_on(self) -> dt.date: ...


class PeriodLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def count_from(self) -> dt.date | None: ...
    @property
    def count_to(self) -> dt.date | None: ...
    @property
    def deadlines(self) -> Sequence[DeadlineLike]: ...


class FieldLike(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...


class CampaignLike(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def plan_number(self) -> str | None: ...
    @property
    def plan_date(self) -> dt.date | None: ...
    @property
    def plan_issuer(self) -> str | None: ...
    @property
    def starts_on(self) -> dt.date | None: ...
    @property
    def ends_on(self) -> dt.date | None: ...
    @property
    def nomination_limit(self) -> int | None: ...
    @property
    def min_per_grassroots(self) -> int | None: ...
    @property
    def description_limit(self) -> int: ...
    @property
    def notes(self) -> str | None: ...
    @property
    def periods(self) -> Sequence[PeriodLike]: ...
    @property
    def fields(self) -> Sequence[FieldLike]: ...


def _campaign_text_issues(issues: list[Issue], data: CampaignLike) -> None:
    code = one_line(data.code)
    if not code:
        issues.append(Issue("code", "Mã chương trình không được để trống."))
    else:
        _text_issues(issues, "code", "Mã chương trình", code, CAMPAIGN_CODE_MAX)
    name = one_line(data.name)
    if not name:
        issues.append(Issue("name", "Tên chương trình không được để trống."))
    else:
        _text_issues(issues, "name", "Tên chương trình", name, CAMPAIGN_NAME_MAX)
    _text_issues(issues, "plan_number", "Số kế hoạch", one_line(data.plan_number), PLAN_NUMBER_MAX)
    _text_issues(
        issues, "plan_issuer", "Cơ quan ban hành", one_line(data.plan_issuer), PLAN_ISSUER_MAX
    )
    _text_issues(issues, "notes", "Ghi chú", one_line(data.notes), CAMPAIGN_NOTES_MAX)


def _campaign_dates_issues(issues: list[Issue], data: CampaignLike) -> None:
    _date_issues(issues, "plan_date", "Ngày kế hoạch", data.plan_date)
    _date_issues(issues, "starts_on", "Ngày bắt đầu", data.starts_on)
    _date_issues(issues, "ends_on", "Ngày kết thúc", data.ends_on)
    if (
        isinstance(data.starts_on, dt.date)
        and isinstance(data.ends_on, dt.date)
        and data.ends_on < data.starts_on
    ):
        issues.append(Issue("ends_on", "Ngày kết thúc của chương trình phải sau ngày bắt đầu."))


def _campaign_counts_issues(issues: list[Issue], data: CampaignLike) -> None:
    _count_issues(
        issues,
        "nomination_limit",
        "Số sáng kiến đề nghị tối đa",
        data.nomination_limit,
        COUNT_MAX,
    )
    _count_issues(
        issues,
        "min_per_grassroots",
        "Số sáng kiến tối thiểu mỗi CĐCS",
        data.min_per_grassroots,
        COUNT_MAX,
    )
    limit = data.description_limit
    if (
        isinstance(limit, bool)
        or not isinstance(limit, int)
        or not (1 <= limit <= DESCRIPTION_LIMIT_MAX)
    ):
        issues.append(
            Issue(
                "description_limit",
                f"Giới hạn độ dài mô tả phải từ 1 đến {DESCRIPTION_LIMIT_MAX} ký tự.",
            )
        )


def _deadline_issues(issues: list[Issue], label: str, j: int, d: DeadlineLike) -> None:
    dlabel = one_line(d.label)
    if not dlabel:
        issues.append(Issue("periods", f"{label}: hạn thứ {j} chưa có tên."))
    else:
        _text_issues(issues, "periods", f"{label}: hạn", dlabel, DEADLINE_LABEL_MAX)
    if d.due_on is None:
        issues.append(Issue("periods", f"{label}: hạn thứ {j} chưa có ngày."))
    _date_issues(issues, "periods", f"{label}: hạn thứ {j}", d.due_on)


def _period_issues(issues: list[Issue], i: int, p: PeriodLike) -> None:
    pname = one_line(p.name)
    label = f"«{pname}»" if pname else f"Giai đoạn thứ {i}"
    if not pname:
        issues.append(Issue("periods", f"Giai đoạn thứ {i}: chưa có tên."))
    else:
        _text_issues(issues, "periods", f"{label}: tên", pname, PERIOD_NAME_MAX)
    _date_issues(issues, "periods", f"{label}: ngày đầu", p.count_from)
    _date_issues(issues, "periods", f"{label}: ngày cuối", p.count_to)
    if (
        isinstance(p.count_from, dt.date)
        and isinstance(p.count_to, dt.date)
        and p.count_to < p.count_from
    ):
        issues.append(Issue("periods", f"{label}: ngày cuối của thời gian tính phải sau ngày đầu."))
    for j, d in enumerate(list(p.deadlines or ())[:100], start=1):
        _deadline_issues(issues, label, j, d)


def _periods_issues(issues: list[Issue], data: CampaignLike) -> None:
    periods = list(data.periods or ())
    if len(periods) > PERIODS_MAX:
        issues.append(Issue("periods", f"Nhiều hơn {PERIODS_MAX} giai đoạn."))
    for i, p in enumerate(periods[:PERIODS_MAX], start=1):
        _period_issues(issues, i, p)


def _fields_issues(issues: list[Issue], data: CampaignLike) -> None:
    fields = list(data.fields or ())
    if len(fields) > FIELDS_MAX:
        issues.append(Issue("fields", f"Nhiều hơn {FIELDS_MAX} lĩnh vực."))
    for i, f in enumerate(fields[:FIELDS_MAX], start=1):
        fcode, fname = one_line(f.code), one_line(f.name)
        if not fcode or not fname:
            issues.append(Issue("fields", f"Lĩnh vực thứ {i}: cần cả mã và tên."))
            continue
        _text_issues(issues, "fields", f"Lĩnh vực thứ {i}: mã", fcode, FIELD_CODE_MAX)
        _text_issues(issues, "fields", f"Lĩnh vực thứ {i}: tên", fname, FIELD_NAME_MAX)
    codes = [one_line(f.code) for f in fields]
    if len(set(codes)) != len(codes):
        issues.append(Issue("fields", "Hai lĩnh vực trùng mã."))


def check_campaign(data: CampaignLike) -> list[Issue]:
    """Everything wrong with a campaign, its periods, deadlines and fields."""
    issues: list[Issue] = []
    _campaign_text_issues(issues, data)
    _campaign_dates_issues(issues, data)
    _campaign_counts_issues(issues, data)
    _periods_issues(issues, data)
    _fields_issues(issues, data)
    return issues


# ---- units -------------------------------------------------------------------------------
def check_unit(
    code: str | None,
    name: str | None,
    short_name: str | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> list[Issue]:
    """Everything wrong with a unit's catalogue entry."""
    issues: list[Issue] = []
    c = one_line(code)
    if not c:
        issues.append(Issue("code", "Mã đơn vị không được để trống."))
    else:
        _text_issues(issues, "code", "Mã đơn vị", c, UNIT_CODE_MAX)
    n = one_line(name)
    if not n:
        issues.append(Issue("name", "Tên đơn vị không được để trống."))
    else:
        _text_issues(issues, "name", "Tên đơn vị", n, UNIT_NAME_MAX)
    _text_issues(issues, "short_name", "Tên viết tắt", one_line(short_name), UNIT_SHORT_NAME_MAX)
    _date_issues(issues, "valid_from", "Ngày thành lập", valid_from)
    _date_issues(issues, "valid_to", "Ngày kết thúc", valid_to)
    if isinstance(valid_from, dt.date) and isinstance(valid_to, dt.date) and valid_to < valid_from:
        issues.append(Issue("valid_to", "Ngày kết thúc của đơn vị phải sau ngày thành lập."))
    return issues
