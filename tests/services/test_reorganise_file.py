"""A reorganisation from a file: real .xlsx and CSV files, as offices write them."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from desktop.services.common import ServiceError
from desktop.services.units.reorganise import Action, ChangeRow, RowProblem
from desktop.services.units.reorganise_file import EXAMPLES, read_changes, write_template
from desktop.text.legacy_encodings import TCVN3_TO_UNICODE

HEADER = ["STT", "Đơn vị", "Thao tác", "Đơn vị cấp trên mới", "Loại đơn vị", "Tên mới", "Mã"]
PROVINCE = "Liên đoàn Lao động tỉnh Lai Châu"


def _xlsx(path: Path, rows: list[list[object]], title: list[str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    if title:
        for line in title:
            ws.append([line])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_sheet_of_three_hundred_moves_and_other_changes(tmp_path: Path) -> None:
    rows: list[list[object]] = [[*HEADER]]
    rows.append([1, "Công đoàn phường Tân Phong", "Thành lập", PROVINCE, "Công đoàn phường"])
    rows.append([2, "Công đoàn xã Bình Lư", "tạo mới", PROVINCE, "", "", 1201])
    rows.append([])  # a blank row is skipped, and the numbers after it stay the sheet's
    for i in range(300):
        rows.append([i + 3, f"Công đoàn cơ sở Trường số {i + 1}", "Chuyển đến", "Tân Phong"])
    rows.append([303, "Công đoàn thị trấn Tam Đường", "Đổi tên", "", "", "Công đoàn xã Tam Đường"])
    rows.append([304, "Công đoàn xã Tam Đường", "ĐỔI LOẠI", "", "Công đoàn xã"])
    rows.append([305, "Công đoàn xã Nậm Loỏng", "Hợp nhất vào", "Công đoàn phường Tân Phong"])
    rows.append([306, "Liên đoàn Lao động huyện Tam Đường", "Chấm dứt hoạt động."])
    rows.append([None, None, None])
    path = _xlsx(
        tmp_path / "sap-xep.xlsx",
        rows,
        title=["LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", "DANH SÁCH SẮP XẾP LẠI ĐƠN VỊ NĂM 2025", ""],
    )

    changes, problems = read_changes(path)

    assert problems == []
    assert len(changes) == 306
    # The header is on row 4 of the sheet, under the title; the blank row is row 7.
    assert changes[0] == ChangeRow(
        Action.CREATE,
        "Công đoàn phường Tân Phong",
        parent=PROVINCE,
        kind="Công đoàn phường",
        line=5,
    )
    assert changes[1] == ChangeRow(
        Action.CREATE, "Công đoàn xã Bình Lư", parent=PROVINCE, code="1201", line=6
    )
    moves = changes[2:302]
    assert {c.action for c in moves} == {Action.MOVE}
    assert [c.line for c in moves] == list(range(8, 308))
    assert moves[-1] == ChangeRow(
        Action.MOVE, "Công đoàn cơ sở Trường số 300", parent="Tân Phong", line=307
    )
    assert changes[302:] == [
        ChangeRow(
            Action.RENAME,
            "Công đoàn thị trấn Tam Đường",
            new_name="Công đoàn xã Tam Đường",
            line=308,
        ),
        ChangeRow(Action.RECLASSIFY, "Công đoàn xã Tam Đường", kind="Công đoàn xã", line=309),
        ChangeRow(
            Action.MERGE, "Công đoàn xã Nậm Loỏng", parent="Công đoàn phường Tân Phong", line=310
        ),
        ChangeRow(Action.DISSOLVE, "Liên đoàn Lao động huyện Tam Đường", line=311),
    ]


def _csv(path: Path, rows: list[list[str]], encoding: str, delimiter: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerows([[_cp1258(c) for c in r] for r in rows] if encoding == "cp1258" else rows)
    return path


TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> str:
    """Text as Windows-1258 holds it: a letter (with its circumflex, breve or horn) and the
    tone as a combining mark after it ("ị" is "i" + U+0323)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(m for m in parts if m in TONES)
            ch = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES)) + tone
        out.append(ch)
    return "".join(out)


CSV_ROWS = [
    ["Tên đơn vị", "Thao tác", "Cấp trên mới", "Loại"],
    ["Công đoàn cơ sở Trường Tiểu học Bản Bo", "chuyển", "Công đoàn phường Tân Phong", ""],
    ["", "", "", ""],
    ["Liên đoàn Lao động huyện Tam Đường", "giải thể", "", ""],
]
CSV_EXPECTED = [
    ChangeRow(
        Action.MOVE,
        "Công đoàn cơ sở Trường Tiểu học Bản Bo",
        parent="Công đoàn phường Tân Phong",
        line=2,
    ),
    ChangeRow(Action.DISSOLVE, "Liên đoàn Lao động huyện Tam Đường", line=4),
]


def test_a_csv_in_windows_1258(tmp_path: Path) -> None:
    # Windows-1258 writes the tones as combining marks: the cells come back in NFC.
    path = _csv(tmp_path / "sap-xep.csv", CSV_ROWS, "cp1258", ",")
    data = path.read_bytes()
    assert "Tên đơn vị".encode() not in data  # not UTF-8
    assert "Ti\u00ea\u0309u ho\u0323c".encode("cp1258") in data  # "Tiểu học", decomposed
    assert read_changes(path) == (CSV_EXPECTED, [])


def test_a_csv_in_utf8_with_semicolons(tmp_path: Path) -> None:
    path = _csv(tmp_path / "sap-xep.csv", CSV_ROWS, "utf-8-sig", ";")
    assert read_changes(path) == (CSV_EXPECTED, [])
    txt = _csv(tmp_path / "sap-xep.txt", CSV_ROWS, "utf-8", "\t")
    assert read_changes(txt) == (CSV_EXPECTED, [])


def test_headers_and_actions_without_diacritics(tmp_path: Path) -> None:
    rows = [
        ["Don vi", "Thao tac", "Sap nhap vao", "Ten moi", "Ma don vi"],
        ["CD xa Nam Loong", "sap nhap", "CD phuong Tan Phong", "", ""],
        ["CD phuong Tan Phong", "doi ten", "", "Cong doan phuong Tan Phong moi", ""],
        ["CD phuong Dong Phong", "THANH LAP", "LDLD tinh", "", "LC-DP"],
    ]
    changes, problems = read_changes(_csv(tmp_path / "khong-dau.csv", rows, "utf-8", ","))
    assert problems == []
    assert changes == [
        ChangeRow(Action.MERGE, "CD xa Nam Loong", parent="CD phuong Tan Phong", line=2),
        ChangeRow(
            Action.RENAME, "CD phuong Tan Phong", new_name="Cong doan phuong Tan Phong moi", line=3
        ),
        ChangeRow(Action.CREATE, "CD phuong Dong Phong", parent="LDLD tinh", code="LC-DP", line=4),
    ]


def test_the_most_specific_header_names_the_column(tmp_path: Path) -> None:
    # Every header but the last holds "đơn vị": the unit is the one that says nothing more.
    rows: list[list[object]] = [
        [
            "Mã đơn vị",
            "Đơn vị cấp trên mới",
            "Loại đơn vị",
            "Hình thức",
            "Tên đơn vị mới",
            "Đơn vị",
        ],
        ["", "Công đoàn phường Tân Phong", "", "chuyển sang", "", "CĐCS Trường Mầm non Bản Bo"],
        ["", "", "", "Đổi tên", "CĐCS Trường Mầm non Tân Phong", "CĐCS Trường Mầm non Bản Bo"],
    ]
    changes, problems = read_changes(_xlsx(tmp_path / "cot.xlsx", rows))
    assert problems == []
    assert changes == [
        ChangeRow(
            Action.MOVE,
            "CĐCS Trường Mầm non Bản Bo",
            parent="Công đoàn phường Tân Phong",
            line=2,
        ),
        ChangeRow(
            Action.RENAME,
            "CĐCS Trường Mầm non Bản Bo",
            new_name="CĐCS Trường Mầm non Tân Phong",
            line=3,
        ),
    ]


def test_unclear_rows_are_reported_by_row(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Đơn vị", "Thao tác", "Đơn vị cấp trên mới", "Loại đơn vị", "Tên mới"],
        ["Công đoàn cơ sở Trường Tiểu học Bản Bo", "chuyển", "Công đoàn phường Tân Phong"],
        ["Công đoàn xã Bình Lư", "abc"],
        ["Công đoàn cơ sở Bưu điện Tam Đường", "chuyển"],  # to where?
        ["Công đoàn phường Đông Phong", "tạo mới"],
        ["Công đoàn xã Nậm Loỏng", "sáp nhập"],
        ["Công đoàn thị trấn Tam Đường", "đổi tên"],
        ["Công đoàn xã Tam Đường", "đổi loại"],
        ["", "giải thể"],
        ["Công đoàn xã Sơn Bình"],
    ]
    changes, problems = read_changes(_xlsx(tmp_path / "loi.xlsx", rows))
    assert [c.line for c in changes] == [2]
    assert [(p.line, p.unit) for p in problems] == [
        (3, "Công đoàn xã Bình Lư"),
        (4, "Công đoàn cơ sở Bưu điện Tam Đường"),
        (5, "Công đoàn phường Đông Phong"),
        (6, "Công đoàn xã Nậm Loỏng"),
        (7, "Công đoàn thị trấn Tam Đường"),
        (8, "Công đoàn xã Tam Đường"),
        (9, "?"),
        (10, "Công đoàn xã Sơn Bình"),
    ]
    by_line = {p.line: p.message for p in problems}
    assert by_line[3] == (
        "không rõ thao tác «abc»: ghi một trong tạo mới, đổi tên, đổi loại, chuyển, "
        "sáp nhập vào, giải thể."
    )
    assert "thiếu đơn vị cấp trên mới" in by_line[4] and "«Đơn vị cấp trên mới»" in by_line[4]
    assert "thiếu đơn vị cấp trên của đơn vị mới" in by_line[5]
    assert "thiếu đơn vị nhận" in by_line[6]
    assert "thiếu tên mới" in by_line[7] and "«Tên mới»" in by_line[7]
    assert "thiếu loại đơn vị mới" in by_line[8]
    assert "thiếu tên đơn vị" in by_line[9]
    assert by_line[10].startswith("thiếu thao tác")
    assert str(problems[0]).startswith("Dòng 3 («Công đoàn xã Bình Lư»): không rõ thao tác")


def test_the_template_reads_back_as_its_examples(tmp_path: Path) -> None:
    path = write_template(tmp_path / "mau-sap-xep.xlsx")
    assert path == tmp_path / "mau-sap-xep.xlsx"
    assert read_changes(path) == (list(EXAMPLES), [])
    assert [(c.action, c.unit) for c in EXAMPLES] == [
        (Action.CREATE, "Công đoàn phường Tân Phong"),
        (Action.MOVE, "Công đoàn cơ sở Trường Tiểu học Bản Bo"),
        (Action.DISSOLVE, "Liên đoàn Lao động huyện Tam Đường"),
    ]
    assert EXAMPLES[0].kind == "Công đoàn phường"
    assert EXAMPLES[1].parent == "Công đoàn phường Tân Phong"

    wb = load_workbook(path)
    ws, guide = wb.worksheets
    assert [c.value for c in ws[1]] == [
        "Đơn vị",
        "Thao tác",
        "Đơn vị cấp trên mới",
        "Loại đơn vị",
        "Tên mới",
        "Mã đơn vị",
    ]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert ws.column_dimensions["A"].width >= 40
    offered = {v.formula1 for v in ws.data_validations.dataValidation}
    assert any("sáp nhập vào" in (f or "") for f in offered)
    explained = [r[0] for r in guide.iter_rows(min_row=2, values_only=True)]
    assert all(a.value in explained for a in Action)


def test_a_file_without_the_action_column_is_refused(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Đơn vị", "Đơn vị cấp trên mới"],
        ["Công đoàn cơ sở Trường Tiểu học Bản Bo", "Công đoàn phường Tân Phong"],
    ]
    with pytest.raises(ServiceError, match="thiếu cột «Thao tác»"):
        read_changes(_xlsx(tmp_path / "thieu.xlsx", rows))


def test_a_column_the_rows_need_is_named_once(tmp_path: Path) -> None:
    rows = [["Đơn vị", "Thao tác"]] + [[f"CĐCS số {i}", "chuyển"] for i in range(50)]
    with pytest.raises(ServiceError, match=r"thiếu cột «Đơn vị cấp trên mới».*dòng 2, 3, 4, 5, 6"):
        read_changes(_csv(tmp_path / "thieu.csv", rows, "utf-8", ","))
    # Dissolutions alone need no parent column.
    only = [["Đơn vị", "Thao tác"], ["Liên đoàn Lao động huyện Tam Đường", "giải thể"]]
    changes, _ = read_changes(_csv(tmp_path / "giai-the.csv", only, "utf-8", ","))
    assert changes == [ChangeRow(Action.DISSOLVE, "Liên đoàn Lao động huyện Tam Đường", line=2)]


def test_no_header_and_other_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="không thấy dòng tiêu đề"):
        read_changes(_xlsx(tmp_path / "rong.xlsx", [["a", "b"], ["1", "2"]]))
    other = tmp_path / "sap-xep.ods"
    other.write_bytes(b"x")
    with pytest.raises(ServiceError, match=r"\.xlsx hoặc \.csv"):
        read_changes(other)
    with pytest.raises(ServiceError, match="Không tìm thấy tệp"):
        read_changes(tmp_path / "khong-co.xlsx")


def test_old_tcvn3_cells_are_converted_by_their_font(tmp_path: Path) -> None:
    to_tcvn3 = {u: legacy for legacy, u in TCVN3_TO_UNICODE.items()}

    def tcvn3(text: str) -> str:
        return "".join(to_tcvn3.get(ch, ch) for ch in text)

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Đơn vị", "Thao tác", "Đơn vị cấp trên mới"])
    ws.append([tcvn3("Công đoàn cơ sở Bản Bo"), tcvn3("chuyển"), tcvn3("Công đoàn phường")])
    for cell in ws[2]:
        cell.font = Font(name=".VnTime")
    wb.save(tmp_path / "cu.xlsx")
    assert ws["A2"].value != "Công đoàn cơ sở Bản Bo"
    changes, problems = read_changes(tmp_path / "cu.xlsx")
    assert problems == []
    assert changes == [
        ChangeRow(Action.MOVE, "Công đoàn cơ sở Bản Bo", parent="Công đoàn phường", line=2)
    ]


def test_problems_are_row_problems(tmp_path: Path) -> None:
    rows = [["Đơn vị", "Thao tác"], ["X", "?"]]
    _, problems = read_changes(_csv(tmp_path / "a.csv", rows, "utf-8", ","))
    assert problems and all(isinstance(p, RowProblem) for p in problems)
