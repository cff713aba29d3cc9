"""``sangkien bundle export | import | whole-store | take-in | contacts``: bundles between
offices, the whole store of a province taken in by the merged province's office, and whether
bundles up carry the authors' phones and e-mails."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.commands.common import opened
from desktop.commands.keys import unlock
from desktop.services.sync import BundleRefused, ImportReport
from desktop.text.dates import format_date, parse_date


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    bundle = sub.add_parser("bundle", parents=[common], help="gửi và nhận gói dữ liệu")
    bsub = bundle.add_subparsers(dest="bundle_command", metavar="VIỆC", required=True)
    export = bsub.add_parser("export", parents=[common], help="xuất gói cho một văn phòng")
    export.add_argument(
        "--to", required=True, metavar="OFFICE", help="văn phòng nhận: mã đơn vị hoặc tên"
    )
    export.add_argument(
        "--out", required=True, metavar="FILE", help="tệp gói sẽ ghi ra (hoặc một thư mục)"
    )
    export.add_argument(
        "--full", action="store_true", help="gửi lại toàn bộ (khi bên nhận báo thiếu gói)"
    )
    export.add_argument("--eml", metavar="FILE", help="đồng thời soạn thư .eml đính kèm gói")
    export.set_defaults(func=cmd_export)
    hand = bsub.add_parser(
        "handover",
        parents=[common],
        help="bàn giao sổ đã giữ hộ cho văn phòng của đơn vị đó (trong một gói)",
        description=(
            "Đơn vị đã dùng chương trình và đã được đăng ký: gói này mang toàn bộ sổ văn "
            "phòng này giữ hộ (đơn vị cơ sở, sáng kiến, chỉ tiêu, trạng thái, quyết định); từ "
            "đó đơn vị tự nhập và sửa, văn phòng này chỉ xem. Mỗi gói sau vẫn mang sổ cho tới "
            "khi bên nhận xác nhận đã nhận."
        ),
    )
    hand.add_argument("--to", required=True, metavar="OFFICE", help="văn phòng nhận: mã hoặc tên")
    hand.add_argument("--out", required=True, metavar="FILE", help="tệp gói (hoặc một thư mục)")
    hand.add_argument("--dry-run", action="store_true", help="chỉ xem gói sẽ mang gì")
    hand.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    hand.set_defaults(func=cmd_handover)
    imp = bsub.add_parser("import", parents=[common], help="nhập một gói nhận được")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    imp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    imp.set_defaults(func=cmd_import)
    whole = bsub.add_parser(
        "whole-store",
        parents=[common],
        help="gửi toàn bộ dữ liệu của tỉnh cho văn phòng tỉnh sau sáp nhập",
    )
    whole.add_argument("--card", required=True, metavar="FILE", help="tệp đăng ký của bên nhận")
    whole.add_argument(
        "--fingerprint",
        required=True,
        metavar="MÃ",
        help="mã nhận dạng bên nhận đọc qua điện thoại",
    )
    whole.add_argument("--out", required=True, metavar="FILE", help="tệp gói sẽ ghi ra")
    whole.set_defaults(func=cmd_whole_store)
    take = bsub.add_parser(
        "take-in", parents=[common], help="nhận toàn bộ dữ liệu của tỉnh sáp nhập vào tỉnh này"
    )
    take.add_argument("file", metavar="FILE")
    take.add_argument(
        "--fingerprint", required=True, metavar="MÃ", help="mã nhận dạng bên gửi đọc qua điện thoại"
    )
    take.add_argument(
        "--effective", required=True, metavar="DD/MM/YYYY", help="ngày sáp nhập có hiệu lực"
    )
    take.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    take.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    take.set_defaults(func=cmd_take_in)
    contacts = bsub.add_parser(
        "contacts",
        parents=[common],
        help="có gửi số điện thoại, email của tác giả lên cấp trên không (mặc định: không)",
    )
    choice = contacts.add_mutually_exclusive_group()
    choice.add_argument("--on", action="store_true", help="gửi kèm lên cấp trên")
    choice.add_argument("--off", action="store_true", help="không gửi lên cấp trên")
    contacts.set_defaults(func=cmd_contacts)


def cmd_contacts(args: argparse.Namespace) -> int:
    """Show the office's choice, or set it with ``--on``/``--off``."""
    with opened(args) as services:
        n = None
        if args.on or args.off:
            n = services.author_contacts.set_sends_up(bool(args.on))
        on = services.author_contacts.sends_up()
    state = "CÓ" if on else "KHÔNG"
    print(f"Gói gửi lên cấp trên {state} mang số điện thoại, email của tác giả.")
    if n:
        print(f"Gói gửi lên lần tới gửi lại sáng kiến của {n} tác giả có số điện thoại, email.")
    return 0


def cmd_handover(args: argparse.Namespace) -> int:
    with opened(args) as services:
        plan = services.bundles.plan_handover(args.to)
        result = None
        if not args.dry_run:
            unlock(services)
            result = services.bundles.hand_over(args.to, args.out)
    counts = result.counts if result is not None else plan.counts
    if args.json:
        out: dict[str, object] = {
            "to": plan.peer_name,
            "units": list(plan.hands_over),
            "counts": counts,
            "dry_run": bool(args.dry_run),
        }
        if result is not None:
            out.update(path=str(result.path), sequence=result.sequence, sha256=result.sha256)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    names = ", ".join(plan.hands_over)
    if result is None:
        print(f"Gói bàn giao cho {plan.peer_name} sẽ mang sổ của {names}:")
    else:
        print(f"Đã bàn giao sổ của {names} cho {result.peer_name}: gói số {result.sequence}")
        print(f"  {result.path}")
    print(f"  {counts.get('handover', 0)} bản ghi của sổ (sáng kiến, chỉ tiêu, đơn vị cơ sở)")
    if result is None:
        print("(Chạy thử: chưa ghi gì.)")
    else:
        print(
            f"Từ nay {result.peer_name} tự nhập và sửa sổ này; văn phòng này chỉ xem. Hãy gửi "
            "gói cho họ (USB hoặc thư điện tử)."
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with opened(args) as services:
        unlock(services)
        result = services.bundles.export(args.to, args.out, full=args.full)
        if args.eml:
            services.bundles.email_draft(result.path, args.eml)
    print(f"Đã ghi gói số {result.sequence} cho {result.peer_name}: {result.path}")
    print(f"  {result.size:,} byte, SHA-256 {result.sha256}".replace(",", "."))
    c = result.counts
    print(
        f"  Sáng kiến: {c['new']} mới, {c['changed']} đã sửa, {c['deleted']} đã xoá "
        "(kể từ gói gần nhất bên nhận đã xác nhận)"
    )
    others = (
        ("statuses", "trạng thái"),
        ("decisions", "quyết định"),
        ("units", "đơn vị"),
        ("campaigns", "chương trình"),
        ("quotas", "chỉ tiêu"),
    )
    for key, label in others:
        if c.get(key):
            print(f"  {label}: {c[key]}")
    if result.too_big_for_email:
        print("Cảnh báo: gói lớn hơn 10 MB, nhiều hộp thư sẽ không nhận; hãy chép qua USB.")
    return 0


def _print_report(report: ImportReport) -> None:
    print(report.message)
    if report.gap:
        print(report.gap)
    if report.sender_format:
        print(report.made_by)
    for u in report.units:
        print(
            f"  {u.unit}: {u.new} mới, {u.updated} cập nhật, {u.unchanged} không đổi, "
            f"{u.ignored} bỏ qua, {u.conflicts} xung đột, {u.rejected} từ chối"
        )
    for n in report.notes[:50]:
        print(f"  - [{n.unit}] {n.what}: {n.reason}")


def cmd_import(args: argparse.Namespace) -> int:
    try:
        with opened(args) as services:
            unlock(services)
            bundles = services.bundles
            report = bundles.preview(args.file) if args.dry_run else bundles.import_(args.file)
    except BundleRefused as exc:
        if args.json:
            print(
                json.dumps(
                    {"refused": True, "code": exc.code, "reason": str(exc)}, ensure_ascii=False
                )
            )
        print(f"Từ chối gói: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return 0


def cmd_whole_store(args: argparse.Namespace) -> int:
    with opened(args) as services:
        unlock(services)
        path = services.bundles.export_whole_store(args.card, args.fingerprint, args.out)
    print(f"Đã ghi toàn bộ dữ liệu của tỉnh: {path}")
    return 0


def cmd_take_in(args: argparse.Namespace) -> int:
    try:
        effective = parse_date(args.effective)
    except ValueError as exc:
        print(f"Lỗi: --effective: {exc}", file=sys.stderr)
        return 1
    with opened(args) as services:
        unlock(services)
        report = services.bundles.take_in(
            args.file, args.fingerprint, effective, dry_run=args.dry_run
        )
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return 0
    head = "Xem trước, chưa ghi gì" if report.dry_run else "Đã nhận"
    print(
        f"{head}: toàn bộ dữ liệu của {report.province_name}, sáp nhập từ ngày "
        f"{format_date(report.effective)}."
    )
    labels = (
        ("units", "đơn vị"),
        ("campaigns", "chương trình"),
        ("quotas", "chỉ tiêu"),
        ("initiatives", "sáng kiến"),
        ("decisions", "quyết định"),
    )
    for key, label in labels:
        print(f"  {label}: {report.counts.get(key, 0)}")
    for old, new in report.renamed:
        print(f"  mã «{old}» đã có ở đây: giữ riêng là «{new}»")
    return 0
