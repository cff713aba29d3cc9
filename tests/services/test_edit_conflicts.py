"""Two officers on one store: a save over a change made since loading is refused, never made
unseen (item 3 of «Nothing lost, nothing let in»). On SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select
from test_initiatives import make

from desktop.models import Initiative, InitiativeStatus
from desktop.services.common import EditConflict
from desktop.services.initiatives.service import AuthorInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.initiative_fixtures import build_world
from support.sync_fixtures import add_initiative, copy_offices


@pytest.fixture
def world(services):
    return build_world(services)


def _initiative(services, world, **kw):
    return services.initiatives.create(make(world.campaign, world.school, **kw))


def test_a_save_over_a_newer_change_is_refused_with_who_and_when(services, world, monkeypatch):
    ini = _initiative(services, world, benefit_vnd=1_000_000)
    loaded_by_b = services.initiatives.get(ini.id)

    monkeypatch.setenv("LOGNAME", "can_bo_a")
    a = services.initiatives.get(ini.id)
    services.initiatives.update(
        ini.id, replace(a.data, benefit_vnd=9_000_000), expected_version=a.edit_version
    )

    monkeypatch.setenv("LOGNAME", "can_bo_b")
    with pytest.raises(EditConflict) as caught:
        services.initiatives.update(
            ini.id,
            replace(loaded_by_b.data, title="Tiêu đề mới"),
            expected_version=loaded_by_b.edit_version,
        )
    exc = caught.value
    assert exc.who == "can_bo_a" and exc.when is not None and not exc.by_import
    assert str(exc).startswith("Sáng kiến này vừa được can_bo_a sửa lúc ")
    now = services.initiatives.get(ini.id)
    assert now.data.benefit_vnd == 9_000_000 and now.data.title == ini.data.title
    assert now.edit_version == exc.current_version

    # Reloaded, B's change goes in on top of A's.
    saved = services.initiatives.update(
        ini.id, replace(now.data, title="Tiêu đề mới"), expected_version=now.edit_version
    )
    assert saved.data.benefit_vnd == 9_000_000 and saved.data.title == "Tiêu đề mới"
    assert saved.edit_version > now.edit_version


def test_each_save_moves_the_version_even_when_only_an_author_changed(services, world):
    ini = _initiative(services, world)
    authors = (AuthorInput("Nguyễn Văn An", job_title="Kỹ sư", contribution_pct=Decimal(100)),)
    saved = services.initiatives.update(
        ini.id, replace(ini.data, authors=authors), expected_version=ini.edit_version
    )
    assert saved.edit_version > ini.edit_version
    with pytest.raises(EditConflict):
        services.initiatives.update(ini.id, ini.data, expected_version=ini.edit_version)
    assert services.initiatives.get(ini.id).data.authors[0].job_title == "Kỹ sư"


def test_a_status_move_made_since_loading_is_told_too(services, world):
    ini = _initiative(services, world)
    services.initiatives.set_status(ini.id, InitiativeStatus.DOSSIER_SENT)
    with pytest.raises(EditConflict):
        services.initiatives.update(
            ini.id, replace(ini.data, title="Khác"), expected_version=ini.edit_version
        )


def test_two_saves_in_the_same_instant_one_wins_the_other_is_told(services, world, store):
    """The check is repeated in the UPDATE itself: a save that read the old version just
    before the other committed still cannot overwrite it."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's row locks")
    ini = _initiative(services, world)
    sf = store.session_factory
    # A holds the row (its UPDATE done, not committed); B reads the old version meanwhile.
    a = sf()
    row = a.get(Initiative, ini.id)
    row.benefit_vnd = 5
    a.flush()
    result: dict[str, object] = {}

    def b() -> None:
        try:
            services.initiatives.update(
                ini.id, replace(ini.data, title="B"), expected_version=ini.edit_version
            )
            result["b"] = "saved"
        except EditConflict as exc:
            result["b"] = exc

    t = threading.Thread(target=b)
    t.start()
    t.join(1.0)  # B has checked the version (still the old one) and waits for A's row lock
    a.commit()
    a.close()
    t.join(30)
    assert isinstance(result["b"], EditConflict)
    assert services.initiatives.get(ini.id).data.title == ini.data.title


def test_a_window_opened_before_a_bundle_import_is_told_on_save(sync_offices_template, tmp_path):
    paths = copy_offices(sync_offices_template, tmp_path / "o")
    p = Services.over(open_store(str(paths["LC"])))
    d = Services.over(open_store(str(paths["LC-TD"])))
    try:
        iid_d = add_initiative(d, "LC-TD-01", "Sáng kiến đi lên tỉnh")
        p.bundles.import_(d.bundles.export("LC", tmp_path / "d1.ssk").path)
        with p.store.session_factory() as s:
            iid_p = s.scalar(
                select(Initiative.id).where(Initiative.title == "Sáng kiến đi lên tỉnh")
            )
        opened_at_province = p.initiatives.get(iid_p)

        at_d = d.initiatives.get(iid_d)
        d.initiatives.update(
            iid_d, replace(at_d.data, benefit_vnd=7_000_000), expected_version=at_d.edit_version
        )
        p.bundles.import_(d.bundles.export("LC", tmp_path / "d2.ssk").path)

        assert p.initiatives.get(iid_p).edit_version > opened_at_province.edit_version
        with pytest.raises(EditConflict) as caught:
            p.initiatives.update(
                iid_p,
                replace(opened_at_province.data, notes="ghi chú"),
                expected_version=opened_at_province.edit_version,
            )
        assert caught.value.by_import and caught.value.who == d.office.local().name
        assert "gói dữ liệu của" in str(caught.value)
        assert p.initiatives.get(iid_p).data.benefit_vnd == 7_000_000
    finally:
        p.store.close()
        d.store.close()


# ---- quotas: a grid, checked cell by cell ---------------------------------------------------


def _quota_grid(services, world):
    g = services.quotas.grid(world.campaign.id, world.district.id)
    editable = [u for u in g.units if g.editable(u.id) and not u.is_root]
    assert len(editable) >= 2, g.read_only
    return g, editable


def test_a_quota_cell_changed_since_loading_is_refused_the_others_are_free(services, world):
    grid, (u1, u2) = _quota_grid(services, world)[0], _quota_grid(services, world)[1][:2]
    accept = {"accept_mismatches": True}
    p0 = world.campaign.periods[0].id
    services.quotas.save(world.campaign.id, world.district.id, {(u1.id, None): 5}, **accept)
    # B's grid is loaded now; A then changes u1's cell.
    b = services.quotas.grid(world.campaign.id, world.district.id)
    a = services.quotas.grid(world.campaign.id, world.district.id)
    services.quotas.save(
        world.campaign.id, world.district.id, {(u1.id, None): 7}, loaded=a.versions, **accept
    )
    # B touching only u2 is fine: u1's change is not B's to see.
    services.quotas.save(
        world.campaign.id, world.district.id, {(u2.id, None): 3}, loaded=b.versions, **accept
    )
    # B touching u1 is refused; nothing of that save is written.
    with pytest.raises(EditConflict) as caught:
        services.quotas.save(
            world.campaign.id,
            world.district.id,
            {(u1.id, None): 9, (u2.id, p0): 4},
            loaded=b.versions,
            **accept,
        )
    assert caught.value.cells == ((u1.id, None),)
    assert caught.value.now == {(u1.id, None): 7}
    assert "nay là 7" in str(caught.value)
    now = services.quotas.grid(world.campaign.id, world.district.id).values
    assert now[(u1.id, None)] == 7 and now[(u2.id, None)] == 3 and (u2.id, p0) not in now
    assert grid.values == {}


def test_a_quota_set_or_cleared_by_someone_else_since_loading_is_a_conflict(services, world):
    _grid, (u1, u2) = _quota_grid(services, world)[0], _quota_grid(services, world)[1][:2]
    accept = {"accept_mismatches": True}
    services.quotas.save(world.campaign.id, world.district.id, {(u2.id, None): 2}, **accept)
    b = services.quotas.grid(world.campaign.id, world.district.id)
    services.quotas.save(world.campaign.id, world.district.id, {(u1.id, None): 1}, **accept)
    services.quotas.save(world.campaign.id, world.district.id, {(u2.id, None): None}, **accept)
    with pytest.raises(EditConflict) as caught:
        services.quotas.save(
            world.campaign.id,
            world.district.id,
            {(u1.id, None): 8, (u2.id, None): 6},
            loaded=b.versions,
            **accept,
        )
    assert set(caught.value.cells) == {(u1.id, None), (u2.id, None)}
    assert "trống" in str(caught.value)


# ---- campaigns, units ------------------------------------------------------------------------


def _campaign_input(services, campaign_id):
    """What the editor sends: the campaign as input, its periods kept by id."""
    data = services.campaigns.copy_input(campaign_id, 0)
    ids = [p.id for p in services.campaigns.get(campaign_id).periods]
    periods = tuple(replace(p, id=i) for p, i in zip(data.periods, ids, strict=True))
    return replace(data, code=services.campaigns.get(campaign_id).code, periods=periods)


def test_a_campaign_changed_since_loading_is_refused(services, province_world, monkeypatch):
    world, _ini = province_world
    c = services.campaigns.get(world.campaign.id)
    data = _campaign_input(services, c.id)
    monkeypatch.setenv("LOGNAME", "can_bo_a")
    a = services.campaigns.get(c.id)
    services.campaigns.update(
        c.id, replace(data, nomination_limit=7), expected_version=a.edit_version
    )
    monkeypatch.setenv("LOGNAME", "can_bo_b")
    with pytest.raises(EditConflict) as caught:
        services.campaigns.update(
            c.id, replace(data, notes="ghi chú của B"), expected_version=c.edit_version
        )
    assert str(caught.value).startswith("Chương trình thi đua này vừa được can_bo_a sửa lúc ")
    assert services.campaigns.get(c.id).nomination_limit == 7
    # A change to a period only (a child) moves the campaign's version too.
    now = services.campaigns.get(c.id)
    periods = tuple(
        replace(p, name=p.name + " (sửa)") if i == 0 else p for i, p in enumerate(data.periods)
    )
    fresh = _campaign_input(services, c.id)
    services.campaigns.update(
        c.id, replace(fresh, periods=periods), expected_version=now.edit_version
    )
    with pytest.raises(EditConflict):
        services.campaigns.update(c.id, fresh, expected_version=now.edit_version)


def test_a_unit_renamed_since_loading_is_not_renamed_again_unseen(services, world, monkeypatch):
    shown = services.units.get(world.school.id)
    monkeypatch.setenv("LOGNAME", "can_bo_a")
    services.units.rename(
        shown.id,
        "Công đoàn cơ sở Trường Tiểu học Bản Bo mới",
        None,
        expected_version=shown.edit_version,
    )
    with pytest.raises(EditConflict) as caught:
        services.units.rename(shown.id, "Tên khác", None, expected_version=shown.edit_version)
    assert "Đơn vị này vừa được can_bo_a sửa lúc " in str(caught.value)
    with pytest.raises(EditConflict):
        services.units.dissolve(shown.id, dt.date(2024, 1, 1), expected_version=shown.edit_version)
    assert services.units.get(shown.id).name == "Công đoàn cơ sở Trường Tiểu học Bản Bo mới"
    now = services.units.get(shown.id)
    services.units.rename(shown.id, "Tên khác", None, expected_version=now.edit_version)


# ---- council, scores, document settings ---------------------------------------------------


@pytest.fixture
def province_world(services, monkeypatch):
    """The same world, but this PC is the province's office (it sets campaigns, evaluates);
    ``ini``: an initiative of the district's, there before the office was set up."""
    with monkeypatch.context() as m:
        m.setattr(services.office, "set_up", lambda *_a, **_k: None)
        w = build_world(services)
    ini = _initiative(services, w)
    services.office.set_up(w.district.parent_id)
    return w, ini


@pytest.fixture
def council(services, province_world):
    from desktop.services.evaluation.councils import CouncilInput, MemberInput

    world, ini = province_world
    c = services.evaluation.councils.create(
        CouncilInput(
            campaign_id=world.campaign.id,
            name="Hội đồng thẩm định",
            members=(MemberInput("Thành viên 1"), MemberInput("Thành viên 2")),
        )
    )
    services.evaluation.councils.add_reviews(c.id, [ini.id])
    return c, ini


def test_a_council_edited_since_loading_is_refused(services, council, monkeypatch):
    from desktop.services.evaluation.councils import MemberInput

    c, _ini = council
    members = [(m.id, MemberInput(m.full_name, m.role, m.workplace)) for m in c.members]
    criteria = [(k.id, k.name, k.max_points) for k in c.criteria]
    monkeypatch.setenv("LOGNAME", "can_bo_a")
    services.evaluation.councils.edit(
        c.id,
        [*members, (None, MemberInput("Thành viên 3"))],
        criteria,
        expected_version=c.edit_version,
    )
    with pytest.raises(EditConflict) as caught:
        services.evaluation.councils.edit(c.id, members, criteria, expected_version=c.edit_version)
    assert str(caught.value).startswith("Hội đồng này vừa được can_bo_a sửa lúc ")
    assert len(services.evaluation.councils.get(c.id).members) == 3
    with pytest.raises(EditConflict):
        services.evaluation.councils.set_criteria(c.id, criteria, expected_version=c.edit_version)


def test_a_score_changed_since_the_sheet_was_loaded_is_refused(services, council, monkeypatch):
    c, ini = council
    ev = services.evaluation
    m = c.members[0].id
    k1, k2 = c.criteria[0].id, c.criteria[1].id
    ev.scoring.set_scores(m, ini.id, {k1: 10})
    shown_b = ev.scoring.sheet_versions(m, ini.id)
    monkeypatch.setenv("LOGNAME", "can_bo_a")
    ev.scoring.set_scores(m, ini.id, {k1: 20}, loaded=ev.scoring.sheet_versions(m, ini.id))
    # B writing another criterion of the sheet is fine; writing k1 is refused, all of it.
    with pytest.raises(EditConflict) as caught:
        ev.scoring.set_scores(m, ini.id, {k1: 5, k2: 9}, loaded=shown_b)
    assert caught.value.cells == (k1,)
    assert "nay là 20" in str(caught.value)
    assert ev.scoring.sheet(c.id, ini.id)[m] == {k1: Decimal(20)}
    ev.scoring.set_scores(m, ini.id, {k2: 9}, loaded=shown_b)
    assert ev.scoring.sheet(c.id, ini.id)[m] == {k1: Decimal(20), k2: Decimal(9)}


def test_document_settings_changed_since_loading(services, world, monkeypatch):
    st = services.documents.settings
    loaded_b, versions_b = st.load(), st.versions()
    monkeypatch.setenv("LOGNAME", "can_bo_a")
    a = st.load()
    st.save(replace(a, signer_name="Nguyễn Văn A"), a, st.versions())
    # B prints with the signer field untouched: A's signer stays (nothing put back unseen).
    st.save(replace(loaded_b, place="Tam Đường"), loaded_b, versions_b)
    now = st.load()
    assert now.signer_name == "Nguyễn Văn A" and now.place == "Tam Đường"
    # B changing the signer too is refused, and says who.
    with pytest.raises(EditConflict) as caught:
        st.save(replace(loaded_b, signer_name="Trần Thị B"), loaded_b, versions_b)
    assert caught.value.cells == ("signer_name",)
    assert "can_bo_a" in str(caught.value) and "Nguyễn Văn A" in str(caught.value)
    assert st.load().signer_name == "Nguyễn Văn A"


def test_units_and_quotas_written_by_a_bundle_import_move_their_versions(
    sync_offices_template, tmp_path
):
    """Imports write units, campaigns and quotas through the ORM: the version moves with no
    code of their own (version_id_col), so a window open on them is told as well."""
    paths = copy_offices(sync_offices_template, tmp_path / "o")
    p = Services.over(open_store(str(paths["LC"])))
    d = Services.over(open_store(str(paths["LC-TD"])))
    try:
        unit_p = p.units.by_code("LC-TD-01")
        assert unit_p is not None
        unit_d = d.units.by_code("LC-TD-01")
        d.units.rename(
            unit_d.id, unit_d.name + " (mới)", None, expected_version=unit_d.edit_version
        )
        p.bundles.import_(d.bundles.export("LC", tmp_path / "d1.ssk").path)
        now = p.units.get(unit_p.id)
        assert now.name.endswith("(mới)") and now.edit_version > unit_p.edit_version
        with pytest.raises(EditConflict) as caught:
            p.units.rename(unit_p.id, "Tên khác", None, expected_version=unit_p.edit_version)
        assert caught.value.by_import and caught.value.who == d.office.local().name
        assert str(caught.value).startswith(
            f"Đơn vị này vừa được cập nhật từ gói dữ liệu của {caught.value.who} nhập vào lúc "
        )
    finally:
        p.store.close()
        d.store.close()
