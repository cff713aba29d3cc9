"""The fields of the entry form, in reading order, with their error labels: what the person
types, read back as a state (see form_input) and filled from one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.models import DossierKind
from desktop.services import labels
from desktop.services.campaigns.dossier_items import DEFAULT_ITEMS
from desktop.services.campaigns.service import CampaignRow
from desktop.services.registry import Services
from desktop.services.units.tree import UnitRow
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.form_people import AuthorsEditor, UnitPicker
from desktop.views.initiatives.form_sections import (
    DossierBox,
    ErrorLabels,
    SimilarTitles,
    check_date,
    format_benefit,
    set_combo,
    show_count,
)


class InitiativeFields(QWidget):
    """Every field of one initiative, its banner on top and its error labels below each."""

    def __init__(
        self,
        services: Services,
        campaign: CampaignRow,
        initiative_id: int | None,
        units: list[UnitRow],
        read_only: bool,
        tasks: TaskRunner,
    ) -> None:
        super().__init__()
        self._campaign = campaign
        self.errors = ErrorLabels()
        self.banner = named(QLabel(), "banner")
        self.banner.setStyleSheet("background: #fff4cc; padding: 4px;")
        self.banner.hide()
        self.title = named(QLineEdit(), "title")
        self.title.setPlaceholderText(tr("Tên sáng kiến, giải pháp"))
        self.similar = SimilarTitles(services, campaign.id, initiative_id, self.title, tasks)
        self.authors = AuthorsEditor(self.errors)
        other = services.units.get if read_only else None
        self.unit = UnitPicker(units, self.errors, other, self)
        self.unit.chosen.connect(self._unit_chosen)
        self._build_choices()
        self._build_texts()
        self.confidential = named(
            QCheckBox(tr("Sáng kiến có thông tin cần bảo mật")), "confidential"
        )
        self.dossier = DossierBox(self.errors, campaign.dossier_items or DEFAULT_ITEMS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._form_layout())
        self.update_count()

    def _build_choices(self) -> None:
        self.field = named(QComboBox(), "field")
        self.field.addItem(tr("— chọn lĩnh vực —"), None)
        for f in self._campaign.fields:
            self.field.addItem(f.name, f.id)
        self.sector = named(QComboBox(), "sector")
        self.sector.addItem(tr("— chọn khối —"), None)
        for s, label in labels.SECTOR.items():
            self.sector.addItem(tr(label), s.value)

    def _build_texts(self) -> None:
        self.description = named(QPlainTextEdit(), "description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(110)
        self.description_count = named(QLabel(), "description_count")
        self.benefit = named(QLineEdit(), "benefit")
        self.benefit.setPlaceholderText(tr("ví dụ 1.500.000"))
        self.benefit.editingFinished.connect(lambda: format_benefit(self.benefit))
        self.applied_on = named(QLineEdit(), "applied_on")
        self.applied_on.setPlaceholderText(tr("dd/mm/yyyy"))
        self.applied_on.setToolTip(
            tr("Ngày/tháng/năm; nếu chỉ biết tháng hoặc quý: 03/2022, Quý I/2022.")
        )
        self.applied_on.editingFinished.connect(
            lambda: check_date(self.applied_on, self._campaign, self.errors)
        )
        self.notes = named(QPlainTextEdit(), "notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(60)

    def _form_layout(self) -> QFormLayout:
        err = self.errors.make
        form = QFormLayout()
        # Long labels and messages wrap rather than widen the form past a small screen.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def row(label: str, field: QWidget | QVBoxLayout) -> None:
            form.addRow(tr(label), field)
            if isinstance(field, QWidget) and not field.accessibleName():
                # What a screen reader says on entering the field: its label, without the star.
                field.setAccessibleName(tr(label).rstrip(" *"))

        form.addRow(self.banner)
        row("Tên sáng kiến *", self.title)
        form.addRow("", self.similar)
        form.addRow("", err("title"))
        row("Tác giả *", self.authors)
        row("Công đoàn cơ sở *", self.unit.line)
        form.addRow("", self.unit.name_label)
        form.addRow("", err("unit_id"))
        row("Lĩnh vực", self.field)
        form.addRow("", err("field_id"))
        row("Khối", self.sector)
        self.description.setAccessibleName(tr("Mô tả tóm tắt"))
        desc_row = QVBoxLayout()
        desc_row.addWidget(self.description)
        desc_row.addWidget(self.description_count)
        desc_row.addWidget(err("description"))
        row("Mô tả tóm tắt", desc_row)
        row("Giá trị làm lợi (đồng)", self.benefit)
        form.addRow("", err("benefit_vnd"))
        row("Ngày áp dụng lần đầu", self.applied_on)
        form.addRow("", err("applied_on"))
        form.addRow("", self.confidential)
        form.addRow(self.dossier)
        row("Ghi chú", self.notes)
        form.addRow("", err("other"))
        return form

    def tab_chain(self) -> list[QWidget]:
        """Reading order, one field after another: the authors' names, then their details
        (one stop: arrows move in the table), then the union; "Thêm tác giả" (Ctrl+T) last."""
        order: list[QWidget] = [
            self.title,
            self.authors.line,
            self.authors.table,
            self.unit.line,
            self.field,
            self.sector,
            self.description,
            self.benefit,
            self.applied_on,
            self.confidential,
        ]
        for kind in DossierKind:
            order += [self.dossier.checks[kind], self.dossier.dates[kind]]
        return [*order, self.notes, self.authors.add_button]

    def connect_changes(self, changed: Callable[[], None]) -> None:
        """Once filled: every edit calls ``changed``; the title asks for similar ones."""
        lines = (self.title, self.unit.line, self.benefit, self.applied_on)
        for w in (*lines, *self.dossier.dates.values()):
            w.textChanged.connect(changed)
        for t in (self.description, self.notes):
            t.textChanged.connect(changed)
        self.description.textChanged.connect(self.update_count)
        for c in (self.field, self.sector):
            c.currentIndexChanged.connect(changed)
        for b in (self.confidential, *self.dossier.checks.values()):
            b.toggled.connect(changed)
        self.authors.connect_changes(changed)
        self.title.textChanged.connect(self.similar.timer.start)

    def set_read_only(self) -> None:
        for w in (self.title, self.unit.line, self.benefit, self.applied_on):
            w.setReadOnly(True)
        for t in (self.description, self.notes):
            t.setReadOnly(True)
        self.authors.set_read_only()
        self.dossier.set_read_only()
        for c in (self.field, self.sector, self.confidential):
            c.setEnabled(False)

    def update_count(self) -> None:
        show_count(self.description, self.description_count, self._campaign.description_limit)

    def _unit_chosen(self, unit: UnitRow) -> None:
        if self.sector.currentData() is None and unit.sector is not None:
            set_combo(self.sector, unit.sector.value)

    # ---- state (what the person typed, as typed: it goes to the draft) ----------------------
    def state(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "authors": self.authors.cells(),
            "unit": self.unit.line.text(),
            "unit_id": self.unit.unit_id,
            "field_id": self.field.currentData(),
            "sector": self.sector.currentData(),
            "description": self.description.toPlainText(),
            "benefit": self.benefit.text(),
            "applied_on": self.applied_on.text(),
            "confidential": self.confidential.isChecked(),
            "dossier": self.dossier.state(),
            "notes": self.notes.toPlainText(),
        }

    def set_state(self, st: dict[str, Any]) -> None:
        self.title.setText(st.get("title", ""))
        self.authors.set_cells(st.get("authors") or [])
        self.unit.line.setText(st.get("unit", ""))
        self.unit.unit_id = st.get("unit_id")
        set_combo(self.field, st.get("field_id"))
        set_combo(self.sector, st.get("sector"))
        self.description.setPlainText(st.get("description", ""))
        self.benefit.setText(st.get("benefit", ""))
        self.applied_on.setText(st.get("applied_on", ""))
        self.confidential.setChecked(bool(st.get("confidential")))
        self.dossier.set_state(st.get("dossier", {}))
        self.notes.setPlainText(st.get("notes", ""))
        self.unit.show_name()

    def combo_text(self, key: str, value: Any) -> Any:
        """A combo's value as the person saw it (the banner after a reload); others as they are."""
        combo = {"field_id": self.field, "sector": self.sector}.get(key)
        return combo.itemText(max(combo.findData(value), 0)) if combo is not None else value
