"""Provinces merge in the window: the other province sends its whole store from its
"Sáp nhập tỉnh…" dialog; the merged province previews it (counts, codes kept apart), confirms
and takes it in; a wrong fingerprint is refused with its message and writes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.views.common import dialogs
from desktop.views.common.tasks import TaskRunner
from desktop.views.sync.merge_dialog import MergeDialog
from desktop.views.sync.page import SyncPage
from services import test_province_merge
from support.sync_fixtures import fingerprint, table_hashes

# The receiver: Lâm Đồng after the merge, with its own 01TRIEU-2022 (the services' fixture).
merged_province = test_province_merge.merged_province


@pytest.fixture
def said(monkeypatch):
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "info", lambda _p, text, title=None: messages.append(("info", text))
    )
    monkeypatch.setattr(
        dialogs, "error", lambda _p, text, title=None: messages.append(("error", text))
    )
    return messages


def _dialog(qtbot, services) -> MergeDialog:
    dialog = MergeDialog(services, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.height() <= 700
    return dialog


def _sent(qtbot, sender, receiver, tmp_path, monkeypatch):
    card = tmp_path / "LD.ssk-dangky"
    card.write_bytes(receiver.enrolment.enrolment_file())
    out = tmp_path / "LC-toan-bo.ssk"
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(card))
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    dialog = _dialog(qtbot, sender)
    qtbot.mouseClick(
        dialog.findChild(type(dialog.send), "mergePickCard"), Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(dialog.findChild(type(dialog.send), "mergePickOut"), Qt.MouseButton.LeftButton)
    dialog.card_fingerprint.setText(fingerprint(receiver))
    qtbot.mouseClick(dialog.send, Qt.MouseButton.LeftButton)
    assert out.exists()
    assert str(out) in dialog.sent_label.text() and "Bước tiếp theo" in dialog.sent_label.text()
    return out


def test_the_other_province_sends_and_the_merged_one_previews_and_takes_in(
    qtbot,
    demo_services,
    merged_province,
    tmp_path,
    monkeypatch,
    said,
):
    lc, ld = demo_services, merged_province
    bundle = _sent(qtbot, lc, ld, tmp_path, monkeypatch)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(bundle))
    dialog = _dialog(qtbot, ld)
    qtbot.mouseClick(
        dialog.findChild(type(dialog.send), "mergePickBundle"), Qt.MouseButton.LeftButton
    )
    dialog.sender_fingerprint.setText(fingerprint(lc))
    dialog.effective.setText("31/02/2025")
    before = table_hashes(ld.store)
    qtbot.mouseClick(dialog.preview, Qt.MouseButton.LeftButton)
    assert said[-1][0] == "error" and "Ngày sáp nhập" in said[-1][1]
    assert not dialog.take.isEnabled()
    dialog.effective.setText("01/07/2025")
    qtbot.mouseClick(dialog.preview, Qt.MouseButton.LeftButton)
    text = dialog.summary.text()
    assert "Liên đoàn Lao động tỉnh Lai Châu" in text and "01/07/2025" in text
    for label in ("đơn vị", "chương trình", "chỉ tiêu", "sáng kiến", "quyết định"):
        assert f"{label}:" in text
    assert "mã «01TRIEU-2022» đã có ở đây: giữ riêng là «01TRIEU-2022-LC»" in text
    assert table_hashes(ld.store) == before  # the preview wrote nothing
    assert dialog.take.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, text, title=None: asked.append(text) or True)
    qtbot.mouseClick(dialog.take, Qt.MouseButton.LeftButton)
    assert asked and "Lai Châu" in asked[0] and "01/07/2025" in asked[0]
    assert said[-1][0] == "info" and "Đã nhận" in said[-1][1]
    ld_unit = ld.units.by_code("LD")
    assert {u.code for u in ld.units.list(parent_id=ld_unit.id)} >= {"LC-TD", "LC-YT", "LD-P-XH"}


def test_a_wrong_fingerprint_is_said_and_nothing_is_written_nor_lost(
    qtbot,
    demo_services,
    merged_province,
    tmp_path,
    monkeypatch,
    said,
):
    lc, ld = demo_services, merged_province
    bundle = _sent(qtbot, lc, ld, tmp_path, monkeypatch)
    dialog = _dialog(qtbot, ld)
    dialog.bundle.setText(str(bundle))
    dialog.sender_fingerprint.setText("ABCD-EFGH")
    dialog.effective.setText("01/07/2025")
    before = table_hashes(ld.store, skip=("sync_log",))
    qtbot.mouseClick(dialog.preview, Qt.MouseButton.LeftButton)
    assert said[-1][0] == "error" and "Mã nhận dạng không khớp" in said[-1][1]
    assert not dialog.take.isEnabled()
    assert dialog.sender_fingerprint.text() == "ABCD-EFGH" and dialog.bundle.text() == str(bundle)
    assert table_hashes(ld.store, skip=("sync_log",)) == before


def test_the_button_is_for_a_province_office_only(qtbot, district_demo_services, demo_services):
    district = SyncPage(district_demo_services)
    province = SyncPage(demo_services)
    for page in (district, province):
        qtbot.addWidget(page)
    assert not district.merge.isEnabled() and "Chỉ văn phòng LĐLĐ tỉnh" in district.merge.toolTip()
    assert province.merge.isEnabled()
