"""A province with two direct upper-level unions and the two kinds of campaign the plans
describe: a recognition campaign (seed 000: four papers, the last "nếu có") and a "75 nghìn"
campaign (seed 002: each union proposes at most 02 initiatives, with a Tờ trình and a Bảng
tổng hợp)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.models import Campaign, DossierKind, Sector, Unit, UnitKind
from desktop.services.campaigns.dossier_items import PROPOSAL_ITEMS
from desktop.services.campaigns.service import CampaignInput, CampaignRow, FieldInput, PeriodInput
from desktop.services.initiatives.service import AuthorInput, DossierInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.units.tree import UnitRow

RECEIVED = dt.date(2021, 4, 1)
SEED_000_THREE = tuple(
    DossierInput(k, RECEIVED)
    for k in (DossierKind.LETTER, DossierKind.APPLICATION, DossierKind.DESCRIPTION)
)
SEED_002_PAPERS = tuple(
    DossierInput(k, RECEIVED) for k in (DossierKind.SUBMISSION, DossierKind.SUMMARY)
)
TITLES_A = (
    "Cải tiến quy trình tiếp nhận hồ sơ một cửa",
    "Máy tách hạt mắc ca bán tự động",
    "Sổ tay điện tử an toàn vệ sinh lao động",
)
TITLE_B = "Bếp đun tiết kiệm củi cho bếp ăn bán trú"


@dataclass
class World:
    province: UnitRow
    district_a: UnitRow
    district_b: UnitRow
    school_a: UnitRow
    school_b: UnitRow
    recognition: CampaignRow
    nghin75: CampaignRow
    a_ids: list[int]  # the three 75 nghìn initiatives of district A
    b_id: int


def build(services: Services) -> World:
    u = services.units
    province = u.create("DN", "Liên đoàn Lao động tỉnh Đắk Nông", UnitKind.PROVINCE)
    a = u.create("DN-GN", "Liên đoàn Lao động huyện Đắk Glong", UnitKind.DISTRICT, province.id)
    b = u.create("DN-CJ", "Liên đoàn Lao động huyện Cư Jút", UnitKind.DISTRICT, province.id)
    school_a = u.create(
        "DN-GN-01",
        "Công đoàn cơ sở Trường Tiểu học Quảng Sơn",
        UnitKind.GRASSROOTS,
        a.id,
        sector=Sector.ADMINISTRATIVE,
    )
    school_b = u.create(
        "DN-CJ-01",
        "Công đoàn cơ sở Trường Mầm non Hoa Sen",
        UnitKind.GRASSROOTS,
        b.id,
        sector=Sector.ADMINISTRATIVE,
    )
    period = PeriodInput("Năm 2021", dt.date(2021, 2, 1), dt.date(2021, 5, 31))
    recognition = services.campaigns.create(
        CampaignInput(
            code="DKST-2024",
            name="Đoàn kết sáng tạo",
            periods=(period,),
            fields=(FieldInput("cc", "Cải cách hành chính"),),
        ),
        [province.id, a.id, b.id],
    )
    nghin75 = services.campaigns.create(
        CampaignInput(
            code="75NGHIN-2021",
            name="75 nghìn sáng kiến, vượt khó, phát triển",
            plan_number="15/KH-LĐLĐ",
            plan_date=dt.date(2021, 3, 1),
            plan_issuer="Liên đoàn Lao động tỉnh Đắk Nông",
            nomination_limit=2,
            periods=(period,),
            fields=(FieldInput("sx", "Sản xuất có giá trị làm lợi cao"),),
            dossier_items=PROPOSAL_ITEMS,
        ),
        [province.id, a.id, b.id],
    )
    a_ids = [
        services.initiatives.create(entry(nghin75, school_a, t, benefit=120_000_000 * (i + 1))).id
        for i, t in enumerate(TITLES_A)
    ]
    b_id = services.initiatives.create(entry(nghin75, school_b, TITLE_B)).id
    return World(province, a, b, school_a, school_b, recognition, nghin75, a_ids, b_id)


def entry(
    campaign: CampaignRow,
    school: UnitRow,
    title: str,
    dossier: tuple[DossierInput, ...] = SEED_002_PAPERS,
    benefit: int | None = None,
) -> InitiativeInput:
    return InitiativeInput(
        campaign_id=campaign.id,
        unit_id=school.id,
        title=title,
        authors=(AuthorInput("Trần Thị Hồng Nhung"),),
        field_id=campaign.fields[0].id,
        period_id=campaign.periods[0].id,
        description="Sáng kiến giúp rút ngắn thời gian làm việc và tiết kiệm chi phí.",
        benefit_vnd=benefit,
        applied_on=dt.date(2021, 3, 15),
        dossier=dossier,
    )


# ---- the demo's offices (sync_offices_template): LC and the district LC-TD -------------
BUNDLE_TITLES = (
    "Quy trình sấy cà phê bằng năng lượng mặt trời",
    "Phần mềm quản lý đoàn viên trên điện thoại",
    "Khuôn đúc gạch không nung tận dụng xỉ",
)


def campaign_75(services: Services) -> int:
    with services.store.session_factory() as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.code == "75NGHIN-2021"))
    assert cid is not None
    return cid


def district_initiatives(d: Services) -> list[int]:
    """Three 75 nghìn initiatives of one of the district's grassroots unions."""
    cid = campaign_75(d)
    camp = d.campaigns.get(cid)
    with d.store.session_factory() as s:
        district = s.scalar(select(Unit.id).where(Unit.code == "LC-TD"))
        school = s.scalar(
            select(Unit.id)
            .where(Unit.parent_id == district, Unit.kind == UnitKind.GRASSROOTS)
            .order_by(Unit.id)
        )
    assert school is not None
    return [
        d.initiatives.create(
            InitiativeInput(
                campaign_id=cid,
                unit_id=school,
                title=t,
                authors=(AuthorInput("Lò Thị Mai"),),
                field_id=camp.fields[0].id,
                period_id=camp.periods[0].id,
                description="Tiết kiệm thời gian, công sức.",
                applied_on=dt.date(2021, 3, 10),
                dossier=tuple(
                    DossierInput(k, dt.date(2021, 4, 2))
                    for k in (DossierKind.SUBMISSION, DossierKind.SUMMARY)
                ),
            ),
            late_ok=True,  # the demo's 75 nghìn closed its entries on 20/4/2021
        ).id
        for t in BUNDLE_TITLES
    ]
