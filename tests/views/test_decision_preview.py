"""The officer's desk: "Chọn các sáng kiến đạt điểm" says why each initiative was left out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.text.numbers import format_number
from desktop.views.common import dialogs
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
            assert f"{format_number(r.average)} < {format_number(mark)}" in line
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
    qtbot.mouseClick(panel.make_decision, Qt.MouseButton.LeftButton)
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
            assert format_number(r.average) in entry.reason
