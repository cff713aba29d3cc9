"""The province's reorganisation from the units tab, on the demo province's store: a sheet read,
a preview naming the unknown unit's row, the row fixed by hand, applied in one step; the tree
and the history say what happened; the unreached quota of the ended federation re-assigned."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from modal import when_open
from openpyxl import Workbook
from PySide6.QtCore import Qt

from desktop.views.campaigns.reassign_dialog import ReassignDialog
from desktop.views.common import dialogs
from desktop.views.common.tasks import TaskRunner
from desktop.views.units.page import UNIT_ID_ROLE, UnitsPage
from desktop.views.units.reorganise_dialog import COL, ReorganiseDialog

NEW = "Công đoàn phường Tân Phong"
CITY = "Liên đoàn Lao động thành phố Lai Châu"
UNKNOWN = "Công đoàn cơ sở Công ty Không Có Thật"
SCREENSHOT = os.environ.get("REORGANISE_SCREENSHOT")  # a path: the preview is saved there


def _sheet(tmp_path, services) -> tuple[str, list[str]]:
    """The decision as an officer's sheet: the ward union created, the city federation's
    grassroots unions moved to it (the last one named wrongly), the federation dissolved."""
    city = services.units.by_code("LC-TP")
    codes = [g.code for g in services.units.list(parent_id=city.id)]
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Đơn vị", "Thao tác", "Đơn vị cấp trên mới", "Loại đơn vị", "Tên mới"])
    ws.append([1, NEW, "Tạo mới", "LĐLĐ tỉnh Lai Châu", "Công đoàn phường", None])
    for i, code in enumerate(codes[:-1], start=2):
        ws.append([i, code, "chuyển", NEW, None, None])
    ws.append([len(codes) + 1, UNKNOWN, "chuyển", NEW, None, None])
    ws.append([len(codes) + 2, CITY, "giải thể", None, None, None])
    path = tmp_path / "sap_xep.xlsx"
    wb.save(path)
    return str(path), codes


def _item_of(page, unit_id):
    hits = page.tree_model.match(
        page.tree_model.index(0, 0),
        UNIT_ID_ROLE,
        unit_id,
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )
    return hits[0] if hits else None


def _page(qtbot, services):
    page = UnitsPage(services, tasks=TaskRunner())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_a_sheet_previewed_fixed_and_applied_from_the_units_tab(
    qtbot, demo_services, tmp_path, monkeypatch
):
    services = demo_services
    page = _page(qtbot, services)
    button = page.reorganise_button
    assert button.isEnabled() and button.text() == "Sắp xếp lại đơn vị…"
    sheet, codes = _sheet(tmp_path, services)
    last = services.units.by_code(codes[-1])
    asked: list[str] = []

    def confirm(_parent, text, *_a, **_k):
        asked.append(text)
        return "Giao lại phần đó" not in text  # apply: yes; re-assign now: later

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: None)
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: pytest.fail(f"error: {text}"))
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: sheet)
    failures: list[BaseException] = []
    seen: dict[str, object] = {}

    def act(dialog):
        assert isinstance(dialog, ReorganiseDialog)
        # Fits a 1366×768 screen with its taskbar.
        assert dialog.height() <= 700 and dialog.width() <= 1366
        assert dialog.minimumSizeHint().height() <= 700
        dialog.effective.setText("01/07/2025")
        dialog.from_file.click()
        assert dialog.table.rowCount() == len(codes) + 2
        dialog.preview_button.click()
        qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
        text = dialog.preview_text.toPlainText()
        assert "tạo mới 1" in text and f"chuyển {len(codes) - 1}" in text
        assert "giải thể 1" in text
        bad = dialog.problem_rows()
        unknown_row = next(
            i for i in range(dialog.table.rowCount()) if dialog._text(i, "unit") == UNKNOWN
        )
        assert unknown_row in bad
        assert UNKNOWN in dialog.table.item(unknown_row, COL["problem"]).text()
        assert not dialog.apply_button.isEnabled()
        # The officer puts the right unit in the row (its code), and previews again.
        dialog.set_cell(unknown_row, "unit", last.code)
        dialog.preview_button.click()
        qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
        assert dialog.problem_rows() == []
        text = dialog.preview_text.toPlainText()
        assert f"chuyển {len(codes)}" in text
        assert f"từ LĐLĐ thành phố Lai Châu sang {NEW}" in text
        assert dialog.apply_button.isEnabled()
        seen["preview"] = text
        if SCREENSHOT:
            dialog.grab().save(SCREENSHOT)
        dialog.apply_button.click()
        qtbot.waitUntil(lambda: dialog.applied is not None, timeout=20000)

    when_open(ReorganiseDialog, act, failures)
    button.click()
    if failures:
        raise failures[0]
    assert "01/07/2025" in asked[0] and "tạo mới 1" in asked[0]

    new = services.units.find(NEW)
    assert new is not None
    item = _item_of(page, new.id)
    assert item is not None
    model = page.tree_model
    under = {model.index(r, 0, item).data() for r in range(model.rowCount(item))}
    moved = {services.units.by_code(c).name for c in codes}
    assert moved <= under
    # The dissolved federation is hidden, until asked for: greyed, with its day.
    city = services.units.by_code("LC-TP")
    assert _item_of(page, city.id) is None
    page.show_ended.setChecked(True)
    ended = _item_of(page, city.id)
    assert ended is not None and ended.data() == f"{CITY} (đã giải thể ngày 01/07/2025)"

    page.tree.setCurrentIndex(_item_of(page, last.id))
    history = page.unit_detail.toPlainText()
    assert f"Chuyển từ {CITY} sang {NEW} ngày 01/07/2025" in history
    assert "Cấp: Công đoàn cơ sở" in history
    page.tree.setCurrentIndex(_item_of(page, new.id))
    detail = page.unit_detail.toPlainText()
    assert "Thành lập ngày 01/07/2025 (trực thuộc Liên đoàn Lao động tỉnh Lai Châu)" in detail
    assert "Cấp: Công đoàn cấp trên trực tiếp cơ sở" in detail


def test_bad_date_and_typed_rows_keep_everything(qtbot, demo_services, monkeypatch):
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: errors.append(text))
    dialog = ReorganiseDialog(demo_services, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(dialog)
    i = dialog.add_row()
    dialog.action_combo(i).setCurrentIndex(dialog.action_combo(i).findData("đổi tên"))
    dialog.set_cell(i, "unit", "LĐLĐ huyện Tam Đường")
    dialog.set_cell(i, "new_name", "Công đoàn xã Tam Đường")
    j = dialog.add_row()
    dialog.set_cell(j, "unit", "Công đoàn cơ sở Trường Tiểu học Bản Bo")  # no action chosen
    dialog.effective.setText("31/02/2025")
    dialog.preview_button.click()
    assert errors and errors[0].startswith("Ngày hiệu lực")
    assert dialog.effective.text() == "31/02/2025" and dialog.table.rowCount() == 2
    dialog.effective.setText("01/07/2025")
    dialog.preview_button.click()
    assert dialog.problem_rows() == [j]
    assert "chưa chọn thao tác" in dialog.table.item(j, COL["problem"]).text()
    assert not dialog.apply_button.isEnabled()
    assert dialog._text(i, "new_name") == "Công đoàn xã Tam Đường"
    dialog.table.selectRow(j)
    dialog.remove_rows()
    dialog.preview_button.click()
    assert dialog.problem_rows() == [] and dialog.apply_button.isEnabled()
    assert "Đổi tên LĐLĐ huyện Tam Đường thành «Công đoàn xã Tam Đường»" in (
        dialog.preview_text.toPlainText()
    )
    dialog.set_cell(i, "new_name", "Công đoàn xã Bình Lư")  # an edit after the preview
    assert not dialog.apply_button.isEnabled()


def test_a_district_cannot_reorganise(qtbot, district_demo_services):
    page = _page(qtbot, district_demo_services)
    assert not page.reorganise_button.isEnabled()
    assert "Chỉ LĐLĐ tỉnh" in page.reorganise_button.toolTip()
    assert not page.show_ended.isChecked()


def test_the_unreached_quota_goes_to_the_successors(qtbot, demo_services, monkeypatch):
    from desktop.services.units.reorganise import Action, ChangeRow

    services = demo_services
    city = services.units.by_code("LC-TP")
    rows = [ChangeRow(Action.CREATE, NEW, "LĐLĐ tỉnh Lai Châu", line=2)]
    rows += [
        ChangeRow(Action.MOVE, g.code, NEW, line=3 + i)
        for i, g in enumerate(services.units.list(parent_id=city.id))
    ]
    rows.append(ChangeRow(Action.DISSOLVE, "LC-TP", line=99))
    # A campaign running across 1 July 2025, with a quota of the city federation for all of it.
    campaign = next(c for c in services.campaigns.list() if c.ends_on == dt.date(2025, 12, 31))
    services.campaigns.set_quota(campaign.id, city.id, None, 500)
    plan = services.reorganisation.apply(rows, dt.date(2025, 7, 1))
    assert any(q.remainder for q in plan.quotas)
    errors: list[str] = []
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: errors.append(text))
    monkeypatch.setattr(dialogs, "info", lambda _p, text, *a: shown.append(text))
    dialog = ReassignDialog(services, campaign.id)
    qtbot.addWidget(dialog)
    r = dialog.current()
    assert r is not None and r.unit_id == city.id and r.remainder > 0
    dialog.give.click()
    assert errors and "ít nhất một đơn vị" in errors[0]
    new = services.units.find(NEW)
    assert new is not None
    before = services.campaigns.quotas(campaign.id)
    dialog.shares[new.id].setValue(r.remainder)
    dialog.give.click()
    after = services.campaigns.quotas(campaign.id)
    assert after[(new.id, r.period_id)] == before.get((new.id, r.period_id), 0) + r.remainder
    assert after[(city.id, r.period_id)] == before[(city.id, r.period_id)] - r.remainder
    assert shown and "Đã giao lại" in shown[0]
