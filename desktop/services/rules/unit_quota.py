"""The rules for a quota figure and a unit's catalogue entry (see :mod:`.records`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.services.rules.basics import (
    QUOTA_MAX,
    UNIT_CODE_MAX,
    UNIT_NAME_MAX,
    UNIT_SHORT_NAME_MAX,
    Issue,
    count_issues,
    date_issues,
    one_line,
    text_issues,
)


# ---- quotas ------------------------------------------------------------------------------
def check_quota(target: Any) -> list[Issue]:
    """A quota's figure: a whole number from 0 to :data:`QUOTA_MAX`."""
    issues: list[Issue] = []
    count_issues(issues, "target", "Chỉ tiêu", target, QUOTA_MAX, required=True)
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
        text_issues(issues, "code", "Mã đơn vị", c, UNIT_CODE_MAX)
    n = one_line(name)
    if not n:
        issues.append(Issue("name", "Tên đơn vị không được để trống."))
    else:
        text_issues(issues, "name", "Tên đơn vị", n, UNIT_NAME_MAX)
    text_issues(issues, "short_name", "Tên viết tắt", one_line(short_name), UNIT_SHORT_NAME_MAX)
    date_issues(issues, "valid_from", "Ngày thành lập", valid_from)
    date_issues(issues, "valid_to", "Ngày kết thúc", valid_to)
    if isinstance(valid_from, dt.date) and isinstance(valid_to, dt.date) and valid_to < valid_from:
        issues.append(Issue("valid_to", "Ngày kết thúc của đơn vị phải sau ngày thành lập."))
    return issues
