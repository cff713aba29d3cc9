"""The rules for a campaign, its periods, deadlines and fields (see :mod:`.records`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from desktop.services.rules.basics import (
    CAMPAIGN_CODE_MAX,
    CAMPAIGN_NAME_MAX,
    CAMPAIGN_NOTES_MAX,
    COUNT_MAX,
    DEADLINE_LABEL_MAX,
    DESCRIPTION_LIMIT_MAX,
    FIELD_CODE_MAX,
    FIELD_NAME_MAX,
    FIELDS_MAX,
    PERIOD_NAME_MAX,
    PERIODS_MAX,
    PLAN_ISSUER_MAX,
    PLAN_NUMBER_MAX,
    Issue,
    count_issues,
    date_issues,
    one_line,
    text_issues,
)


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


def _campaigntext_issues(issues: list[Issue], data: CampaignLike) -> None:
    code = one_line(data.code)
    if not code:
        issues.append(Issue("code", "Mã chương trình không được để trống."))
    else:
        text_issues(issues, "code", "Mã chương trình", code, CAMPAIGN_CODE_MAX)
    name = one_line(data.name)
    if not name:
        issues.append(Issue("name", "Tên chương trình không được để trống."))
    else:
        text_issues(issues, "name", "Tên chương trình", name, CAMPAIGN_NAME_MAX)
    text_issues(issues, "plan_number", "Số kế hoạch", one_line(data.plan_number), PLAN_NUMBER_MAX)
    text_issues(
        issues, "plan_issuer", "Cơ quan ban hành", one_line(data.plan_issuer), PLAN_ISSUER_MAX
    )
    text_issues(issues, "notes", "Ghi chú", one_line(data.notes), CAMPAIGN_NOTES_MAX)


def _campaign_dates_issues(issues: list[Issue], data: CampaignLike) -> None:
    date_issues(issues, "plan_date", "Ngày kế hoạch", data.plan_date)
    date_issues(issues, "starts_on", "Ngày bắt đầu", data.starts_on)
    date_issues(issues, "ends_on", "Ngày kết thúc", data.ends_on)
    if (
        isinstance(data.starts_on, dt.date)
        and isinstance(data.ends_on, dt.date)
        and data.ends_on < data.starts_on
    ):
        issues.append(Issue("ends_on", "Ngày kết thúc của chương trình phải sau ngày bắt đầu."))


def _campaign_counts_issues(issues: list[Issue], data: CampaignLike) -> None:
    count_issues(
        issues,
        "nomination_limit",
        "Số sáng kiến đề nghị tối đa",
        data.nomination_limit,
        COUNT_MAX,
    )
    count_issues(
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
        text_issues(issues, "periods", f"{label}: hạn", dlabel, DEADLINE_LABEL_MAX)
    if d.due_on is None:
        issues.append(Issue("periods", f"{label}: hạn thứ {j} chưa có ngày."))
    date_issues(issues, "periods", f"{label}: hạn thứ {j}", d.due_on)


def _period_issues(issues: list[Issue], i: int, p: PeriodLike) -> None:
    pname = one_line(p.name)
    label = f"«{pname}»" if pname else f"Giai đoạn thứ {i}"
    if not pname:
        issues.append(Issue("periods", f"Giai đoạn thứ {i}: chưa có tên."))
    else:
        text_issues(issues, "periods", f"{label}: tên", pname, PERIOD_NAME_MAX)
    date_issues(issues, "periods", f"{label}: ngày đầu", p.count_from)
    date_issues(issues, "periods", f"{label}: ngày cuối", p.count_to)
    if (
        isinstance(p.count_from, dt.date)
        and isinstance(p.count_to, dt.date)
        and p.count_to < p.count_from
    ):
        issues.append(Issue("periods", f"{label}: ngày cuối của thời gian tính phải sau ngày đầu."))
    for j, d in enumerate(list(p.deadlines or ())[:100], start=1):
        _deadline_issues(issues, label, j, d)
    # Added with the entry deadline (2026-12): read with getattr, so that a period described
    # without them (an older bundle, a JSON file) has none.
    date_issues(
        issues, "periods", f"{label}: ngày phấn đấu đạt chỉ tiêu", getattr(p, "target_on", None)
    )
    closes = getattr(p, "entries_close_at", None)
    if closes is not None:
        if not isinstance(closes, dt.datetime) or closes.tzinfo is None:
            issues.append(Issue("periods", f"{label}: hạn nhập không phải một thời điểm."))
        else:
            date_issues(issues, "periods", f"{label}: hạn nhập", closes.date())


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
        text_issues(issues, "fields", f"Lĩnh vực thứ {i}: mã", fcode, FIELD_CODE_MAX)
        text_issues(issues, "fields", f"Lĩnh vực thứ {i}: tên", fname, FIELD_NAME_MAX)
    codes = [one_line(f.code) for f in fields]
    if len(set(codes)) != len(codes):
        issues.append(Issue("fields", "Hai lĩnh vực trùng mã."))


def check_campaign(data: CampaignLike) -> list[Issue]:
    """Everything wrong with a campaign, its periods, deadlines and fields."""
    issues: list[Issue] = []
    _campaigntext_issues(issues, data)
    _campaign_dates_issues(issues, data)
    _campaign_counts_issues(issues, data)
    _periods_issues(issues, data)
    _fields_issues(issues, data)
    _dossier_issues(issues, data)
    return issues


def _dossier_issues(issues: list[Issue], data: CampaignLike) -> None:
    """The campaign's dossier papers (a campaign made before they existed has none: the
    recognition plans' four)."""
    from desktop.services.campaigns.dossier_items import item_problems

    raw = getattr(data, "dossier_items", None)
    issues.extend(Issue("dossier_items", m) for m in item_problems(raw))
