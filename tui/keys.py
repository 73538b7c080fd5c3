"""Key bindings in the app's language.

Textual's `Binding` descriptions are static class data, but the UI speaks Chinese or English. Screens,
panes and the apps write their binding descriptions as i18n keys (``"ui.key.new"``) and `localize_bindings`
swaps them for the app's words when the node is built, so the Footer, the key panel and the command
palette all show the localised text. The swap replaces the node's own copy of the bindings map, never the
class data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.dom import DOMNode

from core.i18n import has_text


def localize_bindings(node: DOMNode, translate: Callable[[str], str]) -> None:
    """Give ``node`` its own bindings whose descriptions and tooltips are translated.

    The lists inside the map are shared with the class, so they are rebuilt rather than edited. Only
    our i18n keys are translated here; Textual's own descriptions ("Focus Next") are words, translated
    where they are shown (`tui.shell.ScreenWords.active_bindings`).
    """

    def word(value: str) -> str:
        return translate(value) if value and has_text(value) else value

    bindings = node._bindings
    bindings.key_to_bindings = {
        key: [
            replace(
                binding,
                description=word(binding.description),
                tooltip=word(binding.tooltip),
            )
            for binding in key_bindings
        ]
        for key, key_bindings in bindings.key_to_bindings.items()
    }
