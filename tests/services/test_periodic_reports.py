"""The reports the plans ask for at fixed times (issue #16, item 11b): the 6-month and yearly
report of a campaign (seed 001) and the monthly result to attach to a unit's monthly report
(seed 004). Figures checked against the store, the PDF read back, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.cli import main
from desktop.models import Campaign, Initiative, InitiativeStatus, Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.documents import DocumentKind, DocumentRequest, periodic
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.text.normalise import fold


@pytest.fixture
def world(services):
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    tam = u.create("LC-TD", "Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT, province.id)
    sin = u.create("LC-SH", "Liên đoàn Lao động huyện Sìn Hồ", UnitKind.DISTRICT, province.id)
    school = u.create("LC-TD-01", "CĐCS Trường Bản Bo", UnitKind.GRASSROOTS, tam.id)
    clinic = u.create("LC-SH-01", "CĐCS Trạm Y tế Pa Tần", UnitKind.GRASSROOTS, sin.id)
    c = services.campaigns.create(
        CampaignInput(
            code="DKST-2026",
            name="Đoàn kết sáng tạo 2026",
            periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        ),
        [province.id, tam.id, sin.id],
    )
    services.campaigns.set_quota(c.id, tam.id, None, 10)
    services.campaigns.set_quota(c.id, sin.id, None, 5)
    made = [
        (school, dt.date(2026, 2, 10), 2_500_000, True),
        (school, dt.date(2026, 3, 5), None, False),
        (clinic, dt.date(2026, 3, 20), 1_000_000, True),
        (clinic, dt.date(2026, 8, 1), 7_000_000, False),
    ]
    for i, (unit, day, benefit, recognised) in enumerate(made):
        d = services.initiatives.create(
            InitiativeInput(
                campaign_id=c.id,
                unit_id=unit.id,
                title=f"Sáng kiến số {i + 1}",
                authors=(AuthorInput("Nguyễn Văn An"),),
                sector=Sector.ADMINISTRATIVE,
                applied_on=day,
                benefit_vnd=benefit,
            )
        )
        if recognised:
            with services.store.session_factory.begin() as s:
                s.get(Initiative, d.id).status = InitiativeStatus.RECOGNISED
    return c


def request(kind, campaign, span):
    return DocumentRequest(kind, campaign.id, span_from=span[0], span_to=span[1])


def test_the_six_month_report_counts_each_unit_in_the_half_year(services, world):
    doc = services.documents.build(
        request(DocumentKind.PERIODIC_REPORT, world, periodic.half_year(2026, 1))
    )
    assert "6 tháng đầu năm 2026" in doc.subject[0]
    rows = {r[1]: r[2:] for r in doc.rows}
    # in the half, recognised, benefit, running total, quota, share of the quota
    assert rows["Liên đoàn Lao động huyện Tam Đường"] == (2, 1, 2_500_000, 2, 10, "20,0%")
    assert rows["Liên đoàn Lao động huyện Sìn Hồ"] == (1, 1, 1_000_000, 1, 5, "20,0%")
    assert doc.total[2:] == (3, 2, 3_500_000, 3, 15, "20,0%")
    second = services.documents.build(
        request(DocumentKind.PERIODIC_REPORT, world, periodic.half_year(2026, 2))
    )
    assert second.total[2:] == (1, 0, 7_000_000, 4, 15, "26,7%")  # the running total goes on
    whole = services.documents.build(
        request(DocumentKind.PERIODIC_REPORT, world, periodic.year(2026))
    )
    assert "năm 2026" in whole.subject[0] and whole.total[2:5] == (4, 2, 10_500_000)


def test_the_monthly_result_and_its_line_to_copy(services, world):
    march = periodic.month(2026, 3)
    doc = services.documents.build(request(DocumentKind.MONTHLY_RESULT, world, march))
    assert doc.total[2:] == (2, 3, 15, "20,0%")
    line = periodic.monthly_line(services.store.session_factory, world.id, march)
    assert line == (
        "Tháng 03/2026, LĐLĐ tỉnh Lai Châu có 2 sáng kiến trong chương trình «Đoàn kết sáng tạo "
        "2026» (lũy kế 3/15 sáng kiến, đạt 20,0% chỉ tiêu), 1 sáng kiến được công nhận, giá trị "
        "làm lợi 1.000.000 đồng."
    )
    assert doc.intro == (line,)
    pdf = PdfReader(
        BytesIO(services.documents.pdf(request(DocumentKind.MONTHLY_RESULT, world, march)))
    )
    assert len(pdf.pages) == 1  # one page, to staple to the monthly report
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "KẾT QUẢ THỰC HIỆN" in text and "tháng 03/2026" in text
    assert "lũy kế 3/15" in text


def test_a_report_without_a_span_says_how_to_give_one(services, world):
    from desktop.services.common import ServiceError

    with pytest.raises(ServiceError, match="kỳ báo cáo"):
        services.documents.build(DocumentRequest(DocumentKind.PERIODIC_REPORT, world.id))


def test_the_demo_provinces_report_agrees_with_the_store_and_reads_back(
    demo_services, tmp_path, capsys
):
    """The six-month report of the demo province, as PDF and .xlsx, from ``sangkien print``."""
    span = periodic.half_year(2022, 1)
    with demo_services.store.session_factory() as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.code == "01TRIEU-2022"))
        live = (
            Initiative.campaign_id == cid,
            Initiative.deleted_at.is_(None),
            Initiative.applied_on.between(*span),
        )
        count = s.scalar(select(func.count()).select_from(Initiative).where(*live))
        benefit = s.scalar(select(func.coalesce(func.sum(Initiative.benefit_vnd), 0)).where(*live))
        recognised = s.scalar(
            select(func.count())
            .select_from(Initiative)
            .where(
                *live,
                Initiative.status.in_(
                    [
                        InitiativeStatus.RECOGNISED,
                        InitiativeStatus.COMMENDED,
                        InitiativeStatus.NOMINATED,
                    ]
                ),
            )
        )
    assert count
    db = ["--db", str(demo_services.store.sqlite_file)]
    pdf_path, xlsx_path = tmp_path / "bao-cao.pdf", tmp_path / "bao-cao.xlsx"
    for out in (pdf_path, xlsx_path):
        argv = ["print", "periodic-report", "--campaign", "01TRIEU-2022", "--half", "1"]
        assert main([*argv, "--year", "2022", "--out", str(out), *db]) == 0
    reader = PdfReader(pdf_path)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "BÁO CÁO" in text and "6 tháng đầu năm 2022" in text
    assert f"có {count} sáng kiến" in text
    money = f"{benefit:,}".replace(",", ".")
    assert money in text and f"{recognised} sáng kiến được công nhận" in text
    ws = load_workbook(xlsx_path).active
    total = next(
        [c.value for c in row] for row in ws.iter_rows() if any(c.value == "Tổng cộng" for c in row)
    )
    assert count in total and recognised in total and benefit in total
    capsys.readouterr()
    line_argv = ["print", "monthly-result", "--campaign", "01TRIEU-2022", "--line"]
    assert main([*line_argv, "--month", "3", "--year", "2022", *db]) == 0
    assert fold(capsys.readouterr().out).startswith("thang 03/2022")
    assert (
        main(["print", "periodic-report", "--campaign", "01TRIEU-2022", "--out", "x.pdf", *db]) != 0
    )
    assert "kỳ báo cáo" in capsys.readouterr().err
