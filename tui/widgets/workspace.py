"""The presenter workspace of the live screen: what every tab (`Pane`) shares.

Every pane shows the current presenter's data and writes through `db.queries` the moment an item is
entered (Enter in a field or Ctrl+S), so what the screen calls saved is already committed. Numbers come
from `core.rules`; no pane re-derives a rule. The tabs themselves live in `tui.widgets.review`
(indicators, catch-up, previous actions) and `tui.widgets.capture` (root causes, actions, lessons).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from textual import events
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from core.i18n import Lang, label, text
from core.model import (
    Meeting,
)
from core.parse import ParseError, clean_text, parse_due_date
from tui.busy import guard_writes
from tui.messages import CaptureSaved
from tui.screens.base import localize_bindings


@dataclass(frozen=True, slots=True)
class Presenting:
    """Whose turn it is: what every pane needs to load."""

    meeting: Meeting
    presenter: str


HOLD_SECONDS = 1.0  # a safety net only: held keys are normally released as soon as Enter is handled


def one_line(pasted: str) -> str:
    """A paste as a one-line field takes it: control characters dropped (core.parse.clean_text) and
    several lines joined by a space. (Textual's Input keeps only the first line, so the rest of a pasted
    paragraph was lost, and all of a paste that starts with a line break.)"""
    lines = clean_text(pasted).splitlines()
    if len(lines) <= 1:
        return "".join(lines)
    return " ".join(line.strip() for line in lines if line.strip())


class CleanInput(Input):
    """An Input that takes a paste as `one_line` makes it: a terminal paste keeps BEL, ESC … and line
    breaks, and what the form checks (required, already on the agenda) must be what will be stored."""

    def _on_paste(self, event: events.Paste) -> None:
        # Textual then calls Input's own handler (handlers run along the MRO) unless prevented here.
        if event.text != (cleaned := one_line(event.text)):
            event.stop()
            event.prevent_default()
            self.post_message(events.Paste(cleaned))


class FieldInput(CleanInput):
    """A form field that hands the keys typed right after Enter to wherever Enter moves the focus.

    Enter is a binding, so it acts once the key has bubbled up to the app; by then the keys typed
    after it (an IME commit followed by Enter and more text, or a paste) are already queued for this
    field and would land here. So from Enter on, keys and pastes are held. After `Submitted`, the field posts
    `EnterHandled`; it bubbles through the same queues, so when it reaches the screen every handler
    of `Submitted` has run (and asked for any focus move, which the app applies first). The screen
    then releases the keys: they are typed again, in order, into whatever has the focus.
    """

    class EnterHandled(Message):
        """Follows `Submitted` up the DOM; the screen releases the held keys on receiving it."""

        def __init__(self, field: FieldInput) -> None:
            super().__init__()
            self.field = field

    _held: list[events.Key | events.Paste] | None = None

    def _hold(self, event: events.Key | events.Paste) -> bool:
        """Hold ``event`` if Enter is being handled (it is typed again on release)."""
        if self._held is None:
            return False
        event.stop()
        event.prevent_default()
        self._held.append(event)
        return True

    def _on_paste(self, event: events.Paste) -> None:
        self._hold(event)  # if not held, CleanInput's and Input's handlers run next

    async def _on_key(self, event: events.Key) -> None:
        if self._hold(event):
            return
        if event.key == "enter":
            self._held = []
            self.set_timer(HOLD_SECONDS, self.release)
        # Input's own _on_key runs next (Textual calls each class's handler along the MRO).

    async def action_submit(self) -> None:
        await super().action_submit()
        self.post_message(self.EnterHandled(self))

    def _on_blur(self, event: events.Blur) -> None:
        self.release()  # Input's own _on_blur runs too

    def release(self) -> None:
        """Type the held keys again, through the app, so they reach the focused widget as typed."""
        held, self._held = self._held, None
        for event in held or ():
            if isinstance(event, events.Paste):
                self.app.post_message(events.Paste(event.text))
            else:
                self.app.post_message(events.Key(event.key, event.character))


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


class Pane(Vertical):
    """A tab of the workspace. `load` is called when the presenter changes or the tab is opened."""

    DEFAULT_CSS = """
    Pane { height: 1fr; }
    Pane DataTable { height: auto; max-height: 12; }
    Pane .field { height: auto; }
    Pane .field-label { width: 18; padding: 0 1 0 0; color: $text-muted; }
    Pane .field Input, Pane .field Select { width: 1fr; }
    Pane .form { height: auto; grid-size: 2; grid-gutter: 0 2; grid-rows: auto; }
    Pane .wide { column-span: 2; }
    Pane .error { color: $error; height: auto; }
    Pane .nudge { color: $warning; height: auto; }
    Pane .summary-line { height: auto; }
    """

    presenting: Presenting | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        guard_writes(cls)  # a busy database: one notice, the form kept as typed (tui.busy)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        localize_bindings(self, self.app.t)  # type: ignore[attr-defined]

    @property
    def db(self) -> Any:
        return self.app.db  # type: ignore[attr-defined]

    @property
    def lang(self) -> Lang:
        return self.app.lang  # type: ignore[attr-defined]

    def t(self, key: str) -> str:
        return text(key, self.lang)

    @property
    def meeting(self) -> Meeting:
        assert self.presenting is not None
        return self.presenting.meeting

    @property
    def presenter(self) -> str:
        assert self.presenting is not None
        return self.presenting.presenter

    def today(self) -> date:
        return self.app.today()  # type: ignore[attr-defined]

    def load(self, presenting: Presenting) -> None:
        previous, self.presenting = self.presenting, presenting
        if previous is not None and previous.presenter != presenting.presenter:
            self.clear_form()  # a half-typed item belongs to whom it was typed for, never to the next one
        self.refresh_data()

    def clear_form(self) -> None:
        """Empty the form for a new item (panes with a form); the list is reloaded by refresh_data."""

    def action_new(self) -> None:
        """Ctrl+N in a pane with a form: an empty form, the keyboard in its first field."""
        self.clear_form()
        self.focus_first()

    def refresh_data(self) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        """Ctrl+S: commit the form; panes without a form have nothing to save."""
        return False

    def focus_first(self) -> None:
        """Where the keyboard lands when the tab is opened with its number key."""
        first = self.query("DataTable, Input").first()
        first.focus()

    def show_error(self, message: str) -> None:
        self.query_one(".error", Label).update(message)
        self.notify(message, severity="error", markup=False)

    def clear_error(self) -> None:
        self.query_one(".error", Label).update("")

    def saved(self, what: str, message: str | None = None) -> None:
        self.clear_error()
        self.notify(message or self.t("saved"), timeout=2, markup=False)
        self.post_message(CaptureSaved(what))

    def parse_day(self, value: str, caption: str) -> date | None:
        """A date as people type it; without a year, the next such day on or after the meeting's date."""
        try:
            return parse_due_date(value, meeting_date=self.meeting.date, today=self.today())
        except ParseError as exc:
            raise ValueError(f"{caption}: {exc}") from None
