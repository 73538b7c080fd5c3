"""Colours come from the theme: tui/ names meanings (tui.palette), never a colour, and those meanings
resolve to the current theme's colours wherever Rich needs a concrete style."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from textual.app import App

from tui import palette
from tui.palette import tone

TUI = Path(__file__).resolve().parent.parent / "tui"
COLOUR = r"(?:red|green|yellow|blue|magenta|cyan|white|black|orange|purple|pink|grey|gray)(?:\d+)?"
# A style string ("bold red", "yellow on black"), a markup tag ("[red]", "[bold green]"), a colour
# object or a hex colour: how a literal colour gets into Python code.
STYLE_STRING = re.compile(rf"^\s*(?:(?:bold|dim|italic|underline|reverse|not|on)\s+)*(?:ansi_|bright_)?{COLOUR}\b")
MARKUP_TAG = re.compile(rf"\[[^\]\[]*\b(?:ansi_|bright_)?{COLOUR}\b[^\]\[]*\]")
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?![\w-])")
CSS_HEX = re.compile(r":[^;{]*" + HEX.pattern)  # a value, not an id selector (#add-error)
CSS_COLOUR = re.compile(rf"(?:color|background|border[a-z-]*|outline[a-z-]*|tint|scrollbar[a-z-]*)\s*:[^;]*\b{COLOUR}\b")


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a Python file (f-strings whole), without docstrings."""
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
    found = []
    for i, token in enumerate(tokens):
        if token.type != tokenize.STRING:
            continue
        before = next((t for t in reversed(tokens[:i]) if t.type not in (tokenize.NL, tokenize.COMMENT)), None)
        after = next((t for t in tokens[i + 1:] if t.type not in (tokenize.NL, tokenize.COMMENT)), None)
        docstring = (before is None or before.type in (tokenize.INDENT, tokenize.NEWLINE, tokenize.DEDENT)) and (
            after is None or after.type == tokenize.NEWLINE)
        if not docstring:
            found.append((token.start[0], token.string))
    return found


def literal_colours(path: Path) -> list[str]:
    """Every place in ``path`` that names a colour instead of a theme variable."""
    found = []
    if path.suffix == ".tcss":
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if CSS_COLOUR.search(line) or CSS_HEX.search(line) or "rgb(" in line:
                found.append(f"{path.name}:{number}: {line.strip()}")
        return found
    for number, literal in _strings(path):
        body = literal.lstrip("rbfuRBFU").strip("'\"")
        if STYLE_STRING.search(body) or MARKUP_TAG.search(body) or HEX.fullmatch(body.strip()):
            found.append(f"{path.name}:{number}: {literal}")
        elif "\n" in body:  # DEFAULT_CSS
            found += [f"{path.name}:{number}: {line.strip()}" for line in body.splitlines()
                      if CSS_COLOUR.search(line) or CSS_HEX.search(line)]
    return found + [f"{path.name}: Color(" for _ in re.findall(r"\bColor\(", path.read_text(encoding="utf-8"))]


def test_no_literal_colour_in_tui():
    files = sorted([*TUI.rglob("*.py"), *TUI.rglob("*.tcss")])
    assert len(files) > 20
    assert [hit for path in files for hit in literal_colours(path)] == []


def test_the_check_finds_each_way_a_colour_gets_in(tmp_path):
    code = tmp_path / "code.py"
    code.write_text('"""A widget drawn in red (prose is fine)."""\n'
                    'a = Text("x", style="bold red")\n'
                    'b = f"[green]{a}[/]"\n'
                    'c = "[$success]fine[/]"\n'
                    'CSS = """\nW { color: yellow; }\nV { background: $error; }\n"""\n'
                    'd = Color(1, 2, 3)\n', encoding="utf-8")
    hits = literal_colours(code)
    assert [hit.split(":")[1] for hit in hits] == ["2", "3", "5", " Color("]
    sheet = tmp_path / "s.tcss"
    sheet.write_text("A { color: $warning; }\nB { border: round #ff0000; }\n", encoding="utf-8")
    assert [hit.split(":")[1] for hit in literal_colours(sheet)] == ["2"]


async def test_meanings_follow_the_theme():
    app = App()
    async with app.run_test() as pilot:
        app.theme = "textual-dark"
        await pilot.pause()
        dark = {m: tone(app, m) for m in (palette.GOOD, palette.WARN, palette.ALERT, palette.BAD)}
        app.theme = "nord"
        nord = {m: tone(app, m) for m in dark}
        await pilot.pause()
        variables = app.theme_variables
    assert nord[palette.ALERT].bold and not nord[palette.BAD].bold
    assert nord[palette.ALERT].color.triplet.hex == variables["error"].lower()
    assert nord[palette.GOOD].color.triplet.hex == variables["success"].lower()
    assert dark != nord
    assert tone(app, "") == ""
