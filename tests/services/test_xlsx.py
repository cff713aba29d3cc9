"""The Excel writer: real dates and numbers, Vietnamese formats, no formula injection."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from desktop.services.common import ServiceError
from desktop.services.xlsx import INTEGER_FORMAT, Column, new_workbook, save_workbook, write_table


def test_dates_and_amounts_are_real_values_with_vietnamese_formats(tmp_path):
    wb, ws = new_workbook("Danh sách")
    write_table(
        ws,
        [Column("Tên sáng kiến"), Column("Ngày áp dụng"), Column("Giá trị làm lợi")],
        [["Sáng kiến A", dt.date(2022, 1, 5), 1_500_000]],
    )
    path = tmp_path / "a.xlsx"
    save_workbook(wb, path)
    ws = load_workbook(path).active
    assert ws["B2"].value == dt.datetime(2022, 1, 5)
    assert ws["B2"].number_format == "dd/mm/yyyy"
    assert ws["C2"].value == 1_500_000 and ws["C2"].number_format == INTEGER_FORMAT
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C2"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tx"])
def test_text_that_looks_like_a_formula_stays_text(tmp_path, text):
    wb, ws = new_workbook("x")
    write_table(ws, [Column("Ghi chú")], [[text]])
    path = tmp_path / "f.xlsx"
    save_workbook(wb, path)
    cell = load_workbook(path).active["A2"]
    assert cell.data_type == "s" and cell.value == text


def test_each_cell_keeps_its_own_format_down_a_long_column(tmp_path):
    """Cells of a column share a style only when their format is the same: a whole number,
    an amount with decimals, a date, text and formula-looking text mixed in one column each
    keep theirs, however many rows come before."""
    values = [1_500_000, 2.5, dt.date(2023, 3, 1), "văn bản", "=1+1", None] * 400
    wb, ws = new_workbook("x")
    write_table(ws, [Column("Cột", wrap=True)], [[v] for v in values])
    path = tmp_path / "mix.xlsx"
    save_workbook(wb, path)
    ws = load_workbook(path).active
    for i in (0, len(values) - 6):  # the first of each kind and the last block
        r = i + 2
        assert ws.cell(r, 1).number_format == INTEGER_FORMAT
        assert ws.cell(r + 1, 1).number_format == "0.0"
        assert ws.cell(r + 2, 1).number_format == "dd/mm/yyyy"
        assert ws.cell(r + 3, 1).number_format == "General"
        formula = ws.cell(r + 4, 1)
        assert formula.data_type == "s" and formula.value == "=1+1" and formula.quotePrefix
        assert not ws.cell(r + 3, 1).quotePrefix
        assert ws.cell(r + 3, 1).alignment.wrap_text and ws.cell(r, 1).border.left.style


def test_a_file_that_cannot_be_written_keeps_the_old_one(tmp_path, monkeypatch):
    path = tmp_path / "cu.xlsx"
    path.write_bytes(b"old")
    wb, _ = new_workbook("x")

    def refuse(self, filename):
        raise PermissionError(13, "denied")

    monkeypatch.setattr(type(wb), "save", refuse)
    with pytest.raises(ServiceError, match="đang mở trong Excel"):
        save_workbook(wb, path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cu.xlsx"]
