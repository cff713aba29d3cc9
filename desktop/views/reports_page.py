"""Reports: the official documents this office prints."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from desktop.services.registry import Services

from .i18n import tr

DOCUMENTS = (
    "Danh sách sáng kiến được công nhận",
    "Phiếu đăng ký sáng kiến (Mẫu 1)",
    "Danh sách đăng ký sáng kiến của đơn vị (Mẫu 2)",
    "Bảng tổng hợp tóm tắt sáng kiến",
    "Bảng chỉ tiêu của chương trình",
    "Báo cáo tiến độ theo đơn vị",
    "Giấy chứng nhận sáng kiến",
)


class ReportsPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Các văn bản in theo thể thức Nghị định 30/2020/NĐ-CP:")))
        self.documents = QListWidget(objectName="documents")
        self.documents.addItems([tr(d) for d in DOCUMENTS])
        layout.addWidget(self.documents, 1)
        note = QLabel(
            tr("Phiên bản này chưa in được các văn bản trên; chức năng in đang được xây dựng."),
            objectName="notYet",
            wordWrap=True,
        )
        layout.addWidget(note)
