"""Preview of an Excel import: unclear columns and unknown units asked, rows in and rows out.

Nothing is written until the person presses "Nhập"; then the service writes it all in one
transaction.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models import UnitKind
from desktop.services.common import ServiceError
from desktop.services.initiatives.excel_import import ImportResult
from desktop.services.initiatives.excel_plan import ImportPlan
from desktop.services.initiatives.excel_sheet import IGNORE, TARGETS, SheetData
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr


class ImportPreviewDialog(QDialog):
    def __init__(
        self, services: Services, sheet: SheetData, campaign_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._sheet = sheet
        self._campaign_id = campaign_id
        self.result: ImportResult | None = None
        self.plan: ImportPlan | None = None
        self.setWindowTitle(tr("Nhập sáng kiến từ Excel — xem trước"))
        self.resize(1000, 700)
        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)

        self.column_boxes: dict[int, QComboBox] = {}
        columns = QGroupBox(tr("Cột chưa rõ: chọn ý nghĩa (sẽ được ghi nhớ)"))
        cform = QFormLayout(columns)
        for c in sheet.unclear:
            box = QComboBox(objectName=f"column_{c.index}")
            box.addItem(tr("Bỏ qua cột này"), IGNORE)
            for key, label in TARGETS.items():
                box.addItem(tr(label), key)
            box.currentIndexChanged.connect(self._replan)
            self.column_boxes[c.index] = box
            cform.addRow(c.header, box)
        columns.setVisible(bool(sheet.unclear))

        self.units_box = QGroupBox(tr("Đơn vị chưa có trong danh sách: chọn đơn vị tương ứng"))
        self.units_form = QFormLayout(self.units_box)
        self.unit_boxes: dict[str, QComboBox] = {}
        self._grassroots = services.units.list(kinds=[UnitKind.GRASSROOTS])

        self.rows = QTableWidget(0, 4, objectName="rows")
        self.rows.setHorizontalHeaderLabels(
            [tr("Dòng"), tr("Sẽ làm"), tr("Tên sáng kiến"), tr("Tác giả")]
        )
        self.rows.horizontalHeader().setStretchLastSection(True)
        self.rows.verticalHeader().hide()
        self.rejected = QTableWidget(0, 3, objectName="rejected")
        self.rejected.setHorizontalHeaderLabels([tr("Dòng"), tr("Tên sáng kiến"), tr("Lý do")])
        self.rejected.horizontalHeader().setStretchLastSection(True)
        self.rejected.verticalHeader().hide()

        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(tr("Nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("confirm")
        buttons.addButton(tr("Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._commit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(columns)
        layout.addWidget(self.units_box)
        layout.addWidget(QLabel(tr("Các dòng sẽ nhập:")))
        layout.addWidget(self.rows, 2)
        layout.addWidget(QLabel(tr("Các dòng không nhập được:")))
        layout.addWidget(self.rejected, 1)
        layout.addWidget(buttons)
        self._replan()

    def _unit_box(self, name: str) -> QComboBox:
        box = QComboBox(objectName=f"unit_{len(self.unit_boxes)}")
        box.addItem(tr("— không nhập các dòng này —"), None)
        for u in self._grassroots:
            box.addItem(u.display_name, u.id)
        box.currentIndexChanged.connect(self._replan)
        self.unit_boxes[name] = box
        self.units_form.addRow(name, box)
        return box

    def _replan(self) -> None:
        column_map = {i: b.currentData() for i, b in self.column_boxes.items()}
        unit_map = {n: b.currentData() for n, b in self.unit_boxes.items() if b.currentData()}
        try:
            plan = self._services.initiative_import.plan(
                self._sheet, self._campaign_id, column_map, unit_map
            )
        except ServiceError as exc:
            self.summary.setText(str(exc))
            self.ok.setEnabled(False)
            return
        self.plan = plan
        for name in plan.unknown_units:
            if name not in self.unit_boxes:
                self._unit_box(name)
        self.units_box.setVisible(bool(self.unit_boxes))
        verbs = {"create": tr("Thêm mới"), "update": tr("Cập nhật"), "unchanged": tr("Giữ nguyên")}
        self.rows.setRowCount(len(plan.rows))
        for r, row in enumerate(plan.rows):
            authors = ", ".join(a.full_name for a in row.data.authors)
            for c, text in enumerate(
                (str(row.row_number), verbs[row.action], row.data.title, authors)
            ):
                self.rows.setItem(r, c, QTableWidgetItem(text))
        self.rejected.setRowCount(len(plan.rejected))
        for r, bad in enumerate(plan.rejected):
            for c, text in enumerate((str(bad.row_number), bad.title, bad.reason)):
                self.rejected.setItem(r, c, QTableWidgetItem(text))
        self.rows.resizeColumnsToContents()
        self.rejected.resizeColumnsToContents()
        counts = plan.counts()
        self.summary.setText(
            tr(
                "Tệp «{file}», trang «{sheet}», tiêu đề ở dòng {header}. Sẽ thêm {c}, "
                "cập nhật {u}, "
                "giữ nguyên {k}; {r} dòng không nhập được. {conv}"
            ).format(
                file=self._sheet.path.rsplit("/", 1)[-1],
                sheet=self._sheet.sheet_name,
                header=self._sheet.header_row,
                c=counts["create"],
                u=counts["update"],
                k=counts["unchanged"],
                r=len(plan.rejected),
                conv=tr("Đã chuyển {n} ô chữ TCVN3/VNI cũ sang Unicode.").format(
                    n=self._sheet.converted_cells
                )
                if self._sheet.converted_cells
                else "",
            )
            # Hidden sheets are never read without saying so (services/xlsx.choose_sheet).
            + (f" {self._sheet.sheet_note}" if self._sheet.hidden_sheets else "")
        )
        self.ok.setEnabled(counts["create"] + counts["update"] > 0)

    def _commit(self) -> None:
        if self.plan is None:
            return
        try:
            self._services.backup.before_import()  # a copy of the store before it is written
            self.result = self._services.initiative_import.commit(self.plan)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        self.accept()
