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
