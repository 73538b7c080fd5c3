"""`tui.textual_adapter.DrawnCells` draws a DataTable's cells that come with their segments
(`tui.screens.tracking.Cell`) without Rich's render pipeline, by overriding DataTable's private
`_render_cell`: these tests fail, by name, when Textual changes how a cell is drawn or keyed — every line
of a table with drawn cells is compared with the same table drawn by Textual alone — and show that the
tracking screen's rows are drawn that way."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from tui.screens.tracking import ActionsTable, Cell, _segments
from tui.textual_adapter import DrawnCells, cell_cache_key

WIDTHS = (6, 12, 4)
ROWS = [
    ("1", "华东销售中心 2026 年上半年复盘会", ""),
    ("22", "plain words that are far too long", "done"),
    ("333", "短", "逾期"),
    ("4", "[bold]not markup[/]", "x"),
]
RED = Style(color="red", bold=True)


class Drawn(DrawnCells, DataTable):
    pass


def _cells(row_index: int, row: tuple[str, ...], widths: tuple[int, ...] = WIDTHS) -> list[Cell]:
    style = RED if row_index == 2 else None
    texts = [Text(value, style=style or "") for value in row]
    return [Cell(text, width, _segments(text, width)) for text, width in zip(texts, widths, strict=True)]


class Twins(App[None]):
    """The same rows in a table with drawn cells and in Textual's own."""

    AUTO_FOCUS = None  # neither focused until a test says

    def compose(self) -> ComposeResult:
        yield Drawn(id="drawn", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="textual", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.styles.height = len(ROWS) + 2
            for number, width in enumerate(WIDTHS):
                table.add_column(f"c{number}", width=width, key=f"c{number}")
            for index, row in enumerate(ROWS):
                table.add_row(*_cells(index, row), key=str(index))


def _lines(table: DataTable) -> list[list[tuple[str, Style | None]]]:
    return [[(segment.text, segment.style) for segment in table.render_line(y)] for y in range(table.size.height)]


async def _same_lines(app: Twins, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    drawn, textual = app.query_one("#drawn", DataTable), app.query_one("#textual", DataTable)
    assert drawn.size == textual.size and drawn.size.height > len(ROWS)
    assert _lines(drawn) == _lines(textual)


async def test_drawn_cells_read_as_textual_draws_them_on_every_row():
    app = Twins()
    async with app.run_test(size=(60, 20)) as pilot:
        drawn, textual = app.query_one("#drawn", DataTable), app.query_one("#textual", DataTable)
        await _same_lines(app, pilot)  # the cursor on the first row, neither table focused
        for table in (drawn, textual):
            table.move_cursor(row=2)  # the red row under the cursor
        await _same_lines(app, pilot)
        blurred = _lines(drawn)
        drawn.focus()  # each focused in turn: the focused cursor's colours
        await pilot.pause()
        focused = _lines(drawn)
        assert focused != blurred  # the case is covered
        textual.focus()
        await pilot.pause()
        assert focused == _lines(textual)


async def test_a_cell_drawn_for_another_width_is_drawn_by_textual():
    """The columns were refitted and the row not read again yet: its cells are cut at draw time."""
    app = Twins()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        calls: list[int] = []
        drawn = app.query_one("#drawn", DataTable)
        original = DataTable._render_cell

        def counted(self, row_index, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self is drawn and row_index >= 0:
                calls.append(row_index)
            return original(self, row_index, *args, **kwargs)

        DataTable._render_cell = counted  # type: ignore[method-assign]
        try:
            for table in app.query(DataTable):
                table.update_cell("1", "c1", _cells(1, ROWS[1], (6, 8, 4))[1])
            await _same_lines(app, pilot)
            assert calls and set(calls) == {1}  # that one cell alone went through Textual's drawing
            calls.clear()
            text = Text("wider than its column")
            for table in app.query(DataTable):  # segments wider than the width the cell claims: cropped
                table.update_cell("2", "c1", Cell(text, WIDTHS[1], _segments(text, WIDTHS[1] + 6)))
            await _same_lines(app, pilot)
            assert set(calls) == {1, 2}  # row 1's cell is still of another width
        finally:
            DataTable._render_cell = original  # type: ignore[method-assign]


async def test_the_cache_key_of_a_drawn_cell_is_textuals():
    app = Twins()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        textual = app.query_one("#textual", DataTable)
        _lines(textual)
        keys = [key for key in textual._cell_render_cache.keys() if key[0] != textual._header_row_key]
        assert keys
        for key in keys:
            assert key == cell_cache_key(textual, *key[:5])


async def test_the_tracking_table_draws_its_rows_without_richs_pipeline(monkeypatch):
    seen: list[int] = []
    original = DataTable._render_cell

    def counted(self, row_index, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(row_index)
        return original(self, row_index, *args, **kwargs)

    monkeypatch.setattr(DataTable, "_render_cell", counted)

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield ActionsTable(id="actions", cursor_type="row")

        def on_mount(self) -> None:
            table = self.query_one(ActionsTable)
            for number, width in enumerate(WIDTHS):
                table.add_column(f"c{number}", width=width, key=f"c{number}")
            for index, row in enumerate(ROWS):
                table.add_row(*_cells(index, row), key=str(index))

    app = One()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(ActionsTable)
        assert "华东销售中心 2026 年上半年复盘会"[:5] in "".join(s.text for s in table.render_line(1))
    assert seen and set(seen) == {-1}  # the headings alone went through Textual's drawing
