"""``sangkien documents settings [show]`` and ``sangkien documents settings set …``.

The office's document settings (header texts, symbol, place, signer, recipients) are those of
the documents page's form: read with :meth:`DocumentSettingsService.load`, changed with
:meth:`DocumentSettingsService.save` the way the form saves them: only the settings given
here are written, with the edit versions read before them, so a setting another officer has
changed meanwhile is refused (:class:`~desktop.services.documents.settings.SettingsConflict`)
rather than put back. ``sangkien print`` then uses them."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from desktop.commands.common import opened
from desktop.services.common import ServiceError
from desktop.text.normalise import clean, fold

if TYPE_CHECKING:  # the services are imported when a command runs, not to parse its arguments
    from desktop.services.documents.settings import DocumentSettings, SettingsConflict


@dataclass(frozen=True)
class Field:
    """One setting as the command names it: the option, the label the form shows, the help."""

    name: str  # the field of DocumentSettings
    option: str
    label: str
    help: str
    required: bool  # the printed document always shows it: an empty value is refused


# The one-line settings, in the order of the documents page's form (and with its labels).
# Required: what Nghị định 30 puts on every document and the layout always prints (the header,
# the symbol in the number, the place-date line, the signer's title and name); the authority
# line ("TM. BAN THƯỜNG VỤ") is left out of the signature when empty.
FIELDS = (
    Field(
        "superior",
        "--superior",
        "Cơ quan chủ quản",
        "cơ quan chủ quản, dòng đầu bên trái (ví dụ «Tổng Liên đoàn Lao động Việt Nam»; "
        "in hoa khi in)",
        True,
    ),
    Field(
        "issuer",
        "--issuer",
        "Cơ quan ban hành",
        "cơ quan ban hành, dòng thứ hai bên trái (ví dụ «Liên đoàn Lao động tỉnh Lai Châu»; "
        "in hoa khi in)",
        True,
    ),
    Field(
        "symbol",
        "--symbol",
        "Ký hiệu cơ quan",
        "ký hiệu cơ quan trong số văn bản (ví dụ «LĐLĐ» trong 125/QĐ-LĐLĐ)",
        True,
    ),
    Field(
        "place",
        "--place",
        "Địa danh",
        "địa danh ở dòng ngày tháng (ví dụ «Lai Châu» trong «Lai Châu, ngày …»)",
        True,
    ),
    Field(
        "on_behalf",
        "--on-behalf",
        "Thẩm quyền ký",
        "thẩm quyền ký trên chức vụ (ví dụ «TM. BAN THƯỜNG VỤ»); chuỗi rỗng: không in dòng này",
        False,
    ),
    Field(
        "signer_title",
        "--signer-title",
        "Chức vụ người ký",
        "chức vụ người ký (ví dụ «CHỦ TỊCH», «PHÓ CHỦ TỊCH»)",
        True,
    ),
    Field(
        "signer_name",
        "--signer-name",
        "Họ tên người ký",
        "họ tên người ký (ví dụ «Nguyễn Văn An»)",
        True,
    ),
)
RECIPIENTS_LABEL = "Nơi nhận"
EMPTY = "(trống)"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    documents = sub.add_parser(
        "documents", parents=[common], help="thể thức văn bản của cơ quan (người ký, nơi nhận…)"
    )
    dsub = documents.add_subparsers(dest="documents_command", metavar="VIỆC", required=True)

    settings = dsub.add_parser(
        "settings",
        parents=[common],
        help="xem hoặc đổi thể thức văn bản (người ký, địa danh, nơi nhận…)",
        description=(
            "Thể thức văn bản của cơ quan, như trong khung «Thể thức văn bản» của trang Văn "
            "bản: cơ quan chủ quản, cơ quan ban hành, ký hiệu, địa danh, người ký, nơi nhận. "
            "Không có VIỆC: in các thiết lập hiện tại (như «settings show»)."
        ),
    )
    settings.add_argument("--json", action="store_true", help="in dạng JSON")
    settings.set_defaults(func=cmd_settings_show)
    ssub = settings.add_subparsers(dest="settings_command", metavar="VIỆC")

    show = ssub.add_parser(
        "show",
        parents=[common],
        help="in các thiết lập hiện tại, mỗi thiết lập một dòng",
        description=(
            "In thể thức văn bản hiện tại, mỗi thiết lập một dòng; thiết lập chưa lưu lần nào "
            "được đánh dấu «mặc định» (lấy từ đơn vị của văn phòng)."
        ),
    )
    # SUPPRESS: "settings --json show" keeps the --json given before "show".
    show.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="in dạng JSON")
    show.set_defaults(func=cmd_settings_show)

    put = ssub.add_parser(
        "set",
        parents=[common],
        help="đổi các thiết lập được chỉ ra (các thiết lập khác giữ nguyên)",
        description=(
            "Đổi các thiết lập được chỉ ra, như khi sửa trong khung «Thể thức văn bản»: chỉ "
            "ghi những gì đổi ở đây; thiết lập mà người khác vừa đổi thì không ghi đè (báo "
            "lỗi, không ghi gì). In những gì thay đổi (cũ → mới). Các văn bản in sau đó "
            "(sangkien print …) dùng thiết lập mới."
        ),
    )
    for f in FIELDS:
        note = "; không được để trống" if f.required else ""
        put.add_argument(f.option, dest=f.name, metavar="CHỮ", default=None, help=f"{f.help}{note}")
    put.add_argument(
        "--recipient",
        dest="recipient",
        action="append",
        metavar="CHỮ",
        help="một nơi nhận; lặp lại cho mỗi nơi, theo thứ tự in (thay cả danh sách nơi nhận)",
    )
    put.add_argument(
        "--add-recipient",
        dest="add_recipient",
        action="append",
        metavar="CHỮ",
        help=(
            "thêm một nơi nhận vào danh sách, trước dòng «Lưu: …» nếu có (lặp lại được; nơi đã "
            "có thì không thêm lần nữa)"
        ),
    )
    put.add_argument(
        "--no-recipients",
        action="store_true",
        help="bỏ hết nơi nhận (văn bản in không có phần «Nơi nhận»)",
    )
    put.add_argument("--dry-run", action="store_true", help="chỉ in những gì sẽ đổi, không ghi gì")
    put.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="in dạng JSON")
    put.set_defaults(func=cmd_settings_set)


# ---- the values -----------------------------------------------------------------------------


def settings_json(cfg: DocumentSettings) -> dict[str, object]:
    """The settings as JSON: each one-line setting as text, the recipients as a list."""
    data: dict[str, object] = {f.name: getattr(cfg, f.name) for f in FIELDS}
    data["recipients"] = list(cfg.recipient_lines)
    return data


def _recipient_key(line: str) -> str:
    """A recipient compared as printed: the ending ";" or "." does not count."""
    return fold(clean(line).rstrip(";.").strip())


def _is_filing_line(line: str) -> bool:
    """The "Lưu: VT." line, which stays last."""
    return _recipient_key(line).startswith("luu")


def _given_text(value: str, option: str, required: bool) -> str:
    text = clean(value)
    if required and not text:
        raise ServiceError(
            f"{option}: không được để trống (văn bản nào cũng in thiết lập này). "
            "Hãy ghi nội dung, hoặc bỏ tuỳ chọn này để giữ nguyên."
        )
    return text


def _recipient(value: str, option: str) -> str:
    text = clean(value)
    if not text:
        raise ServiceError(
            f"{option}: nơi nhận không được để trống. Để bỏ hết nơi nhận, dùng --no-recipients."
        )
    return text


def wanted(args: argparse.Namespace, cfg: DocumentSettings) -> DocumentSettings:
    """``cfg`` with the settings given on the command line (values checked first)."""
    changes: dict[str, str] = {}
    for f in FIELDS:
        value = getattr(args, f.name)
        if value is not None:
            changes[f.name] = _given_text(value, f.option, f.required)
    if args.no_recipients and args.recipient:
        raise ServiceError("--no-recipients và --recipient không dùng cùng nhau.")
    lines: list[str] | None = None
    if args.no_recipients:
        lines = []
    elif args.recipient:
        lines = [_recipient(v, "--recipient") for v in args.recipient]
    if args.add_recipient:
        added = [_recipient(v, "--add-recipient") for v in args.add_recipient]
        lines = list(cfg.recipient_lines) if lines is None else lines
        for line in added:
            if any(_recipient_key(line) == _recipient_key(x) for x in lines):
                continue  # already listed: not twice
            at = len(lines)
            while at > 0 and _is_filing_line(lines[at - 1]):
                at -= 1
            lines.insert(at, line)
    if lines is not None:
        changes["recipients"] = "\n".join(lines)
    if not changes:
        raise ServiceError(
            "Chưa chỉ ra thiết lập nào để đổi. Xem «sangkien documents settings set --help»."
        )
    return replace(cfg, **changes)


@dataclass(frozen=True)
class Change:
    name: str
    label: str
    old: str | list[str]
    new: str | list[str]


def changes_between(old: DocumentSettings, new: DocumentSettings) -> list[Change]:
    """The settings whose text differs, compared as the service stores them."""
    out: list[Change] = []
    for f in FIELDS:
        a, b = clean(getattr(old, f.name)), clean(getattr(new, f.name))
        if a != b:
            out.append(Change(f.name, f.label, a, b))
    if old.recipient_lines != new.recipient_lines:
        out.append(
            Change(
                "recipients",
                RECIPIENTS_LABEL,
                list(old.recipient_lines),
                list(new.recipient_lines),
            )
        )
    return out


def _shown(value: str | list[str]) -> str:
    if isinstance(value, list):
        return " | ".join(value) if value else EMPTY
    return f"«{value}»" if value else EMPTY


def list_diff(old: list[str], new: list[str]) -> list[str]:
    """The new list line by line, each line kept ("  "), added ("+ ") or dropped ("- ")."""
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out += [f"  {x}" for x in old[i1:i2]]
            continue
        out += [f"- {x}" for x in old[i1:i2]]
        out += [f"+ {x}" for x in new[j1:j2]]
    return out


def conflict_text(exc: SettingsConflict) -> str:
    """The refusal said for a terminal: who changed which setting, what it is now."""
    from desktop.services.common import when_text

    labels = {f.name: f.label for f in FIELDS} | {"recipients": RECIPIENTS_LABEL}
    by = f" {exc.who}" if exc.who else ""
    at = f" lúc {when_text(exc.when)}" if exc.when else ""
    lines = [f"Thể thức văn bản vừa được{by} sửa{at}, trong lúc lệnh này chạy:"]
    for name, value in exc.now.items():
        now = " | ".join(x for x in (clean(v) for v in value.splitlines()) if x)
        lines.append(f"  {labels.get(name, name)}: nay là {_shown(now)}")
    lines.append(
        "Chưa ghi gì, để không ghi đè thay đổi đó. Hãy xem lại (sangkien documents settings) "
        "rồi chạy lại lệnh."
    )
    return "\n".join(lines)


# ---- documents settings [show] ---------------------------------------------------------------


def cmd_settings_show(args: argparse.Namespace) -> int:
    with opened(args) as services:
        docs = services.documents.settings
        stored = set(docs.versions())
        cfg = docs.load()
    if args.json:
        print(json.dumps(settings_json(cfg), ensure_ascii=False, indent=2))
        return 0
    width = max(len(f.label) for f in FIELDS) + 1
    print("Thể thức văn bản của cơ quan:")
    for f in FIELDS:
        value = getattr(cfg, f.name) or EMPTY
        default = "" if f.name in stored else "  (mặc định)"
        print(f"  {f.label + ':':<{width}} {value}{default}")
    default = "" if "recipients" in stored else "  (mặc định)"
    lines = cfg.recipient_lines
    print(f"  {RECIPIENTS_LABEL}:{'' if lines else ' ' + EMPTY}{default}")
    for line in lines:
        print(f"    - {line}")
    return 0


# ---- documents settings set ------------------------------------------------------------------


def cmd_settings_set(args: argparse.Namespace) -> int:
    from desktop.services.documents.settings import SettingsConflict

    with opened(args) as services:
        docs = services.documents.settings
        versions = docs.versions()  # first: older versions can only over-warn
        loaded = docs.load()
        new = wanted(args, loaded)
        changes = changes_between(loaded, new)
        saved = loaded
        if changes and not args.dry_run:
            # Only what changed here is written; a setting changed elsewhere since the
            # versions were read raises SettingsConflict (a ServiceError) and nothing is saved.
            try:
                saved = docs.save(new, loaded, versions)
            except SettingsConflict as exc:
                raise ServiceError(conflict_text(exc)) from exc
            changes = changes_between(loaded, saved)
    applied = bool(changes) and not args.dry_run
    if args.json:
        data = {
            "dry_run": bool(args.dry_run),
            "applied": applied,
            "changes": [
                {"field": c.name, "label": c.label, "old": c.old, "new": c.new} for c in changes
            ],
            "settings": settings_json(new if args.dry_run else saved),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if not changes:
        print("Không có gì thay đổi: các thiết lập đã như vậy.")
        return 0
    head = "Xem trước (--dry-run)" if args.dry_run else "Đã lưu thể thức văn bản"
    print(f"{head}: {len(changes)} thay đổi.")
    for c in changes:
        if isinstance(c.old, list) and isinstance(c.new, list):
            print(f"  {c.label} ({len(c.old)} → {len(c.new)} nơi):")
            for line in list_diff(c.old, c.new):
                print(f"    {line}")
        else:
            print(f"  {c.label}: {_shown(c.old)} → {_shown(c.new)}")
    if args.dry_run:
        print("Chưa ghi gì (--dry-run). Chạy lại không có --dry-run để lưu.")
    return 0
