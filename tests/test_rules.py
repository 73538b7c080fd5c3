"""The rules of DESIGN.md §3 against the seeds' worked numbers, plus properties that must always hold."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.model import (
    Action,
    ActionStatus,
    Aggregation,
    CatchUpLine,
    CatchUpPlan,
    CatchUpSource,
    Direction,
    Ease,
    Impact,
    Indicator,
    IndicatorValue,
    RootCause,
    WhyStep,
)
from core.rules import (
    NO_RATE_ACTUAL_NOT_POSITIVE,
    NO_RATE_MISSING,
    NO_RATE_ZERO_TARGET,
    Assessment,
    achievement,
    coverage,
    effective_root_cause,
    forecast_delta,
    format_achievement,
    format_gap,
    format_rate,
    gap,
    gap_rate,
    gap_to_close,
    is_due_soon,
    is_met,
    is_overdue,
    is_under_covered,
    is_verified,
    missing_fields,
    no_rate_reason,
    priority_key,
    quadrant,
    rollup,
    validate_goal,
)

H, L = Direction.HIGHER, Direction.LOWER


# --- seed oracles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "direction", "shown", "met"),
    [
        ("销售额 (seed 001)", 500, 380, H, "76%", False),
        ("新客户 (seed 001)", 20, 12, H, "60%", False),
        ("复购率 (seed 001)", 60, 65, H, "108%", True),
        ("平均跟进周期 (seed 001, lower is better)", 15, 22, L, "68%", False),
    ],
)
def test_seed_001_achievement(name, target, actual, direction, shown, met):
    assert format_rate(achievement(target, actual, direction)) == shown, name
    assert is_met(target, actual, direction) is met


def test_seed_003_sales_gap_is_20_wan_and_20_percent():
    assert gap(100, 80, H) == 20
    assert gap_rate(100, 80, H) == pytest.approx(0.20)
    assert format_gap(gap(100, 80, H), "万") == "20 万"


def test_seed_003_acquisition_cost_gap_is_100_yuan_and_25_percent_of_target():
    # Lower is better: the gap is actual − target, and the rate is against the target (not the actual).
    assert gap(400, 500, L) == 100
    assert gap_rate(400, 500, L) == pytest.approx(0.25)
    assert format_gap(100, "元") == "100 元"
    assert is_met(400, 500, L) is False


def test_percent_indicator_gap_is_in_percentage_points():
    assert format_gap(gap(60, 56, H), "%") == "4.0 pp"
    assert format_gap(gap(60, 56, H), "%", "zh") == "4.0 个百分点"
    assert format_gap(7, "%", "en") == "7.0 pp"


# --- negative and zero targets (DESIGN.md §3): rate and met flag always agree -------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "direction", "shown", "met"),
    [
        # The three rows of issue 12, each once contradicting itself.
        ("净利润 −100 → −50 (higher is better): halfway out of the loss and beyond", -100, -50, H, "150%", True),
        ("亏损额 −100 → −50 (lower is better): the loss grew the wrong way", -100, -50, L, "50%", False),
        ("销售额 −500 → 380 (higher is better)", -500, 380, H, "276%", True),
        ("净利润 −100 → −100: exactly on target", -100, -100, H, "100%", True),
        ("净利润 −100 → −150: deeper in the loss", -100, -150, H, "50%", False),
        ("亏损额 −100 → −150 (lower is better): further below target", -100, -150, L, "150%", True),
        # Positive targets keep the seed's ratios, even with a negative actual.
        ("销售额 500 → −50 (higher is better)", 500, -50, H, "-10%", False),
    ],
)
def test_negative_targets_give_a_rate_that_agrees_with_met(name, target, actual, direction, shown, met):
    assert format_rate(achievement(target, actual, direction)) == shown, name
    assert is_met(target, actual, direction) is met, name
    assert (achievement(target, actual, direction) >= 1) is met, name
    assert (gap(target, actual, direction) <= 0) is met, name


@pytest.mark.parametrize(
    ("target", "actual", "direction", "reason", "met"),
    [
        (0, 10, H, NO_RATE_ZERO_TARGET, True),
        (0, -10, H, NO_RATE_ZERO_TARGET, False),
        (0, 0, L, NO_RATE_ZERO_TARGET, True),
        (15, 0, L, NO_RATE_ACTUAL_NOT_POSITIVE, True),
        (400, -20, L, NO_RATE_ACTUAL_NOT_POSITIVE, True),
        (None, 10, H, NO_RATE_MISSING, None),
    ],
)
def test_an_undefined_rate_is_a_dash_with_its_reason(target, actual, direction, reason, met):
    assert achievement(target, actual, direction) is None
    assert no_rate_reason(target, actual, direction) == reason
    assert is_met(target, actual, direction) is met
    a = Assessment(Indicator(1, "指标", direction=direction, id=1), "张伟", "H1", target, actual)
    if reason == NO_RATE_MISSING:
        assert format_achievement(a, "zh") == "—"
    else:
        assert format_achievement(a, "zh").startswith("— ") and len(format_achievement(a, "zh")) > 2
        assert format_achievement(a, "zh") != format_achievement(a, "en")


reals = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(target=reals, actual=reals, direction=st.sampled_from(list(Direction)))
def test_any_rate_shown_agrees_with_met(target, actual, direction):
    rate = achievement(target, actual, direction)
    assert (rate is None) == (no_rate_reason(target, actual, direction) is not None)
    if rate is not None:
        met = is_met(target, actual, direction)
        # ≥ 100 % exactly when met (within float rounding near the boundary)
        assert (rate >= 1 - 1e-9) if met else (rate < 1 + 1e-9)


@pytest.mark.parametrize("target,actual", [(0, 10), (None, 10), (10, None), (None, None)])
def test_zero_or_missing_target_gives_no_rate(target, actual):
    assert gap_rate(target, actual, H) is None
    if target == 0:
        assert achievement(target, actual, H) is None
    assert format_rate(gap_rate(target, actual, H)) == "—"


def test_lower_is_better_with_zero_actual_has_no_rate():
    assert achievement(15, 0, L) is None
    assert is_met(15, 0, L) is True


# --- rollup ---------------------------------------------------------------------------------------


def _values(indicator_id: int, targets, actuals) -> dict[str, IndicatorValue]:
    return {
        f"M{m:02d}": IndicatorValue(indicator_id, "张伟", f"M{m:02d}", t, a)
        for m, (t, a) in enumerate(zip(targets, actuals), start=1)
    }


def test_half_year_sum_rollup_gives_the_seed_76_percent():
    sales = Indicator(1, "销售额", unit="万元", aggregation=Aggregation.SUM, id=1)
    values = _values(1, [80, 80, 80, 85, 85, 90], [70, 65, 60, 60, 60, 65])
    h1 = rollup(sales, "张伟", "H1", values)
    assert (h1.target, h1.actual) == (500, 380)
    assert format_rate(h1.achievement) == "76%"
    q1 = rollup(sales, "张伟", "Q1", values)
    assert (q1.target, q1.actual) == (240, 195)


def test_rolled_up_rate_is_not_the_sum_or_mean_of_monthly_rates():
    rate = Indicator(1, "复购率", unit="%", aggregation=Aggregation.MEAN, id=1)
    values = _values(1, [60, 60], [30, 90])
    h1 = rollup(rate, "张伟", "H1", values)
    assert h1.target == 60 and h1.actual == 60
    assert h1.achievement == pytest.approx(1.0)
    sales = Indicator(1, "销售额", aggregation=Aggregation.SUM, id=1)
    values = _values(1, [100, 300], [100, 0])
    # Monthly rates are 100 % and 0 %; their mean would be 50 %, the real half-year figure is 25 %.
    assert rollup(sales, "张伟", "H1", values).achievement == pytest.approx(0.25)


def test_last_aggregation_takes_the_latest_month_present():
    headcount = Indicator(1, "客户数", aggregation=Aggregation.LAST, id=1)
    values = _values(1, [10, 12, 14], [9, 11, 15])
    assert rollup(headcount, "张伟", "Q1", values).actual == 15


def test_explicit_period_value_wins_and_quarters_roll_up_when_months_are_absent():
    sales = Indicator(1, "销售额", aggregation=Aggregation.SUM, id=1)
    values = {
        "Q1": IndicatorValue(1, "张伟", "Q1", 240, 200),
        "Q2": IndicatorValue(1, "张伟", "Q2", 260, 180),
        "H1": IndicatorValue(1, "张伟", "H1", 999, 1),
    }
    assert rollup(sales, "张伟", "H1", values).target == 999
    del values["H1"]
    assert (rollup(sales, "张伟", "H1", values).target, rollup(sales, "张伟", "H1", values).actual) == (500, 380)


def test_rollup_with_no_values_has_no_numbers():
    sales = Indicator(1, "销售额", id=1)
    empty = rollup(sales, "张伟", "H1", {})
    assert empty.target is None and empty.achievement is None and not empty.shortfall


# --- priority -------------------------------------------------------------------------------------


def test_quadrant_order_is_high_easy_then_high_hard_then_low_easy_then_low_hard():
    order = [(Impact.LOW, Ease.HARD), (Impact.HIGH, Ease.HARD), (None, None), (Impact.LOW, Ease.EASY),
             (Impact.HIGH, Ease.EASY)]
    ranked = sorted(order, key=lambda p: quadrant(*p))
    assert ranked == [(Impact.HIGH, Ease.EASY), (Impact.HIGH, Ease.HARD), (Impact.LOW, Ease.EASY),
                      (Impact.LOW, Ease.HARD), (None, None)]


def test_within_a_quadrant_the_larger_gap_rate_comes_first():
    keys = [priority_key(Impact.HIGH, Ease.EASY, r) for r in (0.1, None, 0.4)]
    assert sorted(keys) == [keys[2], keys[0], keys[1]]


# --- root causes, actions, catch-up ----------------------------------------------------------------


def test_root_cause_is_the_last_answer_unless_set_and_unverified_without_evidence():
    cause = RootCause(1, "新客户少", whys=[WhyStep("为什么?", "商机不足"), WhyStep("为什么?", "跟进不及时")])
    assert effective_root_cause(cause) == "跟进不及时"
    assert not is_verified(cause)
    cause.root_cause, cause.evidence = "没有线索分配机制", "CRM抽查30条"
    assert effective_root_cause(cause) == "没有线索分配机制" and is_verified(cause)


def test_an_action_due_today_is_not_overdue_until_tomorrow():
    action = Action(1, "张伟", "建立48小时跟进机制", owner="张伟", due=date(2026, 11, 23))
    assert not is_overdue(action, date(2026, 11, 23))
    assert is_overdue(action, date(2026, 11, 24))
    action.status = ActionStatus.DONE
    assert not is_overdue(action, date(2026, 12, 24))


def test_due_soon_is_within_seven_days_and_open():
    action = Action(1, "张伟", "x", owner="张伟", due=date(2026, 11, 30))
    assert is_due_soon(action, date(2026, 11, 23))
    assert not is_due_soon(action, date(2026, 11, 22))
    assert not is_due_soon(action, date(2026, 12, 1))  # overdue, not "soon"


def test_draft_action_lacks_owner_and_due():
    assert missing_fields(Action(1, "张伟", "口号式计划")) == ["owner", "due"]
    assert missing_fields(Action(1, "张伟", "x", owner="王芳", due=date(2026, 12, 1))) == []


def test_catch_up_coverage_and_forecast_delta():
    plan = CatchUpPlan(1, "张伟", period_target=1000, actual_to_date=380, initial_forecast=900,
                       rolling_forecast=820, lines=[
                           CatchUpLine(CatchUpSource.EXISTING_CUSTOMER_EXISTING_PROJECT, "华力", 180),
                           CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "绿源", 130),
                       ])
    assert gap_to_close(plan) == 620
    assert coverage(plan) == pytest.approx(310 / 620)
    assert is_under_covered(plan)
    assert forecast_delta(plan) == -80
    plan.actual_to_date = 1200
    assert gap_to_close(plan) == 0 and coverage(plan) is None and not is_under_covered(plan)


@pytest.mark.parametrize("goal", ["", "  ", "随便聊聊", "review", "复盘"])
def test_vague_goals_are_refused(goal):
    assert validate_goal(goal)


def test_a_specific_goal_is_accepted():
    assert validate_goal("分析Q3销售额未达标原因") is None


# --- properties -----------------------------------------------------------------------------------

amounts = st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(target=amounts, actual=amounts, direction=st.sampled_from(list(Direction)))
def test_met_iff_gap_not_positive_and_achievement_at_least_one(target, actual, direction):
    met = is_met(target, actual, direction)
    assert met == (gap(target, actual, direction) <= 0)
    rate = achievement(target, actual, direction)
    assert (rate >= 1 - 1e-9) if met else (rate < 1 + 1e-9)


@given(target=amounts, actual=amounts)
def test_directions_mirror_each_other(target, actual):
    assert gap(target, actual, H) == -gap(target, actual, L)
    assert gap_rate(target, actual, H) == pytest.approx(-gap_rate(target, actual, L))


@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=12))
def test_sum_rollup_equals_the_sum_of_months(pairs):
    sales = Indicator(1, "销售额", aggregation=Aggregation.SUM, id=1)
    values = _values(1, [t for t, _ in pairs], [a for _, a in pairs])
    year = rollup(sales, "张伟", "FY", values)
    assert year.target == pytest.approx(sum(t for t, _ in pairs))
    assert year.actual == pytest.approx(sum(a for _, a in pairs))


def test_periods_a_review_shows_first_and_with_every_stored_one():
    """A half-year review over monthly values: H1 first (rolled up), the months on request."""
    from core.rules import headline_periods, own_period, review_periods

    months = ["M03", "M01", "M02"]
    assert own_period("2026 上半年") == "H1"
    assert headline_periods(months, "2026 上半年") == ["H1"]
    assert review_periods(months, "2026 上半年") == ["M01", "M02", "M03", "H1"]
    # a free-text period has no roll-up: every stored period, in calendar order
    assert own_period("华东冲刺期") is None
    assert headline_periods(months, "华东冲刺期") == review_periods(months, "华东冲刺期") == ["M01", "M02", "M03"]


def test_an_action_due_before_it_starts_is_a_typo():
    from core.rules import due_before_start

    assert due_before_start(date(2026, 12, 10), date(2026, 12, 1))
    assert not due_before_start(date(2026, 12, 1), date(2026, 12, 1))  # due the day it starts
    assert not due_before_start(None, date(2026, 12, 1)) and not due_before_start(date(2026, 12, 1), None)
