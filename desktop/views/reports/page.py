"""Reports: the official documents this office prints (preview, print, PDF, Excel), and the
evaluation council with its decisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.changes import Changes, Kind
from desktop.services.common import EditConflict, ServiceError
from desktop.services.documents import (
    TITLES,
    DocumentKind,
    DocumentRequest,
    DocumentSettings,
)
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.text.dates import format_date
from desktop.text.numbers import format_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.tasks import Task, TaskRunner
from desktop.views.evaluation.council_page import CouncilPanel

# The documents offered, in the order of the list (the registration form needs one initiative,
# chosen in the search list under the documents).
DOCUMENTS = (
    DocumentKind.RECOGNITION_LIST,
    DocumentKind.REGISTRATION_FORM,
    DocumentKind.REGISTRATION_LIST,
    DocumentKind.SUMMARY,
    DocumentKind.QUOTA_TABLE,
    DocumentKind.PROGRESS,
    DocumentKind.CERTIFICATES,
)
LIMIT = 200  # initiatives shown in the chooser; typing narrows the list
SETTING_FIELDS = (
    ("superior", "Cơ quan chủ quản:"),
    ("issuer", "Cơ quan ban hành:"),
    ("symbol", "Ký hiệu cơ quan:"),
    ("place", "Địa danh:"),
    ("on_behalf", "Thẩm quyền ký:"),
    ("signer_title", "Chức vụ người ký:"),
    ("signer_name", "Họ tên người ký:"),
)


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
        self._job: Task | None = None  # the document being built, if any
        self._pdf_bytes = b""
        self._buffer: QBuffer | None = None
        layout = QHBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(tr("Các văn bản in theo thể thức Nghị định 30/2020/NĐ-CP:")))
        self.documents = QListWidget()
        self.documents.setObjectName("documents")
        for kind in DOCUMENTS:
            item = QListWidgetItem(tr(TITLES[kind]))
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            self.documents.addItem(item)
        self.documents.setCurrentRow(0)
        left_layout.addWidget(self.documents)
        form = QFormLayout()
        self.campaign = QComboBox()
        self.campaign.setObjectName("campaign")
        self.decision = QComboBox()
        self.decision.setObjectName("decision")
        form.addRow(tr("Chương trình:"), self.campaign)
        form.addRow(tr("Quyết định:"), self.decision)
        left_layout.addLayout(form)

        self.initiative_box = QGroupBox(tr("Sáng kiến cần in phiếu đăng ký"))
        ilayout = QVBoxLayout(self.initiative_box)
        self.initiative_search = QLineEdit()
        self.initiative_search.setObjectName("initiativeSearch")
        self.initiative_search.setPlaceholderText(
            tr("Gõ tên sáng kiến hoặc tác giả, có dấu hay không dấu đều được")
        )
        self.initiative_search.setClearButtonEnabled(True)
        ilayout.addWidget(self.initiative_search)
        self.initiatives = QListWidget()
        self.initiatives.setObjectName("initiatives")
        self.initiatives.setMinimumHeight(120)
        ilayout.addWidget(self.initiatives)
        self.initiative_count = QLabel()
        self.initiative_count.setObjectName("initiativeCount")
        ilayout.addWidget(self.initiative_count)
        left_layout.addWidget(self.initiative_box)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._load_initiatives)

        box = QGroupBox(tr("Thể thức văn bản của cơ quan (được ghi nhớ)"))
        sform = QFormLayout(box)
        self.fields: dict[str, QLineEdit] = {}
        for name, label in SETTING_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"setting_{name}")
            self.fields[name] = edit
            sform.addRow(tr(label), edit)
        self.recipients = QPlainTextEdit()
        self.recipients.setObjectName("setting_recipients")
        self.recipients.setFixedHeight(90)
        sform.addRow(tr("Nơi nhận (mỗi dòng một nơi):"), self.recipients)
        left_layout.addWidget(box)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton(tr("Xem trước"))
        self.preview_button.setObjectName("preview")
        self.print_button = QPushButton(tr("In…"))
        self.print_button.setObjectName("print")
        self.pdf_button = QPushButton(tr("Lưu PDF…"))
        self.pdf_button.setObjectName("savePdf")
        self.xlsx_button = QPushButton(tr("Lưu Excel…"))
        self.xlsx_button.setObjectName("saveXlsx")
        for b in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            buttons.addWidget(b)
        left_layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        left_layout.addWidget(self.status)
        # While a document is built: a busy bar, and Cancel for a preview (nothing is written).
        self.busy = QWidget()
        self.busy.setObjectName("reportBusy")
        busy_row = QHBoxLayout(self.busy)
        busy_row.setContentsMargins(0, 0, 0, 0)
        self.busy_label = QLabel()
        busy_row.addWidget(self.busy_label)
        busy_bar = QProgressBar()
        busy_bar.setRange(0, 0)  # the length is not known: an indicator that it works
        busy_row.addWidget(busy_bar, 1)
        self.cancel_button = QPushButton(tr("Huỷ"))
        self.cancel_button.setObjectName("cancelDocument")
        self.cancel_button.clicked.connect(self.cancel_job)
        busy_row.addWidget(self.cancel_button)
        self.busy.hide()
        left_layout.addWidget(self.busy)
        left_layout.addStretch(1)
        split.addWidget(left)

        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        split.addWidget(self.view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        self.campaign.currentIndexChanged.connect(self._load_decisions)
        self.documents.currentRowChanged.connect(self._kind_changed)
        self.campaign.currentIndexChanged.connect(self._search_timer.start)
        self.initiative_search.textChanged.connect(self._search_timer.start)
        self.preview_button.clicked.connect(lambda: self.preview())  # not clicked(bool)
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(lambda: self.save_as(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save_as(".xlsx"))
        self.reload()

    # ---- state ---------------------------------------------------------------------------
    def reload(self, keep_typed: bool = False) -> None:
        current = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in self._s.campaigns.list():
            self.campaign.addItem(c.name, c.id)
        i = self.campaign.findData(current) if current is not None else 0
        self.campaign.setCurrentIndex(max(0, i))
        self.campaign.blockSignals(False)
        self._load_decisions()
        self._show_settings(self._typed_here() if keep_typed else set())

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
            self._show_settings(self._typed_here())

    def _typed_here(self) -> set[str]:
        typed, loaded = self.settings_from_form(), self._cfg_loaded
        return {f for f in (*self.fields, "recipients") if getattr(typed, f) != getattr(loaded, f)}

    def _show_settings(self, keep_typed: set[str] | None = None) -> None:
        """The office's document settings as they are in the store. ``keep_typed``: the
        fields whose text typed here stays (after a conflict: the ones nobody else changed)."""
        typed = self.settings_from_form()
        versions = self._s.documents.settings.versions()  # first: older can only over-warn
        cfg = self._s.documents.settings.load()
        # What this window showed, and the versions: a save writes only what was changed here
        # and is refused where someone else changed the same setting since (SettingsConflict).
        self._cfg_loaded, self._cfg_versions = cfg, versions
        keep = keep_typed or set()
        for name, edit in self.fields.items():
            edit.setText(getattr(typed if name in keep else cfg, name))
        self.recipients.setPlainText((typed if "recipients" in keep else cfg).recipients)

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
        self.decision.setEnabled(
            self.kind() in (DocumentKind.RECOGNITION_LIST, DocumentKind.CERTIFICATES)
        )
        form = self.kind() is DocumentKind.REGISTRATION_FORM
        self.initiative_box.setVisible(form)
        if form and not self.initiatives.count():
            self._load_initiatives()

    def _load_initiatives(self) -> None:
        """The campaign's initiatives matching the search (diacritics not needed)."""
        if self.kind() is not DocumentKind.REGISTRATION_FORM:
            return
        current = self.initiative_id()
        self.initiatives.clear()
        cid = self.campaign.currentData()
        if cid is None:
            self.initiative_count.setText(tr("Chưa có chương trình nào."))
            return
        page = self._s.initiatives.page(
            ListQuery(campaign_id=cid, search=self.initiative_search.text()), limit=LIMIT
        )
        for row in page.rows:
            text = f"{row.title} — {row.authors_text}" if row.authors_text else row.title
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(f"{row.uid} · {row.unit_name}")
            self.initiatives.addItem(item)
            if row.id == current:
                self.initiatives.setCurrentItem(item)
        if self.initiatives.currentRow() < 0 and self.initiatives.count() == 1:
            self.initiatives.setCurrentRow(0)
        if page.total > len(page.rows):
            self.initiative_count.setText(
                tr("{shown}/{total} sáng kiến; gõ thêm để thu hẹp.").format(
                    shown=len(page.rows), total=format_number(page.total)
                )
            )
        else:
            self.initiative_count.setText(tr("{n} sáng kiến.").format(n=format_number(page.total)))

    def initiative_id(self) -> int | None:
        item = self.initiatives.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def kind(self) -> DocumentKind:
        item = self.documents.currentItem()
        return DocumentKind(item.data(Qt.ItemDataRole.UserRole)) if item else DOCUMENTS[0]

    def settings_from_form(self) -> DocumentSettings:
        values = {name: edit.text() for name, edit in self.fields.items()}
        return DocumentSettings(recipients=self.recipients.toPlainText(), **values)

    def request(self) -> DocumentRequest | None:
        cid = self.campaign.currentData()
        if cid is None:
            dialogs.error(self, tr("Chưa có chương trình nào."))
            return None
        kind = self.kind()
        decision = self.decision.currentData() if self.decision.isEnabled() else None
        initiative = None
        if kind is DocumentKind.REGISTRATION_FORM:
            initiative = self.initiative_id()
            if initiative is None:
                dialogs.error(self, tr("Hãy chọn một sáng kiến để in phiếu đăng ký."))
                return None
        return DocumentRequest(kind, cid, decision_id=decision, initiative_id=initiative)

    def _remember(self) -> DocumentSettings:
        settings = self._s.documents.settings
        cfg = settings.save(self.settings_from_form(), self._cfg_loaded, self._cfg_versions)
        self._cfg_loaded, self._cfg_versions = cfg, settings.versions()
        return cfg

    def _settings_conflict(self, exc: EditConflict) -> None:
        """Nothing saved, nothing printed. «Tải lại»: the settings as they are now, with the
        fields changed here that nobody else changed kept as typed (to print again)."""
        if dialogs.conflict(self, str(exc)):
            self._show_settings(self._typed_here() - set(getattr(exc, "cells", ())))

    # ---- actions -------------------------------------------------------------------------
    def building(self) -> bool:
        return self._job is not None

    def _start(
        self,
        what: str,
        fn: Callable[..., object],
        *args: object,
        on_done: Callable[[object], None],
        cancellable: bool,
    ) -> bool:
        """Build on the runner, the buttons off and a busy bar on; the result comes back on the
        UI thread. False when nothing was started (another document is being built)."""
        if self._job is not None:
            dialogs.error(self, tr("Đang tạo một văn bản khác; hãy đợi xong rồi thử lại."))
            return False
        self._set_busy(what, cancellable)
        job: list[Task] = []

        def done(result: object) -> None:
            if self._finish(job):
                on_done(result)

        def failed(exc: Exception) -> None:
            if self._finish(job):
                self._failed(exc)

        job.append(self._tasks.run(fn, *args, on_done=done, on_error=failed))
        if job[0].finished:  # an inline runner has already delivered the result
            return True
        self._job = job[0]
        return True

    def _finish(self, job: list[Task]) -> bool:
        """The job ended: True when its result is still wanted (not cancelled)."""
        task = job[0] if job else None
        wanted = task is None or not task.cancelled
        if task is None or task is self._job:
            self._job = None
            self._set_busy("", False)
        return wanted

    def cancel_job(self) -> None:
        """Cancel the preview being built: its result is dropped when it comes."""
        if self._job is not None and self.cancel_button.isEnabled():
            self._job.cancel()
            self._job = None
            self._set_busy("", False)
            self.status.setText(tr("Đã huỷ."))

    def _set_busy(self, what: str, cancellable: bool) -> None:
        busy = bool(what)
        self.busy_label.setText(what)
        self.busy.setVisible(busy)
        self.cancel_button.setEnabled(cancellable)
        for b in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            b.setEnabled(not busy)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceError):
            self.status.setText(str(exc))
            dialogs.error(self, str(exc))
        else:  # already logged by the task
            dialogs.error(self, tr("Không tạo được văn bản: {why}").format(why=exc))

    def _settings_for(self) -> DocumentSettings | None:
        """The settings typed here, saved first (None after a conflict: nothing done)."""
        try:
            return self._remember()
        except EditConflict as exc:
            self._settings_conflict(exc)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
        return None

    def preview(self, then: Callable[[], None] | None = None) -> bool:
        """Build the document and show it; ``then`` once it shows. False when not started."""
        req = self.request()
        if req is None:
            return False
        cfg = self._settings_for()
        if cfg is None:
            return False

        def show(data: object) -> None:
            assert isinstance(data, bytes)
            self._show_pdf(req, data)
            if then is not None:
                then()

        return self._start(
            tr("Đang tạo văn bản, xin đợi…"),
            self._s.documents.pdf,
            req,
            cfg,
            on_done=show,
            cancellable=True,
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
        self.preview(then=self._print_previewed)

    def _print_previewed(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Draw every page of the previewed PDF on ``printer`` at the printer's resolution."""
        painter = QPainter()
        if not painter.begin(printer):
            dialogs.error(self, tr("Không mở được máy in."))
            return
        try:
            for i in range(self.pdf.pageCount()):
                size = self.pdf.pagePointSize(i)
                printer.setPageOrientation(
                    QPageLayout.Orientation.Landscape
                    if size.width() > size.height()
                    else QPageLayout.Orientation.Portrait
                )
                if i:
                    printer.newPage()
                rect = painter.viewport()
                image = self.pdf.render(i, rect.size())
                painter.drawImage(rect, image)
        finally:
            painter.end()

    def save_as(self, suffix: str) -> Path | None:
        """Ask where, then write the document there off the UI thread (no Cancel: the file
        is written at the end). The path chosen, or None; the status says when it is saved."""
        req = self.request()
        if req is None:
            return None
        filters = tr("Tệp PDF (*.pdf)") if suffix == ".pdf" else tr("Tệp Excel (*.xlsx)")
        name = f"{req.kind.value}{suffix}"
        path = dialogs.save_file(self, tr("Lưu văn bản"), filters, name)
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() != suffix:
            out = out.with_suffix(suffix)
        cfg = self._settings_for()
        if cfg is None:
            return None

        def saved(_result: object) -> None:
            self.status.setText(tr("Đã lưu {path}").format(path=str(out)))

        started = self._start(
            tr("Đang lưu văn bản, xin đợi…"),
            self._s.documents.save,
            req,
            out,
            cfg,
            on_done=saved,
            cancellable=False,
        )
        return out if started else None


class ReportsPage(QWidget):
    shows = DocumentsPanel.shows | CouncilPanel.shows

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
        layout.addWidget(self.tabs)
        self.documents = self.documents_panel.documents
        self.tabs.currentChanged.connect(self._tab_changed)

    def reload_for(self, changes: Changes) -> None:
        """After a commit anywhere (the main window calls it): both tabs, as they choose."""
        if changes.touches(DocumentsPanel.shows):
            self.documents_panel.reload_for(changes)
        if changes.touches(CouncilPanel.shows):
            self.council_panel.reload_for(changes)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.documents_panel:
            self.documents_panel._load_decisions()
