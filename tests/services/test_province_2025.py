"""A real province's 2025, end to end, on SQLite and with the province on PostgreSQL: its 8
district federations dissolved on 01/07/2025, 20 commune and ward unions and an
industrial-zone union created, its grassroots unions moved by one Excel sheet; the old
district offices, a new ward office that runs the program and the province exchange bundles
until all agree. 01TRIEU-2022 reads the same everywhere; a 2026 campaign counts under the new
tree; no initiative is lost or counted twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.models import Initiative, Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.demo.builder import build_demo
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.units.reorganise_file import read_changes
from support.sync_fixtures import fingerprint

EFFECTIVE = dt.date(2025, 7, 1)
AS_OF = dt.date(2026, 12, 1)
DISTRICTS = ("LC-PT", "LC-SH", "LC-THU", "LC-TP", "LC-TD", "LC-TNU", "LC-MT", "LC-NN")
# Two or three commune or ward unions for each district: 20 in all.
NEW_UNIONS = {
    "LC-TP": ("Công đoàn phường Tân Phong", "Công đoàn phường Đoàn Kết"),
    "LC-PT": ("Công đoàn xã Phong Thổ", "Công đoàn xã Sì Lở Lầu", "Công đoàn xã Dào San"),
    "LC-SH": ("Công đoàn xã Sìn Hồ", "Công đoàn xã Pu Sam Cáp"),
    "LC-THU": ("Công đoàn xã Than Uyên", "Công đoàn xã Mường Kim", "Công đoàn xã Khoen On"),
    "LC-TNU": ("Công đoàn xã Tân Uyên", "Công đoàn xã Mường Khoa"),
    "LC-TD": ("Công đoàn xã Tam Đường", "Công đoàn xã Bình Lư", "Công đoàn xã Bản Bo"),
    "LC-MT": ("Công đoàn xã Mường Tè", "Công đoàn xã Bum Nưa"),
    "LC-NN": ("Công đoàn xã Nậm Nhùn", "Công đoàn xã Nậm Hàng", "Công đoàn xã Lê Lợi"),
}
INDUSTRIAL = "Công đoàn các Khu công nghiệp tỉnh Lai Châu"
WARD = "Công đoàn phường Tân Phong"
WARD_CODE = "LC-P-TANPHONG"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def province(request, tmp_path) -> Iterator[Services]:
    if request.param == "sqlite":
        store = open_store(str(tmp_path / "LC.db"))
        build_demo(store.session_factory, initiatives=60)
        services = Services.over(store)
        yield services
        store.close()
        return
    from conftest import _pg_store

    pg = _pg_store(request.getfixturevalue("pg_cluster"))
    store = next(pg)
    build_demo(store.session_factory, initiatives=60)
    services = Services.over(store)
    services.office.protect_key("mật khẩu của tỉnh", "mật khẩu của tỉnh")
    yield services
    next(pg, None)


def _district(tmp_path: Path, code: str) -> Services:
    store = open_store(str(tmp_path / f"{code}.db"))
    build_demo(store.session_factory, initiatives=20, as_unit=code)
    return Services.over(store)


def _new_ward_office(tmp_path: Path) -> Services:
    """A ward union that installs the program after the reorganisation: its own unit and the
    province's, then the province's first bundle brings the rest."""
    services = Services.over(open_store(str(tmp_path / "ward.db")))
    lc = services.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    ward = services.units.create(WARD_CODE, WARD, UnitKind.WARD, lc.id, valid_from=EFFECTIVE)
    services.office.set_up(ward.id)
    return services


def _enrol(a: Services, b: Services) -> None:
    a.enrolment.enrol(b.enrolment.enrolment_file(), fingerprint(b))
    b.enrolment.enrol(a.enrolment.enrolment_file(), fingerprint(a))


def _send(sender: Services, to: str, recipient: Services, folder: Path) -> None:
    path = sender.bundles.export(to, folder).path
    report = recipient.bundles.import_(path)
    assert report.totals.get("rejected", 0) == 0, report.notes


def _decision_sheet(province: Services, path: Path) -> Path:
    """The province's decision as an officer fills the sheet in, names without codes."""
    units = province.units
    wb = Workbook()
    ws = wb.active
    ws.append(["Đơn vị", "Thao tác", "Đơn vị cấp trên mới", "Loại đơn vị", "Tên mới", "Mã"])
    for unions in NEW_UNIONS.values():
        for name in unions:
            code = WARD_CODE if name == WARD else ""
            kind = "Công đoàn phường" if "phường" in name else "Công đoàn xã"
            ws.append([name, "Tạo mới", "LĐLĐ tỉnh Lai Châu", kind, "", code])
    ws.append([INDUSTRIAL, "Thành lập", "LĐLĐ tỉnh Lai Châu", "Khu công nghiệp", "", ""])
    for code in DISTRICTS:
        district = units.by_code(code)
        assert district is not None
        targets = NEW_UNIONS[code]
        for i, g in enumerate(units.list(parent_id=district.id)):
            target = (
                INDUSTRIAL
                if g.name.startswith("Công đoàn cơ sở Công ty")
                else (targets[i % len(targets)])
            )
            ws.append([g.name, "Chuyển", target, "", "", ""])
        ws.append([district.name, "Giải thể", "", "", "", ""])
    wb.save(path)
    return path


def _papers(services: Services) -> dict:
    from desktop.services.documents import DocumentKind
    from services.test_dated_tree import _table

    trieu = services.campaigns.by_code("01TRIEU-2022")
    lc = services.units.by_code("LC")
    assert lc is not None
    report = services.progress.report(trieu.id, None, lc.id, as_of=AS_OF)
    return {
        "progress": report.to_json(all_levels=True),
        "quota_table": _table(services, DocumentKind.QUOTA_TABLE, trieu.id),
        "progress_paper": _table(services, DocumentKind.PROGRESS, trieu.id),
        "recognition": _table(services, DocumentKind.RECOGNITION_LIST, trieu.id),
    }


def _count(services: Services, unit_ids: list[int] | None = None) -> int:
    with services.store.session_factory() as s:
        q = select(func.count()).select_from(Initiative).where(Initiative.deleted_at.is_(None))
        if unit_ids is not None:
            q = q.where(Initiative.unit_id.in_(unit_ids))
        return s.scalar(q) or 0


def test_a_province_lives_through_its_2025_reorganisation(province, tmp_path):
    folder = tmp_path / "post"
    folder.mkdir()
    td, sh = _district(tmp_path, "LC-TD"), _district(tmp_path, "LC-SH")
    for d in (td, sh):
        _enrol(province, d)
    for code, d in (("LC-TD", td), ("LC-SH", sh)):
        _send(d, "LC", province, folder)
        _send(province, code, d, folder)
    before = _papers(province)
    td_before = td.progress.report(
        td.campaigns.by_code("01TRIEU-2022").id, None, td.units.by_code("LC-TD").id, as_of=AS_OF
    ).to_json(all_levels=True)
    total_before = _count(province)

    rows, problems = read_changes(_decision_sheet(province, tmp_path / "quyet-dinh.xlsx"))
    assert not problems
    plan = province.reorganisation.apply(rows, EFFECTIVE)
    assert plan.counts
    assert len(province.units.list(kinds=[UnitKind.COMMUNE, UnitKind.WARD])) == 20
    assert all(province.units.by_code(c).valid_to == EFFECTIVE for c in DISTRICTS)

    ward = _new_ward_office(tmp_path)
    _enrol(province, ward)
    offices = {"LC-TD": td, "LC-SH": sh, WARD_CODE: ward}
    for _ in range(2):
        for code, office in offices.items():
            _send(province, code, office, folder)
            _send(office, "LC", province, folder)

    # The finished campaign reads the same, at the province and at an old district office.
    assert _papers(province) == before
    td_after = td.progress.report(
        td.campaigns.by_code("01TRIEU-2022").id, None, td.units.by_code("LC-TD").id, as_of=AS_OF
    ).to_json(all_levels=True)
    assert td_after == td_before
    assert _count(province) == total_before  # nothing lost, nothing doubled

    # The ward office holds its unions and their books, as the province does.
    ward_unit = ward.units.by_code(WARD_CODE)
    mine = [u.id for u in ward.units.list(parent_id=ward_unit.id)]
    assert mine
    at_province = [
        u.id for u in province.units.list(parent_id=province.units.by_code(WARD_CODE).id)
    ]
    assert _count(ward, mine) == _count(province, at_province) > 0
    # The old district sees its former unions elsewhere, read-only.
    for g in province.units.list(parent_id=province.units.by_code(WARD_CODE).id):
        at_td = td.units.by_code(g.code)
        if at_td is not None:
            assert at_td.parent_id != td.units.by_code("LC-TD").id

    # A 2026 campaign: the ward enters for one of its unions, the province counts it there.
    campaign = province.campaigns.create(
        CampaignInput(
            code="DKST-2026",
            name="Đoàn kết sáng tạo năm 2026",
            periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    province.campaigns.set_quota(campaign.id, province.units.by_code(WARD_CODE).id, None, 5)
    _send(province, WARD_CODE, ward, folder)
    c2026 = ward.campaigns.by_code("DKST-2026")
    ward.initiatives.create(
        InitiativeInput(
            campaign_id=c2026.id,
            unit_id=mine[0],
            title="Ứng dụng quản lý đoàn viên trên điện thoại",
            authors=(AuthorInput("Lò Văn Minh", contribution_pct=Decimal(100)),),
            field_id=c2026.fields[0].id,
            sector=Sector.ADMINISTRATIVE,
            applied_on=dt.date(2026, 3, 2),
        )
    )
    _send(ward, "LC", province, folder)
    report = province.progress.report(
        campaign.id, None, province.units.by_code("LC").id, as_of=AS_OF
    )
    rows_2026 = {r.unit_code: (r.count, r.quota) for r in report.children}
    assert rows_2026[WARD_CODE] == (1, 5)
    assert not set(rows_2026) & set(DISTRICTS)
    assert report.total.count == 1
