"""The office key's passphrase in the window: set or change it, and type it once per run before
the first bundle is signed or opened (services/sync/keys.py keeps it for the run, never on disk)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.common import ServiceError
from desktop.services.sync.office import OfficeService
from desktop.views.common.i18n import tr


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class UnlockKeyDialog(QDialog):
    """Asks the passphrase; accepted only once it opens the key."""

    def __init__(self, office: OfficeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.setWindowTitle(tr("Mật khẩu khoá của văn phòng"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr(
                    "Khoá ký gói của văn phòng được bảo vệ bằng mật khẩu. Nhập mật khẩu một lần; "
                    "chương trình nhớ nó đến khi đóng."
                ),
                wordWrap=True,
            )
        )
        self.passphrase = _password_field("keyPassphrase")
        self.passphrase.setAccessibleName(tr("Mật khẩu khoá"))
        layout.addWidget(self.passphrase)
        self.error = QLabel()
        self.error.setObjectName("keyError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _try(self) -> None:
        try:
            self._office.unlock_key(self.passphrase.text())
        except ServiceError as exc:
            self.error.setText(str(exc))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.accept()


def key_ready(office: OfficeService, parent: QWidget | None = None) -> bool:
    """True when bundles can be signed and opened now: the key has no passphrase, or the person
    has just typed it."""
    if not office.key_locked():
        return True
    return UnlockKeyDialog(office, parent).exec() == QDialog.DialogCode.Accepted


class ProtectKeyDialog(QDialog):
    """Set (or change) the key's passphrase."""

    def __init__(self, office: OfficeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.setWindowTitle(tr("Đặt mật khẩu khoá của văn phòng"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr(
                    "Với mật khẩu, người đọc được cơ sở dữ liệu hoặc một bản sao lưu cũng không ký "
                    "được gói thay văn phòng. Mọi máy của văn phòng dùng chung mật khẩu này. Quên "
                    "mật khẩu thì phải tạo khoá mới và đăng ký lại với các văn phòng khác."
                ),
                wordWrap=True,
            )
        )
        form = QFormLayout()
        self.old = _password_field("oldPassphrase")
        if office.key_protected():
            form.addRow(tr("Mật khẩu hiện tại"), self.old)
        self.new = _password_field("newPassphrase")
        self.again = _password_field("againPassphrase")
        form.addRow(tr("Mật khẩu mới (ít nhất 8 ký tự)"), self.new)
        form.addRow(tr("Nhập lại mật khẩu mới"), self.again)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("keyError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _save(self) -> None:
        try:
            self._office.protect_key(
                self.new.text(), self.again.text(), old=self.old.text() or None
            )
        except ServiceError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
