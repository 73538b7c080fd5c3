"""The note of an action's status change (live screen's previous actions, tracking screen), kept as a
draft while it is typed, like every form of the live workspace (DESIGN §4: drafts).

The note is written as a draft a second after the last key and whenever the dialog closes without the
status being changed (Escape, quitting), so F3/F4, a crash or kill -9 never lose it; the next status key
on that action shows it again, marked as a draft; Ctrl+D discards it once confirmed; recording the status
deletes it in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual import on
from textual.binding import Binding
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Input, Label

from core.model import Draft
from core.rules import DRAFT_SECONDS
from db import queries
from db.store import is_busy, writer
from tui.widgets.dialogs import ConfirmDialog, TextDialog
from tui.widgets.inputs import CleanInput


@dataclass
class NoteDraft:
    """Where a note being typed is kept: the draft ``status_note:<action>`` of a meeting × presenter."""

    db: Any
    action_id: int
    meeting_id: int
    presenter: str
    status: str
    now: Callable[[], datetime]

    def load(self) -> str | None:
        draft = queries.note_draft_for(self.db, self.action_id, self.meeting_id, self.presenter)
        return None if draft is None else draft.fields.get("note", "")

    def keep(self, note: str) -> None:
        queries.save_draft(self.db, Draft(self.meeting_id, self.presenter, queries.status_note_form(self.action_id),
                                          {"note": note}, {}, {"action": self.action_id, "status": self.status}),
                           now=self.now())

    def forget(self) -> None:
        queries.discard_note_drafts(self.db, self.action_id)

    @contextmanager
    def saving(self) -> Iterator[None]:
        """Record the status change and end the note's draft in one transaction."""
        with writer(self.db):
            yield
            self.forget()


class NoteDialog(TextDialog):
    """`TextDialog` for a status note, whose text is kept as a `NoteDraft` until the status is recorded."""

    DEFAULT_CSS = """
    NoteDialog .draft-mark { display: none; height: 1; background: $warning 30%; color: $text; }
    NoteDialog.-draft .draft-mark { display: block; }
    """
    BINDINGS = [Binding("ctrl+d", "discard", "key.discard_draft", show=False, priority=True, id="note.discard_draft")]

    def __init__(self, prompt: str, draft: NoteDraft, mark: str, question: str, yes: str, no: str,
                 placeholder: str = "") -> None:
        self.draft = draft
        stored = draft.load()
        super().__init__(prompt, stored or "", placeholder)
        self._stored = stored is not None
        self._kept = stored or ""
        self._timer: Timer | None = None
        self._done = False
        self.mark, self.question, self.yes, self.no = mark, question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt, markup=False)
            yield Label(self.mark, classes="draft-mark", markup=False)
            yield CleanInput(self.value, placeholder=self.placeholder, id="text", select_on_focus=False)  # typing goes on

    def on_mount(self) -> None:
        # (TextDialog's on_mount runs too: the keyboard in the field.)
        self.set_class(self._stored, "-draft")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._kept = event.value  # read from here on close: the field may be gone by then
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DRAFT_SECONDS, self.flush)

    def flush(self) -> bool:
        """Write the note as a draft now (or delete the draft if the note is empty again); False when the
        database stayed locked (one notice; the note is still only in the field)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._done:
            return True
        try:
            note = self._kept = self.query_one(Input).value  # every key typed so far
        except NoMatches:  # closing: the field is gone, its last value was kept
            note = self._kept
        try:
            if note.strip():
                self.draft.keep(note)
                self._stored = True
            elif self._stored:
                self.draft.forget()
                self._stored = False
        except Exception as exc:
            if not is_busy(exc):
                raise
            self.app.store_busy()  # type: ignore[attr-defined]  # kept in the field; written on the next key or close
            return False
        self.set_class(self._stored, "-draft")
        return True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # instead of TextDialog's handler
        if not self.flush():  # locked: the dialog stays, with the note, until Enter or Escape can write
            return
        self._finish()  # if the database is too busy to record the change, the note stays a draft
        self.dismiss(event.value.strip())  # the caller records it in `NoteDraft.saving`

    def _finish(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._done = True

    def action_cancel(self) -> None:
        """Escape: the status stays as it was; the note stays a draft (the dialog stays open while the
        database is too busy to keep it)."""
        if not self.flush():
            return
        self._finish()
        self.dismiss(None)

    def action_discard(self) -> None:
        """Ctrl+D: forget the note's draft, once confirmed."""
        field = self.query_one(Input)
        if not field.value and not self._stored:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                if self._timer is not None:
                    self._timer.stop()
                    self._timer = None
                self.draft.forget()
                self._stored = False
                self._kept = ""
                field.value = ""
                self.remove_class("-draft")
            field.focus()

        self.flush()  # kept while the question is open
        self.app.push_screen(ConfirmDialog(self.question, self.yes, self.no), answered)

    def on_unmount(self) -> None:
        # Quitting with the dialog open keeps the note (the widgets may already be gone: `_kept`).
        if not self._done:
            self.flush()


def note_dialog(app: Any, prompt: str, draft: NoteDraft, placeholder: str = "") -> NoteDialog:
    """The note dialog in the app's language."""
    t = app.t
    return NoteDialog(prompt, draft, t("note_draft_mark"), t("discard_note_question"), t("ui.yes"), t("ui.no"),
                      placeholder)
