"""The council panel driven as a person would: score an initiative, then make a decision."""

from __future__ import annotations

import datetime as dt

import pytest
from modal import when_open
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDoubleSpinBox

from desktop.models import InitiativeStatus
from desktop.services.evaluation.decisions import DecisionInput
from desktop.views.common import dialogs
from desktop.views.evaluation.decision_dialog import DecisionPreviewDialog
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


def _row_of(panel, predicate):
    return next(i for i, r in enumerate(panel.model.rows) if predicate(r))


def test_scoring_a_sheet_updates_the_average_and_count(qtbot, page, demo_services):
    panel = page.council_panel
    row = _row_of(panel, lambda r: r.scored < r.members)
    before = panel.model.rows[row]
    panel.table.selectRow(row)
    sheet = demo_services.evaluation.scoring.sheet(panel._council.id, before.initiative_id)
    member_index = next(
        i for i in range(panel.sheet.member.count()) if panel.sheet.member.itemData(i) not in sheet
    )
    panel.sheet.member.setCurrentIndex(member_index)
    for value, (_cid, box) in zip(("25", "24", "20", "12"), panel.sheet.point_boxes, strict=True):
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), value)
        box.interpretText()
    assert panel.sheet.total.text() == "81,0"
    qtbot.mouseClick(panel.sheet.save_button, Qt.MouseButton.LeftButton)
    after = next(r for r in panel.model.rows if r.initiative_id == before.initiative_id)
    assert after.scored == before.scored + 1
    assert after.scored_text == f"{before.scored + 1}/{before.members}"
    assert 81 in [int(t) for t in after.totals]
    assert page.shown == []


def test_points_over_the_weight_are_refused_and_kept(qtbot, page):
    panel = page.council_panel
    panel.table.selectRow(0)
    box = panel.findChild(QDoubleSpinBox, f"criterion_{panel._council.criteria[3].id}")
    assert box.maximum() == 15  # the weight (above it is kept as typed and refused on save)


def test_a_decision_from_the_window_recognises_the_chosen(qtbot, page, demo_services):
    panel = page.council_panel
    qtbot.mouseClick(panel.select_passing, Qt.MouseButton.LeftButton)
    chosen = set(panel.model.checked)
    assert chosen
    # tick one more row by hand: a flagged dossier -> refused with the reason, nothing saved
    flagged = _row_of(panel, lambda r: not r.check.valid and r.scored == r.members)
    index = panel.model.index(flagged, 0)
    panel.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.keyClicks(panel.decision_number, "301/Q")
    panel.decision_number.insert("Đ-LĐLĐ")  # QTest types ASCII only; the rest is pasted
    panel.signer.clear()
    panel.signer.insert("Lê Văn Tâm")  # pasted: QTest types ASCII only
    qtbot.mouseClick(panel.make_decision, Qt.MouseButton.LeftButton)
    assert demo_services.evaluation.decisions.all(panel.campaign.currentData())[-1].number != (
        "301/QĐ-LĐLĐ"
    )
    # untick it again and decide
    panel.model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    failures: list[BaseException] = []
    when_open(DecisionPreviewDialog, lambda d: d.issue_button.click(), failures)
    qtbot.mouseClick(panel.make_decision, Qt.MouseButton.LeftButton)
    assert not failures
    assert any("Đã lập quyết định 301/QĐ-LĐLĐ" in t for t in page.shown)
    decision = demo_services.evaluation.decisions.by_number(
        panel.campaign.currentData(), "301/QĐ-LĐLĐ"
    )
    assert {e.initiative_id for e in decision.entries if e.recognised} == chosen
    assert decision.signer_name == "Lê Văn Tâm"
    for iid in chosen:
        assert demo_services.initiatives.get(iid).status == InitiativeStatus.RECOGNISED
    assert any(
        "301/QĐ-LĐLĐ" in panel.decisions.item(i).text() for i in range(panel.decisions.count())
    )


def test_nominating_needs_recognition_first(qtbot, page, demo_services):
    panel = page.council_panel
    row = _row_of(panel, lambda r: r.status == InitiativeStatus.UNDER_EVALUATION)
    iid = panel.model.rows[row].initiative_id
    panel.model.setData(
        panel.model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    qtbot.mouseClick(panel.nominate, Qt.MouseButton.LeftButton)
    assert page.shown and "chưa được công nhận" in page.shown[-1]
    assert demo_services.initiatives.get(iid).status == InitiativeStatus.UNDER_EVALUATION
    # recognised by a decision (made here through the service), the nomination goes through
    demo_services.evaluation.decisions.decide(
        DecisionInput(
            panel.campaign.currentData(),
            "302/QĐ-LĐLĐ",
            dt.date(2023, 12, 1),
            recognise=(iid,),
            accept_flagged=True,
        )
    )
    panel._reload_results()
    panel.model.setData(
        panel.model.index(_row_of(panel, lambda r: r.initiative_id == iid), 0),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    qtbot.mouseClick(panel.nominate, Qt.MouseButton.LeftButton)
    assert "Đã đề nghị cấp trên 1 sáng kiến." in page.shown[-1]
    assert demo_services.initiatives.get(iid).status == InitiativeStatus.NOMINATED


def test_setting_up_a_council_from_the_window(qtbot, page, demo_services, monkeypatch):
    from desktop.views.evaluation.council_dialog import CouncilDialog

    panel = page.council_panel
    dk = demo_services.campaigns.by_code("DKST-2024")
    panel.campaign.setCurrentIndex(panel.campaign.findData(dk.id))
    assert panel.council.count() == 0
    waiting = demo_services.evaluation.councils.candidates(dk.id)
    assert waiting
    attempts = []

    def fill_and_accept(dialog):
        attempts.append(dialog.error.text())
        if len(attempts) == 1:
            dialog.name.clear()  # refused by the service, the dialog stays with the message
        else:
            qtbot.keyClicks(dialog.name, "Hoi dong 2024")
        dialog.members.setPlainText("Hoàng Minh Đức - Chủ tịch Hội đồng\nLò Văn Khánh - Ủy viên")
        dialog.criteria.item(3, 1).setText("20")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CouncilDialog, "exec", fill_and_accept)
    qtbot.mouseClick(panel.new_council, Qt.MouseButton.LeftButton)
    assert attempts == ["", "Tên hội đồng không được để trống."]
    council = demo_services.evaluation.councils.all(dk.id)[0]
    assert [m.full_name for m in council.members] == ["Hoàng Minh Đức", "Lò Văn Khánh"]
    assert council.total_points == 105
    assert panel.council.currentData() == council.id
    assert {r.initiative_id for r in panel.model.rows} == set(waiting)
    assert all(r.scored_text == "0/2" for r in panel.model.rows)


def test_editing_members_and_criteria_of_a_council(qtbot, page, demo_services, monkeypatch):
    from desktop.views.evaluation.council_dialog import CouncilEditDialog

    panel = page.council_panel
    ev = demo_services.evaluation
    council = panel._council
    scored = ev.scoring.scored_sheets(council.id)
    secretary = council.members[4]
    assert scored[secretary.id] > 0
    before = {r.initiative_id: r for r in panel.model.rows}
    questions: list[str] = []
    answer = {"remove": False}

    def confirm(parent, text, title=None):
        questions.append(text)
        return answer["remove"]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    errors: list[str] = []

    def click_ok(dialog):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        errors.append(dialog.error.text())

    def select(table, row):
        table.setCurrentCell(row, 0)

    def first_showing(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.members.rowCount() == 5 and dialog.criteria.rowCount() == 4
        # removing a member who has scored asks first; "no" keeps the member
        select(dialog.members, 4)
        qtbot.mouseClick(dialog.remove_member, Qt.MouseButton.LeftButton)
        assert dialog.members.rowCount() == 5
        assert "Vàng A Dính đã chấm" in questions[-1] and "Vẫn xoá?" in questions[-1]
        # rename a member, add one
        dialog.members.item(2, 0).setText("Lò Văn Khánh Hưng")
        qtbot.mouseClick(dialog.add_member, Qt.MouseButton.LeftButton)
        assert dialog.members.rowCount() == 6
        dialog.members.item(5, 0).setText("Đỗ Thị Lan")
        dialog.members.setItem(5, 1, type(dialog.members.item(5, 0))("Ủy viên"))
        # a weight of 0, then a weight that is no number: refused in the dialog
        dialog.criteria.item(3, 1).setText("0")
        click_ok(dialog)
        dialog.criteria.item(3, 1).setText("mười")
        click_ok(dialog)
        assert dialog.result() != QDialog.DialogCode.Accepted
        # a weight below points already given passes the dialog; the service refuses it
        dialog.criteria.item(0, 1).setText("5")
        dialog.criteria.item(3, 1).setText("20")
        assert dialog.total.text() == "Tổng điểm tối đa: 80"
        click_ok(dialog)
        return dialog.result()

    def second_showing(dialog):
        assert "không thể hạ điểm tối đa xuống 5" in dialog.error.text()
        # what was typed is still there
        assert dialog.members.item(5, 0).text() == "Đỗ Thị Lan"
        assert dialog.criteria.item(3, 1).text() == "20"
        dialog.criteria.item(0, 1).setText("30")
        dialog.criteria.item(0, 0).setText("Tính mới, tính sáng tạo")
        qtbot.mouseClick(dialog.add_criterion, Qt.MouseButton.LeftButton)
        dialog.criteria.item(4, 0).setText("Khả năng nhân rộng")
        dialog.criteria.setItem(4, 1, type(dialog.criteria.item(4, 0))("10"))
        answer["remove"] = True
        select(dialog.members, 4)
        qtbot.mouseClick(dialog.remove_member, Qt.MouseButton.LeftButton)
        assert dialog.members.rowCount() == 5 and dialog.remove_scored
        click_ok(dialog)
        return dialog.result()

    showings = iter((first_showing, second_showing))
    monkeypatch.setattr(CouncilEditDialog, "exec", lambda dialog: next(showings)(dialog))
    qtbot.mouseClick(panel.edit_council, Qt.MouseButton.LeftButton)
    assert errors == [
        "Điểm tối đa của tiêu chí «Phạm vi ảnh hưởng» phải lớn hơn 0.",
        "Điểm tối đa của tiêu chí «Phạm vi ảnh hưởng» phải là số nguyên.",
        "",
        "",
    ]

    after = ev.councils.get(council.id)
    assert [m.full_name for m in after.members] == [
        "Hoàng Minh Đức",
        "Nguyễn Thị Thu Hà",
        "Lò Văn Khánh Hưng",
        "Trần Thị Ngọc Ánh",
        "Đỗ Thị Lan",
    ]
    assert after.members[4].role == "Ủy viên"
    assert [(k.name, k.max_points) for k in after.criteria] == [
        ("Tính mới, tính sáng tạo", 30),
        ("Tính hiệu quả", 30),
        ("Khả năng áp dụng", 25),
        ("Phạm vi ảnh hưởng", 20),
        ("Khả năng nhân rộng", 10),
    ]
    assert secretary.id not in ev.scoring.scored_sheets(council.id)
    # the panel shows the new council: a box per criterion, the new members, the new counts
    assert len(panel.sheet.point_boxes) == 5
    assert panel.sheet.point_boxes[3][1].maximum() == 20
    assert panel.sheet.member.count() == 5 and "Đỗ Thị Lan" in panel.sheet.member.itemText(4)
    # a sheet counts once it has every criterion: with a new criterion, none is complete yet
    row = next(r for r in panel.model.rows if before[r.initiative_id].scored == 5)
    assert row.scored_text == "0/5"
    sheet = ev.scoring.sheet(council.id, row.initiative_id)
    assert set(sheet) == {m.id for m in after.members[:4]}
    assert page.shown == []


def test_editing_needs_a_member_and_a_council(qtbot, page, demo_services):
    panel = page.council_panel
    dialog = panel.make_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(5):
        dialog.members.setCurrentCell(0, 0)
        dialog.members.removeRow(0)  # the confirm is tested above; here only emptiness
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Hội đồng cần ít nhất một thành viên."
    assert dialog.result() != QDialog.DialogCode.Accepted
    dk = demo_services.campaigns.by_code("DKST-2024")
    panel.campaign.setCurrentIndex(panel.campaign.findData(dk.id))
    assert panel.make_edit_dialog() is None
    assert page.shown[-1] == "Chưa chọn hội đồng."
