"""What a decision will say, shown before it is issued: its number, date and signer, then each
initiative, recognised or not, with the reason it will carry.

A decision is an official paper: nothing is issued until the officer has read it and pressed
«Ban hành quyết định». A declined row's reason can be corrected here; «Huỷ» issues nothing and
leaves the panel as it was (the ticks, the number, the signer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.evaluation.decisions import DecisionInput, DecisionRow, WithdrawalInput
from desktop.services.evaluation.scoring import ResultRow
from desktop.text.dates import format_date
from desktop.text.numbers import format_number
from desktop.views.common.i18n import tr
from desktop.views.common.sizing import open_at

TITLE, UNIT, AVERAGE, OUTCOME, REASON = range(5)


class DecisionPreviewDialog(QDialog):
    """The decision as it will be issued; ``decision()`` gives it back with the reasons as
    the officer left them."""

    def __init__(
        self, data: DecisionInput, rows: Mapping[int, ResultRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("decisionPreview")
        self.setWindowTitle(tr("Xem trước quyết định"))
        self._data = data
        self._declined_ids: list[int] = list(data.decline)
        layout = QVBoxLayout(self)
        signer = data.signer_name or tr("(chưa ghi người ký)")
        head = QLabel(
            tr(
                "Quyết định số <b>{number}</b>, ngày {date}, người ký: {signer}.<br>"
                "Công nhận <b>{n}</b> sáng kiến, không công nhận <b>{m}</b> sáng kiến."
            ).format(
                number=data.number.strip() or tr("(chưa ghi số)"),
                date=format_date(data.signed_on),
                signer=signer,
                n=len(data.recognise),
                m=len(data.decline),
            )
        )
        head.setObjectName("decisionSummary")
        head.setWordWrap(True)
        layout.addWidget(head)
        hint = QLabel(
            tr(
                "Đọc lại từng dòng trước khi ban hành: quyết định là văn bản chính thức. Lý do "
                "không công nhận sửa được ngay trong bảng (nhấp đúp vào ô lý do)."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("decisionEntries")
        self.table.setAccessibleName(tr("Các sáng kiến trong quyết định"))
        self.table.setHorizontalHeaderLabels(
            [tr("Tên sáng kiến"), tr("Đơn vị"), tr("Điểm BQ"), tr("Kết quả"), tr("Lý do")]
        )
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        for col, width in ((UNIT, 170), (AVERAGE, 70), (OUTCOME, 130)):
            self.table.setColumnWidth(col, width)
        self._fill(data, rows)
        # Rows as tall as their wrapped text at the widths the columns end up with.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.issue_button = buttons.addButton(
            tr("Ban hành quyết định"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.issue_button.setObjectName("issueDecision")
        cancel = buttons.addButton(tr("Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelDecision")
        cancel.setDefault(True)  # Enter by habit issues nothing
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        open_at(self, 1100, 620)

    def _fill(self, data: DecisionInput, rows: Mapping[int, ResultRow]) -> None:
        entries: Sequence[tuple[int, bool, str]] = [
            *((iid, True, "") for iid in data.recognise),
            *((iid, False, reason) for iid, reason in data.decline.items()),
        ]
        self.table.setRowCount(len(entries))
        for i, (iid, recognised, reason) in enumerate(entries):
            row = rows.get(iid)
            cells = (
                row.title if row else str(iid),
                row.unit_name if row else "",
                format_number(row.average, 2) if row and row.average is not None else "",
                tr("Công nhận") if recognised else tr("Không công nhận"),
                reason,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col != REASON or recognised:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col == AVERAGE:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(text)
                self.table.setItem(i, col, item)
        self.table.resizeRowsToContents()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def reasons(self) -> dict[int, str]:
        """The declined initiatives with their reasons as the table holds them now."""
        start = len(self._data.recognise)
        out: dict[int, str] = {}
        for k, iid in enumerate(self._declined_ids):
            item = self.table.item(start + k, REASON)
            out[iid] = item.text().strip() if item is not None else ""
        return out

    def decision(self) -> DecisionInput:
        """The decision to issue: what was shown, with the reasons as corrected."""
        return DecisionInput(**{**self._data.__dict__, "decline": self.reasons()})


class WithdrawalDialog(QDialog):
    """The withdrawal decision (quyết định thu hồi) of one decision issued by mistake: its
    number, date, signer and reason, with what it will do said before it is issued."""

    def __init__(self, original: DecisionRow, signer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("withdrawDecision")
        self.setWindowTitle(tr("Thu hồi quyết định"))
        self._original = original
        layout = QVBoxLayout(self)
        what = QLabel(
            tr(
                "Thu hồi quyết định số <b>{number}</b> ngày {date} (công nhận {n}, không công "
                "nhận {m} sáng kiến). Quyết định cũ vẫn được giữ trong lịch sử; các sáng kiến "
                "trở lại trạng thái trước quyết định và có thể được xét lại. Quyết định thu hồi "
                "được gửi xuống các đơn vị trong gói dữ liệu tiếp theo."
            ).format(
                number=original.number,
                date=format_date(original.signed_on),
                n=original.recognised,
                m=original.declined,
            )
        )
        what.setObjectName("withdrawalSummary")
        what.setWordWrap(True)
        layout.addWidget(what)
        form = QFormLayout()
        self.number = QLineEdit()
        self.number.setObjectName("withdrawalNumber")
        self.number.setPlaceholderText("126/QĐ-LĐLĐ")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setObjectName("withdrawalDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.signer = QLineEdit(signer)
        self.signer.setObjectName("withdrawalSigner")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("withdrawalReason")
        self.reason.setPlaceholderText(tr("Ví dụ: Ban hành nhầm khi hồ sơ chưa được thẩm định."))
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(tr("Số quyết định thu hồi:"), self.number)
        form.addRow(tr("Ngày ký:"), self.date)
        form.addRow(tr("Người ký:"), self.signer)
        form.addRow(tr("Lý do thu hồi:"), self.reason)
        layout.addLayout(form)
        layout.addStretch(1)
        buttons = QDialogButtonBox(self)
        self.issue_button = buttons.addButton(
            tr("Ban hành quyết định thu hồi"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.issue_button.setObjectName("issueWithdrawal")
        cancel = buttons.addButton(tr("Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        open_at(self, 620, 330)

    def withdrawal(self) -> WithdrawalInput:
        qd = self.date.date()
        return WithdrawalInput(
            decision_id=self._original.id,
            number=self.number.text(),
            signed_on=dt.date(qd.year(), qd.month(), qd.day()),
            reason=self.reason.toPlainText(),
            signer_name=self.signer.text(),
            signer_title="Chủ tịch",
        )
