"""The app's small modal dialogs: confirm, one line of text, an export format, a message for the presenter.

Each returns its answer with `dismiss` (use with a push_screen callback or `push_screen_wait`)."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from core.clock import MESSAGE_MAX_CHARS
from tui.shell import ScreenWords
from tui.widgets.fields import HoldsKeys
from tui.widgets.inputs import CleanInput

EXPORT_FORMATS = ("xlsx", "csv", "md", "report", "html")


class ConfirmDialog(ScreenWords, ModalScreen[bool]):
    """Yes / no, with the question spelled out (e.g. deleting a meeting and everything in it)."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog Label { width: 100%; }  /* a long question wraps inside the dialog, not off its edge */
    ConfirmDialog > Vertical { width: 64; height: auto; border: thick $error; background: $surface; padding: 1 2; }
    ConfirmDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmDialog Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "ui.confirm_yes", show=False, id="confirm.yes"),
        Binding("n,escape", "answer(False)", "ui.confirm_no", show=False, id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str | None = None, no: str | None = None) -> None:
        super().__init__()
        t = self.app.t  # type: ignore[attr-defined]
        self.question, self.yes, self.no = question, yes or t("ui.confirm_yes"), no or t("ui.confirm_no")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="question", markup=False)  # names what people typed
            with Horizontal():
                yield Button(f"{self.no} (n)", id="no")
                yield Button(f"{self.yes} (y)", id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextDialog(ScreenWords, ModalScreen["str | None"]):
    """Ask for one line of text (a note on a status change); Enter accepts, Escape cancels."""

    DEFAULT_CSS = """
    TextDialog { align: center middle; }
    TextDialog Label { width: 100%; }  /* a long question wraps inside the dialog, not off its edge */
    TextDialog > Vertical { width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "ui.cancel", show=False, id="text.cancel")]

    def __init__(self, prompt: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.prompt, self.value, self.placeholder = prompt, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt, markup=False)
            yield CleanInput(self.value, placeholder=self.placeholder, id="text")  # a pasted note stays whole

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class FormatList(HoldsKeys, OptionList):
    """The export formats. The list ignores text, and Tab moves the focus to the folder only once it has
    bubbled up: a folder typed right after Tab went to the list and was lost, and the export went to the
    folder offered. What follows Tab is held here and typed where the focus went."""

    HOLD_AFTER = ("tab", "shift+tab")

    def on_blur(self, event: events.Blur) -> None:
        self.release_where_the_focus_went()


class ExportDialog(ScreenWords, ModalScreen["tuple[str, str] | None"]):
    """Pick a format and the folder to write into; answers (format, folder). The export itself runs in a
    worker so the timer never freezes.

    ``check`` says in one line why a folder cannot be written into (None when it can): the dialog then
    stays open, shows the line, and nothing is written.
    """

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog Label { width: 100%; }  /* a long question wraps inside the dialog, not off its edge */
    ExportDialog > Vertical { width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    ExportDialog OptionList { height: auto; }
    ExportDialog #export-problem { color: $error; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", show=False, id="export.cancel")]

    def __init__(self, title: str, folder: str = "", folder_label: str = "",
                 check: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self.title_text, self.folder, self.folder_label = title, folder, folder_label
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.folder_label, markup=False)
            yield CleanInput(self.folder, id="export-folder")
            yield Label("", id="export-problem", markup=False)
            yield Label(self.title_text, markup=False)
            t = self.app.t  # type: ignore[attr-defined]
            yield FormatList(*(Option(t(f"export.format.{name}"), id=name) for name in EXPORT_FORMATS))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()  # Enter exports to the folder shown; Tab goes to the folder

    @on(Input.Submitted)
    def _folder_typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        folder = self.query_one("#export-folder", Input).value.strip()
        problem = self.check(folder) if self.check is not None else None
        if problem:
            self.query_one("#export-problem", Label).update(problem)
            return
        self.dismiss((event.option.id or "", folder))


class MessageDialog(ScreenWords, ModalScreen["str | None"]):
    """One short line for the presenter, shown on the room's clock: Enter shows it, empty clears it."""

    DEFAULT_CSS = """
    MessageDialog { align: center middle; }
    MessageDialog Label { width: 100%; }  /* a long question wraps inside the dialog, not off its edge */
    MessageDialog > Vertical { width: 80; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", show=False, id="message.cancel")]

    def __init__(self, prompt: str, message: str) -> None:
        super().__init__()
        self.prompt, self.message = prompt, message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt)
            yield Input(self.message, max_length=MESSAGE_MAX_CHARS, id="message-input")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)
