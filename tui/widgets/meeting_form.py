"""The meeting details form, shared by the new-meeting dialog and the setup screen.

It validates the way the rest of fupan does — the goal with `core.rules.validate_goal`, the date with
`core.parse.parse_date` as people type it — and shows each problem under its field. It never writes:
`read()` returns a `Meeting` or None, and the caller saves it through `db.queries`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from core.model import Meeting, Scenario
from core.parse import ParseError, clean_text, parse_date, parse_slot_minutes
from core.rules import validate_goal
from tui.widgets.fields import FieldInput
from tui.widgets.select import FittedSelect

if TYPE_CHECKING:
    from tui.app import FupanApp


# field id → i18n key of its label
_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "title"),
    ("scenario", "scenario"),
    ("period", "period"),
    ("date", "date"),
    ("facilitator", "facilitator"),
    ("goal", "goal"),
    ("slot-minutes", "slot_minutes"),
)


class MeetingForm(Vertical):
    """Title, scenario, period, date, facilitator, goal and slot minutes of a meeting (复盘会)."""

    DEFAULT_CSS = """
    MeetingForm { height: auto; }
    MeetingForm .field { height: auto; }
    MeetingForm .field > Label { width: 16; padding: 1 1 0 0; text-align: right; }
    MeetingForm .field > Input, MeetingForm .field > Select { width: 1fr; }
    MeetingForm .error { color: $error; padding-left: 16; height: auto; display: none; }
    MeetingForm .error.-shown { display: block; }
    """

    def __init__(self, meeting: Meeting | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting = meeting

    @property
    def fupan(self) -> FupanApp:
        return cast("FupanApp", self.app)

    def compose(self) -> ComposeResult:
        app, meeting = self.fupan, self.meeting
        # A new meeting is dated today, as `fupan new` does; an existing one shows its own date.
        day = meeting.date.isoformat() if meeting and meeting.date else ("" if meeting else app.today().isoformat())
        values = {
            "title": meeting.title if meeting else "",
            "period": meeting.period if meeting else "",
            "date": day,
            "facilitator": meeting.facilitator if meeting else "",
            "goal": meeting.goal if meeting else "",
            "slot-minutes": str(meeting.slot_minutes if meeting else 10),
        }
        placeholders = {
            "period": app.t("ui.period_placeholder"),
            "date": app.t("ui.date_placeholder"),
            "goal": app.t("ui.goal_placeholder"),
        }
        for field_id, key in _FIELDS:
            with Horizontal(classes="field"):
                yield Label(app.t(key), id=f"{field_id}-label")
                if field_id == "scenario":
                    yield FittedSelect(
                        [(app.label(s), s) for s in Scenario],
                        value=meeting.scenario if meeting else Scenario.MONTHLY,
                        allow_blank=False,
                        id="scenario",
                    )
                else:
                    yield FieldInput(  # what is typed right after Tab goes to the next field
                        values[field_id],
                        placeholder=placeholders.get(field_id, ""),
                        id=field_id,
                    )
            yield Static("", classes="error", id=f"{field_id}-error", markup=False)

    # --- reading and validating ----------------------------------------------------------------

    def _value(self, field_id: str) -> str:
        return clean_text(self.query_one(f"#{field_id}", Input).value).strip()  # as it will be stored

    def show_error(self, field_id: str, message: str | None) -> None:
        """Show (or clear) the message under a field."""
        error = self.query_one(f"#{field_id}-error", Static)
        error.update(message or "")
        error.set_class(bool(message), "-shown")

    def read(self) -> Meeting | None:
        """The meeting as entered (the original object updated), or None after showing every problem."""
        app = self.fupan
        errors: dict[str, str] = {}

        title = self._value("title")
        if not title:
            errors["title"] = app.t("ui.title_required")

        goal = self._value("goal")
        if (problem := validate_goal(goal)) is not None:
            # core.rules words the rule in English; the Chinese UI says it in Chinese.
            if app.lang == "en":
                errors["goal"] = problem
            else:
                errors["goal"] = app.t("ui.goal_required" if not goal else "ui.goal_vague").format(goal=goal)

        day: date | None = None
        typed_day = self._value("date")
        try:
            day = parse_date(typed_day, default_year=app.today().year, today=app.today())
            if day is None and self.meeting is None:
                day = app.today()  # a new meeting left undated is today's, like `fupan new`
        except ParseError:
            errors["date"] = app.t("ui.date_invalid").format(value=typed_day)

        minutes = 0
        try:
            minutes = parse_slot_minutes(self._value("slot-minutes"))
        except ParseError:
            errors["slot-minutes"] = app.t("ui.minutes_invalid")

        for field_id, _key in _FIELDS:
            self.show_error(field_id, errors.get(field_id))
        if errors:
            first = next(f for f, _ in _FIELDS if f in errors)
            self.query_one(f"#{first}").focus()
            return None

        scenario = self.query_one("#scenario", Select).value
        meeting = self.meeting or Meeting(title=title, goal=goal)
        meeting.title = title
        meeting.goal = goal
        meeting.scenario = Scenario(scenario) if scenario is not Select.NULL else Scenario.MONTHLY
        meeting.period = self._value("period")
        meeting.date = day
        meeting.facilitator = self._value("facilitator")
        meeting.slot_minutes = minutes
        return meeting
