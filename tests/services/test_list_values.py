"""Values as officers write them in their lists: amounts in words of scale, "not determinable",
dates known only to the month or quarter, and date columns that could be month first."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.text.numbers import not_determinable, parse_amount
from desktop.text.partial_dates import (
    DatePrecision,
    format_partial_date,
    is_span_start,
    month_first_check,
    parse_partial_date,
    span_end,
    span_start,
)

M, Q, Y = DatePrecision.MONTH, DatePrecision.QUARTER, DatePrecision.YEAR


@pytest.mark.parametrize(
    ("text", "vnd"),
    [
        ("2,5 triệu", 2_500_000),
        ("2,5 triệu đồng", 2_500_000),
        ("1,2 tỷ", 1_200_000_000),
        ("1,2 tỉ đồng", 1_200_000_000),
        ("500 nghìn", 500_000),
        ("500 ngàn đ", 500_000),
        ("500k", 500_000),
        ("2,5tr", 2_500_000),
        ("1 tỷ 200 triệu", 1_200_000_000),
        ("1 tỷ 200 triệu 500 nghìn đồng", 1_200_500_000),
        ("1.500 triệu", 1_500_000_000),
        ("1,25 nghìn", 1_250),
        ("1.500.000 đồng", 1_500_000),
        ("1.500.000", 1_500_000),
        ("VNĐ 500", 500),
        ("  ", None),
        (2_500_000, 2_500_000),
    ],
)
def test_amounts_read_with_words_of_scale(text, vnd):
    assert parse_amount(text) == vnd


@pytest.mark.parametrize(
    "text", ["khoảng 2 triệu", "triệu", "2 triệu 3 tỷ", "1 tỷ 200", "2 triệu 5", "hai triệu"]
)
def test_amounts_that_cannot_be_read_are_refused_with_a_message(text):
    with pytest.raises(ValueError, match="Không đọc được số"):
        parse_amount(text)


def test_phrases_that_mean_no_amount():
    for text in (
        "Không xác định",
        "không tính được",
        "Chưa xác định được",
        "Không thể tính toán được",
        "không lượng hoá được",
        "Không xác định được bằng tiền",
        "KHÔNG TÍNH ĐƯỢC.",
    ):
        assert not_determinable(text), text
    for text in ("không", "2 triệu", "", None, "Xác định sau"):
        assert not not_determinable(text), text


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("tháng 3/2022", dt.date(2022, 3, 1), M),
        ("Tháng 03 năm 2022", dt.date(2022, 3, 1), M),
        ("03/2022", dt.date(2022, 3, 1), M),
        ("3-2022", dt.date(2022, 3, 1), M),
        ("T12/2021", dt.date(2021, 12, 1), M),
        ("2022-03", dt.date(2022, 3, 1), M),
        ("Quý I/2022", dt.date(2022, 1, 1), Q),
        ("quý IV năm 2021", dt.date(2021, 10, 1), Q),
        ("Quý 2/2022", dt.date(2022, 4, 1), Q),
        ("Q3/2022", dt.date(2022, 7, 1), Q),
        ("năm 2022", dt.date(2022, 1, 1), Y),
        ("2022", dt.date(2022, 1, 1), Y),
        ("05/03/2022", dt.date(2022, 3, 5), None),
        ("2022-03-05", dt.date(2022, 3, 5), None),
        (dt.date(2022, 3, 5), dt.date(2022, 3, 5), None),
    ],
)
def test_partial_dates_keep_their_precision(text, day, precision):
    assert parse_partial_date(text) == (day, precision)


@pytest.mark.parametrize("text", ["13/2022", "Quý V/2022", "tháng ba 2022", "31/02/2022", "abc"])
def test_what_is_no_date_is_still_refused(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_spans_and_how_they_are_shown():
    assert span_end(dt.date(2022, 2, 1), M) == dt.date(2022, 2, 28)
    assert span_end(dt.date(2024, 2, 1), M) == dt.date(2024, 2, 29)
    assert span_end(dt.date(2022, 10, 1), Q) == dt.date(2022, 12, 31)
    assert span_end(dt.date(2022, 1, 1), Y) == dt.date(2022, 12, 31)
    assert span_end(dt.date(2022, 1, 5), None) == dt.date(2022, 1, 5)
    assert span_start(dt.date(2022, 5, 17), Q) == dt.date(2022, 4, 1)
    assert is_span_start(dt.date(2022, 4, 1), Q) and not is_span_start(dt.date(2022, 5, 1), Q)
    assert format_partial_date(dt.date(2022, 3, 1), M) == "03/2022"
    assert format_partial_date(dt.date(2022, 1, 1), Q) == "Quý I/2022"
    assert format_partial_date(dt.date(2021, 10, 1), Q) == "Quý IV/2021"
    assert format_partial_date(dt.date(2022, 1, 1), Y) == "Năm 2022"
    assert format_partial_date(dt.date(2022, 3, 5), None) == "05/03/2022"
    assert format_partial_date(None, M) == ""
    # What is shown reads back the same (the entry form shows it, the officer saves it).
    for day, p in ((dt.date(2022, 3, 1), M), (dt.date(2022, 7, 1), Q), (dt.date(2022, 1, 1), Y)):
        assert parse_partial_date(format_partial_date(day, p)) == (day, p)


def test_a_column_with_a_date_that_only_reads_month_first_is_flagged():
    cells = [(6, "03/04/2024"), (7, "25/12/2023"), (8, "04/13/2024"), (9, "05/05/2024")]
    check = month_first_check(cells, "Ngày áp dụng")
    assert check is not None
    assert check.rows == (6,)  # 05/05 reads the same either way; 25/12 only day first
    assert "«04/13/2024», dòng 8" in check.message and "«03/04/2024» (dòng 6)" in check.message


def test_a_column_mixing_excel_or_iso_dates_with_typed_ones_is_flagged():
    for other in (dt.datetime(2024, 3, 4), "2024-03-04", 45355):
        check = month_first_check([(6, "03/04/2024"), (7, other)], "Ngày áp dụng")
        assert check is not None and check.rows == (6,), other
        assert "trộn ngày gõ bằng chữ" in check.message


def test_a_column_of_typed_dates_alone_is_read_day_first_without_a_warning():
    assert month_first_check([(6, "03/04/2024"), (7, "25/12/2023")], "Ngày áp dụng") is None
    assert month_first_check([(6, "03/04/2024"), (7, "04/05/2024")], "Ngày áp dụng") is None
    # No ambiguous date: nothing to warn of, whatever else is there.
    assert month_first_check([(6, "25/04/2024"), (7, dt.date(2024, 3, 4))], "X") is None
