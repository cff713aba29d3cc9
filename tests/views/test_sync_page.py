"""The Sync page, driven as a person would: enrol an office by its fingerprint, send a
bundle, drop one on the window, see the preview per unit, apply or cancel, see conflicts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings
from desktop.views.shell.main_window import MainWindow
from desktop.views.sync.dialogs import EnrolDialog, ExportDialog, ImportPreviewDialog
from desktop.views.sync.page import SyncPage
from support.sync_fixtures import add_initiative, copy_offices, table_hashes


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()


@pytest.fixture
def said(monkeypatch):
    """What the message boxes would have shown."""
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "info", lambda parent, text, title=None: messages.append(("info", text))
    )
    monkeypatch.setattr(
        dialogs, "error", lambda parent, text, title=None: messages.append(("error", text))
    )
    monkeypatch.setattr(  # «Đã lưu …» with «Mở tệp» / «Mở thư mục»
        dialogs, "offer_open", lambda parent, path, text=None: messages.append(("offer", text))
    )
    return messages


def when_dialog(cls, action):
    """Run ``action(dialog)`` as soon as a modal dialog of ``cls`` is shown."""

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, cls):
            try:
                action(w)
            finally:
                if w.isVisible():  # never leave a test hanging on a modal dialog
                    w.reject()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_dropped_bundle_is_previewed_per_unit_and_applied(qtbot, offices, said):
    p, d, tmp = offices
    add_initiative(d, "LC-TD-04", "Giá phơi chè bằng tre tái sử dụng")
    bundle = d.bundles.export("LC", tmp).path
    window = MainWindow(p, AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    seen = {}

    def look_and_apply(dialog: ImportPreviewDialog) -> None:
        model = dialog.table
        seen["units"] = {
            model.item(r, 0).text(): model.item(r, 1).text() for r in range(model.rowCount())
        }
        qtbot.mouseClick(dialog.apply, Qt.MouseButton.LeftButton)

    when_dialog(ImportPreviewDialog, look_and_apply)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle))])
    drop = QDropEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert QApplication.sendEvent(window, enter) and enter.isAccepted()
    QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: window.current_page() == "sync")  # the drop opens it after it ends
    sync_page = window.pages["sync"]
    assert isinstance(sync_page, SyncPage)
    qtbot.waitUntil(sync_page.idle, timeout=20000)  # the check, the preview, the import
    assert sum(int(n or 0) for n in seen["units"].values()) == 21
    assert any("Công đoàn cơ sở" in unit for unit in seen["units"])
    assert said and said[-1][0] == "info" and "Đã nhập gói số 1" in said[-1][1]
    page = window.pages["sync"]
    assert isinstance(page, SyncPage)
    assert page.history.item(0, 4).text() == "Đã nhận"
    assert page.peers.item(0, 3).text() == "tới gói số 1"
    # The province sees which program the district runs, from its bundle.
    import desktop

    assert page.peers.item(0, 4).text() == desktop.__version__
    # The province's store was copied before the bundle was written into it.
    backups = p.store.sqlite_file.parent / "backups"
    assert [b.name for b in backups.glob("*truoc-nhap*")], "no copy made before the import"


def test_cancel_in_the_preview_writes_nothing(qtbot, offices, said):
    p, d, tmp = offices
    bundle = d.bundles.export("LC", tmp).path
    page = SyncPage(p)
    qtbot.addWidget(page)
    before = table_hashes(p.store, skip=())
    when_dialog(
        ImportPreviewDialog, lambda dlg: qtbot.mouseClick(dlg.cancel, Qt.MouseButton.LeftButton)
    )
    page.import_file(str(bundle))
    qtbot.waitUntil(page.idle, timeout=20000)
    assert table_hashes(p.store, skip=()) == before
    assert said == []


def test_a_refused_bundle_is_explained_and_logged(qtbot, offices, said):
    p, _, tmp = offices
    junk = tmp / "hong.ssk"
    junk.write_bytes(b"PK\x03\x04 hong")
    page = SyncPage(p)
    qtbot.addWidget(page)
    page.import_file(str(junk))
    qtbot.waitUntil(page.idle, timeout=20000)
    assert said[-1][0] == "error" and "bị cắt cụt" in said[-1][1]
    assert page.history.item(0, 4).text() == "Từ chối"
    assert "bị cắt cụt" in page.history.item(0, 5).text()


def test_enrol_only_with_the_fingerprint_read_out_on_the_phone(
    qtbot, offices, said, monkeypatch, tmp_path
):
    p, d, _ = offices
    from sqlalchemy import delete

    from desktop.models import Office

    with p.store.session_factory.begin() as s:  # the province forgets the district
        s.execute(delete(Office).where(Office.is_local.is_(False)))
    card = tmp_path / "dang_ky_td.json"
    card.write_bytes(d.enrolment.enrolment_file())
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(card))
    page = SyncPage(p)
    qtbot.addWidget(page)
    right = d.office.local().fingerprint
    tries = iter(["AAAA BBBB CCCC DDDD EEEE FFFF", right.lower()])

    def type_fingerprint(dialog: EnrolDialog) -> None:
        dialog.heard.clear()
        qtbot.keyClicks(dialog.heard, next(tries))
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Đăng ký")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        if dialog.isVisible():  # refused: the typed text is still there; try again
            assert dialog.heard.text() == "AAAA BBBB CCCC DDDD EEEE FFFF"
            type_fingerprint(dialog)

    when_dialog(EnrolDialog, type_fingerprint)
    qtbot.mouseClick(page.enrol, Qt.MouseButton.LeftButton)
    assert said[0][0] == "error" and "không khớp" in said[0][1]
    assert said[-1] == ("info", "Đã đăng ký Liên đoàn Lao động huyện Tam Đường.")
    assert page.peers.rowCount() == 1 and page.peers.item(0, 1).text() == right


def test_sending_writes_a_named_bundle_and_an_email_draft(qtbot, offices, said):
    _, d, tmp = offices
    page = SyncPage(d)
    qtbot.addWidget(page)
    out = tmp / "usb"

    def send(dialog: ExportDialog) -> None:
        assert "sáng kiến: 20 mới, 0 đã sửa, 0 đã xoá" in dialog.summary.text()
        dialog.folder.setEditText(str(out))
        dialog.email.setChecked(True)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    when_dialog(ExportDialog, send)
    qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
    [bundle] = out.glob("*.ssk")
    assert bundle.name.startswith("SSK_LC-TD_gui_LC_") and bundle.name.endswith("_so0001.ssk")
    eml = bundle.with_suffix(".eml").read_text(encoding="utf-8", errors="replace")
    assert "X-Unsent: 1" in eml and "Subject:" in eml
    assert said[-1][0] == "offer" and "Đã ghi gói số 1" in said[-1][1]
    assert page.history.item(0, 4).text() == "Đã gửi"


def test_conflicts_are_shown_side_by_side_and_reconfirmed(qtbot, offices, said):
    from dataclasses import replace

    from sqlalchemy import select

    from desktop.models import Initiative, InitiativeStatus

    p, d, tmp = offices
    iid = add_initiative(d, "LC-TD-01", "Tời kéo gỗ cải tiến")
    p.bundles.import_(d.bundles.export("LC", tmp / "1.ssk").path)
    with p.store.session_factory() as s:
        pid = s.scalar(select(Initiative.id).where(Initiative.title == "Tời kéo gỗ cải tiến"))
    p.initiatives.set_status(pid, InitiativeStatus.RECOGNISED)
    detail = d.initiatives.get(iid)
    d.initiatives.update(iid, replace(detail.data, title="Tời kéo gỗ cải tiến có phanh"))
    p.bundles.import_(d.bundles.export("LC", tmp / "2.ssk").path)
    page = SyncPage(p)
    qtbot.addWidget(page)
    assert page.conflicts.rowCount() == 1
    page.conflicts_view.selectRow(0)
    assert "Tời kéo gỗ cải tiến" in page.decided.toPlainText()
    assert "Tời kéo gỗ cải tiến có phanh" in page.current.toPlainText()
    assert (
        "<b>Tời kéo gỗ cải tiến có phanh</b>" in page.current.toHtml()
        or "font-weight" in page.current.toHtml()
    )
    page.show()
    page.grab().save(str(tmp / "sync_conflict.png"))
    qtbot.mouseClick(page.reconfirm, Qt.MouseButton.LeftButton)
    assert page.conflicts.rowCount() == 0


def test_the_send_screen_says_how_many_are_new_changed_and_deleted(qtbot, offices, said):
    from dataclasses import replace

    from sqlalchemy import select

    from desktop.models import Initiative

    p, d, tmp = offices
    # A round trip: the province has everything and has acknowledged it.
    p.bundles.import_(d.bundles.export("LC", tmp / "d1.ssk").path)
    d.bundles.import_(p.bundles.export("LC-TD", tmp / "p1.ssk").path)
    with d.store.session_factory() as s:
        edited, deleted = s.scalars(select(Initiative.id).order_by(Initiative.id).limit(2))
    add_initiative(d, "LC-TD-01", "Giàn phơi chè bằng tre")
    add_initiative(d, "LC-TD-02", "Bếp sấy thảo quả tiết kiệm củi")
    detail = d.initiatives.get(edited)
    d.initiatives.update(edited, replace(detail.data, title=detail.data.title + " (cải tiến)"))
    d.initiatives.delete(deleted)
    page = SyncPage(d)
    qtbot.addWidget(page)
    seen = {}

    def look(dialog: ExportDialog) -> None:
        seen["summary"] = dialog.summary.text()
        dialog.grab().save(str(tmp / "sync_send_summary.png"))
        qtbot.mouseClick(
            next(b for b in dialog.findChildren(QPushButton) if b.text() == "Huỷ"),
            Qt.MouseButton.LeftButton,
        )

    when_dialog(ExportDialog, look)
    qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
    assert "gói số 2; sáng kiến: 2 mới, 1 đã sửa, 1 đã xoá;" in seen["summary"]
    assert said == []


def test_check_and_import_run_off_the_ui_thread_while_the_window_stays_live(
    qtbot, offices, said, monkeypatch
):
    import threading

    p, d, tmp = offices
    bundle = d.bundles.export("LC", tmp).path
    page = SyncPage(p)
    qtbot.addWidget(page)
    page.show()
    checked, applied = threading.Event(), threading.Event()
    seen: dict[str, object] = {}
    real_preview, real_import = p.bundles.preview, p.bundles.import_

    def slow_preview(path):
        seen["preview off the UI thread"] = (
            threading.current_thread() is not threading.main_thread()
        )
        assert checked.wait(10)
        return real_preview(path)

    def slow_import(path):
        seen["import off the UI thread"] = threading.current_thread() is not threading.main_thread()
        assert applied.wait(10)
        return real_import(path)

    monkeypatch.setattr(p.bundles, "preview", slow_preview)
    monkeypatch.setattr(p.bundles, "import_", slow_import)

    def while_checking() -> None:  # the UI thread answers while the bundle is being checked
        seen["busy while checking"] = page.busy.isVisible()
        seen["buttons while checking"] = [b.isEnabled() for b in (page.send, page.receive)]
        page.grab().save(str(tmp / "sync_busy.png"))
        checked.set()

    def apply(dialog: ImportPreviewDialog) -> None:
        qtbot.mouseClick(dialog.apply, Qt.MouseButton.LeftButton)
        dialog.grab().save(str(tmp / "sync_applying.png"))
        seen["busy while applying"] = dialog.busy.isVisible()
        seen["buttons while applying"] = [dialog.apply.isEnabled(), dialog.cancel.isEnabled()]
        dialog.reject()  # Esc while it writes: ignored, the import runs to its end
        seen["still open"] = dialog.isVisible()
        applied.set()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)

    QTimer.singleShot(0, while_checking)
    when_dialog(ImportPreviewDialog, apply)
    page.import_file(str(bundle))
    qtbot.waitUntil(page.idle, timeout=20000)
    assert seen == {
        "preview off the UI thread": True,
        "busy while checking": True,
        "buttons while checking": [False, False],
        "busy while applying": True,
        "buttons while applying": [False, False],
        "still open": True,
        "import off the UI thread": True,
    }
    assert said[-1][0] == "info" and "Đã nhập gói số 1" in said[-1][1]
    assert not page.busy.isVisible() and page.send.isEnabled()
    assert page.history.item(0, 4).text() == "Đã nhận"


def test_a_bundle_spoilt_between_preview_and_import_is_refused_and_nothing_written(
    qtbot, offices, said
):
    p, d, tmp = offices
    bundle = d.bundles.export("LC", tmp).path
    page = SyncPage(p)
    qtbot.addWidget(page)
    before = table_hashes(p.store)

    def spoil_and_apply(dialog: ImportPreviewDialog) -> None:
        bundle.write_bytes(bundle.read_bytes()[:300])  # the USB stick was pulled out
        qtbot.mouseClick(dialog.apply, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)

    when_dialog(ImportPreviewDialog, spoil_and_apply)
    page.import_file(str(bundle))
    qtbot.waitUntil(page.idle, timeout=20000)
    assert [kind for kind, _ in said] == ["error"]
    assert "bị cắt cụt" in said[0][1]
    assert table_hashes(p.store) == before  # only the history (sync_log) records the refusal
    assert page.history.item(0, 4).text() == "Từ chối"
    assert page.send.isEnabled()


def test_after_a_restore_the_page_says_whose_full_resend_it_waits_for(qtbot, offices, said):
    from desktop.services.store.backup import restore_sqlite

    p, d, tmp = offices
    copy = d.backup.make().path
    target = d.store.sqlite_file
    d.store.close()
    restore_sqlite(copy, target)
    d = Services.over(open_store(str(target)))
    try:
        page = SyncPage(d)
        qtbot.addWidget(page)
        notice = page.restore_notice.text()
        assert not page.restore_notice.isHidden()
        assert notice.startswith(f"Đã khôi phục từ bản sao lưu {copy.name}")
        assert f"cần nhận lại dữ liệu từ {p.office.local().name}" in notice
        assert "đang chờ họ gửi lại toàn bộ dữ liệu" in page.peers.item(0, 3).text()
        # The province hears of the restore in the district's next bundle, and re-sends all.
        bundle = d.bundles.export("LC", tmp).path
        assert "_kp1_so0001" in bundle.name
        province = SyncPage(p)
        qtbot.addWidget(province)
        when_dialog(
            ImportPreviewDialog, lambda dlg: qtbot.mouseClick(dlg.apply, Qt.MouseButton.LeftButton)
        )
        province.import_file(str(bundle))
        qtbot.waitUntil(province.idle, timeout=20000)
        assert "đã khôi phục từ bản sao lưu: gói sau gửi họ sẽ gửi lại toàn bộ" in said[-1][1]
        assert "đã khôi phục từ bản sao lưu" in province.peers.item(0, 3).text()
        back = p.bundles.export("LC-TD", tmp).path
        when_dialog(
            ImportPreviewDialog, lambda dlg: qtbot.mouseClick(dlg.apply, Qt.MouseButton.LeftButton)
        )
        page.import_file(str(back))
        qtbot.waitUntil(page.idle, timeout=20000)
        assert "Đã nhận lại toàn bộ dữ liệu" in said[-1][1]
        assert page.restore_notice.isHidden()
    finally:
        d.store.close()


def test_the_enrolment_file_is_named_in_vietnamese_and_offered_to_open(
    qtbot, offices, tmp_path, monkeypatch
):
    """«Xuất tệp đăng ký…»: the name proposed says what and whose, with the date; once written,
    the message gives the fingerprint to read out and «Mở thư mục» opens where it is."""
    import datetime as dt

    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QPushButton

    opened: list[str] = []
    monkeypatch.setattr(
        dialogs, "launch", lambda url: opened.append(QUrl(url).toLocalFile()) or True
    )
    _, d, _tmp = offices
    page = SyncPage(d)
    qtbot.addWidget(page)
    proposed: list[str] = []

    def answer(dialog: QFileDialog) -> None:
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        proposed.append(edit.text())
        dialog.selectFile(str(tmp_path / edit.text()))
        dialog.accept()

    when_dialog(QFileDialog, answer)
    qtbot.mouseClick(page.export_enrolment, Qt.MouseButton.LeftButton)
    assert proposed == [f"Tep-dang-ky_LC-TD_{dt.date.today().isoformat()}.json"]
    assert (tmp_path / proposed[0]).is_file()
    offer = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "offerOpen" and w.isVisible()
    )
    fingerprint = d.office.local().fingerprint
    assert proposed[0] in offer.text() and fingerprint in offer.text()
    qtbot.mouseClick(offer.findChild(QPushButton, "openSavedFolder"), Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path)]
