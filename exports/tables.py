"""The seeds' tables (DESIGN.md §5) as plain rows, ready for any file format.

A `Table` holds raw values (str, float, int, date, None) and, per column, a *kind* that tells a writer
how to show it (a rate is 0.76 in the row and "76%" on paper). Every number comes from `core.rules`;
this module only arranges them. Nothing heavy is imported here, so the app can import it freely.
"""

from __future__ import annotations

import gc
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from core import rules
from core.i18n import Lang, label, status_text, text, update_text
from core.model import Action, ActionStatus, ActionUpdate, Gap, Impact, Indicator, Meeting, Slot, SlotStatus
from core.parse import period_label, period_text, period_year
from core.timer import format_duration, slot_timing, was_presented
from db import queries

if TYPE_CHECKING:
    from db.store import Store

TABLE_KEYS: tuple[str, ...] = ("indicators", "key_work", "root_causes", "lessons", "actions", "catchup", "timing",
                              "movement")
REPORT_TABLE_KEYS: tuple[str, ...] = (*TABLE_KEYS, "trends", "priority")
"""The report also shows the indicator trends and the gaps in priority order; a spreadsheet gets them when
asked (`--tables trends,priority`)."""

PIECE_ROWS = 5000
"""Rows a writer takes at a time (and reports progress after)."""

# Column kinds: how a writer formats and types a cell.
TEXT, NUMBER, RATE, GAP, DATE, INT = "text", "number", "rate", "gap", "date", "int"
DURATION = "duration"
"""Whole seconds: a time value in XLSX ([m]:ss), h:mm:ss in CSV (Excel reads it as a duration), m:ss on paper."""

# Cell marks, coloured by the XLSX writer and flagged in the report.
SHORTFALL, OVERDUE, DUE_SOON, UNDER_COVERED, UNVERIFIED, OVERRUN = (
    "shortfall", "overdue", "due_soon", "under_covered", "unverified", "overrun")

TITLE_KEYS = {
    "indicators": "table.indicators",
    "key_work": "table.key_work",
    "root_causes": "table.root_causes",
    "lessons": "table.lessons",
    "actions": "table.actions",
    "catchup": "table.catch_up",
    "timing": "table.timing",
    "movement": "table.movement",
    "trends": "table.trends",
    "priority": "table.priority",
}


@dataclass(slots=True)
class Table:
    """One export table: localised title and headers, raw rows, column kinds and marked cells."""

    key: str
    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    marks: dict[tuple[int, int], str] = field(default_factory=dict)
    presenter_col: int | None = None
    unit_col: int | None = None
    lang: Lang = "en"
    origins: list[str] = field(default_factory=list)
    """The tracking sheet's only: what each row was exported from (`RowOrigin`), which CSV and XLSX write
    as a last, hidden column, so a returned sheet tells the owner's edits from fupan's since."""
    parts: Callable[[], Iterator[Table]] | None = None
    """A streamed table (the actions, for CSV and XLSX): ``rows`` stays empty and each part, read from
    the cursor PIECE_ROWS at a time, holds rows, marks and origins of its own (marks by row in the part).
    Its DATE cells are ISO text ("2026-11-30", None for no day), as the CSV writes them and the XLSX
    converts them once per distinct day: a date object per cell costs the CSV a str() each."""
    size: int = 0
    """A streamed table's number of rows."""
    composed: frozenset[int] = frozenset()
    """Text columns whose cells fupan composes itself and which never start a formula (the action
    tables' ACTION_COMPOSED_TEXT): the CSV writer leaves them as they are. Every other text column may
    hold what someone typed, and is made inert (exports.cells)."""

    def row_count(self) -> int:
        return self.size if self.parts is not None else len(self.rows)

    def pieces(self) -> Iterator[tuple[int, Table]]:
        """(index of the first row, part) in order, PIECE_ROWS rows at a time: what the writers walk."""
        if self.parts is not None:
            start = 0
            for part in self.parts():
                yield start, part
                start += len(part.rows)
            return
        if len(self.rows) <= PIECE_ROWS:
            yield 0, self
            return
        marks: dict[int, dict[tuple[int, int], str]] = defaultdict(dict)
        for (row, col), mark in self.marks.items():
            marks[row // PIECE_ROWS][row % PIECE_ROWS, col] = mark
        for start in range(0, len(self.rows), PIECE_ROWS):
            yield start, replace(self, rows=self.rows[start:start + PIECE_ROWS], marks=marks[start // PIECE_ROWS],
                                 origins=self.origins[start:start + PIECE_ROWS])

    def column(self, name: str) -> int:
        return self.columns.index(name)

    def display(self, row: Sequence[Any], col: int) -> str:
        """A cell as text for Markdown and HTML, using the same formatting as the screens."""
        value, kind = row[col], self.kinds[col]
        if value is None:
            return rules.MISSING if kind != TEXT else ""
        if kind == RATE:
            return rules.format_rate(value)
        if kind == GAP:
            unit = row[self.unit_col] if self.unit_col is not None else ""
            return rules.format_gap(value, unit or "", self.lang)
        if kind == NUMBER:
            return rules.format_number(value)
        if kind == DATE:
            return value.isoformat()
        if kind == DURATION:
            return format_duration(value)
        return str(value)


def _empty(key: str, lang: Lang, headers: Sequence[tuple[str, str]]) -> Table:
    """A table whose headers are i18n keys paired with their kind."""
    return Table(
        key=key,
        title=text(TITLE_KEYS[key], lang),
        columns=[text(h, lang) for h, _ in headers],
        kinds=[k for _, k in headers],
        lang=lang,
    )


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large export builds and writes its rows (also a decorator),
    when the export is all the process does: on the main thread (the command line).

    An export of 100,000 actions allocates a million acyclic objects (rows, cells); every few hundred
    allocations the collector would walk the growing heap for cycles there are none of, which costs
    about a third of the export. Reference counting still frees everything; the collector's previous
    state is restored afterwards. The collector is process-wide, so an export on a worker thread (the
    app's F9, while the screen keeps running) leaves it alone: the app's cycles are still collected.
    """
    enabled = gc.isenabled()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect(
    db: Store, meeting_id: int, lang: Lang, today: date, tables: Iterable[str] | None = None,
    *, stream: bool = False,
) -> list[Table]:
    """The meeting's tables, in the order of DESIGN.md §5 (or of ``tables``, a subset of REPORT_TABLE_KEYS);
    with ``stream``, the actions as a streamed table (`Table.parts`), for a writer that walks pieces."""
    wanted = list(tables) if tables is not None else list(TABLE_KEYS)
    unknown = [k for k in wanted if k not in REPORT_TABLE_KEYS]
    if unknown:
        raise ValueError(text("export.unknown_table", lang).format(tables=", ".join(unknown),
                                                                  choices=", ".join(REPORT_TABLE_KEYS)))
    meeting = queries.get_meeting(db, meeting_id)
    year = period_year(meeting.period, meeting.date)  # periods are stored without one; shown with it
    builders = {
        "indicators": lambda: indicator_table(db, meeting_id, meeting.period, lang, year),
        "key_work": lambda: key_work_table(db, meeting_id, lang),
        "root_causes": lambda: root_cause_table(db, meeting_id, lang, year),
        "lessons": lambda: lesson_table(db, meeting_id, lang),
        "actions": lambda: (streamed_action_table(db, lang, today, meeting_id=meeting_id) if stream
                            else _meeting_action_table(db, meeting_id, lang, today)),
        "catchup": lambda: catchup_table(db, meeting_id, lang, year),
        "timing": lambda: timing_table(queries.slots_for(db, meeting_id), lang),
        "movement": lambda: movement_table(queries.movements_for(db, meeting)[1], lang),
        "trends": lambda: trend_table(queries.trends_for(db, meeting), lang),
        "priority": lambda: priority_table(db, meeting, lang, year),
    }
    return [builders[key]() for key in wanted]


# --- indicator review (销售业绩数据复盘表) --------------------------------------------------------


def _presenters(db: Store, meeting_id: int, extra: Iterable[str] = ()) -> list[str]:
    """Agenda order first, then anyone else who has data (e.g. a presenter removed from the agenda)."""
    names = [s.presenter for s in queries.slots_for(db, meeting_id)]
    names.extend(sorted(set(extra) - set(names)))
    return names


def indicator_table(db: Store, meeting_id: int, meeting_period: str, lang: Lang,
                    year: int | None = None) -> Table:
    table = _empty("indicators", lang, [
        ("presenter", TEXT), ("indicator_category", TEXT), ("indicator", TEXT), ("unit", TEXT),
        ("period", TEXT), ("target", NUMBER), ("actual", NUMBER), ("achievement", RATE),
        ("gap", GAP), ("gap_rate", RATE), ("analysis", TEXT),
    ])
    table.presenter_col, table.unit_col = 0, 3
    values = queries.values_for(db, meeting_id)
    periods = rules.review_periods((v.period for v in values), meeting_period)
    causes = _root_causes_by_gap(db, meeting_id)
    gap_ids = {(g.presenter, g.indicator_id, g.period): g.id for g in queries.gaps_for(db, meeting_id)}
    for presenter in _presenters(db, meeting_id, (v.presenter for v in values)):
        for a in queries.review_for(db, meeting_id, presenter, periods):
            if a.target is None and a.actual is None:
                continue
            analysis = _analysis(a, causes.get(gap_ids.get((presenter, a.indicator.id, a.period))), lang)
            table.rows.append([
                presenter, a.indicator.category, a.indicator.name, a.indicator.unit,
                period_label(a.period, lang, year), a.target, a.actual, a.achievement, a.gap, a.gap_rate,
                analysis,
            ])
            if a.shortfall:
                row = len(table.rows) - 1
                for col in (7, 8, 9):
                    table.marks[(row, col)] = SHORTFALL
    return table


def _analysis(a: rules.Assessment, cause_text: str | None, lang: Lang) -> str:
    """差异分析: met or not, and the root cause found for this gap, if any."""
    if a.met is None:
        return ""
    verdict = text("met", lang) if a.met else text("not_met", lang)
    if a.achievement is None and a.no_rate_reason is not None:  # "—" in the rate column: say why
        verdict += f" ({text('achievement', lang)} {rules.MISSING}: {text(a.no_rate_reason, lang)})"
    return f"{verdict}: {cause_text}" if cause_text else verdict


def _root_causes_by_gap(db: Store, meeting_id: int) -> dict[int, str]:
    found: dict[int, list[str]] = defaultdict(list)
    for cause in queries.root_causes_for(db, meeting_id):
        stated = rules.effective_root_cause(cause) or cause.problem
        found[cause.gap_id].append(stated)
    return {gap_id: "; ".join(texts) for gap_id, texts in found.items()}


# --- root causes (问题根因分析表) ---------------------------------------------------------------


def five_why_text(whys: Sequence[Any]) -> str:
    """The 5-Why chain on one line: "1. why → because; 2. …"."""
    return "; ".join(
        f"{i}. {step.why} → {step.because}".rstrip(" →") for i, step in enumerate(whys, start=1)
    )


def _gap_title(gap: Gap, indicators: dict[int, Indicator], lang: Lang, year: int | None = None) -> str:
    if gap.indicator_id is not None and gap.indicator_id in indicators:
        name = indicators[gap.indicator_id].name
        return f"{name} {period_label(gap.period, lang, year)}".strip() if gap.period else name
    return gap.title


def root_cause_table(db: Store, meeting_id: int, lang: Lang, year: int | None = None) -> Table:
    table = _empty("root_causes", lang, [
        ("presenter", TEXT), ("gap", TEXT), ("problem", TEXT), ("preliminary_cause", TEXT),
        ("five_why", TEXT), ("root_cause", TEXT), ("category", TEXT), ("attribution", TEXT),
        ("evidence", TEXT),
    ])
    table.presenter_col = 0
    gaps = {g.id: g for g in queries.gaps_for(db, meeting_id)}
    indicators = {i.id: i for i in queries.indicators_for(db, meeting_id)}
    for cause in queries.root_causes_for(db, meeting_id):
        gap = gaps[cause.gap_id]
        evidence = cause.evidence.strip()
        if not rules.is_verified(cause):
            evidence = text("unverified", lang)
            table.marks[(len(table.rows), 8)] = UNVERIFIED
        table.rows.append([
            gap.presenter, _gap_title(gap, indicators, lang, year), cause.problem, cause.preliminary_cause,
            five_why_text(cause.whys), rules.effective_root_cause(cause), label(cause.category, lang),
            label(cause.attribution, lang), evidence,
        ])
    return table


# --- lessons (经验教训总结表) -------------------------------------------------------------------


def key_work_table(db: Store, meeting_id: int, lang: Lang) -> Table:
    """重点工作复盘: what was planned, how it went, and whether a shortfall came from strategy or resources."""
    table = _empty("key_work", lang, [
        ("presenter", TEXT), ("kw_title", TEXT), ("kw_plan", TEXT), ("kw_status", TEXT), ("kw_met", TEXT),
        ("kw_shortfall", TEXT), ("kw_cause", TEXT),
    ])
    table.presenter_col = 0
    met_text = {True: text("met", lang), False: text("not_met", lang), None: ""}
    for item in queries.key_works_for(db, meeting_id):
        if item.met is False:
            table.marks[(len(table.rows), 4)] = SHORTFALL
        table.rows.append([item.presenter, item.title, item.plan, item.status, met_text[item.met],
                           item.shortfall, label(item.cause, lang)])
    return table


def lesson_table(db: Store, meeting_id: int, lang: Lang) -> Table:
    table = _empty("lessons", lang, [
        ("presenter", TEXT), ("lesson_kind", TEXT), ("content", TEXT), ("applies_to", TEXT),
    ])
    table.presenter_col = 0
    for lesson in queries.lessons_for(db, meeting_id):
        table.rows.append([lesson.presenter, label(lesson.kind, lang), lesson.content, lesson.applies_to])
    return table


# --- action tracking (行动计划跟踪表) -----------------------------------------------------------

ACTION_HEADERS: tuple[tuple[str, str], ...] = (
    ("action_id", INT), ("presenter", TEXT), ("measure", TEXT), ("owner", TEXT), ("start", DATE),
    ("due", DATE), ("standard", TEXT), ("checkpoint", TEXT), ("resources", TEXT),
    ("action_status", TEXT), ("risk", TEXT), ("last_update", TEXT), ("note", TEXT),
)
STATUS_COL, DUE_COL = 9, 5
ACTION_COMPOSED_TEXT: frozenset[str] = frozenset({"action_status", "last_update", "note"})
"""The action tables' text columns that fupan writes itself: the status as shown (core.i18n.status_text),
最近更新 led by its date (update_text) and the empty 备注. None of them can start a formula, so they are
the `Table.composed` columns; every other text column (presenter, measure, owner, standard, checkpoint,
resources, risk, the meeting's title) holds what someone typed."""


@dataclass(frozen=True, slots=True)
class RowOrigin:
    """What a tracking-sheet row showed of its action when exported: status, dates and latest update.

    Written with the row (`fupan1;12;in_progress;2026-11-01;2026-11-30;45`, a text no spreadsheet
    converts), it lets `import actions` tell what the owner changed in the sheet from what changed in
    fupan since, whatever columns the owner deleted, and whichever owner's sheet comes back first.
    """

    action_id: int
    status: str
    start: date | None
    due: date | None
    update_id: int | None  # the latest action_updates row then (None: the action had none)

    def __str__(self) -> str:
        return origin_text(self.action_id, self.status, _iso(self.start), _iso(self.due), self.update_id)

    @classmethod
    def parse(cls, typed: str) -> RowOrigin:
        """The origin written by __str__; ValueError for anything else (a cell the user changed)."""
        parts = typed.strip().split(";")
        if len(parts) != 6 or parts[0] != _ORIGIN_TAG or parts[2] not in _STATUS_BY_VALUE:
            raise ValueError(typed)
        day = lambda part: date.fromisoformat(part) if part else None  # noqa: E731
        return cls(int(parts[1]), parts[2], day(parts[3]), day(parts[4]), int(parts[5]) if parts[5] else None)


_ORIGIN_TAG = "fupan1"


def origin_text(action_id: int, status: str, start: str, due: str, update_id: int | None) -> str:
    """A RowOrigin as written, from its parts as text (dates ISO or ""): the one place of its format."""
    return f"{_ORIGIN_TAG};{action_id};{status};{start};{due};{'' if update_id is None else update_id}"


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def streamed_action_table(db: Store, lang: Lang, today: date, *, meeting_titles: dict[int, str] | None = None,
                          by_due: bool = False, **filters: Any) -> Table:
    """action_rows_table as a streamed table: its parts are read from the cursor when a writer walks them,
    PIECE_ROWS actions at a time with their latest updates, so 100,000 actions are never held at once."""
    maker = _ActionRows(lang, today, meeting_titles, iso_dates=True)
    table = maker.table((), {})
    table.size = queries.count_actions_for_export(db, **filters)

    def parts() -> Iterator[Table]:
        span = queries.updated_action_span(db)
        for rows in queries.action_row_chunks_for_export(db, size=PIECE_ROWS, by_due=by_due, **filters):
            ids = [r[0] for r in rows]
            updated = span is not None and min(ids) <= span[1] and max(ids) >= span[0]
            yield maker.table(rows, queries.latest_updates(db, ids) if updated else {})

    table.parts = parts
    return table


def _meeting_action_table(db: Store, meeting_id: int, lang: Lang, today: date) -> Table:
    rows = queries.action_rows_for_export(db, meeting_id=meeting_id)
    updates = queries.latest_updates(db, [r[0] for r in rows]) if rows else {}
    return action_rows_table(rows, updates, lang, today)


def action_table(
    actions: Sequence[Action], updates: dict[int, ActionUpdate], lang: Lang, today: date,
    *, meeting_titles: dict[int, str] | None = None,
) -> Table:
    """The tracking sheet; ``meeting_titles`` adds the meeting columns for the cross-meeting sheet.

    The 备注 (note) column is left empty for owners to fill in; `import actions` records it.
    """
    rows = [(a.id, a.meeting_id, a.presenter, a.measure, a.owner, a.start, a.due, a.standard, a.checkpoint,
             a.resources, a.status, a.risk) for a in actions]
    return action_rows_table(rows, updates, lang, today, meeting_titles=meeting_titles)


class _Days(dict):
    """ISO date text (as stored) → (date, its ISO text, the row's cell), parsed once per distinct day; a
    date or None as well. The cell is the date, or with ``iso_cells`` its ISO text (None for no day)."""

    def __init__(self, iso_cells: bool = False) -> None:
        super().__init__()
        self.iso_cells = iso_cells

    def __missing__(self, key: Any) -> tuple[date | None, str, date | str | None]:
        day = key if key is None or isinstance(key, date) else date.fromisoformat(key[:10]) if key else None
        iso = _iso(day)
        found = self[key] = (day, iso, (iso or None) if self.iso_cells else day)
        return found


class _DueStatus(dict):
    """(due, status) as in the row → (due date, its ISO text, shown status, mark, status value), decided
    once per distinct pair by core.rules (is_overdue and is_due_soon read only an action's due date and
    status)."""

    def __init__(self, today: date, lang: Lang, days: _Days) -> None:
        super().__init__()
        self.today, self.lang, self.days = today, lang, days

    def __missing__(self, key: tuple[Any, Any]) -> tuple[date | str | None, str, str, str | None, str]:
        (due, due_iso, cell), status = self.days[key[0]], _STATUS_BY_VALUE[_value_of(key[1])]
        probe = Action(0, "", "", due=due, status=status)
        overdue = rules.is_overdue(probe, self.today)
        mark = OVERDUE if overdue else DUE_SOON if rules.is_due_soon(probe, self.today) else None
        shown = status_text(status, overdue, self.lang)
        found = self[key] = (cell, due_iso, shown, mark, status.value)
        return found


_STATUS_BY_VALUE = {s.value: s for s in ActionStatus}


def action_rows_table(
    rows: Iterable[Sequence[Any]], updates: dict[int, ActionUpdate], lang: Lang, today: date,
    *, meeting_titles: dict[int, str] | None = None,
) -> Table:
    """action_table from rows of queries.EXPORT_ACTION_COLUMNS (dates as ISO text or date, status as
    stored or an ActionStatus), without an Action object per row: the export of 100,000 actions."""
    return _ActionRows(lang, today, meeting_titles).table(rows, updates)


class _ActionRows:
    """Builds action tables, keeping what it decided per distinct day and (due, status) pair across the
    parts of a streamed table."""

    def __init__(self, lang: Lang, today: date, meeting_titles: dict[int, str] | None,
                 iso_dates: bool = False) -> None:
        self.lang, self.meeting_titles = lang, meeting_titles
        self.days = _Days(iso_dates)
        self.due_status = _DueStatus(today, lang, self.days)

    def table(self, rows: Iterable[Sequence[Any]], updates: dict[int, ActionUpdate]) -> Table:
        lang, meeting_titles = self.lang, self.meeting_titles
        headers = list(ACTION_HEADERS)
        offset = 0
        if meeting_titles is not None:
            headers[1:1] = [("meeting_id", INT), ("meeting_title", TEXT)]
            offset = 2
        table = _empty("actions", lang, headers)
        table.presenter_col = 1 + offset
        table.composed = frozenset(col for col, (key, _) in enumerate(headers) if key in ACTION_COMPOSED_TEXT)
        out, marks, origins = table.rows, table.marks, table.origins
        status_col, due_col = STATUS_COL + offset, DUE_COL + offset
        days, due_status = self.days, self.due_status
        for (pk, meeting, presenter, measure, owner, start, due, standard, checkpoint, resources, state,
             risk) in rows:
            due, due_iso, shown, mark, value = due_status[due, state]
            _, start_iso, start = days[start]
            update = updates.get(pk)
            if meeting_titles is None:
                row: list[Any] = [pk, presenter, measure, owner, start, due, standard, checkpoint, resources,
                                  shown, risk, "" if update is None else update_text(update, lang), ""]
            else:
                row = [pk, meeting, meeting_titles.get(meeting, ""), presenter, measure, owner, start, due,
                       standard, checkpoint, resources, shown, risk,
                       "" if update is None else update_text(update, lang), ""]
            if mark is not None:
                if mark is OVERDUE:
                    marks[(len(out), status_col)] = OVERDUE
                marks[(len(out), due_col)] = mark
            out.append(row)
            origins.append(origin_text(pk, value, start_iso, due_iso, None if update is None else update.id))
        return table


def _value_of(state: Any) -> str:
    return state.value if isinstance(state, ActionStatus) else str(state)


# --- catch-up (追赶计划) ------------------------------------------------------------------------


def catchup_table(db: Store, meeting_id: int, lang: Lang, year: int | None = None) -> Table:
    """One row per expected contribution; the plan's gap and coverage repeat on its rows."""
    table = _empty("catchup", lang, [
        ("presenter", TEXT), ("source", TEXT), ("customer", TEXT), ("amount", NUMBER), ("unit", TEXT),
        ("expected_month", TEXT), ("stage", TEXT), ("gap_to_close", NUMBER), ("coverage", RATE),
    ])
    table.presenter_col, table.unit_col = 0, 4
    for plan in queries.catchup_plans_for(db, meeting_id):
        ratio, under = rules.coverage(plan), rules.is_under_covered(plan)
        for line in plan.lines:
            if under:
                table.marks[(len(table.rows), 8)] = UNDER_COVERED
            table.rows.append([
                plan.presenter, label(line.source, lang), line.customer, line.amount, plan.unit,
                period_text(line.expected_month, lang, year), label(line.stage, lang),
                rules.gap_to_close(plan), ratio,
            ])
    return table


# --- timing (时间记录) --------------------------------------------------------------------------


def timing_table(slots: Sequence[Slot], lang: Lang) -> Table:
    """Planned vs actual per slot, from `core.timer.slot_timing` as the screens show them: the plan is the
    adjusted plan (planned ± F7/F6 minutes, the adjustment in its own column), actual is the running
    time with pauses excluded, overrun is actual past the adjusted plan. Durations are time values."""
    table = _empty("timing", lang, [
        ("presenter", TEXT), ("planned_minutes", DURATION), ("actual_minutes", DURATION), ("overrun", DURATION),
        ("pauses", INT), ("status", TEXT), ("adjustment", DURATION),
    ])
    table.presenter_col = 0
    for slot in slots:
        timing = slot_timing(slot)
        if timing.over:
            table.marks[(len(table.rows), 3)] = OVERRUN
        not_presented = slot.status is SlotStatus.SKIPPED and not was_presented(slot)
        status = text("not_presented", lang) if not_presented else label(slot.status, lang)
        table.rows.append([
            slot.presenter, round(timing.plan), round(timing.actual), round(timing.overrun),
            slot.pause_count, status, round(timing.adjust),
        ])
    return table


# --- the next review (上次行动跟踪, 指标趋势) -------------------------------------------------------

MOVEMENT_HEADERS: tuple[tuple[str, str], ...] = (
    ("action_id", INT), ("presenter", TEXT), ("measure", TEXT), ("owner", TEXT), ("due", DATE),
    ("standard", TEXT), ("checkable", TEXT),
    ("status_then", TEXT), ("status_now", TEXT), ("updates_between", TEXT), ("movement", TEXT),
)
MOVEMENT_CHECKABLE_COL, MOVEMENT_NOW_COL, MOVEMENT_KIND_COL = 6, 8, 10


def smart_hints(problems: Sequence[tuple[str, str]], lang: Lang) -> str:
    """core.rules.smart_problems as one line of hints in ``lang``."""
    return ("；" if lang == "zh" else "; ").join(text(key, lang).format(word=word) for key, word in problems)


def checkable_text(action: Action, lang: Lang) -> str:
    """标准可检查: "是", or "否：" and why the next review could not check it (core.rules.smart_problems)."""
    problems = rules.smart_problems(action.measure, action.standard)
    if not problems:
        return text("checkable.yes", lang)
    return f"{text('checkable.no', lang)}{'：' if lang == 'zh' else ': '}{smart_hints(problems, lang)}"


def ask_standard_text(movements: Sequence[rules.Movement], lang: Lang) -> str:
    """The call-out under the counts: the carried-in actions still open without a checkable standard
    (core.rules.to_ask_for_standard), by id, measure and owner; "" when there are none."""
    asked = rules.to_ask_for_standard(movements)
    if not asked:
        return ""
    sep = "；" if lang == "zh" else "; "
    items = sep.join(f"#{m.action.id} {m.action.measure}" + (f" ({m.action.owner})" if m.action.owner else "")
                     for m in asked)
    return text("movement.ask_standard", lang).format(n=len(asked), items=items)


def movement_text(m: rules.Movement, lang: Lang) -> str:
    """变化 as "未动 (新逾期)": the kind from core.rules, with newly overdue after it."""
    shown = text(f"moved.{m.kind}", lang)
    return f"{shown} ({text('newly_overdue', lang)})" if m.newly_overdue else shown


def movement_table(movements: Sequence[rules.Movement], lang: Lang) -> Table:
    """上次行动跟踪: each action carried into the review, its standard and whether this review can check
    it, its status at the last review and now, the updates in between (oldest first, one per line) and
    how it moved; newly overdue ones and those without a checkable standard are marked."""
    table = _empty("movement", lang, list(MOVEMENT_HEADERS))
    table.presenter_col = 1
    for m in movements:
        a = m.action
        if m.newly_overdue:
            table.marks[(len(table.rows), MOVEMENT_NOW_COL)] = OVERDUE
            table.marks[(len(table.rows), MOVEMENT_KIND_COL)] = OVERDUE
        if not m.checkable:
            table.marks[(len(table.rows), MOVEMENT_CHECKABLE_COL)] = UNVERIFIED
        table.rows.append([
            a.id, a.presenter, a.measure, a.owner, a.due, a.standard, checkable_text(a, lang),
            label(m.then, lang), label(m.now, lang),
            "\n".join(update_text(u, lang) for u in m.updates), movement_text(m, lang),
        ])
    return table


def movement_parts(counts: rules.MovementCounts, lang: Lang) -> list[str]:
    """The previous actions' counts, each with its caption: "上次行动 4 项：已关闭 1", "有进展 1", …"""
    return [
        text("movement.counts", lang).format(total=counts.total, closed=counts.closed),
        text("movement.counts.progressed", lang).format(n=counts.progressed),
        text("movement.counts.untouched", lang).format(n=counts.untouched),
        text("movement.counts.newly_overdue", lang).format(n=counts.newly_overdue),
    ]


def movement_summary(counts: rules.MovementCounts, lang: Lang) -> str:
    """The counts on one line: "上次行动 4 项：已关闭 1，有进展 1，未动 1，新逾期 1"."""
    return text("movement.sep", lang).join(movement_parts(counts, lang))


def streak_text(streak: int, lang: Lang) -> str:
    """连续未达成 N 期, with "长期差距" when core.rules calls it chronic; "" when the latest was met."""
    if not streak:
        return ""
    shown = text("not_met_streak.value", lang).format(n=streak)
    return text("streak.chronic", lang).format(streak=shown, chronic=text("chronic", lang)) if rules.is_chronic(
        streak) else shown


def trend_table(trends: dict[tuple[str, str], rules.Trend], lang: Lang) -> Table:
    """指标趋势: each presenter × indicator over the reviews in the database, oldest to newest — the
    periods, the achievement rates, a sparkline and how many reviews in a row missed the target."""
    table = _empty("trends", lang, [
        ("presenter", TEXT), ("indicator", TEXT), ("trend.reviews", TEXT), ("trend.rates", TEXT),
        ("trend", TEXT), ("not_met_streak", INT), ("analysis", TEXT),
    ])
    table.presenter_col = 0
    for (presenter, name), trend in trends.items():
        if trend.chronic:
            table.marks[(len(table.rows), 5)] = SHORTFALL
        table.rows.append([
            presenter, name, " → ".join(period_label(p.period, lang, p.year) for p in trend.points),
            " → ".join(rules.format_rate(r) for r in trend.rates), rules.sparkline(trend.rates),
            trend.not_met_streak, streak_text(trend.not_met_streak, lang),
        ])
    return table


def impact_text(impact: Impact | None, not_met_streak: int, lang: Lang) -> str:
    """影响 as rated, or the impact core.rules suggests for a chronic gap not rated yet ("建议：影响大")."""
    if impact is not None:
        return label(impact, lang)
    suggested = rules.suggested_impact(impact, not_met_streak)
    return text("impact.suggested", lang).format(impact=label(suggested, lang)) if suggested else ""


def priority_table(db: Store, meeting: Meeting, lang: Lang, year: int | None = None) -> Table:
    """差距优先级: each presenter's indicator gaps of the review period in core.rules.priority_key order —
    the rated quadrant, then chronic before new (连续未达成 N 期 from the trends, so a chronic gap leads
    before anyone rates it), then the gap rate — with the impact suggested for unrated chronic gaps."""
    table = _empty("priority", lang, [
        ("presenter", TEXT), ("priority.rank", INT), ("indicator", TEXT), ("unit", TEXT), ("period", TEXT),
        ("achievement", RATE), ("gap", GAP), ("gap_rate", RATE), ("not_met_streak", TEXT), ("impact", TEXT),
        ("ease", TEXT),
    ])
    table.presenter_col, table.unit_col = 0, 3
    own = rules.own_period(meeting.period)
    periods = rules.headline_periods(queries.periods_for(db, meeting.id), meeting.period)
    streaks = {key: trend.not_met_streak for key, trend in queries.trends_for(db, meeting).items()}
    ratings = {(g.presenter, g.indicator_id, g.period): g for g in queries.gaps_for(db, meeting.id)}
    values = queries.values_for(db, meeting.id)
    for presenter in _presenters(db, meeting.id, (v.presenter for v in values)):
        ranked = []
        for a in queries.review_for(db, meeting.id, presenter, periods):
            if not a.shortfall:
                continue
            gap = ratings.get((presenter, a.indicator.id, a.period))
            streak = streaks.get((presenter, a.indicator.name), 0) if a.period == own else 0
            impact, ease = (gap.impact, gap.ease) if gap else (None, None)
            ranked.append((rules.priority_key(impact, ease, a.gap_rate, streak), a, impact, ease, streak))
        ranked.sort(key=lambda item: item[0])
        for rank, (_, a, impact, ease, streak) in enumerate(ranked, start=1):
            if rules.is_chronic(streak):
                table.marks[(len(table.rows), 8)] = SHORTFALL
            table.rows.append([
                presenter, rank, a.indicator.name, a.indicator.unit, period_label(a.period, lang, year),
                a.achievement, a.gap, a.gap_rate, streak_text(streak, lang), impact_text(impact, streak, lang),
                label(ease, lang),
            ])
    return table
