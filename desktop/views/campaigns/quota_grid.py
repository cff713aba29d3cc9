"""The quota grid: units × periods of a campaign. Type, paste a block from Excel, import a
table, split a parent's figure among its children; mismatched sums are highlighted where they
are, with the difference, and saved only knowingly. Rows whose quotas another office sets
(services/rules/ownership.py: a district's own figure comes from the province) are shown greyed and
cannot be typed, pasted or imported into."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.campaigns.quota_grid import (
    Key,
    Mismatch,
    QuotaConflict,
    QuotaGrid,
    QuotaMismatch,
)
from desktop.services.campaigns.quota_split import split
from desktop.services.campaigns.quota_table import ImportPlan
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.units.tree import short_unit_name
from desktop.text.numbers import format_number, parse_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr

MISMATCH_BG = QColor("#fde7e6")
CHANGED_BG = QColor("#fff8d6")
CLASHED_BG = QColor("#ffd8a8")  # changed by someone else while open (orange)
READ_ONLY_BG = QColor("#ececec")
READ_ONLY_FG = QColor("#5c5c5c")

Index = QModelIndex | QPersistentModelIndex


class QuotaModel(QAbstractTableModel):
    """The grid's figures as the person edits them; nothing is saved until Save."""

    #: a typed figure was refused; the message says why
    refused = Signal(str)

    def __init__(self, grid: QuotaGrid) -> None:
        super().__init__()
        self.grid = grid
        self.values: dict[Key, int | None] = dict(grid.values)
        self.mismatches: dict[Key, list[Mismatch]] = {}
        # Cells someone else changed while this grid was open: {key: what was typed here}.
        self.clashed: dict[Key, int | None] = {}
        self.recheck()

    def reload(self, grid: QuotaGrid, clashed: dict[Key, int | None]) -> None:
        """The grid as it is now in the store, with this person's changes to the other cells
        kept; the ``clashed`` cells show the new figure, what was typed in their tooltip."""
        typed = self.changes()
        self.beginResetModel()
        self.grid = grid
        self.values = dict(grid.values)
        self.values.update({k: v for k, v in typed.items() if k not in clashed})
        self.clashed = dict(clashed)
        self.endResetModel()
        self.recheck()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.columns)

    def key(self, index: Index) -> Key:
        return (self.grid.units[index.row()].id, self.grid.columns[index.column()].id)

    def editable(self, index: Index) -> bool:
        return index.isValid() and self.grid.editable(self.grid.units[index.row()].id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        key = self.key(index)
        value = self.values.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_number(value) if value is not None else ""
        if role == Qt.ItemDataRole.EditRole:
            return str(value) if value is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self.clashed:
                return CLASHED_BG
            if key in self.mismatches:
                return MISMATCH_BG
            if not self.editable(index):
                return READ_ONLY_BG
            if self.values.get(key) != self.grid.values.get(key):
                return CHANGED_BG
        if role == Qt.ItemDataRole.ForegroundRole and not self.editable(index):
            return READ_ONLY_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = [m.message for m in self.mismatches.get(key, [])]
            if key in self.clashed:
                typed = self.clashed[key]
                tips.append(
                    tr(
                        "Ô này vừa được người khác sửa; đang hiện số mới. Số anh/chị đã nhập: {n}"
                    ).format(n=format_number(typed) if typed is not None else tr("(trống)"))
                )
            if not self.editable(index):
                tips.append(self.grid.read_only[key[0]])
            return "\n".join(tips) or None
        if role == Qt.ItemDataRole.FontRole and self.grid.units[index.row()].is_root:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.grid.columns[section].name
        u = self.grid.units[section]
        return short_unit_name(u.name) if not u.is_root else f"{short_unit_name(u.name)} (Σ)"

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self.editable(index) else flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.editable(index):
            self.refused.emit(self.grid.read_only[self.key(index)[0]])
            return False
        number = _read(value)
        if number is False:
            self.refused.emit(
                tr("«{text}» không phải là số nguyên không âm; ô vẫn giữ số cũ.").format(text=value)
            )
            return False
        self.values[self.key(index)] = number  # type: ignore[assignment]
        self.recheck()
        return True

    def set_many(self, values: dict[Key, int | None]) -> list[str]:
        """Take the figures of the rows this office sets; returns why the others were not
        taken (one line per unit), for the caller to show."""
        skipped = {
            u: self.grid.read_only[u]
            for (u, p), v in values.items()
            if not self.grid.editable(u) and v != self.values.get((u, p))
        }
        self.values.update({k: v for k, v in values.items() if self.grid.editable(k[0])})
        self.recheck()
        return list(skipped.values())

    def recheck(self) -> None:
        from desktop.services.campaigns.quota_grid import check

        self.mismatches = {}
        for m in check(self.grid.units, self.grid.columns, self.values):
            self.mismatches.setdefault((m.unit_id, m.period_id), []).append(m)
        self.dataChanged.emit(
            self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
        )

    def all_mismatches(self) -> list[Mismatch]:
        return [m for ms in self.mismatches.values() for m in ms]

    def changes(self) -> dict[Key, int | None]:
        keys = set(self.values) | set(self.grid.values)
        return {
            k: self.values.get(k) for k in keys if self.values.get(k) != self.grid.values.get(k)
        }


def _read(value: object) -> int | bool | None:
    """A typed or pasted figure: an int, None (blank), or False (not a whole number ≥ 0)."""
    try:
        n = parse_number(value if isinstance(value, (str, int, float)) else str(value))
    except ValueError:
        return False
    if n is None:
        return None
    if n != int(n) or n < 0:
        return False
    return int(n)


class QuotaTable(QTableView):
    """A table view that takes a block pasted from Excel (tab-separated) at the current cell."""

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        editing = self.state() == QTableView.State.EditingState
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not editing:
            model = self.model()
            assert isinstance(model, QuotaModel)
            skipped = model.set_many({model.key(i): None for i in self.selectedIndexes()})
            if skipped:
                model.refused.emit("\n".join(skipped))
            return
        super().keyPressEvent(event)

    def paste(self, text: str) -> int:
        """Paste a block; returns how many cells took a figure. Bad cells are refused whole."""
        model = self.model()
        assert isinstance(model, QuotaModel)
        start = self.currentIndex()
        if not start.isValid():
            start = model.index(0, 0)
        lines = [line for line in text.replace("\r\n", "\n").split("\n")]
        while lines and not lines[-1].strip():
            lines.pop()
        values: dict[Key, int | None] = {}
        for r, line in enumerate(lines):
            for c, cell in enumerate(line.split("\t")):
                row, col = start.row() + r, start.column() + c
                if row >= model.rowCount() or col >= model.columnCount():
                    continue
                number = _read(cell.strip())
                if number is False:
                    dialogs.error(
                        self,
                        tr("Ô «{cell}» không phải là số nguyên không âm; chưa dán gì.").format(
                            cell=cell.strip()
                        ),
                    )
                    return 0
                values[model.key(model.index(row, col))] = number  # type: ignore[assignment]
        skipped = model.set_many(values)
        if skipped:
            model.refused.emit(tr("Không dán vào các ô màu xám:") + "\n" + "\n".join(skipped[:4]))
        return sum(1 for k in values if model.grid.editable(k[0]))


class QuotaDialog(QDialog):
    def __init__(
        self,
        services: Services,
        campaign_id: int,
        root_unit_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.campaign_id = campaign_id
        self.root_unit_id = root_unit_id
        self._imported = False  # figures came from a file: back up the store before saving
        campaign = services.campaigns.get(campaign_id)
        grid = services.quotas.grid(campaign_id, root_unit_id)
        self.setWindowTitle(tr("Giao chỉ tiêu — {name}").format(name=campaign.name))
        self.resize(900, 560)
        self.model = QuotaModel(grid)
        self.table = QuotaTable(objectName="quotaGrid")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.status = QLabel(objectName="quotaStatus")
        self.status.setWordWrap(True)
        self.notice = QLabel(objectName="ownershipNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #5f4b00; background: #fff4de; padding: 6px;")
        read_only = [u for u in grid.units if not grid.editable(u.id)]
        self.notice.setVisible(bool(read_only))
        if read_only:
            self.notice.setText(
                tr(
                    "Các dòng màu xám chỉ để xem: {rows}. Chỉ tiêu của các dòng này do đơn vị "
                    "giao chỉ tiêu đặt và đến văn phòng này qua gói dữ liệu; tổng các dòng vẫn "
                    "được so với chúng."
                ).format(rows=", ".join(short_unit_name(u.name) for u in read_only[:5]))
                + (" …" if len(read_only) > 5 else "")
            )
        self.split_mode = QComboBox(objectName="splitMode")
        self.split_mode.addItem(tr("chia đều"), "even")
        self.split_mode.addItem(tr("theo tỷ lệ chỉ tiêu cả chương trình"), "whole")
        split_button = QPushButton(tr("Chia chỉ tiêu của đơn vị cấp trên"), objectName="split")
        import_button = QPushButton(tr("Nhập từ bảng Excel/CSV…"), objectName="importTable")
        tools = QHBoxLayout()
        tools.addWidget(split_button)
        tools.addWidget(self.split_mode)
        tools.addStretch(1)
        tools.addWidget(import_button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Đóng"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr(
                    "Dòng đầu (Σ) là chỉ tiêu của {unit}; các dòng dưới là các đơn vị trực thuộc. "
                    "Có thể gõ, dán một khối ô từ Excel (Ctrl+V) hoặc nhập một bảng."
                ).format(unit=short_unit_name(grid.root.name))
            )
        )
        layout.addWidget(self.notice)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        split_button.clicked.connect(self.split_parent)
        import_button.clicked.connect(self.import_table)
        self.model.dataChanged.connect(self._show_status)
        self.model.refused.connect(self._refused)
        if all(not grid.editable(u.id) for u in grid.units):  # nothing here is this office's
            for b in (
                split_button,
                import_button,
                self.buttons.button(QDialogButtonBox.StandardButton.Save),
            ):
                b.setEnabled(False)
        self._show_status()

    def _show_status(self) -> None:
        ms = self.model.all_mismatches()
        if not ms:
            self.status.setText(tr("Các chỉ tiêu khớp nhau."))
            self.status.setStyleSheet("color: #1e7b34;")
            return
        lines = [m.message for m in ms[:4]]
        if len(ms) > 4:
            lines.append(tr("… và {n} chỗ khác.").format(n=len(ms) - 4))
        self.status.setText("\n".join(lines))
        self.status.setStyleSheet("color: #b3261e;")

    def _refused(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("color: #b3261e;")

    def split_parent(self) -> None:
        """Fill the children's cells of the current column from the root's figure."""
        col = max(0, self.table.currentIndex().column())
        column = self.model.grid.columns[col]
        root = self.model.grid.root
        total = self.model.values.get((root.id, column.id))
        if total is None:
            dialogs.error(
                self,
                tr("Hãy nhập chỉ tiêu «{col}» của {unit} (dòng Σ) trước khi chia.").format(
                    col=column.name, unit=short_unit_name(root.name)
                ),
            )
            return
        children = [u for u in self.model.grid.units if not u.is_root]
        if not all(self.model.grid.editable(u.id) for u in children):
            dialogs.error(
                self, tr("Văn phòng này không giao chỉ tiêu cho các đơn vị trực thuộc ở bảng này.")
            )
            return
        if self.split_mode.currentData() == "whole" and column.id is not None:
            weights = [self.model.values.get((u.id, None)) for u in children]
        else:
            weights = [1] * len(children)
        parts = split(total, weights)
        self.model.set_many({(u.id, column.id): n for u, n in zip(children, parts, strict=True)})

    def import_table(self) -> None:
        path = dialogs.open_file(
            self, tr("Chọn bảng chỉ tiêu"), tr("Bảng tính (*.xlsx *.csv);;Tất cả (*)")
        )
        if not path:
            return
        from desktop.services.campaigns.quota_table import read_table

        try:
            plan = self._services.quotas.plan_import(
                self.campaign_id, read_table(path), self.root_unit_id
            )
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        if plan.problems:
            dialogs.error(self, "\n".join(plan.problems))
            return
        choices: dict[int, int | None] = {}
        if plan.unsure:
            chooser = ImportChoiceDialog(plan, self)
            if chooser.exec() != QDialog.DialogCode.Accepted:
                return
            choices = chooser.choices()
        try:
            plan.refuse_if_none_owned(choices)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        values = plan.values(choices)
        self.model.set_many(values)  # type: ignore[arg-type]
        self._imported = True
        message = tr("Đã đưa {n} chỉ tiêu từ «{file}» vào bảng; bấm Lưu để ghi.").format(
            n=len(values), file=plan.source
        )
        skipped = plan.skipped(choices)
        if skipped:
            message += "\n\n" + tr("Không đưa vào bảng (văn phòng này không giao):") + "\n"
            message += "\n".join(skipped)
        dialogs.info(self, message)

    def save(self) -> None:
        changes = self.model.changes()
        if not changes:
            self.accept()
            return
        try:
            if self._imported:
                self._services.backup.before_import()
            self._services.quotas.save(
                self.campaign_id, self.root_unit_id, changes, loaded=self.model.grid.versions
            )
        except QuotaConflict as exc:
            self._conflict(exc, changes)
            return
        except QuotaMismatch as exc:
            if not confirm_mismatch(self, exc):
                return
            try:
                self._services.quotas.save(
                    self.campaign_id,
                    self.root_unit_id,
                    changes,
                    accept_mismatches=True,
                    loaded=self.model.grid.versions,
                )
            except QuotaConflict as conflict:
                self._conflict(conflict, changes)
                return
            except ServiceError as again:
                dialogs.error(self, str(again))
                return
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        self.accept()

    def _conflict(self, exc: QuotaConflict, changes: dict[Key, int | None]) -> None:
        """Cells typed here were changed meanwhile: nothing was saved. «Tải lại» shows the
        figures as they are now, this person's other changes kept (still to be saved)."""
        if not dialogs.conflict(self, str(exc)):
            return
        self.model.reload(
            self._services.quotas.grid(self.campaign_id, self.root_unit_id),
            {k: changes.get(k) for k in exc.cells},
        )
        self.status.setText(
            tr(
                "Đã tải lại. Các ô tô cam vừa được người khác sửa (đang hiện số mới; di chuột "
                "lên ô để xem số anh/chị đã nhập). Các ô khác anh/chị đã sửa vẫn giữ, chưa lưu."
            )
        )


def confirm_mismatch(parent: QWidget, exc: QuotaMismatch) -> bool:
    return dialogs.confirm(
        parent,
        str(exc) + "\n\n" + tr("Vẫn lưu các chỉ tiêu chưa khớp này?"),
        tr("Chỉ tiêu chưa khớp"),
    )


class ImportChoiceDialog(QDialog):
    """Asks which unit each unsure name of an imported table is."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Tên đơn vị chưa chắc chắn"))
        self.plan = plan
        form = QFormLayout()
        self.combos: dict[int, QComboBox] = {}
        for row in plan.unsure:
            combo = QComboBox(objectName=f"choice_{row.line}")
            combo.addItem(tr("— bỏ qua dòng này —"), None)
            for c in row.candidates:
                combo.addItem(f"{c.name} ({c.score:.0%})", c.unit_id)
            if row.candidates:
                combo.setCurrentIndex(1)
            form.addRow(tr("Dòng {n}: «{name}»").format(n=row.line, name=row.source_name), combo)
            self.combos[row.line] = combo
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Các tên sau chưa rõ là đơn vị nào; hãy chọn:")))
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def choices(self) -> dict[int, int | None]:
        return {line: combo.currentData() for line, combo in self.combos.items()}


__all__ = ["ImportChoiceDialog", "QuotaDialog", "QuotaModel", "QuotaTable"]
