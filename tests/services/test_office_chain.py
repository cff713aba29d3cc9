"""Offices at every level: the Tổng Liên đoàn ← a province ← a commune union ← a large
grassroots union that runs the program itself. A national campaign and its quotas go down the
chain, initiatives go up it (each office relays what it holds from below), the province's
decision comes back down to the union that entered the initiative; the national progress per
province matches the province's own figures. On SQLite, and with the province on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import Initiative, InitiativeStatus, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.common import ServiceError
from desktop.services.evaluation.decisions import DecisionInput
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.rules.ownership import NotOwner
from desktop.services.store.opening import open_store
from desktop.services.units.excel_list import import_unit_list, read_unit_list
from support.books_fixtures import AS_OF, BL, BL_SCHOOLS, TP, units_file
from support.sync_fixtures import fingerprint

LARGE = f"{BL}-1"  # CĐCS Trường Tiểu học Bình Lư: receives and sums up its members' ideas
CAMPAIGN = "TQ-2026"


def _store(path: Path) -> Services:
    return Services.over(open_store(str(path)))


def _national(tmp_path: Path) -> Services:
    n = _store(tmp_path / "TLD.db")
    tld = n.units.create("TLD", "Tổng Liên đoàn Lao động Việt Nam", UnitKind.NATIONAL)
    n.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE, tld.id)
    n.units.create("HG", "Liên đoàn Lao động tỉnh Hà Giang", UnitKind.PROVINCE, tld.id)
    n.office.set_up(tld.id)
    return n


def _province_services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    if request.param == "sqlite":
        services = _store(tmp_path / "LC.db")
        yield services
        services.store.close()
        return
    from conftest import _pg_store

    pg = _pg_store(request.getfixturevalue("pg_cluster"))
    yield Services.over(next(pg))
    next(pg, None)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def province(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    for p in _province_services(request, tmp_path):
        import_unit_list(p.store.session_factory, read_unit_list(units_file(tmp_path / "dv.xlsx")))
        lc = p.units.by_code("LC")
        assert lc is not None
        p.office.set_up(lc.id)
        if request.param == "postgresql":
            p.office.protect_key("mật khẩu của tỉnh", "mật khẩu của tỉnh")
        yield p


def _commune(tmp_path: Path) -> Services:
    c = _store(tmp_path / "BL.db")
    lc = c.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    bl = c.units.create(BL, "Công đoàn xã Bình Lư", UnitKind.COMMUNE, lc.id)
    c.office.set_up(bl.id)
    # Its grassroots unions are its own to keep: typed here, sent up.
    for i, name in enumerate(BL_SCHOOLS, start=1):
        c.units.create(f"{BL}-{i}", name, UnitKind.GRASSROOTS, bl.id)
    return c


def _large_union(tmp_path: Path) -> Services:
    g = _store(tmp_path / "school.db")
    lc = g.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    bl = g.units.create(BL, "Công đoàn xã Bình Lư", UnitKind.COMMUNE, lc.id)
    me = g.units.create(LARGE, BL_SCHOOLS[0], UnitKind.GRASSROOTS, bl.id)
    g.office.set_up(me.id)
    return g


def _enrol(a: Services, b: Services) -> None:
    a.enrolment.enrol(b.enrolment.enrolment_file(), fingerprint(b))
    b.enrolment.enrol(a.enrolment.enrolment_file(), fingerprint(a))


def _send(sender: Services, to: str, recipient: Services, folder: Path) -> None:
    path = sender.bundles.export(to, folder).path
    report = recipient.bundles.import_(path)
    assert report.totals.get("rejected", 0) == 0, report.notes
    assert report.totals.get("ignored", 0) == 0, report.notes


def _new(services: Services, unit_code: str, title: str, author: str) -> int:
    campaign = services.campaigns.by_code(CAMPAIGN)
    unit = services.units.by_code(unit_code)
    assert unit is not None
    return services.initiatives.create(
        InitiativeInput(
            campaign_id=campaign.id,
            unit_id=unit.id,
            title=title,
            authors=(AuthorInput(author, contribution_pct=Decimal(100)),),
            field_id=campaign.fields[0].id,
            applied_on=dt.date(2026, 4, 2),
        )
    ).id


def _figures(services: Services, unit_code: str) -> tuple[int, int | None]:
    campaign = services.campaigns.by_code(CAMPAIGN)
    unit = services.units.by_code(unit_code)
    assert unit is not None
    total = services.progress.report(campaign.id, None, unit.id, as_of=AS_OF).total
    return total.count, total.quota


def test_a_chain_of_four_offices_exchanges_both_ways(province, tmp_path):
    folder = tmp_path / "bundles"
    national, commune, school = _national(tmp_path), _commune(tmp_path), _large_union(tmp_path)
    _enrol(national, province)
    _enrol(province, commune)
    _enrol(commune, school)

    # The national campaign and the province's quota go down.
    tld = national.units.by_code("TLD")
    lc_n = national.units.by_code("LC")
    assert tld is not None and lc_n is not None
    campaign = national.campaigns.create(
        CampaignInput(
            code=CAMPAIGN,
            name="Phong trào sáng kiến toàn quốc năm 2026",
            periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        ),
        unit_ids=[u.id for u in national.units.list()],
    )
    national.campaigns.set_quota(campaign.id, lc_n.id, None, 10)
    _send(national, "LC", province, folder)
    assert _figures(province, "LC") == (0, 10)
    with pytest.raises(ServiceError, match="do Tổng Liên đoàn"):  # the quota it was given
        province.campaigns.set_quota(
            province.campaigns.by_code(CAMPAIGN).id, province.units.by_code("LC").id, None, 12
        )
    bl_p = province.units.by_code(BL)
    assert bl_p is not None
    province.campaigns.set_quota(province.campaigns.by_code(CAMPAIGN).id, bl_p.id, None, 4)
    _send(province, BL, commune, folder)
    assert _figures(commune, BL) == (0, 4)
    school_c = commune.units.by_code(LARGE)
    assert school_c is not None
    commune.campaigns.set_quota(commune.campaigns.by_code(CAMPAIGN).id, school_c.id, None, 2)
    _send(commune, LARGE, school, folder)
    assert _figures(school, LARGE) == (0, 2)

    # The large union enters its own; the commune may no longer write them, nor may the school
    # write its neighbours'.
    a = _new(school, LARGE, "Thư viện sách nói cho học sinh", "Lò Thị Hoa")
    _new(school, LARGE, "Vườn rau dinh dưỡng trong trường", "Tao Văn Nam")
    _send(school, BL, commune, folder)
    with pytest.raises(NotOwner):
        _new(commune, LARGE, "Bản nhập hộ", "Ai Đó")
    _new(commune, f"{BL}-2", "Sổ tiêm chủng điện tử", "Vàng A Sử")
    assert _figures(commune, BL) == (3, 4)
    _send(commune, "LC", province, folder)
    assert _figures(province, BL) == (3, 4)
    # The ward union does not run the program: the province keeps its books.
    ward = province.units.by_code(TP)
    assert ward is not None
    province.books.keep(ward.id)
    _new(province, f"{TP}-1", "Ngân hàng câu hỏi trắc nghiệm", "Nguyễn Thị Lan")
    _send(province, "TLD", national, folder)
    assert _figures(national, "LC") == _figures(province, "LC") == (4, 10)
    assert _figures(national, BL) == _figures(province, BL)
    assert _figures(national, "HG") == (0, None)

    # The province recognises the school's first; the decision goes down to it.
    with province.store.session_factory() as s:
        uid = school.initiatives.get(a).uid
        at_province = s.scalar(select(Initiative.id).where(Initiative.uid == uid))
    assert at_province is not None
    province.evaluation.decisions.decide(
        DecisionInput(
            province.campaigns.by_code(CAMPAIGN).id,
            "30/QĐ-LĐLĐ",
            dt.date(2026, 11, 20),
            recognise=(at_province,),
            accept_flagged=True,
        )
    )
    _send(province, BL, commune, folder)
    _send(commune, LARGE, school, folder)
    assert school.initiatives.get(a).status == InitiativeStatus.RECOGNISED
    _send(province, "TLD", national, folder)
    with national.store.session_factory() as s:
        status = s.scalar(select(Initiative.status).where(Initiative.uid == uid))
    assert status == InitiativeStatus.RECOGNISED

    # The province proposes it to the national office, which commends it: proposed there,
    # decided there, and the decision goes all the way down. The national office writes
    # nothing else of the province's.
    province.evaluation.nominations.nominate(
        province.campaigns.by_code(CAMPAIGN).id, [at_province], dt.date(2026, 11, 25)
    )
    _send(province, "TLD", national, folder)
    with national.store.session_factory() as s:
        at_national = s.scalar(select(Initiative.id).where(Initiative.uid == uid))
        declined = s.scalar(
            select(Initiative.id).where(
                Initiative.uid != uid, Initiative.title == "Sổ tiêm chủng điện tử"
            )
        )
    assert at_national is not None and declined is not None
    assert national.initiatives.get(at_national).status == InitiativeStatus.NOMINATED
    proposed = national.evaluation.nominations.all(national.campaigns.by_code(CAMPAIGN).id)
    assert [(n.initiative_id, n.unit_name) for n in proposed] == [(at_national, "CĐ xã Bình Lư")]
    with pytest.raises(NotOwner):  # not proposed to it: the province's to decide
        national.initiatives.set_status(declined, InitiativeStatus.COMMENDED)
    with pytest.raises(ServiceError):  # the province's units are the province's
        national.units.create(
            "LC-X-MOI", "Công đoàn xã Mới", UnitKind.COMMUNE, national.units.by_code("LC").id
        )
    national.initiatives.set_status(at_national, InitiativeStatus.COMMENDED)
    _send(national, "LC", province, folder)
    _send(province, BL, commune, folder)
    _send(commune, LARGE, school, folder)
    assert school.initiatives.get(a).status == InitiativeStatus.COMMENDED
    assert province.initiatives.get(at_province).status == InitiativeStatus.COMMENDED

    # And back up again: the school edits, the edit reaches the national office.
    detail = school.initiatives.get(a)
    import dataclasses

    school.initiatives.update(
        a,
        dataclasses.replace(detail.data, title="Thư viện sách nói cho học sinh khiếm thị"),
        expected_version=detail.edit_version,
    )
    _send(school, BL, commune, folder)
    _send(commune, "LC", province, folder)
    _send(province, "TLD", national, folder)
    with national.store.session_factory() as s:
        title = s.scalar(select(Initiative.title).where(Initiative.uid == uid))
    assert title == "Thư viện sách nói cho học sinh khiếm thị"
    for services in (national, commune, school):
        services.store.close()


def test_a_large_union_restored_from_an_old_backup_gets_its_initiatives_back(province, tmp_path):
    """What each office gets back from whom (docs/offices-at-every-level.md): a grassroots
    union's office that lost its disk gets its own initiatives back from its union's office."""
    from desktop.services.store.backup import restore_sqlite

    folder = tmp_path / "bundles"
    commune, school = _commune(tmp_path), _large_union(tmp_path)
    _enrol(province, commune)
    _enrol(commune, school)
    bl_p = province.units.by_code(BL)
    assert bl_p is not None
    province.campaigns.create(
        CampaignInput(
            code=CAMPAIGN,
            name="Đoàn kết sáng tạo 2026",
            periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    _send(province, BL, commune, folder)
    _send(commune, LARGE, school, folder)
    old = school.backup.make().path  # before anything was typed
    titles = {"Thư viện sách nói cho học sinh", "Vườn rau dinh dưỡng trong trường"}
    for t in sorted(titles):
        _new(school, LARGE, t, "Lò Thị Hoa")
    _send(school, BL, commune, folder)
    target = school.store.sqlite_file
    assert target is not None
    school.store.close()
    restore_sqlite(old, target)
    school = _store(target)
    assert _figures(school, LARGE)[0] == 0  # lost here
    _send(school, BL, commune, folder)  # its new epoch tells the commune
    _send(commune, LARGE, school, folder)  # which sends back what it holds of the school's
    assert _figures(school, LARGE)[0] == 2
    with school.store.session_factory() as s:
        from sqlalchemy import select

        from desktop.models import Initiative

        assert set(s.scalars(select(Initiative.title))) == titles
    for services in (commune, school):
        services.store.close()
