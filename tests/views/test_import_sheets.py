"""The import preview of a real list (issue #16): the sheets to choose from, every column of a
two-row header offered, the rows that are no initiatives listed as skipped.

A real TaskRunner (worker threads) and the real window page: the list is the district's .ods
saved by LibreOffice (tests/data/lists), with a hidden sheet, «Đợt 1» and «Đợt 2».
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.page import InitiativesPage
from support.initiative_fixtures import build_world
from tools.list_samples import DATA, LIST_NAME


@pytest.fixture
def opened(qtbot, sqlite_store, tmp_path, monkeypatch):
    services = Services.over(sqlite_store)
    world = build_world(services)
    said: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))
    monkeypatch.setattr(dialogs, "info", lambda parent, text, *a: said.append(text))
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(DATA / f"{LIST_NAME}.ods"))
    tasks = TaskRunner()
    page = InitiativesPage(services, drafts=DraftStore(tmp_path / "drafts"), tasks=tasks)
    page.reload_campaigns(select_id=world.campaign.id)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.excel.dialog is not None, timeout=20000)
    dialog = page.excel.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.planning, timeout=20000)
    yield dialog, services, world, said
    tasks.wait()


def _texts(table, col):
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_the_visible_sheets_are_offered_and_another_is_previewed_when_chosen(qtbot, opened):
    dialog, services, world, said = opened
    box = dialog.sheet_box
    assert box.isVisibleTo(dialog)
    assert [box.itemText(i) for i in range(box.count())] == ["Đợt 1", "Đợt 2"]  # not «Cũ 2020»
    assert box.currentText() == "Đợt 1"
    assert "trang «Đợt 1», tiêu đề ở dòng 5-6" in dialog.summary.text()
    assert "Bỏ qua trang tính ẩn «Cũ 2020»" in dialog.summary.text()
    # Every column of the two-row header is offered, set to what it was taken for.
    labels = [dialog.columns.labels[i].text() for i in sorted(dialog.columns.labels)]
    assert labels[2:5] == ["Tác giả - Họ tên", "Tác giả - Chức vụ", "Tác giả - Nơi công tác"]
    chosen = {
        dialog.columns.labels[i].text(): b.currentText() for i, b in dialog.column_boxes.items()
    }
    assert chosen["Tác giả - Họ tên"] == "Tác giả" and chosen["Tác giả - Chức vụ"] == "Chức vụ"
    assert chosen["Tác giả - Nơi công tác"] == "Nơi công tác"
    assert chosen["Tên sáng kiến"] == "Tên sáng kiến"
    # Rows in, rows refused, rows skipped with the reason.
    assert _texts(dialog.rows, 0) == ["8", "9", "10"]
    assert _texts(dialog.rows, 3)[1] == "Nguyễn Văn A"  # typed in TCVN3
    assert _texts(dialog.rejected_rows, 0) == ["11"]
    assert dialog.skipped_rows.isVisibleTo(dialog)
    assert _texts(dialog.skipped_rows, 0) == ["7", "12"]
    reasons = _texts(dialog.skipped_rows, 2)
    assert "đánh số thứ tự các cột" in reasons[0] and "«Tổng cộng»" in reasons[1]
    assert "bỏ qua 2 dòng không phải sáng kiến" in dialog.summary.text()

    box.setCurrentText("Đợt 2")  # read on the worker thread, then planned afresh
    qtbot.waitUntil(
        lambda: "trang «Đợt 2»" in dialog.summary.text() and not dialog.planning, timeout=20000
    )
    assert _texts(dialog.rows, 2) == [
        "Sổ tay an toàn điện cho công nhân mới",
        "Góc học tập xanh cho học sinh",
    ]
    assert dialog.rejected_rows.rowCount() == 0
    assert _texts(dialog.skipped_rows, 0) == ["2", "5"]
    assert not dialog.units_box.isVisibleTo(dialog)  # «Công ty Mới Lập» was on «Đợt 1»
    labels = [dialog.columns.labels[i].text() for i in sorted(dialog.columns.labels)]
    assert labels == ["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Lĩnh vực", "Ngày áp dụng"]
    shown = [b for b in dialog.columns.findChildren(QComboBox) if b.isVisibleTo(dialog)]
    assert len(shown) == 6  # the columns of «Đợt 1» are gone from sight
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("Đã thêm 2" in t for t in said), timeout=20000)
    titles = {
        r.title
        for r in services.initiatives.rows_slice(ListQuery(campaign_id=world.campaign.id), 0, 9)
    }
    assert titles == {"Sổ tay an toàn điện cho công nhân mới", "Góc học tập xanh cho học sinh"}


def test_a_column_taken_wrongly_can_be_corrected(qtbot, opened):
    dialog, _services, _world, _said = opened
    workplace = next(
        b
        for i, b in dialog.column_boxes.items()
        if "Nơi công tác" in dialog.columns.labels[i].text()
    )
    workplace.setCurrentIndex(workplace.findData("notes"))  # the person says: notes
    qtbot.waitUntil(lambda: not dialog.planning, timeout=20000)
    assert dialog.plan is not None
    first = dialog.plan.rows[0].data
    assert first.notes == "Trường Tiểu học Bản Bo" and first.authors[0].workplace is None
