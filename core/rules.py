"""The rules of a review, written once (DESIGN.md §3).

Every screen and every export calls these; none re-derives them. Rates are ratios (0.76 means 76 %).
A missing value or a zero denominator gives ``None`` ("—" on screen), never an exception.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from core import meeting
from core.i18n import text
from core.model import (
    Action,
    ActionStatus,
    ActionUpdate,
    Aggregation,
    AggregationSource,
    CatchUpPlan,
    Direction,
    Ease,
    Impact,
    Indicator,
    IndicatorValue,
    Meeting,
    PresenterFlag,
    RootCause,
    Slot,
    SlotStatus,
)
from core.parse import (
    YEAR_IN_TEXT,
    ParseError,
    clean_text,
    months_of,
    parse_period,
    period_label,
    period_sort_key,
    period_year,
)
from core.timer import was_presented

# --- meetings -----------------------------------------------------------------------------------

_VAGUE_GOALS = {
    "随便聊聊", "聊聊", "随便谈谈", "谈谈", "讨论", "讨论一下", "总结", "复盘", "开会", "看看",
    "review", "chat", "discuss", "discussion", "meeting", "tbd", "todo", "n/a", "-", "...",
}
MIN_GOAL_CHARS = 6


def validate_goal(goal: str) -> str | None:
    """None when the goal is specific enough; otherwise why not (seed 001: never "随便聊聊")."""
    stripped = clean_text(goal).strip()  # control characters only is no goal
    if not stripped:
        return "a meeting needs a goal, e.g. '分析Q3销售额未达标原因'"
    if stripped.lower().strip("。.!！ ") in _VAGUE_GOALS or len(stripped) < MIN_GOAL_CHARS:
        return f"the goal {stripped!r} is too vague: say what the meeting must find out, e.g. '分析Q3销售额未达标原因'"
    return None


# --- indicators and gaps ------------------------------------------------------------------------


def achievement(target: float | None, actual: float | None, direction: Direction) -> float | None:
    """达成率, so that ``achievement >= 1`` exactly when the target is met (DESIGN.md §3).

    A positive target keeps the seed's ratios: actual/target when higher is better, target/actual when
    lower is better. A negative target (a loss to shrink, a negative profit) measures the distance
    travelled against its size: 1 + (actual − target)/|target| when higher is better,
    1 − (actual − target)/|target| when lower is better. ``None`` when no rate can be defined; then
    `no_rate_reason` says why.
    """
    if no_rate_reason(target, actual, direction) is not None:
        return None
    assert target is not None and actual is not None
    if target < 0:
        moved = (actual - target) / abs(target)
        return 1 + moved if direction is Direction.HIGHER else 1 - moved
    return actual / target if direction is Direction.HIGHER else target / actual


NO_RATE_MISSING = "no_rate.missing"
NO_RATE_ZERO_TARGET = "no_rate.zero_target"
NO_RATE_ACTUAL_NOT_POSITIVE = "no_rate.actual_not_positive"


def no_rate_reason(target: float | None, actual: float | None, direction: Direction) -> str | None:
    """Why an achievement rate cannot be defined, as a `core.i18n` key; ``None`` when it can.

    - a value is missing;
    - the target is 0 (nothing to divide by: the met flag still says whether it was reached);
    - lower is better with a positive target and an actual of 0 or less (target/actual would be
      infinite or negative while the target is plainly met).
    """
    if target is None or actual is None:
        return NO_RATE_MISSING
    if target == 0:
        return NO_RATE_ZERO_TARGET
    if direction is Direction.LOWER and target > 0 and actual <= 0:
        return NO_RATE_ACTUAL_NOT_POSITIVE
    return None


def gap(target: float | None, actual: float | None, direction: Direction) -> float | None:
    """差距 as a shortfall: positive means behind target, negative means ahead."""
    if target is None or actual is None:
        return None
    return target - actual if direction is Direction.HIGHER else actual - target


def gap_rate(target: float | None, actual: float | None, direction: Direction) -> float | None:
    """差距率 = gap / target, for both directions (DESIGN.md: we do not divide by the actual)."""
    shortfall = gap(target, actual, direction)
    if shortfall is None or not target:
        return None
    return shortfall / abs(target)


def is_met(target: float | None, actual: float | None, direction: Direction) -> bool | None:
    """Whether the target is reached; ``None`` when either value is missing."""
    if target is None or actual is None:
        return None
    return actual >= target if direction is Direction.HIGHER else actual <= target


@dataclass(frozen=True, slots=True)
class Assessment:
    """An indicator value with its gap already computed: what the Indicators table and exports show."""

    indicator: Indicator
    presenter: str
    period: str
    target: float | None
    actual: float | None
    last_year: float | None = None
    benchmark: float | None = None

    @property
    def achievement(self) -> float | None:
        return achievement(self.target, self.actual, self.indicator.direction)

    @property
    def no_rate_reason(self) -> str | None:
        """Why `achievement` is None (a `core.i18n` key), or None when there is a rate."""
        return no_rate_reason(self.target, self.actual, self.indicator.direction)

    @property
    def gap(self) -> float | None:
        return gap(self.target, self.actual, self.indicator.direction)

    @property
    def gap_rate(self) -> float | None:
        return gap_rate(self.target, self.actual, self.indicator.direction)

    @property
    def met(self) -> bool | None:
        return is_met(self.target, self.actual, self.indicator.direction)

    @property
    def shortfall(self) -> bool:
        """True only for a real shortfall; a missing value is not a gap to explain."""
        return self.met is False

    @property
    def year_on_year(self) -> float | None:
        """Growth of the actual over last year's value (seed 004's vertical comparison)."""
        if self.actual is None or not self.last_year:
            return None
        return (self.actual - self.last_year) / abs(self.last_year)


def assess(indicator: Indicator, value: IndicatorValue) -> Assessment:
    return Assessment(
        indicator=indicator,
        presenter=value.presenter,
        period=value.period,
        target=value.target,
        actual=value.actual,
        last_year=value.last_year,
        benchmark=value.benchmark,
    )


def presenter_achievement(assessments: Iterable[Assessment]) -> float | None:
    """A presenter's overall achievement, for ranking presenters: the mean of their indicators' rates
    (each indicator weighs the same; a lower-is-better indicator counts by its own rate, so beating a
    cost target raises it). Indicators without a rate are left out; ``None`` when none has one."""
    rates = [a.achievement for a in assessments if a.achievement is not None]
    return math.fsum(rates) / len(rates) if rates else None


def _aggregate(numbers: Sequence[float], aggregation: Aggregation) -> float | None:
    if not numbers:
        return None
    if aggregation is Aggregation.SUM:
        return math.fsum(numbers)
    if aggregation is Aggregation.MEAN:
        return math.fsum(numbers) / len(numbers)
    return numbers[-1]


def rollup(
    indicator: Indicator, presenter: str, period: str, values: Mapping[str, IndicatorValue]
) -> Assessment:
    """The indicator's figures for ``period`` from the values of one presenter, keyed by period code.

    A value given for the period itself wins. Otherwise months (or, failing months, quarters) inside the
    period are aggregated with the indicator's aggregation — target and actual separately, so a rolled-up
    rate is computed from rolled-up amounts and is never a sum of rates. Only months present count,
    which makes a half-year review in May a year-to-date figure.
    """
    if period in values:
        return assess(indicator, values[period])
    months = months_of(period)
    parts = [values[m] for m in months if m in values]
    if not parts:
        quarters = sorted({f"Q{(int(m[1:]) - 1) // 3 + 1}" for m in months}, key=period_sort_key)
        parts = [values[q] for q in quarters if q in values] if len(quarters) > 1 else []

    def field_total(name: str) -> float | None:
        numbers = [getattr(p, name) for p in parts if getattr(p, name) is not None]
        return _aggregate(numbers, indicator.aggregation)

    return Assessment(
        indicator=indicator,
        presenter=presenter,
        period=period,
        target=field_total("target"),
        actual=field_total("actual"),
        last_year=field_total("last_year"),
        benchmark=field_total("benchmark"),
    )


# --- aggregation when a sheet does not say (DESIGN.md §3) -----------------------------------------

# Checked in this order; the first clue found decides. Stocks first (客户总数 counts 个 but is a level at
# the period's end), then units and names of rates, averages and durations, then amounts and counts.
_LAST_NAMES = ("在职人数", "余额", "库存", "存量", "保有量", "期末", "总数", "headcount", "balance")
_MEAN_UNITS = ("%", "％", "pp", "天", "日", "小时", "h", "days", "day", "hours")
_MEAN_NAMES = ("率", "占比", "比例", "周期", "平均", "人均", "均", "单价", "满意度", "评分", "得分", "获客成本", "获取成本",
               "rate", "ratio", "average", "avg", "mean", "per ", "score", "satisfaction", "cycle")
_SUM_UNITS = ("万元", "元", "个", "次", "家", "单", "人", "台", "件", "笔", "户", "份")


@dataclass(frozen=True, slots=True)
class InferredAggregation:
    """An aggregation read from an indicator's unit or name, with the clue that decided it."""

    aggregation: Aggregation
    by: str  # "unit", "name", or "default" when neither says
    clue: str


def infer_aggregation(name: str, unit: str) -> InferredAggregation:
    """How an indicator rolls up when its sheet has no 汇总方式: stocks (…总数, 在职人数, 余额) → last;
    %, durations (天, 小时), per-unit figures (元/人) and rates or averages by name (…率, 占比, 周期, 平均,
    人均, 单价, 满意度, 评分, 获客成本) → mean; amounts and counts (万元, 元, 个, 次, 家, 单) → sum.

    ``name`` and ``unit`` in Simplified Chinese (or English). Monthly 15/15/15 days of 平均跟进周期 roll up
    to 15, never 45.
    """
    folded_name, folded_unit = name.strip().lower(), unit.strip().lower()
    for clue in _LAST_NAMES:
        if clue in folded_name:
            return InferredAggregation(Aggregation.LAST, "name", clue)
    if "/" in folded_unit:  # 元/人, 次/周: a figure per something
        return InferredAggregation(Aggregation.MEAN, "unit", unit.strip())
    for clue in _MEAN_UNITS:
        if folded_unit == clue:
            return InferredAggregation(Aggregation.MEAN, "unit", unit.strip())
    for clue in _MEAN_NAMES:
        if clue in folded_name:
            return InferredAggregation(Aggregation.MEAN, "name", clue.strip())
    for clue in _SUM_UNITS:
        if folded_unit.endswith(clue):
            return InferredAggregation(Aggregation.SUM, "unit", unit.strip())
    return InferredAggregation(Aggregation.SUM, "default", "")


def aggregation_in_doubt(indicator: Indicator, inferred: InferredAggregation) -> bool:
    """An aggregation stored by an earlier version's default (sum) that its unit or name contradicts:
    to be shown with a note, never changed without the user (that would change figures silently)."""
    return (indicator.aggregation_source is AggregationSource.LEGACY
            and inferred.by != "default" and indicator.aggregation is not inferred.aggregation)


# --- priority (seed 003: impact × ease, then 80/20 by gap rate) ----------------------------------

_QUADRANT = {
    (Impact.HIGH, Ease.EASY): 0,
    (Impact.HIGH, Ease.HARD): 1,
    (Impact.LOW, Ease.EASY): 2,
    (Impact.LOW, Ease.HARD): 3,
}
UNRATED_QUADRANT = 4


def quadrant(impact: Impact | None, ease: Ease | None) -> int:
    """0 = high impact + easy (do first) … 3 = low impact + hard; 4 = not rated yet."""
    if impact is None or ease is None:
        return UNRATED_QUADRANT
    return _QUADRANT[(impact, ease)]


def priority_key(
    impact: Impact | None, ease: Ease | None, rate: float | None, not_met_streak: int = 0
) -> tuple[int, int, float]:
    """Sort key: quadrant first (rated gaps before unrated ones); within each group — unrated included,
    so the order before any rating already has it in view — a chronic gap (`is_chronic`: not met for
    several reviews in a row) before a new one; then the largest gap rate. Gaps without a rate go last."""
    group = quadrant(impact, ease)
    chronic_first = 0 if is_chronic(not_met_streak) else 1
    return group, chronic_first, -(rate if rate is not None else -math.inf)


def suggested_impact(impact: Impact | None, not_met_streak: int) -> Impact | None:
    """The impact to suggest for a gap not yet rated for impact: high when it is chronic (missed for
    `CHRONIC_PERIODS` reviews or more, it has not closed by itself); None when rated or not chronic."""
    return Impact.HIGH if impact is None and is_chronic(not_met_streak) else None


# --- root causes ---------------------------------------------------------------------------------


def effective_root_cause(cause: RootCause) -> str:
    """The root cause as stated, or else the last answer of the 5-Why chain."""
    if cause.root_cause.strip():
        return cause.root_cause.strip()
    for step in reversed(cause.whys):
        if step.because.strip():
            return step.because.strip()
    return ""


def is_verified(cause: RootCause) -> bool:
    """用数据说话: a root cause without evidence is reported as unverified."""
    return bool(cause.evidence.strip())


# --- drafts (DESIGN.md §4: what is typed but not saved survives F4, quitting and kill -9) ------------

DRAFT_SECONDS = 1.0
"""A form's or a status note's draft is written this long after its last change (within about a second)."""


# --- actions -------------------------------------------------------------------------------------


def is_overdue(action: Action, today: date) -> bool:
    """Overdue = still open and today is after the due date (a due date is a whole day)."""
    return action.due is not None and not action.status.closed and today > action.due


DUE_SOON_DAYS = meeting.DUE_SOON_DAYS  # defined with the meeting, so the meetings list need not load rules


def is_due_soon(action: Action, today: date, days: int = DUE_SOON_DAYS) -> bool:
    """Open, not overdue, and due within ``days`` days — shown in yellow on the tracking screen."""
    if action.due is None or action.status.closed or today > action.due:
        return False
    return (action.due - today).days <= days


def missing_fields(action: Action) -> list[str]:
    """The required fields a draft action still lacks (避免"口号式计划"): owner and due date."""
    missing = []
    if not action.owner.strip():
        missing.append("owner")
    if action.due is None:
        missing.append("due")
    return missing


def is_complete(action: Action) -> bool:
    return not missing_fields(action)


# Seed 003's SMART rule and seed 001's 衡量标准: an action is checkable at the next review when its standard
# (or, without one, its measure) names a number, a date or a deliverable, and a vague verb (加强, improve …)
# comes with a quantity. The word lists are the rule's data, kept here with it.
VAGUE_VERBS = (
    "加强", "提高", "提升", "努力", "尽量", "尽快", "持续", "进一步", "做好", "加大", "强化", "改善", "优化",
    "积极", "争取", "重视", "关注",
    "improve", "strengthen", "enhance", "try to", "do better", "step up", "focus on", "as soon as possible",
)
DELIVERABLES = (
    "手册", "报告", "清单", "方案", "计划表", "制度", "流程", "文档", "证明", "证书", "台账", "模板", "表格",
    "周报", "月报", "纪要", "合同", "签约", "上线", "结业",
    "report", "list", "manual", "handbook", "document", "checklist", "template", "certificate",
    "contract", "signed", "launch", "minutes", "deliverable",
)
DATE_WORDS = (
    "月底", "月末", "月初", "周一", "周二", "周三", "周四", "周五", "周末", "本周", "下周", "季末", "季度末",
    "年底", "年末", "今天", "明天",
    "monday", "tuesday", "wednesday", "thursday", "friday", "end of", "this week", "next week", "today",
    "tomorrow",
)
# A quantity: a digit (full-width folded), or a Chinese numeral counting something (三次, 两家, 十个).
_QUANTITY = re.compile(r"\d|[一二两三四五六七八九十百千万]+\s*(?:个|次|家|位|名|人|条|份|项|单|天|周|月|场|遍|轮|倍|成)")


def _has_quantity(text: str) -> bool:
    return _QUANTITY.search(unicodedata.normalize("NFKC", text)) is not None


def _mentions(text: str, word: str) -> bool:
    """Whether ``text`` (lower case) holds ``word``: an English word from its start ("list" is not in
    "listen"'s middle, but is its start: good enough for a nudge), a Chinese one anywhere."""
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word)}", text) is not None
    return word in text


def smart_problems(measure: str, standard: str) -> list[tuple[str, str]]:
    """Why an action could not be checked at the next review, as (i18n key, word): ``smart.no_measure``
    when its standard (its measure, without one) has no number, date or deliverable; ``smart.vague``
    for each vague verb (加强, 提高 … improve) with no quantity in the measure or the standard.
    A nudge, never a refusal: the form saves the action and shows these; [] when it is checkable.
    "新客数量增加30%" is checkable; "加强客户跟进" is not."""
    measured = standard.strip() or measure.strip()
    both = f"{measure}\n{standard}"
    lowered = measured.lower()
    problems: list[tuple[str, str]] = []
    if measured and not (_has_quantity(measured) or any(_mentions(lowered, w) for w in (*DELIVERABLES, *DATE_WORDS))):
        problems.append(("smart.no_measure", ""))
    if not _has_quantity(both):
        lowered_both = both.lower()
        problems.extend(("smart.vague", word) for word in VAGUE_VERBS if _mentions(lowered_both, word))
    return problems


def is_checkable(action: Action) -> bool:
    """Whether the action's standard can be checked at the next review (`smart_problems` finds nothing)."""
    return not smart_problems(action.measure, action.standard)


def due_in_past(due: date | None, today: date) -> bool:
    """A due date before today: the form asks before saving it (a typo more often than a late entry)."""
    return due is not None and due < today


def due_before_start(start: date | None, due: date | None) -> bool:
    """An action cannot be due before it starts: a typo (12月1日 for 12月10日) the form refuses."""
    return start is not None and due is not None and due < start


# --- the next review: how carried-in actions moved (DESIGN.md §4.7) --------------------------------


def review_moment(day: date | None, now: datetime) -> datetime:
    """The moment a review reads statuses at: the end of its day (a meeting date is a whole day), or
    ``now`` when the review is undated, today or still ahead."""
    if day is None or day >= now.date():
        return now
    return datetime.combine(day, time(23, 59, 59))


def status_at(action: Action, updates: Sequence[ActionUpdate], moment: datetime) -> ActionStatus:
    """An action's status as of ``moment``: its latest recorded update at or before then; before its
    first update, its initial status (its status now if it never had one, else not started)."""
    earlier = [u for u in updates if u.at <= moment]
    if earlier:
        return max(earlier, key=lambda u: (u.at, u.id or 0)).status
    return ActionStatus.NOT_STARTED if updates else action.status


MOVED_CLOSED, MOVED_PROGRESSED, MOVED_UNTOUCHED = "closed", "progressed", "untouched"


@dataclass(frozen=True, slots=True)
class Movement:
    """How an action carried into a review moved since the last one (上次行动跟踪)."""

    action: Action
    then: ActionStatus  # at the last review
    now: ActionStatus  # at this review
    updates: tuple[ActionUpdate, ...]  # recorded in between, oldest first
    newly_overdue: bool  # overdue now, not at the last review

    @property
    def kind(self) -> str:
        """closed (done or cancelled since), progressed (an update or a status change in between, still
        open) or untouched (nothing recorded since the last review)."""
        if self.now.closed:
            return MOVED_CLOSED
        if self.updates or self.now is not self.then:
            return MOVED_PROGRESSED
        return MOVED_UNTOUCHED

    @property
    def checkable(self) -> bool:
        """Whether the action carried in had a standard this review can check (`is_checkable`); one
        that had none is called out, so the facilitator asks its owner for one (seed 003's SMART)."""
        return is_checkable(self.action)


def movement(action: Action, updates: Sequence[ActionUpdate], last_review: datetime,
             this_review: datetime) -> Movement | None:
    """The action's movement between two review moments (see `review_moment`); None when it was
    already closed at the last review, so it was not carried in."""
    ordered = sorted(updates, key=lambda u: (u.at, u.id or 0))
    then = status_at(action, ordered, last_review)
    if then.closed:
        return None
    now = status_at(action, ordered, this_review)
    between = tuple(u for u in ordered if last_review < u.at <= this_review)
    was_overdue = is_overdue(replace(action, status=then), last_review.date())
    overdue = is_overdue(replace(action, status=now), this_review.date())
    return Movement(action, then, now, between, overdue and not was_overdue)


@dataclass(frozen=True, slots=True)
class MovementCounts:
    closed: int = 0
    progressed: int = 0
    untouched: int = 0
    newly_overdue: int = 0
    not_checkable: int = 0  # of any kind: carried in without a checkable standard

    @property
    def total(self) -> int:
        return self.closed + self.progressed + self.untouched


def movement_counts(movements: Iterable[Movement]) -> MovementCounts:
    """closed / progressed / untouched (each action in one); newly overdue and without a checkable
    standard (of any of them)."""
    kinds = {MOVED_CLOSED: 0, MOVED_PROGRESSED: 0, MOVED_UNTOUCHED: 0}
    overdue = unchecked = 0
    for m in movements:
        kinds[m.kind] += 1
        overdue += m.newly_overdue
        unchecked += not m.checkable
    return MovementCounts(kinds[MOVED_CLOSED], kinds[MOVED_PROGRESSED], kinds[MOVED_UNTOUCHED], overdue,
                          unchecked)


def to_ask_for_standard(movements: Iterable[Movement]) -> list[Movement]:
    """The carried-in actions still open without a checkable standard: the facilitator asks their owners
    for one at this review (a closed one is past asking)."""
    return [m for m in movements if not m.checkable and not m.now.closed]


# --- trends over the reviews in the database ------------------------------------------------------

CHRONIC_PERIODS = 2
"""A gap not met in this review and the one before is chronic, not new; it ranks first in its quadrant."""


def consecutive_not_met(mets: Sequence[bool | None]) -> int:
    """连续未达成 N 期: how many reviews, counting back from the newest, missed the target in a row.
    A review without a verdict (a value missing) ends the run."""
    count = 0
    for met in reversed(mets):
        if met is not False:
            break
        count += 1
    return count


def is_chronic(not_met_streak: int) -> bool:
    return not_met_streak >= CHRONIC_PERIODS


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One review's figure for an indicator: its meeting, its own period (and year) and the assessment."""

    meeting_id: int
    period: str
    year: int | None
    assessment: Assessment


@dataclass(frozen=True, slots=True)
class Trend:
    """A presenter's indicator over the reviews in the database, oldest to newest."""

    presenter: str
    indicator: str
    points: tuple[TrendPoint, ...]

    @property
    def rates(self) -> list[float | None]:
        return [p.assessment.achievement for p in self.points]

    @property
    def not_met_streak(self) -> int:
        return consecutive_not_met([p.assessment.met for p in self.points])

    @property
    def chronic(self) -> bool:
        return is_chronic(self.not_met_streak)


_SPARK = "▁▂▃▄▅▆▇█"


def sparkline(rates: Sequence[float | None]) -> str:
    """Achievement rates as block characters, scaled to the larger of 100 % and the best rate, so a
    full bar is on or above target; "·" where a review has no rate."""
    known = [r for r in rates if r is not None]
    top = max([1.0, *known])
    cells = []
    for rate in rates:
        if rate is None:
            cells.append("·")
        else:
            level = round(max(rate, 0.0) / top * (len(_SPARK) - 1))
            cells.append(_SPARK[min(level, len(_SPARK) - 1)])
    return "".join(cells)


# --- catch-up plan -------------------------------------------------------------------------------


def gap_to_close(plan: CatchUpPlan) -> float:
    """Period target − actual to date; never negative (a presenter ahead has nothing to close)."""
    return max(plan.period_target - plan.actual_to_date, 0.0)


def planned_total(plan: CatchUpPlan) -> float:
    return math.fsum(line.amount for line in plan.lines)


def coverage(plan: CatchUpPlan) -> float | None:
    """覆盖率 = planned total / gap to close; ``None`` when there is no gap."""
    need = gap_to_close(plan)
    if need <= 0:
        return None
    return planned_total(plan) / need


def is_under_covered(plan: CatchUpPlan) -> bool:
    """A plan under 100 % does not close the gap and is flagged."""
    ratio = coverage(plan)
    return ratio is not None and ratio < 1.0


def forecast_delta(plan: CatchUpPlan) -> float | None:
    """Rolling forecast − initial forecast, where both are given."""
    if plan.rolling_forecast is None or plan.initial_forecast is None:
        return None
    return plan.rolling_forecast - plan.initial_forecast


# --- formatting shared by the screens and the exports --------------------------------------------

MISSING = "—"


def format_rate(rate: float | None, digits: int = 0) -> str:
    """0.76 → "76%"; ``None`` → "—"."""
    if rate is None:
        return MISSING
    return f"{rate * 100:.{digits}f}%"


def format_number(value: float | None, digits: int = 2) -> str:
    """Up to ``digits`` decimals, trailing zeros dropped, thousands separated: 1234.5 → "1,234.5"."""
    if value is None:
        return MISSING
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value: float | None, unit: str) -> str:
    """A value with its unit: "76%" for percent indicators, "380 万元" otherwise."""
    if value is None:
        return MISSING
    if unit.strip() in ("%", "％"):
        return f"{format_number(value, 1)}%"
    return f"{format_number(value)} {unit}".rstrip()


PERCENT_UNITS = ("%", "％", "pp")


def format_gap(value: float | None, unit: str, lang: str = "en") -> str:
    """A gap in its unit; for percent indicators in percentage points: "4.0 pp" / "4.0 个百分点"."""
    if value is None:
        return MISSING
    if unit.strip() in PERCENT_UNITS:
        return f"{value:.1f} 个百分点" if lang == "zh" else f"{value:.1f} pp"
    return f"{format_number(value)} {unit}".rstrip()


def format_achievement(assessment: Assessment, lang: str = "en") -> str:
    """The achievement rate, or "—" with the reason it cannot be computed ("— 目标为0")."""
    if assessment.achievement is not None:
        return format_rate(assessment.achievement)
    reason = assessment.no_rate_reason
    if reason is None or reason == NO_RATE_MISSING:
        return MISSING
    return f"{MISSING} {text(reason, lang)}"  # type: ignore[arg-type]


def sorted_periods(periods: Iterable[str]) -> list[str]:
    return sorted(set(periods), key=period_sort_key)


def review_periods(stored: Iterable[str], meeting_period: str) -> list[str]:
    """The stored periods, then the meeting's own period (rolled up by `rollup`) if not stored.

    A half-year review holds monthly values; its H1 row is where the seed figures (76 %, 60 %) appear.
    """
    periods = sorted_periods(stored)
    own = own_period(meeting_period)
    if own and own not in periods:
        periods.append(own)
    return periods


def headline_periods(stored: Iterable[str], meeting_period: str) -> list[str]:
    """The periods a review shows first: the meeting's own period (rolled up by `rollup`), or every
    stored period when the meeting's period is free text. The indicators tab and the summary agree."""
    own = own_period(meeting_period)
    return [own] if own else sorted_periods(stored)


def own_period(meeting_period: str) -> str | None:
    """The meeting's own period code (H1, Q3 …), or None when it is free text."""
    try:
        return parse_period(meeting_period) if meeting_period.strip() else None
    except ParseError:
        return None


# --- next review (DESIGN.md §4.7) -----------------------------------------------------------------

_PERIOD_STEP = {"M": 12, "Q": 4, "H": 2}


def next_period_code(code: str, year: int | None) -> tuple[str, int | None]:
    """The period after ``code`` of ``year``: M11 → M12, M12 → M01 of the next year, Q3 → Q4, Q4 → Q1
    and H2 → H1 of the next year, FY → the next FY."""
    if code == "FY":
        return code, year + 1 if year is not None else None
    kind, number = code[0], int(code[1:])
    rolled = number == _PERIOD_STEP[kind]
    following = 1 if rolled else number + 1
    next_code = f"M{following:02d}" if kind == "M" else f"{kind}{following}"
    return next_code, (year + 1 if rolled and year is not None else year)


def _period_with_year(code: str, year: int, cjk: bool) -> str:
    """A period written with its year in a form `core.parse.parse_period` reads back: 2027年1月,
    2027下半年, 2027年Q1, 2027全年; or 2027-01, 2027-H1, 2027-Q1, 2027-FY."""
    if cjk:
        return period_label(code, "zh", year)
    return f"{year}-{code[1:]}" if code.startswith("M") else f"{year}-{code}"


def next_period(period: str, meeting_date: date | None, next_date: date) -> str:
    """The period the next review covers, as it will be stored for a meeting held on ``next_date``.

    A bare code stays bare when the next meeting's date places it in the right year (period_year's
    rule); otherwise the year is written with it, so M12 reviewed in December is followed by 2027年1月,
    not by a January read as this year's. Free text (or no period) has no successor: "".
    """
    code = own_period(period)
    if code is None:
        return ""
    year = period_year(period, meeting_date)
    next_code, next_year = next_period_code(code, year)
    if next_year is None:
        return next_code
    written_year = YEAR_IN_TEXT.search(period) is not None
    if not written_year and period_year(next_code, next_date) == next_year:
        return next_code
    return _period_with_year(next_code, next_year, cjk=not period.isascii() or not written_year)


_CN_NUMERALS = "一二三四五六七八九十"
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _period_patterns(code: str) -> list[tuple[re.Pattern[str], str]]:
    """How a title or goal names the period ``code``, each with the group to replace."""
    number = int(code[1:]) if code != "FY" else 0
    if code.startswith("M"):
        return [(re.compile(rf"(?<![\dA-Za-z])(?P<n>0?{number})(?=\s*月)"), "n"),
                (re.compile(rf"(?<![A-Za-z])(?P<n>M0?{number})(?!\d)"), "n"),
                (re.compile(rf"(?P<n>{_EN_MONTHS[number - 1]}[a-z]*)\b"), "n")]
    if code.startswith("Q"):
        return [(re.compile(rf"(?<![A-Za-z])(?P<n>Q{number})(?!\d)", re.I), "n"),
                (re.compile(rf"(?P<n>[{_CN_NUMERALS[number - 1]}{number}])(?=\s*季)"), "n")]
    if code.startswith("H"):
        return [(re.compile(rf"(?<![A-Za-z])(?P<n>H{number})(?!\d)", re.I), "n"),
                (re.compile(rf"(?P<n>{'上' if number == 1 else '下'})(?=半年)"), "n")]
    return []


def _period_word(code: str, matched: str) -> str:
    """``code`` written as ``matched`` wrote the period it follows (Q3 → Q4, 三季 → 四季, 上半年 → 下半年)."""
    number = int(code[1:])
    if matched in ("上", "下"):
        return "上" if number == 1 else "下"
    if matched[0] in _CN_NUMERALS:
        return _CN_NUMERALS[number - 1]
    if matched[0] in "MmQqHh":
        return f"{matched[0]}{number:02d}" if matched[0] in "Mm" and len(matched) == 3 else f"{matched[0]}{number}"
    if matched[0].isalpha():
        return _EN_MONTHS[number - 1] if len(matched) == 3 else calendar.month_name[number]
    return f"{number:02d}" if len(matched) == 2 and matched[0] == "0" else str(number)


def next_title(title: str, period: str, meeting_date: date | None) -> str:
    """A title (or goal) for the next review: the period it names moved on one (11 月 → 12 月, Q3 → Q4,
    上半年 → 下半年) and, when the period rolls into the next year, the year too (2026 年下半年 → 2027 年上半年).
    A title that names no period is kept as it is."""
    code = own_period(period)
    if code is None:
        return title
    year = period_year(period, meeting_date)
    next_code, next_year = next_period_code(code, year)
    if code != "FY":
        for pattern, group in _period_patterns(code):
            match = pattern.search(title)
            if match:
                start, end = match.span(group)
                title = title[:start] + _period_word(next_code, match[group]) + title[end:]
                break
    if year is not None and next_year != year:
        title = re.sub(rf"(?<!\d){year}(?!\d)", str(next_year), title)
    return title


def presenters_to_flag(slots: Iterable[Slot], held: bool) -> list[tuple[str, PresenterFlag]]:
    """The presenters of a review who were skipped or did not present: (name, why), in agenda order.
    The next review flags them. A review never ``held`` flags none."""
    flagged = []
    for slot in slots:
        if slot.status is SlotStatus.SKIPPED:
            flagged.append((slot.presenter, PresenterFlag.SKIPPED if was_presented(slot)
                            else PresenterFlag.NOT_PRESENTED))
        elif held and slot.status is SlotStatus.WAITING and not was_presented(slot):
            flagged.append((slot.presenter, PresenterFlag.NOT_PRESENTED))
    return flagged


def next_meeting(previous: Meeting, on: date) -> Meeting:
    """The review after ``previous``, held ``on`` that day: its title, goal and period moved on one
    period (`next_title`, `next_period`), the same scenario, facilitator and slot length, planned."""
    return Meeting(
        title=next_title(previous.title, previous.period, previous.date),
        goal=next_title(previous.goal, previous.period, previous.date),
        scenario=previous.scenario,
        period=next_period(previous.period, previous.date, on),
        date=on,
        facilitator=previous.facilitator,
        slot_minutes=previous.slot_minutes,
        wrap_up_seconds=previous.wrap_up_seconds,
        final_seconds=previous.final_seconds,
    )
