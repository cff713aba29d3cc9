"""The draft of the entry form: what is typed goes to a file on every pause, so a crash or a
restart loses nothing, and is offered again when the same form opens next."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer

from desktop.services.initiatives.drafts import DraftStore

# In a draft: the version of the record the typing started from (see ``InitiativeForm``).
DRAFT_VERSION = "_edit_version"


class FormDraft(QObject):
    """The draft file of one form (none at all when ``store`` is None)."""

    def __init__(self, store: DraftStore | None, key: str, parent: QObject) -> None:
        super().__init__(parent)
        self._store = store
        self.key = key
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(400)

    def load(self) -> tuple[dict[str, Any] | None, int | None]:
        """The state drafted last time, and the record's version it was typed over."""
        restored = self._store.load(self.key) if self._store is not None else None
        if restored is None:
            return None, None
        restored = dict(restored)
        version = restored.pop(DRAFT_VERSION, None)
        return restored, version if isinstance(version, int) else None

    def touch(self) -> None:
        """Something changed: save once the typing pauses."""
        if self._store is not None:
            self.timer.start()

    def save(self, state: dict[str, Any], version: int | None, dirty: bool) -> None:
        if self._store is None:
            return
        try:
            if dirty:
                self._store.save(self.key, {**state, DRAFT_VERSION: version})
            else:
                self._store.discard(self.key)
        except OSError:
            pass  # a full disk must not stop the typing; the save itself will say so

    def discard(self) -> None:
        """Saved or thrown away: no draft left, and none about to be written."""
        if self._store is not None:
            self.timer.stop()
            self._store.discard(self.key)
