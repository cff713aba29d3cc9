"""One council member's scoring sheet for one initiative: a points box per criterion, the
total, and its save (refused, with the points now in the store, if they changed meanwhile).
At an office that does not own evaluation the sheet only shows the points given."""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.common import EditConflict, ServiceError
from desktop.services.evaluation.councils import CouncilRow
from desktop.services.registry import Services
from desktop.text.numbers import format_number, parse_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr


class PointBox(QDoubleSpinBox):
    """One criterion's points, typed with a decimal comma (a dot too, by habit).

    Any number is kept as typed, even above the criterion's weight: the sheet refuses it with
    a message when saving instead of the spin box silently eating the digit (16 became 1)."""

    def __init__(self, name: str, max_points: Decimal | int) -> None:
        super().__init__()
        self.criterion_name = name
        self.max_points = Decimal(max_points)
        self.setDecimals(1)
        self.setRange(-1, 9999)
        self.setSpecialValueText("—")

    def maximum(self) -> float:
        return float(self.max_points)

    def typed(self) -> Decimal | None:
        return None if self.value() < 0 else Decimal(str(round(self.value(), 1)))

    def textFromValue(self, value: float) -> str:
        return format_number(Decimal(str(round(value, 1))), 1)

    def valueFromText(self, text: str) -> float:
        try:
            n = parse_number(text.strip())
        except ValueError:
            return self.value()
        return -1.0 if n is None else float(n)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # Qt override
        t = text.strip()
        if t in ("", "—", "-"):
            return (QValidator.State.Intermediate, text, pos)
        if not re.fullmatch(r"\d{0,4}([.,]\d?)?", t):
            return (QValidator.State.Invalid, text, pos)
        return (QValidator.State.Acceptable, text, pos)

    def over_message(self) -> str | None:
        v = self.typed()
        if v is not None and v > self.max_points:
            return tr("Điểm «{name}» tối đa {max}; đã nhập {typed}.").format(
                name=self.criterion_name,
                max=format_number(
                    self.max_points, 0 if self.max_points == int(self.max_points) else 1
                ),
                typed=format_number(v, 0 if v == int(v) else 1),
            )
        return None


class ScoringSheet(QGroupBox):
    """The sheet of the member chosen in ``member``; the caller says which initiative."""

    def __init__(self, services: Services, writable: bool, parent: QWidget | None = None) -> None:
        super().__init__(tr("Phiếu chấm điểm"), parent)
        self._s = services
        self._writable = writable
        self._council_id: int | None = None
        sheet_layout = QVBoxLayout(self)
        member_form = QFormLayout()
        self.member = QComboBox()
        self.member.setObjectName("member")
        member_form.addRow(tr("Thành viên:"), self.member)
        sheet_layout.addLayout(member_form)
        self.form = QFormLayout()
        sheet_layout.addLayout(self.form)
        self.point_boxes: list[tuple[int, PointBox]] = []
        # {criterion id: edit version} of the sheet shown, sent back with its save.
        self._versions: dict[int, int] = {}
        total_row = QHBoxLayout()
        total_row.addWidget(QLabel(tr("Tổng điểm:")))
        self.total = QLabel()
        self.total.setObjectName("sheetTotal")
        total_row.addWidget(self.total, 1)
        self.save_button = QPushButton(tr("Lưu phiếu chấm"))
        self.save_button.setObjectName("saveSheet")
        total_row.addWidget(self.save_button)
        sheet_layout.addLayout(total_row)

    def set_writable(self, writable: bool) -> None:
        """Typed into (a council this office writes) or only shown; takes effect with the next
        ``show_council``."""
        self._writable = writable
        self.save_button.setEnabled(writable)

    def show_council(self, council: CouncilRow | None) -> None:
        """The council's members to choose from and a box per criterion, all empty."""
        self._council_id = council.id if council is not None else None
        self.member.blockSignals(True)
        self.member.clear()
        while self.form.rowCount():
            self.form.removeRow(0)
        self.point_boxes = []
        if council is not None:
            for m in council.members:
                self.member.addItem(f"{m.full_name} ({m.role})" if m.role else m.full_name, m.id)
            for k in council.criteria:
                box = PointBox(k.name, k.max_points)
                box.setObjectName(f"criterion_{k.id}")
                box.setValue(-1)
                box.setReadOnly(not self._writable)
                if not self._writable:
                    box.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
                box.valueChanged.connect(self.update_total)
                self.form.addRow(f"{k.name} (≤ {k.max_points}):", box)
                self.point_boxes.append((k.id, box))
        self.member.blockSignals(False)

    def load(self, initiative_id: int | None) -> None:
        """The chosen member's points for the initiative (empty boxes if there is none)."""
        member_id = self.member.currentData()
        values: dict[int, Decimal] = {}
        self._versions = {}
        if self._council_id is not None and initiative_id is not None and member_id is not None:
            # The versions first: read before the points, an older one can only over-warn.
            self._versions = self._s.evaluation.scoring.sheet_versions(member_id, initiative_id)
            sheet = self._s.evaluation.scoring.sheet(self._council_id, initiative_id)
            values = sheet.get(member_id, {})
        for cid, box in self.point_boxes:
            box.blockSignals(True)
            box.setValue(float(values[cid]) if cid in values else -1)
            box.blockSignals(False)
        self.update_total()

    def update_total(self) -> None:
        given = [v for _, box in self.point_boxes if (v := box.typed()) is not None]
        over = [m for _, box in self.point_boxes if (m := box.over_message())]
        text = format_number(sum(given, Decimal(0)), 1) if given else "—"
        self.total.setText(f"{text} — {over[0]}" if over else text)

    def save(self, initiative_id: int | None) -> bool:
        """Save the points typed for the initiative; False if nothing was saved (the person
        has been told why)."""
        member_id = self.member.currentData()
        if initiative_id is None or member_id is None:
            dialogs.error(self, tr("Hãy chọn một sáng kiến và một thành viên hội đồng."))
            return False
        over = [m for _, box in self.point_boxes if (m := box.over_message())]
        if over:
            # Nothing saved and nothing typed is lost: the person corrects the box.
            dialogs.error(self, "\n".join(over))
            return False
        points = {cid: box.typed() for cid, box in self.point_boxes}
        try:
            self._s.evaluation.scoring.set_scores(
                member_id, initiative_id, points, loaded=self._versions
            )
        except EditConflict as exc:
            # Nothing saved. «Tải lại»: the sheet as it is now; the points typed here for the
            # criteria nobody else changed are typed in again, still to be saved.
            if dialogs.conflict(self, str(exc)):
                clashed = set(getattr(exc, "cells", ()))
                self.load(initiative_id)
                for cid, box in self.point_boxes:
                    typed = points.get(cid)
                    if cid not in clashed and typed is not None:
                        box.setValue(float(typed))
                self.update_total()
            return False
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return False
        self._versions = self._s.evaluation.scoring.sheet_versions(member_id, initiative_id)
        return True
