"""The units page's tree: the units under their parents, served as the view asks.

A national office holds 50,000 grassroots unions. As 200,000 ``QStandardItem`` (four columns,
each with its Python wrapper) the tree took about 400 MB and four seconds to open, most of
it for rows nobody opened. This model keeps the units as they came from the service and each
one's place, and makes a cell's text, colour and unit id only when the view draws or asks
for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.services import labels
from desktop.services.units.tree import UnitRow
from desktop.views.common.i18n import tr
from desktop.views.units.history import ended_suffix

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOT_OWNED_FG = QColor("#6b6b6b")
ENDED_FG = QColor("#9a9a9a")
ROOT = -1  # the invisible root's place

Index = QModelIndex | QPersistentModelIndex


class UnitTreeModel(QAbstractItemModel):
    """Four columns (name, code, kind, whose books) over a list of units; read-only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._units: list[UnitRow] = []
        self._parent: list[int] = []  # each unit's parent's place (ROOT at the top)
        self._row: list[int] = []  # each unit's row under its parent
        self._children: dict[int, list[int]] = {}  # a place → its children's places
        self._editable: frozenset[int] | set[int] = frozenset()
        self._books: Callable[[UnitRow], str] = lambda _u: ""
        self._headers = [tr("Tên đơn vị"), tr("Mã"), tr("Loại"), tr("Sổ do ai giữ")]

    def reset(
        self,
        units: Sequence[UnitRow],
        editable: frozenset[int] | set[int],
        books: Callable[[UnitRow], str],
    ) -> None:
        """Show ``units`` (in the order their parent's children are listed): each under its
        parent, and a unit whose parent is not among them (merged away) at the top level."""
        self.beginResetModel()
        by_parent: dict[int | None, list[UnitRow]] = {}
        for u in units:
            by_parent.setdefault(u.parent_id, []).append(u)
        known = {u.id for u in units}
        self._units, self._parent, self._row, self._children = [], [], [], {}

        def add(parent_place: int, parent_id: int | None) -> None:
            stack = [(parent_place, parent_id)]
            while stack:
                place, unit_id = stack.pop()
                kids = self._children.setdefault(place, [])
                for u in by_parent.get(unit_id, []):
                    mine = len(self._units)
                    self._units.append(u)
                    self._parent.append(place)
                    self._row.append(len(kids))
                    kids.append(mine)
                    stack.append((mine, u.id))

        add(ROOT, None)
        for parent_id in set(by_parent) - known - {None}:
            add(ROOT, parent_id)
        self._editable = editable
        self._books = books
        self.endResetModel()

    # ---- the model ----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        kids = self._children.get(parent.internalId() if parent.isValid() else ROOT, [])
        if not 0 <= row < len(kids) or not 0 <= column < len(self._headers):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        above = self._parent[child.internalId()]
        if above == ROOT:
            return QModelIndex()
        return self.createIndex(self._row[above], 0, above)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() > 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else ROOT, ()))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self._headers)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        u = self._units[index.internalId()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return u.name + ended_suffix(u)
            if column == 1:
                return u.code
            if column == 2:
                return tr(labels.UNIT_KIND[u.kind])
            return self._books(u)
        if role == UNIT_ID_ROLE:
            return u.id if column == 0 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if ended_suffix(u):
                return ENDED_FG
            if u.id not in self._editable:
                return NOT_OWNED_FG
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def unit_at(self, index: Index) -> UnitRow | None:
        return self._units[index.internalId()] if index.isValid() else None
