"""Two officers on one store: a save over a change made since loading is refused, never made
unseen (item 3 of «Nothing lost, nothing let in»). On SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import replace
from decimal import Decimal

import pytest
from initiative_fixtures import build_world
from sqlalchemy import select
from sync_fixtures import add_initiative, copy_offices
from test_initiatives import make

from desktop.models import Initiative, InitiativeStatus
from desktop.services.common import EditConflict
from desktop.services.initiatives import AuthorInput
from desktop.services.registry import Services
from desktop.services.store import open_store


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
        assert caught.value.by_import
        assert "gói dữ liệu" in str(caught.value)
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
