"""``sangkien office key | enrolment | enrol | peers``: this office's key and its peers."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from desktop.commands.common import opened
from desktop.commands.keys import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV, ask, unlock
from desktop.services.common import ServiceError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    office = sub.add_parser(
        "office", parents=[common], help="khoá của văn phòng, đăng ký văn phòng cấp trên/dưới"
    )
    osub = office.add_subparsers(dest="office_command", metavar="VIỆC", required=True)
    key = osub.add_parser("key", parents=[common], help="in dấu vân tay khoá của văn phòng này")
    key.set_defaults(func=cmd_key)
    enrolment = osub.add_parser(
        "enrolment", parents=[common], help="xuất tệp đăng ký của văn phòng này"
    )
    enrolment.add_argument("--out", required=True, metavar="FILE", help="tệp sẽ ghi ra")
    enrolment.set_defaults(func=cmd_enrolment)
    enrol = osub.add_parser(
        "enrol",
        parents=[common],
        help="đăng ký một văn phòng từ tệp đăng ký của họ, sau khi đối chiếu dấu vân tay",
    )
    enrol.add_argument("file", metavar="FILE", help="tệp đăng ký nhận được")
    enrol.add_argument(
        "--fingerprint",
        required=True,
        metavar="FP",
        help="dấu vân tay văn phòng đó đọc qua điện thoại hoặc in trên công văn",
    )
    enrol.add_argument(
        "--re-enrol",
        action="store_true",
        help="thay khoá đã đăng ký (văn phòng đó thay máy hoặc mất máy); được ghi nhật ký",
    )
    enrol.set_defaults(func=cmd_enrol)
    peers = osub.add_parser(
        "peers",
        parents=[common],
        help="các văn phòng đã đăng ký, với phiên bản chương trình trong gói gần nhất của họ",
    )
    peers.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    peers.set_defaults(func=cmd_peers)
    protect = osub.add_parser(
        "protect-key",
        parents=[common],
        help=(
            "đặt (hoặc đổi) mật khẩu cho khoá của văn phòng; mật khẩu được hỏi, hoặc lấy từ "
            f"{NEW_PASSPHRASE_ENV} (mật khẩu cũ: {PASSPHRASE_ENV})"
        ),
    )
    protect.set_defaults(func=cmd_protect_key)
    restored = osub.add_parser(
        "server-restored",
        parents=[common],
        help=(
            "sau khi máy chủ PostgreSQL được khôi phục từ bản sao (pg_restore): văn phòng tiếp "
            "tục dưới lần khôi phục mới, các văn phòng khác gửi lại toàn bộ dữ liệu"
        ),
    )
    restored.add_argument("--note", default="", help="bản sao nào đã được khôi phục (ghi nhật ký)")
    restored.set_defaults(func=cmd_server_restored)


def cmd_key(args: argparse.Namespace) -> int:
    with opened(args) as services:
        office = services.office.local()
    if office is None or not office.fingerprint:
        raise ServiceError("Máy này chưa được thiết lập văn phòng nên chưa có khoá.")
    print(f"Văn phòng: {office.name}")
    print(f"Dấu vân tay: {office.fingerprint}")
    return 0


def cmd_enrolment(args: argparse.Namespace) -> int:
    with opened(args) as services:
        unlock(services)
        raw = services.enrolment.enrolment_file()
        office = services.office.local()
    out = Path(args.out)
    try:
        out.write_bytes(raw)
    except OSError as exc:
        raise ServiceError(f"Không ghi được «{out}»: {exc.strerror or exc}.") from None
    print(f"Đã ghi tệp đăng ký: {out}")
    if office is not None:
        print(f"Dấu vân tay cần đọc cho bên nhận: {office.fingerprint}")
    return 0


def cmd_enrol(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ServiceError(f"Không đọc được «{path}»: {exc.strerror or exc}.") from None
    with opened(args) as services:
        result = services.enrolment.enrol(raw, args.fingerprint, re_enrol=args.re_enrol)
    if result.already:
        print(f"{result.peer.name} đã được đăng ký với khoá này từ trước.")
    elif result.re_enrolled:
        print(f"Đã đăng ký lại {result.peer.name} với khoá mới {result.peer.fingerprint}.")
    else:
        print(f"Đã đăng ký {result.peer.name} ({result.peer.fingerprint}).")
    return 0


def cmd_peers(args: argparse.Namespace) -> int:
    with opened(args) as services:
        peers = services.bundles.peers()
    if args.json:
        print(json.dumps([p.to_json() for p in peers], ensure_ascii=False, indent=2))
        return 0
    if not peers:
        print("Chưa đăng ký văn phòng nào.")
    for p in peers:
        if p.last_import_at is None:
            running = "chưa nhận gói nào"
        else:
            running = f"Sổ Sáng Kiến {p.program_version or '0.1.0 trở về trước'}"
        print(f"{p.unit_code or '?'}\t{p.name}\t{p.fingerprint}\t{running}")
    return 0


def cmd_protect_key(args: argparse.Namespace) -> int:
    with opened(args) as services:
        office = services.office
        old = None
        if office.key_protected():
            old = ask("Mật khẩu khoá hiện tại: ", PASSPHRASE_ENV)
            if not old:
                raise ServiceError(f"Cần mật khẩu khoá hiện tại (hoặc biến {PASSPHRASE_ENV}).")
        new = ask("Mật khẩu mới (ít nhất 8 ký tự): ", NEW_PASSPHRASE_ENV)
        if not new:
            raise ServiceError(
                f"Cần mật khẩu mới: hãy nhập khi được hỏi, hoặc đặt {NEW_PASSPHRASE_ENV}."
            )
        again = new if NEW_PASSPHRASE_ENV in os.environ else ask("Nhập lại mật khẩu mới: ", "")
        office.protect_key(new, again, old=old)
    print(
        "Đã đặt mật khẩu cho khoá của văn phòng. Mỗi lần gửi hoặc nhận gói, chương trình sẽ hỏi "
        "mật khẩu này (một lần cho mỗi lần mở). Quên mật khẩu thì phải tạo khoá mới và đăng ký "
        "lại với các văn phòng khác."
    )
    return 0


def cmd_server_restored(args: argparse.Namespace) -> int:
    from desktop.services.sync.restore import after_server_restore

    with opened(args) as services:
        epoch = after_server_restore(services.store.session_factory, args.note)
    print(
        f"Văn phòng tiếp tục dưới lần khôi phục số {epoch}. Hãy gửi gói cho mọi văn phòng đã "
        "đăng ký: họ sẽ gửi lại toàn bộ dữ liệu mà bản sao không có."
    )
    return 0
