"""Set up a council: its name, period, members, criteria with weights and pass mark.

The dialog returns plain values (a CouncilInput); the caller saves it through the service.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.campaigns import CampaignRow
from desktop.services.evaluation import (
    DEFAULT_CRITERIA,
    CouncilInput,
    CriterionInput,
    MemberInput,
)

from .i18n import tr


class CouncilDialog(QDialog):
    def __init__(self, campaign: CampaignRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lập hội đồng thẩm định"))
        self._campaign = campaign
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(objectName="councilName")
        self.name.setText(tr("Hội đồng thẩm định sáng kiến"))
        self.period = QComboBox(objectName="councilPeriod")
        self.period.addItem(tr("Cả chương trình"), None)
        for p in campaign.periods:
            self.period.addItem(p.name, p.id)
        self.pass_mark = QSpinBox(objectName="passMark")
        self.pass_mark.setRange(0, 1000)
        self.pass_mark.setValue(50)
        self.members = QPlainTextEdit(objectName="councilMembers")
        self.members.setPlaceholderText(
            tr("Mỗi dòng một người: Họ tên - vai trò - đơn vị công tác")
        )
        form.addRow(tr("Tên hội đồng:"), self.name)
        form.addRow(tr("Giai đoạn:"), self.period)
        form.addRow(tr("Thành viên:"), self.members)
        form.addRow(tr("Điểm đạt:"), self.pass_mark)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Tiêu chí chấm điểm (điểm tối đa của mỗi tiêu chí):")))
        self.criteria = QTableWidget(len(DEFAULT_CRITERIA), 2, objectName="criteria")
        self.criteria.setHorizontalHeaderLabels([tr("Tiêu chí"), tr("Điểm tối đa")])
        for r, (name, points) in enumerate(DEFAULT_CRITERIA):
            self.criteria.setItem(r, 0, QTableWidgetItem(tr(name)))
            self.criteria.setItem(r, 1, QTableWidgetItem(str(points)))
        self.criteria.horizontalHeader().setStretchLastSection(True)
        self.criteria.setColumnWidth(0, 260)
        layout.addWidget(self.criteria)
        self.error = QLabel(objectName="councilError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 560)

    def value(self) -> CouncilInput:
        """What was typed; raises ValueError with a Vietnamese message if a weight is no number."""
        members = []
        for line in self.members.toPlainText().splitlines():
            parts = [p.strip() for p in line.split(" - ")]
            if parts and parts[0]:
                members.append(
                    MemberInput(
                        parts[0],
                        parts[1] if len(parts) > 1 else None,
                        parts[2] if len(parts) > 2 else None,
                    )
                )
        criteria = []
        for r in range(self.criteria.rowCount()):
            name_item, points_item = self.criteria.item(r, 0), self.criteria.item(r, 1)
            name = name_item.text().strip() if name_item else ""
            points_text = points_item.text().strip() if points_item else ""
            if not name and not points_text:
                continue
            try:
                points = int(points_text)
            except ValueError:
                raise ValueError(
                    tr("Điểm tối đa của tiêu chí «{name}» phải là số nguyên.").format(name=name)
                ) from None
            criteria.append(CriterionInput(name, points))
        return CouncilInput(
            campaign_id=self._campaign.id,
            name=self.name.text(),
            period_id=self.period.currentData(),
            pass_mark=Decimal(self.pass_mark.value()),
            members=tuple(members),
            criteria=tuple(criteria),
        )

    def _accept(self) -> None:
        try:
            data = self.value()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        if not data.members:
            self.error.setText(tr("Hội đồng cần ít nhất một thành viên."))
            return
        self.accept()
