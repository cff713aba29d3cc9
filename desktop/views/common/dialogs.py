"""The one seam to the operating system's file and message dialogs (patched in tests).

Every file dialog is built here, never with ``QFileDialog``'s static functions: on Linux and
macOS the dialog is Qt's own (not the platform's, which runs in this process too and sniffs
file contents), with an icon provider that names and draws files from their names alone. Qt's
default provider asks ``QMimeDatabase`` for each file's type by content, which opens and
closes the store's ``.db`` and ``-shm`` files; closing any descriptor of a file drops every
POSIX lock this process holds on it, and another program opening the store would then delete
the write-ahead log the window is still writing into (docs/file-dialogs.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QStyle, QWidget

from desktop.models.db import is_open_store_file
from desktop.views.common.i18n import tr

# Windows locks per handle: its own dialog cannot drop SQLite's locks, and people know it.
NATIVE_DIALOGS = sys.platform == "win32"


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from a file's name, never from its contents.

    Called by the file dialog's model on its own worker thread: the icons are made once, on
    the UI thread, and only handed out afterwards."""

    def __init__(self) -> None:
        super().__init__()
        style = QApplication.style()
        sp = QStyle.StandardPixmap
        kind = QAbstractFileIconProvider.IconType
        self._file = style.standardIcon(sp.SP_FileIcon)
        self._folder = style.standardIcon(sp.SP_DirIcon)
        self._drive = style.standardIcon(sp.SP_DriveHDIcon)
        self._by_kind = {
            kind.Computer: style.standardIcon(sp.SP_ComputerIcon),
            kind.Desktop: style.standardIcon(sp.SP_DesktopIcon),
            kind.Trashcan: style.standardIcon(sp.SP_TrashIcon),
            kind.Network: style.standardIcon(sp.SP_DriveNetIcon),
            kind.Drive: self._drive,
            kind.Folder: self._folder,
            kind.File: self._file,
        }
        self._folder_type = tr("Thư mục")
        self._drive_type = tr("Ổ đĩa")
        self._file_type = tr("Tệp")
        self._suffix_type = tr("Tệp {suffix}")

    def icon(self, what: object) -> QIcon:
        if isinstance(what, QFileInfo):
            if what.isRoot():
                return self._drive
            return self._folder if what.isDir() else self._file
        return self._by_kind.get(what, self._file)  # type: ignore[call-overload]

    def type(self, info: QFileInfo) -> str:
        if info.isRoot():
            return self._drive_type
        if info.isDir():
            return self._folder_type
        suffix = info.suffix()
        return self._suffix_type.format(suffix=suffix.upper()) if suffix else self._file_type


_provider: NameOnlyIconProvider | None = None


def icon_provider() -> NameOnlyIconProvider:
    """One provider for every dialog (Qt does not own it; this module keeps it alive)."""
    global _provider
    if _provider is None:
        _provider = NameOnlyIconProvider()
    return _provider


def file_dialog(
    parent: QWidget | None, caption: str, start: str = "", filters: str = ""
) -> QFileDialog:
    """A file dialog that opens no file while it lists a folder (see the module's note)."""
    dialog = QFileDialog(parent, caption)
    dialog.setObjectName("fileDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not NATIVE_DIALOGS)
    dialog.setIconProvider(icon_provider())  # before the first folder is listed
    if filters:
        dialog.setNameFilters(filters.split(";;"))
    if start:
        if os.path.isdir(start):
            dialog.setDirectory(start)
        else:  # a proposed file name, maybe with its folder (as QFileDialog's own functions)
            folder = os.path.dirname(start)
            if folder and os.path.isdir(folder):
                dialog.setDirectory(folder)
            dialog.selectFile(os.path.basename(start))
    return dialog


def _chosen(dialog: QFileDialog) -> str | None:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return None
        files = dialog.selectedFiles()
    finally:
        dialog.deleteLater()
    return files[0] if files else None


def _not_the_store(parent: QWidget | None, path: str | None) -> str | None:
    """Only SQLite may open the store's own files: choosing one is refused, with the reason."""
    if path and is_open_store_file(Path(path)):
        error(
            parent,
            tr(
                "«{name}» là tệp dữ liệu đang mở của chương trình; không thể chọn tệp này. Hãy "
                "chọn tệp khác."
            ).format(name=Path(path).name),
        )
        return None
    return path


def open_file(parent: QWidget | None, caption: str, filters: str, start: str = "") -> str | None:
    dialog = file_dialog(parent, caption, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _not_the_store(parent, _chosen(dialog))


def save_file(parent: QWidget | None, caption: str, filters: str, start: str = "") -> str | None:
    dialog = file_dialog(parent, caption, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    return _not_the_store(parent, _chosen(dialog))


def choose_folder(parent: QWidget | None, caption: str, start: str = "") -> str | None:
    dialog = file_dialog(parent, caption, start)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _chosen(dialog)


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
