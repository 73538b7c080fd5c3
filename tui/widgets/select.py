"""Drop-downs that fit: each entry on one line, cut with "…" after its last whole character (never wrapped
onto a second line, never cut through a CJK character), and the highlighted entry drawn whole, so the text
under the cursor can always be read in full."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Select

from tui.textual_adapter import SearchesEveryPrompt, SelectCurrent, SelectOverlay, select_types_to_search
from tui.widgets.text import Fitted


class FittedSelectOverlay(SearchesEveryPrompt, SelectOverlay):
    """A drop-down whose entries each take one line, cut with "…" after their last whole character, and
    whose highlighted entry is drawn whole, over as many lines as it needs: whatever the width, the entry
    under the cursor can be read in full (a tooltip would not help someone on the keyboard)."""

    _whole: int | None = None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_whole(event.option_index)

    def show_whole(self, index: int | None) -> None:
        """Draw the entry at ``index`` whole, and the one drawn whole before it cut again."""
        for at, whole in ((self._whole, False), (index, True)):
            if at is not None and 0 <= at < self.option_count:
                prompt = self.get_option_at_index(at).prompt
                if isinstance(prompt, Fitted) and prompt.whole != whole:
                    self.replace_option_prompt_at_index(at, prompt.shown_whole(whole))
        self._whole = index


class FittedSelect(Select):
    """A Select whose entries and chosen value end with "…" when they do not fit (never wrap onto a second
    line, never cut through a CJK character), the highlighted entry of its drop-down shown whole."""

    overlay_class: ClassVar[type[SelectOverlay]] = FittedSelectOverlay

    def __init__(self, options: Iterable[tuple[Any, Any]] = (), **kwargs: Any) -> None:
        super().__init__(fitted(options), **kwargs)

    def set_options(self, options: Iterable[tuple[Any, Any]]) -> None:
        super().set_options(fitted(options))

    def compose(self) -> ComposeResult:
        # As Select.compose (Textual 8's Select composes these two), with the fitting overlay; the prompt
        # shown while nothing is chosen fitted too ("All meetings" wrapped onto a second line).
        yield SelectCurrent(Fitted(self.prompt))  # type: ignore[arg-type]  # any renderable is drawn
        yield self.overlay_class(type_to_search=select_types_to_search(self)).data_bind(compact=Select.compact)


def fitted(options: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Options with their text prompts as `Fitted` entries (other renderables as they are)."""
    return [(Fitted(prompt) if isinstance(prompt, (str, Text)) else prompt, value) for prompt, value in options]
