"""The entry form of one initiative, made for typing dozens in a row with the keyboard alone.

Tab walks the fields in reading order; Enter or Ctrl+S saves; Ctrl+Enter saves and opens a
fresh form that keeps the unit, field and sector; Esc asks before throwing typed text away.
What is typed goes to a draft file on every pause, so a crash or a restart loses nothing.
"""

from __future__ import annotations

import itertools
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.models import DossierKind, Sector, UnitKind
from desktop.services import labels
from desktop.services.common import EditConflict, ServiceError, ValidationFailed
from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.excel_plan import equal_shares, split_authors
from desktop.services.initiatives.service import (
    AuthorInput,
    DossierInput,
    InitiativeInput,
    Severity,
)
from desktop.services.registry import Services
from desktop.text.dates import format_date, parse_date
from desktop.text.normalise import clean, fold, nfc
from desktop.text.numbers import format_number, parse_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.tasks import TaskRunner

AUTHOR_COLUMNS = ("Họ và tên", "Chức vụ", "Nơi công tác", "Đoàn viên (c/k)", "% đóng góp")
# In a draft: the version of the record the typing started from (see ``__init__``).
DRAFT_VERSION = "_edit_version"
# The fields of state(), as the form names them (the banner after a reload lists them).
FIELD_LABELS = {
    "title": "Tên sáng kiến",
    "authors": "Tác giả",
    "unit": "Công đoàn cơ sở",
    "field_id": "Lĩnh vực",
    "sector": "Khối",
    "description": "Mô tả tóm tắt",
    "benefit": "Giá trị làm lợi",
    "applied_on": "Ngày áp dụng lần đầu",
    "confidential": "Bảo mật",
    "dossier": "Hồ sơ",
    "notes": "Ghi chú",
}
UNIT_KEYS = ("unit", "unit_id")
ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #a15c00;"


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
        # The look-up of similar titles reads the whole campaign (100-200 ms on 100,000
        # initiatives): off the UI thread, so typing never stutters.
        self._tasks = tasks or TaskRunner()
        self._similar_asked = 0  # only the answer to the latest title is shown
        self._campaign = services.campaigns.get(campaign_id)
        self._id = initiative_id
        self._drafts = drafts
        self._draft_key = f"initiative-{initiative_id}" if initiative_id else f"new-{campaign_id}"
        self._unit_id: int | None = None
        # Only the grassroots unions whose initiatives this office enters (ownership.py).
        owned = services.initiatives.owned_unit_ids()
        self._units = [
            u
            for u in services.units.list(kinds=[UnitKind.GRASSROOTS])
            if owned is None or u.id in owned
        ]
        detail = services.initiatives.get(initiative_id) if initiative_id is not None else None
        self.read_only = detail is not None and not detail.editable
        # The version of the record shown: sent back with the save, which is refused when
        # someone else saved (or a bundle brought) a newer one meanwhile.
        self.loaded_version: int | None = None
        self._unit_by_fold = {fold(u.name + " " + (u.short_name or "")): u for u in self._units}
        self.saved_count = 0
        self.setWindowTitle(
            tr("Xem sáng kiến")
            if self.read_only
            else tr("Sửa sáng kiến")
            if initiative_id
            else tr("Thêm sáng kiến")
        )
        self.resize(900, 760)
        self._build()
        self._baseline: dict[str, Any] = {}
        if initiative_id is not None:
            self._load(initiative_id)
        elif keep:
            self._apply_keep(keep)
        self._baseline = self.state()
        restored = (
            self._drafts.load(self._draft_key) if self._drafts and not self.read_only else None
        )
        drafted_on = None
        if restored is not None:
            # A draft typed over an older version of the record saves against that version:
            # a change made since by someone else is told, not overwritten.
            restored = dict(restored)
            drafted_on = restored.pop(DRAFT_VERSION, None)
        if restored and restored != self._baseline:
            if isinstance(drafted_on, int) and self.loaded_version is not None:
                self.loaded_version = drafted_on
            self.set_state(restored)
            self.banner.setText(tr("Đã khôi phục phần đang nhập dở lần trước (chưa lưu)."))
            self.banner.show()
        self._draft_timer = QTimer(self, singleShot=True, interval=400)
        self._draft_timer.timeout.connect(self._save_draft)
        self._similar_timer = QTimer(self, singleShot=True, interval=300)
        self._similar_timer.timeout.connect(self._show_similar)
        self._connect_changes()
        self._update_count()  # the text loaded above came before the counter was connected
        if self.read_only and detail is not None:
            self._make_read_only(detail.read_only_reason or "")
        self.title.setFocus()

    def _make_read_only(self, reason: str) -> None:
        """Another office owns this initiative: show it whole, offer no change."""
        for w in (self.title, self.authors_line, self.unit, self.benefit, self.applied_on):
            w.setReadOnly(True)
        for w in (self.description, self.notes):
            w.setReadOnly(True)
        for w in self.dossier_dates.values():
            w.setReadOnly(True)
        for w in (self.field, self.sector, self.confidential, *self.dossier_checks.values()):
            w.setEnabled(False)
        self.authors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_author.hide()
        self.save_button.hide()
        self.save_new_button.hide()
        self.close_button.setDefault(True)
        self.banner.setText(tr(reason))
        self.banner.setWordWrap(True)
        self.banner.show()

    # ---- building ------------------------------------------------------------------------
    def _error_label(self, name: str) -> QLabel:
        label = QLabel(objectName=f"err_{name}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self._errors[name] = label
        return label

    def _build(self) -> None:
        self._errors: dict[str, QLabel] = {}
        self.banner = QLabel(objectName="banner")
        self.banner.setStyleSheet("background: #fff4cc; padding: 4px;")
        self.banner.hide()

        self.title = QLineEdit(objectName="title")
        self.title.setPlaceholderText(tr("Tên sáng kiến, giải pháp"))
        self.similar = QLabel(objectName="similar")
        self.similar.setWordWrap(True)
        self.similar.setTextFormat(Qt.TextFormat.RichText)
        self.similar.setStyleSheet(WARNING_STYLE)
        self.similar.linkActivated.connect(lambda link: self.open_requested.emit(int(link)))
        self.similar.hide()

        # Names typed in one line ("Nguyễn Văn A, Trần Thị B") fill the table below, where the
        # details of each author (position, workplace, member, share) can be added.
        self.authors_line = QLineEdit(objectName="authors_line")
        self.authors_line.setPlaceholderText(
            tr("Họ tên tác giả; nhóm tác giả cách nhau bằng dấu phẩy")
        )
        self.authors_line.textEdited.connect(self._names_typed)
        self.authors = QTableWidget(1, len(AUTHOR_COLUMNS), objectName="authors")
        self.authors.setHorizontalHeaderLabels([tr(c) for c in AUTHOR_COLUMNS])
        self.authors.setTabKeyNavigation(False)  # Tab leaves the table for the next field
        self.authors.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.authors.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.authors.verticalHeader().setDefaultSectionSize(24)
        self.authors.setMaximumHeight(140)
        self.authors.setCurrentCell(0, 0)
        self.add_author = QPushButton(tr("Thêm tác giả (Ctrl+T)"), objectName="add_author")
        self.add_author.setAutoDefault(False)
        self.add_author.clicked.connect(self._add_author_row)
        QShortcut(QKeySequence("Ctrl+T"), self, self._add_author_row)

        self.unit = QLineEdit(objectName="unit")
        self.unit.setPlaceholderText(tr("Gõ một phần tên công đoàn cơ sở, không dấu cũng được"))
        self._completions = QStringListModel(list(self._unit_by_fold))
        self._completer = QCompleter(self._completions, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self.unit)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.activated.connect(self._unit_chosen)
        self.unit.textEdited.connect(self._unit_typed)
        self.unit.editingFinished.connect(self._unit_finished)
        # Leaving the field while the suggestions are open gives no editingFinished: watch it.
        self.unit.installEventFilter(self)
        self.unit_name = QLabel(objectName="unit_name")

        self.field = QComboBox(objectName="field")
        self.field.addItem(tr("— chọn lĩnh vực —"), None)
        for f in self._campaign.fields:
            self.field.addItem(f.name, f.id)
        self.sector = QComboBox(objectName="sector")
        self.sector.addItem(tr("— chọn khối —"), None)
        for s, label in labels.SECTOR.items():
            self.sector.addItem(tr(label), s.value)

        self.description = QPlainTextEdit(objectName="description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(110)
        self.description_count = QLabel(objectName="description_count")
        self.benefit = QLineEdit(objectName="benefit")
        self.benefit.setPlaceholderText(tr("ví dụ 1.500.000"))
        self.benefit.editingFinished.connect(self._format_benefit)
        self.applied_on = QLineEdit(objectName="applied_on")
        self.applied_on.setPlaceholderText(tr("dd/mm/yyyy"))
        self.applied_on.editingFinished.connect(self._check_date)
        self.confidential = QCheckBox(tr("Sáng kiến có thông tin cần bảo mật"))
        self.confidential.setObjectName("confidential")

        self.dossier_checks: dict[DossierKind, QCheckBox] = {}
        self.dossier_dates: dict[DossierKind, QLineEdit] = {}
        dossier_box = QGroupBox(tr("Hồ sơ đã nhận"))
        grid = QGridLayout(dossier_box)
        for r, kind in enumerate(DossierKind):
            check = QCheckBox(tr(labels.DOSSIER_KIND[kind]), objectName=f"dossier_{kind.value}")
            date = QLineEdit(objectName=f"dossier_{kind.value}_date")
            date.setPlaceholderText(tr("ngày nhận dd/mm/yyyy"))
            date.setMaximumWidth(170)
            self.dossier_checks[kind] = check
            self.dossier_dates[kind] = date
            grid.addWidget(check, r, 0)
            grid.addWidget(date, r, 1)
        grid.addWidget(self._error_label("dossier"), len(DossierKind), 0, 1, 2)
        self.notes = QPlainTextEdit(objectName="notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(60)

        form = QFormLayout()
        form.addRow(self.banner)
        form.addRow(tr("Tên sáng kiến *"), self.title)
        form.addRow("", self.similar)
        form.addRow("", self._error_label("title"))
        authors_row = QVBoxLayout()
        authors_row.addWidget(self.authors_line)
        authors_row.addWidget(self.authors)
        authors_row.addWidget(self.add_author, 0, Qt.AlignmentFlag.AlignLeft)
        authors_row.addWidget(self._error_label("authors"))
        form.addRow(tr("Tác giả *"), authors_row)
        form.addRow(tr("Công đoàn cơ sở *"), self.unit)
        form.addRow("", self.unit_name)
        form.addRow("", self._error_label("unit_id"))
        form.addRow(tr("Lĩnh vực"), self.field)
        form.addRow("", self._error_label("field_id"))
        form.addRow(tr("Khối"), self.sector)
        desc_row = QVBoxLayout()
        desc_row.addWidget(self.description)
        desc_row.addWidget(self.description_count)
        desc_row.addWidget(self._error_label("description"))
        form.addRow(tr("Mô tả tóm tắt"), desc_row)
        form.addRow(tr("Giá trị làm lợi (đồng)"), self.benefit)
        form.addRow("", self._error_label("benefit_vnd"))
        form.addRow(tr("Ngày áp dụng lần đầu"), self.applied_on)
        form.addRow("", self._error_label("applied_on"))
        form.addRow("", self.confidential)
        form.addRow(dossier_box)
        form.addRow(tr("Ghi chú"), self.notes)
        form.addRow("", self._error_label("other"))

        self.save_button = QPushButton(tr("Lưu (Ctrl+S)"), objectName="save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save(close=True))
        self.save_new_button = QPushButton(
            tr("Lưu và nhập tiếp (Ctrl+Enter)"), objectName="save_new"
        )
        self.save_new_button.setAutoDefault(False)
        self.save_new_button.clicked.connect(lambda: self.save(close=False))
        self.save_new_button.setEnabled(self._id is None)
        self.close_button = QPushButton(tr("Đóng (Esc)"), objectName="close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.save(close=True))
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, lambda: self.save(close=self._id is not None))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        # Reading order, one field after another.
        order: list[QWidget] = [
            self.title,
            self.authors_line,
            self.unit,
            self.field,
            self.sector,
            self.description,
            self.benefit,
            self.applied_on,
            self.confidential,
        ]
        for kind in DossierKind:
            order += [self.dossier_checks[kind], self.dossier_dates[kind]]
        order += [
            self.notes,
            self.authors,
            self.add_author,
            self.save_new_button,
            self.save_button,
            self.close_button,
        ]
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)
        self._update_count()

    def _connect_changes(self) -> None:
        for w in (
            self.title,
            self.unit,
            self.benefit,
            self.applied_on,
            *self.dossier_dates.values(),
        ):
            w.textChanged.connect(self._changed)
        for w in (self.description, self.notes):
            w.textChanged.connect(self._changed)
        self.description.textChanged.connect(self._update_count)
        for c in (self.field, self.sector):
            c.currentIndexChanged.connect(self._changed)
        for b in (self.confidential, *self.dossier_checks.values()):
            b.toggled.connect(self._changed)
        self.authors.itemChanged.connect(self._changed)
        self.authors.itemChanged.connect(self._name_cell_changed)
        self.title.textChanged.connect(self._similar_timer.start)

    # ---- state (what the person typed, as typed: it goes to the draft) ----------------------
    def _author_cells(self) -> list[list[str]]:
        out = []
        for r in range(self.authors.rowCount()):
            cells = []
            for c in range(self.authors.columnCount()):
                item = self.authors.item(r, c)
                cells.append(item.text() if item else "")
            out.append(cells)
        return out

    def state(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "authors": self._author_cells(),
            "unit": self.unit.text(),
            "unit_id": self._unit_id,
            "field_id": self.field.currentData(),
            "sector": self.sector.currentData(),
            "description": self.description.toPlainText(),
            "benefit": self.benefit.text(),
            "applied_on": self.applied_on.text(),
            "confidential": self.confidential.isChecked(),
            "dossier": {
                k.value: [self.dossier_checks[k].isChecked(), self.dossier_dates[k].text()]
                for k in DossierKind
            },
            "notes": self.notes.toPlainText(),
        }

    def set_state(self, st: dict[str, Any]) -> None:
        self.title.setText(st.get("title", ""))
        rows = st.get("authors") or [[""] * len(AUTHOR_COLUMNS)]
        self.authors.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells[: len(AUTHOR_COLUMNS)]):
                self.authors.setItem(r, c, QTableWidgetItem(text))
        self._sync_line()
        self.unit.setText(st.get("unit", ""))
        self._unit_id = st.get("unit_id")
        self._set_combo(self.field, st.get("field_id"))
        self._set_combo(self.sector, st.get("sector"))
        self.description.setPlainText(st.get("description", ""))
        self.benefit.setText(st.get("benefit", ""))
        self.applied_on.setText(st.get("applied_on", ""))
        self.confidential.setChecked(bool(st.get("confidential")))
        for k in DossierKind:
            checked, date = st.get("dossier", {}).get(k.value, [False, ""])
            self.dossier_checks[k].setChecked(bool(checked))
            self.dossier_dates[k].setText(date)
        self.notes.setPlainText(st.get("notes", ""))
        self._show_unit_name()

    @staticmethod
    def _set_combo(combo: QComboBox, value: Any) -> None:
        i = combo.findData(value)
        combo.setCurrentIndex(max(i, 0))

    def is_dirty(self) -> bool:
        return self.state() != self._baseline

    def _changed(self) -> None:
        if self._drafts is not None:
            self._draft_timer.start()

    def _save_draft(self) -> None:
        if self._drafts is None:
            return
        try:
            if self.is_dirty():
                self._drafts.save(
                    self._draft_key, {**self.state(), DRAFT_VERSION: self.loaded_version}
                )
            else:
                self._drafts.discard(self._draft_key)
        except OSError:
            pass  # a full disk must not stop the typing; the save itself will say so

    def _load(self, initiative_id: int) -> None:
        detail = self._services.initiatives.get(initiative_id)
        self.loaded_version = detail.edit_version
        d = detail.data
        for k in DossierKind:
            self.dossier_checks[k].setChecked(False)
            self.dossier_dates[k].setText("")
        self.title.setText(d.title)
        self.authors.setRowCount(max(1, len(d.authors)))
        for r, a in enumerate(d.authors):
            cells = [
                a.full_name,
                a.job_title or "",
                a.workplace or "",
                "c" if a.is_member else "k",
                format_number(a.contribution_pct, 2).rstrip("0").rstrip(","),
            ]
            for c, text in enumerate(cells):
                self.authors.setItem(r, c, QTableWidgetItem(text))
        self._sync_line()
        self._unit_id = d.unit_id
        unit = self._services.units.get(d.unit_id)
        self.unit.setText(unit.display_name)
        self._show_unit_name()
        self._set_combo(self.field, d.field_id)
        self._set_combo(self.sector, d.sector.value if d.sector else None)
        self.description.setPlainText(d.description)
        self.benefit.setText(format_number(d.benefit_vnd) if d.benefit_vnd is not None else "")
        self.applied_on.setText(format_date(d.applied_on))
        self.confidential.setChecked(d.confidential)
        for item in d.dossier:
            self.dossier_checks[item.kind].setChecked(True)
            self.dossier_dates[item.kind].setText(format_date(item.received_on))
        self.notes.setPlainText(d.notes or "")

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
        merged, kept, clashed = dict(fresh), [], []
        for key, label in FIELD_LABELS.items():
            group = UNIT_KEYS if key == "unit" else (key,)
            if all(typed[k] == base[k] for k in group):
                continue
            if all(fresh[k] == base[k] for k in group):
                merged.update({k: typed[k] for k in group})
                kept.append(tr(label))
            elif any(fresh[k] != typed[k] for k in group):
                value = typed[key]
                combo = {"field_id": self.field, "sector": self.sector}.get(key)
                if combo is not None:
                    value = combo.itemText(max(combo.findData(value), 0))
                clashed.append(f"{tr(label)}: «{_shown(value)}»")
        self.set_state(merged)
        self._baseline = fresh
        lines = [tr("Đã tải lại bản mới nhất.")]
        if why is not None:
            lines[0] = tr("Đã tải lại bản mới nhất") + (
                tr(" (do {who} sửa).").format(who=why.who) if why.who else "."
            )
        if kept:
            lines.append(
                tr("Phần anh/chị đã sửa được giữ lại để xem và lưu: {fields}.").format(
                    fields=", ".join(kept)
                )
            )
        if clashed:
            lines.append(
                tr("Người kia cũng sửa các ô sau; đang hiện bản mới, anh/chị đã nhập:")
                + "\n"
                + "\n".join(clashed)
            )
        self.banner.setText("\n".join(lines))
        self.banner.setWordWrap(True)
        self.banner.show()
        self._save_draft()

    def _apply_keep(self, keep: dict[str, Any]) -> None:
        if keep.get("unit_id"):
            self._unit_id = keep["unit_id"]
            self.unit.setText(self._services.units.get(self._unit_id).display_name)
            self._show_unit_name()
        self._set_combo(self.field, keep.get("field_id"))
        self._set_combo(self.sector, keep.get("sector"))

    def keep(self) -> dict[str, Any]:
        """What "save and new" carries over to the next initiative."""
        return {
            "unit_id": self._unit_id,
            "field_id": self.field.currentData(),
            "sector": self.sector.currentData(),
        }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.unit
            and event.type() == QEvent.Type.FocusOut
            and isinstance(event, QFocusEvent)
            and event.reason() != Qt.FocusReason.PopupFocusReason
        ):
            self._unit_finished()
        return super().eventFilter(watched, event)

    # ---- live helpers --------------------------------------------------------------------
    def _names_typed(self, text: str) -> None:
        names = split_authors(text)
        self.authors.blockSignals(True)
        self.authors.setRowCount(max(1, len(names), self._filled_rows()))
        for r in range(self.authors.rowCount()):
            name = names[r] if r < len(names) else ""
            self.authors.setItem(r, 0, QTableWidgetItem(name))
        # Rows left without a name and without details go away.
        for r in range(self.authors.rowCount() - 1, 0, -1):
            if not any(c.strip() for c in self._author_cells()[r]):
                self.authors.removeRow(r)
        self.authors.blockSignals(False)
        self._changed()

    def _filled_rows(self) -> int:
        return sum(1 for cells in self._author_cells() if any(c.strip() for c in cells[1:]))

    def _name_cell_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self._sync_line()

    def _sync_line(self) -> None:
        names = [cells[0].strip() for cells in self._author_cells() if cells[0].strip()]
        self.authors_line.setText(", ".join(names))

    def _add_author_row(self) -> None:
        r = self.authors.rowCount()
        self.authors.insertRow(r)
        self.authors.setFocus()
        self.authors.setCurrentCell(r, 0)

    def _unit_typed(self, text: str) -> None:
        self._unit_id = None
        self.unit_name.setText("")
        key = fold(text)
        if key:
            self._completer.setCompletionPrefix(key)
            self._completer.complete()

    def _unit_chosen(self, folded: str) -> None:
        unit = self._unit_by_fold.get(folded)
        if unit is None:
            return
        self._unit_id = unit.id
        self.unit.setText(unit.display_name)
        if self.sector.currentData() is None and unit.sector is not None:
            self._set_combo(self.sector, unit.sector.value)
        self._show_unit_name()

    def _unit_finished(self) -> None:
        if self._unit_id is not None or not self.unit.text().strip():
            return
        words = fold(self.unit.text()).split()
        found = [k for k in self._unit_by_fold if all(w in k for w in words)]
        if len(found) == 1:
            self._completer.popup().hide()
            self._unit_chosen(found[0])
        elif found:
            self._show_error(
                "unit_id",
                tr("Có {n} đơn vị khớp: hãy gõ thêm hoặc chọn trong danh sách.").format(
                    n=len(found)
                ),
            )

    def _show_unit_name(self) -> None:
        unit = next((u for u in self._units if u.id == self._unit_id), None)
        if unit is None and self.read_only and self._unit_id is not None:
            unit = self._services.units.get(self._unit_id)  # another office's union, to read
        self.unit_name.setText(unit.name if unit else "")
        if unit:
            self._errors["unit_id"].hide()

    def _update_count(self) -> None:
        n = len(nfc(self.description.toPlainText()))
        limit = self._campaign.description_limit
        self.description_count.setText(
            tr("{n}/{limit} ký tự").format(n=format_number(n), limit=format_number(limit))
        )
        self.description_count.setStyleSheet(ERROR_STYLE if n > limit else "")

    def _format_benefit(self) -> None:
        text = self.benefit.text().strip()
        if not text:
            return
        try:
            n = parse_number(text.replace("đồng", "").replace("đ", ""))
        except ValueError:
            n = None
        if n is not None and n == int(n):
            self.benefit.setText(format_number(int(n)))

    def _check_date(self) -> None:
        text = self.applied_on.text().strip()
        self._errors["applied_on"].hide()
        if not text:
            return
        try:
            day = parse_date(text)
        except ValueError as exc:
            self._show_error("applied_on", str(exc))
            return
        self.applied_on.setText(format_date(day))
        if self._campaign.periods and self._campaign.period_for(day) is None:
            self._show_error(
                "applied_on",
                tr(
                    "Ngày {d} nằm ngoài thời gian tính của mọi giai đoạn: sáng kiến sẽ không được "
                    "tính vào chỉ tiêu."
                ).format(d=format_date(day)),
                warning=True,
            )

    def _show_similar(self) -> None:
        title = clean(self.title.text())
        self._similar_asked += 1
        asked = self._similar_asked
        if not title:
            self._similar_found(asked, [])
            return
        self._tasks.run(
            self._services.initiatives.similar,
            self._campaign.id,
            title,
            self._id,
            on_done=lambda found: self._similar_found(asked, found),
            on_error=lambda _exc: None,  # advisory only: a failed look-up shows nothing
        )

    def _similar_found(self, asked: int, found: list) -> None:  # type: ignore[type-arg]
        if asked != self._similar_asked or not isValid(self.similar):
            return  # the title changed meanwhile, or the form is gone
        if not found:
            self.similar.hide()
            self.similar.setText("")
            return
        links = "<br>".join(
            f'<a href="{f.id}">{_html(f.title)}</a> — {_html(f.authors_text)}, {_html(f.unit_name)}'
            for f in found
        )
        self.similar.setText(tr("Có thể trùng với sáng kiến đã có:") + "<br>" + links)
        self.similar.show()

    # ---- saving --------------------------------------------------------------------------
    def _show_error(self, name: str, text: str, warning: bool = False) -> None:
        label = self._errors.get(name, self._errors["other"])
        label.setText(text)
        label.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        label.show()

    def _clear_errors(self) -> None:
        for label in self._errors.values():
            label.hide()
            label.setText("")

    def _read(self) -> tuple[InitiativeInput | None, dict[str, str]]:
        """The input as typed, or the messages of what cannot even be read."""
        errors: dict[str, str] = {}
        authors = []
        rows = [r for r in self._author_cells() if any(c.strip() for c in r)]
        shares = equal_shares(len(rows))
        for i, (name, job, place, member, pct) in enumerate(rows):
            if pct.strip():
                try:
                    value = Decimal(str(parse_number(pct.replace("%", "")) or 0))
                except (ValueError, InvalidOperation):
                    errors["authors"] = tr("Tác giả thứ {i}: không đọc được tỷ lệ «{p}».").format(
                        i=i + 1, p=pct
                    )
                    value = Decimal(0)
            else:
                value = shares[i] if not any(r[4].strip() for r in rows) else Decimal(0)
            authors.append(
                AuthorInput(
                    name,
                    job or None,
                    place or None,
                    fold(member).strip() not in ("k", "khong", "0", "n"),
                    value,
                )
            )
        if self._unit_id is None:
            errors["unit_id"] = (
                tr("Chưa chọn công đoàn cơ sở: gõ một phần tên rồi chọn trong danh sách.")
                if self.unit.text().strip()
                else tr("Chưa chọn công đoàn cơ sở.")
            )
        benefit = None
        if self.benefit.text().strip():
            try:
                n = parse_number(self.benefit.text().replace("đồng", "").replace("đ", ""))
                if n is None or n != int(n):
                    raise ValueError
                benefit = int(n)
            except (ValueError, TypeError):
                errors["benefit_vnd"] = tr(
                    "Không đọc được số tiền «{t}». Hãy nhập như 1.500.000."
                ).format(t=self.benefit.text())
        applied_on = None
        if self.applied_on.text().strip():
            try:
                applied_on = parse_date(self.applied_on.text())
            except ValueError as exc:
                errors["applied_on"] = str(exc)
        dossier = []
        for kind in DossierKind:
            if not self.dossier_checks[kind].isChecked():
                continue
            received = None
            if self.dossier_dates[kind].text().strip():
                try:
                    received = parse_date(self.dossier_dates[kind].text())
                except ValueError as exc:
                    errors["dossier"] = f"{tr(labels.DOSSIER_KIND[kind])}: {exc}"
            dossier.append(DossierInput(kind, received))
        period = self._campaign.period_for(applied_on)
        sector = self.sector.currentData()
        return (
            InitiativeInput(
                campaign_id=self._campaign.id,
                unit_id=self._unit_id or 0,
                title=self.title.text(),
                authors=tuple(authors),
                field_id=self.field.currentData(),
                sector=Sector(sector) if sector else None,
                period_id=period.id if period else None,
                description=self.description.toPlainText(),
                benefit_vnd=benefit,
                applied_on=applied_on,
                confidential=self.confidential.isChecked(),
                notes=self.notes.toPlainText() or None,
                dossier=tuple(dossier),
            ),
            errors,
        )

    def save(self, close: bool = True) -> int | None:
        if self.read_only:
            return None
        self._clear_errors()
        data, errors = self._read()
        if data is not None:
            from desktop.services.initiatives.service import validate

            for issue in validate(data, self._campaign.description_limit):
                if issue.severity == Severity.ERROR:
                    errors.setdefault(issue.field, issue.message)
        if errors or data is None:
            for name, text in errors.items():
                self._show_error(name, text)
            self._focus_first_error(errors)
            self._save_draft()  # what was typed stays, even through a crash now
            return None
        try:
            if self._id is None:
                detail = self._services.initiatives.create(data)
            else:
                detail = self._services.initiatives.update(
                    self._id, data, expected_version=self.loaded_version
                )
        except EditConflict as exc:
            self._save_draft()  # what was typed stays, whatever is chosen below
            if dialogs.conflict(self, str(exc)):
                self.reload_keeping_typed(exc)
            return None
        except ValidationFailed as exc:
            for issue in exc.issues:
                self._show_error(issue.field, issue.message)
            self._focus_first_error({i.field: "" for i in exc.issues})
            self._save_draft()
            return None
        except ServiceError as exc:
            self._save_draft()
            dialogs.error(self, str(exc))
            return None
        if self._drafts is not None:
            self._draft_timer.stop()
            self._drafts.discard(self._draft_key)
        self.saved_count += 1
        self.loaded_version = detail.edit_version  # the version this window now holds
        self.saved.emit(detail.id)
        if close:
            self._baseline = self.state()
            self.accept()
        else:
            self._start_next()
        return detail.id

    def _focus_first_error(self, errors: dict[str, str]) -> None:
        widgets = {
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
                return

    def _start_next(self) -> None:
        keep = self.keep()
        unit_text = self.unit.text()
        blank: dict[str, Any] = {"unit": unit_text, **keep}
        self.set_state(blank)
        self._unit_id = keep["unit_id"]
        self._show_unit_name()
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
        if self._drafts is not None:
            self._draft_timer.stop()
            self._drafts.discard(self._draft_key)
        super().reject()


def _shown(value: Any) -> str:
    """A field's typed value, short, for the banner after a reload."""
    if isinstance(value, list):  # the authors table: their names
        value = ", ".join(row[0] for row in value if row and row[0].strip())
    elif isinstance(value, dict):  # the dossier: the items ticked
        value = ", ".join(labels.DOSSIER_KIND[DossierKind(k)] for k, (on, _) in value.items() if on)
    elif isinstance(value, bool):
        value = "có" if value else "không"
    text = str(value if value is not None else "").strip()
    return text if len(text) <= 120 else text[:119] + "…"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
