"""The review report as a self-contained HTML page, ready to read on screen and to print on A4."""

from __future__ import annotations

import html
from collections.abc import Sequence

from core.i18n import Lang
from exports.charts import chart_svg
from exports.report import Block

_HTML_FONTS = ('-apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
               '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')
# On screen: a page to read. On paper (A4 landscape): tables shrink to the page width by wrapping (a
# long word or URL breaks anywhere rather than pushing a column off the page), rows and charts are never
# split across pages, and a table's header repeats on each page it continues on.
_HTML_STYLE = f"""
body {{ font-family: {_HTML_FONTS}; margin: 2em auto; max-width: 72em; color: #222; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; max-width: 100%; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top;
          overflow-wrap: anywhere; }}
th {{ background: #D9E1F2; }}
td.n {{ white-space: nowrap; }}
td.shortfall, td.overdue, td.overrun {{ background: #FFC7CE; color: #9C0006; }}
td.due_soon, td.under_covered, td.unverified {{ background: #FFEB9C; color: #9C5700; }}
dt {{ font-weight: bold; }} dd {{ margin: 0 0 0.4em 1em; }}
.charts {{ display: flex; flex-wrap: wrap; gap: 1em 2em; }}
figure.chart {{ margin: 0.5em 0 1em; break-inside: avoid; page-break-inside: avoid; }}
figure.chart figcaption {{ font-weight: bold; margin-bottom: 0.3em; }}
svg.chart {{ max-width: 100%; height: auto; }}
@page {{ size: A4 landscape; margin: 12mm; }}
@media print {{
  body {{ margin: 0; max-width: none; font-size: 10pt; }}
  table {{ width: 100%; font-size: 8.5pt; }}
  th, td {{ padding: 0.2em 0.4em; }}
  thead {{ display: table-header-group; }}
  tr, td, th {{ break-inside: avoid; page-break-inside: avoid; }}
  h1, h2, h3, figcaption {{ break-after: avoid; page-break-after: avoid; }}
  svg.chart {{ width: 125mm; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"""


def _html_cell(cell: str, classes: str) -> str:
    return f'<td class="{classes}">{html.escape(cell)}</td>' if classes else f"<td>{html.escape(cell)}</td>"


def render_html(blocks: Sequence[Block], title: str, lang: Lang) -> str:
    """A self-contained HTML page; every piece of user text is escaped."""
    esc = html.escape
    body: list[str] = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            body.append(f"<{block.kind}>{esc(block.text)}</{block.kind}>")
        elif block.kind == "p":
            body.append(f"<p>{esc(block.text)}</p>")
        elif block.kind == "facts":
            items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in block.facts or [] if v)
            body.append(f"<dl>{items}</dl>")
        elif block.kind == "table":
            head = "".join(f"<th>{esc(h)}</th>" for h in block.headers or [])
            rows = "".join(
                "<tr>" + "".join(
                    _html_cell(cell, " ".join(filter(None, (mark, "n" if i in block.unbroken else None))))
                    for i, (cell, mark) in enumerate(row)) + "</tr>"
                for row in block.cells or []
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif block.kind == "chart":
            figure = (f'<figure class="chart"><figcaption>{esc(block.chart.title)}</figcaption>'
                      f"{chart_svg(block.chart)}</figure>")
            if body and body[-1].startswith('<div class="charts">'):  # charts in a row share a flow box
                body[-1] = body[-1][:-len("</div>")] + figure + "</div>"
            else:
                body.append(f'<div class="charts">{figure}</div>')
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(title)}</title>\n<style>{_HTML_STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
