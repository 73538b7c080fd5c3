"""The live indicators table on a laptop's screen (issue 14): whatever the width (80, 100, 160 columns),
the language and the meeting (the demo, or long names and figures in the tens of millions), the
indicator and its four key figures — target, actual, achievement, gap — are on screen; the other
columns are shown whole or not at all (none runs off the table's edge mid-value); a cut cell ends with
"…" after a whole character and the row under the cursor reads whole under the table."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from core.width import display_width
from tests.drivers import live_app
from tests.test_app_zh import SIZES, screen_text, settle
from tui.widgets.review import IndicatorsPane
from tui.widgets.table import Column, FullText, Table, fit_columns

KEY_FIGURES = ("indicator", "target", "actual", "achievement", "gap")


def _big(db, meeting_id: int) -> str:
    """The first presenter's indicators with long names and figures in the tens of millions of 万元."""
    presenter = db.execute("select presenter from slots where meeting_id = ? order by position limit 1",
                           [meeting_id]).fetchone()[0]
    db.execute("update indicators set name = name || '（含重点客户及渠道伙伴）', unit = '万元' "
               "where meeting_id = ?", [meeting_id])
    db.execute("update indicator_values set target = 12345678.9, actual = coalesce(actual, 1) * 12345.67 "
               "where presenter = ? and indicator_id in (select id from indicators where meeting_id = ?)",
               [presenter, meeting_id])
    db.conn.commit()
    return presenter


def _cells(line: str, start: int, width: int) -> str:
    """The part of a screen line from cell ``start``, ``width`` cells wide (a CJK character is two)."""
    out, at = [], 0
    for char in line:
        if start <= at < start + width:
            out.append(char)
        at += cell_len(char)
    return "".join(out)


def _shown(whole: str, drawn: str) -> bool:
    """``whole`` is drawn whole, or cut after a whole character with "…" (never a blank before it)."""
    if whole in drawn:
        return True
    return any(f"{whole[:n].rstrip()}…" in drawn for n in range(1, len(whole)) if whole[:n].strip())


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("meeting", ["demo", "big"])
async def test_key_figures_on_screen_and_no_column_cut_by_the_edge(db, db_path, demo, meeting, lang, size):
    if meeting == "big":
        _big(db, demo.id)
    app = live_app(db_path, demo.id, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#indicator-table", Table)
        await settle(pilot)
        region = table.scrollable_content_region
        shown = [str(column.key.value) for column in table.ordered_columns]
        assert set(KEY_FIGURES) <= set(shown), shown
        # nothing to the side: every shown column ends inside the table (none clipped by the edge)
        assert table.virtual_size.width <= region.width, (table.virtual_size, region)
        assert table.max_scroll_x == 0
        lines = screen_text(app).splitlines()
        header = _cells(lines[region.y], region.x, region.width)
        for column in table.ordered_columns:
            assert str(column.label) in header, (str(column.label), header)
        assert table.row_count
        for row in range(min(table.row_count, region.height - 1)):
            drawn = _cells(lines[region.y + 1 + row], region.x, region.width)
            for column, cell in zip(table.ordered_columns, table.get_row_at(row), strict=True):
                assert _shown(str(cell), drawn), (str(column.label), str(cell), drawn)
        if meeting == "big" or size[0] < 100:  # something is cut: the cursor's row reads whole below
            cut = next(n for n in range(table.row_count)
                       if any(display_width(str(cell)) > column.width
                              for column, cell in zip(table.ordered_columns, table.get_row_at(n), strict=True)))
            table.focus()
            table.move_cursor(row=cut)
            await settle(pilot)
            full = table.full_text
            assert isinstance(full, FullText) and full.display
            for column, cell in zip(table.ordered_columns, table.get_row_at(cut), strict=True):
                if display_width(str(cell)) > column.width:
                    assert str(cell) in str(full.render()), (str(cell), str(full.render()))


async def test_english_at_80_columns_takes_the_short_heading_for_achievement(db_path, demo):
    """'Achievement' would push the gap off an 80-column screen: the column is headed 'Rate' there, and
    'Achievement' where it fits."""
    for width, heading in ((80, "Rate"), (160, "Achievement")):
        app = live_app(db_path, demo.id, lang="en")
        async with app.run_test(size=(width, 30)) as pilot:
            await settle(pilot)
            table = app.screen.query_one("#indicator-table", Table)
            labels = {str(column.key.value): str(column.label) for column in table.ordered_columns}
            assert labels["achievement"] == heading
            assert labels["gap"] == "Gap"


def test_columns_drop_least_wanted_first_and_figures_are_cut_last():
    columns = [Column("name", "Name", 12, kept=True, cut_to=8), Column("figure", "Target", 8, kept=True),
               Column("rate", "Gap rate", 5), Column("streak", "Not met in a row", 20), Column("note", "Note", 4)]
    wanted = ("rate", "streak", "note")

    def fitted(available: int) -> dict[str, tuple[int, bool]]:
        return {fit.key: (fit.width, fit.cut) for fit in fit_columns(columns, available, 1, wanted)}

    assert fitted(100) == {"name": (12, False), "figure": (8, False), "rate": (8, False), "streak": (20, False),
                           "note": (4, False)}
    # the streak does not fit whole: it goes, the narrower note after it still fits
    assert fitted(50) == {"name": (12, False), "figure": (8, False), "rate": (8, False), "note": (4, False)}
    assert fitted(24) == {"name": (12, False), "figure": (8, False)}
    # too narrow for both kept ones: the name is cut to 8 before the figure is cut at all, then both
    assert fitted(20) == {"name": (8, True), "figure": (8, False)}
    assert fitted(18) == {"name": (7, True), "figure": (7, True)}
    assert sum(width + 2 for width, _ in fitted(18).values()) <= 18


def test_the_indicators_pane_keeps_the_key_figures():
    assert set(KEY_FIGURES) <= set(IndicatorsPane.KEPT)
    assert set(IndicatorsPane.COLUMNS) == set(IndicatorsPane.KEPT) | set(IndicatorsPane.WANTED)
