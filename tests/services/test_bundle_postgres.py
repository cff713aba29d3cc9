"""Bundles with the province on a real PostgreSQL server (the office that outgrew one PC) and
the district on its SQLite file: the same round trip, refusals that write nothing, and an
import that fails half-way leaving the server as it was."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.models import Initiative, InitiativeStatus
from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.sync import BundleRefused
from desktop.services.sync import apply as bundle_apply
from support.sync_fixtures import add_initiative, initiative_by_title, table_hashes

pytestmark = pytest.mark.postgres
PASSPHRASE = "mật khẩu của tỉnh"


@pytest.fixture
def offices(pg_cluster, tmp_path):
    from conftest import _pg_store

    pg = _pg_store(pg_cluster)
    province_store = next(pg)
    build_demo(province_store.session_factory, initiatives=40)
    p = Services.over(province_store)
    # On a shared server the key must have a passphrase before it signs (docs/postgresql.md).
    p.office.protect_key(PASSPHRASE, PASSPHRASE)
    d = Services.over(open_store(str(tmp_path / "LC-TD.db")))
    build_demo(d.store.session_factory, initiatives=20, as_unit="LC-TD")
    p.enrolment.enrol(d.enrolment.enrolment_file(), d.office.local().fingerprint)
    d.enrolment.enrol(p.enrolment.enrolment_file(), p.office.local().fingerprint)
    yield p, d, tmp_path
    d.store.close()
    next(pg, None)  # drops the database


def test_round_trip_with_the_province_on_postgresql(offices):
    p, d, tmp = offices
    iid = add_initiative(d, "LC-TD-02", "Bếp đun tiết kiệm củi cho bếp ăn bán trú")
    d.initiatives.set_status(iid, InitiativeStatus.DOSSIER_SENT)
    up = d.bundles.export("LC", tmp / "up.ssk").path
    preview = p.bundles.preview(up)
    assert preview.totals.get("new", 0) >= 1 and preview.totals.get("rejected", 0) == 0
    assert initiative_by_title(p, "Bếp đun tiết kiệm củi cho bếp ăn bán trú") is None  # dry
    p.bundles.import_(up)
    at_p = initiative_by_title(p, "Bếp đun tiết kiệm củi cho bếp ăn bán trú")
    assert at_p is not None and at_p.status == InitiativeStatus.DOSSIER_SENT
    assert p.bundles.import_(up).already_imported

    p.initiatives.set_status(at_p.id, InitiativeStatus.UNDER_EVALUATION)
    p.initiatives.set_status(at_p.id, InitiativeStatus.RECOGNISED)
    d.bundles.import_(p.bundles.export("LC-TD", tmp / "down.ssk").path)
    assert d.initiatives.get(iid).status == InitiativeStatus.RECOGNISED

    # The district changes the content after the decision: both offices see the conflict.
    detail = d.initiatives.get(iid)
    d.initiatives.update(iid, replace(detail.data, benefit_vnd=9_000_000))
    report = p.bundles.import_(d.bundles.export("LC", tmp / "up2.ssk").path)
    assert report.totals.get("conflicts", 0) == 1
    assert [c.title for c in p.bundles.conflicts()] == [detail.data.title]


def test_a_tampered_bundle_changes_nothing_on_the_server(offices):
    p, d, tmp = offices
    add_initiative(d, "LC-TD-03", "Máy bóc vỏ quế cải tiến")
    good = d.bundles.export("LC", tmp / "good.ssk").path
    blob = bytearray(good.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    bad = tmp / "bad.ssk"
    bad.write_bytes(bytes(blob))
    before = table_hashes(p.store)
    with pytest.raises(BundleRefused):
        p.bundles.import_(bad)
    assert table_hashes(p.store) == before


def test_an_import_that_fails_half_way_leaves_the_server_as_it_was(offices, monkeypatch):
    p, d, tmp = offices
    for n in range(5):
        add_initiative(d, "LC-TD-04", f"Sáng kiến thử số {n}")
    up = d.bundles.export("LC", tmp / "up.ssk").path
    before = table_hashes(p.store, skip=("sync_log", "sync_peer"))

    def power_cut(self, records):
        raise OSError("mất điện giữa chừng")

    # The initiatives are written, then the step after them fails: the transaction must roll
    # every row back on the server.
    monkeypatch.setattr(bundle_apply.Applier, "decisions_step", power_cut)
    with pytest.raises(Exception, match="mất điện"):
        p.bundles.import_(up)
    assert table_hashes(p.store, skip=("sync_log", "sync_peer")) == before
    with p.store.session_factory() as s:
        assert not s.scalars(
            select(Initiative).where(Initiative.title.like("Sáng kiến thử số%"))
        ).all()
    monkeypatch.undo()
    p.bundles.import_(up)  # and then it goes in whole
    with p.store.session_factory() as s:
        assert (
            len(
                s.scalars(
                    select(Initiative).where(Initiative.title.like("Sáng kiến thử số%"))
                ).all()
            )
            == 5
        )


def test_on_postgresql_a_key_without_passphrase_signs_nothing(pg_cluster, tmp_path):
    from conftest import _pg_store
    from desktop.services.sync.keys import KeyLocked, KeyUnprotected

    pg = _pg_store(pg_cluster)
    store = next(pg)
    try:
        build_demo(store.session_factory, initiatives=10)
        p = Services.over(store)
        d = Services.over(open_store(str(tmp_path / "LC-TD.db")))
        build_demo(d.store.session_factory, initiatives=5, as_unit="LC-TD")
        p.enrolment.enrol(d.enrolment.enrolment_file(), d.office.local().fingerprint)
        with pytest.raises(KeyUnprotected, match="không có mật khẩu trên máy chủ PostgreSQL"):
            p.bundles.export("LC-TD", tmp_path / "x.ssk")
        assert not (tmp_path / "x.ssk").exists()
        p.office.protect_key(PASSPHRASE, PASSPHRASE)
        assert p.bundles.export("LC-TD", tmp_path / "x.ssk").path.exists()
        # Another officer's PC on the same server: the sealed key, locked until typed.
        other = Services.over(open_store(store.url))
        try:
            with pytest.raises(KeyLocked, match="hãy nhập mật khẩu khoá"):
                other.bundles.export("LC-TD", tmp_path / "y.ssk")
            other.office.unlock_key(PASSPHRASE)
            assert other.bundles.export("LC-TD", tmp_path / "y.ssk").sequence == 2
        finally:
            other.store.close()
        d.store.close()
    finally:
        next(pg, None)


def test_a_server_restored_from_its_dump_continues_without_forking(offices, pg_cluster):
    """The province's server is restored from last night's copy (pg_restore; here the copy is
    a CREATE DATABASE … TEMPLATE of the live one). Its bundle numbers go back; after
    `sangkien office server-restored` its next bundle is not refused as a replay and the
    district sends back what the copy lacked."""
    from sqlalchemy import text

    from desktop.cli import main

    p, d, tmp = offices
    url = p.store.url
    live = url.rsplit("/", 1)[1]
    copy = f"{live}_dump"
    p.store.close()
    admin = pg_cluster.admin_engine
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {copy} TEMPLATE {live}"))  # last night's copy
    p = Services.over(open_store(url))
    p.office.unlock_key(PASSPHRASE)
    d.bundles.import_(p.bundles.export("LC-TD", tmp / "d1.ssk").path)  # sent after the copy
    title = "Sổ theo dõi điện năng của trạm bơm"
    add_initiative(d, "LC-TD-02", title)
    d.bundles.export("LC", tmp / "u1.ssk")
    p.bundles.import_(tmp / "u1.ssk")
    assert initiative_by_title(p, title) is not None
    p.store.close()
    with admin.connect() as conn:  # the disk dies; the administrator restores the copy
        conn.execute(text(f"DROP DATABASE {live} WITH (FORCE)"))
        conn.execute(text(f"ALTER DATABASE {copy} RENAME TO {live}"))
    restored = Services.over(open_store(url))
    try:
        assert initiative_by_title(restored, title) is None  # the copy predates it
        restored.office.unlock_key(PASSPHRASE)
        # Without the command, its next bundle repeats number 1 with other content.
        with pytest.raises(BundleRefused, match="đã được nhập trước đây với nội dung khác"):
            d.bundles.import_(restored.bundles.export("LC-TD", tmp / "again.ssk").path)
        restored.store.close()
        assert main(["office", "server-restored", "--note", "bản sao đêm qua", "--db", url]) == 0
        restored = Services.over(open_store(url))
        restored.office.unlock_key(PASSPHRASE)
        down = restored.bundles.export("LC-TD", tmp / "d2.ssk")
        report = d.bundles.import_(down.path)
        assert report.sender_restored and not report.already_imported
        # The district's next bundle is full: what the copy lacked comes back.
        restored.bundles.import_(d.bundles.export("LC", tmp / "u2.ssk").path)
        assert initiative_by_title(restored, title) is not None
    finally:
        restored.store.close()
