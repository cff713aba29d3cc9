"""The documents this office prints, and what a caller asks for: the kind and its scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from desktop.services.documents.model import CertificateDocument, TableDocument


class DocumentKind(StrEnum):
    RECOGNITION_LIST = "recognition-list"
    REGISTRATION_FORM = "registration-form"
    REGISTRATION_LIST = "registration-list"
    SUMMARY = "summary"
    QUOTA_TABLE = "quota-table"
    PROGRESS = "progress"
    CERTIFICATES = "certificates"
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
    # A direct upper-level union's proposals to the province (documents/proposals.py).
    DocumentKind.SUBMISSION: "Tờ trình đề xuất sáng kiến lên LĐLĐ tỉnh",
    DocumentKind.PROPOSAL_LETTER: "Văn bản đề nghị công nhận sáng kiến của công đoàn cấp trên",
}
NEEDS_DECISION = {DocumentKind.RECOGNITION_LIST, DocumentKind.CERTIFICATES}
# A direct upper-level union's papers about its proposals to the province (proposals.py).
NEEDS_PROPOSALS = {DocumentKind.SUBMISSION, DocumentKind.PROPOSAL_LETTER}


@dataclass(frozen=True)
class DocumentRequest:
    kind: DocumentKind
    campaign_id: int
    decision_id: int | None = None
    initiative_id: int | None = None  # the registration form
    period_id: int | None = None
    unit_id: int | None = None  # a district-level unit: only its initiatives
    on: dt.date | None = None  # the date of the document; default today


Document = TableDocument | CertificateDocument
