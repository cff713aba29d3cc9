"""The quota grid: units × periods of a campaign. Type, paste a block from Excel, import a
table, split a parent's figure among its children; mismatched sums are highlighted where they
are, with the difference, and saved only knowingly. Rows whose quotas another office sets
(services/rules/ownership.py: a district's own figure comes from the province) are shown greyed and
cannot be typed, pasted or imported into."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.campaigns.quota_grid import (
    Key,
    QuotaConflict,
    QuotaGrid,
    QuotaMismatch,
)
from desktop.services.campaigns.quota_split import split
from desktop.services.campaigns.quota_table import ImportPlan
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.units.tree import short_unit_name
from desktop.views.campaigns.quota_table import (
    CHANGED_BG,
    CLASHED_BG,
    MISMATCH_BG,
    READ_ONLY_BG,
    READ_ONLY_FG,
    QuotaModel,
    QuotaTable,
)
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named


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
        self.table = named(QuotaTable(), "quotaGrid")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.status = named(QLabel(), "quotaStatus")
        self.status.setWordWrap(True)
        self.notice = self._ownership_notice(grid)
        self.split_mode = named(QComboBox(), "splitMode")
        self.split_mode.addItem(tr("chia đều"), "even")
        self.split_mode.addItem(tr("theo tỷ lệ chỉ tiêu cả chương trình"), "whole")
        split_button = named(QPushButton(tr("Chia chỉ tiêu của đơn vị cấp trên")), "split")
        import_button = named(QPushButton(tr("Nhập từ bảng Excel/CSV…")), "importTable")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setText(tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Đóng"))
        self._lay_out(grid, split_button, import_button)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        split_button.clicked.connect(self.split_parent)
        import_button.clicked.connect(self.import_table)
        self.model.dataChanged.connect(self._show_status)
        self.model.refused.connect(self._refused)
        if all(not grid.editable(u.id) for u in grid.units):  # nothing here is this office's
            for b in (split_button, import_button, save_button):
                b.setEnabled(False)
        self._show_status()

    def _ownership_notice(self, grid: QuotaGrid) -> QLabel:
        """Which rows are only to read, and why (shown only when there are some)."""
        notice = named(QLabel(), "ownershipNotice")
        notice.setWordWrap(True)
        notice.setStyleSheet("color: #5f4b00; background: #fff4de; padding: 6px;")
        read_only = [u for u in grid.units if not grid.editable(u.id)]
        notice.setVisible(bool(read_only))
        if read_only:
            notice.setText(
                tr(
                    "Các dòng màu xám chỉ để xem: {rows}. Chỉ tiêu của các dòng này do đơn vị "
                    "giao chỉ tiêu đặt và đến văn phòng này qua gói dữ liệu; tổng các dòng vẫn "
                    "được so với chúng."
                ).format(rows=", ".join(short_unit_name(u.name) for u in read_only[:5]))
                + (" …" if len(read_only) > 5 else "")
            )
        return notice

    def _lay_out(self, grid: QuotaGrid, split_button: QWidget, import_button: QWidget) -> None:
        tools = QHBoxLayout()
        tools.addWidget(split_button)
        tools.addWidget(self.split_mode)
        tools.addStretch(1)
        tools.addWidget(import_button)
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
            self, tr("Chọn bảng chỉ tiêu"), tr("Bảng tính (*.xlsx *.xls *.ods *.csv);;Tất cả (*)")
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
            combo = named(QComboBox(), f"choice_{row.line}")
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


# The table's parts and colours, where the grid's callers and tests have always found them.
__all__ = [
    "CHANGED_BG",
    "CLASHED_BG",
    "MISMATCH_BG",
    "READ_ONLY_BG",
    "READ_ONLY_FG",
    "ImportChoiceDialog",
    "QuotaDialog",
    "QuotaModel",
    "QuotaTable",
]
