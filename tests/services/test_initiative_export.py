"""The list's «Xuất Excel…» as an officer opens the file: every row of the list in its order,
its formats, widths, filter and print setup, on SQLite and PostgreSQL. The rows are streamed
from the store a chunk at a time; the chunks here are tiny so that a short list crosses many.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import update

from desktop.models import DatePrecision, Initiative
from desktop.services.common import ServiceError
from desktop.services.initiatives import excel_export
from desktop.services.initiatives.excel_export import COLUMNS, export_initiatives
from desktop.services.initiatives.listing import ListQuery, SortKey
from desktop.services.initiatives.service import AuthorInput
from desktop.services.xlsx import INTEGER_FORMAT, integer_format
from support.initiative_fixtures import build_world, entry

LONG = (
    "Ứng dụng phần mềm quản lý thiết bị dạy học và theo dõi sửa chữa, bảo dưỡng định kỳ "
    "cho các trường tiểu học vùng cao"
)


@pytest.fixture
def world(services, monkeypatch):
    monkeypatch.setattr(excel_export, "_CHUNK", 2)
    w = build_world(services)
    ini = services.initiatives
    ini.create(entry(w, "Sáng kiến cải tiến quy trình đón trẻ", benefit_vnd=1_500_000))
    ini.create(entry(w, "Đổi mới phương pháp dạy học", authors=(AuthorInput("Đặng Thị Dung"),)))
    ini.create(
        entry(
            w,
            "Giải pháp tiết kiệm điện trong nhà máy",
            unit_id=w.mine.id,
            benefit_vnd=2_500_000_000,
            applied_on=dt.date(2022, 3, 1),
            applied_precision=DatePrecision.MONTH,
        )
    )
    ini.create(entry(w, LONG, benefit_vnd=500))
    ini.create(entry(w, "Bảng chấm công bằng mã QR", unit_id=w.mine.id))
    ini.create(entry(w, "Tủ sách dùng chung", applied_on=None))
    ini.create(entry(w, "Máy sấy chè tiết kiệm điện", unit_id=w.mine.id, benefit_vnd=12_000))
    return w


def _sheet(path):
    return load_workbook(path).active


def _titles(ws) -> list[str]:
    return [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]


def _listed(services, q: ListQuery) -> list[str]:
    return [r.title for r in services.initiatives.rows(services.initiatives.ids(q))]


def test_the_file_holds_the_list_as_shown_with_its_formats(services, world, tmp_path):
    q = ListQuery(campaign_id=world.campaign.id)
    out = tmp_path / "sang-kien.xlsx"
    seen: list[tuple[int, int]] = []
    n = export_initiatives(services.initiatives, q, out, progress=lambda d, t: seen.append((d, t)))
    assert n == 7 and seen[-1] == (7, 7) and len(seen) >= 4  # chunks of two
    ws = _sheet(out)
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    assert all(c.font.b and c.font.name == "Times New Roman" for c in ws[1])
    assert _titles(ws) == _listed(services, q)  # every row, in the list's order
    assert [ws.cell(r, 1).value for r in range(2, 9)] == list(range(1, 8))
    by_title = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}

    # dates as dates shown dd/mm/yyyy; a month known only as its text
    r = by_title["Đổi mới phương pháp dạy học"]
    assert ws.cell(r, 7).value == dt.datetime(2022, 1, 10)
    assert ws.cell(r, 7).number_format == "dd/mm/yyyy"
    assert ws.cell(by_title["Giải pháp tiết kiệm điện trong nhà máy"], 7).value == "03/2022"
    assert ws.cell(by_title["Tủ sách dùng chung"], 7).value is None
    # money with dots between thousands at each magnitude; an empty one still in the grid
    money = {title: ws.cell(row, 8) for title, row in by_title.items()}
    assert money["Sáng kiến cải tiến quy trình đón trẻ"].value == 1_500_000
    assert money["Sáng kiến cải tiến quy trình đón trẻ"].number_format == INTEGER_FORMAT
    big = money["Giải pháp tiết kiệm điện trong nhà máy"]
    assert big.value == 2_500_000_000 and big.number_format == integer_format(2_500_000_000)
    empty = money["Đổi mới phương pháp dạy học"]
    assert empty.value is None and empty.border.left.style == "thin"
    assert ws.cell(r, 4).value == "Công đoàn cơ sở Trường Tiểu học Bản Bo"
    assert ws.cell(r, 9).value == "Đã đăng ký"
    for row in ws.iter_rows(min_row=2):
        assert all(c.font.name == "Times New Roman" and c.border.top.style for c in row)

    # long text wraps, each row as high as its tallest cell: the unit's name takes three
    # lines of its column, the long title four
    assert ws.cell(by_title[LONG], 2).alignment.wrap_text
    assert ws.row_dimensions[by_title["Tủ sách dùng chung"]].height == 3 * 15.75 + 2
    assert ws.row_dimensions[by_title[LONG]].height == 4 * 15.75 + 2

    # widths, frozen header, the filter over every row, printed landscape on the page width
    assert [ws.column_dimensions[chr(65 + i)].width for i in range(9)] == [c.width for c in COLUMNS]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:I8"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)

    # what the program's own import reads (calamine) is the same
    cw = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert [row[1] for row in cw[1:]] == _titles(ws)
    assert cw[by_title["Sáng kiến cải tiến quy trình đón trẻ"] - 1][7] == 1_500_000


@pytest.mark.parametrize(
    "kw",
    [
        dict(sort=SortKey.UNIT, descending=True),  # the sort that joins the units itself
        dict(sort=SortKey.BENEFIT),  # blanks last
        dict(search="tiet kiem"),  # a search, without diacritics
    ],
)
def test_the_file_follows_the_lists_sort_and_search(services, world, tmp_path, kw):
    q = ListQuery(campaign_id=world.campaign.id, **kw)
    out = tmp_path / "ds.xlsx"
    n = export_initiatives(services.initiatives, q, out)
    ws = _sheet(out)
    assert n == services.initiatives.count(q) == ws.max_row - 1
    assert _titles(ws) == _listed(services, q)
    assert ws.auto_filter.ref == f"A1:I{n + 1}"


def test_cancelling_keeps_the_old_file_and_leaves_nothing_behind(services, world, tmp_path):
    out = tmp_path / "ds.xlsx"
    out.write_bytes(b"the list sent last week")
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 2  # «Huỷ» pressed during the third chunk

    q = ListQuery(campaign_id=world.campaign.id)
    with pytest.raises(ServiceError, match="Đã huỷ"):
        export_initiatives(services.initiatives, q, out, cancel=cancel)
    assert out.read_bytes() == b"the list sent last week"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == ["ds.xlsx"]


def test_text_xml_cannot_hold_is_left_out_and_the_rest_kept(services, world, tmp_path):
    """A title pasted from an old Word file can hold control characters, which no .xlsx can
    hold; the export leaves them out instead of failing. &, <, > and spaces stay."""
    with services.store.session_factory.begin() as s:
        s.execute(
            update(Initiative)
            .where(Initiative.title == "Tủ sách dùng chung")
            .values(title=" Tủ sách\x0b dùng chung & <góc đọc> ")
        )
    out = tmp_path / "ds.xlsx"
    export_initiatives(services.initiatives, ListQuery(campaign_id=world.campaign.id), out)
    assert " Tủ sách dùng chung & <góc đọc> " in _titles(_sheet(out))


def test_a_list_longer_than_a_sheet_is_refused_before_anything_is_written(
    services, world, tmp_path, monkeypatch
):
    monkeypatch.setattr(excel_export, "EXCEL_MAX_ROWS", 7)  # a header and six rows
    folder = tmp_path / "out"
    folder.mkdir()
    told = r"có 7 sáng kiến, nhiều hơn .* \(6 dòng\)\. Hãy lọc bớt \(theo đơn vị, giai đoạn"
    with pytest.raises(ServiceError, match=told):
        q = ListQuery(campaign_id=world.campaign.id)
        export_initiatives(services.initiatives, q, folder / "ds.xlsx")
    assert list(folder.iterdir()) == []
