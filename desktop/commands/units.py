"""``sangkien units list`` (the tree on a day) and ``sangkien units reorganise FILE``.

``units list`` reads the tree of a day through :class:`~desktop.services.units.dated.DatedTree`:
each unit as it stood then (name, kind, parent), in tree order. ``units reorganise`` reads a
reorganisation file (``services/units/reorganise_file.py``), previews the plan of the
reorganisation service and applies it when no row has a problem (``--dry-run``: never)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.commands.common import opened
from desktop.services.common import ServiceError
from desktop.text.dates import format_date, parse_date

if TYPE_CHECKING:
    from desktop.services.units.dated import DatedTree, UnitAt
    from desktop.services.units.reorganise import (
        PlannedChange,
        ReorganisationPlan,
        RowProblem,
    )


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    units = sub.add_parser("units", parents=[common], help="danh mục đơn vị theo thời gian")
    usub = units.add_subparsers(dest="units_command", metavar="VIỆC", required=True)

    lst = usub.add_parser(
        "list",
        parents=[common],
        help="các đơn vị của một ngày, theo cây tổ chức",
        description=(
            "In các đơn vị tồn tại vào ngày đã chọn, theo cây tổ chức của ngày đó: mã, tên, "
            "loại, cấp, đơn vị cấp trên, ngày bắt đầu và kết thúc."
        ),
    )
    lst.add_argument("--as-of", metavar="NGÀY", help="ngày (dd/mm/yyyy; mặc định hôm nay)")
    lst.add_argument("--all", action="store_true", help="cả các đơn vị đã kết thúc trước ngày đó")
    lst.add_argument("--json", action="store_true", help="in dạng JSON")
    lst.set_defaults(func=cmd_units_list)

    reo = usub.add_parser(
        "reorganise",
        parents=[common],
        help="sắp xếp lại đơn vị theo tệp (.xlsx hoặc .csv) từ một ngày",
        description=(
            "Đọc tệp sắp xếp lại đơn vị (cột: Đơn vị; Thao tác; Đơn vị cấp trên mới; Loại đơn "
            "vị; Tên mới), in bản xem trước (các thay đổi, chỉ tiêu và hồ sơ bị ảnh hưởng, văn "
            "phòng cần báo, mọi dòng có vấn đề) rồi áp dụng tất cả khi không dòng nào có vấn "
            "đề. Có vấn đề thì không ghi gì và trả mã 1."
        ),
    )
    reo.add_argument("file", metavar="TỆP")
    reo.add_argument(
        "--effective", required=True, metavar="NGÀY", help="ngày có hiệu lực (dd/mm/yyyy)"
    )
    reo.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    reo.add_argument("--json", action="store_true", help="in dạng JSON")
    reo.set_defaults(func=cmd_units_reorganise)

    keep = usub.add_parser(
        "keep-books",
        parents=[common],
        help="giữ sổ hộ một đơn vị cấp dưới chưa dùng chương trình (không có ĐƠN VỊ: liệt kê)",
        description=(
            "Văn phòng này nhập và sửa sáng kiến, chỉ tiêu của các công đoàn cơ sở thuộc đơn "
            "vị đó như chính đơn vị ấy (nhập danh sách Excel họ gửi qua thư điện tử). Khi đơn "
            "vị dùng chương trình và đã đăng ký, bàn giao sổ bằng «sangkien bundle handover». "
            "--stop: thôi giữ sổ (sổ ở lại đây, chỉ xem, cho tới khi bàn giao)."
        ),
    )
    keep.add_argument("unit", nargs="?", metavar="ĐƠN_VỊ", help="mã hoặc tên đơn vị")
    keep.add_argument("--stop", action="store_true", help="thôi giữ sổ hộ đơn vị này")
    keep.add_argument("--dry-run", action="store_true", help="chỉ xem, không ghi gì")
    keep.add_argument("--json", action="store_true", help="in dạng JSON")
    keep.set_defaults(func=cmd_units_keep_books)


def _day(text: str | None, option: str) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return parse_date(text)
    except ValueError as exc:  # a typing mistake: told as the other refusals are
        raise ServiceError(f"{option}: {exc}") from exc


# ---- units list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """One unit of the list: as it stood on the day (on its last day, for an ended one)."""

    depth: int
    unit: UnitAt
    parent: UnitAt | None


def tree_rows(tree: DatedTree, day: dt.date, ended: bool) -> list[Listed]:
    """The units existing on ``day`` (``ended``: also those ended before it), depth first,
    in Vietnamese alphabetical order within a parent."""
    keep = (
        [
            i
            for i, u in tree.units.items()
            if u.valid_to is not None and u.valid_to <= day and not tree.exists_on(i, day)
        ]
        if ended
        else []
    )
    children = tree.children_on(day, keep=keep)
    shown = {u.id: u for kids in children.values() for u in kids}
    # Roots: the top units, and any whose parent is not listed that day (so none is lost).
    roots = [u for parent, kids in children.items() if parent not in shown for u in kids]
    roots.sort(key=lambda u: (u.name_key, u.id))
    out: list[Listed] = []
    seen: set[int] = set()

    def walk(u: UnitAt, depth: int) -> None:
        if u.id in seen:  # a loop in damaged data: shown once
            return
        seen.add(u.id)
        out.append(Listed(depth, u, shown.get(u.parent_id) if u.parent_id else None))
        for child in children.get(u.id, ()):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return out


def _row_json(row: Listed) -> dict[str, object]:
    from desktop.services.labels import UNIT_KIND

    u, p = row.unit, row.parent
    return {
        "code": u.code,
        "name": u.name,
        "kind": u.kind.value,
        "kind_label": UNIT_KIND[u.kind],
        "level": int(u.kind.level),
        "parent_code": p.code if p else None,
        "parent_name": p.name if p else None,
        "valid_from": u.valid_from.isoformat() if u.valid_from else None,
        "valid_to": u.valid_to.isoformat() if u.valid_to else None,
    }


def _width(text: str) -> int:
    """Columns taken in a console: combining marks take none."""
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def print_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(_width(r[i]) for r in (header, *rows)) for i in range(len(header))]
    for line in (header, *rows):
        print("  ".join(_pad(v, widths[i]) for i, v in enumerate(line)).rstrip())


def cmd_units_list(args: argparse.Namespace) -> int:
    from desktop.services.units.dated import DatedTree

    day = _day(args.as_of, "--as-of")
    with opened(args) as services, services.store.session_factory() as s:
        rows = tree_rows(DatedTree.load(s), day, ended=args.all)
    if args.json:
        print(json.dumps([_row_json(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    from desktop.services.labels import UNIT_KIND, UNIT_LEVEL
    from desktop.services.units.tree import short_unit_name

    what = "các đơn vị tồn tại" + (" và đã kết thúc" if args.all else "")
    print(f"Ngày {format_date(day)}: {len(rows)} đơn vị ({what}).")
    if not rows:
        return 0
    header = ("Mã", "Đơn vị", "Loại", "Cấp", "Đơn vị cấp trên", "Từ ngày", "Đến ngày")
    table = [
        (
            r.unit.code,
            "  " * r.depth + r.unit.name,
            UNIT_KIND[r.unit.kind],
            UNIT_LEVEL[r.unit.kind.level],
            f"{r.parent.code} {short_unit_name(r.parent.name, r.parent.short_name)}"
            if r.parent
            else "—",
            format_date(r.unit.valid_from) or "—",
            format_date(r.unit.valid_to) or "—",
        )
        for r in rows
    ]
    print_table(header, table)
    return 0


# ---- units reorganise ---------------------------------------------------------------------


def _short(name: str) -> str:
    from desktop.services.units.tree import short_unit_name

    return short_unit_name(name) if name else "—"


def change_text(c: PlannedChange) -> str:
    """One change as the preview says it: "chuyển CĐCS … từ LĐLĐ huyện … sang …"."""
    from desktop.services.labels import UNIT_KIND
    from desktop.services.units.reorganise import Action

    unit = _short(c.unit_name)
    if c.action == Action.CREATE:
        code = f", mã {c.code}" if c.code else ""
        return f"tạo mới {unit} ({UNIT_KIND[c.kind]}{code}) thuộc {_short(c.parent_name)}"
    if c.action == Action.MOVE:
        return f"chuyển {unit} từ {_short(c.old_parent_name)} sang {_short(c.parent_name)}"
    if c.action == Action.RENAME:
        return f"đổi tên {unit} thành {c.new_name}"
    if c.action == Action.RECLASSIFY:
        new = UNIT_KIND[c.new_kind] if c.new_kind else "—"
        return f"đổi loại {unit} từ {UNIT_KIND[c.kind]} thành {new}"
    if c.action == Action.MERGE:
        return f"sáp nhập {unit} vào {_short(c.parent_name)}"
    return f"giải thể {unit}"


def print_plan(plan: ReorganisationPlan, applied: bool) -> None:
    from desktop.services.units.reorganise import Action

    done = "Đã sắp xếp lại" if applied else "Xem trước sắp xếp lại"
    print(f"{done} đơn vị từ ngày {format_date(plan.effective)}: {len(plan.changes)} thay đổi.")
    counts = [f"{a.value} {plan.counts[a]}" for a in Action if plan.counts.get(a)]
    if counts:
        print("  " + ", ".join(counts))
    for c in plan.changes:
        where = f"Dòng {c.line}: " if c.line else ""
        print(f"  {where}{change_text(c)}")
    if plan.quotas:
        print("Chỉ tiêu của đơn vị kết thúc (chương trình còn chạy):")
        for q in plan.quotas:
            print(
                f"  {q.campaign_code}, {q.period_name}: {_short(q.unit_name)} — chỉ tiêu "
                f"{q.target}, đã có {q.reached}, còn lại {q.remainder}"
            )
    if plan.open_dossiers:
        print("Hồ sơ chưa quyết định của các CĐCS chuyển đi:")
        for unit, n in plan.open_dossiers:
            print(f"  {_short(unit)}: {n} sáng kiến")
    if plan.offices:
        print("Văn phòng cần báo (gửi gói dữ liệu sau khi áp dụng):")
        for office in plan.offices:
            print(f"  {office}")


def cmd_units_reorganise(args: argparse.Namespace) -> int:
    from desktop.services.units.reorganise import ReorganisationRefused
    from desktop.services.units.reorganise_file import read_changes

    effective = _day(args.effective, "--effective")
    rows, file_problems = read_changes(args.file)
    applied = False
    with opened(args) as services:
        plan = services.reorganisation.plan(rows, effective)
        problems = sorted((*file_problems, *plan.problems), key=lambda p: p.line)
        if not problems and plan.changes and not args.dry_run:
            try:
                plan = services.reorganisation.apply(rows, effective)
                applied = True
            except ReorganisationRefused as exc:  # the store changed since the preview
                plan = exc.plan
                problems = sorted(plan.problems, key=lambda p: p.line)
    refused = bool(problems) or not plan.changes
    if args.json:
        data = plan.to_json()
        data["problems"] = [
            {"line": p.line, "unit": p.unit, "message": p.message} for p in problems
        ]
        data["ok"] = not refused
        data["applied"] = applied
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_plan(plan, applied)
    if refused:
        _refusal(problems, args.file)
        return 1
    if args.dry_run and not args.json:
        print("Chưa ghi gì (--dry-run). Chạy lại không có --dry-run để áp dụng.")
    return 0


def _refusal(problems: list[RowProblem], file: str) -> None:
    """Why nothing was written, on stderr (also under --json: a script's log names the rows)."""
    if not problems:
        print(f"Lỗi: Tệp {file} không có thay đổi nào; chưa ghi gì.", file=sys.stderr)
        return
    print(
        f"Lỗi: {len(problems)} dòng có vấn đề; chưa ghi gì. Hãy sửa tệp rồi chạy lại.",
        file=sys.stderr,
    )
    for p in problems:
        print(f"  {p}", file=sys.stderr)


# ---- units keep-books -----------------------------------------------------------------------


def cmd_units_keep_books(args: argparse.Namespace) -> int:
    with opened(args) as services:
        if not args.unit:
            if args.stop:
                raise ServiceError("--stop: hãy ghi đơn vị thôi giữ sổ hộ.")
            rows = services.books.kept()
            history = services.books.history()
            changed = None
            warning = None
        else:
            unit = services.units.find(args.unit)
            if unit is None:
                raise ServiceError(f"Không tìm thấy đơn vị «{args.unit}» (mã hoặc tên).")
            warning = None if args.stop else services.books.warning(unit.id)
            keep = services.books.stop if args.stop else services.books.keep
            changed = keep(unit.id, dry_run=args.dry_run)
            rows = services.books.kept()
            history = []
    if args.json:
        out: dict[str, object] = {"kept": [r.to_json() for r in rows]}
        if changed is not None:
            out["changed"] = changed.to_json()
            out["dry_run"] = bool(args.dry_run)
            out["warning"] = warning
        else:
            out["history"] = [r.to_json() for r in history if not r.active]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if changed is not None:
        what = "Sẽ" if args.dry_run else "Đã"
        verb = "thôi giữ sổ hộ" if args.stop else "giữ sổ hộ"
        print(f"{what} {verb} {changed.unit_name} ({changed.unit_code}).")
        if args.stop:
            print("  Sổ ở lại văn phòng này, chỉ xem; khi đơn vị dùng chương trình, hãy bàn giao.")
        if warning:
            print(f"  Lưu ý: {warning}")
        if args.dry_run:
            print("(Chạy thử: chưa ghi gì.)")
        return 0
    if not rows:
        print("Văn phòng này không giữ sổ hộ đơn vị nào.")
    for r in rows:
        print(
            f"{r.unit_code}\t{r.unit_name}\t{r.grassroots} công đoàn cơ sở, "
            f"{r.initiatives} sáng kiến\tgiữ sổ hộ từ {format_date(r.started_at.date())}"
        )
    for r in history:
        if not r.active:
            print(f"{r.unit_code}\t{r.unit_name}\t{r.state_text}")
    return 0
