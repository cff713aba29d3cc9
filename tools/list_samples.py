"""Sample lists as offices keep them, for the tests of reading real lists (issue #16).

:func:`build_initiative_list` writes, with openpyxl, the kind of workbook a district office
sends: a hidden sheet with last year's list, then «Đợt 1» with title rows, a header of two
rows ("Tác giả" merged over "Họ tên | Chức vụ | Nơi công tác"), the numbering row
"(1) … (9)", a name typed with an old TCVN3 font, a row that cannot come in and a «Tổng cộng»
row; then «Đợt 2» with a one-row header, the numbering row "1 2 3 …" and a «Cộng» row.
:func:`build_quota_table` writes a small quota table, :func:`build_unit_list` a unit list
with a name in TCVN3, :func:`build_far_cell` a list with a stray cell at IV65536.

``python -m tools.list_samples`` makes the .xlsx files and converts them with LibreOffice
(``soffice --headless --convert-to xls|ods``) into ``tests/data/lists/``: the .xls and .ods
there are real files saved by a real spreadsheet program, committed so that the tests do not
need LibreOffice. Run it again after changing the samples here. The names are invented.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "lists"
LIST_NAME = "danh-sach-sang-kien"
QUOTA_NAME = "chi-tieu"
UNITS_NAME = "danh-sach-don-vi"
FAR_NAME = "o-lac-xa"  # a list with one stray cell at IV65536, Excel 97-2003's last cell
# "Liên đoàn Lao động huyện Tam Đường" typed with the .VnTime font.
TCVN3_DISTRICT = "Li\xaan \xaeo\xb5n Lao \xae\xe9ng huy\xd6n Tam \xa7\xadêng"

SCHOOL = "Công đoàn cơ sở Trường Tiểu học Bản Bo"
MINE = "CĐCS Công ty Thủy điện Nậm Đích"
TCVN3_NAME = "NguyÔn V¨n A"  # "Nguyễn Văn A" typed with the .VnTime font

# «Đợt 1», below its two header rows and the numbering row (from row 8).
FIRST_ROWS: list[list[object]] = [
    [1, "Sổ theo dõi sức khỏe học sinh bán trú", "Nguyễn Thị Hoa", "Giáo viên",
     "Trường Tiểu học Bản Bo", SCHOOL, "Phòng, chống dịch", "1.500.000", dt.date(2022, 1, 10)],
    [2, "Cải tiến máng dẫn nước làm mát tổ máy", TCVN3_NAME, "Tổ trưởng",
     "Phân xưởng vận hành", MINE, "Kinh tế - xã hội", 25_000_000, dt.date(2022, 3, 5)],
    [3, "Phần mềm quản lý thư viện trường", "Lò Văn Bình, Vàng Thị Dế", "", "",
     SCHOOL, "Kinh tế - xã hội", "", "15/02/2022"],
    [4, "Giải pháp tiết kiệm điện văn phòng", "Đỗ Văn Tâm", "Kế toán", "",
     "Công ty Mới Lập", "", "", "01/02/2022"],
]  # fmt: skip
SECOND_ROWS: list[list[object]] = [
    [1, "Sổ tay an toàn điện cho công nhân mới", "Mùa A Sử", MINE, "Kinh tế - xã hội",
     "01/04/2022"],
    [2, "Góc học tập xanh cho học sinh", "Đỗ Thị Lan", SCHOOL, "Kinh tế - xã hội", "20/04/2022"],
]  # fmt: skip


def build_initiative_list(path: Path) -> Path:
    """The district's workbook (see the module's text), saved as .xlsx at ``path``."""
    wb = Workbook()
    old = wb.active
    assert old is not None
    old.title = "Cũ 2020"
    old.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị"])
    old.append([1, "Sáng kiến của năm trước", "Ai Đó", SCHOOL])
    old.sheet_state = "hidden"
    _first_sheet(wb.create_sheet("Đợt 1"))
    second = wb.create_sheet("Đợt 2")
    second.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Lĩnh vực", "Ngày áp dụng"])
    second.append([1, 2, 3, 4, 5, 6])  # the numbering row, as numbers
    for row in SECOND_ROWS:
        second.append(row)
    second.append(["Cộng", "", "", "", "", ""])
    wb.active = 1
    wb.save(path)
    return path


def _first_sheet(ws: object) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    ws["A1"] = "LIÊN ĐOÀN LAO ĐỘNG HUYỆN TAM ĐƯỜNG"
    ws["A3"] = "DANH SÁCH SÁNG KIẾN ĐĂNG KÝ ĐỢT 1 NĂM 2022"
    ws.merge_cells("A3:I3")
    upper = ["STT", "Tên sáng kiến", "Tác giả", "", "", "Đơn vị", "Lĩnh vực",
             "Giá trị làm lợi (đồng)", "Ngày áp dụng"]  # fmt: skip
    lower = ["", "", "Họ tên", "Chức vụ", "Nơi công tác", "", "", "", ""]
    for c, (top, below) in enumerate(zip(upper, lower, strict=True), start=1):
        ws.cell(row=5, column=c, value=top or None).font = Font(bold=True)
        ws.cell(row=6, column=c, value=below or None).font = Font(bold=True)
        ws.cell(row=5, column=c).alignment = Alignment(horizontal="center", wrap_text=True)
    ws.merge_cells("C5:E5")
    for col in "ABFGHI":
        ws.merge_cells(f"{col}5:{col}6")
    for c in range(1, 10):
        ws.cell(row=7, column=c, value=f"({c})").alignment = Alignment(horizontal="center")
    for r, values in enumerate(FIRST_ROWS, start=8):
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v if v != "" else None)
            if v == TCVN3_NAME:
                cell.font = Font(name=".VnTime")
            if isinstance(v, dt.date):
                cell.number_format = "dd/mm/yyyy"
    total = 8 + len(FIRST_ROWS)
    ws.cell(row=total, column=1, value="Tổng cộng").font = Font(bold=True)
    ws.merge_cells(f"A{total}:B{total}")
    ws.cell(row=total, column=8, value=26_500_000)


def build_quota_table(path: Path) -> Path:
    """A quota table: a title row, then the units and their figures for two periods."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Chỉ tiêu"
    ws.append(["BẢNG GIAO CHỈ TIÊU SÁNG KIẾN"])
    ws.append(["Tên đơn vị", "Giai đoạn 1", "Giai đoạn 2"])
    ws.append([SCHOOL, 3, 5])
    ws.append([MINE, 4, 6])
    wb.save(path)
    return path


def build_unit_list(path: Path) -> Path:
    """A unit list under title rows, a district's name typed with the old .VnTime font."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Đơn vị"
    ws.append(["DANH SÁCH CÁC ĐƠN VỊ TRỰC THUỘC"])
    ws.append([])
    ws.append(["STT", "Tên đơn vị", "Loại", "Đơn vị cấp trên", "Khối"])
    ws.append([1, "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ tỉnh", "", ""])
    ws.append([2, TCVN3_DISTRICT, "LĐLĐ huyện", "Liên đoàn Lao động tỉnh Lai Châu", ""])
    for cell in ws[ws.max_row][1:2]:
        cell.font = Font(name=".VnTime")
    ws.append([3, SCHOOL, "", "Liên đoàn Lao động huyện Tam Đường", "Hành chính sự nghiệp"])
    wb.save(path)
    return path


def build_far_cell(path: Path) -> Path:
    """A small list with one stray value at IV65536 (the last cell an .xls can hold)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh sách"
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị"])
    ws.append([1, "Sáng kiến", "Lò Văn A", SCHOOL])
    ws["IV65536"] = "x"
    wb.save(path)
    return path


def convert(source: Path, fmt: str, folder: Path) -> Path:
    """``source`` saved by LibreOffice as ``fmt`` ("xls" or "ods") into ``folder``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", fmt, "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    out = folder / f"{source.stem}.{fmt}"
    if not out.exists():
        raise RuntimeError(f"soffice did not write {out}")
    return out


def main() -> int:
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sources = [
            build_initiative_list(Path(tmp) / f"{LIST_NAME}.xlsx"),
            build_quota_table(Path(tmp) / f"{QUOTA_NAME}.xlsx"),
            build_unit_list(Path(tmp) / f"{UNITS_NAME}.xlsx"),
            build_far_cell(Path(tmp) / f"{FAR_NAME}.xlsx"),
        ]
        for source in sources:
            for fmt in ("xls",) if source.stem == FAR_NAME else ("xls", "ods"):
                out = convert(source, fmt, DATA)
                print(f"{out.relative_to(ROOT)}: {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
