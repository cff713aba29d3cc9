"""The Tệp and Sáng kiến menus, «Tệp gần đây», and files dropped on the window (bundles,
Excel lists, enrolment files known by their contents), driven as a person would."""

from __future__ import annotations

import pytest
from modal import when_open
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit

from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common import dialogs
from desktop.views.common.settings import AppSettings
from desktop.views.shell.main_window import MainWindow
from desktop.views.sync.dialogs import EnrolDialog
from support.sync_fixtures import copy_offices


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()
    dialogs.remember_in(None)


@pytest.fixture
def said(monkeypatch):
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "info", lambda _p, text, title=None: messages.append(("i", text)))
    monkeypatch.setattr(dialogs, "error", lambda _p, text, title=None: messages.append(("e", text)))
    return messages


@pytest.fixture
def window(qtbot, offices):
    p, _d, tmp = offices
    w = MainWindow(p, AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def drop(window: MainWindow, path) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    enter = QDragEnterEvent(*args)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(window, QDropEvent(*args))
    return True


def menu_texts(window: MainWindow, name: str) -> list[str]:
    menu = next(
        m for m in window.menuBar().findChildren(type(window.recent_menu)) if m.objectName() == name
    )
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_the_file_menu_holds_the_usual_commands_with_their_shortcuts(window):
    texts = menu_texts(window, "fileMenu")
    assert texts == [
        "Nhập danh sách Excel…", "Xuất danh sách Excel…",
        "Xuất theo mẫu cổng sáng kiến Tổng Liên đoàn…", "Nhận gói dữ liệu…",
        "Gửi gói dữ liệu…", "In…", "Sao lưu ngay", "Tệp gần đây", "Thoát",
    ]  # fmt: skip
    keys = {n: a.shortcut().toString() for n, a in window.actions_by_name.items()}
    assert keys["receiveBundle"] == "Ctrl+O" and keys["print"] == "Ctrl+P"
    assert keys["importList"] == "Ctrl+I" and keys["quit"] == "Ctrl+Q"
    # The list's own keys are named in the Sáng kiến menu, so a person can find them.
    assert menu_texts(window, "initiativeMenu") == [
        "Sáng kiến mới…\tCtrl+N", "Tìm…\tCtrl+F", "Xoá sáng kiến\tDel", "Hoàn tác xoá\tCtrl+Z",
    ]  # fmt: skip


def test_find_in_the_menu_puts_the_cursor_in_the_list_search(qtbot, window):
    window.show_page("settings")
    window.actions_by_name["findInitiative"].trigger()
    assert window.current_page() == "initiatives"
    search = window.pages["initiatives"].findChild(QLineEdit, "search")
    qtbot.waitUntil(search.hasFocus)


def test_ctrl_o_asks_for_a_bundle_and_it_comes_back_under_recent_files(
    qtbot, window, offices, said
):
    _p, _d, tmp = offices
    bundle = tmp / "goi-tu-huyen.ssk"
    bundle.write_bytes(b"khong phai goi")
    failures: list[BaseException] = []

    def choose(dialog: QFileDialog) -> None:
        dialog.selectFile(str(bundle))
        dialog.accept()

    when_open(QFileDialog, choose, failures)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert not failures
    assert window.current_page() == "sync"
    qtbot.waitUntil(lambda: bool(said), timeout=10000)  # the junk is refused, saying why
    window._fill_recent()
    recent = [a.text() for a in window.recent_menu.actions()]
    assert recent == ["&1 goi-tu-huyen.ssk"]


def test_an_enrolment_file_dropped_whatever_its_name_opens_the_enrolment(
    qtbot, window, offices, said
):
    _p, d, tmp = offices
    card = tmp / "gui tinh - huyen Tam Duong.txt"  # the command line writes any name
    card.write_bytes(d.enrolment.enrolment_file())
    seen: dict[str, str] = {}
    failures: list[BaseException] = []

    def look(dialog: EnrolDialog) -> None:
        shown = dialog.findChild(QLabel, "cardFingerprint")
        assert shown is not None
        seen["fp"] = shown.text()
        dialog.reject()

    when_open(EnrolDialog, look, failures)
    assert drop(window, card)
    qtbot.waitUntil(lambda: "fp" in seen, timeout=5000)
    assert not failures
    assert seen["fp"] == d.office.local().fingerprint
    assert window.current_page() == "sync"


def test_a_dropped_file_that_is_none_of_these_is_refused_in_vietnamese(
    qtbot, window, offices, said
):
    _p, _d, tmp = offices
    letter = tmp / "cong-van.txt"
    letter.write_text("Kính gửi các đồng chí", encoding="utf-8")
    assert drop(window, letter)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said[-1][0] == "e" and "chỉ nhận gói dữ liệu (.ssk)" in said[-1][1]


def test_a_screen_reader_names_the_navigation_the_pages_and_the_status_bar(window):
    from PySide6.QtWidgets import QListWidget

    nav = window.findChild(QListWidget, "nav")
    assert nav is not None and nav.accessibleName() == "Các mục của chương trình"
    office = window.findChild(QLabel, "officeLabel")
    db = window.findChild(QLabel, "dbLabel")
    assert office is not None and office.accessibleName() == "Văn phòng của máy này"
    assert db is not None and db.accessibleName() == "Nơi lưu dữ liệu"
    for row in range(nav.count()):
        item = nav.item(row)
        assert item.data(Qt.ItemDataRole.AccessibleTextRole) == item.text()
        window.show_page(item.data(Qt.ItemDataRole.UserRole))
        assert window.stack.currentWidget().accessibleName() == item.text()
