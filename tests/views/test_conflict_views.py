"""The other windows when someone else saved the same record meanwhile: told, nothing
overwritten, «Tải lại» shows what is in the store now."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from desktop.views.campaigns.editor import CampaignDialog
from desktop.views.common import dialogs
from desktop.views.reports.page import ReportsPage
from desktop.views.units.page import UnitDialog


@pytest.fixture
def told(monkeypatch):
    """dialogs.conflict answered «Tải lại»; the texts shown are kept."""
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "conflict", lambda _p, text, *a: shown.append(text) or True)
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: None)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: False)
    return shown


def _reports(qtbot, services):
    p = ReportsPage(services)
    qtbot.addWidget(p)
    p.resize(1300, 800)
    p.show()
    return p


def test_reports_page_keeps_a_colleagues_signer_and_refuses_a_clash(qtbot, demo_services, told):
    page = _reports(qtbot, demo_services)
    panel = page.documents_panel
    st = demo_services.documents.settings
    a = st.load()
    st.save(replace(a, signer_name="Nguyễn Văn A"), a, st.versions())  # another program
    # Previewing with the signer untouched here does not put the old one back.
    panel.fields["place"].setText("Tam Đường")
    assert panel.preview()
    assert st.load().signer_name == "Nguyễn Văn A" and st.load().place == "Tam Đường"
    assert told == []
    # Changing the signer over the colleague's is refused and reloaded.
    b = st.load()
    st.save(replace(b, signer_name="Lò Văn C"), b, st.versions())
    panel.fields["signer_name"].setText("Trần Thị B")
    panel.fields["on_behalf"].setText("KT. CHỦ TỊCH")
    assert not panel.preview()
    assert len(told) == 1 and "Người ký: nay là «Lò Văn C»" in told[0]
    assert st.load().signer_name == "Lò Văn C"
    assert panel.fields["signer_name"].text() == "Lò Văn C"  # the new value shown
    assert panel.fields["on_behalf"].text() == "KT. CHỦ TỊCH"  # the other typing kept


def test_a_scoring_sheet_changed_meanwhile_is_refused(qtbot, demo_services, told):
    page = _reports(qtbot, demo_services)
    page.tabs.setCurrentIndex(1)
    panel = page.council_panel
    panel.table.selectRow(0)
    iid = panel.model.rows[0].initiative_id
    member = panel.sheet.member.currentData()
    (k1, box1), (_k2, box2) = panel.sheet.point_boxes[0], panel.sheet.point_boxes[1]
    ev = demo_services.evaluation
    ev.scoring.set_scores(
        member, iid, {k1: 3}, loaded=ev.scoring.sheet_versions(member, iid)
    )  # elsewhere
    box1.setValue(7)
    box2.setValue(8)
    panel._save_sheet()
    assert len(told) == 1 and "nay là 3" in told[0]
    sheet = ev.scoring.sheet(panel._council.id, iid)[member]
    assert sheet[k1] == Decimal(3)
    assert box1.value() == 3 and box2.value() == 8  # the new point shown, the other kept
    panel._save_sheet()
    assert ev.scoring.sheet(panel._council.id, iid)[member][_k2] == Decimal(8)


def test_the_campaign_editor_is_told_and_reloads(qtbot, demo_services, told):
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    dialog = CampaignDialog(demo_services, c.id)
    qtbot.addWidget(dialog)
    dialog.notes.setPlainText("ghi chú của B")
    # Another officer changes the campaign meanwhile.
    other = CampaignDialog(demo_services, c.id)
    qtbot.addWidget(other)
    other.name.setText(c.name + " (A sửa)")
    other.save()
    assert other.saved is not None and told == []
    dialog.save()
    assert len(told) == 1 and told[0].startswith("Chương trình thi đua này vừa được ")
    assert demo_services.campaigns.get(c.id).name == c.name + " (A sửa)"
    assert dialog.name.text() == c.name + " (A sửa)"  # reloaded
    dialog.save()
    assert dialog.saved is not None


def test_the_unit_dialog_is_told_and_keeps_what_was_typed(qtbot, demo_services, told):
    unit = demo_services.units.by_code("LC-TD")
    dialog = UnitDialog(demo_services, "rename", demo_services.units.get(unit.id))
    qtbot.addWidget(dialog)
    demo_services.units.rename(unit.id, "Liên đoàn Lao động huyện Tam Đường (A)", None)
    dialog.name.setText("Liên đoàn Lao động huyện Tam Đường (B)")
    dialog.save()
    assert len(told) == 1 and told[0].startswith("Đơn vị này vừa được ")
    assert demo_services.units.get(unit.id).name.endswith("(A)")
    assert dialog.name.text().endswith("(B)")
    dialog.save()
    assert demo_services.units.get(unit.id).name.endswith("(B)")


def test_the_council_dialog_is_told_and_reopens_on_the_council_as_it_is(qtbot, demo_services, told):
    from modal import when_open
    from PySide6.QtCore import Qt

    from desktop.services.evaluation.councils import MemberInput
    from desktop.views.evaluation.council_dialog import CouncilEditDialog

    page = _reports(qtbot, demo_services)
    page.tabs.setCurrentIndex(1)
    panel = page.council_panel
    council = panel._council
    dialog = panel.make_edit_dialog()
    # Another officer renames the first member meanwhile.
    ev = demo_services.evaluation
    members = [(m.id, MemberInput(m.full_name, m.role, m.workplace)) for m in council.members]
    renamed = [(members[0][0], replace(members[0][1], full_name="Tên do A sửa")), *members[1:]]
    criteria = [(k.id, k.name, k.max_points) for k in council.criteria]
    ev.councils.edit(council.id, renamed, criteria, expected_version=council.edit_version)

    failures: list[BaseException] = []
    seen: list[str] = []

    def second(d):
        seen.append(d.members.item(0, 0).text())
        d.reject()

    def first(d):
        d.members.item(1, 0).setText("Tên do B sửa")
        when_open(CouncilEditDialog, second, failures)
        qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)

    when_open(CouncilEditDialog, first, failures)
    assert panel.run_edit_dialog(dialog) is False
    assert failures == []
    assert len(told) == 1 and told[0].startswith("Hội đồng này vừa được ")
    assert seen == ["Tên do A sửa"]  # the fresh dialog shows A's change
    names = [m.full_name for m in ev.councils.get(council.id).members]
    assert names[0] == "Tên do A sửa" and "Tên do B sửa" not in names
