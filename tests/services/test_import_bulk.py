"""An import reads each distinct cell once and checks the rows' units in one query: every row
still gets its own verdict, and a plan cannot write another office's initiatives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc

import pytest
from openpyxl import Workbook
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop.models import Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.common import ServiceError
from desktop.services.initiatives.listing import ListQuery
from support.initiative_fixtures import build_world

SCHOOL = "CĐCS Trường Tiểu học Bản Bo"


@pytest.fixture
def world(services):
    return build_world(services)


def _list(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Ngày áp dụng", "Giá trị làm lợi"])
    for i, row in enumerate(rows, 1):
        ws.append([i, *row])
    wb.save(path)
    return path


def test_every_row_with_the_same_bad_cell_is_refused_and_the_good_ones_come_in(
    services, world, tmp_path
):
    rows = [
        ["Sáng kiến A", "Nguyễn Văn An", "Công ty Mới Lập", "10/01/2022", "1 tỷ 200"],
        ["Sáng kiến B", "Trần Thị Bình", SCHOOL, "31/02/2022", ""],
        ["Sáng kiến C", "Lò Văn Inh", "Công ty Mới Lập", "10/01/2022", ""],
        ["Sáng kiến D", "Vàng Thị Dế", SCHOOL, "31/02/2022", "2,5 triệu"],
        ["Sáng kiến E", "Lò Thị Én", SCHOOL, "10/01/2022", "2,5 triệu"],
        ["Sáng kiến F", "Lò Văn Phong", SCHOOL, "10/01/2022", "1 tỷ 200"],
    ]
    imp = services.initiative_import
    plan = imp.plan(imp.read(_list(tmp_path / "ds.xlsx", rows)), world.campaign.id)
    reasons = {r.row_number: r.reason for r in plan.rejected}
    assert sorted(reasons) == [2, 3, 4, 5, 7]
    assert "Công ty Mới Lập" in reasons[2] and reasons[2] == reasons[4]
    assert "Ngày áp dụng" in reasons[3] and reasons[3] == reasons[5]
    assert reasons[7] != "" and "1 tỷ 200" in reasons[7]
    assert plan.unknown_units == ("Công ty Mới Lập",)
    (row,) = plan.rows
    assert row.row_number == 6 and row.data.benefit_vnd == 2_500_000
    assert any("2.500.000" in w for w in row.warnings)


def test_a_plan_naming_another_office_union_writes_nothing(services, tmp_path):
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    district = u.create("LC-TD", "LĐLĐ huyện Tam Đường", UnitKind.DISTRICT, province.id)
    u.create("LC-TD-01", SCHOOL, UnitKind.GRASSROOTS, district.id, sector=Sector.ADMINISTRATIVE)
    other = u.create("LC-PT", "LĐLĐ huyện Phong Thổ", UnitKind.DISTRICT, province.id)
    theirs = u.create("LC-PT-01", "CĐCS Trường Mầm non Phong Thổ", UnitKind.GRASSROOTS, other.id)
    campaign = services.campaigns.create(
        CampaignInput(
            code="01TRIEU",
            name="01 triệu sáng kiến",
            description_limit=1000,
            periods=(PeriodInput("Giai đoạn 1", dt.date(2021, 9, 1), dt.date(2022, 5, 31)),),
            fields=(FieldInput("dich", "Phòng, chống dịch"),),
        )
    )
    services.office.set_up(district.id)
    rows = [[f"Sáng kiến {i}", "Nguyễn Văn An", SCHOOL, "10/01/2022", ""] for i in range(3)]
    imp = services.initiative_import
    plan = imp.plan(imp.read(_list(tmp_path / "ds.xlsx", rows)), campaign.id)
    assert len(plan.rows) == 3
    # A plan made by hand (the command line, a script) with one row of the other district's
    # union: refused as a whole, naming the union.
    forged = dataclasses.replace(plan.rows[1], data=dataclasses.replace(
        plan.rows[1].data, unit_id=theirs.id))  # fmt: skip
    plan = dataclasses.replace(plan, rows=(plan.rows[0], forged, plan.rows[2]))
    with pytest.raises(ServiceError, match="Phong Thổ"):
        imp.commit(plan)
    assert services.initiatives.count(ListQuery(campaign_id=campaign.id)) == 0


def _stored(services, ini_id):
    """Everything stored of an initiative: its row, its authors, its search line and audit
    entries, as SELECTs read them (not the models)."""
    with services.store.engine.connect() as c:
        ini = dict(
            c.execute(text("SELECT * FROM initiative WHERE id = :i"), {"i": ini_id}).one()._mapping
        )
        authors = [
            dict(r._mapping)
            for r in c.execute(
                text("SELECT * FROM author WHERE initiative_id = :i ORDER BY seq"), {"i": ini_id}
            )
        ]
        search = [
            tuple(r)
            for r in c.execute(
                text("SELECT campaign_id, text FROM initiative_search WHERE initiative_id = :i"),
                {"i": ini_id},
            )
        ]
        audits = [
            dict(r._mapping)
            for r in c.execute(
                text("SELECT * FROM audit_log WHERE entity_uid = :u ORDER BY id"), {"u": ini["uid"]}
            )
        ]
        clock = c.execute(text("SELECT clock FROM office")).scalar_one()
    return ini, authors, search, audits, clock


# A record's own identity and moment. ``version`` is checked on its own below; ``edit_version``
# only has to be what the window loads and sends back (a typed row is inserted, then updated
# once inside create, so it starts at 2; an imported one at 1).
_OWN = {"id", "uid", "initiative_id", "created_at", "updated_at", "at", "entity_uid", "version"}
_OWN_INI = _OWN | {"edit_version"}


def _without_own(row, own=_OWN):
    return {k: v for k, v in row.items() if k not in own}


def test_a_row_imported_in_bulk_is_stored_as_the_same_row_typed_in_the_window(
    services, world, tmp_path
):
    wb = Workbook()
    ws = wb.active
    ws.append(
        ["STT", "Tên sáng kiến", "Tác giả", "Chức vụ", "Nơi công tác", "Đơn vị", "Lĩnh vực",
         "Mô tả tóm tắt", "Giá trị làm lợi", "Ngày áp dụng", "Ngày đăng ký", "Ghi chú"]
    )  # fmt: skip
    ws.append(
        [1, "  Cải tiến\u00a0quy trình  tiếp nhận hồ sơ ", "Nguyễn Văn An, Lò Thị Én",
         "Tổ trưởng", "Tổ Văn phòng", SCHOOL, "Kinh tế - xã hội", "Mô tả\ndòng hai ",
         "12.500.000", "10/01/2023", "05/01/2023", "  Ghi chú một  "]
    )  # fmt: skip
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    imp = services.initiative_import
    plan = imp.plan(imp.read(path), world.campaign.id)
    (row,) = plan.rows
    assert row.action == "create" and not plan.rejected
    imp.commit(plan)
    (bulk_id,) = [
        r.id
        for r in services.initiatives.rows_slice(ListQuery(campaign_id=world.campaign.id), 0, 10)
    ]
    bulk = _stored(services, bulk_id)
    typed_id = services.initiatives.create(row.data).id
    typed = _stored(services, typed_id)

    b_ini, b_authors, b_search, b_audits, b_clock = bulk
    t_ini, t_authors, t_search, t_audits, t_clock = typed
    assert _without_own(b_ini, _OWN_INI) == _without_own(t_ini, _OWN_INI)
    assert b_ini["title"] == "Cải tiến quy trình tiếp nhận hồ sơ"
    assert b_ini["notes"] == "Ghi chú một" and b_ini["authors_text"] == "Nguyễn Văn An, Lò Thị Én"
    assert [_without_own(a) for a in b_authors] == [_without_own(a) for a in t_authors]
    assert [a["full_name"] for a in b_authors] == ["Nguyễn Văn An", "Lò Thị Én"]
    assert b_search == [(world.campaign.id, b_ini["search_text"])]
    assert t_search == [(world.campaign.id, t_ini["search_text"])]
    # The clock: each author ticked, then the initiative, and the office left at the last tick.
    for ini, authors, clock in ((b_ini, b_authors, b_clock), (t_ini, t_authors, t_clock)):
        assert [a["version"] for a in authors] == [ini["version"] - 2, ini["version"] - 1]
        assert clock == ini["version"]
        assert {a["origin_office_uid"] for a in authors} == {ini["origin_office_uid"]} != {None}
    assert t_ini["version"] == b_clock + 3
    # One audit entry each, by the same person and office (the summary says where it came from).
    assert [_without_own(a) | {"summary": ""} for a in b_audits] == [
        _without_own(a) | {"summary": ""} for a in t_audits
    ]
    assert "dòng 2" in b_audits[0]["summary"]


def test_imported_rows_are_found_by_a_search_and_nothing_is_left_behind(services, world, tmp_path):
    rows = [
        ["Cải tiến máy bơm nước", "Nguyễn Văn An", SCHOOL, "10/01/2022", ""],
        ["Sổ tay điện tử cho giáo viên", "Lò Thị Én", SCHOOL, "10/01/2022", ""],
        ["Máy bơm tiết kiệm điện", "Vàng Thị Dế", SCHOOL, "10/01/2022", ""],
    ]
    imp = services.initiative_import
    result = imp.import_file(_list(tmp_path / "ds.xlsx", rows), world.campaign.id)
    assert result.created == 3
    found = services.initiatives.rows_slice(
        ListQuery(campaign_id=world.campaign.id, search="may bom"), 0, 10
    )
    assert sorted(r.title for r in found) == ["Cải tiến máy bơm nước", "Máy bơm tiết kiệm điện"]
    by_author = services.initiatives.rows_slice(
        ListQuery(campaign_id=world.campaign.id, search="Lò Thị Én"), 0, 10
    )
    assert [r.title for r in by_author] == ["Sổ tay điện tử cho giáo viên"]
    with services.initiative_import._sf() as s:
        if s.get_bind().dialect.name == "sqlite":
            assert s.execute(text("SELECT name FROM sqlite_temp_master")).all() == []
            fts = s.execute(
                text("SELECT count(*) FROM initiative_fts WHERE initiative_fts MATCH 'bom'")
            ).scalar_one()
            assert fts == 2


def test_the_uids_of_imported_rows_are_random_version_4_uuids():
    import itertools
    import uuid

    from desktop.services.initiatives.excel_import import new_uids

    got = list(itertools.islice(new_uids(), 1000))  # past one 4 KB draw (256 uids)
    assert len(set(got)) == 1000
    for text_uid in got:
        u = uuid.UUID(text_uid)
        assert str(u) == text_uid  # lower-case hex, dashes where uuid4 puts them
        assert u.version == 4 and u.variant == uuid.RFC_4122
    assert {t[19] for t in got} == set("89ab")


def _indexes_of_initiative(services):
    """How the store defines each index of ``initiative``, by name (as its database says)."""
    with services.initiative_import._sf() as s:
        if s.get_bind().dialect.name == "sqlite":
            sql = "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'initiative'"
        else:
            sql = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'initiative'"
        return {name: ddl for name, ddl in s.execute(text(sql))}


def _first_list(services, world, tmp_path, n):
    rows = [[f"Sáng kiến số {i}", "Nguyễn Văn An", SCHOOL, "10/01/2022", ""] for i in range(n)]
    imp = services.initiative_import
    return imp.plan(imp.read(_list(tmp_path / "ds.xlsx", rows)), world.campaign.id)


def test_a_first_list_is_written_with_the_indexes_of_initiative_as_they_were(
    services, world, tmp_path
):
    before = _indexes_of_initiative(services)
    assert len(before) >= 10
    plan = _first_list(services, world, tmp_path, 30)  # more rows than the store holds
    assert services.initiative_import.commit(plan).created == 30
    assert _indexes_of_initiative(services) == before
    page = services.initiatives.rows_slice(ListQuery(campaign_id=world.campaign.id), 0, 100)
    assert sorted(r.title for r in page) == sorted(f"Sáng kiến số {i}" for i in range(30))


def test_a_first_list_that_fails_while_written_leaves_the_store_as_it_was(
    services, world, tmp_path
):
    before = _indexes_of_initiative(services)
    count = len(services.initiatives.rows_slice(ListQuery(campaign_id=world.campaign.id), 0, 99))
    plan = _first_list(services, world, tmp_path, 30)
    # A plan built by hand whose last row names no unit of the store: its insert fails.
    last = plan.rows[-1]
    broken = dataclasses.replace(last, data=dataclasses.replace(last.data, unit_id=10**6))
    plan = dataclasses.replace(plan, rows=(*plan.rows[:-1], broken))
    with pytest.raises(IntegrityError):
        services.initiative_import.commit(plan)
    assert gc.isenabled()  # paused while the rows were written (excel_import), not after
    assert _indexes_of_initiative(services) == before
    after = services.initiatives.rows_slice(ListQuery(campaign_id=world.campaign.id), 0, 99)
    assert len(after) == count


def test_every_row_with_the_same_bad_authors_is_refused_for_them(services, world, tmp_path):
    long_name = "Nguyễn " + "Văn " * 60 + "An"  # longer than an author's name may be
    rows = [
        ["Sáng kiến A", long_name, SCHOOL, "10/01/2022", ""],
        ["Sáng kiến B", "Lò Thị Én", SCHOOL, "10/01/2022", ""],
        ["Sáng kiến C", long_name, SCHOOL, "10/01/2022", ""],
        ["Sáng kiến D", f"Lò Thị Én, {long_name}", SCHOOL, "10/01/2022", ""],
    ]
    imp = services.initiative_import
    plan = imp.plan(imp.read(_list(tmp_path / "ds.xlsx", rows)), world.campaign.id)
    reasons = {r.row_number: r.reason for r in plan.rejected}
    assert sorted(reasons) == [2, 4, 5]
    assert reasons[2] == reasons[4] and "Tác giả thứ 1: họ tên" in reasons[2]
    assert "Tác giả thứ 2: họ tên" in reasons[5]
    assert [r.data.title for r in plan.rows] == ["Sáng kiến B"]
