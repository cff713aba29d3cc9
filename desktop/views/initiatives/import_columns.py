"""The columns of a list being imported, every one offered with what it was taken for.

Each column of the sheet gets a choice, set to the automatic guess (or to the answer
remembered from an earlier import); a column the program could not place is marked «chưa
rõ» and set to "leave out" until the person says what it holds. A header of two rows shows as
"Tác giả - Họ tên", "Tác giả - Chức vụ": every sub-column is offered.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QWidget

from desktop.services.initiatives.excel_sheet import IGNORE, TARGETS, SheetData
from desktop.views.common.i18n import tr
from desktop.views.common.named import named

PAIRS_PER_LINE = 3  # a header and its choice, three to a line: a long list stays short


class ColumnChoices(QGroupBox):
    """``boxes``: column index -> its choice; ``changed`` is called on every answer."""

    def __init__(self, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(tr("Các cột của tệp: kiểm tra ý nghĩa từng cột (sẽ được ghi nhớ)"), parent)
        self.setObjectName("columns")
        self._changed = changed
        self._grid = QGridLayout(self)
        self.boxes: dict[int, QComboBox] = {}
        self.labels: dict[int, QLabel] = {}

    def fill(self, sheet: SheetData) -> None:
        """The columns of ``sheet`` (those of a sheet shown before are dropped)."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # out of sight now, deleted once the event loop is back
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.boxes.clear()
        self.labels.clear()
        for n, column in enumerate(sheet.columns):
            box = named(QComboBox(), f"column_{column.index}")
            box.addItem(tr("Bỏ qua cột này"), IGNORE)
            for key, name in TARGETS.items():
                box.addItem(tr(name), key)
            if column.target:
                box.setCurrentIndex(max(0, box.findData(column.target)))
            box.currentIndexChanged.connect(lambda _i: self._changed())
            text = (
                column.header
                if column.target is not None
                else tr("{h} (chưa rõ)").format(h=column.header)
            )
            label = named(QLabel(text), f"column_label_{column.index}")
            label.setWordWrap(True)
            label.setBuddy(box)
            line, pair = divmod(n, PAIRS_PER_LINE)
            self._grid.addWidget(label, line, 2 * pair)
            self._grid.addWidget(box, line, 2 * pair + 1)
            self.boxes[column.index] = box
            self.labels[column.index] = label

    def answers(self) -> dict[int, str]:
        """Column index -> its target (IGNORE: left out), as the person sees them now."""
        return {i: box.currentData() for i, box in self.boxes.items()}
