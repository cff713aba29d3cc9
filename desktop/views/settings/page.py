"""Settings: where the data lives, backups and restoring one, which office this is, versions."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import labels
from desktop.services.changes import Changes, Kind
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.store.backup import BackupInfo
from desktop.text.numbers import format_number
from desktop.versions import component_versions
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner
from desktop.views.settings.contacts import ContactsChoice
from desktop.views.sync.key_dialog import ProtectKeyDialog

BACKUP_COLUMNS = ("Thời điểm sao lưu", "Lý do", "Nội dung", "Dung lượng")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return tr("{n} MB").format(n=format_number(n / (1024 * 1024), 1))
    return tr("{n} KB").format(n=format_number(max(1, round(n / 1024))))


class BackupBox(QGroupBox):
    """ "Sao lưu và khôi phục": the copies with their date and contents, and restoring one.

    The page cannot swap the database under the open window itself: after the person
    confirms, it emits ``restore_requested(path)`` and the composition root (app.py) closes the
    store, restores, and opens everything again."""

    restore_requested = Signal(str)
    second_backup_dir_changed = Signal(str)  # "" = none; app.py keeps it in the settings

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(tr("Sao lưu và khôi phục"), parent)
        self._backup = services.backup
        self._rows: list[BackupInfo] = []
        layout = QVBoxLayout(self)
        if not self._backup.supported:
            note = named(QLabel(tr(self._backup.note or "")), "backupNote")
            note.setWordWrap(True)
            layout.addWidget(note)
            return
        intro = named(
            QLabel(
                tr(
                    "Chương trình tự sao lưu dữ liệu mỗi ngày, trước mỗi lần nhập dữ liệu và "
                    "trước khi nâng cấp phiên bản. Các bản sao nằm trong thư mục: {folder}"
                ).format(folder=self._backup.directory),
            ),
            "backupIntro",
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        layout.addWidget(self._build_table())
        self.empty = named(
            QLabel(tr("Chưa có bản sao lưu nào. Bấm «Sao lưu ngay» để tạo bản đầu tiên.")),
            "noBackups",
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        layout.addLayout(self._buttons_row())
        layout.addLayout(self._second_folder_row())
        self.second_problem = named(QLabel(), "secondDirProblem")
        self.second_problem.setWordWrap(True)
        self.second_problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.second_problem)
        self.reload()

    def _build_table(self) -> QTableWidget:
        """The copies, one a row; double-clicking one restores it."""
        self.table = named(QTableWidget(0, len(BACKUP_COLUMNS)), "backupTable")
        self.table.setHorizontalHeaderLabels([tr(c) for c in BACKUP_COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(180)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        return self.table

    def _buttons_row(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.backup_now = named(QPushButton(tr("Sao lưu ngay")), "backupNow")
        self.backup_now.clicked.connect(self.make_backup)
        self.restore_button = named(QPushButton(tr("Khôi phục…")), "restoreBackup")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        open_dir = named(QPushButton(tr("Mở thư mục sao lưu")), "openBackupDir")
        open_dir.clicked.connect(self._open_folder)
        buttons.addWidget(self.backup_now)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(open_dir)
        return buttons

    def _second_folder_row(self) -> QHBoxLayout:
        # Copies on the same disk die with it: each copy can also go to a USB stick.
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Thư mục sao lưu thứ hai (ví dụ ổ USB):")))
        self.second_dir = QLabel()
        self.second_dir.setObjectName("secondDir")
        self.second_dir.setWordWrap(True)
        self.second_dir.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.second_dir, 1)
        self.choose_second = QPushButton(tr("Chọn thư mục…"))
        self.choose_second.setObjectName("chooseSecondDir")
        self.choose_second.clicked.connect(self.choose_second_folder)
        self.clear_second = QPushButton(tr("Bỏ"))
        self.clear_second.setObjectName("clearSecondDir")
        self.clear_second.clicked.connect(lambda: self.set_second_folder(""))
        row.addWidget(self.choose_second)
        row.addWidget(self.clear_second)
        return row

    def choose_second_folder(self) -> None:
        current = self._backup.second_directory
        folder = dialogs.choose_folder(
            self, tr("Chọn thư mục sao lưu thứ hai"), str(current) if current else "", kind="backup"
        )
        if folder:
            self.set_second_folder(folder)

    def set_second_folder(self, folder: str) -> None:
        self._backup.second_directory = folder or None
        self.second_backup_dir_changed.emit(folder or "")
        self.reload()

    def _show_second_folder(self) -> None:
        folder = self._backup.second_directory
        self.second_dir.setText(str(folder) if folder else tr("Chưa chọn"))
        self.clear_second.setEnabled(folder is not None)
        problem = self._backup.second_directory_problem()
        self.second_problem.setText(problem or "")
        self.second_problem.setVisible(bool(problem))

    def showEvent(self, event: QShowEvent) -> None:
        # Copies are made while the program runs (imports, upgrades): list them afresh.
        if self._backup.supported:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        self._rows = self._backup.list()
        self.table.setRowCount(len(self._rows))
        for r, info in enumerate(self._rows):
            cells = (
                info.created_at.strftime("%d/%m/%Y %H:%M"),
                tr(info.reason_label),
                info.contents,
                _size(info.size_bytes),
            )
            second = self._backup.second_directory
            if second is not None and info.path.parent == second:
                cells = (*cells[:2], tr("[Thư mục thứ hai] ") + cells[2], cells[3])
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if c == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.empty.setVisible(not self._rows)
        self._selection_changed()
        self._show_second_folder()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.readable)

    def make_backup(self) -> None:
        try:
            info = self._backup.make()
        except ServiceError as exc:
            dialogs.error(self, str(exc), tr("Chưa sao lưu được"))
            return
        self.reload()
        text = tr("Đã sao lưu: {contents}.\nTệp: {path}").format(
            contents=info.contents, path=info.path
        )
        if info.second_copy is not None:
            text += "\n" + tr("Bản sao thứ hai: {path}").format(path=info.second_copy)
        if info.second_copy_problem:
            text += "\n\n" + info.second_copy_problem
        dialogs.info(self, text, tr("Đã sao lưu"))

    def confirmation_text(self, info: BackupInfo) -> str:
        return tr(
            "Khôi phục bản sao lưu lúc {when} ({reason})?\n\n"
            "Bản sao có: {contents}.\n"
            "Dữ liệu đang dùng có: {current}.\n\n"
            "Toàn bộ dữ liệu đang dùng sẽ được thay bằng dữ liệu trong bản sao; những gì nhập "
            "sau thời điểm sao lưu sẽ không còn trong dữ liệu đang dùng. Trước khi thay, chương "
            "trình sao lưu dữ liệu đang dùng (lý do «Trước khi khôi phục»), nên có thể quay lại "
            "bằng cách khôi phục bản sao đó. Cửa sổ sẽ đóng rồi tự mở lại."
        ).format(
            when=info.created_at.strftime("%H:%M ngày %d/%m/%Y"),
            reason=tr(info.reason_label).lower(),
            contents=info.contents,
            current=self._backup.current_contents(),
        )

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        if not info.readable:
            dialogs.error(self, info.problem or tr("Không đọc được bản sao này."))
            return
        if dialogs.confirm(self, self.confirmation_text(info), tr("Khôi phục dữ liệu")):
            self.restore_requested.emit(str(info.path))

    def _open_folder(self) -> None:
        folder = self._backup.directory
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _data_box(services: Services) -> QGroupBox:
    """Where the data lives (with a button to its folder for a SQLite file)."""
    store = services.store
    data_box = QGroupBox(tr("Dữ liệu"))
    form = QFormLayout(data_box)
    database = named(QLabel(store.description), "database")
    database.setWordWrap(True)
    form.addRow(tr("Cơ sở dữ liệu:"), database)
    if store.sqlite_file is not None:
        open_dir = QPushButton(tr("Mở thư mục dữ liệu"))
        open_dir.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(store.sqlite_file.parent)))
        )
        row = QHBoxLayout()
        row.addWidget(open_dir)
        row.addStretch(1)
        form.addRow("", row)
    return data_box


class SettingsPage(QWidget):
    restore_requested = Signal(str)
    second_backup_dir_changed = Signal(str)
    # The key's state; the backups list reloads each time the page shows (BackupBox).
    shows = frozenset({Kind.OFFICE})

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        data_box = _data_box(services)
        self.backups = BackupBox(services)
        self.backups.restore_requested.connect(self.restore_requested)
        self.backups.second_backup_dir_changed.connect(self.second_backup_dir_changed)
        office_box = self._office_box()
        about_box = QGroupBox(tr("Phiên bản"))
        about = QFormLayout(about_box)
        for name, value in component_versions().items():
            about.addRow(f"{name}:", QLabel(value))
        # Two columns, so the page fits what a 1366 x 768 screen leaves beside the navigation:
        # the data and its backups (the list takes the height) beside the office and versions.
        left = QVBoxLayout()
        left.addWidget(data_box)
        left.addWidget(self.backups, 1)
        right = QVBoxLayout()
        right.addWidget(office_box)
        right.addWidget(about_box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    def _office_box(self) -> QGroupBox:
        """Which office this is, its key's fingerprint, and whether a password guards the key
        (``key_state`` and ``protect_key`` exist only once the office is set up)."""
        office_box = QGroupBox(tr("Văn phòng"))
        office_form = QFormLayout(office_box)
        office = self._services.office.local()
        if office is None:
            office_form.addRow(QLabel(tr("Chưa thiết lập.")))
            return office_box
        office_form.addRow(tr("Đơn vị:"), named(QLabel(office.name), "officeName"))
        if office.unit_kind:
            office_form.addRow(tr("Cấp:"), QLabel(tr(labels.UNIT_KIND[office.unit_kind])))
        fingerprint = QLabel(office.fingerprint or "")
        fingerprint.setWordWrap(True)
        office_form.addRow(tr("Dấu vân tay khoá:"), fingerprint)
        self.key_state = named(QLabel(), "keyState")
        self.key_state.setWordWrap(True)
        self.protect_key = named(QPushButton(), "protectKey")
        self.protect_key.clicked.connect(self._protect_key)
        # The state on its own row: a wrapped label beside a button is cut off by the form.
        office_form.addRow(tr("Mật khẩu khoá:"), self.key_state)
        key_row = QHBoxLayout()
        key_row.addWidget(self.protect_key)
        key_row.addStretch(1)
        office_form.addRow("", key_row)
        self._show_key_state()
        self.contacts = ContactsChoice(self._services)
        office_form.addRow(tr("Dữ liệu cá nhân:"), self.contacts)
        return office_box

    def reload_for(self, changes: Changes) -> None:
        """After a commit touching the office (the main window calls it)."""
        if hasattr(self, "key_state"):
            self._show_key_state()

    def _show_key_state(self) -> None:
        protected = self._services.office.key_protected()
        self.key_state.setText(
            tr("Có mật khẩu: chỉ người biết mật khẩu mới ký được gói.")
            if protected
            else tr("Chưa có mật khẩu: ai đọc được dữ liệu cũng ký được gói thay văn phòng.")
        )
        self.protect_key.setText(tr("Đổi mật khẩu…") if protected else tr("Đặt mật khẩu…"))

    def _protect_key(self) -> None:
        if ProtectKeyDialog(self._services.office, self).exec():
            dialogs.info(self, tr("Đã đặt mật khẩu cho khoá của văn phòng."))
            self._show_key_state()
