"""``sangkien initiatives import|export|search|check``."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from desktop.commands.common import opened
from desktop.services.common import ServiceError

if TYPE_CHECKING:
    from desktop.services.registry import Services


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ini = sub.add_parser("initiatives", parents=[common], help="sáng kiến: nhập, xuất Excel, tìm")
    isub = ini.add_subparsers(dest="initiatives_command", metavar="VIỆC", required=True)

    imp = isub.add_parser(
        "import", parents=[common], help="nhập danh sách sáng kiến từ .xlsx, .xls hoặc .ods"
    )
    imp.add_argument("file", metavar="TỆP")
    imp.add_argument(
        "--sheet",
        metavar="TÊN",
        help="tên trang tính cần đọc (mặc định: trang hiện đầu tiên; trang ẩn không đọc)",
    )
    imp.add_argument(
        "--all-sheets",
        action="store_true",
        help="đọc mọi trang tính hiện có cùng dòng tiêu đề với trang đầu (trong một lần ghi)",
    )
    imp.add_argument("--campaign", metavar="MÃ", help="mã chương trình (mặc định: mới nhất)")
    imp.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    imp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    imp.set_defaults(func=cmd_import)

    exp = isub.add_parser("export", parents=[common], help="xuất danh sách sáng kiến ra .xlsx")
    exp.add_argument("file", metavar="TỆP.xlsx", nargs="?")
    exp.add_argument("--out", metavar="TỆP.xlsx", help="tệp ghi ra (thay cho TỆP.xlsx)")
    exp.add_argument(
        "--portal",
        action="store_true",
        help="theo mẫu cổng sáng kiến của Tổng Liên đoàn (thứ tự các ô của cổng)",
    )
    exp.add_argument("--campaign", metavar="MÃ", help="mã chương trình (mặc định: mới nhất)")
    exp.set_defaults(func=cmd_export)

    find = isub.add_parser("search", parents=[common], help="tìm sáng kiến (gõ không dấu được)")
    find.add_argument("text", metavar="CHỮ")
    find.add_argument("--campaign", metavar="MÃ", help="chỉ trong một chương trình")
    find.add_argument("--limit", type=int, default=50, help="số kết quả tối đa (mặc định 50)")
    find.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    find.set_defaults(func=cmd_search)

    chk = isub.add_parser(
        "check",
        parents=[common],
        help="liệt kê bản ghi đã lưu vi phạm quy tắc nhập liệu (để sửa; không thay đổi gì)",
    )
    chk.add_argument("--campaign", metavar="MÃ", help="chỉ sáng kiến của một chương trình")
    chk.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    chk.set_defaults(func=cmd_check)


def _campaign_id(services: Services, code: str | None) -> int:
    """The campaign of ``--campaign``, else the latest one."""
    if code:
        return services.campaigns.by_code(code).id
    campaigns = services.campaigns.list()
    if not campaigns:
        raise ServiceError("Chưa có chương trình thi đua nào trong cơ sở dữ liệu.")
    latest = max(campaigns, key=lambda c: (c.starts_on is not None, c.starts_on, c.id))
    return latest.id


def _campaign_filter(services: Services, code: str | None) -> int | None:
    """The campaign of ``--campaign``; None (every campaign) without it."""
    return services.campaigns.by_code(code).id if code else None


def cmd_import(args: argparse.Namespace) -> int:
    with opened(args) as services:
        cid = _campaign_id(services, args.campaign)
        if args.sheet and args.all_sheets:
            raise ServiceError("Chỉ dùng một trong hai: --sheet hoặc --all-sheets.")
        result = services.initiative_import.import_file(
            args.file, cid, dry_run=args.dry_run, sheet=args.sheet, all_sheets=args.all_sheets
        )
        name = services.campaigns.get(cid).name
    if args.json:
        out = result.to_json()
        out["dry_run"] = bool(args.dry_run)
        out["campaign"] = name
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    verb = "Sẽ" if args.dry_run else "Đã"
    print(f"Chương trình: {name}")
    print(f"Trang tính: {result.sheet}")
    for name in result.left_out:
        print(f"  không đọc trang {name}")
    print(
        f"{verb} thêm {result.created}, cập nhật {result.updated}, "
        f"giữ nguyên {result.unchanged}; {len(result.rejected)} dòng không nhập được."
    )
    if result.late:
        print(
            f"{result.late} sáng kiến nhập sau hạn nhập của giai đoạn: "
            "được giữ, đánh dấu «nhập sau hạn»."
        )
    for r in result.rejected:
        print(f"  dòng {r.row_number}: {r.reason}" + (f" («{r.title}»)" if r.title else ""))
    if result.skipped:
        print(f"Bỏ qua {len(result.skipped)} dòng không phải sáng kiến:")
    for k in result.skipped:
        print(f"  dòng {k.row_number}: {k.reason}")
    if result.notes or result.warnings:
        print("Cần kiểm tra:")
    for note in result.notes:
        print(f"  {note}")
    for row_number, warning in result.warnings:
        print(f"  dòng {row_number}: {warning}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.services.initiatives.excel_export import export_initiatives
    from desktop.services.initiatives.listing import ListQuery

    out = args.out or args.file
    if not out:
        raise ServiceError("Hãy cho biết tệp ghi ra: TỆP.xlsx hoặc --out TỆP.xlsx.")
    if args.out and args.file and args.out != args.file:
        raise ServiceError("Chỉ cho một tệp ghi ra: TỆP.xlsx hoặc --out TỆP.xlsx.")
    with opened(args) as services:
        cid = _campaign_id(services, args.campaign)
        query = ListQuery(campaign_id=cid)
        if args.portal:
            from desktop.services.initiatives.portal_export import export_portal

            n = export_portal(services.store.session_factory, query, out)
        else:
            n = export_initiatives(services.initiatives, query, out)
        name = services.campaigns.get(cid).name
    layout = " theo mẫu cổng sáng kiến Tổng Liên đoàn" if args.portal else ""
    print(f"Đã xuất {n} sáng kiến của chương trình «{name}»{layout} vào {out}.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with opened(args) as services:
        cid = _campaign_filter(services, args.campaign)
        page = services.initiatives.search(args.text, cid, limit=args.limit)
    if args.json:
        hits = [
            {
                "id": r.id,
                "uid": r.uid,
                "title": r.title,
                "authors": r.authors_text,
                "unit": r.unit_name,
            }
            for r in page.rows
        ]
        print(json.dumps({"total": page.total, "hits": hits}, ensure_ascii=False, indent=2))
        return 0
    for r in page.rows:
        print(f"{r.id}\t{r.title}\t{r.authors_text}\t{r.unit_name}")
    print(f"({page.total} sáng kiến khớp)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Exit 0 when every stored record keeps the rules, 1 when some must be fixed."""
    from desktop.services.rules.audit import KINDS, list_breaches

    with opened(args) as services:
        cid = _campaign_filter(services, args.campaign)
        found = list_breaches(services.store.session_factory, cid)
    if args.json:
        out = {"total": len(found), "records": [b.to_json() for b in found]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 1 if found else 0
    for b in found:
        where = f" — {b.where}" if b.where else ""
        print(f"{KINDS[b.kind]} #{b.id} «{b.name[:120]}»{where}")
        for i in b.issues:
            print(f"    {i.message}")
    if found:
        print(f"{len(found)} bản ghi vi phạm quy tắc nhập liệu: hãy mở từng bản ghi và sửa.")
        return 1
    print("Mọi bản ghi đã lưu đều đúng quy tắc nhập liệu.")
    return 0
