"""Whose books are kept where, on the units page: the «Sổ» column, the two buttons (keep or
stop keeping the books of the chosen union; hand them over to its office) and the lines of the
detail panel (services/units/books.py)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _esc
from pathlib import Path

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.services.sync.reports import ExportResult
from desktop.services.units.books import HANDED_OVER, KeptRow
from desktop.services.units.tree import UnitRow
from desktop.text.dates import format_date
from desktop.text.numbers import format_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner
from desktop.views.sync.key_dialog import key_ready


class BooksState:
    """What the page needs to know of the books, read once per reload."""

    def __init__(self, services: Services) -> None:
        office = services.office.local()
        self.office_unit_id = office.unit_id if office else None
        self.kept = {r.unit_id: r for r in services.books.kept()}
        self.peers = {p.unit_code for p in services.bundles.peers() if p.unit_code}
        self.last: dict[int, KeptRow] = {}
        for r in reversed(services.books.history()):  # newest last: it wins
            self.last[r.unit_id] = r

    def column(self, u: UnitRow) -> str:
        """Who keeps the unit's books, in a word (blank for a grassroots union)."""
        if u.id == self.office_unit_id:
            return tr("Văn phòng này")
        if u.id in self.kept:
            return tr("Giữ sổ hộ")
        last = self.last.get(u.id)
        if last is not None and last.ended_how == HANDED_OVER:
            return tr("Đã bàn giao")  # to its own office
        if u.code in self.peers:
            return tr("Văn phòng riêng")
        if last is not None:
            return tr("Thôi giữ hộ (chỉ xem)")
        return ""

    def pending_handover(self, u: UnitRow) -> bool:
        """Kept (or kept and stopped) here, and its own office is enrolled: hand over now."""
        last = self.last.get(u.id)
        kept_or_stopped = u.id in self.kept or (last is not None and last.ended_how != HANDED_OVER)
        return kept_or_stopped and u.code in self.peers


def detail_lines(services: Services, u: UnitRow, state: BooksState) -> list[str]:
    """The unit's books in the detail panel: who keeps them, and each spell of keeping."""
    spells = services.books.history(u.id)
    kept = state.kept.get(u.id)
    lines: list[str] = []
    if kept is not None:
        lines.append(
            "<p><b>"
            + _esc(
                tr(
                    "Sổ: văn phòng này giữ sổ hộ từ ngày {day} ({units} công đoàn cơ sở, "
                    "{count} sáng kiến)."
                ).format(
                    day=format_date(kept.started_at.date()),
                    units=format_number(kept.grassroots),
                    count=format_number(kept.initiatives),
                )
            )
            + "</b></p>"
        )
        if u.code in state.peers:
            lines.append(
                "<p>"
                + _esc(
                    tr(
                        "Đơn vị đã dùng chương trình và đã đăng ký: hãy bàn giao sổ (nút «Bàn "
                        "giao sổ…»)."
                    )
                )
                + "</p>"
            )
    if spells and (kept is None or len(spells) > 1):
        lines.append(f"<h4>{_esc(tr('Giữ sổ hộ'))}</h4><ul>")
        for r in spells:
            start = format_date(r.started_at.date())
            end = format_date(r.ended_at.date()) if r.ended_at else tr("nay")
            lines.append(f"<li>{_esc(f'{start} – {end}: {tr(r.state_text)}')}</li>")
        lines.append("</ul>")
    return lines


class BooksButtons:
    """«Giữ sổ hộ» / «Thôi giữ sổ hộ» and «Bàn giao sổ…» for the chosen unit."""

    def __init__(
        self,
        services: Services,
        parent: QWidget,
        tasks: TaskRunner | None,
        reload: Callable[[], None],
    ) -> None:
        self._services = services
        self._parent = parent
        self._tasks = tasks
        self._reload = reload
        self.keep_button = named(QPushButton(tr("Giữ sổ hộ…")), "keepBooks")
        self._keep_tip = tr(
            "Nhập sáng kiến, chỉ tiêu của một công đoàn cấp trên trực tiếp cơ sở chưa dùng "
            "chương trình (danh sách Excel họ gửi qua thư điện tử)."
        )
        self.keep_button.setToolTip(self._keep_tip)
        self.hand_over_button = named(QPushButton(tr("Bàn giao sổ…")), "handOverBooks")
        self.hand_over_button.setToolTip(
            tr("Đơn vị đã dùng chương trình và đã đăng ký: gửi toàn bộ sổ trong một gói.")
        )
        self._unit: UnitRow | None = None
        self._state: BooksState | None = None
        self.keep_button.clicked.connect(self._keep_or_stop)
        self.hand_over_button.clicked.connect(self.hand_over)
        self.last_result: ExportResult | None = None

    def show_for(self, u: UnitRow | None, state: BooksState) -> None:
        self._unit, self._state = u, state
        kept = u is not None and u.id in state.kept
        self.keep_button.setText(tr("Thôi giữ sổ hộ…") if kept else tr("Giữ sổ hộ…"))
        refusal = None if u is None or kept else self._services.books.refusal(u.id)
        self.keep_button.setEnabled(u is not None and (kept or refusal is None))
        self.keep_button.setToolTip(refusal or self._keep_tip)
        self.hand_over_button.setEnabled(u is not None and state.pending_handover(u))

    def _keep_or_stop(self) -> None:
        u, state = self._unit, self._state
        if u is None or state is None:
            return
        try:
            if u.id in state.kept:
                if not dialogs.confirm(
                    self._parent,
                    tr(
                        "Thôi giữ sổ hộ {unit}? Sổ ở lại văn phòng này, chỉ xem; khi đơn vị "
                        "dùng chương trình và được đăng ký, hãy bàn giao sổ cho họ."
                    ).format(unit=u.display_name),
                ):
                    return
                self._services.books.stop(u.id)
            else:
                warning = self._services.books.warning(u.id)
                text = tr(
                    "Giữ sổ hộ {unit}? Văn phòng này sẽ nhập, sửa sáng kiến và chỉ tiêu của các "
                    "công đoàn cơ sở thuộc đơn vị đó (kể cả từ danh sách Excel họ gửi), như "
                    "chính đơn vị ấy."
                ).format(unit=u.display_name)
                if warning:
                    text += "\n\n" + tr(warning)
                if not dialogs.confirm(self._parent, text):
                    return
                self._services.books.keep(u.id)
        except ServiceError as exc:
            dialogs.error(self._parent, str(exc))
            return
        self._reload()

    def hand_over(self) -> None:
        """Ask where, then write the handover bundle on the task runner."""
        u = self._unit
        if u is None:
            return
        try:
            plan = self._services.bundles.plan_handover(u.code)
        except ServiceError as exc:
            dialogs.error(self._parent, str(exc))
            return
        if not dialogs.confirm(
            self._parent,
            tr(
                "Bàn giao sổ của {unit} cho {office}? Gói mang {count} bản ghi của sổ (sáng "
                "kiến, chỉ tiêu, công đoàn cơ sở) cùng trạng thái và quyết định. Từ đó {office} "
                "tự nhập và sửa; văn phòng này chỉ xem."
            ).format(
                unit=", ".join(plan.hands_over),
                office=plan.peer_name,
                count=format_number(plan.counts.get("handover", 0)),
            ),
        ):
            return
        if not key_ready(self._services.office, self._parent):
            return
        folder = dialogs.choose_folder(
            self._parent, tr("Chọn thư mục (ổ USB) để ghi gói"), kind="bundle"
        )
        if not folder:
            return
        if self._tasks is None:
            try:
                self._done(self._services.bundles.hand_over(u.code, Path(folder)))
            except (ServiceError, OSError) as exc:
                dialogs.error(self._parent, str(exc))
            return
        self._tasks.run(
            self._services.bundles.hand_over,
            u.code,
            Path(folder),
            on_done=self._done,
            on_error=lambda exc: dialogs.error(self._parent, str(exc)),
        )

    def _done(self, result: ExportResult) -> None:
        self.last_result = result
        dialogs.info(
            self._parent,
            tr("Đã bàn giao sổ cho {office}: gói số {seq}\n{path}").format(
                office=result.peer_name, seq=result.sequence, path=result.path
            ),
        )
        self._reload()
