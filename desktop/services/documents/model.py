"""What a printed document holds, independent of PDF or Excel: the letterhead, the title,
the table (columns, rows, groups), the recipients and the signature block."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Letterhead:
    superior: str  # "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"
    issuer: str  # "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    number: str  # "Số: 125/QĐ-LĐLĐ"
    place_date: str  # "Lai Châu, ngày 13 tháng 01 năm 2022"


@dataclass(frozen=True)
class Signature:
    on_behalf: str  # "TM. BAN THƯỜNG VỤ"
    title: str  # "CHỦ TỊCH"
    name: str


@dataclass(frozen=True)
class Col:
    header: str
    width: float  # relative weight in the PDF; characters in Excel are derived from it
    align: str = "left"  # left, center, right
    money: bool = False


@dataclass(frozen=True)
class GroupRow:
    """A row spanning the table: the name of a unit the rows below belong to."""

    label: str


@dataclass(frozen=True)
class TableDocument:
    kind: str  # used for file names: recognition-list, summary…
    letterhead: Letterhead
    title: str  # DANH SÁCH, BẢNG TỔNG HỢP, BÁO CÁO
    subject: tuple[str, ...]  # bold lines under the title
    columns: tuple[Col, ...]
    rows: tuple[tuple[Any, ...] | GroupRow, ...]
    subtitle: str = ""  # italic, under the subject: "(Kèm theo Quyết định số …)"
    intro: tuple[str, ...] = ()
    total: tuple[Any, ...] | None = None
    after: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    signature: Signature | None = None
    landscape: bool = False
    sheet_title: str = "Danh sách"


@dataclass(frozen=True)
class Certificate:
    number: str  # "Số: 01/GCN-LĐLĐ"
    title: str
    authors: str
    unit: str
    field_name: str
    decision_line: str  # "Theo Quyết định số 125/QĐ-LĐLĐ ngày 15/7/2022 …"


@dataclass(frozen=True)
class CertificateDocument:
    kind: str
    letterhead: Letterhead
    certificates: tuple[Certificate, ...]
    signature: Signature | None = None
    extra: dict[str, Any] = field(default_factory=dict)
