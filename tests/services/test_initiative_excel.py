"""Excel in and out: an official-looking sheet with old TCVN3 and NFD text comes in right."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from desktop.models import Sector
from desktop.services.initiatives.excel_export import export_initiatives
from desktop.services.initiatives.excel_plan import equal_shares, split_authors
from desktop.services.initiatives.listing import ListQuery
from support.initiative_fixtures import build_world

TCVN3_NAME = "NguyÔn V¨n A"  # "Nguyễn Văn A" typed with an old TCVN3 (.VnTime) font
NFD_TITLE = unicodedata.normalize("NFD", "Ứng dụng phần mềm quản lý thiết bị")


def official_sheet(path, rows, extra_header=None):
    """Title rows, then the header row, then ``rows`` — as a district office keeps its list."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "LIÊN ĐOÀN LAO ĐỘNG HUYỆN TAM ĐƯỜNG"
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A3"] = "DANH SÁCH SÁNG KIẾN ĐĂNG KÝ NĂM 2022"
    header = [
        "STT",
        "Tên sáng kiến",
        "Tác giả",
        "Đơn vị",
        "Lĩnh vực",
        "Khối",
        "Giá trị làm lợi (đồng)",
        "Ngày áp dụng",
    ]
    if extra_header:
        header.append(extra_header)
    for c, h in enumerate(header, start=1):
        ws.cell(row=5, column=c, value=h)
    for r, values in enumerate(rows, start=6):
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, str) and v.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as Excel keeps it
            if v == TCVN3_NAME:
                cell.font = Font(name=".VnTime")
            if isinstance(v, dt.date):
                cell.number_format = "dd/mm/yyyy"
    wb.save(path)
    return path


ROWS = [
    [
        1,
        "Sáng kiến cải tiến quy trình đón trẻ",
        "Nguyễn Văn An, Trần Thị Bình",
        "CĐCS Trường Tiểu học Bản Bo",
        "Phòng, chống dịch",
        "",
        "1.500.000",
        "10/01/2022",
    ],
    [
        2,
        NFD_TITLE,
        TCVN3_NAME,
        "Công đoàn cơ sở Trường Tiểu học Bản Bo",
        "Kinh tế - xã hội",
        "Hành chính sự nghiệp",
        2500000,
        dt.date(2022, 3, 5),
    ],
    [3, "Giải pháp tiết kiệm điện", "Lò Văn Inh", "Công ty Mới Lập", "", "", "", "01/02/2022"],
    [
        4,
        "Sáng kiến không có ngày đúng",
        "Vàng Thị Dế",
        "CĐCS Trường Tiểu học Bản Bo",
        "",
        "",
        "",
        "31/02/2022",
    ],
    [5, "", "Ai đó", "CĐCS Trường Tiểu học Bản Bo", "", "", "", ""],
    [
        6,
        "Sáng kiến cải tiến quy trình đón trẻ",
        "Nguyễn Văn An",
        "CĐCS Trường Tiểu học Bản Bo",
        "",
        "",
        "",
        "",
    ],
]


@pytest.fixture
def world(services):
    return build_world(services)


def test_helpers_split_authors_and_share_100():
    assert split_authors("Nguyễn Văn A, Trần Thị B; Lò Văn C") == [
        "Nguyễn Văn A",
        "Trần Thị B",
        "Lò Văn C",
    ]
    assert sum(equal_shares(3)) == 100 and equal_shares(3)[1] == equal_shares(3)[2]


def test_import_previews_then_writes_with_correct_vietnamese(services, world, tmp_path):
    path = official_sheet(tmp_path / "ds.xlsx", ROWS)
    imp = services.initiative_import
    sheet = imp.read(path)
    assert sheet.header_row == 5 and sheet.converted_cells == 1
    plan = imp.plan(sheet, world.campaign.id)
    # Nothing is written by the preview.
    assert services.initiatives.count(ListQuery(campaign_id=world.campaign.id)) == 0
    assert [r.row_number for r in plan.rows] == [6, 7]
    reasons = {r.row_number: r.reason for r in plan.rejected}
    assert "Công ty Mới Lập" in reasons[8] and "chưa có trong danh sách" in reasons[8]
    assert "Ngày áp dụng" in reasons[9] and "tháng 2 không có ngày 31" in reasons[9]
    assert "Thiếu tên sáng kiến" in reasons[10]
    assert "Trùng với dòng 6" in reasons[11]
    assert plan.unknown_units == ("Công ty Mới Lập",)

    result = imp.commit(plan)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    rows = services.initiatives.rows_slice(ListQuery(campaign_id=world.campaign.id), 0, 10)
    by_title = {r.title: r for r in rows}
    nfc_title = unicodedata.normalize("NFC", NFD_TITLE)
    assert set(by_title) == {"Sáng kiến cải tiến quy trình đón trẻ", nfc_title}
    second = services.initiatives.get(by_title[nfc_title].id)
    assert second.data.authors[0].full_name == "Nguyễn Văn A"
    assert second.data.applied_on == dt.date(2022, 3, 5)
    assert second.data.benefit_vnd == 2_500_000
    assert second.data.sector == Sector.ADMINISTRATIVE
    assert second.data.field_id == world.campaign.fields[1].id
    first = services.initiatives.get(by_title["Sáng kiến cải tiến quy trình đón trẻ"].id)
    assert [a.full_name for a in first.data.authors] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert sum(a.contribution_pct for a in first.data.authors) == 100
    assert first.data.benefit_vnd == 1_500_000 and first.data.applied_on == dt.date(2022, 1, 10)
    assert first.data.period_id == world.campaign.periods[0].id
    # Found by a search without diacritics, like anything typed in.
    assert services.initiatives.search("nguyen van a", world.campaign.id).total == 2


def test_same_file_twice_creates_nothing_and_a_changed_row_updates(services, world, tmp_path):
    path = official_sheet(tmp_path / "ds.xlsx", ROWS[:2])
    imp = services.initiative_import
    first = imp.import_file(path, world.campaign.id)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = imp.import_file(path, world.campaign.id)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = [list(ROWS[0]), list(ROWS[1])]
    changed[0][6] = "2.000.000"
    imp.import_file(official_sheet(tmp_path / "ds2.xlsx", changed), world.campaign.id)
    assert services.initiatives.count(ListQuery(campaign_id=world.campaign.id)) == 2
    hit = services.initiatives.search("don tre", world.campaign.id).rows[0]
    assert hit.benefit_vnd == 2_000_000
    history = services.initiatives.history(hit.id)
    assert [h.action for h in history] == ["create", "update"]


def test_dry_run_writes_nothing(services, world, tmp_path):
    path = official_sheet(tmp_path / "ds.xlsx", ROWS)
    result = services.initiative_import.import_file(path, world.campaign.id, dry_run=True)
    assert result.created == 2 and len(result.rejected) == 4
    assert services.initiatives.count(ListQuery(campaign_id=world.campaign.id)) == 0


def test_unclear_column_and_unknown_unit_answers_are_remembered(services, world, tmp_path):
    rows = [[*r, "Có áp dụng"] for r in ROWS[2:3]]
    path = official_sheet(tmp_path / "ds.xlsx", rows, extra_header="Tình hình áp dụng")
    imp = services.initiative_import
    sheet = imp.read(path)
    assert [c.header for c in sheet.unclear] == ["Tình hình áp dụng"]
    plan = imp.plan(
        sheet,
        world.campaign.id,
        column_map={sheet.unclear[0].index: "notes"},
        unit_map={"Công ty Mới Lập": world.mine.id},
    )
    assert plan.rejected == () and plan.rows[0].data.unit_id == world.mine.id
    imp.commit(plan)
    # The next file with the same header and unit needs no question.
    sheet2 = imp.read(official_sheet(tmp_path / "ds2.xlsx", rows, "Tình hình áp dụng"))
    assert sheet2.unclear == []
    plan2 = imp.plan(sheet2, world.campaign.id)
    assert [r.action for r in plan2.rows] == ["unchanged"]
    got = services.initiatives.get(services.initiatives.search("tiet kiem", None).rows[0].id)
    assert got.data.notes == "Có áp dụng" and got.data.sector == Sector.ENTERPRISE


def test_not_an_xlsx_file_gets_a_vietnamese_message(services, world, tmp_path):
    from desktop.services.common import ServiceError

    bad = tmp_path / "cu.xls"  # .xls is read (issue #16), but these bytes are no workbook
    bad.write_bytes(b"old")
    with pytest.raises(ServiceError, match=r"Không đọc được tệp Excel 97-2003 \(\.xls\)"):
        services.initiative_import.read(bad)
    letter = tmp_path / "cong-van.docx"
    letter.write_bytes(b"PK")
    with pytest.raises(ServiceError, match=r"không phải bảng tính"):
        services.initiative_import.read(letter)
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ServiceError, match="Không đọc được"):
        services.initiative_import.read(broken)


def test_export_real_dates_numbers_no_formulas_and_it_comes_back_unchanged(
    services, world, tmp_path
):
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][1] = '=HYPERLINK("http://x")'
    imp = services.initiative_import
    imp.import_file(official_sheet(tmp_path / "in.xlsx", rows), world.campaign.id)
    out = tmp_path / "out.xlsx"
    n = export_initiatives(services.initiatives, ListQuery(campaign_id=world.campaign.id), out)
    assert n == 2
    wb = load_workbook(out)
    ws = wb.active
    assert [c.value for c in ws[1]][:4] == ["STT", "Tên sáng kiến", "Tác giả", "Đơn vị"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    by_title = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    formula_row = by_title['=HYPERLINK("http://x")']
    assert ws.cell(formula_row, 2).data_type == "s"
    r = by_title["Sáng kiến cải tiến quy trình đón trẻ"]
    assert ws.cell(r, 7).value == dt.datetime(2022, 1, 10)
    assert ws.cell(r, 7).number_format == "dd/mm/yyyy"
    assert ws.cell(r, 8).value == 1_500_000 and "##0" in ws.cell(r, 8).number_format
    # An exported list is a valid list to import: nothing new comes in.
    back = imp.import_file(out, world.campaign.id)
    assert (back.created, back.unchanged, back.rejected) == (0, 2, ())
