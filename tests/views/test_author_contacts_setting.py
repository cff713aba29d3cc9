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
    assert box.isChecked() and services.author_contacts.sends_up()
    assert told == ["Gói gửi lên cấp trên lần tới sẽ mang số điện thoại, email của 1 tác giả."]
    again = SettingsPage(services)  # kept in the store
    qtbot.addWidget(again)
    assert again.contacts.box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert not services.author_contacts.sends_up()
    assert "không kèm số điện thoại, email" in told[-1]


def test_the_settings_page_opens_without_the_bundle_machinery(tmp_path):
    """The settings page shows the choice without loading what sending a bundle needs (the
    bundle service, its readers and writers, cryptography): on an office PC that took the
    page half a second to open (bench/bench_memory.py prints each page's time)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from desktop.services.demo.builder import build_demo
    from desktop.services.store.opening import open_store

    db = tmp_path / "s.db"
    store = open_store(str(db))
    build_demo(store.session_factory, initiatives=0, as_unit="LC-TD")  # a district's office
    store.close()
    code = (
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from desktop.services.registry import Services\n"
        "from desktop.services.store.opening import open_store\n"
        "from desktop.views.settings.page import SettingsPage\n"
        f"services = Services.over(open_store({str(db)!r}))\n"
        "page = SettingsPage(services)\n"
        "page.show()\n"
        "app.processEvents()\n"
        "heavy = ('desktop.services.sync.service', 'desktop.services.sync.export',\n"
        "         'desktop.services.sync.apply', 'cryptography')\n"
        "print(json.dumps({'ticked': page.contacts.box.isChecked(),\n"
        "                  'loaded': [m for m in heavy if m in sys.modules]}))\n"
    )
    home = tmp_path / "home"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=300,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
        },
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got == {"ticked": False, "loaded": []}, got
