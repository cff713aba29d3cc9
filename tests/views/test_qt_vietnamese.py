"""Qt's own buttons and menus speak Vietnamese, as the program's own texts do."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from desktop.views.common import qt_vietnamese


def test_standard_buttons_and_the_text_menu_are_vietnamese(qtbot):
    app = QApplication.instance()
    translator = qt_vietnamese.install(app)
    try:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        qtbot.addWidget(box)
        assert sorted(b.text() for b in box.buttons()) == ["Huỷ", "Đồng ý"]
        question = QMessageBox()
        qtbot.addWidget(question)
        question.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        assert sorted(b.text() for b in question.buttons()) == ["&Có", "&Không"]
        # The rarer buttons too.
        retry = QMessageBox()
        qtbot.addWidget(retry)
        retry.setStandardButtons(QMessageBox.StandardButton.YesToAll)
        assert retry.buttons()[0].text() == "Có với &tất cả"
        field = QLineEdit()
        qtbot.addWidget(field)
        menu = field.createStandardContextMenu()
        texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
        assert "&Sao chép" in texts and "&Dán" in texts and "Chọn tất cả" in texts
    finally:
        app.removeTranslator(translator)
    # Without it, Qt speaks English: the test above could fail.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.buttons()[0].text() == "OK"
