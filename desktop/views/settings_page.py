"""Settings: where the data lives, which office this is, versions."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import labels
from desktop.services.registry import Services
from desktop.services.store import default_backup_dir
from desktop.versions import component_versions

from .i18n import tr


class SettingsPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        store = services.store
        data_box = QGroupBox(tr("Dữ liệu"))
        form = QFormLayout(data_box)
        form.addRow(
            tr("Cơ sở dữ liệu:"), QLabel(store.description, objectName="database", wordWrap=True)
        )
        if store.sqlite_file is not None:
            backups = default_backup_dir(store.sqlite_file)
            form.addRow(tr("Thư mục sao lưu:"), QLabel(str(backups), wordWrap=True))
            open_dir = QPushButton(tr("Mở thư mục dữ liệu"))
            open_dir.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(store.sqlite_file.parent)))
            )
            row = QHBoxLayout()
            row.addWidget(open_dir)
            row.addStretch(1)
            form.addRow("", row)

        office_box = QGroupBox(tr("Văn phòng"))
        office_form = QFormLayout(office_box)
        office = services.office.local()
        if office is None:
            office_form.addRow(QLabel(tr("Chưa thiết lập.")))
        else:
            office_form.addRow(tr("Đơn vị:"), QLabel(office.name, objectName="officeName"))
            if office.unit_kind:
                office_form.addRow(tr("Cấp:"), QLabel(tr(labels.UNIT_KIND[office.unit_kind])))
            office_form.addRow(tr("Dấu vân tay khoá:"), QLabel(office.fingerprint or ""))

        about_box = QGroupBox(tr("Phiên bản"))
        about = QFormLayout(about_box)
        for name, value in component_versions().items():
            about.addRow(f"{name}:", QLabel(value))

        layout = QVBoxLayout(self)
        layout.addWidget(data_box)
        layout.addWidget(office_box)
        layout.addWidget(about_box)
        layout.addStretch(1)
