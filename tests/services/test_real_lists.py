"""Lists as offices really keep them (issue #16, items 1, 2, 3 and 6), in every format.

The same district workbook (tools/list_samples.py) as .xlsx written by openpyxl, and as .xls
and .ods saved by LibreOffice: the samples committed under tests/data/lists/ (no LibreOffice
needed), and, where LibreOffice is installed, converted afresh in the test. Each must give
what the person sees: the sheets offered (not the hidden one), every column of the two-row
header offered and recognised, the numbering and total rows skipped with their reason, the
initiatives with the right titles and authors, the old TCVN3 name converted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.cli import main as cli_main
from desktop.models import UnitKind
from desktop.services.campaigns.quota_table import read_table
from desktop.services.common import ServiceError
from desktop.services.initiatives.excel_layout import is_numbering, skip_reason
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.units.excel_list import read_unit_list
from support.initiative_fixtures import build_world
from tools.list_samples import (
    DATA,
    FAR_NAME,
    LIST_NAME,
    QUOTA_NAME,
    UNITS_NAME,
    build_initiative_list,
    build_quota_table,
    build_unit_list,
    convert,
)

HEADERS = [
    "STT",
    "Tên sáng kiến",
    "Tác giả - Họ tên",
    "Tác giả - Chức vụ",
    "Tác giả - Nơi công tác",
    "Đơn vị",
    "Lĩnh vực",
    "Giá trị làm lợi (đồng)",
    "Ngày áp dụng",
]
TARGETS = ["stt", "title", "authors", "job_title", "workplace", "unit", "field", "benefit",
           "applied_on"]  # fmt: skip
FIRST_TITLES = [
    "Sổ theo dõi sức khỏe học sinh bán trú",
    "Cải tiến máng dẫn nước làm mát tổ máy",
    "Phần mềm quản lý thư viện trường",
]
ROOT = Path(__file__).resolve().parents[2]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FORMATS = [
    "xlsx",
    "xls",
    "ods",
    pytest.param(
        "xls-fresh",
        marks=pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed"),
    ),
    pytest.param(
        "ods-fresh",
        marks=pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed"),
    ),
]


def sample(kind: str, tmp_path: Path, name: str = LIST_NAME) -> Path:
    """The sample in the format ``kind``: "xlsx" written now, "xls"/"ods" the committed
    files, "xls-fresh"/"ods-fresh" converted by LibreOffice now."""
    build = {LIST_NAME: build_initiative_list, QUOTA_NAME: build_quota_table}.get(
        name, build_unit_list
    )
    if kind == "xlsx":
        return build(tmp_path / f"{name}.xlsx")
    if kind.endswith("-fresh"):
        source = build(tmp_path / f"{name}.xlsx")
        return convert(source, kind.split("-")[0], tmp_path)
    path = DATA / f"{name}.{kind}"
    assert path.exists(), f"{path} missing: run python -m tools.list_samples"
    return path


@pytest.fixture
def world(services):
    return build_world(services)


@pytest.mark.parametrize("kind", FORMATS)
def test_a_real_list_is_read_in_every_format(kind, sqlite_store, tmp_path):
    services = Services.over(sqlite_store)
    world = build_world(services)
    imp = services.initiative_import
    sheet = imp.read(sample(kind, tmp_path))
    # The first visible sheet; the hidden one is neither read nor offered, and is named.
    assert sheet.sheet_name == "Đợt 1"
    assert sheet.sheets == ("Đợt 1", "Đợt 2")
    assert sheet.hidden_sheets == ("Cũ 2020",) and "«Cũ 2020»" in sheet.sheet_note
    # The two-row header: every sub-column offered, and recognised.
    assert sheet.header_text == "5-6"
    assert [c.header for c in sheet.columns] == HEADERS
    assert [c.target for c in sheet.columns] == TARGETS
    assert sheet.converted_cells == 1  # the TCVN3 name: by its font (.xlsx) or its look
    plan = imp.plan(sheet, world.campaign.id)
    assert [(r.row_number, r.data.title) for r in plan.rows] == list(
        zip([8, 9, 10], FIRST_TITLES, strict=True)
    )
    # The numbering row and the total row are skipped, with the reason; not rejected.
    skipped = {k.row_number: k for k in sheet.skipped}
    assert set(skipped) == {7, 12}
    assert "đánh số thứ tự các cột" in skipped[7].reason
    assert skipped[7].text.startswith("(1) | (2) | (3)")
    assert "Tổng cộng" in skipped[12].reason and "26.500.000" in skipped[12].text
    assert [(r.row_number, r.title) for r in plan.rejected] == [
        (11, "Giải pháp tiết kiệm điện văn phòng")
    ]
    assert "Công ty Mới Lập" in plan.rejected[0].reason

    result = imp.commit(plan)
    assert (result.created, len(result.rejected), len(result.skipped)) == (3, 1, 2)
    found = {
        r.title: services.initiatives.get(r.id)
        for r in services.initiatives.rows_slice(ListQuery(campaign_id=world.campaign.id), 0, 9)
    }
    assert set(found) == set(FIRST_TITLES)
    first = found[FIRST_TITLES[0]].data
    assert [(a.full_name, a.job_title, a.workplace) for a in first.authors] == [
        ("Nguyễn Thị Hoa", "Giáo viên", "Trường Tiểu học Bản Bo")
    ]
    assert first.benefit_vnd == 1_500_000 and first.applied_on == dt.date(2022, 1, 10)
    second = found[FIRST_TITLES[1]].data
    assert second.authors[0].full_name == "Nguyễn Văn A"  # from TCVN3
    assert second.benefit_vnd == 25_000_000 and second.applied_on == dt.date(2022, 3, 5)
    assert second.unit_id == world.mine.id
    third = found[FIRST_TITLES[2]].data
    assert [a.full_name for a in third.authors] == ["Lò Văn Bình", "Vàng Thị Dế"]
    assert third.applied_on == dt.date(2022, 2, 15)


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_another_sheet_is_read_when_chosen_and_a_hidden_one_never(kind, sqlite_store, tmp_path):
    services = Services.over(sqlite_store)
    world = build_world(services)
    imp = services.initiative_import
    path = sample(kind, tmp_path)
    sheet = imp.read(path, "Đợt 2")
    assert sheet.sheet_name == "Đợt 2" and sheet.header_text == "1"
    assert [(k.row_number, "đánh số" in k.reason) for k in sheet.skipped] == [(2, True), (5, False)]
    assert "«Cộng»" in sheet.skipped[1].reason
    plan = imp.plan(sheet, world.campaign.id)
    assert [r.data.title for r in plan.rows] == [
        "Sổ tay an toàn điện cho công nhân mới",
        "Góc học tập xanh cho học sinh",
    ]
    assert plan.rejected == ()
    with pytest.raises(ServiceError, match=r"«Cũ 2020».*đang ẩn"):
        imp.read(path, "Cũ 2020")
    with pytest.raises(ServiceError, match=r"không có trang tính «Đợt 3».*«Đợt 1», «Đợt 2»"):
        imp.read(path, "Đợt 3")


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_the_quota_table_is_read_in_every_format(kind, tmp_path):
    table = read_table(sample(kind, tmp_path, QUOTA_NAME))
    assert table.headers == ("Tên đơn vị", "Giai đoạn 1", "Giai đoạn 2")
    assert [(r[0], int(r[1]), int(r[2])) for r in table.rows] == [
        ("Công đoàn cơ sở Trường Tiểu học Bản Bo", 3, 5),
        ("CĐCS Công ty Thủy điện Nậm Đích", 4, 6),
    ]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_the_unit_list_is_read_in_every_format_old_fonts_converted(kind, tmp_path):
    preview = read_unit_list(sample(kind, tmp_path, UNITS_NAME))
    assert preview.problems == []
    assert [(r.row, r.name, r.kind, r.parent) for r in preview.rows] == [
        (4, "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE, None),
        (5, "Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT,
         "Liên đoàn Lao động tỉnh Lai Châu"),  # typed in TCVN3: by its font or its look
        (6, "Công đoàn cơ sở Trường Tiểu học Bản Bo", UnitKind.GRASSROOTS,
         "Liên đoàn Lao động huyện Tam Đường"),
    ]  # fmt: skip


def test_the_command_line_reads_the_sheet_named(tmp_path, capsys):
    db = tmp_path / "sangkien.db"
    store = open_store(str(db))
    build_world(Services.over(store))
    store.close()
    path = str(DATA / f"{LIST_NAME}.ods")
    args = ["initiatives", "import", path, "--campaign", "01TRIEU", "--db", str(db)]
    assert cli_main([*args, "--sheet", "Đợt 2", "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["sheet"], out["created"], out["rejected"]) == ("Đợt 2", 2, [])
    assert [k["row"] for k in out["skipped"]] == [2, 5]
    assert cli_main(args) == 0  # no --sheet: the first visible sheet
    said = capsys.readouterr().out
    assert "Trang tính: Đợt 1" in said and "Đã thêm 3" in said
    assert "Bỏ qua 2 dòng không phải sáng kiến" in said and "dòng 12: Dòng «Tổng cộng»" in said
    assert cli_main([*args, "--sheet", "Cũ 2020"]) != 0
    assert "đang ẩn" in capsys.readouterr().err


def test_what_is_and_is_not_a_row_to_skip():
    assert is_numbering(["(1)", "(2)", "(3)", "(4)"]) and is_numbering([1, 2.0, 3, ""])
    assert is_numbering(["A", "B", "C"]) and is_numbering(["[1]", "[2]", "[3]"])
    assert not is_numbering([1, 2]) and not is_numbering(["(1)", "(3)", "(2)"])
    assert not is_numbering([1, "Sáng kiến", 3])
    header = [["STT", "Tên sáng kiến", "Tác giả"]]
    for total in ("Tổng cộng", "TỔNG CỘNG:", "Cộng", "Tổng số: 12 sáng kiến", "Tổng"):
        assert skip_reason([total, "", 3_000_000], header), total
    # A title that begins like a total is an initiative.
    assert skip_reason(["Cộng đồng học tập số", "Lò Văn A"], header) is None
    assert skip_reason([1, "Tổng hợp số liệu nhanh", "Lò Văn A"], header) is None
    assert skip_reason(["STT", "Tên sáng kiến", "Tác giả"], header)  # the header again


def test_a_list_that_is_a_web_page_or_not_a_sheet_is_refused_clearly(services, world, tmp_path):
    page = tmp_path / "xuat-tu-web.xls"
    page.write_text("<html><table><tr><td>STT</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(ServiceError, match=r"trang web \(HTML\)"):
        services.initiative_import.read(page)
    renamed = build_initiative_list(tmp_path / "doi-ten.xlsx").rename(tmp_path / "doi-ten.xls")
    with pytest.raises(ServiceError, match=r"thực ra là tệp Excel \.xlsx"):
        services.initiative_import.read(renamed)
    old = shutil.copy(DATA / f"{LIST_NAME}.xls", tmp_path / "cu-doi-ten.xlsx")
    assert services.initiative_import.read(old).sheet_name == "Đợt 1"  # by content


def _hand_made_ods(path: Path, rows_xml: str, hidden_first: bool = False) -> Path:
    """An .ods written by hand (a zip of XML, as the OpenDocument standard says): one sheet
    «Danh sách» whose rows are ``rows_xml``, after a hidden sheet «Cũ» if asked."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    styles = (
        '<style:style style:name="ta1" style:family="table"><style:table-properties '
        'table:display="true"/></style:style><style:style style:name="ta2" '
        'style:family="table"><style:table-properties table:display="false"/></style:style>'
    )
    old = (
        '<table:table table:name="Cũ" table:style-name="ta2"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>Tên sáng kiến</text:p>'
        "</table:table-cell></table:table-row></table:table>"
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        f'office:version="1.2"><office:automatic-styles>{styles}</office:automatic-styles>'
        f"<office:body><office:spreadsheet>{old if hidden_first else ''}"
        f'<table:table table:name="Danh sách" table:style-name="ta1">{rows_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def _cells(*texts: str) -> str:
    return (
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
            for t in texts
        )
        + "</table:table-row>"
    )


def test_a_hand_made_ods_is_read_and_its_hidden_sheet_passed_over(services, world, tmp_path):
    path = _hand_made_ods(
        tmp_path / "tu-viet.ods",
        _cells("STT", "Tên sáng kiến", "Tác giả", "Đơn vị")
        + _cells("1", "Sáng kiến viết tay", "Lò Văn A", world.school.name),
        hidden_first=True,
    )
    sheet = services.initiative_import.read(path)
    assert (sheet.sheet_name, sheet.sheets, sheet.hidden_sheets) == (
        "Danh sách",
        ("Danh sách",),
        ("Cũ",),
    )
    plan = services.initiative_import.plan(sheet, world.campaign.id)
    assert [(r.data.title, r.data.authors[0].full_name) for r in plan.rows] == [
        ("Sáng kiến viết tay", "Lò Văn A")
    ]


FAR_ODS = {
    # 200 values on a row repeated to Excel's last row (210 million cells), and a cell
    # in column 1024.
    "rows": _cells("STT", "Tên sáng kiến")
    + '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
    'table:number-columns-repeated="200" office:value-type="float" office:value="1">'
    "<text:p>1</text:p></table:table-cell></table:table-row>",
    "cols": _cells("STT", "Tên sáng kiến")
    + '<table:table-row><table:table-cell table:number-columns-repeated="1023"/>'
    '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
    "</table:table-row>",
}


@pytest.mark.parametrize("reader", ["initiatives", "quotas", "units"])
@pytest.mark.parametrize("far", [*sorted(FAR_ODS), "xls"])
def test_a_far_cell_in_an_xls_or_ods_is_refused_before_calamine_reads_it(tmp_path, reader, far):
    """calamine builds every sheet of an .xls or .ods when it opens it, up to its furthest
    value (an .xls with one cell at IV65536 made it abort in 800 MB): in a process limited to
    800 MB, the file must be refused, naming the sheet, not read."""
    if far == "xls":
        path = DATA / f"{FAR_NAME}.xls"  # saved by LibreOffice (tools/list_samples.py)
    else:
        path = _hand_made_ods(tmp_path / "xa.ods", FAR_ODS[far])
    assert path.stat().st_size < 6000
    readers = {
        "initiatives": "from desktop.services.initiatives.excel_sheet import read_sheet as read",
        "quotas": "from desktop.services.campaigns.quota_table import read_table as read",
        "units": "from desktop.services.units.excel_list import read_unit_list as read",
    }
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (800 << 20, 800 << 20))\n"
        f"{readers[reader]}\n"
        "from pathlib import Path\n"
        "from desktop.services.common import ServiceError\n"
        "try:\n    read(Path(sys.argv[1]))\n"
        "except ServiceError as exc:\n    print('REFUSED', exc)\n"
        "else:\n    print('READ')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("REFUSED") and "«Danh sách»" in done.stdout, done.stdout
    assert "quá lớn để đọc" in done.stdout


def test_a_two_row_header_typed_without_merging_is_read_whole(services, world, tmp_path):
    """Some offices type the two header rows without merging, under a merged title."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "DANH SÁCH SÁNG KIẾN"
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["STT", "Tên sáng kiến", "Tác giả", None, "Đơn vị", "Ngày áp dụng"])
    ws.append([None, None, "Họ và tên", "Chức vụ", None, None])
    ws.append([1, "Sáng kiến gõ tay", "Lò Văn A", "Thợ điện", world.mine.name, "01/03/2022"])
    path = tmp_path / "khong-gop.xlsx"
    wb.save(path)
    sheet = services.initiative_import.read(path)
    assert sheet.header_text == "3-4"
    assert [(c.header, c.target) for c in sheet.columns][2:4] == [
        ("Tác giả - Họ và tên", "authors"),
        ("Tác giả - Chức vụ", "job_title"),
    ]
    plan = services.initiative_import.plan(sheet, world.campaign.id)
    author = plan.rows[0].data.authors[0]
    assert (author.full_name, author.job_title) == ("Lò Văn A", "Thợ điện")


def test_all_sheets_with_the_same_header_come_in_in_one_go(tmp_path, capsys):
    """One sheet per sector with the same columns; a sheet of another layout and a hidden
    one are not read; an initiative repeated on the second sheet is refused, naming both."""
    db = tmp_path / "sangkien.db"
    store = open_store(str(db))
    world = build_world(Services.over(store))
    store.close()
    header = ["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Ngày áp dụng"]
    wb = Workbook()
    for title, rows in (
        ("Khối DN", [[1, "Sổ tay an toàn điện", "Mùa A Sử", world.mine.name, "01/04/2022"]]),
        ("Khối HCSN", [
            [1, "Góc học tập xanh", "Đỗ Thị Lan", world.school.name, "20/04/2022"],
            [2, "Sổ tay an toàn điện", "Mùa A Sử", world.mine.name, "01/04/2022"],
        ]),
    ):  # fmt: skip
        ws = wb.create_sheet(title)
        ws.append(header)
        ws.append([1, 2, 3, 4, 5])
        for r in rows:
            ws.append(r)
    other = wb.create_sheet("Tổng hợp")
    other.append(["STT", "Tên sáng kiến", "Đơn vị", "Số tác giả"])
    hidden = wb.create_sheet("Cũ")
    hidden.append(header)
    hidden.append([1, "Sáng kiến cũ", "Ai Đó", world.school.name, "01/01/2021"])
    hidden.sheet_state = "hidden"
    del wb["Sheet"]
    path = tmp_path / "theo-khoi.xlsx"
    wb.save(path)
    args = ["initiatives", "import", str(path), "--campaign", "01TRIEU", "--db", str(db)]
    assert cli_main([*args, "--all-sheets", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sheet"] == "Khối DN, Khối HCSN" and out["created"] == 2
    assert out["sheets_left_out"] == ["«Tổng hợp» (các cột khác trang «Khối DN»)"]
    assert [(r["row"], r["reason"]) for r in out["rejected"]] == [
        (4, "Trang «Khối HCSN»: trùng với dòng 3 của trang «Khối DN» (cùng tên sáng kiến và "
            "đơn vị).")
    ]  # fmt: skip
    assert [k["reason"].split(":")[0] for k in out["skipped"]] == [
        "Trang «Khối DN»",
        "Trang «Khối HCSN»",
    ]
    services = Services.over(store := open_store(str(db)))
    titles = {
        r.title
        for r in services.initiatives.rows_slice(ListQuery(campaign_id=world.campaign.id), 0, 9)
    }
    store.close()
    assert titles == {"Sổ tay an toàn điện", "Góc học tập xanh"}
    assert cli_main([*args, "--all-sheets", "--sheet", "Khối DN"]) != 0
    assert "--sheet hoặc --all-sheets" in capsys.readouterr().err


def test_a_damaged_xls_is_refused_as_damaged_not_as_too_big(services, world, tmp_path):
    """The .xls pre-scan only guards: a structure it does not understand is left to calamine,
    which says the file is damaged."""
    broken = tmp_path / "hong.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ServiceError, match=r"Không đọc được tệp Excel 97-2003 \(\.xls\)"):
        services.initiative_import.read(broken)
    cut = tmp_path / "cat-cut.xls"  # a real .xls cut in half (a broken download)
    cut.write_bytes((DATA / f"{LIST_NAME}.xls").read_bytes()[:5000])
    with pytest.raises(ServiceError, match=r"Không đọc được tệp Excel 97-2003 \(\.xls\)"):
        services.initiative_import.read(cut)
