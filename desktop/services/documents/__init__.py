"""Printed documents in the layout of Nghị định 30/2020/NĐ-CP, as PDF, .xlsx and .docx.

The fonts (``documents.fonts``) and the writers load when a paper is made, not with the
program."""

from desktop.services.documents.kinds import TITLES, DocumentKind, DocumentRequest
from desktop.services.documents.model import (
    Certificate,
    CertificateDocument,
    Col,
    GroupRow,
    Letterhead,
    Signature,
    TableDocument,
)
from desktop.services.documents.service import DocumentService
from desktop.services.documents.settings import DocumentSettings, DocumentSettingsService

__all__ = [
    "TITLES",
    "Certificate",
    "CertificateDocument",
    "Col",
    "DocumentKind",
    "DocumentRequest",
    "DocumentService",
    "DocumentSettings",
    "DocumentSettingsService",
    "GroupRow",
    "Letterhead",
    "Signature",
    "TableDocument",
]
