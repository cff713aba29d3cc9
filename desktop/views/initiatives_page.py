"""The list of initiatives of the chosen campaign and period, with search and filters."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.initiatives import ListQuery
from desktop.services.registry import Services
from desktop.services.vietnamese import format_number

from .i18n import tr
from .initiative_model import InitiativeTableModel


class InitiativesPage(QWidget):
    campaign_changed = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.campaign = QComboBox(objectName="campaign")
        self.period = QComboBox(objectName="period")
        self.search = QLineEdit(objectName="search")
        self.search.setPlaceholderText(
            tr("Tìm theo tên sáng kiến, tác giả (gõ không dấu cũng được)")
        )
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(objectName="count")
        self.model = InitiativeTableModel(services.initiatives)
        self.table = QTableView(objectName="initiatives")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        # The title gets the room that is left; the others are as narrow as readable (old PCs
        # have 1366-pixel screens), with the full text in a tooltip.
        for col, width in ((1, 160), (2, 190), (3, 130), (4, 92), (5, 112), (6, 128)):
            self.table.setColumnWidth(col, width)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Chương trình:")))
        top.addWidget(self.campaign, 3)
        top.addWidget(QLabel(tr("Giai đoạn:")))
        top.addWidget(self.period, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.count)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

        # Search as the person types, but only once they pause (one SQL query, not one a key).
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.campaign.currentIndexChanged.connect(self._campaign_selected)
        self.period.currentIndexChanged.connect(self.apply_filter)
        self.reload_campaigns()

    def reload_campaigns(self, select_id: int | None = None) -> None:
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in self._services.campaigns.list():
            self.campaign.addItem(c.name, c.id)
        if select_id is not None:
            i = self.campaign.findData(select_id)
            if i >= 0:
                self.campaign.setCurrentIndex(i)
        self.campaign.blockSignals(False)
        self._campaign_selected()

    def _campaign_selected(self) -> None:
        campaign_id = self.campaign.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem(tr("Cả chương trình"), None)
        if campaign_id is not None:
            for p in self._services.campaigns.get(campaign_id).periods:
                self.period.addItem(p.name, p.id)
            self.campaign_changed.emit(campaign_id)
        self.period.blockSignals(False)
        self.apply_filter()

    def apply_filter(self) -> None:
        q = self.model.query
        self.model.set_query(
            ListQuery(
                campaign_id=self.campaign.currentData(),
                period_id=self.period.currentData(),
                search=self.search.text(),
                sort=q.sort,
                descending=q.descending,
            )
        )
        self.count.setText(tr("{n} sáng kiến").format(n=format_number(self.model.rowCount())))
