"""A person's Excel file is checked before it is read (services/xlsx_guard.choose_sheet): a cell
far away no longer aborts the program, and a hidden sheet is never read without saying so.
Every reader goes through it: initiatives, quotas, unit lists."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from desktop.services.campaigns.quota_table import read_table
from desktop.services.common import ServiceError
from desktop.services.initiatives.excel_sheet import read_sheet
from desktop.services.units.excel_list import read_unit_list
from desktop.services.xlsx_guard import MAX_COLS, choose_sheet

ROOT = Path(__file__).resolve().parents[2]
READERS = {
    "initiatives": "from desktop.services.initiatives.excel_sheet import read_sheet as read",
    "quotas": "from desktop.services.campaigns.quota_table import read_table as read",
    "units": "from desktop.services.units.excel_list import read_unit_list as read",
}


def _far_cell(path: Path, dimension: str | None = None) -> Path:
    """A list with one stray cell at XFD1048576 (a 4 KB file); ``dimension``: what the sheet
    claims its size is (a dimension can lie)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị"])
    ws.append([1, "Sáng kiến", "Lò Văn A", "CĐCS Bản Bo"])
    ws["XFD1048576"] = "x"
    wb.save(path)
    if dimension is not None:
        _patch(path, "xl/worksheets/sheet1.xml", rb'<dimension ref="[^"]*"', dimension.encode())
    return path


def _patch(path: Path, member: str, pattern: bytes, replacement: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts[member] = re.sub(pattern, replacement, parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _in_subprocess(reader: str, path: Path) -> subprocess.CompletedProcess[str]:
    """A reader in its own process: if a regression makes it abort, pytest lives on."""
    code = textwrap.dedent(
        f"""
        import sys
        {READERS[reader]}
        from desktop.services.common import ServiceError
        try:
            read(sys.argv[1])
        except ServiceError as exc:
            print("REFUSED", exc)
        else:
            print("READ")
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("dimension", [None, '<dimension ref="A1:D2"'], ids=["true", "lying"])
def test_a_stray_cell_at_xfd1048576_is_refused_quickly_naming_sheet_and_limit(
    tmp_path, reader, dimension
):
    path = _far_cell(tmp_path / "xa.xlsx", dimension)
    assert path.stat().st_size < 8000
    started = time.monotonic()
    done = _in_subprocess(reader, path)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("REFUSED"), done.stdout
    assert "«Danh sách»" in done.stdout
    assert "dòng 1.048.576, cột 16.384" in done.stdout
    assert f"{MAX_COLS} cột" in done.stdout
    assert elapsed < 30  # the interpreter's start-up is most of it


def test_a_far_cell_with_formatting_only_is_no_data_and_is_read(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị"])
    ws.append([1, "Sáng kiến", "Lò Văn A", "CĐCS Bản Bo"])
    ws["XFD1048576"].font = Font(bold=True)  # a style, no value: Excel widens the dimension
    path = tmp_path / "dinh-dang.xlsx"
    wb.save(path)
    choice = choose_sheet(path)
    assert (choice.rows, choice.cols) == (2, 4)
    sheet = read_sheet(path)
    assert [v for v in sheet.rows[0][1] if v != ""][:2] == [1, "Sáng kiến"]


def test_cells_without_references_are_counted_too(tmp_path):
    wb = Workbook()
    wb.active.append(["a"])
    path = tmp_path / "khong-ref.xlsx"
    wb.save(path)
    cells = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(MAX_COLS + 1))
    _patch(path, "xl/worksheets/sheet1.xml", rb"<sheetData>.*</sheetData>",
           b"<sheetData><row>" + cells + b"</row></sheetData>")  # fmt: skip
    with pytest.raises(ServiceError, match=f"cột {MAX_COLS + 1}"):
        choose_sheet(path)


def _hidden_first(path: Path) -> Path:
    """An old list left in a hidden first sheet, the real one visible second."""
    wb = Workbook()
    old = wb.active
    old.title = "Cũ"
    old.append(["Tên đơn vị", "Mã", "Chỉ tiêu"])
    old.append(["Đơn vị cũ đã giải thể", "OLD", 99])
    old.sheet_state = "hidden"
    new = wb.create_sheet("Danh sách")
    new.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Tên đơn vị"])
    new.append([1, "Sáng kiến mới", "Lò Văn A", "CĐCS Bản Bo", "CĐCS Bản Bo"])
    wb.save(path)
    return path


def test_a_hidden_first_sheet_is_passed_over_and_the_preview_says_so(tmp_path):
    path = _hidden_first(tmp_path / "an.xlsx")
    choice = choose_sheet(path)
    assert choice.name == "Danh sách" and choice.hidden == ("Cũ",)
    sheet = read_sheet(path)
    assert sheet.sheet_name == "Danh sách"
    assert sheet.rows[0][1][1] == "Sáng kiến mới"
    assert "Đã đọc trang tính «Danh sách»" in sheet.sheet_note
    assert "Bỏ qua trang tính ẩn «Cũ»" in sheet.sheet_note
    table = read_table(path)
    assert "Bỏ qua trang tính ẩn «Cũ»" in table.source
    assert all("OLD" not in map(str, r) for r in table.rows)
    units = read_unit_list(path)
    assert "Bỏ qua trang tính ẩn «Cũ»" in units.sheet_note
    assert "Đơn vị cũ đã giải thể" not in [r.name for r in units.rows]


def test_a_workbook_with_only_hidden_sheets_is_refused(tmp_path):
    wb = Workbook()
    wb.active.title = "Bí mật"
    wb.active.append(["STT", "Tên sáng kiến"])
    path = tmp_path / "toan-an.xlsx"
    wb.save(path)
    _patch(path, "xl/workbook.xml", rb'state="visible"', b'state="hidden"')
    for read in (read_sheet, read_table, read_unit_list):
        with pytest.raises(ServiceError, match="chỉ có trang tính ẩn \\(«Bí mật»\\)"):
            read(path)


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".xlsb"])
def test_other_spreadsheet_formats_get_a_clear_message(tmp_path, suffix):
    path = tmp_path / f"cu{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(ServiceError, match="Lưu thành"):
        choose_sheet(path)
