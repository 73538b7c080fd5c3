"""The catch-up tab of the presenter workspace (追赶计划): how the gap of a shortfall will be closed,
line by line (customer, amount, expected month, pipeline stage), with its coverage from `core.rules`.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Button, DataTable, Input, Label, Select

from core import rules
from core.i18n import label
from core.model import CatchUpLine, CatchUpPlan, CatchUpSource, PipelineStage
from core.parse import ParseError, parse_period, parse_quantity, period_label, period_year
from db import queries
from tui import palette
from tui.widgets.packed import PackedLine
from tui.widgets.fields import FieldInput, FieldSelect, field, options, selected
from tui.widgets.table import FullText, Table, follow_row, selected_key
from tui.widgets.pane import Pane



class CatchUpPane(Pane):
    """追赶计划: gap to close, expected contributions and their coverage (flagged under 100 %)."""

    FORM = "catch_up"
    BINDINGS = [Binding("delete", "remove_line", "key.delete", show=False, id="catch_up.delete")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plan: CatchUpPlan | None = None

    def compose_form(self) -> ComposeResult:
        t = self.t
        yield PackedLine(id="plan-summary", classes="summary-line")
        yield (table := Table(id="line-table", cursor_type="row", zebra_stripes=True))
        yield FullText(table)  # the customer the column cuts, whole
        with VerticalScroll():
            with Grid(classes="form"):
                yield field(t("period_target"), FieldInput(id="period-target", compact=True))
                yield field(t("actual_to_date"), FieldInput(id="actual-to-date", compact=True))
                yield field(t("source"), FieldSelect(options(CatchUpSource, self.lang), id="source",
                                                allow_blank=False, value=CatchUpSource.NEW_CUSTOMER_NEW_PROJECT.value,
                                                compact=True))
                yield field(t("customer"), FieldInput(id="customer", compact=True))
                yield field(t("amount"), FieldInput(id="amount", compact=True))
                yield field(t("expected_month"), FieldInput(id="month", placeholder="9月 / M09", compact=True))
                yield field(t("stage"), FieldSelect(options(PipelineStage, self.lang), id="stage", allow_blank=False,
                                               value=PipelineStage.LEAD.value, compact=True))
            yield Button(t("add_line"), id="add-line", variant="primary", compact=True)
            yield Label("", classes="error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Table).add_keyed_columns(
            {key: self.t(key) for key in ("source", "customer", "amount", "expected_month", "stage")},
            cut={"customer": 16})

    def clear_form(self) -> None:
        """Another presenter: no figure of the last one may stay in a field (they were saved under the
        next presenter, 覆盖率 built on someone else's gap)."""
        self.plan = None
        for name in ("period-target", "actual-to-date", "customer", "amount", "month"):
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#source", Select).value = CatchUpSource.NEW_CUSTOMER_NEW_PROJECT.value
        self.query_one("#stage", Select).value = PipelineStage.LEAD.value
        self.query_one(DataTable).clear()
        self.query_one("#plan-summary", PackedLine).show([])

    def refresh_data(self) -> None:
        plans = queries.catchup_plans_for(self.db, self.meeting.id, self.presenter)
        self.plan = plans[0] if plans else None
        table = self.query_one(DataTable)
        keep = selected_key(table)
        table.clear()
        summary = self.query_one("#plan-summary", PackedLine)
        if self.plan is None:
            summary.show([self.t("no_plan")])
            return
        plan, unit = self.plan, self.plan.unit
        self.query_one("#period-target", Input).value = rules.format_number(plan.period_target).replace(",", "")
        self.query_one("#actual-to-date", Input).value = rules.format_number(plan.actual_to_date).replace(",", "")
        year = period_year(self.meeting.period, self.meeting.date)
        for index, line in enumerate(plan.lines):
            table.add_row(label(line.source, self.lang), line.customer, rules.format_value(line.amount, unit),
                          period_label(line.expected_month, self.lang, year) if line.expected_month else "",
                          label(line.stage, self.lang), key=str(line.id if line.id is not None else f"new{index}"))
        follow_row(table, keep)
        ratio = rules.coverage(plan)
        flagged = rules.is_under_covered(plan)
        tone = palette.tone(self.app, palette.ALERT if flagged else palette.GOOD)
        parts: list[str | Text] = [
            f"{self.t('gap_to_close')} {rules.format_value(rules.gap_to_close(plan), unit)}",
            f"{self.t('planned_total')} {rules.format_value(rules.planned_total(plan), unit)}",
            Text(f"{self.t('coverage')} {rules.format_rate(ratio)}", style=tone),
        ]
        if flagged:
            parts.append(Text(self.t("under_covered"), style=tone))
        delta = rules.forecast_delta(plan)
        if delta is not None:
            parts.append(f"{self.t('forecast_delta')} {rules.format_value(delta, unit)}")
        summary.show(parts, sep="  ·  ")  # the unit comes from the file: plain text, never markup

    def _number(self, selector: str, caption: str, problems: list[str], *, positive: bool = False) -> float | None:
        """The field's value in the plan's unit; a problem is noted if it cannot be read (or, when
        ``positive``, is not above zero: a target to close to, or an expected contribution)."""
        raw = self.query_one(selector, Input).value
        unit = self.plan.unit if self.plan else "万元"
        try:
            value = parse_quantity(raw, unit)
        except ParseError as exc:
            problems.append(f"{caption}: {exc}")
            return None
        if positive and value is not None and value <= 0:
            problems.append(f"{caption}: {self.t('above_zero')}")
        return value

    @on(Input.Submitted)
    @on(Button.Pressed, "#add-line")
    def _entered(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.save()

    def save(self) -> bool:
        problems: list[str] = []
        target = self._number("#period-target", self.t("period_target"), problems, positive=True)
        actual = self._number("#actual-to-date", self.t("actual_to_date"), problems)
        if target is None or actual is None:
            problems.append(f"{self.t('period_target')} / {self.t('actual_to_date')}: {self.t('required')}")
        customer = self.query_one("#customer", Input).value.strip()
        line: CatchUpLine | None = None
        if customer:
            amount = self._number("#amount", self.t("amount"), problems, positive=True)
            month = self.query_one("#month", Input).value.strip()
            try:
                month_code = parse_period(month) if month else ""
            except ParseError as exc:
                problems.append(f"{self.t('expected_month')}: {exc}")
                month_code = ""
            if amount is None:
                problems.append(f"{self.t('amount')}: {self.t('required')}")
            else:
                line = CatchUpLine(CatchUpSource(selected(self.query_one("#source", Select))), customer, amount,
                                   month_code, PipelineStage(selected(self.query_one("#stage", Select))))
        if problems:
            self.show_error(" · ".join(dict.fromkeys(problems)))
            return False
        assert target is not None and actual is not None
        loaded = deepcopy(self.plan)  # as shown: the save applies only the user's edits to what is stored
        plan = self.plan or CatchUpPlan(self.meeting.id, self.presenter, target, actual)
        plan.period_target, plan.actual_to_date = target, actual
        if line is not None:
            plan.lines.append(line)
        with self.committing():
            self.plan = queries.save_catchup_plan(self.db, plan, original=loaded)
        for selector in ("#customer", "#amount", "#month"):
            self.query_one(selector, Input).value = ""
        self.refresh_data()
        self.saved("catch_up")
        return True

    def action_remove_line(self) -> None:
        table = self.query_one(DataTable)
        key = selected_key(table)
        if self.plan is None or not table.has_focus or key is None:
            return
        loaded = deepcopy(self.plan)
        lines = [line for line in self.plan.lines if str(line.id) != key]
        if len(lines) == len(self.plan.lines):
            return  # the row is no longer in the plan (reloaded meanwhile): nothing to remove
        row = table.cursor_row
        self.plan.lines = lines
        self.plan = queries.save_catchup_plan(self.db, self.plan, original=loaded)
        self.refresh_data()
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))  # the next line, as a list's Delete does
        self.saved("catch_up")
