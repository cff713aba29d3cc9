"""Initiatives: what an officer types is checked, kept as typed (NFC), found, sorted, audited."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop.models import AuditEntry, InitiativeStatus, Sector
from desktop.services.common import ServiceError, ValidationFailed
from desktop.services.initiatives.listing import ListQuery, SortKey
from desktop.services.initiatives.service import AuthorInput, InitiativeInput, Severity
from support.initiative_fixtures import build_world


@pytest.fixture
def setup(services):
    world = build_world(services)
    return world.campaign, world.school


def make(campaign, school, title="Sáng kiến cải tiến quy trình", **kw):
    defaults = dict(
        campaign_id=campaign.id,
        unit_id=school.id,
        title=title,
        authors=(AuthorInput("Nguyễn Văn An"),),
        field_id=campaign.fields[0].id,
        sector=Sector.ADMINISTRATIVE,
        period_id=campaign.periods[0].id,
        applied_on=dt.date(2022, 1, 10),
    )
    defaults.update(kw)
    return InitiativeInput(**defaults)


def test_create_then_read_back_everything_typed(services, setup):
    campaign, school = setup
    data = make(
        campaign,
        school,
        authors=(
            AuthorInput("Trần Thị Bình", "Giáo viên", "Trường Tiểu học Bản Bo", True, Decimal(60)),
            AuthorInput("Lò Văn Inh", "Tổ trưởng", None, False, Decimal(40)),
        ),
        description="Mô tả ngắn.",
        benefit_vnd=1_500_000,
        confidential=True,
    )
    created = services.initiatives.create(data)
    got = services.initiatives.get(created.id)
    assert got.data.title == "Sáng kiến cải tiến quy trình"
    assert [a.full_name for a in got.data.authors] == ["Trần Thị Bình", "Lò Văn Inh"]
    assert [a.contribution_pct for a in got.data.authors] == [Decimal(60), Decimal(40)]
    assert got.data.authors[1].is_member is False
    assert got.data.benefit_vnd == 1_500_000 and got.data.confidential
    assert got.status == InitiativeStatus.REGISTERED
    assert got.author_kind.value == "group"
    assert len(got.uid) == 36 and got.origin_office_uid is not None


def test_decomposed_text_from_old_keyboards_is_stored_composed(services, setup):
    campaign, school = setup
    nfd_title = unicodedata.normalize("NFD", "Ứng dụng phần mềm quản lý thiết bị")
    created = services.initiatives.create(make(campaign, school, title=nfd_title))
    assert created.data.title == unicodedata.normalize("NFC", nfd_title)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (dict(title="   "), "title", "Tên sáng kiến không được để trống"),
        (dict(authors=()), "authors", "Cần ít nhất một tác giả"),
        (
            dict(
                authors=(
                    AuthorInput("A", contribution_pct=Decimal(70)),
                    AuthorInput("B", contribution_pct=Decimal(20)),
                )
            ),
            "authors",
            "phải là 100% (đang là 90%)",
        ),
        (dict(description="x" * 1001), "description", "vượt giới hạn 1000 ký tự"),
        (dict(benefit_vnd=-5), "benefit_vnd", "không được âm"),
    ],
)
def test_invalid_input_is_refused_with_a_message_for_its_field(
    services, setup, change, field, message
):
    campaign, school = setup
    with pytest.raises(ValidationFailed) as err:
        services.initiatives.create(replace(make(campaign, school), **change))
    assert any(i.field == field and message in i.message for i in err.value.issues)
    assert services.initiatives.count(ListQuery(campaign_id=campaign.id)) == 0


def test_a_date_outside_the_counting_window_is_a_warning_not_an_error(services, setup):
    campaign, school = setup
    data = make(campaign, school, applied_on=dt.date(2023, 1, 5))
    issues = services.initiatives.check(data)
    assert [(i.field, i.severity) for i in issues] == [("applied_on", Severity.WARNING)]
    assert "05/01/2023" in issues[0].message and "01/09/2021" in issues[0].message
    services.initiatives.create(data)  # saved all the same


def test_the_initiative_must_belong_to_a_grassroots_union(services, setup):
    campaign, school = setup
    district = services.units.by_code("LC-TD")
    with pytest.raises(ValidationFailed, match="công đoàn cơ sở"):
        services.initiatives.create(make(campaign, school, unit_id=district.id))


def test_search_ignores_diacritics_and_case(services, setup):
    campaign, school = setup
    services.initiatives.create(make(campaign, school, title="Sáng kiến cải tiến bếp ăn"))
    services.initiatives.create(make(campaign, school, title="Đổi mới sinh hoạt công đoàn"))
    services.initiatives.create(
        make(campaign, school, title="Số hoá hồ sơ", authors=(AuthorInput("Đặng Thị Huệ"),))
    )

    def titles(text):
        return [
            r.title
            for r in services.initiatives.page(ListQuery(campaign_id=campaign.id, search=text)).rows
        ]

    assert titles("sang kien cai tien") == ["Sáng kiến cải tiến bếp ăn"]
    assert titles("doi moi") == ["Đổi mới sinh hoạt công đoàn"]
    assert titles("DANG THI") == ["Số hoá hồ sơ"]  # authors are searched too
    assert titles("100%") == []  # LIKE wildcards are taken literally


def test_titles_sort_in_vietnamese_alphabetical_order(services, setup):
    campaign, school = setup
    for t in ["Ân cần", "An toàn", "Ăn uống", "Bàn giao", "Đổi mới", "Dạy học", "Anh văn"]:
        services.initiatives.create(make(campaign, school, title=t))
    rows = services.initiatives.page(ListQuery(campaign_id=campaign.id, sort=SortKey.TITLE)).rows
    assert [r.title for r in rows] == [
        "An toàn",
        "Anh văn",
        "Ăn uống",
        "Ân cần",
        "Bàn giao",
        "Dạy học",
        "Đổi mới",
    ]


def test_authors_sort_by_given_name(services, setup):
    campaign, school = setup
    for name in ["Trần Thị Bình", "Nguyễn Văn An", "Lê Thị Yến"]:
        services.initiatives.create(make(campaign, school, authors=(AuthorInput(name),)))
    rows = services.initiatives.page(ListQuery(campaign_id=campaign.id, sort=SortKey.AUTHORS)).rows
    assert [r.authors_text for r in rows] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Yến"]


def test_period_filter_counts_by_date_of_first_application(services, setup):
    campaign, school = setup
    services.initiatives.create(
        make(campaign, school, title="Một", applied_on=dt.date(2022, 5, 31))
    )
    services.initiatives.create(make(campaign, school, title="Hai", applied_on=dt.date(2022, 6, 1)))
    p1, p2 = campaign.periods
    assert services.initiatives.count(ListQuery(campaign_id=campaign.id, period_id=p1.id)) == 1
    assert services.initiatives.count(ListQuery(campaign_id=campaign.id, period_id=p2.id)) == 1


def test_delete_leaves_a_tombstone_that_can_be_restored(services, setup):
    campaign, school = setup
    created = services.initiatives.create(make(campaign, school))
    services.initiatives.delete(created.id)
    assert services.initiatives.count(ListQuery(campaign_id=campaign.id)) == 0
    bin_rows = services.initiatives.page(ListQuery(campaign_id=campaign.id, deleted=True)).rows
    assert [r.id for r in bin_rows] == [created.id] and bin_rows[0].deleted
    with pytest.raises(ServiceError, match="khôi phục"):
        services.initiatives.update(created.id, make(campaign, school, title="Sửa"))
    services.initiatives.restore(created.id)
    assert services.initiatives.count(ListQuery(campaign_id=campaign.id)) == 1


def test_every_change_is_audited_and_advances_the_logical_clock(services, setup):
    campaign, school = setup
    created = services.initiatives.create(make(campaign, school))
    v1 = services.initiatives.get(created.id).version
    services.initiatives.update(created.id, make(campaign, school, title="Tên mới"))
    services.initiatives.set_status(created.id, InitiativeStatus.DOSSIER_SENT)
    services.initiatives.delete(created.id)
    services.initiatives.restore(created.id)
    assert services.initiatives.get(created.id).version > v1
    with services.store.session_factory() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.entity_uid == created.uid).order_by(AuditEntry.id)
        ).all()
    assert [e.action for e in entries] == ["create", "update", "status", "delete", "restore"]
    assert json.loads(entries[1].detail_json)["changed"] == ["title"]
    assert "Đã đăng ký → Đã gửi hồ sơ" in entries[2].summary
    assert all(e.actor for e in entries)
