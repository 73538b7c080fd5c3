"""The CSV writer's fast paths write what csv.writer writes the plain way, byte for byte (issue 17's export
bar): random text with quotes, commas, line breaks, control characters, formula starts and CJK."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from exports.csv_writer import _lines_with_origins

_TEXT = st.text(alphabet=st.sampled_from(list('ab 甲乙,"\r\n\t\x00\x01=+-@\'；') + ["\u3000", "😀"]), max_size=8)
_CELL = st.one_of(st.none(), st.integers(-5, 10**6), _TEXT)


def _plain(rows, origins) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([*row, origin] for row, origin in zip(rows, origins))
    return buffer.getvalue()


@given(st.lists(st.tuples(st.lists(_CELL, min_size=1, max_size=5), _TEXT), max_size=6))
def test_the_origins_put_after_the_lines_are_what_csv_writer_writes_with_them(rows_and_origins):
    rows = [row for row, _ in rows_and_origins]
    origins = [origin for _, origin in rows_and_origins]
    assert _lines_with_origins(rows, origins) == _plain(rows, origins)


def test_real_origins_take_the_fast_way_and_odd_cells_the_plain_one(monkeypatch):
    origins = ["fupan1;1;in_progress;2026-11-01;2026-11-30;45", "fupan1;2;done;;;"]
    writers = []
    real = csv.writer
    monkeypatch.setattr(csv, "writer", lambda *a, **k: writers.append(k) or real(*a, **k))
    for rows, plain_too in (([[1, "跟进, \"线索\"\n第二行", None, ""], [2, "", "", ""]], False),
                            ([[1, "a\x00b"], [2, "c"]], True), ([[""], [""]], True)):
        writers.clear()
        written = _lines_with_origins(rows, origins)
        assert (writers[-1] == {}) is plain_too  # the plain way: csv.writer with its own line break
        assert written == _plain(rows, origins)
