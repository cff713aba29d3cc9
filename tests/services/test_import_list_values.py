"""A list as officers keep it, imported from a real .xlsx into a real SQLite store: benefits in
words of scale or "not determinable", dates known only to the month or quarter, and a date
column that mixes Excel dates with typed ones that could be month first."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from desktop.models import DatePrecision
from desktop.services.initiatives.excel_export import export_initiatives
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from support.initiative_fixtures import build_world

HEADER = ["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Giá trị làm lợi (đồng)", "Ngày áp dụng"]
UNIT = "CĐCS Trường Tiểu học Bản Bo"
ROWS = [
    [1, "Sổ theo dõi sức khoẻ học sinh", "Nguyễn Văn An", UNIT, "2,5 triệu", "tháng 3/2022"],
    [2, "Máy sấy chè tiết kiệm điện", "Lò Văn Inh", UNIT, "1,2 tỷ", "Quý I/2022"],
    [3, "Bảng chấm công bằng mã QR", "Trần Thị Bình", UNIT, "500 nghìn", "Quý II/2022"],
    [4, "Vườn rau dinh dưỡng", "Vàng Thị Dế", UNIT, "Không xác định", dt.date(2022, 3, 5)],
    [5, "Tủ sách dùng chung", "Lù Văn Páo", UNIT, "không tính được", "03/04/2022"],
    [6, "Bếp đun cải tiến", "Giàng A Sử", UNIT, "khoảng 2 triệu", "01/02/2022"],
    [7, "Nhà vệ sinh khô", "Sùng Thị Mỷ", UNIT, "1.000.000", "tháng 13/2022"],
    [8, "Giàn phơi chè", "Lò Thị Ban", UNIT, "1.500.000 đồng", "Quý V/2022"],
]


def list_file(path, rows):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "DANH SÁCH SÁNG KIẾN ĐĂNG KÝ NĂM 2022"
    ws.append([])
    ws.append(HEADER)
    for values in rows:
        ws.append(values)
        cell = ws.cell(row=ws.max_row, column=6)
        if isinstance(cell.value, dt.date):
            cell.number_format = "dd/mm/yyyy"
    wb.save(path)
    return path


@pytest.fixture
def services(sqlite_store):
    return Services.over(sqlite_store)


@pytest.fixture
def world(services):
    return build_world(services)


def test_amounts_and_partial_dates_come_in_with_warnings(services, world, tmp_path):
    imp = services.initiative_import
    path = list_file(tmp_path / "ds.xlsx", ROWS)
    plan = imp.plan(imp.read(path), world.campaign.id)
    assert [r.row_number for r in plan.rows] == [4, 5, 6, 7, 8]
    rejected = {r.row_number: r.reason for r in plan.rejected}
    assert set(rejected) == {9, 10, 11}  # what truly cannot be read stays refused
    assert "Không đọc được số tiền «khoảng 2 triệu»" in rejected[9]
    assert "Ngày áp dụng" in rejected[10] and "tháng 13" in rejected[10]
    assert "Ngày áp dụng" in rejected[11]
    warned = {r.row_number: " ".join(r.warnings) for r in plan.rows}
    assert "«2,5 triệu» đọc là 2.500.000 đồng" in warned[4]
    assert "chỉ ghi tháng (03/2022)" in warned[4] and "cần kiểm tra" in warned[4]
    assert "chỉ ghi quý (Quý I/2022)" in warned[5] and "1.200.000.000 đồng" in warned[5]
    assert "«Không xác định»: không có số tiền" in warned[7]
    # The column mixes an Excel date (row 7) with "03/04/2022" typed (row 8): said twice.
    assert "có thể ghi tháng trước ngày" in warned[8]
    assert len(plan.notes) == 1 and "«03/04/2022» (dòng 8)" in plan.notes[0]
    assert "trộn ngày gõ bằng chữ với ô ngày của Excel" in plan.notes[0]

    result = imp.commit(plan)
    assert (result.created, len(result.rejected)) == (5, 3)
    assert result.notes == plan.notes and (4, warned[4].split(" Ngày")[0]) in result.warnings
    rows = services.initiatives.rows_slice(ListQuery(campaign_id=world.campaign.id), 0, 20)
    by_title = {r.title: r for r in rows}
    month = services.initiatives.get(by_title["Sổ theo dõi sức khoẻ học sinh"].id).data
    assert (month.applied_on, month.applied_precision) == (dt.date(2022, 3, 1), DatePrecision.MONTH)
    assert month.benefit_vnd == 2_500_000
    assert month.period_id == world.campaign.periods[0].id
    quarter = services.initiatives.get(by_title["Máy sấy chè tiết kiệm điện"].id).data
    assert quarter.applied_precision == DatePrecision.QUARTER
    assert quarter.benefit_vnd == 1_200_000_000
    unknown = services.initiatives.get(by_title["Vườn rau dinh dưỡng"].id).data
    assert unknown.benefit_vnd is None and unknown.benefit_note == "Không xác định"
    assert unknown.applied_precision is None and unknown.applied_on == dt.date(2022, 3, 5)
    # The list shows the date as it is known.
    assert by_title["Sổ theo dõi sức khoẻ học sinh"].applied_text == "03/2022"
    assert by_title["Máy sấy chè tiết kiệm điện"].applied_text == "Quý I/2022"
    assert by_title["Tủ sách dùng chung"].applied_text == "03/04/2022"

    # The same file again changes nothing: the precision is part of what is compared.
    again = imp.import_file(path, world.campaign.id)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_a_partial_date_exported_reads_back_the_same(services, world, tmp_path):
    imp = services.initiative_import
    imp.import_file(list_file(tmp_path / "ds.xlsx", ROWS[:3]), world.campaign.id)
    out = tmp_path / "xuat.xlsx"
    export_initiatives(services.initiatives, ListQuery(campaign_id=world.campaign.id), out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    col = header.index("Ngày áp dụng")
    values = {row[1]: row[col] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert values["Sổ theo dõi sức khoẻ học sinh"] == "03/2022"
    assert values["Bảng chấm công bằng mã QR"] == "Quý II/2022"


def test_a_column_of_typed_dates_alone_is_read_without_a_warning(services, world, tmp_path):
    rows = [
        [1, "Sổ theo dõi sức khoẻ học sinh", "Nguyễn Văn An", UNIT, "", "03/04/2022"],
        [2, "Máy sấy chè tiết kiệm điện", "Lò Văn Inh", UNIT, "", "25/01/2022"],
    ]
    imp = services.initiative_import
    plan = imp.plan(imp.read(list_file(tmp_path / "ds.xlsx", rows)), world.campaign.id)
    assert plan.notes == () and all(r.warnings == () for r in plan.rows)
    assert plan.rows[0].data.applied_on == dt.date(2022, 4, 3)
