"""The root-cause tab of the presenter workspace (根因分析): problem → preliminary cause → 5-Why chain →
root cause, with its category, attribution and evidence.

It opens on a shortfall (an indicator in a period, or a key-work item) and writes through `db.queries`
the moment a step or the cause is entered, so what the screen calls saved is already committed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select

from core import rules
from core.model import MAX_WHYS, Attribution, FishboneCategory, KeyWork, RootCause, WhyStep
from core.parse import period_label, period_year
from db import queries
from tui.messages import indicator_gap_key, key_work_gap_key
from tui.widgets.fields import FieldInput, FieldSelect, field, options, selected
from tui.widgets.table import FullText, Table
from tui.widgets.text import Fitted, plain
from tui.widgets.pane import Pane


@dataclass(frozen=True, slots=True)
class GapChoice:
    """A shortfall the root-cause form can open: an indicator in a period, or a key-work item."""

    label: str
    problem: str
    indicator_id: int | None = None
    period: str = ""
    key_work: KeyWork | None = None


class RootCausePane(Pane):
    """Problem → preliminary cause → 5-Why chain → root cause, category, attribution, evidence."""

    FORM = "root_cause"
    NOT_SAVED_BY_SAVE = ("why", "because")  # a step is stored by Enter on 因为, not by the cause's save
    ITEM_CHOICES = ("gap", "cause")
    BINDINGS = [
        Binding("ctrl+n", "new", "key.new", id="root_causes.new"),
        Binding("delete", "remove_step", "key.delete", show=False, id="root_causes.delete"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gap_id: int | None = None
        self.gap_key: str | None = None  # the shortfall chosen (GapChoice key): names the draft's item
        self.cause_id: int | None = None
        self.loaded_cause: RootCause | None = None
        self.whys: list[WhyStep] = []
        self.editing_step: int | None = None
        self.shortfalls: dict[str, GapChoice] = {}

    def compose_form(self) -> ComposeResult:
        t = self.t
        with Horizontal(classes="field"):
            yield FieldSelect([], prompt=t("choose_gap"), id="gap", compact=True)
            yield FieldSelect([], prompt=t("new_root_cause"), id="cause", compact=True)
        with VerticalScroll():
            yield field(t("problem"), FieldInput(id="problem", compact=True))
            yield field(t("preliminary_cause"), FieldInput(id="preliminary", compact=True))
            yield Label(t("steps"), classes="field-label")
            yield (steps := Table(id="steps", cursor_type="row", show_header=False))
            yield FullText(steps)  # a why and its because the columns cut, whole
            with Horizontal(classes="field"):
                yield FieldInput(placeholder=t("why.prompt"), id="why", compact=True)
                yield FieldInput(placeholder=f"{t('because')}…", id="because", compact=True)
                yield Button(t("add_step"), id="add-step", compact=True)
            yield field(t("root_cause"), FieldInput(id="root-cause", compact=True))
            yield field(t("category"), FieldSelect(options(FishboneCategory, self.lang), id="category",
                                              prompt=rules.MISSING, compact=True))
            yield field(t("attribution"), FieldSelect(options(Attribution, self.lang), id="attribution",
                                                 allow_blank=False, value=Attribution.INTERNAL.value,
                                                 compact=True))
            yield Label("", id="nudge", classes="nudge")
            yield field(t("evidence"), FieldInput(id="evidence", compact=True))
            yield Button(t("key.save"), id="save", variant="primary", compact=True)
            yield Label("", classes="error", markup=False)

    def on_mount(self) -> None:
        headings = {"n": "#", "why": self.t("why"), "because": self.t("because")}
        self.query_one("#steps", Table).add_keyed_columns(headings, cut={"why": 30, "because": 30})

    def refresh_data(self) -> None:
        """Every shortfall of the presenter: indicators (the meeting's own period first, largest gap rate
        first), then key-work items that fell short."""
        periods = rules.review_periods(queries.periods_for(self.db, self.meeting.id), self.meeting.period)
        assessments = [a for a in queries.review_for(self.db, self.meeting.id, self.presenter, periods)
                       if a.shortfall]
        assessments.sort(key=lambda a: (a.period != self.meeting.period, -(a.gap_rate or 0)))
        self.shortfalls = {indicator_gap_key(a.indicator.id, a.period): self._indicator_choice(a)
                           for a in assessments}
        for item in queries.key_works_for(self.db, self.meeting.id, self.presenter):
            if item.met is False:
                self.shortfalls[key_work_gap_key(item.id)] = self._key_work_choice(item)
        gap_select = self.query_one("#gap", Select)
        keep = selected(gap_select)
        with self.prevent(Select.Changed):
            gap_select.set_options([(Fitted(choice.label), key) for key, choice in self.shortfalls.items()])
            if keep in self.shortfalls:
                gap_select.value = keep
        if not self.shortfalls:
            self.query_one(".error", Label).update(self.t("no_gaps"))
        if keep not in self.shortfalls:
            self.gap_id = self.gap_key = None
            self._load_cause(None)

    def clear_form(self) -> None:
        """A new presenter: no gap chosen and an empty cause. (A gap's key names the indicator and the
        period, the same for every presenter, so keeping the choice kept the last presenter's cause.)"""
        with self.prevent(Select.Changed):
            self.query_one("#gap", Select).clear()
            self.query_one("#cause", Select).set_options([])
        self.gap_id = self.gap_key = None
        self._load_cause(None)

    def item_key(self) -> dict[str, Any]:
        return {"gap": self.gap_key, "cause": self.cause_id} if self.gap_key is not None else {}

    def open_item(self, item: dict[str, Any]) -> None:
        gap = item.get("gap")
        if not isinstance(gap, str) or gap not in self.shortfalls:
            return
        self.choose(gap)
        cause_id = item.get("cause")
        if cause_id is not None and cause_id != self.cause_id:
            try:
                cause = queries.get_root_cause(self.db, int(cause_id))
            except LookupError:
                return  # deleted since: the draft becomes a new cause of the gap
            with self.prevent(Select.Changed):
                self.query_one("#cause", Select).value = str(cause.id)
            self._load_cause(cause)

    def _indicator_choice(self, a: rules.Assessment) -> GapChoice:
        unit, t = a.indicator.unit, self.t
        period = period_label(a.period, self.lang, period_year(self.meeting.period, self.meeting.date))
        return GapChoice(
            label=f"{a.indicator.name} · {period} · "
                  f"{t('achievement')} {rules.format_achievement(a, self.lang)}",
            problem=(f"{a.indicator.name} {period} "
                     f"{t('target')} {rules.format_value(a.target, unit)}, "
                     f"{t('actual')} {rules.format_value(a.actual, unit)}, "
                     f"{t('achievement')} {rules.format_achievement(a, self.lang)}, "
                     f"{t('gap')} {rules.format_gap(a.gap, unit, self.lang)}"),
            indicator_id=a.indicator.id,
            period=a.period,
        )

    def _key_work_choice(self, item: KeyWork) -> GapChoice:
        problem = f"{self.t('key_work')}「{item.title}」: {item.shortfall or item.status}".rstrip(": ")
        return GapChoice(label=f"{self.t('key_work')} · {item.title}", problem=problem, key_work=item)

    def choose(self, gap_key: str) -> None:
        """Open this shortfall's gap (asked for from the Indicators or Key work tab)."""
        if gap_key in self.shortfalls:
            with self.prevent(Select.Changed):
                self.query_one("#gap", Select).value = gap_key
            self._open_gap(gap_key)

    def request(self, gap_key: str) -> None:
        """Open this shortfall's gap, asked for from the Indicators or Key work tab (`r`): text typed
        for another gap is not replaced without asking."""
        if gap_key != self.gap_key:
            self.unless_dirty(lambda: self.choose(gap_key))

    @on(Select.Changed, "#gap")
    def _gap_changed(self, event: Select.Changed) -> None:
        key = selected(event.select)
        if key is None or key == self.gap_key:
            return

        def open_gap() -> None:
            self.choose(key)
            self.mark_clean()

        self.unless_dirty(open_gap, self._show_chosen)  # a half-typed cause is not replaced without asking

    def _show_chosen(self) -> None:
        """The user kept the draft: the lists show its gap and cause again."""
        with self.prevent(Select.Changed):
            gap, cause = self.query_one("#gap", Select), self.query_one("#cause", Select)
            if self.gap_key is None:
                gap.clear()
            else:
                gap.value = self.gap_key
            if self.cause_id is None:
                cause.clear()
            else:
                cause.value = str(self.cause_id)

    def _open_gap(self, key: str) -> None:
        """Load the gap's first root cause, or a new one with the problem already described."""
        choice = self.shortfalls[key]
        if choice.key_work is not None:
            gap = queries.gap_for_key_work(self.db, choice.key_work)
        else:
            assert choice.indicator_id is not None
            gap = queries.gap_for_indicator(self.db, self.meeting.id, self.presenter, choice.indicator_id,
                                            choice.period)
        self.gap_id, self.gap_key = gap.id, key
        causes = [c for c in queries.root_causes_for(self.db, self.meeting.id, self.presenter)
                  if c.gap_id == gap.id]
        cause_select = self.query_one("#cause", Select)
        with self.prevent(Select.Changed):
            cause_select.set_options([(plain(c.problem[:40] or f"#{c.id}"), str(c.id)) for c in causes])
            if causes:
                cause_select.value = str(causes[0].id)
        self._load_cause(causes[0] if causes else None, default_problem=choice.problem)

    @on(Select.Changed, "#cause")
    def _cause_changed(self, event: Select.Changed) -> None:
        value = selected(event.select)
        if value is None or value == str(self.cause_id):
            return

        def open_cause() -> None:
            with self.prevent(Select.Changed):
                self.query_one("#cause", Select).value = value
            self._load_cause(queries.get_root_cause(self.db, int(value)))
            self.mark_clean()

        self.unless_dirty(open_cause, self._show_chosen)

    def _load_cause(self, cause: RootCause | None, default_problem: str = "") -> None:
        self.cause_id = cause.id if cause else None
        self.loaded_cause = cause  # as stored when shown: a save writes only what differs from it
        self.whys = list(cause.whys) if cause else []
        self.editing_step = None
        values = {
            "#problem": cause.problem if cause else default_problem,
            "#preliminary": cause.preliminary_cause if cause else "",
            "#root-cause": cause.root_cause if cause else "",
            "#evidence": cause.evidence if cause else "",
            "#why": "",
            "#because": "",
        }
        for selector, value in values.items():
            self.query_one(selector, Input).value = value
        with self.prevent(Select.Changed):
            category = self.query_one("#category", Select)
            if cause and cause.category:
                category.value = cause.category.value
            else:
                category.clear()
            attribution = cause.attribution if cause else Attribution.INTERNAL
            self.query_one("#attribution", Select).value = attribution.value
        self._show_nudge()
        self._show_steps()

    def _show_steps(self, cursor: int = 0) -> None:
        """The chain as saved, the cursor on step ``cursor`` (or the last), so Delete twice deletes two
        neighbouring steps rather than jumping to the first."""
        table = self.query_one("#steps", DataTable)
        table.clear()
        for number, step in enumerate(self.whys, start=1):
            table.add_row(str(number), step.why, step.because, key=str(number - 1))
        if self.whys:
            table.move_cursor(row=min(cursor, len(self.whys) - 1))

    def _save_chain(self, whys: list[WhyStep]) -> bool:
        """Save the cause with ``whys`` as its chain; if it cannot be saved (the problem is empty …),
        the chain stays as it was, so what the list shows is what is, or will be, stored."""
        previous, self.whys = self.whys, whys
        if self.save():
            return True
        self.whys = previous
        return False

    def _show_nudge(self) -> None:
        external = selected(self.query_one("#attribution", Select)) == Attribution.EXTERNAL.value
        self.query_one("#nudge", Label).update(self.t("nudge_internal") if external else "")

    def new_item(self) -> None:
        choice = self.shortfalls.get(selected(self.query_one("#gap", Select)) or "")
        with self.prevent(Select.Changed):
            self.query_one("#cause", Select).clear()
        self._load_cause(None, default_problem=choice.problem if choice else "")
        self.mark_clean()
        self.query_one("#problem", Input).focus()

    def _add_step(self) -> None:
        why = self.query_one("#why", Input)
        because = self.query_one("#because", Input)
        if not why.value.strip() and not because.value.strip():
            return
        step, whys = WhyStep(why.value.strip(), because.value.strip()), list(self.whys)
        if self.editing_step is not None:
            whys[self.editing_step] = step
        elif len(whys) >= MAX_WHYS:
            self.show_error(f"5-Why: ≤ {MAX_WHYS}")
            return
        else:
            whys.append(step)
        if not self._save_chain(whys):
            return  # the step stays in the fields, to be entered again once the cause can be saved
        self._show_steps(cursor=len(whys) - 1 if self.editing_step is None else self.editing_step)
        self.editing_step = None
        why.value = because.value = ""
        self.mark_clean()
        why.focus()

    @on(Input.Submitted, "#why")
    def _why_entered(self, event: Input.Submitted) -> None:
        """Enter walks the chain: why → because → next why; an empty why moves on to the root cause."""
        target = "#because" if event.value.strip() else "#root-cause"
        self.query_one(target, Input).focus()

    @on(Input.Submitted, "#because")
    @on(Button.Pressed, "#add-step")
    def _step_entered(self) -> None:
        self._add_step()

    @on(DataTable.RowSelected, "#steps")
    def _edit_step(self, event: DataTable.RowSelected) -> None:
        index = int(str(event.row_key.value))
        self.editing_step = index
        self.query_one("#why", Input).value = self.whys[index].why
        self.query_one("#because", Input).value = self.whys[index].because
        self.query_one("#why", Input).focus()

    def action_remove_step(self) -> None:
        table = self.query_one("#steps", DataTable)
        if not table.has_focus or not self.whys:
            return
        row = table.cursor_row
        if not self._save_chain(self.whys[:row] + self.whys[row + 1:]):
            return
        if self.editing_step == row:  # the step in the fields is gone: so is its edit
            self.editing_step = None
            self.query_one("#why", Input).value = self.query_one("#because", Input).value = ""
        elif self.editing_step is not None and self.editing_step > row:
            self.editing_step -= 1  # the step being edited moved up one
        self._show_steps(cursor=row)

    NEXT_FIELD = {"problem": "#preliminary", "preliminary": "#why", "root-cause": "#category", "evidence": "#save"}

    @on(Input.Submitted, "#problem, #preliminary, #root-cause, #evidence")
    def _field_entered(self, event: Input.Submitted) -> None:
        if self.save():
            self.query_one(self.NEXT_FIELD[event.input.id or ""]).focus()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.save()

    def first_field(self) -> Widget:
        return self.query_one("#preliminary" if self.gap_id is not None else "#gap")

    @on(Select.Changed, "#category, #attribution")
    def _choice_changed(self) -> None:
        self._show_nudge()
        if self.cause_id is not None:
            self.save()

    def save(self) -> bool:
        if self.gap_id is None:
            self.show_error(f"{self.t('choose_gap')}: {self.t('required')}")
            return False
        problem = self.query_one("#problem", Input).value.strip()
        if not problem:
            self.show_error(f"{self.t('problem')}: {self.t('required')}")
            return False
        category = selected(self.query_one("#category", Select))
        with self.committing():
            cause = queries.save_root_cause(self.db, RootCause(
                gap_id=self.gap_id,
                problem=problem,
                preliminary_cause=self.query_one("#preliminary", Input).value.strip(),
                whys=list(self.whys),
                root_cause=self.query_one("#root-cause", Input).value.strip(),
                category=FishboneCategory(category) if category else None,
                attribution=Attribution(selected(self.query_one("#attribution", Select)) or "internal"),
                evidence=self.query_one("#evidence", Input).value.strip(),
                id=self.cause_id,
            ), original=self.loaded_cause if self.cause_id is not None else None)
        self.loaded_cause = replace(cause, whys=list(cause.whys))
        if self.cause_id is None:
            self.cause_id = cause.id
            cause_select = self.query_one("#cause", Select)
            with self.prevent(Select.Changed):
                causes = [c for c in queries.root_causes_for(self.db, self.meeting.id, self.presenter)
                          if c.gap_id == self.gap_id]
                cause_select.set_options([(plain(c.problem[:40] or f"#{c.id}"), str(c.id)) for c in causes])
                cause_select.value = str(cause.id)
        self.saved("root_cause")
        return True
