"""The evaluation part of the demo province: a council with members, criteria and scores, a
few dossier problems to see the flags, and the office's document settings.

The people are invented (no official from the seeds appears).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import (
    Campaign,
    DossierIssueKind,
    DossierItem,
    DossierKind,
    Initiative,
    InitiativeStatus,
    Period,
)
from desktop.services.common import tick
from desktop.services.documents.settings import DocumentSettingsService
from desktop.services.evaluation import Evaluation
from desktop.services.evaluation.councils import CouncilInput, CouncilRow, MemberInput

DEMO_CAMPAIGN = "01TRIEU-2022"
MEMBERS = (
    MemberInput("Hoàng Minh Đức", "Chủ tịch Hội đồng", "LĐLĐ tỉnh"),
    MemberInput("Nguyễn Thị Thu Hà", "Phó Chủ tịch Hội đồng", "LĐLĐ tỉnh"),
    MemberInput("Lò Văn Khánh", "Ủy viên", "Sở Khoa học và Công nghệ"),
    MemberInput("Trần Thị Ngọc Ánh", "Ủy viên", "Công đoàn ngành Giáo dục"),
    MemberInput("Vàng A Dính", "Ủy viên, Thư ký", "Ban CSPL&QHLĐ"),
)
SIGNER = "Phạm Quốc Hưng"  # invented


def build_demo_council(sf: sessionmaker[Session], seed: int = 2022) -> int | None:
    """Set up the demo council over the initiatives under evaluation; returns its id."""
    rng = random.Random(seed * 7 + 1)
    with sf.begin() as s:
        found = _under_evaluation(s)
        if found is None:
            return None
        campaign_id, period, ids = found
        _complete_most_dossiers(s, rng, ids)
        period_id = period.id if period else None
        due = period.count_to if period and period.count_to else None
    service = Evaluation.over(sf)
    council = service.councils.create(
        CouncilInput(
            campaign_id=campaign_id,
            period_id=period_id,
            name="Hội đồng thẩm định sáng kiến LĐLĐ tỉnh Lai Châu",
            established_on=due + dt.timedelta(days=10) if due else None,
            dossier_due_on=due + dt.timedelta(days=30) if due else None,
            pass_mark=Decimal(50),
            members=MEMBERS,
        )
    )
    service.councils.add_reviews(council.id, ids)
    _score(service, council, ids, rng)
    _raise_two_issues(service, ids)
    settings = DocumentSettingsService(sf)
    current = settings.load()
    settings.save(replace(current, signer_name=SIGNER))
    return council.id


def _under_evaluation(s: Session) -> tuple[int, Period | None, list[int]] | None:
    """The demo campaign, its last period and the ids of its initiatives under evaluation."""
    campaign = s.scalar(select(Campaign).where(Campaign.code == DEMO_CAMPAIGN))
    if campaign is None:
        return None
    period = campaign.periods[-1] if campaign.periods else None
    ids = list(
        s.scalars(
            select(Initiative.id)
            .where(
                Initiative.campaign_id == campaign.id,
                Initiative.status == InitiativeStatus.UNDER_EVALUATION,
            )
            .order_by(Initiative.id)
        )
    )
    return (campaign.id, period, ids) if ids else None


def _complete_most_dossiers(s: Session, rng: random.Random, ids: list[int]) -> None:
    """Most dossiers are complete: give them the fourth item (other evidence)."""
    for iid in ids:
        if rng.random() < 0.85:
            received = s.scalar(
                select(DossierItem.received_on).where(DossierItem.initiative_id == iid)
            )
            item = DossierItem(
                initiative_id=iid,
                kind=DossierKind.OTHER,
                received_on=received,
                note="Biên bản áp dụng thử",
            )
            tick(s, item)
            s.add(item)


def _score(service: Evaluation, council: CouncilRow, ids: list[int], rng: random.Random) -> None:
    """Every member's sheet for each initiative, around a quality drawn for it; the last few
    are still being scored (not every member has handed in a sheet)."""
    for n, iid in enumerate(ids):
        quality = rng.uniform(0.45, 0.95)
        scorers = council.members if n < len(ids) - 4 else council.members[: rng.randint(1, 4)]
        for m in scorers:
            service.scoring.set_scores(
                m.id,
                iid,
                {
                    k.id: Decimal(
                        max(0, min(k.max_points, round(k.max_points * rng.gauss(quality, 0.08))))
                    )
                    for k in council.criteria
                },
            )


def _raise_two_issues(service: Evaluation, ids: list[int]) -> None:
    """A complaint and an authorship dispute, so the flags show on the council page."""
    if len(ids) > 2:
        service.complaints.raise_issue(
            ids[1],
            DossierIssueKind.COMPLAINT,
            "Đơn vị bạn phản ánh số liệu làm lợi chưa được kiểm chứng.",
        )
        service.complaints.raise_issue(
            ids[2],
            DossierIssueKind.AUTHORSHIP,
            "Một đồng nghiệp đề nghị được ghi tên là đồng tác giả.",
        )
