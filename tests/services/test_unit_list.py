"""The list of units from Excel: the template, official-looking sheets, old fonts, bad files."""

from __future__ import annotations

import unicodedata

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from desktop.models import UnitKind
from desktop.services import labels
from desktop.services.common import ServiceError
from desktop.services.units.excel_list import (
    import_unit_list,
    kind_of,
    read_unit_list,
    write_template,
)
from desktop.services.units.tree import UnitService


def test_the_template_reads_back_as_its_example_units(tmp_path):
    path = tmp_path / "mau.xlsx"
    write_template(path)
    preview = read_unit_list(path)
    assert [(r.code, r.kind, r.parent) for r in preview.rows] == [
        ("LC", UnitKind.PROVINCE, None),
        ("LC-TP", UnitKind.WARD, "LC"),
        ("LC-BL", UnitKind.COMMUNE, "LC"),
        ("LC-TP-01", UnitKind.GRASSROOTS, "LC-TP"),
    ]
    assert preview.problems == []


def test_the_template_lists_every_kind_with_its_label_and_the_old_district_last(tmp_path):
    path = tmp_path / "mau.xlsx"
    write_template(path)
    guide = load_workbook(path)["Loại đơn vị"]
    listed = [row[0] for row in guide.iter_rows(min_row=2, max_col=1, values_only=True)]
    listed = listed[: listed.index(None)]
    assert sorted(listed) == sorted(labels.UNIT_KIND.values())
    assert listed[-1] == labels.UNIT_KIND[UnitKind.DISTRICT]
    levels = {row[0]: row[1] for row in guide.iter_rows(min_row=2, max_col=2, values_only=True)}
    assert levels["Công đoàn phường"] == "Công đoàn cấp trên trực tiếp cơ sở"
    # Each label, as written in the «Loại đơn vị» column, reads back as its kind.
    for kind, label in labels.UNIT_KIND.items():
        assert kind_of(label, "Đơn vị bất kỳ") == kind


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


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Công đoàn phường Tân Phong", UnitKind.WARD),
        ("CĐ phường Đoàn Kết", UnitKind.WARD),
        ("Công đoàn xã Bình Lư", UnitKind.COMMUNE),
        ("CONG DOAN XA SIN HO", UnitKind.COMMUNE),
        ("Công đoàn đặc khu Côn Đảo", UnitKind.SPECIAL_ZONE),
        ("Công đoàn các xã Mường Tè, Bum Nưa", UnitKind.INTER_COMMUNE),
        ("Công đoàn liên xã Nậm Hàng – Lê Lợi", UnitKind.INTER_COMMUNE),
        ("Công đoàn các Khu công nghiệp tỉnh Bắc Ninh", UnitKind.INDUSTRIAL_ZONE),
        ("Công đoàn Khu kinh tế Vân Phong", UnitKind.INDUSTRIAL_ZONE),
        ("Công đoàn ngành Giáo dục", UnitKind.SECTOR),
        ("Công đoàn ngành Y tế tỉnh Lai Châu", UnitKind.SECTOR),
        ("Công đoàn Giáo dục Việt Nam", UnitKind.CENTRAL_SECTOR),
        ("Công đoàn Viên chức tỉnh Lai Châu", UnitKind.PUBLIC_EMPLOYEES),
        ("Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE),
        ("Liên đoàn Lao động Thành phố Hà Nội", UnitKind.PROVINCE),
        ("LĐLĐ TP. Hồ Chí Minh", UnitKind.PROVINCE),
        ("Tổng Liên đoàn Lao động Việt Nam", UnitKind.NATIONAL),
        ("LĐLĐ huyện Sìn Hồ", UnitKind.DISTRICT),
        ("LĐLĐ thị xã Mường Lay", UnitKind.DISTRICT),
        ("LĐLĐ thành phố Lai Châu", UnitKind.DISTRICT),
        ("Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT),
        ("Công đoàn cơ sở Trường Tiểu học xã Bình Lư", UnitKind.GRASSROOTS),
        ("CĐCS Công ty Chè Tân Uyên", UnitKind.GRASSROOTS),
        # Decomposed text (NFD), as some Vietnamese keyboards type it.
        (unicodedata.normalize("NFD", "Công đoàn phường Đông Phong"), UnitKind.WARD),
    ],
)
def test_a_blank_kind_cell_takes_the_kind_from_how_the_name_begins(name, kind):
    assert kind_of("", name) == kind


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("xã", UnitKind.COMMUNE),
        ("Phường", UnitKind.WARD),
        ("ĐẶC KHU", UnitKind.SPECIAL_ZONE),
        ("liên xã", UnitKind.INTER_COMMUNE),
        ("khu công nghiệp", UnitKind.INDUSTRIAL_ZONE),
        ("KCN", UnitKind.INDUSTRIAL_ZONE),
        ("Khu kinh tế", UnitKind.INDUSTRIAL_ZONE),
        ("ngành", UnitKind.SECTOR),
        ("Ngành Trung ương", UnitKind.CENTRAL_SECTOR),
        ("viên chức", UnitKind.PUBLIC_EMPLOYEES),
        ("LĐLĐ tỉnh", UnitKind.PROVINCE),
        ("Tỉnh", UnitKind.PROVINCE),
        ("LĐLĐ huyện", UnitKind.DISTRICT),
        ("thị xã", UnitKind.DISTRICT),
        ("CĐCS", UnitKind.GRASSROOTS),
        ("cơ sở", UnitKind.GRASSROOTS),
        ("ward", UnitKind.WARD),
    ],
)
def test_kind_words_in_the_kind_cell(cell, kind):
    # The cell wins over the name, which here tells nothing.
    assert kind_of(cell, "Đơn vị mới") == kind


def test_a_kind_cell_naming_only_the_level_takes_the_kind_from_the_name():
    generic = "Công đoàn cấp trên trực tiếp cơ sở"
    assert kind_of(generic, "Công đoàn phường Tân Phong") == UnitKind.WARD
    assert kind_of("cấp trên trực tiếp", "Công đoàn Khu kinh tế tỉnh") == UnitKind.INDUSTRIAL_ZONE
    assert kind_of("Cấp huyện", "LĐLĐ huyện Sìn Hồ") == UnitKind.DISTRICT
    silent = kind_of(generic, "Công đoàn Trường Tiểu học Sìn Hồ")
    assert not isinstance(silent, UnitKind)
    assert "không cho biết loại nào" in silent and "Hãy ghi rõ ở cột «Loại»" in silent
    wrong = kind_of(generic, "CĐCS Trường Tiểu học Sìn Hồ")
    assert not isinstance(wrong, UnitKind)
    assert "là của công đoàn cơ sở" in wrong


def test_rows_of_the_2025_tree_in_one_sheet_and_what_still_is_refused(tmp_path):
    path = tmp_path / "ds-2025.xlsx"
    _official_sheet(
        path,
        [
            [1, "Liên đoàn Lao động tỉnh Lai Châu", "", "", ""],
            [2, "Công đoàn phường Tân Phong", "", "Liên đoàn Lao động tỉnh Lai Châu", ""],
            [3, "Công đoàn Trường Tiểu học Tân Phong", "", "Công đoàn phường Tân Phong", ""],
            [4, "Công đoàn xã Bình Lư", "Công đoàn cấp trên trực tiếp cơ sở", "", ""],
            [5, "Công đoàn xã Sìn Hồ", "Phường", "Công đoàn phường Tân Phong", ""],
            [6, "CĐCS Trạm Y tế xã Sìn Hồ", "", "Công đoàn xã Sìn Hồ", ""],
        ],
    )
    preview = read_unit_list(path)
    assert [(r.name, r.kind) for r in preview.rows] == [
        ("Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE),
        ("Công đoàn phường Tân Phong", UnitKind.WARD),
        ("Công đoàn xã Bình Lư", UnitKind.COMMUNE),
    ]
    problems = {p.row: p.message for p in preview.problems}
    # A grassroots union named without "cơ sở" and with a blank kind: its row says why.
    assert (
        "Không nhận ra loại đơn vị «Công đoàn Trường Tiểu học Tân Phong» theo tên" in (problems[7])
    )
    assert "ghi ở cột «Loại»" in problems[7]
    # A ward's union cannot sit under another ward's; the unit under it then cannot come in.
    assert problems[9] == (
        "«Công đoàn xã Sìn Hồ» (Công đoàn phường) không thể trực thuộc "
        "«Công đoàn phường Tân Phong» (Công đoàn phường)."
    )
    assert "(dòng 9) không nhập được" in problems[10]
