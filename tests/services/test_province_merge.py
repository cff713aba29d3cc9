"""Provinces merge: the merged province's office takes in the other province's whole store
through a signed, sealed bundle of its office, checked by the fingerprint read on the phone;
units that both hold are kept once, colliding codes are kept apart by province, both
histories stay, and every campaign reads as it did."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop.models import Initiative, Sector, UnitEventKind, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.common import ServiceError
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.sync_fixtures import fingerprint, table_hashes

MERGED = dt.date(2025, 7, 1)
AS_OF = dt.date(2026, 12, 1)


@pytest.fixture
def merged_province(tmp_path):
    """Lâm Đồng after the merge: its own tree and its own 01TRIEU-2022."""
    services = Services.over(open_store(str(tmp_path / "LD.db")))
    u = services.units
    ld = u.create("LD", "Liên đoàn Lao động tỉnh Lâm Đồng", UnitKind.PROVINCE)
    ward = u.create("LD-P-XH", "Công đoàn phường Xuân Hương", UnitKind.WARD, ld.id)
    school = u.create(
        "LD-P-XH-01", "Công đoàn cơ sở Trường THPT Bùi Thị Xuân", UnitKind.GRASSROOTS, ward.id
    )
    campaign = services.campaigns.create(
        CampaignInput(
            code="01TRIEU-2022",
            name="01 triệu sáng kiến",
            periods=(PeriodInput("Cả giai đoạn", dt.date(2021, 9, 1), dt.date(2023, 9, 30)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    services.campaigns.set_quota(campaign.id, ward.id, None, 40)
    services.initiatives.create(
        InitiativeInput(
            campaign_id=campaign.id,
            unit_id=school.id,
            title="Sổ điểm điện tử",
            authors=(AuthorInput("Nguyễn Thị Hoa", contribution_pct=Decimal(100)),),
            field_id=campaign.fields[0].id,
            sector=Sector.ADMINISTRATIVE,
            applied_on=dt.date(2022, 3, 1),
        )
    )
    services.office.set_up(ld.id)
    yield services
    services.store.close()


def _whole(sender: Services, receiver: Services, tmp_path):
    card = tmp_path / "LD.ssk-dangky"
    card.write_bytes(receiver.enrolment.enrolment_file())
    return sender.bundles.export_whole_store(
        card, fingerprint(receiver), tmp_path / "LC-toan-bo.ssk"
    )


def _trieu(services: Services, code: str, unit_code: str) -> dict:
    campaign = services.campaigns.by_code(code)
    unit = services.units.by_code(unit_code)
    assert unit is not None, unit_code
    report = services.progress.report(campaign.id, None, unit.id, as_of=AS_OF)
    figures = report.to_json(all_levels=True)
    del figures["campaign"], figures["campaign_name"]  # the code is kept apart by province
    return figures


def _count(services: Services) -> int:
    with services.store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(Initiative)) or 0


def test_the_merged_office_takes_in_the_other_province_and_both_read_as_they_did(
    demo_services, merged_province, tmp_path
):
    lc, ld = demo_services, merged_province
    lai_chau_before = _trieu(lc, "01TRIEU-2022", "LC")
    lam_dong_before = _trieu(ld, "01TRIEU-2022", "LD")
    path = _whole(lc, ld, tmp_path)

    # Previewed first: it says what would come and writes nothing.
    before = table_hashes(ld.store)
    preview = ld.bundles.take_in(path, fingerprint(lc), MERGED, dry_run=True)
    assert preview.counts["initiatives"] == _count(lc)
    assert ("01TRIEU-2022", "01TRIEU-2022-LC") in preview.renamed
    assert table_hashes(ld.store) == before

    report = ld.bundles.take_in(path, fingerprint(lc), MERGED)
    assert report.province_name == "Liên đoàn Lao động tỉnh Lai Châu"
    assert _count(ld) == _count(lc) + 1  # nothing lost, nothing doubled
    # Both campaigns kept apart, each reading as it did.
    assert _trieu(ld, "01TRIEU-2022", "LD") == lam_dong_before
    assert _trieu(ld, "01TRIEU-2022-LC", "LC") == lai_chau_before
    assert "(Liên đoàn Lao động tỉnh Lai Châu)" in ld.campaigns.by_code("01TRIEU-2022-LC").name
    # Lai Châu's federation merged into Lâm Đồng on 1 July 2025, its history kept.
    lai_chau = ld.units.by_code("LC")
    assert lai_chau.valid_to == MERGED
    assert ld.units.history(lai_chau.id)[-1].kind == UnitEventKind.MERGE
    assert {u.code for u in ld.units.list(parent_id=ld.units.by_code("LD").id)} >= {
        "LC-TD",
        "LC-YT",
        "LD-P-XH",
    }
    # Its papers print at the merged office as they did there; the dashboard starts from it.
    from desktop.services.documents import DocumentKind
    from services.test_dated_tree import _table

    for kind in (DocumentKind.QUOTA_TABLE, DocumentKind.PROGRESS):
        here = _table(ld, kind, ld.campaigns.by_code("01TRIEU-2022-LC").id)
        there = _table(lc, kind, lc.campaigns.by_code("01TRIEU-2022").id)
        assert here == there, kind
    trieu_lc = ld.campaigns.by_code("01TRIEU-2022-LC")
    assert ld.progress.root_of(trieu_lc.id, ld.units.by_code("LD").id) == lai_chau.id
    own = ld.campaigns.by_code("01TRIEU-2022")
    assert ld.progress.root_of(own.id, ld.units.by_code("LD").id) == ld.units.by_code("LD").id
    # Taking it in again changes nothing.
    again = ld.bundles.take_in(path, fingerprint(lc), MERGED)
    assert _count(ld) == _count(lc) + 1
    assert again.counts["initiatives"] == 0


def test_a_wrong_fingerprint_or_a_changed_byte_is_refused_and_writes_nothing(
    demo_services, merged_province, tmp_path
):
    lc, ld = demo_services, merged_province
    path = _whole(lc, ld, tmp_path)
    before = table_hashes(ld.store, skip=("sync_log",))
    with pytest.raises(ServiceError, match="Mã nhận dạng không khớp"):
        ld.bundles.take_in(path, "ABCD-EFGH", MERGED)
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    bad = tmp_path / "bad.ssk"
    bad.write_bytes(bytes(blob))
    with pytest.raises(ServiceError):
        ld.bundles.take_in(bad, fingerprint(lc), MERGED)
    assert table_hashes(ld.store, skip=("sync_log",)) == before


def test_only_a_province_office_sends_or_takes_in_a_whole_province(
    district_demo_services, merged_province, tmp_path
):
    card = tmp_path / "LD.ssk-dangky"
    card.write_bytes(merged_province.enrolment.enrolment_file())
    with pytest.raises(ServiceError, match="Chỉ văn phòng LĐLĐ tỉnh"):
        district_demo_services.bundles.export_whole_store(
            card, fingerprint(merged_province), tmp_path / "x.ssk"
        )
