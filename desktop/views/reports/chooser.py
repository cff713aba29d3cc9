"""Which document to print: the list of documents, and the initiative whose author's form
(Mẫu 1, 3 or 4) is printed, searched by name or author."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from desktop.services.documents import TITLES, DocumentKind
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.text.numbers import format_number
from desktop.views.common.i18n import tr
from desktop.views.common.named import named

# The documents offered, in the order of the list (an author's form needs one initiative,
# chosen in the search list under the documents; a decision's papers one decision).
DOCUMENTS = (
    DocumentKind.RECOGNITION_LIST,
    DocumentKind.REGISTRATION_FORM,
    DocumentKind.REGISTRATION_LIST,
    DocumentKind.SUMMARY,
    DocumentKind.QUOTA_TABLE,
    DocumentKind.PROGRESS,
    DocumentKind.CERTIFICATES,
    DocumentKind.APPLICATION,
    DocumentKind.DESCRIPTION_REPORT,
    DocumentKind.DECISION,
    DocumentKind.PERIODIC_REPORT,  # the reports at fixed times (reports/spans.py)
    DocumentKind.MONTHLY_RESULT,
    DocumentKind.SUBMISSION,  # a district's proposals to the province (documents/proposals.py)
    DocumentKind.PROPOSAL_LETTER,
)
# What the message names when no initiative is chosen: "Hãy chọn một sáng kiến để in …".
FORM_NAMES = {
    DocumentKind.REGISTRATION_FORM: "phiếu đăng ký",
    DocumentKind.APPLICATION: "đơn đề nghị công nhận sáng kiến",
    DocumentKind.DESCRIPTION_REPORT: "báo cáo mô tả sáng kiến",
}
LIMIT = 200  # initiatives shown in the chooser; typing narrows the list


def document_list() -> QListWidget:
    """The documents offered, the first chosen."""
    documents = named(QListWidget(), "documents")
    for kind in DOCUMENTS:
        item = QListWidgetItem(tr(TITLES[kind]))
        item.setData(Qt.ItemDataRole.UserRole, kind.value)
        documents.addItem(item)
    documents.setCurrentRow(0)
    # Every document in sight at once (ten of them): the column scrolls, not this list.
    rows = documents.count() * documents.sizeHintForRow(0)
    documents.setMinimumHeight(rows + 2 * documents.frameWidth() + 2)
    return documents


def kind_of(documents: QListWidget) -> DocumentKind:
    item = documents.currentItem()
    return DocumentKind(item.data(Qt.ItemDataRole.UserRole)) if item else DOCUMENTS[0]


class InitiativeChooser(QGroupBox):
    """The initiative for an author's form: a search field, the matches, how many.

    ``search_timer`` fires a little after the typing stops; the panel loads the list then.
    """

    def __init__(self) -> None:
        super().__init__(tr("Sáng kiến cần in (phiếu đăng ký, đơn, báo cáo mô tả)"))
        layout = QVBoxLayout(self)
        self.search = named(QLineEdit(), "initiativeSearch")
        self.search.setPlaceholderText(
            tr("Gõ tên sáng kiến hoặc tác giả, có dấu hay không dấu đều được")
        )
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.initiatives = named(QListWidget(), "initiatives")
        self.initiatives.setMinimumHeight(120)
        layout.addWidget(self.initiatives)
        self.count = named(QLabel(), "initiativeCount")
        layout.addWidget(self.count)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(250)
        self.search.textChanged.connect(self.search_timer.start)

    def initiative_id(self) -> int | None:
        item = self.initiatives.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def load(self, services: Services, campaign_id: int | None) -> None:
        """The campaign's initiatives matching the search (diacritics not needed)."""
        current = self.initiative_id()
        self.initiatives.clear()
        if campaign_id is None:
            self.count.setText(tr("Chưa có chương trình nào."))
            return
        page = services.initiatives.page(
            ListQuery(campaign_id=campaign_id, search=self.search.text()), limit=LIMIT
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
            self.count.setText(
                tr("{shown}/{total} sáng kiến; gõ thêm để thu hẹp.").format(
                    shown=len(page.rows), total=format_number(page.total)
                )
            )
        else:
            self.count.setText(tr("{n} sáng kiến.").format(n=format_number(page.total)))
