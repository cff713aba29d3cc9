"""The rules for an initiative, its authors and its dossier (see :mod:`.records`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from desktop.services.rules.basics import (
    AUTHOR_NAME_MAX,
    AUTHORS_MAX,
    AUTHORS_TEXT_MAX,
    BENEFIT_MAX,
    BENEFIT_NOTE_MAX,
    BIRTH_MIN,
    DATE_MAX,
    DATE_MIN,
    DESCRIPTION_LIMIT_MAX,
    DOSSIER_MAX,
    DOSSIER_NOTE_MAX,
    FUTURE_DAYS,
    JOB_TITLE_MAX,
    NOTES_MAX,
    QUALIFICATION_MAX,
    SHARE_TOLERANCE,
    TITLE_MAX,
    WORKPLACE_MAX,
    Issue,
    Severity,
    date_issues,
    multi_line,
    one_line,
    text_issues,
    text_ok,
)
from desktop.services.rules.contacts import contact_issues
from desktop.text.dates import format_date
from desktop.text.partial_dates import (
    DatePrecision,
    format_partial_date,
    is_span_start,
    precision_note,
    span_end,
)


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
    def applied_precision(self) -> DatePrecision | None: ...
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
        text_issues(issues, "title", "Tên sáng kiến", title, TITLE_MAX)


def _author_issues(issues: list[Issue], i: int, a: AuthorLike, name: str) -> Decimal | None:
    """One author's problems (``name``: the author's name as stored); the author's share when
    it is a valid percentage. A label is written only for a problem found (a list of 100,000
    rows has hardly any)."""
    if not name:
        issues.append(Issue("authors", f"Tác giả thứ {i}: chưa nhập họ tên."))
    elif not text_ok(name, AUTHOR_NAME_MAX):
        text_issues(issues, "authors", f"Tác giả thứ {i}: họ tên", name, AUTHOR_NAME_MAX)
    for what, value, limit in (
        ("chức vụ", a.job_title, JOB_TITLE_MAX),
        ("nơi công tác", a.workplace, WORKPLACE_MAX),
        ("trình độ", getattr(a, "qualification", None), QUALIFICATION_MAX),
    ):
        if _given(value):
            stored = one_line(value)
            if not text_ok(stored, limit):
                text_issues(issues, "authors", f"Tác giả thứ {i}: {what}", stored, limit)
    birth = getattr(a, "birth_date", None)
    if birth is not None:
        date_issues(issues, "authors", f"Tác giả thứ {i}: ngày sinh", birth, BIRTH_MIN)
    phone, email = getattr(a, "phone", None), getattr(a, "email", None)
    if _given(phone) or _given(email):  # both empty: nothing to say
        contact_issues(issues, f"Tác giả thứ {i}", phone, email)
    pct = _pct(a.contribution_pct)
    if pct is None or pct < 0 or pct > 100:
        issues.append(Issue("authors", f"Tác giả thứ {i}: tỷ lệ đóng góp phải từ 0 đến 100%."))
        return None
    if pct != pct.quantize(_CENT):
        issues.append(
            Issue("authors", f"Tác giả thứ {i}: tỷ lệ đóng góp chỉ có tối đa 2 chữ số thập phân.")
        )
    return pct


_CENT = Decimal("0.01")


def _given(value: object) -> bool:
    """Whether a text field holds something: one_line() of None or "" is "" and nothing is
    said of it (anything else goes through one_line, as before)."""
    return value is not None and value != ""


def _authors_issues(issues: list[Issue], data: InitiativeLike) -> None:
    authors = list(data.authors or ())
    names = [one_line(a.full_name) for a in authors]  # each name cleaned once
    named = [n for n in names if n]
    if not named:
        issues.append(Issue("authors", "Cần ít nhất một tác giả."))
    if len(authors) > AUTHORS_MAX:
        issues.append(Issue("authors", f"Nhiều hơn {AUTHORS_MAX} tác giả."))
    total = Decimal(0)
    shares_ok = True
    for i, (a, name) in enumerate(zip(authors[:AUTHORS_MAX], names, strict=False), start=1):
        pct = _author_issues(issues, i, a, name)
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
    shown = ", ".join(named)
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
    text_issues(issues, "description", "Mô tả", description, None)


def _notes_issues(issues: list[Issue], data: InitiativeLike) -> None:
    text_issues(
        issues,
        "benefit_note",
        "Ghi chú giá trị làm lợi",
        one_line(data.benefit_note),
        BENEFIT_NOTE_MAX,
    )
    text_issues(issues, "notes", "Ghi chú", multi_line(data.notes), NOTES_MAX)


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
    date_issues(issues, "applied_on", "Ngày áp dụng", data.applied_on)
    date_issues(issues, "registered_on", "Ngày đăng ký", data.registered_on)
    applied = data.applied_on
    if not (isinstance(applied, dt.date) and DATE_MIN <= applied <= DATE_MAX):
        return
    precision = data.applied_precision
    if precision is not None:
        if not isinstance(precision, DatePrecision) or not is_span_start(applied, precision):
            issues.append(
                Issue("applied_on", "Ngày áp dụng ghi theo tháng, quý hoặc năm không hợp lệ.")
            )
            return
        # A partial date counts where any part of it falls (campaigns/windows.py): flagged.
        issues.append(Issue("applied_on", precision_note(applied, precision), Severity.WARNING))
    if campaign.window:
        start, end = campaign.window
        if (start and span_end(applied, precision) < start) or (end and applied > end):
            issues.append(
                Issue(
                    "applied_on",
                    f"Ngày áp dụng {format_partial_date(applied, precision)} nằm ngoài thời "
                    f"gian tính ({format_date(start)} – {format_date(end)}): sáng kiến sẽ "
                    "không được tính vào chỉ tiêu của giai đoạn này.",
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
        date_issues(issues, "dossier", f"Hồ sơ mục {i}: ngày nhận", d.received_on)
        text_issues(
            issues, "dossier", f"Hồ sơ mục {i}: ghi chú", one_line(d.note), DOSSIER_NOTE_MAX
        )


# What the authors' rules said of a tuple of authors, by the tuple's id (the tuple kept, so
# that its id is not given to another while remembered).
AuthorsSeen = dict[int, tuple[Sequence[AuthorLike], list[Issue]]]


def check_initiative(
    data: InitiativeLike,
    campaign: CampaignRules | None = None,
    today: dt.date | None = None,
    authors_seen: AuthorsSeen | None = None,
) -> list[Issue]:
    """Everything wrong with an initiative, its authors and its dossier, in Vietnamese.

    ``authors_seen``: for the rows of one list, whose rows share the same tuple of (frozen)
    authors where they repeat the same cells (excel_plan): the authors' issues are found
    once per tuple and said again of every row that holds it."""
    campaign = campaign or CampaignRules()
    today = today or dt.date.today()
    issues: list[Issue] = []
    _title_issues(issues, data)
    if authors_seen is None:
        _authors_issues(issues, data)
    else:
        seen = authors_seen.get(id(data.authors))
        if seen is None:
            found: list[Issue] = []
            _authors_issues(found, data)
            seen = authors_seen[id(data.authors)] = (data.authors, found)
        issues.extend(seen[1])
    _description_issues(issues, data, campaign)
    _notes_issues(issues, data)
    _benefit_issues(issues, data)
    _dates_issues(issues, data, campaign, today)
    _dossier_issues(issues, data)
    return issues
