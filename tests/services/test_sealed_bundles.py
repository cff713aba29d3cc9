"""Bundles carry authors' names and workplaces by e-mail and USB stick: once both offices run a
program that reads format 2, every bundle between them is sealed for its recipient; the office
key can be kept under a passphrase, asked once per run."""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path

import pytest

from desktop.services.common import local_office
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.sync import BundleRefused
from desktop.services.sync import container as c
from desktop.services.sync.keys import KeyLocked
from support.sync_fixtures import add_initiative, copy_offices, initiative_by_title

TITLE = "Máy sấy chè dùng nhiệt thừa của lò hơi"
AUTHOR = "Hoàng Thị Mỷ"


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    province = Services.over(open_store(str(dbs["LC"])))
    district = Services.over(open_store(str(dbs["LC-TD"])))
    yield province, district, tmp_path, dbs
    province.store.close()
    district.store.close()


def _manifest_and_data(path: Path) -> tuple[dict, bytes]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read(c.MANIFEST)), zf.read(c.DATA)


def _as_if_enrolled_by_an_older_release(services: Services, peer_code: str) -> None:
    """The peer's enrolment file came from a release that did not say what it reads."""
    from sqlalchemy import select

    from desktop.models import Office, SyncPeer, Unit

    with services.store.session_factory.begin() as s:
        uid = s.scalar(select(Office.uid).join(Unit).where(Unit.code == peer_code))
        peer = s.scalar(select(SyncPeer).where(SyncPeer.office_uid == uid))
        assert peer is not None, peer_code
        peer.reads_major = None


def test_bundles_are_sealed_once_the_peer_says_it_reads_them(offices):
    province, district, tmp, _dbs = offices
    _as_if_enrolled_by_an_older_release(district, "LC")
    add_initiative(district, "LC-TD-02", TITLE, author=AUTHOR)
    # Nothing from the province yet: format 1, which every release reads, saying what we read.
    first = district.bundles.export("LC", tmp / "1.ssk").path
    manifest, plain = _manifest_and_data(first)
    assert (manifest["format_version"], manifest["reads"]) == (1, [1, 2])
    assert AUTHOR.encode() in plain and TITLE.encode() in plain  # readable by anyone
    province.bundles.import_(first)
    # The province now knows the district reads format 2: its bundle down is sealed.
    down = province.bundles.export("LC-TD", tmp / "2.ssk").path
    manifest, data = _manifest_and_data(down)
    assert manifest["format_version"] == 2 and manifest["seal"]["alg"] == c.seal.ALGORITHM
    assert district.bundles.import_(down).totals.get("rejected", 0) == 0
    # And the district's next bundle up is sealed too; its content arrives whole.
    add_initiative(district, "LC-TD-02", TITLE + " (bản 2)", author=AUTHOR)
    up = district.bundles.export("LC", tmp / "3.ssk").path
    manifest, data = _manifest_and_data(up)
    assert manifest["format_version"] == 2
    for secret in (AUTHOR, TITLE):
        assert secret.encode() not in data and secret.encode() not in up.read_bytes()
    province.bundles.import_(up)
    assert initiative_by_title(province, TITLE + " (bản 2)") is not None


def test_a_sealed_bundle_altered_and_re_signed_does_not_open(offices):
    """Even the sender's own key cannot make a sealed payload open under another bundle's
    number: the payload is bound to sender, recipient and sequence."""
    province, district, tmp, _dbs = offices
    down = province.bundles.export("LC-TD", tmp / "2.ssk").path
    manifest, data = _manifest_and_data(down)
    assert manifest["format_version"] == 2
    with province.store.session_factory() as s:
        seed = bytes(local_office(s).private_key)
    manifest["sequence"] += 1  # the same sealed payload, signed again as another bundle
    manifest_bytes = c.dumps(manifest)
    with zipfile.ZipFile(tmp / "forged.ssk", "w") as out:
        out.writestr(c.MANIFEST, manifest_bytes)
        out.writestr(c.SIGNATURE, base64.b64encode(c.sign(seed, manifest_bytes)))
        out.writestr(c.DATA, data)
    with pytest.raises(BundleRefused) as refused:
        district.bundles.import_(tmp / "forged.ssk")
    assert refused.value.code == "unsealable"
    assert "khoá của máy này không mở được" in str(refused.value)
    assert district.sync_history.list()[0].accepted is False  # the refusal is in the history


def test_a_key_under_a_passphrase_is_asked_once_per_run(offices):
    province, district, tmp, dbs = offices
    district.office.protect_key("hai con mèo", "hai con mèo")
    assert district.office.key_protected() and not district.office.key_locked()
    assert district.bundles.export("LC", tmp / "1.ssk").sequence == 1  # unlocked this run
    fingerprint = district.office.local().fingerprint
    district.store.close()
    later = Services.over(open_store(str(dbs["LC-TD"])))  # the next start of the program
    try:
        assert later.office.local().fingerprint == fingerprint  # same key: no re-enrolment
        assert later.office.key_locked()
        with pytest.raises(KeyLocked, match="hãy nhập mật khẩu khoá"):
            later.bundles.export("LC", tmp / "2.ssk")
        with pytest.raises(KeyLocked, match="hãy nhập mật khẩu khoá"):
            later.enrolment.enrolment_file()
        with pytest.raises(KeyLocked, match="Sai mật khẩu"):
            later.office.unlock_key("hai con meo")
        later.office.unlock_key("hai con mèo")
        sent = later.bundles.export("LC", tmp / "2.ssk")
        assert province.bundles.import_(sent.path).totals.get("rejected", 0) == 0
        # A sealed bundle for a locked office waits for the passphrase; nothing is logged as
        # refused and it imports once the key is unlocked.
        down = province.bundles.export("LC-TD", tmp / "3.ssk").path
        again = Services.over(open_store(str(dbs["LC-TD"])))
        try:
            with pytest.raises(KeyLocked):
                again.bundles.import_(down)
            again.office.unlock_key("hai con mèo")
            assert not again.bundles.import_(down).already_imported
        finally:
            again.store.close()
        with pytest.raises(KeyLocked, match="Sai mật khẩu"):
            later.office.protect_key("ba con chó", "ba con chó", old="sai rồi nhé")
        later.office.protect_key("ba con chó", "ba con chó", old="hai con mèo")
    finally:
        later.store.close()


def test_offices_enrolled_with_this_release_seal_from_the_first_bundle(tmp_path):
    """The enrolment file says which bundle formats its program reads, so not even the first
    bundle between two offices of this release travels readable."""
    from desktop.services.demo.builder import build_demo
    from desktop.services.sync import office as office_module

    assert office_module.BUNDLE_FORMATS_READ == c.READS
    p = Services.over(open_store(str(tmp_path / "LC.db")))
    d = Services.over(open_store(str(tmp_path / "LC-TD.db")))
    try:
        build_demo(p.store.session_factory, initiatives=10)
        build_demo(d.store.session_factory, initiatives=10, as_unit="LC-TD")
        card = d.enrolment.enrolment_file()
        assert json.loads(card)["reads_bundle_formats"] == [1, 2]
        p.enrolment.enrol(card, d.office.local().fingerprint)
        d.enrolment.enrol(p.enrolment.enrolment_file(), p.office.local().fingerprint)
        add_initiative(d, "LC-TD-02", TITLE, author=AUTHOR)
        first = d.bundles.export("LC", tmp_path / "1.ssk").path
        manifest, data = _manifest_and_data(first)
        assert manifest["format_version"] == 2 and AUTHOR.encode() not in data
        p.bundles.import_(first)
        assert initiative_by_title(p, TITLE) is not None
    finally:
        p.store.close()
        d.store.close()
