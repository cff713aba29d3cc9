"""``sangkien print KIND --campaign CODE [--decision NUMBER] --out FILE.pdf|FILE.xlsx|FILE.docx``:
the suffix says which (Word: a copy a clerk can change before signing)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands.common import opened

KINDS = (
    "recognition-list",
    "registration-list",
    "summary",
    "quota-table",
    "progress",
    "certificates",
)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "print",
        parents=[common],
        help="in văn bản (PDF, Excel hoặc Word): danh sách công nhận, đăng ký, tổng hợp, chỉ tiêu…",
    )
    p.add_argument("kind", choices=KINDS, metavar="LOẠI", help="; ".join(KINDS))
    p.add_argument("--campaign", required=True, metavar="MÃ", help="mã chương trình")
    p.add_argument(
        "--decision",
        metavar="SỐ",
        help="số quyết định (ví dụ 125/QĐ-LĐLĐ); mặc định: quyết định mới nhất",
    )
    p.add_argument(
        "--out", required=True, type=Path, metavar="TỆP", help="tệp .pdf, .xlsx hoặc .docx"
    )
    p.set_defaults(func=cmd_print)


def cmd_print(args: argparse.Namespace) -> int:
    from desktop.services.documents import DocumentKind, DocumentRequest

    with opened(args) as services:
        campaign = services.campaigns.by_code(args.campaign)
        decision_id = None
        if args.decision:
            decision_id = services.evaluation.decisions.by_number(campaign.id, args.decision).id
        out = services.documents.save(
            DocumentRequest(DocumentKind(args.kind), campaign.id, decision_id=decision_id),
            args.out,
        )
    print(f"Đã ghi {out}")
    return 0
