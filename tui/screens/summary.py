"""The meeting summary (会议小结): timing per slot and what is still missing before everyone leaves.

Gaps without a root cause, root causes without evidence and actions without an owner or due date are
listed so the facilitator can close them while the room is still together; exports are one key away.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from core import checks, rules
from core.i18n import label, update_text
from core.model import SlotStatus
from core.parse import period_label, period_year
from core.timer import format_duration, slot_timing, was_presented
from core.width import display_width
from db import queries
from tui import palette
from tui.palette import tone
from tui.screens.base import FupanScreen
from tui.widgets.footer import Footer
from tui.widgets.table import FullText, Table
from tui.widgets.title import TitleBar


_MOVED_STYLE = {rules.MOVED_CLOSED: palette.GOOD, rules.MOVED_PROGRESSED: "", rules.MOVED_UNTOUCHED: palette.WARN}

# A draft's form (core.model.Draft.form) as the live screen's tab names it.
DRAFT_FORMS = {"root_cause": "root_causes", "action": "actions", "lesson": "lessons", "key_work": "key_work",
               "catch_up": "catch_up"}


class SummaryScreen(FupanScreen):
    """Timing report and the loose ends of the meeting."""

    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("f9", "export", "key.export", priority=True, id="summary.export"),
        Binding("escape,q", "back", "back_to_live", id="summary.back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        t = self.app.t  # type: ignore[attr-defined]
        yield TitleBar()
        with VerticalScroll():
            yield Label(t("chart.achievement_by_presenter"), classes="section-title")
            yield Static(id="achievement-chart")
            for key in ("timing_report", "gaps_without_root_cause", "root_causes_without_evidence",
                        "actions_incomplete", "smart.not_checkable", "open_drafts"):
                yield Label(t(key), classes="section-title")
                yield from self._fitted_table(key.replace(".", "-"))
            yield Label(t("table.movement"), classes="section-title")
            yield Static(id="movement-counts", markup=False)
            yield from self._fitted_table("table-movement")
        yield Footer()

    def on_mount(self) -> None:
        db, lang = self.app.db, self.app.lang  # type: ignore[attr-defined]
        meeting = queries.get_meeting(db, self.meeting_id)
        self.title = f"{self.app.t('summary')} · {meeting.title}"  # type: ignore[attr-defined]
        self._achievement_chart(db)
        self._timing(queries.slots_for(db, self.meeting_id), lang)
        self._gaps_without_cause(db, meeting, lang)
        self._causes_without_evidence(db, lang)
        self._incomplete_actions(db, lang)
        self._not_checkable_actions(db)
        self._movement(db, meeting, lang)
        self._open_drafts(db)

    CHART_WIDTH = 40

    def _achievement_chart(self, db) -> None:
        """Achievement by presenter as bars of block characters: green at or over 100 %, red under it."""
        from exports.charts import achievement_by_presenter, text_bar

        rates = achievement_by_presenter(db, self.meeting_id)
        name_width = max((display_width(name) for name, _ in rates), default=0)
        scale = max([1.0, *(rate for _, rate in rates if rate is not None)])
        chart = Text()
        for name, rate in rates:
            chart.append(name + " " * (name_width - display_width(name) + 1))
            bar = text_bar(rate or 0.0, scale, self.CHART_WIDTH)
            chart.append(bar, style=tone(self.app, palette.GOOD if rate is not None and rate >= 1 else palette.BAD))
            chart.append(" " * (self.CHART_WIDTH - len(bar) + 1) + rules.format_rate(rate) + "\n")
        chart.rstrip()
        self.query_one("#achievement-chart", Static).update(chart or Text(rules.MISSING))

    # Long texts cut to these widths with "…"; the row under the cursor shows them whole under its table.
    CUT_WIDTHS: ClassVar[dict[str, int]] = {
        "indicator": 20, "gap": 16, "problem": 24, "root_cause": 24, "measure": 24, "standard": 20, "smart.hint": 24,
        "updates_between": 20, "draft_text": 24,
    }

    @staticmethod
    def _fitted_table(table_id: str) -> ComposeResult:
        table = Table(id=table_id, zebra_stripes=True, cursor_type="row")
        yield table
        yield FullText(table)

    def _table(self, key: str, headers: list[str]) -> Table:
        table = self.query_one(f"#{key.replace('.', '-')}", Table)
        for header in headers:
            width = self.CUT_WIDTHS.get(header)
            table.add_column(self.app.t(header), width=width, cut=width is not None)  # type: ignore[attr-defined]
        return table

    def _all_clear(self, table: DataTable) -> None:
        if table.row_count == 0:
            table.add_row(Text(self.app.t("all_clear"), style=tone(self.app, palette.GOOD)))  # type: ignore[attr-defined]

    def _timing(self, slots: list, lang: str) -> None:
        """The timing report as exported: `core.timer.slot_timing`, the plan being the adjusted plan."""
        table = self._table("timing_report", ["presenter", "status", "planned_minutes", "actual_minutes",
                                              "overrun", "pauses"])
        now = self.app.clock()  # type: ignore[attr-defined]
        planned_total = actual_total = overrun_total = 0.0
        for slot in slots:
            timing = slot_timing(slot, now)
            planned_total += timing.plan
            actual_total += timing.actual
            overrun_total += timing.overrun
            status = label(slot.status, lang)
            if slot.status is SlotStatus.SKIPPED and not was_presented(slot):
                status = self.app.t("not_presented")  # type: ignore[attr-defined]
            table.add_row(slot.presenter, status, format_duration(timing.plan),
                          format_duration(timing.actual),
                          Text(format_duration(timing.overrun), style=tone(self.app, palette.ALERT if timing.over else "")),
                          str(slot.pause_count))
        table.add_row(Text(self.app.t("total_row"), style="bold"), "", format_duration(planned_total),  # type: ignore[attr-defined]
                      format_duration(actual_total), format_duration(overrun_total), "")

    def _gaps_without_cause(self, db, meeting, lang: str) -> None:
        table = self._table("gaps_without_root_cause", ["presenter", "indicator", "period", "achievement", "gap"])
        causes = queries.root_causes_for(db, self.meeting_id)
        gaps = queries.gaps_for(db, self.meeting_id)
        periods = rules.headline_periods(queries.periods_for(db, self.meeting_id), meeting.period)
        year = period_year(meeting.period, meeting.date)
        assessments = [a for slot in queries.slots_for(db, self.meeting_id)
                       for a in queries.review_for(db, self.meeting_id, slot.presenter, periods)]
        for a in checks.shortfalls_without_root_cause(assessments, gaps, causes):
            table.add_row(a.presenter, a.indicator.name, period_label(a.period, lang, year),
                          Text(rules.format_achievement(a, lang), style=tone(self.app, palette.BAD)),
                          rules.format_gap(a.gap, a.indicator.unit, lang))
        for item in checks.key_works_without_root_cause(queries.key_works_for(db, self.meeting_id), gaps, causes):
            table.add_row(item.presenter, f"{self.app.t('key_work')}: {item.title}", "",  # type: ignore[attr-defined]
                          Text(self.app.t("not_met"), style=tone(self.app, palette.BAD)), item.shortfall)  # type: ignore[attr-defined]
        self._all_clear(table)

    def _causes_without_evidence(self, db, lang: str) -> None:
        table = self._table("root_causes_without_evidence", ["presenter", "problem", "root_cause"])
        gaps = {g.id: g for g in queries.gaps_for(db, self.meeting_id)}
        for cause in checks.root_causes_without_evidence(queries.root_causes_for(db, self.meeting_id)):
            gap = gaps.get(cause.gap_id)
            table.add_row(gap.presenter if gap else "", cause.problem,
                          rules.effective_root_cause(cause) or rules.MISSING)
        self._all_clear(table)

    def _incomplete_actions(self, db, lang: str) -> None:
        table = self._table("actions_incomplete", ["action_id", "presenter", "measure", "owner", "due"])
        for action in checks.incomplete_actions(queries.actions_for(db, self.meeting_id)):
            table.add_row(str(action.id), action.presenter, action.measure,
                          action.owner or Text(rules.MISSING, style=tone(self.app, palette.BAD)),
                          str(action.due) if action.due else Text(rules.MISSING, style=tone(self.app, palette.BAD)))
        self._all_clear(table)

    def _not_checkable_actions(self, db) -> None:
        """Beside the incomplete ones: actions whose standard the next review could not check (SMART)."""
        from exports.tables import smart_hints

        table = self._table("smart.not_checkable", ["action_id", "presenter", "measure", "standard", "smart.hint"])
        for action, problems in checks.not_checkable_actions(queries.actions_for(db, self.meeting_id)):
            table.add_row(str(action.id), action.presenter, action.measure,
                          action.standard or Text(rules.MISSING, style=tone(self.app, palette.BAD)),
                          Text(smart_hints(problems, self.app.lang), style=tone(self.app, palette.WARN)))  # type: ignore[attr-defined]
        self._all_clear(table)

    def _movement(self, db, meeting, lang: str) -> None:
        """上次行动跟踪: the actions carried in from the last review and how they moved (core.rules)."""
        from exports.tables import ask_standard_text, checkable_text, movement_summary, movement_text

        t = self.app.t  # type: ignore[attr-defined]
        table = self._table("table.movement", ["presenter", "measure", "checkable", "owner", "due", "status_then",
                                               "status_now", "updates_between", "movement"])
        last, moved = queries.movements_for(db, meeting, now=self.app.now())  # type: ignore[attr-defined]
        counts = self.query_one("#movement-counts", Static)
        if last is None:
            counts.update(t("movement.none"))
            return
        since = t("movement.since").format(title=last.title, date=last.date.isoformat() if last.date else "")
        lines = [since, movement_summary(rules.movement_counts(moved), lang)]  # type: ignore[arg-type]
        if ask := ask_standard_text(moved, lang):  # type: ignore[arg-type]
            lines.append(ask)
        counts.update("\n".join(lines))
        for m in moved:
            a, style = m.action, palette.ALERT if m.newly_overdue else ""
            table.add_row(a.presenter, a.measure,
                          Text(checkable_text(a, lang), style=tone(self.app, "" if m.checkable else palette.WARN)),  # type: ignore[arg-type]
                          a.owner or rules.MISSING, str(a.due or rules.MISSING),
                          label(m.then, lang), Text(label(m.now, lang), style=tone(self.app, style)),
                          update_text(m.updates[-1], lang) if m.updates else rules.MISSING,  # type: ignore[arg-type]
                          Text(movement_text(m, lang), style=tone(self.app, style or _MOVED_STYLE[m.kind])))  # type: ignore[arg-type]
        if not moved:
            table.add_row(t("movement.none"))

    def _open_drafts(self, db) -> None:
        """What was typed in the live screen and never saved: still to save (or discard) there."""
        table = self._table("open_drafts", ["presenter", "form", "draft_text", "updated"])
        for draft in queries.drafts_for(db, self.meeting_id):
            table.add_row(draft.presenter, self._form_name(draft.form),
                          draft.text() or rules.MISSING,
                          draft.updated_at.strftime("%H:%M") if draft.updated_at else "")
        self._all_clear(table)

    def _form_name(self, form: str) -> str:
        """The tab a draft was typed in, or the action whose status note it is."""
        t = self.app.t  # type: ignore[attr-defined]
        kind, _, action_id = form.partition(":")
        if kind == queries.STATUS_NOTE:
            return t("status_note_draft").format(id=action_id)
        return t(DRAFT_FORMS.get(form, form))

    def action_export(self) -> None:
        from tui.exporting import ask_and_export

        ask_and_export(self, self.meeting_id)

    def action_back(self) -> None:
        self.dismiss()
