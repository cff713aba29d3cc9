"""The table of initiatives: a Qt model over the ids of a query, rows fetched page by page.

Sorting and filtering happen in SQL (``InitiativeService.ids``); the model keeps only the id
list and a small cache of pages, so a list of 100,000 costs little more than one of 100.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.services import labels
from desktop.services.initiatives import InitiativeRow, InitiativeService, ListQuery, SortKey
from desktop.services.vietnamese import format_date, format_number

from .i18n import tr

Index = QModelIndex | QPersistentModelIndex

COLUMNS: tuple[tuple[str, SortKey | None], ...] = (
    ("Tên sáng kiến", SortKey.TITLE),
    ("Tác giả", SortKey.AUTHORS),
    ("Đơn vị", SortKey.UNIT),
    ("Lĩnh vực", None),
    ("Ngày áp dụng", SortKey.APPLIED_ON),
    ("Giá trị làm lợi (đồng)", SortKey.BENEFIT),
    ("Trạng thái", SortKey.STATUS),
)

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class InitiativeTableModel(QAbstractTableModel):
    def __init__(self, service: InitiativeService, page_size: int = 200) -> None:
        super().__init__()
        self._service = service
        self._page_size = page_size
        self._query = ListQuery()
        self._ids: list[int] = []
        self._pages: dict[int, list[InitiativeRow]] = {}

    # ---- query ---------------------------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._query

    def set_query(self, query: ListQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._ids = self._service.ids(query)
        self._pages.clear()
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._query)

    def initiative_id(self, row: int) -> int:
        return self._ids[row]

    # ---- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section][0])
        return str(section + 1)

    def _row(self, r: int) -> InitiativeRow | None:
        page = r // self._page_size
        if page not in self._pages:
            if len(self._pages) > 50:  # keep memory flat while scrolling through everything
                self._pages.pop(next(iter(self._pages)))
            start = page * self._page_size
            self._pages[page] = self._service.rows(self._ids[start : start + self._page_size])
        rows = self._pages[page]
        i = r - page * self._page_size
        return rows[i] if i < len(rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:
            return None
        col = index.column()
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (0, 1, 2, 3, 6):
            return self._text(row, col)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(row, col)

    @staticmethod
    def _text(row: InitiativeRow, col: int) -> str:
        match col:
            case 0:
                return row.title
            case 1:
                return row.authors_text
            case 2:
                return row.unit_name
            case 3:
                return row.field_name or ""
            case 4:
                return format_date(row.applied_on)
            case 5:
                return format_number(row.benefit_vnd) if row.benefit_vnd is not None else ""
            case 6:
                return tr(labels.STATUS[row.status])
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._query, sort=key, descending=descending))
