"""The officer's desk: "Chọn các sáng kiến đạt điểm" says why each initiative was left out, and
"Lập quyết định" shows what the decision will say (each initiative, recognised or not, with its
true reason) and issues nothing until «Ban hành quyết định» is pressed."""

from __future__ import annotations

import pytest
from modal import when_open
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidgetItem

from desktop.services.common import NotFound
from desktop.text.numbers import format_number
from desktop.views.common import dialogs
from desktop.views.evaluation.decision_dialog import OUTCOME, REASON, DecisionPreviewDialog
from desktop.views.reports.page import ReportsPage


@pytest.fixture
def panel(qtbot, demo_services, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, title=None: shown.append(text))
    monkeypatch.setattr(dialogs, "error", lambda parent, text, title=None: shown.append(text))
    p = ReportsPage(demo_services)
    qtbot.addWidget(p)
    p.resize(1300, 700)
    p.show()
    p.tabs.setCurrentIndex(1)
    p.council_panel.shown = shown
    p.council_panel.page = p  # keep the page alive
    return p.council_panel


def test_selecting_the_passing_says_the_true_reason_for_each_left_out(qtbot, panel):
    qtbot.mouseClick(panel.select_passing, Qt.MouseButton.LeftButton)
    assert len(panel.shown) == 1
    message = panel.shown[0]
    assert f"Đã chọn {len(panel.model.checked)} sáng kiến" in message
    mark = panel._council.pass_mark
    for r in panel.model.rows:
        if r.initiative_id in panel.model.checked:
            continue
        line = next(line for line in message.splitlines() if line.startswith(f"• {r.title}"))
        if r.scored < r.members or r.average is None:
            assert "phiếu" in line
        elif r.average < mark:
            assert f"{format_number(r.average, 2)} < {format_number(mark)}" in line
        elif not r.check.valid:
            # a flagged dossier is left out for its dossier, never for its score
            assert r.check.problems in line
            assert "<" not in line
    flagged = [
        r
        for r in panel.model.rows
        if not r.check.valid
        and r.average is not None
        and r.average >= mark
        and r.scored == r.members
    ]
    if flagged:
        assert f"{len(flagged)} sáng kiến đạt điểm sàn nhưng hồ sơ chưa hợp lệ:" in message


def test_declined_rows_carry_their_true_reason_not_the_score_one(qtbot, panel, demo_services):
    qtbot.mouseClick(panel.select_passing, Qt.MouseButton.LeftButton)
    mark = panel._council.pass_mark
    rows = {r.initiative_id: r for r in panel.model.rows if r.scored == r.members}
    panel.decision_number.insert("303/QĐ-LĐLĐ")
    failures: list[BaseException] = []
    when_open(DecisionPreviewDialog, lambda d: d.issue_button.click(), failures)
    qtbot.mouseClick(panel.make_decision, Qt.MouseButton.LeftButton)
    assert not failures
    decision = demo_services.evaluation.decisions.by_number(
        panel.campaign.currentData(), "303/QĐ-LĐLĐ"
    )
    declined = [e for e in decision.entries if not e.recognised]
    assert declined
    for entry in declined:
        r = rows[entry.initiative_id]
        if not r.check.valid:
            assert entry.reason.startswith("Hồ sơ chưa hợp lệ")
            assert "điểm sàn" not in entry.reason
        elif r.average < mark:
            assert format_number(r.average, 2) in entry.reason


def _cell(dialog: DecisionPreviewDialog, row: int, col: int) -> QTableWidgetItem:
    item = dialog.table.item(row, col)
    assert item is not None
    return item


def _preview_then(qtbot, panel, act) -> tuple[list[str], list[BaseException]]:
    """Tick the passing, number the decision, press «Lập quyết định»; ``act`` on the preview
    (after noting each row's outcome and reason as shown)."""
    qtbot.mouseClick(panel.select_passing, Qt.MouseButton.LeftButton)
    panel.decision_number.insert("304/QĐ-LĐLĐ")
    seen: list[str] = []
    failures: list[BaseException] = []

    def look(dialog: DecisionPreviewDialog) -> None:
        for r in range(dialog.table.rowCount()):
            seen.append(
                f"{_cell(dialog, r, 0).text()} | {_cell(dialog, r, OUTCOME).text()} | "
                f"{_cell(dialog, r, REASON).text()}"
            )
        act(dialog)

    when_open(DecisionPreviewDialog, look, failures)
    qtbot.mouseClick(panel.make_decision, Qt.MouseButton.LeftButton)
    return seen, failures


def test_the_preview_says_what_the_decision_will_say_and_cancel_issues_nothing(
    qtbot, panel, demo_services
):
    chosen_before = None

    def cancel(dialog: DecisionPreviewDialog) -> None:
        nonlocal chosen_before
        chosen_before = set(panel.model.checked)
        label = dialog.findChild(QLabel, "decisionSummary")
        assert label is not None
        summary = label.text()
        assert "304/QĐ-LĐLĐ" in summary
        assert f"Công nhận <b>{len(panel.model.checked)}</b>" in summary
        dialog.reject()

    seen, failures = _preview_then(qtbot, panel, cancel)
    assert not failures
    mark = panel._council.pass_mark
    for r in panel.model.rows:
        if r.scored < r.members:
            continue
        line = next(s for s in seen if s.startswith(f"{r.title} |"))
        if r.initiative_id in panel.model.checked:
            assert "| Công nhận |" in line
        elif not r.check.valid:
            assert "| Không công nhận | Hồ sơ chưa hợp lệ" in line
        elif r.average < mark:
            assert f"Điểm bình quân {format_number(r.average, 2)} chưa đạt" in line
    with pytest.raises(NotFound):
        demo_services.evaluation.decisions.by_number(panel.campaign.currentData(), "304/QĐ-LĐLĐ")
    assert set(panel.model.checked) == chosen_before  # nothing the officer did is lost
    assert panel.decision_number.text() == "304/QĐ-LĐLĐ"


def test_a_reason_corrected_in_the_preview_is_the_one_issued(qtbot, panel, demo_services):
    def correct_then_issue(dialog: DecisionPreviewDialog) -> None:
        row = next(
            r
            for r in range(dialog.table.rowCount())
            if _cell(dialog, r, OUTCOME).text() == "Không công nhận"
        )
        _cell(dialog, row, REASON).setText("Trùng với sáng kiến đã công nhận năm trước.")
        dialog.issue_button.click()

    seen, failures = _preview_then(qtbot, panel, correct_then_issue)
    assert not failures
    decision = demo_services.evaluation.decisions.by_number(
        panel.campaign.currentData(), "304/QĐ-LĐLĐ"
    )
    reasons = [e.reason for e in decision.entries if not e.recognised]
    assert "Trùng với sáng kiến đã công nhận năm trước." in reasons
    assert len(seen) == len(decision.entries)


def test_a_decision_issued_by_mistake_is_withdrawn_from_the_list(qtbot, panel, demo_services):
    from PySide6.QtWidgets import QListWidget, QPushButton

    from desktop.views.evaluation.decision_dialog import WithdrawalDialog

    seen, failures = _preview_then(qtbot, panel, lambda d: d.issue_button.click())
    assert not failures and seen
    cid = panel.campaign.currentData()
    issued = demo_services.evaluation.decisions.by_number(cid, "304/QĐ-LĐLĐ")
    recognised = [e.initiative_id for e in issued.entries if e.recognised]
    listing = panel.findChild(QListWidget, "decisions")
    withdraw = panel.findChild(QPushButton, "withdraw")
    row = next(i for i in range(listing.count()) if "304/QĐ-LĐLĐ" in listing.item(i).text())
    listing.setCurrentRow(row)
    assert withdraw.isEnabled()

    def without_reason(dialog: WithdrawalDialog) -> None:
        dialog.number.setText("305/QĐ-LĐLĐ")
        when_open(WithdrawalDialog, with_reason, failures)
        dialog.issue_button.click()  # refused: no reason; the dialog comes back as it was

    def with_reason(dialog: WithdrawalDialog) -> None:
        assert dialog.number.text() == "305/QĐ-LĐLĐ"  # nothing typed is lost
        dialog.reason.setPlainText("Ban hành nhầm khi hồ sơ chưa được thẩm định.")
        dialog.issue_button.click()

    when_open(WithdrawalDialog, without_reason, failures)
    qtbot.mouseClick(withdraw, Qt.MouseButton.LeftButton)
    assert not failures
    assert any("lý do thu hồi" in t for t in panel.shown)
    assert "Đã ban hành quyết định 305/QĐ-LĐLĐ thu hồi quyết định 304/QĐ-LĐLĐ." in panel.shown
    texts = [listing.item(i).text() for i in range(listing.count())]
    assert any("304/QĐ-LĐLĐ" in t and "đã thu hồi bởi QĐ số 305/QĐ-LĐLĐ" in t for t in texts)
    assert any(t.startswith("305/QĐ-LĐLĐ") and "thu hồi quyết định số 304" in t for t in texts)
    for iid in recognised:
        assert demo_services.initiatives.get(iid).status.value != "recognised"
    # Neither can be withdrawn again.
    for i in range(listing.count()):
        if "304/QĐ" in listing.item(i).text() or "305/QĐ" in listing.item(i).text():
            listing.setCurrentRow(i)
            assert not withdraw.isEnabled()
