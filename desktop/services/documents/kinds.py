"""The documents this office prints, and what a caller asks for: the kind and its scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from desktop.services.documents.model import CertificateDocument, LetterDocument, TableDocument


class DocumentKind(StrEnum):
    RECOGNITION_LIST = "recognition-list"
    REGISTRATION_FORM = "registration-form"
    REGISTRATION_LIST = "registration-list"
    SUMMARY = "summary"
    QUOTA_TABLE = "quota-table"
    PROGRESS = "progress"
    CERTIFICATES = "certificates"
    APPLICATION = "application"
    DESCRIPTION_REPORT = "description-report"
    DECISION = "decision"
    # The reports at fixed times (documents/periodic.py): 6 months / a year, and a month.
    PERIODIC_REPORT = "periodic-report"
    MONTHLY_RESULT = "monthly-result"
    # A direct upper-level union's proposals to the province (documents/proposals.py).
    SUBMISSION = "submission"
    PROPOSAL_LETTER = "proposal-letter"


TITLES = {
    DocumentKind.RECOGNITION_LIST: "Danh sách sáng kiến được công nhận",
    DocumentKind.REGISTRATION_FORM: "Phiếu đăng ký sáng kiến (Mẫu 1)",
    DocumentKind.REGISTRATION_LIST: "Danh sách đăng ký sáng kiến của đơn vị (Mẫu 2)",
    DocumentKind.SUMMARY: "Bảng tổng hợp tóm tắt sáng kiến",
    DocumentKind.QUOTA_TABLE: "Bảng chỉ tiêu của chương trình",
    DocumentKind.PROGRESS: "Báo cáo tiến độ theo đơn vị",
    DocumentKind.CERTIFICATES: "Giấy chứng nhận sáng kiến",
    DocumentKind.APPLICATION: "Đơn đề nghị công nhận sáng kiến (Mẫu 3)",
    DocumentKind.DESCRIPTION_REPORT: "Báo cáo mô tả sáng kiến (Mẫu 4)",
    DocumentKind.DECISION: "Quyết định công nhận sáng kiến",
    DocumentKind.PERIODIC_REPORT: "Báo cáo kết quả định kỳ (6 tháng, năm)",
    DocumentKind.MONTHLY_RESULT: "Kết quả tháng (kèm báo cáo tháng)",
    # A direct upper-level union's proposals to the province (documents/proposals.py).
    DocumentKind.SUBMISSION: "Tờ trình đề xuất sáng kiến lên LĐLĐ tỉnh",
    DocumentKind.PROPOSAL_LETTER: "Văn bản đề nghị công nhận sáng kiến của công đoàn cấp trên",
}
NEEDS_DECISION = {DocumentKind.RECOGNITION_LIST, DocumentKind.CERTIFICATES, DocumentKind.DECISION}
# The papers about one initiative: the author's forms.
NEEDS_INITIATIVE = {
    DocumentKind.REGISTRATION_FORM,
    DocumentKind.APPLICATION,
    DocumentKind.DESCRIPTION_REPORT,
}
# Papers with no Excel copy: an author's form is prose to sign (its Word copy is the one to
# edit); a decision's .xlsx is the list attached to it.
NO_XLSX = NEEDS_INITIATIVE
# The kinds that report on a span of days (DocumentRequest.span_from / span_to).
NEEDS_SPAN = {DocumentKind.PERIODIC_REPORT, DocumentKind.MONTHLY_RESULT}
# A direct upper-level union's papers about its proposals to the province (proposals.py).
NEEDS_PROPOSALS = {DocumentKind.SUBMISSION, DocumentKind.PROPOSAL_LETTER}


@dataclass(frozen=True)
class DocumentRequest:
    kind: DocumentKind
    campaign_id: int
    decision_id: int | None = None
    initiative_id: int | None = None  # the author's forms (Mẫu 1, 3, 4)
    period_id: int | None = None
    unit_id: int | None = None  # a district-level unit: only its initiatives
    on: dt.date | None = None  # the date of the document; default today
    span_from: dt.date | None = None  # the span a periodic report covers (NEEDS_SPAN)
    span_to: dt.date | None = None


Document = TableDocument | CertificateDocument | LetterDocument
