"""Telling the person that the data file is damaged, and offering the newest readable backup.

The check itself is in the services (``store.ensure_sound``): here is only the dialog. The
composition root (app.py) decides when to check: at once after a start that follows an
unclean exit, otherwise in the background once the window shows.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.services.common import ServiceError
from desktop.services.store.backup import BackupInfo, restore_sqlite
from desktop.services.store.opening import Store, StoreDamaged, StoreError, ensure_sound, open_store
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr


def offer_restore(parent: QWidget | None, damage: StoreDamaged) -> bool:
    """Show what is damaged; True when the person chose to restore ``damage.backup``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Dữ liệu bị hỏng"))
    box.setText(str(damage))
    backup = damage.backup
    if backup is None:
        box.setInformativeText(
            tr(
                "Không có bản sao lưu nào còn đọc được để khôi phục. Hãy tìm bản sao tệp dữ "
                "liệu (ổ USB, máy khác) hoặc liên hệ người hỗ trợ; đừng nhập thêm dữ liệu."
            )
        )
        box.addButton(tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return False
    box.setInformativeText(
        tr(
            "Khôi phục bản sao này? Dữ liệu đang hỏng được giữ lại trong một bản sao "
            "(lý do «Trước khi khôi phục»); những gì nhập sau lúc sao lưu sẽ không còn."
        )
    )
    restore = box.addButton(tr("Khôi phục bản sao này"), QMessageBox.ButtonRole.AcceptRole)
    later = box.addButton(tr("Để sau"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(later)
    box.exec()
    return box.clickedButton() is restore


def check_after_unclean_exit(store: Store) -> Store | None:
    """After a power cut or a killed program: SQLite's check (quick_check, under a second on
    100,000 initiatives) before anything reads the store; damage offers the newest backup."""
    try:
        ensure_sound(store)
    except StoreDamaged as exc:
        return restore_before_window(store, exc)
    return store


def restore_before_window(store: Store, damage: StoreDamaged) -> Store | None:
    """Offer the newest readable backup of a damaged store; the store to go on with, or None
    to stop (the person chose not to restore: the program does not work on a damaged file)."""
    second, url, marked = store.second_backup_dir, store.url, store.open_marker_written
    store.close()
    restored = restore_damaged_file(url, damage, second)
    if restored is not None and marked:
        restored.mark_open()
    return restored


def backup_path(damage: StoreDamaged) -> Path | None:
    """The file of the backup ``damage`` offers, if any."""
    backup = damage.backup
    return Path(backup.path) if isinstance(backup, BackupInfo) else None


def restore_damaged_file(
    url: str | None, damage: StoreDamaged, second: Path | None = None
) -> Store | None:
    """The same offer for a store closed (or one that broke while being opened)."""
    target = damage.path
    source = backup_path(damage)
    if not offer_restore(None, damage) or source is None or target is None:
        return None
    problem = None
    try:
        result = restore_sqlite(source, target)
    except ServiceError as exc:
        problem = str(exc)
    try:
        store = open_store(url)
    except StoreError as exc:
        dialogs.error(None, str(exc), tr("Không mở được dữ liệu"))
        return None
    store.second_backup_dir = second
    if problem is not None:
        dialogs.error(None, problem, tr("Khôi phục không thành công"))
        store.close()
        return None
    dialogs.info(
        None,
        tr("Đã khôi phục dữ liệu từ bản sao {name}.").format(name=result.restored_from.name),
        tr("Đã khôi phục"),
    )
    return store


def install_damage_hook(on_damage: Callable[[StoreDamaged], None]) -> None:
    """Send a StoreDamaged that escaped a view (a search that read a broken page) to
    ``on_damage`` once the event loop is free; any other exception goes on to the hook that
    was there before."""
    previous = sys.excepthook

    def hook(kind, exc, tb):
        if isinstance(exc, StoreDamaged):
            QTimer.singleShot(0, lambda: on_damage(exc))
            return
        previous(kind, exc, tb)

    sys.excepthook = hook
