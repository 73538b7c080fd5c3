"""The live screen's keys: the function keys act wherever the keyboard is; the clock's letters (space n p s
+ - m q) act where the keyboard is not in a form; Esc pressed together with a key does what Esc and then
that key do.

Letters in a form are typing. A form's first field is not always a text field (tab 3 opens on the gap
drop-down, tab 6 on its line table), and an `n` typed there moved the clock to the next presenter. The
tabs that only list (indicators, previous actions) keep the letters.

Esc and a key within the terminal's escape delay reach the app as Alt and that key
(`tui.textual_adapter.read_escape_then_key_as_alt`): a fast hand's Esc 7 opens tab 7, and Esc n moves
the clock on, from inside a field, as the footer's "Esc leaves the field · 1–7 tabs" promises.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Tabs

from tui.widgets.workspace import TABS, Pane, Workspace

ESCAPE_AND_KEY = {"n": "next", "p": "previous", "s": "skip", "m": "mute", "q": "back",
                  **{str(n): f"tab({n})" for n in range(1, len(TABS) + 1)}}
"""Keys whose Esc-and-key arrives as Alt and the key (Textual gives no Alt to space, minus or plus: Esc is
dropped and those arrive alone)."""

BINDINGS = [
    Binding("f2", "toggle", "key.start_pause", priority=True, id="live.start_pause"),
    Binding("f3", "after_typed('previous')", "key.previous", priority=True, id="live.previous"),
    Binding("f4", "after_typed('next')", "key.next", priority=True, id="live.next"),
    Binding("f5", "after_typed('skip')", "key.skip", priority=True, id="live.skip"),
    Binding("f6", "shorten", "key.minus", priority=True, id="live.minus"),
    Binding("f7", "extend", "key.plus", priority=True, id="live.plus"),
    Binding("f8", "mute", "key.mute", priority=True, id="live.mute"),
    Binding("f9", "export", "key.export", priority=True, id="live.export"),
    Binding("f10", "after_typed('summary')", "key.summary", priority=True, id="live.summary"),
    Binding("f12", "big_clock", "key.big_clock", priority=True, id="live.big_clock"),
    Binding("ctrl+t", "message", "key.message", priority=True, id="live.message"),
    Binding("ctrl+s", "after_typed('save')", "key.save", priority=True, id="live.save"),
    Binding("escape", "leave_field", "key.leave_field", show=False, id="live.leave_field"),
    # The clock's letters: refused in a form (`LiveKeys.check_action`), where they are typing.
    Binding("space", "letter('toggle')", "key.start_pause", show=False, id="live.start_pause_letter"),
    Binding("n", "letter('next')", "key.next", show=False, id="live.next_letter"),
    Binding("p", "letter('previous')", "key.previous", show=False, id="live.previous_letter"),
    Binding("s", "letter('skip')", "key.skip", show=False, id="live.skip_letter"),
    Binding("plus,equals_sign", "letter('extend')", "key.plus", show=False, id="live.plus_letter"),
    Binding("minus", "letter('shorten')", "key.minus", show=False, id="live.minus_letter"),
    Binding("m", "letter('mute')", "key.mute", show=False, id="live.mute_letter"),
    Binding("q", "letter('back')", "key.back", show=False, id="live.back"),
    *(Binding(str(n), f"tab({n})", "key.tab", show=False, id=f"live.tab_{n}") for n in range(1, len(TABS) + 1)),
    # Esc and a key at once, from inside a field too: priority, or the field would type the key.
    *(Binding(f"alt+{key}", f"after_escape({action!r})", show=False, priority=True, id=f"live.escape_{key}")
      for key, action in ESCAPE_AND_KEY.items()),
]


class LiveKeys(Screen):
    """The live screen's side of those keys."""

    def in_form(self) -> bool:
        """The keyboard is in a tab's form (a field, its drop-down or its table), where letters are typing."""
        focused = self.focused
        return focused is not None and any(
            isinstance(node, Pane) and node.FORM is not None for node in focused.ancestors_with_self
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "letter":
            return not self.in_form()
        return super().check_action(action, parameters)

    async def action_letter(self, action: str) -> None:
        """A clock letter where the keyboard is not in a form (`check_action` refuses it there)."""
        await self.run_action(action)

    def action_leave_field(self) -> None:
        """Escape: leave the field being typed in, so the letters and number keys act again."""
        self.query_one(Workspace).query_one(Tabs).focus()

    async def action_after_escape(self, action: str) -> None:
        """Esc and a key at once: the field left, then the key's action."""
        self.action_leave_field()
        await self.run_action(action)
