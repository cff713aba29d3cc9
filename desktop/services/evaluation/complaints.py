"""Complaints about an initiative's dossier and disputes over its authorship: raised,
resolved, listed. An open one flags the dossier (``dossiers``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.models import DossierIssue, DossierIssueKind, Initiative, utcnow
from desktop.services.common import NotFound, ServiceError, audit, tick
from desktop.services.evaluation.base import EvaluationPart
from desktop.text.normalise import clean, nfc

ISSUE_KIND = {
    DossierIssueKind.COMPLAINT: "Khiếu nại về nội dung, kết quả",
    DossierIssueKind.AUTHORSHIP: "Tranh chấp về quyền tác giả",
}
ISSUE_WORK = "ghi và giải quyết khiếu nại, tranh chấp về hồ sơ sáng kiến"


@dataclass(frozen=True)
class IssueRow:
    id: int
    initiative_id: int
    kind: DossierIssueKind
    reason: str
    raised_on: dt.date | None
    resolved: bool
    resolution: str | None


class ComplaintService(EvaluationPart):
    def raise_issue(
        self,
        initiative_id: int,
        kind: DossierIssueKind,
        reason: str,
        raised_on: dt.date | None = None,
    ) -> IssueRow:
        self._refuse_unless_owner(ISSUE_WORK)
        if not clean(reason):
            raise ServiceError("Hãy ghi nội dung khiếu nại hoặc tranh chấp.")
        with self._sf.begin() as s:
            ini = s.get(Initiative, initiative_id)
            if ini is None:
                raise NotFound("Không tìm thấy sáng kiến.")
            issue = DossierIssue(
                initiative_id=ini.id, kind=kind, reason=nfc(reason).strip(), raised_on=raised_on
            )
            tick(s, issue)
            s.add(issue)
            s.flush()
            audit(s, "initiative", ini.uid, "dossier_issue", f"{ISSUE_KIND[kind]}: {issue.reason}")
            return IssueRow(issue.id, ini.id, kind, issue.reason, raised_on, False, None)

    def resolve_issue(self, issue_id: int, resolution: str) -> None:
        self._refuse_unless_owner(ISSUE_WORK)
        with self._sf.begin() as s:
            issue = s.get(DossierIssue, issue_id)
            if issue is None:
                raise NotFound("Không tìm thấy khiếu nại, tranh chấp.")
            issue.resolved_at = utcnow()
            issue.resolution = nfc(resolution).strip() or None
            tick(s, issue)

    def issues(self, initiative_id: int) -> list[IssueRow]:
        with self._sf() as s:
            return [
                IssueRow(
                    i.id,
                    i.initiative_id,
                    i.kind,
                    i.reason,
                    i.raised_on,
                    i.resolved_at is not None,
                    i.resolution,
                )
                for i in s.scalars(
                    select(DossierIssue)
                    .where(DossierIssue.initiative_id == initiative_id)
                    .order_by(DossierIssue.id)
                )
            ]
