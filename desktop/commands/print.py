"""``sangkien print KIND --campaign CODE [--decision NUMBER] [--initiative TEXT]
--out FILE.pdf|FILE.xlsx|FILE.docx``: the suffix says which (Word: a copy a clerk can change
before signing).

The reports at fixed times take their span: ``periodic-report`` with ``--half 1|2 --year Y``
(6 months), ``--year Y`` (the year) or ``--from D --to D``; ``monthly-result`` with
``--month M --year Y``. ``monthly-result --line`` prints the month's result as the line to copy
into the unit's monthly report, and writes no file."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands.common import opened
from desktop.services.common import ServiceError
from desktop.text.dates import parse_date

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
    "periodic-report",
    "monthly-result",
    "submission",
    "proposal-letter",
)
# The papers about one initiative, chosen with --initiative.
ONE_INITIATIVE = ("registration-form", "application", "description-report")
SHOWN = 10  # candidates listed when --initiative matches several


def _day(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "print",
        parents=[common],
        help="in văn bản (PDF, Excel hoặc Word): danh sách công nhận, đăng ký, tổng hợp, "
        "chỉ tiêu, quyết định, mẫu của tác giả…",
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
    p.add_argument("--out", type=Path, metavar="TỆP", help="tệp .pdf, .xlsx hoặc .docx")
    span = p.add_argument_group("kỳ báo cáo (periodic-report, monthly-result)")
    span.add_argument(
        "--year", type=int, metavar="NĂM", help="năm (cả năm, hoặc với --half/--month)"
    )
    span.add_argument(
        "--half", type=int, choices=(1, 2), help="1: 6 tháng đầu năm, 2: 6 tháng cuối"
    )
    span.add_argument("--month", type=int, metavar="THÁNG", help="tháng 1-12 (với --year)")
    span.add_argument("--from", dest="span_from", type=_day, metavar="NGÀY", help="từ ngày")
    span.add_argument("--to", dest="span_to", type=_day, metavar="NGÀY", help="đến ngày")
    span.add_argument(
        "--line", action="store_true", help="monthly-result: in dòng kết quả tháng để sao chép"
    )
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


def span_of(args: argparse.Namespace) -> tuple[dt.date, dt.date] | None:
    """The span the arguments name (None: none given)."""
    from desktop.services.documents import periodic

    if args.span_from or args.span_to:
        if not (args.span_from and args.span_to):
            raise ServiceError("Cần cả --from và --to (ví dụ --from 1/1/2026 --to 30/6/2026).")
        return args.span_from, args.span_to
    if args.year is None:
        if args.half or args.month:
            raise ServiceError("Cần --year đi cùng --half hoặc --month.")
        return None
    if args.month:
        return periodic.month(args.year, args.month)
    if args.half:
        return periodic.half_year(args.year, args.half)
    return periodic.year(args.year)


def cmd_print(args: argparse.Namespace) -> int:
    from desktop.services.documents import DocumentKind, DocumentRequest, periodic
    from desktop.services.documents.kinds import NEEDS_SPAN

    kind = DocumentKind(args.kind)
    span = span_of(args)
    if kind in NEEDS_SPAN and span is None:
        raise ServiceError(
            "Hãy cho biết kỳ báo cáo: --half 1 --year 2026 (6 tháng), --year 2026 (cả năm), "
            "--month 11 --year 2026 (một tháng) hoặc --from NGÀY --to NGÀY."
        )
    if args.line and kind is not DocumentKind.MONTHLY_RESULT:
        raise ServiceError("--line chỉ dùng với monthly-result.")
    if not args.line and args.out is None:
        raise ServiceError("Cần --out TỆP (.pdf, .xlsx hoặc .docx).")
    with opened(args) as services:
        campaign = services.campaigns.by_code(args.campaign)
        if args.line:
            assert span is not None
            print(periodic.monthly_line(services.store.session_factory, campaign.id, span))
            return 0
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
                kind,
                campaign.id,
                decision_id=decision_id,
                initiative_id=initiative_id,
                span_from=span[0] if span else None,
                span_to=span[1] if span else None,
            ),
            args.out,
        )
    print(f"Đã ghi {out}")
    return 0
