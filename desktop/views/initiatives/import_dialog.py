"""Preview of an Excel import: unclear columns and unknown units asked, rows in and rows out.

Nothing is written until the person presses "Nhập"; then the service writes it all in one
transaction. Both the planning (every row of the sheet matched against the campaign: seconds
for a big list) and the writing run on the task runner's worker thread, so the window keeps
painting; a progress bar shows how far each is. "Huỷ" stops a planning under way (nothing is
written by it), and a writing under way too: the writing is one transaction, asked between
its steps up to the last moment before it commits, so a cancelled writing is rolled back
whole and nothing of the sheet is saved; a writing that finished before the cancel reached
it is kept, and the message says so (see ``_commit``).

A workbook of several visible sheets offers them in «Trang tính»: choosing another reads it
(on the worker thread) and previews it afresh; hidden sheets are not offered. Every column of
the sheet is offered with what it was taken for (``import_columns``), and the rows that are
no initiatives (the numbering row, a total row) are listed as skipped, with the reason.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.models import UnitKind
from desktop.services.common import ServiceError
from desktop.services.initiatives.excel_import import ImportCancelled, ImportResult
from desktop.services.initiatives.excel_plan import Cancel, ImportPlan, Progress
from desktop.services.initiatives.excel_sheet import SheetData
from desktop.services.registry import Services
from desktop.services.rules.deadline import LATE_LABEL
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import Task, TaskRunner
from desktop.views.initiatives.form import fit_to_screen
from desktop.views.initiatives.import_columns import ColumnChoices


def backup_then_commit(
    services: Services,
    plan: ImportPlan,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportResult:
    """A copy of the store before it is written, then the plan in one transaction (worker)."""
    services.backup.before_import()
    return services.initiative_import.commit(plan, progress=progress, cancel=cancel)


_CHECK, _CHECK_WIDTH = 4, 640  # the column "Cần kiểm tra" of the rows to import


def _checks_text(plan: ImportPlan) -> str:
    """The column notes (dates that could be month first) and how many rows to check."""
    n = sum(1 for r in plan.rows if r.warnings)
    rows = tr(" {n} dòng cần kiểm tra (cột «Cần kiểm tra»).").format(n=n) if n else ""
    return rows + "".join(f" {note}" for note in plan.notes)


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = named(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    return table


class ImportPreviewDialog(QDialog):
    def __init__(
        self,
        services: Services,
        sheet: SheetData,
        campaign_id: int,
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._sheet = sheet
        self._campaign_id = campaign_id
        self._tasks = tasks or TaskRunner()
        self.import_result: ImportResult | None = None
        self.plan: ImportPlan | None = None
        self._planning: Task | None = None  # the planning under way, to cancel
        self._asked = 0  # only the plan of the latest answers is shown
        self._answered = 0  # the latest planning whose answer came back
        self.committing = False
        self._writing: Task | None = None  # the writing under way, to cancel
        self.cancel_asked = False  # "Huỷ" pressed while writing
        self.finished_before_cancel = False  # ... but the writing had committed already
        self.setWindowTitle(tr("Nhập sáng kiến từ Excel — xem trước"))
        self.summary = named(QLabel(), "summary")
        self.summary.setWordWrap(True)
        self._grassroots = services.units.list(kinds=[UnitKind.GRASSROOTS])
        self.unit_boxes: dict[str, QComboBox] = {}
        self._read_asked = 0  # only the latest sheet chosen is shown
        self.reading = False  # another sheet being read
        sheets = self._build_sheets()
        self.columns = ColumnChoices(self._replan)
        self.columns.fill(sheet)
        self.column_boxes = self.columns.boxes
        self.units_box = QGroupBox(tr("Đơn vị chưa có trong danh sách: chọn đơn vị tương ứng"))
        self.units_form = QFormLayout(self.units_box)
        self.rows = _table(
            "rows",
            [tr("Dòng"), tr("Sẽ làm"), tr("Tên sáng kiến"), tr("Tác giả"), tr("Cần kiểm tra")],
        )
        self.rejected_rows = _table("rejected", [tr("Dòng"), tr("Tên sáng kiến"), tr("Lý do")])
        self.skipped_rows = _table("skipped", [tr("Dòng"), tr("Nội dung"), tr("Lý do bỏ qua")])
        self.busy = self._build_busy()

        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(tr("Nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("confirm")
        self.cancel = buttons.addButton(tr("Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._commit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(sheets)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.columns)
        layout.addWidget(self.units_box)
        layout.addWidget(QLabel(tr("Các dòng sẽ nhập:")))
        layout.addWidget(self.rows, 2)
        layout.addWidget(QLabel(tr("Các dòng không nhập được:")))
        layout.addWidget(self.rejected_rows, 1)
        self.skipped_label = QLabel(tr("Các dòng bỏ qua (không phải sáng kiến):"))
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.skipped_rows, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(1000, 700))
        self._replan()

    # ---- building ------------------------------------------------------------------------
    def _build_sheets(self) -> QWidget:
        """«Trang tính»: the workbook's visible sheets, shown when there are several."""
        row = named(QWidget(), "sheets")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.sheet_box = named(QComboBox(), "sheet")
        self.sheet_box.addItems(list(self._sheet.sheets) or [self._sheet.sheet_name])
        self.sheet_box.setCurrentText(self._sheet.sheet_name)
        self.sheet_box.currentTextChanged.connect(self._choose_sheet)
        label = QLabel(tr("Trang tính cần nhập:"))
        label.setBuddy(self.sheet_box)
        line.addWidget(label)
        line.addWidget(self.sheet_box, 1)
        row.setVisible(len(self._sheet.sheets) > 1)
        return row

    def _build_busy(self) -> QWidget:
        busy = named(QWidget(), "busy")
        self.busy_text = named(QLabel(), "busy_text")
        self.progress = named(QProgressBar(), "progress")
        self.progress.setRange(0, 0)  # no known length yet: an indicator that it is working
        row = QHBoxLayout(busy)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.busy_text)
        row.addWidget(self.progress, 1)
        busy.hide()
        return busy

    def _unit_box(self, name: str) -> QComboBox:
        box = named(QComboBox(), f"unit_{len(self.unit_boxes)}")
        box.addItem(tr("— không nhập các dòng này —"), None)
        for u in self._grassroots:
            box.addItem(u.display_name, u.id)
        box.currentIndexChanged.connect(self._replan)
        self.unit_boxes[name] = box
        self.units_form.addRow(name, box)
        return box

    def _show_busy(self, text: str | None) -> None:
        self.busy.setVisible(text is not None)
        self.busy_text.setText(text or "")
        self.progress.setRange(0, 0)

    def _show_progress(self, done: int, total: int) -> None:
        if isValid(self.progress) and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    # ---- planning (a worker thread) -----------------------------------------------------
    @property
    def planning(self) -> bool:
        return self._planning is not None

    def _choose_sheet(self, name: str) -> None:
        """Another sheet chosen: read it on the worker thread, then preview it afresh."""
        if not name or name == self._sheet.sheet_name or self.committing:
            return
        if self._planning is not None:  # the plan of the sheet left is not wanted
            self._planning.cancel()
            self._planning = None
            self._asked += 1
        self._read_asked += 1
        asked = self._read_asked
        self.reading = True
        self.ok.setEnabled(False)
        self._show_busy(tr("Đang đọc trang tính «{s}»…").format(s=name))
        self._tasks.run(
            self._services.initiative_import.read,
            self._sheet.path,
            name,
            on_done=lambda sheet: self._sheet_read(asked, sheet),
            on_error=lambda exc: self._sheet_read(asked, exc),
        )

    def _sheet_read(self, asked: int, got: SheetData | Exception) -> None:
        """The sheet chosen, read (or why not): its columns, then its plan."""
        if asked != self._read_asked or not isValid(self):
            return
        self.reading = False
        if isinstance(got, Exception):
            self._plan_failed(self._asked, got)
            self.plan = None
            for table in (self.rows, self.rejected_rows, self.skipped_rows):
                table.setRowCount(0)
            return
        self._sheet = got
        self.columns.fill(got)
        self.column_boxes = self.columns.boxes
        for name in list(self.unit_boxes):  # the units of the sheet left are not asked
            self.units_form.removeRow(0)
            del self.unit_boxes[name]
        self.units_box.setVisible(False)
        self._replan()

    def _replan(self) -> None:
        if self.reading:
            return
        column_map = self.columns.answers()
        unit_map = {n: b.currentData() for n, b in self.unit_boxes.items() if b.currentData()}
        if self._planning is not None:  # answers changed meanwhile: that plan is not wanted
            self._planning.cancel()
        self._asked += 1
        asked = self._asked
        self.ok.setEnabled(False)
        self._show_busy(tr("Đang xem trước các dòng của tệp…"))
        task = self._tasks.run(
            self._services.initiative_import.plan,
            self._sheet,
            self._campaign_id,
            column_map,
            unit_map,
            on_done=lambda plan: self._planned(asked, plan),
            on_error=lambda exc: self._plan_failed(asked, exc),
            on_progress=self._show_progress,
            with_progress=True,
        )
        if self._answered != asked:  # still under way (a synchronous runner answers inline)
            self._planning = task

    def _plan_failed(self, asked: int, exc: Exception) -> None:
        self._answered = max(self._answered, asked)
        if asked != self._asked or not isValid(self):
            return  # a later planning replaced this one, or the dialog is gone
        self._planning = None
        self._show_busy(None)
        if not isinstance(exc, ServiceError):
            sys.excepthook(type(exc), exc, exc.__traceback__)
            return
        self.summary.setText(str(exc))
        self.ok.setEnabled(False)

    def _planned(self, asked: int, plan: ImportPlan) -> None:
        self._answered = max(self._answered, asked)
        if asked != self._asked or not isValid(self):
            return
        self._planning = None
        self._show_busy(None)
        self.plan = plan
        for name in plan.unknown_units:
            if name not in self.unit_boxes:
                self._unit_box(name)
        self.units_box.setVisible(bool(self.unit_boxes))
        self._fill_tables(plan)
        counts = plan.counts()
        self.summary.setText(self._summary_text(plan))
        self.ok.setEnabled(counts["create"] + counts["update"] > 0)

    def _fill_tables(self, plan: ImportPlan) -> None:
        verbs = {"create": tr("Thêm mới"), "update": tr("Cập nhật"), "unchanged": tr("Giữ nguyên")}
        self.rows.setRowCount(len(plan.rows))
        for r, row in enumerate(plan.rows):
            authors = ", ".join(a.full_name for a in row.data.authors)
            # How a cell was read when it needs a look: "2,5 triệu", "Quý I/2022"...; after the
            # period's entry deadline the row is kept, flagged (rules/deadline.py).
            late = [w for w in row.warnings if LATE_LABEL in w]
            verb = verbs[row.action] + (f" · {tr(LATE_LABEL)}" if late else "")
            check = " ".join(w for w in row.warnings if LATE_LABEL not in w)
            for c, text in enumerate((str(row.row_number), verb, row.data.title, authors, check)):
                item = QTableWidgetItem(text)
                if c == _CHECK and text:
                    item.setToolTip("\n".join(w for w in row.warnings if LATE_LABEL not in w))
                elif late:
                    item.setToolTip(late[0])
                self.rows.setItem(r, c, item)
        self.rejected_rows.setRowCount(len(plan.rejected))
        for r, bad in enumerate(plan.rejected):
            for c, text in enumerate((str(bad.row_number), bad.title, bad.reason)):
                self.rejected_rows.setItem(r, c, QTableWidgetItem(text))
        skipped = plan.sheet.skipped
        self.skipped_rows.setRowCount(len(skipped))
        for r, left in enumerate(skipped):
            for c, text in enumerate((str(left.row_number), left.text, tr(left.reason))):
                self.skipped_rows.setItem(r, c, QTableWidgetItem(text))
        self.skipped_label.setVisible(bool(skipped))
        self.skipped_rows.setVisible(bool(skipped))
        for table in (self.rows, self.rejected_rows, self.skipped_rows):
            table.resizeColumnsToContents()
        # Long notes are cut with "…" (the tooltip has them whole) rather than pushing the
        # other columns out of sight.
        self.rows.setColumnWidth(_CHECK, min(self.rows.columnWidth(_CHECK), _CHECK_WIDTH))

    def _summary_text(self, plan: ImportPlan) -> str:
        counts = plan.counts()
        sheet = self._sheet
        return (
            tr(
                "Tệp «{file}», trang «{sheet}», tiêu đề ở dòng {header}. Sẽ thêm {c}, "
                "cập nhật {u}, "
                "giữ nguyên {k}; {r} dòng không nhập được{skipped}. {conv}"
            ).format(
                file=Path(sheet.path).name,
                sheet=sheet.sheet_name,
                header=sheet.header_text,
                skipped=tr(", bỏ qua {n} dòng không phải sáng kiến").format(n=len(sheet.skipped))
                if sheet.skipped
                else "",
                c=counts["create"],
                u=counts["update"],
                k=counts["unchanged"],
                r=len(plan.rejected),
                conv=tr("Đã chuyển {n} ô chữ TCVN3/VNI cũ sang Unicode.").format(
                    n=sheet.converted_cells
                )
                if sheet.converted_cells
                else "",
            )
            + (
                # Hidden sheets are never read without saying so (services/xlsx_guard.choose_sheet).
                f" {sheet.sheet_note}" if sheet.hidden_sheets else ""
            )
            + _checks_text(plan)
        )

    # ---- writing (a worker thread) ------------------------------------------------------
    def _commit(self) -> None:
        if self.plan is None or self.planning or self.committing or self.reading:
            return
        self.committing = True
        self.cancel_asked = False
        self.ok.setEnabled(False)
        self._show_busy(tr("Đang nhập các dòng, xin đợi… (Huỷ: không dòng nào được ghi)"))
        self._writing = self._tasks.run(
            backup_then_commit,
            self._services,
            self.plan,
            on_done=self._committed,
            on_error=self._commit_failed,
            on_progress=self._show_progress,
            with_progress=True,
        )

    def _committed(self, result: ImportResult) -> None:
        self.committing = False
        self._writing = None
        if not isValid(self):
            return
        self._show_busy(None)
        self.import_result = result
        # Huỷ came after the last check: the rows are in, and the message says so.
        self.finished_before_cancel = self.cancel_asked
        self.accept()

    def _commit_failed(self, exc: Exception) -> None:
        self.committing = False
        self._writing = None
        if not isValid(self):
            return
        self._show_busy(None)
        self.cancel.setEnabled(True)
        self.ok.setEnabled(True)
        if isinstance(exc, ImportCancelled):  # rolled back whole: nothing saved
            dialogs.info(self, str(exc))
            super().reject()
            return
        if not isinstance(exc, ServiceError):
            sys.excepthook(type(exc), exc, exc.__traceback__)
            return
        dialogs.error(self, str(exc))

    def reject(self) -> None:
        if self.committing:  # asked to stop: the dialog closes once the writing answers
            if self._writing is not None and not self.cancel_asked:
                self.cancel_asked = True
                self._writing.cancel()
                self.cancel.setEnabled(False)
                self._show_busy(tr("Đang huỷ…"))
            return
        self._read_asked += 1  # a sheet being read, when it comes, is not shown
        if self._planning is not None:  # nothing written by a planning: stop it
            self._planning.cancel()
            self._planning = None
            self._asked += 1  # its answer, when it comes, is not shown
            self._show_busy(None)
        super().reject()
