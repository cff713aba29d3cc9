"""The initiatives page's «Xuất theo mẫu cổng sáng kiến Tổng Liên đoàn…» (its action, and the
main window's Tệp menu): the rows shown, in the portal's layout."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from test_initiatives_list import _page

from desktop.services.initiatives.portal_export import HEADERS
from desktop.views.common import dialogs


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, *a: said.append(text))
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))
    return said


def test_the_rows_shown_go_to_the_portal_layout(qtbot, demo_services, tmp_path, monkeypatch, quiet):
    page = _page(qtbot, demo_services, tmp_path)
    out = tmp_path / "cong"  # the suffix is added
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    before = page.model.rowCount()
    qtbot.keyClicks(page.search, "nguyen")
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < before)
    shown = page.model.rowCount()
    assert page.portal_action.text() == "Xuất theo mẫu cổng sáng kiến Tổng Liên đoàn…"
    page.portal_action.trigger()
    ws = load_workbook(tmp_path / "cong.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == HEADERS and len(rows) - 1 == shown
    assert quiet and "Đã xuất" in quiet[-1]


def test_the_file_menu_offers_it(qtbot, demo_services, tmp_path, monkeypatch, quiet):
    from PySide6.QtCore import QSettings

    from desktop.views.common.settings import AppSettings
    from desktop.views.shell.main_window import MainWindow

    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(demo_services, settings)
    qtbot.addWidget(window)
    action = window.actions_by_name["exportPortal"]
    assert action.text().replace("&", "") == "Xuất theo mẫu cổng sáng kiến Tổng Liên đoàn…"
    out = tmp_path / "menu.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    action.trigger()
    qtbot.waitUntil(out.exists, timeout=20_000)
    qtbot.waitUntil(lambda: bool(quiet), timeout=20_000)
    assert next(load_workbook(out).active.iter_rows(values_only=True)) == HEADERS
