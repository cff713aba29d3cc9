"""The dashboard's kept counts: after any writes, by anyone, a refresh shows what a full count
shows.

The progress service keeps each campaign's counts between refreshes and brings them up to date
from the store's log of counted changes (triggers on ``initiative``, migration 0024). Random
sequences of writes — new initiatives (one by one and in a bulk insert, as the Excel import
does), edits of status, union, date, precision and campaign, deletions and their undo, hard
deletes — by this program's engine and by a second engine on the same store (another computer
on PostgreSQL, another process on SQLite) must leave every refresh of the kept service equal to
a new service's report, which counts everything afresh. The log is cut small here, so that
refreshes also meet a log cut past their counts and more rows than they would read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select, update

from desktop.models import DatePrecision, Initiative, InitiativeStatus, Sector, UnitKind
from desktop.models.db import create_store_engine
from desktop.services.campaigns import progress_live
from desktop.services.campaigns.progress import ProgressService
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.initiatives.service import AuthorInput, InitiativeInput

AS_OF = dt.date(2026, 12, 1)
REORGANISED = dt.date(2025, 7, 1)
POOL = 10  # initiatives the writes pick from
DAYS = [
    None,
    dt.date(2021, 7, 1),  # a quarter, a year reaching into the old campaign's window
    dt.date(2021, 9, 1),
    dt.date(2022, 3, 15),
    dt.date(2023, 9, 30),
    dt.date(2023, 10, 1),
    dt.date(2025, 1, 1),
    dt.date(2025, 6, 30),
    dt.date(2025, 7, 1),  # the day the tree changed: the running campaign's second piece
    dt.date(2025, 10, 1),
]
STATUSES = list(InitiativeStatus)
PRECISIONS = [None, *DatePrecision]


class World:
    def __init__(self, services) -> None:
        u = services.units
        self.services = services
        province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
        district = u.create(
            "LC-TD", "Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT, province.id
        )
        other = u.create("LC-SH", "Liên đoàn Lao động huyện Sìn Hồ", UnitKind.DISTRICT, province.id)
        school = u.create(
            "LC-TD-01", "Công đoàn cơ sở Trường Bản Bo", UnitKind.GRASSROOTS, district.id
        )
        clinic = u.create("LC-TD-02", "Công đoàn cơ sở Trạm Y tế", UnitKind.GRASSROOTS, district.id)
        mine = u.create("LC-SH-01", "Công đoàn cơ sở Thủy điện", UnitKind.GRASSROOTS, other.id)
        farm = u.create("LC-SH-02", "Công đoàn cơ sở Nông trường", UnitKind.GRASSROOTS, other.id)
        ward = u.create(
            "LC-P-TP",
            "Công đoàn phường Tân Phong",
            UnitKind.WARD,
            province.id,
            valid_from=REORGANISED,
        )
        c = services.campaigns
        self.old = c.create(
            CampaignInput(
                code="01TRIEU-2022",
                name="01 triệu sáng kiến",
                periods=(
                    PeriodInput("Giai đoạn 1", dt.date(2021, 9, 1), dt.date(2022, 5, 31)),
                    PeriodInput("Giai đoạn 2", dt.date(2022, 6, 1), dt.date(2023, 9, 30)),
                ),
                fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
            )
        )
        self.running = c.create(
            CampaignInput(
                code="DKST-2025",
                name="Đoàn kết sáng tạo 2025",
                periods=(PeriodInput("Năm 2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),),
                fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
                min_per_grassroots=2,
            )
        )
        c.set_quota(self.old.id, district.id, None, 10)
        c.set_quota(self.running.id, ward.id, None, 4)
        self.units = [school.id, clinic.id, mine.id, farm.id, district.id]
        self.campaigns = [self.old.id, self.running.id]
        self.ids = []
        for i in range(POOL):
            row = services.initiatives.create(
                InitiativeInput(
                    campaign_id=self.campaigns[i % 2],
                    unit_id=self.units[i % 4],
                    title=f"Sáng kiến số {i}",
                    authors=(AuthorInput("Nguyễn Văn An"),),
                    field_id=(self.old if i % 2 == 0 else self.running).fields[0].id,
                    sector=Sector.ADMINISTRATIVE,
                    applied_on=DAYS[2 + i % 8],
                )
            )
            self.ids.append(row.id)
        u.move(school.id, ward.id, REORGANISED)  # the running campaign: two pieces, a moved union
        u.move(clinic.id, other.id, REORGANISED)
        self.province = province.id
        self.gone: dict[int, dict] = {}  # hard-deleted rows, to insert again
        self.second = create_store_engine(services.store.url)

    def reports(self, service: ProgressService):
        out = []
        for campaign, period in (
            (self.old.id, None),
            (self.old.id, self.old.periods[0].id),
            (self.running.id, None),
        ):
            r = service.report(campaign, period, self.province, as_of=AS_OF)
            out.append((r.total, r.rows, r.timeline))
        return out


@pytest.fixture
def world(store, monkeypatch):
    from desktop.services.registry import Services

    monkeypatch.setattr(progress_live, "CATCH_UP", 12)
    monkeypatch.setattr(progress_live, "COMPACT_AT", 30)
    monkeypatch.setattr(progress_live, "KEEP", 6)
    w = World(Services.over(store))
    yield w
    w.second.dispose()


WRITE = st.tuples(
    st.sampled_from(
        ["status", "unit", "date", "precision", "campaign", "soft", "undo", "hard", "insert"]
    ),
    st.integers(0, POOL - 1),
    st.integers(0, 99),
    st.booleans(),  # by the second engine
)


def _write(w: World, kind: str, i: int, value: int, second: bool) -> None:
    engine = w.second if second else w.services.store.engine
    ident = w.ids[i]
    t: Any = Initiative.__table__
    with engine.begin() as conn:
        if kind == "insert":  # the hard-deleted ones back, in one bulk insert
            if w.gone:
                rows = list(w.gone.values())
                for r in rows:
                    r["status"] = STATUSES[value % len(STATUSES)]
                conn.execute(insert(t), rows)
                w.gone.clear()
            return
        if ident in w.gone:
            return
        if kind == "hard":
            row = conn.execute(select(t).where(t.c.id == ident)).mappings().one()
            w.gone[ident] = dict(row)
            conn.execute(delete(t).where(t.c.id == ident))
            return
        values: dict[str, object] = {
            "status": {"status": STATUSES[value % len(STATUSES)]},
            "unit": {"unit_id": w.units[value % len(w.units)]},
            "date": {"applied_on": DAYS[value % len(DAYS)]},
            "precision": {"applied_precision": PRECISIONS[value % len(PRECISIONS)]},
            "campaign": {"campaign_id": w.campaigns[value % 2]},
            "soft": {"deleted_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
            "undo": {"deleted_at": None},
        }[kind]
        conn.execute(update(t).where(t.c.id == ident).values(**values))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=st.lists(st.lists(WRITE, max_size=8), min_size=1, max_size=4))
def test_every_refresh_shows_what_a_full_count_shows(world, batches):
    kept = world.services.progress
    kept_before = world.reports(kept)
    assert kept_before == world.reports(ProgressService(world.services.store.session_factory))
    for batch in batches:
        for write in batch:
            _write(world, *write)
        fresh = ProgressService(world.services.store.session_factory)
        assert world.reports(kept) == world.reports(fresh)


def test_an_edit_in_the_window_shows_on_the_next_refresh(world):
    """What a user sees: an initiative entered and one deleted, each in the next refresh."""
    kept = world.services.progress
    before = kept.report(world.old.id, None, world.province, as_of=AS_OF).total
    _write(world, "undo", 0, 0, False)
    t: Any = Initiative.__table__
    with world.second.begin() as conn:  # another computer deletes one of the old campaign's
        conn.execute(
            update(t)
            .where(t.c.id == world.ids[2])
            .values(deleted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        )
    after = kept.report(world.old.id, None, world.province, as_of=AS_OF).total
    assert after.count == before.count - 1
    _write(world, "undo", 2, 0, True)
    again = kept.report(world.old.id, None, world.province, as_of=AS_OF).total
    assert again.count == before.count


_WRITER = """
import datetime as dt, sys
from sqlalchemy import update
from desktop.models import Initiative, InitiativeStatus
from desktop.models.db import create_store_engine
engine = create_store_engine(sys.argv[1])
ids = [int(x) for x in sys.argv[2].split(",")]
statuses = list(InitiativeStatus)
t = Initiative.__table__
for k in range(80):
    with engine.begin() as conn:
        for j, ident in enumerate(ids[: 1 + k % 4]):
            conn.execute(
                update(t).where(t.c.id == ident).values(
                    status=statuses[(k + j) % len(statuses)],
                    applied_on=dt.date(2022, 1, 1) + dt.timedelta(days=(k * 37 + j) % 900),
                    deleted_at=None if (k + j) % 5 else dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                )
            )
engine.dispose()
"""


def test_another_process_writing_meanwhile(world):
    """Another process (another computer, on PostgreSQL) writes while this one refreshes: once
    it is done, the next refresh shows what a full count shows."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    kept = world.services.progress
    world.reports(kept)
    ids = ",".join(str(i) for i in world.ids)
    env = {**os.environ, "PYTHONPATH": str(root)}
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, world.services.store.url, ids], cwd=root, env=env
    )
    refreshes = 0
    while writer.poll() is None or refreshes == 0:
        world.reports(kept)
        refreshes += 1
    assert writer.wait() == 0
    fresh = ProgressService(world.services.store.session_factory)
    assert world.reports(kept) == world.reports(fresh)
