"""The table of initiatives: a Qt model over a query, rows fetched page by page from SQL.

Sorting and filtering happen in SQL. Opening the list costs one COUNT; each page of 200 rows
is one query off an index when it first scrolls into view; only a small cache of pages is
kept, so a list of 1,000,000 costs little more than one of 100.

In the orders that page by key (every order but the unit's: ``listing.RUNS``) the model
remembers the sort keys of the first and last row of every page it has read. The next page down
is read after the last key of the one above it, the page up before the first key of the one
below, so scrolling costs the same at row 900,000 as at row 0. A jump (the scrollbar dragged,
End) skips from the nearest page read, or from the nearer end of the list, over the index
alone: dragging moves a little at a time, so each step skips a few pages, not the whole list.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services import labels
from desktop.services.initiatives.listing import InitiativeRow, Key, ListQuery, Page, SortKey
from desktop.services.initiatives.service import InitiativeService
from desktop.text.numbers import format_number
from desktop.views.common.i18n import tr

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
        self._total = 0
        self._pages: dict[int, list[InitiativeRow]] = {}
        # Keyed orders: the first and last sort key of each page read (kept when its rows go).
        self._marks: dict[int, tuple[Key, Key]] = {}
        self._loaded = False  # no list asked for yet: a sort only remembers its order

    # ---- query ---------------------------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._query

    def set_query(self, query: ListQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._loaded = True
        self._pages.clear()
        self._marks.clear()
        first = self._service.page(query, 0, self._page_size)  # the total and page 0 at once
        self._total = first.total
        self._keep(0, first)
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._query)

    def initiative_id(self, row: int) -> int:
        found = self._row(row)
        if found is None:
            raise IndexError(row)
        return found.id

    def row_of(self, initiative_id: int) -> int | None:
        """The row showing ``initiative_id`` (None when the query does not hold it)."""
        for page, rows in self._pages.items():
            for i, r in enumerate(rows):
                if r.id == initiative_id:
                    return page * self._page_size + i
        return self._service.position(self._query, initiative_id)

    # ---- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return tr(COLUMNS[section][0])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if horizontal:
            # A long header on two lines (the unit in brackets below), so a narrow column
            # shows it whole: «Giá trị làm lợi» over «(đồng)», never «iá trị làm lợi (đồng».
            label = tr(COLUMNS[section][0])
            head, bracket, unit = label.partition(" (")
            return f"{head}\n({unit}" if bracket else label
        return str(section + 1)

    def _row(self, r: int) -> InitiativeRow | None:
        page = r // self._page_size
        if page not in self._pages:
            if len(self._pages) > 50:  # keep memory flat while scrolling through everything
                self._pages.pop(next(iter(self._pages)))
            self._fetch(page)
        rows = self._pages[page]
        i = r - page * self._page_size
        return rows[i] if i < len(rows) else None

    def _keep(self, page: int, found: Page) -> None:
        self._pages[page] = found.rows
        if found.first is not None and found.last is not None:
            self._marks[page] = (found.first, found.last)

    def _fetch(self, page: int) -> None:
        size = self._page_size
        start = page * size
        if not self._service.keyed(self._query):
            self._pages[page] = self._service.rows_slice(self._query, start, size)
            return
        # Read from the nearest place known: a page above (after its last key), a page below
        # (before its first key), the top or the bottom of the list; fewest rows skipped.
        limit = max(0, min(size, self._total - start))
        from_end = max(0, self._total - start - size)
        best: tuple[int, Key | None, bool] = min((start, None, False), (from_end, None, True))
        for p, (first, last) in self._marks.items():
            if p < page and (page - p - 1) * size <= best[0]:
                best = ((page - p - 1) * size, last, False)
            elif p > page and (p - page - 1) * size <= best[0]:
                best = ((p - page - 1) * size, first, True)
        skip, key, backward = best
        found = self._service.slice_from(self._query, key, skip, limit or size, backward)
        self._keep(page, found)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:
            return None
        col = index.column()
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and row.deleted:
            return QBrush(QColor("#888888"))
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
                return row.applied_text
            case 5:
                return format_number(row.benefit_vnd) if row.benefit_vnd is not None else ""
            case 6:
                status = tr(labels.STATUS[row.status])
                return f"{status} · {tr('nhập sau hạn')}" if row.entered_late else status
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        query = replace(self._query, sort=key, descending=descending)
        if not self._loaded:  # the view's first sort, before its page asks for a list
            self._query = query
            return
        self.set_query(query)
