"""The key bar at the bottom of every screen: the keys that fit, most important first, each whole.

Textual's Footer lays every shown key side by side and lets the last ones run off the edge, cut in the
middle of a word ("f1" without 帮助 at 160 columns, "f6 −1" at 100). This footer chooses what it shows
for the width it has: the way to leave the screen first (the back / cancel / quit key, or `esc` while
typing in a field), then the screen's own keys in the order the screen declares them, then the focused
widget's and the app's, and F1 (all keys) always last — a key that does not fit whole is left out
(F1 and the command palette list it).

It also changes only what changed: Textual's Footer rebuilds all its key widgets whenever the screen
reports a change of bindings (a focus move counts), ~20 ms on the live screen; this one skips a change
that shows the same keys, and otherwise rewrites the mounted keys in place and mounts only the rest.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import NamedTuple

from textual import events
from textual.binding import ActiveBinding, Binding
from textual.widgets import Footer as TextualFooter

from core.width import display_width
from tui.textual_adapter import FooterKey, footer_bindings_ready

LEAVE_ACTIONS = ("back", "letter('back')", "cancel", "dismiss", "dismiss(None)", "leave_field", "quit", "app.quit")
"""Actions that leave where the user is, in order of preference: the screen's way back before quitting."""
HELP_ACTIONS = ("toggle_help", "app.toggle_help", "show_help_panel", "app.show_help_panel")


class FooterEntry(NamedTuple):
    binding: Binding
    enabled: bool
    tooltip: str
    width: int
    """Cells it takes in the compact footer: key, a space, description, and the 1-cell margin after it."""


class Footer(TextualFooter):
    """Textual's Footer, showing only the keys that fit whole, ordered by importance."""

    def __init__(self, *, compact: bool = True, show_command_palette: bool = True) -> None:
        super().__init__(compact=compact, show_command_palette=show_command_palette)

    _shown: Hashable = None

    # --- what to show ------------------------------------------------------------------------------

    def _width(self) -> int:
        return self.size.width or self.screen.size.width or self.app.size.width

    def _entry(self, binding: Binding, enabled: bool, tooltip: str) -> FooterEntry:
        key = self.app.get_key_display(binding)
        width = display_width(key) + (1 + display_width(binding.description) if binding.description else 0) + 1
        return FooterEntry(binding, enabled, tooltip, width)

    def _palette_entry(self, bindings: dict[str, ActiveBinding]) -> FooterEntry | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        active = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        entry = self._entry(active.binding, active.enabled, active.tooltip)
        return entry._replace(width=entry.width + 1)  # its left border

    def entries(self, bindings: dict[str, ActiveBinding] | None = None) -> list[FooterEntry]:
        """The keys to show, left to right, within the footer's width (the palette key excluded), of the
        screen's active bindings (``bindings``, when the caller has read them already)."""
        screen = self.screen
        bindings = screen.active_bindings if bindings is None else bindings
        active = list(bindings.values())
        palette_key = self.app.COMMAND_PALETTE_BINDING
        leave = self._leave(active)
        ordered: list[tuple[Binding, bool, str]] = []
        if leave is not None:
            ordered.append(leave)
        rank = {screen: 0, self.app: 2}
        shown = sorted(
            (item for item in active if item.binding.show and item.binding.key != palette_key),
            key=lambda item: rank.get(item.node, 1),  # stable: each node keeps its declared order
        )
        helps = [(b.binding, b.enabled, b.tooltip) for b in shown if b.binding.action in HELP_ACTIONS]
        seen = {leave[0].action} if leave else set()
        for item in shown:
            if item.binding.action in seen or item.binding.action in HELP_ACTIONS:
                continue
            seen.add(item.binding.action)
            ordered.append((item.binding, item.enabled, item.tooltip))
        entries = [self._entry(*item) for item in ordered]
        pinned = [self._entry(*helps[0])] if helps else []
        palette = self._palette_entry(bindings)
        room = self._width() - sum(e.width for e in pinned) - (palette.width if palette else 0)
        fitted: list[FooterEntry] = []
        for index, entry in enumerate(entries):
            if entry.width <= room or (index == 0 and leave is not None):
                fitted.append(entry)
                room -= entry.width
        return fitted + pinned

    @staticmethod
    def _leave(active: Iterable) -> tuple[Binding, bool, str] | None:
        """The key that leaves: shown or not (the live screen's `q` is not a footer key of its own)."""
        candidates = [item for item in active if item.binding.action in LEAVE_ACTIONS and item.enabled]
        if not candidates:
            return None
        best = min(candidates, key=lambda item: LEAVE_ACTIONS.index(item.binding.action))
        return best.binding, best.enabled, best.tooltip

    # --- Textual's Footer --------------------------------------------------------------------------

    def compose(self):  # type: ignore[override]
        if not footer_bindings_ready(self):
            return
        self.styles.grid_size_columns = 0
        # Born with the class its `compact` watcher would add: otherwise every key is styled twice as it mounts.
        compact = "-compact" if self.compact else ""
        bindings = self.screen.active_bindings  # computed on each read (Textual walks the focus chain): read once
        for entry in self.entries(bindings):
            binding = entry.binding
            yield FooterKey(
                binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                disabled=not entry.enabled, tooltip=entry.tooltip, classes=compact,
            ).data_bind(compact=TextualFooter.compact)
        palette = self._palette_entry(bindings)
        if palette is not None:
            binding = palette.binding
            yield FooterKey(
                binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                classes=f"-command-palette {compact}", disabled=not palette.enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def _what_it_shows(self) -> Hashable:
        bindings = tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        return bindings, self.compact, self.show_command_palette, self._width()

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self._what_it_shows()
        if shown == self._shown and self.children:
            return
        self._shown = shown
        current = list(self.query_children(FooterKey))
        if not current:
            await super().recompose()
            return
        await self._update_keys(current, list(self.compose()))

    async def _update_keys(self, current: list[FooterKey], wanted: list[FooterKey]) -> None:
        """Show ``wanted`` by changing the mounted keys in place where a key of the same kind (its classes:
        disabled, compact, the palette's) stands, mounting and removing only the rest. A change of focus
        changes the last few keys; rebuilding all of them mounts and styles ~15 widgets each time."""
        keep = 0
        while keep < min(len(current), len(wanted)) and current[keep].classes == wanted[keep].classes:
            keep += 1
        for mounted, key in zip(current[:keep], wanted[:keep], strict=True):
            shows = (key.key, key.key_display, key.description, key.action, key.tooltip)
            if (mounted.key, mounted.key_display, mounted.description, mounted.action, mounted.tooltip) != shows:
                mounted.key, mounted.key_display, mounted.description, mounted.action, mounted.tooltip = shows
                mounted.refresh(layout=True)
        if current[keep:]:
            await self.remove_children(current[keep:])
        if wanted[keep:]:
            await self.mount_all(wanted[keep:])

    def on_resize(self, event: events.Resize) -> None:
        if footer_bindings_ready(self):
            self.call_after_refresh(self.recompose)
