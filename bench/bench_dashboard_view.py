"""The dashboard's table at national scale: a refresh until painted, against a plain tree view.

    PYTHONPATH=. .venv/bin/python bench/bench_dashboard_view.py [N] [--units 50000] [--runs 7]

On the store of bench_dashboard.py (N initiatives, 100,000 by default, over ``--units``
grassroots unions; this benchmark works on its own copy, ``…_r<head>_view.db``, as the page may
write), times what a person waits for when the dashboard refreshes: ``ProgressService.report``,
the report handed to the page's table (``DashboardPage.show_table``), and the event loop run
until the table has painted (a paint of its viewport, then rounds of events until one paints
nothing: the header's delayed resizing included).

The baseline does the same work in the same run: the same report call, then the same report
in a plain ``QTreeView`` of the same size over a minimal ``QAbstractItemModel`` (below): the
same nine columns, the same display strings, made when a cell is drawn, each unit under its
parent, found when the view opens the parent (as the page's model: finding all 50,000 at
each reset would be slower than the program, and its tuples wake Python's cycle collector
over the service's kept tree); no colours, no sorting, no header fitted to its contents,
nothing kept but what the scene needs. Two scenes:

* the districts closed, as the page opens (11 rows for 50,000 unions);
* the largest district open (4,500 unions), a union in its middle selected and in sight: the
  page keeps them across the refresh (``view_state``), the baseline opens and selects the
  same ones again and scrolls to the union.

Each scene prints the whole (report + table until painted) and the table's part alone (the
report handed over until painted), program against baseline. A last line times the whole
page's refresh (``DashboardPage.refresh``: the table, the summary, both charts, the
deadlines), with no baseline. Medians of ``--runs`` runs after one warm-up.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigstore import at_head, build, scale_args, store_path
from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTreeView
from report import row

from desktop.services.campaigns.progress import ProgressReport
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.campaigns.dashboard import COLUMNS, DashboardPage
from desktop.views.campaigns.dashboard_model import cells_of

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1366, 700)  # a maximised window on a 1366 x 768 screen, less the taskbar


class MinimalModel(QAbstractItemModel):
    """The least a model must do to show a report's rows as a tree: each unit under its
    parent (found by depth in the depth-first rows, when the view opens a parent), and the
    display strings of the page's cells, made at each draw."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: tuple[Any, ...] = ()
        self.depths: list[int] = []
        self.kids: dict[int, list[int]] = {}
        self.up: dict[int, tuple[int, int]] = {}  # node → (parent node, row under it)

    def set_report(self, report: ProgressReport) -> None:
        self.beginResetModel()
        self.rows = report.rows
        self.depths = [r.depth for r in report.rows]
        self.kids, self.up = {}, {}
        self.endResetModel()

    def children(self, node: int) -> list[int]:
        if node not in self.kids:
            d = self.depths
            if node < 0:
                got = [i for i, x in enumerate(d) if x == 0]
            else:
                got, j = [], node + 1
                while j < len(d) and d[j] > d[node]:
                    if d[j] == d[node] + 1:
                        got.append(j)
                    j += 1
            self.kids[node] = got
            for i, k in enumerate(got):
                self.up[k] = (node, i)
        return self.kids[node]

    def node(self, index: Any) -> int:
        return self.kids[index.internalId() - 1][index.row()] if index.isValid() else -1

    def index(self, r: int, c: int, parent: Any = QModelIndex()) -> QModelIndex:  # noqa: B008
        if r < 0 or c < 0 or c >= len(COLUMNS) or r >= len(self.children(self.node(parent))):
            return QModelIndex()
        return self.createIndex(r, c, self.node(parent) + 1)

    def parent(self, index: Any) -> QModelIndex:  # type: ignore[override]
        p = index.internalId() - 1 if index.isValid() else -1
        if p < 0:
            return QModelIndex()
        above, r = self.up[p]
        return self.createIndex(r, 0, above + 1)

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.column() > 0 else len(self.children(self.node(parent)))

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: Any = QModelIndex()) -> bool:  # noqa: B008
        """Without finding the children (the view asks it of each row it lays out)."""
        if parent.column() > 0:
            return False
        node, d = self.node(parent), self.depths
        return node + 1 < len(d) and d[node + 1] > (d[node] if node >= 0 else -1)

    def data(self, index: Any, role: int = 0) -> Any:
        if role != 0 or not index.isValid():
            return None
        return cells_of(self.rows[self.node(index)])[index.column()]

    def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:
        return COLUMNS[section] if role == 0 and orientation == Qt.Orientation.Horizontal else None

    def index_of(self, node: int) -> QModelIndex:
        """A unit's name cell: its parent opened first (a look-up in its parent's list)."""
        p = node - 1  # depth-first: the nearest row above one level up
        while p >= 0 and self.depths[p] >= self.depths[node]:
            p -= 1
        self.children(p)
        return self.createIndex(self.up[node][1], 0, p + 1)


class Painted(QObject):
    """Whether a widget got a paint event since it was last reset."""

    def __init__(self, widget: Any) -> None:
        super().__init__()
        self.seen = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def until_painted(app: QApplication, watch: Painted) -> None:
    """Run the event loop until ``watch``'s widget has painted, then until a round of events
    paints nothing more (a delayed layout or header resize paints again)."""
    deadline = time.perf_counter() + 60
    while not watch.seen and time.perf_counter() < deadline:
        app.processEvents()
    for _ in range(20):
        watch.seen = False
        app.processEvents()
        if not watch.seen:
            break


def timed(
    app: QApplication,
    watch: Painted,
    fetch: Callable[[], Any],
    show: Callable[[Any], None],
    runs: int,
) -> tuple[float, float]:
    """Medians (ms) of the whole (fetch + show until painted) and of the showing part."""
    wholes, parts = [], []
    for i in range(runs + 1):  # the first run warms the caches, as a refresh a moment ago
        t0 = time.perf_counter()
        report = fetch()
        t1 = time.perf_counter()
        watch.seen = False
        show(report)
        until_painted(app, watch)
        t2 = time.perf_counter()
        if i:
            wholes.append((t2 - t0) * 1000)
            parts.append((t2 - t1) * 1000)
    return statistics.median(wholes), statistics.median(parts)


def main() -> None:
    args = scale_args(__doc__)
    shared = build(store_path("bench_scale", args.n, units=args.units), args.n, units=args.units)
    path = at_head(shared, "_view")
    if os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
        screen = ROOT / "tests" / "support" / "office_screen.json"  # the tests' office screen
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    store = open_store(str(path))
    try:
        services = Services.over(store)
        # The whole page waits for the report: 3 s at 1,000,000 initiatives (bench_dashboard.py).
        measure(app, services, args.runs, 1000.0 if args.n <= 100_000 else 3000.0)
    finally:
        store.close()


def measure(app: QApplication, services: Services, runs: int, page_limit: float) -> None:
    c = services.campaigns.by_code("01TRIEU-2022")
    office = services.office.local()
    assert office is not None and office.unit_id is not None
    root = services.progress.root_of(c.id, office.unit_id)

    def fetch() -> ProgressReport:
        return services.progress.report(c.id, None, root)

    page = DashboardPage(services)
    page.resize(*SIZE)
    page.show()
    page.campaign.setCurrentIndex(page.campaign.findData(c.id))
    for _ in range(10):
        app.processEvents()
    page_watch = Painted(page.table.viewport())
    plain = QTreeView()
    minimal = MinimalModel()
    plain.setModel(minimal)
    plain.resize(page.table.size())
    plain.show()
    plain_watch = Painted(plain.viewport())
    report = page.report
    assert report is not None
    units = len(report.rows)

    # The districts closed.
    closed = (
        timed(app, page_watch, fetch, page.show_table, runs),
        timed(app, plain_watch, fetch, minimal.set_report, runs),
    )

    # The largest district open, a union in its middle chosen and in sight.
    district = max(report.children, key=lambda r: r.grassroots_total)
    table, model = page.table, page.model
    table.expand(model.index_of_unit(district.unit_id))
    opened = model.index_of_unit(district.unit_id)
    middle = model.index(model.rowCount(opened) // 2, 0, opened)
    union = model.row_at(middle)
    assert union is not None
    table.selectionModel().setCurrentIndex(
        middle,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(middle, QAbstractItemView.ScrollHint.PositionAtCenter)
    for _ in range(10):
        app.processEvents()

    def plain_again(report: ProgressReport) -> None:
        minimal.set_report(report)
        place = {r.unit_id: i for i, r in enumerate(report.rows)}  # the same look-up
        index = minimal.index_of(place[district.unit_id])
        plain.setExpanded(index, True)
        chosen = minimal.index_of(place[union.unit_id])
        plain.selectionModel().setCurrentIndex(
            chosen,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        plain.scrollTo(chosen, QAbstractItemView.ScrollHint.PositionAtCenter)

    open_ = (
        timed(app, page_watch, fetch, page.show_table, runs),
        timed(app, plain_watch, fetch, plain_again, runs),
    )
    kept = model.row_at(table.currentIndex())
    assert kept is not None and kept.unit_id == union.unit_id, "the chosen union was lost"
    assert table.isExpanded(model.index_of_unit(district.unit_id)), "the district closed"

    def whole_page(_report: None) -> None:
        page.refresh()

    page_refresh, _part = timed(app, page_watch, lambda: None, whole_page, runs)

    children = model.rowCount(model.index_of_unit(district.unit_id))
    print(
        f"bench_dashboard_view: {units:,} units below the province, its largest district "
        f"{children:,} unions; window {SIZE[0]}x{SIZE[1]}, offscreen"
    )
    print(f"  {'operation':44s} {'figure':>13s}  {'baseline':>13s}  ratio   target")
    for scene, (ours, plain_) in (("districts closed", closed), ("a district open", open_)):
        row(f"refresh, {scene}: report + table painted", ours[0], plain_[0], ratio=1.3)
        row(f"refresh, {scene}: table part", ours[1], plain_[1], ratio=3.0, limit=150)
    row("refresh of the whole page (charts, summary)", page_refresh, None, limit=page_limit)
    page.close()
    plain.close()


if __name__ == "__main__":
    main()
