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
    # The bundles and initiative lists opened last, newest first, one path a line («Tệp gần
    # đây» in the Tệp menu). One string, not a list: an INI file gives back a one-item list
    # as a plain string.
    "recent/files": Key("recent/files", "", str),
    # The office's second backup folder (a USB stick); "" = none. Settings → Sao lưu.
    "backup/second_dir": Key("backup/second_dir", "", str),
}

# The last folder a file dialog was in, per kind of file (dialogs.FILE_KINDS): the PDFs go to
# "Văn bản", the bundles to the USB stick, and neither sends the other's dialog there.
DIR_KINDS = ("pdf", "xlsx", "bundle", "enrolment", "backup", "png", "folder", "other")
for _kind in DIR_KINDS:
    KEYS[f"paths/last_dir/{_kind}"] = Key(f"paths/last_dir/{_kind}", "", str)


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

    def last_dir(self, kind: str) -> str:
        return str(self.get(f"paths/last_dir/{kind}")) if kind in DIR_KINDS else ""

    def set_last_dir(self, kind: str, folder: str) -> None:
        if kind in DIR_KINDS:
            self.set(f"paths/last_dir/{kind}", folder)

    def recent_files(self) -> list[str]:
        return [line for line in str(self.get("recent/files")).splitlines() if line]

    def set_recent_files(self, paths: list[str]) -> None:
        self.set("recent/files", "\n".join(paths))

    def sync(self) -> None:
        self._q.sync()
