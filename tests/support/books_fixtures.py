"""A province with two unions that do not run the program yet: its unit list and the
initiative lists the unions send by e-mail, as real .xlsx files (issue "Who keeps the books")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from desktop.services.units.excel_list import HEADERS

AS_OF = dt.date(2026, 12, 1)
BL, TP = "LC-XBL", "LC-PTP"  # Công đoàn xã Bình Lư, Công đoàn phường Tân Phong
BL_SCHOOLS = ("CĐCS Trường Tiểu học Bình Lư", "CĐCS Trạm Y tế xã Bình Lư", "CĐCS UBND xã Bình Lư")
TP_SCHOOLS = ("CĐCS Trường THCS Tân Phong", "CĐCS Bệnh viện Đa khoa tỉnh")

UNIT_ROWS = [
    ("LC", "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ tỉnh Lai Châu", "", "", ""),
    (BL, "Công đoàn xã Bình Lư", "CĐ xã Bình Lư", "", "LC", ""),
    (TP, "Công đoàn phường Tân Phong", "CĐ phường Tân Phong", "", "LC", ""),
    *((f"{BL}-{i}", name, "", "", BL, "") for i, name in enumerate(BL_SCHOOLS, start=1)),
    *((f"{TP}-{i}", name, "", "", TP, "") for i, name in enumerate(TP_SCHOOLS, start=1)),
]


def units_file(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(list(HEADERS))
    for row in UNIT_ROWS:
        ws.append(list(row))
    wb.save(path)
    return path


def initiative_list(path: Path, union: str, rows: list[tuple[str, str, str]]) -> Path:
    """The list a union sends by e-mail: title rows, a header, one row per initiative."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = union.upper()
    ws["A3"] = "DANH SÁCH SÁNG KIẾN ĐĂNG KÝ NĂM 2026"
    header = ["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Lĩnh vực", "Ngày áp dụng"]
    for c, h in enumerate(header, start=1):
        ws.cell(row=5, column=c, value=h)
    for r, (title, author, unit) in enumerate(rows, start=6):
        for c, v in enumerate(
            (r - 5, title, author, unit, "Kinh tế - xã hội", "15/03/2026"), start=1
        ):
            ws.cell(row=r, column=c, value=v)
    wb.save(path)
    return path


BL_LIST = [
    ("Số hoá hồ sơ học sinh tiểu học", "Lò Thị Hoa", BL_SCHOOLS[0]),
    ("Sổ tiêm chủng điện tử cho trạm y tế", "Tao Văn Nam", BL_SCHOOLS[1]),
    ("Một cửa liên thông cấp xã trên máy tính bảng", "Vàng A Sử", BL_SCHOOLS[2]),
    ("Bảng điểm danh bằng mã QR", "Lò Văn Quang", BL_SCHOOLS[0]),
]
TP_LIST = [
    ("Ngân hàng câu hỏi trắc nghiệm môn Toán", "Nguyễn Thị Lan", TP_SCHOOLS[0]),
    ("Phần mềm xếp lịch trực khoa Cấp cứu", "Trần Văn Dũng", TP_SCHOOLS[1]),
]
