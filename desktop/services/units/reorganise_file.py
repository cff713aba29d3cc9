"""A reorganisation as a file: one change per row of an Excel sheet or a CSV, and the template
officers fill in.

:func:`read_changes` turns the rows into :class:`ChangeRow` values for
``ReorganisationService.plan``, each with the row number Excel shows; it matches no unit
names (the service does, against the tree). What it cannot read as a change is a
:class:`RowProblem` of that row; a file without the columns it needs is refused with a
:class:`ServiceError` naming them. :func:`write_template` writes the empty sheet with the
columns, three example rows of the 2025 reorganisation and a sheet explaining each action.

Columns are found by their header without diacritics or case; the longest known phrase a
header holds decides its column, so "Đơn vị cấp trên mới" is the new parent although it also
holds "đơn vị". Other columns (STT, Ghi chú…) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from zipfile import BadZipFile

from desktop.models import UnitKind
from desktop.services import labels
from desktop.services.campaigns.quota_table import _read_csv
from desktop.services.common import ServiceError
from desktop.services.units.reorganise import Action, ChangeRow, RowProblem
from desktop.services.xlsx import Column, new_workbook, save_workbook, write_table
from desktop.services.xlsx_guard import choose_sheet
from desktop.text.legacy_encodings import convert_by_font
from desktop.text.normalise import clean, fold

__all__ = ["ACTION_WORDS", "COLUMNS", "EXAMPLES", "read_changes", "write_template"]

# The columns, as the template writes them: (role, header).
COLUMNS = (
    ("unit", "Đơn vị"),
    ("action", "Thao tác"),
    ("parent", "Đơn vị cấp trên mới"),
    ("kind", "Loại đơn vị"),
    ("new_name", "Tên mới"),
    ("code", "Mã đơn vị"),
)
_HEADER_OF = dict(COLUMNS)

# Folded phrases a header may hold -> its column; the longest phrase found in a header wins.
_HEADER_PHRASES: dict[str, str] = {
    "don vi": "unit",
    "ten": "unit",
    "ten don vi": "unit",
    "ten cong doan": "unit",
    "don vi thay doi": "unit",
    "don vi sap xep": "unit",
    "thao tac": "action",
    "viec": "action",
    "cong viec": "action",
    "hinh thuc": "action",
    "hinh thuc sap xep": "action",
    "don vi cap tren moi": "parent",
    "don vi cap tren": "parent",
    "cap tren moi": "parent",
    "cap tren": "parent",
    "sap nhap vao": "parent",
    "hop nhat vao": "parent",
    "don vi nhan": "parent",
    "chuyen den": "parent",
    "truc thuoc": "parent",
    "loai": "kind",
    "loai don vi": "kind",
    "ten moi": "new_name",
    "ten don vi moi": "new_name",
    "ma": "code",
    "ma don vi": "code",
    "ma so": "code",
    # Read and ignored: a numbering or a remark column that happens to hold a known word.
    "stt": "",
    "tt": "",
    "so tt": "",
    "ghi chu": "",
}

# Folded words of an action cell -> the action (punctuation and case do not matter).
ACTION_WORDS: dict[str, Action] = {
    **dict.fromkeys(
        ("tao moi", "tao", "thanh lap", "thanh lap moi", "them", "them moi", "lap moi"),
        Action.CREATE,
    ),
    **dict.fromkeys(("doi ten", "doi ten thanh"), Action.RENAME),
    **dict.fromkeys(("doi loai", "doi loai don vi"), Action.RECLASSIFY),
    **dict.fromkeys(
        ("chuyen", "chuyen den", "chuyen sang", "chuyen ve", "dieu chuyen"), Action.MOVE
    ),
    **dict.fromkeys(
        ("sap nhap vao", "sap nhap", "hop nhat vao", "hop nhat", "nhap vao"), Action.MERGE
    ),
    **dict.fromkeys(
        ("giai the", "cham dut hoat dong", "cham dut", "ket thuc hoat dong"), Action.DISSOLVE
    ),
}

# Which actions need which column filled in (besides the unit).
_NEEDS: dict[Action, tuple[str, str]] = {
    Action.CREATE: ("parent", "thiếu đơn vị cấp trên của đơn vị mới"),
    Action.MOVE: ("parent", "thiếu đơn vị cấp trên mới (chuyển đến đâu)"),
    Action.MERGE: ("parent", "thiếu đơn vị nhận (sáp nhập vào đơn vị nào)"),
    Action.RENAME: ("new_name", "thiếu tên mới"),
    Action.RECLASSIFY: ("kind", "thiếu loại đơn vị mới"),
}

_HEADER_ROWS = 30  # the header is looked for in the first rows only

PROVINCE = "Liên đoàn Lao động tỉnh Lai Châu"
NEW_WARD = "Công đoàn phường Tân Phong"
# The template's example rows: a 2025 reorganisation (a ward union created under the province,
# a grassroots union moved to it, a district federation dissolved).
EXAMPLES = (
    ChangeRow(
        Action.CREATE, NEW_WARD, parent=PROVINCE, kind=labels.UNIT_KIND[UnitKind.WARD], line=2
    ),
    ChangeRow(Action.MOVE, "Công đoàn cơ sở Trường Tiểu học Bản Bo", parent=NEW_WARD, line=3),
    ChangeRow(Action.DISSOLVE, "Liên đoàn Lao động huyện Tam Đường", line=4),
)


# ---- reading ------------------------------------------------------------------------------


def read_changes(path: str | Path) -> tuple[list[ChangeRow], list[RowProblem]]:
    """The changes of an .xlsx/.xlsm (its first visible sheet) or a .csv/.txt (UTF-8 or
    Windows-1258; ``;``, ``,`` or tab), one per row, and the rows that are not a change.

    Row numbers are the file's (as Excel shows them); blank rows are skipped. Raises
    :class:`ServiceError` (Vietnamese) for a file it cannot read, one without a header row,
    or one without a column that its rows need ("Thao tác" always)."""
    path = Path(path)
    if not path.exists():
        raise ServiceError(f"Không tìm thấy tệp «{path}».")
    suffix = path.suffix.casefold()
    if suffix in (".xlsx", ".xlsm"):
        raw = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        raw = [[clean(str(c)) for c in row] for row in _read_csv(path)]
    else:
        raise ServiceError(
            f"«{path.name}»: chỉ đọc được bảng .xlsx hoặc .csv. Hãy lưu tệp ở dạng Excel "
            "Workbook (.xlsx) rồi thử lại."
        )
    header_at, columns = _header_of(raw, path.name)
    changes: list[ChangeRow] = []
    problems: list[RowProblem] = []
    for line, cells in enumerate(raw[header_at + 1 :], start=header_at + 2):
        read = _row(line, cells, columns)
        if isinstance(read, ChangeRow):
            changes.append(read)
        else:
            problems.extend(read)
    _check_columns(changes, columns, path.name)
    return changes, problems


def _read_xlsx(path: Path) -> list[list[str]]:
    """Every row of the first visible sheet as cleaned text, legacy (TCVN3/VNI) cells
    converted by their font, as the unit list does."""
    from openpyxl import load_workbook

    sheet = choose_sheet(path)  # the first visible sheet, checked small enough to read
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ServiceError(
            f"Không đọc được tệp Excel «{path.name}». Hãy lưu tệp ở dạng .xlsx rồi thử lại."
        ) from exc
    try:
        ws = wb[sheet.name]
        return [
            [_cell_text(c) for c in row]
            for row in ws.iter_rows(min_row=1, max_row=sheet.rows, max_col=max(sheet.cols, 1))
        ]
    finally:
        wb.close()


def _cell_text(cell: object) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 101, not 101.0
    font = getattr(cell, "font", None)
    return clean(convert_by_font(str(value), getattr(font, "name", None)))


def _role_of(header: str) -> str | None:
    """The column a header names ("" for one read and ignored), by the longest phrase."""
    padded = " " + " ".join(re.sub(r"[^0-9a-z]+", " ", fold(header)).split()) + " "
    found = [p for p in _HEADER_PHRASES if f" {p} " in padded]
    return _HEADER_PHRASES[max(found, key=len)] if found else None


def _header_of(raw: Sequence[Sequence[str]], name: str) -> tuple[int, dict[str, int]]:
    """The header row (index into ``raw``) and the column of each role: the first row within
    the first 30 that names the unit and at least one other column (a title above the table,
    "Danh sách đơn vị sắp xếp lại", names only one)."""
    for i, row in enumerate(raw[:_HEADER_ROWS]):
        found: dict[str, int] = {}
        for c, text in enumerate(row):
            role = _role_of(text) if text else None
            if role and role not in found:  # the first of two same columns is read
                found[role] = c
        if "unit" in found and len(found) >= 2:
            if "action" not in found:
                raise ServiceError(
                    f"«{name}»: thiếu cột «{_HEADER_OF['action']}» (dòng tiêu đề {i + 1}). "
                    "Mỗi dòng ghi một thao tác: " + ", ".join(a.value for a in Action) + "."
                )
            return i, found
    raise ServiceError(
        f"«{name}»: không thấy dòng tiêu đề có cột «{_HEADER_OF['unit']}» và "
        f"«{_HEADER_OF['action']}» trong {_HEADER_ROWS} dòng đầu. Hãy dùng tệp mẫu."
    )


def _row(line: int, cells: Sequence[str], columns: dict[str, int]) -> ChangeRow | list[RowProblem]:
    """One row: a change, or its problems (none for a blank row)."""

    def get(role: str) -> str:
        i = columns.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    unit, action_text = get("unit"), get("action")
    shown = unit or "?"
    if not any(get(role) for role, _header in COLUMNS):
        return []  # blank (a numbered but empty row of the template is blank too)
    problems: list[RowProblem] = []
    action = action_of(action_text)
    if not action_text:
        problems.append(RowProblem(line, shown, "thiếu thao tác: " + _actions_hint()))
    elif action is None:
        problems.append(
            RowProblem(line, shown, f"không rõ thao tác «{action_text}»: " + _actions_hint())
        )
    if not unit:
        what = "tên đơn vị mới" if action == Action.CREATE else "tên đơn vị"
        problems.append(RowProblem(line, shown, f"thiếu {what} (cột «{_HEADER_OF['unit']}»)."))
    if action in _NEEDS:
        role, why = _NEEDS[action]
        if role in columns and not get(role):
            problems.append(RowProblem(line, shown, f"{why} (cột «{_HEADER_OF[role]}»)."))
    if problems or action is None:
        return problems
    return ChangeRow(
        action,
        unit,
        parent=get("parent"),
        kind=get("kind"),
        new_name=get("new_name"),
        code=get("code"),
        line=line,
    )


def action_of(text: str) -> Action | None:
    """The action a cell names, without diacritics, case or punctuation; None if unknown."""
    key = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())
    return ACTION_WORDS.get(key)


def _actions_hint() -> str:
    return "ghi một trong " + ", ".join(a.value for a in Action) + "."


def _check_columns(changes: Sequence[ChangeRow], columns: dict[str, int], name: str) -> None:
    """A column that rows need but the file does not have: the file is refused, naming it
    (rather than the same problem on each of hundreds of rows)."""
    for role in ("parent", "new_name", "kind"):
        if role in columns:
            continue
        needing = [r for r in changes if r.action in _NEEDS and _NEEDS[r.action][0] == role]
        if needing:
            lines = ", ".join(str(r.line) for r in needing[:5])
            more = " …" if len(needing) > 5 else ""
            raise ServiceError(
                f"«{name}»: thiếu cột «{_HEADER_OF[role]}», cần cho việc "
                f"{needing[0].action.value} (dòng {lines}{more})."
            )


# ---- the template ---------------------------------------------------------------------------

_HOW = (
    (
        Action.CREATE,
        "Tên đơn vị mới; đơn vị cấp trên của nó; loại đơn vị (bỏ trống: theo tên); mã đơn vị "
        "(bỏ trống: chương trình đặt mã).",
        f"{NEW_WARD}, trực thuộc {PROVINCE}",
        "thành lập, thêm",
    ),
    (
        Action.RENAME,
        "Đơn vị; tên mới.",
        "Công đoàn thị trấn Tam Đường → Công đoàn xã Tam Đường",
        "",
    ),
    (
        Action.RECLASSIFY,
        "Đơn vị; loại đơn vị mới (ví dụ Công đoàn phường, Công đoàn xã, Công đoàn cơ sở).",
        "Công đoàn thị trấn Tam Đường → loại Công đoàn xã",
        "",
    ),
    (
        Action.MOVE,
        "Đơn vị; đơn vị cấp trên mới. Dùng cho công đoàn cơ sở về công đoàn xã, phường.",
        "Công đoàn cơ sở Trường Tiểu học Bản Bo → " + NEW_WARD,
        "chuyển đến, chuyển sang",
    ),
    (
        Action.MERGE,
        "Đơn vị; đơn vị nhận (ghi ở cột «Đơn vị cấp trên mới»). Đơn vị kết thúc, các đơn vị "
        "trực thuộc về đơn vị nhận.",
        "Công đoàn xã Nậm Loỏng sáp nhập vào " + NEW_WARD,
        "sáp nhập, hợp nhất vào, hợp nhất",
    ),
    (
        Action.DISSOLVE,
        "Đơn vị. Các đơn vị trực thuộc phải được chuyển đi ở các dòng khác của bảng.",
        "Liên đoàn Lao động huyện Tam Đường",
        "chấm dứt hoạt động",
    ),
)

_NOTES = (
    "Mỗi dòng của trang «Sắp xếp lại» là một thay đổi; các thay đổi áp dụng cùng một ngày hiệu "
    "lực, chọn khi nhập tệp.",
    "Ghi tên đơn vị như trong danh mục (không dấu cũng được) hoặc mã đơn vị; trùng tên thì ghi mã.",
    "Các dòng ví dụ (dòng 2 đến 4) là ví dụ của đợt sắp xếp năm 2025: hãy xoá trước khi ghi.",
    "Dòng trống được bỏ qua; có thể thêm cột STT hoặc Ghi chú, chương trình không đọc các cột đó.",
)


def write_template(path: Path) -> Path:
    """An .xlsx to fill in: the columns with the example rows (sheet «Sắp xếp lại», read by
    :func:`read_changes`) and a sheet «Hướng dẫn» explaining each action. Returns ``path``."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    wb, ws = new_workbook("Sắp xếp lại")
    widths = {"unit": 44, "action": 16, "parent": 40, "kind": 24, "new_name": 36, "code": 14}
    write_table(
        ws,
        [Column(header, width=widths[role]) for role, header in COLUMNS],
        [[getattr(r, role) or "" for role, _h in COLUMNS] for r in EXAMPLES],
        autofilter=False,  # a filter over the three examples would not grow with the rows
    )
    last = 1000  # the rows that offer the lists below
    actions = DataValidation(
        type="list",
        formula1='"' + ",".join(a.value for a in Action) + '"',
        allow_blank=True,
        showErrorMessage=False,  # variants ("thành lập", "hợp nhất"…) are read too
    )
    actions.add(f"B2:B{last}")
    ws.add_data_validation(actions)

    guide = wb.create_sheet("Hướng dẫn")
    end = write_table(
        guide,
        [
            Column("Thao tác", width=16),
            Column("Cần ghi", width=60, wrap=True),
            Column("Ví dụ", width=50, wrap=True),
            Column("Cũng viết được", width=28, wrap=True),
        ],
        [[a.value, how, example, also] for a, how, example, also in _HOW],
        autofilter=False,
    )
    for i, note in enumerate(_NOTES, start=end + 2):
        guide.cell(row=i, column=1, value=note)
    # The kinds, which the «Loại đơn vị» column offers as a list (some labels hold a comma,
    # which a list written in the rule itself cannot).
    first = end + len(_NOTES) + 3
    guide.cell(row=first, column=1, value="Loại đơn vị").font = Font(bold=True)
    for i, label in enumerate(labels.UNIT_KIND.values(), start=first + 1):
        guide.cell(row=i, column=1, value=label)
    kinds = DataValidation(
        type="list",
        formula1=f"'{guide.title}'!$A${first + 1}:$A${first + len(labels.UNIT_KIND)}",
        allow_blank=True,
        showErrorMessage=False,
    )
    kinds.add(f"D2:D{last}")
    ws.add_data_validation(kinds)
    save_workbook(wb, path)
    return path
