"""Progress of the units below this office against their quotas, for a campaign and period.

Every figure comes from ``ProgressService.report`` — the same report the export and
``sangkien progress`` use — so the screen, the .xlsx and the command line always agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCharts import (
    QChartView,
)
from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.campaigns.progress import ProgressReport
from desktop.services.changes import Changes, Kind
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.text.dates import format_date
from desktop.text.numbers import format_number
from desktop.views.campaigns import no_campaign
from desktop.views.campaigns.dashboard_charts import (
    qdate,
    save_chart_png,
    show_chart,
    time_chart,
    unit_chart,
)
from desktop.views.campaigns.dashboard_model import (
    BEHIND,
    BEHIND_BG,
    BUNDLE_COLUMN,
    COLUMNS,
    ON_TRACK,
    SHORTFALL_COLUMN,
    SLIGHTLY_BEHIND_BG,
    SORT_ROLE,
    UNIT_ID_ROLE,
    ProgressModel,
)
from desktop.views.campaigns.province_note import missing_provinces_note
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner

__all__ = [
    "BEHIND",
    "BEHIND_BG",
    "COLUMNS",
    "ON_TRACK",
    "SLIGHTLY_BEHIND_BG",
    "SORT_ROLE",
    "UNIT_ID_ROLE",
    "DashboardPage",
    "ViewState",
]


class ViewState(NamedTuple):
    """What the person had opened, chosen and scrolled to in the table, each unit by its path
    from the top of the tree (its units' ids): it holds across a new report, the same unit
    wherever its figures now sort it."""

    opened: tuple[tuple[int, ...], ...] = ()
    current: tuple[int, ...] = ()
    column: int = 0
    selected: tuple[tuple[int, ...], ...] = ()
    top: tuple[int, ...] = ()
    left: int = 0


class DashboardPage(QWidget):
    #: unit id, campaign id, period id or None: the person asked for that unit's initiatives.
    open_initiatives = Signal(int, int, object)

    # What the dashboard shows; the main window calls reload_for after a commit touching it.
    shows = frozenset(
        {
            Kind.INITIATIVES,
            Kind.CAMPAIGNS,
            Kind.QUOTAS,
            Kind.UNITS,
            Kind.OFFICE,
            Kind.EVALUATION,
            Kind.DECISIONS,
        }
    )

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self._progress = services.progress
        self.report: ProgressReport | None = None
        self._build_controls()
        self._build_table()
        self._lay_out(self._build_side())
        self.campaign.currentIndexChanged.connect(self._campaign_selected)
        self.period.currentIndexChanged.connect(self.refresh)
        self.as_of.dateChanged.connect(self.refresh)
        self.table.activated.connect(self._activated)
        # The units furthest behind first: who is behind shows at a glance.
        self.table.sortByColumn(SHORTFALL_COLUMN, Qt.SortOrder.DescendingOrder)
        self.open_button.clicked.connect(self._open_current)
        self.export_button.clicked.connect(self._export)
        self.save_chart_button.clicked.connect(self.save_chart)
        self._restoring = False
        self.table.expanded.connect(self._opened_or_closed)
        self.table.collapsed.connect(self._opened_or_closed)
        self.table.viewport().installEventFilter(self)
        self.reload()

    # ---- building -------------------------------------------------------------------------------
    def _build_controls(self) -> None:
        self.campaign = named(QComboBox(), "campaign")
        self.period = named(QComboBox(), "period")
        self.as_of = named(QDateEdit(), "asOf")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        self.as_of.setDate(qdate(dt.date.today()))
        self.title = named(QLabel(), "title")
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.summary = named(QLabel(), "summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        # The campaign's target (the quota of this office's unit), the first thing read.
        self.target = named(QLabel(), "target")
        self.target.setTextFormat(Qt.TextFormat.RichText)
        self.target.setStyleSheet("font-size: 12pt;")
        self.notice = no_campaign.notice()
        self.export_button = named(QPushButton(tr("Xuất Excel…")), "export")
        self.open_button = named(QPushButton(tr("Xem sáng kiến của đơn vị")), "openUnit")

    def _build_table(self) -> None:
        # Served from the report's rows as the view asks (dashboard_model.py): a province's
        # 50,000 unions are not made into 450,000 items on each refresh.
        self.model = ProgressModel(self)
        self.table = named(QTreeView(), "progress")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(False)
        self.table.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        # The figures' columns always as wide as their header (with its sort arrow) and
        # their widest cell: «Tỷ lệ» was cut; the names take the rest (_fit_columns).
        for i in range(1, len(COLUMNS)):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.sortIndicatorChanged.connect(lambda *_a: self._fit_columns())

    def _build_side(self) -> QWidget:
        """The charts in tabs over the list of deadlines, beside the table."""
        self.unit_chart = named(QChartView(), "unitChart")
        self.unit_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.time_chart = named(QChartView(), "timeChart")
        self.time_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        charts = named(QTabWidget(), "charts")
        charts.addTab(self.unit_chart, tr("Theo đơn vị"))
        charts.addTab(self.time_chart, tr("Theo thời gian"))
        self.charts = charts
        self.save_chart_button = named(QPushButton(tr("Lưu biểu đồ thành ảnh PNG…")), "saveChart")
        self.save_chart_button.setToolTip(
            tr("Lưu biểu đồ đang xem thành tệp ảnh PNG để chèn vào báo cáo Word.")
        )
        self.save_chart_button.setEnabled(False)
        self.deadlines = named(QListWidget(), "deadlines")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(charts, 3)
        chart_row = QHBoxLayout()
        chart_row.addStretch(1)
        chart_row.addWidget(self.save_chart_button)
        side_layout.addLayout(chart_row)
        side_layout.addWidget(QLabel(tr("<b>Các mốc thời hạn</b>")))
        side_layout.addWidget(self.deadlines, 1)
        return side

    def _lay_out(self, side: QWidget) -> None:
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Chương trình:")))
        top.addWidget(self.campaign, 3)
        top.addWidget(QLabel(tr("Giai đoạn:")))
        top.addWidget(self.period, 1)
        top.addWidget(QLabel(tr("Tính đến ngày:")))
        top.addWidget(self.as_of)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.target)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    # ---- data -----------------------------------------------------------------------------------
    def reload_for(self, changes: Changes) -> None:
        """Current figures after a commit anywhere (the main window calls it)."""
        if changes.touches({Kind.CAMPAIGNS}):
            self.reload()
        else:
            self.refresh()

    def reload(self) -> None:
        current = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in self._services.campaigns.list():
            self.campaign.addItem(c.name, c.id)
        if current is not None and self.campaign.findData(current) >= 0:
            self.campaign.setCurrentIndex(self.campaign.findData(current))
        self.campaign.blockSignals(False)
        self._campaign_selected()

    def _campaign_selected(self) -> None:
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem(tr("Cả chương trình"), None)
        campaign_id = self.campaign.currentData()
        if campaign_id is not None:
            for p in self._services.campaigns.get(campaign_id).periods:
                self.period.addItem(p.name, p.id)
        self.period.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        kept = self.view_state()
        self.report = None
        self.save_chart_button.setEnabled(False)
        self.target.clear()
        office = self._services.office.local()
        campaign_id = self.campaign.currentData()
        why = no_campaign.show_reason(self.notice, self._services)
        if office is None or office.unit_id is None or campaign_id is None:
            self.title.setText(
                tr("Chưa có chương trình thi đua")
                if why or campaign_id is None
                else tr("Chưa thiết lập văn phòng")
            )
            self.summary.clear()
            self.deadlines.clear()
            self.model.set_report(None)
            return
        self.title.setText(tr("Tiến độ các đơn vị trực thuộc {office}").format(office=office.name))
        chosen = self.as_of.date()
        as_of = dt.date(chosen.year(), chosen.month(), chosen.day())
        try:
            # A campaign of a province this office took in starts from that federation.
            root = self._progress.root_of(campaign_id, office.unit_id)
            report = self._progress.report(campaign_id, self.period.currentData(), root, as_of)
        except ServiceError as exc:
            self.model.set_report(None)
            self.summary.setText(str(exc))
            return
        self.report = report
        self.show_table(report, kept)
        self._fill_summary(report)
        self._fill_target(report)
        self.save_chart_button.setEnabled(True)
        show_chart(self.unit_chart, unit_chart(report))
        show_chart(self.time_chart, time_chart(report))
        self._fill_deadlines(report)

    def show_table(self, report: ProgressReport, kept: ViewState | None = None) -> None:
        """``report`` in the table, with the units ``kept`` (by default: as the table is now)
        still opened, selected and scrolled to: a refresh after each commit moves nothing."""
        kept = self.view_state() if kept is None else kept
        self.model.set_report(report)
        self.table.setColumnHidden(BUNDLE_COLUMN, not report.show_bundles)
        self._restore(kept)
        self._fit_columns()

    def view_state(self) -> ViewState:
        """The table's opened units, current and selected unit and scroll position."""
        table, model = self.table, self.model
        if model.report is None:
            return ViewState()
        opened = tuple(model.path_of(i) for _unit, i in model.opened() if table.isExpanded(i))
        current = table.currentIndex()
        selected = tuple(model.path_of(i) for i in table.selectionModel().selectedRows())
        return ViewState(
            opened,
            model.path_of(current),
            max(0, current.column()),
            selected,
            model.path_of(table.indexAt(QPoint(0, 0))),
            table.horizontalScrollBar().value(),
        )

    def _restore(self, kept: ViewState) -> None:
        table, model = self.table, self.model
        self._restoring = True  # the columns are fitted once, after
        try:
            for path in kept.opened:
                index = model.index_of_path(path)
                if index.isValid():
                    table.setExpanded(index, True)
        finally:
            self._restoring = False
        chosen = table.selectionModel()
        rows = QItemSelectionModel.SelectionFlag.Rows
        for path in kept.selected:
            index = model.index_of_path(path)
            if index.isValid():
                chosen.select(index, QItemSelectionModel.SelectionFlag.Select | rows)
        if kept.current:
            index = model.index_of_path(kept.current, kept.column)
            if index.isValid():
                chosen.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        if kept.top:
            index = model.index_of_path(kept.top)
            if index.isValid():
                table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        table.horizontalScrollBar().setValue(kept.left)

    def _opened_or_closed(self, _index: QModelIndex) -> None:
        if not self._restoring:
            self._fit_columns()

    def _shown_parents(self) -> list[QModelIndex]:
        """The units whose children are in sight (opened, and every unit above them), and
        the top of the tree (an invalid index)."""
        table = self.table
        shown = [QModelIndex()]
        for _unit, index in self.model.opened():
            above = index
            while above.isValid() and table.isExpanded(above):
                above = above.parent()
            if not above.isValid():
                shown.append(index)
        return shown

    def _fit_columns(self) -> None:
        """Each figure's column as wide as its header (with its sort arrow) and its widest
        cell in sight; the names whole (the widest shown, with its indentation) or the room
        the figures leave, whichever is wider: a long name makes the table scroll sideways,
        never cut. The widest cells are a few the model picks (``ProgressModel.widest``),
        measured by the view's own delegate, as QHeaderView.ResizeToContents would measure
        each of a thousand rows."""
        table, model = self.table, self.model
        header = table.header()
        parents = self._shown_parents()
        figures = 0
        for column in range(1, len(COLUMNS)):
            if table.isColumnHidden(column):
                continue
            cells = [
                table.sizeHintForIndex(i).width() for p in parents for i in model.widest(p, column)
            ]
            width = max(header.sectionSizeHint(column), header.minimumSectionSize(), *cells)
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
            figures += width
        indentation = table.indentation()
        levels = 1 if table.rootIsDecorated() else 0
        names = max(
            (
                table.sizeHintForIndex(i).width() + indentation * (model.depth_of(i) + levels)
                for p in parents
                for i in model.widest(p, 0)
            ),
            default=0,
        )
        table.setColumnWidth(0, max(names + 12, table.viewport().width() - figures - 2))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fill_summary(self, report: ProgressReport) -> None:
        t = report.total
        parts = [
            tr("<b>{period}</b>: tính sáng kiến từ {start} đến {end}.").format(
                period=report.period_name,
                start=format_date(report.window_from),
                end=format_date(report.window_to),
            )
        ]
        if t.quota:
            parts.append(
                tr(
                    "Toàn đơn vị: <b>{count}</b>/{quota} sáng kiến ({pct}%), cần đạt đến nay "
                    "{expected} ({share}% thời gian)."
                ).format(
                    count=format_number(t.count),
                    quota=format_number(t.quota),
                    pct=format_number(t.percent, 1),
                    expected=format_number(t.expected),
                    share=format_number(100 * report.elapsed, 0),
                )
            )
        else:
            parts.append(
                tr("Toàn đơn vị: <b>{count}</b> sáng kiến.").format(count=format_number(t.count))
            )
        behind = report.behind
        if behind:
            parts.append(
                tr("<span style='color:#b3261e'><b>{n} đơn vị chậm tiến độ</b></span>.").format(
                    n=len(behind)
                )
            )
        elif any(r.quota for r in report.children):
            parts.append(tr("<span style='color:#1e7b34'>Các đơn vị đều đạt tiến độ.</span>"))
        parts += missing_provinces_note(self._services, report)
        self.summary.setText(" ".join(parts))

    def _fill_target(self, report: ProgressReport) -> None:
        """The target of the campaign (or of the chosen period) for this office's unit."""
        t = report.total
        if t.quota:
            self.target.setText(
                tr("Chỉ tiêu: <b>{quota}</b> sáng kiến — đã có <b>{count}</b> ({pct}%)").format(
                    quota=format_number(t.quota),
                    count=format_number(t.count),
                    pct=format_number(t.percent, 1),
                )
            )
        else:
            self.target.setText(
                tr("Chưa giao chỉ tiêu cho {unit} trong chương trình này.").format(
                    unit=report.total.unit_name
                )
            )

    def _fill_deadlines(self, report: ProgressReport) -> None:
        self.deadlines.clear()
        coming = [d for d in report.deadlines if d.days_left >= 0]
        passed = [d for d in report.deadlines if d.days_left < 0]
        for d in coming[:6]:
            when = (
                tr("hôm nay")
                if d.days_left == 0
                else tr("còn {n} ngày").format(n=format_number(d.days_left))
            )
            self.deadlines.addItem(f"{format_date(d.due_on)} ({when}) — {d.label}")
            if d.days_left <= 14:
                self.deadlines.item(self.deadlines.count() - 1).setForeground(BEHIND)
        if not coming:
            self.deadlines.addItem(tr("Không còn mốc thời hạn nào sắp tới."))
            for d in passed[-3:][::-1]:
                self.deadlines.addItem(
                    tr("{date} (đã qua {n} ngày) — {label}").format(
                        date=format_date(d.due_on), n=format_number(-d.days_left), label=d.label
                    )
                )

    # ---- actions --------------------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        unit_id = index.siblingAtColumn(0).data(UNIT_ID_ROLE)
        if unit_id is not None and self.report is not None:
            self.open_initiatives.emit(unit_id, self.report.campaign_id, self.report.period_id)

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            dialogs.info(self, tr("Hãy chọn một đơn vị trong bảng."))
            return
        self._activated(index)

    def _export(self) -> None:
        if self.report is None:
            return
        campaign = self._services.campaigns.get(self.report.campaign_id).code
        path = dialogs.save_file(
            self,
            tr("Xuất bảng tiến độ"),
            tr("Bảng tính Excel (*.xlsx)"),
            dialogs.suggested_name(tr("Bảng tiến độ"), campaign=campaign, suffix=".xlsx"),
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            self._progress.export_xlsx(self.report, Path(path))
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        dialogs.offer_open(self, Path(path))

    def save_chart(self) -> None:
        """The chart in view, as a PNG picture for a Word report (drawn afresh from the same
        report, at a size that prints sharp on an A4 page)."""
        if self.report is None:
            return
        by_time = self.charts.currentIndex() == 1
        what = tr("Biểu đồ tiến độ theo thời gian") if by_time else tr("Biểu đồ tiến độ")
        campaign = self._services.campaigns.get(self.report.campaign_id).code
        path = dialogs.save_file(
            self,
            tr("Lưu biểu đồ thành ảnh"),
            tr("Ảnh PNG (*.png)"),
            dialogs.suggested_name(what, campaign=campaign, suffix=".png"),
            kind="png",
        )
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        chart = time_chart(self.report) if by_time else unit_chart(self.report)
        if not save_chart_png(chart, Path(path)):
            dialogs.error(
                self,
                tr("Không lưu được ảnh «{name}»: hãy chọn thư mục khác.").format(
                    name=Path(path).name
                ),
            )
            return
        dialogs.offer_open(self, Path(path))

    def row_of(self, unit_name: str) -> QModelIndex:
        """The index of a unit's name cell (tests, screenshots)."""
        return self.model.find_name(unit_name)
