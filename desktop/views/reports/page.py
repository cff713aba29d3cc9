"""Reports: the official documents this office prints (preview, print, PDF, Excel), and the
evaluation council with its decisions.

The documents panel is put together from its parts: the chooser (``chooser``), the settings
form (``settings_form``), and the buttons with the build on the task runner (``actions``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.changes import Changes, Kind
from desktop.services.documents import (
    TITLES,
    DocumentKind,
    DocumentRequest,
    DocumentSettings,
)
from desktop.services.documents.kinds import NEEDS_DECISION, NEEDS_INITIATIVE, NEEDS_SPAN, NO_XLSX
from desktop.services.registry import Services
from desktop.text.dates import format_date
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner
from desktop.views.evaluation.council_page import CouncilPanel
from desktop.views.evaluation.proposals_panel import ProposalsPanel
from desktop.views.reports.actions import (
    DocumentJobs,
    add_actions,
    ask_printer,
    print_dpi,
    print_pages,
)
from desktop.views.reports.chooser import (
    DOCUMENTS,
    FORM_NAMES,
    LIMIT,
    InitiativeChooser,
    document_list,
    kind_of,
)
from desktop.views.reports.settings_form import SETTING_FIELDS, SettingsForm
from desktop.views.reports.spans import SpanBox

__all__ = ["DOCUMENTS", "LIMIT", "SETTING_FIELDS", "DocumentsPanel", "ReportsPage"]


class DocumentsPanel(QWidget):
    shows = frozenset(
        {
            Kind.CAMPAIGNS,
            Kind.INITIATIVES,
            Kind.DECISIONS,
            Kind.DOCUMENTS,
            Kind.UNITS,
            Kind.QUOTAS,
            Kind.EVALUATION,
        }
    )

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._s = services
        # The window's runner: documents are built off the UI thread. A panel made alone (a
        # test) builds them inline, so a call returns with the document ready.
        self._tasks = tasks or TaskRunner(synchronous=True)
        self._pdf_bytes = b""
        self._buffer: QBuffer | None = None
        layout = QHBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split)
        split.addWidget(self._scrolled(self._build_left()))
        split.addWidget(self._build_view())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self._connect()
        self.reload()

    # ---- the parts -----------------------------------------------------------------------
    def _build_left(self) -> QWidget:
        """The chooser, the settings and the buttons, top to bottom."""
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(tr("Các văn bản in theo thể thức Nghị định 30/2020/NĐ-CP:")))
        self.documents = document_list()
        left_layout.addWidget(self.documents)
        form = QFormLayout()
        self.campaign = named(QComboBox(), "campaign")
        self.decision = named(QComboBox(), "decision")
        form.addRow(tr("Chương trình:"), self.campaign)
        form.addRow(tr("Quyết định:"), self.decision)
        left_layout.addLayout(form)

        self.initiative_box = InitiativeChooser()
        self.initiative_search = self.initiative_box.search
        self.initiatives = self.initiative_box.initiatives
        self.initiative_count = self.initiative_box.count
        self._search_timer = self.initiative_box.search_timer
        left_layout.addWidget(self.initiative_box)
        self.span_box = SpanBox()
        left_layout.addWidget(self.span_box)

        self.settings_form = SettingsForm(self._s.documents.settings)
        self.fields = self.settings_form.fields
        self.recipients = self.settings_form.recipients
        left_layout.addWidget(self.settings_form)

        actions = add_actions(left_layout)
        self.preview_button = actions.preview_button
        self.print_button = actions.print_button
        self.pdf_button = actions.pdf_button
        self.xlsx_button = actions.xlsx_button
        self.docx_button = actions.docx_button
        self.status = actions.status
        self.busy = actions.busy
        self.busy_label = actions.busy_label
        self.cancel_button = actions.cancel_button
        self.progress = actions.bar
        self._jobs = DocumentJobs(self, self._tasks, actions)
        left_layout.addStretch(1)
        return left

    @staticmethod
    def _scrolled(left: QWidget) -> QScrollArea:
        """The left column scrolls when the window is low (a 1366×768 laptop with the taskbar
        leaves 700 px): the buttons stay reachable, nothing is cut."""
        area = named(QScrollArea(), "reportLeft")
        area.setWidget(left)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = area.verticalScrollBar().sizeHint().width()
        area.setMinimumWidth(left.minimumSizeHint().width() + bar)
        return area

    def _build_view(self) -> QPdfView:
        self.pdf = QPdfDocument(self)
        self.view = named(QPdfView(self), "pdfView")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        return self.view

    def _connect(self) -> None:
        self._search_timer.timeout.connect(self._load_initiatives)
        self.cancel_button.clicked.connect(self.cancel_job)
        self.campaign.currentIndexChanged.connect(self._load_decisions)
        self.documents.currentRowChanged.connect(self._kind_changed)
        self.campaign.currentIndexChanged.connect(self._search_timer.start)
        self.preview_button.clicked.connect(lambda: self.preview())  # not clicked(bool)
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(lambda: self.save_as(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save_as(".xlsx"))
        self.docx_button.clicked.connect(lambda: self.save_as(".docx"))

    # ---- state ---------------------------------------------------------------------------
    def reload(self, keep_typed: bool = False) -> None:
        current = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        self._codes: dict[int, str] = {}
        for c in self._s.campaigns.list():
            self.campaign.addItem(c.name, c.id)
            self._codes[c.id] = c.code
        i = self.campaign.findData(current) if current is not None else 0
        self.campaign.setCurrentIndex(max(0, i))
        self.campaign.blockSignals(False)
        self._load_decisions()
        form = self.settings_form
        form.show_stored(form.typed_here() if keep_typed else set())

    def reload_for(self, changes: Changes) -> None:
        """What the store holds now, after a commit anywhere; settings typed here and not yet
        saved stay as typed."""
        if changes.touches({Kind.CAMPAIGNS}):
            self.reload(keep_typed=True)
            return
        if changes.touches({Kind.DECISIONS}):
            self._load_decisions()
        if changes.touches({Kind.INITIATIVES}) and self.initiatives.count():
            self._load_initiatives()
        if changes.touches({Kind.DOCUMENTS}):
            self.settings_form.show_stored(self.settings_form.typed_here())

    def _load_decisions(self) -> None:
        self.decision.clear()
        cid = self.campaign.currentData()
        if cid is None:
            return
        for d in reversed(self._s.evaluation.decisions.all(cid)):
            self.decision.addItem(
                tr("{number} ngày {date} ({n} sáng kiến)").format(
                    number=d.number, date=format_date(d.signed_on), n=d.recognised
                ),
                d.id,
            )
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.decision.setEnabled(kind in NEEDS_DECISION)
        form = kind in NEEDS_INITIATIVE
        self.initiative_box.setVisible(form)
        self._jobs.xlsx_allowed = kind not in NO_XLSX
        self.xlsx_button.setEnabled(self._jobs.xlsx_allowed and not self.building())
        self.xlsx_button.setToolTip(
            tr("Văn bản để tác giả ký chỉ lưu thành PDF hoặc Word.")
            if kind in NO_XLSX
            else tr("Lưu thành tệp Excel (.xlsx)")
            if kind is not DocumentKind.DECISION
            else tr("Lưu danh sách kèm theo quyết định thành tệp Excel (.xlsx)")
        )
        spanned = self.kind() in NEEDS_SPAN
        self.span_box.setVisible(spanned)
        if spanned:
            self.span_box.load(self._s, self.campaign.currentData(), self.kind())
        if form and not self.initiatives.count():
            self._load_initiatives()

    def _load_initiatives(self) -> None:
        """The campaign's initiatives matching the search (diacritics not needed)."""
        if self.kind() not in NEEDS_INITIATIVE:
            return
        self.initiative_box.load(self._s, self.campaign.currentData())

    def _campaign_code(self) -> str | None:
        cid = self.campaign.currentData()
        return self._codes.get(cid) if cid is not None else None

    def initiative_id(self) -> int | None:
        return self.initiative_box.initiative_id()

    def kind(self) -> DocumentKind:
        return kind_of(self.documents)

    def settings_from_form(self) -> DocumentSettings:
        return self.settings_form.typed()

    def request(self) -> DocumentRequest | None:
        cid = self.campaign.currentData()
        if cid is None:
            dialogs.error(self, tr("Chưa có chương trình nào."))
            return None
        kind = self.kind()
        decision = self.decision.currentData() if self.decision.isEnabled() else None
        initiative = None
        if kind in NEEDS_INITIATIVE:
            initiative = self.initiative_id()
            if initiative is None:
                dialogs.error(
                    self,
                    tr("Hãy chọn một sáng kiến để in {paper}.").format(paper=tr(FORM_NAMES[kind])),
                )
                return None
        span = self.span_box.span() if kind in NEEDS_SPAN else None
        if kind in NEEDS_SPAN and span is None:
            dialogs.error(self, tr("Hãy chọn kỳ báo cáo."))
            return None
        return DocumentRequest(
            kind,
            cid,
            decision_id=decision,
            initiative_id=initiative,
            span_from=span[0] if span else None,
            span_to=span[1] if span else None,
        )

    # ---- actions -------------------------------------------------------------------------
    def building(self) -> bool:
        return self._jobs.job is not None

    def cancel_job(self) -> None:
        """Huỷ: the preview is not shown, the file not written, the print job withdrawn."""
        self._jobs.cancel()

    def preview(self, then: Callable[[], None] | None = None) -> bool:
        """Build the document and show it; ``then`` once it shows. False when not started."""
        req = self.request()
        if req is None:
            return False
        cfg = self.settings_form.saved_for(self)
        if cfg is None:
            return False

        def show(data: object) -> None:
            assert isinstance(data, bytes)
            self._show_pdf(req, data)
            if then is not None:
                then()

        return self._jobs.start(
            tr("Đang tạo văn bản, xin đợi…"),
            self._s.documents.pdf,
            req,
            cfg,
            on_done=show,
            cancellable=True,
            steps=True,
        )

    def _show_pdf(self, req: DocumentRequest, data: bytes) -> None:
        self._pdf_bytes = data
        self.pdf.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        self.status.setText(
            tr("{title}: {pages} trang.").format(
                title=tr(TITLES[req.kind]), pages=self.pdf.pageCount()
            )
        )

    def print_document(self) -> None:
        """Build the document, show it, ask for the printer, then print it."""
        self.preview(then=self._ask_and_print)

    def _ask_and_print(self) -> None:
        printer = ask_printer(self)
        if printer is not None:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Send the previewed document to ``printer`` off the UI thread, a page at a time at
        no more than PRINT_DPI (300 dpi) whatever the printer's resolution, with a bar of the
        pages sent and Huỷ (the job is withdrawn). False when nothing was started."""
        data = self._pdf_bytes
        if not data:
            dialogs.error(self, tr("Hãy xem trước văn bản rồi in."))
            return False
        dpi = print_dpi(printer)

        def printed(pages: object) -> None:
            self.status.setText(
                tr("Đã gửi {pages} trang tới máy in, ở {dpi} dpi.").format(pages=pages, dpi=dpi)
            )

        return self._jobs.start(
            tr("Đang in, xin đợi…"),
            print_pages,
            data,
            printer,
            on_done=printed,
            cancellable=True,
            steps=True,
        )

    def save_as(self, suffix: str) -> Path | None:
        """Ask where, then write the document there off the UI thread, with Huỷ (the file is
        written whole at the end, or not at all). The path chosen, or None; the status says
        when it is saved."""
        req = self.request()
        if req is None:
            return None
        filters = {
            ".pdf": tr("Tệp PDF (*.pdf)"),
            ".xlsx": tr("Tệp Excel (*.xlsx)"),
            ".docx": tr("Tệp Word (*.docx)"),
        }[suffix]
        # «Danh-sach-cong-nhan_01TRIEU-2022_2026-12-02.pdf», in the last folder used for PDFs
        name = dialogs.suggested_name(
            tr(TITLES[req.kind]), campaign=self._campaign_code(), suffix=suffix
        )
        path = dialogs.save_file(self, tr("Lưu văn bản"), filters, name)
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() != suffix:
            out = out.with_suffix(suffix)
        cfg = self.settings_form.saved_for(self)
        if cfg is None:
            return None

        def saved(_result: object) -> None:
            self.status.setText(tr("Đã lưu {path}").format(path=str(out)))
            dialogs.offer_open(self, out)  # «Mở tệp», «Mở thư mục»; does not wait

        started = self._jobs.start(
            tr("Đang lưu văn bản, xin đợi…"),
            self._s.documents.save,
            req,
            out,
            cfg,
            on_done=saved,
            cancellable=True,
            steps=True,
        )
        return out if started else None


class ReportsPage(QWidget):
    shows = DocumentsPanel.shows | CouncilPanel.shows | ProposalsPanel.shows

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportTabs")
        self.documents_panel = DocumentsPanel(services, tasks=tasks)
        self.council_panel = CouncilPanel(services, tasks=tasks)
        self.tabs.addTab(self.documents_panel, tr("In văn bản"))
        self.tabs.addTab(self.council_panel, tr("Hội đồng thẩm định, quyết định công nhận"))
        # A direct upper-level union's proposals to the province (seed 002).
        self.proposals_panel = ProposalsPanel(services, tasks=tasks)
        self.tabs.addTab(self.proposals_panel, tr("Đề xuất lên LĐLĐ tỉnh"))
        layout.addWidget(self.tabs)
        self.documents = self.documents_panel.documents
        self.tabs.currentChanged.connect(self._tab_changed)

    def reload_for(self, changes: Changes) -> None:
        """After a commit anywhere (the main window calls it): both tabs, as they choose."""
        if changes.touches(DocumentsPanel.shows):
            self.documents_panel.reload_for(changes)
        if changes.touches(CouncilPanel.shows):
            self.council_panel.reload_for(changes)
        if changes.touches(ProposalsPanel.shows):
            self.proposals_panel.reload_for(changes)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.documents_panel:
            self.documents_panel._load_decisions()
