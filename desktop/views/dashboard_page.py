"""Progress of the units below this office against their quotas, for a campaign and period."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.registry import Services
from desktop.services.vietnamese import collation_key, format_number

from .i18n import tr

HEADERS = ("Đơn vị", "Chỉ tiêu", "Đã có", "Tỷ lệ", "Được công nhận", "CĐCS có sáng kiến")


class DashboardPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._progress = services.progress
        self.campaign = QComboBox(objectName="campaign")
        self.period = QComboBox(objectName="period")
        self.title = QLabel(objectName="title")
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.model = QStandardItemModel(0, len(HEADERS))
        self.model.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.model.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView(objectName="progress")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Chương trình:")))
        top.addWidget(self.campaign, 3)
        top.addWidget(QLabel(tr("Giai đoạn:")))
        top.addWidget(self.period, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.campaign.currentIndexChanged.connect(self._campaign_selected)
        self.period.currentIndexChanged.connect(self.refresh)
        self.reload()

    def reload(self) -> None:
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in self._services.campaigns.list():
            self.campaign.addItem(c.name, c.id)
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
        self.model.removeRows(0, self.model.rowCount())
        office = self._services.office.local()
        campaign_id = self.campaign.currentData()
        if office is None or office.unit_id is None or campaign_id is None:
            self.title.setText(tr("Chưa có chương trình thi đua hoặc chưa thiết lập văn phòng."))
            return
        self.title.setText(tr("Tiến độ các đơn vị trực thuộc {office}").format(office=office.name))
        for r in self._progress.by_unit(campaign_id, self.period.currentData(), office.unit_id):
            pct = r.percent
            name = QStandardItem(r.unit_name)
            name.setData(collation_key(r.unit_name), Qt.ItemDataRole.UserRole)
            cells = [
                name,
                _number(r.quota),
                _number(r.count),
                _number(pct, f"{format_number(pct, 1)}%" if pct is not None else "—"),
                _number(r.recognised),
                _number(
                    r.grassroots_with_initiative,
                    f"{r.grassroots_with_initiative}/{r.grassroots_total}",
                ),
            ]
            if pct is not None and pct < 50:
                cells[3].setForeground(QColor("#b3261e"))
            for c in cells:
                c.setEditable(False)
            self.model.appendRow(cells)


def _number(value: float | int | None, text: str | None = None) -> QStandardItem:
    if text is None:
        text = format_number(value) if value is not None else "—"
    item = QStandardItem(text)
    item.setData(value if value is not None else -1, Qt.ItemDataRole.UserRole)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
