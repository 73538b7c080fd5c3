"""The summary's lists (gaps without a root cause, root causes without evidence, actions without owner or
due date) agree with the database read by plain SQL after captures."""

from __future__ import annotations

from textual.widgets import DataTable

from core import rules
from core.model import Action, RootCause
from db import queries
from db.store import connect
from tests.conftest import TODAY
from tests.drivers import FakeClock, live_app, open_live
from tui.screens.summary import SummaryScreen

SIZE = (160, 48)


async def test_summary_lists_agree_with_the_database_after_captures(db_path, db, demo):
    meeting = queries.get_meeting(db, demo.id)
    periods = rules.headline_periods(queries.periods_for(db, demo.id), meeting.period)
    shortfalls = [(s.presenter, a.indicator.name, a.indicator.id, a.period)
                  for s in queries.slots_for(db, demo.id)
                  for a in queries.review_for(db, demo.id, s.presenter, periods) if a.shortfall]
    (p1, n1, i1, per1), (p2, n2, i2, per2) = shortfalls[:2]
    unverified = queries.save_root_cause(
        db, RootCause(queries.gap_for_indicator(db, demo.id, p1, i1, per1).id, "问题甲", evidence="   "))
    queries.save_root_cause(
        db, RootCause(queries.gap_for_indicator(db, demo.id, p2, i2, per2).id, "问题乙", evidence="CRM数据"))
    no_owner = queries.save_action(db, Action(demo.id, "张伟", "无负责人", due=TODAY))
    no_due = queries.save_action(db, Action(demo.id, "李娜", "无期限", owner="李娜"))
    queries.save_action(db, Action(demo.id, "王芳", "完整", owner="王芳", due=TODAY))
    unmet_key_work = [k for k in queries.key_works_for(db, demo.id) if k.met is False]

    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("f10")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SummaryScreen)

        def rows(key: str) -> list[list[str]]:
            table = screen.query_one(f"#{key}", DataTable)
            return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

        gaps = rows("gaps_without_root_cause")
        causes = rows("root_causes_without_evidence")
        actions = rows("actions_incomplete")

    # What the database says, read with plain SQL.
    fresh = connect(db_path)
    caused = {(r["presenter"], r["indicator_id"], r["period"]) for r in fresh.query(
        "SELECT g.presenter, g.indicator_id, g.period FROM gaps g JOIN root_causes r ON r.gap_id = g.id "
        "WHERE g.meeting_id = ?", [demo.id])}
    no_evidence = [r["problem"] for r in fresh.query(
        "SELECT r.problem FROM root_causes r JOIN gaps g ON g.id = r.gap_id "
        "WHERE g.meeting_id = ? AND trim(r.evidence) = '' ORDER BY r.id", [demo.id])]
    incomplete = [r["id"] for r in fresh.query(
        "SELECT id FROM actions WHERE meeting_id = ? AND (trim(owner) = '' OR due IS NULL) ORDER BY id",
        [demo.id])]
    fresh.close()

    expected_gaps = [(p, n) for p, n, i, per in shortfalls if (p, i, per) not in caused]
    assert [(r[0], r[1]) for r in gaps[:len(expected_gaps)]] == expected_gaps
    assert (p1, n1) not in [(r[0], r[1]) for r in gaps] and (p2, n2) not in [(r[0], r[1]) for r in gaps]
    assert len(gaps) == len(expected_gaps) + len(unmet_key_work)
    assert no_evidence == [unverified.problem] and [r[1] for r in causes] == no_evidence
    assert incomplete == [no_owner.id, no_due.id] and [int(r[0]) for r in actions] == incomplete
