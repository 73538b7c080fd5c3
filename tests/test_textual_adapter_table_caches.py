"""`tui.textual_adapter.drop_table_caches` reaches into DataTable's render caches (Textual has no public way
to empty them): these tests fail, by name, when Textual renames them or changes how they link their
entries — and show that what the tracking screen's table drops is freed at once, not left to a full
collection of the cycle collector."""

from __future__ import annotations

import gc

from textual.app import App, ComposeResult
from textual.cache import LRUCache
from textual.widgets import DataTable
from textual.widgets._data_table import RowRenderables

from tui.textual_adapter import TABLE_CACHES, drop_table_caches


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()


def _cyclic_garbage(clear) -> list[object]:  # type: ignore[no-untyped-def]
    """What the cycle collector would find after ``clear()`` (and nothing else) ran."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        clear()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


async def _drawn_table(app: TableApp, pilot) -> DataTable:  # type: ignore[no-untyped-def]
    table = app.query_one(DataTable)
    table.add_columns("a", "b")
    table.add_rows([(str(i), f"row {i}") for i in range(50)])
    await pilot.pause()
    await pilot.pause()
    return table


async def test_a_data_table_keeps_its_renders_in_lru_rings_of_four_item_links():
    async with TableApp().run_test() as pilot:
        table = await _drawn_table(pilot.app, pilot)
        for name in TABLE_CACHES:
            cache = getattr(table, name)
            assert isinstance(cache, LRUCache), name
        links = list(table._row_renderable_cache._cache.values())
        assert links and all(isinstance(link, list) and len(link) == 4 for link in links)


async def test_cleared_alone_a_table_leaves_its_renders_to_the_cycle_collector():
    """The reason for the adapter: DataTable.clear drops each ring whole, a cycle."""
    async with TableApp().run_test() as pilot:
        table = await _drawn_table(pilot.app, pilot)
        garbage = _cyclic_garbage(table.clear)
        assert any(isinstance(item, RowRenderables) for item in garbage)


async def test_dropped_first_its_renders_are_freed_at_once():
    async with TableApp().run_test() as pilot:
        table = await _drawn_table(pilot.app, pilot)

        emptied: list[bool] = []

        def drop_then_clear() -> None:
            drop_table_caches(table)
            emptied.append(all(len(getattr(table, name)) == 0 for name in TABLE_CACHES))
            table.clear()

        garbage = _cyclic_garbage(drop_then_clear)
        assert not any(isinstance(item, RowRenderables) for item in garbage)
        assert emptied == [True]
        table.add_rows([("x", "y")])  # the emptied table goes on working
        await pilot.pause()
        assert table.get_row_at(0) == ["x", "y"]
