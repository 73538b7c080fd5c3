"""Key bindings: in the app's language, and remapped by the user's keymap file.

Textual's `Binding` descriptions are static class data, but the UI speaks Chinese or English. Screens,
panes and the apps write their binding descriptions as i18n keys (``"ui.key.new"``) and `localize_bindings`
swaps them for the app's words when the node is built, so the Footer, the key panel and the command
palette all show the localised text. The swap replaces the node's own copy of the bindings map, never the
class data. Textual has no public way to do this: the map comes from `tui.textual_adapter.bindings_map`
(pinned by tests/test_textual_adapter.py and tests/test_keys.py).

Every binding has an ``id`` ("live.next"), and `read_keymap` reads the user's `keymap.toml` (in the
platformdirs config directory) into the mapping Textual's `App.set_keymap` takes:

    [live]
    next = "ctrl+right"      # the binding live.next on Ctrl+→ instead of F4
    skip = "f5,ctrl+k"
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from core.i18n import Lang, has_text, text
from tui.textual_adapter import bindings_map

KEYMAP_FILE = "keymap.toml"


class KeymapError(ValueError):
    """The keymap file cannot be used: where, and what was expected (the app keeps its own keys)."""

    def __init__(self, path: Path, detail: str = "", entry: str = "") -> None:
        super().__init__(f"{path}: {entry + ': ' if entry else ''}{detail or 'expected keys'}")
        self.path, self.detail, self.entry = path, detail, entry

    def message(self, lang: Lang) -> str:
        """One line in ``lang``: which file, which entry, what was expected."""
        where = f"{self.entry}: " if self.entry else ""
        error = where + (self.detail or text("ui.keymap_expected", lang))
        return text("ui.keymap_not_used", lang).format(path=self.path, error=error)


def localize_bindings(node: DOMNode, translate: Callable[[str], str]) -> None:
    """Give ``node`` its own bindings whose descriptions and tooltips are translated.

    The lists inside the map are shared with the class, so they are rebuilt rather than edited. Only
    our i18n keys are translated here; Textual's own descriptions ("Focus Next") are words, translated
    where they are shown (`tui.shell.ScreenWords.active_bindings`).
    """

    def word(value: str) -> str:
        return translate(value) if value and has_text(value) else value

    bindings = bindings_map(node)
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


def own_bindings(node: DOMNode) -> Iterator[Binding]:
    """The bindings ``node`` itself declares (with their localised words), for the command palette."""
    for _key, binding in bindings_map(node):
        yield binding


def keymap_path() -> Path:
    """Where the user's keymap lives: ``keymap.toml`` in fupan's config directory (platformdirs)."""
    from platformdirs import user_config_path

    return user_config_path("fupan", appauthor=False) / KEYMAP_FILE


def read_keymap(path: Path) -> dict[str, str]:
    """The binding ids the file remaps, with their keys ("live.next" → "ctrl+right"); {} without a file.

    A table per screen (``[live]``) holds ``id = "key"`` or ``id = ["key", "key"]``; a top-level
    ``"live.next" = "…"`` works too. Anything else raises `KeymapError` naming the file and the entry.
    """
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise KeymapError(path, str(exc)) from None
    import tomllib  # only when there is a file: most people keep the default keys

    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise KeymapError(path, str(exc)) from None
    keymap: dict[str, str] = {}

    def add(binding_id: str, keys: object) -> None:
        if isinstance(keys, str) and keys.strip():
            keymap[binding_id] = keys.replace(" ", "")
        elif isinstance(keys, list) and keys and all(isinstance(k, str) and k.strip() for k in keys):
            keymap[binding_id] = ",".join(k.strip() for k in keys)
        elif isinstance(keys, dict):
            for name, value in keys.items():
                add(f"{binding_id}.{name}", value)
        else:
            raise KeymapError(path, entry=binding_id)

    for name, value in data.items():
        add(name, value)
    return keymap


def use_keymap_file(app: App, path: Path | None, lang: Lang) -> str:
    """Remap ``app``'s keys from the file at ``path`` (`App.set_keymap`); returns "" or, for a file that
    cannot be used, the one line to show (the app keeps its default keys)."""
    if path is None:
        return ""
    try:
        app.set_keymap(read_keymap(path))
    except KeymapError as exc:
        return exc.message(lang)
    return ""
