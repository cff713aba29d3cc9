"""The list's table model read as a person scrolls it: every row shows the initiative the
list's order puts there, whether the rows come page by page, upwards, or by a jump."""

from __future__ import annotations

import pytest

from desktop.services.initiatives.listing import ListQuery, SortKey
from desktop.views.initiatives.table_model import ID_ROLE, InitiativeTableModel


def shown_id(model, row):
    return model.data(model.index(row, 0), ID_ROLE)


@pytest.mark.parametrize(
    ("sort", "descending"),
    [
        (SortKey.TITLE, False),
        (SortKey.TITLE, True),
        (SortKey.CREATED, False),
        (SortKey.AUTHORS, True),
        (SortKey.APPLIED_ON, False),
        (SortKey.BENEFIT, True),  # blanks go last whichever way: a run of their own
        (SortKey.STATUS, True),  # one run per status, the last status first
        (SortKey.UNIT, False),  # paged by offset
    ],
)
def test_every_way_of_scrolling_shows_the_rows_of_the_order(demo_services, sort, descending):
    ini = demo_services.initiatives
    campaign = demo_services.campaigns.by_code("01TRIEU-2022")
    q = ListQuery(campaign_id=campaign.id, sort=sort, descending=descending)
    expected = ini.ids(q)
    assert len(expected) > 40
    size = 7

    def fresh():
        m = InitiativeTableModel(ini, page_size=size)
        m.set_query(q)
        return m

    down = fresh()  # page after page, as the wheel scrolls
    assert [shown_id(down, r) for r in range(down.rowCount())] == expected
    up = fresh()  # End, then upwards
    last = up.rowCount() - 1
    assert [shown_id(up, r) for r in range(last, -1, -1)] == expected[::-1]
    jumps = fresh()  # the scrollbar dragged here and there
    for r in (last, len(expected) // 2, 3 * size + 2, last - size - 1, 2 * size, 1, last - 2):
        assert shown_id(jumps, r) == expected[r], r


def test_scrolling_down_reads_each_page_after_the_one_above(demo_services):
    """Page by page, no page skips over rows already read: the next page starts at the last
    key of the one above, so a deep page costs what the first one does."""
    ini = demo_services.initiatives
    campaign = demo_services.campaigns.by_code("01TRIEU-2022")
    m = InitiativeTableModel(ini, page_size=5)
    m.set_query(ListQuery(campaign_id=campaign.id))
    asked = []
    original = ini.slice_from
    ini.slice_from = lambda q, key, skip, *a: (
        asked.append((key, skip)) or original(q, key, skip, *a)
    )
    for r in range(m.rowCount()):
        shown_id(m, r)
    assert asked and all(key is not None and skip == 0 for key, skip in asked)
