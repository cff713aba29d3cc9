"""Decisions: one signed decision recognises some initiatives and declines others, moving
their status; read back by id or by its number."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.models import AuditEntry, Decision, DecisionEntry, Initiative, InitiativeStatus
from desktop.services.common import NotFound, ServiceError, audit, tick
from desktop.services.evaluation.base import EvaluationPart, move_status
from desktop.services.evaluation.dossiers import dossier_checks
from desktop.text.normalise import clean, nfc

DECIDED = (
    InitiativeStatus.RECOGNISED,
    InitiativeStatus.NOT_RECOGNISED,
    InitiativeStatus.COMMENDED,
    InitiativeStatus.NOMINATED,
)
DECISION_WORK = "ra quyết định công nhận sáng kiến"


@dataclass(frozen=True)
class DecisionInput:
    campaign_id: int
    number: str
    signed_on: dt.date
    signer_name: str | None = None
    signer_title: str | None = None
    period_id: int | None = None
    issuer_unit_id: int | None = None
    recognise: tuple[int, ...] = ()
    decline: Mapping[int, str] = field(default_factory=dict)  # initiative id -> reason
    accept_flagged: bool = False  # recognise even dossiers that the check flags


@dataclass(frozen=True)
class DecisionEntryRow:
    initiative_id: int
    recognised: bool
    reason: str | None


@dataclass(frozen=True)
class DecisionRow:
    id: int
    uid: str
    campaign_id: int
    period_id: int | None
    issuer_unit_id: int | None
    number: str
    signed_on: dt.date | None
    signer_name: str | None
    signer_title: str | None
    recognised: int
    declined: int
    entries: tuple[DecisionEntryRow, ...] = ()
    withdraws_number: str | None = None  # a withdrawal decision: the number it withdraws
    withdrawal_reason: str | None = None
    withdrawn_by: str | None = None  # a withdrawn decision: the withdrawal's number

    @property
    def is_withdrawal(self) -> bool:
        return self.withdraws_number is not None


@dataclass(frozen=True)
class WithdrawalInput:
    decision_id: int  # the decision withdrawn
    number: str
    signed_on: dt.date
    reason: str
    signer_name: str | None = None
    signer_title: str | None = None


def in_force() -> Any:
    """A condition on ``Decision``: neither a withdrawal nor withdrawn (what documents print,
    what stands in the way of deciding an initiative again)."""
    withdrawn = select(Decision.withdraws_uid).where(Decision.withdraws_uid.is_not(None))
    return Decision.withdraws_uid.is_(None) & Decision.uid.not_in(withdrawn.scalar_subquery())


def refuse_number_in_use(s: Session, campaign_id: int, number: str) -> None:
    if s.scalar(
        select(Decision.id).where(Decision.campaign_id == campaign_id, Decision.number == number)
    ):
        raise ServiceError(f"Đã có quyết định số {number} trong chương trình này.")


def refuse_unless_in_force(s: Session, d: Decision) -> None:
    """A decision that is a withdrawal, or has been withdrawn, is refused with the reason."""
    if d.withdraws_uid is not None:
        raise ServiceError(f"Quyết định số {d.number} là quyết định thu hồi.")
    by = s.scalar(select(Decision.number).where(Decision.withdraws_uid == d.uid))
    if by is not None:
        raise ServiceError(f"Quyết định số {d.number} đã được thu hồi bởi quyết định số {by}.")


def _decision_row(
    d: Decision, with_entries: bool = False, numbers: Mapping[str, str] | None = None
) -> DecisionRow:
    """``numbers``: uid -> number of every decision, to name the one withdrawn or withdrawing."""
    numbers = numbers or {}
    entries = tuple(DecisionEntryRow(e.initiative_id, e.recognised, e.reason) for e in d.entries)
    withdrawal = d.withdraws_uid is not None
    by = numbers.get(f"{d.uid}>")
    return DecisionRow(
        id=d.id,
        uid=d.uid,
        campaign_id=d.campaign_id,
        period_id=d.period_id,
        issuer_unit_id=d.issuer_unit_id,
        number=d.number,
        signed_on=d.signed_on,
        signer_name=d.signer_name,
        signer_title=d.signer_title,
        recognised=0 if withdrawal else sum(1 for e in entries if e.recognised),
        declined=0 if withdrawal else sum(1 for e in entries if not e.recognised),
        entries=entries if with_entries else (),
        withdraws_number=numbers.get(d.withdraws_uid or "", "?") if withdrawal else None,
        withdrawal_reason=d.withdrawal_reason,
        withdrawn_by=by,
    )


def _numbers(s: Session) -> dict[str, str]:
    """uid -> number of every decision, and "<withdrawn uid>>" -> the withdrawal's number."""
    out: dict[str, str] = {}
    for uid, number, withdraws in s.execute(
        select(Decision.uid, Decision.number, Decision.withdraws_uid)
    ):
        out[uid] = number
        if withdraws:
            out[f"{withdraws}>"] = number
    return out


def _checked_number(data: DecisionInput) -> str:
    """The decision's number, once the input holds together (before the store is read)."""
    number = clean(data.number)
    if not number:
        raise ServiceError("Chưa nhập số quyết định (ví dụ 125/QĐ-LĐLĐ).")
    if "/" not in number:
        raise ServiceError(
            f"Số quyết định «{number}» chưa đúng dạng số/ký hiệu (ví dụ 125/QĐ-LĐLĐ)."
        )
    if not data.recognise and not data.decline:
        raise ServiceError("Quyết định chưa có sáng kiến nào được công nhận hoặc không công nhận.")
    both = set(data.recognise) & set(data.decline)
    if both:
        raise ServiceError("Một sáng kiến không thể vừa được công nhận vừa không được công nhận.")
    return number


def _decidable(s: Session, data: DecisionInput, number: str) -> dict[int, Initiative]:
    """The initiatives of the decision, once none of them stands in its way."""
    missing_reason = [i for i, r in data.decline.items() if not clean(r)]
    refuse_number_in_use(s, data.campaign_id, number)
    ids = list(data.recognise) + list(data.decline)
    inis = {i.id: i for i in s.scalars(select(Initiative).where(Initiative.id.in_(ids)))}
    if len(inis) != len(set(ids)):
        raise NotFound("Không tìm thấy một số sáng kiến.")
    if missing_reason:
        titles = ", ".join(f"«{inis[i].title}»" for i in missing_reason[:3])
        raise ServiceError(f"Hãy ghi lý do không công nhận cho {titles}.")
    for ini in inis.values():
        if ini.campaign_id != data.campaign_id:
            raise ServiceError(f"Sáng kiến «{ini.title}» không thuộc chương trình này.")
        if ini.deleted_at is not None:
            raise ServiceError(f"Sáng kiến «{ini.title}» đã bị xoá.")
    already = s.execute(
        select(Initiative.title, Decision.number)
        .join(DecisionEntry, DecisionEntry.initiative_id == Initiative.id)
        .join(Decision, Decision.id == DecisionEntry.decision_id)
        .where(Initiative.id.in_(ids), in_force())
    ).first()
    if already:
        raise ServiceError(f"Sáng kiến «{already[0]}» đã có trong quyết định số {already[1]}.")
    if not data.accept_flagged and data.recognise:
        _refuse_flagged(s, data, inis)
    return inis


def _refuse_flagged(s: Session, data: DecisionInput, inis: Mapping[int, Initiative]) -> None:
    flagged = [c for c in dossier_checks(s, list(data.recognise), None) if not c.valid]
    if flagged:
        lines = [f"«{inis[c.initiative_id].title}»: {c.problems}" for c in flagged[:5]]
        more = f" (và {len(flagged) - 5} sáng kiến khác)" if len(flagged) > 5 else ""
        raise ServiceError(
            f"{len(flagged)} hồ sơ chưa hợp lệ{more}:\n"
            + "\n".join(lines)
            + "\nHãy bỏ các sáng kiến này hoặc xác nhận vẫn công nhận."
        )


class DecisionService(EvaluationPart):
    def decide(self, data: DecisionInput) -> DecisionRow:
        """One decision recognising and declining many initiatives at once."""
        self._refuse_unless_owner(DECISION_WORK)
        number = _checked_number(data)
        with self._sf.begin() as s:
            inis = _decidable(s, data, number)
            d = Decision(
                campaign_id=data.campaign_id,
                period_id=data.period_id,
                issuer_unit_id=data.issuer_unit_id,
                number=number,
                signed_on=data.signed_on,
                signer_name=clean(data.signer_name) or None,
                signer_title=clean(data.signer_title) or None,
            )
            tick(s, d)
            s.add(d)
            s.flush()
            for iid in data.recognise:
                e = DecisionEntry(initiative_id=iid, recognised=True)
                tick(s, e)
                d.entries.append(e)
                move_status(s, inis[iid], InitiativeStatus.RECOGNISED, f"decision:{number}")
            for iid, reason in data.decline.items():
                e = DecisionEntry(initiative_id=iid, recognised=False, reason=nfc(reason).strip())
                tick(s, e)
                d.entries.append(e)
                move_status(s, inis[iid], InitiativeStatus.NOT_RECOGNISED, f"decision:{number}")
            s.flush()
            audit(
                s,
                "decision",
                d.uid,
                "create",
                f"Quyết định {number}: công nhận {len(data.recognise)}, "
                f"không công nhận {len(data.decline)} sáng kiến",
            )
            return _decision_row(d, with_entries=True)

    def check(self, data: DecisionInput) -> None:
        """Refuse (ServiceError, in Vietnamese) what ``decide`` would refuse, writing nothing:
        the window checks before it shows the decision to confirm."""
        self._refuse_unless_owner(DECISION_WORK)
        number = _checked_number(data)
        with self._sf() as s:
            _decidable(s, data, number)

    def all(self, campaign_id: int | None = None) -> list[DecisionRow]:
        q = select(Decision).options(selectinload(Decision.entries))
        if campaign_id is not None:
            q = q.where(Decision.campaign_id == campaign_id)
        with self._sf() as s:
            numbers = _numbers(s)
            return [
                _decision_row(d, numbers=numbers)
                for d in s.scalars(q.order_by(Decision.signed_on, Decision.id))
            ]

    def get(self, decision_id: int) -> DecisionRow:
        with self._sf() as s:
            d = s.get(Decision, decision_id)
            if d is None:
                raise NotFound("Không tìm thấy quyết định.")
            return _decision_row(d, with_entries=True, numbers=_numbers(s))

    def by_number(self, campaign_id: int, number: str) -> DecisionRow:
        with self._sf() as s:
            d = s.scalar(
                select(Decision).where(
                    Decision.campaign_id == campaign_id, Decision.number == clean(number)
                )
            )
            if d is None:
                known = ", ".join(
                    s.scalars(select(Decision.number).where(Decision.campaign_id == campaign_id))
                )
                raise NotFound(
                    f"Không có quyết định số «{clean(number)}» trong chương trình."
                    + (f" Các quyết định có: {known}." if known else "")
                )
            return _decision_row(d, with_entries=True, numbers=_numbers(s))

    def withdraw(self, data: WithdrawalInput) -> DecisionRow:
        """Withdraw a decision issued by mistake by a withdrawal decision of its own (number,
        date, signer, reason): the original stays in the history, its initiatives go back to
        the status they had before it (through the one status routine, so the statuses travel)
        and may be decided again. The withdrawal's entries name the same initiatives, so it
        travels to every office the original reached."""
        self._refuse_unless_owner(DECISION_WORK)
        number = clean(data.number)
        if not number or "/" not in number:
            raise ServiceError(
                "Số quyết định thu hồi chưa đúng dạng số/ký hiệu (ví dụ 126/QĐ-LĐLĐ)."
            )
        reason = nfc(data.reason or "").strip()
        if not reason:
            raise ServiceError("Hãy ghi lý do thu hồi quyết định.")
        with self._sf.begin() as s:
            original = s.get(Decision, data.decision_id)
            if original is None:
                raise NotFound("Không tìm thấy quyết định cần thu hồi.")
            refuse_unless_in_force(s, original)
            refuse_number_in_use(s, original.campaign_id, number)
            inis = {
                i.id: i
                for i in s.scalars(
                    select(Initiative).where(
                        Initiative.id.in_([e.initiative_id for e in original.entries])
                    )
                )
            }
            moved_on = [
                i
                for i in inis.values()
                if i.status not in (InitiativeStatus.RECOGNISED, InitiativeStatus.NOT_RECOGNISED)
            ]
            if moved_on:
                titles = ", ".join(f"«{i.title}»" for i in moved_on[:3])
                raise ServiceError(
                    f"Không thu hồi được quyết định số {original.number}: {titles} đã chuyển "
                    "sang bước sau (đề nghị cấp trên, khen thưởng…). Hãy đưa các sáng kiến này "
                    "về trạng thái do quyết định đặt trước."
                )
            w = Decision(
                campaign_id=original.campaign_id,
                period_id=original.period_id,
                issuer_unit_id=original.issuer_unit_id,
                number=number,
                signed_on=data.signed_on,
                signer_name=clean(data.signer_name) or None,
                signer_title=clean(data.signer_title) or None,
                withdraws_uid=original.uid,
                withdrawal_reason=reason,
            )
            tick(s, w)
            s.add(w)
            s.flush()
            why = f"Thu hồi quyết định số {original.number}"
            for e in original.entries:
                entry = DecisionEntry(initiative_id=e.initiative_id, recognised=False, reason=why)
                tick(s, entry)
                w.entries.append(entry)
                ini = inis[e.initiative_id]
                move_status(s, ini, _status_before(s, ini, original.number), f"decision:{number}")
            s.flush()
            audit(
                s,
                "decision",
                w.uid,
                "withdraw",
                f"Quyết định {number} thu hồi quyết định {original.number} "
                f"({len(original.entries)} sáng kiến): {reason}",
                {"withdraws": original.uid},
            )
            return _decision_row(w, with_entries=True, numbers=_numbers(s))


def _status_before(s: Session, ini: Initiative, number: str) -> InitiativeStatus:
    """The status ``ini`` had before decision ``number`` moved it (from the audit log), else
    «Đang thẩm định»: what a council's initiatives stand at."""
    for raw in s.scalars(
        select(AuditEntry.detail_json)
        .where(
            AuditEntry.entity == "initiative",
            AuditEntry.entity_uid == ini.uid,
            AuditEntry.action == "status",
        )
        .order_by(AuditEntry.id.desc())
    ):
        try:
            detail = json.loads(raw) if raw else None
        except ValueError:
            continue
        if isinstance(detail, dict) and detail.get("by") == f"decision:{number}":
            try:
                return InitiativeStatus(str(detail.get("from")))
            except ValueError:
                break
    return InitiativeStatus.UNDER_EVALUATION
