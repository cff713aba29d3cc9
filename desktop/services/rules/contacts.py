"""An author's phone number and e-mail: optional, and when given, plausible.

The national portal's form asks for both. They are checked for a plausible shape only (a
Vietnamese number of 10 or 11 digits starting with 0, or written +84; an address with one @
and a domain with a dot), never looked up: an officer types what the author wrote on paper,
and a message says what looks wrong, with an example of the expected form.
"""

from __future__ import annotations

import re

from desktop.services.rules.basics import Issue, one_line, text_issues

PHONE_MAX = 40  # author.phone String(40)
EMAIL_MAX = 200  # author.email String(200)

# What people put between the digits: spaces, dots, dashes, brackets.
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]+")
# One @, no spaces, a domain with at least one dot and a top-level part of 2+ letters.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[A-Za-z]{2,}$")


def phone_digits(phone: str) -> str | None:
    """The number as 0 and 9-10 digits (``+84``/``84`` read as 0), or None if implausible."""
    text = _PHONE_SEPARATORS.sub("", phone)
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if text.isdigit() and text.startswith("0") and len(text) in (10, 11):
        return text
    return None


def phone_of_cell(value: object) -> str:
    """A phone number as an Excel cell holds it: a number typed into a cell loses its leading
    0 (912345678.0), which is put back; text is kept as written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 9 <= len(str(int(value))) <= 10:
            return "0" + str(int(value))
        return str(value)
    return one_line(str(value)) if value not in (None, "") else ""


def is_plausible_email(email: str) -> bool:
    return bool(_EMAIL.match(email)) and ".." not in email


def contact_issues(issues: list[Issue], who: str, phone: str | None, email: str | None) -> None:
    """The problems of an author's phone and e-mail (both optional), for ``issues``."""
    phone = one_line(phone)
    email = one_line(email)
    text_issues(issues, "authors", f"{who}: số điện thoại", phone, PHONE_MAX)
    text_issues(issues, "authors", f"{who}: email", email, EMAIL_MAX)
    if phone and len(phone) <= PHONE_MAX and phone_digits(phone) is None:
        issues.append(
            Issue(
                "authors",
                f"{who}: số điện thoại «{phone}» không hợp lệ: cần 10 hoặc 11 chữ số, bắt đầu "
                "bằng 0 hoặc +84 (ví dụ 0912 345 678).",
            )
        )
    if email and len(email) <= EMAIL_MAX and not is_plausible_email(email):
        issues.append(
            Issue(
                "authors",
                f"{who}: email «{email}» không hợp lệ: cần dạng tên@tên-miền "
                "(ví dụ tacgia@example.vn).",
            )
        )
