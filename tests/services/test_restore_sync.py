"""Restoring a backup never forks an office from its peers (docs/sync-promises.md promise 12).

The district edits a benefit to 111.000 đồng, sends it, backs up, edits 222.000, sends again;
then its disk is restored from the backup. It must neither reissue a sequence number (the
province would refuse the bundle as a replay) nor a logical clock value (its next edit would
arrive as "unchanged"), and what it lost comes back in the province's full re-send.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import Initiative
from desktop.services.registry import Services
from desktop.services.store.backup import restore_sqlite
from desktop.services.store.opening import open_store
from support.sync_fixtures import add_initiative, build_offices, copy_offices

DISTRICT = "LC-TD"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> dict[str, Path]:
    return build_offices(tmp_path_factory.mktemp("restore-offices"), (DISTRICT,))


class Post:
    """Two offices and the bundles between them."""

    def __init__(self, paths: dict[str, Path], folder: Path) -> None:
        self.paths = dict(paths)
        self.folder = folder
        self.o = {code: Services.over(open_store(str(p))) for code, p in self.paths.items()}
        self.n = 0

    def send(self, sender: str, recipient: str):
        self.n += 1
        path = self.folder / f"b{self.n}_{sender}_{recipient}.ssk"
        self.o[sender].bundles.export(recipient, path)
        return self.o[recipient].bundles.import_(path)

    def close(self, code: str) -> None:
        self.o[code].store.close()

    def reopen(self, code: str, path: Path | None = None) -> None:
        self.paths[code] = path or self.paths[code]
        self.o[code] = Services.over(open_store(str(self.paths[code])))

    def close_all(self) -> None:
        for s in self.o.values():
            s.store.close()


def set_benefit(services: Services, title: str, vnd: int) -> None:
    svc = services.initiatives
    iid = initiative_id(services, title)
    assert iid is not None, title
    detail = svc.get(iid)
    svc.update(iid, replace(detail.data, benefit_vnd=vnd))


def initiative_id(services: Services, title: str) -> int | None:
    with services.store.session_factory() as s:
        return s.scalar(select(Initiative.id).where(Initiative.title == title))


def benefit(services: Services, title: str) -> int | None:
    with services.store.session_factory() as s:
        return s.scalar(select(Initiative.benefit_vnd).where(Initiative.title == title))


TITLE = "Cải tiến băng tải than"
LATER = "Sáng kiến nhập sau lần sao lưu"


def _before_restore(post: Post) -> Path:
    """111.000 sent, backed up, 222.000 and a new initiative sent: returns the backup."""
    district = post.o[DISTRICT]
    add_initiative(district, "LC-TD-01", TITLE)
    set_benefit(district, TITLE, 111_000)
    post.send(DISTRICT, "LC")
    post.send("LC", DISTRICT)
    backup = district.backup.make().path
    set_benefit(district, TITLE, 222_000)
    add_initiative(district, "LC-TD-02", LATER)
    post.send(DISTRICT, "LC")
    assert benefit(post.o["LC"], TITLE) == 222_000
    assert initiative_id(post.o["LC"], LATER) is not None
    return backup


def _after_restore(post: Post) -> None:
    """Edit again at the restored district, exchange both ways: both agree, nothing refused."""
    district = post.o[DISTRICT]
    assert benefit(district, TITLE) == 111_000  # the backup's value: 222.000 was lost locally
    assert initiative_id(district, LATER) is None
    status = district.bundles.restore_status()
    assert status is not None and status.epoch == 1
    province_office = post.o["LC"].office.local()
    assert province_office is not None
    assert status.waiting_for == (province_office.name,)
    set_benefit(district, TITLE, 333_000)
    first = post.send(DISTRICT, "LC")  # not refused as a replay of the lost bundle 2
    assert not first.already_imported
    assert first.sender_restored
    assert benefit(post.o["LC"], TITLE) == 333_000  # not "unchanged"
    assert first.totals["updated"] >= 1
    assert post.o["LC"].bundles.plan(DISTRICT).since == 0  # the province re-sends everything
    back = post.send("LC", DISTRICT)
    assert not back.already_imported
    assert back.resend_received
    status = district.bundles.restore_status()
    assert status is not None and status.waiting_for == ()
    # The district's own initiative it had sent to the province comes back in the re-send.
    assert initiative_id(district, LATER) is not None
    assert benefit(district, TITLE) == 333_000  # its own later edit is not undone
    for _ in range(2):
        post.send(DISTRICT, "LC")
        post.send("LC", DISTRICT)
    for code in ("LC", DISTRICT):
        assert benefit(post.o[code], TITLE) == 333_000, code
        assert initiative_id(post.o[code], LATER) is not None, code
    history = post.o["LC"].sync_history.list()
    assert all(e.accepted for e in history), [e.reason for e in history if not e.accepted]
    history = district.sync_history.list()
    assert all(e.accepted for e in history), [e.reason for e in history if not e.accepted]


def test_a_restored_district_and_the_province_agree_again(template, tmp_path):
    post = Post(copy_offices(template, tmp_path / "offices"), tmp_path)
    try:
        backup = _before_restore(post)
        post.close(DISTRICT)
        restore_sqlite(backup, post.paths[DISTRICT])
        post.reopen(DISTRICT)
        _after_restore(post)
    finally:
        post.close_all()


def test_a_restored_district_gets_back_a_grassroots_unit_and_its_initiative(template, tmp_path):
    """Its own catalogue comes back too, before the initiatives that need it."""
    from desktop.models import Unit, UnitKind

    post = Post(copy_offices(template, tmp_path / "offices"), tmp_path)
    try:
        district = post.o[DISTRICT]
        post.send(DISTRICT, "LC")
        post.send("LC", DISTRICT)
        backup = district.backup.make().path
        with district.store.session_factory() as s:
            parent = s.scalar(select(Unit.id).where(Unit.code == DISTRICT))
        district.units.create(
            "LC-TD-99", "Công đoàn Trường Tiểu học Bình Lư", UnitKind.GRASSROOTS, parent
        )
        add_initiative(district, "LC-TD-99", LATER)
        post.send(DISTRICT, "LC")
        assert initiative_id(post.o["LC"], LATER) is not None
        post.close(DISTRICT)
        restore_sqlite(backup, post.paths[DISTRICT])
        post.reopen(DISTRICT)
        district = post.o[DISTRICT]
        post.send(DISTRICT, "LC")
        back = post.send("LC", DISTRICT)
        assert back.totals["rejected"] == 0, back.notes
        assert initiative_id(district, LATER) is not None
        with district.store.session_factory() as s:
            assert s.scalar(select(Unit.name).where(Unit.code == "LC-TD-99")) == (
                "Công đoàn Trường Tiểu học Bình Lư"
            )
    finally:
        post.close_all()


def test_a_restored_copy_on_a_new_disk_with_nothing_else(template, tmp_path):
    """The PC died: its backup copy is all that is left, restored on a new disk into a fresh
    folder with no other file beside it (no backups, nothing the old disk kept)."""
    post = Post(copy_offices(template, tmp_path / "offices"), tmp_path)
    try:
        backup = _before_restore(post)
        kept = tmp_path / "usb" / backup.name
        kept.parent.mkdir()
        shutil.copy(backup, kept)
        post.close(DISTRICT)
        shutil.rmtree(post.paths[DISTRICT].parent / "backups")
        post.paths[DISTRICT].unlink()  # the old disk is gone
        fresh = tmp_path / "new-disk" / "sosangkien.db"
        fresh.parent.mkdir()
        restore_sqlite(kept, fresh)
        assert sorted(p.name for p in fresh.parent.iterdir() if p.name != "backups") == [fresh.name]
        moved = tmp_path / "another-folder" / "sosangkien.db"
        moved.parent.mkdir()
        shutil.move(fresh, moved)  # and the restored copy moved again, alone
        post.reopen(DISTRICT, moved)
        _after_restore(post)
    finally:
        post.close_all()


def test_the_same_backup_restored_on_two_new_disks_is_told_apart(template, tmp_path):
    """Two restores of one copy, each where nothing else is left, make the same epoch number:
    the province refuses the second (its clock values could repeat the first's) until that
    disk is restored once more, which gives it an epoch of its own."""
    from desktop.services.sync import BundleRefused

    post = Post(copy_offices(template, tmp_path / "offices"), tmp_path)
    try:
        backup = _before_restore(post)
        post.close(DISTRICT)
        first, second = tmp_path / "a" / "sosangkien.db", tmp_path / "b" / "sosangkien.db"
        for disk in (first, second):
            disk.parent.mkdir()
            restore_sqlite(backup, disk)
        post.reopen(DISTRICT, first)
        set_benefit(post.o[DISTRICT], TITLE, 333_000)
        post.send(DISTRICT, "LC")
        post.close(DISTRICT)
        post.reopen(DISTRICT, second)
        set_benefit(post.o[DISTRICT], TITLE, 444_000)
        with pytest.raises(BundleRefused, match="khôi phục hai lần"):
            post.send(DISTRICT, "LC")
        assert benefit(post.o["LC"], TITLE) == 333_000
        post.close(DISTRICT)
        assert restore_sqlite(backup, second).epoch == 2
        post.reopen(DISTRICT, second)
        set_benefit(post.o[DISTRICT], TITLE, 555_000)
        assert post.send(DISTRICT, "LC").sender_restored
        post.send("LC", DISTRICT)
        post.send(DISTRICT, "LC")
        for code in ("LC", DISTRICT):
            assert benefit(post.o[code], TITLE) == 555_000, code
            assert initiative_id(post.o[code], LATER) is not None, code
    finally:
        post.close_all()


def test_a_restored_province_gets_back_its_decisions_and_the_districts_content(template, tmp_path):
    """The province restores a backup: the status it had set after it, and a campaign name,
    come back from the district that holds them; the district's initiative it had received
    after the backup comes back in the district's full re-send."""
    from desktop.models import Campaign, InitiativeStatus
    from desktop.services.common import tick

    post = Post(copy_offices(template, tmp_path / "offices"), tmp_path)
    try:
        province, district = post.o["LC"], post.o[DISTRICT]
        add_initiative(district, "LC-TD-01", TITLE)
        post.send(DISTRICT, "LC")
        post.send("LC", DISTRICT)
        backup = province.backup.make().path
        add_initiative(district, "LC-TD-02", LATER)
        post.send(DISTRICT, "LC")
        province.initiatives.set_status(
            initiative_id(province, TITLE), InitiativeStatus.UNDER_EVALUATION
        )
        with province.store.session_factory.begin() as s:
            c = s.scalar(select(Campaign).order_by(Campaign.id))
            c.name = "Chương trình đổi tên sau lần sao lưu"
            tick(s, c)
        post.send("LC", DISTRICT)
        post.close("LC")
        restore_sqlite(backup, post.paths["LC"])
        post.reopen("LC")
        province = post.o["LC"]
        assert initiative_id(province, LATER) is None
        assert province.bundles.restore_status().waiting_for == (district.office.local().name,)
        assert post.send("LC", DISTRICT).sender_restored
        back = post.send(DISTRICT, "LC")
        assert back.resend_received
        assert initiative_id(province, LATER) is not None
        with province.store.session_factory() as s:
            assert s.scalar(select(Campaign.name).order_by(Campaign.id)) == (
                "Chương trình đổi tên sau lần sao lưu"
            )
            status = s.scalar(select(Initiative.status).where(Initiative.title == TITLE))
            assert status == InitiativeStatus.UNDER_EVALUATION
        province.initiatives.set_status(initiative_id(province, TITLE), InitiativeStatus.RECOGNISED)
        for _ in range(2):
            post.send("LC", DISTRICT)
            post.send(DISTRICT, "LC")
        with district.store.session_factory() as s:
            status = s.scalar(select(Initiative.status).where(Initiative.title == TITLE))
            assert status == InitiativeStatus.RECOGNISED
        assert province.bundles.restore_status().waiting_for == ()
        for services in (province, district):
            history = services.sync_history.list()
            assert all(e.accepted for e in history), [e.reason for e in history]
    finally:
        post.close_all()


@pytest.mark.parametrize(
    "claim",
    [
        {"office_epoch": 10**12},
        {"office_epoch": -1},
        {"office_epoch": True},
        {"resend_for_epoch": 10**12},
        {"office_incarnation": "x" * 500},
    ],
)
def test_a_bundle_claiming_an_impossible_epoch_is_refused_and_changes_nothing(
    template, tmp_path, claim
):
    """A restore epoch is a number a bundle claims: bounded before anything is written."""
    import io
    import json
    import zipfile

    from desktop.services.common import local_office
    from desktop.services.sync import BundleRefused
    from desktop.services.sync import container as c
    from support.sync_fixtures import table_hashes

    post = Post(copy_offices(template, tmp_path / "offices"), tmp_path)
    try:
        district, province = post.o[DISTRICT], post.o["LC"]
        good = district.bundles.export("LC", tmp_path / "good.ssk").path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(good)) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            data = zf.read("data.json")
        with district.store.session_factory() as s:
            key = local_office(s).private_key
        bad = tmp_path / "bad.ssk"
        bad.write_bytes(c.build({**manifest, **claim}, data, key))
        before = table_hashes(province.store)
        with pytest.raises(BundleRefused) as info:
            province.bundles.import_(bad)
        assert info.value.code == "bad_manifest"
        assert table_hashes(province.store) == before
    finally:
        post.close_all()


def test_a_copy_of_an_older_schema_starts_its_epoch_when_next_opened(
    template, tmp_path, monkeypatch
):
    """A copy made by an older version is restored as it is (it may be meant for the older
    program); this program starts the new epoch when it opens it, before any edit."""
    import desktop.services.store.backup as backup_module
    from desktop.services.sync.restore import EPOCH_STRIDE

    post = Post(copy_offices(template, tmp_path / "offices"), tmp_path)
    try:
        backup = _before_restore(post)
        post.close(DISTRICT)
        monkeypatch.setattr(backup_module, "head_revision", lambda: "a-newer-one")
        assert restore_sqlite(backup, post.paths[DISTRICT]).epoch is None
        monkeypatch.undo()
        post.reopen(DISTRICT)
        with post.o[DISTRICT].store.session_factory() as s:
            from desktop.services.common import local_office

            me = local_office(s)
            assert (me.epoch, me.clock >= EPOCH_STRIDE) == (1, True)
        _after_restore(post)
    finally:
        post.close_all()
