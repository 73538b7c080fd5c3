"""A Chinese UI is Chinese all the way: Textual's own words (footer, F1 keys panel, command palette,
dialogs) included, and every screen read on zh shows no English word outside key names, format names
and ids. The footer fits 80×24, 100×30 and 160×48 with the way out first and no label cut in half."""

from __future__ import annotations

import os
import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from core import i18n
from tests.drivers import FakeClock, live_app
from tui.app import make_app
from tui.screens.live import LiveScreen
from tui.widgets.footer import Footer

SIZES = [(80, 24), (100, 30), (160, 48)]

ALLOWED_LATIN = {
    # key names as the footer and the F1 panel write them
    "esc", "ctrl", "shift", "tab", "enter", "home", "end", "pgup", "pgdn", "super", "space", "del",
    "delete", "backspace", "insert", "Esc", "Ctrl", "Enter", "Tab", "Space", "Shift", "Delete",
    # format names and ids
    "CSV", "XLSX", "Excel", "Markdown", "HTML", "SVG", "ID", "WPS", "LibreOffice", "alt",
}
ALLOWED_PHRASES = ("5-Why",)  # the seeds' own name of the method, in their Chinese tables too
KEY_NAME = re.compile(r"^[Ff]\d{1,2}$")


def screen_text(app) -> str:
    """The whole screen as plain text, as a terminal of the app's size shows it."""
    console = Console(width=app.size.width, height=app.size.height, record=True,
                      file=open(os.devnull, "w"), color_system=None)  # noqa: SIM115
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def english_words(text: str) -> set[str]:
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, "")
    return {word for word in re.findall(r"[A-Za-z][A-Za-z]+", text)
            if word not in ALLOWED_LATIN and not KEY_NAME.match(word)}


def footer_line(app) -> str:
    return screen_text(app).rstrip("\n").splitlines()[-1]


async def settle(pilot) -> None:
    """Until the footer has drawn the keys of the focus it follows (it recomposes after a refresh)."""
    for _ in range(3):
        await pilot.pause(0.05)
        await pilot.wait_for_scheduled_animations()


def assert_footer_whole(app) -> None:
    """Every key the footer shows is on its line whole, the way out first and F1 last."""
    footer = app.screen.query_one(Footer)
    keys = list(footer.query(FooterKey))
    line = footer_line(app)
    assert keys, line
    for key in keys:
        assert f"{key.key_display} {key.description}".rstrip() in line, (key.description, line)
    used = sum(cell_len(key.key_display) + 1 + cell_len(key.description) + 1 for key in keys) + 1
    assert used <= app.size.width, line
    ordinary = [key for key in keys if not key.has_class("-command-palette")]
    assert ordinary[0].action in {"back", "letter('back')", "cancel", "quit", "app.quit", "leave_field"}, line
    assert ordinary[-1].action in {"toggle_help", "app.toggle_help"}, line


async def test_every_zh_screen_speaks_chinese(db_path, demo):
    """Every screen, dialog and panel of the app on zh: no English word outside the allowed ones, and
    no i18n key the code asked for was missing."""
    i18n.missing_keys().clear()
    app = make_app(db_path, lang="zh", clock=FakeClock(), bell=False)
    seen: dict[str, set[str]] = {}
    async with app.run_test(size=(100, 30)) as pilot:

        async def read(name: str, wait: float = 0.05) -> None:
            await pilot.pause(wait)
            words = english_words(screen_text(app))
            if words:
                seen[name] = words

        async def back() -> None:
            app.pop_screen()
            await pilot.pause()

        await pilot.pause()
        await read("meetings")
        app.action_show_help_panel()
        await read("meetings F1 keys")
        app.action_hide_help_panel()
        app.action_command_palette()
        await read("command palette")
        await pilot.press(*"zzqq")  # what the user typed is not checked, the answer is
        await pilot.pause(0.8)
        assert "没有匹配的命令" in screen_text(app)
        await back()
        app.screen.action_new_meeting()
        await read("new meeting")
        await back()
        app.screen.action_delete()
        await read("delete dialog")
        await back()
        app.open_tracking()
        await read("tracking")
        await back()
        app.open_setup(demo.id)
        await read("setup")
        app.action_show_help_panel()
        await read("setup F1 keys")
        app.action_hide_help_panel()
        await back()
        app.open_live(demo.id)
        await pilot.pause()
        live = app.screen
        assert isinstance(live, LiveScreen)
        for number in range(1, 8):
            await live.action_tab(number)  # a tab is built the first time it is shown
            await read(f"live tab {number}")
            app.action_show_help_panel()
            await read(f"live tab {number} F1 keys")
            app.action_hide_help_panel()
        live.action_export()
        await pilot.pause()
        app.screen.query_one("#export-folder", Input).value = ""  # the folder's path is the user's, not a word
        await read("export dialog")
        await back()
        live.action_message()
        await read("message dialog")
        await back()
        await live.action_big_clock()
        await read("big clock")
        await live.action_big_clock()
        live.action_summary()
        await read("summary", 0.3)
    assert not seen, seen
    assert not i18n.missing_keys(), i18n.missing_keys()


async def test_the_command_palette_speaks_the_apps_language(db_path, demo):
    for lang, placeholder, commands, no_match in (
        ("zh", "搜索命令…", {"主题", "退出", "按键", "截图"}, "没有匹配的命令"),
        ("en", "Search for commands…", {"Theme", "Quit", "Keys", "Screenshot"}, "No matches found"),
    ):
        app = make_app(db_path, lang=lang, clock=FakeClock(), bell=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause(0.2)
            assert app.screen.query_one(Input).placeholder == placeholder
            assert commands <= {command.title for command in app.get_system_commands(app.screen)}
            assert any(name in screen_text(app) for name in commands)
            await pilot.press(*"zzqq")
            await pilot.pause(0.8)  # Textual waits half a second before saying nothing matched
            assert no_match in screen_text(app)


async def test_the_f1_keys_panel_names_textuals_own_keys_in_chinese(db_path, demo):
    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause(0.1)
        shown = screen_text(app)
        assert "下一个控件" in shown and "光标上移" in shown  # Tab (Screen) and the table's up key
        assert "Focus Next" not in shown and "Cursor up" not in shown


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_footer_fits_with_the_way_out_first(db_path, demo, lang, size):
    app = live_app(db_path, demo.id, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert_footer_whole(app)
        assert footer_line(app).split()[0] == "q"  # the live screen is left with q
        if size[0] >= 100:
            assert "f6 " in footer_line(app)  # the timer keys come before the focused table's
        await app.screen.action_tab(4)  # the actions form: typing in a field, q types "q"
        await settle(pilot)
        assert_footer_whole(app)
        assert footer_line(app).split()[0] == "esc"
        app.screen.action_back()
        await settle(pilot)
        assert_footer_whole(app)  # the meetings list: ctrl+q quits
        app.open_tracking()
        await settle(pilot)
        assert_footer_whole(app)


@pytest.mark.parametrize(("width", "shown"), [
    (17, "华东销售中心 10…"), (18, "华东销售中心 10…"), (19, "华东销售中心 10 月…"), (30, "华东销售中心 10 月月度复盘会"),
])
def test_a_cut_cjk_title_ends_in_an_ellipsis_after_its_last_whole_character(width, shown):
    from tui.widgets.text import ellipsized

    cut = ellipsized("华东销售中心 10 月月度复盘会", width)
    assert cut.cell_len == width  # padded after the "…", never before it
    assert cut.plain.rstrip() == shown


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_live_tabs_and_gap_columns_fit_a_laptop(db_path, demo, lang, size):
    """Every tab label is whole (full, short or its number alone), and from 100 columns on the gap is
    on screen: the category column, not the gap, is what a narrow screen cuts."""
    from tui.screens.live import TABS

    app = live_app(db_path, demo.id, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        t = app.t
        for number, (_, _, key) in enumerate(TABS, 1):
            whole = {f"{number} {t(key)}", f"{number} {t(f'tab_short.{key}')}"}
            assert any(label in shown for label in whole) or size[0] < 100, (key, shown)
        if size[0] >= 100:
            heading = next(line for line in shown.splitlines() if t("indicator") in line and t("target") in line)
            assert t("gap") in heading, heading
        assert not re.search(r"\s…", shown), shown  # nothing cut with a blank before its "…"


async def test_a_long_gap_choice_stays_on_one_line_and_ends_in_an_ellipsis(db_path, demo):
    """The gap picker of the root-cause form at 100×30: every entry on its own line (no "达成率 68%"
    wrapped under it), cut with "…"."""
    from textual.widgets import Select

    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.screen.action_tab(3)
        await settle(pilot)
        picker = app.screen.query_one("#gap", Select)
        picker.focus()
        picker.expanded = True
        await settle(pilot)
        shown = screen_text(app)
        assert "平均跟进周期 · " in shown and "…" in shown
        assert not [line for line in shown.splitlines() if line.split("▕")[-1].strip().startswith("达成率")]


async def test_a_sheet_s_problem_in_setup_s_preview_is_chinese(db_path, demo, tmp_path):
    """Found sweeping the zh UI: the import preview's 应为 column showed the reader's English words."""
    from tests.drivers import open_setup

    app = make_app(db_path, lang="zh", clock=FakeClock(), bell=False)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_setup(app, pilot, demo.id)
        screen.query_one("#sheet-path", Input).value = str(tmp_path / "missing.csv")
        await pilot.click("#preview")
        await app.workers.wait_for_complete()
        screen.query_one("#sheet-path", Input).value = ""  # the path is the user's, not a word
        await settle(pilot)
        shown = screen_text(app)
        assert "已存在的文件" in shown
        assert not english_words(shown) - {"missing", "csv"}, english_words(shown)
