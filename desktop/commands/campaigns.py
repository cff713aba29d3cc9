"""``sangkien campaigns list | show CODE | import FILE | close CODE | reopen CODE``.

``show --json`` writes the whole campaign as one JSON document; ``import`` reads that format
(one document or a list of them) and creates each campaign, or updates the one with the same
code, through the campaign service: the window's rules and its ownership refusal apply. The
logic is in ``services/campaigns/transfer.py``; here only the arguments and the printing.
``close`` and ``reopen`` close a finished campaign's books and open them again
(``services/campaigns/closing.py``), audited, with ``--dry-run`` and ``--json``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING

from desktop.commands.common import opened
from desktop.text.dates import format_date

if TYPE_CHECKING:
    from desktop.services.campaigns.transfer import CampaignTransfer, PlannedCampaign
    from desktop.services.registry import Services


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    campaigns = sub.add_parser(
        "campaigns", parents=[common], help="chương trình thi đua: xem, xuất và nhập (JSON)"
    )
    csub = campaigns.add_subparsers(dest="campaigns_command", metavar="VIỆC", required=True)

    lst = csub.add_parser(
        "list",
        parents=[common],
        help="các chương trình: mã, tên, thời gian, đã lưu trữ hay chưa",
        description="In mỗi chương trình một dòng, mới nhất trước.",
    )
    lst.add_argument("--all", action="store_true", help="cả các chương trình đã lưu trữ")
    lst.add_argument("--json", action="store_true", help="in dạng JSON")
    lst.set_defaults(func=cmd_campaigns_list)

    show = csub.add_parser(
        "show",
        parents=[common],
        help="toàn bộ một chương trình (--json: tệp nhập lại được bằng «campaigns import»)",
        description=(
            "In một chương trình: kế hoạch, thời gian, giới hạn, các giai đoạn (thời gian tính "
            "và các hạn), lĩnh vực và đơn vị tham gia. Với --json: một tài liệu JSON (ngày dạng "
            "YYYY-MM-DD) mà «sangkien campaigns import» đọc lại được."
        ),
    )
    show.add_argument("code", metavar="MÃ", help="mã chương trình")
    show.add_argument("--json", action="store_true", help="in dạng JSON")
    show.set_defaults(func=cmd_campaigns_show)

    imp = csub.add_parser(
        "import",
        parents=[common],
        help="nhập chương trình từ tệp JSON (tạo mới, hoặc cập nhật chương trình cùng mã)",
        description=(
            "Đọc tệp JSON do «sangkien campaigns show MÃ --json» ghi ra (một chương trình hoặc "
            "một danh sách chương trình). Chương trình chưa có thì tạo mới; đã có mã đó thì cập "
            "nhật (giai đoạn cùng tên giữ nguyên chỉ tiêu). Đơn vị tham gia ghi theo mã đơn vị. "
            "Tệp có lỗi thì không ghi gì."
        ),
    )
    imp.add_argument("file", metavar="TỆP")
    imp.add_argument("--dry-run", action="store_true", help="chỉ cho biết sẽ làm gì, không ghi gì")
    imp.add_argument("--json", action="store_true", help="in dạng JSON")
    imp.set_defaults(func=cmd_campaigns_import)

    for name, verb, func in (
        ("close", "khoá sổ", cmd_campaigns_close),
        ("reopen", "mở lại sổ", cmd_campaigns_reopen),
    ):
        p = csub.add_parser(
            name,
            parents=[common],
            help=f"{verb} một chương trình đã kết thúc (sáng kiến, chỉ tiêu, thẩm định chỉ xem)",
            description=(
                f"{verb.capitalize()} chương trình MÃ. Khi khoá sổ, sáng kiến, chỉ tiêu và kết "
                "quả thẩm định của chương trình chỉ xem, không sửa được ở mọi nơi (cửa sổ, "
                "Excel, dòng lệnh, gói dữ liệu) cho đến khi mở lại. Việc này được ghi nhật ký "
                "và gửi đi cùng chương trình trong gói dữ liệu."
            ),
        )
        p.add_argument("code", metavar="MÃ", help="mã chương trình")
        p.add_argument("--dry-run", action="store_true", help="chỉ cho biết sẽ làm gì")
        p.add_argument("--json", action="store_true", help="in dạng JSON")
        p.set_defaults(func=func)


def _transfer(services: Services) -> CampaignTransfer:
    from desktop.services.campaigns.transfer import CampaignTransfer

    return CampaignTransfer(services.store.session_factory, services.campaigns)


def _dates(starts: dt.date | None, ends: dt.date | None) -> str:
    return f"{format_date(starts) or '…'} – {format_date(ends) or '…'}"


# ---- campaigns list ---------------------------------------------------------------------------


def cmd_campaigns_list(args: argparse.Namespace) -> int:
    from desktop.commands.units import print_table

    with opened(args) as services:
        listed = _transfer(services).listed(include_archived=args.all)
    if args.json:
        print(json.dumps([c.to_json() for c in listed], ensure_ascii=False, indent=2))
        return 0
    what = "kể cả đã lưu trữ" if args.all else "chưa lưu trữ; --all: cả đã lưu trữ"
    print(f"{len(listed)} chương trình ({what}).")
    if not listed:
        return 0
    header = ("Mã", "Tên chương trình", "Thời gian", "Lưu trữ")
    rows = [
        (
            c.row.code,
            c.row.name,
            _dates(c.row.starts_on, c.row.ends_on),
            "đã lưu trữ" if c.archived else "—",
        )
        for c in listed
    ]
    print_table(header, rows)
    return 0


# ---- campaigns show ---------------------------------------------------------------------------


def _moment(iso: str) -> str:
    from desktop.services.campaigns.deadlines import format_deadline, from_iso

    return format_deadline(from_iso(iso))


def _day(iso: object) -> str:
    return format_date(dt.date.fromisoformat(iso)) if isinstance(iso, str) else "—"


def cmd_campaigns_show(args: argparse.Namespace) -> int:
    with opened(args) as services:
        doc = _transfer(services).document(args.code)
        names = {u.code: u.name for u in services.units.list(include_closed=True)}
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(f"{doc['code']}  {doc['name']}" + ("  (đã lưu trữ)" if doc["archived"] else ""))
    plan = ", ".join(
        part
        for part in (
            f"số {doc['plan_number']}" if doc["plan_number"] else "",
            f"ngày {_day(doc['plan_date'])}" if doc["plan_date"] else "",
            str(doc["plan_issuer"] or ""),
        )
        if part
    )
    print(f"Kế hoạch: {plan or '—'}")
    print(f"Thời gian: từ {_day(doc['starts_on'])} đến {_day(doc['ends_on'])}")
    limit = doc["nomination_limit"]
    least = doc["min_per_grassroots"]
    print(f"Số sáng kiến đề nghị tối đa: {limit if limit is not None else 'không giới hạn'}")
    print(f"Tối thiểu mỗi CĐCS: {least if least is not None else '—'}")
    print(f"Giới hạn mô tả: {doc['description_limit']} ký tự")
    if doc["notes"]:
        print(f"Ghi chú: {doc['notes']}")
    if doc.get("closed_at"):
        print(f"Đã khoá sổ: {_moment(doc['closed_at'])}")
    periods = doc["periods"]
    print(f"Giai đoạn ({len(periods)}):")
    for p in periods:
        print(f"  {p['name']}: tính từ {_day(p['count_from'])} đến {_day(p['count_to'])}")
        if p.get("target_on"):
            print(f"    phấn đấu đạt chỉ tiêu đến ngày {_day(p['target_on'])}")
        if p.get("entries_close"):
            print(f"    hạn nhập: đóng sau {_moment(p['entries_close'])}")
        for d in p["deadlines"]:
            print(f"    hạn {_day(d['date'])}: {d['label']}")
    fields = doc["fields"]
    print(
        f"Lĩnh vực ({len(fields)}): "
        + ("; ".join(f"{f['code']} {f['name']}" for f in fields) or "—")
    )
    participants = doc["participants"]
    print(f"Đơn vị tham gia ({len(participants)}):")
    for code in participants:
        print(f"  {code}  {names.get(code, '')}".rstrip())
    return 0


# ---- campaigns import -------------------------------------------------------------------------


def _planned_line(p: PlannedCampaign, done: bool) -> str:
    from desktop.services.campaigns.transfer import ACTION_DONE, ACTION_PLANNED, Action

    verb = (ACTION_DONE if done else ACTION_PLANNED)[p.action]
    why = {
        Action.CREATE: "chương trình mới",
        Action.UPDATE: "đã có chương trình mã này",
        Action.UNCHANGED: "đã có, giống hệt tệp",
    }[p.action]
    return (
        f"{verb} chương trình {p.code} «{p.name}» ({why}): {len(p.data.periods)} giai đoạn, "
        f"{len(p.data.fields)} lĩnh vực, {len(p.unit_ids)} đơn vị tham gia."
    )


def cmd_campaigns_import(args: argparse.Namespace) -> int:
    from desktop.services.campaigns.transfer import read_documents

    documents = read_documents(args.file)  # a bad file is refused before the store is opened
    with opened(args) as services:
        planned = _transfer(services).import_documents(documents, dry_run=args.dry_run)
    done = not args.dry_run
    if args.json:
        data = {
            "file": args.file,
            "dry_run": args.dry_run,
            "campaigns": [p.to_json(done=done and p.changes) for p in planned],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for p in planned:
        print(_planned_line(p, done))
    if args.dry_run:
        print("Chưa ghi gì (--dry-run). Chạy lại không có --dry-run để nhập.")
    return 0


# ---- campaigns close / reopen -----------------------------------------------------------------


def _closing(args: argparse.Namespace, close: bool) -> int:
    from desktop.services.campaigns.closing import CampaignClosing

    with opened(args) as services:
        row = services.campaigns.by_code(args.code)
        closing = CampaignClosing(services.store.session_factory)
        act = closing.close if close else closing.reopen
        summary = act(row.id, dry_run=args.dry_run)
    if args.json:
        out = summary.to_json()
        out.update(action="close" if close else "reopen", dry_run=bool(args.dry_run))
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    frozen = (
        f"{summary.initiatives} sáng kiến, {summary.quotas} chỉ tiêu, "
        f"{summary.councils} hội đồng, {summary.decisions} quyết định"
    )
    if close:
        verb = "Sẽ khoá sổ" if args.dry_run else "Đã khoá sổ"
        print(f"{verb} chương trình {summary.code} «{summary.name}»: {frozen} chỉ xem.")
    else:
        verb = "Sẽ mở lại sổ" if args.dry_run else "Đã mở lại sổ"
        print(f"{verb} chương trình {summary.code} «{summary.name}»: {frozen} sửa được.")
    if args.dry_run:
        print("Chưa ghi gì (--dry-run).")
    return 0


def cmd_campaigns_close(args: argparse.Namespace) -> int:
    return _closing(args, True)


def cmd_campaigns_reopen(args: argparse.Namespace) -> int:
    return _closing(args, False)
