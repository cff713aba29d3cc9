"""The quota grid: typing, pasting from Excel, importing, splitting, saving knowingly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton

from desktop.views.campaigns.quota_grid import MISMATCH_BG, QuotaDialog
from desktop.views.common import dialogs

TABLE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "quotas_laichau_2022_2023.csv"


@pytest.fixture
def setup(qtbot, demo_services):
    c = demo_services.campaigns.by_code("01TRIEU-2022")
    province = demo_services.units.by_code("LC")
    d = QuotaDialog(demo_services, c.id, province.id)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d, c, province


def _row(d, code):
    return next(i for i, u in enumerate(d.model.grid.units) if u.code == code)


def _type(qtbot, d, row, col, text):
    table = d.table
    index = d.model.index(row, col)
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)  # as Excel: F2 edits the cell
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next turn of the event loop.
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def test_typing_a_figure_that_breaks_the_sums_highlights_both_places(
    qtbot, setup, demo_services, monkeypatch
):
    d, c, _province = setup
    assert d.status.text() == "Các chỉ tiêu khớp nhau."
    r = _row(d, "LC-PT")
    _type(qtbot, d, r, 0, "270")
    assert d.model.index(r, 0).data() == "270"
    assert d.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) == MISMATCH_BG  # 135+130 ≠ 270
    assert (
        d.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == MISMATCH_BG
    )  # districts ≠ 2.300
    assert "thừa 5" in d.status.text()
    # Saving asks; "No" keeps the dialog and everything typed.
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, text, *a: asked.append(text) or False)
    qtbot.mouseClick(d.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert asked and "chưa khớp" in asked[0]
    assert d.isVisible() and d.model.index(r, 0).data() == "270"
    ph = demo_services.units.by_code("LC-PT")
    assert demo_services.campaigns.quotas(c.id)[(ph.id, None)] == 265
    # "Yes" saves knowingly.
    monkeypatch.setattr(dialogs, "confirm", lambda *a: True)
    qtbot.mouseClick(d.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert demo_services.campaigns.quotas(c.id)[(ph.id, None)] == 270


def test_a_bad_figure_is_refused_and_the_old_one_kept(qtbot, setup):
    d, _c, _p = setup
    r = _row(d, "LC-SH")
    _type(qtbot, d, r, 1, "12,5")
    assert "«12,5» không phải là số nguyên không âm" in d.status.text()
    assert d.model.index(r, 1).data() == "130"


def test_pasting_a_block_from_excel(qtbot, setup, demo_services):
    d, _c, _p = setup
    r = _row(d, "LC-GD")
    d.table.setCurrentIndex(d.model.index(r, 0))
    QGuiApplication.clipboard().setText("116\t61\t55\r\n")
    qtbot.keyClick(d.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [d.model.index(r, col).data() for col in range(3)] == ["116", "61", "55"]
    assert d.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) != MISMATCH_BG
    assert d.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == MISMATCH_BG  # 2.301


def test_split_evenly_then_import_the_table_and_save(qtbot, setup, demo_services, monkeypatch):
    d, c, province = setup
    demo_services_quotas = demo_services.campaigns.quotas
    d.table.setCurrentIndex(d.model.index(0, 1))
    qtbot.mouseClick(d.findChild(QPushButton, "split"), Qt.MouseButton.LeftButton)
    col = [d.model.values[(u.id, c.periods[0].id)] for u in d.model.grid.units[1:]]
    assert sum(col) == 1200 and max(col) - min(col) <= 1
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(TABLE))
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: None)
    qtbot.mouseClick(d.findChild(QPushButton, "importTable"), Qt.MouseButton.LeftButton)
    assert d.status.text() == "Các chỉ tiêu khớp nhau."
    qtbot.mouseClick(d.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    ph = demo_services.units.by_code("LC-PT")
    quotas = demo_services_quotas(c.id)
    assert quotas[(ph.id, c.periods[0].id)] == 135 and quotas[(province.id, None)] == 2300


def test_an_unsure_name_in_an_imported_table_is_asked(
    qtbot, setup, demo_services, monkeypatch, tmp_path
):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

    from desktop.views.campaigns.quota_grid import ImportChoiceDialog

    d, _c, _province = setup
    table = tmp_path / "q.csv"
    table.write_text(
        TABLE.read_text(encoding="utf-8").replace("LĐLĐ huyện Tân Uyên,180", "LĐLĐ huyện Uyên,181"),
        encoding="utf-8",
    )
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(table))
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: None)
    tan_uyen = demo_services.units.by_code("LC-TNU")
    asked = []

    def answer():
        chooser = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, ImportChoiceDialog) and w.isVisible()
            ),
            None,
        )
        if chooser is None:
            QTimer.singleShot(20, answer)
            return
        combo = chooser.findChild(QComboBox)
        asked.append([combo.itemText(i) for i in range(combo.count())])
        combo.setCurrentIndex(combo.findData(tan_uyen.id))
        chooser.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(d.findChild(QPushButton, "importTable"), Qt.MouseButton.LeftButton)
    assert (
        asked and any("Tân Uyên" in t for t in asked[0]) and any("Than Uyên" in t for t in asked[0])
    )
    r = _row(d, "LC-TNU")
    assert d.model.index(r, 0).data() == "181"
    assert d.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) == MISMATCH_BG  # 95 + 85 ≠ 181
