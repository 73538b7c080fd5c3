"""The next review starts from the last one (issue 13, items 2 and 3): how the previous actions moved
between reviews, and each indicator's trend over the reviews in the database."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta

from core import rules
from core.model import (
    Action,
    ActionStatus,
    ActionUpdate,
    Aggregation,
    Direction,
    Ease,
    Impact,
    Indicator,
    IndicatorValue,
    Meeting,
    Scenario,
)
from db import queries
from exports.tables import collect, movement_parts, movement_summary
from exports.write import export_meeting
from tests.conftest import TODAY
from tests.drivers import run_cli

# --- core rules ----------------------------------------------------------------------------------


def _update(at: datetime, status: ActionStatus, note: str = "") -> ActionUpdate:
    return ActionUpdate(1, at, status, note)


def test_status_at_reads_the_latest_update_at_or_before_the_moment_else_the_initial_status():
    action = Action(1, "张伟", "建立线索48小时首次跟进机制", status=ActionStatus.DONE)
    updates = [_update(datetime(2026, 10, 5, 9), ActionStatus.IN_PROGRESS),
               _update(datetime(2026, 11, 1, 9), ActionStatus.DONE)]
    assert rules.status_at(action, updates, datetime(2026, 10, 1)) is ActionStatus.NOT_STARTED
    assert rules.status_at(action, updates, datetime(2026, 10, 5, 9)) is ActionStatus.IN_PROGRESS
    assert rules.status_at(action, updates, datetime(2026, 11, 2)) is ActionStatus.DONE
    never_updated = Action(1, "张伟", "x", status=ActionStatus.IN_PROGRESS)
    assert rules.status_at(never_updated, [], datetime(2026, 1, 1)) is ActionStatus.IN_PROGRESS


def test_movement_kinds_counts_and_newly_overdue():
    last, now = datetime(2026, 10, 20, 23, 59, 59), datetime(2026, 11, 23, 12)
    due_between = date(2026, 11, 1)
    closed = rules.movement(Action(1, "张伟", "a", due=due_between, status=ActionStatus.DONE),
                            [_update(datetime(2026, 10, 2), ActionStatus.IN_PROGRESS),
                             _update(datetime(2026, 11, 3), ActionStatus.DONE)], last, now)
    untouched = rules.movement(Action(1, "张伟", "b", due=due_between), [], last, now)
    noted = rules.movement(Action(1, "张伟", "c", due=date(2026, 12, 1)),
                           [_update(datetime(2026, 11, 5), ActionStatus.NOT_STARTED, "约了客户")], last, now)
    already_overdue = rules.movement(Action(1, "张伟", "d", due=date(2026, 10, 1)), [], last, now)
    closed_before = rules.movement(Action(1, "张伟", "e", status=ActionStatus.CANCELLED),
                                   [_update(datetime(2026, 10, 3), ActionStatus.CANCELLED)], last, now)
    assert closed_before is None  # closed at the last review: not carried in
    assert (closed.then, closed.now, closed.kind) == (ActionStatus.IN_PROGRESS, ActionStatus.DONE, "closed")
    assert [u.status for u in closed.updates] == [ActionStatus.DONE]
    assert (untouched.kind, untouched.newly_overdue) == ("untouched", True)
    assert (noted.kind, noted.newly_overdue) == ("progressed", False)
    assert (already_overdue.kind, already_overdue.newly_overdue) == ("untouched", False)
    counts = rules.movement_counts([closed, untouched, noted, already_overdue])
    assert (counts.closed, counts.progressed, counts.untouched, counts.newly_overdue, counts.total) == (
        1, 1, 2, 1, 4)


def test_review_moment_is_the_end_of_a_past_review_day_else_now():
    now = datetime(2026, 11, 23, 15, 30)
    assert rules.review_moment(date(2026, 10, 20), now) == datetime(2026, 10, 20, 23, 59, 59)
    assert rules.review_moment(date(2026, 11, 23), now) == now
    assert rules.review_moment(date(2026, 12, 1), now) == now
    assert rules.review_moment(None, now) == now


def test_consecutive_not_met_counts_back_from_the_newest_and_a_missing_value_ends_the_run():
    assert rules.consecutive_not_met([False, True, False, False]) == 2
    assert rules.consecutive_not_met([False, False, True]) == 0
    assert rules.consecutive_not_met([False, None, False]) == 1
    assert rules.consecutive_not_met([]) == 0
    assert not rules.is_chronic(1) and rules.is_chronic(2)


def test_a_chronic_gap_ranks_before_a_new_one_in_its_quadrant_rated_or_not_but_not_across_quadrants():
    new_big = rules.priority_key(Impact.HIGH, Ease.EASY, 0.4, 1)
    chronic_small = rules.priority_key(Impact.HIGH, Ease.EASY, 0.1, 3)
    chronic_hard = rules.priority_key(Impact.HIGH, Ease.HARD, 0.5, 3)
    assert sorted([chronic_hard, new_big, chronic_small]) == [chronic_small, new_big, chronic_hard]
    assert rules.priority_key(Impact.HIGH, Ease.EASY, 0.4) == new_big  # no history: as before
    # Not rated yet: the chronic gap already leads, so it is rated with that in view ...
    unrated_chronic, unrated_new = rules.priority_key(None, None, 0.1, 2), rules.priority_key(None, None, 0.4, 1)
    assert unrated_chronic < unrated_new
    # ... and any rated gap still comes before the unrated ones (seed 003's quadrants decide once rated).
    assert rules.priority_key(Impact.LOW, Ease.HARD, 0.05, 0) < unrated_chronic
    assert rules.priority_key(None, Ease.EASY, 0.1, 2) < unrated_new  # half rated is unrated


def test_a_chronic_gap_not_rated_for_impact_is_suggested_high_impact():
    assert rules.suggested_impact(None, 2) is Impact.HIGH
    assert rules.suggested_impact(None, 1) is None  # a new gap: no suggestion
    assert rules.suggested_impact(Impact.LOW, 3) is None  # rated: the facilitator's call stands


def test_sparkline_scales_to_target_and_marks_missing_reviews():
    assert rules.sparkline([0.5, 1.0, None, 0.0]) == "▅█·▁"
    assert rules.sparkline([1.5, 0.75]) == "█▅"
    assert rules.sparkline([]) == ""


# --- a scripted chain of three reviews ----------------------------------------------------------


def _review(db, title: str, period: str, day: date, presenters=("张伟", "李娜")) -> Meeting:
    meeting = queries.save_meeting(db, Meeting(title, "分析新客户开发不足原因并落实改进", Scenario.MONTHLY,
                                               period=period, date=day))
    for name in presenters:
        queries.add_slot(db, meeting.id, name)
    return meeting


def _action(db, meeting: Meeting, presenter: str, measure: str, due: date) -> Action:
    return queries.save_action(db, Action(meeting.id, presenter, measure, owner=presenter, due=due),
                               now=datetime.combine(meeting.date, time(16)))


def test_movement_over_a_chain_of_three_reviews_database_cli_and_export(db, db_path, capsys, tmp_path):
    today = date.today()
    first = _review(db, "9月复盘", "M09", today - timedelta(days=60))
    second = _review(db, "10月复盘", "M10", today - timedelta(days=30))
    third = _review(db, "11月复盘", "M11", today)
    a1 = _action(db, first, "张伟", "建立线索48小时首次跟进机制", today + timedelta(days=20))
    a2 = _action(db, first, "张伟", "清理僵尸商机", second.date + timedelta(days=5))
    a4 = _action(db, first, "李娜", "整理复购话术", today + timedelta(days=20))
    a3 = _action(db, second, "李娜", "老客户季度回访", today + timedelta(days=40))
    between_1_2 = datetime.combine(first.date + timedelta(days=5), time(10))
    between_2_3 = datetime.combine(second.date + timedelta(days=5), time(10))
    queries.update_action_status(db, a1.id, ActionStatus.IN_PROGRESS, "已上线分配规则", at=between_1_2)
    queries.update_action_status(db, a4.id, ActionStatus.DONE, "手册已发", at=between_1_2)
    queries.update_action_status(db, a3.id, ActionStatus.IN_PROGRESS, "回访10家", at=between_2_3)
    # a1 is closed between the second and the third review, from the command line.
    code, _, err = run_cli(capsys, "--db", str(db_path), "actions", "update", str(a1.id), "done",
                           "--note", "跟进率92%")
    assert code == 0, err
    assert queries.get_action(db, a1.id).status is ActionStatus.DONE

    # At the third review: from the second one, a4 (closed before it) is not carried in.
    last, moved = queries.movements_for(db, third)
    assert last.id == second.id
    by_id = {m.action.id: m for m in moved}
    assert set(by_id) == {a1.id, a2.id, a3.id}
    assert (by_id[a1.id].then, by_id[a1.id].now, by_id[a1.id].kind) == (
        ActionStatus.IN_PROGRESS, ActionStatus.DONE, "closed")
    assert [u.note for u in by_id[a1.id].updates] == ["跟进率92%"]
    assert (by_id[a2.id].kind, by_id[a2.id].newly_overdue) == ("untouched", True)
    assert (by_id[a3.id].then, by_id[a3.id].now, by_id[a3.id].kind) == (
        ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, "progressed")
    counts = rules.movement_counts(moved)
    assert (counts.closed, counts.progressed, counts.untouched, counts.newly_overdue) == (1, 1, 1, 1)
    # Each count with its caption, the parts a narrow screen breaks the line between, and the line they make.
    assert movement_parts(counts, "zh") == ["上次行动 3 项：已关闭 1", "有进展 1", "未动 1", "新逾期 1"]
    assert movement_summary(counts, "zh") == "上次行动 3 项：已关闭 1，有进展 1，未动 1，新逾期 1"
    assert movement_summary(counts, "en") == "3 previous actions: 1 closed, 1 progressed, 1 untouched, 1 newly overdue"
    # Per presenter, as the Previous actions tab asks.
    assert [m.action.id for m in queries.movements_for(db, third, "李娜")[1]] == [a3.id]

    # At the second review, read later: the statuses as of its day, not today's.
    last, moved = queries.movements_for(db, second)
    assert last.id == first.id
    kinds = {m.action.id: (m.then, m.now, m.kind, m.newly_overdue) for m in moved}
    assert kinds == {
        a1.id: (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, "progressed", False),
        a2.id: (ActionStatus.NOT_STARTED, ActionStatus.NOT_STARTED, "untouched", False),
        a4.id: (ActionStatus.NOT_STARTED, ActionStatus.DONE, "closed", False),
    }
    assert queries.movements_for(db, first) == (None, [])

    # The export table 上次行动跟踪, as written to CSV.
    [path] = export_meeting(db, third.id, "csv", tmp_path / "out", lang="zh", today=today, tables=["movement"])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["编号", "汇报人", "改进措施", "责任人", "完成时间", "衡量标准", "标准可检查", "上次复盘时状态",
                       "现在状态", "期间更新", "变化"]
    written = {int(r[0]): r for r in rows[1:]}
    assert written[a1.id][7:] == ["进行中", "已完成", f"{today.isoformat()} 已完成：跟进率92%", "已关闭"]
    assert written[a2.id][7:] == ["未开始", "未开始", "", "未动 (新逾期)"]
    assert written[a3.id][7:] == ["未开始", "进行中", f"{between_2_3.date().isoformat()} 进行中：回访10家", "有进展"]

    # The report: the last review, the counts and the table.
    [report] = export_meeting(db, third.id, "report", tmp_path / "r", lang="zh", today=today)
    body = report.read_text(encoding="utf-8")
    assert "## 上次行动跟踪" in body
    assert f"上次复盘：10月复盘（{second.date.isoformat()}）" in body
    assert "上次行动 3 项：已关闭 1，有进展 1，未动 1，新逾期 1" in body


# --- trends on three reviews of the demo's world ------------------------------------------------


def _demo_review(db, period: str, day: date, sales: dict[str, tuple[float, float]]) -> Meeting:
    meeting = _review(db, f"{period} 复盘", period, day, presenters=tuple(sales))
    indicator = queries.save_indicator(db, Indicator(meeting.id, "销售额", "整体业绩", "万元", Direction.HIGHER,
                                                     Aggregation.SUM))
    queries.save_values(db, [IndicatorValue(indicator.id, name, period, target, actual)
                             for name, (target, actual) in sales.items()])
    return meeting


def test_trend_and_consecutive_not_met_over_three_reviews_of_the_demo_world(db, demo, tmp_path):
    # The demo holds last month's review and the H1 review (张伟's 销售额 500 → 380 = 76 %). Two
    # further half-year reviews follow it: 张伟 stays short; 李娜 recovers.
    h2 = _demo_review(db, "H2", TODAY + timedelta(days=1), {"张伟": (520, 450), "李娜": (500, 480)})
    fy = _demo_review(db, "FY", TODAY + timedelta(days=2), {"张伟": (1020, 900), "李娜": (1000, 1010)})
    trends = queries.trends_for(db, fy)
    zhang = trends[("张伟", "销售额")]
    assert [p.meeting_id for p in zhang.points] == [demo.id, h2.id, fy.id]
    assert [p.period for p in zhang.points] == ["H1", "H2", "FY"]
    assert zhang.points[0].assessment.achievement == 380 / 500  # the seed's 76 %, from core.rules
    assert [rules.format_rate(r) for r in zhang.rates] == ["76%", "87%", "88%"]
    assert zhang.not_met_streak == 3 and zhang.chronic
    li = trends[("李娜", "销售额")]
    assert li.points[-1].assessment.met is True and li.not_met_streak == 0 and not li.chronic
    # Only what the newest review shows: the H1 review's other indicators do not trail on.
    assert set(trends) == {("张伟", "销售额"), ("李娜", "销售额")}

    # At the H1 review itself: last month's 新客户数 (2 of 4) and H1's (12 of 20) → 2 reviews not met.
    at_h1 = queries.trends_for(db, demo)
    new_customers = at_h1[("张伟", "新客户数")]
    assert [rules.format_rate(r) for r in new_customers.rates] == ["50%", "60%"]
    assert new_customers.not_met_streak == 2 and new_customers.chronic
    assert at_h1[("张伟", "复购率")].not_met_streak == 0

    [table] = collect(db, fy.id, "zh", TODAY, ["trends"])
    assert table.columns == ["汇报人", "具体指标", "复盘期间", "各期达成率", "趋势", "连续未达成", "差异分析"]
    assert table.rows[0][:6] == ["张伟", "销售额", f"{TODAY.year}上半年 → {TODAY.year}下半年 → {TODAY.year}全年",
                                 "76% → 87% → 88%", rules.sparkline(zhang.rates), 3]
    assert table.rows[0][6] == "连续未达成 3 期（长期差距）"
    [report] = export_meeting(db, fy.id, "report", tmp_path, lang="zh", today=TODAY)
    assert "## 指标趋势" in report.read_text(encoding="utf-8")


# --- whether each carried-in action had a checkable standard (issue 13 item 7) ------------------


def test_the_next_review_shows_whether_each_carried_in_action_had_a_checkable_standard(db, tmp_path):
    today = date.today()
    last = _review(db, "10月复盘", "M10", today - timedelta(days=30))
    this = _review(db, "11月复盘", "M11", today)
    when = datetime.combine(last.date, time(16))

    def carried(presenter: str, measure: str, standard: str) -> Action:
        return queries.save_action(db, Action(last.id, presenter, measure, owner=presenter, standard=standard,
                                              due=today + timedelta(days=10)), now=when)

    # Seed 003's own examples: "新客数量增加30%" can be checked, "加强客户跟进" cannot.
    vague = carried("张伟", "加强客户跟进", "")
    measured = carried("张伟", "新客开发", "新客数量增加30%")
    vague_closed = carried("李娜", "努力提高复购", "")
    queries.update_action_status(db, vague_closed.id, ActionStatus.DONE, "",
                                 at=when + timedelta(days=3))

    _, moved = queries.movements_for(db, this)
    by_id = {m.action.id: m for m in moved}
    assert {i: m.checkable for i, m in by_id.items()} == {vague.id: False, measured.id: True, vague_closed.id: False}
    assert rules.movement_counts(moved).not_checkable == 2
    # Only the open one is to be asked about: a closed action is past asking.
    assert [m.action.id for m in rules.to_ask_for_standard(moved)] == [vague.id]

    [path] = export_meeting(db, this.id, "csv", tmp_path / "zh", lang="zh", today=today, tables=["movement"])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = {int(r[0]): r for r in list(csv.reader(handle))[1:]}
    assert rows[measured.id][5:7] == ["新客数量增加30%", "是"]
    assert rows[vague.id][5:7] == ["", "否：衡量标准没有数字、日期或交付物，下次复盘难以检查；「加强」没有量化：写明提高多少、到何时"]
    assert rows[vague_closed.id][6].startswith("否：")

    [path] = export_meeting(db, this.id, "csv", tmp_path / "en", lang="en", today=today, tables=["movement"])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *lines = list(csv.reader(handle))
    assert header[5:7] == ["Acceptance standard", "Checkable standard"]
    english = {int(r[0]): r[6] for r in lines}
    assert english[measured.id] == "yes"
    assert english[vague.id] == ("no: the standard has no number, date or deliverable: hard to check at the next "
                                 "review; \"加强\" has no quantity: say how much, by when")

    [table] = collect(db, this.id, "zh", today, ["movement"])
    marked = {table.rows[r][0] for (r, c), mark in table.marks.items() if c == table.column("标准可检查")}
    assert marked == {vague.id, vague_closed.id} and all(
        table.marks[(r, c)] == "unverified" for (r, c) in table.marks if c == table.column("标准可检查"))

    for lang, callout in (
        ("zh", f"1 项带入的行动没有可检查的衡量标准，请责任人补上（数字、日期或交付物）：#{vague.id} 加强客户跟进 (张伟)"),
        ("en", f"Carried in without a checkable standard: 1; ask the owners for one (a number, a date or "
               f"a deliverable): #{vague.id} 加强客户跟进 (张伟)"),
    ):
        [report] = export_meeting(db, this.id, "report", tmp_path / f"report-{lang}", lang=lang, today=today)
        assert callout.replace("#", "\\#") in report.read_text(encoding="utf-8")  # Markdown-escaped


# --- chronic gaps rated with that in view (issue 13 item 3) -------------------------------------


def test_the_report_lists_gaps_by_priority_with_a_chronic_gap_first_before_any_rating(db, demo, tmp_path):
    # The demo's H1 review: 张伟's 新客户数 was short last month (2 of 4) and in H1 (12 of 20, 40 %) —
    # chronic; 平均跟进周期 (22 vs 15 days, 47 %) is short for the first time and has the larger gap rate.
    [table] = collect(db, demo.id, "zh", TODAY, ["priority"])
    assert table.columns == ["汇报人", "优先级", "具体指标", "单位", "期间", "达成率", "差距", "差距率", "连续未达成",
                             "影响", "难易"]
    zhang = [row for row in table.rows if row[0] == "张伟"]
    assert [row[2] for row in zhang[:3]] == ["新客户数", "平均跟进周期", "新客获取成本"]
    assert zhang[0][1:] == [1, "新客户数", "个", f"{TODAY.year}上半年", 0.6, 8, 0.4, "连续未达成 2 期（长期差距）",
                            "建议：影响大", ""]
    assert zhang[1][8:] == ["连续未达成 1 期", "", ""]
    assert table.marks[(0, 8)] == "shortfall" and (1, 8) not in table.marks
    assert all(row[5] < 1 for row in table.rows)  # shortfalls only

    # Rated: 平均跟进周期 high impact and easy moves into the first quadrant, ahead of the unrated chronic gap;
    # rated alike, the chronic one leads again.
    indicators = {i.name: i for i in queries.indicators_for(db, demo.id)}
    follow_up = queries.gap_for_indicator(db, demo.id, "张伟", indicators["平均跟进周期"].id, "H1")
    queries.rate_gap(db, follow_up.id, Impact.HIGH, Ease.EASY)
    [table] = collect(db, demo.id, "en", TODAY, ["priority"])
    zhang = [row for row in table.rows if row[0] == "张伟"]
    assert [(row[2], row[9], row[10]) for row in zhang[:2]] == [
        ("平均跟进周期", "high impact", "easy"), ("新客户数", "suggested: high impact", "")]
    new_customers = queries.gap_for_indicator(db, demo.id, "张伟", indicators["新客户数"].id, "H1")
    queries.rate_gap(db, new_customers.id, Impact.HIGH, Ease.EASY)
    [table] = collect(db, demo.id, "en", TODAY, ["priority"])
    assert [row[2] for row in table.rows if row[0] == "张伟"][:2] == ["新客户数", "平均跟进周期"]

    [report] = export_meeting(db, demo.id, "report", tmp_path, lang="zh", today=TODAY)
    body = report.read_text(encoding="utf-8")
    section = body[body.index("## 差距优先级"):body.index("## 重点工作复盘表")]
    assert section.index("新客户数") < section.index("平均跟进周期") < section.index("新客获取成本")
    assert "连续未达成 2 期（长期差距）" in section
