"""``sangkien print KIND --campaign CODE [--decision NUMBER] [--initiative TEXT]
--out FILE.pdf|FILE.xlsx``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands.common import opened

if TYPE_CHECKING:
    from desktop.services.registry import Services

KINDS = (
    "recognition-list",
    "registration-form",
    "registration-list",
    "summary",
    "quota-table",
    "progress",
    "certificates",
    "application",
    "description-report",
    "decision",
)
# The papers about one initiative, chosen with --initiative.
ONE_INITIATIVE = ("registration-form", "application", "description-report")
SHOWN = 10  # candidates listed when --initiative matches several


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "print",
        parents=[common],
        help="in văn bản (PDF hoặc Excel): danh sách công nhận, đăng ký, tổng hợp, chỉ tiêu, "
        "quyết định, mẫu của tác giả…",
    )
    p.add_argument("kind", choices=KINDS, metavar="LOẠI", help="; ".join(KINDS))
    p.add_argument("--campaign", required=True, metavar="MÃ", help="mã chương trình")
    p.add_argument(
        "--decision",
        metavar="SỐ",
        help="số quyết định (ví dụ 125/QĐ-LĐLĐ); mặc định: quyết định mới nhất",
    )
    p.add_argument(
        "--initiative",
        metavar="CHỮ",
        help="một phần tên sáng kiến (gõ không dấu cũng được), cho " + ", ".join(ONE_INITIATIVE),
    )
    p.add_argument("--out", required=True, type=Path, metavar="TỆP", help="tệp .pdf hoặc .xlsx")
    p.set_defaults(func=cmd_print)


def one_initiative(services: Services, campaign_id: int, code: str, text: str | None) -> int:
    """The one initiative of the campaign whose title (or authors) holds every word of
    ``text``, diacritics not needed, as the window's search finds it; a title equal to the
    text wins over titles that only contain it. ServiceError listing the candidates when
    none or several match."""
    from desktop.services.common import ServiceError
    from desktop.text.normalise import clean, fold

    typed = clean(text)
    if not typed:
        raise ServiceError("Hãy chọn sáng kiến: --initiative «một phần tên sáng kiến».")
    page = services.initiatives.search(typed, campaign_id, limit=200)
    if not page.rows:
        raise ServiceError(f"Không có sáng kiến nào khớp «{typed}» trong chương trình {code}.")
    if len(page.rows) == 1:
        return page.rows[0].id
    exact = [r for r in page.rows if fold(r.title) == fold(typed)]
    if len(exact) == 1:
        return exact[0].id
    shown = "\n".join(
        f"  – {r.title}" + (f" ({r.authors_text})" if r.authors_text else "")
        for r in page.rows[:SHOWN]
    )
    more = f"\n  … và {page.total - SHOWN} sáng kiến khác." if page.total > SHOWN else ""
    raise ServiceError(
        f"Có {page.total} sáng kiến khớp «{typed}»; hãy gõ thêm cho đến khi chỉ còn một:\n"
        f"{shown}{more}"
    )


def cmd_print(args: argparse.Namespace) -> int:
    from desktop.services.common import ServiceError
    from desktop.services.documents import DocumentKind, DocumentRequest

    with opened(args) as services:
        campaign = services.campaigns.by_code(args.campaign)
        decision_id = None
        if args.decision:
            decision_id = services.evaluation.decisions.by_number(campaign.id, args.decision).id
        initiative_id = None
        if args.kind in ONE_INITIATIVE:
            initiative_id = one_initiative(services, campaign.id, campaign.code, args.initiative)
        elif args.initiative:
            raise ServiceError(
                f"«{args.kind}» không in cho một sáng kiến; --initiative chỉ dùng với "
                + ", ".join(ONE_INITIATIVE)
                + "."
            )
        out = services.documents.save(
            DocumentRequest(
                DocumentKind(args.kind),
                campaign.id,
                decision_id=decision_id,
                initiative_id=initiative_id,
            ),
            args.out,
        )
    print(f"Đã ghi {out}")
    return 0
