"""The Excel import of initiatives runs off the UI thread: reading, planning and writing.

A real TaskRunner (worker threads) here; the plan is held back on an event so the test can
look at the window while it works: timers still fire, the progress bar shows, "Huỷ" stops a
planning without writing, and once let go the same rows are imported as before.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer

from desktop.services.initiatives.drafts import DraftStore
from desktop.views.common import dialogs
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.page import InitiativesPage
from services.test_initiative_excel import ROWS, official_sheet


@pytest.fixture
def shown(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))
    monkeypatch.setattr(dialogs, "info", lambda parent, text, *a: said.append(text))
    return said


@pytest.fixture
def setup(qtbot, district_demo_services, tmp_path, monkeypatch):
    services = district_demo_services
    tasks = TaskRunner()
    page = InitiativesPage(services, drafts=DraftStore(tmp_path / "drafts"), tasks=tasks)
    page.reload_campaigns(select_id=services.campaigns.by_code("01TRIEU-2022").id)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    owned = services.initiatives.owned_unit_ids()
    grassroots = [u for u in services.units.list() if owned and u.id in owned]
    rows = [list(r) for r in ROWS[:2]]
    for r in rows:
        r[3] = grassroots[0].name
        r[4] = ""
    path = official_sheet(tmp_path / "ds.xlsx", rows)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(path))
    # The plan waits for the test to let it go; the real one then does the work.
    release = threading.Event()
    real_plan = services.initiative_import.plan
    threads: list[str] = []

    def held_plan(*args, **kwargs):
        threads.append(threading.current_thread().name)
        kwargs["progress"](1, 2)  # half the rows looked at, then it waits
        assert release.wait(20)
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(services.initiative_import, "plan", held_plan)
    yield page, services, release, threads
    release.set()
    tasks.wait()


@pytest.fixture
def held_writing(setup, monkeypatch):
    """The writing waits, once it has reported half its rows, for the test to let it go."""
    _page, services, _release, _threads = setup
    go = threading.Event()
    real_commit = services.initiative_import.commit

    def held_commit(plan, progress=None, cancel=None):
        progress(1, 2)
        assert go.wait(20)
        return real_commit(plan, progress=progress, cancel=cancel)

    monkeypatch.setattr(services.initiative_import, "commit", held_commit)
    yield go
    go.set()


def _open_preview(qtbot, page):
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.excel.dialog is not None, timeout=10000)
    return page.excel.dialog


def test_the_window_keeps_working_while_the_plan_is_made_then_imports_the_rows(qtbot, setup, shown):
    page, _services, release, threads = setup
    before = page.model.rowCount()
    dialog = _open_preview(qtbot, page)
    ticks: list[int] = []
    timer = QTimer(page, interval=10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)  # the event loop runs meanwhile
    assert dialog.planning and dialog.busy.isVisible() and not dialog.ok.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 2)  # how far the planning is
    assert dialog.progress.value() == 1
    assert threads and threads[0] != threading.main_thread().name
    release.set()
    qtbot.waitUntil(lambda: not dialog.planning, timeout=10000)
    assert not dialog.busy.isVisible()
    assert dialog.rows.rowCount() == 2 and dialog.rejected_rows.rowCount() == 0
    assert page.model.rowCount() == before  # nothing written by the preview
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "Đã thêm 2" in shown[-1]
    assert page.model.rowCount() == before + 2
    timer.stop()


def test_cancel_stops_the_planning_and_writes_nothing(qtbot, setup, shown):
    page, _services, release, _threads = setup
    before = page.model.rowCount()
    dialog = _open_preview(qtbot, page)
    assert dialog.planning
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not dialog.planning
    release.set()
    page._tasks.wait()
    qtbot.wait(50)  # the late answer, if any, arrives and is dropped
    assert dialog.plan is None and dialog.rows.rowCount() == 0
    page.apply_filter()
    assert page.model.rowCount() == before and not shown


def _planned(qtbot, page, release):
    dialog = _open_preview(qtbot, page)
    release.set()
    qtbot.waitUntil(lambda: not dialog.planning and dialog.ok.isEnabled(), timeout=10000)
    return dialog


def _stored(services) -> int:
    from desktop.services.initiatives.listing import ListQuery

    return services.initiatives.count(ListQuery())


def test_cancel_while_writing_saves_nothing_and_says_so(qtbot, setup, shown, held_writing):
    page, services, release, _threads = setup
    before = _stored(services)
    dialog = _planned(qtbot, page, release)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 2, timeout=10000)
    assert dialog.committing and dialog.progress.value() == 1 and dialog.cancel.isEnabled()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Đang huỷ" in dialog.busy_text.text()  # waits for the answer
    held_writing.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert shown and "không dòng nào được ghi" in shown[-1]
    assert dialog.import_result is None
    assert _stored(services) == before  # rolled back whole
    page.apply_filter()


def test_a_writing_let_go_imports_every_row_with_its_progress(qtbot, setup, shown, held_writing):
    page, services, release, _threads = setup
    before = _stored(services)
    dialog = _planned(qtbot, page, release)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 2, timeout=10000)
    held_writing.set()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "Đã thêm 2" in shown[-1] and "trước khi kịp huỷ" not in shown[-1]
    assert _stored(services) == before + 2
