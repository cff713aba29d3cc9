"""Typing points on the scoring sheet as an officer would: out-of-range refused with a message and
nothing lost, the decimal comma (or a dot by habit) read and shown the Vietnamese way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from desktop.views.common import dialogs
from desktop.views.reports.page import ReportsPage


@pytest.fixture
def page(qtbot, demo_services, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, title=None: shown.append(text))
    monkeypatch.setattr(dialogs, "info", lambda parent, text, title=None: shown.append(text))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, title=None: False)
    p = ReportsPage(demo_services)
    p.shown = shown
    qtbot.addWidget(p)
    p.resize(1300, 800)
    p.show()
    p.tabs.setCurrentIndex(1)
    return p


def _fresh_sheet(panel, services):
    row = next(i for i, r in enumerate(panel.model.rows) if r.scored < r.members)
    initiative_id = panel.model.rows[row].initiative_id
    panel.table.selectRow(row)
    sheet = services.evaluation.scoring.sheet(panel._council.id, initiative_id)
    member_index = next(
        i for i in range(panel.sheet.member.count()) if panel.sheet.member.itemData(i) not in sheet
    )
    panel.sheet.member.setCurrentIndex(member_index)
    return initiative_id, panel.sheet.member.itemData(member_index)


def _type(qtbot, box, text):
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    box.interpretText()


def test_sixteen_in_a_fifteen_box_is_refused_and_kept(qtbot, page, demo_services):
    panel = page.council_panel
    initiative_id, member_id = _fresh_sheet(panel, demo_services)
    boxes = panel.sheet.point_boxes
    small = next((cid, b) for cid, b in boxes if b.maximum() == 15)
    for cid, box in boxes:
        _type(qtbot, box, "16" if cid == small[0] else "10")
    assert small[1].lineEdit().text() == "16,0"  # the second digit is not eaten
    name = small[1].criterion_name
    qtbot.mouseClick(panel.sheet.save_button, Qt.MouseButton.LeftButton)
    assert page.shown == [f"Điểm «{name}» tối đa 15; đã nhập 16."]
    sheet = demo_services.evaluation.scoring.sheet(panel._council.id, initiative_id)
    assert member_id not in sheet  # nothing stored
    assert small[1].lineEdit().text() == "16,0"  # nothing typed is lost


def test_a_decimal_comma_is_stored_and_shown(qtbot, page, demo_services):
    panel = page.council_panel
    initiative_id, member_id = _fresh_sheet(panel, demo_services)
    boxes = panel.sheet.point_boxes
    typed = ["12,5"] + ["10.5"] * (len(boxes) - 1)
    for text, (_cid, box) in zip(typed, boxes, strict=True):
        _type(qtbot, box, text)
    assert boxes[0][1].lineEdit().text() == "12,5"
    assert boxes[1][1].lineEdit().text() == "10,5"  # a dot by habit reads as the decimal mark
    total = Decimal("12.5") + Decimal("10.5") * (len(boxes) - 1)
    assert panel.sheet.total.text() == f"{total:.1f}".replace(".", ",")
    qtbot.mouseClick(panel.sheet.save_button, Qt.MouseButton.LeftButton)
    assert page.shown == []
    stored = demo_services.evaluation.scoring.sheet(panel._council.id, initiative_id)[member_id]
    assert stored[boxes[0][0]] == Decimal("12.5")
