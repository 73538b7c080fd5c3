"""What every fupan screen shares: footer words in the app's language and palette commands for its keys.

Textual's `Binding` descriptions are static class data, but the UI speaks Chinese or English. A screen
here writes its binding descriptions as i18n keys (``"ui.key.new"``) and `LocalizedBindings` swaps them for
the app's words when the screen is built, so the Footer, the key panel and the command palette all show
the localised text. The swap replaces the screen's own copy of the bindings map, never the class data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:
    from tui.app import FupanApp


def localize_bindings(node: DOMNode, translate: Callable[[str], str]) -> None:
    """Give ``node`` its own bindings whose descriptions and tooltips are translated.

    The lists inside the map are shared with the class, so they are rebuilt rather than edited.
    """
    bindings = node._bindings
    bindings.key_to_bindings = {
        key: [
            replace(
                binding,
                description=translate(binding.description) if binding.description else "",
                tooltip=translate(binding.tooltip) if binding.tooltip else "",
            )
            for binding in key_bindings
        ]
        for key, key_bindings in bindings.key_to_bindings.items()
    }


class LocalizedBindings:
    """Mixin for screens: translate binding descriptions on construction, offer them in the palette."""

    @property
    def fupan(self) -> FupanApp:
        """The app, typed, for its database, clock and words."""
        return cast("FupanApp", self.app)  # type: ignore[attr-defined]

    def _localize(self) -> None:
        localize_bindings(cast(DOMNode, self), self.fupan.t)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every shown key of this screen as a command palette entry (FupanApp.get_system_commands)."""
        seen: set[str] = set()
        for _key, binding in cast(DOMNode, self)._bindings:
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                binding.tooltip or binding.description,
                partial(cast(DOMNode, self).run_action, binding.action),
            )


class FupanScreen(LocalizedBindings, Screen[None]):
    """A full screen of the app with localised footer descriptions."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._localize()

    def on_field_input_enter_handled(self, message: Message) -> None:
        """Every handler of a form field's Enter has run: type the keys held since then (`FieldInput`)."""
        message.field.release()  # type: ignore[attr-defined]
