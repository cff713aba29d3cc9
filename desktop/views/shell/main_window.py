"""The main window: a navigation on the left, one page at a time, and a status bar."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QWidget,
)

from desktop import __version__
from desktop.models.db import is_open_store_file
from desktop.services.changes import Changes, Kind
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.page_area import PageArea
from desktop.views.common.settings import AppSettings
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.page import InitiativesPage

if TYPE_CHECKING:
    from desktop.views.shell.guide import GuideDialog
    from desktop.views.sync.page import SyncPage

PAGES = (
    ("initiatives", "Sáng kiến", QStyle.StandardPixmap.SP_FileDialogDetailedView),
    ("dashboard", "Tiến độ", QStyle.StandardPixmap.SP_FileDialogInfoView),
    ("sync", "Đồng bộ", QStyle.StandardPixmap.SP_BrowserReload),
    ("reports", "Báo cáo, in ấn", QStyle.StandardPixmap.SP_FileIcon),
    ("units", "Đơn vị và chương trình", QStyle.StandardPixmap.SP_DirIcon),
    ("settings", "Cài đặt", QStyle.StandardPixmap.SP_FileDialogListView),
)


# Where each page's class lives: imported when the page is first built, so the start does
# not load the charts, the PDF viewer or the printing support before they are shown.
PAGE_CLASSES = {
    "initiatives": "desktop.views.initiatives.page:InitiativesPage",
    "dashboard": "desktop.views.campaigns.dashboard:DashboardPage",
    "sync": "desktop.views.sync.page:SyncPage",
    "reports": "desktop.views.reports.page:ReportsPage",
    "units": "desktop.views.units.page:UnitsPage",
    "settings": "desktop.views.settings.page:SettingsPage",
}


def page_class(key: str) -> Callable[..., QWidget]:
    module, _, name = PAGE_CLASSES[key].partition(":")
    made: Callable[..., QWidget] = getattr(importlib.import_module(module), name)
    return made


@runtime_checkable
class ShowsData(Protocol):
    """A page that shows data from the store: which kinds, and how it reloads them."""

    shows: frozenset[Kind]

    def reload_for(self, changes: Changes) -> None: ...


def fit_small_screens(root: QWidget) -> None:
    """Old office PCs have 1366-pixel screens: combo boxes holding long campaign or field names
    must not widen the window past that. They show what fits; the list opens at full width."""
    for combo in root.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        # An explicit minimum wins over the size hint Qt cached when the page was laid out.
        combo.setMinimumWidth(min(combo.minimumSizeHint().width(), 140))
    for label in root.findChildren(QLabel):
        if label.minimumSizeHint().width() > 500:
            label.setWordWrap(True)
    # Drop the minimum widths that layouts cached before the change, from the leaves up, so
    # the window's first layout (at show) already uses the narrow ones.
    for widget in reversed([root, *root.findChildren(QWidget)]):
        if (layout := widget.layout()) is not None:
            _invalidate(layout)
        widget.updateGeometry()


def _invalidate(layout: QLayout) -> None:
    """QLayout.invalidate() leaves nested layouts' cached sizes alone; go down first."""
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is not None and (inner := item.layout()) is not None:
            _invalidate(inner)
    layout.invalidate()


class Pages(Mapping[str, QWidget]):
    """The window's pages by key, each built the first time it is asked for (shown, or used
    by a menu command): the program starts with the page in view only, so a store of a
    million initiatives and 50,000 units does not fill the dashboard, the units tree and the
    reports before the first page can be used. ``built()`` are those made so far."""

    def __init__(self, keys: list[str], make: Callable[[str], QWidget]) -> None:
        self._keys = keys
        self._make = make
        self._built: dict[str, QWidget] = {}
        self._waiting: dict[str, list[Callable[[QWidget], None]]] = {}

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._built:
            if key not in self._keys:
                raise KeyError(key)
            self._built[key] = page = self._make(key)
            for then in self._waiting.pop(key, []):
                then(page)
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def built(self) -> dict[str, QWidget]:
        return dict(self._built)

    def when_built(self, key: str, then: Callable[[QWidget], None]) -> None:
        """``then(page)`` now if the page exists, else as soon as it is built."""
        if key in self._built:
            then(self._built[key])
        else:
            self._waiting.setdefault(key, []).append(then)


def _scrolling(page: QWidget, key: str) -> PageArea:
    """The page in a scroll area: a 1366×768 screen with a taskbar leaves the page about 620
    px, less than some pages' boxes need, and no page may make the window taller than the
    screen. Where there is room the page fills the area and nothing scrolls."""
    area = PageArea(page)  # scrolls only when the page's minimum does not fit
    area.setObjectName(f"scroll_{key}")
    return area


def file_kind(path: str) -> str | None:
    """What a file given to the window is: "bundle" (.ssk), "list" (an initiative list: .xlsx,
    .xlsm, .xls or .ods),
    "enrolment" (an office's enrolment file, known by its contents whatever its name), or None.
    The store's own files are never read (docs/file-dialogs.md)."""
    from desktop.services.sync.office import MAX_ENROLMENT_BYTES, read_enrolment_file
    from desktop.services.workbooks import READABLE as LIST_SUFFIXES

    p = Path(path)
    if not p.is_file() or is_open_store_file(p):
        return None
    suffix = p.suffix.casefold()
    if suffix == ".ssk":
        return "bundle"
    if suffix in LIST_SUFFIXES:
        return "list"
    try:
        if p.stat().st_size > MAX_ENROLMENT_BYTES:
            return None
        read_enrolment_file(p)
    except (OSError, ServiceError):
        return None
    return "enrolment"


def _may_take(path: str) -> bool:
    """While a file is dragged over the window: could it be one (name and size only)."""
    from desktop.services.sync.office import MAX_ENROLMENT_BYTES
    from desktop.services.workbooks import READABLE as LIST_SUFFIXES

    p = Path(path)
    try:
        small = p.is_file() and p.stat().st_size <= MAX_ENROLMENT_BYTES
    except OSError:
        return False
    if is_open_store_file(p):
        return False
    return p.suffix.casefold() in {".ssk", *LIST_SUFFIXES} or small


def _nav() -> QListWidget:
    """The navigation on the left: one entry per page."""
    nav = named(QListWidget(), "nav")
    nav.setAccessibleName(tr("Các mục của chương trình"))
    nav.setAccessibleDescription(tr("Chọn một mục để mở trang đó (Ctrl+1 đến Ctrl+6)."))
    nav.setIconSize(QSize(22, 22))
    nav.setFixedWidth(220)
    nav.setStyleSheet(
        "QListWidget { font-size: 11pt; border: none; background: palette(window); }"
        "QListWidget::item { padding: 8px 6px; }"
        "QListWidget::item:selected { background: palette(highlight);"
        " color: palette(highlighted-text); border-radius: 4px; }"
    )
    return nav


class MainWindow(QMainWindow):
    # What a commit changed, from whichever thread committed; delivered queued (UI thread).
    data_changed = Signal(object)

    def __init__(
        self, services: Services, settings: AppSettings, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__()
        self._services = services
        self._settings = settings
        dialogs.remember_in(settings)  # the last folder per kind of file, the recent files
        # The one runner of long jobs, handed to every page (views/common/tasks.py).
        self.tasks = tasks or TaskRunner(parent=self)
        self._unseen: dict[str, Changes] = {}  # per page: changes it has not shown yet
        self._arrived = Changes()  # changes since the last broadcast (coalesced)
        self._broadcast_timer = QTimer(self)
        self._broadcast_timer.setSingleShot(True)
        self._broadcast_timer.setInterval(0)
        self._broadcast_timer.timeout.connect(self._broadcast)
        self.setWindowTitle(tr("Sổ Sáng Kiến"))
        self.resize(1280, 800)
        self.nav = _nav()
        self.stack = named(QStackedWidget(), "pages")
        self._build_pages(services)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)  # a bundle, a list or an enrolment file dropped is opened
        self.office_label = named(QLabel(), "officeLabel")
        self.office_label.setAccessibleName(tr("Văn phòng của máy này"))
        self.db_label = named(QLabel(), "dbLabel")
        self.db_label.setAccessibleName(tr("Nơi lưu dữ liệu"))
        self.stack.setAccessibleName(tr("Trang đang mở"))
        self.statusBar().addWidget(self.office_label, 1)
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()
        self.refresh_status()
        self._restore_geometry(settings)
        self._wire_pages(settings)
        self.show_page(PAGES[min(settings.get("window/page"), len(PAGES) - 1)][0])
        # Every commit on the store, from any thread, comes back here on the UI thread.
        self.data_changed.connect(self._changes_arrived, Qt.ConnectionType.QueuedConnection)
        services.changes.subscribe(self.data_changed.emit)

    def _build_pages(self, services: Services) -> None:
        """A scroll area on the stack and an entry in the navigation for every page; each page
        itself is built when it is first shown or used (``Pages``)."""
        labels = {key: label for key, label, _icon in PAGES}
        areas: dict[str, PageArea] = {}

        def make(key: str) -> QWidget:
            page = page_class(key)(services, tasks=self.tasks)
            page.setObjectName(f"page_{key}")
            page.setAccessibleName(tr(labels[key]))
            fit_small_screens(page)
            areas[key].set_page(page)
            return page

        self.pages = Pages([key for key, _label, _icon in PAGES], make)
        for key, label, icon in PAGES:
            area = _scrolling(QWidget(), key)  # the page goes in when it is first shown
            area.setAccessibleName(tr(label))
            areas[key] = area
            self.stack.addWidget(area)
            item = QListWidgetItem(self.style().standardIcon(icon), tr(label))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, tr(label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._page_chosen)

    def _restore_geometry(self, settings: AppSettings) -> None:
        """Where the window was when it closed; the first time, most of the screen."""
        geometry = settings.get("window/geometry")
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        elif self.screen() is not None:
            available = self.screen().availableGeometry()
            self.resize(
                min(1280, available.width() * 9 // 10), min(820, available.height() * 9 // 10)
            )

    def _wire_pages(self, settings: AppSettings) -> None:
        """The last campaign chosen in the list, and the dashboard's link to a unit's list."""

        def initiatives(page: QWidget) -> None:
            assert isinstance(page, InitiativesPage)
            last_campaign = settings.get("initiatives/campaign_id")
            if last_campaign:
                page.reload_campaigns(select_id=last_campaign)
            page.campaign_changed.connect(lambda cid: settings.set("initiatives/campaign_id", cid))

        def dashboard(page: QWidget) -> None:
            from desktop.views.campaigns.dashboard import DashboardPage

            assert isinstance(page, DashboardPage)
            page.open_initiatives.connect(self.show_unit_initiatives)

        self.pages.when_built("initiatives", initiatives)
        self.pages.when_built("dashboard", dashboard)

    def _action(
        self,
        menu: QMenu,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | None = None,
        shown: str = "",
    ) -> QAction:
        """A menu command. ``shortcut`` is the window's own; ``shown`` a page's shortcut that
        the menu only names (the page keeps it, so the key is never ambiguous)."""
        action = QAction(f"{text}\t{shown}" if shown else text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        file_menu = self.menuBar().addMenu(tr("&Tệp"))
        file_menu.setObjectName("fileMenu")
        for name, text, slot, key in (
            ("importList", tr("&Nhập danh sách Excel…"), self.import_list, "Ctrl+I"),
            ("exportList", tr("&Xuất danh sách Excel…"), self.export_list, "Ctrl+E"),
            (
                "exportPortal",
                tr("Xuất theo mẫu cổng sáng kiến &Tổng Liên đoàn…"),
                self.export_portal,
                None,
            ),
            (None, "", None, None),
            ("receiveBundle", tr("Nhận &gói dữ liệu…"), self.receive_bundle, "Ctrl+O"),
            ("sendBundle", tr("Gửi gói &dữ liệu…"), self.send_bundle, "Ctrl+Shift+S"),
            (None, "", None, None),
            ("print", tr("&In…"), self.print_document, "Ctrl+P"),
            ("backup", tr("&Sao lưu ngay"), self.backup_now, None),
        ):
            if name is None or slot is None:
                file_menu.addSeparator()
                continue
            self.actions_by_name[name] = self._action(file_menu, name, text, slot, key)
        self.recent_menu = file_menu.addMenu(tr("Tệp &gần đây"))
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        file_menu.addSeparator()
        self.actions_by_name["quit"] = self._action(
            file_menu, "quit", tr("&Thoát"), self.close, "Ctrl+Q"
        )
        edit_menu = self.menuBar().addMenu(tr("&Sáng kiến"))
        edit_menu.setObjectName("initiativeMenu")
        for name, text, slot, shown in (
            ("newInitiative", tr("Sáng kiến &mới…"), self.new_initiative, "Ctrl+N"),
            ("findInitiative", tr("&Tìm…"), self.find_initiative, "Ctrl+F"),
            ("deleteInitiative", tr("&Xoá sáng kiến"), self.delete_initiative, "Del"),
            ("undoDelete", tr("&Hoàn tác xoá"), self.undo_delete, "Ctrl+Z"),
        ):
            self.actions_by_name[name] = self._action(edit_menu, name, text, slot, shown=shown)
        go_menu = self.menuBar().addMenu(tr("&Xem"))
        for i, (key, label, _icon) in enumerate(PAGES):
            action = QAction(tr(label), self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, k=key: self.show_page(k))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu(tr("Trợ &giúp"))
        guide = QAction(tr("&Hướng dẫn sử dụng"), self)
        guide.setObjectName("guideAction")
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        guide.triggered.connect(lambda: self.show_guide())
        help_menu.addAction(guide)
        self.guide: GuideDialog | None = None
        about = QAction(tr("Giới thiệu"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # ---- the menus' commands: each shows its page and asks it, as its own button would ------
    def _initiatives(self) -> InitiativesPage:
        self.show_page("initiatives")
        page = self.pages["initiatives"]
        assert isinstance(page, InitiativesPage)
        return page

    def _sync(self) -> SyncPage:
        from desktop.views.sync.page import SyncPage

        self.show_page("sync")
        page = self.pages["sync"]
        assert isinstance(page, SyncPage)
        return page

    def import_list(self) -> None:
        self._initiatives().import_excel()

    def export_list(self) -> None:
        self._initiatives().export_excel()

    def export_portal(self) -> None:
        self._initiatives().export_portal()

    def receive_bundle(self) -> None:
        self._sync().receive.click()

    def send_bundle(self) -> None:
        self._sync().send.click()

    def print_document(self) -> None:
        from desktop.views.reports.page import ReportsPage

        self.show_page("reports")
        page = self.pages["reports"]
        assert isinstance(page, ReportsPage)
        page.tabs.setCurrentWidget(page.documents_panel)
        page.documents_panel.print_document()

    def backup_now(self) -> None:
        from desktop.views.settings.page import SettingsPage

        self.show_page("settings")
        page = self.pages["settings"]
        assert isinstance(page, SettingsPage)
        page.backups.make_backup()

    def new_initiative(self) -> None:
        self._initiatives().new_initiative()

    def find_initiative(self) -> None:
        self._initiatives().focus_search()

    def delete_initiative(self) -> None:
        self._initiatives().delete_selected()

    def undo_delete(self) -> None:
        self._initiatives().undo_delete()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = dialogs.recent_files()
        for i, path in enumerate(recent):
            action = QAction(f"&{i + 1} {Path(path).name}", self.recent_menu)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
            self.recent_menu.addAction(action)
        if not recent:
            empty = self.recent_menu.addAction(tr("(chưa có tệp nào)"))
            empty.setEnabled(False)

    # ---- a file given to the window: dropped, from «Tệp gần đây», or on the command line -----
    def open_path(self, path: str) -> bool:
        """Open a bundle (import), an initiative list (the import's preview) or an enrolment
        file (the enrolment, after the fingerprint); anything else is refused, saying why."""
        kind = file_kind(path)
        name = Path(path).name
        if is_open_store_file(Path(path)):
            dialogs.error(
                self,
                tr(
                    "«{name}» là tệp dữ liệu đang mở của chương trình, không phải gói dữ liệu."
                ).format(name=name),
            )
            return False
        if kind is None and Path(path).suffix.casefold() == ".ssk":
            kind = "bundle"  # gone or unreadable: the import says so in its own words
        if kind is None:
            dialogs.error(
                self,
                tr(
                    "Chương trình không mở được «{name}»: chỉ nhận gói dữ liệu (.ssk), danh sách "
                    "sáng kiến Excel (.xlsx) và tệp đăng ký văn phòng."
                ).format(name=name),
            )
            return False
        if kind == "bundle":
            dialogs.add_recent(path)
            self._sync().import_file(path)
        elif kind == "list":
            dialogs.add_recent(path)
            self.import_list_file(path)
        else:
            self.enrol_from(path)
        return True

    def import_list_file(self, path: str) -> None:
        """The initiatives page's Excel import, on this file (no dialog)."""
        self._initiatives().import_excel(path)

    def enrol_from(self, path: str) -> None:
        sync = self._sync()
        try:
            from desktop.views.sync.dialogs import EnrolDialog

            dialog = EnrolDialog(self._services, path, self)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        if dialog.exec():
            dialogs.info(self, dialog.message)
        sync.reload()

    def show_unit_initiatives(self, unit_id: int, campaign_id: int, period_id: object) -> None:
        """The dashboard asked for one unit's initiatives: show them in the list."""
        self.show_page("initiatives")
        show_unit = getattr(self.pages["initiatives"], "show_unit", None)
        if show_unit is not None:
            show_unit(unit_id, campaign_id, period_id)

    def show_guide(self, chapter: str | None = None) -> GuideDialog:
        """The user guide, beside the window (not modal: a person reads and works at once)."""
        if self.guide is None:
            from desktop.views.shell.guide import GuideDialog

            self.guide = GuideDialog(self)
        if chapter:
            self.guide.show_chapter(chapter)
        self.guide.show()
        self.guide.raise_()
        return self.guide

    # ---- the change signal -------------------------------------------------------------------
    def _changes_arrived(self, changes: Changes) -> None:
        """A commit's changes, on the UI thread. An import commits many times: they are
        gathered and broadcast once, when the event loop is next idle."""
        self._arrived = self._arrived | changes
        self._broadcast_timer.start()

    def _broadcast(self) -> None:
        changes, self._arrived = self._arrived, Changes()
        if not changes:
            return
        if changes.touches({Kind.OFFICE}):
            self.refresh_status()
        for key, page in self.pages.built().items():  # one not built yet reads all when it is
            if isinstance(page, ShowsData) and changes.touches(page.shows):
                self._unseen[key] = self._unseen.get(key, Changes()) | changes
        self._show_unseen(self.current_page())  # the page in view at once, others when shown

    def _show_unseen(self, key: str) -> None:
        changes = self._unseen.pop(key, None)
        page = self.pages[key]
        if changes and isinstance(page, ShowsData):
            page.reload_for(changes)

    def _page_chosen(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self._show_unseen(PAGES[row][0])
        self.stack.setCurrentIndex(row)

    def show_page(self, key: str) -> None:
        self.pages[key]  # built before it is in view
        self.nav.setCurrentRow([p[0] for p in PAGES].index(key))

    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()][0]

    def refresh_status(self) -> None:
        office = self._services.office.local()
        if office is None:
            self.office_label.setText(tr("Chưa thiết lập văn phòng"))
        else:
            self.office_label.setText(tr("Văn phòng: {name}").format(name=office.name))
        self.db_label.setText(self._services.store.description)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            tr("Giới thiệu"),
            tr(
                "<b>Sổ Sáng Kiến</b> {version}<br>Quản lý phong trào sáng kiến của tổ chức Công "
                "đoàn: nhập sáng kiến, theo dõi chỉ tiêu, đồng bộ giữa các cấp bằng gói dữ liệu."
            ).format(version=__version__),
        )

    @staticmethod
    def _dropped_path(event: QDragEnterEvent | QDropEvent) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
        return paths[0] if len(paths) == 1 and _may_take(paths[0]) else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_path(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_path(event)
        if path:
            event.acceptProposedAction()
            # After the drop has ended: the file manager must not wait for a dialog here.
            QTimer.singleShot(0, lambda: self.open_path(path))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._services.changes.subscribe(None)  # a closed window reloads nothing
        self._settings.set("window/geometry", self.saveGeometry())
        self._settings.set("window/page", self.stack.currentIndex())
        self._settings.sync()
        super().closeEvent(event)
