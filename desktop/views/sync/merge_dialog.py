"""Provinces merge, in the window: send this province's whole store to the merged province's
office, or take in the other province's whole store here (previewed first, then confirmed).
The work is the services' (``BundleService.export_whole_store`` and ``take_in``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.sync.files import EXTENSION
from desktop.services.sync.take_in import TakeInReport
from desktop.text.dates import format_date, parse_date
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner
from desktop.views.sync.dialogs import busy_strip
from desktop.views.sync.key_dialog import key_ready

COUNT_LABELS = (
    ("units", "đơn vị"),
    ("campaigns", "chương trình"),
    ("quotas", "chỉ tiêu"),
    ("initiatives", "sáng kiến"),
    ("decisions", "quyết định"),
)


def describe(report: TakeInReport) -> str:
    """The report in Vietnamese: whose store, from which day, how many of each kind, and each
    code kept apart."""
    head = tr("Xem trước, chưa ghi gì") if report.dry_run else tr("Đã nhận")
    lines = [
        tr("{head}: toàn bộ dữ liệu của {province}, sáp nhập từ ngày {day}.").format(
            head=head, province=report.province_name, day=format_date(report.effective)
        )
    ]
    for key, label in COUNT_LABELS:
        lines.append(f"  {tr(label)}: {report.counts.get(key, 0)}")
    for old, new in report.renamed:
        lines.append(tr("  mã «{old}» đã có ở đây: giữ riêng là «{new}»").format(old=old, new=new))
    return "\n".join(lines)


def _file_row(field: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row


class MergeDialog(QDialog):
    """ "Sáp nhập tỉnh": send the whole store, or take in the other province's."""

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sáp nhập tỉnh"))
        self.resize(680, 640)
        self.setMaximumHeight(700)
        self._services = services
        self._tasks = tasks or TaskRunner(parent=self)
        self._previewed: tuple[str, str, dt.date] | None = None  # what the preview was of
        self.report: TakeInReport | None = None  # what was taken in
        self.sent: Path | None = None
        self._province = ""
        layout = QVBoxLayout(self)
        layout.addWidget(self._send_box())
        layout.addWidget(self._take_box(), 1)
        self.busy = busy_strip("mergeBusy", tr("Đang làm việc, xin đợi…"))
        layout.addWidget(self.busy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # ---- 1. send ---------------------------------------------------------------------------
    def _send_box(self) -> QGroupBox:
        box = QGroupBox(tr("Gửi toàn bộ dữ liệu cho tỉnh sau sáp nhập"))
        form = QFormLayout(box)
        self.card = named(QLineEdit(), "mergeCard")
        pick_card = named(QPushButton(tr("Chọn tệp…")), "mergePickCard")
        pick_card.clicked.connect(self._pick_card)
        form.addRow(tr("Tệp đăng ký của văn phòng nhận:"), _file_row(self.card, pick_card))
        self.card_fingerprint = named(QLineEdit(), "mergeCardFingerprint")
        self.card_fingerprint.setPlaceholderText("XXXX XXXX XXXX XXXX XXXX XXXX")
        form.addRow(tr("Dấu vân tay họ đọc qua điện thoại:"), self.card_fingerprint)
        self.out = named(QLineEdit(), "mergeOut")
        pick_out = named(QPushButton(tr("Chọn nơi ghi…")), "mergePickOut")
        pick_out.clicked.connect(self._pick_out)
        form.addRow(tr("Ghi gói vào:"), _file_row(self.out, pick_out))
        self.send = named(QPushButton(tr("Ghi toàn bộ dữ liệu")), "mergeSend")
        self.send.clicked.connect(self._send)
        form.addRow("", self.send)
        self.sent_label = named(QLabel(), "mergeSent")
        self.sent_label.setWordWrap(True)
        form.addRow(self.sent_label)
        return box

    def _pick_card(self) -> None:
        path = dialogs.open_file(
            self,
            tr("Chọn tệp đăng ký của văn phòng tỉnh sau sáp nhập"),
            tr("Tệp đăng ký (*.json *.ssk-dangky);;Mọi tệp (*)"),
            self.card.text(),
        )
        if path:
            self.card.setText(path)

    def _pick_out(self) -> None:
        office = self._services.office.local()
        code = (office.unit_code if office else "") or "tinh"
        start = self.out.text() or str(Path.home() / f"toan_bo_{code}{EXTENSION}")
        path = dialogs.save_file(
            self,
            tr("Ghi toàn bộ dữ liệu của tỉnh"),
            tr("Gói dữ liệu Sổ Sáng Kiến (*{ext})").format(ext=EXTENSION),
            start,
        )
        if path:
            self.out.setText(path)

    def _send(self) -> None:
        card, heard, out = self.card.text().strip(), self.card_fingerprint.text(), self.out.text()
        if not card or not out.strip():
            dialogs.error(self, tr("Hãy chọn tệp đăng ký của văn phòng nhận và nơi ghi gói."))
            return
        if not key_ready(self._services.office, self):
            return
        self._working(True)
        self._tasks.run(
            self._services.bundles.export_whole_store,
            card,
            heard,
            out.strip(),
            on_done=self._sent,
            on_error=self._failed,
        )

    def _sent(self, path: Path) -> None:
        self._working(False)
        self.sent = Path(path)
        self.sent_label.setText(
            tr(
                "Đã ghi toàn bộ dữ liệu của tỉnh: {path}\nBước tiếp theo: chép tệp này (USB hoặc "
                "thư điện tử) cho văn phòng tỉnh sau sáp nhập và đọc cho họ dấu vân tay của văn "
                "phòng này qua điện thoại; họ nhận bằng «Sáp nhập tỉnh…» → «Nhận toàn bộ dữ liệu»."
            ).format(path=path)
        )

    # ---- 2. take in ------------------------------------------------------------------------
    def _take_box(self) -> QGroupBox:
        box = QGroupBox(tr("Nhận toàn bộ dữ liệu của tỉnh sáp nhập vào tỉnh này"))
        form = QFormLayout(box)
        self.bundle = named(QLineEdit(), "mergeBundle")
        pick = named(QPushButton(tr("Chọn tệp…")), "mergePickBundle")
        pick.clicked.connect(self._pick_bundle)
        form.addRow(tr("Gói toàn bộ dữ liệu:"), _file_row(self.bundle, pick))
        self.sender_fingerprint = named(QLineEdit(), "mergeSenderFingerprint")
        self.sender_fingerprint.setPlaceholderText("XXXX XXXX XXXX XXXX XXXX XXXX")
        form.addRow(tr("Dấu vân tay văn phòng gửi đọc:"), self.sender_fingerprint)
        self.effective = named(QLineEdit(), "mergeEffective")
        self.effective.setPlaceholderText("DD/MM/YYYY")
        form.addRow(tr("Ngày sáp nhập có hiệu lực:"), self.effective)
        row = QHBoxLayout()
        self.preview = named(QPushButton(tr("Xem trước")), "mergePreview")
        self.take = named(QPushButton(tr("Nhận dữ liệu")), "mergeTakeIn")
        self.take.setEnabled(False)
        self.preview.clicked.connect(self._preview)
        self.take.clicked.connect(self._take_in)
        row.addWidget(self.preview)
        row.addWidget(self.take)
        row.addStretch(1)
        form.addRow(row)
        self.summary = named(QLabel(), "mergeSummary")
        self.summary.setWordWrap(True)
        form.addRow(self.summary)
        for field in (self.bundle, self.sender_fingerprint, self.effective):
            field.textEdited.connect(self._changed)
        return box

    def _changed(self) -> None:
        """Anything typed after the preview asks for a new preview."""
        self._previewed = None
        self.take.setEnabled(False)

    def _pick_bundle(self) -> None:
        path = dialogs.open_file(
            self,
            tr("Chọn gói toàn bộ dữ liệu của tỉnh sáp nhập"),
            tr("Gói dữ liệu Sổ Sáng Kiến (*{ext});;Mọi tệp (*)").format(ext=EXTENSION),
            self.bundle.text(),
        )
        if path:
            self.bundle.setText(path)
            self._changed()

    def _asked(self) -> tuple[str, str, dt.date] | None:
        path = self.bundle.text().strip()
        if not path:
            dialogs.error(self, tr("Hãy chọn gói toàn bộ dữ liệu nhận được."))
            return None
        try:
            day = parse_date(self.effective.text())
        except ValueError as exc:
            dialogs.error(
                self, tr("Ngày sáp nhập không đúng (dạng DD/MM/YYYY): {why}").format(why=exc)
            )
            return None
        return path, self.sender_fingerprint.text(), day

    def _preview(self) -> None:
        asked = self._asked()
        if asked is None or not key_ready(self._services.office, self):
            return
        self._changed()
        self._working(True)
        self._tasks.run(
            self._services.bundles.take_in,
            *asked,
            dry_run=True,
            on_done=lambda report: self._shown(asked, report),
            on_error=self._failed,
        )

    def _shown(self, asked: tuple[str, str, dt.date], report: TakeInReport) -> None:
        self._working(False)
        self.summary.setText(describe(report))
        self._previewed = asked
        self.take.setEnabled(True)
        self._province = report.province_name

    def _take_in(self) -> None:
        asked = self._previewed
        if asked is None:
            return
        if not dialogs.confirm(
            self,
            tr(
                "Nhận toàn bộ dữ liệu của {province} vào tỉnh này, sáp nhập từ ngày {day}? "
                "Dữ liệu được ghi trong một lần: tất cả hoặc không gì cả."
            ).format(province=self._province, day=format_date(asked[2])),
        ):
            return
        if not key_ready(self._services.office, self):
            return
        self._working(True)
        self._tasks.run(
            self._services.bundles.take_in,
            *asked,
            on_done=self._taken,
            on_error=self._failed,
        )

    def _taken(self, report: TakeInReport) -> None:
        self._working(False)
        self.report = report
        self._changed()
        self.summary.setText(describe(report))
        dialogs.info(self, describe(report))

    # ---- both ------------------------------------------------------------------------------
    def _working(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.send.setEnabled(not busy)
        self.preview.setEnabled(not busy)
        if busy:
            self.take.setEnabled(False)

    def _failed(self, exc: Exception) -> None:
        """The message, and everything typed stays in its field."""
        self._working(False)
        if isinstance(exc, (ServiceError, OSError)):
            dialogs.error(self, str(exc))
        else:  # already logged by the task
            dialogs.error(self, tr("Không thực hiện được: {why}").format(why=exc))
