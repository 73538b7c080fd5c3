"""What the command line prints: text from the database made safe to put on a terminal.

Titles, names and notes come from people and from imported sheets; an escape sequence among them
("\\x1b[2J" in a meeting title) would otherwise be obeyed by the terminal when `fupan meetings` lists
it. Every line the CLI prints goes through `say`, which shows control characters as "�".
"""

from __future__ import annotations

import re

import click

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls, except tab and newline


def safe(text: str) -> str:
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def say(message: object, *, err: bool = False) -> None:
    """click.echo for text that may hold what people typed."""
    click.echo(safe(str(message)), err=err)
