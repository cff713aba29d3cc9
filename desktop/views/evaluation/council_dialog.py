"""Set up a council: its name, period, members, criteria with weights and pass mark.

The dialog returns plain values (a CouncilInput); the caller saves it through the service.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.campaigns.service import CampaignRow
from desktop.services.evaluation.councils import (
    DEFAULT_CRITERIA,
    CouncilInput,
    CouncilRow,
    CriterionInput,
    MemberInput,
)
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.sizing import open_at

ID = Qt.ItemDataRole.UserRole


def criterion_points(name: str, text: str) -> int:
    """The maximum points typed for a criterion: a whole number above 0, or a Vietnamese
    ValueError naming the criterion (both council dialogs read their tables with it)."""
    try:
        points = int(text)
    except ValueError:
        raise ValueError(
            tr("Điểm tối đa của tiêu chí «{name}» phải là số nguyên.").format(name=name)
        ) from None
    if points <= 0:
        raise ValueError(tr("Điểm tối đa của tiêu chí «{name}» phải lớn hơn 0.").format(name=name))
    return points


class CouncilDialog(QDialog):
    def __init__(self, campaign: CampaignRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lập hội đồng thẩm định"))
        self._campaign = campaign
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("councilName")
        self.name.setText(tr("Hội đồng thẩm định sáng kiến"))
        self.period = QComboBox()
        self.period.setObjectName("councilPeriod")
        self.period.addItem(tr("Cả chương trình"), None)
        for p in campaign.periods:
            self.period.addItem(p.name, p.id)
        self.pass_mark = QSpinBox()
        self.pass_mark.setObjectName("passMark")
        self.pass_mark.setRange(0, 1000)
        self.pass_mark.setValue(50)
        self.members = QPlainTextEdit()
        self.members.setObjectName("councilMembers")
        self.members.setPlaceholderText(
            tr("Mỗi dòng một người: Họ tên - vai trò - đơn vị công tác")
        )
        form.addRow(tr("Tên hội đồng:"), self.name)
        form.addRow(tr("Giai đoạn:"), self.period)
        form.addRow(tr("Thành viên:"), self.members)
        form.addRow(tr("Điểm đạt:"), self.pass_mark)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Tiêu chí chấm điểm (điểm tối đa của mỗi tiêu chí):")))
        self.criteria = QTableWidget(len(DEFAULT_CRITERIA), 2)
        self.criteria.setObjectName("criteria")
        self.criteria.setHorizontalHeaderLabels([tr("Tiêu chí"), tr("Điểm tối đa")])
        for r, (name, points) in enumerate(DEFAULT_CRITERIA):
            self.criteria.setItem(r, 0, QTableWidgetItem(tr(name)))
            self.criteria.setItem(r, 1, QTableWidgetItem(str(points)))
        self.criteria.horizontalHeader().setStretchLastSection(True)
        self.criteria.setColumnWidth(0, 260)
        layout.addWidget(self.criteria)
        self.error = QLabel()
        self.error.setObjectName("councilError")
        self.error.setWordWrap(True)
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
            criteria.append(CriterionInput(name, criterion_points(name, points_text)))
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


class CouncilEditDialog(QDialog):
    """Edit the members and criteria (weights) of a council already set up.

    A member who has already scored can be removed only after confirming, since their sheets
    are removed with them and the averages change. The caller saves ``value()`` through
    ``CouncilService.edit``; an error is shown in ``error`` and nothing typed is lost.
    """

    def __init__(
        self, council: CouncilRow, scored: dict[int, int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sửa thành viên, tiêu chí của hội đồng"))
        self._scored = scored
        self.remove_scored = False  # a scored member was removed after confirming
        self.loaded_version = council.edit_version  # sent back with the save (EditConflict)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{council.name}</b>"))

        layout.addWidget(self._members_box(council))
        layout.addWidget(self._criteria_box(council, scored))

        self.error = QLabel()
        self.error.setObjectName("councilEditError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

        self.add_member.clicked.connect(lambda: self._new_row(self.members, ("", "", "")))
        self.remove_member.clicked.connect(self._remove_member)
        self.add_criterion.clicked.connect(lambda: self._new_row(self.criteria, ("", "")))
        self.remove_criterion.clicked.connect(self._remove_criterion)
        self.criteria.itemChanged.connect(lambda *_: self._update_total())
        self._update_total()
        self.members.setMinimumHeight(190)
        open_at(self, 700, 720)  # or what the screen leaves

    def _members_box(self, council: CouncilRow) -> QGroupBox:
        """The members' table (name, role, workplace) with its add and remove buttons."""
        mbox = QGroupBox(tr("Thành viên hội đồng"))
        mlayout = QVBoxLayout(mbox)
        self.members = QTableWidget(0, 3)
        self.members.setObjectName("editMembers")
        self.members.setHorizontalHeaderLabels([tr("Họ tên"), tr("Vai trò"), tr("Đơn vị công tác")])
        self.members.horizontalHeader().setStretchLastSection(True)
        self.members.setColumnWidth(0, 200)
        self.members.setColumnWidth(1, 150)
        for m in council.members:
            self._add_row(self.members, m.id, (m.full_name, m.role or "", m.workplace or ""))
        mlayout.addWidget(self.members)
        mbuttons = QHBoxLayout()
        self.add_member = QPushButton(tr("Thêm thành viên"))
        self.add_member.setObjectName("addMember")
        self.remove_member = QPushButton(tr("Xoá thành viên"))
        self.remove_member.setObjectName("removeMember")
        mbuttons.addWidget(self.add_member)
        mbuttons.addWidget(self.remove_member)
        mbuttons.addStretch(1)
        mlayout.addLayout(mbuttons)
        return mbox

    def _criteria_box(self, council: CouncilRow, scored: dict[int, int]) -> QGroupBox:
        """The criteria's table (name, maximum points), its buttons, total and, once members
        have scored, what may no longer change."""
        cbox = QGroupBox(tr("Tiêu chí chấm điểm (điểm tối đa của mỗi tiêu chí)"))
        clayout = QVBoxLayout(cbox)
        self.criteria = QTableWidget(0, 2)
        self.criteria.setObjectName("editCriteria")
        self.criteria.setHorizontalHeaderLabels([tr("Tiêu chí"), tr("Điểm tối đa")])
        self.criteria.horizontalHeader().setStretchLastSection(True)
        self.criteria.setColumnWidth(0, 320)
        for k in council.criteria:
            self._add_row(self.criteria, k.id, (k.name, str(k.max_points)))
        clayout.addWidget(self.criteria)
        cbuttons = QHBoxLayout()
        self.add_criterion = QPushButton(tr("Thêm tiêu chí"))
        self.add_criterion.setObjectName("addCriterion")
        self.remove_criterion = QPushButton(tr("Xoá tiêu chí"))
        self.remove_criterion.setObjectName("removeCriterion")
        cbuttons.addWidget(self.add_criterion)
        cbuttons.addWidget(self.remove_criterion)
        cbuttons.addStretch(1)
        clayout.addLayout(cbuttons)
        self.total = QLabel()
        self.total.setObjectName("criteriaTotal")
        clayout.addWidget(self.total)
        if scored:
            warning = QLabel(
                tr(
                    "Hội đồng đã có phiếu chấm: một tiêu chí mới phải được chấm thêm thì "
                    "các phiếu cũ mới được tính; không hạ được điểm tối đa dưới số điểm "
                    "đã cho, không xoá được tiêu chí đã có điểm."
                )
            )
            warning.setWordWrap(True)
            clayout.addWidget(warning)
        return cbox

    @staticmethod
    def _add_row(table: QTableWidget, row_id: int | None, values: tuple[str, ...]) -> int:
        r = table.rowCount()
        table.insertRow(r)
        for col, text in enumerate(values):
            item = QTableWidgetItem(text)
            if col == 0:
                item.setData(ID, row_id)
            table.setItem(r, col, item)
        return r

    def _new_row(self, table: QTableWidget, values: tuple[str, ...]) -> None:
        r = self._add_row(table, None, values)
        table.setCurrentCell(r, 0)
        item = table.item(r, 0)  # just set by _add_row
        if item is not None:
            table.editItem(item)

    @staticmethod
    def _row_id(table: QTableWidget, r: int) -> int | None:
        """The id of the member or criterion on row ``r``; None for a row added here."""
        item = table.item(r, 0)
        return item.data(ID) if item else None

    @staticmethod
    def _text(table: QTableWidget, r: int, c: int) -> str:
        item = table.item(r, c)
        return item.text().strip() if item else ""

    def _remove_member(self) -> None:
        r = self.members.currentRow()
        if r < 0:
            self.error.setText(tr("Hãy chọn thành viên cần xoá."))
            return
        member_id = self._row_id(self.members, r)
        n = self._scored.get(member_id, 0) if member_id is not None else 0
        if n:
            name = self._text(self.members, r, 0)
            question = tr(
                "{name} đã chấm {n} sáng kiến. Xoá thành viên này thì các phiếu chấm của họ "
                "cũng bị xoá và điểm bình quân sẽ được tính lại. Vẫn xoá?"
            ).format(name=name, n=n)
            if not dialogs.confirm(self, question):
                return
            self.remove_scored = True
        self.members.removeRow(r)
        self.error.clear()

    def _remove_criterion(self) -> None:
        r = self.criteria.currentRow()
        if r < 0:
            self.error.setText(tr("Hãy chọn tiêu chí cần xoá."))
            return
        self.criteria.removeRow(r)
        self.error.clear()

    def _update_total(self) -> None:
        total = 0
        for r in range(self.criteria.rowCount()):
            try:
                total += int(self._text(self.criteria, r, 1))
            except ValueError:
                continue
        self.total.setText(tr("Tổng điểm tối đa: {n}").format(n=total))

    def value(
        self,
    ) -> tuple[list[tuple[int | None, MemberInput]], list[tuple[int | None, str, int]]]:
        """The members and criteria typed; ValueError with a Vietnamese message if wrong."""
        members: list[tuple[int | None, MemberInput]] = []
        for r in range(self.members.rowCount()):
            name, role, work = (self._text(self.members, r, c) for c in range(3))
            member_id = self._row_id(self.members, r)
            if not name:
                if role or work or member_id is not None:
                    raise ValueError(tr("Dòng {n}: thành viên phải có họ tên.").format(n=r + 1))
                continue  # an empty new line
            members.append((member_id, MemberInput(name, role or None, work or None)))
        if not members:
            raise ValueError(tr("Hội đồng cần ít nhất một thành viên."))
        criteria: list[tuple[int | None, str, int]] = []
        for r in range(self.criteria.rowCount()):
            name, points_text = self._text(self.criteria, r, 0), self._text(self.criteria, r, 1)
            crit_id = self._row_id(self.criteria, r)
            if not name and not points_text and crit_id is None:
                continue
            if not name:
                raise ValueError(tr("Dòng {n}: tiêu chí phải có tên.").format(n=r + 1))
            criteria.append((crit_id, name, criterion_points(name, points_text)))
        if not criteria:
            raise ValueError(tr("Hội đồng cần ít nhất một tiêu chí chấm điểm."))
        return members, criteria

    def _accept(self) -> None:
        try:
            self.value()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.accept()
