"""The first start on a PC: which office this PC belongs to, and where the list of units comes
from (the demo province, or an Excel list). The dialog returns plain values; app.py acts on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models import UnitKind
from desktop.services.common import ServiceError
from desktop.services.demo import data as demo_data
from desktop.services.units.excel_list import UnitListPreview, read_unit_list, write_template
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named

EXCEL_FILTER = "Excel (*.xlsx *.xlsm)"


@dataclass(frozen=True)
class FirstRunChoice:
    source: str  # "demo", "demo_2025" (the demo after its 2025 reorganisation) or "excel"
    office_code: str
    preview: UnitListPreview | None = None


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Thiết lập lần đầu — Sổ Sáng Kiến"))
        self.setMinimumWidth(620)
        self.preview: UnitListPreview | None = None
        intro = QLabel(
            tr(
                "<b>Chào mừng đến với Sổ Sáng Kiến.</b><br>Hãy cho biết máy tính này thuộc văn "
                "phòng nào và danh sách đơn vị lấy từ đâu. Việc này chỉ làm một lần."
            )
        )
        intro.setWordWrap(True)
        source_box = self._source_box()
        office_box = self._office_box()
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(source_box)
        layout.addWidget(office_box)
        layout.addWidget(self.buttons)
        self.demo.toggled.connect(self._source_changed)
        self.demo_2025.toggled.connect(self._source_changed)
        self.pick.clicked.connect(self._pick_excel)
        self.template.clicked.connect(self._save_template)
        self._source_changed()

    def _source_box(self) -> QGroupBox:
        """Where the units come from: the demo province, or an Excel list (and its template)."""
        source_box = QGroupBox(tr("Danh sách đơn vị"))
        # Short choices, each explained on a wrapped line below: a radio button's text does
        # not wrap and was cut off at the dialog's edge.
        self.demo = named(QRadioButton(tr("Tỉnh mẫu Lai Châu")), "sourceDemo")
        self.demo_2025 = named(
            QRadioButton(tr("Tỉnh mẫu Lai Châu (sau sắp xếp 01/7/2025)")), "sourceDemo2025"
        )
        hints = {
            self.demo: tr(
                "Dữ liệu dùng thử: 11 công đoàn cấp trên trực tiếp cơ sở, các chương trình thi "
                "đua, chỉ tiêu và vài trăm sáng kiến."
            ),
            self.demo_2025: tr(
                "Các LĐLĐ huyện đã giải thể từ 01/7/2025; công đoàn xã, phường, khu công "
                "nghiệp và chương trình năm 2026."
            ),
        }
        self.excel = named(
            QRadioButton(tr("Danh sách đơn vị của tỉnh từ tệp Excel")), "sourceExcel"
        )
        group = QButtonGroup(self)
        group.addButton(self.demo)
        group.addButton(self.demo_2025)
        group.addButton(self.excel)
        self.demo.setChecked(True)
        self.pick = named(QPushButton(tr("Chọn tệp Excel…")), "pickExcel")
        self.template = named(QPushButton(tr("Lưu tệp mẫu để điền…")), "saveTemplate")
        self.excel_status = named(QLabel(), "excelStatus")
        self.excel_status.setWordWrap(True)
        excel_row = QHBoxLayout()
        excel_row.addSpacing(24)
        excel_row.addWidget(self.pick)
        excel_row.addWidget(self.template)
        excel_row.addStretch(1)
        source_layout = QVBoxLayout(source_box)
        for choice in (self.demo, self.demo_2025):
            source_layout.addWidget(choice)
            hint = QLabel(hints[choice])
            hint.setWordWrap(True)
            hint.setContentsMargins(24, 0, 0, 4)
            hint.setStyleSheet("color: #4a4a4a;")  # an explanation, readable but quieter
            source_layout.addWidget(hint)
        source_layout.addWidget(self.excel)
        source_layout.addLayout(excel_row)
        source_layout.addWidget(self.excel_status)
        return source_box

    def _office_box(self) -> QGroupBox:
        """Which office this PC belongs to."""
        office_box = QGroupBox(tr("Văn phòng sử dụng máy này"))
        self.office = named(QComboBox(), "office")
        office_form = QFormLayout(office_box)
        office_form.addRow(tr("Máy này thuộc:"), self.office)
        office_form.addRow(
            QLabel(
                tr(
                    "Chọn LĐLĐ tỉnh nếu đây là máy của Ban Chính sách pháp luật và Quan hệ lao "
                    "động tỉnh; chọn công đoàn xã, phường, đặc khu, khu công nghiệp, ngành… nếu "
                    "đây là máy của một công đoàn cấp trên trực tiếp cơ sở."
                ),
                wordWrap=True,
            )
        )
        return office_box

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox()
        self.start = self.buttons.addButton(tr("Bắt đầu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start.setObjectName("start")
        self.buttons.addButton(tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _source_changed(self) -> None:
        demo = self.demo.isChecked() or self.demo_2025.isChecked()
        self.pick.setEnabled(not demo)
        self.template.setEnabled(not demo)
        self.office.clear()
        if self.demo_2025.isChecked():
            # The reorganisation is the province's: the demo after it is the province's office.
            self.office.addItem(demo_data.PROVINCE.name, demo_data.PROVINCE.code)
            self.excel_status.clear()
        elif demo:
            for spec in (demo_data.PROVINCE, *demo_data.DISTRICT_UNITS):
                self.office.addItem(spec.name, spec.code)
            self.excel_status.clear()
        elif self.preview is not None:
            for row in self.preview.rows:
                if row.kind != UnitKind.GRASSROOTS:
                    self.office.addItem(row.name, row.code)
            # A large grassroots union that sums up its members' initiatives runs it too.
            grassroots = [r for r in self.preview.rows if r.kind == UnitKind.GRASSROOTS]
            if grassroots and self.office.count():
                self.office.insertSeparator(self.office.count())
            for row in grassroots:
                self.office.addItem(tr("{name} (công đoàn cơ sở)").format(name=row.name), row.code)
        self.start.setEnabled(self.office.count() > 0)

    def _pick_excel(self) -> None:
        path = dialogs.open_file(self, tr("Chọn danh sách đơn vị"), EXCEL_FILTER)
        if not path:
            return
        try:
            self.preview = read_unit_list(Path(path))
        except ServiceError as exc:
            self.preview = None
            self.excel_status.setText(f"<span style='color:#b3261e'>{exc}</span>")
        else:
            text = tr("Đọc được {n} đơn vị từ «{file}».").format(
                n=len(self.preview.rows), file=Path(path).name
            )
            if self.preview.problems:
                text += (
                    "<br>"
                    + tr("Các dòng không nhận được:")
                    + "<br>"
                    + "<br>".join(
                        tr("Dòng {row}: {msg}").format(row=p.row, msg=p.message)
                        for p in self.preview.problems[:8]
                    )
                )
            self.excel_status.setText(text)
        self._source_changed()

    def _save_template(self) -> None:
        path = dialogs.save_file(
            self, tr("Lưu tệp mẫu danh sách đơn vị"), EXCEL_FILTER, "danh-sach-don-vi.xlsx"
        )
        if not path:
            return
        try:
            write_template(Path(path))
        except OSError as exc:
            dialogs.error(self, tr("Không lưu được tệp mẫu: {err}").format(err=exc.strerror))
        else:
            self.excel_status.setText(
                tr("Đã lưu tệp mẫu «{file}». Điền danh sách rồi chọn lại tệp đó.").format(
                    file=Path(path).name
                )
            )

    def choice(self) -> FirstRunChoice:
        if self.demo_2025.isChecked():
            source = "demo_2025"
        else:
            source = "demo" if self.demo.isChecked() else "excel"
        return FirstRunChoice(
            source=source,
            office_code=self.office.currentData(),
            preview=None if source != "excel" else self.preview,
        )
