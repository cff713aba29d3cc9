"""Property test (Hypothesis, stateful) of a chain of three offices with a handover: the Tổng
Liên đoàn ← the province ← a commune union whose books the province keeps until it hands them
over. The province enters and decides, the commune (once it has its books) enters and edits,
bundles between neighbours are delivered in any order, twice, or lost. A bundle the province
refuses while it still keeps the books is as good as lost (the commune sends it again). Once
everything is delivered, the three offices hold the same initiatives with the same content
and status, and the national office counts for the province what the province counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule
from sqlalchemy import select

from desktop.models import Initiative, InitiativeStatus, Unit, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.common import NotFound
from desktop.services.evaluation.decisions import DecisionInput
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.sync.container import BundleRefused
from desktop.services.units.excel_list import import_unit_list, read_unit_list
from support.books_fixtures import AS_OF, BL, units_file
from support.sync_fixtures import fingerprint

CAMPAIGN = "TQ-2026"
OFFICES = ("TLD", "LC", BL)
NEIGHBOURS = [("TLD", "LC"), ("LC", "TLD"), ("LC", BL), (BL, "LC")]
_template: dict[str, Path] = {}
_counter = itertools.count()


def _open(path: Path) -> Services:
    return Services.over(open_store(str(path)))


def _enrol(a: Services, b: Services) -> None:
    a.enrolment.enrol(b.enrolment.enrolment_file(), fingerprint(b))
    b.enrolment.enrol(a.enrolment.enrolment_file(), fingerprint(a))


@pytest.fixture(scope="module", autouse=True)
def template(tmp_path_factory):
    """Three enrolled offices; the national campaign already at the province, which keeps
    the commune union's books."""
    folder = tmp_path_factory.mktemp("chain")
    n = _open(folder / "TLD.db")
    tld = n.units.create("TLD", "Tổng Liên đoàn Lao động Việt Nam", UnitKind.NATIONAL)
    n.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE, tld.id)
    n.office.set_up(tld.id)
    p = _open(folder / "LC.db")
    import_unit_list(p.store.session_factory, read_unit_list(units_file(folder / "dv.xlsx")))
    lc = p.units.by_code("LC")
    assert lc is not None
    p.office.set_up(lc.id)
    c = _open(folder / f"{BL}.db")
    lc_c = c.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    bl = c.units.create(BL, "Công đoàn xã Bình Lư", UnitKind.COMMUNE, lc_c.id)
    c.office.set_up(bl.id)
    _enrol(n, p)
    _enrol(p, c)
    campaign = n.campaigns.create(
        CampaignInput(
            code=CAMPAIGN,
            name="Phong trào sáng kiến toàn quốc năm 2026",
            periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    lc_n = n.units.by_code("LC")
    assert lc_n is not None
    n.campaigns.set_quota(campaign.id, lc_n.id, None, 10)
    p.bundles.import_(n.bundles.export("LC", folder).path)
    bl_p = p.units.by_code(BL)
    assert bl_p is not None
    p.books.keep(bl_p.id)
    for services in (n, p, c):
        services.store.close()
    _template.update({"TLD": n_path(folder, "TLD"), "LC": n_path(folder, "LC")})
    _template[BL] = n_path(folder, BL)
    _template["_dir"] = tmp_path_factory.mktemp("runs")
    yield


def n_path(folder: Path, code: str) -> Path:
    return folder / f"{code}.db"


def contents(services: Services) -> dict[str, tuple[object, ...]]:
    """The commune's initiatives as an office holds them: title, authors, deletion, status."""
    with services.store.session_factory() as s:
        union = s.scalar(select(Unit.id).where(Unit.code == BL))
        rows = s.scalars(
            select(Initiative).where(
                Initiative.unit_id.in_(select(Unit.id).where(Unit.parent_id == union))
            )
        )
        return {
            i.uid: (
                i.title,
                tuple(a.full_name for a in i.authors),
                i.deleted_at is not None,
                i.status if i.status_version is not None else "registration",
            )
            for i in rows
        }


class Chain(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        run = Path(_template["_dir"]) / f"run{next(_counter)}"
        run.mkdir()
        self.dir = run
        self.o: dict[str, Services] = {}
        for code in OFFICES:
            shutil.copy(_template[code], run / f"{code}.db")
            self.o[code] = _open(run / f"{code}.db")
        self.in_flight: list[tuple[str, str, Path]] = []
        self.handed = False  # the province has written the handover bundle
        self.n = 0

    def teardown(self) -> None:
        for s in self.o.values():
            s.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _enter(self, office: str, school: int) -> None:
        services = self.o[office]
        try:
            campaign = services.campaigns.by_code(CAMPAIGN)
        except NotFound:  # the commune has not received its books yet
            return
        unit = services.units.by_code(f"{BL}-{school}")
        if unit is None:
            return
        self.n += 1
        services.initiatives.create(
            InitiativeInput(
                campaign_id=campaign.id,
                unit_id=unit.id,
                title=f"Sáng kiến số {self.n}",
                authors=(AuthorInput(f"Tác giả {self.n}", contribution_pct=Decimal(100)),),
                field_id=campaign.fields[0].id,
                applied_on=dt.date(2026, 5, 1),
            )
        )

    def _mine(self, office: str) -> list[int]:
        with self.o[office].store.session_factory() as s:
            union = s.scalar(select(Unit.id).where(Unit.code == BL))
            return list(
                s.scalars(
                    select(Initiative.id)
                    .where(Initiative.unit_id.in_(select(Unit.id).where(Unit.parent_id == union)))
                    .where(Initiative.deleted_at.is_(None))
                    .order_by(Initiative.id)
                )
            )

    # ---- work -----------------------------------------------------------------------------
    @precondition(lambda self: not self.handed)
    @rule(school=st.integers(1, 3))
    def province_keeps_and_enters(self, school: int) -> None:
        self._enter("LC", school)

    @precondition(lambda self: self.handed)
    @rule(school=st.integers(1, 3))
    def commune_enters(self, school: int) -> None:
        self._enter(BL, school)

    @precondition(lambda self: self.handed)
    @rule(pick=st.integers(0, 50))
    def commune_edits(self, pick: int) -> None:
        ids = self._mine(BL)
        if not ids:
            return
        c = self.o[BL]
        detail = c.initiatives.get(ids[pick % len(ids)])
        self.n += 1
        c.initiatives.update(
            detail.id,
            dataclasses.replace(detail.data, title=f"{detail.data.title} (sửa {self.n})"),
            expected_version=detail.edit_version,
        )

    @rule(pick=st.integers(0, 50), recognise=st.booleans())
    def province_decides(self, pick: int, recognise: bool) -> None:
        p = self.o["LC"]
        with p.store.session_factory() as s:
            decided = select(Initiative.id).where(Initiative.status_version.is_not(None))
            ids = [i for i in self._mine("LC") if i not in set(s.scalars(decided))]
        if not ids:
            return
        target = ids[pick % len(ids)]
        self.n += 1
        p.evaluation.decisions.decide(
            DecisionInput(
                p.campaigns.by_code(CAMPAIGN).id,
                f"{self.n}/QĐ-LĐLĐ",
                dt.date(2026, 11, 1),
                recognise=(target,) if recognise else (),
                decline={} if recognise else {target: "Chưa chứng minh được hiệu quả"},
                accept_flagged=True,
            )
        )

    @precondition(lambda self: not self.handed)
    @rule()
    def hand_over(self) -> None:
        path = self.dir / f"h{next(_counter)}.ssk"
        self.o["LC"].bundles.hand_over(BL, path)
        self.in_flight.append(("LC", BL, path))
        self.handed = True

    # ---- the post -------------------------------------------------------------------------
    @rule(pair=st.sampled_from(NEIGHBOURS))
    def export(self, pair: tuple[str, str]) -> None:
        sender, recipient = pair
        if sender == "LC" and recipient == BL and not self.handed:
            return  # a handover is asked for first (the export says so)
        path = self.dir / f"b{next(_counter)}.ssk"
        self.o[sender].bundles.export(recipient, path)
        self.in_flight.append((sender, recipient, path))

    @precondition(lambda self: self.in_flight)
    @rule(pick=st.integers(0, 100))
    def deliver(self, pick: int) -> None:
        self._deliver(*self.in_flight[pick % len(self.in_flight)])

    @precondition(lambda self: self.in_flight)
    @rule(pick=st.integers(0, 100))
    def lose(self, pick: int) -> None:
        self.in_flight.pop(pick % len(self.in_flight))

    def _deliver(self, sender: str, recipient: str, path: Path) -> None:
        try:
            report = self.o[recipient].bundles.import_(path)
        except BundleRefused as exc:
            # Only the commune's bundle while the province still keeps its books.
            assert exc.code == "books_kept" and sender == BL
            return
        assert report.totals.get("rejected", 0) == 0, report.notes

    def teardown_check(self) -> None:
        if not self.handed:
            self.hand_over()
        for sender, recipient, path in reversed(self.in_flight):
            self._deliver(sender, recipient, path)
        for _ in range(2):  # cumulative bundles cover whatever was lost, up and down
            for sender, recipient in ((BL, "LC"), ("LC", "TLD"), ("TLD", "LC"), ("LC", BL)):
                path = self.dir / f"final{next(_counter)}.ssk"
                self.o[sender].bundles.export(recipient, path)
                self._deliver(sender, recipient, path)
        at_commune, at_province, at_national = (contents(self.o[c]) for c in (BL, "LC", "TLD"))
        assert at_commune == at_province, "the commune and the province disagree"
        assert at_national == at_province, "the national office and the province disagree"
        counts = []
        for code in ("LC", "TLD"):
            services = self.o[code]
            campaign = services.campaigns.by_code(CAMPAIGN)
            lc = services.units.by_code("LC")
            assert lc is not None
            report = services.progress.report(campaign.id, None, lc.id, as_of=AS_OF)
            counts.append((report.total.count, report.total.quota))
        assert counts[0] == counts[1]
        recognised = [v for v in at_province.values() if v[3] == InitiativeStatus.RECOGNISED]
        assert len(recognised) == sum(
            1 for v in at_national.values() if v[3] == InitiativeStatus.RECOGNISED
        )


Chain.TestCase.settings = settings(
    max_examples=8,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


class TestChainConvergence(Chain.TestCase):  # type: ignore[misc,valid-type]  # hypothesis
    pass


_orig_teardown = Chain.teardown


def _teardown(self: Chain) -> None:
    try:
        self.teardown_check()
    finally:
        _orig_teardown(self)


Chain.teardown = _teardown  # type: ignore[method-assign]
