"""Values, dates and periods as people type them (DESIGN.md §5)."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.parse import (
    DATE_EXPECTED,
    DATE_OUT_OF_RANGE,
    MAX_NUMBER,
    NUMBER_EXPECTED,
    NUMBER_TOO_LARGE,
    PERIOD_CODES,
    PERIOD_EXPECTED,
    ParseError,
    is_percent,
    months_of,
    parse_date,
    parse_due_date,
    parse_number,
    parse_period,
    parse_presenter,
    parse_quantity,
    period_label,
    period_sort_key,
    period_text,
    period_year,
    person_name,
    resolved_date_text,
)

TODAY = date(2026, 11, 23)
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("500", 500.0),
        ("500万", 5_000_000.0),
        ("500万元", 5_000_000.0),
        ("1.2亿", 120_000_000.0),
        ("￥1,234", 1234.0),
        ("¥1,234", 1234.0),
        ("$1,234.50", 1234.5),
        ("1,234,567", 1_234_567.0),
        ("12,345,678.5", 12_345_678.5),
        ("1,234.5万", 12_345_000.0),
        ("￥１，２３４", 1234.0),
        ("80，500", 80_500.0),
        ("999", 999.0),
        ("76%", 76.0),
        ("76 %", 76.0),
        ("７６％", 76.0),
        ("５００", 500.0),
        ("５００万", 5_000_000.0),
        ("１，２３４", 1234.0),
        ("￥-5", -5.0),
        ("-￥5", -5.0),
        ("−12", -12.0),
        ("+3", 3.0),
        (".5", 0.5),
        ("0.76", 0.76),
        ("  42  ", 42.0),
        ("1 234", 1234.0),
        ("3千", 3000.0),
        ("3k", 3000.0),
        ("3K", 3000.0),
        ("5w", 50_000.0),
        ("2百万", 2_000_000.0),
        ("1.5m", 1_500_000.0),
        ("1.5千万", 15_000_000.0),
        ("500元", 500.0),
        (500, 500.0),
        (1.25, 1.25),
    ],
)
def test_parse_number_accepts_typed_forms(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("blank", [None, "", "   ", "-", "—", "–", "N/A", "na", "None", "null", "无", "/",
                                   float("nan")])
def test_blank_cells_are_none(blank):
    assert parse_number(blank) is None
    assert parse_quantity(blank, "万元") is None


@pytest.mark.parametrize("text", ["abc", "12..3", "1e5", "5.", "1.2.3", "￥76%", "5万万", "--5", "inf",
                                  "nan", "12abc", "￥", "%", "万", "-inf", "+inf", "Infinity", "NaN",
                                  "1e400", "-1e400"])
def test_parse_number_rejects_garbage_with_one_line_message(text):
    with pytest.raises(ParseError) as info:
        parse_number(text)
    message = str(info.value)
    assert repr(text) in message
    assert NUMBER_EXPECTED in message
    assert "\n" not in message
    assert info.value.value == text
    assert info.value.expected == NUMBER_EXPECTED


@pytest.mark.parametrize("text", ["9" * 400, "-" + "9" * 400, "9" * 31, "1" * 25 + "亿", "1" + ",000" * 11,
                                  float("inf"), float("-inf"), 10**400, -(10**31)])
def test_parse_number_rejects_overlong_or_infinite_numbers(text):
    """float("9" * 400) is inf, which only failed much later, in the XLSX export."""
    with pytest.raises(ParseError) as info:
        parse_number(text)
    message = str(info.value)
    assert NUMBER_EXPECTED in message
    assert "too large" in message
    assert "\n" not in message
    assert info.value.value == text
    assert info.value.expected == NUMBER_TOO_LARGE
    with pytest.raises(ParseError, match="too large"):
        parse_quantity(text, "万元")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1" * 30, float("1" * 30)), ("1" + "0" * 12 + "亿", 1e20), (MAX_NUMBER, 1e30), (-(10**30), -1e30)],
)
def test_parse_number_accepts_large_numbers_up_to_the_limit(text, expected):
    assert parse_number(text) == expected


@given(st.floats())
def test_parsed_spreadsheet_floats_are_finite(value):
    try:
        result = parse_number(value)
    except ParseError:
        return
    assert result is None or math.isfinite(result)


@pytest.mark.parametrize("text", ["1,2,3", "80,5", "80，5", "1,23", "1234,567", "1,2345", "12,34,567", ",123",
                                  "123,", "1,,234", "１，２３", "￥1,23", "1,23万", "1,234.5,6", "1.234,5",
                                  "1,234,56", "-80,5"])
def test_parse_number_rejects_commas_that_do_not_separate_thousands(text):
    """80,5 is likely a decimal comma and 1,2,3 a list: read as 805 and 123 they were silently wrong."""
    with pytest.raises(ParseError) as info:
        parse_number(text)
    assert info.value.expected == NUMBER_EXPECTED
    assert repr(text) in str(info.value)


@given(st.integers(min_value=10, max_value=10**12), st.integers(min_value=1), st.booleans())
def test_one_comma_is_accepted_only_before_the_last_three_digits(n, at, full_width):
    digits = str(n)
    i = 1 + at % (len(digits) - 1)
    text = digits[:i] + ("，" if full_width else ",") + digits[i:]
    if len(digits) - i == 3 and i <= 3:
        assert parse_number(text) == n
    else:
        with pytest.raises(ParseError):
            parse_number(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("1 234", 1234), ("1\u00a0234\u00a0567", 1234567), ("12\u202f345.5", 12345.5), ("500 万", 5e6),
    ("￥ 1 234", 1234), ("- 80", -80), (" 76 % ", 76), ("1 234 万", 1234e4),
])
def test_spaces_are_thousands_separators_or_padding(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1 2 3", "80 5", "1 23", "1234 567", "1 234 56", "1 2345"])
def test_parse_number_rejects_spaces_that_do_not_separate_thousands(text):
    """"1 2 3" was read as 123: a space between digits is held to the thousands rule, as a comma is."""
    with pytest.raises(ParseError) as info:
        parse_number(text)
    assert info.value.expected == NUMBER_EXPECTED


@pytest.mark.parametrize(("typed", "stored"), [
    ("Ａlice", "Alice"), ("张　伟", "张伟"), (" 张 伟 ", "张伟"), ("欧阳\t娜娜", "欧阳娜娜"), ("Mary  Ann", "Mary Ann"),
    ("张伟 Wei", "张伟 Wei"), ("张伟\x1b[31m", "张伟[31m"), ("", ""),
])
def test_person_name_folds_the_spellings_of_one_name(typed, stored):
    assert person_name(typed) == stored


def test_parse_number_rejects_booleans():
    with pytest.raises(ParseError):
        parse_number(True)


def test_parse_error_is_a_value_error_naming_value_and_expectation():
    error = ParseError("abc", "a number")
    assert isinstance(error, ValueError)
    assert str(error) == "'abc': expected a number"


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("500万", "万元", 500.0),
        ("500万", "元", 5_000_000.0),
        ("500万", None, 5_000_000.0),
        ("500万", "", 5_000_000.0),
        ("500", "万元", 500.0),  # a bare number is already in the sheet's unit
        ("500", None, 500.0),
        ("1.2亿", "万元", 12_000.0),
        ("1.2亿", "亿元", 1.2),
        ("1.2亿", None, 120_000_000.0),
        ("3亿", "百万元", 300.0),
        ("5000万", "千万元", 5.0),
        ("2百万", "万元", 200.0),
        ("5000元", "万元", 0.5),  # an explicit 元 is converted, not taken as 5000万元
        ("5000元", "元", 5000.0),
        ("￥1,234", None, 1234.0),
        ("￥1,234", "元", 1234.0),
        ("５００万", "万元", 500.0),
        ("５００", "万元", 500.0),
        ("76%", None, 76.0),
        ("76%", "万元", 76.0),  # a percent is a percent whatever the unit
        ("76%", "%", 76.0),
        ("0.76", "%", 0.76),  # never guessed to be 76%
        (500, "万元", 500.0),
    ],
)
def test_parse_quantity_converts_to_the_unit(text, unit, expected):
    assert parse_quantity(text, unit) == pytest.approx(expected)


def test_parse_quantity_rejects_garbage():
    with pytest.raises(ParseError, match="abc"):
        parse_quantity("abc", "万元")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("76%", True), (" 76 % ", True), ("７６％", True), ("76", False), ("0.76", False), (76, False),
     (None, False), ("", False)],
)
def test_a_value_with_a_percent_sign_of_either_width_is_a_percentage(text, expected):
    assert is_percent(text) is expected


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-20", date(2026, 10, 20)),
        ("2026/10/20", date(2026, 10, 20)),
        ("2026.10.20", date(2026, 10, 20)),
        ("2026年10月20日", date(2026, 10, 20)),
        ("2026年10月20号", date(2026, 10, 20)),
        ("2026 年 10 月 20 日", date(2026, 10, 20)),
        ("2026-1-5", date(2026, 1, 5)),
        ("20261020", date(2026, 10, 20)),
        ("２０２６－１０－２０", date(2026, 10, 20)),
        ("  2026-10-20  ", date(2026, 10, 20)),
        ("2028-02-29", date(2028, 2, 29)),
    ],
)
def test_parse_date_full_dates(text, expected):
    assert parse_date(text) == expected
    assert parse_date(text, default_year=1999) == expected  # an explicit year wins


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10月20日", date(2026, 10, 20)),
        ("10月20号", date(2026, 10, 20)),
        ("10月20", date(2026, 10, 20)),
        ("10/20", date(2026, 10, 20)),
        ("10-20", date(2026, 10, 20)),
        ("1/5", date(2026, 1, 5)),
        ("１０月２０日", date(2026, 10, 20)),
    ],
)
def test_parse_date_month_day_takes_the_meeting_year(text, expected):
    assert parse_date(text, default_year=2026) == expected


def test_parse_date_month_day_without_a_year_is_an_error():
    with pytest.raises(ParseError, match="with a year") as info:
        parse_date("10月20日")
    assert "'10月20日'" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天", TODAY),
        ("today", TODAY),
        ("Today", TODAY),
        ("明天", date(2026, 11, 24)),
        ("tomorrow", date(2026, 11, 24)),
        ("后天", date(2026, 11, 25)),
        ("+3d", date(2026, 11, 26)),
        ("+3天", date(2026, 11, 26)),
        ("+ 3d", date(2026, 11, 26)),
        ("+0d", TODAY),
        ("+2w", date(2026, 12, 7)),
        ("+2周", date(2026, 12, 7)),
        ("+1m", date(2026, 12, 23)),
        ("+2月", date(2027, 1, 23)),
        ("+14m", date(2028, 1, 23)),
        ("＋３ｄ", date(2026, 11, 26)),
        ("+3D", date(2026, 11, 26)),
    ],
)
def test_parse_date_relative(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2026, 3, 31), "+1m", date(2026, 4, 30)),
        (date(2026, 12, 31), "+1d", date(2027, 1, 1)),
        (date(2026, 12, 15), "+1m", date(2027, 1, 15)),
    ],
)
def test_parse_date_relative_months_clamp_to_month_end(today, text, expected):
    assert parse_date(text, today=today) == expected


@pytest.mark.parametrize("text", ["+3d", "明天", "今天"])
def test_relative_date_without_today_is_an_error(text):
    with pytest.raises(ParseError, match="today"):
        parse_date(text)


def test_parse_date_passes_dates_through_and_blanks_are_none():
    assert parse_date(date(2026, 10, 20)) == date(2026, 10, 20)
    assert parse_date(datetime(2026, 10, 20, 9, 30)) == date(2026, 10, 20)
    assert parse_date(None) is None
    assert parse_date("") is None
    assert parse_date("  ") is None
    assert parse_date("-") is None


@pytest.mark.parametrize(
    ("text", "kwargs"),
    [
        ("abc", {}),
        ("13月40日", {"default_year": 2026}),
        ("2月30日", {"default_year": 2026}),
        ("2026-02-30", {}),
        ("2026-13-01", {}),
        ("2026-00-10", {}),
        ("2027-02-29", {}),
        ("13/01", {"default_year": 2026}),
        ("2026-10", {}),
        ("26-10-20", {}),
        ("+3x", {"today": TODAY}),
        ("-3d", {"today": TODAY}),
        ("+100000w", {"today": TODAY}),
        ("next week", {"today": TODAY}),
        ("2026-10-20T09:00", {}),
    ],
)
def test_parse_date_rejects_impossible_or_unknown_dates(text, kwargs):
    with pytest.raises(ParseError) as info:
        parse_date(text, **kwargs)
    message = str(info.value)
    assert repr(text) in message
    assert DATE_EXPECTED in message
    assert "\n" not in message
    assert info.value.value == text


@pytest.mark.parametrize(
    ("text", "kwargs"),
    [
        ("0001-01-01", {}),
        ("1026-11-06", {}),
        ("9999-12-31", {}),
        ("1899-12-31", {}),
        ("2101-01-01", {}),
        ("00010101", {}),
        ("1899年12月31日", {}),
        ("1/1", {"default_year": 1899}),
        ("12月31日", {"default_year": 2101}),
        ("+999m", {"today": TODAY}),
        ("+1d", {"today": date(2100, 12, 31)}),
        ("+2w", {"today": date(2100, 12, 25)}),
        ("明天", {"today": date(2100, 12, 31)}),
        ("+999w", {"today": date(9999, 12, 1)}),  # past date.max: OverflowError before
        (date(1, 1, 1), {}),
        (datetime(2101, 1, 1, 9, 0), {}),
    ],
)
def test_parse_date_rejects_dates_outside_1900_to_2100(text, kwargs):
    """Before 1900 a date drifts by a day on each XLSX round trip; after 2100 it is a typo."""
    with pytest.raises(ParseError) as info:
        parse_date(text, **kwargs)
    message = str(info.value)
    assert repr(str(text)) in message
    assert DATE_EXPECTED in message
    assert "between 1900 and 2100" in message
    assert "\n" not in message
    assert info.value.value == text
    assert info.value.expected == DATE_OUT_OF_RANGE


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("1900-01-01", {}, date(1900, 1, 1)),
        ("2100-12-31", {}, date(2100, 12, 31)),
        ("+1d", {"today": date(2100, 12, 30)}, date(2100, 12, 31)),
        ("12月31日", {"default_year": 2100}, date(2100, 12, 31)),
        (date(1900, 1, 1), {}, date(1900, 1, 1)),
    ],
)
def test_parse_date_accepts_the_ends_of_the_range(text, kwargs, expected):
    assert parse_date(text, **kwargs) == expected


@given(st.one_of(st.dates(min_value=date(1000, 1, 1), max_value=date(1899, 12, 31)),
                 st.dates(min_value=date(2101, 1, 1))))
def test_dates_outside_the_range_are_rejected_however_written(day):
    for text in (day.isoformat(), f"{day.year}年{day.month}月{day.day}日", day):
        with pytest.raises(ParseError, match="between 1900 and 2100"):
            parse_date(text)


# --- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1月", "M01"),
        ("01月", "M01"),
        ("1月份", "M01"),
        ("12月", "M12"),
        ("一月", "M01"),
        ("十月", "M10"),
        ("十一月", "M11"),
        ("十二月", "M12"),
        ("M01", "M01"),
        ("m01", "M01"),
        ("M1", "M01"),
        ("M12", "M12"),
        ("Jan", "M01"),
        ("jan", "M01"),
        ("January", "M01"),
        ("Dec", "M12"),
        ("september", "M09"),
        ("2026-01", "M01"),
        ("2026/03", "M03"),
        ("2026年3月", "M03"),
        ("2026年03月", "M03"),
        ("１月", "M01"),
        ("Q1", "Q1"),
        ("q4", "Q4"),
        ("Ｑ２", "Q2"),
        ("2026Q3", "Q3"),
        ("2026-Q3", "Q3"),
        ("一季度", "Q1"),
        ("第一季度", "Q1"),
        ("第二季", "Q2"),
        ("3季度", "Q3"),
        ("四季度", "Q4"),
        ("2026年第四季度", "Q4"),
        ("上半年", "H1"),
        ("2026 上半年", "H1"),  # a leading year is dropped, as for months and quarters
        ("2026-H1", "H1"),
        ("2026年下半年", "H2"),
        ("2026年全年", "FY"),
        ("H1", "H1"),
        ("h1", "H1"),
        ("1H", "H1"),
        ("下半年", "H2"),
        ("H2", "H2"),
        ("2H", "H2"),
        ("全年", "FY"),
        ("年度", "FY"),
        ("FY", "FY"),
        ("fy", "FY"),
        ("Year", "FY"),
        ("annual", "FY"),
        (" Q1 ", "Q1"),
        ("Q 1", "Q1"),
    ],
)
def test_periods_are_read_as_people_write_them(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "M13", "M00", "13月", "0月", "Q5", "Q0", "五季度", "H3", "1", "2026",
                                  "202601", "abc", "Janu", "二十月", "2026-13"])
def test_parse_period_rejects_unknown_periods(text):
    with pytest.raises(ParseError) as info:
        parse_period(text)
    message = str(info.value)
    assert repr(text) in message
    assert PERIOD_EXPECTED in message
    assert "\n" not in message


def test_period_codes_are_in_calendar_order():
    assert PERIOD_CODES == (
        "M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08", "M09", "M10", "M11", "M12",
        "Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY",
    )


def test_period_sort_key_orders_months_then_quarters_halves_and_year():
    shuffled = ["FY", "Q2", "M12", "H1", "M01", "Q1", "M02", "H2", "Q4", "M10"]
    assert sorted(shuffled, key=period_sort_key) == ["M01", "M02", "M10", "M12", "Q1", "Q2", "Q4", "H1", "H2",
                                                     "FY"]
    assert sorted(reversed(PERIOD_CODES), key=period_sort_key) == list(PERIOD_CODES)
    assert [period_sort_key(code) for code in PERIOD_CODES] == list(range(len(PERIOD_CODES)))


def test_unknown_period_sorts_last():
    assert period_sort_key("X9") > period_sort_key("FY")
    assert sorted(["X9", "FY", "M01"], key=period_sort_key) == ["M01", "FY", "X9"]


@pytest.mark.parametrize(
    ("code", "months"),
    [
        ("M05", ("M05",)),
        ("Q1", ("M01", "M02", "M03")),
        ("Q2", ("M04", "M05", "M06")),
        ("Q3", ("M07", "M08", "M09")),
        ("Q4", ("M10", "M11", "M12")),
        ("H1", ("M01", "M02", "M03", "M04", "M05", "M06")),
        ("H2", ("M07", "M08", "M09", "M10", "M11", "M12")),
        ("FY", tuple(f"M{m:02d}" for m in range(1, 13))),
        ("X9", ()),
    ],
)
def test_each_period_code_covers_its_months(code, months):
    assert months_of(code) == months


def test_quarters_and_halves_partition_the_year():
    quarters = [m for q in ("Q1", "Q2", "Q3", "Q4") for m in months_of(q)]
    halves = [m for h in ("H1", "H2") for m in months_of(h)]
    assert quarters == halves == list(months_of("FY"))
    assert months_of("H1") == months_of("Q1") + months_of("Q2")


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("M01", "1月", "Jan"),
        ("M09", "9月", "Sep"),
        ("M12", "12月", "Dec"),
        ("Q1", "Q1", "Q1"),
        ("Q4", "Q4", "Q4"),
        ("H1", "上半年", "H1"),
        ("H2", "下半年", "H2"),
        ("FY", "全年", "FY"),
    ],
)
def test_each_period_code_has_a_label_in_both_languages(code, zh, en):
    assert period_label(code, "zh") == zh
    assert period_label(code, "en") == en


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("code", PERIOD_CODES)
def test_period_labels_parse_back_to_their_code(code, lang):
    assert parse_period(period_label(code, lang)) == code


# --- properties ----------------------------------------------------------------------------------

amounts = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(Decimal),
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
)


def _close(parsed: float | None, expected: Decimal) -> bool:
    return parsed is not None and math.isclose(parsed, float(expected), rel_tol=1e-9, abs_tol=1e-9)


def _typed(n: Decimal, *, separators: bool, currency: str) -> str:
    body = f"{abs(n):,}" if separators else f"{abs(n)}"
    sign = "-" if n < 0 else ""
    return f"{sign}{currency}{body}"


@given(amounts, st.booleans(), st.sampled_from(["", "￥", "¥", "$"]))
def test_typed_numbers_parse_back(n, separators, currency):
    assert _close(parse_number(_typed(n, separators=separators, currency=currency)), n)


@given(amounts, st.booleans())
def test_full_width_numbers_parse_back(n, separators):
    text = _typed(n, separators=separators, currency="").translate(FULL_WIDTH)
    assert _close(parse_number(text), n)


@given(amounts, st.sampled_from(["", "￥"]))
def test_wan_suffix_multiplies_by_ten_thousand(n, currency):
    text = _typed(n, separators=True, currency=currency) + "万"
    assert _close(parse_number(text), n * 10_000)
    assert _close(parse_quantity(text, "万元"), n)
    assert _close(parse_quantity(text, "元"), n * 10_000)


@given(amounts)
def test_yi_suffix_multiplies_by_hundred_million(n):
    assert _close(parse_number(f"{n}亿"), n * 100_000_000)
    assert _close(parse_quantity(f"{n}亿", "万元"), n * 10_000)


@given(amounts)
def test_percent_keeps_the_typed_number(n):
    assert _close(parse_number(f"{n}%"), n)
    assert is_percent(f"{n}%")


@given(amounts, st.sampled_from([None, "元", "万元", "亿元"]))
def test_bare_numbers_are_already_in_the_unit(n, unit):
    assert _close(parse_quantity(str(n), unit), n)


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(dates)
def test_full_dates_round_trip(day):
    y, m, d = day.year, day.month, day.day
    for text in (day.isoformat(), f"{y}/{m:02d}/{d:02d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日",
                 f"{y}年{m:02d}月{d:02d}日", day.strftime("%Y%m%d")):
        assert parse_date(text) == day, text


@given(dates)
def test_month_day_round_trips_with_the_meeting_year(day):
    for text in (f"{day.month}月{day.day}日", f"{day.month}/{day.day}"):
        assert parse_date(text, default_year=day.year) == day, text


@given(st.text())
def test_parse_number_only_raises_parse_error(text):
    try:
        result = parse_number(text)
    except ParseError:
        return
    assert result is None or isinstance(result, float)


@given(st.text(), st.one_of(st.none(), st.text()))
def test_parse_quantity_only_raises_parse_error(text, unit):
    try:
        parse_quantity(text, unit)
    except ParseError:
        pass


@given(st.text(), st.integers(min_value=1, max_value=9999))
def test_parse_date_only_raises_parse_error(text, year):
    try:
        result = parse_date(text, default_year=year, today=TODAY)
    except ParseError:
        return
    assert result is None or isinstance(result, date)


@given(st.text())
def test_parse_period_only_raises_parse_error_or_returns_a_code(text):
    try:
        code = parse_period(text)
    except ParseError:
        return
    assert code in PERIOD_CODES


# --- agenda entries --------------------------------------------------------------------------------


def test_an_agenda_entry_is_a_name_with_optional_minutes():
    assert parse_presenter("张伟") == ("张伟", None)
    assert parse_presenter(" 李娜:15 ") == ("李娜", 15)
    assert parse_presenter("王芳：8") == ("王芳", 8)
    for bad in ("", ":15", "刘洋:0", "刘洋:500"):
        with pytest.raises(ValueError):
            parse_presenter(bad)


def test_period_text_translates_bare_codes_and_keeps_free_text():
    assert period_text("H1", "zh") == "上半年"
    assert period_text(" h1 ", "en") == "H1"
    assert period_text("M08", "zh") == "8月"
    assert period_text("2026-10", "zh") == "2026-10"  # the year typed with it is kept
    assert period_text("随便", "zh") == "随便"
    assert period_text("", "en") == ""


def test_clean_text_drops_control_characters_but_keeps_tabs_newlines_and_cjk():
    from core.parse import clean_text

    assert clean_text("\x1b[2J华东\x07复盘\x9b会") == "[2J华东复盘会"
    assert clean_text("第一行\n\t第二行 ，。") == "第一行\n\t第二行 ，。"


# --- dates people mean (issue 12) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meeting_day", "resolved"),
    [
        ("10月20日", date(2026, 12, 4), date(2027, 10, 20)),  # already past this year: next year's
        ("10/20", date(2026, 12, 4), date(2027, 10, 20)),
        ("12月4日", date(2026, 12, 4), date(2026, 12, 4)),  # on the meeting's day counts
        ("12月20日", date(2026, 12, 4), date(2026, 12, 20)),
        ("1月5日", date(2026, 12, 4), date(2027, 1, 5)),
        ("2月29日", date(2026, 12, 4), date(2028, 2, 29)),  # the next leap day
        ("2026-10-20", date(2026, 12, 4), date(2026, 10, 20)),  # a year written is kept, even in the past
        ("+2w", date(2026, 12, 4), date(2026, 12, 18)),  # relative to today
        ("", date(2026, 12, 4), None),
    ],
)
def test_a_due_date_without_a_year_is_the_next_such_day_on_or_after_the_meeting(typed, meeting_day, resolved):
    assert parse_due_date(typed, meeting_date=meeting_day, today=date(2026, 12, 4)) == resolved


def test_a_due_date_for_an_undated_meeting_counts_from_today():
    assert parse_due_date("10月20日", meeting_date=None, today=date(2026, 12, 4)) == date(2027, 10, 20)


def test_the_form_is_told_the_full_date_only_when_it_differs_from_what_was_typed():
    assert resolved_date_text("10月20日", date(2027, 10, 20)) == "2027-10-20"
    assert resolved_date_text("2027-10-20", date(2027, 10, 20)) == ""
    assert resolved_date_text("", None) == ""


def test_a_past_due_date_is_asked_about():
    from core.rules import due_in_past

    today = date(2026, 12, 4)
    assert due_in_past(date(2026, 12, 3), today)
    assert not due_in_past(today, today) and not due_in_past(None, today)


# --- periods always show their year ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [("H1", "2026上半年", "H1 2026"), ("H2", "2026下半年", "H2 2026"), ("FY", "2026全年", "FY 2026"),
     ("Q3", "2026年Q3", "Q3 2026"), ("M08", "2026年8月", "Aug 2026")],
)
def test_period_label_with_its_year(code, zh, en):
    assert period_label(code, "zh", 2026) == zh
    assert period_label(code, "en", 2026) == en
    assert parse_period(zh) == code and parse_period(en.replace(" 2026", "")) == code


@pytest.mark.parametrize(
    ("meeting_period", "meeting_day", "year"),
    [
        ("H1", date(2026, 7, 10), 2026),
        ("上半年", date(2026, 5, 20), 2026),  # a year-to-date half-year review in May
        ("H2", date(2027, 1, 8), 2026),  # last year's second half, reviewed in January
        ("2025年度", date(2026, 1, 15), 2025),  # a year written in the period wins
        ("2026 Q3", None, 2026),
        ("H1", None, None),  # nothing says which year
        ("华东专项", date(2026, 3, 1), 2026),
    ],
)
def test_the_year_of_a_meetings_periods(meeting_period, meeting_day, year):
    assert period_year(meeting_period, meeting_day) == year


def test_period_text_shows_the_year_of_a_typed_label_and_keeps_one_written():
    assert period_text("上半年", "zh", 2026) == "2026上半年"
    assert period_text("H1", "en", 2026) == "H1 2026"
    assert period_text("2026 Q3", "en", 2026) == "2026 Q3"
    assert period_text("上半年", "zh") == "上半年"  # no year known: as typed


def test_two_spellings_of_one_presenter_are_one_person_and_listed_as_repeated():
    from core.parse import repeated_names, same_person

    assert same_person("张　伟", "张伟") and same_person("Ａlice", "Alice") and not same_person("张伟", "张为")
    assert repeated_names(["张伟", "李四", "张 伟", "Alice", "Ａlice", "王五"]) == sorted(["Alice", "张伟"])
    assert repeated_names(["张伟", "李四"]) == []
