"""Reports: the official documents this office prints (preview, print, PDF, Excel), and the
evaluation council with its decisions."""

from __future__ import annotations

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
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

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
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._s = services
        self._pdf_bytes = b""
        self._buffer: QBuffer | None = None
        layout = QHBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(tr("Các văn bản in theo thể thức Nghị định 30/2020/NĐ-CP:")))
        self.documents = QListWidget(objectName="documents")
        for kind in DOCUMENTS:
            item = QListWidgetItem(tr(TITLES[kind]))
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            self.documents.addItem(item)
        self.documents.setCurrentRow(0)
        left_layout.addWidget(self.documents)
        form = QFormLayout()
        self.campaign = QComboBox(objectName="campaign")
        self.decision = QComboBox(objectName="decision")
        form.addRow(tr("Chương trình:"), self.campaign)
        form.addRow(tr("Quyết định:"), self.decision)
        left_layout.addLayout(form)

        self.initiative_box = QGroupBox(tr("Sáng kiến cần in phiếu đăng ký"))
        ilayout = QVBoxLayout(self.initiative_box)
        self.initiative_search = QLineEdit(objectName="initiativeSearch")
        self.initiative_search.setPlaceholderText(
            tr("Gõ tên sáng kiến hoặc tác giả, có dấu hay không dấu đều được")
        )
        self.initiative_search.setClearButtonEnabled(True)
        ilayout.addWidget(self.initiative_search)
        self.initiatives = QListWidget(objectName="initiatives")
        self.initiatives.setMinimumHeight(120)
        ilayout.addWidget(self.initiatives)
        self.initiative_count = QLabel(objectName="initiativeCount")
        ilayout.addWidget(self.initiative_count)
        left_layout.addWidget(self.initiative_box)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._load_initiatives)

        box = QGroupBox(tr("Thể thức văn bản của cơ quan (được ghi nhớ)"))
        sform = QFormLayout(box)
        self.fields: dict[str, QLineEdit] = {}
        for name, label in SETTING_FIELDS:
            edit = QLineEdit(objectName=f"setting_{name}")
            self.fields[name] = edit
            sform.addRow(tr(label), edit)
        self.recipients = QPlainTextEdit(objectName="setting_recipients")
        self.recipients.setFixedHeight(90)
        sform.addRow(tr("Nơi nhận (mỗi dòng một nơi):"), self.recipients)
        left_layout.addWidget(box)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton(tr("Xem trước"), objectName="preview")
        self.print_button = QPushButton(tr("In…"), objectName="print")
        self.pdf_button = QPushButton(tr("Lưu PDF…"), objectName="savePdf")
        self.xlsx_button = QPushButton(tr("Lưu Excel…"), objectName="saveXlsx")
        for b in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            buttons.addWidget(b)
        left_layout.addLayout(buttons)
        self.status = QLabel(objectName="reportStatus", wordWrap=True)
        left_layout.addWidget(self.status)
        left_layout.addStretch(1)
        split.addWidget(left)

        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self, objectName="pdfView")
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
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(lambda: self.save_as(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save_as(".xlsx"))
        self.reload()

    # ---- state ---------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in self._s.campaigns.list():
            self.campaign.addItem(c.name, c.id)
        i = self.campaign.findData(current) if current is not None else 0
        self.campaign.setCurrentIndex(max(0, i))
        self.campaign.blockSignals(False)
        self._load_decisions()
        self._show_settings(set())

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
            typed, loaded = self.settings_from_form(), self._cfg_loaded
            changed_here = {
                f for f in (*self.fields, "recipients") if getattr(typed, f) != getattr(loaded, f)
            }
            self._show_settings(changed_here - set(getattr(exc, "cells", ())))

    # ---- actions -------------------------------------------------------------------------
    def preview(self) -> bool:
        req = self.request()
        if req is None:
            return False
        try:
            cfg = self._remember()
            data = self._s.documents.pdf(req, cfg)
        except EditConflict as exc:
            self._settings_conflict(exc)
            return False
        except ServiceError as exc:
            self.status.setText(str(exc))
            dialogs.error(self, str(exc))
            return False
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
        return True

    def print_document(self) -> None:
        if not self.preview():
            return
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
        try:
            cfg = self._remember()
            self._s.documents.save(req, out, cfg)
        except EditConflict as exc:
            self._settings_conflict(exc)
            return None
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return None
        self.status.setText(tr("Đã lưu {path}").format(path=str(out)))
        return out


class ReportsPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(objectName="reportTabs")
        self.documents_panel = DocumentsPanel(services)
        self.council_panel = CouncilPanel(services)
        self.tabs.addTab(self.documents_panel, tr("In văn bản"))
        self.tabs.addTab(self.council_panel, tr("Hội đồng thẩm định, quyết định công nhận"))
        layout.addWidget(self.tabs)
        self.documents = self.documents_panel.documents
        self.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.documents_panel:
            self.documents_panel._load_decisions()
