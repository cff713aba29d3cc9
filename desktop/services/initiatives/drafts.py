"""Drafts of the entry form that survive a crash or a restart, kept OUT of the database.

Why files and not a table: a draft is what a person has typed and not yet saved — possibly
invalid (a date like "31/02", a percentage that does not sum to 100), belonging to this PC and
this Windows user. In a table it would need a schema for invalid data, could be swept into a
bundle, and would be lost exactly when the database is the thing that fails (a locked SQLite
file, a PostgreSQL server that is down). A small JSON file in the user's data folder, written
atomically (temporary file + rename) on every pause in typing, has none of these problems.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any


class DraftStore:
    def __init__(self, folder: str | Path) -> None:
        self._folder = Path(folder)

    def _path(self, key: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", key)
        return self._folder / f"{safe}.json"

    def save(self, key: str, state: dict[str, Any]) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".draft-", suffix=".json", dir=self._folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(state, f, ensure_ascii=False, indent=1, default=str)
            os.replace(tmp, self._path(key))
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def discard(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self) -> list[str]:
        if not self._folder.exists():
            return []
        return sorted(p.stem for p in self._folder.glob("*.json"))
