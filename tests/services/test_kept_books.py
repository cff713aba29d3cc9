"""A province keeps the books of two unions that do not run the program yet: it imports their
Excel lists (sent by e-mail), evaluates them; one union then starts the program, is enrolled,
receives its books in the first bundle and goes on; the other's lists keep coming through the
province. Counts agree everywhere. On SQLite, and with the province on PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models import Initiative, InitiativeStatus, Unit, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.common import ServiceError
from desktop.services.evaluation.decisions import DecisionInput
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.rules.ownership import NotOwner
from desktop.services.store.opening import open_store
from desktop.services.sync.container import BundleRefused
from desktop.services.units.books import BooksService
from desktop.services.units.excel_list import import_unit_list, read_unit_list
from support.books_fixtures import (
    AS_OF,
    BL,
    BL_LIST,
    BL_SCHOOLS,
    TP,
    TP_LIST,
    TP_SCHOOLS,
    initiative_list,
    units_file,
)
from support.sync_fixtures import fingerprint


def _province_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    if request.param == "sqlite":
        store = open_store(str(tmp_path / "LC.db"))
        yield Services.over(store)
        store.close()
        return
    from conftest import _pg_store

    pg = _pg_store(request.getfixturevalue("pg_cluster"))
    yield Services.over(next(pg))
    next(pg, None)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def province(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    """A new province office: its unit list from Excel, its office, a 2026 campaign."""
    for services in _province_store(request, tmp_path):
        sf = services.store.session_factory
        import_unit_list(sf, read_unit_list(units_file(tmp_path / "don-vi.xlsx")))
        lc = services.units.by_code("LC")
        assert lc is not None
        services.office.set_up(lc.id)
        if request.param == "postgresql":  # a shared server keeps the key sealed
            services.office.protect_key("mật khẩu của tỉnh", "mật khẩu của tỉnh")
        services.campaigns.create(
            CampaignInput(
                code="DKST-2026",
                name="Đoàn kết sáng tạo năm 2026",
                periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
                fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
            ),
            unit_ids=[u.id for u in services.units.list()],
        )
        yield services


def _union_office(tmp_path: Path, code: str, name: str, kind: UnitKind) -> Services:
    """A union that installs the program: its own unit and the province's; the province's
    first bundle brings the rest."""
    services = Services.over(open_store(str(tmp_path / f"{code}.db")))
    lc = services.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    unit = services.units.create(code, name, kind, lc.id)
    services.office.set_up(unit.id)
    return services


def _enrol(a: Services, b: Services) -> None:
    a.enrolment.enrol(b.enrolment.enrolment_file(), fingerprint(b))
    b.enrolment.enrol(a.enrolment.enrolment_file(), fingerprint(a))


def _count(services: Services, union_code: str) -> int:
    with services.store.session_factory() as s:
        union = s.scalar(select(Unit.id).where(Unit.code == union_code))
        below = select(Unit.id).where(Unit.parent_id == union)
        return (
            s.scalar(
                select(func.count())
                .select_from(Initiative)
                .where(Initiative.unit_id.in_(below), Initiative.deleted_at.is_(None))
            )
            or 0
        )


def _figures(services: Services, union_code: str) -> tuple[int, int]:
    campaign = services.campaigns.by_code("DKST-2026")
    union = services.units.by_code(union_code)
    assert union is not None
    report = services.progress.report(campaign.id, None, union.id, as_of=AS_OF)
    return report.total.count, report.total.quota or 0


def _ids(services: Services, titles: list[str]) -> list[int]:
    with services.store.session_factory() as s:
        return [s.scalar(select(Initiative.id).where(Initiative.title == t)) or 0 for t in titles]


def test_a_province_keeps_two_unions_books_then_hands_one_over(province, tmp_path):
    books = BooksService(province.store.session_factory)
    campaign = province.campaigns.by_code("DKST-2026")
    bl_list = initiative_list(tmp_path / "bl.xlsx", "Công đoàn xã Bình Lư", BL_LIST)
    # A new province cannot type a row of a union below it: the message says what to do.
    refused = province.initiative_import.import_file(bl_list, campaign.id)
    assert refused.created == 0 and len(refused.rejected) == 4
    assert all("giữ sổ hộ" in r.reason for r in refused.rejected)

    bl, tp = province.units.by_code(BL), province.units.by_code(TP)
    assert bl is not None and tp is not None
    books.keep(bl.id)
    books.keep(tp.id)
    assert [r.unit_code for r in books.kept()] == [TP, BL]  # phường before xã
    with pytest.raises(ServiceError, match="đang giữ sổ hộ"):
        books.keep(bl.id)
    with pytest.raises(ServiceError, match="công đoàn cơ sở"):
        books.keep(province.units.by_code(f"{BL}-1").id)

    first = province.initiative_import.import_file(bl_list, campaign.id)
    assert (first.created, first.rejected) == (4, ())
    again = province.initiative_import.import_file(bl_list, campaign.id)
    assert (again.created, again.unchanged) == (0, 4)  # the same list twice: nothing twice
    tp_list = initiative_list(tmp_path / "tp.xlsx", "Công đoàn phường Tân Phong", TP_LIST)
    assert province.initiative_import.import_file(tp_list, campaign.id).created == 2
    province.campaigns.set_quota(campaign.id, bl.id, None, 6)
    school = province.units.by_code(f"{BL}-1")
    assert school is not None
    province.campaigns.set_quota(campaign.id, school.id, None, 2)  # the union's own quota
    assert [r.initiatives for r in books.kept()] == [2, 4]

    # The province evaluates them: two recognised, one declined.
    a, b, c, _ = _ids(province, [t for t, _, _ in BL_LIST])
    province.evaluation.decisions.decide(
        DecisionInput(
            campaign.id,
            "21/QĐ-LĐLĐ",
            dt.date(2026, 10, 1),
            recognise=(a, b),
            decline={c: "Chưa có số liệu hiệu quả"},
            accept_flagged=True,
        )
    )

    # Bình Lư starts the program and is enrolled.
    union = _union_office(tmp_path, BL, "Công đoàn xã Bình Lư", UnitKind.COMMUNE)
    _enrol(province, union)
    early = union.bundles.export("LC", tmp_path / "early").path
    with pytest.raises(BundleRefused, match="đang giữ sổ hộ"):
        province.bundles.import_(early)  # two offices never write the same books

    with pytest.raises(ServiceError, match="bàn giao sổ"):
        province.bundles.export(BL, tmp_path / "down")  # a handover is asked for, not made
    assert [p.unit_code for p in province.bundles.peers()] == [BL]
    assert province.bundles.export_all(tmp_path / "all") == []
    plan = province.bundles.plan_handover(BL)
    assert plan.hands_over == ("Công đoàn xã Bình Lư",)
    assert plan.counts["handover"] >= 4
    path = province.bundles.hand_over(BL, tmp_path / "down").path
    assert books.kept_ids() == {tp.id}
    assert books.history(bl.id)[0].state_text.startswith("Đã bàn giao sổ cho")
    with pytest.raises(NotOwner):  # the province sees Bình Lư's books read-only from now on
        province.initiatives.delete(a)

    report = union.bundles.import_(path)
    assert report.totals.get("rejected", 0) == 0, report.notes
    assert report.totals.get("conflicts", 0) == 0, report.notes
    assert _count(union, BL) == 4
    first_id, _, third_id, _ = _ids(union, [t for t, _, _ in BL_LIST])
    assert union.initiatives.get(first_id).status == InitiativeStatus.RECOGNISED
    assert union.initiatives.get(third_id).status == InitiativeStatus.NOT_RECOGNISED
    assert _figures(union, BL) == _figures(province, BL) == (4, 6)
    # The same bundle again, and the next one (it still carries the books until acknowledged).
    assert union.bundles.import_(path).already_imported
    again_path = province.bundles.export(BL, tmp_path / "down2").path
    assert union.bundles.import_(again_path).totals.get("conflicts", 0) == 0
    assert _count(union, BL) == 4

    # Bình Lư goes on: edits one, adds one, sends up; the province takes it.
    d_id = _ids(union, [BL_LIST[3][0]])[0]
    detail = union.initiatives.get(d_id)
    union.initiatives.update(
        d_id,
        dataclasses.replace(detail.data, title="Bảng điểm danh học sinh bằng mã QR"),
        expected_version=detail.edit_version,
    )
    school_here = union.units.by_code(f"{BL}-2")
    assert school_here is not None
    union.initiatives.create(
        InitiativeInput(
            campaign_id=union.campaigns.by_code("DKST-2026").id,
            unit_id=school_here.id,
            title="Nhắc lịch khám thai qua tin nhắn",
            authors=(AuthorInput("Lò Thị Mai", contribution_pct=Decimal(100)),),
            field_id=union.campaigns.by_code("DKST-2026").fields[0].id,
            applied_on=dt.date(2026, 6, 1),
        )
    )
    up = union.bundles.export("LC", tmp_path / "up").path
    taken = province.bundles.import_(up)
    assert taken.totals.get("rejected", 0) == 0 and taken.totals.get("ignored", 0) == 0, taken.notes
    assert _count(province, BL) == 5
    assert _ids(province, ["Bảng điểm danh học sinh bằng mã QR"])[0] > 0
    assert _figures(union, BL) == _figures(province, BL) == (5, 6)

    # Tân Phong's lists keep coming through the province.
    more = initiative_list(
        tmp_path / "tp2.xlsx",
        "Công đoàn phường Tân Phong",
        [*TP_LIST, ("Sổ theo dõi thuốc điện tử", "Hà Văn Tú", TP_SCHOOLS[1])],
    )
    result = province.initiative_import.import_file(more, campaign.id)
    assert (result.created, result.unchanged) == (1, 2)
    assert _figures(province, TP)[0] == 3


def test_an_office_that_stopped_gets_its_books_back_and_loses_no_edit(tmp_path):
    """A district ran the program, then its PC broke: the province kept its books for a while.
    Edits the district made meanwhile (its bundles refused) come back as choices, not lost."""
    from support.sync_fixtures import build_offices, initiative_by_title

    paths = build_offices(tmp_path / "offices")
    province = Services.over(open_store(str(paths["LC"])))
    district = Services.over(open_store(str(paths["LC-TD"])))
    folder = tmp_path / "bundles"
    province.bundles.import_(district.bundles.export("LC", folder).path)
    district.bundles.import_(province.bundles.export("LC-TD", folder).path)
    province.bundles.import_(district.bundles.export("LC", folder).path)  # acknowledged

    books = BooksService(province.store.session_factory)
    td = province.units.by_code("LC-TD")
    assert td is not None
    assert "đã có văn phòng" in (books.warning(td.id) or "")
    books.keep(td.id)
    with district.store.session_factory() as s:
        x, y = s.scalars(
            select(Initiative)
            .where(Initiative.deleted_at.is_(None))
            .order_by(Initiative.id)
            .limit(2)
        ).all()
        x_title, y_title = x.title, y.title
    # The province types what the district sent on paper; the district, offline, edits too.
    px = initiative_by_title(province, x_title)
    assert px is not None
    detail = province.initiatives.get(px.id)
    province.initiatives.update(
        px.id,
        dataclasses.replace(detail.data, title=x_title + " (bản tỉnh)"),
        expected_version=detail.edit_version,
    )
    for ini, new in ((x, x_title + " (bản huyện)"), (y, y_title + " (sửa lại)")):
        d = district.initiatives.get(ini.id)
        district.initiatives.update(
            ini.id, dataclasses.replace(d.data, title=new), expected_version=d.edit_version
        )
    refused = district.bundles.export("LC", folder).path
    with pytest.raises(BundleRefused, match="đang giữ sổ hộ"):
        province.bundles.import_(refused)

    report = district.bundles.import_(province.bundles.hand_over("LC-TD", folder).path)
    assert report.totals.get("conflicts", 0) == 2, report.notes
    waiting = {e.title: e for e in district.moved_edits.open()}
    assert set(waiting) == {x_title + " (bản tỉnh)", y_title}  # the books' titles hold now
    assert waiting[y_title].proposed["title"] == y_title + " (sửa lại)"  # the own edit, kept
    district.moved_edits.accept(waiting[y_title].id)
    district.moved_edits.reject(waiting[x_title + " (bản tỉnh)"].id)
    before = _count(district, "LC-TD")
    taken = province.bundles.import_(district.bundles.export("LC", folder).path)
    assert taken.totals.get("ignored", 0) == 0, taken.notes
    assert initiative_by_title(province, y_title + " (sửa lại)") is not None
    assert initiative_by_title(province, x_title + " (bản tỉnh)") is not None
    assert _count(province, "LC-TD") == before == _count(district, "LC-TD")
    province.store.close()
    district.store.close()


def test_a_union_typed_under_another_code_before_the_books_came_is_one_union(province, tmp_path):
    books = BooksService(province.store.session_factory)
    bl = province.units.by_code(BL)
    assert bl is not None
    books.keep(bl.id)
    campaign = province.campaigns.by_code("DKST-2026")
    listed = initiative_list(tmp_path / "bl.xlsx", "Công đoàn xã Bình Lư", BL_LIST)
    assert province.initiative_import.import_file(listed, campaign.id).created == 4
    union = _union_office(tmp_path, BL, "Công đoàn xã Bình Lư", UnitKind.COMMUNE)
    mine = union.units.by_code(BL)
    assert mine is not None
    union.units.create("BL-TH", BL_SCHOOLS[0], UnitKind.GRASSROOTS, mine.id)  # its own code
    _enrol(province, union)
    report = union.bundles.import_(province.bundles.hand_over(BL, tmp_path / "down").path)
    assert report.totals.get("rejected", 0) == 0, report.notes
    schools = union.units.list(parent_id=mine.id)
    assert sorted(u.name for u in schools) == sorted(BL_SCHOOLS)  # three, not four
    assert union.units.by_code("BL-TH") is None and union.units.by_code(f"{BL}-1") is not None
    assert _count(union, BL) == 4
    union.store.close()
