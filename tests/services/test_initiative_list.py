"""The list: search without diacritics, filters and sort in SQL, pages, similar titles."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.models import AuditEntry, InitiativeStatus, Sector
from desktop.services.initiatives.listing import ListQuery, SortKey
from desktop.services.initiatives.service import AuthorInput
from support.initiative_fixtures import build_world, entry


@pytest.fixture
def world(services):
    w = build_world(services)
    ini = services.initiatives
    ini.create(entry(w, "Sáng kiến cải tiến quy trình đón trẻ"))
    ini.create(entry(w, "Đổi mới phương pháp dạy học", authors=(AuthorInput("Đặng Thị Dung"),)))
    ini.create(
        entry(
            w,
            "Giải pháp tiết kiệm điện trong nhà máy",
            unit_id=w.mine.id,
            sector=Sector.ENTERPRISE,
            field_id=w.campaign.fields[1].id,
            period_id=w.campaign.periods[1].id,
            applied_on=dt.date(2022, 8, 1),
            benefit_vnd=1_500_000,
        )
    )
    ini.create(entry(w, "Ứng dụng phần mềm quản lý thiết bị"))
    return w


def titles(services, **kw):
    q = ListQuery(**kw)
    return [r.title for r in services.initiatives.rows_slice(q, 0, 100)]


def test_search_ignores_diacritics_case_and_d(services, world):
    cid = world.campaign.id
    assert titles(services, campaign_id=cid, search="sang kien") == [
        "Sáng kiến cải tiến quy trình đón trẻ"
    ]
    assert titles(services, campaign_id=cid, search="DOI MOI") == ["Đổi mới phương pháp dạy học"]
    # "đ" typed as "d", and the author's name is searched as well as the title.
    assert titles(services, campaign_id=cid, search="dang thi dung") == [
        "Đổi mới phương pháp dạy học"
    ]
    assert titles(services, campaign_id=cid, search="Đặng") == ["Đổi mới phương pháp dạy học"]
    assert titles(services, campaign_id=cid, search="khong co gi") == []
    assert services.initiatives.count(ListQuery(campaign_id=cid, search="giai phap")) == 1


def test_search_follows_edits_and_deletes(services, world):
    cid = world.campaign.id
    hit = services.initiatives.search("phan mem", cid).rows[0]
    data = services.initiatives.get(hit.id).data

    services.initiatives.update(hit.id, replace(data, title="Ứng dụng bảng tính Excel"))
    assert services.initiatives.search("phan mem", cid).total == 0
    assert services.initiatives.search("bang tinh", cid).total == 1
    services.initiatives.delete(hit.id)
    assert services.initiatives.search("bang tinh", cid).total == 0
    assert titles(services, campaign_id=cid, deleted=True, search="bang tinh") == [
        "Ứng dụng bảng tính Excel"
    ]
    services.initiatives.restore(hit.id)
    assert services.initiatives.search("bang tinh", cid).total == 1


def test_search_finds_parts_of_words_short_words_and_odd_characters(services, world):
    """Long words go through the trigram index of 0021, short ones scan: both find the same
    as a person expects of "holds what I typed"."""
    cid = world.campaign.id
    assert titles(services, campaign_id=cid, search="tiet kie") == [
        "Giải pháp tiết kiệm điện trong nhà máy"
    ]
    assert titles(services, campaign_id=cid, search="ng dung thiet") == [
        "Ứng dụng phần mềm quản lý thiết bị"
    ]
    assert titles(services, campaign_id=cid, search="ay hoc") == ["Đổi mới phương pháp dạy học"]
    assert titles(services, campaign_id=cid, search="don tr") == [
        "Sáng kiến cải tiến quy trình đón trẻ"
    ]
    # Quotes, wildcards and FTS words are only text to look for.
    for odd in ('"kiem', "ki%m", "kiem_dien", "OR", "kiem NOT dien", "dien*"):
        assert titles(services, campaign_id=cid, search=odd) == [], odd


def test_search_after_the_index_steps_down_and_up(world, store, services, tmp_path):
    """Migration 0021 steps down to 0020 (search scans) and up again (the index is rebuilt
    from every row) without changing what a search finds, on SQLite and PostgreSQL."""
    from alembic import command

    from desktop.services.store.opening import alembic_config

    cfg = alembic_config()
    found = {t: titles(services, campaign_id=world.campaign.id, search=t) for t in QUERIES}
    for target in ("0020", "head"):
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if target == "0020" else command.upgrade)(cfg, target)
        lists = type(services.initiatives)(store.session_factory)
        for text, expected in found.items():
            rows = lists.rows_slice(ListQuery(campaign_id=world.campaign.id, search=text), 0, 9)
            assert [r.title for r in rows] == expected, (target, text)


QUERIES = ("sang kien", "tiet kie", "dang thi dung", "ay hoc", "khong co gi")


def test_the_total_follows_every_write_even_another_programs(services, world, store):
    """The list keeps its count between opens, never past a write: this program's, or one
    made through another connection (another PC on the same PostgreSQL, a second window)."""
    from sqlalchemy import create_engine, update

    from desktop.models import Initiative

    cid = world.campaign.id
    q = ListQuery(campaign_id=cid)
    assert services.initiatives.page(q).total == 4
    assert services.initiatives.page(replace(q, sort=SortKey.CREATED)).total == 4
    services.initiatives.create(entry(world, "Sổ tay an toàn lao động"))
    assert services.initiatives.page(q).total == 5
    other = create_engine(store.engine.url)
    try:
        with other.begin() as conn:
            now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
            conn.execute(
                update(Initiative)
                .where(Initiative.title == "Sổ tay an toàn lao động")
                .values(deleted_at=now, updated_at=now)
            )
    finally:
        other.dispose()
    assert services.initiatives.page(q).total == 4
    assert services.initiatives.count(replace(q, deleted=True)) == 1


def test_filters_by_unit_field_sector_status_period(services, world):
    cid = world.campaign.id
    all_ = titles(services, campaign_id=cid)
    assert len(all_) == 4
    assert titles(services, campaign_id=cid, unit_ids=frozenset({world.mine.id})) == [
        "Giải pháp tiết kiệm điện trong nhà máy"
    ]
    assert titles(services, campaign_id=cid, field_id=world.campaign.fields[1].id) == [
        "Giải pháp tiết kiệm điện trong nhà máy"
    ]
    assert len(titles(services, campaign_id=cid, sector=Sector.ADMINISTRATIVE)) == 3
    assert titles(services, campaign_id=cid, period_id=world.campaign.periods[1].id) == [
        "Giải pháp tiết kiệm điện trong nhà máy"
    ]
    first = services.initiatives.search("don tre", cid).rows[0]
    services.initiatives.set_status(first.id, InitiativeStatus.DOSSIER_SENT)
    assert titles(services, campaign_id=cid, status=InitiativeStatus.DOSSIER_SENT) == [first.title]


def test_vietnamese_sort_order_and_pages_agree_with_ids(services, world):
    cid = world.campaign.id
    # Vietnamese alphabet: d < đ < g < s < ư (Python's sorted() puts Đ after every ASCII letter).
    assert titles(services, campaign_id=cid) == [
        "Đổi mới phương pháp dạy học",
        "Giải pháp tiết kiệm điện trong nhà máy",
        "Sáng kiến cải tiến quy trình đón trẻ",
        "Ứng dụng phần mềm quản lý thiết bị",
    ]
    q = ListQuery(campaign_id=cid, sort=SortKey.TITLE, descending=True)
    ids = services.initiatives.ids(q)
    assert services.initiatives.ids_slice(q, 1, 2) == ids[1:3]
    page = services.initiatives.page(q, 2, 10)
    assert page.total == 4 and [r.id for r in page.rows] == ids[2:]


def test_similar_titles_after_folding_and_small_typos(services, world):
    cid = world.campaign.id
    sim = services.initiatives.similar(cid, "sang kien cai tien quy trinh don tre")
    assert [s.title for s in sim] == ["Sáng kiến cải tiến quy trình đón trẻ"]
    assert sim[0].score == 1.0
    typo = services.initiatives.similar(cid, "Sáng kiến cải tiền qui trình đón trẻ")
    assert [s.title for s in typo] == ["Sáng kiến cải tiến quy trình đón trẻ"]
    assert services.initiatives.similar(cid, "Xây dựng thư viện xanh") == []
    # The initiative being edited is not its own duplicate.
    assert services.initiatives.similar(cid, sim[0].title, exclude_id=sim[0].id) == []


def test_status_moves_delete_and_undo_are_audited(services, world):
    cid = world.campaign.id
    hit = services.initiatives.search("don tre", cid).rows[0]
    # The world is a district office: it moves its initiatives through the registration steps.
    services.initiatives.set_status(hit.id, InitiativeStatus.DOSSIER_SENT)
    services.initiatives.set_status(hit.id, InitiativeStatus.REGISTERED)
    services.initiatives.delete(hit.id)
    services.initiatives.restore(hit.id)
    history = services.initiatives.history(hit.id)
    assert [h.action for h in history] == ["create", "status", "status", "delete", "restore"]
    assert "Đã đăng ký → Đã gửi hồ sơ" in history[1].summary
    assert all(h.actor for h in history)
    with services.store.session_factory() as s:
        detail = s.scalars(
            select(AuditEntry.detail_json).where(AuditEntry.action == "status")
        ).all()
    assert {"from": "dossier_sent", "to": "registered"} in [json.loads(d) for d in detail]
