"""The province's reorganisation in one step (services/units/reorganise.py), as the officer
does it: the effective day, the rows of the decision (from a sheet, or typed here), a preview
that says what moves where and which rows are unclear, then one apply.

Nothing typed is lost: a refused preview or apply leaves the date and every row as they were,
the rows with a problem tinted and their message beside them. The preview and the apply run
on the task runner (a decision of hundreds of rows is matched against every unit's name)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services import labels
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.units.reorganise import (
    Action,
    ChangeRow,
    ReorganisationPlan,
    ReorganisationRefused,
    RowProblem,
)
from desktop.services.units.reorganise_file import read_changes, write_template
from desktop.text.dates import format_date, parse_date
from desktop.text.normalise import clean
from desktop.text.numbers import format_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.settings import AppSettings
from desktop.views.common.tasks import TaskRunner
from desktop.views.units.reorganise_preview import counts_text, plan_html

# The table's columns: (ChangeRow field, header). "line" and "problem" are not typed.
COLUMNS = (
    ("line", "Dòng"),
    ("action", "Thao tác"),
    ("unit", "Đơn vị"),
    ("parent", "Đơn vị cấp trên mới"),
    ("kind", "Loại đơn vị"),
    ("new_name", "Tên mới"),
    ("code", "Mã đơn vị"),
    ("problem", "Vấn đề"),
)
COL = {field: i for i, (field, _h) in enumerate(COLUMNS)}
TEXT_FIELDS = ("unit", "parent", "kind", "new_name", "code")
PROBLEM_BG = QColor("#fde2e1")
SHEET_FILTER = "Bảng tính (*.xlsx *.xlsm *.csv *.txt);;Tất cả (*)"
LAST_DIR = "paths/last_dir/xlsx"
MAX_HEIGHT = 700  # a 1366×768 screen less a 40 px taskbar and the title bar

_last_folder = ""  # this run's last folder, when no settings are given (a page built alone)


class ReorganiseDialog(QDialog):
    """Rows of the decision → preview → apply. ``applied`` holds the plan once written."""

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reorganiseDialog")
        self._services = services
        self._tasks = tasks or TaskRunner(parent=self)
        self._settings = settings
        self._filling = False  # the table is being filled: its edits are not the officer's
        self._previewed: ReorganisationPlan | None = None
        self._previewed_rows: list[ChangeRow] = []
        self.applied: ReorganisationPlan | None = None
        self.running = False
        self.setWindowTitle(tr("Sắp xếp lại đơn vị"))

        self.effective = named(QLineEdit(format_date(dt.date.today())), "effectiveDate")
        self.effective.setPlaceholderText("dd/mm/yyyy")
        self.effective.setMaximumWidth(130)
        self.effective.textEdited.connect(lambda _t: self._invalidate())
        self.from_file = named(QPushButton(tr("Từ tệp Excel/CSV…")), "fromFile")
        self.template = named(QPushButton(tr("Tải mẫu…")), "template")
        self.add_button = named(QPushButton(tr("Thêm dòng")), "addRow")
        self.remove_button = named(QPushButton(tr("Xoá dòng")), "removeRows")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Ngày hiệu lực:")))
        top.addWidget(self.effective)
        top.addSpacing(12)
        for b in (self.from_file, self.template, self.add_button, self.remove_button):
            top.addWidget(b)
        top.addStretch(1)

        self.table = named(QTableWidget(0, len(COLUMNS)), "changes")
        self.table.setHorizontalHeaderLabels([tr(h) for _f, h in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for field, width in (
            ("line", 48),
            ("action", 120),
            ("unit", 250),
            ("parent", 220),
            ("kind", 140),
            ("new_name", 160),
            ("code", 90),
        ):
            self.table.setColumnWidth(COL[field], width)
        header.setStretchLastSection(True)
        self.table.itemChanged.connect(lambda _item: self._invalidate())
        self.table.setToolTip(
            tr(
                "Mỗi dòng một thay đổi. Ghi tên đơn vị như trong danh mục (không dấu cũng được) "
                "hoặc mã đơn vị. Loại đơn vị, ví dụ: {kinds}."
            ).format(kinds=", ".join(tr(v) for v in list(labels.UNIT_KIND.values())[3:6]))
        )
        self.preview_text = named(QTextBrowser(), "preview")
        self.preview_text.setPlaceholderText(
            tr("Chọn tệp hoặc ghi các thay đổi vào bảng, rồi bấm «Xem trước».")
        )
        split = named(QSplitter(Qt.Orientation.Vertical), "reorganiseSplit")
        split.addWidget(self.table)
        split.addWidget(self.preview_text)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 260])

        self.status = named(QLabel(), "status")
        self.status.setWordWrap(True)
        self.preview_button = named(QPushButton(tr("Xem trước")), "previewButton")
        self.apply_button = named(QPushButton(tr("Áp dụng")), "applyButton")
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(tr("Bấm «Xem trước»; áp dụng được khi không còn vấn đề."))
        self.close_button = named(QPushButton(tr("Đóng")), "closeButton")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for b in (self.preview_button, self.apply_button, self.close_button):
            bottom.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

        self.from_file.clicked.connect(self.load_file)
        self.template.clicked.connect(self.save_template)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_rows)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        self._fit_screen()

    def _fit_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width = min(1180, available.width() - 40) if available else 1180
        height = min(680, MAX_HEIGHT, available.height() - 60) if available else 680
        self.setMaximumHeight(max(height, 480) if available else MAX_HEIGHT)
        self.resize(width, height)

    # ---- the rows ---------------------------------------------------------------------------
    def add_row(self, row: ChangeRow | None = None, problem: RowProblem | None = None) -> int:
        """A row at the end (empty, a change, or a row the file could not read, with its
        problem); returns its index."""
        self._filling = True
        try:
            i = self.table.rowCount()
            self.table.insertRow(i)
            line = row.line if row else problem.line if problem else self._next_line()
            number = QTableWidgetItem(str(line))
            number.setData(Qt.ItemDataRole.UserRole, line)
            number.setFlags(number.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(i, COL["line"], number)
            combo = named(QComboBox(), "action")
            combo.addItem(tr("(chọn)"), None)
            for a in Action:
                combo.addItem(tr(a.value), a.value)
            if row is not None:
                combo.setCurrentIndex(combo.findData(row.action.value))
            combo.currentIndexChanged.connect(lambda _i: self._invalidate())
            self.table.setCellWidget(i, COL["action"], combo)
            for field in TEXT_FIELDS:
                text = getattr(row, field) if row else ""
                if problem is not None and field == "unit" and problem.unit != "?":
                    text = problem.unit
                self.table.setItem(i, COL[field], QTableWidgetItem(text))
            note = QTableWidgetItem()
            note.setFlags(note.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(i, COL["problem"], note)
        finally:
            self._filling = False
        if problem is not None:
            self._mark(i, [problem.message])
        self._invalidate()
        return i

    def _next_line(self) -> int:
        lines = [self._line(i) for i in range(self.table.rowCount())]
        return max(lines, default=1) + 1

    def _line(self, i: int) -> int:
        item = self.table.item(i, COL["line"])
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else 0

    def action_combo(self, i: int) -> QComboBox:
        widget = self.table.cellWidget(i, COL["action"])
        assert isinstance(widget, QComboBox)
        return widget

    def set_cell(self, i: int, field: str, text: str) -> None:
        item = self.table.item(i, COL[field])
        assert item is not None
        item.setText(text)

    def remove_rows(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for i in rows:
            self.table.removeRow(i)
        self._invalidate()

    def set_rows(self, rows: Sequence[ChangeRow], problems: Sequence[RowProblem] = ()) -> None:
        """The table holds these rows (and the unreadable ones, by their line), and only them."""
        self.table.setRowCount(0)
        items: list[tuple[int, ChangeRow | None, RowProblem | None]] = [
            (r.line, r, None) for r in rows
        ]
        items += [(p.line, None, p) for p in problems]
        for _line, row, problem in sorted(items, key=lambda t: t[0]):
            self.add_row(row, problem)
        self.table.scrollToTop()

    def _collect(self) -> tuple[list[ChangeRow], list[RowProblem], dt.date]:
        """The rows typed (blank ones skipped), the rows with no action, and the date."""
        try:
            effective = parse_date(self.effective.text())
        except ValueError as exc:
            self.effective.setFocus()
            raise ServiceError(tr("Ngày hiệu lực: {err}").format(err=exc)) from exc
        rows: list[ChangeRow] = []
        missing: list[RowProblem] = []
        for i in range(self.table.rowCount()):
            texts = {f: clean(self._text(i, f)) for f in TEXT_FIELDS}
            value = self.action_combo(i).currentData()
            if value is None:
                if any(texts.values()):
                    shown = texts["unit"] or "?"
                    missing.append(
                        RowProblem(self._line(i), shown, tr("chưa chọn thao tác cho dòng này."))
                    )
                continue
            rows.append(ChangeRow(Action(value), line=self._line(i), **texts))
        return rows, missing, effective

    def _text(self, i: int, field: str) -> str:
        item = self.table.item(i, COL[field])
        return item.text() if item is not None else ""

    # ---- files ------------------------------------------------------------------------------
    def _start_folder(self) -> str:
        if self._settings is not None:
            return str(self._settings.get(LAST_DIR) or "")
        return _last_folder

    def _remember_folder(self, path: str) -> None:
        global _last_folder
        folder = str(Path(path).parent)
        _last_folder = folder
        if self._settings is not None:
            self._settings.set(LAST_DIR, folder)

    def load_file(self) -> None:
        path = dialogs.open_file(
            self, tr("Chọn bảng sắp xếp lại đơn vị"), tr(SHEET_FILTER), self._start_folder()
        )
        if path:
            self.read_file(path)

    def read_file(self, path: str) -> bool:
        """The file's rows in the table (after asking, when rows were typed already)."""
        self._remember_folder(path)
        try:
            rows, problems = read_changes(path)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return False
        if not rows and not problems:
            dialogs.error(self, tr("Tệp «{name}» không có dòng nào.").format(name=Path(path).name))
            return False
        if self._has_typed() and not dialogs.confirm(
            self,
            tr("Thay các dòng đang có trong bảng bằng {n} dòng của tệp?").format(
                n=format_number(len(rows) + len(problems))
            ),
        ):
            return False
        self.set_rows(rows, problems)
        self.status.setText(
            tr("Đã đọc {n} dòng từ «{name}». Bấm «Xem trước».").format(
                n=format_number(len(rows) + len(problems)), name=Path(path).name
            )
        )
        return True

    def _has_typed(self) -> bool:
        return any(
            self.action_combo(i).currentData() is not None
            or any(clean(self._text(i, f)) for f in TEXT_FIELDS)
            for i in range(self.table.rowCount())
        )

    def save_template(self) -> None:
        name = dialogs.suggested_name(tr("Mẫu sắp xếp lại đơn vị"), suffix=".xlsx")
        start = str(Path(self._start_folder() or Path.home()) / name)
        path = dialogs.save_file(self, tr("Lưu tệp mẫu"), tr("Excel (*.xlsx)"), start)
        if not path:
            return
        if not path.casefold().endswith(".xlsx"):
            path += ".xlsx"
        self._remember_folder(path)
        try:
            write_template(Path(path))
        except (ServiceError, OSError) as exc:
            dialogs.error(self, tr("Không ghi được tệp mẫu: {err}").format(err=exc))
            return
        dialogs.offer_open(
            self,
            Path(path),
            tr(
                "Đã ghi tệp mẫu «{name}». Ghi các thay đổi vào đó rồi chọn «Từ tệp Excel/CSV…»."
            ).format(name=Path(path).name),
        )

    # ---- preview and apply ------------------------------------------------------------------
    def _invalidate(self) -> None:
        """Something typed changed: the preview no longer says what would be applied."""
        if self._filling:
            return
        if self._previewed is not None:
            self._previewed = None
            self.status.setText(tr("Đã sửa sau khi xem trước: bấm «Xem trước» lại."))
        self.apply_button.setEnabled(False)

    def _set_running(self, running: bool, text: str = "") -> None:
        self.running = running
        for b in (self.preview_button, self.from_file, self.add_button, self.remove_button):
            b.setEnabled(not running)
        self.close_button.setEnabled(not running)
        if running:
            self.apply_button.setEnabled(False)
            self.status.setText(text)

    def preview(self) -> None:
        try:
            rows, missing, effective = self._collect()
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        if not rows and not missing:
            dialogs.error(self, tr("Chưa có thay đổi nào: chọn tệp hoặc thêm dòng."))
            return
        self._set_running(True, tr("Đang xem trước…"))

        def done(plan: ReorganisationPlan) -> None:
            self._set_running(False)
            self._show_plan(plan, missing)
            if plan.ok and not missing:
                self._previewed, self._previewed_rows = plan, rows
                self.apply_button.setEnabled(True)
                self.status.setText(tr("Không có vấn đề. Kiểm tra rồi bấm «Áp dụng»."))
            else:
                n = len(plan.problems) + len(missing)
                self.status.setText(
                    tr("Còn {n} vấn đề (các dòng tô đỏ): sửa rồi xem trước lại.").format(
                        n=format_number(n)
                    )
                    if n
                    else tr("Không có thay đổi nào để áp dụng.")
                )

        self._tasks.run(
            self._services.reorganisation.plan, rows, effective, on_done=done, on_error=self._failed
        )

    def apply(self) -> None:
        plan = self._previewed
        if plan is None or not plan.ok:
            return
        question = tr(
            "Sắp xếp lại đơn vị từ ngày {date}: {counts}.\n\nMọi thay đổi được ghi cùng một lúc "
            "và ghi vào lịch sử của từng đơn vị. Áp dụng?"
        ).format(date=format_date(plan.effective), counts=counts_text(plan))
        if not dialogs.confirm(self, question, tr("Áp dụng sắp xếp lại")):
            return
        self._set_running(True, tr("Đang ghi…"))
        self._tasks.run(
            self._services.reorganisation.apply,
            self._previewed_rows,
            plan.effective,
            on_done=self._applied,
            on_error=self._failed,
        )

    def _applied(self, plan: ReorganisationPlan) -> None:
        self._set_running(False)
        self.applied = plan
        text = tr("Đã sắp xếp lại đơn vị từ ngày {date}: {counts}.").format(
            date=format_date(plan.effective), counts=counts_text(plan)
        )
        if plan.offices:
            text += "\n" + tr("Gửi gói dữ liệu cho: {offices}.").format(
                offices=", ".join(plan.offices)
            )
        campaign_ids = self._campaigns_of(plan)
        if campaign_ids and dialogs.confirm(
            self,
            text
            + "\n\n"
            + tr(
                "{n} chỉ tiêu của đơn vị kết thúc còn phần chưa đạt. Giao lại phần đó cho các "
                "đơn vị nhận ngay bây giờ?"
            ).format(n=format_number(sum(1 for q in plan.quotas if q.remainder))),
            tr("Đã sắp xếp lại"),
        ):
            from desktop.views.campaigns.reassign_dialog import ReassignDialog

            ReassignDialog(self._services, campaign_ids[0], self).exec()
        elif not campaign_ids:
            dialogs.info(self, text, tr("Đã sắp xếp lại"))
        self.accept()

    def _campaigns_of(self, plan: ReorganisationPlan) -> list[int]:
        codes = {q.campaign_code for q in plan.quotas if q.remainder}
        return [c.id for c in self._services.campaigns.list() if c.code in codes]

    def _failed(self, exc: Exception) -> None:
        """Refused or failed: the message; every row and the date stay as typed."""
        self._set_running(False)
        if isinstance(exc, ReorganisationRefused):
            self._show_plan(exc.plan, [])
        if isinstance(exc, ServiceError):  # NotOwner, a refused plan, a store error
            self.status.setText(tr("Chưa ghi gì."))
            dialogs.error(self, str(exc))
            return
        self.status.setText(tr("Chưa ghi gì."))
        sys.excepthook(type(exc), exc, exc.__traceback__)  # unexpected: logged, shown

    def reject(self) -> None:
        if self.running:  # the job's answer comes back here: wait for it
            return
        super().reject()

    # ---- showing a plan ---------------------------------------------------------------------
    def _show_plan(self, plan: ReorganisationPlan, missing: Sequence[RowProblem]) -> None:
        problems = [*missing, *plan.problems]
        by_line: dict[int, list[str]] = {}
        for p in problems:
            by_line.setdefault(p.line, []).append(p.message)
        self._filling = True
        try:
            for i in range(self.table.rowCount()):
                self._mark(i, by_line.get(self._line(i), []))
        finally:
            self._filling = False
        self.preview_text.setHtml(plan_html(plan, problems))
        if problems:
            first = next(
                (i for i in range(self.table.rowCount()) if self._line(i) in by_line), None
            )
            item = self.table.item(first, COL["unit"]) if first is not None else None
            if item is not None:
                self.table.scrollToItem(item)

    def _mark(self, i: int, messages: Sequence[str]) -> None:
        was, self._filling = self._filling, True
        try:
            text = "; ".join(messages)
            for c in range(self.table.columnCount()):
                item = self.table.item(i, c)
                if item is None:
                    continue
                item.setData(Qt.ItemDataRole.BackgroundRole, PROBLEM_BG if messages else None)
                item.setToolTip(text)
            note = self.table.item(i, COL["problem"])
            if note is not None:
                note.setText(text)
        finally:
            self._filling = was

    def problem_rows(self) -> list[int]:
        """The table rows shown with a problem (their index)."""
        return [
            i
            for i in range(self.table.rowCount())
            if (item := self.table.item(i, COL["problem"])) is not None and item.text()
        ]
