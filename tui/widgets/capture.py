"""The capture tabs of the presenter workspace: actions (改善措施) and lessons (经验教训); the root-cause
tab (5-Why) is `tui.widgets.root_cause`.

Each writes through `db.queries` the moment an item is entered (Enter in a field or Ctrl+S), so what the
screen calls saved is already committed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select

from core import rules
from core.i18n import label
from core.model import Action, ActionStatus, Lesson, LessonKind
from core.parse import period_label, period_year, resolved_date_text
from db import queries
from tui import palette
from tui.palette import tone
from tui.widgets.fields import FieldInput, FieldSelect, field, options, selected
from tui.widgets.table import FullText, Table
from tui.widgets.text import Fitted
from tui.widgets.pane import Pane

# --- Actions -------------------------------------------------------------------------------------


class ActionsPane(Pane):
    """改善措施: measure, owner, dates typed as people type them, standard … saved on Enter."""

    FORM = "action"
    BINDINGS = [Binding("ctrl+n", "new", "key.new", id="actions.new")]
    TEXT_FIELDS = ("measure", "owner", "start", "due", "standard", "checkpoint", "resources", "risk")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.action_id: int | None = None
        self.actions: dict[int, Action] = {}
        self.cause_gaps: dict[int | None, int] = {}
        self.past_due_confirmed: date | None = None
        """A due date before today that the facilitator confirmed (asked once per date typed)."""

    def compose_form(self) -> ComposeResult:
        t = self.t
        yield (table := Table(id="action-table", cursor_type="row", zebra_stripes=True))
        yield FullText(table)  # the measure the column cuts, whole
        with VerticalScroll():
            with Grid(classes="form"):
                yield field(t("measure"), FieldInput(id="measure", compact=True), classes="wide")
                yield field(t("owner"), FieldInput(id="owner", compact=True))
                yield field(t("action_status"), FieldSelect(options(ActionStatus, self.lang), id="status",
                                                       allow_blank=False, value=ActionStatus.NOT_STARTED.value,
                                                       compact=True))
                yield field(t("start"), FieldInput(id="start", placeholder="10月20日 / +1w", compact=True))
                yield field(t("due"), FieldInput(id="due", placeholder="2026-12-31 / +2w", compact=True))
                yield field(t("standard"), FieldInput(id="standard", compact=True), classes="wide")
                yield field(t("checkpoint"), FieldInput(id="checkpoint", compact=True))
                yield field(t("resources"), FieldInput(id="resources", compact=True))
                yield field(t("risk"), FieldInput(id="risk", compact=True))
                yield field(t("link"), FieldSelect([], id="link", prompt=rules.MISSING, compact=True))
            yield Button(t("key.save"), id="save", variant="primary", compact=True)
            yield Label("", classes="error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#action-table", Table).add_keyed_columns(
            {key: self.t(key) for key in ("action_id", "measure", "owner", "due", "action_status", "complete")},
            cut={"measure": 24})

    def refresh_data(self) -> None:
        self.actions = {a.id: a for a in queries.actions_for(self.db, self.meeting.id, self.presenter)}
        table = self.query_one("#action-table", DataTable)
        table.clear()
        today = self.today()
        for a in self.actions.values():
            missing = rules.missing_fields(a)
            style = tone(self.app, palette.ALERT if rules.is_overdue(a, today) else "")
            table.add_row(
                str(a.id), a.measure, a.owner or rules.MISSING, Text(str(a.due or rules.MISSING), style=style),
                label(a.status, self.lang),
                Text(self.t("complete") if not missing else self.t("incomplete"),
                     style=tone(self.app, palette.GOOD if not missing else palette.WARN)),
                key=str(a.id),
            )
        owners = queries.known_owners(self.db)
        self.query_one("#owner", Input).suggester = SuggestFromList(owners, case_sensitive=False)
        causes = queries.root_causes_for(self.db, self.meeting.id, self.presenter)
        self.cause_gaps = {c.id: c.gap_id for c in causes}
        links = [(f"{self.t('root_cause')}: {rules.effective_root_cause(c) or c.problem}"[:60], f"rc:{c.id}")
                 for c in causes]
        names = {i.id: i.name for i in queries.indicators_for(self.db, self.meeting.id)}
        year = period_year(self.meeting.period, self.meeting.date)
        links += [(f"{self.t('gap')}: {names[g.indicator_id]} · {period_label(g.period, self.lang, year)}", f"gap:{g.id}")
                  for g in queries.gaps_for(self.db, self.meeting.id, self.presenter) if g.indicator_id in names]
        link = self.query_one("#link", Select)
        keep = selected(link)
        with self.prevent(Select.Changed):
            link.set_options([(Fitted(prompt), value) for prompt, value in links])
            if keep in {value for _, value in links}:
                link.value = keep

    def clear_form(self) -> None:
        self._fill(None)

    def item_key(self) -> dict[str, Any]:
        return {"id": self.action_id} if self.action_id is not None else {}

    def open_item(self, item: dict[str, Any]) -> None:
        self._fill(self.actions.get(item.get("id")))  # type: ignore[arg-type]

    def first_field(self) -> Widget:
        return self.query_one("#measure", Input)

    def _fill(self, action: Action | None) -> None:
        self.action_id = action.id if action else None
        for name in self.TEXT_FIELDS:
            value = getattr(action, name) if action else ""
            self.query_one(f"#{name}", Input).value = "" if value is None else str(value)
        self.query_one("#status", Select).value = (action.status if action else ActionStatus.NOT_STARTED).value
        link = self.query_one("#link", Select)
        if action and action.root_cause_id:
            link.value = f"rc:{action.root_cause_id}"
        elif action and action.gap_id:
            link.value = f"gap:{action.gap_id}"
        else:
            link.clear()
        self.clear_error()
        self.mark_clean()

    @on(DataTable.RowSelected, "#action-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        action = self.actions.get(int(str(event.row_key.value)))

        def edit() -> None:
            self._fill(action)
            self.query_one("#measure", Input).focus()

        self.unless_dirty(edit)  # a half-typed action is not replaced without asking

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self.save():
            self.screen.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.save()

    @on(Input.Changed, "#start, #due")
    def _show_resolved_date(self, event: Input.Changed) -> None:
        """Beside the caption, the full date that 10月20日 or +2w resolves to, before anything is saved."""
        try:
            day = self.parse_day(event.value, "")
        except ValueError:
            day = None
        resolved = resolved_date_text(event.value, day)
        caption = self.t(str(event.input.id)) + (f" → {resolved}" if resolved else "")
        if event.input.parent is not None:
            event.input.parent.query_one(".field-label", Label).update(caption)

    def _confirm_past_due(self, due: date) -> None:
        """A due date before today is asked about once; yes saves it as typed."""
        from tui.widgets.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.past_due_confirmed = due
                self.save()

        self.app.push_screen(ConfirmDialog(self.t("confirm_past_due").format(due=due.isoformat()),
                                           self.t("keep_past_due"), self.t("ui.no")), answered)

    def save(self) -> bool:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in self.TEXT_FIELDS}
        problems = []
        if not values["measure"]:
            problems.append(f"{self.t('measure')}: {self.t('required')}")
        days: dict[str, date | None] = {}
        for name in ("start", "due"):
            try:
                days[name] = self.parse_day(values[name], self.t(name))
            except ValueError as exc:
                problems.append(str(exc))
        if rules.due_before_start(days.get("start"), days.get("due")):
            problems.append(f"{self.t('due')}: {self.t('due_before_start')}")
        if problems:
            self.show_error(" · ".join(problems))
            return False
        due, stored = days.get("due"), self.actions.get(self.action_id) if self.action_id else None
        if (rules.due_in_past(due, self.today()) and due != (stored.due if stored else None)
                and due != self.past_due_confirmed):
            self._confirm_past_due(due)  # type: ignore[arg-type]
            return False
        link = selected(self.query_one("#link", Select)) or ""
        kind, _, link_id = link.partition(":")
        root_cause_id = int(link_id) if kind == "rc" else None
        gap_id = int(link_id) if kind == "gap" else self.cause_gaps.get(root_cause_id)  # a cause's gap too
        previous = self.actions.get(self.action_id) if self.action_id else None
        with self.committing():
            action = queries.save_action(self.db, Action(
                meeting_id=self.meeting.id,
                presenter=self.presenter,
                measure=values["measure"],
                owner=values["owner"],
                start=days["start"],
                due=days["due"],
                standard=values["standard"],
                checkpoint=values["checkpoint"],
                resources=values["resources"],
                risk=values["risk"],
                status=ActionStatus(selected(self.query_one("#status", Select)) or "not_started"),
                root_cause_id=root_cause_id,
                gap_id=gap_id,
                created_at=previous.created_at if previous else None,
                id=self.action_id,
            ), now=self.app.now(), original=previous)  # type: ignore[attr-defined]  # only what the user changed
        self.action_id = action.id
        self.query_one("#start", Input).value = str(action.start or "")
        self.query_one("#due", Input).value = str(action.due or "")
        missing = rules.missing_fields(action)
        message = None
        if missing:
            names = "、".join(self.t(f"missing.{m}") for m in missing)
            message = self.t("saved_incomplete").format(fields=names)
        self.refresh_data()
        self.saved("action", message)
        self._nudge_checkable(action)
        return True

    def _nudge_checkable(self, action: Action) -> None:
        """Saved as typed; if its standard could not be checked at the next review (seed 003's SMART,
        `core.rules.smart_problems`), say why: a nudge, never a refusal."""
        problems = rules.smart_problems(action.measure, action.standard)
        if problems:
            hints = "；".join(self.t(key).format(word=word) for key, word in problems)
            self.notify(self.t("smart.nudge").format(problems=hints), severity="warning", timeout=8, markup=False)


# --- Lessons -------------------------------------------------------------------------------------


class LessonsPane(Pane):
    """经验教训: a success worth copying or a failure not to repeat."""

    FORM = "lesson"
    BINDINGS = [Binding("ctrl+n", "new", "key.new", id="lessons.new")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lesson_id: int | None = None
        self.lessons: dict[int, Lesson] = {}

    def compose_form(self) -> ComposeResult:
        t = self.t
        yield (table := Table(id="lesson-table", cursor_type="row", zebra_stripes=True))
        yield FullText(table)  # the lesson and where it applies, whole
        yield field(t("lesson_kind"), FieldSelect(options(LessonKind, self.lang), id="kind", allow_blank=False,
                                             value=LessonKind.SUCCESS.value, compact=True))
        yield field(t("content"), FieldInput(id="content", compact=True))
        yield field(t("applies_to"), FieldInput(id="applies", compact=True))
        yield Button(t("key.save"), id="save", variant="primary", compact=True)
        yield Label("", classes="error", markup=False)

    def on_mount(self) -> None:
        headings = {key: self.t(key) for key in ("lesson_kind", "content", "applies_to")}
        self.query_one(Table).add_keyed_columns(headings, cut={"content": 30, "applies_to": 16})

    def refresh_data(self) -> None:
        self.lessons = {x.id: x for x in queries.lessons_for(self.db, self.meeting.id, self.presenter)}
        table = self.query_one(DataTable)
        table.clear()
        for lesson in self.lessons.values():
            table.add_row(label(lesson.kind, self.lang), lesson.content, lesson.applies_to, key=str(lesson.id))

    def clear_form(self) -> None:
        self.lesson_id = None
        self.query_one("#kind", Select).value = LessonKind.SUCCESS.value
        self.query_one("#content", Input).value = ""
        self.query_one("#applies", Input).value = ""

    def item_key(self) -> dict[str, Any]:
        return {"id": self.lesson_id} if self.lesson_id is not None else {}

    def open_item(self, item: dict[str, Any]) -> None:
        lesson = self.lessons.get(item.get("id"))  # type: ignore[arg-type]
        if lesson is not None:
            self._fill(lesson)

    def _fill(self, lesson: Lesson) -> None:
        self.lesson_id = lesson.id
        self.query_one("#kind", Select).value = lesson.kind.value
        self.query_one("#content", Input).value = lesson.content
        self.query_one("#applies", Input).value = lesson.applies_to
        self.mark_clean()

    def first_field(self) -> Widget:
        """The lesson's text: what is typed after 5 is the lesson (the kind, which has a default, is one
        Shift+Tab back). On the drop-down, text was dropped and a letter acted as a live-screen key."""
        return self.query_one("#content", Input)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        lesson = self.lessons[int(str(event.row_key.value))]

        def edit() -> None:
            self._fill(lesson)
            self.query_one("#content", Input).focus()

        self.unless_dirty(edit)  # a half-typed lesson is not replaced without asking

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _entered(self) -> None:
        self.save()

    def save(self) -> bool:
        content = self.query_one("#content", Input).value.strip()
        if not content:
            self.show_error(f"{self.t('content')}: {self.t('required')}")
            return False
        with self.committing():
            queries.save_lesson(self.db, Lesson(
                self.meeting.id, self.presenter, LessonKind(selected(self.query_one("#kind", Select))),
                content, self.query_one("#applies", Input).value.strip(), id=self.lesson_id),
                original=self.lessons.get(self.lesson_id) if self.lesson_id else None)  # only what the user changed
        self.refresh_data()
        self.saved("lesson")
        self._next_lesson()
        return True

    def _next_lesson(self) -> None:
        """Lessons come one after another: once saved, the form is empty for the next (its kind kept), so
        a lesson typed next is never saved over the one before (it is edited by choosing it in the table)."""
        self.lesson_id = None
        self.query_one("#content", Input).value = ""
        self.query_one("#applies", Input).value = ""
        self.mark_clean()
        self.query_one("#content", Input).focus()
