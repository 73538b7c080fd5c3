"""The domain of a sales review meeting (复盘会), as plain dataclasses.

Everything here is pure data: no I/O, no UI. `db/` stores these objects, `exports/` writes them,
`tui/` shows and edits them, and the rules that compute on them live in `core.rules`.
Enum values are the strings stored in the database and in files, so they never change.
The meeting itself is defined in `core.meeting` (so the first frame loads only it) and re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

# The meeting itself lives in core.meeting (the first frame loads only it); it is part of the model.
from core.meeting import (  # noqa: F401
    MAX_SLOT_MINUTES,
    MIN_SLOT_MINUTES,
    Meeting,
    MeetingStatus,
    Scenario,
)


class SlotStatus(StrEnum):
    """An agenda slot's state; a skipped slot stays on the agenda and can be taken up again."""

    WAITING = "waiting"
    PRESENTING = "presenting"
    DONE = "done"
    SKIPPED = "skipped"


class PresenterFlag(StrEnum):
    """Why the next review flags a presenter (DESIGN.md §4.7): skipped at the review it follows (having
    begun), or never presented there (skipped before starting, or left waiting at the end)."""

    SKIPPED = "skipped"
    NOT_PRESENTED = "not_presented"


class Direction(StrEnum):
    """Whether more of an indicator is better (sales) or worse (follow-up cycle, acquisition cost)."""

    HIGHER = "higher"
    LOWER = "lower"


class Aggregation(StrEnum):
    """How monthly values roll up to quarters, halves and the year."""

    SUM = "sum"
    MEAN = "mean"
    LAST = "last"


class AggregationSource(StrEnum):
    """Who decided an indicator's aggregation: what the import preview and setup say about it."""

    CHOSEN = "chosen"  # a 汇总方式 column, the setup screen, the demo
    INFERRED = "inferred"  # core.rules.infer_aggregation, from the unit and the name
    LEGACY = "legacy"  # stored by a version that took sum for anything but %: not known to be meant


class Impact(StrEnum):
    HIGH = "high"
    LOW = "low"


class Ease(StrEnum):
    EASY = "easy"
    HARD = "hard"


class GapKind(StrEnum):
    INDICATOR = "indicator"
    KEY_WORK = "key_work"


class FishboneCategory(StrEnum):
    """鱼骨图 category of a root cause: 主观 / 客观 / 流程 / 资源."""

    PEOPLE = "people"
    PRODUCT_MARKET = "product_market"
    PROCESS = "process"
    RESOURCES = "resources"


class Attribution(StrEnum):
    """归因 — the seeds insist on attributing inward (归因于内)."""

    INTERNAL = "internal"
    EXTERNAL = "external"


class LessonKind(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"


class ActionStatus(StrEnum):
    """Stored status of an action; *overdue* is derived (see `core.rules.is_overdue`)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


class CatchUpSource(StrEnum):
    """Where a catch-up contribution comes from (seed 000, ToB reps)."""

    EXISTING_CUSTOMER_EXISTING_PROJECT = "existing_existing"
    EXISTING_CUSTOMER_NEW_PROJECT = "existing_new"
    NEW_CUSTOMER_NEW_PROJECT = "new_new"


class PipelineStage(StrEnum):
    LEAD = "lead"
    OPPORTUNITY = "opportunity"
    BID = "bid"
    CONTRACT = "contract"


class KeyWorkCause(StrEnum):
    """Whether a key-work shortfall came from strategy or from resources (seed 000 step 2)."""

    STRATEGY = "strategy"
    RESOURCES = "resources"


@dataclass(slots=True)
class Slot:
    """议程时段: one presenter's turn, with the persisted state of its timer.

    The timer fields are wall-clock readings (epoch seconds) so that a restart resumes a running slot
    with the right elapsed time; see `core.timer.TimerState`.
    """

    meeting_id: int
    presenter: str
    position: int
    planned_seconds: int = 600
    status: SlotStatus = SlotStatus.WAITING
    accumulated_seconds: float = 0.0
    running_since: float | None = None
    first_started_at: float | None = None
    finished_at: float | None = None
    pause_count: int = 0
    adjust_seconds: float = 0.0
    message: str = ""
    """A short line from the facilitator to the presenter, shown on the clock until cleared."""
    id: int | None = None
    flagged: PresenterFlag | None = None
    """Set when the review was created from the one before (`fupan new --from`, `c`): this presenter was
    skipped or did not present there, so this review's agenda and live screen mark them."""


@dataclass(slots=True)
class Indicator:
    """指标: what is measured, in which unit, and which way is better."""

    meeting_id: int
    name: str
    category: str = ""
    unit: str = ""
    direction: Direction = Direction.HIGHER
    aggregation: Aggregation = Aggregation.SUM
    id: int | None = None
    aggregation_source: AggregationSource = AggregationSource.CHOSEN

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() in ("%", "％", "pp")


@dataclass(slots=True)
class IndicatorValue:
    """目标值 / 实际值 of one indicator for one presenter in one period (M01…M12, Q1…Q4, H1, H2, FY)."""

    indicator_id: int
    presenter: str
    period: str
    target: float | None = None
    actual: float | None = None
    last_year: float | None = None
    benchmark: float | None = None
    note: str = ""
    id: int | None = None


@dataclass(slots=True)
class KeyWork:
    """重点工作: a work item planned at the start of the period, and how it went."""

    meeting_id: int
    presenter: str
    title: str
    plan: str = ""
    status: str = ""
    shortfall: str = ""
    cause: KeyWorkCause | None = None
    met: bool | None = None
    id: int | None = None


@dataclass(slots=True)
class Gap:
    """差距: an indicator shortfall (or a key-work shortfall) that gets rated and root-caused.

    Indicator gaps are identified by (presenter, indicator, period); the numbers are always computed from
    the indicator values by `core.rules`, never stored here.
    """

    meeting_id: int
    presenter: str
    kind: GapKind = GapKind.INDICATOR
    indicator_id: int | None = None
    period: str = ""
    key_work_id: int | None = None
    title: str = ""
    impact: Impact | None = None
    ease: Ease | None = None
    id: int | None = None


@dataclass(slots=True)
class WhyStep:
    """One step of a 5-Why chain: why? → because."""

    why: str
    because: str = ""


MAX_WHYS = 7


@dataclass(slots=True)
class RootCause:
    """根因 of a gap: problem, preliminary cause, 5-Why chain, category, attribution and evidence."""

    gap_id: int
    problem: str
    preliminary_cause: str = ""
    whys: list[WhyStep] = field(default_factory=list)
    root_cause: str = ""
    category: FishboneCategory | None = None
    attribution: Attribution = Attribution.INTERNAL
    evidence: str = ""
    id: int | None = None


@dataclass(slots=True)
class Lesson:
    """经验教训: a success worth copying or a failure not to repeat, with where it applies."""

    meeting_id: int
    presenter: str
    kind: LessonKind
    content: str
    applies_to: str = ""
    id: int | None = None


@dataclass(slots=True)
class ActionUpdate:
    """A dated status change of an action, with a note (weekly tracking)."""

    action_id: int
    at: datetime
    status: ActionStatus
    note: str = ""
    id: int | None = None


@dataclass(slots=True)
class Action:
    """改善措施: a measure with an owner, a due date and an acceptance standard (责任到人, 闭环管理)."""

    meeting_id: int
    presenter: str
    measure: str
    owner: str = ""
    start: date | None = None
    due: date | None = None
    standard: str = ""
    checkpoint: str = ""
    resources: str = ""
    risk: str = ""
    status: ActionStatus = ActionStatus.NOT_STARTED
    gap_id: int | None = None
    root_cause_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None


@dataclass(slots=True)
class CatchUpLine:
    """One expected contribution to closing a gap: source, customer/project, amount, month, stage."""

    source: CatchUpSource
    customer: str
    amount: float
    expected_month: str = ""
    stage: PipelineStage = PipelineStage.LEAD
    id: int | None = None


@dataclass(slots=True)
class CatchUpPlan:
    """追赶计划 of a presenter behind target: gap to close = period target − actual to date."""

    meeting_id: int
    presenter: str
    period_target: float
    actual_to_date: float
    unit: str = "万元"
    initial_forecast: float | None = None
    rolling_forecast: float | None = None
    lines: list[CatchUpLine] = field(default_factory=list)
    id: int | None = None


@dataclass(slots=True)
class Draft:
    """草稿: a live form's unsaved contents, kept per meeting × presenter × form until saved or discarded.

    ``fields`` maps a text field's name to what it shows, ``choices`` a choice's name to its value (None
    when nothing is chosen); ``item`` names the saved item being edited, if any.
    """

    meeting_id: int
    presenter: str
    form: str
    fields: dict[str, str] = field(default_factory=dict)
    choices: dict[str, str | None] = field(default_factory=dict)
    item: dict[str, str | int | None] = field(default_factory=dict)
    updated_at: datetime | None = None

    def text(self) -> str:
        """What was typed, in one line (the summary's list of open drafts)."""
        return " · ".join(value.strip() for value in self.fields.values() if value.strip())
