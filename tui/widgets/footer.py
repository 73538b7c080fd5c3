"""The key bar at the bottom of every screen: Textual's Footer, rebuilt only when the keys change.

Textual's Footer rebuilds all its key widgets whenever the screen reports a change of bindings, and
the focus moving from one field to the next counts as one. On the live screen (about twenty keys)
that was ~20 ms of style work per rebuild, three or four rebuilds for one tab switch, although the
keys shown were the same. This footer compares what it would show with what it shows and skips the
rebuild when they are equal.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A Footer that recomposes only when the keys it shows (or how it shows them) change.

    Compact by default: the live screen has about twenty keys, and more of them fit on one line.
    (It also halves the style work of a rebuild: a key widget starts compact and Textual restyles it
    once more when told otherwise.)
    """

    def __init__(self, *, compact: bool = True, show_command_palette: bool = True) -> None:
        super().__init__(compact=compact, show_command_palette=show_command_palette)

    _shown: Hashable = None

    def _what_it_shows(self) -> Hashable:
        bindings = tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return bindings, self.compact, self.show_command_palette, self.combine_groups

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self._what_it_shows()
        if shown == self._shown and self.children:
            return
        self._shown = shown
        await super().recompose()
