"""The dashboard's table: a tree model over the rows of one ``ProgressReport``, served lazily.

A province of 50,000 grassroots unions gives 50,000 rows; the view draws the thirty in sight.
Nothing is made per row when a report arrives: a unit's children are found (and sorted) the
first time the view asks for them (a district opened), its cells' text the first time they are
drawn. The report's rows are depth-first (``ProgressReport.rows``), so a node's children are
the rows one level deeper up to the next row at its own level or above.

Indexes carry their parent's place in the report's rows plus one (0: a top-level unit), so
``parent()`` is two look-ups. A new report replaces the old with a model reset; the page puts
back what the person had opened, selected and scrolled to (``DashboardPage``).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.services.campaigns.progress import ProgressReport, ProgressRow
from desktop.text.collation import collation_key
from desktop.text.numbers import format_number
from desktop.views.common.i18n import tr

Index = QModelIndex | QPersistentModelIndex

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole
BEHIND = QColor("#b3261e")
BEHIND_BG = QColor("#fde7e6")
SLIGHTLY_BEHIND_BG = QColor("#fff4de")
ON_TRACK = QColor("#1e7b34")

COLUMNS = (
    "Đơn vị",
    "Chỉ tiêu",
    "Đã có",
    "Tỷ lệ",
    "Cần đạt",
    "Còn thiếu",
    "Công nhận",
    "CĐCS có ≥ {n:02d} SK",
    "Gói gần nhất",
)
TOOLTIPS = (
    "",
    "Chỉ tiêu được giao",
    "Số sáng kiến tính trong thời gian của giai đoạn",
    "Đã có ÷ chỉ tiêu",
    "Mức cần đạt đến ngày đang xem: chỉ tiêu × phần thời gian đã qua",
    "Số sáng kiến còn thiếu so với mức cần đạt đến nay",
    "Được công nhận, biểu dương hoặc đề nghị cấp trên",
    "Số CĐCS có ít nhất {n:02d} sáng kiến / tổng số CĐCS (mỗi CĐCS ít nhất {n:02d} sáng kiến)",
    "Khi nhận được gói dữ liệu gần nhất của đơn vị",
)
BUNDLE_COLUMN = len(COLUMNS) - 1
PERCENT_COLUMN, SHORTFALL_COLUMN, GRASSROOTS_COLUMN = 3, 5, 7
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# The figures' columns: right-aligned (the name and the bundle's time are not).
FIGURES = frozenset(range(1, BUNDLE_COLUMN))

_BEHIND_FG = QBrush(BEHIND)
_ON_TRACK_FG = QBrush(ON_TRACK)
_BEHIND_BG = QBrush(BEHIND_BG)
_SLIGHTLY_BEHIND_BG = QBrush(SLIGHTLY_BEHIND_BG)

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ROOT = -1
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_LEAF = _FLAGS | Qt.ItemFlag.ItemNeverHasChildren


def cells_of(r: ProgressRow) -> tuple[str, ...]:
    """The nine texts of a unit's row, as the table shows them (Vietnamese numbers)."""
    pct = r.percent
    at = r.last_bundle_at
    return (
        r.unit_name,
        _text(r.quota),
        _text(r.count),
        f"{format_number(pct, 1)}%" if pct is not None else "—",
        _text(r.expected),
        _text(r.shortfall if r.quota is not None else None),
        _text(r.recognised),
        f"{format_number(r.grassroots_with_initiative)}/{format_number(r.grassroots_total)}",
        at.astimezone().strftime("%d/%m/%Y %H:%M") if at else tr("chưa bao giờ"),
    )


def sort_value(r: ProgressRow, column: int) -> Any:
    """What a column sorts by: the figure, not its text (``—`` sorts first, as −1)."""
    if column == 0:
        return collation_key(r.unit_name)
    if column == 1:
        return r.quota if r.quota is not None else -1
    if column == 2:
        return r.count
    if column == PERCENT_COLUMN:
        pct = r.percent
        return pct if pct is not None else -1
    if column == 4:
        return r.expected if r.expected is not None else -1
    if column == SHORTFALL_COLUMN:
        return r.shortfall if r.quota is not None else -1
    if column == 6:
        return r.recognised
    if column == GRASSROOTS_COLUMN:
        total = r.grassroots_total
        return r.grassroots_with_initiative / total if total else -1
    return r.last_bundle_at.timestamp() if r.last_bundle_at else 0


def _text(value: int | None) -> str:
    return format_number(value) if value is not None else "—"


def _behind_background(r: ProgressRow) -> QBrush | None:
    """The row's colour when the unit is behind: red below 80 % of the expected, else amber."""
    if r.expected and r.behind:
        return _BEHIND_BG if r.count / r.expected < 0.8 else _SLIGHTLY_BEHIND_BG
    return None


def _children_at(depths: list[int], node: int) -> list[int]:
    """The places of ``node``'s children in the depth-first rows: one level deeper, up to the
    next row at its level or above (``list.index`` scans in C: 50,000 rows in a millisecond)."""
    level = depths[node] + 1 if node != _ROOT else 0
    start = node + 1
    end = len(depths)
    for above in range(level):  # the subtree ends at the first row at its level or higher
        with suppress(ValueError):
            end = min(end, depths.index(above, start, end))
    kids = []
    j = start
    while j < end:
        try:
            j = depths.index(level, j, end)
        except ValueError:
            break
        kids.append(j)
        j += 1
    return kids


def _widest(rows: tuple[ProgressRow, ...], kids: list[int]) -> list[list[int]]:
    """For each column, the children whose cell is likely the widest (see ``widest``)."""
    if not kids:
        return [[] for _c in COLUMNS]

    def top(key: Any, among: list[int] = kids) -> list[int]:
        return [max(among, key=key)] if among else []

    def dash(value: Any) -> list[int]:
        return next(([k] for k in kids if value(rows[k]) is None), [])

    behind = [k for k in kids if _behind_background(rows[k]) is not None]
    names = sorted(kids, key=lambda k: len(rows[k].unit_name), reverse=True)[:8]
    return [
        names,
        top(lambda k: rows[k].quota or 0) + dash(lambda r: r.quota),
        top(lambda k: rows[k].count),
        top(lambda k: rows[k].percent or 0) + dash(lambda r: r.percent),
        top(lambda k: rows[k].expected or 0) + dash(lambda r: r.expected),
        top(lambda k: rows[k].shortfall)
        + top(lambda k: rows[k].shortfall, behind)
        + dash(lambda r: r.quota),
        top(lambda k: rows[k].recognised),
        top(lambda k: rows[k].grassroots_total) + top(lambda k: rows[k].grassroots_with_initiative),
        dash(lambda r: r.last_bundle_at) + next(([k] for k in kids if rows[k].last_bundle_at), []),
    ]


class ProgressModel(QAbstractItemModel):
    """The units of a report in a tree (each under its parent), sorted within each parent."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._report: ProgressReport | None = None
        self._rows: tuple[ProgressRow, ...] = ()
        self._depths: list[int] = []
        # node (a place in the report's rows; _ROOT for the report's unit) → its children,
        # sorted; only the nodes the view has asked about.
        self._children: dict[int, list[int]] = {}
        self._parent: list[int] = []  # node → its parent node, once its parent's children are
        self._place: list[int] = []  # node → its row under its parent, likewise
        self._cells: dict[int, tuple[str, ...]] = {}
        self._by_unit: dict[int, int] | None = None
        self._widest: dict[int, list[list[int]]] = {}  # node → each column's widest children
        self._column = 0
        self._order = Qt.SortOrder.AscendingOrder
        self._minimum = 1
        self._bold: QFont | None = None

    # ---- the report -----------------------------------------------------------------------------
    @property
    def report(self) -> ProgressReport | None:
        return self._report

    def set_report(self, report: ProgressReport | None) -> None:
        """Show ``report`` (None: nothing) in place of the one shown: a model reset."""
        self.beginResetModel()
        self._report = report
        self._rows = report.rows if report is not None else ()
        self._depths = [r.depth for r in self._rows]
        n = len(self._rows)
        self._children = {}
        self._parent = [_ROOT] * n
        self._place = [0] * n
        self._cells = {}
        self._by_unit = None
        self._widest = {}
        if report is not None and report.min_per_grassroots != self._minimum:
            self._minimum = report.min_per_grassroots
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.endResetModel()

    def row_at(self, index: Index) -> ProgressRow | None:
        """The unit's row of any cell of it."""
        node = self._node(index)
        return self._rows[node] if node is not None else None

    def opened(self) -> list[tuple[int, QModelIndex]]:
        """The units whose children the view has asked for (those it ever expanded), each
        with its name cell."""
        return [(self._rows[n].unit_id, self._index_of(n, 0)) for n in self._children if n != _ROOT]

    def path_of(self, index: Index) -> tuple[int, ...]:
        """The units from the top of the tree down to ``index``'s (empty: no unit)."""
        node = self._node(index)
        path = []
        while node is not None and node != _ROOT:
            path.append(self._rows[node].unit_id)
            node = self._parent[node]
        return tuple(reversed(path))

    def index_of_path(self, path: tuple[int, ...], column: int = 0) -> QModelIndex:
        """The cell of the unit at the end of ``path`` (the units from the top down); a unit
        that moved elsewhere in the tree is found where it is now."""
        node = _ROOT
        rows = self._rows
        for unit in path:
            node = next((k for k in self._kids(node) if rows[k].unit_id == unit), _ROOT)
            if node == _ROOT:
                return self.index_of_unit(path[-1], column)
        return self._index_of(node, column) if path else QModelIndex()

    def widest(self, parent: Index, column: int) -> list[QModelIndex]:
        """The cells of ``parent``'s children likely the widest in ``column``: the largest
        figure (each of its parts), a dash, a bold one; the longest names. The page measures
        them instead of every row (the header's ResizeToContents measures a thousand rows in
        each column, through Python: a second with a district of 4,500 unions open)."""
        node = self._node(parent) if parent.isValid() else _ROOT
        if node is None:
            return []
        got = self._widest.get(node)
        if got is None:
            got = self._widest[node] = _widest(self._rows, self._kids(node))
        return [self.createIndex(self._place[k], column, node + 1) for k in got[column]]

    def depth_of(self, index: Index) -> int:
        """How deep a unit is in the tree (0: at the top)."""
        node = self._node(index)
        return self._depths[node] if node is not None else 0

    def index_of_unit(self, unit_id: int, column: int = 0) -> QModelIndex:
        """The cell of a unit in ``column`` (invalid when the report has no such unit)."""
        if self._by_unit is None:
            self._by_unit = {r.unit_id: i for i, r in enumerate(self._rows)}
        node = self._by_unit.get(unit_id)
        if node is None:
            return QModelIndex()
        return self._index_of(node, column)

    def find_name(self, name: str) -> QModelIndex:
        """The name cell of the first unit (in the report's order) called ``name``."""
        for node, r in enumerate(self._rows):
            if r.unit_name == name:
                return self._index_of(node, 0)
        return QModelIndex()

    def _index_of(self, node: int, column: int) -> QModelIndex:
        # A node's place is known once its parent's children are, and so on up.
        chain = [self._parent_node(node)]
        while chain[-1] != _ROOT:
            chain.append(self._parent_node(chain[-1]))
        for above in reversed(chain):
            self._kids(above)
        return self.createIndex(self._place[node], column, chain[0] + 1)

    def _parent_node(self, node: int) -> int:
        depth = self._depths[node]
        if depth <= 0:
            return _ROOT
        j = node - 1  # depth-first: the parent is the nearest row above one level up
        while self._depths[j] >= depth:
            j -= 1
        return j

    # ---- the tree -------------------------------------------------------------------------------
    def _kids(self, node: int) -> list[int]:
        kids = self._children.get(node)
        if kids is None:
            kids = _children_at(self._depths, node)
            for k in kids:
                self._parent[k] = node
            self._sort(kids)
            self._children[node] = kids
        return kids

    def _sort(self, kids: list[int]) -> None:
        """In the chosen column's order; a stable sort, so ties keep the report's order."""
        rows, column = self._rows, self._column
        kids.sort(
            key=lambda k: sort_value(rows[k], column),
            reverse=self._order == Qt.SortOrder.DescendingOrder,
        )
        place = self._place
        for i, k in enumerate(kids):
            place[k] = i

    def _node(self, index: Index) -> int | None:
        if not index.isValid():
            return None
        return self._children[index.internalId() - 1][index.row()]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            node = self._children[parent.internalId() - 1][parent.row()]
        else:
            node = _ROOT
        if row >= len(self._kids(node)):
            return QModelIndex()
        return self.createIndex(row, column, node + 1)

    def parent(self, index: Index) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node = index.internalId() - 1
        if node == _ROOT:
            return QModelIndex()
        return self.createIndex(self._place[node], 0, self._parent[node] + 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._kids(_ROOT)) if self._rows else 0
        if parent.column() != 0:
            return 0
        return len(self._kids(self._children[parent.internalId() - 1][parent.row()]))

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._rows)
        if parent.column() != 0:
            return False
        node = self._children[parent.internalId() - 1][parent.row()]
        depths = self._depths
        return node + 1 < len(depths) and depths[node + 1] > depths[node]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        # A union's row says it has no children: the view then asks no more of 4,500 of them.
        node = self._children[index.internalId() - 1][index.row()]
        depths = self._depths
        if node + 1 < len(depths) and depths[node + 1] > depths[node]:
            return _FLAGS
        return _LEAF

    # ---- the cells ------------------------------------------------------------------------------
    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        node = self._children[index.internalId() - 1][index.row()]
        column = index.column()
        if role == _DISPLAY:
            cells = self._cells.get(node)
            if cells is None:
                cells = self._cells[node] = cells_of(self._rows[node])
            return cells[column]
        if role == _ALIGN:
            return RIGHT if column in FIGURES else None
        r = self._rows[node]
        if role == _BACKGROUND:
            return _behind_background(r)
        if role == _FOREGROUND:
            return self._foreground(r, column)
        if role == _FONT:
            if column == SHORTFALL_COLUMN and _behind_background(r) is not None:
                if self._bold is None:
                    self._bold = QFont()
                    self._bold.setBold(True)
                return self._bold
            return None
        if role == _TOOLTIP:
            if column != 0:
                return None
            if _behind_background(r) is not None:
                return tr("Chậm tiến độ: thiếu {n} sáng kiến so với mức cần đạt đến nay").format(
                    n=format_number(r.shortfall)
                )
            return tr("Nhấn đúp để xem các sáng kiến của đơn vị")
        if role == SORT_ROLE:
            return sort_value(r, column)
        if role == UNIT_ID_ROLE:
            return r.unit_id
        return None

    @staticmethod
    def _foreground(r: ProgressRow, column: int) -> QBrush | None:
        if column == PERCENT_COLUMN:
            if _behind_background(r) is not None:
                return _BEHIND_FG
            return _ON_TRACK_FG if r.quota else None
        if column == SHORTFALL_COLUMN:
            return _BEHIND_FG if _behind_background(r) is not None else None
        if column == GRASSROOTS_COLUMN:
            g, total = r.grassroots_with_initiative, r.grassroots_total
            return _BEHIND_FG if total and g < total else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == _DISPLAY:
            return tr(COLUMNS[section]).format(n=self._minimum)
        if role == _TOOLTIP and TOOLTIPS[section]:
            return tr(TOOLTIPS[section]).format(n=self._minimum)
        return None

    # ---- sorting --------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Each parent's children in ``column``'s order (only those the view has asked for;
        the others are sorted when first asked)."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        kept = [(self._node(i), i.column()) for i in before]
        self._column, self._order = column, order
        for kids in self._children.values():
            self._sort(kids)
        after = [
            self.createIndex(self._place[n], c, self._parent[n] + 1)
            if n is not None
            else QModelIndex()
            for n, c in kept
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
