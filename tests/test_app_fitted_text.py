"""Long text ends with "…" and the text under the cursor reads in full: a drop-down's entries take one line
each, cut after their last whole character, and its highlighted entry is drawn whole (wrapped), whatever the
Select's width; a Select's chosen value or prompt is cut the same way instead of wrapping."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Select

from core.width import display_width
from tests.drivers import FakeClock, live_app, sqlite_utils_on
from tests.test_app_fit_setup_summary import drawn_in
from tests.test_app_zh import screen_text, settle
from tui.app import make_app
from tui.textual_adapter import SelectCurrent, SelectOverlay


async def _expanded(pilot, tab: int, select_id: str) -> tuple[Select, SelectOverlay]:
    app = pilot.app
    await settle(pilot)
    await app.screen.action_tab(tab)
    await settle(pilot)
    select = app.screen.query_one(f"#{select_id}", Select)
    select.focus()
    select.expanded = True
    await settle(pilot)
    return select, select.query_one(SelectOverlay)


def _drawn(app, overlay: SelectOverlay) -> list[str]:
    lines = screen_text(app).splitlines()
    region = overlay.content_region
    return [drawn_in(lines, region.crop_size((region.width, 1)).translate((0, row))).strip()
            for row in range(region.height)]


def _labels(overlay: SelectOverlay) -> list[str]:
    return [str(option.prompt) for option in overlay.options]


async def test_the_highlighted_entry_reads_whole_and_the_others_end_in_an_ellipsis(db_path, demo):
    """The catch-up form's source picker is 10 columns wide at 100×30: "老客户老项目" wrapped over two lines
    under "新项目"; now each entry is one line, and the one under the cursor is whole."""
    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        _, overlay = await _expanded(pilot, 6, "source")
        labels = _labels(overlay)
        for highlighted in range(len(labels)):
            overlay.highlighted = highlighted
            await settle(pilot)
            rows = iter(_drawn(app, overlay))
            for index, label in enumerate(labels):
                row = next(rows)
                if index == highlighted:
                    while len(row) < len(label):  # wrapped over the lines it needs
                        row += next(rows)
                    assert row == label, (highlighted, _drawn(app, overlay))
                else:
                    assert row == label or (row.endswith("…") and label.startswith(row[:-1])), row
        assert any(display_width(label) > overlay.content_region.width for label in labels)  # one too long


async def test_typing_finds_an_entry_by_its_whole_text(db_path, demo):
    """Type to search reads the entries' text although they are drawn cut."""
    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        _, overlay = await _expanded(pilot, 3, "gap")
        await pilot.press("销")
        await settle(pilot)
        assert overlay.highlighted is not None
        assert _labels(overlay)[overlay.highlighted].startswith("销售额")


async def test_a_select_too_narrow_for_its_prompt_cuts_it_on_one_line(db_path, demo):
    """The tracking screen's meeting filter at 80×24 in English: "All meetings" wrapped under "All"."""
    app = make_app(db_path, lang="en", clock=FakeClock(), bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_tracking()
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        current = app.screen.query_one("#meeting-filter", Select).query_one(SelectCurrent)
        label = current.query_one("#label").content_region
        assert label.height == 1
        shown = drawn_in(screen_text(app).splitlines(), label).strip()
        assert shown.endswith("…") and "All meetings".startswith(shown[:-1]), shown


async def test_previous_actions_end_in_an_ellipsis_and_the_highlighted_one_reads_whole(db, db_path, demo):
    """Tab 7 at 100×30: the measure no longer runs the table off the screen mid-character; it ends in
    "…" and the line under the table holds the whole measure (and meeting) of the row under the cursor."""
    from tui.widgets.table import Table

    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.screen.action_tab(7)
        await settle(pilot)
        table = app.screen.query_one("#previous-table", Table)
        table.focus()
        measures = {row["id"]: row["measure"] for row in sqlite_utils_on(db)["actions"].rows}
        shown = []
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await settle(pilot)
            action_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            whole = "".join(str(table.full_text.render()).split())
            assert "".join(measures[action_id].split()) in whole
            shown.append(screen_text(app))
        assert any(measures[1][:6] in text and "…" in text for text in shown)
        assert all(measure not in shown[0].split("改进措施：")[0] for measure in measures.values())


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_summary_tables_cut_long_text_and_keep_the_gap_on_screen(db_path, demo, lang):
    """At 80×24 the gaps without a root cause show their gap column: a key-work title in the indicator
    column was 36 columns wide; it is cut and reads whole under the table when the cursor is on it."""
    from tui.widgets.table import FullText, Table

    app = live_app(db_path, demo.id, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.action_summary()
        await settle(pilot)
        table = app.screen.query_one("#gaps_without_root_cause", Table)
        assert sum(column.get_render_width(table) for column in table.ordered_columns) <= app.size.width - 2
        long_rows = [row for row in range(table.row_count)
                     if display_width(str(table.get_row_at(row)[1])) > table.ordered_columns[1].width]
        assert long_rows  # the demo's key-work shortfalls
        table.focus()
        table.move_cursor(row=long_rows[0])
        await settle(pilot)
        under = [w for w in app.screen.query(FullText) if w.table is table][0]
        assert str(table.get_row_at(long_rows[0])[1]) in str(under.render())


@pytest.mark.parametrize("width", range(14, 24))
async def test_a_field_too_narrow_for_its_text_draws_one_line_of_its_own_width(width):
    """A field left with a value too long for it showed its start and "…" followed by a line break: Rich
    ends a cut Text with "\\n", the terminal moved down a row there, and the cells after it were written
    over the row below (setup's goal at 80×24 drew "分析2026年上半…▔▔▔")."""
    from textual.app import App

    from tui.widgets.inputs import CleanInput
    from tui.widgets.text import ellipsized

    goal = "分析2026年上半年销售额未达标原因，确定下半年追赶计划与改进措施"

    class OneField(App):
        CSS = f"CleanInput {{ width: {width + 4}; }}"

        def compose(self):
            yield CleanInput(goal, id="goal")
            yield CleanInput("", id="other")

    app = OneField()
    async with app.run_test(size=(40, 8)) as pilot:
        app.query_one("#other").focus()
        await pilot.pause()
        field = app.query_one("#goal", CleanInput)
        strip = field.render_line(0)
        assert all("\n" not in segment.text for segment in strip), [segment.text for segment in strip]
        assert strip.cell_length == field.scrollable_content_region.width + 1
        assert "".join(segment.text for segment in strip).rstrip().endswith("…")
    assert ellipsized(goal, width, pad=False).end == "\n"  # Rich's default, kept as given
    assert ellipsized(Text(goal, end=""), width, pad=False).end == ""

