"""``sangkien quotas import FILE --campaign CODE`` and ``sangkien progress --campaign CODE``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING

from desktop.commands.common import opened
from desktop.services.common import ServiceError
from desktop.text.dates import format_date, parse_date
from desktop.text.numbers import format_number

if TYPE_CHECKING:
    from desktop.services.campaigns.quota_table import ImportRow
    from desktop.services.campaigns.service import CampaignRow
    from desktop.services.registry import Services


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    quotas = sub.add_parser("quotas", parents=[common], help="chỉ tiêu của một chương trình")
    qsub = quotas.add_subparsers(dest="quotas_command", metavar="VIỆC", required=True)
    imp = qsub.add_parser(
        "import",
        parents=[common],
        help="nhập bảng chỉ tiêu (.xlsx hoặc .csv) của các đơn vị trực thuộc",
        description=(
            "Đọc bảng chỉ tiêu: một cột tên đơn vị (có dấu hay không dấu đều được), các cột "
            "chỉ tiêu cả chương trình và từng giai đoạn, dòng «Tổng» là chỉ tiêu của đơn vị cấp "
            "trên. Tên chưa chắc chắn sẽ được hỏi lại (hoặc chỉ rõ bằng --map)."
        ),
    )
    imp.add_argument("file", metavar="TỆP")
    imp.add_argument("--campaign", required=True, metavar="MÃ", help="mã chương trình")
    imp.add_argument(
        "--unit", metavar="MÃ", help="đơn vị giao chỉ tiêu (mặc định: đơn vị của văn phòng này)"
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="TÊN=MÃ",
        help="tên đơn vị trong bảng = mã đơn vị (lặp lại được)",
    )
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="CỘT=GIAI ĐOẠN",
        help="tiêu đề cột = tên giai đoạn, «cả chương trình» hoặc «bỏ qua»",
    )
    imp.add_argument(
        "--accept-mismatch",
        action="store_true",
        help="vẫn lưu khi tổng các đơn vị hoặc các giai đoạn không khớp",
    )
    imp.add_argument("--replace", action="store_true", help="xoá mọi chỉ tiêu cũ trước khi nhập")
    imp.set_defaults(func=cmd_quotas_import)

    prog = sub.add_parser(
        "progress", parents=[common], help="tiến độ thực hiện chỉ tiêu theo đơn vị"
    )
    prog.add_argument("--campaign", required=True, metavar="MÃ", help="mã chương trình")
    prog.add_argument("--period", metavar="TÊN", help="tên giai đoạn (mặc định: cả chương trình)")
    prog.add_argument("--unit", metavar="MÃ", help="đơn vị (mặc định: đơn vị của văn phòng này)")
    prog.add_argument(
        "--as-of", metavar="NGÀY", help="tính đến ngày (dd/mm/yyyy; mặc định hôm nay)"
    )
    prog.add_argument("--all", action="store_true", help="cả các cấp dưới nữa (CĐCS)")
    prog.add_argument("--json", action="store_true", help="in dạng JSON")
    prog.add_argument("--xlsx", metavar="TỆP", help="xuất bảng ra tệp .xlsx")
    prog.set_defaults(func=cmd_progress)


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ServiceError(f"{what} «{item}» phải có dạng A=B.")
        out[key.strip()] = value.strip()
    return out


def _root_unit(services: Services, code: str | None) -> int:
    if code:
        unit = services.units.find(code)
        if unit is None:
            raise ServiceError(f"Không có đơn vị «{code}».")
        return unit.id
    office = services.office.local()
    if office is None or office.unit_id is None:
        raise ServiceError("Chưa thiết lập văn phòng; hãy chỉ rõ đơn vị bằng --unit.")
    return office.unit_id


def cmd_quotas_import(args: argparse.Namespace) -> int:
    from desktop.services.campaigns.quota_table import read_table

    with opened(args) as services:
        campaign = services.campaigns.by_code(args.campaign)
        root = _root_unit(services, args.unit)
        columns = _pairs(args.column, "Cột")
        names = _pairs(args.map, "Tên")
        table = read_table(args.file)
        plan = services.quotas.plan_import(campaign.id, table, root, columns, names)
        if plan.problems:
            raise ServiceError("\n".join(plan.problems))
        choices: dict[int, int | None] = {}
        for row in plan.unsure:
            choices[row.line] = _ask(row)
        plan.refuse_if_none_owned(choices)
        values = plan.values(choices)
        if args.replace:
            services.quotas.clear(campaign.id)
        mismatches = services.quotas.save(campaign.id, root, values, args.accept_mismatch)
    cols = ", ".join(f"«{h}» → {_period_name(campaign, p)}" for h, p in plan.columns.items())
    print(f"Đã nhập {len(values)} chỉ tiêu từ {plan.source} ({cols}).")
    for line in plan.skipped(choices):
        print(f"  không nhập: {line}")
    for m in mismatches:
        print(f"  chưa khớp: {m.message}")
    return 0


def _period_name(campaign: CampaignRow, period_id: int | None) -> str:
    if period_id is None:
        return "cả chương trình"
    return next(p.name for p in campaign.periods if p.id == period_id)


def _ask(row: ImportRow) -> int | None:
    """Ask which unit an unsure name is; refuse when nobody can answer (not a terminal)."""
    cands = list(row.candidates[:4])
    if not sys.stdin.isatty():
        near = ", ".join(f"{c.name} ({c.score:.0%})" for c in cands[:3])
        raise ServiceError(
            f"Dòng {row.line} «{row.source_name}»: chưa chắc là đơn vị nào"
            + (f" (gần nhất: {near})" if near else "")
            + '. Hãy chỉ rõ bằng --map "TÊN=MÃ".'
        )
    print(f"Dòng {row.line}: «{row.source_name}» là đơn vị nào?")
    for i, c in enumerate(cands, start=1):
        print(f"  {i}. {c.name} ({c.score:.0%})")
    print("  0. bỏ qua dòng này")
    while True:
        answer = input("Chọn số: ").strip()
        if answer.isdigit() and 0 <= int(answer) <= len(cands):
            return cands[int(answer) - 1].unit_id if int(answer) else None


def cmd_progress(args: argparse.Namespace) -> int:
    from desktop.text.normalise import fold

    with opened(args) as services:
        campaign = services.campaigns.by_code(args.campaign)
        period_id = None
        if args.period:
            hits = [p for p in campaign.periods if fold(p.name) == fold(args.period)] or [
                p for p in campaign.periods if fold(args.period) in fold(p.name)
            ]
            if len(hits) != 1:
                names = "; ".join(p.name for p in campaign.periods)
                raise ServiceError(f"Không rõ giai đoạn «{args.period}». Các giai đoạn: {names}.")
            period_id = hits[0].id
        as_of = parse_date(args.as_of) if args.as_of else dt.date.today()
        root = _root_unit(services, args.unit)
        report = services.progress.report(campaign.id, period_id, root, as_of, timeline=False)
        if args.xlsx:
            services.progress.export_xlsx(report, args.xlsx, all_levels=args.all)
    if args.json:
        print(json.dumps(report.to_json(all_levels=args.all), ensure_ascii=False, indent=2))
        return 0
    print(f"{report.campaign_name}")
    print(
        f"{report.period_name}: từ {format_date(report.window_from)} đến "
        f"{format_date(report.window_to)}; số liệu đến {format_date(report.as_of)} "
        f"(cần đạt {format_number(100 * report.elapsed, 1)}% chỉ tiêu)"
    )
    header = ("Đơn vị", "Chỉ tiêu", "Đã có", "Tỷ lệ", "Cần đạt", "Công nhận", "CĐCS có SK")
    rows = report.rows if args.all else report.children
    table = [
        (
            "  " * r.depth + r.unit_name + (" ▼ chậm" if r.behind else ""),
            format_number(r.quota) if r.quota is not None else "—",
            format_number(r.count),
            f"{format_number(r.percent, 1)}%" if r.percent is not None else "—",
            format_number(r.expected) if r.expected is not None else "—",
            format_number(r.recognised),
            f"{r.grassroots_with_initiative}/{r.grassroots_total}",
        )
        for r in (*rows, report.total)
    ]
    table[-1] = ("Tổng cộng", *table[-1][1:])
    widths = [max(len(str(x[i])) for x in (header, *table)) for i in range(len(header))]
    for line in (header, *table):
        print(
            "  ".join(
                str(v).ljust(widths[i]) if i == 0 else str(v).rjust(widths[i])
                for i, v in enumerate(line)
            )
        )
    if args.xlsx:
        print(f"Đã xuất {args.xlsx}")
    return 0
