"""The dossier check: is an initiative's dossier valid — on time, complete, with no open
complaint and no open authorship dispute? Each condition is a flag with its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    Campaign,
    DossierIssue,
    DossierIssueKind,
    DossierItem,
    DossierKind,
    Initiative,
    Period,
)
from desktop.services.campaigns.dossier_items import DossierItemSpec, items_of
from desktop.services.evaluation.base import EvaluationPart
from desktop.services.evaluation.complaints import ISSUE_KIND
from desktop.text.dates import format_date
from desktop.text.normalise import fold


@dataclass(frozen=True)
class Flag:
    """One condition of a valid dossier: ``ok`` or not, with the reason shown to the person."""

    code: str  # on_time, complete, no_complaint, no_dispute
    label: str
    ok: bool
    reason: str


@dataclass(frozen=True)
class DossierCheck:
    initiative_id: int
    flags: tuple[Flag, ...]

    @property
    def valid(self) -> bool:
        return all(f.ok for f in self.flags)

    @property
    def problems(self) -> str:
        return "; ".join(f.reason for f in self.flags if not f.ok)


class DossierService(EvaluationPart):
    def check(
        self, initiative_ids: Sequence[int], due_on: dt.date | None = None
    ) -> list[DossierCheck]:
        with self._sf() as s:
            return dossier_checks(s, initiative_ids, due_on)


def dossier_checks(
    s: Session, initiative_ids: Sequence[int], due_on: dt.date | None
) -> list[DossierCheck]:
    """The check of each initiative, inside the caller's session. ``due_on``: the deadline
    (a council's); None: each initiative's period's dossier deadline."""
    ids = list(initiative_ids)
    if not ids:
        return []
    items = _received(s, ids)
    issues = _open_issues(s, ids)
    periods: dict[int, int | None] = {}
    campaigns: dict[int, int] = {}
    for iid, pid, cid in s.execute(
        select(Initiative.id, Initiative.period_id, Initiative.campaign_id).where(
            Initiative.id.in_(ids)
        )
    ):
        periods[iid], campaigns[iid] = pid, cid
    papers = {
        cid: items_of(raw)
        for cid, raw in s.execute(
            select(Campaign.id, Campaign.dossier_items).where(
                Campaign.id.in_(set(campaigns.values()))
            )
        )
    }
    deadlines = {} if due_on else _dossier_deadline(s, {p for p in periods.values() if p})
    out = []
    for iid in ids:
        due = due_on or deadlines.get(periods.get(iid) or -1)
        flags = [
            _on_time(items.get(iid, {}), due),
            _complete(items.get(iid, {}), papers.get(campaigns.get(iid, -1), items_of(None))),
            *_no_issues(issues.get(iid, {})),
        ]
        out.append(DossierCheck(iid, tuple(flags)))
    return out


def _received(s: Session, ids: list[int]) -> dict[int, dict[DossierKind, dt.date | None]]:
    """{initiative id: {dossier item kind: the latest day it was received, if known}}."""
    items: dict[int, dict[DossierKind, dt.date | None]] = {}
    for iid, kind, received in s.execute(
        select(DossierItem.initiative_id, DossierItem.kind, DossierItem.received_on).where(
            DossierItem.initiative_id.in_(ids)
        )
    ):
        have = items.setdefault(iid, {})
        prev = have.get(kind)
        have[kind] = received if prev is None or (received and received > prev) else prev
    return items


def _open_issues(s: Session, ids: list[int]) -> dict[int, dict[DossierIssueKind, list[str]]]:
    """{initiative id: {issue kind: reasons of the issues not resolved yet}}."""
    issues: dict[int, dict[DossierIssueKind, list[str]]] = {}
    for iid, kind, reason in s.execute(
        select(DossierIssue.initiative_id, DossierIssue.kind, DossierIssue.reason).where(
            DossierIssue.initiative_id.in_(ids), DossierIssue.resolved_at.is_(None)
        )
    ):
        issues.setdefault(iid, {}).setdefault(kind, []).append(reason)
    return issues


def _dossier_deadline(s: Session, period_ids: set[int]) -> dict[int, dt.date]:
    """The dossier deadline of each period: its deadline whose label speaks of "hồ sơ"."""
    out: dict[int, dt.date] = {}
    for period in s.scalars(select(Period).where(Period.id.in_(period_ids))):
        dues = [d.due_on for d in period.deadlines if "ho so" in fold(d.label)]
        if dues:
            out[period.id] = max(dues)
    return out


def _on_time(have: dict[DossierKind, dt.date | None], due: dt.date | None) -> Flag:
    received = [d for d in have.values() if d is not None]
    last = max(received) if received else None
    if due is None:
        return Flag("on_time", "Đúng hạn", True, "Không quy định hạn nộp hồ sơ.")
    if last is None:
        return Flag("on_time", "Đúng hạn", False, "Chưa ghi ngày nhận hồ sơ.")
    if last > due:
        return Flag(
            "on_time",
            "Đúng hạn",
            False,
            f"Nộp muộn: nhận ngày {format_date(last)}, hạn {format_date(due)}.",
        )
    return Flag("on_time", "Đúng hạn", True, f"Nhận ngày {format_date(last)}.")


def _complete(have: dict[DossierKind, dt.date | None], papers: tuple[DossierItemSpec, ...]) -> Flag:
    """Complete when every paper the campaign requires is in; an optional one ("nếu có") is
    never missing."""
    required = [p for p in papers if p.required]
    missing = [p.label for p in required if p.kind not in have]
    return Flag(
        "complete",
        "Đầy đủ",
        not missing,
        "Thiếu: " + ", ".join(missing) + "."
        if missing
        else f"Đủ {len(required)} thành phần hồ sơ bắt buộc.",
    )


def _no_issues(open_issues: dict[DossierIssueKind, list[str]]) -> list[Flag]:
    flags = []
    for code, label, kind in (
        ("no_complaint", "Không khiếu nại", DossierIssueKind.COMPLAINT),
        ("no_dispute", "Không tranh chấp tác giả", DossierIssueKind.AUTHORSHIP),
    ):
        open_ = open_issues.get(kind, [])
        flags.append(
            Flag(
                code,
                label,
                not open_,
                f"{ISSUE_KIND[kind]}: " + "; ".join(open_) if open_ else "Không có.",
            )
        )
    return flags
