"""The meeting's charts, once, for every place people look: the XLSX 图表 sheet (native xlsxwriter
charts), the HTML report (inline SVG, no script, no network), the Markdown report and the app's
summary screen (bars of block characters).

`meeting_charts` decides what is drawn from the database and core.rules; the renderers below only draw.
Nothing heavy is imported here (xlsxwriter arrives with the workbook it is given).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from core import rules
from core.i18n import Lang, label, text
from core.model import ActionStatus
from core.parse import period_label, period_year
from core.width import display_width, pad
from db import queries

if TYPE_CHECKING:
    from db.store import Store


@dataclass(slots=True)
class Chart:
    """One bar chart: a value per category for each series (``None`` where there is none)."""

    key: str
    title: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]] = field(default_factory=list)
    percent: bool = False  # values are rates (0.76 = 76 %)
    unit: str = ""

    def value_text(self, value: float | None) -> str:
        if value is None:
            return rules.MISSING
        return rules.format_rate(value) if self.percent else rules.format_number(value)


# --- what is drawn ---------------------------------------------------------------------------------


def achievement_by_presenter(db: Store, meeting_id: int) -> list[tuple[str, float | None]]:
    """(presenter, overall achievement) in agenda order, over the periods the review shows first."""
    meeting = queries.get_meeting(db, meeting_id)
    periods = rules.headline_periods(queries.periods_for(db, meeting_id), meeting.period)
    return [(slot.presenter, rules.presenter_achievement(queries.review_for(db, meeting_id, slot.presenter,
                                                                            periods)))
            for slot in queries.slots_for(db, meeting_id)]


def meeting_charts(db: Store, meeting_id: int, lang: Lang, today: date) -> list[Chart]:
    """Target vs actual per indicator by presenter, the presenters ranked by achievement, the actions'
    status and the catch-up coverage per presenter; a chart with nothing to show is left out."""
    meeting = queries.get_meeting(db, meeting_id)
    presenters = [s.presenter for s in queries.slots_for(db, meeting_id)]
    periods = rules.headline_periods(queries.periods_for(db, meeting_id), meeting.period)
    period = periods[-1] if periods else None  # free-text meeting period: the latest stored one
    year = period_year(meeting.period, meeting.date)
    charts: list[Chart] = []
    reviews = {p: queries.review_for(db, meeting_id, p, [period] if period else []) for p in presenters}
    for indicator in queries.indicators_for(db, meeting_id):
        values = {p: next((a for a in reviews[p] if a.indicator.id == indicator.id), None) for p in presenters}
        shown = [p for p, a in values.items() if a is not None and (a.target is not None or a.actual is not None)]
        if not shown:
            continue
        unit = f"（{indicator.unit}）" if lang == "zh" else f" ({indicator.unit})"
        charts.append(Chart(
            key=f"indicator-{indicator.id}",
            title=text("chart.target_vs_actual", lang).format(
                indicator=indicator.name, period=period_label(period or "", lang, year)) + (unit if indicator.unit else ""),
            categories=shown,
            series=[(text("target", lang), [values[p].target for p in shown]),  # type: ignore[union-attr]
                    (text("actual", lang), [values[p].actual for p in shown])],  # type: ignore[union-attr]
            unit=indicator.unit,
        ))
    ranked = sorted(((p, rules.presenter_achievement(reviews[p])) for p in presenters),
                    key=lambda pair: -1e18 if pair[1] is None else -pair[1])
    ranked = [(p, v) for p, v in ranked if v is not None]
    if ranked:
        charts.insert(0, Chart("ranking", text("chart.ranking", lang), [p for p, _ in ranked],
                               [(text("achievement", lang), [v for _, v in ranked])], percent=True))
    statuses = _action_statuses(db, meeting_id, presenters, today)
    if statuses:
        order = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, "overdue", ActionStatus.DONE,
                 ActionStatus.CANCELLED]
        shown_statuses = [s for s in order if statuses[s]]
        charts.append(Chart("actions", text("chart.action_status", lang), [label(s, lang) for s in shown_statuses],
                            [(text("chart.count", lang), [float(statuses[s]) for s in shown_statuses])]))
    coverage = [(plan.presenter, rules.coverage(plan)) for plan in queries.catchup_plans_for(db, meeting_id)]
    coverage = [(p, v) for p, v in coverage if v is not None]
    if coverage:
        charts.append(Chart("coverage", text("chart.coverage", lang), [p for p, _ in coverage],
                            [(text("coverage", lang), [v for _, v in coverage])], percent=True))
    return charts


def _action_statuses(db: Store, meeting_id: int, presenters: Sequence[str], today: date) -> Counter:
    """This meeting's actions and its presenters' actions from earlier meetings, by status, an open
    action past its due day counted as overdue (core.rules.is_overdue)."""
    counts: Counter = Counter()
    meeting = queries.get_meeting(db, meeting_id)
    dates = {m.meeting.id: m.meeting.date for m in queries.list_meetings(db)}

    def counted(action: Any) -> bool:
        if action.meeting_id == meeting_id:
            return True
        day = dates.get(action.meeting_id)
        return meeting.date is None or day is None or day <= meeting.date

    actions = {a.id: a for a in queries.actions_for(db, meeting_id)}
    for name in set(presenters):
        actions.update((a.id, a) for a in queries.find_actions(db, presenter=name) if counted(a))
    for action in actions.values():
        counts["overdue" if rules.is_overdue(action, today) else action.status] += 1
    return counts


# --- Markdown and the app: bars of block characters ---------------------------------------------------

_EIGHTHS = " ▏▎▍▌▋▊▉"


def text_bar(value: float, scale: float, width: int) -> str:
    """``value`` out of ``scale`` as a bar ``width`` cells long at most, to an eighth of a cell."""
    if scale <= 0 or value <= 0:
        return ""
    eighths = round(min(value / scale, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def chart_lines(chart: Chart, width: int = 30) -> list[str]:
    """The chart as lines of text: name, bar, value (one line per series of each category)."""
    values = [v for _, series in chart.series for v in series if v is not None]
    scale = max(max(values, default=0.0), 1.0 if chart.percent else 0.0)
    name_width = max((display_width(c) for c in chart.categories), default=0)
    series_width = max((display_width(s) for s, _ in chart.series), default=0) if len(chart.series) > 1 else 0
    lines = []
    for i, category in enumerate(chart.categories):
        for j, (name, series) in enumerate(chart.series):
            value = series[i]
            head = pad(category if j == 0 else "", name_width)
            if series_width:
                head += " " + pad(name, series_width)
            lines.append(f"{head} {pad(text_bar(value or 0.0, scale, width), width)} {chart.value_text(value)}")
    return lines


# --- HTML: inline SVG ---------------------------------------------------------------------------------

_SVG_COLOURS = ("#8EA9DB", "#2F5597", "#C00000")
_SVG_FONT = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
             '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')


def chart_svg(chart: Chart, width: int = 640) -> str:
    """A horizontal bar chart as inline SVG: no script, no external reference, every text escaped.
    Percent charts draw a line at 100 %."""
    esc = html.escape
    bar, gap, row_pad = 14, 2, 10
    label_width = min(max((display_width(c) for c in chart.categories), default=4) * 7 + 12, 180)
    legend = 22 if len(chart.series) > 1 else 0
    group = len(chart.series) * (bar + gap) + row_pad
    height = legend + group * len(chart.categories) + 24
    values = [v for _, series in chart.series for v in series if v is not None]
    top = max(max(values, default=0.0), 1.0 if chart.percent else 0.0, 0.0)
    low = min(min(values, default=0.0), 0.0)
    plot = width - label_width - 70
    span = (top - low) or 1.0

    def x(value: float) -> float:
        return label_width + (value - low) / span * plot

    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" font-family=\'{_SVG_FONT}\' font-size="12">',
             f"<title>{esc(chart.title)}</title>"]
    for j, (name, _) in enumerate(chart.series if legend else []):
        parts.append(f'<rect x="{label_width + j * 110}" y="4" width="12" height="12" '
                     f'fill="{_SVG_COLOURS[j % len(_SVG_COLOURS)]}"/>'
                     f'<text x="{label_width + j * 110 + 16}" y="14">{esc(name)}</text>')
    for i, category in enumerate(chart.categories):
        y0 = legend + i * group
        parts.append(f'<text x="{label_width - 6}" y="{y0 + group / 2}" text-anchor="end" '
                     f'dominant-baseline="middle">{esc(category)}</text>')
        for j, (_, series) in enumerate(chart.series):
            value = series[i]
            y = y0 + j * (bar + gap)
            if value is not None:
                left, right = sorted((x(0.0), x(value)))
                parts.append(f'<rect x="{left:.1f}" y="{y}" width="{max(right - left, 0.5):.1f}" '
                             f'height="{bar}" fill="{_SVG_COLOURS[j % len(_SVG_COLOURS)]}"/>')
            parts.append(f'<text x="{max(x(value or 0.0), x(0.0)) + 4:.1f}" y="{y + bar - 3}">'
                         f"{esc(chart.value_text(value))}</text>")
    axis_bottom = legend + group * len(chart.categories)
    parts.append(f'<line x1="{x(0.0):.1f}" y1="{legend}" x2="{x(0.0):.1f}" y2="{axis_bottom}" stroke="#444"/>')
    if chart.percent:
        parts.append(f'<line x1="{x(1.0):.1f}" y1="{legend}" x2="{x(1.0):.1f}" y2="{axis_bottom}" '
                     f'stroke="#C00000" stroke-dasharray="4 3"/>'
                     f'<text x="{x(1.0):.1f}" y="{axis_bottom + 16}" text-anchor="middle">100%</text>')
    parts.append("</svg>")
    return "".join(parts)


# --- XLSX: native charts on the 图表 sheet --------------------------------------------------------------

CHART_ROWS = 18  # rows a chart takes on the sheet, its data beside it
DATA_COL = 10  # the chart's numbers, in column K onwards, so the chart is read against them


def write_chart_sheet(workbook: Any, sheet: Any, charts: Sequence[Chart], name: str, header: Any) -> None:
    """Each chart at the left of the sheet, its data to the right (xlsxwriter charts read cells).
    Written top to bottom, as the workbook is in constant-memory mode."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_header(f"&R{name.replace('&', '&&')}")
    sheet.set_column(DATA_COL, DATA_COL, 16)
    sheet.set_column(DATA_COL + 1, DATA_COL + 4, 12)
    percent = workbook.add_format({"num_format": "0.0%"})
    for n, chart in enumerate(charts):
        top = n * CHART_ROWS
        sheet.write_string(top, DATA_COL, chart.title, header)
        for j, (series_name, _) in enumerate(chart.series):
            sheet.write_string(top, DATA_COL + 1 + j, series_name, header)
        for i, category in enumerate(chart.categories):
            sheet.write_string(top + 1 + i, DATA_COL, category)
            for j, (_, series) in enumerate(chart.series):
                if series[i] is not None:
                    value = series[i] if chart.percent else round(series[i], 2)  # labels read 33.22
                    sheet.write_number(top + 1 + i, DATA_COL + 1 + j, value, percent if chart.percent else None)
        kind = "column" if len(chart.series) > 1 else "bar"
        drawn = workbook.add_chart({"type": kind})
        last = top + len(chart.categories)
        for j, (_, series) in enumerate(chart.series):
            drawn.add_series({
                "name": [name, top, DATA_COL + 1 + j],
                "categories": [name, top + 1, DATA_COL, last, DATA_COL],
                "values": [name, top + 1, DATA_COL + 1 + j, last, DATA_COL + 1 + j],
                "data_labels": {"value": True, **({"num_format": "0%"} if chart.percent else {})},
                "fill": {"color": _SVG_COLOURS[j % len(_SVG_COLOURS)]},
            })
        drawn.set_title({"name": chart.title, "name_font": {"size": 12}})
        value_axis = {"num_format": "0%"} if chart.percent else {}
        if kind == "bar":  # categories top to bottom in the order given (the ranking reads downwards)
            drawn.set_y_axis({"reverse": True})
            drawn.set_x_axis({**value_axis, "min": 0})
            drawn.set_legend({"none": True})
        else:
            drawn.set_y_axis(value_axis)
            drawn.set_legend({"position": "top"})
        drawn.set_size({"width": 640, "height": CHART_ROWS * 20 - 20})
        sheet.insert_chart(top, 0, drawn, {"x_offset": 4, "y_offset": 4})
