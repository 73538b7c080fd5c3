"""The command line in the user's language: `--help`, the usage line and click's own errors.

The language is known before click reads a word (`argv_lang`: the last `--lang` anywhere on the line, so
`fupan export --help --lang zh` is Chinese too; else the locale), and then:

- every command's help, its options' help and the metavars (会议, 路径 …) come from `core.i18n`, keyed by
  the command's path (`cli.help.fupan.export`, `cli.help.fupan.export:out`), put on the click objects by
  `localise` as each command is loaded;
- click's own words ("Usage:", "No such option", "Missing argument", "Invalid value for …", "Options")
  are asked for through gettext in each click module (``from gettext import gettext as _``), and click
  documents gettext as its way to be translated; fupan answers those calls from `core.i18n.CLICK_ZH`
  rather than shipping a compiled catalog. A message click adds later stays English until it is added
  there (tests/test_cli_lang.py scans every --help for English words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types
import click.utils

from core.i18n import CLICK_ZH, Lang, text
from core.meeting import DUE_SOON_DAYS
from core.width import display_width

_language: Lang = "en"
_CLICK_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
                  click.types, click.utils)
_ENGLISH = "_fupan_english"  # the metavar a param was declared with, kept to go back to English


def argv_lang(argv: Sequence[str]) -> Lang | None:
    """The language the command line asks for, wherever `--lang` stands (the last one wins, as click's
    own reading of the global option does); None without one."""
    lang: Lang | None = None
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in ("zh", "en"):
            lang = value  # type: ignore[assignment]
    return lang


def use_language(lang: Lang) -> None:
    """From now on click speaks ``lang`` (its usage line, errors and help sections)."""
    global _language
    _language = lang
    click.types._NumberRangeBase._describe_range = _describe_range  # type: ignore[method-assign]
    for module in _CLICK_MODULES:
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


_CLICK_DESCRIBE_RANGE = click.types._NumberRangeBase._describe_range
_NO_LIMIT = 2**63 - 1  # the largest id SQLite stores: an upper bound no user means


def _describe_range(self: click.types._NumberRangeBase) -> str:
    """A number option's range as help and errors show it: click writes "1<=x<=65535" (its own notation,
    with an English-looking x, through a method and not through gettext); on zh "范围：1–65535". An id's
    bound, SQLite's largest integer, is left out in both languages."""
    unbounded = self.max is not None and self.max >= _NO_LIMIT
    if _language != "zh" and not unbounded:
        return _CLICK_DESCRIBE_RANGE(self)
    low = None if self.min is None else "cli.range.above" if self.min_open else "cli.range.at_least"
    high = (None if self.max is None or unbounded
            else "cli.range.below" if self.max_open else "cli.range.at_most")
    keys = ["cli.range.between"] if (low, high) == ("cli.range.at_least", "cli.range.at_most") else [low, high]
    words = [text(key, _language).format(min=self.min, max=self.max) for key in keys if key]
    return text("cli.range", _language).format(range="，".join(words))


def click_message(exc: click.ClickException) -> str:
    """click's error message in the current language: its words come through gettext, but a missing
    parameter's full stop is written into the format ("缺少参数 '状态'."): on zh it is a Chinese one."""
    message = exc.format_message()
    if _language == "zh" and message.endswith(".") and not message.endswith(".."):
        message = message[:-1] + "。"
    return message


def language() -> Lang:
    return _language


def _gettext(message: str) -> str:
    return CLICK_ZH.get(message, message) if _language == "zh" else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def localise(command: click.Command, path: str) -> None:
    """Put the help texts and metavars of ``command`` (and its subcommands) in the current language.

    ``path`` is the command as typed ("fupan", "fupan import agenda"). Done again for each run of the
    command line, so one process may speak both languages (the tests do).
    """
    lang = _language
    if not hasattr(command, _ENGLISH):
        setattr(command, _ENGLISH, (command.options_metavar, getattr(command, "subcommand_metavar", None)))
        command.context_class = Context  # help laid out by display width
        if not any("--help" in param.opts for param in command.params):
            click.help_option("-h", "--help")(command)  # ours, so its help is ours too
        for param in command.params:
            setattr(param, _ENGLISH, param.metavar)
    key = "cli.help." + path.replace(" ", ".")
    command.help = text(key, lang).format(days=DUE_SOON_DAYS)
    command.short_help = None
    options_metavar, subcommand_metavar = getattr(command, _ENGLISH)
    command.options_metavar = _word(options_metavar, lang) if options_metavar else options_metavar
    if isinstance(command, click.Group):
        command.subcommand_metavar = _word(subcommand_metavar, lang)
    command.params.sort(key=lambda param: "--help" in param.opts)  # the help option last, after --db/--lang
    for param in command.params:
        if isinstance(param, click.Option):
            param.help = text(_param_key(path, param.name or ""), lang).format(days=DUE_SOON_DAYS)
        param.metavar = _metavar(param, lang)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            localise(sub, f"{path} {name}")


def _param_key(path: str, name: str) -> str:
    """Its own key, else the one shared by the import commands, the global options' or click's own."""
    dotted = path.replace(" ", ".")
    candidates = [f"cli.help.{dotted}:{name}", f"cli.help.import:{name}", f"cli.help.late_{name}", f"cli.help.{name}"]
    return next((key for key in candidates if text(key, "en") != key), candidates[0])


def _metavar(param: click.Parameter, lang: Lang) -> str | None:
    declared = getattr(param, _ENGLISH, param.metavar)
    if lang == "en" or (isinstance(param, click.Option) and param.is_flag):
        return declared
    if isinstance(param.type, click.Choice) and declared is None:
        return None  # [zh|en]: the values as typed
    if isinstance(param, click.Argument):
        word = _word(declared or (param.name or "").upper(), lang)
        return word if declared is not None or param.required else f"[{word}]"
    return _word(declared or param.type.name.upper(), lang)


def _word(english: str, lang: Lang) -> str:
    key = f"cli.metavar.{english}"
    shown = text(key, lang)
    return english if shown == key else shown


# --- help laid out by display width -------------------------------------------------------------------
# click measures and wraps help by characters; a Chinese character takes two terminal columns, so its
# columns would not line up and its lines would run past the terminal. The same layout, by display width
# (`core.width`, the one measure fupan aligns with).

_TOKEN = re.compile(r"\s+|[^\s,]+,|[^\s,]+|,")
_NO_LINE_START = frozenset("，。、；：？！）」』》〉】…,.;:?!)]")


_width = display_width


def _tokens(text_: str) -> list[tuple[str, bool]]:
    """Break opportunities: (piece, a space before it). A wide character is a piece of its own."""
    pieces: list[tuple[str, bool]] = []
    space = False
    for match in _TOKEN.finditer(text_):
        piece = match.group()
        if piece.isspace():
            space = True
            continue
        run = ""
        for char in piece:
            if _width(char) == 2:
                if run:
                    pieces.append((run, space))
                    space, run = False, ""
                pieces.append((char, space))
                space = False
            else:
                run += char
        if run:
            pieces.append((run, space))
        space = False
    return pieces


def wrap(text_: str, width: int, initial: str = "", subsequent: str = "") -> list[str]:
    """``text_`` (one paragraph) in lines of at most ``width`` columns where it can break; closing
    punctuation (，。）…) never starts a line: the piece before it moves down with it."""
    lines: list[str] = []
    head, line = initial, []  # the line's pieces, each with the space before it
    for piece, space in _tokens(text_):
        line.append((piece, space))
        if _width(head + _joined(line)) <= width or len(line) == 1:
            continue
        keep = len(line) - 1
        while keep > 1 and line[keep][0][0] in _NO_LINE_START:
            keep -= 1  # carry the word before the punctuation down too
        lines.append((head + _joined(line[:keep])).rstrip())
        head, line = subsequent, line[keep:]
    lines.append((head + _joined(line)).rstrip())
    return lines


def _joined(pieces: list[tuple[str, bool]]) -> str:
    return "".join((" " if space and i else "") + piece for i, (piece, space) in enumerate(pieces))


class HelpFormatter(click.HelpFormatter):
    """click's help layout, measured in terminal columns."""

    def write_text(self, text_: str) -> None:
        indent = " " * self.current_indent
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text_) if p.strip()]
        self.write("\n\n".join("\n".join(wrap(p, self.width, indent, indent)) for p in paragraphs))
        self.write("\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = f"{_gettext('Usage:')} " if prefix is None else prefix
        head = f"{prefix:>{self.current_indent}}{prog}"
        self.write("\n".join(wrap(args, self.width, head + " ", " " * _width(head + " "))) if args else head)
        self.write("\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            lead = " " * self.current_indent + first
            if not second:
                self.write(lead + "\n")
                continue
            hang = " " * (self.current_indent + first_col)
            if _width(first) <= first_col - col_spacing:
                lead += " " * (first_col - _width(first))
            else:
                self.write(lead + "\n")
                lead = hang
            width = max(self.width, len(hang) + 10)
            lines = wrap(" ".join(second.split()), width, lead, hang)
            self.write("\n".join(lines) + "\n")


class Context(click.Context):
    formatter_class = HelpFormatter
