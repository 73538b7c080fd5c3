"""The CSV writer's fast paths write what csv.writer writes the plain way, byte for byte (issue 17's export
bar): random text with quotes, commas, line breaks, control characters, formula starts and CJK."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from exports.csv_writer import _lines_with_origins
from tests.conftest import TODAY

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


_CELLS = st.lists(st.one_of(st.none(), _TEXT), max_size=8)


@given(_CELLS)
def test_a_text_column_is_what_neutralising_each_cell_gives(cells):
    from exports.cells import neutralise
    from exports.csv_writer import _csv_text_column

    assert list(_csv_text_column(cells)) == [None if v is None else neutralise(v) for v in cells]


def test_the_action_columns_fupan_composes_are_named_once_and_the_rest_is_what_people_typed():
    from exports.tables import ACTION_COMPOSED_TEXT, ACTION_HEADERS, TEXT

    texts = {key for key, kind in ACTION_HEADERS if kind == TEXT}
    assert ACTION_COMPOSED_TEXT <= texts
    # A new text column is typed text until someone shows fupan composes it (and adds it to the test below).
    assert texts - ACTION_COMPOSED_TEXT == {"presenter", "measure", "owner", "standard", "checkpoint",
                                            "resources", "risk"}


@given(st.sampled_from(["zh", "en"]), st.integers(-400, 400), st.sampled_from(["cancelled", "done", "in_progress",
                                                                               "not_started"]),
       st.one_of(st.none(), st.tuples(st.datetimes(), st.sampled_from(["done", "in_progress", "not_started"]),
                                     _TEXT)))
def test_what_fupan_composes_in_an_action_row_never_starts_a_formula(lang, days, status, update):
    from datetime import timedelta

    from core.model import ActionStatus, ActionUpdate
    from exports.cells import neutralise
    from exports.tables import action_rows_table
    from tests.conftest import TODAY

    due = (TODAY + timedelta(days=days)).isoformat()
    updates = {} if update is None else {1: ActionUpdate(1, update[0], ActionStatus(update[1]), update[2])}
    for titles in (None, {1: "=会议"}):
        table = action_rows_table([(1, 1, "=甲", "@跟进", "+张三", due, due, "-1", "\t", "\r", status, "=x")],
                                  updates, lang, TODAY, meeting_titles=titles)
        [row] = table.rows
        assert table.composed and all(table.kinds[col] == "text" for col in table.composed)
        assert all(neutralise(row[col]) == row[col] for col in table.composed)
        assert not any(neutralise(row[col]) == row[col] for col, kind in enumerate(table.kinds)
                       if kind == "text" and col not in table.composed and row[col])


def test_composed_columns_are_written_as_they_are_and_typed_ones_made_inert(tmp_path):
    from exports.csv_writer import write_csv
    from exports.tables import TEXT, Table

    table = Table("t", "T", ["typed", "ours"], [TEXT, TEXT], rows=[["=1+1", "进行中"], ["a", "b"]],
                  composed=frozenset({1}))
    with write_csv(table, tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [["typed", "ours"], ["'=1+1", "进行中"], ["a", "b"]]


def test_exported_action_rows_lose_control_characters_and_keep_tabs_line_breaks_and_wide_spaces(db, demo):
    from db import queries

    kept = "第一行\n第二行\t甲\u3000乙"
    with db.atomic():
        db.conn.executemany("INSERT INTO actions (meeting_id, presenter, measure, status, risk) VALUES (?,?,?,?,?)",
                            [(demo.id, "甲", "跟进\x1b[2J线索\x07", "in_progress", kept)] * 3)
    rows = queries.action_rows_for_export(db, meeting_id=demo.id)
    assert rows and all(r[3] == "跟进线索" and r[11] == kept for r in rows)
    with db.atomic():
        db.conn.execute("UPDATE actions SET measure = ? WHERE meeting_id = ?", [kept, demo.id])
    assert all(r[3] == kept for r in queries.action_rows_for_export(db, meeting_id=demo.id))


def test_a_streamed_export_asks_for_latest_updates_only_where_an_action_has_one(db, demo, tmp_path, monkeypatch):
    from db import queries
    from exports import tables
    from exports.csv_writer import write_csv
    from exports.write import actions_tracking_table

    with db.atomic():
        db.conn.executemany("INSERT INTO actions (meeting_id, presenter, measure, status) VALUES (?,?,?,?)",
                            [(demo.id, "甲", f"跟进 {i}", "in_progress") for i in range(10)])
        first = db.conn.execute("SELECT min(id) FROM actions WHERE meeting_id = ?", [demo.id]).fetchone()[0]
        db.conn.execute("INSERT INTO action_updates (action_id, at, status, note) VALUES (?,?,?,?)",
                        [first + 4, "2026-11-20T09:00:00", "in_progress", "已约客户"])
    asked: list[list[int]] = []
    latest = queries.latest_updates
    monkeypatch.setattr(queries, "latest_updates", lambda db, ids: asked.append(list(ids)) or latest(db, ids))
    monkeypatch.setattr(tables, "PIECE_ROWS", 3)
    streamed = actions_tracking_table(db, lang="zh", today=TODAY, meeting_id=demo.id, stream=True)
    written = write_csv(streamed, tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    low, high = queries.updated_action_span(db)
    assert high == first + 4  # the demo's own updates are on older actions
    chunks = [list(range(start, min(start + 3, first + 10))) for start in range(first, first + 10, 3)]
    assert asked == [ids for ids in chunks if ids[0] <= high and ids[-1] >= low]
    assert [first + 9] not in asked and [first + 3, first + 4, first + 5] in asked
    monkeypatch.undo()
    whole = actions_tracking_table(db, lang="zh", today=TODAY, meeting_id=demo.id)
    assert written == write_csv(whole, tmp_path / "w.csv").read_text(encoding="utf-8-sig") and "已约客户" in written
