"""What the command line prints: text from the database made safe to put on a terminal.

Text is cleaned of control characters when it is stored (`core.parse.clean_text`, in `db.store`), but a
database written by another tool, or an error message quoting a file, may still hold an escape
sequence ("\\x1b[2J") that the terminal would obey. Every line the CLI prints goes through `say`
(`core.parse.display_safe`, the same gate as the screens and exports).
"""

from __future__ import annotations

import click

from core.parse import display_safe


def say(message: object, *, err: bool = False) -> None:
    """click.echo for text that may hold what people typed."""
    # An undecodable argument quoted back (Python keeps its bytes as lone surrogates) is shown as "?".
    line = display_safe(str(message)).encode("utf-8", "replace").decode("utf-8")
    click.echo(line, err=err)
