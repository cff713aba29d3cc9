"""The sync page of the new owner office shows the old office's late edit of a moved union's
initiative, beside the content it holds, the differing fields marked; the officer accepts it
(the initiative changes, the initiatives page sees it) or rejects it (nothing changes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from desktop.services.common import EditConflict
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings
from desktop.views.shell.main_window import MainWindow
from desktop.views.sync.page import SyncPage
from support.sync_fixtures import add_initiative, build_offices, copy_offices

EFFECTIVE = dt.date(2025, 7, 1)
TITLE = "Sổ theo dõi tiêm chủng điện tử"
LATE = TITLE + " (bản sửa của Tam Đường)"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_offices(tmp_path_factory.mktemp("moved-edits"), ("LC-TD", "LC-SH"))


@pytest.fixture
def offices(template, tmp_path):
    dbs = copy_offices(template, tmp_path / "db")
    out = {code: Services.over(open_store(str(path))) for code, path in dbs.items()}
    yield out, tmp_path
    for s in out.values():
        s.store.close()


@pytest.fixture
def said(monkeypatch):
    """What the message boxes would have shown, and every confirmation asked (all answered
    yes unless a test says otherwise)."""
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "info", lambda parent, text, title=None: messages.append(("info", text))
    )
    monkeypatch.setattr(
        dialogs, "error", lambda parent, text, title=None: messages.append(("error", text))
    )

    def confirm(parent, text, title=None) -> bool:
        messages.append(("confirm", text))
        return True

    monkeypatch.setattr(dialogs, "confirm", confirm)
    return messages


def send(sender: Services, to: str, recipient: Services, folder: Path, name: str) -> None:
    report = recipient.bundles.import_(sender.bundles.export(to, folder / f"{name}.ssk").path)
    assert report.totals.get("rejected", 0) == 0, report


def late_edit_reaches_sin_ho(o: dict[str, Services], folder: Path, **change) -> int:
    """Tam Đường's initiative of LC-TD-02, the union moved to Sìn Hồ, edited by Tam Đường
    before it heard of the move and sent late; the province passes it on to Sìn Hồ."""
    lc, td, sh = o["LC"], o["LC-TD"], o["LC-SH"]
    iid = add_initiative(td, "LC-TD-02", TITLE)
    send(td, "LC", lc, folder, "td-1")
    clinic, sin_ho = lc.units.by_code("LC-TD-02"), lc.units.by_code("LC-SH")
    assert clinic is not None and sin_ho is not None
    lc.units.move(clinic.id, sin_ho.id, EFFECTIVE)
    detail = td.initiatives.get(iid)
    td.initiatives.update(iid, replace(detail.data, **change))
    send(td, "LC", lc, folder, "td-late")
    send(lc, "LC-SH", sh, folder, "lc-sh")
    (edit,) = sh.moved_edits.open()
    assert edit.initiative_id is not None
    return edit.initiative_id


def window_on(qtbot, services: Services, folder: Path) -> MainWindow:
    settings = AppSettings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    campaign_id = services.campaigns.by_code("01TRIEU-2022").id
    window.pages["initiatives"].reload_campaigns(select_id=campaign_id)  # type: ignore[attr-defined]
    return window


def title_listed(window: MainWindow, iid: int) -> str:
    model = window.pages["initiatives"].model  # type: ignore[attr-defined]
    row = model.row_of(iid)
    return "" if row is None else str(model.index(row, 0).data())


def test_a_late_edit_is_shown_beside_the_current_content_and_accepted(qtbot, offices, said):
    o, folder = offices
    sh = o["LC-SH"]
    iid = late_edit_reaches_sin_ho(o, folder, title=LATE)
    window = window_on(qtbot, sh, folder)
    window.show_page("initiatives")
    assert title_listed(window, iid) == TITLE
    window.show_page("sync")
    page = window.pages["sync"]
    assert isinstance(page, SyncPage)
    box = page.moved_edits
    # Listed: the title, the office it came from, when it arrived; counted in the tab.
    assert box.model.rowCount() == 1
    assert box.model.item(0, 0).text() == TITLE
    assert box.model.item(0, 1).text() == o["LC-TD"].office.local().name
    assert box.model.item(0, 2).text()[:10] == dt.datetime.now().strftime("%d/%m/%Y")
    assert page.review.currentWidget() is box  # no conflicts: the late edits are in view
    assert page.review.tabText(1) == "Sửa đổi của văn phòng cũ (1)"
    assert page.waiting() == 1
    assert not box.accept_button.isEnabled()

    box.view.selectRow(0)
    shown = box.comparison.toPlainText()
    assert LATE in shown and TITLE in shown
    assert "Khác nhau ở: Tên sáng kiến" in shown
    assert "Tác giả" not in shown.split("Khác nhau ở:")[1].split("\n")[0]  # not marked
    assert f"<b>{LATE}</b>" in box.comparison.toHtml() or "font-weight" in box.comparison.toHtml()
    page.grab().save(str(folder / "sync_moved_edit.png"))

    qtbot.mouseClick(box.accept_button, Qt.MouseButton.LeftButton)
    kind, asked = said[-1]
    assert kind == "confirm" and "Nhận sửa đổi" in asked
    assert TITLE in asked and o["LC-TD"].office.local().name in asked
    assert box.model.rowCount() == 0
    assert page.review.tabText(1) == "Sửa đổi của văn phòng cũ (0)"
    assert not sh.moved_edits.open()
    assert sh.initiatives.get(iid).data.title == LATE
    # The change signal reaches the other pages: the initiatives list shows the new title.
    window.show_page("initiatives")
    qtbot.waitUntil(lambda: title_listed(window, iid) == LATE, timeout=5000)
    assert window.width() <= 1366 and window.height() <= 768


def test_a_rejected_late_edit_leaves_the_initiative_as_it_was(qtbot, offices, said):
    o, folder = offices
    sh = o["LC-SH"]
    iid = late_edit_reaches_sin_ho(o, folder, benefit_vnd=123_000_000)
    page = SyncPage(sh)
    qtbot.addWidget(page)
    box = page.moved_edits
    assert box.model.rowCount() == 1
    box.view.selectRow(0)
    shown = box.comparison.toPlainText()
    assert "Khác nhau ở: Giá trị làm lợi (đồng)" in shown
    assert "123.000.000" in shown
    before = sh.initiatives.get(iid).data

    qtbot.mouseClick(box.reject_button, Qt.MouseButton.LeftButton)
    kind, asked = said[-1]
    assert kind == "confirm" and "Bỏ qua sửa đổi" in asked and TITLE in asked
    assert box.model.rowCount() == 0
    assert not sh.moved_edits.open()
    assert sh.initiatives.get(iid).data == before


def test_nothing_is_done_without_the_officer_s_yes(qtbot, offices, said, monkeypatch):
    o, folder = offices
    sh = o["LC-SH"]
    late_edit_reaches_sin_ho(o, folder, title=LATE)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: False)
    page = SyncPage(sh)
    qtbot.addWidget(page)
    page.moved_edits.view.selectRow(0)
    qtbot.mouseClick(page.moved_edits.accept_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.moved_edits.reject_button, Qt.MouseButton.LeftButton)
    assert page.moved_edits.model.rowCount() == 1
    assert len(sh.moved_edits.open()) == 1


def test_a_refused_accept_is_explained_and_the_edit_stays(qtbot, offices, said, monkeypatch):
    o, folder = offices
    sh = o["LC-SH"]
    late_edit_reaches_sin_ho(o, folder, title=LATE)
    page = SyncPage(sh)
    qtbot.addWidget(page)

    def refused(edit_id: int) -> None:
        raise EditConflict("sáng kiến", "hoa", None)

    monkeypatch.setattr(sh.moved_edits, "accept", refused)
    page.moved_edits.view.selectRow(0)
    qtbot.mouseClick(page.moved_edits.accept_button, Qt.MouseButton.LeftButton)
    assert said[-1][0] == "error" and "Sáng kiến vừa được hoa sửa" in said[-1][1]
    assert page.moved_edits.model.rowCount() == 1
    assert page.moved_edits.selected() is not None  # still chosen, the buttons still on
    assert page.moved_edits.accept_button.isEnabled()
    assert len(sh.moved_edits.open()) == 1
