"""The list read by key in every order it sorts by key: page after page down, up from the end,
and by jumps, every live initiative comes exactly once and in the order of the whole list,
ties broken by the id, blanks last, deleted initiatives absent."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from desktop.models import Campaign, DatePrecision, Initiative, InitiativeStatus, Period
from desktop.services.campaigns.windows import counts_in
from desktop.services.initiatives.listing import RUNS, ListQuery, SortKey
from desktop.services.initiatives.service import AuthorInput
from desktop.text.normalise import fold
from support.initiative_fixtures import build_world, entry

STATUSES = list(InitiativeStatus)


@pytest.fixture
def many(services, store):
    """31 initiatives with ties in every column, blanks, and five in the bin."""
    w = build_world(services)
    ini = services.initiatives
    made = []
    for i in range(36):
        authors = (AuthorInput(("Lê Văn Bình", "Hà Thị Mai")[i % 2]),)
        made.append(
            ini.create(
                entry(
                    w,
                    ("Tiết kiệm điện", "Cải tiến quy trình", "Ứng dụng phần mềm")[i % 3],
                    authors=authors,
                    applied_on=None if i % 5 == 1 else dt.date(2022, 1 + i % 4, 10),
                    benefit_vnd=None if i % 4 == 2 else (i % 3) * 1_000_000,
                )
            ).id
        )
    # Rows without an author's key (as a collective's entry may come from an old list), and
    # every status (as the province's decisions set them).
    with store.engine.begin() as conn:
        for i, ini_id in enumerate(made):
            status = STATUSES[i % len(STATUSES)] if i % 6 else STATUSES[0]
            conn.execute(update(Initiative).where(Initiative.id == ini_id).values(status=status))
        conn.execute(update(Initiative).where(Initiative.id.in_(made[3::7])).values(authors_key=""))
    deleted = made[4::7]
    ini.delete_many(deleted)
    return w, made, deleted


def read_down(ini, q, size):
    rows, key = [], None
    while True:
        page = ini.slice_from(q, key, 0, size)
        if not page.rows:
            return rows
        rows += [r.id for r in page.rows]
        key = page.last


def read_up(ini, q, size):
    rows, key = [], None
    while True:
        page = ini.slice_from(q, key, 0, size, backward=True)
        if not page.rows:
            return rows
        rows = [r.id for r in page.rows] + rows
        key = page.first


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", list(RUNS))
def test_every_keyed_order_pages_each_row_once(services, many, sort, descending):
    _w, made, deleted = many
    ini = services.initiatives
    q = ListQuery(campaign_id=_w.campaign.id, sort=sort, descending=descending)
    whole = ini.ids(q)
    assert sorted(whole) == sorted(set(made) - set(deleted))
    for size in (1, 4, 7):
        assert read_down(ini, q, size) == whole
        assert read_up(ini, q, size) == whole
    # Jumps: from the top, from the end, and on from a page already read.
    for skip in range(len(whole) + 2):
        assert [r.id for r in ini.slice_from(q, None, skip, 3).rows] == whole[skip : skip + 3]
        end = [r.id for r in ini.slice_from(q, None, skip, 3, backward=True).rows]
        assert end == whole[max(0, len(whole) - skip - 3) : max(0, len(whole) - skip)]
    top = ini.slice_from(q, None, 5, 4)
    for skip in range(len(whole)):
        on = ini.slice_from(q, top.last, skip, 4)
        assert [r.id for r in on.rows] == whole[9 + skip : 13 + skip]
    # A list of some units (their ids bound as a list: read through the session).
    uq = ListQuery(
        campaign_id=_w.campaign.id,
        unit_ids=frozenset({_w.school.id}),
        sort=sort,
        descending=descending,
    )
    assert read_down(ini, uq, 4) == read_up(ini, uq, 5) == ini.ids(uq) == whole
    # The first page of a search carries keys the next pages go on from.
    sq = ListQuery(campaign_id=_w.campaign.id, search="tiet kiem", sort=sort, descending=descending)
    found = ini.ids(sq)
    first = ini.page(sq, 0, 3)
    rest = [r.id for r in ini.slice_from(sq, first.last, 0, 100).rows]
    assert [r.id for r in first.rows] + rest == found and len(found) > 3


def test_ties_go_by_id_and_blanks_last(services, many):
    w, made, deleted = many
    ini = services.initiatives
    live = ini.rows([i for i in made if i not in deleted])

    def order(sort, descending=False):
        return ini.ids(ListQuery(campaign_id=w.campaign.id, sort=sort, descending=descending))

    rank = {st: i for i, st in enumerate(STATUSES)}
    assert order(SortKey.STATUS) == [
        d.id for d in sorted(live, key=lambda d: (rank[d.status], d.id))
    ]
    assert order(SortKey.STATUS, True) == [
        d.id for d in sorted(live, key=lambda d: (rank[d.status], d.id), reverse=True)
    ]
    valued = [d for d in live if d.benefit_vnd is not None]
    blank = [d for d in live if d.benefit_vnd is None]
    assert blank and valued
    assert order(SortKey.BENEFIT) == [
        *(d.id for d in sorted(valued, key=lambda d: (d.benefit_vnd, d.id))),
        *sorted(d.id for d in blank),
    ]
    assert order(SortKey.BENEFIT, True) == [
        *(d.id for d in sorted(valued, key=lambda d: (d.benefit_vnd, d.id), reverse=True)),
        *sorted((d.id for d in blank), reverse=True),
    ]
    keyed = {d.id for d in live if d.id not in made[3::7]}
    assert order(SortKey.AUTHORS)[-len(live) + len(keyed) :] == sorted(
        set(i for i in made[3::7]) - set(deleted)
    )
    dated = [d for d in live if d.applied_on is not None]
    undated = [d for d in live if d.applied_on is None]
    assert undated and dated
    assert order(SortKey.APPLIED_ON, True) == [
        *(d.id for d in sorted(dated, key=lambda d: (d.applied_on, d.id), reverse=True)),
        *sorted((d.id for d in undated), reverse=True),
    ]


def test_a_jump_follows_a_delete_and_an_undo(services, many):
    """A jump passes whole runs by their size, kept while nothing is written: a deleted row
    or one back from the bin moves the rows after it."""
    w, _made, deleted = many
    ini = services.initiatives
    q = ListQuery(campaign_id=w.campaign.id, sort=SortKey.STATUS, descending=True)

    def jumped():
        return [r.id for r in ini.slice_from(q, None, 20, 100).rows]

    assert jumped() == ini.ids(q)[20:]
    ini.delete(ini.ids(q)[2])
    assert jumped() == ini.ids(q)[20:]
    ini.restore(deleted[0])
    assert jumped() == ini.ids(q)[20:]


@pytest.mark.parametrize(("slack", "many_hits"), [(1000, 50), (0, 50), (0, 10**9)])
@pytest.mark.parametrize("sort", list(RUNS))
def test_a_search_walked_or_collected_lists_the_same_rows(services, many, sort, slack, many_hits):
    """A search that holds many rows walks the order's index and tests each row; one that
    holds few collects its hits and sorts them; a walk whose window ends before the page is
    full (hits gathered further on in the order: with no slack, most windows) collects them
    after all, by the order's index asked of each row whether it is a hit when they are
    many (``many_hits``: here every search's, or none's). Either way: the rows a person
    would pick out by eye (every word in the folded title or authors), in the list's
    order, each once, and their count."""
    w, _made, _deleted = many
    ini = services.initiatives
    ini.walk_slack = slack
    ini.many_hits = many_hits
    walked = 0
    for descending in (False, True):
        whole = ini.ids(ListQuery(campaign_id=w.campaign.id, sort=sort, descending=descending))
        texts = {r.id: fold(f"{r.title} | {r.authors_text}") for r in ini.rows(whole)}
        for search in (
            *("tiet kiem", "kiem dien", "thi mai", "van", "ung dung phan", "quy t"),
            *("le", "i", "ti ki", "zz"),  # short words only: no trigram, walked all the same
        ):
            words = fold(search).split()
            expected = [i for i in whole if all(word in texts[i] for word in words)]
            sq = replace_search(w, search, sort, descending)
            walked += ini._walk_window(sq, 3) > 0
            first = ini.page(sq, 0, 3)
            assert first.total == len(expected) == ini.count(sq), search
            assert [r.id for r in first.rows] == expected[:3], search
            rest = [r.id for r in ini.slice_from(sq, first.last, 0, 100).rows]
            assert [r.id for r in first.rows] + rest == expected, search
            assert read_down(ini, sq, 2) == expected == read_up(ini, sq, 3), search
            for skip in range(len(expected) + 1):
                down = [r.id for r in ini.slice_from(sq, None, skip, 2).rows]
                assert down == expected[skip : skip + 2], (search, skip)
                up = [r.id for r in ini.slice_from(sq, None, skip, 2, backward=True).rows]
                assert up == expected[max(0, len(expected) - skip - 2) : len(expected) - skip]
    # The walk was taken (SQLite's trigram index; PostgreSQL), not only the hits sorted.
    assert walked or not (ini._fts or ini._engine.dialect.name == "postgresql")


def test_a_search_of_short_words_counts_its_campaigns_live_rows_only(services, store, many):
    """A search of one- or two-letter words (which the trigram index cannot find): its count
    and rows are the campaign's live initiatives holding every word, not those of the bin or
    of another campaign, and its first page is read by a walk of the list's order."""
    w, made, deleted = many
    ini = services.initiatives
    # Another campaign's initiatives holding the same words (the province's, as a bundle
    # brings them): two live ones moved there, the store's trigger keeping the search table.
    with store.session_factory.begin() as s:
        other = Campaign(code="DKST", name="Đoàn kết sáng tạo")
        s.add(other)
        s.flush()
        live = [i for i in made if i not in deleted]
        s.execute(
            update(Initiative).where(Initiative.id.in_(live[:2])).values(campaign_id=other.id)
        )
        other_id = other.id
    moved = {r.id: fold(f"{r.title} | {r.authors_text}") for r in ini.rows(live[:2])}
    whole = ini.ids(ListQuery(campaign_id=w.campaign.id))
    texts = {r.id: fold(f"{r.title} | {r.authors_text}") for r in ini.rows(whole)}
    binned = {r.id: fold(f"{r.title} | {r.authors_text}") for r in ini.rows(deleted)}
    for search in ("le", "e", "ti ki", "l"):
        words = fold(search).split()
        expected = [i for i in whole if all(word in texts[i] for word in words)]
        assert any(all(word in t for word in words) for t in binned.values()), search
        theirs = [i for i, t in moved.items() if all(word in t for word in words)]
        assert theirs, search
        assert ini.count(ListQuery(campaign_id=other_id, search=search)) == len(theirs), search
        sq = ListQuery(campaign_id=w.campaign.id, search=search)
        assert ini.count(sq) == len(expected), search
        first = ini.page(sq, 0, 3)
        assert (first.total, [r.id for r in first.rows]) == (len(expected), expected[:3]), search
        if ini._fts or ini._engine.dialect.name == "postgresql":
            assert ini._walk_window(sq, 3) > 0, search


def replace_search(w, search, sort, descending):
    return ListQuery(campaign_id=w.campaign.id, search=search, sort=sort, descending=descending)


@pytest.mark.parametrize("slack", [1000, 0])
@pytest.mark.parametrize("sort", list(RUNS))
def test_a_period_walked_or_collected_lists_its_rows(services, store, many, sort, slack):
    """A period's list, with a search or not: its rows by the counting rule (a month or a
    quarter reaching into the period counts in it), in the list's order, each once, and
    their count; whether its page walks the order's index testing each row's dates
    (SQLite, a period holding many rows) or lets the database find the period's rows."""
    w, made, deleted = many
    ini = services.initiatives
    ini.walk_slack = slack
    live = [i for i in made if i not in deleted]
    # A third of the live rows applied after the first period; two of them as a month and a
    # quarter that reach back into it (they count there), one a month that does not.
    later = live[::3]
    with store.engine.begin() as conn:
        conn.execute(
            update(Initiative)
            .where(Initiative.id.in_(later))
            .values(applied_on=dt.date(2022, 7, 10), applied_precision=None)
        )
        for ini_id, day, precision in (
            (later[0], dt.date(2022, 5, 1), DatePrecision.MONTH),
            (later[1], dt.date(2022, 4, 1), DatePrecision.QUARTER),
            (later[2], dt.date(2022, 6, 1), DatePrecision.MONTH),
        ):
            conn.execute(
                update(Initiative)
                .where(Initiative.id == ini_id)
                .values(applied_on=day, applied_precision=precision)
            )
    period = w.campaign.periods[0]
    walked = 0
    for descending in (False, True):
        whole = ini.ids(ListQuery(campaign_id=w.campaign.id, sort=sort, descending=descending))
        by_id = {r.id: r for r in ini.rows(whole)}
        for search in ("", "tiet kiem", "le"):
            words = fold(search).split()
            expected = [
                i
                for i in whole
                if counts_in(
                    by_id[i].applied_on,
                    period.count_from,
                    period.count_to,
                    by_id[i].applied_precision,
                )
                and all(
                    word in fold(f"{by_id[i].title} | {by_id[i].authors_text}") for word in words
                )
            ]
            pq = ListQuery(
                campaign_id=w.campaign.id,
                period_id=period.id,
                search=search,
                sort=sort,
                descending=descending,
            )
            walked += ini._walk_window(pq, 3) > 0
            first = ini.page(pq, 0, 3)
            assert first.total == len(expected) == ini.count(pq), search
            assert [r.id for r in first.rows] == expected[:3], search
            assert read_down(ini, pq, 2) == expected == read_up(ini, pq, 3), search
            for skip in range(len(expected) + 1):
                down = [r.id for r in ini.slice_from(pq, None, skip, 2).rows]
                assert down == expected[skip : skip + 2], (search, skip)
    plain = ini.ids(ListQuery(campaign_id=w.campaign.id, period_id=period.id))
    assert later[0] in plain and later[1] in plain and later[2] not in plain  # reaching back
    assert later[3] not in plain
    assert walked or not ini._fts  # SQLite walks the period's list
    # The period's dates changed (as the province's bundle brings an edited plan): the list
    # and its count follow at once, whatever it kept.
    with store.engine.begin() as conn:
        conn.execute(
            update(Period).where(Period.id == period.id).values(count_to=dt.date(2022, 2, 28))
        )
    shorter = [
        i
        for i in ini.ids(ListQuery(campaign_id=w.campaign.id))
        if counts_in(
            by_id[i].applied_on, period.count_from, dt.date(2022, 2, 28), by_id[i].applied_precision
        )
    ]
    pq = ListQuery(campaign_id=w.campaign.id, period_id=period.id)
    assert 0 < len(shorter) < len(plain)
    assert (ini.count(pq), read_down(ini, pq, 2)) == (len(shorter), shorter)


@pytest.mark.parametrize("sort", list(RUNS))
def test_a_status_or_field_walked_or_collected_lists_its_rows(services, many, sort):
    """A status or a field chosen in the list, with a search or not: its live rows holding
    every word, in the list's order, each once, and their count; on SQLite a status or field
    without a search, or with short words only, walks the order's index testing each row."""
    w, _made, _deleted = many
    ini = services.initiatives
    walked = 0
    for descending in (False, True):
        whole = ini.ids(ListQuery(campaign_id=w.campaign.id, sort=sort, descending=descending))
        by_id = {r.id: r for r in ini.rows(whole)}
        for status, field_id in (
            (STATUSES[0], None),
            (STATUSES[2], None),
            (None, w.campaign.fields[0].id),
        ):
            for search in ("", "le", "i", "tiet kiem"):
                words = fold(search).split()
                row_field = {r.id: r.field_name for r in by_id.values()}
                expected = [
                    i
                    for i in whole
                    if (status is None or by_id[i].status == status)
                    and (field_id is None or row_field[i] == w.campaign.fields[0].name)
                    and all(
                        word in fold(f"{by_id[i].title} | {by_id[i].authors_text}")
                        for word in words
                    )
                ]
                fq = ListQuery(
                    campaign_id=w.campaign.id,
                    status=status,
                    field_id=field_id,
                    search=search,
                    sort=sort,
                    descending=descending,
                )
                walked += ini._walk_window(fq, 3) > 0
                first = ini.page(fq, 0, 3)
                assert first.total == len(expected) == ini.count(fq), (status, search)
                assert [r.id for r in first.rows] == expected[:3], (status, search)
                assert read_down(ini, fq, 2) == expected == read_up(ini, fq, 3), (status, search)
    assert walked or not ini._fts
