"""The author's forms about one initiative, as the author signs them: the registration form
(Mẫu 1, with the upper-level union's confirmation), the application for recognition
(Mẫu 3, "Đơn đề nghị công nhận sáng kiến") and the description report (Mẫu 4, "Báo cáo mô tả
sáng kiến"), the forms of the plans' dossiers (seed 000, 2.1 and 2.3).

An author's form carries the national motto and no issuer, no number: it is the author's
paper, not the office's. Its fields follow the application of Thông tư 18/2013/TT-BKHCN
(authors with their share, field, date of first application, description, confidential
information, conditions, benefit); what the store does not hold is left as a dotted line for
the author to fill in by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Author, AuthorKind, Council, Field, Initiative, Unit
from desktop.services import labels
from desktop.services.common import NotFound, ServiceError
from desktop.services.documents import shared
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.documents.model import (
    Block,
    Col,
    Confirmation,
    LetterDocument,
    Letterhead,
    Signature,
    TableDocument,
)
from desktop.services.documents.settings import DocumentSettings
from desktop.services.units.dated import DatedTree
from desktop.text.dates import document_date_line, format_date
from desktop.text.normalise import clean
from desktop.text.numbers import format_number
from desktop.text.partial_dates import format_partial_date

DOTS = "…" * 12  # a blank for the author to fill in by hand (dots to the end of the line)
CONFIRMATION_HEADING = "XÁC NHẬN CỦA CÔNG ĐOÀN CẤP TRÊN TRỰC TIẾP CƠ SỞ"
CONFIDENTIAL = "(Sáng kiến mật: nội dung không in trên giấy này)"
_NO_HEADER = Letterhead("", "", "", "")


@dataclass(frozen=True)
class Paper:
    """What the author's forms show of one initiative, read in one session."""

    ini: Initiative
    authors: tuple[Author, ...]
    unit_name: str  # the grassroots union
    upper_name: str  # its direct upper-level union on the initiative's date
    field_name: str
    campaign_name: str

    @property
    def group(self) -> bool:
        return self.ini.author_kind is AuthorKind.GROUP or len(self.authors) > 1

    @property
    def we(self) -> str:
        return "Chúng tôi" if self.group else "Tôi"

    @property
    def description(self) -> str:
        return CONFIDENTIAL if self.ini.confidential else (clean(self.ini.description) or DOTS)

    @property
    def benefit(self) -> str:
        bits = []
        if self.ini.benefit_vnd:
            bits.append(f"Giá trị làm lợi {format_number(self.ini.benefit_vnd)} đồng")
        if self.ini.benefit_note:
            bits.append(clean(self.ini.benefit_note))
        return "; ".join(bits) + "." if bits else DOTS


def _applied(ini: Initiative) -> str:
    """The date of first application: "08/06/2023", or "03/2022", "Quý I/2022" for one known
    only to the month or quarter."""
    if ini.applied_on is not None and ini.applied_precision is not None:
        return format_partial_date(ini.applied_on, ini.applied_precision)
    return format_date(ini.applied_on)


def _paper(s: Session, req: DocumentRequest, what: str) -> Paper:
    if req.initiative_id is None:
        raise ServiceError(f"Hãy chọn một sáng kiến để in {what}.")
    ini = s.get(Initiative, req.initiative_id)
    if ini is None or ini.deleted_at is not None:
        raise NotFound("Không tìm thấy sáng kiến.")
    campaign = shared.campaign_of(s, ini.campaign_id)
    authors = tuple(
        s.scalars(select(Author).where(Author.initiative_id == ini.id).order_by(Author.seq))
    )
    dated = DatedTree.load(s)
    day = ini.applied_on or ini.registered_on or dt.date.today()
    unit = s.get(Unit, ini.unit_id)
    upper_id = dated.upper_on(ini.unit_id, day)
    upper = (
        dated.at(upper_id, dated.last_day(upper_id, day)).name if upper_id != ini.unit_id else ""
    )
    fld = s.get(Field, ini.field_id) if ini.field_id else None
    return Paper(
        ini=ini,
        authors=authors,
        unit_name=unit.name if unit else "",
        upper_name=upper,
        field_name=fld.name if fld else "",
        campaign_name=campaign.name,
    )


def blank_date_line(place: str) -> str:
    """The place and date line left for the author to date by hand."""
    return f"{clean(place) or '……'}, ngày …… tháng …… năm ……"


def _date_line(cfg: DocumentSettings, on: dt.date | None) -> str:
    return document_date_line(cfg.place, on) if on else blank_date_line(cfg.place)


def _author_signature(p: Paper, title: str, group_title: str) -> Signature:
    """The author signs; a group by its first author, for the group."""
    name = p.authors[0].full_name if p.authors else ""
    return Signature("", group_title if p.group else title, name, "(Ký, ghi rõ họ tên)")


def _inline(columns: tuple[Col, ...], rows: list[tuple[Any, ...]]) -> Block:
    return Block(
        "table",
        table=TableDocument(
            kind="inline",
            letterhead=_NO_HEADER,
            title="",
            subject=(),
            columns=columns,
            rows=tuple(rows),
        ),
    )


def _pct(a: Author) -> str:
    pct = a.contribution_pct
    return f"{format_number(pct, 0 if pct == int(pct) else 2)}%"


REGISTRATION_AUTHORS = (
    Col("TT", 5, "center"),
    Col("Họ và tên", 22),
    Col("Chức vụ", 17),
    Col("Nơi công tác", 24),
    Col("Đoàn viên công đoàn", 12, "center"),
    Col("Tỷ lệ đóng góp", 11, "center"),
)


def _registration_blocks(p: Paper) -> list[Block]:
    ini = p.ini
    rows = [
        (
            i,
            a.full_name,
            a.job_title or "",
            a.workplace or "",
            "Có" if a.is_member else "Không",
            _pct(a),
        )
        for i, a in enumerate(p.authors, start=1)
    ]
    sector = labels.SECTOR[ini.sector] if ini.sector else ""
    return [
        Block("field", ini.title, "1. Tên sáng kiến, ý tưởng mới: "),
        Block("field", "", "2. Tác giả, nhóm tác giả:"),
        _inline(REGISTRATION_AUTHORS, rows),
        Block("field", p.unit_name, "3. Công đoàn cơ sở: "),
        Block("field", p.upper_name or DOTS, "4. Công đoàn cấp trên trực tiếp cơ sở: "),
        Block("field", p.field_name or DOTS, "5. Lĩnh vực: "),
        Block("field", sector, "6. ") if sector else Block("field", DOTS, "6. Khối: "),
        Block(
            "field",
            _applied(ini) or DOTS,
            "7. Thời gian bắt đầu áp dụng (hoặc dự kiến áp dụng): ",
        ),
        Block("field", p.description, "8. Tóm tắt nội dung sáng kiến: "),
        Block("field", p.benefit, "9. Hiệu quả, giá trị làm lợi (hoặc dự kiến): "),
        Block(
            "paragraph",
            f"{p.we} xin cam đoan sáng kiến trên là của {'chúng tôi' if p.group else 'tôi'}, "
            "không sao chép, không vi phạm quyền tác giả của người khác.",
        ),
    ]


def registration_form(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> LetterDocument:
    """Mẫu 1 as the author fills it: the motto, the title, the fields, the author's
    signature, and the upper-level union's confirmation at the left."""
    with sf() as s:
        p = _paper(s, req, "phiếu đăng ký")
        on = p.ini.registered_on or req.on
        return LetterDocument(
            kind=DocumentKind.REGISTRATION_FORM.value,
            letterhead=Letterhead("", "", "", _date_line(cfg, on)),
            title="PHIẾU ĐĂNG KÝ SÁNG KIẾN",
            subject=(f"Chương trình «{p.campaign_name}»",),
            blocks=tuple(_registration_blocks(p)),
            signature=_author_signature(p, "TÁC GIẢ", "ĐẠI DIỆN NHÓM TÁC GIẢ"),
            signer_is_author=True,
            confirmation=Confirmation(
                CONFIRMATION_HEADING,
                p.upper_name,
                Signature("", "", "", "(Ký tên, đóng dấu)"),
            ),
            form_label="Mẫu 1",
        )


APPLICATION_AUTHORS = (
    Col("TT", 5, "center"),
    Col("Họ và tên", 19),
    Col("Ngày tháng năm sinh", 14.5, "center"),
    Col("Nơi công tác", 16.5),
    Col("Chức danh", 13),
    Col("Trình độ chuyên môn", 13),
    Col("Tỷ lệ (%) đóng góp vào việc tạo ra sáng kiến", 19, "center"),
)


def _addressee(s: Session, cfg: DocumentSettings, ini: Initiative) -> str:
    """The council that evaluates the campaign (of the initiative's period first), else the
    standing committee of this office."""
    councils = list(
        s.scalars(
            select(Council).where(Council.campaign_id == ini.campaign_id).order_by(Council.id)
        )
    )
    same = [c for c in councils if c.period_id == ini.period_id] or councils
    if same:
        return same[-1].name
    return f"Ban Thường vụ {shared.issuer_name(s, cfg)}"


def _application_blocks(p: Paper) -> list[Block]:
    ini = p.ini
    rows = [
        (
            i,
            a.full_name,
            format_date(a.birth_date),
            a.workplace or "",
            a.job_title or "",
            a.qualification or "",
            _pct(a),
        )
        for i, a in enumerate(p.authors, start=1)
    ]
    return [
        Block("paragraph", f"{p.we} ghi tên dưới đây:"),
        _inline(APPLICATION_AUTHORS, rows),
        Block(
            "paragraph",
            f"Là {'nhóm tác giả' if p.group else 'tác giả'} đề nghị xét công nhận sáng kiến: "
            f"«{ini.title}», thuộc Chương trình «{p.campaign_name}».",
        ),
        Block("field", DOTS, "- Chủ đầu tư tạo ra sáng kiến (nếu có): "),
        Block("field", p.field_name or DOTS, "- Lĩnh vực áp dụng sáng kiến: "),
        Block("field", p.unit_name, "- Công đoàn cơ sở: "),
        Block(
            "field",
            _applied(ini) or DOTS,
            "- Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử: ",
        ),
        Block("field", p.description, "- Mô tả bản chất của sáng kiến: "),
        Block(
            "field",
            "Toàn bộ nội dung sáng kiến." if ini.confidential else "Không.",
            "- Những thông tin cần được bảo mật (nếu có): ",
        ),
        Block("field", DOTS, "- Các điều kiện cần thiết để áp dụng sáng kiến: "),
        Block(
            "field",
            p.benefit,
            "- Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến "
            "theo ý kiến của tác giả: ",
        ),
        Block(
            "field",
            DOTS,
            "- Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến "
            "theo ý kiến của tổ chức, cá nhân đã tham gia áp dụng sáng kiến lần đầu, kể cả "
            "áp dụng thử (nếu có): ",
        ),
        Block(
            "paragraph",
            f"{p.we} xin cam đoan mọi thông tin nêu trong đơn là trung thực, đúng sự thật và "
            "hoàn toàn chịu trách nhiệm trước pháp luật.",
        ),
    ]


def application(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> LetterDocument:
    """Mẫu 3: the author's application for recognition."""
    with sf() as s:
        p = _paper(s, req, "đơn đề nghị công nhận sáng kiến")
        return LetterDocument(
            kind=DocumentKind.APPLICATION.value,
            letterhead=Letterhead("", "", "", _date_line(cfg, req.on)),
            title="ĐƠN ĐỀ NGHỊ CÔNG NHẬN SÁNG KIẾN",
            addressee=(_addressee(s, cfg, p.ini),),
            blocks=tuple(_application_blocks(p)),
            signature=_author_signature(p, "NGƯỜI NỘP ĐƠN", "ĐẠI DIỆN NHÓM TÁC GIẢ"),
            signer_is_author=True,
            form_label="Mẫu 3",
        )


def _description_blocks(p: Paper) -> list[Block]:
    ini = p.ini
    names = "; ".join(
        ", ".join(x for x in (a.full_name, a.job_title, a.workplace) if x) for a in p.authors
    )
    return [
        Block("field", ini.title, "1. Tên sáng kiến: "),
        Block("field", names or DOTS, "2. Tác giả: " if not p.group else "2. Nhóm tác giả: "),
        Block("field", p.unit_name, "3. Công đoàn cơ sở: "),
        Block("field", p.field_name or DOTS, "4. Lĩnh vực áp dụng sáng kiến: "),
        Block(
            "field",
            _applied(ini) or DOTS,
            "5. Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử: ",
        ),
        Block("heading", "6. Mô tả bản chất của sáng kiến"),
        Block("field", DOTS, "6.1. Tình trạng giải pháp đã biết: "),
        Block("field", p.description, "6.2. Nội dung giải pháp đề nghị công nhận là sáng kiến: "),
        Block("field", DOTS, "6.3. Khả năng áp dụng của giải pháp: "),
        Block(
            "field",
            p.benefit,
            "6.4. Hiệu quả, lợi ích thu được hoặc dự kiến có thể thu được do áp dụng giải pháp: ",
        ),
        Block(
            "field",
            "Toàn bộ nội dung sáng kiến." if ini.confidential else "Không.",
            "7. Những thông tin cần được bảo mật (nếu có): ",
        ),
        Block("field", DOTS, "8. Các điều kiện cần thiết để áp dụng sáng kiến: "),
        Block("field", DOTS, "9. Tài liệu kèm theo (nếu có): "),
        Block(
            "paragraph",
            f"{p.we} xin cam đoan mọi thông tin nêu trong báo cáo là trung thực, đúng sự thật "
            "và hoàn toàn chịu trách nhiệm trước pháp luật.",
        ),
    ]


def description_report(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> LetterDocument:
    """Mẫu 4: the report describing the initiative."""
    with sf() as s:
        p = _paper(s, req, "báo cáo mô tả sáng kiến")
        return LetterDocument(
            kind=DocumentKind.DESCRIPTION_REPORT.value,
            letterhead=Letterhead("", "", "", _date_line(cfg, req.on)),
            title="BÁO CÁO MÔ TẢ SÁNG KIẾN",
            subject=(f"Chương trình «{p.campaign_name}»",),
            blocks=tuple(_description_blocks(p)),
            signature=_author_signature(p, "TÁC GIẢ SÁNG KIẾN", "ĐẠI DIỆN NHÓM TÁC GIẢ"),
            signer_is_author=True,
            form_label="Mẫu 4",
        )
