"""The initiatives list's row actions: open the form (new or existing), delete and undo,
restore from the bin, and move the chosen row's status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop.models import InitiativeStatus
from desktop.services import labels
from desktop.services.common import ServiceError
from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.undo import DeletedMark
from desktop.services.registry import Services
from desktop.text.numbers import format_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.views.initiatives.form import InitiativeForm
    from desktop.views.initiatives.page import InitiativesPage


class RowActions(QObject):
    """What the page's buttons, menu and keys do to its rows; ``undo`` holds the ids deleted in
    this session, ``form`` the latest form opened."""

    def __init__(
        self, page: InitiativesPage, services: Services, drafts: DraftStore, tasks: TaskRunner
    ) -> None:
        super().__init__(page)
        self._page = page
        self._services = services
        self._drafts = drafts
        self._tasks = tasks
        # What each delete of this session took away, the last one first to undo.
        self.undo: list[list[DeletedMark]] = []
        self.form: InitiativeForm | None = None

    def new_initiative(self, keep: dict | None = None) -> InitiativeForm | None:
        page = self._page
        campaign_id = page.campaign.currentData()
        if campaign_id is None:
            return None
        from desktop.views.initiatives.form import InitiativeForm  # with the first form opened

        form = InitiativeForm(
            self._services,
            campaign_id,
            drafts=self._drafts,
            keep=keep,
            parent=page,
            tasks=self._tasks,
        )
        form.saved.connect(lambda _id: page.apply_filter())
        form.open_requested.connect(self._open_from_form)
        form.open()
        self.form = form
        return form

    def _open_from_form(self, initiative_id: int) -> None:
        self.edit(initiative_id)

    def edit(self, initiative_id: int) -> InitiativeForm:
        page = self._page
        campaign_id = self._services.initiatives.get(initiative_id).data.campaign_id
        from desktop.views.initiatives.form import InitiativeForm

        form = InitiativeForm(
            self._services,
            campaign_id,
            initiative_id,
            drafts=self._drafts,
            parent=page,
            tasks=self._tasks,
        )
        form.saved.connect(lambda _id: page.model.refresh())
        form.open()
        self.form = form
        return form

    def edit_current(self) -> None:
        initiative_id = self._page.current_id()
        if initiative_id is not None and not self._page.bin.isChecked():
            self.edit(initiative_id)

    def delete_selected(self) -> None:
        """The chosen rows to the bin, once the person says yes; one step for Ctrl+Z."""
        page = self._page
        ids = page.selected_ids()
        if not ids or page.bin.isChecked():
            return
        if not page.delete_button.isEnabled():  # another office's: the tooltip says whose
            return
        if len(ids) == 1:
            title = self._services.initiatives.get(ids[0]).data.title
            question = tr("Xoá sáng kiến «{t}»?").format(t=title)
        else:
            question = tr("Xoá {n} sáng kiến đã chọn?").format(n=format_number(len(ids)))
        question += "\n" + tr("Sáng kiến được chuyển vào Thùng rác; bấm Ctrl+Z ngay để hoàn tác.")
        if not dialogs.confirm(page, question, tr("Xoá sáng kiến")):
            return
        row = page.table.currentIndex().row()
        try:
            marks = self._services.initiatives.delete_many(ids)
        except ServiceError as exc:
            dialogs.error(page, str(exc))
            return
        if marks:
            self.undo.append(marks)
        page.apply_filter()
        if page.model.rowCount():
            page.table.setCurrentIndex(page.model.index(min(row, page.model.rowCount() - 1), 0))
        page.count.setText(
            page.count.text()
            + "  "
            + tr("— đã xoá {n}, bấm Ctrl+Z để hoàn tác").format(n=format_number(len(marks)))
        )
        page.update_buttons()

    # The main window's menu calls it by this name too.
    delete_current = delete_selected

    def undo_delete(self) -> None:
        """Bring back the last delete's initiatives; refused, saying why, once a bundle
        has carried it or the record changed since (services/initiatives/undo.py)."""
        if not self.undo:
            return
        marks = self.undo.pop()  # refused now is refused for good: not offered again
        page = self._page
        try:
            self._services.initiatives.undo_delete(marks)
        except ServiceError as exc:
            page.update_buttons()
            dialogs.error(page, str(exc))
            return
        page.apply_filter()
        page.table.clearSelection()
        page.select(marks[0].id)
        page.count.setText(
            page.count.text()
            + "  "
            + tr("— đã hoàn tác xoá {n} sáng kiến").format(n=format_number(len(marks)))
        )

    def restore_current(self) -> None:
        initiative_id = self._page.current_id()
        if initiative_id is None:
            return
        try:
            self._services.initiatives.restore(initiative_id)
        except ServiceError as exc:
            dialogs.error(self._page, str(exc))
            return
        self._page.apply_filter()

    def fill_status_menu(self) -> None:
        menu = self._page.status_menu
        menu.clear()
        initiative_id = self._page.current_id()
        if initiative_id is None:
            return
        for target in self._services.initiatives.status_moves(initiative_id):
            action = menu.addAction(tr(labels.STATUS[target]))
            action.setObjectName(f"to_{target.value}")
            action.triggered.connect(lambda _=False, t=target: self.move_status(t))

    def move_status(self, status: InitiativeStatus) -> None:
        page = self._page
        initiative_id = page.current_id()
        if initiative_id is None:
            return
        try:
            self._services.initiatives.set_status(initiative_id, status)
        except ServiceError as exc:
            dialogs.error(page, str(exc))
            return
        row = page.table.currentIndex().row()
        page.model.refresh()
        if row < page.model.rowCount():
            page.table.setCurrentIndex(page.model.index(row, 0))
