"""The unreached part of an ended union's quota, given to the unions that took its grassroots
unions (services/campaigns/quota_reassign.py): choose the campaign and the quota, type a share
per successor (together at most what is left), «Giao lại». A refusal keeps the shares typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.services.campaigns.quota_reassign import Remainder
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.text.dates import format_date
from desktop.text.numbers import format_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named


class ReassignDialog(QDialog):
    def __init__(
        self, services: Services, campaign_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reassignDialog")
        self.setWindowTitle(tr("Giao lại chỉ tiêu chưa đạt"))
        self._services = services
        self._remainders: list[Remainder] = []
        self.shares: dict[int, QSpinBox] = {}
        self.campaign = named(QComboBox(), "campaign")
        for c in services.campaigns.list():
            self.campaign.addItem(c.name, c.id)
        if campaign_id is not None and self.campaign.findData(campaign_id) >= 0:
            self.campaign.setCurrentIndex(self.campaign.findData(campaign_id))
        self.quotas = named(QListWidget(), "remainders")
        self.detail = named(QLabel(), "remainderDetail")
        self.detail.setWordWrap(True)
        self.form = QFormLayout()
        self.total = named(QLabel(), "shareTotal")
        self.give = named(QPushButton(tr("Giao lại")), "giveButton")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.detail)
        right_layout.addLayout(self.form)
        right_layout.addWidget(self.total)
        right_layout.addStretch(1)
        split = QSplitter()
        split.addWidget(self.quotas)
        split.addWidget(right)
        split.setSizes([380, 380])
        close = named(QPushButton(tr("Đóng")), "closeButton")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.give)
        buttons.addWidget(close)
        top = QFormLayout()
        top.addRow(tr("Chương trình:"), self.campaign)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.campaign.currentIndexChanged.connect(lambda _i: self.reload())
        self.quotas.currentRowChanged.connect(self._show)
        self.give.clicked.connect(self.give_shares)
        close.clicked.connect(self.reject)
        self.resize(820, 460)
        self.reload()

    def reload(self) -> None:
        campaign_id = self.campaign.currentData()
        try:
            found = self._services.quota_reassignment.remainders(campaign_id) if campaign_id else []
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            found = []
        self._remainders = [r for r in found if r.remainder > 0]
        self.quotas.clear()
        for r in self._remainders:
            self.quotas.addItem(
                tr("{unit} — {period}: còn {rest}").format(
                    unit=r.unit_name, period=r.period_name, rest=format_number(r.remainder)
                )
            )
        if self._remainders:
            self.quotas.setCurrentRow(0)
        else:
            self._show(-1)

    def current(self) -> Remainder | None:
        row = self.quotas.currentRow()
        return self._remainders[row] if 0 <= row < len(self._remainders) else None

    def _show(self, _row: int) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.shares = {}
        r = self.current()
        self.give.setEnabled(r is not None and bool(r.successors))
        if r is None:
            self.detail.setText(
                tr(
                    "Chương trình này không có chỉ tiêu nào của đơn vị đã giải thể hoặc sáp "
                    "nhập còn phần chưa đạt."
                )
            )
            self.total.clear()
            return
        self.detail.setText(
            tr(
                "{unit} kết thúc ngày {date}: chỉ tiêu {target}, đã đạt {reached}, còn {rest}. "
                "Ghi số giao cho từng đơn vị nhận (tổng không quá {rest})."
            ).format(
                unit=r.unit_name,
                date=format_date(r.ended_on),
                target=format_number(r.target),
                reached=format_number(r.reached),
                rest=format_number(r.remainder),
            )
        )
        if not r.successors:
            self.total.setText(tr("Chưa có đơn vị nào nhận các công đoàn cơ sở của đơn vị này."))
            return
        for unit_id, name in r.successors:
            spin = named(QSpinBox(), f"share{unit_id}")
            spin.setRange(0, r.remainder)
            spin.valueChanged.connect(lambda _v: self._show_total())
            self.shares[unit_id] = spin
            self.form.addRow(name + ":", spin)
        self._show_total()

    def _show_total(self) -> None:
        r = self.current()
        if r is None:
            return
        total = sum(s.value() for s in self.shares.values())
        self.total.setText(
            tr("Tổng giao lại: {total} / {rest}").format(
                total=format_number(total), rest=format_number(r.remainder)
            )
        )
        self.total.setStyleSheet("color: #a40000;" if total > r.remainder else "")

    def give_shares(self) -> None:
        r = self.current()
        if r is None:
            return
        shares = {k: s.value() for k, s in self.shares.items() if s.value()}
        total = sum(shares.values())
        if not total:
            dialogs.error(self, tr("Hãy ghi số chỉ tiêu giao cho ít nhất một đơn vị."))
            return
        if total > r.remainder:
            dialogs.error(
                self,
                tr("Tổng giao lại ({total}) vượt phần còn lại ({rest}) của {unit}.").format(
                    total=format_number(total), rest=format_number(r.remainder), unit=r.unit_name
                ),
            )
            return
        try:
            self._services.quota_reassignment.reassign(
                r.campaign_id, r.period_id, r.unit_id, shares
            )
        except ServiceError as exc:
            dialogs.error(self, str(exc))  # the shares typed stay
            return
        dialogs.info(
            self,
            tr("Đã giao lại {total} chỉ tiêu chưa đạt của {unit}.").format(
                total=format_number(total), unit=r.unit_name
            ),
        )
        self.reload()
