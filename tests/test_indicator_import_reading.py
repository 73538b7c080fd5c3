"""Reading an indicator sheet: the CSV file as csv.reader reads it, whatever reads it faster."""

from __future__ import annotations

import pytest

from tests.drivers import sqlite_utils_on


def test_a_cell_over_the_csv_field_limit_is_found_even_across_lines(tmp_path):
    """Every line shorter than csv's field size limit, one quoted cell of many lines longer than it:
    pandas would read it, csv.reader refuses it, so the sheet is not read column by column."""
    import csv as csv_module

    from exports.indicator_columns import _read_csv_frame

    line = "x" * (csv_module.field_size_limit() // 4)
    cell = "\n".join([line] * 5)
    path = tmp_path / "long.csv"
    path.write_text(f'a,b\r\n"{cell}",2\r\n3,4\r\n', encoding="utf-8")
    assert _read_csv_frame(path) is None
    path.write_text(f'a,b\r\n"{line}",2\r\n3,4\r\n', encoding="utf-8")
    assert _read_csv_frame(path).to_numpy().tolist() == [["a", "b"], [line, "2"], ["3", "4"]]


@pytest.mark.parametrize("cells", [
    ["500", "-3.5", "+7", ".5", "0012", "-0", "", "123456789.123456789", "1" * 30],  # the whole column at once
    ["500", "12."], ["500", "1e3"], ["500", "inf"], ["1.2.3", "5"], ["+-1"], ["-"], ["."], ["9" * 31],
    ["9" * 400], ["5\n6", "1"], ["\n5", "5\n"], ["1_000"], ["１２", "3"], ["500万", "7"], [" 12", "3"],
])
def test_a_column_of_cells_reads_as_core_parse_reads_each(cells):
    """Whichever short cut a column takes, each cell is what core.parse makes of it, or a problem
    with the words the row-by-row reader used."""
    import numpy as np

    from core.parse import ParseError, parse_quantity
    from exports.indicator_columns import _quantities
    from exports.indicators import _RowReader
    from exports.layouts import Layout
    from exports.reading import Sheet

    reader = _RowReader(Sheet("s.csv", [(1, ["目标值"])]), Layout(0, {"target": 0}, ["目标值"]))
    got = _quantities(reader, np.array(cells, dtype=object), np.array(["万元"] * len(cells), dtype=object),
                      np.arange(2, 2 + len(cells)), 0, True).tolist()
    expected, problems = [], []
    for row, cell in enumerate(cells, start=2):
        try:
            expected.append(parse_quantity(cell.strip(), "万元"))
        except ParseError as exc:
            expected.append(None)
            problems.append((row, cell, exc.expected))
    assert [str(v) for v in got] == [str(v) for v in expected]  # -0.0 stays -0.0
    assert [(p.row, p.value, p.expected) for p in reader.problems] == problems


def test_ascii_text_is_its_own_nfkc_folding():
    """core.parse reads an ASCII cell without NFKC (a large import parses 100,000 of them): for every
    ASCII character, folding changes nothing but the outer spaces stripping removes."""
    from core.parse import _fold

    every = "".join(map(chr, range(128)))
    assert _fold(every) == every.strip()
    assert all(_fold(f" {c}5{c} ") == f"{c}5{c}".strip() for c in every)


def test_a_sheet_blank_at_the_top_is_not_called_empty(db, tmp_path):
    """The header is looked for in the top rows pandas read first; whether the sheet is empty is
    decided on all of it (12 blank rows, then a header and a value: no header near the top)."""
    from datetime import date

    from core.model import Meeting
    from db import queries
    from exports.indicators import import_indicators
    from exports.reading import SheetError

    meeting = queries.save_meeting(db, Meeting("Q3 复盘会", "目标", date=date(2026, 10, 20)))
    queries.add_slot(db, meeting.id, "张伟")
    path = tmp_path / "low.csv"
    path.write_text("\n" * 12 + "汇报人,指标,期间,目标值\n张伟,销售额,7月,1\n", encoding="utf-8")
    with pytest.raises(SheetError) as caught:
        import_indicators(db, meeting.id, path)
    [problem] = caught.value.problems
    assert "a header row in the first 10 rows" in str(problem)
    (tmp_path / "blank.csv").write_text("\n" * 12, encoding="utf-8")
    with pytest.raises(SheetError, match="the file is empty"):
        import_indicators(db, meeting.id, tmp_path / "blank.csv")
    assert sqlite_utils_on(db).table("indicator_values").count == 0
