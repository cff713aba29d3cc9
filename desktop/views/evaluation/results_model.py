"""The table of a council's results: each reviewed initiative with "scored/members", its
average, its dossier flags, and a check box choosing it for a decision or a nomination."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services import labels
from desktop.services.evaluation.scoring import ResultRow
from desktop.text.numbers import format_number
from desktop.views.common.i18n import tr

Index = QModelIndex | QPersistentModelIndex
HEADERS = (
    "Chọn",
    "Tên sáng kiến",
    "Đã chấm",
    "Điểm TB",
    "Hồ sơ",
    "Tác giả",
    "Đơn vị",
    "Trạng thái",
)


class ResultModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ResultRow] = []
        self.checked: set[int] = set()
        self.checkable = True  # the "Chọn" column serves decisions and nominations only

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.checked &= {r.initiative_id for r in rows}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.checkable:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0 and self.checkable:
            return (
                Qt.CheckState.Checked
                if r.initiative_id in self.checked
                else Qt.CheckState.Unchecked
            )
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 4:
                return tr("Hợp lệ") if r.check.valid else r.check.problems
            return {
                1: r.title,
                2: r.scored_text,
                3: format_number(r.average, 2) if r.average is not None else "—",
                5: r.authors_text,
                6: r.unit_name,
                7: labels.STATUS[r.status],
            }.get(col)
        if role == Qt.ItemDataRole.ToolTipRole and col == 4:
            return "\n".join(f"{'✓' if f.ok else '✗'} {f.label}: {f.reason}" for f in r.check.flags)
        if role == Qt.ItemDataRole.ForegroundRole and col == 4 and not r.check.valid:
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0 and self.checkable:
            iid = self.rows[index.row()].initiative_id
            if Qt.CheckState(value) == Qt.CheckState.Checked:
                self.checked.add(iid)
            else:
                self.checked.discard(iid)
            self.dataChanged.emit(index, index)
            return True
        return False
