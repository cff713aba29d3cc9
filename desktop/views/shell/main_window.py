"""The main window: a navigation on the left, one page at a time, and a status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QWidget,
)

from desktop import __version__
from desktop.services.changes import Changes, Kind
from desktop.services.registry import Services
from desktop.views.campaigns.dashboard import DashboardPage
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.settings import AppSettings
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.page import InitiativesPage
from desktop.views.reports.page import ReportsPage
from desktop.views.settings.page import SettingsPage
from desktop.views.shell.guide import GuideDialog
from desktop.views.sync.page import SyncPage
from desktop.views.units.page import UnitsPage

PAGES = (
    ("initiatives", "Sáng kiến", QStyle.StandardPixmap.SP_FileDialogDetailedView),
    ("dashboard", "Tiến độ", QStyle.StandardPixmap.SP_FileDialogInfoView),
    ("sync", "Đồng bộ", QStyle.StandardPixmap.SP_BrowserReload),
    ("reports", "Báo cáo, in ấn", QStyle.StandardPixmap.SP_FileIcon),
    ("units", "Đơn vị và chương trình", QStyle.StandardPixmap.SP_DirIcon),
    ("settings", "Cài đặt", QStyle.StandardPixmap.SP_FileDialogListView),
)


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


def _scrolling(page: QWidget, key: str) -> QScrollArea:
    """The page in a scroll area: a 1366×768 screen with a taskbar leaves the page about 620
    px, less than some pages' boxes need, and no page may make the window taller than the
    screen. Where there is room the page fills the area and nothing scrolls."""
    area = QScrollArea()
    area.setObjectName(f"scroll_{key}")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


def _nav() -> QListWidget:
    """The navigation on the left: one entry per page."""
    nav = named(QListWidget(), "nav")
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
        self.setAcceptDrops(True)  # a bundle file dropped on the window is imported
        self.office_label = named(QLabel(), "officeLabel")
        self.db_label = named(QLabel(), "dbLabel")
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
        """Every page, each in its scroll area on the stack, with its entry in the navigation."""
        self.pages: dict[str, QWidget] = {}
        factories: dict[str, Callable[..., QWidget]] = {
            "initiatives": InitiativesPage,
            "dashboard": DashboardPage,
            "sync": SyncPage,
            "reports": ReportsPage,
            "units": UnitsPage,
            "settings": SettingsPage,
        }
        for key, label, icon in PAGES:
            page = factories[key](services, tasks=self.tasks)
            page.setObjectName(f"page_{key}")
            self.pages[key] = page
            self.stack.addWidget(_scrolling(page, key))
            item = QListWidgetItem(self.style().standardIcon(icon), tr(label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._page_chosen)
        fit_small_screens(self.stack)

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
        initiatives = self.pages["initiatives"]
        assert isinstance(initiatives, InitiativesPage)
        last_campaign = settings.get("initiatives/campaign_id")
        if last_campaign:
            initiatives.reload_campaigns(select_id=last_campaign)
        initiatives.campaign_changed.connect(
            lambda cid: settings.set("initiatives/campaign_id", cid)
        )
        dashboard = self.pages["dashboard"]
        assert isinstance(dashboard, DashboardPage)
        dashboard.open_initiatives.connect(self.show_unit_initiatives)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&Tệp"))
        quit_action = QAction(tr("&Thoát"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
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

    def show_unit_initiatives(self, unit_id: int, campaign_id: int, period_id: object) -> None:
        """The dashboard asked for one unit's initiatives: show them in the list."""
        self.show_page("initiatives")
        show_unit = getattr(self.pages["initiatives"], "show_unit", None)
        if show_unit is not None:
            show_unit(unit_id, campaign_id, period_id)

    def show_guide(self, chapter: str | None = None) -> GuideDialog:
        """The user guide, beside the window (not modal: a person reads and works at once)."""
        if self.guide is None:
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
        for key, page in self.pages.items():
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
    def _bundle_path(event: QDragEnterEvent | QDropEvent) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
        return paths[0] if len(paths) == 1 and paths[0].lower().endswith(".ssk") else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._bundle_path(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._bundle_path(event)
        if path:
            event.acceptProposedAction()
            self.show_page("sync")
            sync = self.pages["sync"]
            assert isinstance(sync, SyncPage)
            sync.import_file(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._services.changes.subscribe(None)  # a closed window reloads nothing
        self._settings.set("window/geometry", self.saveGeometry())
        self._settings.set("window/page", self.stack.currentIndex())
        self._settings.sync()
        super().closeEvent(event)
