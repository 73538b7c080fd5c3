"""Form fields that lose no keystroke: what is typed right after Enter, Tab or a choice in a list goes to
the next field, not the one being left; and the helpers that lay fields out.

Enter and a list's choice act only once the key has bubbled up to the app, while the keys typed after
them are already queued for the field being left (an IME commit then Enter then more text, a paste, Tab
and the next words). `FieldInput` and `FieldSelect` hold those keys (`HoldsKeys`) until the focus has
moved, then type them where it now is.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from textual import events
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from core.i18n import Lang, label
from tui.messages import AfterTyped, EnterHandled
from tui.textual_adapter import replay_key, replay_paste
from tui.widgets.inputs import CleanInput, one_line
from tui.widgets.select import FittedSelect, FittedSelectOverlay

HOLD_SECONDS = 3.0  # a safety net only: held keys are released as soon as Enter is handled (EnterHandled)


class HoldsKeys:
    """Holds the keys typed while Enter (or a choice) is being acted on, and types them again after.

    Enter is a binding, so it acts once the key has bubbled up to the app; by then the keys typed after
    it (an IME commit followed by Enter and more text, a paste, Tab and the next words) are already
    queued for the widget Enter was pressed in, and would land there, in the field being left. So from
    Enter on, keys, pastes and `AfterTyped` (Ctrl+S, F3/F4 … typed after them) are held; once what Enter
    does is done (the focus moved), they are posted again, in order, to whatever has the focus.
    """

    HOLD_AFTER: tuple[str, ...] = ()
    """The keys after which what is typed is held (those that move the focus once they have bubbled up)."""
    _held: list[events.Key | events.Paste | AfterTyped] | None = None
    _hold_timer: Timer | None = None

    async def on_key(self, event: events.Key) -> None:
        if self._hold(event):
            return  # held: `_hold` prevented the default, so the widget's own handler does not act on it
        if event.key in self.HOLD_AFTER:
            self.start_holding()
        # The widget's own key handler runs next (Textual calls each class's handler along the MRO).

    def _hold(self, event: events.Key | events.Paste | AfterTyped) -> bool:
        """Hold ``event`` if Enter is being handled (it is posted again on release)."""
        if self._held is None:
            return False
        event.stop()
        event.prevent_default()
        self._held.append(event)
        return True

    def start_holding(self) -> None:
        self._held = []
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = self.set_timer(HOLD_SECONDS, self.release)  # type: ignore[attr-defined]

    def release_where_the_focus_went(self) -> None:
        """The focus has left (Tab): release the held keys behind the Focus the new widget has queued, so a
        field that selects its text on focus has done so and the first key typed replaces it."""
        self._behind_focus(self.release)

    def _behind_focus(self, callback: Any, *args: Any) -> None:
        """Call ``callback`` once the focused widget has handled what is queued for it (its Focus first)."""
        target = self.app.screen.focused  # type: ignore[attr-defined]
        if target is None or target is self:
            callback(*args)
        else:
            target.call_later(callback, *args)

    def _on_after_typed(self, event: AfterTyped) -> None:
        self._hold(event)  # a save or a switch typed after the held keys acts after them

    def release(self) -> None:
        """Type the held keys again where the focus now is, in order.

        Text and Tab / Shift+Tab are applied here and now: posted back to the app, each key would be
        forwarded to the focused widget before the Tab ahead of it had moved the focus (Tab acts only once
        it has bubbled up), and the words after a Tab went into the widget being left. After a Tab, the
        rest waits behind the Focus the new widget has queued (a field that selects its text on focus
        then has it selected, and the next key replaces it). From the first other key on (Enter, an
        arrow …), the rest is posted back through the app, in order; `AfterTyped` then queues behind
        them."""
        held, self._held = self._held, None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        self._release(list(held or ()))

    def _release(self, events_left: list[events.Key | events.Paste | AfterTyped]) -> None:
        app = self.app  # type: ignore[attr-defined]
        while events_left:
            event = events_left[0]
            if isinstance(event, events.Key) and event.key in ("tab", "shift+tab"):
                events_left.pop(0)
                screen = app.screen
                if event.key == "tab":
                    screen.focus_next()
                else:
                    screen.focus_previous()
                if events_left:
                    self._behind_focus(self._release, events_left)
                    return
                continue
            if not _type_now(app.screen, event):
                break
            events_left.pop(0)
        for event in events_left:
            if isinstance(event, events.Paste):
                replay_paste(app, event.text)
            elif isinstance(event, AfterTyped):
                # call_later queues behind the keys just posted: by then they are in the focused
                # widget's queue, and the action posted there acts after them.
                app.call_later(_after_typed_again, app, event.action)
            else:
                replay_key(app, event)


def _type_now(screen: Any, event: events.Key | events.Paste | AfterTyped) -> bool:
    """Apply a released event at once if it is text for the focused field, or a save or switch after
    them; False for anything else (it is posted back through the app)."""
    focused = screen.focused
    if isinstance(event, AfterTyped):
        (focused or screen).post_message(AfterTyped(event.action))
        return True
    if not isinstance(focused, Input) or isinstance(focused, HoldsKeys) and focused._held is not None:
        return False
    if isinstance(event, events.Paste):
        focused.insert_text_at_cursor(one_line(event.text))
        return True
    if event.is_printable and event.character:
        if focused.selection.is_empty:
            focused.insert_text_at_cursor(event.character)
        else:  # as Input types over what it selected on focus
            focused.replace(event.character, *focused.selection)
        return True
    return False


def _after_typed_again(app: Any, action: str) -> None:
    screen = app.screen
    (screen.focused or screen).post_message(AfterTyped(action))


class FieldInput(HoldsKeys, CleanInput):
    """A form field that hands the keys typed right after Enter or Tab to wherever the focus moves.

    After `Submitted`, the field posts `EnterHandled`; it bubbles through the same queues, so when it
    reaches the pane every handler of `Submitted` has run (and asked for any focus move, which the app
    applies first). The pane then releases the held keys (`HoldsKeys`).
    """

    HOLD_AFTER = ("enter", "tab", "shift+tab")  # Tab: released where it moved the focus (`on_blur`)

    def on_paste(self, event: events.Paste) -> None:
        self._hold(event)  # if not held, CleanInput's and Input's handlers run next

    async def action_submit(self) -> None:
        await super().action_submit()
        self.post_message(EnterHandled(self))

    def on_blur(self, event: events.Blur) -> None:
        self.release_where_the_focus_went()  # Input's own blur handler runs too

    def absorb_held(self) -> None:
        """The presenter changes while keys are held: type them here, so they stay in this presenter's
        draft instead of being released into the next presenter's form."""
        held, self._held = self._held, None
        for event in held or ():
            if isinstance(event, events.Paste):
                self.insert_text_at_cursor(one_line(event.text))
            elif isinstance(event, events.Key) and event.is_printable and event.character:
                self.insert_text_at_cursor(event.character)


class FieldSelectOverlay(HoldsKeys, FittedSelectOverlay):
    """The drop-down of a `FieldSelect`: Enter (choose) or Escape holds what is typed next until the
    choice is made and the focus is back on the Select (Textual moves it there a moment later, so Tab
    and the first words after a choice were typed into the list, and a Ctrl+S then saw an empty field)."""

    HOLD_AFTER = ("enter", "escape")  # then SelectOverlay's own key handler (type to search)

    def on_blur(self, event: events.Blur) -> None:
        self.release()  # the focus has moved (back to the Select): type the held keys there


class FieldSelect(FittedSelect):
    """A form's Select whose drop-down hands the keys typed right after a choice to the next field (and
    fits its entries, `tui.widgets.select`)."""

    overlay_class = FieldSelectOverlay


def field(caption: str, widget: Widget, *, classes: str = "") -> Horizontal:
    """A labelled form row; labels have one width so CJK and Latin captions line up."""
    return Horizontal(Label(caption, classes="field-label"), widget, classes=f"field {classes}".strip())


def options(enum: type[Enum], lang: Lang) -> list[tuple[str, str]]:
    return [(label(member, lang), member.value) for member in enum]  # type: ignore[attr-defined]


def selected(select: Select) -> Any:
    """The Select's value, or None when nothing is chosen."""
    return None if select.value is Select.NULL else select.value


def cycle(value: Enum | None, enum: type[Enum]) -> Enum | None:
    """None → first → second → … → None: rating a gap with one key."""
    members = list(enum)
    if value is None:
        return members[0]
    index = members.index(value)
    return members[index + 1] if index + 1 < len(members) else None
