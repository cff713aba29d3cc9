"""The entry form of one initiative, made for typing dozens in a row with the keyboard alone.

Tab walks the fields in reading order; Enter or Ctrl+S saves; Ctrl+Enter saves and opens a
fresh form that keeps the unit, field and sector; Esc asks before throwing typed text away.
What is typed goes to a draft file on every pause, so a crash or a restart loses nothing.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.models import UnitKind
from desktop.services.campaigns.closing import closed_message
from desktop.services.common import EditConflict, ServiceError, ValidationFailed
from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.service import (
    InitiativeDetail,
    InitiativeInput,
    LateEntry,
    Severity,
)
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.form_draft import FormDraft
from desktop.views.initiatives.form_fields import InitiativeFields
from desktop.views.initiatives.form_input import merge_typed, read_input, reload_banner, state_of
from desktop.views.initiatives.form_sections import set_combo

# The size the form asks for; never more than the screen's free area (a 1366×768 laptop with
# a taskbar leaves 1366×700 or so): the fields scroll, the buttons stay in view.
PREFERRED = QSize(900, 760)
# The keys of state() each error label speaks of: a label is checked again when they change.
ERROR_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "authors": ("authors",),
    "unit_id": ("unit", "unit_id"),
    "field_id": ("field_id",),
    "description": ("description",),
    "benefit_vnd": ("benefit",),
    "applied_on": ("applied_on",),
    "dossier": ("dossier",),
}


def fit_to_screen(window: QWidget, preferred: QSize) -> None:
    """``preferred``, cut to the free area of the screen the window opens on (its frame, the
    title bar and borders, takes some of that room too)."""
    screen = (window.parentWidget() or window).screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry().size() if screen is not None else preferred
    window.resize(
        min(preferred.width(), room.width() - 16), min(preferred.height(), room.height() - 40)
    )


class InitiativeForm(QDialog):
    saved = Signal(int)  # the id of the initiative just saved
    open_requested = Signal(int)  # the person clicked a similar title to look at it

    def __init__(
        self,
        services: Services,
        campaign_id: int,
        initiative_id: int | None = None,
        drafts: DraftStore | None = None,
        keep: dict[str, Any] | None = None,
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        # The look-up of similar titles runs on it (see SimilarTitles).
        self._tasks = tasks or TaskRunner()
        self._campaign = services.campaigns.get(campaign_id)
        self._id = initiative_id
        self._draft = FormDraft(
            drafts, f"initiative-{initiative_id}" if initiative_id else f"new-{campaign_id}", self
        )
        # Only the grassroots unions whose initiatives this office enters (ownership.py).
        owned = services.initiatives.owned_unit_ids()
        self._units = [
            u
            for u in services.units.list(kinds=[UnitKind.GRASSROOTS])
            if owned is None or u.id in owned
        ]
        detail = services.initiatives.get(initiative_id) if initiative_id is not None else None
        self.read_only = detail is not None and not detail.editable
        reason = detail.read_only_reason if detail is not None else None
        if detail is None and self._campaign.closed_at is not None:  # khoá sổ: nothing new
            self.read_only = True
            reason = closed_message(self._campaign.name, self._campaign.closed_at)
        # The version of the record shown: sent back with the save, which is refused when
        # someone else saved (or a bundle brought) a newer one meanwhile.
        self.loaded_version: int | None = None
        self.saved_count = 0
        self.setWindowTitle(
            tr("Xem sáng kiến")
            if self.read_only
            else tr("Sửa sáng kiến")
            if initiative_id
            else tr("Thêm sáng kiến")
        )
        self._build()
        fit_to_screen(self, PREFERRED)
        self._baseline: dict[str, Any] = {}
        if initiative_id is not None:
            self._load(initiative_id)
        elif keep:
            self._apply_keep(keep)
        self._baseline = self.state()
        if not self.read_only:
            self._restore_draft()
        self._draft.timer.timeout.connect(self._save_draft)
        self._checked_state = self.state()  # what the error labels were last checked against
        self.fields.connect_changes(self._changed)
        self.fields.update_count()  # the text loaded above came before the counter was wired
        if self.read_only:
            self._make_read_only(reason or "")
        self.title.setFocus()

    def _restore_draft(self) -> None:
        """What was typed last time and not saved, over the record (or the blank form)."""
        restored, drafted_on = self._draft.load()
        if not restored or restored == self._baseline:
            return
        # A draft typed over an older version of the record saves against that version:
        # a change made since by someone else is told, not overwritten.
        if drafted_on is not None and self.loaded_version is not None:
            self.loaded_version = drafted_on
        self.set_state(restored)
        self.banner.setText(tr("Đã khôi phục phần đang nhập dở lần trước (chưa lưu)."))
        self.banner.show()

    def _make_read_only(self, reason: str) -> None:
        """Another office owns this initiative: show it whole, offer no change."""
        self.fields.set_read_only()
        self.save_button.hide()
        self.save_new_button.hide()
        self.close_button.setDefault(True)
        self.banner.setText(tr(reason))
        self.banner.setWordWrap(True)
        self.banner.show()

    # ---- building ------------------------------------------------------------------------
    def _build(self) -> None:
        f = self.fields = InitiativeFields(
            self._services, self._campaign, self._id, self._units, self.read_only, self._tasks
        )
        f.similar.open_requested.connect(self.open_requested)
        self._errors, self._unit = f.errors, f.unit
        # The fields by the names the form has always had (tests and callers use them).
        self.banner, self.title, self.similar = f.banner, f.title, f.similar
        self.authors_line, self.authors = f.authors.line, f.authors.table
        self.add_author = f.authors.add_button
        self.unit, self.unit_name = f.unit.line, f.unit.name_label
        self.field, self.sector = f.field, f.sector
        self.description, self.description_count = f.description, f.description_count
        self.benefit, self.applied_on = f.benefit, f.applied_on
        self.confidential, self.dossier, self.notes = f.confidential, f.dossier, f.notes
        buttons = self._build_buttons()
        # The fields scroll (Tab scrolls to the field it reaches); the buttons stay below them.
        self.fields_scroll = named(QScrollArea(), "fields_scroll")
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.setWidget(f)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields_scroll, 1)
        layout.addLayout(buttons)
        chain = [*f.tab_chain(), self.save_new_button, self.save_button, self.close_button]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button = named(QPushButton(tr("Lưu (Ctrl+S)")), "save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save(close=True))
        self.save_new_button = named(QPushButton(tr("Lưu và nhập tiếp (Ctrl+Enter)")), "save_new")
        self.save_new_button.setAutoDefault(False)
        self.save_new_button.clicked.connect(lambda: self.save(close=False))
        self.save_new_button.setEnabled(self._id is None)
        self.close_button = named(QPushButton(tr("Đóng (Esc)")), "close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        for button, name in (
            (self.save_button, tr("Lưu")),
            (self.save_new_button, tr("Lưu và nhập tiếp")),
            (self.close_button, tr("Đóng")),
        ):
            button.setAccessibleName(name)
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.save(close=True))
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, lambda: self.save(close=self._id is not None))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        return buttons

    # ---- state (what the person typed, as typed: it goes to the draft) ----------------------
    def state(self) -> dict[str, Any]:
        return self.fields.state()

    def set_state(self, st: dict[str, Any]) -> None:
        self.fields.set_state(st)

    def is_dirty(self) -> bool:
        return self.state() != self._baseline

    def _changed(self) -> None:
        self._draft.touch()
        self._recheck()

    def _recheck(self) -> None:
        """An error under a field goes as soon as the field is right (checked as on saving);
        one still wrong says what is wrong now. Only the fields just changed are looked at."""
        st, before = self.state(), self._checked_state
        self._checked_state = st
        touched = [
            name
            for name in self._errors.shown_errors()
            if any(st[k] != before.get(k) for k in ERROR_KEYS.get(name, tuple(st)))
        ]
        if not touched:
            return
        errors = self._local_errors(st)
        for name in touched:
            if name != "other":
                text = errors.get(name)
            else:  # the last label: errors of no field of the form
                text = next((t for n, t in errors.items() if n not in self._errors.labels), None)
            if text:
                self._errors.show(name, text)
            else:
                self._errors.hide(name)

    def _local_errors(self, st: dict[str, Any]) -> dict[str, str]:
        """What is wrong with ``st`` by the checks the form makes before saving (by field)."""
        from desktop.services.initiatives.service import validate

        data, errors = read_input(st, self._campaign)
        for issue in validate(data, self._campaign.description_limit):
            if issue.severity == Severity.ERROR:
                errors.setdefault(issue.field, issue.message)
        return errors

    def _save_draft(self) -> None:
        self._draft.save(self.state(), self.loaded_version, self.is_dirty())

    def _load(self, initiative_id: int) -> None:
        detail = self._services.initiatives.get(initiative_id)
        self.loaded_version = detail.edit_version
        unit = self._services.units.get(detail.data.unit_id)
        self.set_state(state_of(detail, unit.display_name))

    def reload_keeping_typed(self, why: EditConflict | None = None) -> None:
        """Show the record as it is now in the store, with what the person typed kept visible.

        A field only they changed is typed in again over the new version (to check and
        save); a field the other person changed too shows the new value, and what they had
        typed is listed in the banner to re-apply by hand. Nothing is saved here.
        """
        assert self._id is not None
        typed, base = self.state(), self._baseline
        self._load(self._id)
        fresh = self.state()
        merged, kept, clashed = merge_typed(typed, base, fresh, self.fields.combo_text)
        self.set_state(merged)
        self._baseline = fresh
        self.banner.setText(reload_banner(why, kept, clashed))
        self.banner.setWordWrap(True)
        self.banner.show()
        self._save_draft()

    def _apply_keep(self, keep: dict[str, Any]) -> None:
        if keep.get("unit_id"):
            self._unit.unit_id = keep["unit_id"]
            self.unit.setText(self._services.units.get(keep["unit_id"]).display_name)
            self._unit.show_name()
        set_combo(self.field, keep.get("field_id"))
        set_combo(self.sector, keep.get("sector"))

    def keep(self) -> dict[str, Any]:
        """What "save and new" carries over to the next initiative."""
        return {
            "unit_id": self._unit.unit_id,
            "field_id": self.field.currentData(),
            "sector": self.sector.currentData(),
        }

    # ---- saving --------------------------------------------------------------------------
    def save(self, close: bool = True) -> int | None:
        if self.read_only:
            return None
        self._errors.clear()
        data = self._checked_input()
        detail = self._write(data) if data is not None else None
        if detail is None:
            return None
        self._draft.discard()
        self.saved_count += 1
        self.loaded_version = detail.edit_version  # the version this window now holds
        self.saved.emit(detail.id)
        if close:
            self._baseline = self.state()
            self.accept()
        else:
            self._start_next()
        return detail.id

    def _checked_input(self) -> InitiativeInput | None:
        """The input, or None with every error shown under its field (and the draft kept)."""
        st = self.state()
        errors = self._local_errors(st)
        self._checked_state = st
        if not errors:
            return read_input(st, self._campaign)[0]
        for name, text in errors.items():
            self._errors.show(name, text)
        self._focus_first_error(errors)
        self._save_draft()  # what was typed stays, even through a crash now
        return None

    def _write(self, data: InitiativeInput) -> InitiativeDetail | None:
        """Create or update; None when refused (said to the person, the draft kept)."""
        try:
            if self._id is None:
                return self._create(data)
            return self._services.initiatives.update(
                self._id, data, expected_version=self.loaded_version
            )
        except EditConflict as exc:
            self._save_draft()  # what was typed stays, whatever is chosen below
            if dialogs.conflict(self, str(exc)):
                self.reload_keeping_typed(exc)
        except ValidationFailed as exc:
            self._checked_state = self.state()
            for issue in exc.issues:
                self._errors.show(issue.field, issue.message)
            self._focus_first_error({i.field: "" for i in exc.issues})
            self._save_draft()
        except ServiceError as exc:
            self._save_draft()
            dialogs.error(self, str(exc))
        return None

    def _create(self, data: InitiativeInput) -> InitiativeDetail | None:
        """Create; after the period's entry deadline only once the officer confirms, knowing
        it is late (the service keeps it flagged «nhập sau hạn» and audits the override)."""
        try:
            return self._services.initiatives.create(data)
        except LateEntry as exc:
            question = tr(
                "{why}\n\nVẫn nhập sáng kiến này? Việc nhập sau hạn được ghi vào nhật ký."
            ).format(why=str(exc))
            if not dialogs.confirm(self, question, tr("Đã hết hạn nhập")):
                self._save_draft()  # what was typed stays
                return None
            return self._services.initiatives.create(data, late_ok=True)

    def _focus_first_error(self, errors: dict[str, str]) -> None:
        widgets: dict[str, QWidget] = {
            "title": self.title,
            "authors": self.authors_line,
            "unit_id": self.unit,
            "field_id": self.field,
            "description": self.description,
            "benefit_vnd": self.benefit,
            "applied_on": self.applied_on,
        }
        for name, w in widgets.items():
            if name in errors:
                w.setFocus()
                self.fields_scroll.ensureWidgetVisible(w)
                return

    def _start_next(self) -> None:
        keep = self.keep()
        blank: dict[str, Any] = {"unit": self.unit.text(), **keep}
        self.set_state(blank)
        self._unit.unit_id = keep["unit_id"]
        self._unit.show_name()
        self.similar.hide()
        self.banner.setText(
            tr("Đã lưu {n} sáng kiến. Nhập sáng kiến tiếp theo.").format(n=self.saved_count)
        )
        self.banner.show()
        self._baseline = self.state()
        self.authors.setCurrentCell(0, 0)
        self.title.setFocus()

    def reject(self) -> None:
        if self.is_dirty() and not dialogs.confirm(
            self, tr("Bỏ những gì vừa nhập mà chưa lưu?"), tr("Đóng mà không lưu")
        ):
            return
        self._draft.discard()
        super().reject()
