"""The footer changes only what changed: a focus move rewrites the mounted key widgets in place, so a key
keeps its widget and reads the new binding, and a key is styled once as it mounts (tui/widgets/footer.py)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from tui.textual_adapter import FooterKey
from tui.widgets.footer import Footer


class TwoFields(App):
    BINDINGS = [Binding("f2", "bell", "Ring"), Binding("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Plain(id="plain")
        yield Input(id="field")
        yield Footer()


class Plain(Input):
    BINDINGS = [Binding("f5", "five", "Five"), Binding("f6", "six", "Six"), Binding("f7", "seven", "Seven")]


def shown(footer: Footer) -> list[tuple[str, str]]:
    """What each mounted key reads, left to right, as drawn."""
    return [(key.key, str(key.render()).strip()) for key in footer.query_children(FooterKey)]


def described(footer: Footer) -> list[tuple[str, str]]:
    """The mounted keys' bindings, the command palette's key (docked right) left out."""
    return [(key.key, key.description) for key in footer.query_children(FooterKey) if not key.has_class("-command-palette")]


async def test_a_focus_move_rewrites_the_keys_in_place_and_the_footer_reads_the_new_bindings():
    app = TwoFields()
    async with app.run_test(size=(100, 10)) as pilot:
        footer = app.query_one(Footer)
        app.query_one("#plain").focus()
        await pilot.pause()
        before = list(footer.query_children(FooterKey))
        assert {"f5", "f6", "f7", "f2"} <= {key for key, _ in shown(footer)}
        app.query_one("#field").focus()
        await pilot.pause()
        after = list(footer.query_children(FooterKey))
        keys = [key for key, _ in shown(footer)]
        assert "f5" not in keys and "f2" in keys
        # what is drawn is what a footer composed from scratch would show
        assert described(footer) == [(entry.binding.key, entry.binding.description) for entry in footer.entries()]
        assert any(ring[1].endswith("Ring") for ring in shown(footer))
        # the keys that stayed of the same kind kept their widgets
        assert after[0] is before[0]
        app.query_one("#plain").focus()
        await pilot.pause()
        assert {"f5", "f6", "f7"} <= {key for key, _ in shown(footer)}
        assert described(footer) == [(entry.binding.key, entry.binding.description) for entry in footer.entries()]


async def test_a_key_is_born_compact_so_mounting_it_styles_it_once():
    app = TwoFields()
    restyled: list[FooterKey] = []
    async with app.run_test(size=(100, 10)) as pilot:
        update_styles = app.update_styles

        def counting(node, animate: bool = True) -> None:
            if isinstance(node, FooterKey):
                restyled.append(node)
            update_styles(node, animate=animate)

        app.update_styles = counting  # type: ignore[method-assign]
        app.query_one("#plain").focus()
        await pilot.pause()
        app.query_one("#field").focus()
        await pilot.pause()
        keys = list(app.query_one(Footer).query_children(FooterKey))
        assert keys and all(key.has_class("-compact") for key in keys)
    assert restyled == []
