"""``sangkien setup --units FILE.xlsx --office CODE_OR_NAME``: the first run, from a terminal.

What the first-run window does for a real office (``apply_first_run`` in app.py): the unit
list is read with the same preview (``services/units/excel_list.py``: its rejected rows and
their reasons are printed), imported, and this PC becomes the office of the chosen unit
(``OfficeService.set_up``: a key pair and its fingerprint). Only an empty store is set up: one
holding any unit, campaign, initiative or office is refused and left as it was. ``--dry-run``
shows what would be imported and which office would be set up, and writes nothing."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands.common import opened
from desktop.services.common import ServiceError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from desktop.services.sync.office import OfficeInfo
    from desktop.services.units.excel_list import UnitListPreview, UnitListRow


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    setup = sub.add_parser(
        "setup",
        parents=[common],
        help="lần chạy đầu: nhập danh sách đơn vị (.xlsx) và thiết lập văn phòng của máy này",
        description=(
            "Việc của cửa sổ «Thiết lập lần đầu», từ dòng lệnh: đọc danh sách đơn vị (tệp mẫu: "
            "Mã đơn vị; Tên đơn vị; Tên viết tắt; Loại đơn vị; Mã đơn vị cấp trên; Khối), in "
            "các dòng không nhận được và lý do, nhập các đơn vị, rồi thiết lập văn phòng của "
            "máy này là đơn vị --office (mã, hoặc tên có dấu hay không dấu). Chỉ dùng cho cơ "
            "sở dữ liệu trống."
        ),
    )
    setup.add_argument(
        "--units", required=True, metavar="TỆP", help="danh sách đơn vị (.xlsx, .xls, .ods)"
    )
    setup.add_argument(
        "--office",
        required=True,
        metavar="MÃ_HOẶC_TÊN",
        help="đơn vị của văn phòng này: LĐLĐ tỉnh hoặc công đoàn cấp trên trực tiếp cơ sở",
    )
    setup.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    setup.add_argument("--json", action="store_true", help="in dạng JSON")
    setup.set_defaults(func=cmd_setup)


# ---- the store must be empty -------------------------------------------------------------------


def refuse_unless_empty(sf: sessionmaker[Session]) -> None:
    """Refuse a store that already holds data, saying what it holds."""
    from sqlalchemy import func, select

    from desktop.models import Campaign, Initiative, Office, Unit

    with sf() as s:
        counts = {
            what: s.scalar(select(func.count()).select_from(model)) or 0
            for what, model in (
                ("đơn vị", Unit),
                ("chương trình", Campaign),
                ("sáng kiến", Initiative),
                ("văn phòng", Office),
            )
        }
        local = s.scalar(select(Office.name).where(Office.is_local.is_(True)))
    if not any(counts.values()):
        return
    held = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    office = f"; máy này đã là văn phòng {local}" if local else ""
    raise ServiceError(
        f"Cơ sở dữ liệu này đã có dữ liệu ({held}{office}); «sangkien setup» chỉ thiết lập "
        "một cơ sở dữ liệu trống, ở lần chạy đầu. Không thay đổi gì. Hãy chọn tệp khác bằng "
        "--db, hoặc thêm đơn vị trong cửa sổ chương trình."
    )


# ---- the office among the rows of the list -----------------------------------------------------


def _describe(row: UnitListRow) -> str:
    from desktop.services.units.excel_list import kind_label

    return f"{row.code} «{row.name}» ({kind_label(row.kind)}, dòng {row.row})"


def office_row(preview: UnitListPreview, wanted: str) -> UnitListRow:
    """The row of the list that is the office: by code (exact, then ignoring case), else by
    name or short name without diacritics and case (as ``UnitService.find``); a clear refusal
    when none or several match, or when it is a grassroots union."""
    from desktop.models import UnitKind
    from desktop.text.normalise import clean, fold

    text = clean(wanted)
    key = fold(text)
    rows = preview.rows
    hits = [r for r in rows if r.code == text] or [r for r in rows if fold(r.code) == key]
    if not hits:
        hits = [r for r in rows if key in {fold(r.name), fold(r.short_name or "")}]
    if not hits:
        near = [r for r in rows if key and key in fold(r.name) and r.kind != UnitKind.GRASSROOTS]
        rejected = [p for p in preview.problems if key and key in fold(p.message)]
        lines = [f"Không có đơn vị «{wanted}» trong danh sách (mã hoặc tên đơn vị)."]
        if near:
            lines.append("Có phải một trong các đơn vị sau? Hãy ghi mã đơn vị ở --office:")
            lines += [f"  {_describe(r)}" for r in near[:10]]
        elif rejected:
            lines.append("Các dòng không nhận được có nhắc tới tên này:")
            lines += [f"  Dòng {p.row}: {p.message}" for p in rejected[:5]]
        else:
            choices = [r for r in rows if r.kind != UnitKind.GRASSROOTS]
            if choices:
                lines.append("Các đơn vị làm văn phòng được:")
                lines += [f"  {_describe(r)}" for r in choices[:15]]
        raise ServiceError("\n".join(lines))
    if len(hits) > 1:
        raise ServiceError(
            "\n".join(
                [f"Có {len(hits)} đơn vị khớp «{wanted}»; hãy ghi mã đơn vị ở --office:"]
                + [f"  {_describe(r)}" for r in hits]
            )
        )
    row = hits[0]
    if row.kind == UnitKind.GRASSROOTS:
        raise ServiceError(
            f"{_describe(row)} là công đoàn cơ sở. Văn phòng phải là LĐLĐ tỉnh hoặc công đoàn "
            "cấp trên trực tiếp cơ sở; hãy chọn đơn vị cấp trên của nó."
        )
    return row


# ---- the command -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetupResult:
    file: str
    preview: UnitListPreview
    office: UnitListRow
    imported: int  # 0 on a dry run
    info: OfficeInfo | None  # None on a dry run
    dry_run: bool

    def to_json(self) -> dict[str, object]:
        from desktop.services.units.excel_list import kind_label

        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "units_read": len(self.preview.rows),
            "units_imported": self.imported,
            "rejected": [{"row": p.row, "message": p.message} for p in self.preview.problems],
            "office": {
                "code": self.office.code,
                "name": self.office.name,
                "kind": self.office.kind.value,
                "kind_label": kind_label(self.office.kind),
                "fingerprint": self.info.fingerprint if self.info else None,
            },
        }


def cmd_setup(args: argparse.Namespace) -> int:
    from desktop.services.units.excel_list import import_unit_list, read_unit_list

    path = Path(args.units)
    if not path.is_file():
        raise ServiceError(f"Không tìm thấy tệp danh sách đơn vị «{path}».")
    with opened(args) as services:
        sf = services.store.session_factory
        refuse_unless_empty(sf)
        preview = read_unit_list(path)  # the preview of the first-run window
        if not preview.rows:
            raise ServiceError(_nothing_read(path, preview))
        office = office_row(preview, args.office)
        imported, info = 0, None
        if not args.dry_run:
            imported = import_unit_list(sf, preview).created
            unit = services.units.by_code(office.code)
            if unit is None:  # the list's own rows: only a bug gets here
                raise ServiceError("Không tìm thấy đơn vị đã chọn làm văn phòng.")
            info = services.office.set_up(unit.id)
    result = SetupResult(str(path), preview, office, imported, info, args.dry_run)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _print(result)
    return 0


def _nothing_read(path: Path, preview: UnitListPreview) -> str:
    lines = [f"Không đọc được đơn vị nào từ «{path.name}»; chưa ghi gì."]
    lines += [f"  {_problem(p.row, p.message)}" for p in preview.problems[:20]]
    return "\n".join(lines)


def _problem(row: int, message: str) -> str:
    return f"Dòng {row}: {message}" if row else message


def _print(result: SetupResult) -> None:
    from collections import Counter

    from desktop.services.units.excel_list import kind_label

    preview = result.preview
    name = Path(result.file).name
    print(f"Đọc được {len(preview.rows)} đơn vị từ «{name}».")
    if preview.sheet_note:
        print(f"  {preview.sheet_note}")
    kinds = Counter(r.kind for r in preview.rows)
    print("  " + "; ".join(f"{kind_label(k)}: {n}" for k, n in kinds.items()))
    if preview.problems:
        print(f"Các dòng không nhận được ({len(preview.problems)}):")
        for p in preview.problems:
            print(f"  {_problem(p.row, p.message)}")
    office = f"{result.office.name} (mã {result.office.code}, {kind_label(result.office.kind)})"
    if result.dry_run:
        print(f"Sẽ nhập {len(preview.rows)} đơn vị.")
        print(f"Sẽ thiết lập văn phòng của máy này: {office}.")
        print("Chưa ghi gì (--dry-run). Chạy lại không có --dry-run để thiết lập.")
        return
    print(f"Đã nhập {result.imported} đơn vị.")
    print(f"Đã thiết lập văn phòng của máy này: {office}.")
    if result.info is not None:
        print(f"Dấu vân tay khoá của văn phòng: {result.info.fingerprint}")
