"""The export in the layout of the Tổng Liên đoàn's portal (seed 002): the portal's fields in
its order, the province as the portal's list names it on the campaign's date, and what the
officer must look at before copying a line. Read back with openpyxl. Made-up contacts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl import load_workbook

from desktop.models import Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.portal_export import HEADERS, export_portal
from desktop.services.initiatives.service import AuthorInput, InitiativeInput

PORTAL_ORDER = (
    "STT",
    "Họ và tên",
    "Số điện thoại",
    "Email",
    "Nơi công tác (tỉnh, thành phố / ngành Trung ương)",
    "Đơn vị",
    "Khối",
    "Lĩnh vực",
    "Tên sáng kiến",
    "Mô tả sáng kiến (tối đa 1.000 ký tự)",
    "Đồng tác giả",
    "Cần xem lại",
)


def _world(services):
    u = services.units
    hg = u.create("HG", "Liên đoàn Lao động tỉnh Hà Giang", UnitKind.PROVINCE)
    district = u.create("HG-VX", "Liên đoàn Lao động huyện Vị Xuyên", UnitKind.DISTRICT, hg.id)
    school = u.create(
        "HG-VX-01",
        "Công đoàn cơ sở Trường Tiểu học Việt Lâm",
        UnitKind.GRASSROOTS,
        district.id,
        sector=Sector.ADMINISTRATIVE,
    )
    campaigns = {}
    for code, start, end in (
        ("75NGHIN-2021", dt.date(2021, 2, 1), dt.date(2021, 5, 31)),
        ("DKST-2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ):
        campaigns[code] = services.campaigns.create(
            CampaignInput(
                code=code,
                name=f"Chương trình {code}",
                description_limit=1500,
                periods=(PeriodInput("Cả đợt", start, end),),
                fields=(FieldInput("attvsld", "An toàn, vệ sinh lao động"),),
            )
        )
    services.office.set_up(district.id)
    return campaigns, school


def _add(services, campaign, school, title, authors, **kw):
    services.initiatives.create(
        InitiativeInput(
            campaign.id,
            school.id,
            title,
            authors,
            field_id=campaign.fields[0].id,
            applied_on=campaign.periods[0].count_from + dt.timedelta(days=10),
            **kw,
        )
    )


def _read(path):
    ws = load_workbook(path).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_the_portal_layout_read_back(services, tmp_path):
    campaigns, school = _world(services)
    c2021 = campaigns["75NGHIN-2021"]
    _add(
        services,
        c2021,
        school,
        "Bảng tính điểm an toàn cho bếp ăn bán trú",
        (
            AuthorInput(
                "Lò Văn Tư",
                contribution_pct=Decimal(60),
                phone="0912 345 678",
                email="tacgia@example.vn",
            ),
            AuthorInput("Hà Thị Năm", contribution_pct=Decimal(40)),
        ),
        sector=Sector.ADMINISTRATIVE,
        description="Mô tả ngắn gọn.",
    )
    _add(
        services,
        c2021,
        school,
        "Giải pháp mật",
        (AuthorInput("Vàng A Bảy"),),
        confidential=True,
        description="Nội dung không được ghi ra.",
    )
    _add(
        services,
        c2021,
        school,
        "Mô tả quá dài",
        (AuthorInput("Lù Văn Sáu"),),
        description="x" * 1200,
    )
    out = tmp_path / "cong.xlsx"
    assert export_portal(services.store.session_factory, ListQuery(campaign_id=c2021.id), out) == 3
    headers, rows = _read(out)
    assert tuple(headers) == HEADERS == PORTAL_ORDER
    by_title = {r["Tên sáng kiến"]: r for r in rows}
    first = by_title["Bảng tính điểm an toàn cho bếp ăn bán trú"]
    assert first["Họ và tên"] == "Lò Văn Tư"
    assert (first["Số điện thoại"], first["Email"]) == ("0912 345 678", "tacgia@example.vn")
    # 2021: the portal's list of 63, where Hà Giang is a province of its own.
    assert first["Nơi công tác (tỉnh, thành phố / ngành Trung ương)"] == "Hà Giang"
    assert first["Đơn vị"] == "Công đoàn cơ sở Trường Tiểu học Việt Lâm"
    assert first["Khối"] == "Hành chính sự nghiệp"
    assert first["Lĩnh vực"] == "An toàn, vệ sinh lao động"
    assert first["Mô tả sáng kiến (tối đa 1.000 ký tự)"] == "Mô tả ngắn gọn."
    assert first["Đồng tác giả"] == "Hà Thị Năm"
    assert first["Cần xem lại"] is None
    secret = by_title["Giải pháp mật"]
    assert secret["Mô tả sáng kiến (tối đa 1.000 ký tự)"] is None
    assert "bảo mật" in secret["Cần xem lại"]
    assert "Chưa có số điện thoại, email" in secret["Cần xem lại"]
    long = by_title["Mô tả quá dài"]
    assert len(long["Mô tả sáng kiến (tối đa 1.000 ký tự)"]) == 1200  # kept whole, flagged
    assert "Mô tả dài 1.200 ký tự, cổng chỉ nhận 1.000" in long["Cần xem lại"]
    assert [r["STT"] for r in rows] == [1, 2, 3]


def test_after_july_2025_the_province_is_named_as_in_the_34(services, tmp_path):
    campaigns, school = _world(services)
    c2026 = campaigns["DKST-2026"]
    _add(services, c2026, school, "Sổ điểm danh bằng mã QR", (AuthorInput("Lò Văn Tư"),))
    out = tmp_path / "cong-2026.xlsx"
    export_portal(services.store.session_factory, ListQuery(campaign_id=c2026.id), out)
    _, [row] = _read(out)
    assert row["Nơi công tác (tỉnh, thành phố / ngành Trung ương)"] == "Tuyên Quang"
    assert row["Khối"] == "Hành chính sự nghiệp"  # the union's sector, filled at entry


def test_a_workplace_outside_the_list_is_flagged(services, tmp_path):
    u = services.units
    odd = u.create("X", "Liên đoàn Lao động tỉnh Không Có", UnitKind.PROVINCE)
    school = u.create("X-01", "Công đoàn cơ sở Trường Một", UnitKind.GRASSROOTS, odd.id)
    campaign = services.campaigns.create(
        CampaignInput(
            code="C",
            name="C",
            periods=(PeriodInput("Năm", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
        )
    )
    services.office.set_up(odd.id)
    services.initiatives.create(
        InitiativeInput(campaign.id, school.id, "Một sáng kiến", (AuthorInput("Lò Văn Tư"),))
    )
    out = tmp_path / "x.xlsx"
    export_portal(services.store.session_factory, ListQuery(campaign_id=campaign.id), out)
    _, [row] = _read(out)
    assert row["Nơi công tác (tỉnh, thành phố / ngành Trung ương)"] == (
        "Liên đoàn Lao động tỉnh Không Có"
    )
    assert "không có trong danh mục của cổng" in row["Cần xem lại"]
    assert "Chưa rõ khối" in row["Cần xem lại"]
