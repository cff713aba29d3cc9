"""One change signal: every write, whichever path made it, reaches every page of the real main
window on a real SQLite store. The page in view shows the new figures at once; a hidden page
keeps its old ones until it is shown, then shows the new ones."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from desktop.models.enums import InitiativeStatus, UnitKind
from desktop.services.changes import ChangeFeed, Changes, Kind, kinds_written
from desktop.services.evaluation.decisions import DecisionInput
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.campaigns.dashboard import DashboardPage
from desktop.views.common.settings import AppSettings
from desktop.views.initiatives.page import InitiativesPage
from desktop.views.reports.page import ReportsPage
from desktop.views.shell.main_window import MainWindow
from desktop.views.sync.page import SyncPage
from desktop.views.units.page import UnitsPage
from support.sync_fixtures import add_initiative, copy_offices

CAMPAIGN = "01TRIEU-2022"


# ---- what each page shows, and what a page built now would show ------------------------------
def _initiatives(page: Any) -> object:
    return page.count.text(), [
        page.unit_filter.itemText(i) for i in range(page.unit_filter.count())
    ]


def _dashboard(page: Any) -> object:
    return page.summary.text(), page.model.rowCount()


def _units(page: Any) -> object:
    names: list[str] = []

    def walk(parent: Any) -> None:
        for r in range(page.tree_model.rowCount(parent)):
            index = page.tree_model.index(r, 0, parent)
            names.append(index.data())
            walk(index)

    walk(page.tree_model.index(-1, -1))
    return sorted(names)


def _reports(page: Any) -> object:
    docs, council = page.documents_panel, page.council_panel
    return (
        [docs.decision.itemText(i) for i in range(docs.decision.count())],
        [council.decisions.item(i).text() for i in range(council.decisions.count())],
    )


def _sync(page: Any) -> object:
    return page.history.rowCount(), page.peers.rowCount()


SHOWN = {
    "initiatives": _initiatives,
    "dashboard": _dashboard,
    "units": _units,
    "reports": _reports,
    "sync": _sync,
}


def _fresh(window: MainWindow, key: str, services: Services) -> object:
    """What the page would show if built now (the same campaign chosen)."""
    shown = window.pages[key]
    page: Any
    if key == "initiatives":
        page = InitiativesPage(services)
        page.reload_campaigns(select_id=shown.campaign.currentData())  # type: ignore[attr-defined]
    elif key == "dashboard":
        page = DashboardPage(services)
        page.campaign.setCurrentIndex(page.campaign.findData(shown.campaign.currentData()))  # type: ignore[attr-defined]
    elif key == "units":
        page = UnitsPage(services)
    elif key == "reports":
        page = ReportsPage(services)
        combo = page.documents_panel.campaign
        combo.setCurrentIndex(combo.findData(shown.documents_panel.campaign.currentData()))  # type: ignore[attr-defined]
    else:
        page = SyncPage(services)
    try:
        return SHOWN[key](page)
    finally:
        page.deleteLater()


# ---- the window on the province's store -----------------------------------------------------
@pytest.fixture
def world(qtbot, sync_offices_template, tmp_path):
    """The province and a district (LC-TD), enrolled with each other, each its own store."""
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    windows: list[MainWindow] = []

    def window_on(services: Services) -> MainWindow:
        settings = AppSettings(
            QSettings(str(tmp_path / f"settings{len(windows)}.ini"), QSettings.Format.IniFormat)
        )
        window = MainWindow(services, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        campaign_id = services.campaigns.by_code(CAMPAIGN).id
        window.pages["initiatives"].reload_campaigns(select_id=campaign_id)  # type: ignore[attr-defined]
        dashboard = window.pages["dashboard"]
        dashboard.campaign.setCurrentIndex(dashboard.campaign.findData(campaign_id))  # type: ignore[attr-defined]
        windows.append(window)
        return window

    yield window_on, p, d, tmp_path
    for w in windows:
        w.close()
    p.store.close()
    d.store.close()


def _before(window: MainWindow) -> dict[str, object]:
    return {key: SHOWN[key](window.pages[key]) for key in SHOWN}


def _check(
    qtbot,
    window: MainWindow,
    services: Services,
    visible: str,
    before: dict[str, object],
    changed: set[str],
) -> None:
    """``visible`` shows the new figures without being shown again; the other pages in
    ``changed`` keep the old ones while hidden and show the new ones once shown."""
    truth = {key: _fresh(window, key, services) for key in SHOWN}
    for key in changed:
        assert truth[key] != before[key], f"the change must show on the {key} page"
    assert window.current_page() == visible
    qtbot.waitUntil(lambda: SHOWN[visible](window.pages[visible]) == truth[visible], timeout=5000)
    for key in sorted(changed - {visible}):
        assert SHOWN[key](window.pages[key]) == before[key], f"{key}: hidden, not yet reloaded"
        window.show_page(key)
        assert SHOWN[key](window.pages[key]) == truth[key], f"{key} page shows stale figures"
    for key in SHOWN:  # nothing else drifted
        window.show_page(key)
        assert SHOWN[key](window.pages[key]) == truth[key], key


def test_an_initiative_typed_shows_on_every_page(qtbot, world):
    window_on, _p, d, _tmp = world
    window = window_on(d)
    window.show_page("dashboard")
    before = _before(window)
    add_initiative(d, "LC-TD-04", "Máy tách hạt ngô cải tiến")  # what the entry form calls
    _check(qtbot, window, d, "dashboard", before, {"dashboard", "initiatives"})


def test_an_excel_import_on_a_worker_thread_shows_on_every_page(qtbot, world):
    window_on, _p, p, tmp = world  # the district enters its unions' initiatives
    window = window_on(p)
    window.show_page("initiatives")
    before = _before(window)
    campaign = p.campaigns.get(p.campaigns.by_code(CAMPAIGN).id)
    unit = p.units.by_code("LC-TD-04")
    assert unit is not None
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Lĩnh vực", "Ngày áp dụng"])
    for i in range(3):
        ws.append([i + 1, f"Sáng kiến nhập từ Excel số {i}", "Lò Văn Bình", unit.name,
                   campaign.fields[0].name, "10/01/2022"])  # fmt: skip
    path = tmp / "ds.xlsx"
    wb.save(path)
    threads: list[int] = []

    def work() -> object:
        threads.append(threading.get_ident())
        return p.initiative_import.import_file(path, campaign.id)

    done: list[Any] = []
    window.tasks.run(work, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    assert done[0].created == 3 and threads[0] != threading.get_ident()
    _check(qtbot, window, p, "initiatives", before, {"dashboard", "initiatives"})


def test_a_bundle_import_shows_on_every_page(qtbot, world):
    """The reported bug: after a bundle the dashboard still said 29 where the data said 48."""
    window_on, p, d, tmp = world
    window = window_on(p)
    window.show_page("sync")
    before = _before(window)
    for i in range(3):
        add_initiative(d, "LC-TD-04", f"Sáng kiến của huyện số {i}")
    bundle = d.bundles.export("LC", tmp / "gui.ssk").path
    p.bundles.import_(bundle)
    _check(qtbot, window, p, "sync", before, {"sync", "dashboard", "initiatives"})


def test_a_decision_shows_on_every_page(qtbot, world):
    window_on, p, _d, _tmp = world
    window = window_on(p)
    reports = window.pages["reports"]
    assert isinstance(reports, ReportsPage)
    cid = reports.council_panel.campaign.currentData()
    combo = reports.documents_panel.campaign
    combo.setCurrentIndex(combo.findData(cid))
    window.show_page("reports")
    before = _before(window)
    ids = p.initiatives.ids(ListQuery(campaign_id=cid, status=InitiativeStatus.UNDER_EVALUATION))
    signed = dt.date(2023, 12, 1)
    p.evaluation.decisions.decide(
        DecisionInput(cid, "399/QĐ-LĐLĐ", signed, recognise=(ids[0],), accept_flagged=True)
    )
    _check(qtbot, window, p, "reports", before, {"reports"})


def test_a_unit_renamed_shows_on_every_page(qtbot, world):
    window_on, _p, p, _tmp = world
    window = window_on(p)
    window.show_page("units")
    before = _before(window)
    unit = next(p.units.get(i) for i in sorted(p.units.editable_ids()))
    p.units.rename(unit.id, unit.name + " (đổi tên)", dt.date(2024, 1, 1))
    _check(qtbot, window, p, "units", before, {"units"})


def test_without_the_broadcast_the_pages_stay_stale(qtbot, world):
    """The checks above can fail: with the window not listening, nothing reloads."""
    window_on, _p, p, _tmp = world
    window = window_on(p)
    p.changes.subscribe(None)
    window.show_page("dashboard")
    before = _before(window)
    add_initiative(p, "LC-TD-04", "Sáng kiến không ai báo")
    qtbot.wait(50)
    assert _fresh(window, "dashboard", p) != before["dashboard"]
    assert SHOWN["dashboard"](window.pages["dashboard"]) == before["dashboard"]
    window.show_page("initiatives")
    assert SHOWN["initiatives"](window.pages["initiatives"]) == before["initiatives"]


def test_a_rolled_back_write_says_nothing(sqlite_store):
    heard: list[Changes] = []
    sqlite_store.changes.subscribe(heard.append)
    services = Services.over(sqlite_store)
    with pytest.raises(Exception):  # noqa: B017 - any refusal; what matters is the silence
        services.initiatives.create(
            InitiativeInput(
                campaign_id=999,
                unit_id=999,
                title="Không có chương trình",
                authors=(AuthorInput(full_name="A", contribution_pct=Decimal(100)),),
            )
        )
    assert heard == []
    services.units.create("X1", "Liên đoàn Lao động tỉnh thử", UnitKind.PROVINCE)
    assert len(heard) == 1 and heard[0].touches({Kind.UNITS}), heard


def test_the_kinds_a_statement_writes() -> None:
    assert kinds_written("INSERT INTO initiative (title) VALUES (?)") == {Kind.INITIATIVES}
    assert kinds_written("UPDATE unit SET name=? WHERE unit.id = ?") == {Kind.UNITS}
    assert kinds_written('DELETE FROM "quota" WHERE id = ?') == {Kind.QUOTAS}
    assert kinds_written("INSERT OR REPLACE INTO sync_peer VALUES (?)") == {Kind.SYNC}
    assert kinds_written("SELECT * FROM initiative") == frozenset()
    assert kinds_written("INSERT INTO audit_log (x) VALUES (?)") == frozenset()
    assert kinds_written("INSERT INTO some_new_table (x) VALUES (?)") == frozenset(Kind)


def test_a_failing_listener_never_fails_the_commit() -> None:
    feed = ChangeFeed()

    def broken(_changes: Changes) -> None:
        raise RuntimeError("a window already gone")

    feed.subscribe(broken)
    feed.announce(Changes.of(Kind.UNITS))  # logged, not raised


def test_pages_declare_what_they_show(world) -> None:
    window = world[0](world[1])
    for key, page in window.pages.items():
        assert isinstance(page, QWidget)
        assert page.shows, key  # type: ignore[attr-defined]
        assert callable(page.reload_for), key  # type: ignore[attr-defined]
