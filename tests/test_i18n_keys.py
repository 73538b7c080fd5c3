"""Every i18n key the code uses has both a Chinese and an English text (a missing one fails here, not on
a user's screen as a bare key).

The code is read, not run: every ``text("…")`` / ``t("…")`` call with a literal key, every `Binding`
description and tooltip, and every string literal shaped like a dotted key of the catalog's families
(``"ui.save"`` kept in a table such as ``_TITLE_KEYS``). Keys built at run time are caught by the screen
sweep in test_app_zh.py, which records every key `text()` did not know.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from core import i18n

ROOT = Path(__file__).resolve().parent.parent
CODE = [path for folder in ("core", "db", "exports", "tui") for path in sorted((ROOT / folder).rglob("*.py"))]
# "app." also begins Textual's action names ("app.quit"), which are not keys
FAMILIES = sorted({key.split(".")[0] for key in i18n._TEXTS if "." in key} - {"app"})
DOTTED = re.compile(rf"^(?:{'|'.join(map(re.escape, FAMILIES))})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*$")
TEXT_CALLS = {"text", "t", "_t"}


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def keys_used() -> dict[str, str]:
    """Every key the code names literally → where (file:line) it was first seen."""
    found: dict[str, str] = {}

    def add(key: str, path: Path, node: ast.AST) -> None:
        found.setdefault(key, f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}")

    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        in_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
        binding_ids = {id(kw.value) for node in ast.walk(tree) if isinstance(node, ast.Call)
                       and _name(node.func) == "Binding" for kw in node.keywords if kw.arg == "id"}  # "live.next"
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _name(node.func)
                first = node.args[0] if node.args else None
                if name in TEXT_CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    add(first.value, path, node)
                if name == "Binding" and path.parts[-3:-1] != ("core",):
                    described = [*node.args[2:3], *(k.value for k in node.keywords if k.arg in {"description", "tooltip"})]
                    for arg in described:
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                            add(arg.value, path, arg)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.match(node.value) \
                    and id(node) not in in_fstrings | binding_ids:  # an f-string's piece is a prefix, an id no key
                add(node.value, path, node)
    return found


def test_the_scan_finds_the_keys_the_screens_use():
    used = keys_used()
    # one of each kind: a call, a binding description, a dotted literal in a table
    assert {"app_subtitle", "key.help", "ui.save"} <= set(used)
    assert len(used) > 200


def test_every_key_the_code_names_has_chinese_and_english():
    missing = {
        key: where for key, where in keys_used().items()
        if key not in i18n._TEXTS and key not in i18n._ENUM_LABELS
    }
    assert not missing, "keys without a translation:\n" + "\n".join(f"  {k!r} ({w})" for k, w in sorted(missing.items()))


def test_no_text_is_empty_in_one_language_only():
    # an empty word on purpose (the normal phase shows no label) is empty in both
    empty = [key for key, (zh, en) in i18n._TEXTS.items() if bool(zh.strip()) != bool(en.strip())]
    assert not empty, f"translated in one language only: {empty}"


def test_every_key_of_textuals_built_in_widgets_has_a_chinese_description():
    """The F1 keys panel lists the keys of Textual's widgets by their own descriptions; a Textual
    upgrade that brings a new one fails here until it is translated (core.i18n._TEXTUAL_WORDS)."""
    import inspect

    import textual.containers
    import textual.widgets
    from textual.app import App
    from textual.command import CommandPalette
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.widgets._select import SelectCurrent, SelectOverlay
    from textual.widgets._tabbed_content import ContentTabs

    classes = [getattr(textual.widgets, name) for name in textual.widgets.__all__]
    classes += [App, Screen, CommandPalette, ScrollView, SelectOverlay, SelectCurrent, ContentTabs]
    classes += [value for value in vars(textual.containers).values() if inspect.isclass(value)]
    descriptions = {
        binding.description
        for cls in classes if inspect.isclass(cls) and issubclass(cls, DOMNode)
        for bindings in cls._merged_bindings.key_to_bindings.values() for binding in bindings
        if binding.description
    }
    assert len(descriptions) > 50  # the scan reached the widgets
    untranslated = sorted(d for d in descriptions if not i18n.is_textual_word(d))
    assert not untranslated, f"Textual key descriptions without Chinese: {untranslated}"
    assert i18n.textual_text("Scroll Left", "zh") == "向左滚动"
    assert i18n.textual_text("Scroll Left", "en") == "Scroll Left"


def test_an_unknown_key_is_recorded_as_missing():
    i18n.missing_keys().clear()
    assert i18n.text("no.such.key.for.this.test", "zh") == "no.such.key.for.this.test"
    assert "no.such.key.for.this.test" in i18n.missing_keys()
    i18n.missing_keys().clear()
