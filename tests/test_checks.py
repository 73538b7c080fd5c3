"""The summary's checks (core.checks): what is still missing before everyone leaves."""

from __future__ import annotations

from datetime import date

from core.checks import (
    incomplete_actions,
    key_works_without_root_cause,
    not_checkable_actions,
    root_causes_without_evidence,
    shortfalls_without_root_cause,
)
from core.model import Action, Direction, Gap, GapKind, Indicator, KeyWork, RootCause
from core.rules import Assessment

SALES = Indicator(meeting_id=1, name="销售额", unit="万元", id=1)
CHURN = Indicator(meeting_id=1, name="流失率", unit="%", direction=Direction.LOWER, id=2)


def test_a_shortfall_is_listed_until_its_gap_has_a_root_cause():
    behind = Assessment(SALES, "张三", "H1", target=100, actual=76)  # seed: 76 % achieved
    ahead = Assessment(SALES, "李四", "H1", target=100, actual=108)  # 108 %: nothing to explain
    churn = Assessment(CHURN, "张三", "H1", target=5, actual=8)  # lower is better: behind
    no_value = Assessment(SALES, "王五", "H1", target=100, actual=None)  # missing is not a gap
    assessments = [behind, ahead, churn, no_value]
    gaps = [Gap(1, "张三", indicator_id=1, period="H1", id=10), Gap(1, "张三", indicator_id=2, period="H1", id=11)]
    assert shortfalls_without_root_cause(assessments, gaps, []) == [behind, churn]
    assert shortfalls_without_root_cause(assessments, gaps, [RootCause(gap_id=10, problem="p")]) == [churn]
    # a root cause of the same indicator in another period does not explain this one
    other_period = [Gap(1, "张三", indicator_id=1, period="Q1", id=12)]
    assert shortfalls_without_root_cause([behind], other_period, [RootCause(gap_id=12, problem="p")]) == [behind]


def test_a_key_work_item_not_met_is_listed_until_its_shortfall_has_a_root_cause():
    missed = KeyWork(1, "张三", "新客开发", met=False, id=5)
    done = KeyWork(1, "张三", "渠道梳理", met=True, id=6)
    open_item = KeyWork(1, "张三", "培训", met=None, id=7)
    gap = Gap(1, "张三", kind=GapKind.KEY_WORK, key_work_id=5, id=20)
    assert key_works_without_root_cause([missed, done, open_item], [gap], []) == [missed]
    assert key_works_without_root_cause([missed], [gap], [RootCause(gap_id=20, problem="p")]) == []


def test_root_causes_without_evidence_and_actions_without_owner_or_due_date():
    cited = RootCause(gap_id=1, problem="p", evidence="CRM 9月拜访记录")
    bare = RootCause(gap_id=2, problem="p", evidence="  ")
    assert root_causes_without_evidence([cited, bare]) == [bare]
    whole = Action(1, "张三", "每周复盘商机", owner="张三", due=date(2026, 10, 20))
    no_owner = Action(1, "张三", "清理僵尸商机", due=date(2026, 10, 20))
    no_due = Action(1, "张三", "拜访老客户", owner="李四")
    assert incomplete_actions([whole, no_owner, no_due]) == [no_owner, no_due]


def test_an_action_the_next_review_could_not_check_is_listed_with_why():
    checkable = Action(1, "张三", "新客数量增加30%", standard="新客数量增加30%")
    vague = Action(1, "张三", "加强客户跟进", standard="")
    found = not_checkable_actions([checkable, vague])
    assert [action for action, _ in found] == [vague]
    assert found[0][1] and all(isinstance(key, str) for key, _word in found[0][1])
