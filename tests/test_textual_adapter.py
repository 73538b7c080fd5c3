"""tui/textual_adapter.py reaches past Textual's public API; each test here pins one of those reaches, so
an upgrade of Textual that moves or renames what it uses fails here, by name, before it fails on a screen."""

from __future__ import annotations

import inspect

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandList
from textual.command import CommandPalette as TextualCommandPalette
from textual.widgets import Footer, Input, Select

from tui.textual_adapter import (
    CommandPalette,
    FooterKey,
    SelectCurrent,
    SelectOverlay,
    bindings_map,
    footer_bindings_ready,
    replay_key,
    replay_paste,
    select_types_to_search,
)


class KeysApp(App):
    BINDINGS = [Binding("f2", "bell", "Old words", id="test.bell")]

    def compose(self) -> ComposeResult:
        yield Input(id="field")
        yield Select([("一", 1), ("二", 2)], id="quiet", type_to_search=False)
        yield Select([("一", 1)], id="searching")
        yield Footer()


async def test_bindings_map_is_the_map_the_footer_and_the_key_panel_read():
    app = KeysApp()
    async with app.run_test() as pilot:
        bindings = bindings_map(app)
        [binding] = bindings.key_to_bindings["f2"]
        bindings.key_to_bindings = {"f2": [Binding("f2", "bell", "New words", id="test.bell")]}
        assert app.screen.active_bindings["f2"].binding.description == "New words"
        footer = app.query_one(Footer)
        footer.refresh_bindings()
        await pilot.pause()
        assert "New words" in {key.description for key in footer.query(FooterKey)}
        [(key, pair)] = [(k, b) for k, b in bindings if k == "f2"]
        assert (key, pair.description) == ("f2", "New words")  # iterating the map: (key, binding) pairs
    assert binding.description == "Old words" and KeysApp.BINDINGS[0].description == "Old words"


async def test_footer_keys_are_footer_key_widgets_built_from_a_binding():
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        assert footer_bindings_ready(footer) is True
        assert "f2" in {key.key for key in footer.query(FooterKey)}
        # the arguments tui.widgets.footer builds them with
        FooterKey("f2", "F2", "Words", "bell", disabled=False, tooltip="tip", classes="-command-palette")
    assert footer_bindings_ready(Footer()) is False  # nothing to show before the screen says


async def test_select_is_composed_of_select_current_and_select_overlay():
    app = KeysApp()
    async with app.run_test():
        quiet, searching = app.query_one("#quiet", Select), app.query_one("#searching", Select)
        assert [type(child) for child in quiet.children] == [SelectCurrent, SelectOverlay]
        assert select_types_to_search(quiet) is False and select_types_to_search(searching) is True
        SelectOverlay(type_to_search=True)
    # tui.widgets.fields.FieldSelect.compose is Textual's with its own overlay: the same two parts
    source = inspect.getsource(Select.compose)
    assert "yield SelectCurrent(self.prompt)" in source
    assert "SelectOverlay(type_to_search=self._type_to_search).data_bind(" in source


async def test_a_replayed_key_or_paste_is_typed_where_the_focus_is():
    app = KeysApp()
    async with app.run_test() as pilot:
        field = app.query_one("#field", Input)
        field.focus()
        await pilot.pause()
        replay_key(app, events.Key("a", "a"))
        replay_key(app, events.Key("full_width_b", "ｂ"))
        await pilot.pause()
        assert field.value == "aｂ"
        replay_paste(app, "粘贴")  # to whatever has the focus
        await pilot.pause()
        replay_paste(field, "!")  # to one widget
        await pilot.pause()
        assert field.value == "aｂ粘贴!"


async def test_the_palette_says_no_matches_in_our_words():
    # Our method is Textual's with the words changed: the same steps, by the same private names.
    source = inspect.getsource(TextualCommandPalette._start_no_matches_countdown)
    for step in ("self._stop_no_matches_countdown()", "self.query_one(CommandList)", "id=self._NO_MATCHES",
                 "self._list_visible = True", "self._list_visible = False", "self._NO_MATCHES_COUNTDOWN",
                 '"No matches found"'):
        assert step in source, step
    app = KeysApp()
    async with app.run_test() as pilot:
        app.push_screen(CommandPalette("没有匹配的命令"))
        await pilot.pause()
        await pilot.press(*"zzqqxx")
        await pilot.pause(CommandPalette._NO_MATCHES_COUNTDOWN + 0.5)
        options = app.screen.query_one(CommandList)
        shown = options.get_option(CommandPalette._NO_MATCHES)
        assert "没有匹配的命令" in str(shown.prompt.renderable)


def test_escape_and_a_number_row_key_at_once_reach_the_app_as_alt_and_that_key():
    """Textual's parser read Esc 7 as WezTerm's Option+7 and typed "¶" (`read_escape_then_key_as_alt`)."""
    from textual._xterm_parser import XTermParser

    from tui.textual_adapter import WEZTERM_OPTION_SEQUENCES, read_escape_then_key_as_alt

    def keys(sequence: str) -> list[tuple[str, str | None]]:
        parser = XTermParser()  # the end of the input stands for the escape delay running out
        return [(event.key, event.character) for event in [*parser.feed(sequence), *parser.feed("")]]

    read_escape_then_key_as_alt()
    assert [keys(f"\x1b{digit}") for digit in "1234567890"] == [[(f"alt+{digit}", digit)] for digit in "1234567890"]
    assert keys("\x1bn") == [("alt+n", "n")]  # as a letter always was
    # Textual gives no Alt to a key named by a word: Esc is dropped, the key itself arrives, not "–" or "≠".
    assert keys("\x1b-") == [("minus", "-")] and keys("\x1b=") == [("equals_sign", "=")]
    assert all(len(sequence) == 2 for sequence in WEZTERM_OPTION_SEQUENCES)
