"""The review tabs of the presenter workspace: indicators with their gaps, key work, and the open
actions carried over from earlier meetings. Numbers come from `core.rules`; no tab re-derives one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select

from core import rules
from core.i18n import label, status_text, update_text
from core.model import Action, ActionStatus, Ease, Impact, KeyWork, KeyWorkCause
from core.parse import period_label, period_year
from core.width import display_width
from db import queries
from exports.tables import (
    ask_standard_text,
    checkable_text,
    impact_text,
    movement_parts,
    movement_text,
    streak_text,
)
from tui import palette
from tui.busy import WhenBusy
from tui.messages import CaptureSaved, RootCauseRequested
from tui.palette import tone
from tui.widgets.fields import FieldInput, FieldSelect, cycle, field, options, selected
from tui.widgets.notes import NoteDraft, note_dialog
from tui.widgets.pane import Pane
from tui.widgets.packed import PackedLine
from tui.widgets.table import Column, Fit, FullText, Table, fit_columns, follow_row, selected_key

# --- Indicators ----------------------------------------------------------------------------------


class IndicatorsPane(Pane):
    """The presenter's indicators with gaps computed, shortfalls highlighted, sorted by priority."""

    BINDINGS = [
        Binding("i", "impact", "key.impact", id="indicators.impact"),
        Binding("e", "ease", "key.ease", id="indicators.ease"),
        Binding("r", "root_cause", "key.root_cause", id="indicators.root_cause"),
        Binding("a", "all_periods", "key.all_periods", id="indicators.all_periods"),
    ]
    DEFAULT_CSS = """
    IndicatorsPane DataTable { max-height: 100%; height: 1fr; scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    """

    all_periods: reactive[bool] = reactive(False, init=False)
    """`a`: every stored period as well as the meeting's own (rolled up)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: dict[str, rules.Assessment] = {}
        # Trends over the reviews in the database, per presenter: earlier reviews do not change during
        # this one, and this review's values are imported in setup, so they are read once per presenter.
        self._trends: dict[str, dict[tuple[str, str], rules.Trend]] = {}
        self._cells: list[tuple[str, dict[str, Any]]] = []
        """Each row's cells by column, as last read: drawn again, fitted, when the width changes."""
        self._fits: list[Fit] = []

    def compose_form(self) -> ComposeResult:
        yield (table := Table(id="indicator-table", cursor_type="row", zebra_stripes=True))
        yield FullText(table)  # the indicator's name, or a figure, the columns cut, whole
        yield Label("", classes="error", markup=False)

    COLUMNS = ("indicator", "period", "target", "actual", "achievement", "gap", "gap_rate", "trend",
               "not_met_streak", "impact", "ease", "rc_count", "indicator_category")
    """In the order shown."""
    KEPT = ("indicator", "period", "target", "actual", "achievement", "gap")
    """On screen at any width (tui.widgets.table.fit_columns): the key figures, and the period when `a`
    shows several (otherwise it is the meeting's own, said in its title)."""
    WANTED = ("gap_rate", "impact", "ease", "trend", "not_met_streak", "rc_count", "indicator_category")
    """The other columns, most wanted first: each is shown if it fits whole beside the kept ones and the
    ones before it (the ratings `i` and `e` change stay in view as long as the screen allows)."""
    SHORT_HEADINGS: ClassVar[dict[str, str]] = {"indicator": "indicator.short", "achievement": "achievement.short"}
    NAME_CELLS = 24, 8
    """An indicator's name takes at most 24 cells (12 汉字); a narrow screen cuts it to 8 before a figure."""

    def columns(self) -> tuple[str, ...]:
        return tuple(key for key in self.COLUMNS if key != "period" or self.all_periods)

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw)

    def _fit(self) -> list[Fit]:
        """The columns that fit the table's width now, for the rows read last."""
        table = self.query_one(Table)
        available = table.scrollable_content_region.width if table.size.width else self.size.width
        widest = {key: max([0, *(display_width(str(cells[key])) for _, cells in self._cells)])
                  for key in self.columns()}
        widest["indicator"] = min(widest["indicator"], self.NAME_CELLS[0])
        return fit_columns([Column(key, self.t(key), widest[key], kept=key in self.KEPT,
                                   short=self.t(self.SHORT_HEADINGS[key]) if key in self.SHORT_HEADINGS else None,
                                   cut_to=self.NAME_CELLS[1] if key == "indicator" else None)
                            for key in self.columns()], available, table.cell_padding, self.WANTED)

    def _draw(self, force: bool = False) -> None:
        """The rows read last, in the columns that fit (the cursor kept on its row)."""
        if not self.is_attached:
            return
        fits = self._fit()
        if fits == self._fits and not force:
            return
        table = self.query_one(Table)
        keep = selected_key(table)
        if fits != self._fits:
            self._fits = fits
            table.clear(columns=True)
            for fit in fits:
                table.add_column(fit.heading, key=fit.key, width=fit.width, cut=fit.cut or fit.key == "indicator")
        table.clear()
        left = [key for key in self.columns() if key not in {fit.key for fit in fits}]
        table.left_out = {row: [(self.t(key), str(cells[key])) for key in left
                                if str(cells[key]).strip() not in ("", rules.MISSING)]
                          for row, cells in self._cells}  # read under the table, for the cursor's row
        for key, cells in self._cells:
            table.add_row(*(cells[fit.key] for fit in fits), key=key)
        follow_row(table, keep)

    def trends(self) -> dict[tuple[str, str], rules.Trend]:
        """This presenter's indicators over the reviews up to this one (queries.trends_for), read once."""
        if self.presenter not in self._trends:
            self._trends[self.presenter] = queries.trends_for(self.db, self.meeting, self.presenter)
        return self._trends[self.presenter]

    def periods(self) -> list[str]:
        """The meeting's own period (rolled up); `a` shows every stored period as well."""
        stored = queries.periods_for(self.db, self.meeting.id)
        if self.all_periods:
            return rules.review_periods(stored, self.meeting.period)
        return rules.headline_periods(stored, self.meeting.period)

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        keep = self.current()
        keep_key = f"{keep.indicator.id}:{keep.period}" if keep is not None else None
        meeting, presenter = self.meeting, self.presenter
        gaps = {(g.indicator_id, g.period): g for g in queries.gaps_for(self.db, meeting.id, presenter)}
        causes: dict[int, int] = {}
        for cause in queries.root_causes_for(self.db, meeting.id, presenter):
            causes[cause.gap_id] = causes.get(cause.gap_id, 0) + 1

        trends = self.trends()
        own = rules.own_period(meeting.period)

        def trend_of(a: rules.Assessment) -> rules.Trend | None:
            """The trend ending in this row: only the review's own period is a point of it."""
            return trends.get((presenter, a.indicator.name)) if a.period == own else None

        def rank(a: rules.Assessment) -> tuple[int, int, float]:
            gap, trend = gaps.get((a.indicator.id, a.period)), trend_of(a)
            return rules.priority_key(gap.impact if gap else None, gap.ease if gap else None, a.gap_rate,
                                      trend.not_met_streak if trend else 0)

        assessments = sorted(queries.review_for(self.db, meeting.id, presenter, self.periods()), key=rank)
        self.rows = {}
        self._cells = []
        for a in assessments:
            key = f"{a.indicator.id}:{a.period}"
            self.rows[key] = a
            gap, trend = gaps.get((a.indicator.id, a.period)), trend_of(a)
            rated_impact = gap.impact if gap else None
            bad = tone(self.app, palette.ALERT if a.shortfall else "")
            unit = a.indicator.unit
            cells = {
                "indicator_category": a.indicator.category,
                "indicator": Text(a.indicator.name, style=bad),
                "period": period_label(a.period, self.lang, period_year(meeting.period, meeting.date)),
                "target": rules.format_value(a.target, unit),
                "actual": rules.format_value(a.actual, unit),
                "achievement": Text(rules.format_achievement(a, self.lang), style=bad or tone(self.app, palette.GOOD)),
                "gap": Text(rules.format_gap(a.gap, unit, self.lang) if a.shortfall else rules.MISSING, style=bad),
                "gap_rate": Text(rules.format_rate(a.gap_rate, 1) if a.shortfall else rules.MISSING, style=bad),
                "trend": rules.sparkline(trend.rates) if trend else "",
                "not_met_streak": Text(streak_text(trend.not_met_streak, self.lang) if trend else "",
                                       style=tone(self.app, palette.ALERT if trend and trend.chronic else "")),
                # Rated, or the impact core.rules suggests for a chronic gap not rated yet (in italics).
                "impact": Text(impact_text(rated_impact, trend.not_met_streak if trend else 0, self.lang),
                               style="" if rated_impact else "italic"),
                "ease": label(gap.ease, self.lang) if gap else "",
                "rc_count": str(causes.get(gap.id, 0)) if gap and gap.id in causes
                else ("0" if a.shortfall else ""),
            }
            self._cells.append((key, cells))
        self._draw(force=True)
        follow_row(table, keep_key)
        self.query_one(".error", Label).update("" if self.rows else self.t("no_indicators"))

    def current(self) -> rules.Assessment | None:
        key = selected_key(self.query_one(DataTable))
        return None if key is None else self.rows.get(key)

    def _rate(self, which: str) -> None:
        """Rate the row the user sees selected; the cursor stays on it when the table re-sorts."""
        a = self.current()
        if a is None or a.indicator.id is None:
            return
        gap = queries.gap_for_indicator(self.db, self.meeting.id, self.presenter, a.indicator.id, a.period)
        impact, ease = gap.impact, gap.ease
        if which == "impact":
            impact = cycle(impact, Impact)  # type: ignore[assignment]
        else:
            ease = cycle(ease, Ease)  # type: ignore[assignment]
        queries.rate_gap(self.db, gap.id, impact, ease)
        self.refresh_data()
        self.post_message(CaptureSaved("gap"))

    def action_impact(self) -> None:
        self._rate("impact")

    def action_ease(self) -> None:
        self._rate("ease")

    def action_all_periods(self) -> None:
        self.all_periods = not self.all_periods

    def watch_all_periods(self) -> None:
        self.refresh_data()

    def action_root_cause(self) -> None:
        a = self.current()
        if a is not None and a.indicator.id is not None:
            self.post_message(RootCauseRequested.for_indicator(a.indicator.id, a.period))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_root_cause()


# --- Key work ------------------------------------------------------------------------------------

MET, NOT_MET = "met", "not_met"


class KeyWorkPane(Pane):
    """重点工作: the items planned at the start of the period, how they went, where and why they fell short.

    A shortfall (not met) is a gap like an indicator shortfall: `r` opens its root cause.
    """

    FORM = "key_work"
    BINDINGS = [
        Binding("ctrl+n", "new", "key.new", id="key_work.new"),
        Binding("r", "root_cause", "key.root_cause", id="key_work.root_cause"),
    ]
    TEXT_FIELDS = ("title", "plan", "status", "shortfall")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_id: int | None = None
        self.items: dict[int, KeyWork] = {}

    def compose_form(self) -> ComposeResult:
        t = self.t
        yield (table := Table(id="key-work-table", cursor_type="row", zebra_stripes=True))
        yield FullText(table)  # the item, plan, status and shortfall the columns cut, whole
        with VerticalScroll():
            with Grid(classes="form"):
                yield field(t("kw_title"), FieldInput(id="title", compact=True), classes="wide")
                yield field(t("kw_plan"), FieldInput(id="plan", compact=True))
                yield field(t("kw_status"), FieldInput(id="status", compact=True))
                yield field(t("kw_met"), FieldSelect([(t("met"), MET), (t("not_met"), NOT_MET)], id="met",
                                               prompt=rules.MISSING, compact=True))
                yield field(t("kw_cause"), FieldSelect(options(KeyWorkCause, self.lang), id="cause",
                                                 prompt=rules.MISSING, compact=True))
                yield field(t("kw_shortfall"), FieldInput(id="shortfall", compact=True), classes="wide")
            yield Button(t("key.save"), id="save", variant="primary", compact=True)
            yield Label("", classes="error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Table).add_keyed_columns(
            {key: self.t(key) for key in ("kw_title", "kw_plan", "kw_status", "kw_met", "kw_shortfall", "kw_cause")},
            cut={"kw_title": 16, "kw_plan": 16, "kw_status": 16, "kw_shortfall": 16})

    def refresh_data(self) -> None:
        self.items = {k.id: k for k in queries.key_works_for(self.db, self.meeting.id, self.presenter)}
        table = self.query_one(DataTable)
        table.clear()
        for item in self.items.values():
            met = {True: Text(self.t("met"), style=tone(self.app, palette.GOOD)),
                   False: Text(self.t("not_met"), style=tone(self.app, palette.ALERT)),
                   None: Text(rules.MISSING)}[item.met]
            table.add_row(item.title, item.plan, item.status, met, item.shortfall, label(item.cause, self.lang),
                          key=str(item.id))
        self.query_one(".error", Label).update("" if self.items else self.t("no_key_work"))

    def clear_form(self) -> None:
        self._fill(None)

    def item_key(self) -> dict[str, Any]:
        return {"id": self.item_id} if self.item_id is not None else {}

    def open_item(self, item: dict[str, Any]) -> None:
        self._fill(self.items.get(item.get("id")))  # type: ignore[arg-type]

    def first_field(self) -> Widget:
        return self.query_one("#title", Input)

    def _fill(self, item: KeyWork | None) -> None:
        self.item_id = item.id if item else None
        for name in self.TEXT_FIELDS:
            self.query_one(f"#{name}", Input).value = getattr(item, name) if item else ""
        met, cause = self.query_one("#met", Select), self.query_one("#cause", Select)
        if item is None or item.met is None:
            met.clear()
        else:
            met.value = MET if item.met else NOT_MET
        if item is None or item.cause is None:
            cause.clear()
        else:
            cause.value = item.cause.value
        self.clear_error()
        self.mark_clean()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        item = self.items.get(int(str(event.row_key.value)))

        def edit() -> None:
            self._fill(item)
            self.focus_first()

        self.unless_dirty(edit)  # a half-typed item is not replaced without asking

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _entered(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.save()

    def save(self) -> bool:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in self.TEXT_FIELDS}
        if not values["title"]:
            self.show_error(f"{self.t('kw_title')}: {self.t('required')}")
            return False
        met, cause = selected(self.query_one("#met", Select)), selected(self.query_one("#cause", Select))
        with self.committing():
            item = queries.save_key_work(self.db, KeyWork(
                self.meeting.id, self.presenter, values["title"], values["plan"], values["status"],
                values["shortfall"], KeyWorkCause(cause) if cause else None,
                None if met is None else met == MET, id=self.item_id,
            ), original=self.items.get(self.item_id) if self.item_id else None)  # only what the user changed
        self.item_id = item.id
        self.refresh_data()
        self.saved("key_work")
        return True

    def action_root_cause(self) -> None:
        table = self.query_one(DataTable)
        key = selected_key(table)
        if key is None or not table.has_focus:
            return
        item = self.items[int(key)]
        if item.met is False:
            self.post_message(RootCauseRequested.for_key_work(item.id))


# --- Previous actions ----------------------------------------------------------------------------


class PreviousActionsPane(Pane):
    """This presenter's open actions from earlier meetings: update a status with a note in a few keys."""

    BINDINGS = [
        Binding("d", "set_status('done')", "key.done", id="previous.done"),
        Binding("i", "set_status('in_progress')", "key.in_progress", id="previous.in_progress"),
        Binding("c", "set_status('cancelled')", "key.cancelled", id="previous.cancelled"),
        Binding("s", "set_status('not_started')", "key.not_started", show=False, id="previous.not_started"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.actions: dict[int, Action] = {}

    def compose_form(self) -> ComposeResult:
        yield PackedLine(id="previous-movement")
        table = Table(id="previous-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield FullText(table)  # the meeting, measure and latest note the columns cut, whole
        yield Label("", classes="error", markup=False)

    CUT_WIDTHS: ClassVar[dict[str, int]] = {"from_meeting": 14, "measure": 20, "checkable": 16, "last_update": 20}

    def on_mount(self) -> None:
        self.query_one(Table).add_keyed_columns(
            {key: self.t(key) for key in ("action_id", "from_meeting", "measure", "checkable", "owner", "due",
                                          "status_then", "action_status", "movement", "last_update")},
            cut=self.CUT_WIDTHS)

    def refresh_data(self) -> None:
        """The presenter's open actions from earlier meetings, each with whether its standard can be
        checked, its status at the last review and how it moved (core.rules); above them the counts, the
        ones closed since and the ones whose owner is to be asked for a checkable standard."""
        last, moved = queries.movements_for(self.db, self.meeting, self.presenter,
                                            now=self.app.now())  # type: ignore[attr-defined]
        movements = {m.action.id: m for m in moved}
        actions = queries.carried_over_actions(self.db, self.meeting, self.presenter)
        self.actions = {a.id: a for a in actions}
        latest = queries.latest_updates(self.db, self.actions)
        titles: dict[int, str] = {}
        table = self.query_one(DataTable)
        keep = selected_key(table)
        table.clear()
        today = self.today()
        for a in actions:
            if a.meeting_id not in titles:
                titles[a.meeting_id] = queries.get_meeting(self.db, a.meeting_id).title
            overdue = rules.is_overdue(a, today)
            style = tone(self.app, palette.ALERT if overdue else (palette.WARN if rules.is_due_soon(a, today) else ""))
            status = status_text(a.status, overdue, self.lang)
            m = movements.get(a.id)
            checkable = rules.is_checkable(a)
            table.add_row(str(a.id), titles[a.meeting_id], a.measure,
                          Text(checkable_text(a, self.lang), style=tone(self.app, "" if checkable else palette.WARN)),
                          a.owner or rules.MISSING,
                          Text(str(a.due or rules.MISSING), style=style),
                          label(m.then, self.lang) if m else rules.MISSING, Text(status, style=style),
                          movement_text(m, self.lang) if m else rules.MISSING,
                          update_text(latest.get(a.id), self.lang), key=str(a.id))
        follow_row(table, keep)
        counts: list[str] = []
        after: list[str] = []
        comma = self.t("movement.sep")
        if last is not None and moved:  # closed ones leave the list; the counts and this line keep them
            counts = movement_parts(rules.movement_counts(moved), self.lang)
            closed = [f"#{m.action.id} {m.action.measure}" for m in moved if m.kind == rules.MOVED_CLOSED]
            if closed:
                colon, semicolon = ("：", "；") if self.lang == "zh" else (": ", "; ")
                after.append(f"{self.t('moved.closed')}{colon}{semicolon.join(closed)}")
            if ask := ask_standard_text(moved, self.lang):
                after.append(ask)
        # a count never wraps away from its caption: the line breaks only after a comma
        self.query_one("#previous-movement", PackedLine).show(counts, sep=comma, end_mark=comma.strip(), after=after)
        self.query_one(".error", Label).update("" if actions else self.t("no_previous"))

    def action_set_status(self, status: str) -> None:
        key = selected_key(self.query_one(DataTable))
        if key is None:
            return
        action_id = int(key)
        new = ActionStatus(status)
        prompt = self.t("status_note").format(status=label(new, self.lang))

        draft = NoteDraft(self.db, action_id, self.meeting.id, self.presenter, new.value,
                          self.app.now)  # type: ignore[attr-defined]

        def apply(note: str | None) -> None:
            if note is None:  # cancelled: nothing changes (the note stays a draft)
                return
            at = self.app.now()  # type: ignore[attr-defined]
            with WhenBusy(self.app, "store_busy_status", id=str(action_id), note=note) as guard:
                with draft.saving():  # the note's draft ends with the change, in one transaction
                    recorded = queries.update_action_status(self.db, action_id, new, note, at=at)
            if guard.busy:
                return
            if recorded is None:
                self.notify(self.t("status_unchanged").format(id=action_id), markup=False)
                return
            self.refresh_data()
            self.saved("action", self.t("status_changed").format(id=action_id, status=label(new, self.lang)))

        self.app.push_screen(note_dialog(self.app, prompt, draft), apply)
