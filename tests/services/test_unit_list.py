"""The list of units from Excel: the template, official-looking sheets, old fonts, bad files."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from desktop.models import UnitKind
from desktop.services.common import ServiceError
from desktop.services.units.excel_list import import_unit_list, read_unit_list, write_template
from desktop.services.units.tree import UnitService


def test_the_template_reads_back_as_two_units(tmp_path):
    path = tmp_path / "mau.xlsx"
    write_template(path)
    preview = read_unit_list(path)
    assert [(r.code, r.kind, r.parent) for r in preview.rows] == [
        ("LC", UnitKind.PROVINCE, None),
        ("LC-PT", UnitKind.DISTRICT, "LC"),
    ]
    assert preview.problems == []


def _official_sheet(path, rows, font=None):
    wb = Workbook()
    ws = wb.active
    ws.append(["LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"])
    ws.append(["DANH SÁCH CÁC ĐƠN VỊ TRỰC THUỘC"])
    ws.append([])
    ws.append(["STT", "Tên đơn vị", "Loại", "Đơn vị cấp trên", "Khối"])
    for r in rows:
        ws.append(r)
        if font:
            for cell in ws[ws.max_row]:
                cell.font = Font(name=font)
    wb.save(path)


def test_an_official_looking_sheet_with_title_rows_and_no_codes(sqlite_store, tmp_path):
    path = tmp_path / "ds.xlsx"
    _official_sheet(
        path,
        [
            [1, "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ tỉnh", "", ""],
            [
                2,
                "Liên đoàn Lao động huyện Sìn Hồ",
                "LĐLĐ huyện",
                "Liên đoàn Lao động tỉnh Lai Châu",
                "",
            ],
            [
                3,
                "Công đoàn cơ sở Trường Tiểu học Sìn Hồ",
                "",
                "Liên đoàn Lao động huyện Sìn Hồ",
                "Hành chính sự nghiệp",
            ],
            [4, "Công đoàn cơ sở Công ty Chè Tân Uyên", "CĐCS", "Huyện không có", "Doanh nghiệp"],
            [5, "", "", "", ""],
            [6, "Một đơn vị lạ", "Hội phụ nữ", "", ""],
        ],
    )
    preview = read_unit_list(path)
    assert [r.name for r in preview.rows] == [
        "Liên đoàn Lao động tỉnh Lai Châu",
        "Liên đoàn Lao động huyện Sìn Hồ",
        "Công đoàn cơ sở Trường Tiểu học Sìn Hồ",
    ]
    assert preview.rows[2].kind == UnitKind.GRASSROOTS
    problems = {p.row: p.message for p in preview.problems}
    assert "Huyện không có" in problems[8]
    assert "Không nhận ra loại đơn vị «Hội phụ nữ»" in problems[10]
    assert import_unit_list(sqlite_store.session_factory, preview).created == 3
    units = UnitService(sqlite_store.session_factory)
    school = units.find("Công đoàn cơ sở Trường Tiểu học Sìn Hồ")
    assert units.get(school.parent_id).name == "Liên đoàn Lao động huyện Sìn Hồ"


def test_cells_in_the_old_tcvn3_font_are_converted(tmp_path):
    path = tmp_path / "cu.xlsx"
    # "Liên đoàn Lao động tỉnh" typed with the .VnTime font (TCVN3/ABC), as old files hold it.
    _official_sheet(
        path,
        [[1, "Li\xaan \xaeo\xb5n Lao \xae\xe9ng t\xd8nh Lai Ch\xa9u", "LĐLĐ tỉnh", "", ""]],
        font=".VnTime",
    )
    preview = read_unit_list(path)
    assert preview.rows[0].name == "Liên đoàn Lao động tỉnh Lai Châu"


def test_a_file_that_is_not_excel_gets_a_clear_message(tmp_path):
    path = tmp_path / "khong-phai.xlsx"
    path.write_bytes(b"PK\x03\x04 broken zip")
    with pytest.raises(ServiceError, match="Không đọc được tệp Excel"):
        read_unit_list(path)


def test_a_sheet_without_a_name_column_is_explained(tmp_path):
    path = tmp_path / "trong.xlsx"
    wb = Workbook()
    wb.active.append(["Họ tên", "Điện thoại"])
    wb.save(path)
    with pytest.raises(ServiceError, match="Tên đơn vị"):
        read_unit_list(path)
