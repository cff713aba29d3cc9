"""A reorganisation travels: the province's bundles tell the old and the new upper-level
union where a grassroots union went and from when, with its history; the old office keeps
its figures of the past and sees the union read-only; no office can undo the move."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.models import UnitEventKind
from desktop.services.registry import Services
from desktop.services.rules.ownership import NotOwner
from desktop.services.store.opening import open_store
from desktop.services.units.dated import DatedTree
from desktop.services.units.reorganise import Action, ChangeRow
from support.sync_fixtures import add_initiative, build_offices, copy_offices

EFFECTIVE = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_offices(tmp_path_factory.mktemp("reorg"), ("LC-TD", "LC-SH"))


@pytest.fixture
def offices(template, tmp_path):
    dbs = copy_offices(template, tmp_path / "db")
    out = {code: Services.over(open_store(str(path))) for code, path in dbs.items()}
    yield out, tmp_path
    for s in out.values():
        s.store.close()


def send(sender: Services, to: str, recipient: Services, folder: Path, name: str):
    report = recipient.bundles.import_(sender.bundles.export(to, folder / f"{name}.ssk").path)
    assert report.totals.get("rejected", 0) == 0, report
    return report


def _figures(services: Services, code: str) -> dict:
    trieu = services.campaigns.by_code("01TRIEU-2022")
    unit = services.units.by_code(code)
    assert unit is not None, code
    report = services.progress.report(trieu.id, None, unit.id, as_of=dt.date(2026, 12, 1))
    return report.to_json(all_levels=True)


def test_both_offices_learn_of_a_move_and_the_past_stays_where_it_was(offices):
    o, folder = offices
    lc, td, sh = o["LC"], o["LC-TD"], o["LC-SH"]
    # Tam Đường's union sends its 2022 initiative up first: the province holds it.
    add_initiative(td, "LC-TD-01", "Sổ theo dõi ca trực điện tử")
    send(td, "LC", lc, folder, "td-1")
    before_td = _figures(td, "LC-TD")
    school = lc.units.by_code("LC-TD-01")

    plan = lc.reorganisation.apply(
        [
            ChangeRow(Action.CREATE, "Công đoàn xã Bình Lư", "LC", kind="Công đoàn xã", line=2),
            ChangeRow(Action.MOVE, "LC-TD-01", "Công đoàn xã Bình Lư", line=3),
            ChangeRow(Action.MOVE, "LC-TD-02", "LC-SH", line=4),
        ],
        EFFECTIVE,
    )
    assert plan.ok
    send(lc, "LC-TD", td, folder, "lc-td")
    send(lc, "LC-SH", sh, folder, "lc-sh")

    # The old office: the unions moved on 1 July, its past kept, the unions read-only now.
    at_td = td.units.by_code("LC-TD-01")
    commune = td.units.find("Công đoàn xã Bình Lư")
    assert commune is not None and at_td.parent_id == commune.id
    with td.store.session_factory() as s:
        dated = DatedTree.load(s)
    td_unit = td.units.by_code("LC-TD")
    assert dated.parent_on(at_td.id, dt.date(2025, 6, 30)) == td_unit.id
    assert dated.parent_on(at_td.id, EFFECTIVE) == commune.id
    assert _figures(td, "LC-TD") == before_td
    kinds = [e.kind for e in td.units.history(at_td.id)]
    assert kinds[0] == UnitEventKind.CREATE and kinds[-1] == UnitEventKind.MOVE
    mine = add_initiative(td, "LC-TD-03", "Một sáng kiến của đơn vị còn lại")
    assert td.initiatives.get(mine).editable
    with pytest.raises(NotOwner):
        td.units.rename(at_td.id, "Tên khác", None)

    # The new office of the other union knows it, under itself, with its history.
    clinic = sh.units.by_code("LC-TD-02")
    assert clinic is not None and clinic.parent_id == sh.units.by_code("LC-SH").id
    assert [e.kind for e in sh.units.history(clinic.id)][-1] == UnitEventKind.MOVE
    assert sh.units.by_code("LC-TD-01") is None  # not Sìn Hồ's business

    # A district cannot move it back: only the province says where units sit.
    with pytest.raises(NotOwner):
        sh.units.move(clinic.id, sh.units.by_code("LC-TD").id, None)
    # Its records going back up change nothing at the province; the province agrees.
    send(td, "LC", lc, folder, "td-2")
    send(sh, "LC", lc, folder, "sh-1")
    assert lc.units.by_code("LC-TD-02").parent_id == lc.units.by_code("LC-SH").id
    assert lc.units.get(school.id).parent_id == lc.units.find("Công đoàn xã Bình Lư").id
    for services in (lc, td, sh):
        with services.store.session_factory() as s:
            dated = DatedTree.load(s)
        g = services.units.by_code("LC-TD-02")
        assert services.units.get(dated.parent_on(g.id, dt.date(2024, 1, 1))).code == "LC-TD"
        assert services.units.get(dated.parent_on(g.id, EFFECTIVE)).code == "LC-SH"


def test_a_move_is_sent_once_and_importing_again_changes_nothing(offices):
    o, folder = offices
    lc, td = o["LC"], o["LC-TD"]
    lc.units.move(lc.units.by_code("LC-TD-02").id, lc.units.by_code("LC-SH").id, EFFECTIVE)
    path = lc.bundles.export("LC-TD", folder / "once.ssk").path
    first = td.bundles.import_(path)
    assert first.totals.get("rejected", 0) == 0
    again = td.bundles.import_(path)
    assert again.already_imported
    events = td.units.history(td.units.by_code("LC-TD-02").id)
    assert [e.kind for e in events].count(UnitEventKind.MOVE) == 1


def test_the_new_office_receives_the_moved_unions_books_once_and_owns_them(offices):
    o, folder = offices
    lc, td, sh = o["LC"], o["LC-TD"], o["LC-SH"]
    title = "Sổ theo dõi tiêm chủng điện tử"
    add_initiative(td, "LC-TD-02", title)
    send(td, "LC", lc, folder, "td-1")
    clinic = lc.units.by_code("LC-TD-02")
    at_province = {r.title for r in lc.initiatives.rows(_ids(lc, clinic.id))}
    assert title in at_province

    lc.units.move(clinic.id, lc.units.by_code("LC-SH").id, EFFECTIVE)
    first = send(lc, "LC-SH", sh, folder, "lc-sh-1")
    assert first.totals.get("new", 0) >= len(at_province)
    moved = sh.units.by_code("LC-TD-02")
    held = {r.title for r in sh.initiatives.rows(_ids(sh, moved.id))}
    assert held == at_province  # every one of its initiatives, with its content
    ini = next(r for r in sh.initiatives.rows(_ids(sh, moved.id)) if r.title == title)
    detail = sh.initiatives.get(ini.id)
    assert detail.editable  # Sìn Hồ's to edit now
    sh.initiatives.update(ini.id, replace(detail.data, title=title + " (Sìn Hồ sửa)"))

    # Once: the next bundle, after Sìn Hồ acknowledged, carries the books no more.
    send(sh, "LC", lc, folder, "sh-1")
    again = lc.bundles.export("LC-SH", folder / "lc-sh-2.ssk")
    assert again.counts.get("handover", 0) == 0
    # The province took Sìn Hồ's edit: it owns the union's content now.
    assert title + " (Sìn Hồ sửa)" in {r.title for r in lc.initiatives.rows(_ids(lc, clinic.id))}
    # Tam Đường, told of the move, sees its old copy read-only, and why.
    send(lc, "LC-TD", td, folder, "lc-td-1")
    old = next(r for r in td.initiatives.rows(_ids(td, td.units.by_code("LC-TD-02").id)))
    kept = td.initiatives.get(old.id)
    assert not kept.editable and "LĐLĐ huyện Sìn Hồ" in (kept.read_only_reason or "")


def _ids(services: Services, unit_id: int) -> list[int]:
    from sqlalchemy import select

    from desktop.models import Initiative

    with services.store.session_factory() as s:
        return list(s.scalars(select(Initiative.id).where(Initiative.unit_id == unit_id)))


def test_an_office_whose_own_union_ends_is_told_on_its_next_bundle(offices):
    o, folder = offices
    lc, td = o["LC"], o["LC-TD"]
    plan = lc.reorganisation.apply(
        [
            ChangeRow(Action.CREATE, "Công đoàn xã Bình Lư", "LC", kind="Công đoàn xã", line=2),
            *(
                ChangeRow(Action.MOVE, g.code, "Công đoàn xã Bình Lư", line=3 + i)
                for i, g in enumerate(lc.units.list(parent_id=lc.units.by_code("LC-TD").id))
            ),
            ChangeRow(Action.DISSOLVE, "LC-TD", line=20),
        ],
        EFFECTIVE,
    )
    assert plan.ok, plan.problems
    report = send(lc, "LC-TD", td, folder, "end")
    told = [n for n in report.notes if n.kind == "warning"]
    assert told and "được giải thể từ ngày 01/07/2025" in told[0].reason
    assert td.units.by_code("LC-TD").valid_to == EFFECTIVE


def test_an_old_office_s_late_edit_reaches_the_new_owner_to_accept_or_reject(offices):
    o, folder = offices
    lc, td, sh = o["LC"], o["LC-TD"], o["LC-SH"]
    title = "Sổ theo dõi tiêm chủng điện tử"
    iid = add_initiative(td, "LC-TD-02", title)
    send(td, "LC", lc, folder, "td-1")
    lc.units.move(lc.units.by_code("LC-TD-02").id, lc.units.by_code("LC-SH").id, EFFECTIVE)
    # Tam Đường has not heard of the move yet: it edits, and sends.
    detail = td.initiatives.get(iid)
    td.initiatives.update(iid, replace(detail.data, title=title + " (bản sửa của Tam Đường)"))
    late = send(td, "LC", lc, folder, "td-late")
    assert late.totals.get("conflicts", 0) == 1  # kept, not ignored
    at_lc = lc.initiatives.rows(_ids(lc, lc.units.by_code("LC-TD-02").id))
    assert title in {r.title for r in at_lc}  # the province does not take it as content

    send(lc, "LC-SH", sh, folder, "lc-sh")
    (edit,) = sh.moved_edits.open()
    assert edit.from_office == td.office.local().name
    assert edit.proposed["title"] == title + " (bản sửa của Tam Đường)"
    assert edit.current is not None and edit.current["title"] == title
    sh.moved_edits.accept(edit.id)
    assert not sh.moved_edits.open()
    clinic = sh.units.by_code("LC-TD-02")
    assert title + " (bản sửa của Tam Đường)" in {
        r.title for r in sh.initiatives.rows(_ids(sh, clinic.id))
    }
    send(sh, "LC", lc, folder, "sh-decided")
    assert not lc.moved_edits.open()  # closed at the province too
    assert title + " (bản sửa của Tam Đường)" in {
        r.title for r in lc.initiatives.rows(_ids(lc, lc.units.by_code("LC-TD-02").id))
    }


def test_a_rejected_late_edit_changes_nothing(offices):
    o, folder = offices
    lc, td, sh = o["LC"], o["LC-TD"], o["LC-SH"]
    title = "Sổ theo dõi tiêm chủng điện tử"
    iid = add_initiative(td, "LC-TD-02", title)
    send(td, "LC", lc, folder, "td-1")
    lc.units.move(lc.units.by_code("LC-TD-02").id, lc.units.by_code("LC-SH").id, EFFECTIVE)
    detail = td.initiatives.get(iid)
    td.initiatives.update(iid, replace(detail.data, benefit_vnd=123_000_000))
    send(td, "LC", lc, folder, "td-late")
    send(lc, "LC-SH", sh, folder, "lc-sh")
    (edit,) = sh.moved_edits.open()
    sh.moved_edits.reject(edit.id)
    send(sh, "LC", lc, folder, "sh-decided")
    assert not lc.moved_edits.open()
    clinic = sh.units.by_code("LC-TD-02")
    held = next(r for r in sh.initiatives.rows(_ids(sh, clinic.id)) if r.title == title)
    assert held.benefit_vnd != 123_000_000
