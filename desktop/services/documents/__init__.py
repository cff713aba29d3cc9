"""Printed documents in the layout of Nghị định 30/2020/NĐ-CP, as PDF and as .xlsx."""

from desktop.services.documents.fonts import FontFamily, FontsMissing, find_font, register_font
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
    "FontFamily",
    "FontsMissing",
    "GroupRow",
    "Letterhead",
    "Signature",
    "TableDocument",
    "find_font",
    "register_font",
]
