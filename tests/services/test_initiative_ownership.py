"""An office writes only the initiatives it owns (rules/ownership), so no local change is
left behind that a bundle would never carry: the district enters and edits its grassroots
unions' initiatives and moves them registered ↔ dossier sent; the province sees them, and from
the first status it sets the status is the province's, at both offices, after the bundles."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models import AuditEntry, Initiative, InitiativeStatus, Unit, UnitKind
from desktop.services.common import ValidationFailed
from desktop.services.registry import Services
from desktop.services.rules.ownership import NotOwner
from desktop.services.store.opening import open_store
from support.sync_fixtures import add_initiative, copy_offices, initiative_by_title, table_hashes

REGISTERED = InitiativeStatus.REGISTERED
DOSSIER_SENT = InitiativeStatus.DOSSIER_SENT
UNDER_EVALUATION = InitiativeStatus.UNDER_EVALUATION
RECOGNISED = InitiativeStatus.RECOGNISED


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    """The province LC and the district LC-TD (Tam Đường), enrolled with each other."""
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()


def send(sender: Services, to: str, recipient: Services, folder: Path, name: str):
    report = recipient.bundles.import_(sender.bundles.export(to, folder / f"{name}.ssk").path)
    assert report.totals.get("rejected", 0) == 0
    return report


def status_at(services: Services, title: str) -> InitiativeStatus:
    ini = initiative_by_title(services, title)
    assert ini is not None
    return ini.status


def audit_count(services: Services) -> int:
    with services.store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


# ---- the district office ----------------------------------------------------------------------
def test_district_enters_edits_and_deletes_its_own_but_not_another_districts(offices):
    _, d, _ = offices
    mine = add_initiative(d, "LC-TD-01", "Sổ theo dõi ca trực điện tử")
    detail = d.initiatives.get(mine)
    assert detail.editable and detail.read_only_reason is None
    d.initiatives.update(mine, replace(detail.data, title="Sổ theo dõi ca trực điện tử (sửa)"))
    d.initiatives.delete(mine)
    d.initiatives.restore(mine)

    # A grassroots union directly under the province is the province's to enter for.
    with d.store.session_factory.begin() as s:
        province_id = s.scalar(select(Unit.id).where(Unit.code == "LC"))
        other = Unit(
            code="LC-01",
            name="Công đoàn cơ sở Văn phòng Tỉnh uỷ",
            name_key="",
            name_folded="cong doan co so van phong tinh uy",
            kind=UnitKind.GRASSROOTS,
            parent_id=province_id,
        )
        s.add(other)
        s.flush()
        other_id = other.id
    before = table_hashes(d.store)
    with pytest.raises(NotOwner, match="do LĐLĐ tỉnh Lai Châu nhập và sửa"):
        d.initiatives.create(replace(detail.data, unit_id=other_id, title="Khác"))
    with pytest.raises(NotOwner):  # nor can its own initiative be moved there
        d.initiatives.update(mine, replace(d.initiatives.get(mine).data, unit_id=other_id))
    assert table_hashes(d.store) == before
    assert d.initiatives.owned_unit_ids() == frozenset(
        u.id for u in d.units.list() if u.parent_id == d.office.local().unit_id
    )


def test_district_moves_only_the_registration_steps(offices):
    _, d, _ = offices
    iid = add_initiative(d, "LC-TD-02", "Cải tiến khay đựng dụng cụ")
    assert d.initiatives.get(iid).status_moves == (DOSSIER_SENT,)
    d.initiatives.set_status(iid, DOSSIER_SENT)
    assert d.initiatives.get(iid).status_moves == (REGISTERED,)  # back, not to evaluation
    n = audit_count(d)
    with pytest.raises(NotOwner, match="trở đi trạng thái do LĐLĐ tỉnh quyết định"):
        d.initiatives.set_status(iid, UNDER_EVALUATION)
    assert d.initiatives.get(iid).status == DOSSIER_SENT and audit_count(d) == n
    d.initiatives.set_status(iid, REGISTERED)
    assert [h.action for h in d.initiatives.history(iid)] == ["create", "status", "status"]


# ---- the province office ----------------------------------------------------------------------
def test_province_sees_a_districts_initiative_but_cannot_change_its_content(offices):
    p, d, tmp = offices
    add_initiative(d, "LC-TD-03", "Máy bóc vỏ quế cải tiến")
    send(d, "LC", p, tmp, "up")
    ini = initiative_by_title(p, "Máy bóc vỏ quế cải tiến")
    assert ini is not None
    detail = p.initiatives.get(ini.id)
    assert not detail.editable
    assert "do LĐLĐ huyện Tam Đường nhập và sửa" in (detail.read_only_reason or "")
    before = table_hashes(p.store)
    for write in (
        lambda: p.initiatives.update(ini.id, replace(detail.data, title="Tỉnh sửa")),
        lambda: p.initiatives.delete(ini.id),
        lambda: p.initiatives.create(replace(detail.data, title="Tỉnh nhập hộ")),
    ):
        with pytest.raises(NotOwner, match="chỉ xem"):
            write()
    assert table_hashes(p.store) == before
    # The province decides the status: every move of the life is offered.
    assert UNDER_EVALUATION in detail.status_moves or DOSSIER_SENT in detail.status_moves


def test_province_enters_for_a_grassroots_union_directly_under_it(services):
    from desktop.models import UnitKind
    from desktop.services.campaigns.service import CampaignInput, PeriodInput
    from desktop.services.initiatives.service import AuthorInput, InitiativeInput

    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    direct = u.create(
        "LC-01", "Công đoàn cơ sở Văn phòng Tỉnh uỷ", UnitKind.GRASSROOTS, province.id
    )
    district = u.create(
        "LC-TD", "Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT, province.id
    )
    below = u.create("LC-TD-01", "Công đoàn cơ sở Trường Bản Bo", UnitKind.GRASSROOTS, district.id)
    import datetime as dt

    campaign = services.campaigns.create(
        CampaignInput(
            code="C",
            name="01 triệu sáng kiến",
            description_limit=1000,
            periods=(PeriodInput("Giai đoạn 1", dt.date(2021, 9, 1), dt.date(2022, 5, 31)),),
        )
    )
    services.office.set_up(province.id)
    data = InitiativeInput(
        campaign_id=campaign.id,
        unit_id=direct.id,
        title="Số hoá hồ sơ đoàn viên",
        authors=(AuthorInput("Lò Thị B"),),
    )
    made = services.initiatives.create(data)
    assert made.editable and services.initiatives.owned_unit_ids() == {direct.id}
    with pytest.raises(NotOwner):
        services.initiatives.create(replace(data, unit_id=below.id))
    with pytest.raises(ValidationFailed):  # the form's own checks still name their field
        services.initiatives.create(replace(data, title=""))


# ---- the status split, through real bundles ---------------------------------------------------
def test_the_districts_step_travels_until_the_province_takes_the_status_over(offices):
    p, d, tmp = offices
    iid = add_initiative(d, "LC-TD-04", "Bếp đun tiết kiệm củi")
    d.initiatives.set_status(iid, DOSSIER_SENT)
    send(d, "LC", p, tmp, "1")
    assert status_at(p, "Bếp đun tiết kiệm củi") == DOSSIER_SENT  # the district's step arrived

    d.initiatives.set_status(iid, REGISTERED)  # the district takes it back (a missing paper)
    send(d, "LC", p, tmp, "2")
    assert status_at(p, "Bếp đun tiết kiệm củi") == REGISTERED

    # The province takes it over; from its bundle on the district can no longer move it.
    pid = initiative_by_title(p, "Bếp đun tiết kiệm củi").id
    p.initiatives.set_status(pid, DOSSIER_SENT)
    p.initiatives.set_status(pid, UNDER_EVALUATION)
    send(p, "LC-TD", d, tmp, "3")
    assert d.initiatives.get(iid).status == UNDER_EVALUATION
    assert d.initiatives.get(iid).status_moves == ()
    assert "LĐLĐ tỉnh đã tiếp nhận" in (d.initiatives.get(iid).read_only_reason or "")
    with pytest.raises(NotOwner, match="LĐLĐ tỉnh đã tiếp nhận"):
        d.initiatives.set_status(iid, REGISTERED)
    # The content is still the district's to edit, and still travels.
    detail = d.initiatives.get(iid)
    d.initiatives.update(iid, replace(detail.data, benefit_vnd=2_000_000))
    send(d, "LC", p, tmp, "4")
    at_p = initiative_by_title(p, "Bếp đun tiết kiệm củi")
    assert at_p is not None and at_p.benefit_vnd == 2_000_000 and at_p.status == UNDER_EVALUATION


def test_a_step_the_district_moved_while_the_province_decided_gives_way(offices):
    """Crossing bundles: the district moves its step after the province already set a status
    it has not yet received. Both end with the province's status, whatever the order."""
    p, d, tmp = offices
    iid = add_initiative(d, "LC-TD-05", "Giá phơi chè nhiều tầng")
    send(d, "LC", p, tmp, "1")
    pid = initiative_by_title(p, "Giá phơi chè nhiều tầng").id
    p.initiatives.set_status(pid, UNDER_EVALUATION)
    down = p.bundles.export("LC-TD", tmp / "down.ssk").path
    d.initiatives.set_status(iid, DOSSIER_SENT)  # not yet knowing
    up = d.bundles.export("LC", tmp / "up.ssk").path
    report = p.bundles.import_(up)
    assert status_at(p, "Giá phơi chè nhiều tầng") == UNDER_EVALUATION  # the step gives way
    notes = [n for n in report.notes if n.kind == "ignored"]
    assert any("trạng thái do tỉnh quyết định" in n.reason for n in notes), report.notes
    d.bundles.import_(down)
    assert d.initiatives.get(iid).status == UNDER_EVALUATION


def test_upgrading_a_province_store_keeps_its_decided_statuses_its_own(offices):
    """The demo (like a store upgraded by revision 0006) marks every evaluated status as the
    province's, so no district bundle can move it back."""
    p, _, _ = offices
    with p.store.session_factory() as s:
        rows = s.execute(select(Initiative.status, Initiative.status_version)).all()
    assert rows
    for status, version in rows:
        if status not in (REGISTERED, DOSSIER_SENT):
            assert version is not None


def test_a_crossing_step_after_a_decision_leaves_no_conflict_behind(offices):
    """Only the step moved, not the content: once the bundles have crossed back, neither
    office may show "content changed after the decision"."""
    p, d, tmp = offices
    iid = add_initiative(d, "LC-TD-05", "Máy sao chè mini")
    send(d, "LC", p, tmp, "1")
    pid = initiative_by_title(p, "Máy sao chè mini").id
    p.initiatives.set_status(pid, UNDER_EVALUATION)
    p.initiatives.set_status(pid, RECOGNISED)
    down = p.bundles.export("LC-TD", tmp / "down.ssk").path
    d.initiatives.set_status(iid, DOSSIER_SENT)  # not yet knowing
    up = d.bundles.export("LC", tmp / "up.ssk").path
    d.bundles.import_(down)
    p.bundles.import_(up)
    send(p, "LC-TD", d, tmp, "2")  # the province answers the crossed bundle
    send(d, "LC", p, tmp, "3")
    assert d.initiatives.get(iid).status == RECOGNISED
    assert status_at(p, "Máy sao chè mini") == RECOGNISED
    assert p.bundles.conflicts() == [] and d.bundles.conflicts() == []
