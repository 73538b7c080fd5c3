"""What every fupan screen shares: footer words in the app's language (`tui.keys`) and palette commands
for its keys."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.dom import DOMNode
from textual.screen import Screen

from tui.keys import localize_bindings, own_bindings
from tui.messages import EnterHandled
from tui.shell import ScreenWords

if TYPE_CHECKING:
    from tui.app import FupanApp


class LocalizedBindings:
    """Mixin for screens: translate binding descriptions on construction, offer them in the palette."""

    @property
    def fupan(self) -> FupanApp:
        """The app, typed, for its database, clock and words."""
        return cast("FupanApp", self.app)  # type: ignore[attr-defined]

    def _localize(self) -> None:
        localize_bindings(cast(DOMNode, self), self.fupan.t)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every shown key of this screen as a command palette entry (FupanApp.get_system_commands), with
        its key under it (the description said twice before); a key the footer had no room for is found here."""
        seen: set[str] = set()
        for binding in own_bindings(cast(DOMNode, self)):
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                binding.tooltip or self.fupan.get_key_display(binding),  # the key to press next time
                partial(cast(DOMNode, self).run_action, binding.action),
            )


class FupanScreen(ScreenWords, LocalizedBindings, Screen[None]):
    """A full screen of the app with localised footer descriptions."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._localize()

    def on_enter_handled(self, message: EnterHandled) -> None:
        """Every handler of a form field's Enter has run: type the keys held since then (`FieldInput`)."""
        message.field.release()
