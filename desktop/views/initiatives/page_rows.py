"""The initiatives list's row actions: open the form (new or existing), delete and undo,
restore from the bin, and move the chosen row's status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop.models import InitiativeStatus
from desktop.services import labels
from desktop.services.common import ServiceError
from desktop.services.initiatives.drafts import DraftStore
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.form import InitiativeForm

if TYPE_CHECKING:
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
        self.undo: list[int] = []  # ids deleted in this session, last first to undo
        self.form: InitiativeForm | None = None

    def new_initiative(self, keep: dict | None = None) -> InitiativeForm | None:
        page = self._page
        campaign_id = page.campaign.currentData()
        if campaign_id is None:
            return None
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

    def delete_current(self) -> None:
        page = self._page
        initiative_id = page.current_id()
        if initiative_id is None or page.bin.isChecked():
            return
        if not page.delete_button.isEnabled():  # another office's: the tooltip says whose
            return
        row = page.table.currentIndex().row()
        try:
            self._services.initiatives.delete(initiative_id)
        except ServiceError as exc:
            dialogs.error(page, str(exc))
            return
        self.undo.append(initiative_id)
        page.apply_filter()
        if page.model.rowCount():
            page.table.setCurrentIndex(page.model.index(min(row, page.model.rowCount() - 1), 0))
        page.count.setText(page.count.text() + "  " + tr("— đã xoá, bấm Ctrl+Z để hoàn tác"))
        page.update_buttons()

    def undo_delete(self) -> None:
        if not self.undo:
            return
        initiative_id = self.undo.pop()
        try:
            self._services.initiatives.restore(initiative_id)
        except ServiceError as exc:
            dialogs.error(self._page, str(exc))
            return
        self._page.apply_filter()
        self._page.select(initiative_id)

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
