"""The first-run dialog: choose the demo or an Excel list, and this PC's office."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QRadioButton

from desktop.app import apply_first_run
from desktop.services.registry import Services
from desktop.services.units.excel_list import write_template
from desktop.views.common import dialogs
from desktop.views.shell.first_run import FirstRunDialog


def test_demo_is_offered_with_the_province_and_its_eleven_districts(qtbot):
    d = FirstRunDialog()
    qtbot.addWidget(d)
    office = d.findChild(QComboBox, "office")
    assert d.findChild(QRadioButton, "sourceDemo").isChecked()
    assert office.count() == 12
    assert office.itemText(0) == "Liên đoàn Lao động tỉnh Lai Châu"
    assert d.findChild(QPushButton, "start").isEnabled()


def test_the_demo_after_its_2025_reorganisation_is_a_second_choice_for_the_province(
    qtbot, sqlite_store
):
    d = FirstRunDialog()
    qtbot.addWidget(d)
    after = d.findChild(QRadioButton, "sourceDemo2025")
    assert "sau sắp xếp 01/7/2025" in after.text()
    after.setChecked(True)
    office = d.findChild(QComboBox, "office")
    # The reorganisation is the province's decision: its demo is the province's office.
    assert [office.itemData(i) for i in range(office.count())] == ["LC"]
    assert d.choice().source == "demo_2025"
    hint = d.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700  # within a 1366×768 screen
    services = Services.over(sqlite_store)
    apply_first_run(services, d.choice())
    assert services.office.local().is_province
    assert services.units.by_code("LC-PT").valid_to is not None
    assert services.campaigns.by_code("DKST-2026") is not None
    d.findChild(QRadioButton, "sourceDemo").setChecked(True)
    assert office.count() == 12


def test_choosing_the_demo_builds_a_store_with_an_office(qtbot, sqlite_store):
    d = FirstRunDialog()
    qtbot.addWidget(d)
    services = Services.over(sqlite_store)
    apply_first_run(services, d.choice())
    office = services.office.local()
    assert office.name == "Liên đoàn Lao động tỉnh Lai Châu"
    assert office.is_province


def test_an_excel_list_is_read_and_its_units_offered_as_the_office(
    qtbot, tmp_path, monkeypatch, sqlite_store
):
    path = tmp_path / "don-vi.xlsx"
    write_template(path)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(path))
    d = FirstRunDialog()
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    excel = d.findChild(QRadioButton, "sourceExcel")
    # A person clicks on the words, not in the empty space to their right.
    qtbot.mouseClick(excel, Qt.MouseButton.LeftButton, pos=QPoint(30, excel.height() // 2))
    assert excel.isChecked()
    qtbot.mouseClick(d.findChild(QPushButton, "pickExcel"), Qt.MouseButton.LeftButton)
    assert "Đọc được 4 đơn vị" in d.findChild(QLabel, "excelStatus").text()
    office = d.findChild(QComboBox, "office")
    # The province and its upper-level unions are offered; the grassroots union is not.
    # The upper units first; after a separator, a grassroots union that runs it itself.
    offered = [office.itemData(i) for i in range(office.count())]
    assert offered == ["LC", "LC-TP", "LC-BL", None, "LC-TP-01"]
    assert office.itemText(4).endswith("(công đoàn cơ sở)")
    office.setCurrentIndex(office.findData("LC-TP"))
    services = Services.over(sqlite_store)
    apply_first_run(services, d.choice())
    assert services.office.local().unit_code == "LC-TP"
    assert len(services.units.list()) == 4


def test_a_broken_excel_file_is_explained_in_the_dialog(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "hong.xlsx"
    path.write_text("không phải Excel")
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(path))
    d = FirstRunDialog()
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    excel = d.findChild(QRadioButton, "sourceExcel")
    # A person clicks on the words, not in the empty space to their right.
    qtbot.mouseClick(excel, Qt.MouseButton.LeftButton, pos=QPoint(30, excel.height() // 2))
    assert excel.isChecked()
    qtbot.mouseClick(d.findChild(QPushButton, "pickExcel"), Qt.MouseButton.LeftButton)
    assert "Không đọc được tệp Excel" in d.findChild(QLabel, "excelStatus").text()
    assert not d.findChild(QPushButton, "start").isEnabled()


def test_the_demo_is_built_off_the_ui_thread_behind_a_busy_window(qtbot, sqlite_store):
    """The window keeps answering while the demo is built (seconds on an old PC)."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from desktop.app import setting_up
    from desktop.views.common.tasks import TaskRunner

    d = FirstRunDialog()
    qtbot.addWidget(d)
    services = Services.over(sqlite_store)
    seen: dict[str, object] = {}
    ui_thread = threading.get_ident()

    def build(services, choice):
        seen["thread"] = threading.get_ident()
        apply_first_run(services, choice)

    def look() -> None:  # runs on the UI thread while the work goes on
        busy = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        if busy and busy[0].isVisible():
            seen["busy"] = busy[0].labelText()

    timer = QTimer(interval=20)
    timer.timeout.connect(look)
    timer.start()
    ended: list[object] = []
    setting_up(
        build,
        services,
        d.choice(),
        tasks=TaskRunner(),
        on_done=lambda: ended.append("done"),
        on_error=ended.append,
    )
    assert not ended  # returned at once: what follows is the continuation
    qtbot.waitUntil(lambda: bool(ended), timeout=120000)
    timer.stop()
    assert ended == ["done"]
    assert seen["thread"] != ui_thread
    assert "Đang thiết lập dữ liệu" in str(seen.get("busy"))
    assert services.office.local().is_province


def test_a_failed_set_up_comes_back_as_its_message(qtbot):
    import pytest

    from desktop.app import setting_up
    from desktop.services.common import ServiceError
    from desktop.views.common.tasks import TaskRunner

    def broken() -> None:
        raise ServiceError("Ổ đĩa đầy: không ghi được dữ liệu.")

    failures: list[Exception] = []
    setting_up(
        broken,
        tasks=TaskRunner(synchronous=True),
        on_done=lambda: pytest.fail("the work failed"),
        on_error=failures.append,
    )
    assert isinstance(failures[0], ServiceError) and "Ổ đĩa đầy" in str(failures[0])


def test_a_national_office_starts_from_the_34_provinces_and_the_central_unions(qtbot, sqlite_store):
    d = FirstRunDialog()
    qtbot.addWidget(d)
    national = d.findChild(QRadioButton, "sourceNational")
    assert "34 tỉnh, thành phố" in national.text()
    national.setChecked(True)
    office = d.findChild(QComboBox, "office")
    assert office.itemText(0) == "Tổng Liên đoàn Lao động Việt Nam"
    assert office.count() == 1 + 34 + 20
    assert d.choice().source == "national" and d.choice().office_code == "TLD"
    services = Services.over(sqlite_store)
    apply_first_run(services, d.choice())
    local = services.office.local()
    assert local is not None and local.name == "Tổng Liên đoàn Lao động Việt Nam"
    assert services.units.by_code("TQ").name == "Liên đoàn Lao động tỉnh Tuyên Quang"
