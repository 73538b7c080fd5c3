"""Textual's own words in the app's language: the command palette, its system commands, the keys of
Textual's built-in widgets (F1 panel, footer) and the ctrl+c hint.

Textual offers hooks for most of them (`App.get_system_commands`, `CommandPalette(placeholder=…)`, the
binding descriptions a screen reports through `active_bindings`); where it offers none — the palette's
"No matches found" — the palette is `tui.textual_adapter.CommandPalette`, and tests/test_app_zh.py and
tests/test_textual_adapter.py fail if Textual changes under it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import SystemCommand
from textual.binding import ActiveBinding, Binding

from core.i18n import Lang, has_text, is_textual_word, text, textual_text

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.app import FupanApp

PALETTE_ACTIONS = {"command_palette", "app.command_palette"}


@lru_cache(maxsize=1024)  # a screen's bindings are read for every footer and key check: each translated once
def translated_binding(binding: Binding, lang: Lang) -> Binding:
    """``binding`` with its description and tooltip in ``lang``: an i18n key of ours through
    `core.i18n.text`, one of Textual's English descriptions through `core.i18n.textual_text`; words
    already translated stay as they are."""

    def word(value: str) -> str:
        if is_textual_word(value):
            return textual_text(value, lang)
        return text(value, lang) if has_text(value) else value

    description, tooltip = word(binding.description), word(binding.tooltip)
    if description == binding.description and tooltip == binding.tooltip:
        return binding
    return replace(binding, description=description, tooltip=tooltip)


def translated_bindings(bindings: dict[str, ActiveBinding], lang: Lang) -> dict[str, ActiveBinding]:
    """A screen's active bindings with every description in ``lang`` (what the footer and the F1 keys
    panel show). English descriptions of Textual's widgets stay as they are on ``en``."""
    return {
        key: active._replace(binding=translated_binding(active.binding, lang))
        for key, active in bindings.items()
    }


class ScreenWords:
    """Mixin for screens and dialogs: every key description the footer and the F1 keys panel show is in
    the app's language, Textual's built-in widgets' keys included."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        screen = cast("Screen", self)
        return translated_bindings(super().active_bindings, screen.app.lang)  # type: ignore[misc, attr-defined]

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The F1 panel heads a built-in widget's keys with its class's English title ("Input"): give
        the focused widget and its containers that title in the app's language."""
        lang = cast("Screen", self).app.lang  # type: ignore[attr-defined]
        for node in event.widget.ancestors_with_self:
            title = type(node).BINDING_GROUP_TITLE
            if title and "BINDING_GROUP_TITLE" not in vars(node):
                node.BINDING_GROUP_TITLE = group_title(title, lang)


def group_title(title: str, lang: Lang) -> str:
    """A Textual widget's binding group title (its class name, "Input") in ``lang``."""
    key = f"keys.{title.lower()}_group"
    return text(key, lang) if has_text(key) else title


def system_commands(app: FupanApp, screen: Screen) -> Iterable[SystemCommand]:
    """Textual's system commands (theme, quit, keys, maximise, screenshot) in the app's words."""
    t = app.t
    yield SystemCommand(t("palette.theme"), t("palette.theme_help"), app.action_change_theme)
    yield SystemCommand(t("palette.quit"), t("palette.quit_help"), app.action_quit)
    if screen.query("HelpPanel"):
        yield SystemCommand(t("palette.keys"), t("palette.keys_hide"), app.action_hide_help_panel)
    else:
        yield SystemCommand(t("palette.keys"), t("palette.keys_show"), app.action_show_help_panel)
    if screen.maximized is not None:
        yield SystemCommand(t("palette.minimize"), t("palette.minimize_help"), screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(t("palette.maximize"), t("palette.maximize_help"), screen.action_maximize)
    yield SystemCommand(t("palette.screenshot"), t("palette.screenshot_help"),
                        lambda: app.set_timer(0.1, app.deliver_screenshot))
