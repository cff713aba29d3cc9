"""The dashboard's roll-up over a kept layout gives the figures of the plain statement of the
counting rule (``count_by_rule`` and ``figures_of``: every union's chain walked in every
piece), on trees whose unions moved, whose upper-level unions ended, with quotas anywhere."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.models import UnitKind
from desktop.services.campaigns.progress_tree import (
    Counts,
    Layout,
    Tree,
    ended_in_chains,
    figures_of,
    spans_of,
)
from desktop.services.units.dated import ALWAYS, DatedTree, UnitAt

START, CHANGE, LATER, DAY = (
    dt.date(2024, 1, 1),
    dt.date(2025, 7, 1),
    dt.date(2026, 1, 1),
    dt.date(2026, 6, 30),
)
UPPERS = (2, 3, 4, 5)
UNIONS = tuple(range(10, 22))


@st.composite
def stores(draw):
    """A province (1) with upper-level unions (one of them held by another) and grassroots
    unions; some unions move on a change day, some units end; counts in each piece."""
    units = {1: UnitAt(1, "P", "Tỉnh", None, UnitKind.PROVINCE, None, "p", None, None)}
    parents: dict[int, list[tuple[dt.date, object]]] = {}
    for u in UPPERS:
        ended = draw(st.sampled_from([None, CHANGE, LATER]))
        parent = 2 if u == 5 else 1
        units[u] = UnitAt(
            u, f"U{u}", f"Huyện {u}", None, UnitKind.DISTRICT, parent, f"u{u}", None, ended
        )
    for g in UNIONS:
        first = draw(st.sampled_from(UPPERS))
        moves = draw(
            st.lists(
                st.tuples(st.sampled_from([CHANGE, LATER]), st.sampled_from(UPPERS)), max_size=2
            )
        )
        line: list[tuple[dt.date, object]] = [(ALWAYS, first)]
        for on, to in sorted(moves):
            line.append((on, to))
        ended = draw(st.sampled_from([None, None, LATER]))
        units[g] = UnitAt(
            g,
            f"G{g}",
            f"CĐCS {g}",
            None,
            UnitKind.GRASSROOTS,
            int(line[-1][1]),
            f"g{g}",
            None,
            ended,
        )
        if len(line) > 1:
            parents[g] = line
    dated = DatedTree(
        units,
        parents,
        {u: [(ALWAYS, units[u].name)] for u in parents},
        {u: [(ALWAYS, units[u].kind.value)] for u in parents},
    )
    spans = spans_of(dated, START, DAY)
    pieces = [
        draw(
            st.lists(
                st.tuples(
                    st.sampled_from((*UNIONS, *UPPERS)), st.integers(1, 4), st.integers(0, 4)
                ),
                unique_by=lambda r: r[0],
                max_size=10,
            )
        )
        for _ in spans
    ]
    pieces = [[(g, n, min(r, n)) for g, n, r in rows] for rows in pieces]
    quotas = draw(
        st.dictionaries(st.sampled_from((*UNIONS, *UPPERS)), st.integers(1, 50), max_size=4)
    )
    minimum = draw(st.integers(1, 3))
    return dated, spans, pieces, quotas, minimum


def plain_figures(dated, spans, pieces, quotas, minimum):
    """``count_by_rule`` without the database: each row counted for its union's chain then."""
    counts = Counts()
    for (_lo, _hi, _first, on), rows in zip(spans, pieces, strict=True):
        for g, n, r in rows:
            chain = dated.chain_on(g, on)
            for u in chain:
                counts.all[u] = counts.all.get(u, 0) + n
                counts.recognised[u] = counts.recognised.get(u, 0) + r
                counts.by_pair[(g, u)] = counts.by_pair.get((g, u), 0) + n
    tree = Tree.below(dated, 1, DAY, keep={*counts.all, *quotas})
    return tree, figures_of(dated, tree, 1, counts, quotas, minimum)


@settings(max_examples=300, deadline=None)
@given(stores())
def test_the_kept_layout_rolls_up_as_every_chain_walked(case) -> None:
    dated, spans, pieces, quotas, minimum = case
    tree, expected = plain_figures(dated, spans, pieces, quotas, minimum)
    # What the report's service does: the ended units kept, the layout, its figures.
    keep = {u for u in quotas if not dated.exists_on(u, DAY)}
    for rows, chains in zip(pieces, ended_in_chains(dated, spans, DAY), strict=True):
        for g, *_n in rows:
            keep.update(chains.get(g, ()))
    layout = Layout(dated, 1, DAY, frozenset(keep), spans)
    counts, recognised, active, quota = layout.figures(pieces, quotas, minimum)
    assert [u.id for u in layout.units] == [1, *(u.id for u, _d in tree.order)]
    got = {
        u.id: (counts[i], recognised[i], active[i], layout.held[i], quota[i])
        for i, u in enumerate(layout.units)
    }
    assert got == {u: expected[u] for u in got}
    assert set(got) == set(expected)
