"""``sangkien demo`` and ``sangkien info``."""

from __future__ import annotations

import argparse
import json

from desktop.services import labels
from desktop.services.store import open_store


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
        help="tạo dữ liệu như văn phòng của một đơn vị cấp huyện (mã hoặc tên) đang giữ",
    )
    demo.set_defaults(func=cmd_demo)
    info = sub.add_parser(
        "info", parents=[common], help="tóm tắt: văn phòng, đơn vị, chương trình, sáng kiến"
    )
    info.add_argument("--json", action="store_true", help="in dạng JSON")
    info.set_defaults(func=cmd_info)


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo import build_demo

    store = open_store(args.db)
    try:
        summary = build_demo(
            store.session_factory,
            seed=args.seed,
            initiatives=args.initiatives,
            as_unit=args.as_unit,
        )
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
