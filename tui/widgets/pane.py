"""A tab of the live screen's workspace (`Pane`): one presenter's data, and a form whose draft is kept.

Every pane shows the current presenter's data and writes through `db.queries` the moment an item is
entered (Enter in a field or Ctrl+S), so what the screen calls saved is already committed; what is typed
but not saved is that presenter's draft, written within a second and shown again when the pane is next
loaded. Numbers come from `core.rules`; no pane re-derives a rule. The tabs themselves live in
`tui.widgets.review` (indicators, key work, previous actions), `tui.widgets.catch_up`,
`tui.widgets.root_cause` and `tui.widgets.capture` (actions, lessons); their form fields in
`tui.widgets.fields`; the tabs together in `tui.widgets.workspace`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from time import monotonic
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Select
from textual.widgets.select import InvalidSelectValueError

from core.i18n import Lang, text
from core.model import Draft, Meeting
from core.parse import ParseError, parse_due_date
from core.rules import DRAFT_SECONDS
from db import queries
from db.store import is_busy, writer
from tui.widgets.inputs import refocus
from tui.busy import guard_writes
from tui.keys import localize_bindings
from tui.messages import CaptureSaved, EnterHandled
from tui.widgets.fields import FieldInput


@dataclass(frozen=True, slots=True)
class Presenting:
    """Whose turn it is: what every pane needs to load."""

    meeting: Meeting
    presenter: str


FormState = tuple[dict[str, str], dict[str, "str | None"], dict[str, Any]]


class Pane(Vertical):
    """A tab of the workspace, bound to one presenter at a time by `Workspace.present`.

    A pane with a form (``FORM``) keeps what is typed but not saved as that presenter's draft: written
    ``DRAFT_SECONDS`` after the last change, and at once when the presenter changes or the app closes;
    shown again (marked as a draft) when the pane is next loaded for that presenter; discarded only by
    Ctrl+D or Ctrl+N once confirmed; deleted in the transaction that saves the item (`committing`).
    """

    FORM: ClassVar[str | None] = None
    """The draft's form name (core.model.Draft.form); None for a pane without a form."""
    NOT_SAVED_BY_SAVE: ClassVar[tuple[str, ...]] = ()
    """Fields the item's save does not store (the 5-Why step still being typed): what they hold after a
    save stays a draft."""
    ITEM_CHOICES: ClassVar[tuple[str, ...]] = ()
    """Choices that name the item being edited (kept in ``item_key``, not among the draft's fields)."""

    # priority: Input binds Ctrl+D to delete-right (Delete does that too); in the workspace it discards.
    BINDINGS = [Binding("ctrl+d", "discard_draft", "key.discard_draft", priority=True, id="pane.discard_draft")]

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
    Pane .draft-mark { display: none; height: 1; width: 1fr; background: $warning 30%; color: $text; }
    Pane.-draft .draft-mark { display: block; }
    /* The field being typed in must be obvious on a projector (compact fields differ by one shade). */
    Pane Input.-textual-compact:focus { background: $accent 35%; text-style: bold; }
    Pane Select.-textual-compact:focus > SelectCurrent { background: $accent 35%; }
    Pane .field:focus-within > .field-label { color: $accent; text-style: bold; }
    """

    presenting: Presenting | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        guard_writes(cls)  # a busy database: one notice, the form kept as typed (tui.busy)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        localize_bindings(self, self.app.t)  # type: ignore[attr-defined]
        self._clean: FormState | None = None  # the form as loaded or saved; None while (re)loading
        self._stored = False  # a draft row exists for the presenter
        self._draft_timer: Timer | None = None
        # Drafts a locked database refused (another program held the write lock past the busy timeout),
        # by (meeting, presenter): kept here and written by `_retry_unsaved` once the lock is free.
        self._unsaved: dict[tuple[int, str], Draft] = {}
        self._retry_timer: Timer | None = None
        self._last_change = 0.0
        self._inputs: list[Input] = []
        self._selects: list[Select] = []

    def on_mount(self) -> None:
        # Tab visits fields only: a scrolling container takes the focus by default, invisibly, and what
        # was typed next went nowhere (or, one Tab later, into the wrong field).
        for container in self.query(VerticalScroll):
            container.can_focus = False
        # Held, not queried, so the draft can still be read while the app closes (children unmount first).
        self._inputs = [w for w in self.query(Input) if w.id]
        self._selects = [w for w in self.query(Select) if w.id and w.id not in self.ITEM_CHOICES]

    def compose(self) -> ComposeResult:
        yield Label(self.t("draft_mark"), classes="draft-mark")
        yield from self.compose_form()

    def compose_form(self) -> ComposeResult:
        """The pane's own widgets (below the draft mark)."""
        return iter(())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard_draft":
            return self.FORM is not None
        return True

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

    # --- binding to a presenter -------------------------------------------------------------------

    def unbind(self, presenting: Presenting) -> None:
        """The presenter changed: keep the form's draft for whom it was typed, and empty the form so
        no key can act on it for the next presenter. (The pane loads when it is next shown.)"""
        for field_input in self._inputs:
            if isinstance(field_input, FieldInput):
                field_input.absorb_held()
        self.flush_draft()
        self._clean = None
        self.presenting = presenting
        self.clear_form()
        self.clear_error()
        self.remove_class("-draft")

    def load(self, presenting: Presenting) -> None:
        """Show ``presenting``'s data, and their draft of this form if there is one."""
        self.flush_draft()
        self._clean = None
        self.presenting = presenting
        self.clear_form()
        self.refresh_data()
        draft = queries.draft_for(self.db, self.meeting.id, self.presenter, self.FORM) if self.FORM else None
        draft = self._unsaved.pop((self.meeting.id, self.presenter), None) or draft  # newer, not yet written
        if draft is not None and draft.item:
            self.open_item(draft.item)
        self._clean = self.form_state()
        self._stored = draft is not None
        if draft is not None:
            self.apply_draft(draft)
        self.set_class(draft is not None, "-draft")

    # --- drafts ------------------------------------------------------------------------------------

    def item_key(self) -> dict[str, Any]:
        """Which saved item the form edits ({} for a new one)."""
        return {}

    def open_item(self, item: dict[str, Any]) -> None:
        """Fill the form from the saved item ``item_key`` named (restoring a draft of an edit)."""

    def form_state(self) -> FormState:
        """What the form shows: text fields, choices, and the item being edited."""
        fields = {w.id: w.value for w in self._inputs if w.id}
        choices = {w.id: (None if w.value is Select.NULL else str(w.value)) for w in self._selects if w.id}
        return fields, choices, self.item_key()

    def is_dirty(self) -> bool:
        """Whether the form holds something typed that is not saved."""
        return (self.FORM is not None and self.presenting is not None and self._clean is not None
                and self.form_state() != self._clean)

    def apply_draft(self, draft: Draft) -> None:
        for widget in self._inputs:
            if widget.id in draft.fields:
                widget.value = draft.fields[widget.id]
                widget.cursor_position = len(widget.value)  # the next keys go on after the draft's text
        with self.prevent(Select.Changed):  # a restored choice must not act (e.g. save) by itself
            for select in self._selects:
                if select.id not in draft.choices:
                    continue
                value = draft.choices[select.id]
                try:
                    select.value = Select.NULL if value is None else value
                except InvalidSelectValueError:  # the choice is gone (e.g. a root cause deleted): blank
                    select.clear()

    @on(EnterHandled)
    def _enter_handled(self, event: EnterHandled) -> None:
        # It follows Submitted through this pane's queue, so every handler of Submitted has run and asked
        # for its focus move (queued on the app): release the held keys after that move, from the app's
        # queue. (The timer alone released them too early on a loaded machine, into the field left.)
        self.app.call_later(event.field.release)

    @on(Input.Changed)
    @on(Select.Changed)
    def _form_changed(self) -> None:
        """Every change restarts the draft's countdown; the write happens once typing pauses."""
        if self.FORM is None or self._clean is None:
            return
        self._last_change = monotonic()
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_SECONDS, self._draft_due)

    def _draft_due(self) -> None:
        """One timer at a time: if keys came since it was set, wait out the rest of the second."""
        self._draft_timer = None
        quiet = monotonic() - self._last_change
        if quiet < DRAFT_SECONDS:
            self._draft_timer = self.set_timer(DRAFT_SECONDS - quiet, self._draft_due)
        else:
            self.flush_draft()

    def flush_draft(self) -> None:
        """Write (or, if the form is back as saved, delete) the presenter's draft of this form now."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.FORM is None or self.presenting is None or self._clean is None:
            return
        if self.is_dirty():
            fields, choices, item = self.form_state()
            draft = Draft(self.meeting.id, self.presenter, self.FORM, fields, choices, item)
            try:
                queries.save_draft(self.db, draft, now=self.app.now())  # type: ignore[attr-defined]
            except Exception as exc:
                if not is_busy(exc):
                    raise
                self._keep_unsaved(draft)
                return
            self._unsaved.pop((draft.meeting_id, draft.presenter), None)
            self._stored = True
        elif self._stored:
            queries.discard_draft(self.db, self.meeting.id, self.presenter, self.FORM)
            self._stored = False
        self.set_class(self._stored, "-draft")

    def _keep_unsaved(self, draft: Draft) -> None:
        """The database stayed locked: one notice, the draft kept in memory and retried every second."""
        self._unsaved[(draft.meeting_id, draft.presenter)] = draft
        self.app.store_busy()  # type: ignore[attr-defined]
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(DRAFT_SECONDS, self._retry_unsaved)

    def _retry_unsaved(self) -> None:
        """Write the kept drafts without waiting for the lock (the screen must not freeze on a retry)."""
        for key, draft in list(self._unsaved.items()):
            try:
                with writer(self.db, wait=False):
                    queries.save_draft(self.db, draft, now=self.app.now())  # type: ignore[attr-defined]
            except Exception as exc:
                if not is_busy(exc):
                    raise
                return  # still locked: next second
            del self._unsaved[key]
            if self.presenting is not None and key == (self.meeting.id, self.presenter):
                self._stored = True
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    def mark_clean(self) -> None:
        """The form now shows saved (or empty) data: nothing in it is a draft, except what is typed in a
        field the save does not store (`NOT_SAVED_BY_SAVE`), which is clean only when empty."""
        if self.presenting is not None:
            fields, choices, item = self.form_state()
            fields = {name: "" if name in self.NOT_SAVED_BY_SAVE else value for name, value in fields.items()}
            self._clean = fields, choices, item

    @contextmanager
    def committing(self) -> Iterator[None]:
        """Save the item and delete its draft in one transaction."""
        with writer(self.db):
            yield
            if self.FORM is not None:
                queries.discard_draft(self.db, self.meeting.id, self.presenter, self.FORM)
        self._stored = False

    def unless_dirty(self, then: Callable[[], None], otherwise: Callable[[], None] | None = None) -> None:
        """Run ``then`` (which empties or replaces the form) once a draft in the form may be discarded:
        at once if there is none, else after the user confirms; ``otherwise`` if they keep it."""
        if not self.is_dirty() and not self._stored:
            then()
            return
        self.flush_draft()  # kept while the question is open, whatever happens next
        from tui.widgets.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.discard()
                then()
            elif otherwise is not None:
                otherwise()

        self.app.push_screen(ConfirmDialog(self.t("discard_draft_question"), self.t("ui.yes"), self.t("ui.no")),
                             answered)

    def discard(self) -> None:
        """Forget the draft (confirmed by the user): the form shows what is saved again."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.FORM is not None and self.presenting is not None:
            queries.discard_draft(self.db, self.meeting.id, self.presenter, self.FORM)
        self._stored = False
        self.remove_class("-draft")
        self._clean = None
        item = self.item_key()
        self.clear_form()
        if item:
            self.open_item(item)
        self.mark_clean()

    def action_discard_draft(self) -> None:
        """Ctrl+D: discard this form's draft, once confirmed."""
        if self.is_dirty() or self._stored:
            self.unless_dirty(self.focus_first)

    def on_unmount(self) -> None:
        self.flush_draft()  # quitting keeps what was typed

    def clear_form(self) -> None:
        """Empty the form for a new item (panes with a form); the list is reloaded by refresh_data."""

    def action_new(self) -> None:
        """Ctrl+N in a pane with a form: an empty form, the keyboard in its first field (a draft in the
        form is discarded only once confirmed)."""
        self.unless_dirty(self.new_item)

    def new_item(self) -> None:
        self._clean = None
        self.clear_form()
        self.mark_clean()
        self.focus_first()

    def refresh_data(self) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        """Ctrl+S: commit the form; panes without a form have nothing to save."""
        return False

    def first_field(self) -> Widget:
        """Where the keyboard lands when the tab is opened with its number key."""
        return self.query("DataTable, Input").first()

    def focus_first(self) -> None:
        """Focus `first_field` with its text not selected (`refocus`): a draft restored there after a
        restart goes on with the next keys instead of being replaced by them."""
        refocus(self.first_field())

    def show_error(self, message: str) -> None:
        self.query_one(".error", Label).update(message)
        self.notify(message, severity="error", markup=False)

    def clear_error(self) -> None:
        self.query_one(".error", Label).update("")

    def saved(self, what: str, message: str | None = None) -> None:
        """The item is committed (through `committing`): what the form shows is no draft any more."""
        self.mark_clean()
        self.remove_class("-draft")
        if self.is_dirty():  # a field the save does not store holds text: it stays a draft, kept now
            self.flush_draft()
        self.clear_error()
        self.notify(message or self.t("saved"), timeout=2, markup=False)
        self.post_message(CaptureSaved(what))

    def parse_day(self, value: str, caption: str) -> date | None:
        """A date as people type it; without a year, the next such day on or after the meeting's date."""
        try:
            return parse_due_date(value, meeting_date=self.meeting.date, today=self.today())
        except ParseError as exc:
            raise ValueError(f"{caption}: {exc}") from None
