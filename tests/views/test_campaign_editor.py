"""The campaign editor, opened from the units page, driven as a person would."""

from __future__ import annotations

import datetime as dt

from modal import when_open
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QListWidget, QPushButton

from desktop.views.campaigns.editor import CampaignDialog
from desktop.views.common import dialogs
from desktop.views.units.page import UnitsPage


def _select_campaign(page, code_part):
    lst = page.findChild(QListWidget, "campaigns")
    row = next(i for i in range(lst.count()) if code_part in lst.item(i).text())
    lst.setCurrentRow(row)


def test_copy_a_campaign_to_next_year_from_the_units_page(qtbot, demo_services):
    page = UnitsPage(demo_services)
    qtbot.addWidget(page)
    _select_campaign(page, "75 nghìn")

    def act(dialog):
        name = dialog.findChild(QLineEdit, "name")
        name.selectAll()
        qtbot.keyClicks(name, "75 nghin sang kien 2022")
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
            Qt.MouseButton.LeftButton,
        )

    failures = []
    when_open(CampaignDialog, act, failures)
    qtbot.mouseClick(page.findChild(QPushButton, "copyCampaign"), Qt.MouseButton.LeftButton)
    assert failures == []
    made = demo_services.campaigns.by_code("75NGHIN-2022")
    assert made.name == "75 nghin sang kien 2022"
    assert made.periods[0].count_from == dt.date(2022, 2, 1)
    assert page.findChild(QListWidget, "campaigns").currentItem().text() == made.name


def test_a_bad_date_is_explained_and_nothing_typed_is_lost(qtbot, demo_services, monkeypatch):
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    dialog = CampaignDialog(demo_services, c.id)
    qtbot.addWidget(dialog)
    errors = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: errors.append(text))
    plan = dialog.findChild(QLineEdit, "planNumber")
    plan.clear()
    qtbot.keyClicks(plan, "84/KH-LDLD")
    ends = dialog.findChild(QLineEdit, "endsOn")
    ends.clear()
    qtbot.keyClicks(ends, "31/13/2023")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert errors and errors[0].startswith("Đến ngày")
    assert plan.text() == "84/KH-LDLD" and ends.text() == "31/13/2023"
    assert demo_services.campaigns.get(c.id).plan_number == "/KH-LĐLĐ"
    ends.clear()
    qtbot.keyClicks(ends, "30/09/2023")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    got = demo_services.campaigns.get(c.id)
    assert got.plan_number == "84/KH-LDLD"
    assert got.notes == c.notes and got.description_limit == c.description_limit  # kept
    assert [p.id for p in got.periods] == [p.id for p in c.periods]
