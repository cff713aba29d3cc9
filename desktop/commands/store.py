"""``sangkien demo`` and ``sangkien info``."""

from __future__ import annotations

import argparse
import json

from desktop.commands.common import opened
from desktop.services import labels
from desktop.services.store.opening import ensure_sound


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    demo = sub.add_parser(
        "demo", parents=[common], help="tạo dữ liệu tỉnh mẫu (Lai Châu) để dùng thử"
    )
    demo.add_argument("--seed", type=int, default=2022, help="hạt giống ngẫu nhiên (mặc định 2022)")
    demo.add_argument(
        "--initiatives", type=int, default=360, help="số sáng kiến sinh ra (mặc định 360)"
    )
    demo.add_argument(
        "--as",
        dest="as_unit",
        metavar="UNIT",
        help=(
            "tạo dữ liệu như văn phòng của một công đoàn cấp trên trực tiếp cơ sở "
            "(mã hoặc tên) đang giữ"
        ),
    )
    demo.add_argument(
        "--after-2025",
        dest="after_2025",
        action="store_true",
        help=(
            "tỉnh mẫu sau sắp xếp đơn vị từ 01/7/2025: giải thể 8 LĐLĐ huyện, thêm công đoàn "
            "xã, phường, khu công nghiệp và chương trình DKST-2026"
        ),
    )
    demo.add_argument(
        "--reorganisation-sheet",
        dest="reorganisation_sheet",
        metavar="TỆP.xlsx",
        help=(
            "chỉ ghi quyết định sắp xếp đơn vị của tỉnh mẫu ra bảng Excel, để thử "
            "«units reorganise» trên dữ liệu mẫu thường (không tạo dữ liệu)"
        ),
    )
    demo.set_defaults(func=cmd_demo)
    info = sub.add_parser(
        "info", parents=[common], help="tóm tắt: văn phòng, đơn vị, chương trình, sáng kiến"
    )
    info.add_argument("--json", action="store_true", help="in dạng JSON")
    info.set_defaults(func=cmd_info)
    restore = sub.add_parser(
        "restore",
        parents=[common],
        help="khôi phục dữ liệu từ một bản sao lưu (đóng cửa sổ chương trình trước)",
    )
    restore.add_argument("backup", metavar="BẢN_SAO", help="tệp bản sao lưu (.db)")
    restore.set_defaults(func=cmd_restore)


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo.builder import build_demo

    if args.reorganisation_sheet:
        return _reorganisation_sheet(args.reorganisation_sheet)
    with opened(args) as services:
        summary = build_demo(
            services.store.session_factory,
            seed=args.seed,
            initiatives=args.initiatives,
            as_unit=args.as_unit,
            reorganised=args.after_2025,
        )
        where = services.store.description
    print(f"Đã tạo dữ liệu mẫu trong {where}:")
    print(f"  văn phòng: {summary.office_name}")
    print(
        f"  {summary.units} đơn vị, {summary.campaigns} chương trình, "
        f"{summary.initiatives} sáng kiến"
    )
    if args.after_2025:
        print("  đã sắp xếp đơn vị từ ngày 01/07/2025; chương trình DKST-2026 theo cây mới")
    return 0


def _reorganisation_sheet(file: str) -> int:
    """Write the demo's decision as a sheet; no store is opened."""
    from pathlib import Path

    from desktop.services.common import ServiceError
    from desktop.services.demo import reorganisation
    from desktop.text.dates import format_date

    path = Path(file)
    if path.suffix.casefold() != ".xlsx":
        raise ServiceError(f"«{path.name}»: hãy đặt tên tệp có đuôi .xlsx.")
    reorganisation.write_sheet(path)
    effective = format_date(reorganisation.EFFECTIVE)
    print(f"Đã ghi quyết định sắp xếp đơn vị của tỉnh mẫu vào {path}.")
    print(
        f"Thử trên dữ liệu mẫu: sangkien units reorganise {path} --effective {effective} --dry-run"
    )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from desktop.services.store.info import store_info

    with opened(args) as services:
        ensure_sound(services.store)  # a damaged store is said here, not when a search breaks
        info = store_info(services.store)
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


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop.models.db import resolve_url, sqlite_path
    from desktop.services.common import ServiceError
    from desktop.services.store.backup import POSTGRES_NOTE, restore_sqlite

    target = sqlite_path(resolve_url(args.db))
    if target is None:
        raise ServiceError(POSTGRES_NOTE)
    result = restore_sqlite(Path(args.backup), target)
    with opened(args):  # an older copy is upgraded (and its new epoch started) now
        pass
    print(f"Đã khôi phục {result.target} từ bản sao {result.restored_from}.")
    print(f"Dữ liệu ngay trước khi khôi phục được giữ trong bản sao {result.safety_copy}.")
    return 0
