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
    note: str = ""  # italic under the title: "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"


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


@dataclass(frozen=True)
class Block:
    """One piece of a letter's body, in reading order.

    ``kind`` says how it is set: ``paragraph`` (justified, first line indented), ``heading``
    (bold, e.g. "I. NỘI DUNG"), ``article`` (a decision's "Điều 1." with its text: ``label``
    is set in bold before ``text``), ``item`` (a numbered or dashed line), ``field`` (a form
    line "Họ và tên: …", ``label`` then ``text`` on one line; a ``text`` of "…" only is a
    blank the author fills in by hand: dots to the end of the line), ``signature_note`` (italic,
    e.g. "(Ký, ghi rõ họ tên)"), ``table`` (``table`` holds the rows inline: only its
    ``columns`` and ``rows`` are used), ``basis`` (a decision's "Căn cứ …;" line: italic,
    justified, first line indented), ``center`` (a centred bold line: the authority that
    decides, "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH …", and "QUYẾT ĐỊNH:").
    """

    kind: str
    text: str = ""
    label: str = ""
    table: TableDocument | None = None


@dataclass(frozen=True)
class Confirmation:
    """A second signature block on a form, e.g. the upper-level union's confirmation under an
    author's registration form (Mẫu 1): its heading, the words it confirms, who signs."""

    heading: str  # "XÁC NHẬN CỦA CÔNG ĐOÀN CẤP TRÊN TRỰC TIẾP CƠ SỞ"
    text: str = ""
    signature: Signature | None = None


@dataclass(frozen=True)
class LetterDocument:
    """A paper written as prose in the Nghị định 30 layout: a decision with its articles, a
    letter of proposal, a Tờ trình, an author's application or description report.

    ``letterhead`` may have an empty ``number`` (an author's form carries none); ``addressee``
    is the "Kính gửi: …" line(s); ``annex`` is a list attached after the signature ("Danh sách
    … (Kèm theo Quyết định số …)"), rendered as its own table document on a new page.

    An author's form (``signer_is_author``): the letterhead has empty ``superior``, ``issuer``
    and ``number``, so only the national motto heads the page, centred; its ``place_date`` is
    set at the right just above the author's signature, not under the motto; ``form_label``
    ("Mẫu 1") is set small at the top right; a ``confirmation`` goes at the left of the
    author's signature, level with it.
    """

    kind: str
    letterhead: Letterhead
    title: str  # QUYẾT ĐỊNH, TỜ TRÌNH, ĐƠN ĐỀ NGHỊ…
    subject: tuple[str, ...] = ()  # bold lines under the title ("V/v …", "Về việc …")
    addressee: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    recipients: tuple[str, ...] = ()
    signature: Signature | None = None
    signer_is_author: bool = False  # the author signs (Mẫu 3, Mẫu 4): no "TM." block, no seal
    confirmation: Confirmation | None = None
    annex: TableDocument | None = None
    form_label: str = ""  # "Mẫu 1", "Mẫu 3", "Mẫu 4"
