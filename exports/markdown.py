"""Markdown: inert escaping of user text, the tables as one document, and the report's Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from exports.tables import Table

if TYPE_CHECKING:
    from exports.report import Block

# Inline Markdown (CommonMark and GitHub's): emphasis, code, links and images, tables, strikethrough,
# headings' closing #. Escaped with a backslash, each shows as the character typed.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~#!])")
# What starts a block at the beginning of a line: a list (- + 1. 1)), a setext underline (=), a quote
# (>, escaped as HTML below anyway) and indentation (a code block).
_MD_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def _md_text(value: str) -> str:
    """User text inside a Markdown line, inert: Markdown punctuation is backslash-escaped and HTML is
    escaped (a viewer would run <script>), so links, emphasis, tables and tags show as typed."""
    return html.escape(_MD_INLINE.sub(r"\\\1", value), quote=False)


def _md_line(value: str) -> str:
    """_md_text for text that begins a line (a heading, a paragraph, a list item's value): no block
    marker at its start, and its own line breaks as <br> so a typed "# x" or "- x" cannot start a block."""
    lines = []
    for line in value.replace("\r\n", "\n").split("\n"):
        escaped = _md_text(line.lstrip())  # leading blanks would make a code block
        lines.append(_MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped, 1))
    return "<br>".join(lines)


def _md_heading(value: str) -> str:
    """A heading is one line: its text's line breaks become spaces."""
    return _md_text(" ".join(value.split()))


def _md_cell(value: str) -> str:
    """A cell that cannot break a pipe table: Markdown and HTML escaped (pipes too), line breaks as <br>."""
    return _md_text(value).replace("\r\n", "<br>").replace("\n", "<br>")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    from tabulate import tabulate

    return tabulate([[_md_cell(c) for c in row] for row in rows], headers=[_md_cell(h) for h in headers],
                    tablefmt="pipe", disable_numparse=True)


def tables_markdown(tables: Sequence[Table], title: str) -> str:
    """All tables in one Markdown document, for chat and wikis."""
    parts = [f"# {_md_heading(title)}"] if title else []
    for table in tables:
        parts.append(f"## {_md_heading(table.title)}")
        rows = [[table.display(row, col) for col in range(len(table.columns))] for row in table.rows]
        parts.append(markdown_table(table.columns, rows) if rows else "—")
    return "\n\n".join(parts) + "\n"


def render_markdown(blocks: Sequence[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            parts.append(f"{'#' * int(block.kind[1])} {_md_heading(block.text)}")
        elif block.kind == "p":
            parts.append(_md_line(block.text))
        elif block.kind == "facts":
            parts.append("\n".join(f"- **{_md_text(k)}**: {_md_line(v)}" for k, v in block.facts or [] if v))
        elif block.kind == "table":
            rows = [[cell + (" ⚠" if mark else "") for cell, mark in row] for row in block.cells or []]
            parts.append(markdown_table(block.headers or [], rows))
        elif block.kind == "chart":
            parts.append(_md_chart(block.chart))
    return "\n\n".join(parts) + "\n"


def _md_chart(chart: Any) -> str:
    """A chart in Markdown: its title, then bars of block characters in a code block (inert: only a
    run of backticks as long as the fence could end it, so the fence is longer than any in the text)."""
    from exports.charts import chart_lines

    lines = chart_lines(chart)
    fence = "`" * max(3, 1 + max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0))
    return f"**{_md_heading(chart.title)}**\n\n{fence}text\n" + "\n".join(lines) + f"\n{fence}"
