"""The office's document settings (header, symbol, place, signer, recipients), remembered in
the store: shown as stored, saved with only what was changed here."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.services.common import EditConflict, ServiceError
from desktop.services.documents import DocumentSettings, DocumentSettingsService
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named

SETTING_FIELDS = (
    ("superior", "Cơ quan chủ quản:"),
    ("issuer", "Cơ quan ban hành:"),
    ("symbol", "Ký hiệu cơ quan:"),
    ("place", "Địa danh:"),
    ("on_behalf", "Thẩm quyền ký:"),
    ("signer_title", "Chức vụ người ký:"),
    ("signer_name", "Họ tên người ký:"),
)


class SettingsForm(QGroupBox):
    def __init__(self, settings: DocumentSettingsService) -> None:
        super().__init__(tr("Thể thức văn bản của cơ quan (được ghi nhớ)"))
        self._settings = settings
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        for name, label in SETTING_FIELDS:
            edit = named(QLineEdit(), f"setting_{name}")
            self.fields[name] = edit
            form.addRow(tr(label), edit)
        self.recipients = named(QPlainTextEdit(), "setting_recipients")
        self.recipients.setFixedHeight(90)
        form.addRow(tr("Nơi nhận (mỗi dòng một nơi):"), self.recipients)

    def typed(self) -> DocumentSettings:
        values = {name: edit.text() for name, edit in self.fields.items()}
        return DocumentSettings(recipients=self.recipients.toPlainText(), **values)

    def typed_here(self) -> set[str]:
        """The settings whose text here differs from what was loaded."""
        typed, loaded = self.typed(), self._loaded
        return {f for f in (*self.fields, "recipients") if getattr(typed, f) != getattr(loaded, f)}

    def show_stored(self, keep_typed: set[str] | None = None) -> None:
        """The office's document settings as they are in the store. ``keep_typed``: the
        fields whose text typed here stays (after a conflict: the ones nobody else changed)."""
        typed = self.typed()
        versions = self._settings.versions()  # first: older can only over-warn
        cfg = self._settings.load()
        # What this window showed, and the versions: a save writes only what was changed here
        # and is refused where someone else changed the same setting since (SettingsConflict).
        self._loaded, self._versions = cfg, versions
        keep = keep_typed or set()
        for name, edit in self.fields.items():
            edit.setText(getattr(typed if name in keep else cfg, name))
        self.recipients.setPlainText((typed if "recipients" in keep else cfg).recipients)

    def remember(self) -> DocumentSettings:
        """Save what was changed here (EditConflict where someone else changed it too)."""
        cfg = self._settings.save(self.typed(), self._loaded, self._versions)
        self._loaded, self._versions = cfg, self._settings.versions()
        return cfg

    def saved_for(self, owner: QWidget) -> DocumentSettings | None:
        """The settings typed here, saved first (None after a conflict: nothing done); the
        dialogs are ``owner``'s."""
        try:
            return self.remember()
        except EditConflict as exc:
            self._conflict(owner, exc)
        except ServiceError as exc:
            dialogs.error(owner, str(exc))
        return None

    def _conflict(self, owner: QWidget, exc: EditConflict) -> None:
        """Nothing saved, nothing printed. «Tải lại»: the settings as they are now, with the
        fields changed here that nobody else changed kept as typed (to print again)."""
        if dialogs.conflict(owner, str(exc)):
            self.show_stored(self.typed_here() - set(getattr(exc, "cells", ())))
