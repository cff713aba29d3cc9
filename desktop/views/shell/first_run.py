"""The first start on a PC: which office this PC belongs to, and where the list of units comes
from (the demo province, an Excel list, or units typed or pasted here). The dialog returns plain
values; app.py acts on them.

A list typed or pasted goes through the same checks as a file (services/units/excel_list.py);
every row that cannot come in is listed with its row number and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models import UnitKind
from desktop.services.common import ServiceError
from desktop.services.demo import data as demo_data
from desktop.services.units.excel_list import (
    TYPED_HEADERS,
    UnitListPreview,
    parse_pasted,
    read_typed_units,
    read_unit_list,
    write_template,
)
from desktop.services.units.official_lists import national_preview
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named

EXCEL_FILTER = "Excel (*.xlsx *.xlsm)"
LIST_FILTER = "Bảng tính (*.xlsx *.xlsm *.xls *.ods)"  # a unit list to read


@dataclass(frozen=True)
class FirstRunChoice:
    # "demo", "demo_2025" (the demo after its 2025 reorganisation), "national" (the Tổng Liên
    # đoàn's list from resources/lists), "excel" or "typed"
    source: str
    office_code: str
    preview: UnitListPreview | None = None


class UnitGrid(QTableWidget):
    """Units typed row by row (code, name, parent, kind); Ctrl+V pastes a range copied from
    Excel at the chosen cell, adding the rows it needs."""

    def __init__(self, rows: int = 6) -> None:
        super().__init__(rows, len(TYPED_HEADERS))
        self.setHorizontalHeaderLabels([tr(h) for h in TYPED_HEADERS])
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((90, 260, 130)):
            self.setColumnWidth(col, width)
        self.setMinimumHeight(150)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if event.matches(QKeySequence.StandardKey.Delete) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            for item in self.selectedItems():
                item.setText("")
            return
        super().keyPressEvent(event)

    def paste(self, text: str) -> None:
        """Cells of ``text`` (tab-separated lines) from the current cell on, one signal."""
        rows = parse_pasted(text)
        if not rows:
            return
        top = max(self.currentRow(), 0)
        left = max(self.currentColumn(), 0)
        self.blockSignals(True)
        try:
            if top + len(rows) > self.rowCount():
                self.setRowCount(top + len(rows))
            for r, cells in enumerate(rows):
                for c, text_ in enumerate(cells[: self.columnCount() - left]):
                    self.setItem(top + r, left + c, QTableWidgetItem(text_.strip()))
        finally:
            self.blockSignals(False)
        self.itemChanged.emit(self.item(top, left) or QTableWidgetItem())

    def rows(self) -> list[list[str]]:
        """The cells as typed, row by row (empty rows kept: the row numbers are the grid's)."""
        out = []
        for r in range(self.rowCount()):
            item = [self.item(r, c) for c in range(self.columnCount())]
            out.append([i.text() if i is not None else "" for i in item])
        while out and not any(c.strip() for c in out[-1]):
            out.pop()
        return out


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Thiết lập lần đầu — Sổ Sáng Kiến"))
        self.setMinimumWidth(620)
        self.file_preview: UnitListPreview | None = None
        self.typed_preview: UnitListPreview | None = None
        self._file_text = ""
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
        # Everything above the buttons scrolls: a long list of refused rows, or the grid of
        # typed units, never pushes «Bắt đầu» under a 768-pixel screen's taskbar.
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(intro)
        body_layout.addWidget(source_box)
        body_layout.addWidget(office_box)
        body_layout.addStretch(1)
        scroll = named(QScrollArea(), "firstRunScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 640)
        for choice in (self.demo, self.demo_2025, self.national, self.excel, self.typed):
            choice.toggled.connect(self._source_changed)
        self.pick.clicked.connect(self._pick_excel)
        self.template.clicked.connect(self._save_template)
        self.grid.itemChanged.connect(lambda _item: self._check_typed())
        self._source_changed()

    @property
    def preview(self) -> UnitListPreview | None:
        """The list of the chosen source (the file's, or the typed one)."""
        if self.excel.isChecked():
            return self.file_preview
        if self.typed.isChecked():
            return self.typed_preview
        if self.national.isChecked():
            return national_preview()
        return None

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
        self.national = named(
            QRadioButton(tr("Tổng Liên đoàn: 34 tỉnh, thành phố và công đoàn ngành Trung ương")),
            "sourceNational",
        )
        hints[self.national] = tr(
            "Văn phòng Tổng Liên đoàn: danh mục LĐLĐ 34 tỉnh, thành phố (từ 01/7/2025) và các "
            "công đoàn ngành Trung ương, lấy từ danh mục dùng chung của chương trình."
        )
        self.excel = named(
            QRadioButton(tr("Danh sách đơn vị của tỉnh từ tệp Excel")), "sourceExcel"
        )
        group = QButtonGroup(self)
        group.addButton(self.demo)
        group.addButton(self.demo_2025)
        group.addButton(self.national)
        group.addButton(self.excel)
        self.demo.setChecked(True)
        self.pick = named(QPushButton(tr("Chọn tệp Excel…")), "pickExcel")
        self.template = named(QPushButton(tr("Lưu tệp mẫu để điền…")), "saveTemplate")
        self.excel_status = named(QLabel(), "excelStatus")
        self.excel_status.setWordWrap(True)
        self.typed = named(QRadioButton(tr("Gõ hoặc dán danh sách đơn vị vào bảng")), "sourceTyped")
        group.addButton(self.typed)
        self.typed_box = self._typed_box()
        self.rejected_rows = named(QTableWidget(0, 2), "rejectedRows")
        self.rejected_rows.setHorizontalHeaderLabels([tr("Dòng"), tr("Lý do không nhận")])
        self.rejected_rows.verticalHeader().hide()
        self.rejected_rows.setWordWrap(True)
        self.rejected_rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rejected_header = self.rejected_rows.horizontalHeader()
        rejected_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        rejected_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rejected_rows.setMinimumHeight(120)
        self.rejected_rows.hide()
        excel_row = QHBoxLayout()
        excel_row.addSpacing(24)
        excel_row.addWidget(self.pick)
        excel_row.addWidget(self.template)
        excel_row.addStretch(1)
        source_layout = QVBoxLayout(source_box)
        for choice in (self.demo, self.demo_2025, self.national):
            source_layout.addWidget(choice)
            hint = QLabel(hints[choice])
            hint.setWordWrap(True)
            hint.setContentsMargins(24, 0, 0, 4)
            hint.setStyleSheet("color: #4a4a4a;")  # an explanation, readable but quieter
            source_layout.addWidget(hint)
        source_layout.addWidget(self.excel)
        source_layout.addLayout(excel_row)
        source_layout.addWidget(self.typed)
        source_layout.addWidget(self.typed_box)
        source_layout.addWidget(self.excel_status)
        source_layout.addWidget(self.rejected_rows)
        return source_box

    def _typed_box(self) -> QWidget:
        """The grid of typed units, its hint and its buttons (shown for «Gõ hoặc dán»)."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(24, 0, 0, 0)
        hint = QLabel(
            tr(
                "Mỗi dòng một đơn vị: mã, tên đầy đủ, mã (hoặc tên) đơn vị cấp trên, loại (để "
                "trống thì lấy theo tên, ví dụ «Công đoàn phường Tân Phong»). Có thể chép một "
                "vùng trong Excel, bấm vào một ô của bảng rồi nhấn Ctrl+V để dán."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #4a4a4a;")
        self.grid = named(UnitGrid(), "typedUnits")
        self.add_row = named(QPushButton(tr("Thêm dòng")), "typedAddRow")
        self.remove_row = named(QPushButton(tr("Xoá dòng")), "typedRemoveRow")
        self.paste_button = named(QPushButton(tr("Dán từ Excel (Ctrl+V)")), "typedPaste")
        self.add_row.clicked.connect(lambda: self.grid.insertRow(self.grid.rowCount()))
        self.remove_row.clicked.connect(self._remove_typed_row)
        self.paste_button.clicked.connect(
            lambda: self.grid.paste(QGuiApplication.clipboard().text())
        )
        row = QHBoxLayout()
        for b in (self.add_row, self.remove_row, self.paste_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addWidget(hint)
        lay.addWidget(self.grid)
        lay.addLayout(row)
        return box

    def _remove_typed_row(self) -> None:
        if self.grid.currentRow() >= 0:
            self.grid.removeRow(self.grid.currentRow())
            self._check_typed()

    def _check_typed(self) -> None:
        """The typed list read again with the file's checks after every change."""
        rows = self.grid.rows()
        self.typed_preview = read_typed_units(rows) if rows else None
        if self.typed.isChecked():
            self._source_changed()

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
        self.pick.setEnabled(self.excel.isChecked())
        # No file to fill for the demo or the national list: the template has nothing to do.
        self.template.setEnabled(not demo and not self.national.isChecked())
        self.typed_box.setVisible(self.typed.isChecked())
        previous = self.office.currentData()
        self.office.clear()
        if self.demo_2025.isChecked():
            # The reorganisation is the province's: the demo after it is the province's office.
            self.office.addItem(demo_data.PROVINCE.name, demo_data.PROVINCE.code)
            self.excel_status.clear()
        elif demo:
            for spec in (demo_data.PROVINCE, *demo_data.DISTRICT_UNITS):
                self.office.addItem(spec.name, spec.code)
            self.excel_status.clear()
        else:
            self._offer_offices(self.preview)
            # The national list: its office is the Tổng Liên đoàn's, first, unless chosen.
            if self.national.isChecked() and previous == demo_data.PROVINCE.code:
                previous = None
            if previous is not None and self.office.findData(previous) >= 0:
                self.office.setCurrentIndex(self.office.findData(previous))
        self._show_status()
        self.start.setEnabled(self.office.count() > 0)

    def _offer_offices(self, preview: UnitListPreview | None) -> None:
        if preview is None:
            return
        for row in preview.rows:
            if row.kind != UnitKind.GRASSROOTS:
                self.office.addItem(row.name, row.code)
        # A large grassroots union that sums up its members' initiatives runs it too.
        grassroots = [r for r in preview.rows if r.kind == UnitKind.GRASSROOTS]
        if grassroots and self.office.count():
            self.office.insertSeparator(self.office.count())
        for row in grassroots:
            self.office.addItem(tr("{name} (công đoàn cơ sở)").format(name=row.name), row.code)

    def _show_status(self) -> None:
        """How many units were read, and every refused row with its reason."""
        preview = self.preview
        if self.excel.isChecked():
            self.excel_status.setText(self._file_text)
        elif self.typed.isChecked():
            self.excel_status.setText(
                tr("Nhận được {n} đơn vị.").format(n=len(preview.rows))
                if preview is not None
                else tr("Chưa có đơn vị nào trong bảng.")
            )
        else:
            self.excel_status.clear()
        problems = preview.problems if preview is not None else []
        if problems:
            self.excel_status.setText(
                self.excel_status.text()
                + " "
                + tr("{n} dòng không nhận được, lý do ở bảng dưới:").format(n=len(problems))
            )
        self.rejected_rows.setRowCount(len(problems))
        for i, p in enumerate(problems):
            where = QTableWidgetItem(str(p.row) if p.row else tr("cả danh sách"))
            where.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.rejected_rows.setItem(i, 0, where)
            self.rejected_rows.setItem(i, 1, QTableWidgetItem(p.message))
        self.rejected_rows.setVisible(bool(problems))
        if problems:
            self.rejected_rows.resizeRowsToContents()

    def _pick_excel(self) -> None:
        path = dialogs.open_file(self, tr("Chọn danh sách đơn vị"), tr(LIST_FILTER))
        if not path:
            return
        try:
            self.file_preview = read_unit_list(Path(path))
        except ServiceError as exc:
            self.file_preview = None
            self._file_text = f"<span style='color:#b3261e'>{exc}</span>"
        else:
            self._file_text = tr("Đọc được {n} đơn vị từ «{file}».").format(
                n=len(self.file_preview.rows), file=Path(path).name
            )
        self._source_changed()

    def _save_template(self) -> None:
        path = dialogs.save_file(
            self,
            tr("Lưu tệp mẫu danh sách đơn vị"),
            EXCEL_FILTER,
            dialogs.suggested_name(tr("Danh sách đơn vị"), suffix=".xlsx"),
        )
        if not path:
            return
        try:
            write_template(Path(path))
        except OSError as exc:
            dialogs.error(self, tr("Không lưu được tệp mẫu: {err}").format(err=exc.strerror))
        else:
            self._file_text = tr(
                "Đã lưu tệp mẫu «{file}». Điền danh sách rồi chọn lại tệp đó."
            ).format(file=Path(path).name)
            self.excel_status.setText(self._file_text)

    def choice(self) -> FirstRunChoice:
        if self.demo_2025.isChecked():
            source = "demo_2025"
        elif self.national.isChecked():
            source = "national"
        elif self.typed.isChecked():
            source = "typed"
        else:
            source = "demo" if self.demo.isChecked() else "excel"
        return FirstRunChoice(
            source=source,
            office_code=self.office.currentData(),
            preview=self.preview,
        )
