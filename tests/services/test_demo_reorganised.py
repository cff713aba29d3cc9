"""The demo province after its 2025 reorganisation (``build_demo(..., reorganised=True)``,
``sangkien demo --after-2025``), beside the normal demo: the districts dissolved on 01/07/2025
keep their history and 01TRIEU-2022's figures, DKST-2026 counts under the new unions, and the
decision written as a sheet (``sangkien demo --reorganisation-sheet``) applies to the normal
demo.

Both stores are built once for the module (a demo takes seconds)."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from desktop.cli import build_parser
from desktop.commands.units import tree_rows
from desktop.models import Initiative, Unit, UnitEventKind, UnitKind
from desktop.services.campaigns.quota_reassign import QuotaReassignment
from desktop.services.demo import data
from desktop.services.demo import reorganisation as reorg
from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.units.dated import DatedTree
from desktop.services.units.reorganise import Action
from desktop.services.units.reorganise_file import read_changes

EFFECTIVE = dt.date(2025, 7, 1)
EVE = dt.date(2025, 6, 30)
AS_OF = dt.date(2026, 12, 1)
UNCHANGED = ("LC-CDVC", "LC-YT", "LC-GD")


@pytest.fixture(scope="module")
def normal(demo_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    path = tmp_path_factory.mktemp("normal") / "demo.db"
    shutil.copy(demo_template, path)
    store = open_store(str(path))
    yield Services.over(store)
    store.close()


@pytest.fixture(scope="module")
def after(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    store = open_store(str(tmp_path_factory.mktemp("after") / "demo-2025.db"))
    build_demo(store.session_factory, reorganised=True)
    yield Services.over(store)
    store.close()


def _tree(services: Services) -> DatedTree:
    with services.store.session_factory() as s:
        return DatedTree.load(s)


def _id(services: Services, code: str) -> int:
    unit = services.units.by_code(code)
    assert unit is not None, code
    return unit.id


# ---- the decision as data ----------------------------------------------------------------


def test_the_decision_moves_every_grassroots_union_of_the_districts_once():
    places = [
        name.removeprefix("Công đoàn cơ sở ")
        for code in reorg.ENDED_DISTRICTS
        for name in data.grassroots_names(data.unit(code))
    ]
    assert sorted(places) == sorted(reorg.MOVES)
    assert len(reorg.ENDED_DISTRICTS) == 8 and not set(UNCHANGED) & set(reorg.ENDED_DISTRICTS)
    codes = {u.code for u in reorg.NEW_UNIONS} | {data.PROVINCE.code}
    assert set(reorg.MOVES.values()) == codes  # each new union takes at least one
    kinds = [u.kind for u in reorg.NEW_UNIONS]
    assert kinds.count(UnitKind.INDUSTRIAL_ZONE) == 1
    assert 18 <= kinds.count(UnitKind.COMMUNE) + kinds.count(UnitKind.WARD) <= 22
    assert list(reorg.MOVES.values()).count(data.PROVINCE.code) == 2
    for u in reorg.NEW_UNIONS:
        assert unicodedata.is_normalized("NFC", u.name)
        assert not any(ch.isdigit() for ch in u.name)


# ---- the reorganised demo ----------------------------------------------------------------


def test_the_districts_are_dissolved_on_1_july_2025_with_their_history(after):
    tree = _tree(after)
    for code in reorg.ENDED_DISTRICTS:
        district = after.units.by_code(code)
        assert district is not None and district.valid_to == EFFECTIVE
        assert tree.exists_on(district.id, EVE) and not tree.exists_on(district.id, EFFECTIVE)
        kinds = [e.kind for e in after.units.history(district.id)]
        assert kinds[0] == UnitEventKind.CREATE and UnitEventKind.DISSOLVE in kinds
    for code in UNCHANGED:
        unit = after.units.by_code(code)
        assert unit.valid_to is None and unit.parent_id == _id(after, "LC")
    new = after.units.list(kinds=[UnitKind.COMMUNE, UnitKind.WARD, UnitKind.INDUSTRIAL_ZONE])
    assert {u.code for u in new} == {u.code for u in reorg.NEW_UNIONS}
    assert all(u.valid_from == EFFECTIVE and u.parent_id == _id(after, "LC") for u in new)
    # A grassroots union sat under its district the day before, under its commune from then.
    school = _id(after, "LC-TD-03")  # Trường Tiểu học Bản Bo
    assert tree.parent_on(school, EVE) == _id(after, "LC-TD")
    assert tree.parent_on(school, EFFECTIVE) == _id(after, "LC-X-BANBO")
    hydro = after.units.by_code("LC-TNU-06")  # Thủy điện Suối Mây: straight to the province
    assert hydro.parent_id == _id(after, "LC")


def test_units_list_as_of_30_june_and_1_july_2025(after):
    tree = _tree(after)
    on_eve = {r.unit.code: r for r in tree_rows(tree, EVE, ended=False)}
    on_day = {r.unit.code: r for r in tree_rows(tree, EFFECTIVE, ended=False)}
    new = {u.code for u in reorg.NEW_UNIONS}
    assert set(reorg.ENDED_DISTRICTS) <= set(on_eve) and not new & set(on_eve)
    assert new <= set(on_day) and not set(reorg.ENDED_DISTRICTS) & set(on_day)
    assert len(on_eve) == 76 and len(on_day) == 76 - 8 + len(new)
    for day_rows in (on_eve, on_day):
        assert sum(r.unit.kind == UnitKind.GRASSROOTS for r in day_rows.values()) == 64
    assert on_eve["LC-TP-02"].parent.code == "LC-TP"
    assert on_day["LC-TP-02"].parent.code == "LC-P-TANPHONG"
    # Ended units are still listed, on their last day, when asked for.
    with_ended = {r.unit.code for r in tree_rows(tree, EFFECTIVE, ended=True)}
    assert set(reorg.ENDED_DISTRICTS) <= with_ended


def _figures(services: Services, code: str = "01TRIEU-2022") -> list[dict]:
    c = services.campaigns.by_code(code)
    lc = _id(services, "LC")
    return [
        services.progress.report(c.id, period, lc, as_of=AS_OF).to_json(all_levels=True)
        for period in (None, *(p.id for p in c.periods))
    ]


def test_01trieu_2022_reads_as_in_the_normal_demo(normal, after):
    before, later = _figures(normal), _figures(after)
    assert later == before
    shown = {u["unit_code"] for u in later[0]["units"]}
    assert set(reorg.ENDED_DISTRICTS) <= shown  # the old districts, not the new unions
    assert not {u.code for u in reorg.NEW_UNIONS} & shown
    assert later[0]["total"]["quota"] == 2300


def test_dkst_2026_counts_only_under_the_new_tree(after):
    c = after.campaigns.by_code("DKST-2026")
    assert c.name == "Đoàn kết sáng tạo năm 2026"
    assert [(p.count_from, p.count_to) for p in c.periods] == [
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    ]
    report = after.progress.report(c.id, None, _id(after, "LC"), as_of=AS_OF)
    rows = {r.unit_code: r for r in report.children}
    assert not set(reorg.ENDED_DISTRICTS) & set(rows)
    new = {u.code for u in reorg.NEW_UNIONS}
    assert new <= set(rows)
    assert all(rows[code].quota for code in new)
    assert sum(rows[code].count for code in new) > 0
    with after.store.session_factory() as s:
        inis = s.scalars(select(Initiative).where(Initiative.campaign_id == c.id)).all()
        assert inis and all(i.applied_on.year == 2026 for i in inis)
        parents = {s.get(Unit, i.unit_id).parent_id for i in inis}
    assert report.total.count == len(inis) == sum(r.count for r in report.children)
    assert not parents & {_id(after, code) for code in reorg.ENDED_DISTRICTS}
    assert after.campaigns.list()[0].code == "DKST-2026"  # the dashboard opens on it


def test_the_unreached_part_of_the_districts_2025_quotas_can_be_given_on(after):
    c = after.campaigns.by_code("DKST-2024")
    remainders = QuotaReassignment(after.store.session_factory).remainders(c.id)
    by_code = {after.units.get(r.unit_id).code: r for r in remainders}
    assert set(by_code) == set(reorg.ENDED_DISTRICTS)
    td = by_code["LC-TD"]
    assert td.ended_on == EFFECTIVE and td.target == 28
    successors = {after.units.get(i).code for i, _name in td.successors}
    assert successors == {"LC-X-TAMDUONG", "LC-X-BINHLU", "LC-X-BANBO"}


# ---- the sheet -------------------------------------------------------------------------------


def test_the_sheet_reads_back_and_plans_on_the_normal_demo(normal, tmp_path, capsys):
    path = tmp_path / "quyet-dinh-sap-xep.xlsx"
    args = build_parser().parse_args(["demo", "--reorganisation-sheet", str(path)])
    assert args.func(args) == 0
    assert "units reorganise" in capsys.readouterr().out
    rows, problems = read_changes(path)
    assert problems == []
    assert rows == reorg.change_rows()
    plan = normal.reorganisation.plan(rows, EFFECTIVE)
    assert plan.ok, plan.problems
    assert plan.counts == {Action.CREATE: 21, Action.MOVE: 45, Action.DISSOLVE: 8}
    assert normal.units.by_code("LC-PT").valid_to is None  # a preview writes nothing


def test_the_demo_after_2025_is_the_provinces_only(tmp_path):
    from desktop.services.common import ServiceError

    store = open_store(str(tmp_path / "x.db"))
    try:
        with pytest.raises(ServiceError, match="LĐLĐ tỉnh"):
            build_demo(store.session_factory, as_unit="LC-TD", reorganised=True)
    finally:
        store.close()
