"""A peer's initiative read into the rows the store holds, and judged by the window's rules."""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from desktop.models import (
    AuthorKind,
    Campaign,
    DatePrecision,
    DossierKind,
    Field,
    InitiativeStatus,
    Period,
    Sector,
    utcnow,
)
from desktop.services.campaigns.closing import closed_message
from desktop.services.initiatives.service import AuthorInput, DossierInput, InitiativeInput
from desktop.services.rules import records as rules
from desktop.services.rules.deadline import LATE_LABEL, late_issue
from desktop.services.rules.ownership import DISTRICT_STATUSES
from desktop.services.sync.apply.context import ApplyContext
from desktop.services.sync.apply.values import (
    MAX_AMOUNT,
    BadRecord,
    bool_of,
    date_of,
    datetime_of,
    enum_of,
    int_of,
    list_of,
    optional_uid_of,
    required_enum_of,
    str_of,
    text_of,
    uid_of,
    version_of,
)
from desktop.text.collation import collation_key, person_sort_key
from desktop.text.normalise import fold
from desktop.text.partial_dates import precision_note

_person_key = functools.lru_cache(maxsize=65_536)(person_sort_key)  # names repeat a lot

# An initiative's row, its authors' rows and its dossier items' rows (no ids yet).
Row = dict[str, Any]


def parse_initiative(
    ctx: ApplyContext, rec: dict[str, Any]
) -> tuple[Row, list[Row], list[Row], int]:
    """The initiative's row, authors, dossier and the owner's version; BadRecord if invalid."""
    uid = uid_of(rec)
    v = version_of(rec)
    row = _initiative_row(ctx, rec, uid)
    authors = _authors(rec)
    dossier = _dossier(rec)
    check_initiative(ctx, row, authors, dossier)
    names = [a["full_name"] for a in authors]
    row["author_kind"] = AuthorKind.GROUP if len(names) > 1 else AuthorKind.PERSON
    row["authors_text"] = ", ".join(names)
    row["search_text"] = fold(f"{row['title']} | {row['authors_text']}")
    row["title_key"] = collation_key(row["title"])
    row["authors_key"] = authors[0]["name_key"] if authors else ""
    return row, authors, dossier, v


def _initiative_row(ctx: ApplyContext, rec: dict[str, Any], uid: str) -> Row:
    unit_uid = uid_of(rec, "unit_uid")
    campaign_uid = uid_of(rec, "campaign_uid")
    period_uid = optional_uid_of(rec, "period_uid")
    field_uid = optional_uid_of(rec, "field_uid")
    if unit_uid not in ctx.units:
        raise BadRecord("không rõ công đoàn cơ sở")
    if campaign_uid not in ctx.campaigns:
        raise BadRecord("không rõ chương trình (hãy nhận danh mục từ tỉnh trước)")
    if period_uid and period_uid not in ctx.periods:
        raise BadRecord("không rõ giai đoạn")
    if field_uid and field_uid not in ctx.fields:
        raise BadRecord("không rõ lĩnh vực")
    # Generous shape limits first (a bundle is untrusted: bound what is read), then the
    # same rules as the window and the Excel import (rules.check_initiative) below.
    title = text_of(rec, "title", 100_000)
    return {
        "uid": uid,
        "unit_id": ctx.units[unit_uid][0],
        "campaign_id": ctx.campaigns[campaign_uid],
        "period_id": ctx.periods[period_uid] if period_uid else None,
        "field_id": ctx.fields[field_uid] if field_uid else None,
        "sector": enum_of(Sector, rec, "sector"),
        "title": title,
        # Generous shape bounds only: services/rules/records.py judges the real limits.
        "description": (str_of(rec, "description", 1_000_000) or "").strip(),
        "benefit_vnd": int_of(rec, "benefit_vnd", limit=MAX_AMOUNT),
        "benefit_note": text_of(rec, "benefit_note", 100_000) or None,
        "applied_on": date_of(rec, "applied_on"),
        "applied_precision": enum_of(DatePrecision, rec, "applied_precision"),
        "registered_on": date_of(rec, "registered_on"),
        "confidential": bool_of(rec, "confidential"),
        # As its sender holds it: a restore's re-send and a handover keep it; a new record is
        # judged again on arrival (judge_late), an edit keeps what was judged (_write_content).
        "entered_late": bool_of(rec, "entered_late"),
        "notes": (str_of(rec, "notes", 100_000) or "").strip() or None,
        "deleted_at": (
            (datetime_of(rec, "deleted_at") or utcnow()) if bool_of(rec, "deleted") else None
        ),
    }


def _contribution(a: dict[str, Any]) -> Decimal:
    raw_pct = a.get("contribution_pct", "100")
    if isinstance(raw_pct, bool) or not isinstance(raw_pct, (str, int, float)):
        raise BadRecord("tỷ lệ đóng góp không hợp lệ")
    try:
        pct = Decimal(str(raw_pct)[:40])
    except InvalidOperation:
        raise BadRecord("tỷ lệ đóng góp không hợp lệ") from None
    if not pct.is_finite():
        raise BadRecord("tỷ lệ đóng góp không hợp lệ")
    return pct


def _authors(rec: dict[str, Any]) -> list[Row]:
    authors = []
    for i, a in enumerate(list_of(rec, "authors", 200)):
        if not isinstance(a, dict):
            raise BadRecord("tác giả không hợp lệ")
        name = text_of(a, "full_name", 100_000)
        pct = _contribution(a)
        authors.append(
            {
                "uid": uid_of(a),
                "seq": i,
                "full_name": name,
                "name_key": _person_key(name),
                "birth_date": date_of(a, "birth_date"),
                "job_title": text_of(a, "job_title", 100_000) or None,
                "workplace": text_of(a, "workplace", 100_000) or None,
                "qualification": text_of(a, "qualification", 100_000) or None,
                "is_member": bool_of(a, "is_member", True),
                "contribution_pct": pct,
                # Absent from a bundle the office above got without contacts (contacts.py).
                "phone": text_of(a, "phone", 10_000) or None,
                "email": text_of(a, "email", 10_000) or None,
            }
        )
    return authors


def _dossier(rec: dict[str, Any]) -> list[Row]:
    dossier = []
    for d in list_of(rec, "dossier", 100):
        if not isinstance(d, dict):
            raise BadRecord("hồ sơ không hợp lệ")
        dossier.append(
            {
                "uid": uid_of(d),
                "kind": required_enum_of(DossierKind, d, "kind"),
                "received_on": date_of(d, "received_on"),
                "note": text_of(d, "note", 100_000) or None,
            }
        )
    return dossier


def campaign_rules(
    ctx: ApplyContext, campaign_id: int, period_id: int | None
) -> rules.CampaignRules:
    """The campaign's settings as this office holds them (cached for the bundle)."""
    cache = ctx.campaign_rules
    key = (campaign_id, period_id)
    if key not in cache:
        limit = ctx.s.scalar(select(Campaign.description_limit).where(Campaign.id == campaign_id))
        window = None
        if period_id is not None:
            p = ctx.s.execute(
                select(Period.campaign_id, Period.count_from, Period.count_to).where(
                    Period.id == period_id
                )
            ).one()
            if p.campaign_id != campaign_id:
                raise BadRecord("Giai đoạn không thuộc chương trình đã chọn.")
            window = (p.count_from, p.count_to)
        cache[key] = rules.CampaignRules(limit or 1000, window)
    return cache[key]


def _as_input(row: Row, authors: list[Row], dossier: list[Row]) -> InitiativeInput:
    """The rows as the window would have sent them to ``rules.check_initiative``."""
    return InitiativeInput(
        campaign_id=row["campaign_id"],
        unit_id=row["unit_id"],
        title=row["title"],
        authors=tuple(
            AuthorInput(
                a["full_name"],
                a["job_title"],
                a["workplace"],
                a["is_member"],
                a["contribution_pct"],
                a["birth_date"],
                a["qualification"],
                a["phone"],
                a["email"],
            )
            for a in authors
        ),
        description=row["description"],
        benefit_vnd=row["benefit_vnd"],
        benefit_note=row["benefit_note"],
        applied_on=row["applied_on"],
        applied_precision=row["applied_precision"],
        registered_on=row["registered_on"],
        notes=row["notes"],
        dossier=tuple(DossierInput(d["kind"], d["received_on"], d["note"]) for d in dossier),
    )


def check_initiative(ctx: ApplyContext, row: Row, authors: list[Row], dossier: list[Row]) -> None:
    """The window's rules (rules.check_initiative) on a peer's initiative: an error
    refuses this record alone, with the window's message; a rule that depends on the
    campaign as this office holds it (or on its clock) only flags it
    (docs/sync-promises.md, 11)."""
    if row["field_id"] is not None:
        field_campaign: dict[int, int] = ctx.field_campaign or dict(
            ctx.s.execute(select(Field.id, Field.campaign_id)).all()
        )
        ctx.field_campaign = field_campaign
        if field_campaign.get(row["field_id"]) != row["campaign_id"]:
            raise BadRecord("Lĩnh vực không thuộc chương trình đã chọn.")
    data = _as_input(row, authors, dossier)
    campaign = campaign_rules(ctx, row["campaign_id"], row["period_id"])
    issues = rules.errors(rules.check_initiative(data, campaign))
    bad = [i for i in issues if not i.contextual]
    if bad:
        raise BadRecord(rules.message(bad))
    flagged = [i for i in issues if i.contextual]
    if row["applied_precision"] is not None and row["applied_on"] is not None:
        # The same flag as the window and the Excel preview: counted where any part falls.
        ctx.tally.add(
            ctx.label(row["unit_id"]),
            "warning",
            f"sáng kiến «{row['title'][:120]}»",
            precision_note(row["applied_on"], row["applied_precision"]),
        )
    if flagged:
        ctx.tally.add(
            ctx.label(row["unit_id"]),
            "warning",
            f"sáng kiến «{row['title'][:120]}»",
            "Nhận, nhưng theo chương trình như văn phòng này đang giữ: " + rules.message(flagged),
        )


def closed_refusal(ctx: ApplyContext, campaign_id: int) -> str | None:
    """Why a record of this campaign from the sender is refused: the campaign is closed
    here and the sender is below (an office above decided before it closed, or reopened it:
    its records are written as sent). None: written (campaigns/closing.py)."""
    if campaign_id not in ctx.closed_campaigns:
        row = ctx.s.execute(
            select(Campaign.name, Campaign.closed_at).where(Campaign.id == campaign_id)
        ).first()
        closed = row is not None and row.closed_at is not None
        ctx.closed_campaigns[campaign_id] = (
            closed_message(row.name, row.closed_at) if row is not None and closed else None
        )
    if ctx.sender_is_province:
        return None
    return ctx.closed_campaigns[campaign_id]


def judge_late(ctx: ApplyContext, rec: dict[str, Any], row: Row, label: str) -> None:
    """A new initiative entered after its period's entry deadline (as this office holds it):
    kept, flagged "nhập sau hạn", and said in the report (rules/deadline.py). Judged by when
    its own office entered it; a record that says neither that nor whether it was late (an
    older program) is judged by when it arrives."""
    flagged = bool_of(rec, "entered_late")
    entered_at = datetime_of(rec, "entered_at")
    if entered_at is None and "entered_late" not in rec:
        entered_at = utcnow()
    issue = None
    period_id = row["period_id"]
    if period_id is not None and entered_at is not None:
        if period_id not in ctx.period_closes:
            p = ctx.s.execute(
                select(Period.name, Period.entries_close_at).where(Period.id == period_id)
            ).one()
            ctx.period_closes[period_id] = (p.name, p.entries_close_at)
        name, closes = ctx.period_closes[period_id]
        issue = late_issue(name, closes, entered_at)
    row["entered_late"] = flagged or issue is not None
    if row["entered_late"]:
        ctx.tally.add(
            label,
            "warning",
            f"sáng kiến «{row['title'][:120]}»",
            issue.message if issue else f"Văn phòng gửi đánh dấu «{LATE_LABEL}».",
        )


def stage_of(rec: dict[str, Any]) -> InitiativeStatus | None:
    """The district's registration step sent with the content (None: not sent, or the
    province has taken the status over at the district)."""
    stage = enum_of(InitiativeStatus, rec, "stage")
    if stage is not None and stage not in DISTRICT_STATUSES:
        raise BadRecord("bước đăng ký không hợp lệ")
    return stage
