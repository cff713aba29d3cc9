"""The one seam to the operating system's file and message dialogs (patched in tests)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .i18n import tr


def open_file(parent: QWidget | None, caption: str, filters: str, start: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, caption, start, filters)
    return path or None


def save_file(parent: QWidget | None, caption: str, filters: str, start: str = "") -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, caption, start, filters)
    return path or None


def error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or tr("Không thực hiện được"), text)


def info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    QMessageBox.information(parent, title or tr("Thông báo"), text)


def confirm(parent: QWidget | None, text: str, title: str | None = None) -> bool:
    answer = QMessageBox.question(
        parent,
        title or tr("Xác nhận"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def conflict(parent: QWidget | None, text: str, title: str | None = None) -> bool:
    """Someone else changed the record since it was opened (services.common.EditConflict):
    True when the person chooses «Tải lại» (reload), False to go on looking at their own."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title or tr("Đã có người sửa trước"), text, parent=parent
    )
    reload = box.addButton(tr("Tải lại"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("Để sau"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload)
    box.exec()
    return box.clickedButton() is reload
