"""The recognition decision itself (Quyết định), in the layout of Nghị định 30/2020/NĐ-CP
(Phụ lục III, a decision of its own kind): the number, the title "QUYẾT ĐỊNH" and its "Về việc
…", the authority that decides, the "Căn cứ …;" lines, "QUYẾT ĐỊNH:", the articles Điều 1, 2
and 3, "Nơi nhận: Như Điều 3; …", the signer; and the list of the initiatives it recognises
attached as an annex, on pages of its own (the same list as the recognition list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Campaign, Council, Decision, Period
from desktop.services.documents import recognition, shared
from desktop.services.documents.kinds import DocumentKind, DocumentRequest
from desktop.services.documents.model import Block, LetterDocument, TableDocument
from desktop.services.documents.settings import DocumentSettings
from desktop.text.dates import format_date
from desktop.text.normalise import clean, upper_vi
from desktop.text.numbers import format_number


def authority(cfg: DocumentSettings) -> str:
    """Who decides, in capitals: "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU" (the body
    the signer signs for, "TM. BAN THƯỜNG VỤ", of the issuer), else the issuer."""
    body = clean(cfg.on_behalf)
    for prefix in ("TM.", "T/M", "TM", "KT.", "Q."):
        if upper_vi(body).startswith(prefix):
            body = body[len(prefix) :].strip()
            break
    issuer = upper_vi(cfg.issuer)
    return f"{upper_vi(body)} {issuer}".strip() if body else issuer


def _council(s: Session, d: Decision) -> Council | None:
    councils = list(
        s.scalars(select(Council).where(Council.campaign_id == d.campaign_id).order_by(Council.id))
    )
    same = [c for c in councils if c.period_id == d.period_id] or councils
    return same[-1] if same else None


def basis_lines(s: Session, campaign: Campaign, d: Decision) -> list[str]:
    """The "Căn cứ …;" lines: the union's charter, the campaign's plan, the council's
    evaluation; and the "Xét đề nghị …" line that ends them."""
    lines = ["Căn cứ Điều lệ Công đoàn Việt Nam;"]
    if clean(campaign.plan_number):
        when = f" ngày {format_date(campaign.plan_date)}" if campaign.plan_date else ""
        by = f" của {clean(campaign.plan_issuer)}" if clean(campaign.plan_issuer) else ""
        lines.append(
            f"Căn cứ Kế hoạch số {clean(campaign.plan_number)}{when}{by} về việc thực hiện "
            f"Chương trình «{campaign.name}»;"
        )
    council = _council(s, d)
    if council is not None:
        lines.append(f"Căn cứ kết quả thẩm định sáng kiến của {council.name};")
        lines.append(f"Xét đề nghị của {council.name}.")
    else:
        lines.append(
            "Xét hồ sơ đề nghị công nhận sáng kiến của các công đoàn cấp trên trực tiếp cơ sở."
        )
    return lines


def _articles(campaign: Campaign, period: Period | None, n: int, issuer: str) -> list[Block]:
    within = f", {period.name.lower()}" if period is not None else ""
    return [
        Block(
            "article",
            f"Công nhận {format_number(n)} sáng kiến thuộc Chương trình «{campaign.name}»"
            f"{within} (có danh sách kèm theo).",
            "Điều 1. ",
        ),
        Block(
            "article",
            "Các tác giả, nhóm tác giả có sáng kiến được công nhận tại Điều 1 được hưởng các "
            "quyền lợi theo quy định. Quyết định có hiệu lực kể từ ngày ký.",
            "Điều 2. ",
        ),
        Block(
            "article",
            f"Văn phòng, các ban của {issuer}, các công đoàn cấp trên trực tiếp cơ sở có liên "
            "quan và các tác giả, nhóm tác giả có tên tại Điều 1 chịu trách nhiệm thi hành "
            "Quyết định này./.",
            "Điều 3. ",
        ),
    ]


def _recipients(cfg: DocumentSettings) -> tuple[str, ...]:
    """ "Như Điều 3;" first, then the office's recipients ("Lưu: …" last)."""
    rest = [r for r in cfg.recipient_lines if not r.casefold().startswith("như ")]
    kept = [r for r in rest if not r.casefold().startswith("lưu")]
    filed = [r for r in rest if r.casefold().startswith("lưu")] or ["Lưu: VT."]
    return ("Như Điều 3;", *kept, *filed)


def decision(
    sf: sessionmaker[Session], req: DocumentRequest, cfg: DocumentSettings
) -> LetterDocument:
    annex: TableDocument = recognition.recognition_list(sf, req, cfg)
    with sf() as s:
        campaign = shared.campaign_of(s, req.campaign_id)
        d = shared.decision_of(s, req)
        period = s.get(Period, d.period_id) if d.period_id else None
        n = sum(1 for e in d.entries if e.recognised)
        issuer = shared.issuer_name(s, cfg)
        on = d.signed_on or req.on or dt.date.today()
        blocks = [
            Block("center", authority(cfg)),
            *(Block("basis", line) for line in basis_lines(s, campaign, d)),
            Block("center", "QUYẾT ĐỊNH:"),
            *_articles(campaign, period, n, issuer),
        ]
        return LetterDocument(
            kind=DocumentKind.DECISION.value,
            letterhead=shared.letterhead(cfg, f"Số: {d.number}", on),
            title="QUYẾT ĐỊNH",
            subject=(f"Về việc công nhận sáng kiến thuộc Chương trình «{campaign.name}»",),
            blocks=tuple(blocks),
            recipients=_recipients(cfg),
            signature=shared.decision_signature(cfg, d),
            annex=replace(annex, recipients=(), signature=None),
        )
