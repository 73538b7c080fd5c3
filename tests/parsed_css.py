"""Stylesheets in the tests: each parsed once per test process, not once per app.

Every app a test starts parses the same CSS into the same rules again — Textual's widgets' DEFAULT_CSS,
fupan's .tcss — because Textual keeps its parse cache in the app's stylesheet (`Stylesheet._parse_cache`),
and each app has its own. That was ~9% of an app test's CPU (tests/test_app_live.py in one process: 17.7
→ 15.8 s, issue 18). `parse_each_stylesheet_once` keeps one cache for the process, keyed as Textual keys
its own and by the theme's variables too (another theme is parsed for itself). Parsed rules are only read
afterwards (applied, matched, listed), as Textual already shares them between the apps' screens.

The method wrapped is private Textual API: tests/test_parsed_css.py fails when its source changes, and then
this module is to be checked against the new one.
"""

from __future__ import annotations

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

_textual_parse_rules = Stylesheet._parse_rules
_parsed: dict[tuple, list[RuleSet]] = {}


def _parse_rules_once(self: Stylesheet, css: str, read_from, is_default_rules: bool = False,
                      tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
    rules = _parsed.get(key)
    if rules is None:  # a stylesheet with errors raises here, every time, as Textual's own does
        rules = _parsed[key] = _textual_parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    return rules


def parse_each_stylesheet_once() -> None:
    Stylesheet._parse_rules = _parse_rules_once  # type: ignore[method-assign]
