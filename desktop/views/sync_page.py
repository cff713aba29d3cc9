"""Sync: this office's key fingerprint and the history of bundles in and out."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.services.registry import Services

from .i18n import tr


class SyncPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.fingerprint = QLabel(objectName="fingerprint")
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 14pt;")
        key_box = QGroupBox(tr("Khoá của văn phòng này"))
        key_layout = QVBoxLayout(key_box)
        key_layout.addWidget(
            QLabel(
                tr(
                    "Dấu vân tay dưới đây xác nhận các gói dữ liệu do văn phòng này gửi đi. "
                    "Khi đăng ký với cấp trên, hãy đọc nó qua điện thoại hoặc in trên công văn "
                    "có đóng dấu."
                ),
                wordWrap=True,
            )
        )
        key_layout.addWidget(self.fingerprint)
        self.history = QStandardItemModel(0, 5)
        self.history.setHorizontalHeaderLabels(
            [tr("Thời điểm"), tr("Chiều"), tr("Văn phòng"), tr("Kết quả"), tr("Lý do")]
        )
        table = QTableView(objectName="syncHistory")
        table.setModel(self.history)
        table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        history_box = QGroupBox(tr("Lịch sử gửi và nhận gói dữ liệu"))
        QVBoxLayout(history_box).addWidget(table)
        layout = QVBoxLayout(self)
        layout.addWidget(key_box)
        layout.addWidget(history_box, 1)
        self.reload()

    def reload(self) -> None:
        office = self._services.office.local()
        self.fingerprint.setText(
            office.fingerprint
            if office and office.fingerprint
            else tr("(chưa thiết lập văn phòng)")
        )
        self.history.removeRows(0, self.history.rowCount())
        for e in self._services.sync_history.list():
            self.history.appendRow(
                [
                    QStandardItem(e.at.astimezone().strftime("%d/%m/%Y %H:%M")),
                    QStandardItem(tr("Nhận") if e.direction == "in" else tr("Gửi")),
                    QStandardItem(e.peer_name or ""),
                    QStandardItem(tr("Đã nhận") if e.accepted else tr("Từ chối")),
                    QStandardItem(e.reason or ""),
                ]
            )
