"""The import preview says how a list's values were read: a "Cần kiểm tra" column on the rows
to import (amounts in words, months and quarters, dates that could be month first) and the
column's note in the summary."""

from __future__ import annotations

from desktop.services.registry import Services
from desktop.views.initiatives.import_dialog import ImportPreviewDialog
from services.test_import_list_values import ROWS, list_file
from support.initiative_fixtures import build_world


def test_the_preview_shows_what_to_check(qtbot, sqlite_store, tmp_path):
    services = Services.over(sqlite_store)
    world = build_world(services)
    sheet = services.initiative_import.read(list_file(tmp_path / "ds.xlsx", ROWS))
    dialog = ImportPreviewDialog(services, sheet, world.campaign.id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None)
    table = dialog.rows
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[-1] == "Cần kiểm tra"
    checks = {table.item(r, 0).text(): table.item(r, 4) for r in range(table.rowCount())}
    assert "«2,5 triệu» đọc là 2.500.000 đồng" in checks["4"].text()
    assert "chỉ ghi quý (Quý I/2022)" in checks["5"].toolTip()
    assert "5 dòng cần kiểm tra" in dialog.summary.text()
    assert "«03/04/2022» (dòng 8)" in dialog.summary.text()
    assert dialog.rejected_rows.rowCount() == 3
