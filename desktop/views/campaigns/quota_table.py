"""The quota grid's figures and the table that shows them: typed, pasted from Excel or
cleared, checked for sums that do not match; greyed rows (another office's) take nothing."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTableView

from desktop.services.campaigns.quotas import Key, Mismatch, QuotaGrid
from desktop.services.units.tree import short_unit_name
from desktop.text.numbers import format_number, parse_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr

MISMATCH_BG = QColor("#fde7e6")
CHANGED_BG = QColor("#fff8d6")
CLASHED_BG = QColor("#ffd8a8")  # changed by someone else while open (orange)
READ_ONLY_BG = QColor("#ececec")
READ_ONLY_FG = QColor("#5c5c5c")

Index = QModelIndex | QPersistentModelIndex


class QuotaModel(QAbstractTableModel):
    """The grid's figures as the person edits them; nothing is saved until Save."""

    #: a typed figure was refused; the message says why
    refused = Signal(str)

    def __init__(self, grid: QuotaGrid) -> None:
        super().__init__()
        self.grid = grid
        self.values: dict[Key, int | None] = dict(grid.values)
        self.mismatches: dict[Key, list[Mismatch]] = {}
        # Cells someone else changed while this grid was open: {key: what was typed here}.
        self.clashed: dict[Key, int | None] = {}
        self.recheck()

    def reload(self, grid: QuotaGrid, clashed: dict[Key, int | None]) -> None:
        """The grid as it is now in the store, with this person's changes to the other cells
        kept; the ``clashed`` cells show the new figure, what was typed in their tooltip."""
        typed = self.changes()
        self.beginResetModel()
        self.grid = grid
        self.values = dict(grid.values)
        self.values.update({k: v for k, v in typed.items() if k not in clashed})
        self.clashed = dict(clashed)
        self.endResetModel()
        self.recheck()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.columns)

    def key(self, index: Index) -> Key:
        return (self.grid.units[index.row()].id, self.grid.columns[index.column()].id)

    def editable(self, index: Index) -> bool:
        return index.isValid() and self.grid.editable(self.grid.units[index.row()].id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        key = self.key(index)
        value = self.values.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_number(value) if value is not None else ""
        if role == Qt.ItemDataRole.EditRole:
            return str(value) if value is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self.clashed:
                return CLASHED_BG
            if key in self.mismatches:
                return MISMATCH_BG
            if not self.editable(index):
                return READ_ONLY_BG
            if self.values.get(key) != self.grid.values.get(key):
                return CHANGED_BG
        if role == Qt.ItemDataRole.ForegroundRole and not self.editable(index):
            return READ_ONLY_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = [m.message for m in self.mismatches.get(key, [])]
            if key in self.clashed:
                typed = self.clashed[key]
                tips.append(
                    tr(
                        "Ô này vừa được người khác sửa; đang hiện số mới. Số anh/chị đã nhập: {n}"
                    ).format(n=format_number(typed) if typed is not None else tr("(trống)"))
                )
            if not self.editable(index):
                tips.append(self.grid.read_only[key[0]])
            return "\n".join(tips) or None
        if role == Qt.ItemDataRole.FontRole and self.grid.units[index.row()].is_root:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.grid.columns[section].name
        u = self.grid.units[section]
        return short_unit_name(u.name) if not u.is_root else f"{short_unit_name(u.name)} (Σ)"

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self.editable(index) else flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.editable(index):
            self.refused.emit(self.grid.read_only[self.key(index)[0]])
            return False
        number = _read(value)
        if number is False:
            self.refused.emit(
                tr("«{text}» không phải là số nguyên không âm; ô vẫn giữ số cũ.").format(text=value)
            )
            return False
        self.values[self.key(index)] = number
        self.recheck()
        return True

    def set_many(self, values: dict[Key, int | None]) -> list[str]:
        """Take the figures of the rows this office sets; returns why the others were not
        taken (one line per unit), for the caller to show."""
        skipped = {
            u: self.grid.read_only[u]
            for (u, p), v in values.items()
            if not self.grid.editable(u) and v != self.values.get((u, p))
        }
        self.values.update({k: v for k, v in values.items() if self.grid.editable(k[0])})
        self.recheck()
        return list(skipped.values())

    def recheck(self) -> None:
        from desktop.services.campaigns.quotas import check

        self.mismatches = {}
        for m in check(self.grid.units, self.grid.columns, self.values):
            self.mismatches.setdefault((m.unit_id, m.period_id), []).append(m)
        self.dataChanged.emit(
            self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
        )

    def all_mismatches(self) -> list[Mismatch]:
        return [m for ms in self.mismatches.values() for m in ms]

    def changes(self) -> dict[Key, int | None]:
        keys = set(self.values) | set(self.grid.values)
        return {
            k: self.values.get(k) for k in keys if self.values.get(k) != self.grid.values.get(k)
        }


def _read(value: object) -> int | bool | None:
    """A typed or pasted figure: an int, None (blank), or False (not a whole number ≥ 0)."""
    try:
        n = parse_number(value if isinstance(value, (str, int, float)) else str(value))
    except ValueError:
        return False
    if n is None:
        return None
    if n != int(n) or n < 0:
        return False
    return int(n)


class QuotaTable(QTableView):
    """A table view that takes a block pasted from Excel (tab-separated) at the current cell."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        editing = self.state() == QTableView.State.EditingState
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not editing:
            model = self.model()
            assert isinstance(model, QuotaModel)
            skipped = model.set_many({model.key(i): None for i in self.selectedIndexes()})
            if skipped:
                model.refused.emit("\n".join(skipped))
            return
        super().keyPressEvent(event)

    def paste(self, text: str) -> int:
        """Paste a block; returns how many cells took a figure. Bad cells are refused whole."""
        model = self.model()
        assert isinstance(model, QuotaModel)
        start = self.currentIndex()
        if not start.isValid():
            start = model.index(0, 0)
        lines = [line for line in text.replace("\r\n", "\n").split("\n")]
        while lines and not lines[-1].strip():
            lines.pop()
        values: dict[Key, int | None] = {}
        for r, line in enumerate(lines):
            for c, cell in enumerate(line.split("\t")):
                row, col = start.row() + r, start.column() + c
                if row >= model.rowCount() or col >= model.columnCount():
                    continue
                number = _read(cell.strip())
                if number is False:
                    dialogs.error(
                        self,
                        tr("Ô «{cell}» không phải là số nguyên không âm; chưa dán gì.").format(
                            cell=cell.strip()
                        ),
                    )
                    return 0
                values[model.key(model.index(row, col))] = number
        skipped = model.set_many(values)
        if skipped:
            model.refused.emit(tr("Không dán vào các ô màu xám:") + "\n" + "\n".join(skipped[:4]))
        return sum(1 for k in values if model.grid.editable(k[0]))
