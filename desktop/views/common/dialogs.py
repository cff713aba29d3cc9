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

import datetime
import os
import re
import sys
import unicodedata
from pathlib import Path

from PySide6.QtCore import QFileInfo, Qt, QUrl
from PySide6.QtGui import QAbstractFileIconProvider, QDesktopServices, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QStyle, QWidget

from desktop.models.db import is_open_store_file
from desktop.views.common.i18n import tr
from desktop.views.common.settings import DIR_KINDS, AppSettings

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


# ---- the last folder, per kind of file ------------------------------------------------------
_settings: AppSettings | None = None  # the program's settings (remember_in); None: this run only
_last_dirs: dict[str, str] = {}
RECENT_KINDS = frozenset({"bundle", "list"})  # what «Tệp gần đây» in the Tệp menu offers
RECENT_MAX = 8

# The kind of file a dialog is for, from its filters when the caller does not say.
_SUFFIX_KINDS = (
    (".ssk", "bundle"),
    (".pdf", "pdf"),
    (".docx", "pdf"),  # a paper's Word copy goes where its PDF went
    (".xlsx", "xlsx"),
    (".json", "enrolment"),
    (".db", "backup"),
    (".png", "png"),
)


def remember_in(settings: AppSettings | None) -> None:
    """Keep the last folders (and the recent files) in ``settings`` from now on; the main
    window calls this with the program's settings, tests with their temporary ones."""
    global _settings
    _settings = settings
    _last_dirs.clear()


def file_kind(filters: str) -> str:
    """The kind of file (settings.DIR_KINDS) a dialog with these filters is for."""
    first = filters.split(";;")[0].casefold() if filters else ""
    for suffix, kind in _SUFFIX_KINDS:
        if f"*{suffix}" in first:
            return kind
    return "other"


def last_dir(kind: str) -> str:
    """The folder a dialog of this kind was last in ("" = never, or it is gone)."""
    kind = _base(kind)
    folder = _settings.last_dir(kind) if _settings is not None else _last_dirs.get(kind, "")
    return folder if folder and os.path.isdir(folder) else ""


def _base(kind: str) -> str:
    """An initiative list shares the Excel files' folder; an unknown kind is "other"."""
    kind = "xlsx" if kind == "list" else kind
    return kind if kind in DIR_KINDS else "other"


def _remember_dir(kind: str, folder: str) -> None:
    base = _base(kind)
    _last_dirs[base] = folder
    if _settings is not None:
        _settings.set_last_dir(base, folder)


def _start_in(kind: str, start: str) -> str:
    """Where the dialog opens: the caller's folder when it names one, else the last folder of
    this kind; a bare proposed name goes into that folder."""
    remembered = last_dir(_base(kind))
    if not start:
        return remembered
    if os.path.isdir(start) or os.path.dirname(start):
        if remembered and not os.path.isdir(start) and _is_home(os.path.dirname(start)):
            return os.path.join(remembered, os.path.basename(start))  # home was only a default
        return start
    return os.path.join(remembered, start) if remembered else start


def _is_home(folder: str) -> bool:
    try:
        return Path(folder).resolve() == Path.home().resolve()
    except OSError:
        return False


def recent_files() -> list[str]:
    """Bundles and initiative lists opened lately, newest first, those still on disk."""
    paths = _settings.recent_files() if _settings is not None else list(_recent)
    return [p for p in paths if os.path.isfile(p)]


_recent: list[str] = []


def add_recent(path: str) -> None:
    """Put ``path`` first in «Tệp gần đây» (the main window calls it for what it opens)."""
    global _recent
    paths = [path, *(p for p in (recent_files()) if p != path)][:RECENT_MAX]
    _recent = paths
    if _settings is not None:
        _settings.set_recent_files(paths)


# ---- names and the offer to open what was saved ---------------------------------------------
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)
}
NAME_MAX = 120  # characters before the suffix: room for a deep folder on Windows (260)


def _ascii_words(text: str) -> str:
    """«Danh sách công nhận» -> "Danh-sach-cong-nhan": no diacritics (đ -> d), only letters,
    digits and ``-``, never a character Windows refuses in a name."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text)
    return text.strip("-")


def suggested_name(
    what: str,
    *,
    campaign: str | None = None,
    on: datetime.date | None = None,
    suffix: str,
) -> str:
    """A file name for what is saved: «what»_«campaign»_«date»«suffix», e.g.
    ``Danh-sach-cong-nhan_01TRIEU-2022_2026-12-02.pdf`` (docs/file-dialogs.md says why: no
    diacritics, no spaces, the ISO date so names sort by date)."""
    day = on or datetime.date.today()
    parts = [_ascii_words(what) or "Tep"]
    if campaign and (code := _ascii_words(campaign)):
        parts.append(code)
    parts.append(day.isoformat())
    stem = "_".join(parts)
    if len(stem) > NAME_MAX:
        stem = stem[:NAME_MAX].rstrip("-_")
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"{stem}_"
    ext = suffix if suffix.startswith(".") or not suffix else f".{suffix}"
    return f"{stem}{ext.lower()}"


def launch(url: QUrl) -> bool:
    """Open a file or folder in the program the system gives it (patched in tests)."""
    return QDesktopServices.openUrl(url)


def offer_open(parent: QWidget | None, path: Path, text: str | None = None) -> None:
    """Saved: say where, with «Mở tệp» and «Mở thư mục». The message does not wait: the
    person may go on working and close it later (it closes with its window)."""
    path = Path(path)
    box = QMessageBox(
        QMessageBox.Icon.Information,
        tr("Đã lưu"),
        text
        or tr("Đã lưu tệp «{name}» vào thư mục\n{folder}").format(
            name=path.name, folder=path.parent
        ),
        parent=parent,
    )
    box.setObjectName("offerOpen")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    open_file_button = box.addButton(tr("Mở tệp"), QMessageBox.ButtonRole.ActionRole)
    open_file_button.setObjectName("openSavedFile")
    open_folder_button = box.addButton(tr("Mở thư mục"), QMessageBox.ButtonRole.ActionRole)
    open_folder_button.setObjectName("openSavedFolder")
    close = box.addButton(tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
    close.setObjectName("closeOffer")
    box.setDefaultButton(close)
    box.setEscapeButton(close)

    def clicked(button: object) -> None:
        if button is open_file_button:
            _launch_or_say(parent, path)
        elif button is open_folder_button:
            _launch_or_say(parent, path.parent)

    box.buttonClicked.connect(clicked)
    _offers.append(box)  # a box without a parent would be collected at once
    box.finished.connect(lambda _code: _offers.remove(box) if box in _offers else None)
    box.show()


_offers: list[QMessageBox] = []


def _launch_or_say(parent: QWidget | None, path: Path) -> None:
    if not launch(QUrl.fromLocalFile(str(path))):
        error(
            parent,
            tr("Không mở được «{name}»: máy chưa có chương trình mở loại tệp này.").format(
                name=path.name
            ),
        )


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


def open_file(
    parent: QWidget | None, caption: str, filters: str, start: str = "", *, kind: str = ""
) -> str | None:
    """A file to read. ``kind`` (settings.DIR_KINDS, or "list" for an initiative list, which
    also goes into «Tệp gần đây») defaults to what the first filter names."""
    kind = kind or file_kind(filters)
    dialog = file_dialog(parent, caption, _start_in(kind, start), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    path = _not_the_store(parent, _chosen(dialog))
    if path:
        _remember_dir(kind, os.path.dirname(path))
        if kind in RECENT_KINDS:
            add_recent(path)
    return path


def save_file(
    parent: QWidget | None, caption: str, filters: str, start: str = "", *, kind: str = ""
) -> str | None:
    """A file to write; ``start`` may be a bare name (suggested_name): it is proposed in the
    last folder of this kind."""
    kind = kind or file_kind(filters)
    dialog = file_dialog(parent, caption, _start_in(kind, start), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    path = _not_the_store(parent, _chosen(dialog))
    if path:
        _remember_dir(kind, os.path.dirname(path))
    return path


def choose_folder(
    parent: QWidget | None, caption: str, start: str = "", *, kind: str = "folder"
) -> str | None:
    dialog = file_dialog(parent, caption, _start_in(kind, start))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    path = _chosen(dialog)
    if path:
        _remember_dir(kind, path)
    return path


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
