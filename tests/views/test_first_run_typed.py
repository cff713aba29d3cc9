"""First run of a real office without the demo: units typed or pasted into the window (the
same checks as a file), every refused row shown with its reason, and the dialog fits
1366×700 with «Bắt đầu» in view."""

from __future__ import annotations

from openpyxl import Workbook
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
)

from desktop.app import apply_first_run
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.shell.first_run import FirstRunDialog

COPIED = (
    "LC\tLiên đoàn Lao động tỉnh Lai Châu\t\tLĐLĐ tỉnh\r\n"
    "LC-TP\tCông đoàn phường Tân Phong\tLC\t\r\n"
    "LC-TP-01\tCông đoàn cơ sở Trường Tiểu học Tân Phong\tLC-TP\t\r\n"
    "X\tCông đoàn Trường Tiểu học Sìn Hồ\tLC\t\r\n"
    "LC-BL\tCông đoàn xã Bình Lư\tLC-XX\txã\r\n"
)


def _type(qtbot, grid, text):
    """Type ``text`` in the current cell as a keyboard with Vietnamese input sends it: one
    key event a letter (the first opens the cell's editor), then Tab to the next cell."""
    for ch in text:
        QApplication.sendEvent(
            _editor(grid), QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
        )
    qtbot.keyClick(_editor(grid), Qt.Key.Key_Tab)


def _editor(grid):
    """The cell's editor while one is open, else the grid (where a key opens one)."""
    if grid.state() == QAbstractItemView.State.EditingState:
        editor = grid.indexWidget(grid.currentIndex())
        if editor is not None:
            return editor
    return grid


def _open(qtbot):
    d = FirstRunDialog()
    qtbot.addWidget(d)
    d.resize(760, 640)
    d.show()
    qtbot.waitExposed(d)
    return d


def _choose(qtbot, d, name):
    radio = d.findChild(QRadioButton, name)
    radio.setFocus()
    qtbot.keyClick(radio, Qt.Key.Key_Space)
    assert radio.isChecked()


def _rejected(d):
    table = d.findChild(QTableWidget, "rejectedRows")
    assert table.isVisible()
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def test_units_pasted_from_excel_are_checked_like_a_file_and_set_up_the_office(qtbot, sqlite_store):
    d = _open(qtbot)
    _choose(qtbot, d, "sourceTyped")
    grid = d.findChild(QTableWidget, "typedUnits")
    assert grid.isVisible()
    QGuiApplication.clipboard().setText(COPIED)
    grid.setFocus()
    grid.setCurrentCell(0, 0)
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert grid.item(2, 1).text() == "Công đoàn cơ sở Trường Tiểu học Tân Phong"
    status = d.findChild(QLabel, "excelStatus").text()
    assert "Nhận được 3 đơn vị" in status and "2 dòng không nhận được" in status
    rejected = _rejected(d)
    assert set(rejected) == {"4", "5"}
    assert "Không nhận ra loại đơn vị «Công đoàn Trường Tiểu học Sìn Hồ»" in rejected["4"]
    assert "Không tìm thấy đơn vị cấp trên «LC-XX»" in rejected["5"]
    office = d.findChild(QComboBox, "office")
    assert [office.itemData(i) for i in range(office.count())] == ["LC", "LC-TP", None, "LC-TP-01"]
    office.setCurrentIndex(office.findData("LC-TP"))
    start = d.findChild(QPushButton, "start")
    assert start.isEnabled()
    services = Services.over(sqlite_store)
    apply_first_run(services, d.choice())
    assert services.office.local().unit_code == "LC-TP"
    assert sorted(u.code for u in services.units.list()) == ["LC", "LC-TP", "LC-TP-01"]


def test_units_typed_cell_by_cell_with_the_keyboard(qtbot):
    d = _open(qtbot)
    _choose(qtbot, d, "sourceTyped")
    grid = d.findChild(QTableWidget, "typedUnits")
    grid.setFocus()
    grid.setCurrentCell(0, 0)
    for text in ("LC", "Liên đoàn Lao động tỉnh Lai Châu"):
        _type(qtbot, grid, text)
    assert grid.item(0, 1).text() == "Liên đoàn Lao động tỉnh Lai Châu"
    grid.setCurrentCell(1, 0)
    for text in ("LC-SH", "Công đoàn xã Sìn Hồ", "LC"):
        _type(qtbot, grid, text)
    office = d.findChild(QComboBox, "office")
    assert [office.itemData(i) for i in range(office.count())] == ["LC", "LC-SH"]
    assert not d.findChild(QTableWidget, "rejectedRows").isVisible()
    # A mistake shows at once, with its row, and is gone once mended.
    grid.setCurrentCell(1, 2)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    _type(qtbot, grid, "LC-ZZ")
    assert "Không tìm thấy đơn vị cấp trên «LC-ZZ»" in _rejected(d)["2"]
    assert office.count() == 1
    grid.setCurrentCell(1, 2)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    _type(qtbot, grid, "LC")
    assert not d.findChild(QTableWidget, "rejectedRows").isVisible()
    assert office.count() == 2


def test_every_refused_row_of_an_excel_file_is_shown_with_its_reason(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "don-vi.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"])
    ws.append(["LC", "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ tỉnh", ""])
    for i in range(12):  # more than the eight the dialog used to show
        ws.append([f"K{i}", f"Ban số {i}", "", "LC"])
    ws.append(["", "", "phường", "LC"])
    wb.save(path)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(path))
    d = _open(qtbot)
    _choose(qtbot, d, "sourceExcel")
    qtbot.mouseClick(d.findChild(QPushButton, "pickExcel"), Qt.MouseButton.LeftButton)
    rejected = _rejected(d)
    assert len(rejected) == 13
    assert "Không nhận ra loại đơn vị «Ban số 11»" in rejected["14"]
    assert rejected["15"] == "Thiếu tên đơn vị."
    assert "13 dòng không nhận được" in d.findChild(QLabel, "excelStatus").text()
    # Choosing the demo hides them; coming back to the file shows them again.
    _choose(qtbot, d, "sourceDemo")
    assert not d.findChild(QTableWidget, "rejectedRows").isVisible()
    _choose(qtbot, d, "sourceExcel")
    assert len(_rejected(d)) == 13


def test_the_dialog_fits_1366_by_700_with_start_in_view(qtbot):
    d = _open(qtbot)
    _choose(qtbot, d, "sourceTyped")
    grid = d.findChild(QTableWidget, "typedUnits")
    grid.setCurrentCell(0, 0)
    grid.paste(COPIED * 6)  # a long list and many refused rows
    assert d.minimumSizeHint().height() <= 700
    assert d.sizeHint().height() <= 700
    d.resize(760, 640)
    start = d.findChild(QPushButton, "start")
    corner = start.mapTo(d, QPoint(start.width() - 1, start.height() - 1))
    assert d.rect().contains(corner) and start.isVisible()
