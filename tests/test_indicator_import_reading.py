"""Reading an indicator sheet: the CSV file as csv.reader reads it, whatever reads it faster."""

from __future__ import annotations


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
