"""The entry form when someone else saved the initiative while it was open: a Vietnamese
message saying who and when, «Tải lại», and what was typed kept in sight."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from modal import when_open
from PySide6.QtWidgets import QMessageBox, QPushButton
from test_initiative_form import world  # noqa: F401 - the fixture

from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.views.common import dialogs
from desktop.views.initiatives.form import InitiativeForm


@pytest.fixture(autouse=True)
def no_other_boxes(monkeypatch):
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)


def _initiative(services, campaign, school):
    return services.initiatives.create(
        InitiativeInput(
            campaign_id=campaign.id,
            unit_id=school.id,
            title="Sáng kiến tiết kiệm điện",
            authors=(AuthorInput("Nguyễn Văn An"),),
            field_id=campaign.fields[0].id,
            period_id=campaign.periods[0].id,
            applied_on=dt.date(2022, 1, 10),
            benefit_vnd=1_000_000,
        )
    )


def test_a_save_over_another_officers_change_shows_who_and_reloads(
    qtbot,
    world,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    services, campaign, school = world
    ini = _initiative(services, campaign, school)
    drafts = DraftStore(tmp_path / "drafts")
    form = InitiativeForm(services, campaign.id, ini.id, drafts=drafts)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)

    # Officer A, in another program, changes the benefit while B's form is open.
    monkeypatch.setenv("LOGNAME", "can_bo_a")
    a = services.initiatives.get(ini.id)
    services.initiatives.update(
        ini.id, replace(a.data, benefit_vnd=25_000_000), expected_version=a.edit_version
    )
    monkeypatch.setenv("LOGNAME", "can_bo_b")

    form.title.setText("Sáng kiến tiết kiệm điện năng ở trường học")
    seen: list[str] = []
    failures: list[BaseException] = []

    def reload(box: QMessageBox) -> None:
        seen.append(box.text())
        buttons = {b.text(): b for b in box.findChildren(QPushButton)}
        assert "Tải lại" in buttons, list(buttons)
        buttons["Tải lại"].click()

    when_open(QMessageBox, reload, failures)
    assert form.save() is None
    assert not failures, failures

    assert len(seen) == 1
    assert seen[0].startswith("Sáng kiến này vừa được can_bo_a sửa lúc ")
    assert "Hãy tải lại" in seen[0]
    # Nothing of B's was saved over A's; A's benefit is in the form now ...
    stored = services.initiatives.get(ini.id)
    assert stored.data.benefit_vnd == 25_000_000
    assert stored.data.title == "Sáng kiến tiết kiệm điện"
    assert form.benefit.text() == "25.000.000"
    # ... and what B typed is still there, to check and save again.
    assert form.title.text() == "Sáng kiến tiết kiệm điện năng ở trường học"
    assert "Tên sáng kiến" in form.banner.text() and "can_bo_a" in form.banner.text()
    assert form.loaded_version == stored.edit_version

    assert form.save() == ini.id
    after = services.initiatives.get(ini.id)
    assert after.data.title == "Sáng kiến tiết kiệm điện năng ở trường học"
    assert after.data.benefit_vnd == 25_000_000


def test_a_field_both_changed_shows_the_new_value_and_lists_what_was_typed(
    qtbot,
    world,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    services, campaign, school = world
    ini = _initiative(services, campaign, school)
    form = InitiativeForm(services, campaign.id, ini.id, drafts=DraftStore(tmp_path / "d"))
    qtbot.addWidget(form)
    a = services.initiatives.get(ini.id)
    services.initiatives.update(
        ini.id, replace(a.data, title="Tiêu đề của A"), expected_version=a.edit_version
    )
    form.title.setText("Tiêu đề của B")
    monkeypatch.setattr(dialogs, "conflict", lambda *a, **k: True)
    assert form.save() is None
    assert form.title.text() == "Tiêu đề của A"
    assert "«Tiêu đề của B»" in form.banner.text()


def test_a_draft_typed_over_an_older_version_is_told_on_save(
    qtbot,
    world,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """The program closed with a draft; meanwhile someone saved: the restored draft still
    saves against the version it was typed on, so it cannot overwrite unseen."""
    services, campaign, school = world
    ini = _initiative(services, campaign, school)
    drafts = DraftStore(tmp_path / "d")
    form = InitiativeForm(services, campaign.id, ini.id, drafts=drafts)
    qtbot.addWidget(form)
    form.notes.setPlainText("ghi chú của B")
    form._save_draft()
    form.close()
    a = services.initiatives.get(ini.id)
    services.initiatives.update(
        ini.id, replace(a.data, benefit_vnd=3), expected_version=a.edit_version
    )
    again = InitiativeForm(services, campaign.id, ini.id, drafts=drafts)
    qtbot.addWidget(again)
    assert again.notes.toPlainText() == "ghi chú của B"
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "conflict", lambda _p, text, *a: asked.append(text) or False)
    assert again.save() is None
    assert asked and services.initiatives.get(ini.id).data.benefit_vnd == 3
    assert again.notes.toPlainText() == "ghi chú của B"  # «Để sau»: the typing stays
