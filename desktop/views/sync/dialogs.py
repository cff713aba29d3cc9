"""Dialogs of the Sync page: enrol an office, send a bundle, preview and apply a bundle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.sync import BundleRefused, ExportResult, ImportReport
from desktop.services.sync.files import removable_drives
from desktop.services.sync.office import EnrolmentCard, enrol_file, read_enrolment_file
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import Task, TaskRunner

COUNT_COLUMNS = (
    ("new", "Mới"),
    ("updated", "Cập nhật"),
    ("unchanged", "Không đổi"),
    ("ignored", "Bỏ qua"),
    ("conflicts", "Xung đột"),
    ("rejected", "Từ chối"),
)


def busy_strip(name: str, text: str, bar: QProgressBar | None = None) -> QWidget:
    """A hidden row: ``text`` and a progress bar, shown while work runs off the UI thread.
    Without ``bar``, the bar has no known length: an indicator that it is working."""
    if bar is None:
        bar = QProgressBar()
        bar.setRange(0, 0)
    strip = named(QWidget(), name)
    row = QHBoxLayout(strip)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel(text))
    row.addWidget(bar, 1)
    strip.hide()
    return strip


class EnrolDialog(QDialog):
    """Enrol an office from its enrolment file, once its fingerprint is confirmed."""

    def __init__(self, services: Services, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Đăng ký văn phòng"))
        self._services = services
        self._path = path
        self.card: EnrolmentCard = read_enrolment_file(path)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(tr("Văn phòng:"), QLabel(self.card.office_name))
        form.addRow(tr("Đơn vị:"), QLabel(f"{self.card.unit_name} ({self.card.unit_code})"))
        shown = QLabel(self.card.fingerprint)
        shown.setObjectName("cardFingerprint")
        shown.setStyleSheet("font-family: monospace; font-size: 14pt;")
        form.addRow(tr("Dấu vân tay trong tệp:"), shown)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(
                tr(
                    "Gọi điện cho văn phòng đó (hoặc xem công văn có đóng dấu) và gõ dấu vân tay "
                    "họ đọc. Chỉ khi hai dấu vân tay khớp, văn phòng mới được đăng ký."
                ),
                wordWrap=True,
            )
        )
        self.heard = QLineEdit()
        self.heard.setObjectName("heardFingerprint")
        self.heard.setPlaceholderText("XXXX XXXX XXXX XXXX XXXX XXXX")
        layout.addWidget(self.heard)
        self.re_enrol = QCheckBox(
            tr("Đăng ký lại (văn phòng đó thay máy hoặc mất máy; được ghi nhật ký)")
        )
        self.re_enrol.setObjectName("reEnrol")
        layout.addWidget(self.re_enrol)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Đăng ký"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Huỷ"))
        buttons.accepted.connect(self._enrol)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.message = ""

    def _enrol(self) -> None:
        try:
            result = enrol_file(
                self._services.enrolment, self._path, self.heard.text(), self.re_enrol.isChecked()
            )
        except ServiceError as exc:
            dialogs.error(self, str(exc))  # the typed fingerprint stays in the field
            return
        if result.already:
            self.message = tr("{name} đã được đăng ký với khoá này từ trước.").format(
                name=result.peer.name
            )
        elif result.re_enrolled:
            self.message = tr("Đã đăng ký lại {name} với khoá mới.").format(name=result.peer.name)
        else:
            self.message = tr("Đã đăng ký {name}.").format(name=result.peer.name)
        self.accept()


class ExportDialog(QDialog):
    """Send to an office: what goes, where it is written, and an optional e-mail draft."""

    ALL = "__all__"

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Gửi gói dữ liệu"))
        self.resize(560, 340)
        self._services = services
        self._tasks = tasks or TaskRunner(parent=self)
        self._job: Task | None = None  # the bundles being written
        self._stoppable = False  # several bundles: Huỷ stops after the one being written
        self.results: list[ExportResult] = []
        self.message = ""
        layout = QVBoxLayout(self)
        layout.addLayout(self._form())
        # While the bundles are written (off the UI thread): how many of how many; Huỷ stops
        # after the bundle being written (each bundle is whole or not written at all).
        self.progress = named(QProgressBar(), "exportProgress")
        self.busy = busy_strip("exportBusy", tr("Đang ghi gói, xin đợi…"), self.progress)
        layout.addWidget(self.busy)
        layout.addWidget(self._buttons())
        self.peer.currentIndexChanged.connect(self._plan)
        self.ok.setEnabled(self.peer.count() > 0)
        if self.peer.count() == 0:
            self.summary.setText(
                tr("Chưa đăng ký văn phòng nào: hãy đăng ký bằng tệp đăng ký và dấu vân tay.")
            )
        self._plan()

    def _form(self) -> QFormLayout:
        """To whom, what goes, where it is written, and the e-mail draft."""
        form = QFormLayout()
        self.peer = named(QComboBox(), "peer")
        peers = self._services.bundles.peers()
        for p in peers:
            self.peer.addItem(p.name, p.uid)
        office = self._services.office.local()
        if office is not None and office.is_province and len(peers) > 1:
            self.peer.addItem(tr("Tất cả các văn phòng đã đăng ký"), self.ALL)
        form.addRow(tr("Gửi cho:"), self.peer)
        self.summary = named(QLabel(), "exportSummary")
        self.summary.setWordWrap(True)
        form.addRow(tr("Nội dung:"), self.summary)
        self.folder = named(QComboBox(editable=True), "folder")
        for drive in removable_drives():
            self.folder.addItem(tr("USB: {path}").format(path=drive), str(drive))
        self.folder.addItem(str(Path.home()), str(Path.home()))
        browse = QPushButton(tr("Chọn thư mục…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(tr("Ghi vào:"), row)
        self.email = named(QCheckBox(tr("Soạn sẵn thư điện tử (.eml) đính kèm gói")), "email")
        form.addRow("", self.email)
        return form

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Ghi gói"))
        self.ok.setObjectName("writeBundle")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Huỷ"))
        buttons.accepted.connect(self._export)
        buttons.rejected.connect(self.reject)
        return buttons

    def _browse(self) -> None:
        data, text = self.folder.currentData(), self.folder.currentText()
        typed = text != self.folder.itemText(self.folder.currentIndex())
        start = text if typed or not data else str(data)
        path = dialogs.choose_folder(self, tr("Chọn thư mục ghi gói"), start, kind="bundle")
        if path:
            self.folder.setEditText(path)

    def _plan(self) -> None:
        key = self.peer.currentData()
        if key is None:
            return
        keys = [p.uid for p in self._services.bundles.peers()] if key == self.ALL else [key]
        lines = []
        for k in keys:
            try:
                plan = self._services.bundles.plan(k)
            except ServiceError as exc:
                lines.append(str(exc))
                continue
            c = plan.counts
            lines.append(
                tr(
                    "{peer}: gói số {seq}; sáng kiến: {new} mới, {changed} đã sửa, {deleted} đã "
                    "xoá; {statuses} trạng thái, {decisions} quyết định, {units} đơn vị, "
                    "{campaigns} chương trình, {quotas} chỉ tiêu (mọi thay đổi kể từ gói gần "
                    "nhất bên nhận đã xác nhận)."
                ).format(
                    peer=plan.peer_name,
                    seq=plan.sequence,
                    new=c["new"],
                    changed=c["changed"],
                    deleted=c["deleted"],
                    statuses=c["statuses"],
                    decisions=c["decisions"],
                    units=c["units"],
                    campaigns=c["campaigns"],
                    quotas=c["quotas"],
                )
            )
        self.summary.setText("\n".join(lines))

    def exporting(self) -> bool:
        return self._job is not None

    def _export(self) -> None:
        if self._job is not None:
            return
        folder = Path(self.folder.currentText() or str(Path.home()))
        data = self.folder.currentData()
        if data and self.folder.currentText() == self.folder.itemText(self.folder.currentIndex()):
            folder = Path(data)
        key = self.peer.currentData()
        keys = [p.uid for p in self._services.bundles.peers()] if key == self.ALL else [key]
        self.ok.setEnabled(False)
        self._stoppable = len(keys) > 1
        self.progress.setRange(0, len(keys))
        self.progress.setValue(0)
        self.busy.show()
        self._job = self._tasks.run(
            _write_bundles,
            self._services,
            keys,
            folder,
            self.email.isChecked(),
            with_progress=True,
            on_progress=lambda done, _total: self.progress.setValue(done),
            on_done=self._exported,
            on_error=self._export_failed,
        )
        if self._job.finished:  # an inline runner has already delivered
            self._job = None

    def _export_failed(self, exc: Exception) -> None:
        self._job = None
        self.busy.hide()
        self.ok.setEnabled(True)
        if isinstance(exc, (ServiceError, OSError)):
            dialogs.error(self, str(exc))
        else:  # already logged by the task
            dialogs.error(self, tr("Không ghi được gói: {why}").format(why=exc))

    def _exported(self, results: list[ExportResult]) -> None:
        self._job = None
        self.busy.hide()
        self.results = results
        big = [r for r in self.results if r.too_big_for_email]
        text = "\n".join(
            tr("Đã ghi gói số {seq} cho {peer}: {path}").format(
                seq=r.sequence, peer=r.peer_name, path=r.path
            )
            for r in self.results
        )
        if self.email.isChecked():
            text += "\n" + tr("Thư nháp .eml nằm cạnh gói: mở nó bằng chương trình thư để gửi.")
        if big:
            text += "\n" + tr(
                "Cảnh báo: gói lớn hơn 10 MB, nhiều hộp thư sẽ không nhận; hãy chép qua USB."
            )
        self.message = text
        if results:
            self.accept()
        else:  # stopped before the first bundle: nothing written
            super().reject()

    def reject(self) -> None:
        """Huỷ while writing: one bundle is written to its end; of several, the writing
        stops after the one being written (the dialog then closes with what was written)."""
        if self._job is not None:
            if self._stoppable:
                self._job.cancel()
            return
        super().reject()


def _write_bundles(
    services: Services,
    keys: list[str],
    folder: Path,
    email: bool,
    progress: Callable[[int, int], None],
    cancel: Callable[[], bool],
) -> list[ExportResult]:
    """Worker-thread body: one bundle per peer (and its e-mail draft), each written whole;
    stops between bundles when cancelled."""
    folder.mkdir(parents=True, exist_ok=True)
    results: list[ExportResult] = []
    for i, key in enumerate(keys):
        if cancel():
            break
        result = services.bundles.export(key, folder)
        if email:
            services.bundles.email_draft(result.path, result.path.with_suffix(".eml"))
        results.append(result)
        progress(i + 1, len(keys))
    return results


class ImportPreviewDialog(QDialog):
    """What a bundle would change, per unit; "Nhập" writes it all, "Huỷ" writes nothing."""

    def __init__(
        self,
        services: Services,
        path: str,
        report: ImportReport,
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Xem trước gói dữ liệu"))
        self.resize(820, 560)
        self._services = services
        self._path = path
        self.outcome: ImportReport | None = None  # what was imported, once "Nhập" has run
        layout = QVBoxLayout(self)
        head = named(QLabel(report.message), "previewMessage")
        head.setWordWrap(True)
        head.setStyleSheet("font-weight: bold;")
        layout.addWidget(head)
        if report.gap:
            gap = named(QLabel(report.gap), "previewGap")
            gap.setWordWrap(True)
            gap.setStyleSheet("color: #9a6700;")
            layout.addWidget(gap)
        layout.addWidget(self._units_view(report), 2)
        self.proposals = named(QListWidget(), "previewProposals")
        self.proposals.setWordWrap(True)
        for p in report.proposals:
            line = tr("[{unit}] {title} — {authors}").format(
                unit=p.unit, title=p.title, authors=p.authors
            )
            self.proposals.addItem(
                tr("{line} (rút đề xuất)").format(line=line) if p.withdrawn else line
            )
        if report.proposals:
            layout.addWidget(QLabel(tr("Sáng kiến các đơn vị đề xuất lên LĐLĐ tỉnh:")))
            layout.addWidget(self.proposals, 1)
        self.notes = named(QListWidget(), "previewNotes")
        self.notes.setWordWrap(True)
        for n in report.notes:
            self.notes.addItem(f"[{n.unit}] {n.what}: {n.reason}")
        if report.notes:
            layout.addWidget(QLabel(tr("Lý do bỏ qua, từ chối, xung đột:")))
            layout.addWidget(self.notes, 1)
        buttons = self._buttons(report)
        self.busy = busy_strip("applyBusy", tr("Đang nhập gói (tất cả hoặc không gì cả), xin đợi…"))
        layout.addWidget(self.busy)
        layout.addWidget(buttons)
        self._tasks = tasks or TaskRunner(parent=self)
        self.applying = False

    def _units_view(self, report: ImportReport) -> QTableView:
        """Per unit: how many records are new, updated, unchanged, ignored, in conflict,
        refused."""
        self.table = QStandardItemModel(0, 1 + len(COUNT_COLUMNS))
        self.table.setHorizontalHeaderLabels([tr("Đơn vị")] + [tr(h) for _, h in COUNT_COLUMNS])
        for u in report.units:
            row = [QStandardItem(u.unit)]
            for key, _ in COUNT_COLUMNS:
                item = QStandardItem(str(getattr(u, key)) if getattr(u, key) else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                row.append(item)
            self.table.appendRow(row)
        view = named(QTableView(), "previewUnits")
        view.setModel(self.table)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return view

    def _buttons(self, report: ImportReport) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.apply = buttons.addButton(tr("Nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply.setObjectName("applyBundle")
        self.cancel = buttons.addButton(tr("Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel.setObjectName("cancelBundle")
        self.apply.clicked.connect(self._apply)
        self.cancel.clicked.connect(self.reject)
        if report.already_imported:
            self.apply.setEnabled(False)
        return buttons

    def _apply(self) -> None:
        if self.applying:
            return
        self.applying = True
        self.apply.setEnabled(False)
        self.cancel.setEnabled(False)
        self.busy.show()
        self._tasks.run(
            _backup_and_import,
            self._services,
            self._path,
            on_done=self._applied,
            on_error=self._failed,
        )

    def _applied(self, result: ImportReport) -> None:
        self.applying = False
        self.busy.hide()
        self.outcome = result
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.applying = False
        self.busy.hide()
        if isinstance(exc, (BundleRefused, ServiceError)):
            dialogs.error(self, str(exc))  # the import's transaction rolled back: nothing written
        else:
            dialogs.error(self, tr("Không nhập được gói: {why}").format(why=exc))
        self.reject()

    def reject(self) -> None:
        if self.applying:  # the import runs to its end (all or nothing); wait for it
            return
        super().reject()


def _backup_and_import(services: Services, path: str) -> ImportReport:
    """Worker-thread body: a copy of the store before it is written, then the import (each
    service call opens its own session from the sessionmaker)."""
    services.backup.before_import()
    return services.bundles.import_(path)
