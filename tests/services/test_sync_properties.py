"""Property tests (Hypothesis, stateful): two districts and the province edit, decide,
reorganise (the province moves grassroots unions between the districts and a commune union
without an office, merges that union into a new one or dissolves it, on dated days) and
exchange bundles that are delivered in any order, duplicated or lost. After every import no
office has changed a field it does not own; once everything is delivered, all agree."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from desktop.models import (
    Campaign,
    Initiative,
    InitiativeStatus,
    SyncStamp,
    Unit,
    UnitEvent,
    UnitEventKind,
    UnitKind,
)
from desktop.services.registry import Services
from desktop.services.rules.ownership import DISTRICT_STATUSES, NotOwner
from desktop.services.store.backup import restore_sqlite
from desktop.services.store.opening import open_store
from desktop.services.sync.payload import load_contents
from support.sync_fixtures import add_initiative, build_offices, table_hashes

DISTRICTS = ("LC-TD", "LC-SH")
OFFICES = ("LC", *DISTRICTS)
_template: dict[str, Path] = {}
_counter = itertools.count()


@pytest.fixture(scope="module", autouse=True)
def template(tmp_path_factory):
    _template.update(build_offices(tmp_path_factory.mktemp("prop"), DISTRICTS))
    _template["_dir"] = tmp_path_factory.mktemp("runs")
    yield


def district_of(services: Services, unit_id: int) -> str | None:
    with services.store.session_factory() as s:
        unit = s.get(Unit, unit_id)
        parent = s.get(Unit, unit.parent_id) if unit and unit.parent_id else None
        return parent.code if parent else None


def contents(services: Services, district: str, status: bool = False) -> dict[str, dict]:
    """Content (or, with ``status``, the status) of the initiatives of ``district``'s units."""
    with services.store.session_factory() as s:
        parent = s.scalar(select(Unit.id).where(Unit.code == district))
        units = select(Unit.id).where(Unit.parent_id == parent)
        ids = list(s.scalars(select(Initiative.id).where(Initiative.unit_id.in_(units))))
        out = {}
        for c in load_contents(s, ids).values():
            for k in ("v", "author_uids", "dossier_uids", "deleted_at", "status_version"):
                c.pop(k)
            c.pop("entered_at", None)  # said only by the office that entered it
            uid, state = c.pop("uid"), c.pop("status")
            out[uid] = state if status else c
        return out


def never_moved(services: Services) -> dict[str, dict]:
    """The content of every initiative of a union that never moved, by uid."""
    with services.store.session_factory() as s:
        moved = select(UnitEvent.unit_id).where(UnitEvent.kind == UnitEventKind.MOVE)
        ids = list(s.scalars(select(Initiative.id).where(Initiative.unit_id.not_in(moved))))
        out = {}
        for c in load_contents(s, ids).values():
            for k in ("v", "author_uids", "dossier_uids", "deleted_at", "status_version"):
                c.pop(k)
            c.pop("entered_at", None)  # said only by the office that entered it
            uid = c.pop("uid")
            c.pop("status")
            out[uid] = c
        return out


def from_districts(services: Services) -> set[str]:
    with services.store.session_factory() as s:
        return set(
            s.scalars(
                select(SyncStamp.uid).where(
                    SyncStamp.entity == "initiative", SyncStamp.grp == "content"
                )
            )
        )


def catalogue(services: Services) -> dict[str, str]:
    with services.store.session_factory() as s:
        return {c.uid: c.name for c in s.scalars(select(Campaign))}


def _diff(a: object, b: object, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return _diff(a.get(k), b.get(k), f"{path}/{k}")
    if isinstance(a, tuple) and isinstance(b, tuple):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return _diff(x, y, f"{path}[{i}]")
    return f"{path}: {a!r} != {b!r}"


class Offices(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        run = Path(_template["_dir"]) / f"run{next(_counter)}"
        run.mkdir()
        self.dir = run
        self.o: dict[str, Services] = {}
        for code in OFFICES:
            shutil.copy(_template[code], run / f"{code}.db")
            self.o[code] = Services.over(open_store(str(run / f"{code}.db")))
        self.own: dict[str, list[str]] = {d: [] for d in DISTRICTS}  # uids each district entered
        self.in_flight: list[tuple[str, str, Path]] = []  # (sender, recipient, file)
        self.delivered: set[Path] = set()
        self.delivered_to: dict[str, list[Path]] = {code: [] for code in OFFICES}
        # Each office's backups: (copy, how many bundles it had taken in when it was made).
        self.backups: dict[str, list[tuple[Path, int]]] = {code: [] for code in OFFICES}
        self.restored: set[str] = set()
        self.n = 0
        # A commune union whose books the province keeps: units move there and back.
        commune = self.o["LC"].units.create(
            "LC-X-BL", "Công đoàn xã Bình Lư", UnitKind.COMMUNE, self._unit_id("LC", "LC")
        )
        self.commune = commune.code

    def _commune_code(self) -> str:
        """The commune union whose books the province keeps; made again when a restore of
        an older backup took the province back to before it was made."""
        if self.o["LC"].units.by_code(self.commune) is None:
            self.n += 1
            made = self.o["LC"].units.create(
                f"LC-X-{self.n}",
                f"Công đoàn xã Bình Lư {self.n}",
                UnitKind.COMMUNE,
                self._unit_id("LC", "LC"),
            )
            self.commune = made.code
        return self.commune

    def _unit_id(self, office: str, code: str) -> int:
        found = self.o[office].units.by_code(code)
        assert found is not None, code
        return found.id

    def teardown(self) -> None:
        for s in self.o.values():
            s.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- work at the offices ------------------------------------------------------------
    @rule(d=st.sampled_from(DISTRICTS), g=st.integers(1, 5))
    def district_enters(self, d: str, g: int) -> None:
        self.n += 1
        try:
            iid = add_initiative(self.o[d], f"{d}-0{g}", f"Sáng kiến số {self.n} của {d}")
        except NotOwner:  # the union moved away, and the district has learnt it
            return
        with self.o[d].store.session_factory() as s:
            row = s.get(Initiative, iid)
            assert row is not None
            self.own[d].append(row.uid)

    def _own_id(self, d: str, pick: int) -> int | None:
        """One of the initiatives ``d`` entered, if its store still holds it (a restore of an
        older backup loses what was entered after it, until a peer sends it back)."""
        if not self.own[d]:
            return None
        uid = self.own[d][pick % len(self.own[d])]
        with self.o[d].store.session_factory() as s:
            return s.scalar(select(Initiative.id).where(Initiative.uid == uid))

    @rule(
        d=st.sampled_from(DISTRICTS),
        pick=st.integers(0, 50),
        what=st.sampled_from(["edit", "delete", "restore"]),
    )
    def district_changes(self, d: str, pick: int, what: str) -> None:
        iid = self._own_id(d, pick)
        if iid is None:
            return
        svc = self.o[d].initiatives
        detail = svc.get(iid)
        if not detail.editable:  # its union moved to another office: read-only here
            with pytest.raises(NotOwner):
                svc.update(iid, detail.data)
            return
        if what == "edit" and detail.deleted_at is None:
            self.n += 1
            svc.update(
                iid,
                replace(
                    detail.data,
                    title=f"{detail.data.title} (sửa {self.n})",
                    benefit_vnd=self.n * 1000,
                ),
            )
        elif what == "delete" and detail.deleted_at is None:
            svc.delete(iid)
        elif what == "restore" and detail.deleted_at is not None:
            svc.restore(iid)

    @rule(d=st.sampled_from(DISTRICTS), pick=st.integers(0, 50))
    def district_moves_a_step(self, d: str, pick: int) -> None:
        """registered ↔ dossier sent: the district's own, until the province sets a status."""
        iid = self._own_id(d, pick)
        if iid is None:
            return
        svc = self.o[d].initiatives
        detail = svc.get(iid)
        with self.o[d].store.session_factory() as s:
            row = s.get(Initiative, iid)
            assert row is not None
            taken_over = row.status_version is not None
        step = (
            InitiativeStatus.DOSSIER_SENT
            if detail.status == InitiativeStatus.REGISTERED
            else InitiativeStatus.REGISTERED
        )
        if detail.deleted_at is not None:
            return
        if taken_over or detail.status not in DISTRICT_STATUSES or not detail.editable:
            with pytest.raises(NotOwner):
                svc.set_status(iid, step)
            assert svc.get(iid).status == detail.status
        else:
            svc.set_status(iid, step)

    @rule(
        pick=st.integers(0, 50),
        status=st.sampled_from(
            [
                InitiativeStatus.RECOGNISED,
                InitiativeStatus.NOT_RECOGNISED,
                InitiativeStatus.UNDER_EVALUATION,
            ]
        ),
    )
    def province_decides(self, pick: int, status: InitiativeStatus) -> None:
        p = self.o["LC"]
        uids = sorted(from_districts(p))
        if not uids:
            return
        with p.store.session_factory() as s:
            iid = s.scalar(select(Initiative.id).where(Initiative.uid == uids[pick % len(uids)]))
        assert iid is not None
        p.initiatives.set_status(iid, status)

    @rule(n=st.integers(1, 99))
    def province_renames_a_campaign(self, n: int) -> None:
        p = self.o["LC"]
        with p.store.session_factory.begin() as s:
            from desktop.services.common import tick

            c = s.scalar(select(Campaign).order_by(Campaign.id))
            assert c is not None
            c.name = f"Chương trình đổi tên lần {n}"
            tick(s, c)

    @rule(pick=st.integers(0, 20), to=st.integers(0, 2), day=st.integers(0, 3))
    def province_moves_a_union(self, pick: int, to: int, day: int) -> None:
        """A reorganisation at the province: a grassroots union to another upper-level union
        (the other district, or the commune union whose books it keeps), from a dated day."""
        p = self.o["LC"]
        homes = [*DISTRICTS, self._commune_code()]
        unions = sorted(
            (u for h in homes for u in p.units.list(parent_id=self._unit_id("LC", h))),
            key=lambda u: u.code,
        )
        if not unions:
            return
        union = unions[pick % len(unions)]
        target = homes[to % len(homes)]
        if union.parent_id == self._unit_id("LC", target):
            target = homes[(to + 1) % len(homes)]
        p.units.move(union.id, self._unit_id("LC", target), dt.date(2025, 7, 1 + day))

    @rule(day=st.integers(0, 3))
    def province_merges_the_commune_union(self, day: int) -> None:
        """The commune union merges into a new one (its unions move with it), or, when it
        holds none, is dissolved and a new one made."""
        p = self.o["LC"]
        old = self._unit_id("LC", self._commune_code())
        self.n += 1
        new = p.units.create(
            f"LC-X-{self.n}",
            f"Công đoàn xã Bình Lư {self.n}",
            UnitKind.COMMUNE,
            self._unit_id("LC", "LC"),
        )
        on = dt.date(2025, 8, 1 + day)
        if p.units.list(parent_id=old):
            p.units.merge([old], new.id, on)
        else:
            p.units.dissolve(old, on)
        self.commune = new.code

    # ---- backups and restores --------------------------------------------------------------
    @rule(d=st.sampled_from(OFFICES))
    def backs_up(self, d: str) -> None:
        copy = self.o[d].backup.make().path
        self.backups[d].append((copy, len(self.delivered_to[d])))

    @precondition(lambda self: any(self.backups.values()))
    @rule(d=st.sampled_from(OFFICES), pick=st.integers(0, 10))
    def restores_an_older_backup(self, d: str, pick: int) -> None:
        """An office's disk is restored from one of its backups (not always the newest): what
        it did after that backup is lost locally; the peers must bring it level again."""
        if not self.backups[d]:
            return
        copy, taken_in = self.backups[d][pick % len(self.backups[d])]
        target = self.o[d].store.sqlite_file
        assert target is not None
        self.o[d].store.close()
        restore_sqlite(copy, target)
        self.o[d] = Services.over(open_store(str(target)))
        # The bundles it took in after that backup are no longer "already imported" there.
        for path in self.delivered_to[d][taken_in:]:
            self.delivered.discard(path)
        del self.delivered_to[d][taken_in:]
        self.restored.add(d)

    # ---- the post ------------------------------------------------------------------------
    @rule(pair=st.sampled_from([("LC", d) for d in DISTRICTS] + [(d, "LC") for d in DISTRICTS]))
    def export(self, pair: tuple[str, str]) -> None:
        sender, recipient = pair
        path = self.dir / f"b{next(_counter)}_{sender}_{recipient}.ssk"
        self.o[sender].bundles.export(recipient, path)
        self.in_flight.append((sender, recipient, path))

    @precondition(lambda self: self.in_flight)
    @rule(pick=st.integers(0, 100))
    def deliver(self, pick: int) -> None:
        """Any bundle, in any order; delivering one twice is allowed (and changes nothing)."""
        sender, recipient, path = self.in_flight[pick % len(self.in_flight)]
        self._deliver(sender, recipient, path)

    @precondition(lambda self: self.in_flight)
    @rule(pick=st.integers(0, 100))
    def lose(self, pick: int) -> None:
        self.in_flight.pop(pick % len(self.in_flight))

    def _deliver(self, sender: str, recipient: str, path: Path) -> None:
        r = self.o[recipient]
        before_hash = table_hashes(r.store)
        not_mine = self._not_owned(recipient, sender)
        report = r.bundles.import_(path)
        if path in self.delivered:
            assert report.already_imported
            assert table_hashes(r.store) == before_hash
        if path not in self.delivered:
            self.delivered_to[recipient].append(path)
        self.delivered.add(path)
        assert report.totals.get("rejected", 0) == 0
        after = self._not_owned(recipient, sender)
        if sender != "LC":  # new initiatives arrive with their first status; old ones keep it
            after = ({u: v for u, v in after[0].items() if u in not_mine[0]}, *after[1:])
        else:  # a union moved by this bundle is no longer compared (checked at the end)
            both = set(after) & set(not_mine)
            after = {u: after[u] for u in both}
            not_mine = {u: not_mine[u] for u in both}
        assert after == not_mine, f"a field changed by a non-owner: {_diff(after, not_mine)}"

    def _not_owned(self, office: str, sender: str) -> Any:  # a dict, or a tuple of three
        """What ``sender`` must never change at ``office``."""
        r = self.o[office]
        if sender == "LC":  # the province owns status and the catalogue; never content
            # ... but it gives a restored district back its own content, and an office the
            # books of the unions it moves there (both checked at the end).
            if office in self.restored:
                return {}
            return never_moved(r)
        # A district moves only its own initiatives' registration steps, and only until the
        # province has set a status (status_version); every other status is not its own.
        # A restored province takes back its own statuses and catalogue (checked at the end).
        with r.store.session_factory() as s:
            mine = set(
                s.scalars(
                    select(Initiative.uid)
                    .join(Unit, Unit.id == Initiative.unit_id)
                    .where(Unit.parent_id == s.scalar(select(Unit.id).where(Unit.code == sender)))
                )
            )
            statuses = {}
            for i in s.scalars(select(Initiative)):
                if i.uid in mine and i.status_version is None:
                    assert i.status in DISTRICT_STATUSES, (i.title, i.status)
                else:
                    statuses[i.uid] = i.status
        others = {d: contents(r, d) for d in DISTRICTS if d != sender}
        if office in self.restored:
            # ... and where its unions sit, which may move a union between the districts
            # (a move it made and lost): checked at the end too.
            return {}, {}, {}
        return statuses, others, catalogue(r)

    @invariant()
    def sequence_numbers_only_grow(self) -> None:
        for code in OFFICES:
            for peer in self.o[code].bundles.peers():
                assert peer.next_sequence >= 1

    def teardown_check(self) -> None:
        # Deliver what is still in flight, newest first (so stale bundles come last), then
        # the cumulative bundles that cover what was lost: everyone must then agree.
        for sender, recipient, path in reversed(self.in_flight):
            self._deliver(sender, recipient, path)
        for _ in range(2):
            for d in DISTRICTS:
                for sender, recipient in ((d, "LC"), ("LC", d)):
                    path = self.dir / f"final_{next(_counter)}.ssk"
                    self.o[sender].bundles.export(recipient, path)
                    self._deliver(sender, recipient, path)
        p = self.o["LC"]
        sent = from_districts(p)
        for d in DISTRICTS:
            mine = contents(self.o[d], d)
            theirs = {u: c for u, c in contents(p, d).items() if u in sent}
            diff = {
                (u, k): (c.get(k), theirs.get(u, {}).get(k))
                for u, c in mine.items()
                for k in c
                if c.get(k) != theirs.get(u, {}).get(k)
            }
            assert mine == theirs, diff
            mine_status = contents(self.o[d], d, status=True)
            assert mine_status == {
                u: c for u, c in contents(p, d, status=True).items() if u in sent
            }
            assert catalogue(self.o[d]) == catalogue(p)


Offices.TestCase.settings = settings(
    max_examples=10,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


class TestConvergence(Offices.TestCase):  # type: ignore[misc,valid-type]  # hypothesis makes it
    pass


_orig_teardown = Offices.teardown


def test_a_district_restored_from_an_older_backup_converges() -> None:
    """One run of the machine that always restores: a bundle from before the restore still in
    the post, the province's decision lost by the district, an edit after the restore."""
    m = Offices()
    try:
        d = DISTRICTS[0]
        m.district_enters(d, 1)
        m.export((d, "LC"))
        m._deliver(*m.in_flight[-1])
        m.backs_up(d)
        m.district_changes(d, 0, "edit")
        m.district_enters(d, 2)
        m.export((d, "LC"))
        m._deliver(*m.in_flight[-1])
        m.province_decides(0, InitiativeStatus.UNDER_EVALUATION)
        m.export(("LC", d))
        m._deliver(*m.in_flight[-1])
        m.district_changes(d, 1, "edit")
        m.export((d, "LC"))  # still in the post when the disk is restored
        m.restores_an_older_backup(d, 0)
        m.district_changes(d, 0, "edit")
        m.export((d, "LC"))
        m._deliver(*m.in_flight[-1])
        m._deliver(*m.in_flight[-2])  # the stale bundle from before the restore, last
        m.teardown_check()
    finally:
        _orig_teardown(m)


def test_the_province_restored_from_an_older_backup_converges() -> None:
    """The same for the province: a decision and a campaign name it sent after its backup come
    back from the districts, and a district's bundle from before the restore arrives late."""
    m = Offices()
    try:
        d, other = DISTRICTS
        m.district_enters(d, 1)
        m.district_enters(other, 1)
        for pair in ((d, "LC"), (other, "LC")):
            m.export(pair)
            m._deliver(*m.in_flight[-1])
        m.backs_up("LC")
        m.province_decides(0, InitiativeStatus.RECOGNISED)
        m.province_renames_a_campaign(7)
        m.export(("LC", d))
        m._deliver(*m.in_flight[-1])
        m.district_enters(d, 2)
        m.export((d, "LC"))
        m._deliver(*m.in_flight[-1])
        m.export((other, "LC"))  # still in the post when the province is restored
        m.restores_an_older_backup("LC", 0)
        m.province_decides(1, InitiativeStatus.UNDER_EVALUATION)
        m.export(("LC", other))
        m._deliver(*m.in_flight[-1])
        m.teardown_check()
    finally:
        _orig_teardown(m)


def _teardown(self: Offices) -> None:
    try:
        self.teardown_check()
    finally:
        _orig_teardown(self)


Offices.teardown = _teardown  # type: ignore[method-assign]
_ = dt


def test_a_move_the_restored_province_lost_comes_back_from_the_district() -> None:
    """Found by the machine: the province moves a union, a district learns of it, then the
    province's disk is restored from a backup taken before the move. The district gives the
    move back (where units sit is the province's), and the union's new office gets its books."""
    m = Offices()
    try:
        m.district_changes("LC-TD", 31, "delete")
        m.district_enters("LC-TD", 3)
        m.district_enters("LC-SH", 4)
        m.province_merges_the_commune_union(1)
        m.province_decides(29, InitiativeStatus.RECOGNISED)
        m.export(("LC-TD", "LC"))
        m.backs_up("LC")
        m.province_moves_a_union(7, 0, 1)
        m.deliver(83)
        m.export(("LC", "LC-TD"))
        m.province_decides(20, InitiativeStatus.UNDER_EVALUATION)
        m.restores_an_older_backup("LC", 5)
        m.backs_up("LC-SH")
        m.province_moves_a_union(0, 1, 2)
        m.teardown_check()
    finally:
        _orig_teardown(m)
