"""What the next bundle carries, as the export screen says it: initiatives new to the
recipient, changed since it acknowledged them, and deleted."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import Initiative
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.sync_fixtures import add_initiative, copy_offices


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()


def acknowledged_round(p: Services, d: Services, tmp: Path, n: int) -> None:
    """The district sends, the province imports and answers, the district imports the answer
    (which carries the province's acknowledgement)."""
    p.bundles.import_(d.bundles.export("LC", tmp / f"d{n}.ssk").path)
    d.bundles.import_(p.bundles.export("LC-TD", tmp / f"p{n}.ssk").path)


def live_ids(d: Services) -> list[int]:
    with d.store.session_factory() as s:
        return list(
            s.scalars(
                select(Initiative.id).where(Initiative.deleted_at.is_(None)).order_by(Initiative.id)
            )
        )


def split(counts: dict[str, int]) -> tuple[int, int, int]:
    return counts["new"], counts["changed"], counts["deleted"]


def test_new_changed_and_deleted_since_the_last_acknowledged_bundle(offices):
    p, d, tmp = offices
    first = d.bundles.plan("LC")
    assert split(first.counts) == (20, 0, 0)  # the province has acknowledged nothing yet
    acknowledged_round(p, d, tmp, 1)
    assert split(d.bundles.plan("LC").counts) == (0, 0, 0)

    edited, deleted = live_ids(d)[:2]
    add_initiative(d, "LC-TD-01", "Giàn phơi chè bằng tre")
    add_initiative(d, "LC-TD-02", "Bếp sấy thảo quả tiết kiệm củi")
    detail = d.initiatives.get(edited)
    d.initiatives.update(edited, replace(detail.data, title=detail.data.title + " (cải tiến)"))
    d.initiatives.delete(deleted)

    plan = d.bundles.plan("LC")
    assert split(plan.counts) == (2, 1, 1)
    assert plan.counts["initiatives"] == 3  # all live ones the bundle carries

    # Sent but not yet acknowledged: the two are still new to the province.
    sent = d.bundles.export("LC", tmp / "d2.ssk")
    assert split(sent.counts) == (2, 1, 1)
    assert "2 sáng kiến mới, 1 sáng kiến đã sửa, 1 sáng kiến đã xoá" in (
        d.sync_history.list()[0].reason or ""
    )
    assert split(d.bundles.plan("LC").counts) == (2, 1, 1)

    # Once the province acknowledges that bundle, editing one of the two makes it "changed".
    p.bundles.import_(sent.path)
    d.bundles.import_(p.bundles.export("LC-TD", tmp / "p2.ssk").path)
    assert split(d.bundles.plan("LC").counts) == (0, 0, 0)
    newest = live_ids(d)[-1]
    detail = d.initiatives.get(newest)
    d.initiatives.update(newest, replace(detail.data, description="Mô tả đã bổ sung."))
    add_initiative(d, "LC-TD-03", "Máy tẽ ngô đạp chân")
    assert split(d.bundles.plan("LC").counts) == (1, 1, 0)


def test_a_full_resend_counts_what_the_recipient_already_has_as_changed(offices):
    p, d, tmp = offices
    acknowledged_round(p, d, tmp, 1)
    add_initiative(d, "LC-TD-01", "Giàn phơi chè bằng tre")
    assert split(d.bundles.plan("LC", full=True).counts) == (1, 20, 0)
