"""Late edits of a moved union's initiatives, on the sync page.

The province moved a grassroots union to this office's union; the old office edited one of its
initiatives before it heard of the move, and the province passed the edit on. The officer sees
what the old office proposes beside what this office holds, the fields that differ marked,
and either takes it as this office's own edit or leaves it.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services.common import ServiceError
from desktop.services.labels import DOSSIER_KIND, SECTOR
from desktop.services.registry import Services
from desktop.services.sync.moved_edits import MovedEditRow
from desktop.text.dates import format_date
from desktop.text.numbers import format_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named

TITLE = "Sửa đổi của văn phòng cũ sau khi đơn vị đã chuyển"


def _day(v: Any) -> str:
    if not v:
        return ""
    try:
        return format_date(dt.date.fromisoformat(str(v)))
    except ValueError:
        return str(v)


def _money(v: Any) -> str:
    if v in (None, ""):
        return ""
    try:
        return format_number(int(Decimal(str(v))))
    except (InvalidOperation, ValueError):
        return str(v)


def _yes_no(v: Any) -> str:
    return tr("có") if v else tr("không")


def _authors(v: Any) -> str:
    lines = []
    for a in v or ():
        parts = [str(a.get("full_name") or "")]
        parts += [str(a[k]) for k in ("job_title", "workplace") if a.get(k)]
        pct = a.get("contribution_pct")
        member = "" if a.get("is_member", True) else tr(", không là đoàn viên")
        lines.append(" – ".join(parts) + (f" ({pct}%{member})" if pct is not None else member))
    return "\n".join(lines)


def _dossier(v: Any) -> str:
    lines = []
    for d in v or ():
        kind = d.get("kind")
        label = next((text for k, text in DOSSIER_KIND.items() if k.value == kind), str(kind))
        extra = ", ".join(x for x in (_day(d.get("received_on")), d.get("note") or "") if x)
        lines.append(tr(label) + (f" ({extra})" if extra else ""))
    return "\n".join(lines)


def _sector(v: Any) -> str:
    return next((tr(text) for k, text in SECTOR.items() if k.value == v), str(v or ""))


def _precision(v: Any) -> str:
    return {"month": tr("tháng"), "quarter": tr("quý"), "year": tr("năm")}.get(str(v), "")


def _same(v: Any) -> str:
    return str(v or "")


# The content's fields, labelled as the entry form labels them, each with how it reads.
FIELDS: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("title", "Tên sáng kiến", _same),
    ("authors", "Tác giả", _authors),
    ("sector", "Khối", _sector),
    ("description", "Mô tả tóm tắt", _same),
    ("benefit_vnd", "Giá trị làm lợi (đồng)", _money),
    ("benefit_note", "Ghi chú về giá trị làm lợi", _same),
    ("applied_on", "Ngày áp dụng lần đầu", _day),
    ("applied_precision", "Ngày áp dụng chỉ ghi", _precision),
    ("registered_on", "Ngày đăng ký", _day),
    ("confidential", "Bảo mật", _yes_no),
    ("dossier", "Hồ sơ", _dossier),
    ("notes", "Ghi chú", _same),
    ("deleted", "Đã xoá", _yes_no),
)


def differing(proposed: dict[str, Any], current: dict[str, Any] | None) -> list[str]:
    """The Vietnamese names of the fields where ``proposed`` differs from ``current``."""
    if current is None:
        return []
    out = [tr(label) for key, label, _ in FIELDS if proposed.get(key) != current.get(key)]
    if proposed.get("field_uid") != current.get("field_uid"):
        out.append(tr("Lĩnh vực"))
    return out


def comparison_html(row: MovedEditRow) -> str:
    """The proposed content beside the current one, one field a line, differing ones marked."""
    p, c = row.proposed, row.current
    head = (
        f"<tr><th align=left>{tr('Mục')}</th>"
        f"<th align=left>{html.escape(tr('Bản sửa của {office}').format(office=row.from_office))}"
        f"</th><th align=left>{tr('Nội dung hiện tại')}</th></tr>"
    )
    rows = [head]

    def cell(text: str, changed: bool) -> str:
        body = html.escape(text).replace("\n", "<br>")
        return f"<td bgcolor='#fff4d6'><b>{body}</b></td>" if changed else f"<td>{body}</td>"

    def differs(key: str) -> bool:
        return c is not None and p.get(key) != c.get(key)

    # The differing fields first: they are what the officer decides on.
    for key, label, show in sorted(FIELDS, key=lambda f: not differs(f[0])):
        changed = differs(key)
        name = f"<b>{tr(label)} ✱</b>" if changed else f"<i>{tr(label)}</i>"
        now = show(c.get(key)) if c is not None else ""
        then = cell(show(p.get(key)), changed)
        rows.append(f"<tr><td>{name}</td>{then}{cell(now, changed)}</tr>")
    if c is not None and p.get("field_uid") != c.get("field_uid"):
        rows.append(
            f"<tr><td><b>{tr('Lĩnh vực')} ✱</b></td>"
            f"<td colspan=2 bgcolor='#fff4d6'><b>{tr('khác nhau')}</b></td></tr>"
        )
    table = "<table cellpadding=3 cellspacing=0 border=1>" + "".join(rows) + "</table>"
    if c is None:
        note = tr("<i>(văn phòng này không giữ sáng kiến này nữa)</i>")
    else:
        names = differing(p, c)
        note = (
            tr("Khác nhau ở: {fields} (đánh dấu ✱).").format(fields=", ".join(names))
            if names
            else tr("Nội dung như nhau.")
        )
    return f"<p>{html.escape(note) if c is not None else note}</p>{table}"


def arrived(at: dt.datetime) -> str:
    """When the late edit reached the province, in local time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone().strftime("%d/%m/%Y %H:%M")


class MovedEditsBox(QGroupBox):
    """The open late edits, the selected one compared, and the two decisions."""

    decided = Signal()  # an edit was accepted or rejected (or failed): the page reloads

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(tr(TITLE), parent)
        self._services = services
        self.rows: list[MovedEditRow] = []
        self.model = QStandardItemModel(0, 3)
        self.model.setHorizontalHeaderLabels([tr("Sáng kiến"), tr("Văn phòng cũ"), tr("Đến lúc")])
        self.view = named(QTableView(), "movedEdits")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 150)
        self.view.setWordWrap(True)
        self.comparison = named(QTextBrowser(), "movedEditComparison")
        self.accept_button = named(QPushButton(tr("Nhận sửa đổi")), "acceptMovedEdit")
        self.reject_button = named(QPushButton(tr("Bỏ qua sửa đổi")), "rejectMovedEdit")
        hint = QLabel(
            tr(
                "Văn phòng cũ đã sửa các sáng kiến này trước khi biết đơn vị đã chuyển về đây. "
                "Nhận sửa đổi: nội dung của họ thành sửa đổi của văn phòng này và được gửi đi. "
                "Bỏ qua: giữ nguyên nội dung hiện tại."
            ),
            wordWrap=True,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        # The list on the left, the chosen edit compared on the right: the page stays short.
        sides = QSplitter()
        sides.addWidget(self.view)
        sides.addWidget(self.comparison)
        sides.setStretchFactor(0, 1)
        sides.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(sides, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _p: self._show(cur.row()))
        self.accept_button.clicked.connect(self._accept)
        self.reject_button.clicked.connect(self._reject)
        self._enable(False)

    def reload(self) -> int:
        """The open late edits as the store has them; the one chosen stays chosen. Their count."""
        chosen = self.selected()
        self.rows = self._services.moved_edits.open()
        self.model.removeRows(0, self.model.rowCount())
        for r in self.rows:
            title = QStandardItem(r.title)
            title.setToolTip(r.title)
            self.model.appendRow(
                [
                    title,
                    QStandardItem(r.from_office),
                    QStandardItem(arrived(r.detected_at)),
                ]
            )
        self.comparison.clear()
        self._enable(False)
        again = next((i for i, r in enumerate(self.rows) if chosen and r.id == chosen.id), None)
        if again is not None:
            self.view.selectRow(again)
            self._show(again)
        return len(self.rows)

    def selected(self) -> MovedEditRow | None:
        row = self.view.currentIndex().row()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _enable(self, on: bool) -> None:
        self.accept_button.setEnabled(on)
        self.reject_button.setEnabled(on)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        self.comparison.setHtml(comparison_html(self.rows[row]))
        self._enable(True)

    def _accept(self) -> None:
        self._decide(
            tr(
                "Nhận sửa đổi của {office} về sáng kiến «{title}»?\n\nNội dung họ gửi sẽ thay "
                "nội dung hiện tại, là sửa đổi của văn phòng này, và được gửi đi ở gói sau."
            ),
            tr("Nhận sửa đổi"),
            self._services.moved_edits.accept,
            tr("Chưa nhận được sửa đổi: {why}"),
        )

    def _reject(self) -> None:
        self._decide(
            tr(
                "Bỏ qua sửa đổi của {office} về sáng kiến «{title}»?\n\nSáng kiến giữ nguyên "
                "nội dung hiện tại; tỉnh sẽ được báo là văn phòng này đã bỏ qua."
            ),
            tr("Bỏ qua sửa đổi"),
            self._services.moved_edits.reject,
            tr("Chưa bỏ qua được sửa đổi: {why}"),
        )

    def _decide(self, question: str, button: str, act: Callable[[int], None], failed: str) -> None:
        """Ask about the selected edit, then accept or reject it; a failure keeps it open."""
        edit = self.selected()
        if edit is None or not dialogs.confirm(
            self, question.format(office=edit.from_office, title=edit.title), button
        ):
            return
        try:
            act(edit.id)
        except ServiceError as exc:  # the edit stays open: nothing is lost
            dialogs.error(self, failed.format(why=exc))
        self.decided.emit()
