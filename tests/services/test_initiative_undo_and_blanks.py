"""On SQLite and PostgreSQL (they disagree on where NULL sorts): blanks sort last either way;
an undo of a delete brings the record back as if never deleted, and refuses, saying why, once
the record changed after the delete or a bundle written here reaches past its tombstone."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop.models import SyncDirection, SyncLogEntry
from desktop.services.initiatives.listing import ListQuery, SortKey
from desktop.services.initiatives.undo import UndoRefused
from support.initiative_fixtures import build_world, entry


@pytest.fixture
def world(services):
    w = build_world(services)
    ini = services.initiatives
    ids = [
        ini.create(entry(w, "A có cả hai", benefit_vnd=2_000_000)).id,
        ini.create(entry(w, "B không có số tiền", benefit_vnd=None, applied_on=None)).id,
        ini.create(entry(w, "C ít tiền", benefit_vnd=500_000, applied_on=dt.date(2021, 12, 1))).id,
    ]
    return w, ids


@pytest.mark.parametrize("key", [SortKey.BENEFIT, SortKey.APPLIED_ON])
@pytest.mark.parametrize("descending", [False, True])
def test_blanks_sort_last_both_ways(services, world, key, descending):
    w, (a, b, c) = world
    q = ListQuery(campaign_id=w.campaign.id, sort=key, descending=descending)
    order = [r.id for r in services.initiatives.rows_slice(q, 0, 10)]
    assert order[-1] == b  # the blank one
    assert order[:2] == ([a, c] if descending else [c, a])


def test_an_undo_brings_back_what_the_delete_took_and_says_so_in_the_history(services, world):
    _w, (a, b, _c) = world
    marks = services.initiatives.delete_many([a, b])
    assert [m.id for m in marks] == [a, b]
    services.initiatives.undo_delete(marks)
    for i in (a, b):
        assert services.initiatives.get(i).deleted_at is None
        assert services.initiatives.history(i)[-1].summary.startswith("Hoàn tác xoá")
    with pytest.raises(UndoRefused, match="đã được khôi phục"):
        services.initiatives.undo_delete(marks)  # twice is not an undo


def test_an_undo_is_refused_when_the_record_changed_after_the_delete(services, world):
    _w, (a, _b, _c) = world
    mark = services.initiatives.delete(a)
    assert mark is not None
    services.initiatives.restore(a)
    again = services.initiatives.delete(a)
    assert again is not None and again.version > mark.version
    with pytest.raises(UndoRefused, match="đã thay đổi sau khi xoá"):
        services.initiatives.undo_delete([mark])
    assert services.initiatives.get(a).deleted_at is not None
    services.initiatives.undo_delete([again])  # the last delete is still undone
    assert services.initiatives.get(a).deleted_at is None


def _bundle_written(services, upto: int, sequence: int = 7) -> None:
    with services.store.session_factory.begin() as s:
        s.add(
            SyncLogEntry(
                direction=SyncDirection.OUT,
                peer_office_uid="peer",
                peer_name="LĐLĐ tỉnh Lai Châu",
                sequence=sequence,
                file_name="x.ssk",
                accepted=True,
                counts_json=json.dumps({"upto": upto}),
            )
        )


def test_an_undo_is_refused_once_a_bundle_reaches_past_the_tombstone(services, world):
    _w, (a, b, _c) = world
    old = services.initiatives.delete(b)
    assert old is not None
    _bundle_written(services, upto=old.version - 1, sequence=6)  # written before the delete
    services.initiatives.undo_delete([old])  # that bundle did not carry it
    mark = services.initiatives.delete(a)
    assert mark is not None
    _bundle_written(services, upto=mark.version)
    with pytest.raises(UndoRefused) as refused:
        services.initiatives.undo_delete([mark])
    text = str(refused.value)
    assert "gói dữ liệu số 7" in text and "LĐLĐ tỉnh Lai Châu" in text and "Khôi phục" in text
    assert services.initiatives.get(a).deleted_at is not None
