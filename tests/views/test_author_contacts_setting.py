"""Settings → Văn phòng: the choice to send the authors' phones and e-mails up, off by
default, ticked with the mouse, kept in the store and said in a message."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.initiatives.service import AuthorInput
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.settings.page import SettingsPage
from support.initiative_fixtures import build_world


def test_the_office_chooses_to_send_contacts_up(qtbot, sqlite_store, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda _p, text, title=None: told.append(text))
    monkeypatch.setattr(dialogs, "error", lambda _p, text, title=None: told.append(text))
    services = Services.over(sqlite_store)
    world = build_world(services)
    from desktop.services.initiatives.service import InitiativeInput

    services.initiatives.create(
        InitiativeInput(
            world.campaign.id,
            world.school.id,
            "Sổ liên lạc điện tử",
            (AuthorInput("Lò Văn Tư", phone="0912 345 678", email="tacgia@example.vn"),),
        )
    )
    page = SettingsPage(services)
    qtbot.addWidget(page)
    page.show()
    box = page.contacts.box
    assert box.text() == "Gửi số điện thoại và email của tác giả lên cấp trên"
    assert not box.isChecked()  # off by default
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert box.isChecked() and services.bundles.sends_contacts_up()
    assert told == ["Gói gửi lên cấp trên lần tới sẽ mang số điện thoại, email của 1 tác giả."]
    again = SettingsPage(services)  # kept in the store
    qtbot.addWidget(again)
    assert again.contacts.box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert not services.bundles.sends_contacts_up()
    assert "không kèm số điện thoại, email" in told[-1]
