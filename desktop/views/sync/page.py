"""Sync: this office's key, the enrolled offices, sending and receiving bundles, conflicts,
the late edits of a moved union's old office, and the history of bundles in and out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services.changes import Changes, Kind
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.sync import BundleRefused, ConflictRow
from desktop.services.sync.files import EXTENSION
from desktop.services.sync.office import write_enrolment_file
from desktop.services.sync.reports import ImportReport, PeerState
from desktop.text.partial_dates import DatePrecision, format_partial_date
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner
from desktop.views.sync.dialogs import EnrolDialog, ExportDialog, ImportPreviewDialog, busy_strip
from desktop.views.sync.key_dialog import key_ready
from desktop.views.sync.merge_dialog import MergeDialog
from desktop.views.sync.moved_edits import MovedEditsBox

FIELD_LABELS = {
    "title": "Tên sáng kiến",
    "description": "Mô tả",
    "benefit_vnd": "Giá trị làm lợi (đồng)",
    "benefit_note": "Ghi chú làm lợi",
    "applied_on": "Ngày áp dụng",
    "registered_on": "Ngày đăng ký",
    "authors": "Tác giả",
    "dossier": "Hồ sơ",
    "deleted": "Đã xoá",
    "notes": "Ghi chú",
}


def _partial(day: Any, precision: Any) -> str:
    try:
        return format_partial_date(dt.date.fromisoformat(str(day)), DatePrecision(precision))
    except ValueError:
        return str(day)


def _describe(content: dict[str, Any] | None, other: dict[str, Any] | None) -> str:
    """HTML of one side of a conflict; fields that differ from the other side in bold."""
    if content is None:
        return tr("<i>(văn phòng này không giữ bản nội dung đã được quyết định)</i>")
    rows = []
    for key, label in FIELD_LABELS.items():
        value = content.get(key)
        if key == "authors":
            value = ", ".join(
                f"{a.get('full_name')} ({a.get('contribution_pct')}%)" for a in value or []
            )
        elif key == "dossier":
            value = ", ".join(str(d.get("kind")) for d in value or [])
        elif key == "deleted":
            value = tr("có") if value else tr("không")
        elif key == "applied_on" and value and content.get("applied_precision"):
            value = _partial(value, content["applied_precision"])  # "03/2022", "Quý I/2022"
        text = "" if value is None else str(value)
        changed = other is not None and other.get(key) != content.get(key)
        if key == "applied_on" and other is not None:
            changed = changed or other.get("applied_precision") != content.get("applied_precision")
        cell = f"<b>{text}</b>" if changed else text
        rows.append(f"<tr><td><i>{tr(label)}</i></td><td>{cell}</td></tr>")
    return "<table cellpadding=3>" + "".join(rows) + "</table>"


def _program_of(p: PeerState) -> str:
    """Which Sổ Sáng Kiến the peer runs, from its newest bundle: the province sees at a glance
    which offices still run an old version."""
    if p.last_import_at is None:
        return tr("chưa nhận gói nào")
    return p.program_version or tr("0.1.0 trở về trước")


def _table(model: QStandardItemModel, name: str, stretch: int, rows: bool = False) -> QTableView:
    """A read-only list of ``model`` without row numbers; column ``stretch`` takes the room."""
    view = named(QTableView(), name)
    view.setModel(model)
    view.verticalHeader().hide()
    if rows:
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _restore_notice() -> QLabel:
    """After a restore from a backup: what this office waits for from its peers (hidden until
    then)."""
    notice = named(QLabel(), "restoreNotice")
    notice.setWordWrap(True)
    notice.setStyleSheet("background: #fff4d6; border: 1px solid #e0b84f; padding: 6px;")
    notice.hide()
    return notice


class SyncPage(QWidget):
    # What the page shows; the main window calls reload_for after a commit touching it.
    shows = frozenset({Kind.SYNC, Kind.OFFICE, Kind.INITIATIVES, Kind.DECISIONS})

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.preview_dialog: ImportPreviewDialog | None = None
        key_box = self._key_box()
        peers_box = self._peers_box()
        conflicts_box = self._conflicts_box()
        self.moved_edits = MovedEditsBox(services)
        # What waits for the officer: the conflicts and the late edits, each tab with its count.
        self.review = named(QTabWidget(), "syncReview")
        self.review.addTab(conflicts_box, "")
        self.review.addTab(self.moved_edits, "")
        history_box = self._history_box()
        top = QHBoxLayout()
        top.addWidget(key_box, 1)
        top.addWidget(peers_box, 2)
        self.busy = busy_strip("syncBusy", tr("Đang kiểm tra gói dữ liệu, xin đợi…"))
        self.checking = False
        self._tasks = tasks or TaskRunner(parent=self)
        self.restore_notice = _restore_notice()
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addWidget(self.restore_notice)
        layout.addLayout(top)
        layout.addWidget(self.review, 2)
        layout.addWidget(history_box, 2)
        self._connect()
        self.reload()

    def _key_box(self) -> QGroupBox:
        """This office's fingerprint, with the enrolment buttons."""
        self.fingerprint = named(QLabel(), "fingerprint")
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 14pt;")
        key_box = QGroupBox(tr("Khoá của văn phòng này"))
        key_layout = QVBoxLayout(key_box)
        key_layout.addWidget(
            QLabel(
                tr(
                    "Dấu vân tay dưới đây xác nhận các gói dữ liệu do văn phòng này gửi đi. "
                    "Khi đăng ký với cấp trên, hãy đọc nó qua điện thoại hoặc in trên công văn "
                    "có đóng dấu."
                ),
                wordWrap=True,
            )
        )
        key_layout.addWidget(self.fingerprint)
        key_buttons = QHBoxLayout()
        self.export_enrolment = named(QPushButton(tr("Xuất tệp đăng ký…")), "exportEnrolment")
        self.enrol = named(QPushButton(tr("Đăng ký văn phòng khác…")), "enrol")
        key_buttons.addWidget(self.export_enrolment)
        key_buttons.addWidget(self.enrol)
        key_buttons.addStretch(1)
        key_layout.addLayout(key_buttons)
        return key_box

    def _peers_box(self) -> QGroupBox:
        """The enrolled offices, with the send and receive buttons."""
        peers_box = QGroupBox(tr("Văn phòng đã đăng ký"))
        self.peers = QStandardItemModel(0, 5)
        self.peers.setHorizontalHeaderLabels(
            [
                tr("Văn phòng"),
                tr("Dấu vân tay"),
                tr("Đã gửi tới gói số"),
                tr("Đã nhận"),
                tr("Phiên bản"),
            ]
        )
        peers_view = _table(self.peers, "peers", stretch=0)
        peers_layout = QVBoxLayout(peers_box)
        peers_layout.addWidget(peers_view)
        send_row = QHBoxLayout()
        self.send = named(QPushButton(tr("Gửi gói…")), "sendBundle")
        self.receive = named(QPushButton(tr("Nhận gói…")), "receiveBundle")
        send_row.addWidget(self.send)
        send_row.addWidget(self.receive)
        self.merge = named(QPushButton(tr("Sáp nhập tỉnh…")), "mergeProvince")
        send_row.addWidget(self.merge)
        send_row.addWidget(
            QLabel(tr("hoặc kéo tệp gói (.ssk) thả vào cửa sổ chương trình"), wordWrap=True), 1
        )
        peers_layout.addLayout(send_row)
        return peers_box

    def _conflicts_box(self) -> QGroupBox:
        """The conflicts, the two sides of the one selected, and the button that settles it."""
        conflicts_box = QGroupBox(tr("Xung đột: nội dung đã thay đổi sau khi có quyết định"))
        self.conflicts = QStandardItemModel(0, 3)
        self.conflicts.setHorizontalHeaderLabels([tr("Sáng kiến"), tr("Đơn vị"), tr("Trạng thái")])
        self.conflicts_view = _table(self.conflicts, "conflicts", stretch=0, rows=True)
        self.decided = named(QTextBrowser(), "decidedContent")
        self.current = named(QTextBrowser(), "currentContent")
        sides = QSplitter()
        for title, browser in (
            (tr("Nội dung khi quyết định"), self.decided),
            (tr("Nội dung hiện tại"), self.current),
        ):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(QLabel(f"<b>{title}</b>"))
            lay.addWidget(browser)
            sides.addWidget(box)
        self.reconfirm = named(
            QPushButton(tr("Đã xem xét lại: giữ quyết định trên nội dung mới")), "reconfirm"
        )
        conflicts_layout = QVBoxLayout(conflicts_box)
        conflicts_layout.addWidget(self.conflicts_view, 1)
        conflicts_layout.addWidget(sides, 2)
        conflicts_layout.addWidget(self.reconfirm)
        self._conflict_rows: list[ConflictRow] = []
        return conflicts_box

    def _history_box(self) -> QGroupBox:
        """The bundles sent and received."""
        self.history = QStandardItemModel(0, 6)
        self.history.setHorizontalHeaderLabels(
            [
                tr("Thời điểm"),
                tr("Chiều"),
                tr("Văn phòng"),
                tr("Gói số"),
                tr("Kết quả"),
                tr("Lý do"),
            ]
        )
        table = _table(self.history, "syncHistory", stretch=5)
        history_box = QGroupBox(tr("Lịch sử gửi và nhận gói dữ liệu"))
        QVBoxLayout(history_box).addWidget(table)
        return history_box

    def _connect(self) -> None:
        self.export_enrolment.clicked.connect(self._export_enrolment)
        self.enrol.clicked.connect(self._enrol)
        self.send.clicked.connect(self._send)
        self.receive.clicked.connect(self._receive)
        self.merge.clicked.connect(self._merge)
        self.reconfirm.clicked.connect(self._reconfirm)
        self.conflicts_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show_conflict(cur.row())
        )
        self.moved_edits.decided.connect(self.reload)

    # ---- state -----------------------------------------------------------------------------
    def reload_for(self, changes: Changes) -> None:
        """After a commit anywhere (the main window calls it). Not while a bundle is checked:
        the buttons stay off until the check ends, which reloads."""
        if not self.checking:
            self.reload()

    def idle(self) -> bool:
        """No bundle being checked, previewed or applied."""
        return not self.checking and self.preview_dialog is None

    def reload(self) -> None:
        office = self._services.office.local()
        self.fingerprint.setText(
            office.fingerprint
            if office and office.fingerprint
            else tr("(chưa thiết lập văn phòng)")
        )
        for w in (self.export_enrolment, self.enrol, self.send, self.receive):
            w.setEnabled(office is not None)
        self.reconfirm.setVisible(office is not None and office.is_province)
        self.merge.setEnabled(office is not None and office.is_province)
        self.merge.setToolTip(
            tr("Gửi hoặc nhận toàn bộ dữ liệu của một tỉnh khi sáp nhập tỉnh.")
            if office is not None and office.is_province
            else tr("Chỉ văn phòng LĐLĐ tỉnh gửi hoặc nhận toàn bộ dữ liệu khi sáp nhập tỉnh.")
        )
        self._show_restore_notice()
        self.peers.removeRows(0, self.peers.rowCount())
        kept = {r.unit_code for r in self._services.books.kept()}
        for p in self._services.bundles.peers():
            received = (
                tr("tới gói số {n}").format(n=p.last_sequence_in) if p.last_sequence_in else ""
            )
            if p.unit_code in kept:
                received += tr(
                    " (văn phòng này đang giữ sổ hộ: hãy bàn giao sổ ở trang Đơn vị; gói của họ "
                    "chưa được nhận)"
                )
            if p.missing:
                received += tr(" (chưa nhận gói số {m})").format(
                    m=", ".join(map(str, p.missing[:10]))
                )
            if p.awaiting_resend:
                received += tr(" (đang chờ họ gửi lại toàn bộ dữ liệu)")
            if p.owes_resend:
                received += tr(
                    " (họ đã khôi phục từ bản sao lưu: gói sau gửi họ sẽ gửi lại toàn bộ)"
                )
            self.peers.appendRow(
                [
                    QStandardItem(p.name),
                    QStandardItem(p.fingerprint or ""),
                    QStandardItem(str(p.next_sequence - 1) if p.next_sequence > 1 else ""),
                    QStandardItem(received),
                    QStandardItem(_program_of(p)),
                ]
            )
        self._conflict_rows = self._services.bundles.conflicts()
        self.conflicts.removeRows(0, self.conflicts.rowCount())
        for c in self._conflict_rows:
            self.conflicts.appendRow(
                [QStandardItem(c.title), QStandardItem(c.unit), QStandardItem(c.status)]
            )
        self.reconfirm.setEnabled(False)
        self.decided.clear()
        self.current.clear()
        self._show_waiting(len(self._conflict_rows), self.moved_edits.reload())
        self.history.removeRows(0, self.history.rowCount())
        for e in self._services.sync_history.list():
            self.history.appendRow(
                [
                    QStandardItem(e.at.astimezone().strftime("%d/%m/%Y %H:%M")),
                    QStandardItem(tr("Nhận") if e.direction == "in" else tr("Gửi")),
                    QStandardItem(e.peer_name or ""),
                    QStandardItem(str(e.sequence) if e.sequence else ""),
                    QStandardItem(tr("Đã nhận") if e.accepted else tr("Từ chối"))
                    if e.direction == "in"
                    else QStandardItem(tr("Đã gửi")),
                    QStandardItem(e.reason or ""),
                ]
            )

    def waiting(self) -> int:
        """How many things wait for the officer here: conflicts and late edits."""
        return len(self._conflict_rows) + len(self.moved_edits.rows)

    def _show_waiting(self, conflicts: int, late: int) -> None:
        """The tabs' titles count what each holds; an empty tab gives way to a full one."""
        self.review.setTabText(0, tr("Xung đột ({n})").format(n=conflicts))
        self.review.setTabText(1, tr("Sửa đổi của văn phòng cũ ({n})").format(n=late))
        counts = (conflicts, late)
        here = self.review.currentIndex()
        if counts[here] == 0 and counts[1 - here] > 0:
            self.review.setCurrentIndex(1 - here)

    def _show_restore_notice(self) -> None:
        status = self._services.bundles.restore_status()
        if status is None or not status.waiting_for:
            self.restore_notice.hide()
            return
        try:
            when = dt.datetime.fromisoformat(status.at).astimezone().strftime("%d/%m/%Y %H:%M")
        except ValueError:
            when = ""
        self.restore_notice.setText(
            tr(
                "Đã khôi phục từ bản sao lưu {source} (lúc {when}): những gì làm sau lần sao "
                "lưu đó có thể đã mất ở máy này, cần nhận lại dữ liệu từ {peers}. Hãy gửi gói "
                "cho các văn phòng đó; gói họ gửi lại sẽ mang toàn bộ dữ liệu, kể cả các sáng "
                "kiến của văn phòng này mà họ đang giữ."
            ).format(source=status.source, when=when, peers=", ".join(status.waiting_for))
        )
        self.restore_notice.show()

    def _show_conflict(self, row: int) -> None:
        if not 0 <= row < len(self._conflict_rows):
            return
        c = self._conflict_rows[row]
        self.decided.setHtml(_describe(c.decided, c.current))
        self.current.setHtml(_describe(c.current, c.decided))
        self.reconfirm.setEnabled(True)

    # ---- actions ---------------------------------------------------------------------------
    def _export_enrolment(self) -> None:
        if not key_ready(self._services.office, self):
            return
        office = self._services.office.local()
        # «Tep-dang-ky_LC-TD_2026-12-02.json», in the last folder used for enrolment files
        start = dialogs.suggested_name(
            tr("Tệp đăng ký"), campaign=office.unit_code if office else None, suffix=".json"
        )
        path = dialogs.save_file(self, tr("Ghi tệp đăng ký"), tr("Tệp đăng ký (*.json)"), start)
        if not path:
            return
        try:
            write_enrolment_file(self._services.enrolment, path)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        dialogs.offer_open(
            self,
            Path(path),
            tr(
                "Đã ghi tệp đăng ký «{name}» vào thư mục\n{folder}\n\nGửi tệp cho văn phòng kia "
                "và đọc cho họ dấu vân tay: {fp}"
            ).format(
                name=Path(path).name,
                folder=Path(path).parent,
                fp=office.fingerprint if office else "",
            ),
        )

    def _enrol(self) -> None:
        path = dialogs.open_file(
            self, tr("Chọn tệp đăng ký nhận được"), tr("Tệp đăng ký (*.json);;Mọi tệp (*)")
        )
        if not path:
            return
        try:
            dialog = EnrolDialog(self._services, path, self)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        if dialog.exec():
            dialogs.info(self, dialog.message)
        self.reload()

    def _send(self) -> None:
        if not key_ready(self._services.office, self):
            return
        dialog = ExportDialog(self._services, self, tasks=self._tasks)
        if dialog.exec():
            if dialog.results:  # written: «Mở thư mục» opens where the bundles are
                dialogs.offer_open(self, dialog.results[-1].path, dialog.message)
            else:
                dialogs.info(self, dialog.message)
        self.reload()

    def _merge(self) -> None:
        """Provinces merge: send this province's whole store, or take in the other's."""
        MergeDialog(self._services, self, tasks=self._tasks).exec()
        self.reload()

    def _receive(self) -> None:
        path = dialogs.open_file(
            self,
            tr("Chọn gói dữ liệu nhận được"),
            tr("Gói dữ liệu Sổ Sáng Kiến (*{ext});;Mọi tệp (*)").format(ext=EXTENSION),
        )
        if path:
            self.import_file(path)

    def _set_busy(self, busy: bool) -> None:
        self.checking = busy
        self.busy.setVisible(busy)
        if busy:
            for w in (
                self.export_enrolment,
                self.enrol,
                self.send,
                self.receive,
                self.merge,
                self.reconfirm,
                self.moved_edits.accept_button,
                self.moved_edits.reject_button,
            ):
                w.setEnabled(False)
        else:
            self.reload()  # the buttons as the office's state allows; a refusal in the history

    def import_file(self, path: str) -> None:
        """Verify and preview ``path``; apply it only if the person says so.

        The check and the dry run read the whole bundle (seconds for a big one): they run on the
        window's runner while the window keeps painting, with a busy indicator and the buttons
        off. This returns at once; the preview follows when the check ends (``_checked``).
        """
        if not self.idle():  # one bundle at a time (a second drop while the first is checked)
            dialogs.error(self, tr("Đang kiểm tra một gói khác; hãy đợi xong rồi thử lại."))
            return
        if not key_ready(self._services.office, self):  # a sealed bundle opens with it
            return
        self._set_busy(True)
        self._tasks.run(
            self._services.bundles.preview,
            path,
            on_done=lambda report: self._checked(path, report),
            on_error=self._refused,
        )

    def _refused(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, (BundleRefused, ServiceError)):
            dialogs.error(self, tr("Gói bị từ chối: {why}").format(why=exc))
        else:  # already logged by the task
            dialogs.error(self, tr("Không đọc được gói: {why}").format(why=exc))

    def _checked(self, path: str, report: ImportReport) -> None:
        self._set_busy(False)
        dialog = ImportPreviewDialog(self._services, path, report, self, tasks=self._tasks)
        self.preview_dialog = dialog
        try:
            if dialog.exec() and dialog.outcome is not None:
                result = dialog.outcome
                text = result.message + (f"\n{result.gap}" if result.gap else "")
                if result.sender_restored:
                    text += "\n" + tr(
                        "{name} đã khôi phục từ bản sao lưu: gói sau gửi họ sẽ gửi lại toàn bộ "
                        "dữ liệu, kể cả những gì của họ mà văn phòng này đang giữ."
                    ).format(name=result.sender_name)
                if result.resend_received:
                    text += "\n" + tr(
                        "Đã nhận lại toàn bộ dữ liệu {name} gửi lại sau khi khôi phục từ bản "
                        "sao lưu."
                    ).format(name=result.sender_name)
                dialogs.info(self, text)
        finally:
            self.preview_dialog = None
        self.reload()

    def _reconfirm(self) -> None:
        row = self.conflicts_view.currentIndex().row()
        if not 0 <= row < len(self._conflict_rows):
            return
        try:
            self._services.bundles.resolve_conflict(self._conflict_rows[row].id)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        self.reload()
