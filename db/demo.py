"""A demo review built from the seeds' world: a sales centre's half-year review with five presenters.

The first presenter carries the seed 001 / seed 003 numbers (销售额 500 → 380 = 76 %, 新客户 20 → 12 = 60 %,
复购率 60 % → 65 % = 108 %, 平均跟进周期 15 → 22 days not met, 新客获取成本 400 → 500 = gap 100, 25 %), so
the demo doubles as a worked example. A previous monthly review left open and overdue actions, so the
carry-over of actions shows from the first slot.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from core.model import (
    Action,
    ActionStatus,
    Aggregation,
    Attribution,
    CatchUpLine,
    CatchUpPlan,
    CatchUpSource,
    Direction,
    FishboneCategory,
    Indicator,
    IndicatorValue,
    KeyWork,
    KeyWorkCause,
    Lesson,
    LessonKind,
    Meeting,
    MeetingStatus,
    PipelineStage,
    RootCause,
    Scenario,
    SlotStatus,
    WhyStep,
)
from db import queries
from db.queries import NotFound

PRESENTERS = ("张伟", "李娜", "王芳", "刘洋", "陈静")
MONTHS = tuple(f"M{m:02d}" for m in range(1, 7))

# name, category, unit, direction, aggregation, monthly targets, first presenter's monthly actuals
_INDICATORS: list[tuple[str, str, str, Direction, Aggregation, list[float], list[float]]] = [
    ("销售额", "整体业绩", "万元", Direction.HIGHER, Aggregation.SUM,
     [80, 80, 80, 85, 85, 90], [70, 65, 60, 60, 60, 65]),
    ("毛利率", "整体业绩", "%", Direction.HIGHER, Aggregation.MEAN,
     [30] * 6, [28, 27, 29, 26, 27, 28]),
    ("回款额", "整体业绩", "万元", Direction.HIGHER, Aggregation.SUM,
     [70, 70, 75, 75, 80, 80], [65, 60, 58, 62, 60, 55]),
    ("新客户数", "客户开发", "个", Direction.HIGHER, Aggregation.SUM,
     [3, 3, 3, 3, 4, 4], [2, 2, 2, 2, 2, 2]),
    ("复购率", "客户维护", "%", Direction.HIGHER, Aggregation.MEAN,
     [60] * 6, [65] * 6),
    ("平均跟进周期", "过程效率", "天", Direction.LOWER, Aggregation.MEAN,
     [15] * 6, [22] * 6),
    ("新客获取成本", "过程效率", "元", Direction.LOWER, Aggregation.MEAN,
     [400] * 6, [500] * 6),
    ("客户拜访次数", "过程效率", "次", Direction.HIGHER, Aggregation.SUM,
     [40, 40, 45, 45, 50, 50], [38, 42, 44, 47, 49, 52]),
]

# How each other presenter performs against target (1.0 = on target), so some meet and some do not.
_FORM = {"李娜": 1.08, "王芳": 0.93, "刘洋": 1.02, "陈静": 0.85}

if TYPE_CHECKING:
    from db.store import Store


def _values(indicator: Indicator, targets: list[float], seed_actuals: list[float], presenter: str,
            rng: random.Random) -> list[IndicatorValue]:
    values = []
    for month, target, seed_actual in zip(MONTHS, targets, seed_actuals):
        if presenter == PRESENTERS[0]:
            actual = seed_actual
        else:
            form = _FORM[presenter] * rng.uniform(0.94, 1.06)
            # A good performer has a *lower* cycle and cost: invert the form for those.
            factor = form if indicator.direction is Direction.HIGHER else 2 - form
            actual = round(target * factor, 1 if indicator.unit == "%" else 0)
        values.append(IndicatorValue(indicator.id, presenter, month, target=target, actual=actual,
                                     last_year=round(target * rng.uniform(0.8, 0.95), 1)))
    return values


DEMO_SETTING = "demo_meeting"
"""The settings key that remembers which meeting `fupan demo` made, so running it again opens that one."""


def open_or_create_demo(db: Store, today: date | None = None) -> tuple[Meeting, bool]:
    """The demo review this file already holds (True), or a new one (False) when it has none: the
    Quickstart's `fupan demo`, run twice, must not put a second copy in the file (every previous action
    would show twice). A demo the user deleted is made again."""
    kept = queries.setting(db, DEMO_SETTING)
    if kept is not None and kept.isdigit():
        try:
            return queries.get_meeting(db, int(kept)), True
        except NotFound:
            pass
    meeting = create_demo(db, today)
    queries.set_setting(db, DEMO_SETTING, str(meeting.id))
    return meeting, False


def create_demo(db: Store, today: date | None = None) -> Meeting:
    """Write the demo meetings into ``db`` and return the half-year review (the one to open)."""
    today = today or date.today()
    rng = random.Random(2026)
    with db.atomic():
        _previous_meeting(db, today)
        meeting = queries.save_meeting(db, Meeting(
            title=f"华东销售中心 {today.year} 年上半年复盘会",
            goal=f"分析{today.year}年上半年销售额未达标原因，确定下半年追赶计划与改进措施",
            scenario=Scenario.HALF_YEAR,
            period="H1",
            date=today,
            facilitator="赵敏(销售运营)",
            slot_minutes=10,
            planned_start=datetime.combine(today, time(14, 0)),
        ))
        for presenter in PRESENTERS:
            queries.add_slot(db, meeting.id, presenter)
        values: list[IndicatorValue] = []
        for name, category, unit, direction, aggregation, targets, seed_actuals in _INDICATORS:
            indicator = queries.save_indicator(db, Indicator(
                meeting.id, name, category, unit, direction, aggregation))
            for presenter in PRESENTERS:
                values.extend(_values(indicator, targets, seed_actuals, presenter, rng))
        queries.save_values(db, values)
        _key_work(db, meeting.id)
        queries.save_catchup_plan(db, CatchUpPlan(
            meeting.id, PRESENTERS[0], period_target=1000, actual_to_date=380, unit="万元",
            initial_forecast=900, rolling_forecast=820, lines=[
                CatchUpLine(CatchUpSource.EXISTING_CUSTOMER_EXISTING_PROJECT, "华力机械二期扩容", 180,
                            "M08", PipelineStage.CONTRACT),
                CatchUpLine(CatchUpSource.EXISTING_CUSTOMER_NEW_PROJECT, "申通物流仓储系统", 150,
                            "M09", PipelineStage.BID),
                CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "绿源食品集团", 120,
                            "M10", PipelineStage.OPPORTUNITY),
                CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "远航电子", 60,
                            "M11", PipelineStage.LEAD),
            ]))
    return meeting


def _key_work(db: Store, meeting_id: int) -> None:
    items = [
        ("张伟", "重点客户华力机械二期签约", "6月底前签约", "延期至8月", "客户预算审批延后，我方未提前锁定决策人",
         KeyWorkCause.STRATEGY, False),
        ("张伟", "开拓食品行业新客户3家", "每季度至少1家", "完成1家", "行业方案准备不足，售前支持排期紧张",
         KeyWorkCause.RESOURCES, False),
        ("李娜", "老客户复购激活计划", "复购率提升至65%", "已完成", "", None, True),
        ("陈静", "新人带教与话术训练", "每月2次训练", "仅完成2次", "个人时间分配失衡", KeyWorkCause.RESOURCES, False),
    ]
    for presenter, title, plan, status, shortfall, cause, met in items:
        queries.save_key_work(db, KeyWork(meeting_id, presenter, title, plan, status, shortfall, cause, met))


def _previous_meeting(db: Store, today: date) -> Meeting:
    """Last month's review: finished, with actions of which some are open and some overdue."""
    day = today - timedelta(days=30)
    meeting = queries.save_meeting(db, Meeting(
        title=f"华东销售中心 {day.month} 月月度复盘会",
        goal=f"分析{day.month}月新客户开发不足原因，落实跟进周期缩短措施",
        scenario=Scenario.MONTHLY,
        period=f"M{day.month:02d}",
        date=day,
        facilitator="赵敏(销售运营)",
        status=MeetingStatus.FINISHED,
    ))
    for presenter in PRESENTERS:
        slot = queries.add_slot(db, meeting.id, presenter)
        slot.status = SlotStatus.DONE
        slot.accumulated_seconds = 600 + (PRESENTERS.index(presenter) - 2) * 45
        queries.save_slot(db, slot)
    indicator = queries.save_indicator(db, Indicator(
        meeting.id, "新客户数", "客户开发", "个", Direction.HIGHER, Aggregation.SUM))
    queries.save_values(db, [IndicatorValue(indicator.id, "张伟", f"M{day.month:02d}", 4, 2)])
    gap = queries.gap_for_indicator(db, meeting.id, "张伟", indicator.id, f"M{day.month:02d}")
    cause = queries.save_root_cause(db, RootCause(
        gap.id,
        problem="本月新客户开发仅2个，目标4个",
        preliminary_cause="市场需求下滑",
        whys=[
            WhyStep("为什么新客户少？", "有效商机数量不足"),
            WhyStep("为什么有效商机不足？", "线索跟进不及时，平均跟进周期22天"),
            WhyStep("为什么跟进不及时？", "没有统一的线索分配与跟进节奏"),
        ],
        category=FishboneCategory.PROCESS,
        attribution=Attribution.INTERNAL,
        evidence="CRM线索记录抽查30条，18条超过7天未跟进",
    ))
    created = datetime.combine(day, time(16, 0))
    actions = [
        ("张伟", "建立线索48小时首次跟进机制", "张伟", -20, ActionStatus.IN_PROGRESS,
         "新线索48小时内首次跟进率≥90%", "CRM跟进率周报"),
        ("张伟", "每周复盘商机推进，清理僵尸商机", "张伟", 10, ActionStatus.NOT_STARTED,
         "有效商机数提升30%", "商机清单"),
        ("李娜", "整理老客户复购话术并在团队分享", "李娜", -5, ActionStatus.DONE,
         "完成话术手册并培训1次", "话术手册"),
        ("王芳", "制定重点客户拜访计划", "王芳", -3, ActionStatus.NOT_STARTED,
         "每周拜访重点客户≥3家", "拜访计划表"),
        ("陈静", "参加销售技巧训练营", "陈静", 25, ActionStatus.IN_PROGRESS,
         "完成4次训练并通过考核", "结业证明"),
    ]
    for presenter, measure, owner, due_in, status, standard, checkpoint in actions:
        action = queries.save_action(db, Action(
            meeting.id, presenter, measure, owner=owner, start=day, due=today + timedelta(days=due_in),
            standard=standard, checkpoint=checkpoint,
            root_cause_id=cause.id if presenter == "张伟" else None,
            gap_id=gap.id if presenter == "张伟" else None,
        ), now=created)
        if status is not ActionStatus.NOT_STARTED:
            queries.update_action_status(db, action.id, status, "周例会更新",
                                         at=created + timedelta(days=7))
    queries.save_lesson(db, Lesson(meeting.id, "李娜", LessonKind.SUCCESS,
                                   "老客户季度回访+新品推荐，复购率提升5个百分点", "适用于所有存量客户经理"))
    return meeting
