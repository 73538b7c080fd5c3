"""fupan's title line (`TitleBar`, one Static) stands in for Textual's `Header` (four widgets, ~8 ms of CPU
on the meetings list's first frame): it must show what Header shows, for the same titles, as they change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from tui.widgets.title import TitleBar


class _Both(App[None]):
    TITLE = "fupan 复盘"
    SUB_TITLE = "app subtitle"

    def compose(self) -> ComposeResult:
        yield Header()
        yield TitleBar()


async def test_the_title_bar_shows_what_textuals_header_shows_as_the_titles_change():
    app = _Both()
    async with app.run_test(size=(100, 10)) as pilot:

        async def both() -> tuple[str, str]:
            await pilot.pause()
            header = str(app.screen.query_one(HeaderTitle).render())
            bar = str(app.screen.query_one(TitleBar).render())
            return header, bar

        header, bar = await both()
        assert header == bar == "fupan 复盘 — app subtitle"
        app.screen.title = "华东销售中心 [b]复盘[/b]"  # the screen's own title wins, never read as markup
        header, bar = await both()
        assert header == bar and "[b]复盘[/b]" in bar
        app.screen.sub_title = "行动：逾期 2"
        app.title = "other"
        header, bar = await both()
        assert header == bar == "华东销售中心 [b]复盘[/b] — 行动：逾期 2"
        app.screen.sub_title = ""
        header, bar = await both()
        assert header == bar == "华东销售中心 [b]复盘[/b]"
