"""Deadlines that mean something (issue #16, item 11): a period carries its counting window, the
date its target is to be reached by and the moment entries close ("tự động đóng sau 24h ngày
20/4/2021", seed 002). After that moment a typed entry is refused unless the officer
overrides it (audited); an Excel row is kept and flagged "nhập sau hạn"; the campaign JSON
carries the dates; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.cli import main
from desktop.models import AuditEntry, Initiative, Sector
from desktop.services.campaigns.deadlines import (
    VIETNAM,
    end_of_day,
    format_deadline,
    parse_deadline,
)
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.campaigns.transfer import Action, CampaignTransfer, parse_documents
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.service import AuthorInput, InitiativeInput, LateEntry
from support.initiative_fixtures import one_school

CLOSED_LONG_AGO = end_of_day(dt.date(2021, 4, 20))  # "sau 24h ngày 20/4/2021"
FAR_AHEAD = end_of_day(dt.date(2099, 4, 20))


def test_the_deadline_reads_and_writes_as_the_plan_says_it():
    at = parse_deadline("tự động đóng sau 24h ngày 20/4/2021".removeprefix("tự động đóng "))
    assert at == dt.datetime(2021, 4, 21, 0, 0, tzinfo=VIETNAM)  # midnight after the 20th
    assert at == dt.datetime(2021, 4, 20, 17, 0, tzinfo=dt.UTC)
    assert format_deadline(at) == "24h ngày 20/04/2021"
    assert parse_deadline("20/4/2021") == at  # a bare date: the whole day counts
    half_past = parse_deadline("17h30 ngày 20/4/2021")
    assert format_deadline(half_past) == "17h30 ngày 20/04/2021"
    assert parse_deadline("20/04/2021 17:30") == half_past
    assert parse_deadline("") is None
    with pytest.raises(ValueError, match="24h ngày 20/4/2021"):
        parse_deadline("hôm qua")


@pytest.fixture
def world(services):
    """Seed 002's campaign: applied 2-5/2021 counts, target by 20/4, entries close after it."""
    province, district, school = one_school(services)
    campaign = services.campaigns.create(
        CampaignInput(
            code="75NGHIN-2021",
            name="75 nghìn sáng kiến",
            periods=(
                PeriodInput(
                    "Đợt cao điểm 2021",
                    dt.date(2021, 2, 1),
                    dt.date(2021, 5, 31),
                    target_on=dt.date(2021, 4, 20),
                    entries_close_at=CLOSED_LONG_AGO,
                ),
                PeriodInput(
                    "Năm 2026",
                    dt.date(2026, 1, 1),
                    dt.date(2026, 12, 31),
                    entries_close_at=FAR_AHEAD,
                ),
            ),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        ),
        [province.id, district.id, school.id],
    )
    return campaign, school


def entry(campaign, school, title, applied_on, period=0):
    return InitiativeInput(
        campaign_id=campaign.id,
        unit_id=school.id,
        title=title,
        authors=(AuthorInput("Nguyễn Văn An"),),
        field_id=campaign.fields[0].id,
        sector=Sector.ADMINISTRATIVE,
        period_id=campaign.periods[period].id,
        applied_on=applied_on,
    )


def stored(services, title):
    with services.store.session_factory() as s:
        return s.scalar(select(Initiative).where(Initiative.title == title))


def audit_actions(services, uid):
    with services.store.session_factory() as s:
        return [
            (e.action, e.summary)
            for e in s.scalars(
                select(AuditEntry).where(AuditEntry.entity_uid == uid).order_by(AuditEntry.id)
            )
        ]


def test_the_period_keeps_its_target_date_apart_from_its_window(services, world):
    campaign, _ = world
    p = services.campaigns.get(campaign.id).periods[0]
    assert (p.count_from, p.count_to) == (dt.date(2021, 2, 1), dt.date(2021, 5, 31))
    assert p.target_on == dt.date(2021, 4, 20)
    assert p.entries_close_at == CLOSED_LONG_AGO
    assert p.counts(dt.date(2021, 5, 10))  # applied after the target date: still counted


def test_a_typed_entry_after_the_deadline_is_refused_until_the_officer_overrides(services, world):
    campaign, school = world
    late = entry(campaign, school, "Sáng kiến nhập muộn", dt.date(2021, 5, 3))
    with pytest.raises(LateEntry, match=r"hết hạn nhập .*24h ngày 20/04/2021"):
        services.initiatives.create(late)
    assert stored(services, "Sáng kiến nhập muộn") is None  # nothing written
    assert "nhập sau hạn" in (services.initiatives.late_warning(late) or "")

    detail = services.initiatives.create(late, late_ok=True)
    assert detail.entered_late
    ini = stored(services, "Sáng kiến nhập muộn")
    assert ini is not None and ini.entered_late
    actions = audit_actions(services, ini.uid)
    assert [a for a, _ in actions] == ["create", "late_entry"]
    assert "cán bộ xác nhận" in actions[1][1]

    on_time = services.initiatives.create(
        entry(campaign, school, "Sáng kiến năm 2026", dt.date(2026, 3, 1), period=1)
    )
    assert not on_time.entered_late
    # The list shows the flag.
    rows = services.initiatives.rows_slice(ListQuery(campaign_id=campaign.id), 0, 10)
    flags = {r.title: r.entered_late for r in rows}
    assert flags == {"Sáng kiến nhập muộn": True, "Sáng kiến năm 2026": False}


def test_correcting_an_entry_made_on_time_stays_allowed(services, world):
    campaign, school = world
    made = services.initiatives.create(
        entry(campaign, school, "Sáng kiến đúng hạn", dt.date(2026, 3, 1), period=1)
    )
    services.campaigns.update(  # the province brings the deadline forward, into the past
        campaign.id,
        CampaignInput(
            code=campaign.code,
            name=campaign.name,
            periods=tuple(
                PeriodInput(
                    p.name,
                    p.count_from,
                    p.count_to,
                    id=p.id,
                    target_on=p.target_on,
                    entries_close_at=CLOSED_LONG_AGO,
                )
                for p in campaign.periods
            ),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        ),
    )
    from dataclasses import replace

    fixed = services.initiatives.update(made.id, replace(made.data, title="Sáng kiến đã sửa"))
    assert fixed.data.title == "Sáng kiến đã sửa" and not fixed.entered_late


def late_sheet(path, school_name):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Ngày áp dụng"])
    ws.append([1, "Sáng kiến trong danh sách nộp muộn", "Lò Văn Inh", school_name, "10/05/2021"])
    ws.append([2, "Sáng kiến năm 2026 trong danh sách", "Lò Thị Xuân", school_name, "10/05/2026"])
    wb.save(path)
    return path


def test_an_excel_row_after_the_deadline_is_kept_and_flagged(services, world, tmp_path):
    campaign, school = world
    path = late_sheet(tmp_path / "danh-sach.xlsx", school.name)
    imp = services.initiative_import
    plan = imp.plan(imp.read(path), campaign.id)
    warned = {r.data.title: r.warnings for r in plan.rows}
    assert any("nhập sau hạn" in w for w in warned["Sáng kiến trong danh sách nộp muộn"])
    assert warned["Sáng kiến năm 2026 trong danh sách"] == ()
    result = imp.commit(plan)
    assert (result.created, result.late) == (2, 1)
    assert stored(services, "Sáng kiến trong danh sách nộp muộn").entered_late
    assert not stored(services, "Sáng kiến năm 2026 trong danh sách").entered_late
    late = stored(services, "Sáng kiến trong danh sách nộp muộn")
    assert "nhập sau hạn" in audit_actions(services, late.uid)[0][1]


def test_the_command_line_import_says_how_many_came_late(services, world, tmp_path, capsys):
    campaign, school = world
    path = late_sheet(tmp_path / "danh-sach.xlsx", school.name)
    db = services.store.url  # the SQLite file or the PostgreSQL URL
    argv = ["initiatives", "import", str(path), "--campaign", campaign.code, "--db", db]
    assert main([*argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["created"], out["late"]) == (2, 1)
    assert stored(services, "Sáng kiến trong danh sách nộp muộn").entered_late


def test_the_campaign_json_carries_the_target_date_and_the_entry_deadline(services, world):
    campaign, _ = world
    transfer = CampaignTransfer(services.store.session_factory)
    doc = transfer.document(campaign.code)
    period = doc["periods"][0]
    assert period["target_on"] == "2021-04-20"
    assert period["entries_close"] == "2021-04-21T00:00+07:00"
    assert doc["closed_at"] is None
    text = json.dumps(doc, ensure_ascii=False)
    (same,) = transfer.plan(parse_documents(text))
    assert same.action == Action.UNCHANGED  # the round trip loses nothing
    doc["periods"][0]["entries_close"] = "sau 24h ngày 30/4/2021"  # as a plan writes it
    doc["periods"][0]["target_on"] = "2021-04-30"
    transfer.import_documents(parse_documents(json.dumps(doc, ensure_ascii=False)))
    p = services.campaigns.get(campaign.id).periods[0]
    assert p.entries_close_at == end_of_day(dt.date(2021, 4, 30))
    assert p.target_on == dt.date(2021, 4, 30)
    assert transfer.document(campaign.code)["periods"][0]["entries_close"] == (
        "2021-05-01T00:00+07:00"
    )


# ---- in bundles -------------------------------------------------------------------------------
def test_a_late_entry_in_a_bundle_is_accepted_and_flagged(sync_offices_template, tmp_path):
    from desktop.services.registry import Services
    from desktop.services.store.opening import open_store
    from support.sync_fixtures import add_initiative, copy_offices, initiative_by_title

    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    try:
        on_time = add_initiative(d, "LC-TD-01", "Nhập trước khi tỉnh đặt hạn")
        with d.store.session_factory.begin() as s:  # entered before the deadline set below
            from desktop.models import Initiative as Ini

            s.get(Ini, on_time).created_at = dt.datetime(2022, 1, 5, tzinfo=dt.UTC)
        add_initiative(d, "LC-TD-01", "Nhập sau hạn ở huyện")  # the district had no deadline
        row = p.campaigns.by_code("01TRIEU-2022")
        p.campaigns.update(
            row.id,
            replace_periods(row, end_of_day(dt.date(2022, 10, 20))),
            expected_version=row.edit_version,
        )
        report = p.bundles.import_(d.bundles.export("LC", tmp_path / "up.ssk").path)
        assert report.totals.get("rejected", 0) == 0
        late = initiative_by_title(p, "Nhập sau hạn ở huyện")
        assert late is not None and late.entered_late
        assert not initiative_by_title(p, "Nhập trước khi tỉnh đặt hạn").entered_late
        warned = [n.reason for n in report.notes if n.kind == "warning"]
        assert any("24h ngày 20/10/2022" in w and "nhập sau hạn" in w for w in warned)

        # The deadline travels down; the district's window now refuses a late entry.
        d.bundles.import_(p.bundles.export("LC-TD", tmp_path / "down.ssk").path)
        closes = d.campaigns.by_code("01TRIEU-2022").periods[0].entries_close_at
        assert closes == end_of_day(dt.date(2022, 10, 20))
        with pytest.raises(LateEntry):
            add_initiative(d, "LC-TD-01", "Gõ sau hạn ở huyện")
    finally:
        p.store.close()
        d.store.close()


def replace_periods(row, closes):
    from desktop.services.campaigns.transfer import input_of

    data = input_of(row)
    from dataclasses import replace

    return replace(
        data, periods=(replace(data.periods[0], entries_close_at=closes), *data.periods[1:])
    )


def test_the_demo_sets_seed_002_up_as_the_plan_says(demo_services):
    """Seed 002: counted if applied 2-5/2021, target by 20/4/2021, entries close after it."""
    p = demo_services.campaigns.by_code("75NGHIN-2021").periods[0]
    assert (p.count_from, p.count_to) == (dt.date(2021, 2, 1), dt.date(2021, 5, 31))
    assert p.target_on == dt.date(2021, 4, 20)
    assert format_deadline(p.entries_close_at) == "24h ngày 20/04/2021"
    # The dashboard lists both with the plan's deadlines, the last day to enter on the 20th.
    c = demo_services.campaigns.by_code("75NGHIN-2021")
    root = demo_services.units.list()[0]
    report = demo_services.progress.report(c.id, None, root.id, dt.date(2021, 4, 15))
    listed = [(d.label, d.due_on, d.days_left) for d in report.deadlines]
    assert ("Phấn đấu đạt chỉ tiêu", dt.date(2021, 4, 20), 5) in listed
    assert (
        "Hết hạn nhập sáng kiến (đóng sau 24h ngày 20/04/2021)",
        dt.date(2021, 4, 20),
        5,
    ) in listed
    assert [d for _, d, _ in listed] == sorted(d for _, d, _ in listed)
