"""The list of initiatives of the chosen campaign and period, with search and filters."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models import InitiativeStatus, Sector, UnitKind
from desktop.services import labels
from desktop.services.changes import Changes, Kind
from desktop.services.common import ServiceError
from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.services.units.tree import UnitRow
from desktop.text.numbers import format_number
from desktop.views.campaigns import no_campaign
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.page_excel import ExcelTransfer
from desktop.views.initiatives.page_rows import RowActions
from desktop.views.initiatives.table_model import InitiativeTableModel

if TYPE_CHECKING:
    from desktop.views.initiatives.form import InitiativeForm


def default_drafts(services: Services) -> DraftStore:
    """Drafts beside the SQLite file, else in the user's data folder (see initiative_drafts)."""
    db = services.store.sqlite_file
    if db is not None:
        return DraftStore(Path(db).parent / "drafts")
    import platformdirs

    return DraftStore(platformdirs.user_data_path("SoSangKien", appauthor=False) / "drafts")


class InitiativesPage(QWidget):
    campaign_changed = Signal(int)
    # What the list shows; the main window calls reload_for after a commit touching it.
    shows = frozenset(
        {Kind.INITIATIVES, Kind.CAMPAIGNS, Kind.UNITS, Kind.OFFICE, Kind.DECISIONS, Kind.SYNC}
    )

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        drafts: DraftStore | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._drafts = drafts or default_drafts(services)
        self._tasks = tasks or TaskRunner()
        self._unit_scope: frozenset[int] | None = None
        self._owned: frozenset[int] | None = None  # grassroots unions this office enters for
        self.rows = RowActions(self, services, self._drafts, self._tasks)
        self._build_filters()
        self._build_table()
        self._build_actions()
        # Busy while a file is read: the buttons; after an import: the list.
        self.excel = ExcelTransfer(
            self, services, self._tasks, self.export_button, self.update_buttons, self.apply_filter
        )
        self._build_shortcuts()
        self._lay_out()
        self._connect_filters()
        self._fill_units()
        self.reload_campaigns()
        self.update_buttons()

    # ---- building ------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.campaign = named(QComboBox(), "campaign")
        self.period = named(QComboBox(), "period")
        self.unit_filter = named(QComboBox(), "unit_filter")
        self.field_filter = named(QComboBox(), "field_filter")
        self.sector_filter = named(QComboBox(), "sector_filter")
        self.sector_filter.addItem(tr("Mọi khối"), None)
        for sec, label in labels.SECTOR.items():
            self.sector_filter.addItem(tr(label), sec.value)
        self.status_filter = named(QComboBox(), "status_filter")
        self.status_filter.addItem(tr("Mọi trạng thái"), None)
        for st, label in labels.STATUS.items():
            self.status_filter.addItem(tr(label), st.value)
        self.bin = named(QCheckBox(tr("Thùng rác")), "bin")
        self.search = named(QLineEdit(), "search")
        self.search.setPlaceholderText(
            tr("Tìm theo tên sáng kiến, tác giả (gõ không dấu cũng được)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Tìm sáng kiến"))
        for combo, name in (
            (self.campaign, "Chương trình"),
            (self.period, "Giai đoạn"),
            (self.unit_filter, "Lọc theo đơn vị"),
            (self.field_filter, "Lọc theo lĩnh vực"),
            (self.sector_filter, "Lọc theo khối"),
            (self.status_filter, "Lọc theo trạng thái"),
        ):
            combo.setAccessibleName(tr(name))
        self.bin.setAccessibleName(tr("Xem thùng rác"))
        self.count = named(QLabel(), "count")
        # Who enters what (services/rules/ownership.py): said once, where the buttons are.
        self.owner_note = named(QLabel(), "owner_note")
        self.owner_note.setWordWrap(True)
        self.owner_note.setStyleSheet("color: #555;")
        self.owner_note.hide()
        # A new office with no campaign yet: why «Thêm» is grey and what to do first.
        self.campaign_notice = no_campaign.notice()

    def _build_table(self) -> None:
        self.model = InitiativeTableModel(self._services.initiatives)
        self.table = named(QTableView(), "initiatives")
        self.table.setAccessibleName(tr("Danh sách sáng kiến"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows (Shift, Ctrl) can be chosen and deleted at once.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.doubleClicked.connect(lambda _i: self.rows.edit_current())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        # The title gets the room that is left; the others are as narrow as readable (old PCs
        # have 1366-pixel screens), with the full text in a tooltip; a long header goes on two
        # lines (the model breaks it) and its column is never narrower than its header.
        for col, width in ((1, 160), (2, 190), (3, 130), (4, 92), (5, 112), (6, 128)):
            self.table.setColumnWidth(col, max(width, header.sectionSizeFromContents(col).width()))

    def _build_actions(self) -> None:
        self.add_button = named(QPushButton(tr("Thêm (Ctrl+N)")), "add")
        self.edit_button = named(QPushButton(tr("Sửa (Enter)")), "edit")
        self.delete_button = named(QPushButton(tr("Xoá (Del)")), "delete")
        self.undo_button = named(QPushButton(tr("Hoàn tác xoá (Ctrl+Z)")), "undo")
        self.restore_button = named(QPushButton(tr("Khôi phục")), "restore")
        # A push button with a menu: its width counts the arrow, so the text is never cut.
        self.status_button = named(QPushButton(tr("Chuyển trạng thái")), "status")
        self.status_menu = QMenu(self.status_button)
        self.status_button.setMenu(self.status_menu)
        self.status_menu.aboutToShow.connect(self.rows.fill_status_menu)
        self.import_button = named(QPushButton(tr("Nhập từ Excel…")), "import")
        self.export_button = named(QPushButton(tr("Xuất Excel…")), "export")
        self.add_button.clicked.connect(lambda: self.new_initiative())
        self.edit_button.clicked.connect(self.rows.edit_current)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.undo_button.clicked.connect(lambda: self.undo_delete())
        self.restore_button.clicked.connect(self.rows.restore_current)
        self.import_button.clicked.connect(lambda: self.import_excel())
        self.export_button.clicked.connect(lambda: self.export_excel())
        for button, name, tip in (
            (self.add_button, "Thêm sáng kiến", "Thêm sáng kiến mới (Ctrl+N)"),
            (self.edit_button, "Sửa sáng kiến", "Mở sáng kiến đang chọn (Enter)"),
            (
                self.delete_button,
                "Xoá sáng kiến",
                "Chuyển các sáng kiến đã chọn vào thùng rác (Del)",
            ),
            (self.undo_button, "Hoàn tác xoá", "Lấy lại những sáng kiến vừa xoá (Ctrl+Z)"),
            (self.restore_button, "Khôi phục", "Lấy sáng kiến đang chọn ra khỏi thùng rác"),
            (self.status_button, "Chuyển trạng thái", "Chuyển trạng thái sáng kiến đang chọn"),
            (self.import_button, "Nhập từ Excel", "Nhập danh sách sáng kiến từ tệp Excel"),
            (self.export_button, "Xuất Excel", "Xuất các sáng kiến đang hiện ra tệp Excel"),
        ):
            button.setAccessibleName(tr(name))
            button.setToolTip(tr(tip))
            button.setProperty("usual_tip", tr(tip))

    def _action(self, text: str, keys: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(tr(text), self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        # Active while the focus is on the page (the main window's menu may show the same
        # action: its shortcut is then listed there too).
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False, f=slot: f())
        self.addAction(action)
        return action

    def _build_shortcuts(self) -> None:
        """The page's commands as actions, with their keys: the buttons, the table's context
        menu and the main window's menu all use these (and show the keys)."""
        self.new_action = self._action("Thêm sáng kiến", "Ctrl+N", self.new_initiative)
        self.find_action = self._action("Tìm sáng kiến", "Ctrl+F", self.focus_search)
        self.delete_action = self._action("Xoá sáng kiến đã chọn", "Del", self.delete_selected)
        self.undo_action = self._action("Hoàn tác xoá", "Ctrl+Z", self.undo_delete)
        self.import_action = self._action("Nhập từ Excel…", None, self.import_excel)
        self.export_action = self._action("Xuất Excel…", None, self.export_excel)
        self.portal_action = self._action(
            "Xuất theo mẫu cổng sáng kiến Tổng Liên đoàn…", None, self.export_portal
        )
        self.edit_action = QAction(tr("Sửa / xem sáng kiến"), self.table)
        self.edit_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.edit_action.triggered.connect(self.rows.edit_current)
        self.table.addAction(self.edit_action)

    def _context_menu(self, pos: QPoint) -> None:
        """Right click on a row: what can be done to it, with the keys that do it."""
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setObjectName("row_menu")
        for action in (self.edit_action, self.delete_action, self.undo_action, self.new_action):
            menu.addAction(action)
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Chương trình:")))
        top.addWidget(self.campaign, 3)
        top.addWidget(QLabel(tr("Giai đoạn:")))
        top.addWidget(self.period, 1)
        filters = QHBoxLayout()
        for combo in self._filter_combos()[1:]:
            filters.addWidget(combo, 1)
        filters.addWidget(self.bin)
        actions = QHBoxLayout()
        buttons: tuple[QWidget, ...] = (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.undo_button,
            self.restore_button,
            self.status_button,
        )
        for button in buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.count)
        layout.addLayout(row)
        layout.addLayout(actions)
        layout.addWidget(self.owner_note)
        layout.addWidget(self.campaign_notice)
        layout.addWidget(self.table, 1)

    def _filter_combos(self) -> tuple[QComboBox, ...]:
        """The period, then the filters of the second row, in their order on the screen."""
        return (
            self.period,
            self.unit_filter,
            self.field_filter,
            self.sector_filter,
            self.status_filter,
        )

    def _connect_filters(self) -> None:
        # Search as the person types, but only once they pause (one SQL query, not one a key).
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.campaign.currentIndexChanged.connect(self._campaign_selected)
        for combo in self._filter_combos():
            combo.currentIndexChanged.connect(self.apply_filter)
        self.bin.toggled.connect(self.apply_filter)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(lambda *_: self.update_buttons())
        selection.selectionChanged.connect(lambda *_: self.update_buttons())
        self.model.modelReset.connect(self.update_buttons)

    # ---- filling -------------------------------------------------------------------------
    def _fill_units(self) -> None:
        self._owned = self._services.initiatives.owned_unit_ids()
        office = self._services.office.local()
        if office is not None and office.is_province:
            self.owner_note.setText(
                tr(
                    "Sáng kiến của công đoàn cơ sở thuộc một công đoàn cấp trên trực tiếp cơ sở "
                    "(xã, phường, ngành…) do đơn vị đó nhập và gửi lên qua gói dữ liệu: ở đây "
                    "xem nội dung, chuyển trạng thái, thẩm định và công nhận."
                )
            )
            self.owner_note.show()
        else:
            self.owner_note.hide()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem(tr("Mọi đơn vị"), None)
        # Typed here: the service's ``-> list[UnitRow]`` reads as its own ``list`` method.
        district_level: Iterable[UnitRow] = self._services.units.district_level()
        for u in district_level:
            self.unit_filter.addItem(u.display_name, u.id)
        for u in self._services.units.list(kinds=[UnitKind.GRASSROOTS]):
            self.unit_filter.addItem("   " + u.display_name, u.id)
        self.unit_filter.blockSignals(False)

    def reload_for(self, changes: Changes) -> None:
        """The list as the store has it now, after a commit anywhere (the main window)."""
        current = self.current_id()
        if changes.touches({Kind.CAMPAIGNS, Kind.UNITS, Kind.OFFICE}):
            self._fill_units()
            self.reload_campaigns(select_id=self.campaign.currentData())
        else:
            self.apply_filter()
        if current is not None:
            self.select(current)  # the row chosen stays chosen

    def reload_campaigns(self, select_id: int | None = None) -> None:
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for campaign_id, name in self._services.campaigns.choices():
            self.campaign.addItem(name, campaign_id)
        if select_id is not None:
            i = self.campaign.findData(select_id)
            if i >= 0:
                self.campaign.setCurrentIndex(i)
        self.campaign.blockSignals(False)
        no_campaign.show_reason(self.campaign_notice, self._services)
        self._campaign_selected()

    def _campaign_selected(self) -> None:
        campaign_id = self.campaign.currentData()
        self.period.blockSignals(True)
        self.field_filter.blockSignals(True)
        self.period.clear()
        self.period.addItem(tr("Cả chương trình"), None)
        self.field_filter.clear()
        self.field_filter.addItem(tr("Mọi lĩnh vực"), None)
        if campaign_id is not None:
            campaign = self._services.campaigns.get(campaign_id)
            for p in campaign.periods:
                self.period.addItem(p.name, p.id)
            for f in campaign.fields:
                self.field_filter.addItem(f.name, f.id)
            self.campaign_changed.emit(campaign_id)
        self.period.blockSignals(False)
        self.field_filter.blockSignals(False)
        self.apply_filter()

    def current_query(self) -> ListQuery:
        q = self.model.query
        # A unit's initiatives by the counting rule: those of the unions it held on their
        # dates, so the list agrees with the dashboard after a reorganisation.
        unit_id = self.unit_filter.currentData()
        sector = self.sector_filter.currentData()
        status = self.status_filter.currentData()
        return ListQuery(
            campaign_id=self.campaign.currentData(),
            period_id=self.period.currentData(),
            counted_for=unit_id,
            field_id=self.field_filter.currentData(),
            sector=Sector(sector) if sector else None,
            status=InitiativeStatus(status) if status else None,
            search=self.search.text(),
            deleted=self.bin.isChecked(),
            sort=q.sort,
            descending=q.descending,
        )

    def apply_filter(self) -> None:
        self.model.set_query(self.current_query())
        self.count.setText(tr("{n} sáng kiến").format(n=format_number(self.model.rowCount())))
        self.update_buttons()

    def show_unit(self, unit_id: int, campaign_id: int, period_id: int | None) -> None:
        """Open the list on one unit (and every unit below it) of a campaign and period."""
        for combo in (self.field_filter, self.sector_filter, self.status_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.bin.blockSignals(True)
        self.bin.setChecked(False)
        self.bin.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        if self.campaign.currentData() != campaign_id:
            self.reload_campaigns(select_id=campaign_id)
        self.period.blockSignals(True)
        self.period.setCurrentIndex(max(0, self.period.findData(period_id)))
        self.period.blockSignals(False)
        i = self.unit_filter.findData(unit_id)
        if i < 0:
            self._fill_units()
            i = self.unit_filter.findData(unit_id)
        if i < 0:
            unit = self._services.units.get(unit_id)
            self.unit_filter.addItem(unit.display_name, unit.id)
            i = self.unit_filter.count() - 1
        self.unit_filter.blockSignals(True)
        self.unit_filter.setCurrentIndex(i)
        self.unit_filter.blockSignals(False)
        self.apply_filter()

    # ---- acting on initiatives -----------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.initiative_id(index.row())

    def selected_ids(self) -> list[int]:
        """The rows chosen (Shift, Ctrl), in list order; else the current row."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        if rows:
            return [self.model.initiative_id(r) for r in rows]
        current = self.current_id()
        return [current] if current is not None else []

    # ---- the page's commands (buttons, keys, the table's menu and the main window's menu) --
    def new_initiative(self) -> InitiativeForm | None:
        """Open the entry form for a new initiative of the chosen campaign (Ctrl+N); with no
        campaign yet, say why nothing can be entered and what to do first."""
        if self.campaign.currentData() is None and no_campaign.explain(self, self._services):
            return None
        if not self.add_button.isEnabled():
            return None
        return self.rows.new_initiative()

    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected to type over (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def delete_selected(self) -> None:
        """Move the chosen initiatives to the bin, after asking (Del); Ctrl+Z brings them back."""
        self.rows.delete_selected()

    def undo_delete(self) -> None:
        """Bring back what the last delete took away, while no bundle has carried it (Ctrl+Z)."""
        self.rows.undo_delete()

    def update_buttons(self) -> None:
        in_bin = self.bin.isChecked()
        initiative_id = self.current_id()
        detail = None
        if initiative_id is not None:
            try:
                detail = self._services.initiatives.get(initiative_id)
            except ServiceError:
                detail = None
        editable = detail is not None and detail.editable
        enters = self._owned is None or bool(self._owned)
        # A row this office does not own opens to read; the buttons say so, not an error later.
        self.edit_button.setText(
            tr("Sửa (Enter)") if detail is None or editable else tr("Xem (Enter)")
        )
        self.edit_button.setEnabled(not in_bin)
        self.delete_button.setVisible(not in_bin)
        self.delete_button.setEnabled(detail is None or editable)
        self.restore_button.setVisible(in_bin)
        self.restore_button.setEnabled(detail is None or editable)
        self.undo_button.setEnabled(bool(self.rows.undo))
        self.status_button.setEnabled(
            detail is not None and bool(detail.status_moves) and not in_bin
        )
        self.undo_action.setEnabled(bool(self.rows.undo))
        self.delete_action.setEnabled(self.delete_button.isEnabled() and not in_bin)
        reason = detail.read_only_reason if detail is not None else None
        for button in (self.delete_button, self.restore_button, self.status_button):
            usual = str(button.property("usual_tip") or "")
            button.setToolTip(tr(reason) if reason and not button.isEnabled() else usual)
        if detail is not None and not detail.status_moves and detail.read_only_reason:
            self.status_button.setToolTip(tr(detail.read_only_reason))
        self.add_button.setEnabled(self.campaign.currentData() is not None and enters)
        why = self.campaign_notice.text() if self.campaign.currentData() is None else ""
        for button in (self.add_button, self.import_button):
            button.setToolTip(why or str(button.property("usual_tip") or ""))
        # Ctrl+N stays live with no campaign: it says why instead of doing nothing.
        self.new_action.setEnabled(self.add_button.isEnabled() or bool(why))
        self.import_button.setEnabled(enters and self.excel.reading is None)
        self.import_action.setEnabled(self.import_button.isEnabled())

    def select(self, initiative_id: int) -> None:
        row = self.model.row_of(initiative_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))

    # The rows' actions (RowActions); the tests reach the status menu and the form here.
    def _fill_status_menu(self) -> None:
        self.rows.fill_status_menu()

    @property
    def _form(self) -> InitiativeForm | None:
        return self.rows.form

    # ---- Excel ---------------------------------------------------------------------------
    def import_excel(self, path: Path | str | None = None) -> None:
        """Import a sheet of initiatives into the chosen campaign (see ExcelTransfer): the
        file ``path`` (a dropped file, a recent one), else the one the person chooses."""
        campaign_id = self.campaign.currentData()
        if campaign_id is None and no_campaign.explain(self, self._services):
            return
        if campaign_id is not None and self.import_button.isEnabled():
            self.excel.import_excel(campaign_id, str(path) if path else None)

    def export_excel(self) -> None:
        self.excel.export_excel(self.current_query())

    def export_portal(self) -> None:
        """The rows shown, laid out as the national portal's form asks (seed 002)."""
        self.excel.export_portal(self.current_query())
