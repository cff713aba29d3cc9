"""The command line: ``sangkien`` opens the window; sub-commands use the same services."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.store.opening import StoreDamaged

# The services (SQLAlchemy, the models) are imported in main(), not here: the window's start
# imports them after desktop/preload.py has paused the garbage collector (see there).

log = logging.getLogger(__name__)

EPILOG = """\
Cơ sở dữ liệu: --db nhận đường dẫn tệp SQLite hoặc URL PostgreSQL
(postgresql://user:pass@host/db); nếu không có, dùng biến môi trường SANGKIEN_DB,
rồi tới tệp mặc định trong thư mục dữ liệu của người dùng.

Ví dụ:
  sangkien                       mở cửa sổ chương trình
  sangkien demo --db thu.db      tạo dữ liệu tỉnh mẫu (Lai Châu) trong thu.db
  sangkien info --json           tóm tắt nội dung cơ sở dữ liệu
  sangkien units list --as-of 30/06/2025   các đơn vị và cấp trên của ngày đó
"""


# Each module adds its sub-commands (see desktop/commands/__init__.py).
COMMAND_MODULES = (
    "desktop.commands.store",
    "desktop.commands.print",
    "desktop.commands.initiatives",
    "desktop.commands.quotas",
    "desktop.commands.office",
    "desktop.commands.bundle",
    "desktop.commands.units",
    "desktop.commands.setup",
    "desktop.commands.campaigns",
    "desktop.commands.documents",
    "desktop.commands.proposals",
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sangkien",
        description="Sổ Sáng Kiến — quản lý phong trào sáng kiến của tổ chức Công đoàn.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _window_options(p)
    # --db is accepted before or after the command: "sangkien demo --db x.db" reads naturally.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="tệp SQLite hoặc URL PostgreSQL",
    )
    sub = p.add_subparsers(dest="command", metavar="LỆNH")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return p


def _window_options(p: argparse.ArgumentParser) -> None:
    """The options of the program itself (the window), before any sub-command."""
    p.add_argument("--db", metavar="PATH_OR_URL", help="tệp SQLite hoặc URL PostgreSQL")
    p.add_argument("--version", action="store_true", help="in phiên bản và thoát")
    p.add_argument(
        "--smoke-test",
        action="store_true",
        help="dựng cửa sổ chính trên cơ sở dữ liệu đã chọn, xử lý sự kiện rồi thoát (mã 0)",
    )
    p.add_argument(
        "--open",
        nargs="?",  # the menu entry passes "--open %f", and %f is empty when no file was given
        metavar="TỆP",
        help="mở cửa sổ và nhận gói dữ liệu này (khi bấm đúp tệp .ssk)",
    )


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments. A start of the window (no sub-command: the desktop icon, a double-clicked
    bundle) is read without importing the eleven command modules and the services they
    import; anything else (a sub-command, -h, a mistake) goes to the whole parser."""
    window = argparse.ArgumentParser(prog="sangkien", add_help=False, exit_on_error=False)
    _window_options(window)
    try:
        args, rest = window.parse_known_args(argv)
    except argparse.ArgumentError:
        rest = ["?"]
    if rest:
        return build_parser().parse_args(argv)
    args.command = None
    return args


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


def restore_hint(exc: StoreDamaged) -> str:
    """How to put the newest readable backup back, from the command line."""
    backup = getattr(exc.backup, "path", None)
    if backup is None:
        return (
            "Hãy tìm bản sao tệp dữ liệu (ổ USB, máy khác) hoặc liên hệ người hỗ trợ; "
            "đừng ghi thêm vào tệp bị hỏng."
        )
    return (
        "Để khôi phục bản sao đó (đóng cửa sổ Sổ Sáng Kiến trước):\n"
        f'  sangkien restore "{backup}" --db "{exc.path}"\n'
        "hoặc mở cửa sổ chương trình: chương trình sẽ đề nghị khôi phục bản sao này."
    )


def _is_import(args: argparse.Namespace) -> bool:
    return any(
        name.endswith("_command") and value == "import" for name, value in vars(args).items()
    )


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_console()
    args = parse(argv)
    if args.version:
        return cmd_version()
    from desktop import logs

    logs.setup(getattr(args, "db", None), what=args.command or "cửa sổ")
    if args.command is None:
        return _window(args)
    from desktop.services.common import ServiceError
    from desktop.services.store.opening import StoreDamaged, StoreError

    try:
        if _is_import(args):  # every "… import" sub-command: a sound store, copied first
            from desktop.services.store.backup import backup_before_import
            from desktop.services.store.opening import ensure_file_sound

            ensure_file_sound(getattr(args, "db", None))
            backup_before_import(getattr(args, "db", None))
        return int(args.func(args))
    except (StoreError, ServiceError) as exc:
        log.warning("%s: %s", args.command, exc)
        print(f"Lỗi: {exc}", file=sys.stderr)
        if isinstance(exc, StoreDamaged):
            print(restore_hint(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: the traceback goes to the log, the person is told where
        logs.log_unexpected(type(exc), exc, exc.__traceback__, where=args.command)
        where = logs.log_file()
        print(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            f"Chi tiết đã được ghi vào nhật ký: {where}"
            if where
            else "Không ghi được nhật ký; hãy chạy lại lệnh và chép lại thông báo này.",
            file=sys.stderr,
        )
        return 1


def _window(args: argparse.Namespace) -> int:
    """The program's window (no sub-command)."""
    if args.smoke_test and sys.platform.startswith("linux"):
        # A build server has no screen: the smoke test still builds the real window, offscreen.
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import desktop.preload  # noqa: F401 - before Qt (see there): a tenth of the start
    from desktop.versions import broken_qt_pair

    if problem := broken_qt_pair():
        print(f"Lỗi: {problem}", file=sys.stderr)
        return 1
    from desktop.app import run_gui

    return run_gui(args.db, smoke_test=args.smoke_test, open_path=args.open)


def gui_main() -> int:
    return main()
