"""The command line: ``sangkien`` opens the window; sub-commands use the same services."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from desktop.services import labels
from desktop.services.common import ServiceError
from desktop.services.store import StoreError, open_store

EPILOG = """\
Cơ sở dữ liệu: --db nhận đường dẫn tệp SQLite hoặc URL PostgreSQL
(postgresql://user:pass@host/db); nếu không có, dùng biến môi trường SANGKIEN_DB,
rồi tới tệp mặc định trong thư mục dữ liệu của người dùng.

Ví dụ:
  sangkien                       mở cửa sổ chương trình
  sangkien demo --db thu.db      tạo dữ liệu tỉnh mẫu (Lai Châu) trong thu.db
  sangkien info --json           tóm tắt nội dung cơ sở dữ liệu
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sangkien",
        description="Sổ Sáng Kiến — quản lý phong trào sáng kiến của tổ chức Công đoàn.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--db", metavar="PATH_OR_URL", help="tệp SQLite hoặc URL PostgreSQL")
    p.add_argument("--version", action="store_true", help="in phiên bản và thoát")
    p.add_argument(
        "--smoke-test",
        action="store_true",
        help="dựng cửa sổ chính trên cơ sở dữ liệu đã chọn, xử lý sự kiện rồi thoát (mã 0)",
    )
    # --db is accepted before or after the command: "sangkien demo --db x.db" reads naturally.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="tệp SQLite hoặc URL PostgreSQL",
    )
    sub = p.add_subparsers(dest="command", metavar="LỆNH")
    demo = sub.add_parser(
        "demo", parents=[common], help="tạo dữ liệu tỉnh mẫu (Lai Châu) để dùng thử"
    )
    demo.add_argument("--seed", type=int, default=2022, help="hạt giống ngẫu nhiên (mặc định 2022)")
    demo.add_argument(
        "--initiatives", type=int, default=360, help="số sáng kiến sinh ra (mặc định 360)"
    )
    info = sub.add_parser(
        "info", parents=[common], help="tóm tắt: văn phòng, đơn vị, chương trình, sáng kiến"
    )
    info.add_argument("--json", action="store_true", help="in dạng JSON")
    return p


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def cmd_version() -> int:
    from desktop.versions import component_versions

    for name, value in component_versions().items():
        print(f"{name}: {value}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo import build_demo

    store = open_store(args.db)
    try:
        summary = build_demo(store.session_factory, seed=args.seed, initiatives=args.initiatives)
    finally:
        store.close()
    print(f"Đã tạo dữ liệu mẫu trong {store.description}:")
    print(f"  văn phòng: {summary.office_name}")
    print(
        f"  {summary.units} đơn vị, {summary.campaigns} chương trình, "
        f"{summary.initiatives} sáng kiến"
    )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from desktop.services.info import store_info

    store = open_store(args.db)
    try:
        info = store_info(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(info.to_json(), ensure_ascii=False, indent=2, default=str))
        return 0
    print(f"Cơ sở dữ liệu: {info.database} (lược đồ {info.schema_revision})")
    print(f"Văn phòng: {info.office.name if info.office else 'chưa thiết lập'}")
    if info.office and info.office.fingerprint:
        print(f"Dấu vân tay khoá: {info.office.fingerprint}")
    print("Đơn vị:")
    for kind, n in info.units_by_kind.items():
        if n:
            print(f"  {labels.UNIT_KIND[kind]}: {n}")  # type: ignore[index]
    print("Chương trình:")
    for c in info.campaigns:
        print(f"  [{c.code}] {c.name}: {c.initiatives} sáng kiến")
    print(f"Tổng số sáng kiến: {info.initiatives}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_console()
    args = build_parser().parse_args(argv)
    if args.version:
        return cmd_version()
    try:
        if args.command == "demo":
            return cmd_demo(args)
        if args.command == "info":
            return cmd_info(args)
    except (StoreError, ServiceError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    from desktop.app import run_gui

    return run_gui(args.db, smoke_test=args.smoke_test)


def gui_main() -> int:
    return main()
