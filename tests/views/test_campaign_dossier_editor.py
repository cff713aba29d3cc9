"""The campaign editor's «Hồ sơ» tab: the province ticks the papers of a campaign, names
them and says which are required; a list that makes no sense is refused and nothing typed is
lost; at a district the tab is shown read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QTabWidget

from desktop.models import DossierKind
from desktop.services.campaigns.dossier_items import DossierItemSpec
from desktop.services.registry import Services
from desktop.views.campaigns.dossier_table import NAME, REQUIRED, USED
from desktop.views.campaigns.editor import CampaignDialog
from desktop.views.common import dialogs
from support.proposal_fixtures import build


def _open(qtbot, services, campaign_id):
    dialog = CampaignDialog(services, campaign_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tabs = dialog.findChild(QTabWidget)
    bar = tabs.tabBar()
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Hồ sơ")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    return dialog, dialog.dossier


def _click_tick(qtbot, table, row, col):
    rect = table.visualItemRect(table.item(row, col))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_Space)


def _rows(table):
    return [
        (
            table.item(r, USED).checkState() == Qt.CheckState.Checked,
            table.item(r, NAME).text(),
            table.item(r, REQUIRED).checkState() == Qt.CheckState.Checked,
        )
        for r in range(table.rowCount())
    ]


def test_the_province_makes_a_paper_optional_and_adds_one(qtbot, sqlite_store, monkeypatch):
    services = Services.over(sqlite_store)
    w = build(services)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: errors.append(text))
    dialog, table = _open(qtbot, services, w.nghin75.id)
    assert _rows(table)[:3] == [
        (True, "Tờ trình của ban thường vụ công đoàn cấp trên", True),
        (True, "Bảng tổng hợp tóm tắt sáng kiến", True),
        (False, "Công văn đề nghị của công đoàn cấp trên", True),
    ]
    _click_tick(qtbot, table, 1, REQUIRED)  # the Bảng tổng hợp: optional
    row_other = table.kinds.index(DossierKind.OTHER)
    _click_tick(qtbot, table, row_other, USED)
    _click_tick(qtbot, table, row_other, REQUIRED)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert errors == []
    assert services.campaigns.get(w.nghin75.id).dossier_items == (
        DossierItemSpec(DossierKind.SUBMISSION),
        DossierItemSpec(DossierKind.SUMMARY, required=False),
        DossierItemSpec(DossierKind.OTHER, required=False),
    )


def test_no_paper_at_all_is_refused_and_the_dialog_stays(qtbot, sqlite_store, monkeypatch):
    services = Services.over(sqlite_store)
    w = build(services)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: errors.append(text))
    dialog, table = _open(qtbot, services, w.nghin75.id)
    _click_tick(qtbot, table, 0, USED)
    _click_tick(qtbot, table, 1, USED)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert len(errors) == 1 and "Hồ sơ của chương trình cần ít nhất một thành phần." in errors[0]
    assert dialog.isVisible() and not _rows(table)[0][0]
    assert len(services.campaigns.get(w.nghin75.id).dossier_items) == 2


def test_a_district_sees_the_papers_read_only(qtbot, sqlite_store):
    services = Services.over(sqlite_store)
    w = build(services)
    services.office.set_up(w.district_a.id)
    _dialog, table = _open(qtbot, services, w.nghin75.id)
    before = _rows(table)
    _click_tick(qtbot, table, 0, USED)
    assert _rows(table) == before
