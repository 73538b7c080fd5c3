"""The meeting summary opens with achievement by presenter as a bar chart (block characters)."""

from __future__ import annotations

from textual.widgets import Static

from core import rules
from db import queries
from tests.drivers import FakeClock, live_app, open_live
from tui import palette
from tui.palette import tone
from tui.screens.summary import SummaryScreen


async def test_summary_shows_each_presenters_achievement_as_a_bar(db_path, db, demo):
    periods = rules.headline_periods(queries.periods_for(db, demo.id), demo.period)
    expected = {s.presenter: rules.presenter_achievement(queries.review_for(db, demo.id, s.presenter, periods))
                for s in queries.slots_for(db, demo.id)}
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=(120, 50)) as pilot:
        await open_live(pilot)
        await pilot.press("f10")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SummaryScreen)
        chart = screen.query_one("#achievement-chart", Static).render()
        lines = chart.plain.splitlines()
        colours = {span.style.rich_style.color for span in chart.spans}
        good, bad = tone(pilot.app, palette.GOOD).color, tone(pilot.app, palette.BAD).color
    assert [line.split()[0] for line in lines] == list(expected)  # agenda order
    bars = {}
    for line in lines:
        name, *_, shown = line.split()
        assert shown == rules.format_rate(expected[name])
        bars[name] = line.count("█")
    best = max(expected, key=lambda n: expected[n])
    worst = min(expected, key=lambda n: expected[n])
    assert bars[best] > bars[worst] > 0
    assert expected[best] >= 1 and expected[worst] < 1 and {good, bad} <= colours  # the theme's success and error


async def test_summary_chart_of_a_meeting_without_indicators_says_so(db_path, db):
    from core.meeting import Meeting

    meeting = queries.save_meeting(db, Meeting("空会", "分析三季度销售额未达标原因"))
    queries.add_slot(db, meeting.id, "张伟")
    async with live_app(db_path, meeting.id, FakeClock()).run_test(size=(120, 50)) as pilot:
        await open_live(pilot)
        await pilot.press("f10")
        await pilot.pause()
        chart = pilot.app.screen.query_one("#achievement-chart", Static).render()
    assert chart.plain.split() == ["张伟", rules.MISSING]
