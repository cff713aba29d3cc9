"""Typed user settings over QSettings, with every default in one table.

Services never read these: a view reads a value and passes it to a service as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "SoSangKien"
APPLICATION = "SoSangKien"


@dataclass(frozen=True)
class Key:
    name: str
    default: Any
    type: type


KEYS = {
    "window/geometry": Key("window/geometry", QByteArray(), QByteArray),
    "window/page": Key("window/page", 0, int),
    "initiatives/campaign_id": Key("initiatives/campaign_id", 0, int),
    "paths/last_dir": Key("paths/last_dir", "", str),
    # The office's second backup folder (a USB stick); "" = none. Settings → Sao lưu.
    "backup/second_dir": Key("backup/second_dir", "", str),
}


class AppSettings:
    """One object per application; tests give it a QSettings on a temporary INI file."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings(ORGANISATION, APPLICATION)

    def get(self, name: str) -> Any:
        key = KEYS[name]
        value = self._q.value(key.name, key.default)
        if key.type is int:
            try:  # an INI file gives text, the Windows registry a number
                return int(value) if isinstance(value, (int, str)) else key.default
            except ValueError:
                return key.default
        return value if isinstance(value, key.type) else key.default

    def set(self, name: str, value: Any) -> None:
        key = KEYS[name]
        self._q.setValue(key.name, value)

    def second_backup_dir(self) -> Path | None:
        value = self.get("backup/second_dir")
        return Path(value) if value else None

    def set_second_backup_dir(self, folder: str) -> None:
        self.set("backup/second_dir", folder or "")
        self.sync()

    def sync(self) -> None:
        self._q.sync()
