"""The initiative rules that run on every row of a big list (rules/initiative.py) say exactly
what the plain checks said: the same issues, in the same order, with the same messages. The
plain checks are kept here as they were (each name cleaned where it is used, every label
written); generated authors, shares, contacts and texts go through both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services.rules import initiative as rules
from desktop.services.rules.basics import (
    AUTHOR_NAME_MAX,
    AUTHORS_MAX,
    AUTHORS_TEXT_MAX,
    BIRTH_MIN,
    JOB_TITLE_MAX,
    QUALIFICATION_MAX,
    SHARE_TOLERANCE,
    WORKPLACE_MAX,
    Issue,
    date_issues,
    one_line,
    text_issues,
)
from desktop.services.rules.contacts import contact_issues


# ---- the plain checks, as they were before the fast ones ---------------------------------
def _plain_author_issues(issues, i, a):
    who = f"Tác giả thứ {i}"
    name = one_line(a.full_name)
    if not name:
        issues.append(Issue("authors", f"{who}: chưa nhập họ tên."))
    else:
        text_issues(issues, "authors", f"{who}: họ tên", name, AUTHOR_NAME_MAX)
    text_issues(issues, "authors", f"{who}: chức vụ", one_line(a.job_title), JOB_TITLE_MAX)
    text_issues(issues, "authors", f"{who}: nơi công tác", one_line(a.workplace), WORKPLACE_MAX)
    text_issues(
        issues,
        "authors",
        f"{who}: trình độ",
        one_line(getattr(a, "qualification", None)),
        QUALIFICATION_MAX,
    )
    date_issues(issues, "authors", f"{who}: ngày sinh", getattr(a, "birth_date", None), BIRTH_MIN)
    contact_issues(issues, who, getattr(a, "phone", None), getattr(a, "email", None))
    pct = rules._pct(a.contribution_pct)
    if pct is None or pct < 0 or pct > 100:
        issues.append(Issue("authors", f"{who}: tỷ lệ đóng góp phải từ 0 đến 100%."))
        return None
    if pct != pct.quantize(Decimal("0.01")):
        issues.append(Issue("authors", f"{who}: tỷ lệ đóng góp chỉ có tối đa 2 chữ số thập phân."))
    return pct


def _plain_authors_issues(issues, data):
    authors = list(data.authors or ())
    named = [a for a in authors if one_line(a.full_name)]
    if not named:
        issues.append(Issue("authors", "Cần ít nhất một tác giả."))
    if len(authors) > AUTHORS_MAX:
        issues.append(Issue("authors", f"Nhiều hơn {AUTHORS_MAX} tác giả."))
    total = Decimal(0)
    shares_ok = True
    for i, a in enumerate(authors[:AUTHORS_MAX], start=1):
        pct = _plain_author_issues(issues, i, a)
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


# ---- generated records --------------------------------------------------------------------
@dataclass(frozen=True)
class _Author:
    full_name: str
    job_title: str | None = None
    workplace: str | None = None
    qualification: str | None = None
    contribution_pct: object = Decimal(100)
    birth_date: object = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class _Initiative:
    title: str = "Sáng kiến"
    authors: tuple[_Author, ...] = ()
    description: str = ""
    benefit_vnd: int | None = None
    benefit_note: str | None = None
    applied_on: dt.date | None = None
    applied_precision: None = None
    registered_on: dt.date | None = None
    notes: str | None = None
    dossier: tuple[()] = ()


# Texts near every edge: empty, blank, invisible and control characters, long ones.
_pieces = st.sampled_from(
    ["", " ", "Nguyễn Văn An", "Lò Thị Bé", "\u00a0", "\u200b", "\x07", "\u202e", "Kỹ sư",
     "0912 345 678", "+84912345678", "12", "tacgia@example.vn", "a@b", "x" * 150, "\n"]
)  # fmt: skip
_text = st.lists(_pieces, max_size=4).map("".join)
_optional = st.one_of(st.none(), _text)
_share = st.one_of(
    st.decimals(min_value=-10, max_value=120, places=3, allow_nan=False),
    st.sampled_from([Decimal(100), Decimal("33.34"), Decimal("33.33"), "abc", None, 50, 50.5]),
)
_birth = st.one_of(st.none(), st.dates(dt.date(1850, 1, 1), dt.date(2150, 1, 1)), st.just("x"))
_author = st.builds(
    _Author,
    full_name=_text,
    job_title=_optional,
    workplace=_optional,
    qualification=_optional,
    contribution_pct=_share,
    birth_date=_birth,
    phone=_optional,
    email=_optional,
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_author, max_size=6), st.integers(1, 120))
def test_the_author_rules_say_what_the_plain_checks_said(authors, copies):
    data = _Initiative(authors=tuple(authors))
    fast: list[Issue] = []
    plain: list[Issue] = []
    rules._authors_issues(fast, data)
    _plain_authors_issues(plain, data)
    assert fast == plain
    # Past the most authors a record may have, and a list of names too long to show.
    if authors and copies > AUTHORS_MAX - len(authors):
        many = replace(data, authors=tuple(authors) * copies)
        fast, plain = [], []
        rules._authors_issues(fast, many)
        _plain_authors_issues(plain, many)
        assert fast == plain


def test_a_list_row_with_nothing_wrong_has_no_issue_and_a_bad_one_its_labelled_message():
    good = _Initiative(authors=(_Author("Nguyễn Văn An", job_title="Kỹ sư"),))
    assert rules.check_initiative(good, today=dt.date(2024, 1, 1)) == []
    bad = _Initiative(
        authors=(
            _Author("Lò Văn A\u202e", job_title="x" * 201, contribution_pct=Decimal(50)),
            _Author("Lò Thị B", phone="12", contribution_pct=Decimal(50)),
        )
    )
    messages = [i.message for i in rules.check_initiative(bad, today=dt.date(2024, 1, 1))]
    assert messages[0].startswith("Tác giả thứ 1: họ tên chứa ký tự điều khiển U+202E")
    assert messages[1] == "Tác giả thứ 1: chức vụ dài 201 ký tự, vượt giới hạn 200 ký tự."
    assert messages[2].startswith("Tác giả thứ 2: số điện thoại «12» không hợp lệ")
    assert len(messages) == 3
