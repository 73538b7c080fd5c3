"""The review report (复盘报告): the meeting's tables and charts as blocks, in the order a review walks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core import rules
from core.i18n import Lang, label, text
from core.parse import period_label, period_text, period_year
from core.timer import format_duration, slot_timing
from exports.tables import TEXT, Table, ask_standard_text, movement_summary

@dataclass(slots=True)
class Block:
    """One piece of the report; rendered to Markdown or HTML by the same walk."""

    kind: str  # "h1" | "h2" | "h3" | "p" | "facts" | "table" | "chart"
    text: str = ""
    facts: list[tuple[str, str]] | None = None
    headers: list[str] | None = None
    cells: list[list[tuple[str, str | None]]] | None = None  # (text, mark)
    unbroken: frozenset[int] = frozenset()  # columns of dates and numbers: never wrapped on paper
    chart: Any = None  # exports.charts.Chart


def _table_block(table: Table, rows: Iterable[int], drop: Iterable[int | None] = ()) -> Block:
    dropped = set(drop)
    keep = [c for c in range(len(table.columns)) if c not in dropped]
    cells = [
        [(table.display(table.rows[r], c), table.marks.get((r, c))) for c in keep]
        for r in rows
    ]
    unbroken = frozenset(i for i, c in enumerate(keep) if table.kinds[c] != TEXT)
    return Block("table", headers=[table.columns[c] for c in keep], cells=cells, unbroken=unbroken)


# The report's sections in the order of the seeds' review (seed 000: 目标复盘 → 重点工作 → 改善措施 →
# 更新计划), and the charts each opens with (exports.charts keys; "indicator-" is every indicator's).
REPORT_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("indicators", ("ranking", "indicator-")),
    ("priority", ()),
    ("key_work", ()),
    ("root_causes", ()),
    ("lessons", ()),
    ("actions", ("actions",)),
    ("catchup", ("coverage",)),
)


def report_blocks(meeting: Any, tables: Sequence[Table], lang: Lang, today: date,
                  slots: Sequence[Any] = (), charts: Sequence[Any] = (),
                  moved: tuple[Any, Sequence[rules.Movement]] | None = None) -> list[Block]:
    """复盘报告, as the seeds walk a review: the meeting and its goal; the indicator review (charts
    first, then each presenter's indicators for the review period — the monthly detail is in the
    spreadsheet); key work; root causes; lessons; actions; catch-up; the previous actions' movement
    since the last review (``moved``: that review and core.rules movements) and the indicator trends;
    the timing record."""
    year = period_year(meeting.period, meeting.date)
    blocks = [
        Block("h1", f"{text('report', lang)}：{meeting.title}" if lang == "zh"
              else f"{text('report', lang)}: {meeting.title}"),
        Block("facts", facts=[
            (text("goal", lang), meeting.goal),
            (text("scenario", lang), label(meeting.scenario, lang)),
            (text("period", lang), period_text(meeting.period, lang, year)),
            (text("date", lang), meeting.date.isoformat() if meeting.date else ""),
            (text("facilitator", lang), meeting.facilitator),
            (text("report.generated", lang), today.isoformat()),
        ]),
    ]
    by_key = {t.key: t for t in tables}
    own = rules.own_period(meeting.period)
    own_period = period_label(own, lang, year) if own else None
    presenters = _presenter_order(tables)
    for key, chart_keys in REPORT_SECTIONS:
        table = by_key.get(key)
        if table is None:
            continue
        blocks.append(Block("h2", table.title))
        blocks.extend(Block("chart", chart=c) for c in charts
                      if any(c.key == k or (k.endswith("-") and c.key.startswith(k)) for k in chart_keys))
        section = [block for presenter in presenters
                   for block in _presenter_blocks(table, presenter, own_period, lang)]
        blocks.extend(section or [Block("p", text("report.none", lang))])
    movement = by_key.get("movement")
    if movement is not None and moved is not None and moved[0] is not None:
        last, movements = moved
        blocks.append(Block("h2", movement.title))
        blocks.append(Block("p", text("movement.since", lang).format(
            title=last.title, date=last.date.isoformat() if last.date else "")))
        if movement.rows:
            blocks.append(Block("p", movement_summary(rules.movement_counts(movements), lang)))
            if ask := ask_standard_text(movements, lang):
                blocks.append(Block("p", ask))
            blocks.append(_table_block(movement, range(len(movement.rows))))
        else:
            blocks.append(Block("p", text("movement.none", lang)))
    trends = by_key.get("trends")
    if trends is not None and trends.rows:
        blocks.append(Block("h2", trends.title))
        blocks.append(_table_block(trends, range(len(trends.rows))))
    timing = by_key.get("timing")
    if timing is not None:
        blocks.append(Block("h2", timing.title))
        if timing.rows:
            blocks.append(_table_block(timing, range(len(timing.rows))))
            blocks.append(Block("p", timing_summary(slots, lang)))
        else:
            blocks.append(Block("p", text("report.none", lang)))
    return blocks


def _presenter_order(tables: Sequence[Table]) -> list[str]:
    """Agenda order (the timing table follows it), then anyone else who appears in a table."""
    names: list[str] = []
    ordered = sorted(tables, key=lambda t: t.key != "timing")
    for table in ordered:
        if table.presenter_col is None:
            continue
        for row in table.rows:
            if row[table.presenter_col] not in names:
                names.append(row[table.presenter_col])
    return names


def _presenter_blocks(table: Table, presenter: str, own_period: str | None, lang: Lang) -> list[Block]:
    """A presenter's rows of one table, under their name, without the presenter column."""
    if table.presenter_col is None:
        return []
    rows = [r for r, row in enumerate(table.rows) if row[table.presenter_col] == presenter]
    if table.key == "indicators" and own_period:
        period_col = table.columns.index(text("period", lang))
        in_period = [r for r in rows if table.rows[r][period_col] == own_period]
        rows = in_period or rows
    if not rows:
        return []
    # The empty 备注 column is for owners editing the tracking sheet, not for the report.
    drop = [table.presenter_col, len(table.columns) - 1 if table.key == "actions" else None]
    return [Block("h3", text("report.presenter", lang).format(name=presenter)), _table_block(table, rows, drop)]


def timing_summary(slots: Sequence[Any], lang: Lang) -> str:
    timings = [slot_timing(s) for s in slots]
    planned = sum(t.plan for t in timings)
    actual = sum(t.actual for t in timings)
    over = sum(t.overrun for t in timings)
    return text("report.timing_total", lang).format(
        planned=format_duration(planned), actual=format_duration(actual), overrun=format_duration(over))
