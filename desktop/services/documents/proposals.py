"""The papers a direct upper-level union sends with its proposals to the province:

* the Tờ trình of its standing committee (seed 002: "Tờ trình của ban thường vụ liên đoàn lao
  động huyện, thành phố, công đoàn ngành và tương đương"), with the Bảng tổng hợp tóm tắt
  sáng kiến attached (summary.py);
* the letter of proposal (seed 000: "Văn bản đề nghị của Công đoàn cấp trên trực tiếp cơ sở:
  01 bản chính"), the first paper of each dossier for recognition; about one initiative when
  one is chosen, else about every initiative the unit proposes.

Both are :class:`LetterDocument` (model.py), rendered like every letter (letter_pdf.py). They
list the unit's proposals (services/evaluation/proposals.py), whatever the initiatives'
status: a district proposes before anything is recognised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Campaign, Initiative, Proposal, Unit
from desktop.services.common import NotFound, ServiceError
from desktop.services.documents import shared
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.documents.model import Block, LetterDocument
from desktop.services.documents.settings import DocumentSettings
from desktop.services.documents.summary import effect_of, summary
from desktop.services.units.tree import short_unit_name
from desktop.text.dates import format_date

NONE_PROPOSED = (
    "{unit} chưa đề xuất sáng kiến nào lên LĐLĐ tỉnh trong chương trình này. Hãy ghi các đề "
    "xuất trước (trang Báo cáo, in ấn → «Đề xuất lên LĐLĐ tỉnh»)."
)


def _proposer(s: Session, req: DocumentRequest) -> Unit:
    """The upper-level union whose papers these are: asked for, else this office's own."""
    unit_id = shared.scope_unit(s, req)
    unit = s.get(Unit, unit_id) if unit_id is not None else None
    if unit is None or not unit.kind.is_district_level:
        raise ServiceError(
            "Tờ trình và văn bản đề nghị là của công đoàn cấp trên trực tiếp cơ sở: hãy chọn "
            "đơn vị đề xuất."
        )
    return unit


def _proposed(s: Session, req: DocumentRequest, unit: Unit) -> list[Initiative]:
    """The unit's proposals in the campaign (only the chosen initiative when one is), by
    title."""
    q = (
        select(Initiative)
        .join(Proposal, Proposal.initiative_id == Initiative.id)
        .where(
            Proposal.campaign_id == req.campaign_id,
            Proposal.unit_id == unit.id,
            Proposal.withdrawn_at.is_(None),
            Initiative.deleted_at.is_(None),
        )
        .order_by(Initiative.title_key, Initiative.id)
    )
    if req.initiative_id is not None:
        q = q.where(Initiative.id == req.initiative_id)
    inis = list(s.scalars(q))
    if not inis:
        if req.initiative_id is not None:
            raise NotFound(f"Sáng kiến đã chọn chưa được {unit.name} đề xuất lên LĐLĐ tỉnh.")
        raise ServiceError(NONE_PROPOSED.format(unit=unit.name))
    return inis


def _plan_line(c: Campaign) -> str:
    """ "Căn cứ Kế hoạch số … ngày … của … về việc triển khai Chương trình «…»;"."""
    number = (c.plan_number or "").strip()
    parts = ["Căn cứ Kế hoạch"]
    if number and not number.startswith("/"):
        parts.append(f"số {number}")
    if c.plan_date:
        parts.append(f"ngày {format_date(c.plan_date)}")
    if c.plan_issuer:
        parts.append(f"của {c.plan_issuer}")
    return " ".join(parts) + f" về việc triển khai Chương trình «{c.name}»;"


def _item(n: int, ini: Initiative, grassroots: str) -> Block:
    effect = effect_of(ini)
    text = f"Sáng kiến «{ini.title}» của {ini.authors_text or 'tác giả'} ({grassroots})"
    return Block("item", text + (f": {effect}" if effect else "."), label=f"{n}.")


def _province_name(s: Session, unit: Unit) -> str:
    parent = s.get(Unit, unit.parent_id) if unit.parent_id else None
    return parent.name if parent is not None else "Liên đoàn Lao động tỉnh"


def _what_is_proposed(
    s: Session, req: DocumentRequest
) -> tuple[Campaign, Unit, list[Initiative], dict[int, str], str]:
    """What both papers are about: the campaign, the proposing union, its proposals, the
    short names of units, and the province the papers go to."""
    campaign = shared.campaign_of(s, req.campaign_id)
    unit = _proposer(s, req)
    inis = _proposed(s, req, unit)
    names = {
        i: short_unit_name(n, sn)
        for i, n, sn in s.execute(select(Unit.id, Unit.name, Unit.short_name))
    }
    return campaign, unit, inis, names, _province_name(s, unit)


def submission(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> LetterDocument:
    """The Tờ trình of the unit's standing committee, with the summary table attached."""
    with sf() as s:
        campaign, unit, inis, names, province = _what_is_proposed(s, req)
        on = req.on or dt.date.today()
        count = f"{len(inis):02d}"
        blocks = (
            Block("paragraph", _plan_line(campaign)),
            Block(
                "paragraph",
                f"Ban Thường vụ {unit.name} đã tổng hợp, xét chọn các sáng kiến của các công "
                "đoàn cơ sở trực thuộc; đối chiếu với số lượng và hồ sơ xét chọn theo kế "
                f"hoạch, Ban Thường vụ {unit.name} đề xuất {count} sáng kiến sau:",
            ),
            *(_item(n, ini, names.get(ini.unit_id, "")) for n, ini in enumerate(inis, 1)),
            Block("paragraph", "(Có Bảng tổng hợp tóm tắt sáng kiến kèm theo.)"),
            Block(
                "paragraph",
                f"Ban Thường vụ {unit.name} kính trình Ban Thường vụ {province} xem xét, biểu "
                "dương và xét chọn đề nghị cấp trên biểu dương các sáng kiến trên./.",
            ),
        )
    annex = summary(sf, _scoped(req, unit), cfg)
    return LetterDocument(
        kind=DocumentKind.SUBMISSION.value,
        letterhead=shared.letterhead(cfg, shared.blank_number(f"TTr-{cfg.symbol}"), on),
        title="TỜ TRÌNH",
        subject=(f"Về việc đề xuất sáng kiến tham gia Chương trình «{campaign.name}»",),
        addressee=(f"Ban Thường vụ {province}",),
        blocks=blocks,
        recipients=_recipients(cfg),
        signature=shared.signature(cfg),
        annex=annex,
    )


def _recipients(cfg: DocumentSettings) -> tuple[str, ...]:
    """The office's recipients, headed by "Như trên;" (the addressee) when they lack it."""
    lines = cfg.recipient_lines or ("Lưu: VT.",)
    return lines if any(x.lower().startswith("như trên") for x in lines) else ("Như trên;", *lines)


def _scoped(req: DocumentRequest, unit: Unit) -> DocumentRequest:
    return replace(req, kind=DocumentKind.SUMMARY, unit_id=unit.id, initiative_id=None)


def proposal_letter(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> LetterDocument:
    """The upper-level union's letter proposing its initiatives for recognition."""
    with sf() as s:
        campaign, unit, inis, names, province = _what_is_proposed(s, req)
        on = req.on or dt.date.today()
        one = len(inis) == 1
        what = "sáng kiến sau" if one else f"{len(inis):02d} sáng kiến sau"
        blocks = (
            Block("paragraph", _plan_line(campaign)),
            Block(
                "paragraph",
                f"{unit.name} đã tiếp nhận, kiểm tra hồ sơ đề nghị công nhận sáng kiến của "
                "các tác giả, nhóm tác giả thuộc các công đoàn cơ sở trực thuộc. Hồ sơ nộp "
                "đúng hạn, có đầy đủ các văn bản, tài liệu theo quy định; không có khiếu nại về "
                "nội dung, kết quả sáng kiến, không có tranh chấp về quyền tác giả.",
            ),
            Block("paragraph", f"{unit.name} đề nghị {province} xem xét, công nhận {what}:"),
            *(_item(n, ini, names.get(ini.unit_id, "")) for n, ini in enumerate(inis, 1)),
            Block(
                "paragraph",
                "Kèm theo: Đơn đề nghị công nhận sáng kiến (Mẫu 3), Báo cáo mô tả sáng kiến "
                "(Mẫu 4) và các tài liệu chứng minh khác (nếu có) của từng sáng kiến.",
            ),
            Block("paragraph", f"Kính đề nghị {province} xem xét./."),
        )
    return LetterDocument(
        kind=DocumentKind.PROPOSAL_LETTER.value,
        letterhead=shared.letterhead(cfg, shared.blank_number(cfg.symbol), on),
        title="",  # a công văn: no title, its excerpt under the number (Nghị định 30)
        subject=(f"V/v đề nghị công nhận sáng kiến Chương trình «{campaign.name}»",),
        addressee=(province,),
        blocks=blocks,
        recipients=_recipients(cfg),
        signature=shared.signature(cfg),
    )


# The builders the document service picks for these kinds (service.py), once it renders a
# LetterDocument (letter_pdf.py).
PROPOSAL_BUILDERS = {
    DocumentKind.SUBMISSION: submission,
    DocumentKind.PROPOSAL_LETTER: proposal_letter,
}
