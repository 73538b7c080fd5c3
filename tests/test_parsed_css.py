"""tests/parsed_css.py: the test process parses a stylesheet once for every app with the same theme, another
theme's apart, a broken one fails every time; the Textual method it wraps is still Textual 8.2's."""

from __future__ import annotations

import hashlib
import inspect

import pytest
from textual.css.errors import UnresolvedVariableError
from textual.css.stylesheet import Stylesheet

from tests import parsed_css

CSS = "Static { color: $accent; }"


def _rules(variables: dict[str, str], css: str = CSS) -> list:
    sheet = Stylesheet(variables=variables)
    sheet.add_source(css, read_from=("test", "css"))
    sheet.parse()
    return sheet.rules


def test_two_apps_with_one_theme_share_the_parse_and_another_theme_parses_its_own():
    first, again = _rules({"accent": "#ff0000"}), _rules({"accent": "#ff0000"})
    assert [id(rule) for rule in first] == [id(rule) for rule in again]  # parsed once
    other = _rules({"accent": "#0000ff"})
    assert [id(rule) for rule in other] != [id(rule) for rule in first]
    colors = [rule.styles.color for rules in (first, other) for rule in rules]
    assert colors[0] != colors[1]  # each theme's variable, resolved in its own rules


def test_a_broken_stylesheet_fails_every_time():
    for _ in range(2):
        with pytest.raises(UnresolvedVariableError):
            _rules({"accent": "#ff0000"}, "Static { color: $nowhere; }")


def test_the_parse_wrapped_is_textuals_8_2_one():
    """When this fails, Textual changed `Stylesheet._parse_rules`: check that its cache key is still what
    tests/parsed_css.py keys by (and that parsed rules are still only read), then update the hash."""
    source = inspect.getsource(parsed_css._textual_parse_rules)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == "2f1c2d220b672d1b"
    assert Stylesheet._parse_rules is parsed_css._parse_rules_once  # what conftest.py installs
