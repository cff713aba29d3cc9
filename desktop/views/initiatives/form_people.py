"""Who and where, on the entry form: the authors (a line of names and a table of details) and
the grassroots union (typed in part, without accents if need be, and chosen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.initiatives.excel_plan import split_authors
from desktop.services.units.tree import UnitRow
from desktop.text.normalise import fold
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.initiatives.form_input import AUTHOR_COLUMNS, EMAIL_COLUMN
from desktop.views.initiatives.form_sections import ErrorLabels

# The completer's items: the name shown (with its diacritics), matched on its folded form.
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 2


class WordsFilter(QSortFilterProxyModel):
    """The unions whose folded name holds every word typed, in any order («truong ban»)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.words: list[str] = []

    def set_words(self, words: list[str]) -> None:
        self.beginFilterChange()
        self.words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        key = str(model.index(source_row, 0, source_parent).data(FOLDED_ROLE) or "")
        return all(w in key for w in self.words)


class AuthorsTable(QTableWidget):
    """The authors' details. Tab comes in from the names line and goes on to the union (one
    key: the table is one stop, arrows move between its cells); while a cell is being typed,
    Tab goes to the next cell, and from the last cell on to the next field."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        if not self.currentIndex().isValid() and self.rowCount():
            self.setCurrentCell(0, 0)
        super().focusInEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        forward = hint == QAbstractItemDelegate.EndEditHint.EditNextItem
        if hint not in (
            QAbstractItemDelegate.EndEditHint.EditNextItem,
            QAbstractItemDelegate.EndEditHint.EditPreviousItem,
        ):
            super().closeEditor(editor, hint)
            return
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        r, c = self.currentRow(), self.currentColumn()
        last_col = self.columnCount() - 1
        at_end = (r, c) == (self.rowCount() - 1, last_col) if forward else (r, c) == (0, 0)
        if at_end:  # out of the table, to the next (or previous) field
            QWidget.focusNextPrevChild(self, forward)
            return
        step = 1 if forward else -1
        flat = r * (last_col + 1) + c + step
        self.setCurrentCell(flat // (last_col + 1), flat % (last_col + 1))


class AuthorsEditor(QWidget):
    """Names typed in one line ("Nguyễn Văn A, Trần Thị B") fill the table below, where the
    details of each author (position, workplace, member, share) can be added."""

    edited = Signal()  # names typed in the line changed the table

    def __init__(self, errors: ErrorLabels) -> None:
        super().__init__()
        self.line = named(QLineEdit(), "authors_line")
        self.line.setPlaceholderText(tr("Họ tên tác giả; nhóm tác giả cách nhau bằng dấu phẩy"))
        self.line.textEdited.connect(self._names_typed)
        self.line.setAccessibleName(tr("Tác giả"))
        self.table = named(AuthorsTable(1, len(AUTHOR_COLUMNS)), "authors")
        self.table.setAccessibleName(tr("Chi tiết từng tác giả"))
        self.table.setHorizontalHeaderLabels([tr(c) for c in AUTHOR_COLUMNS])
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the next field
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The e-mail shares the spare width with the name: an address is long.
        self.table.horizontalHeader().setSectionResizeMode(
            EMAIL_COLUMN, QHeaderView.ResizeMode.Stretch
        )
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setMaximumHeight(140)
        self.table.setCurrentCell(0, 0)
        self.add_button = named(QPushButton(tr("Thêm tác giả (Ctrl+T)")), "add_author")
        self.add_button.setAutoDefault(False)
        self.add_button.setAccessibleName(tr("Thêm tác giả"))
        self.add_button.clicked.connect(self.add_row)
        QShortcut(QKeySequence("Ctrl+T"), self, self.add_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.table)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(errors.make("authors"))

    def connect_changes(self, changed: Callable[[], None]) -> None:
        """Once the form is filled: every edit of a cell is a change, a name keeps the line."""
        self.table.itemChanged.connect(changed)
        self.table.itemChanged.connect(self._name_cell_changed)
        self.edited.connect(changed)

    def cells(self) -> list[list[str]]:
        out = []
        for r in range(self.table.rowCount()):
            cells = []
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                cells.append(item.text() if item else "")
            out.append(cells)
        return out

    def set_cells(self, rows: list[list[str]]) -> None:
        rows = rows or [[""] * len(AUTHOR_COLUMNS)]
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells[: len(AUTHOR_COLUMNS)]):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.sync_line()

    def set_read_only(self) -> None:
        self.line.setReadOnly(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_button.hide()

    def _names_typed(self, text: str) -> None:
        names = split_authors(text)
        self.table.blockSignals(True)
        self.table.setRowCount(max(1, len(names), self._filled_rows()))
        for r in range(self.table.rowCount()):
            name = names[r] if r < len(names) else ""
            self.table.setItem(r, 0, QTableWidgetItem(name))
        # Rows left without a name and without details go away.
        for r in range(self.table.rowCount() - 1, 0, -1):
            if not any(c.strip() for c in self.cells()[r]):
                self.table.removeRow(r)
        self.table.blockSignals(False)
        self.edited.emit()

    def _filled_rows(self) -> int:
        return sum(1 for cells in self.cells() if any(c.strip() for c in cells[1:]))

    def _name_cell_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self.sync_line()

    def sync_line(self) -> None:
        names = [cells[0].strip() for cells in self.cells() if cells[0].strip()]
        self.line.setText(", ".join(names))

    def add_row(self) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setFocus()
        self.table.setCurrentCell(r, 0)


class UnitPicker(QObject):
    """The union's line (part of a name, accents optional) with its suggestions, and the full
    name of the union chosen below it."""

    chosen = Signal(object)  # the UnitRow picked from the suggestions or by a unique match

    def __init__(
        self,
        units: list[UnitRow],
        errors: ErrorLabels,
        other_unit: Callable[[int], UnitRow] | None,
        parent: QWidget,
    ) -> None:
        """``other_unit``: a union outside ``units`` to name (read-only forms), else None."""
        super().__init__(parent)
        self._units = units
        self._errors = errors
        self._other_unit = other_unit
        self.unit_id: int | None = None
        self._by_id = {u.id: u for u in units}
        self._by_fold = {u.id: _folded(u) for u in units}
        self.line = named(QLineEdit(), "unit")
        self.line.setPlaceholderText(tr("Gõ một phần tên công đoàn cơ sở, không dấu cũng được"))
        self.line.setAccessibleName(tr("Công đoàn cơ sở"))
        # Shown as written (with diacritics), matched on the folded name and short name, so
        # «ban bo» finds «Công đoàn cơ sở Trường Tiểu học Bản Bo».
        self._completions = QStandardItemModel(parent)
        for u in units:
            item = QStandardItem(u.name)
            item.setData(self._by_fold[u.id], FOLDED_ROLE)
            item.setData(u.id, UNIT_ID_ROLE)
            if u.short_name and u.short_name != u.name:
                item.setToolTip(u.short_name)
            self._completions.appendRow(item)
        self._filter = WordsFilter(parent)
        self._filter.setSourceModel(self._completions)
        self.completer = QCompleter(self._filter, parent)
        self.completer.setWidget(self.line)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        # The index overload: two unions may share a name (the stubs know only the text one).
        cast(Any, self.completer.activated)[QModelIndex].connect(self._activated)
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self._finished)
        # Leaving the field while the suggestions are open gives no editingFinished: watch it.
        self.line.installEventFilter(self)
        self.name_label = named(QLabel(), "unit_name")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.line
            and event.type() == QEvent.Type.FocusOut
            and isinstance(event, QFocusEvent)
            and event.reason() != Qt.FocusReason.PopupFocusReason
        ):
            self._finished()
        return super().eventFilter(watched, event)

    def _typed(self, text: str) -> None:
        self.unit_id = None
        self.name_label.setText("")
        words = fold(text).split()
        popup = self.completer.popup()
        self._filter.set_words(words)
        if words and self._filter.rowCount():
            self.completer.complete()
        elif popup is not None:
            popup.hide()

    def _activated(self, index: QModelIndex) -> None:
        unit_id = index.data(UNIT_ID_ROLE)
        if unit_id is not None:
            self._chosen(int(unit_id))

    def _chosen(self, unit_id: int) -> None:
        unit = self._by_id.get(unit_id)
        if unit is None:
            return
        self.unit_id = unit.id
        self.line.setText(unit.display_name)
        self.chosen.emit(unit)
        self.show_name()

    def _finished(self) -> None:
        if self.unit_id is not None or not self.line.text().strip():
            return
        words = fold(self.line.text()).split()
        found = [i for i, k in self._by_fold.items() if all(w in k for w in words)]
        if len(found) == 1:
            popup = self.completer.popup()
            if popup is not None:
                popup.hide()
            self._chosen(found[0])
        elif found:
            self._errors.show(
                "unit_id",
                tr("Có {n} đơn vị khớp: hãy gõ thêm hoặc chọn trong danh sách.").format(
                    n=len(found)
                ),
            )

    def show_name(self) -> None:
        unit = next((u for u in self._units if u.id == self.unit_id), None)
        if unit is None and self._other_unit is not None and self.unit_id is not None:
            unit = self._other_unit(self.unit_id)  # another office's union, to read
        self.name_label.setText(unit.name if unit else "")
        if unit:
            self._errors.hide("unit_id")


def _folded(unit: UnitRow) -> str:
    """What the completer matches a union on: its name and short name, without diacritics."""
    return fold(unit.name + " " + (unit.short_name or ""))
