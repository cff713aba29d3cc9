"""Pages stay current through the real window, as the issue's officers met it: a bundle
dropped on the province's window raises the dashboard's and the list's counts at once, and a
restored backup shows its own figures on every page, without a restart. (Entry, Excel import
and decisions through the one change signal: tests/views/test_changes.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.campaigns.dashboard import DashboardPage
from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings
from desktop.views.initiatives.page import InitiativesPage
from desktop.views.shell.main_window import MainWindow
from desktop.views.sync.dialogs import ImportPreviewDialog
from desktop.views.sync.page import SyncPage
from support.sync_fixtures import add_initiative, copy_offices

CAMPAIGN = "01TRIEU-2022"


@pytest.fixture
def offices(sync_offices_template, tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "info", lambda *_a, **_k: None)
    monkeypatch.setattr(dialogs, "error", lambda _p, text, title=None: pytest.fail(text))
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()
    dialogs.remember_in(None)


def on_campaign(window: MainWindow, services: Services) -> None:
    campaign_id = services.campaigns.by_code(CAMPAIGN).id
    initiatives = window.pages["initiatives"]
    assert isinstance(initiatives, InitiativesPage)
    initiatives.reload_campaigns(select_id=campaign_id)
    dashboard = window.pages["dashboard"]
    assert isinstance(dashboard, DashboardPage)
    dashboard.campaign.setCurrentIndex(dashboard.campaign.findData(campaign_id))


def figures(window: MainWindow) -> tuple[str, str]:
    """What the officer reads: the dashboard's summary and the list's count."""
    dashboard: Any = window.pages["dashboard"]
    initiatives: Any = window.pages["initiatives"]
    return dashboard.summary.text(), initiatives.count.text()


def fresh_figures(services: Services, tmp_path, name: str) -> tuple[str, str]:
    """What a window opened now (a restart) shows."""
    settings = AppSettings(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(services, settings)
    try:
        on_campaign(window, services)
        return figures(window)
    finally:
        window.close()
        window.deleteLater()


def test_a_bundle_dropped_on_the_province_shows_on_its_dashboard_and_list(qtbot, offices):
    p, d, tmp = offices
    for i in range(3):
        add_initiative(d, "LC-TD-04", f"Sáng kiến mới của huyện số {i}")
    bundle = d.bundles.export("LC", tmp).path
    window = MainWindow(p, AppSettings(QSettings(str(tmp / "p.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    on_campaign(window, p)
    window.show_page("dashboard")
    before = figures(window)

    def apply(dialog: ImportPreviewDialog) -> None:
        qtbot.mouseClick(dialog.apply, Qt.MouseButton.LeftButton)

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, ImportPreviewDialog):
            apply(w)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle))])
    args = (QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    enter = QDragEnterEvent(*args)
    assert QApplication.sendEvent(window, enter) and enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(*args))
    sync = window.pages["sync"]
    assert isinstance(sync, SyncPage)
    qtbot.waitUntil(lambda: window.current_page() == "sync", timeout=5000)
    qtbot.waitUntil(lambda: sync.idle() and sync.history.rowCount() > 0, timeout=30000)
    truth = fresh_figures(p, tmp, "restart")
    assert truth != before  # the bundle brought three initiatives
    window.show_page("dashboard")
    qtbot.waitUntil(lambda: figures(window)[0] == truth[0], timeout=5000)
    window.show_page("initiatives")
    qtbot.waitUntil(lambda: figures(window) == truth, timeout=5000)


def test_a_restored_backup_shows_its_own_figures_on_every_page(qtbot, offices):
    from desktop.app import ProgramSession

    _p, d, tmp = offices
    settings = AppSettings(QSettings(str(tmp / "d.ini"), QSettings.Format.IniFormat))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    session = ProgramSession(app, settings)
    window = session.show(d.store)
    qtbot.addWidget(window)
    on_campaign(window, d)
    backup = d.backup.make().path
    at_backup = figures(window)
    add_initiative(d, "LC-TD-04", "Gõ sau lần sao lưu")
    window.show_page("dashboard")
    qtbot.waitUntil(lambda: figures(window)[0] != at_backup[0], timeout=5000)

    session.restore(str(backup))

    restored = session.window
    assert restored is not None and restored is not window and session.services is not None
    qtbot.addWidget(restored)
    on_campaign(restored, session.services)
    for key in ("dashboard", "initiatives"):
        restored.show_page(key)
    assert figures(restored) == at_backup
    assert session.store is not None
    session.store.close()


def test_an_excel_list_dropped_on_the_window_is_imported_and_counted_everywhere(
    qtbot, offices, monkeypatch
):
    """The issue's district: 16 initiatives imported from Excel, and the dashboard said the old
    count until a restart. Dropped on the window, confirmed in the preview, counted at once."""
    from openpyxl import Workbook

    from desktop.views.initiatives.import_dialog import ImportPreviewDialog as ListPreview

    _p, d, tmp = offices
    said: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda _p, text, title=None: said.append(text))
    settings = AppSettings(QSettings(str(tmp / "d.ini"), QSettings.Format.IniFormat))
    window = MainWindow(d, settings)
    qtbot.addWidget(window)
    window.show()
    on_campaign(window, d)
    window.show_page("dashboard")
    before = figures(window)
    campaign = d.campaigns.get(d.campaigns.by_code(CAMPAIGN).id)
    unit = d.units.by_code("LC-TD-04")
    assert unit is not None
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Lĩnh vực", "Ngày áp dụng"])
    for i in range(16):
        ws.append([i + 1, f"Sáng kiến trong danh sách số {i}", "Lò Văn Bình", unit.name,
                   campaign.fields[0].name, "10/01/2022"])  # fmt: skip
    path = tmp / "Danh sach huyen.xlsx"
    wb.save(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    enter = QDragEnterEvent(*args)
    assert QApplication.sendEvent(window, enter) and enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(*args))

    def preview() -> ListPreview | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, ListPreview)]
        return next((w for w in found if w.isVisible()), None)

    qtbot.waitUntil(lambda: preview() is not None, timeout=20000)
    dialog = preview()
    assert dialog is not None and window.current_page() == "initiatives"
    qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=20000)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("Đã thêm 16" in t for t in said), timeout=30000)
    truth = fresh_figures(d, tmp, "restart")
    assert truth != before
    qtbot.waitUntil(lambda: figures(window)[1] == truth[1], timeout=5000)  # the list, in view
    window.show_page("dashboard")  # the dashboard, as soon as it is looked at
    qtbot.waitUntil(lambda: figures(window) == truth, timeout=5000)
    # And the list is in «Tệp gần đây».
    assert settings.recent_files()[0] == str(path)
