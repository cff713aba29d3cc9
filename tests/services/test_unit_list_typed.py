"""A unit list typed or pasted in the first-run window: the same checks as a sheet."""

from __future__ import annotations

from desktop.models import UnitKind
from desktop.services.units.excel_list import (
    HEADERS,
    import_unit_list,
    parse_pasted,
    read_typed_units,
)


def test_excels_clipboard_is_read_as_rows_of_cells():
    text = 'LC\tLiên đoàn Lao động tỉnh Lai Châu\r\nLC-TP\t"Công đoàn\nphường Tân Phong"\r\n\r\n'
    assert parse_pasted(text) == [
        ["LC", "Liên đoàn Lao động tỉnh Lai Châu"],
        ["LC-TP", "Công đoàn\nphường Tân Phong"],
    ]


def test_typed_rows_are_code_name_parent_kind_and_refused_rows_say_why(sqlite_store):
    preview = read_typed_units(
        [
            ["LC", "Liên đoàn Lao động tỉnh Lai Châu", "", "LĐLĐ tỉnh"],
            ["", "", "", ""],  # an empty row is skipped, the numbers stay the grid's
            ["LC-BL", "Công đoàn xã Bình Lư", "LC", ""],
            ["LC-BL-01", "Công đoàn cơ sở Trường Tiểu học Bình Lư", "LC-BL", ""],
            ["LC-P", "Công đoàn phường Đoàn Kết", "LC-BL", ""],
            ["", "", "LC", "xã"],
        ]
    )
    assert [(r.row, r.code, r.kind) for r in preview.rows] == [
        (1, "LC", UnitKind.PROVINCE),
        (3, "LC-BL", UnitKind.COMMUNE),
        (4, "LC-BL-01", UnitKind.GRASSROOTS),
    ]
    why = {p.row: p.message for p in preview.problems}
    assert set(why) == {5, 6}
    assert "không thể trực thuộc «Công đoàn xã Bình Lư»" in why[5]
    assert why[6] == "Thiếu tên đơn vị."
    assert import_unit_list(sqlite_store.session_factory, preview).created == 3


def test_a_range_copied_with_the_templates_header_keeps_its_columns():
    header = list(HEADERS)  # code, name, short name, kind, parent, sector
    preview = read_typed_units(
        [
            header,
            ["LC", "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ tỉnh", "LĐLĐ tỉnh", "", ""],
            ["LC-TP", "Công đoàn phường Tân Phong", "CĐ phường Tân Phong", "phường", "LC", ""],
        ]
    )
    assert not preview.problems
    assert [(r.row, r.code, r.short_name, r.parent) for r in preview.rows] == [
        (2, "LC", "LĐLĐ tỉnh", None),
        (3, "LC-TP", "CĐ phường Tân Phong", "LC"),
    ]
