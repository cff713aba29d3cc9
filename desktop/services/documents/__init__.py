"""Printed documents in the layout of Nghị định 30/2020/NĐ-CP, as PDF, .xlsx and .docx.

The fonts (``documents.fonts``) and the writers load when a paper is made, not with the
program."""

from typing import TYPE_CHECKING

from desktop.services.exports import lazy_exports

if TYPE_CHECKING:
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

_KINDS = "desktop.services.documents.kinds"
_MODEL = "desktop.services.documents.model"
_SETTINGS = "desktop.services.documents.settings"
__getattr__ = lazy_exports(
    __name__,
    {
        "TITLES": _KINDS,
        "DocumentKind": _KINDS,
        "DocumentRequest": _KINDS,
        "DocumentService": "desktop.services.documents.service",
        "DocumentSettings": _SETTINGS,
        "DocumentSettingsService": _SETTINGS,
        **dict.fromkeys(
            (
                "Certificate",
                "CertificateDocument",
                "Col",
                "GroupRow",
                "Letterhead",
                "Signature",
                "TableDocument",
            ),
            _MODEL,
        ),
    },
)

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
