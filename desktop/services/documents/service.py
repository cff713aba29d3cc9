"""Build each printed document from the store, and write it as PDF, .xlsx or .docx.

Documents: the list of recognised initiatives of a decision, the registration form (Mẫu 1) and
the registration list (Mẫu 2), the summary table sent with nominations, the quota table, the
progress report per unit, the certificates of a decision, the author's forms (Mẫu 1, 3, 4)
and the recognition decision itself. Each is built in its own module (recognition,
registration, summary, quotas, forms, decision_letter); this service picks the builder and
the writer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from desktop.services.campaigns.progress import ProgressService
from desktop.services.common import ServiceError
from desktop.services.documents import (
    decision_letter,
    forms,
    periodic,
    quotas,
    recognition,
    registration,
    summary,
)
from desktop.services.documents.kinds import (
    NEEDS_DECISION,
    NEEDS_INITIATIVE,
    NO_XLSX,
    TITLES,
    Document,
    DocumentKind,
    DocumentRequest,
)
from desktop.services.documents.model import CertificateDocument, LetterDocument
from desktop.services.documents.proposals import PROPOSAL_BUILDERS
from desktop.services.documents.settings import DocumentSettings, DocumentSettingsService
from desktop.services.documents.summary import SUMMARY_CHARS

if TYPE_CHECKING:  # the writers (ReportLab, openpyxl, python-docx) load when a paper is made
    from desktop.services.documents.pdf import Cancel, Progress

__all__ = [
    "NEEDS_DECISION",
    "NEEDS_INITIATIVE",
    "NO_XLSX",
    "SUFFIXES",
    "SUMMARY_CHARS",
    "TITLES",
    "Document",
    "DocumentKind",
    "DocumentRequest",
    "DocumentService",
]

SUFFIXES = (".pdf", ".xlsx", ".docx")
Builder = Callable[[sessionmaker[Session], DocumentRequest, DocumentSettings], Document]


class DocumentService:
    def __init__(
        self, session_factory: sessionmaker[Session], progress: ProgressService | None = None
    ) -> None:
        self._sf = session_factory
        self.settings = DocumentSettingsService(session_factory)
        self._progress = progress or ProgressService(session_factory)

    def _builders(self) -> dict[DocumentKind, Builder]:
        return {
            DocumentKind.RECOGNITION_LIST: recognition.recognition_list,
            DocumentKind.REGISTRATION_FORM: forms.registration_form,
            DocumentKind.REGISTRATION_LIST: registration.registration_list,
            DocumentKind.SUMMARY: summary.summary,
            DocumentKind.QUOTA_TABLE: quotas.quota_table,
            DocumentKind.PROGRESS: partial(quotas.progress_report, self._progress),
            DocumentKind.CERTIFICATES: recognition.certificates,
            DocumentKind.APPLICATION: forms.application,
            DocumentKind.DESCRIPTION_REPORT: forms.description_report,
            DocumentKind.DECISION: decision_letter.decision,
            DocumentKind.PERIODIC_REPORT: periodic.periodic_report,
            DocumentKind.MONTHLY_RESULT: periodic.monthly_result,
            **PROPOSAL_BUILDERS,
        }

    def build(self, req: DocumentRequest, cfg: DocumentSettings | None = None) -> Document:
        cfg = cfg or self.settings.load()
        return self._builders()[req.kind](self._sf, req, cfg)

    def pdf(
        self,
        req: DocumentRequest,
        cfg: DocumentSettings | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> bytes:
        """The document as PDF bytes; ``progress(done, total)`` as the pages are laid out,
        ServiceError when ``cancel()`` says so."""
        return self.render(self.build(req, cfg), None, progress, cancel)

    def save(
        self,
        req: DocumentRequest,
        path: Path,
        cfg: DocumentSettings | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> Path:
        """Write the document to ``path``: .pdf, .xlsx or .docx by its suffix, whole or not at
        all (through a temporary file renamed at the end; a cancel leaves no file). An author's
        form has no .xlsx (ServiceError); a decision's .xlsx is the list attached to it."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise ServiceError(
                f"Không biết ghi tệp «{path.name}»: hãy đặt tên có đuôi .pdf, .xlsx hoặc .docx."
            )
        if not path.parent.is_dir():
            raise ServiceError(f"Thư mục «{path.parent}» không tồn tại.")
        if suffix == ".xlsx" and req.kind in NO_XLSX:
            raise ServiceError(
                f"«{TITLES[req.kind]}» là văn bản để tác giả ký, không có bản Excel: "
                "hãy lưu thành tệp .pdf hoặc .docx (Word)."
            )
        doc = self.build(req, cfg)
        if suffix == ".pdf":
            self.render(doc, path, progress, cancel)
            return path
        if suffix == ".docx":
            from desktop.services.documents.word import render_docx

            render_docx(doc, path, cancel)
            return path
        from desktop.services.documents.excel import render_certificates_xlsx, render_table_xlsx
        from desktop.services.documents.pdf import CANCELLED

        if cancel is not None and cancel():
            raise ServiceError(CANCELLED)
        if isinstance(doc, LetterDocument):
            if doc.annex is None:
                raise ServiceError(
                    f"«{TITLES[req.kind]}» không có bản Excel: hãy lưu tệp .pdf hoặc .docx (Word)."
                )
            render_table_xlsx(doc.annex, path)
        elif isinstance(doc, CertificateDocument):
            render_certificates_xlsx(doc, path)
        else:
            render_table_xlsx(doc, path)
        return path

    @staticmethod
    def render(
        doc: Document,
        path: Path | None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> bytes:
        if isinstance(doc, CertificateDocument):
            from desktop.services.documents.certificates_pdf import render_certificates_pdf

            return render_certificates_pdf(doc, path, progress, cancel)
        if isinstance(doc, LetterDocument):
            from desktop.services.documents.letter_pdf import render_letter_pdf

            return render_letter_pdf(doc, path, progress, cancel)
        from desktop.services.documents.pdf import render_table_pdf

        return render_table_pdf(doc, path, progress, cancel)
