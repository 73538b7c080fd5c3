"""Realistic data for the benches (and the tests that need a large database), made reproducibly.

- `build_demo`: the demo meeting (`fupan demo`), the baseline size.
- `build_large`: the large meeting of issue 17 — 50 presenters × 8 indicators × 6 months (2,400 values),
  with ``actions`` actions (5,000 by default) spread over 12 earlier monthly reviews of the same 50
  presenters, so that Previous actions and Tracking are full; statuses, due dates and one update on
  every other action vary as they do in a year of reviews.
- `build_actions`: only the actions (5,000 or 50,000) over 12 meetings, for the tracking screen.
- `indicator_csv`: 100,000 indicator values in the long layout, valued as ``realistic`` (random
  two-decimal amounts, nearly every cell distinct), ``mixed`` (as people type them: 500万, ￥1,234.50,
  76%) or ``flattering`` (the old generator's ~1,400 distinct strings, kept only as a labelled extra row).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 23)
PRESENTERS = [f"销售{n:02d}" for n in range(50)]
MONTHS = [f"M{m:02d}" for m in range(1, 7)]  # H1: six months rolled up to the half-year
INDICATORS = ["销售额", "回款额", "新客户数", "毛利率", "拜访量", "线索转化率", "客单价", "续约率"]
STATUSES = ("not_started", "in_progress", "done", "cancelled")
MEASURES = ("制定重点客户拜访计划", "整理老客户复购话术并在团队分享", "建立客户分级标准",
            "每周复盘线索转化", "梳理重点客户名单", "完成渠道伙伴季度对账")


def build_demo(path: Path) -> int:
    from db.demo import create_demo
    from db.store import connect

    db = connect(path)
    meeting = create_demo(db, TODAY)
    db.close()
    assert meeting.id is not None
    return meeting.id


def _earlier_meetings(db, count: int = 12) -> list[int]:
    from core.model import Meeting, Scenario
    from db import queries

    ids = []
    for k in range(count, 0, -1):  # monthly reviews, the oldest first
        day = TODAY - timedelta(days=30 * k)
        meeting = queries.save_meeting(db, Meeting(f"{day.month}月销售复盘会", "分析当月销售未达标原因，确定追赶措施",
                                                   Scenario.MONTHLY, f"M{day.month:02d}", day))
        for name in PRESENTERS:
            queries.add_slot(db, meeting.id, name)
        ids.append(meeting.id)
    return ids


def _insert_actions(db, meetings: list[int], count: int, seed: int = 17) -> None:
    rng = random.Random(seed)
    actions, updates = [], []
    first_id = (db.conn.execute("SELECT coalesce(max(id), 0) FROM actions").fetchone()[0]) + 1
    for k in range(count):
        m = k % len(meetings)
        held = TODAY - timedelta(days=30 * (len(meetings) - m))
        due = held + timedelta(days=rng.randint(7, 75))
        status = rng.choices(STATUSES, weights=(4, 4, 3, 1))[0]
        presenter = PRESENTERS[rng.randrange(len(PRESENTERS))]
        actions.append((meetings[m], presenter, f"{rng.choice(MEASURES)}（第{k + 1}项）",
                        PRESENTERS[rng.randrange(len(PRESENTERS))], held.isoformat(), due.isoformat(),
                        "新客数量增加30%", status, f"{held.isoformat()}T10:00:00", f"{held.isoformat()}T10:00:00"))
        if k % 2:
            updates.append((first_id + k, f"{(held + timedelta(days=10)).isoformat()}T09:30:00", status,
                            f"已跟进第{rng.randint(1, 9)}次"))
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO actions (meeting_id, presenter, measure, owner, start, due, standard, status, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", actions)
        db.conn.executemany("INSERT INTO action_updates (action_id, at, status, note) VALUES (?,?,?,?)", updates)


def build_large(path: Path, actions: int = 5_000) -> int:
    """The large meeting (the one to open): see the module's docstring."""
    from core.model import Indicator, IndicatorValue, Meeting, Scenario
    from db import queries
    from db.store import connect

    rng = random.Random(5)
    db = connect(path)
    with db.atomic():
        earlier = _earlier_meetings(db)
        meeting = queries.save_meeting(db, Meeting("全国销售中心上半年复盘会", "分析上半年销售额未达标原因，确定下半年追赶计划",
                                                   Scenario.HALF_YEAR, "H1", TODAY))
        for name in PRESENTERS:
            queries.add_slot(db, meeting.id, name)
        values = []
        for name in INDICATORS:
            indicator = queries.save_indicator(db, Indicator(meeting.id, name, "整体业绩", "万元"))
            for presenter in PRESENTERS:
                for month in MONTHS:
                    target = round(rng.uniform(50, 500), 2)
                    values.append(IndicatorValue(indicator.id, presenter, month, target,
                                                 round(target * rng.uniform(0.6, 1.2), 2)))
        queries.save_values(db, values)
    _insert_actions(db, earlier, actions)
    db.close()
    assert meeting.id is not None
    return meeting.id


def build_actions(path: Path, actions: int) -> None:
    """``actions`` actions over 12 monthly reviews of 50 presenters: the tracking screen's load."""
    from db.store import connect

    db = connect(path)
    with db.atomic():
        earlier = _earlier_meetings(db)
    _insert_actions(db, earlier, actions)
    db.close()


# --- import ----------------------------------------------------------------------------------------

IMPORT_PERIODS = [f"{m}月" for m in range(1, 11)]


def _amount(rng: random.Random) -> str:
    return f"{rng.uniform(40, 5200):.2f}"


def _typed(rng: random.Random) -> str:
    """A value as people type it into a sheet."""
    kind = rng.randrange(6)
    if kind == 0:
        return f"{rng.randint(1, 999)}万"
    if kind == 1:
        return f"￥{rng.uniform(100, 99999):,.2f}"
    if kind == 2:
        return f"{rng.randint(10, 120)}%"
    if kind == 3:
        return f"{rng.uniform(0.1, 9.9):.2f}亿"
    if kind == 4:
        return f"{rng.randint(1000, 999999):,}"
    return f"{rng.uniform(40, 5200):.2f}"


def indicator_csv(path: Path, count: int, values: str = "realistic") -> None:
    """``count`` values in the long layout, UTF-8 with BOM; ``values`` as in the module's docstring."""
    rng = random.Random(11)
    indicators = count // (len(PRESENTERS) * len(IMPORT_PERIODS)) + 1
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["汇报人", "指标类别", "具体指标", "单位", "期间", "目标值", "实际值"])
        written = 0
        for k in range(indicators):
            unit = "%" if values == "mixed" and k % 4 == 0 else "万元"
            for presenter in PRESENTERS:
                for period in IMPORT_PERIODS:
                    if written == count:
                        return
                    if values == "flattering":  # the old generator: ~1,400 distinct strings in all
                        target = str(rng.randint(50, 500))
                        actual = f"{rng.randint(40, 520)}" if k % 3 else f"{rng.randint(40, 520) / 100:g}万"
                    elif values == "mixed":
                        target, actual = _typed(rng), _typed(rng)
                    else:
                        target, actual = _amount(rng), _amount(rng)
                    writer.writerow([presenter, "整体业绩", f"指标{k:04d}", unit, period, target, actual])
                    written += 1
