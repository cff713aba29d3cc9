"""The office's choice to send the authors' phones and e-mails to the office above (off by
default: personal data the office above does not need to judge an initiative)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named


class ContactsChoice(QWidget):
    """A tick box and a line that says what it does."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choice = services.author_contacts
        self.box = named(
            QCheckBox(tr("Gửi số điện thoại và email của tác giả lên cấp trên")), "contactsUp"
        )
        self.box.setChecked(self._choice.sends_up())
        self.box.toggled.connect(self._toggled)
        note = named(
            QLabel(
                tr(
                    "Không chọn: gói gửi lên cấp trên không mang số điện thoại, email của tác "
                    "giả (dữ liệu cá nhân). Gói gửi xuống và gói bàn giao sổ luôn mang theo."
                )
            ),
            "contactsNote",
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(note)

    def _toggled(self, on: bool) -> None:
        try:
            n = self._choice.set_sends_up(on)
        except ServiceError as exc:
            self.box.blockSignals(True)
            self.box.setChecked(not on)
            self.box.blockSignals(False)
            dialogs.error(self, str(exc), tr("Chưa lưu được lựa chọn"))
            return
        if n:
            text = (
                tr("Gói gửi lên cấp trên lần tới sẽ mang số điện thoại, email của {n} tác giả.")
                if on
                else tr(
                    "Gói gửi lên cấp trên lần tới sẽ gửi lại sáng kiến của {n} tác giả không "
                    "kèm số điện thoại, email; cấp trên sẽ xoá các số, địa chỉ đã nhận."
                )
            )
            dialogs.info(self, text.format(n=n), tr("Đã lưu lựa chọn"))
