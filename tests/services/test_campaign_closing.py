"""A finished campaign is closed (khoá sổ): its initiatives, quotas and evaluation are
read-only on every path that writes (window services, Excel, command line, bundles) until it
is reopened; both are audited and travel in bundles (issue #16, item 11)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.models import AuditEntry, Campaign, InitiativeStatus
from desktop.services.campaigns.closing import CampaignClosed, CampaignClosing
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.common import ServiceError
from desktop.services.evaluation.councils import CouncilInput
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.initiative_fixtures import one_school
from support.sync_fixtures import add_initiative, copy_offices, initiative_by_title, table_hashes

CLOSED = "đã khoá sổ"


@pytest.fixture
def world(services):
    province, district, school = one_school(services)
    campaign = services.campaigns.create(
        CampaignInput(
            code="DKST-2025",
            name="Đoàn kết sáng tạo 2025",
            periods=(PeriodInput("Năm 2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        ),
        [province.id, district.id, school.id],
    )
    data = InitiativeInput(
        campaign_id=campaign.id,
        unit_id=school.id,
        title="Sổ theo dõi thiết bị dạy học",
        authors=(AuthorInput("Nguyễn Văn An"),),
        field_id=campaign.fields[0].id,
        period_id=campaign.periods[0].id,
        applied_on=dt.date(2025, 3, 1),
    )
    made = services.initiatives.create(data)
    services.campaigns.set_quota(campaign.id, school.id, None, 2)
    return campaign, school, made


def test_a_closed_campaign_refuses_every_write_and_reopening_allows_them(services, world, tmp_path):
    campaign, school, made = world
    closing = CampaignClosing(services.store.session_factory)
    planned = closing.close(campaign.id, dry_run=True)
    assert (planned.initiatives, planned.quotas, planned.closed_at) == (1, 1, None)
    assert services.campaigns.get(campaign.id).closed_at is None  # the dry run wrote nothing

    done = closing.close(campaign.id)
    assert done.closed_at is not None
    before = table_hashes(services.store, skip=("sync_log", "audit_log", "app_meta"))
    ini = services.initiatives
    with pytest.raises(CampaignClosed, match=f"«Đoàn kết sáng tạo 2025» {CLOSED}"):
        ini.create(replace(made.data, title="Sáng kiến mới"))
    with pytest.raises(CampaignClosed, match="Mở lại sổ"):
        ini.update(made.id, replace(made.data, title="Sửa tên"))
    with pytest.raises(CampaignClosed):
        ini.delete(made.id)
    with pytest.raises(CampaignClosed):
        ini.set_status(made.id, InitiativeStatus.DOSSIER_SENT)
    with pytest.raises(CampaignClosed):
        services.campaigns.set_quota(campaign.id, school.id, None, 5)
    with pytest.raises(CampaignClosed):
        services.campaigns.update(
            campaign.id,
            CampaignInput(code=campaign.code, name="Đổi tên", fields=campaign_fields(campaign)),
        )
    with pytest.raises(CampaignClosed):
        services.evaluation.councils.create(CouncilInput(campaign.id, "Hội đồng 2025"))
    sheet = tmp_path / "ds.xlsx"
    write_sheet(sheet, school.name)
    with pytest.raises(CampaignClosed):
        services.initiative_import.import_file(sheet, campaign.id)
    with pytest.raises(ServiceError, match=CLOSED):
        closing.close(campaign.id)  # twice: says so
    assert table_hashes(services.store, skip=("sync_log", "audit_log", "app_meta")) == before

    closing.reopen(campaign.id)
    ini.update(made.id, replace(made.data, title="Sửa tên"))
    services.campaigns.set_quota(campaign.id, school.id, None, 5)
    with services.store.session_factory() as s:
        uid = s.scalar(select(Campaign.uid).where(Campaign.id == campaign.id))
        actions = list(
            s.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity == "campaign", AuditEntry.entity_uid == uid)
                .order_by(AuditEntry.id)
            )
        )
    assert actions == ["create", "close", "reopen"]


def campaign_fields(campaign):
    return tuple(FieldInput(f.code, f.name) for f in campaign.fields)


def write_sheet(path, school_name):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Ngày áp dụng"])
    ws.append([1, "Sáng kiến trong danh sách", "Lò Văn Inh", school_name, "10/05/2025"])
    wb.save(path)


def test_the_command_line_closes_and_reopens_with_dry_run_and_json(
    services, world, capsys, tmp_path
):
    campaign, school, _ = world
    db = ["--db", services.store.url]  # the SQLite file or the PostgreSQL URL
    assert main(["campaigns", "close", campaign.code, "--dry-run", "--json", *db]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["closed"], out["dry_run"], out["initiatives"]) == (False, True, 1)
    assert main(["campaigns", "close", campaign.code, "--json", *db]) == 0
    assert json.loads(capsys.readouterr().out)["closed"] is True
    assert main(["campaigns", "show", campaign.code, *db]) == 0
    assert "Đã khoá sổ" in capsys.readouterr().out
    sheet = tmp_path / "ds.xlsx"
    write_sheet(sheet, school.name)
    assert main(["initiatives", "import", str(sheet), "--campaign", campaign.code, *db]) != 0
    assert CLOSED in capsys.readouterr().err
    assert main(["campaigns", "close", campaign.code, *db]) != 0  # already closed
    assert CLOSED in capsys.readouterr().err
    assert main(["campaigns", "reopen", campaign.code, *db]) == 0
    assert "Đã mở lại sổ" in capsys.readouterr().out
    assert main(["initiatives", "import", str(sheet), "--campaign", campaign.code, *db]) == 0


# ---- in bundles -------------------------------------------------------------------------------
@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()


def send(sender, to, recipient, folder, name):
    return recipient.bundles.import_(sender.bundles.export(to, folder / f"{name}.ssk").path)


def campaign_id(services, code="01TRIEU-2022"):
    with services.store.session_factory() as s:
        return s.scalar(select(Campaign.id).where(Campaign.code == code))


def test_closing_travels_down_and_a_districts_later_edit_is_refused_alone(offices):
    p, d, tmp = offices
    mine = add_initiative(d, "LC-TD-01", "Sổ trực ca điện tử")
    send(d, "LC", p, tmp, "up1")
    edited = d.initiatives.get(mine)
    d.initiatives.update(mine, replace(edited.data, title="Sổ trực ca điện tử (sửa)"))
    other = add_initiative(d, "LC-TD-01", "Một sáng kiến khác")
    school = next(u for u in d.units.list() if u.code == "LC-TD-01")
    d.campaigns.set_quota(campaign_id(d), school.id, None, 9)  # the district's own quota

    CampaignClosing(p.store.session_factory).close(campaign_id(p))
    # The district's edit and new entry, made before it learnt of the closing, are refused
    # alone at the province, with the window's message; the rest of the bundle applies.
    report = send(d, "LC", p, tmp, "up2")
    reasons = [(n.what, n.reason) for n in report.notes if n.kind == "rejected"]
    assert len(reasons) == 3 and all(CLOSED in r for _, r in reasons)
    assert sum(1 for what, _ in reasons if what == "chỉ tiêu") == 1
    assert p.campaigns.quotas(campaign_id(p)).get((school.id, None)) != 9
    assert initiative_by_title(p, "Sổ trực ca điện tử") is not None
    assert initiative_by_title(p, "Một sáng kiến khác") is None

    send(p, "LC-TD", d, tmp, "down1")  # the closing reaches the district
    assert d.campaigns.get(campaign_id(d)).closed_at is not None
    with pytest.raises(CampaignClosed):
        d.initiatives.update(other, replace(d.initiatives.get(other).data, title="Lại sửa"))
    with pytest.raises(CampaignClosed):
        add_initiative(d, "LC-TD-01", "Sau khi khoá sổ")

    CampaignClosing(p.store.session_factory).reopen(campaign_id(p))
    send(p, "LC-TD", d, tmp, "down2")
    assert d.campaigns.get(campaign_id(d)).closed_at is None
    add_initiative(d, "LC-TD-01", "Sau khi mở lại sổ")
    send(d, "LC", p, tmp, "up3")
    assert initiative_by_title(p, "Sau khi mở lại sổ") is not None


def test_a_campaign_file_cannot_change_a_closed_campaign(services, world):
    from desktop.services.campaigns.transfer import Action, CampaignTransfer, parse_documents

    campaign, _, _ = world
    transfer = CampaignTransfer(services.store.session_factory)
    CampaignClosing(services.store.session_factory).close(campaign.id)
    doc = transfer.document(campaign.code)
    assert doc["closed_at"] is not None
    (same,) = transfer.plan(parse_documents(json.dumps(doc, ensure_ascii=False)))
    assert same.action == Action.UNCHANGED  # reading it back changes nothing
    doc["name"] = "Đổi tên sau khi khoá sổ"
    with pytest.raises(ServiceError, match=CLOSED):
        transfer.import_documents(parse_documents(json.dumps(doc, ensure_ascii=False)))
    assert services.campaigns.get(campaign.id).name == "Đoàn kết sáng tạo 2025"
