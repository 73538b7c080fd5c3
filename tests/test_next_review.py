"""The next review starts from the last one (issue 13): its period and title, its agenda, who to flag."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.model import Meeting, MeetingStatus, Scenario, SlotStatus
from core.parse import parse_period, period_year
from core.rules import next_meeting, next_period, next_period_code, next_title
from tests.drivers import run_cli, sqlite_utils_on


@pytest.mark.parametrize(("code", "year", "expected"), [
    ("M11", 2026, ("M12", 2026)),
    ("M12", 2026, ("M01", 2027)),
    ("Q3", 2026, ("Q4", 2026)),
    ("Q4", 2026, ("Q1", 2027)),
    ("H1", 2026, ("H2", 2026)),
    ("H2", 2026, ("H1", 2027)),
    ("FY", 2026, ("FY", 2027)),
])
def test_next_period_code_rolls_the_year_after_the_last_period(code, year, expected):
    assert next_period_code(code, year) == expected


@pytest.mark.parametrize(("period", "held", "next_on", "expected", "year"), [
    ("M11", date(2026, 11, 30), date(2026, 12, 2), "M12", 2026),
    # M12 reviewed in December: the January after it is next year's, so the year is written with it
    ("M12", date(2026, 12, 28), date(2026, 12, 30), "2027年1月", 2027),
    ("M12", date(2026, 12, 28), date(2027, 1, 5), "M01", 2027),
    ("Q3", date(2026, 10, 8), date(2026, 10, 9), "Q4", 2026),
    ("Q4", date(2026, 12, 20), date(2026, 12, 21), "2027年Q1", 2027),
    ("H1", date(2026, 7, 3), date(2026, 7, 4), "H2", 2026),
    ("H2", date(2026, 12, 4), date(2026, 12, 4), "2027上半年", 2027),
    ("2026下半年", None, date(2026, 12, 4), "2027上半年", 2027),
    ("2026-Q4", None, date(2026, 12, 4), "2027-Q1", 2027),
])
def test_next_period_is_stored_so_it_reads_back_as_the_right_period_and_year(period, held, next_on, expected, year):
    following = next_period(period, held, next_on)
    assert following == expected
    assert period_year(following, next_on) == year  # shown with the right year
    assert parse_period(following) == next_period_code(parse_period(period), period_year(period, held))[0]


def test_free_text_period_has_no_successor_and_the_title_is_kept():
    assert next_period("重点项目攻坚", date(2026, 5, 1), date(2026, 6, 1)) == ""
    assert next_title("重点项目攻坚复盘", "重点项目攻坚", date(2026, 5, 1)) == "重点项目攻坚复盘"


@pytest.mark.parametrize(("title", "period", "held", "expected"), [
    ("华东销售中心 11 月月度复盘会", "M11", date(2026, 11, 30), "华东销售中心 12 月月度复盘会"),
    ("华东销售中心 2026年12月月度复盘会", "M12", date(2026, 12, 28), "华东销售中心 2027年1月月度复盘会"),
    ("华东 2026 Q4 复盘会", "Q4", date(2026, 12, 20), "华东 2027 Q1 复盘会"),
    ("三季度经营复盘", "Q3", date(2026, 10, 8), "四季度经营复盘"),
    ("华东销售中心 2026 年上半年复盘会", "H1", date(2026, 7, 3), "华东销售中心 2026 年下半年复盘会"),
    ("华东销售中心 2026 年下半年复盘会", "H2", date(2026, 12, 4), "华东销售中心 2027 年上半年复盘会"),
    ("East China H2 2026 review", "H2", date(2026, 12, 4), "East China H1 2027 review"),
    ("Nov sales review", "M11", date(2026, 11, 30), "Dec sales review"),
])
def test_next_title_names_the_next_period(title, period, held, expected):
    assert next_title(title, period, held) == expected


def test_next_meeting_keeps_what_the_chain_shares():
    previous = Meeting("华东 Q3 复盘会", "分析Q3销售额未达标原因", Scenario.QUARTERLY, "Q3", date(2026, 10, 8),
                       "赵敏", 15, MeetingStatus.FINISHED, id=7)
    following = next_meeting(previous, date(2027, 1, 8))
    assert (following.title, following.goal, following.period) == ("华东 Q4 复盘会", "分析Q4销售额未达标原因", "Q4")
    assert (following.scenario, following.facilitator, following.slot_minutes) == (Scenario.QUARTERLY, "赵敏", 15)
    assert (following.status, following.id, following.date) == (MeetingStatus.PLANNED, None, date(2027, 1, 8))


# --- the command line ----------------------------------------------------------------------------------


def _held_quarter(db_path: Path) -> int:
    """A Q4 review held in December: 张伟 presented, 李娜 was skipped mid-talk, 王芳 never presented."""
    from db import queries
    from db.store import connect

    db = connect(db_path)
    meeting = queries.save_meeting(db, Meeting("华东 2026 Q4 复盘会", "分析Q4销售额未达标原因", Scenario.QUARTERLY,
                                               "Q4", date(2026, 12, 20), "赵敏", 10, MeetingStatus.FINISHED))
    for name, seconds, status, ran in [("张伟", 600, SlotStatus.DONE, 620.0), ("李娜", 900, SlotStatus.SKIPPED, 120.0),
                                       ("王芳", 480, SlotStatus.SKIPPED, 0.0), ("陈静", 600, SlotStatus.DONE, 540.0)]:
        slot = queries.add_slot(db, meeting.id, name, seconds)
        slot.status, slot.accumulated_seconds = status, ran
        slot.first_started_at = 1_800_000_000.0 if ran else None
        queries.save_slot(db, slot)
    db.close()
    return meeting.id


def test_new_from_copies_the_agenda_and_moves_the_period_on(capsys, db_path: Path):
    previous_id = _held_quarter(db_path)
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "zh", "new", "--from", str(previous_id),
                             "--date", "2026-12-21")
    assert code == 0, err
    lines = out.splitlines()
    new_id = int(lines[0].split("\t")[0])
    assert lines[0].split("\t")[1:] == ["华东 2027 Q1 复盘会", "4 位汇报人", "2027年Q1"]
    # the skipped and the never-presented are flagged, each once, in agenda order
    assert lines[1:] == ["李娜：上次被跳过，请确认本次安排汇报", "王芳：上次未汇报，请确认本次安排汇报"]

    from db import queries
    from db.store import connect

    db = connect(db_path)
    meeting = queries.get_meeting(db, new_id)
    assert (meeting.period, meeting.date, meeting.goal) == ("2027年Q1", date(2026, 12, 21), "分析Q1销售额未达标原因")
    assert (meeting.status, meeting.facilitator, meeting.scenario) == (MeetingStatus.PLANNED, "赵敏", Scenario.QUARTERLY)
    slots = queries.slots_for(db, new_id)
    assert [(s.presenter, s.position, s.planned_seconds, s.status) for s in slots] == [
        ("张伟", 1, 600, SlotStatus.WAITING), ("李娜", 2, 900, SlotStatus.WAITING),
        ("王芳", 3, 480, SlotStatus.WAITING), ("陈静", 4, 600, SlotStatus.WAITING)]
    assert all(s.accumulated_seconds == 0 and s.first_started_at is None for s in slots)
    # the previous review is untouched
    assert [s.status for s in queries.slots_for(db, previous_id)] == [
        SlotStatus.DONE, SlotStatus.SKIPPED, SlotStatus.SKIPPED, SlotStatus.DONE]


def test_new_from_takes_the_options_given(capsys, db_path: Path):
    previous_id = _held_quarter(db_path)
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "new", "--from", str(previous_id), "--title", "一季度复盘",
                             "--period", "2027-Q1", "--minutes", "12")
    assert code == 0, err
    from db import queries
    from db.store import connect

    db = connect(db_path)
    meeting = queries.get_meeting(db, int(out.split("\t")[0]))
    assert (meeting.title, meeting.period, meeting.slot_minutes) == ("一季度复盘", "2027-Q1", 12)
    assert [s.planned_seconds for s in queries.slots_for(db, meeting.id)] == [600, 900, 480, 600]  # as last time


def test_new_from_the_demo_h1_gives_h2_and_last_months_review_gives_the_next_month(capsys, db_path: Path):
    from tests.conftest import TODAY

    code, out, _ = run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    assert code == 0
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "new", "--from", "2", "--date", TODAY.isoformat())
    assert code == 0, err
    assert out.split("\t")[1:] == [f"华东销售中心 {date.today().year} 年下半年复盘会", "5 presenters", "H2\n"]


@pytest.mark.parametrize("bad", ["99", "0"])
def test_new_from_a_bad_id_is_one_line_and_changes_nothing(capsys, db_path: Path, bad):
    previous_id = _held_quarter(db_path)
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "new", "--from", bad)
    assert code == 2
    assert out == ""
    assert err.strip().splitlines() == [
        f"error: no meeting with id {bad} (`fupan meetings` lists them); nothing was changed"]
    from db import queries
    from db.store import connect

    db = connect(db_path)
    assert [listing.meeting.id for listing in queries.list_meetings(db)] == [previous_id]
    assert len(queries.slots_for(db, previous_id)) == 4


def test_new_from_a_non_number_and_without_title_are_one_line(capsys, db_path: Path):
    code, _, err = run_cli(capsys, "--db", str(db_path), "new", "--from", "abc")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "abc" in err
    code, _, err = run_cli(capsys, "--db", str(db_path), "new", "--goal", "分析Q3销售额未达标原因")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--title" in err


# --- the meetings list -----------------------------------------------------------------------------------


async def test_one_key_on_the_meetings_list_creates_the_next_review_and_opens_its_setup(db_path: Path, demo):
    from db import queries
    from db.store import connect
    from tests.drivers import FakeClock
    from tui.app import make_app
    from tui.screens.meetings import MeetingsScreen
    from tui.screens.setup import SetupScreen

    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen) and app.screen.selected_id == demo.id
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        fresh = connect(db_path)
        newest = queries.list_meetings(fresh)[0].meeting
        assert newest.id != demo.id
        assert (newest.title, newest.period, newest.date) == (
            demo.title.replace("上半年", "下半年"), "H2", date(2026, 11, 23))
        assert [(s.presenter, s.planned_seconds) for s in queries.slots_for(fresh, newest.id)] == [
            (s.presenter, s.planned_seconds) for s in queries.slots_for(fresh, demo.id)]
        fresh.close()
        assert isinstance(app.screen, SetupScreen) and app.screen.meeting_id == newest.id


# --- fupan open, and the global options after the command -------------------------------------------------


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str, int | None, bool]]:
    """What `fupan open` would open: (database, language, meeting, on its setup), instead of running the app."""
    import tui.cli

    calls: list[tuple[Path, str, int | None, bool]] = []
    monkeypatch.setattr(tui.cli, "launch", lambda settings, meeting_id=None, *, setup=False: calls.append(
        (settings.db_path, settings.lang, meeting_id, setup)))
    return calls


def test_open_goes_to_the_live_screen_or_to_setup_without_an_agenda(capsys, db_path: Path, launched):
    previous_id = _held_quarter(db_path)
    code, _, err = run_cli(capsys, "--db", str(db_path), "new", "--title", "空议程", "--goal", "分析Q3销售额未达标原因")
    assert code == 0, err
    empty_id = previous_id + 1
    assert run_cli(capsys, "--db", str(db_path), "open", str(previous_id))[0] == 0
    assert run_cli(capsys, "open", str(empty_id), "--db", str(db_path), "--lang", "en")[0] == 0
    assert launched == [(db_path, "zh", previous_id, False), (db_path, "en", empty_id, True)]


@pytest.mark.parametrize("bad", ["42", "-1", "abc"])
def test_open_a_bad_id_is_one_line_and_opens_nothing(capsys, db_path: Path, launched, bad):
    _held_quarter(db_path)
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "open", bad)
    assert code == 2 and out == "" and launched == []
    assert len(err.strip().splitlines()) == 1
    assert bad in err
    if bad == "42":
        assert err.strip() == "error: no meeting with id 42 (`fupan meetings` lists them); nothing was changed"


async def test_the_app_opened_on_a_meeting_without_agenda_shows_its_setup(db_path: Path, demo):
    from tests.drivers import FakeClock
    from tui.app import make_app
    from tui.screens.live import LiveScreen
    from tui.screens.setup import SetupScreen

    app = make_app(db_path, lang="en", meeting_id=demo.id, clock=FakeClock(), bell=False, setup=True)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen) and app.screen.meeting_id == demo.id
    app = make_app(db_path, lang="en", meeting_id=demo.id, clock=FakeClock(), bell=False)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen) and app.screen.meeting_id == demo.id


def test_global_options_are_accepted_after_the_command(capsys, tmp_path: Path):
    db_path = tmp_path / "after.db"
    code, out, err = run_cli(capsys, "demo", "--no-open", "--db", str(db_path))
    assert code == 0, err
    assert str(db_path) in out and db_path.exists()
    assert not (tmp_path / "env-default.db").exists()  # $FUPAN_DB was not used

    code, out, err = run_cli(capsys, "meetings", "--db", str(db_path), "--lang", "en")
    assert code == 0, err
    assert "Title" in out and "上半年复盘会" in out
    code, out, err = run_cli(capsys, "meetings", "--lang", "zh", "--db", str(db_path))
    assert "标题" in out

    report = tmp_path / "report.md"
    code, out, err = run_cli(capsys, "export", "2", "--db", str(db_path), "--lang", "zh", "--format", "md",
                             "--out", str(report))
    assert code == 0, err
    assert "销售业绩数据复盘表" in report.read_text(encoding="utf-8")
    code, out, err = run_cli(capsys, "--lang", "zh", "export", "2", "--lang", "en", "--format", "md",
                             "--out", str(report), "--db", str(db_path))
    assert code == 0, err
    assert "销售业绩数据复盘表" not in report.read_text(encoding="utf-8")  # the later --lang wins

    code, out, err = run_cli(capsys, "actions", "update", "1", "done", "--db", str(db_path))
    assert code == 0, err
    from db import queries
    from db.store import connect

    db = connect(db_path)
    assert queries.get_action(db, 1).status.value == "done"
    db.close()
    code, _, err = run_cli(capsys, "actions", "--db", "", "--lang", "en")
    assert code == 2 and "empty path" in err
    # a command's own --lang stays its own
    code, _, err = run_cli(capsys, "template", "--lang", "en", str(tmp_path / "t"), "--db", str(db_path))
    assert code == 0, err


# --- owners are folded like presenters -------------------------------------------------------------------


def test_owners_are_folded_like_presenters_and_suggested_from_everyone(db_path: Path, db, demo, capsys):
    from core.model import Action
    from db import queries

    padded = queries.save_action(db, Action(demo.id, "张伟", "建立客户分级标准", owner=" 张　伟 "))
    latin = queries.save_action(db, Action(demo.id, "李娜", "Tidy the pipeline", owner="Ａlice  Wong"))
    assert (queries.get_action(db, padded.id).owner, queries.get_action(db, latin.id).owner) == ("张伟", "Alice Wong")
    assert padded.id in [a.id for a in queries.find_actions(db, owner="张 伟")]
    assert [a.id for a in queries.find_actions(db, owner="ａlice wong")] == []  # folding is not case-blind
    assert [a.id for a in queries.find_actions(db, owner="Alice　Wong")] == [latin.id]
    # a name stored before owners were folded, and a presenter who never owned an action
    db.execute("UPDATE actions SET owner = 'Ｂob' WHERE id = ?", [latin.id])
    queries.add_slot(db, _held_quarter(db_path), "周　杰")
    owners = queries.known_owners(db)
    assert {"张伟", "李娜", "王芳", "陈静", "Bob", "周杰"} <= set(owners)
    assert "Ｂob" not in owners and len(owners) == len(set(owners))
    code, out, err = run_cli(capsys, "--db", str(db_path), "actions", "--owner", "张　伟")
    assert code == 0, err
    assert "建立客户分级标准" in out


# --- reminders at a glance -------------------------------------------------------------------------------


def test_reminders_count_open_actions_overdue_and_due_soon_across_meetings(db, demo):
    from datetime import timedelta

    from core import rules
    from core.model import Action, ActionStatus
    from db import queries
    from tests.conftest import TODAY

    # the demo's previous review: due −20 (open), −5 (done), −3 (open), +10, +25 days from TODAY
    second = queries.save_meeting(db, Meeting("二组复盘", "分析二组Q3销售额未达标原因", date=TODAY))
    for days, status in [(0, ActionStatus.NOT_STARTED), (7, ActionStatus.IN_PROGRESS), (8, ActionStatus.NOT_STARTED),
                         (3, ActionStatus.DONE), (-1, ActionStatus.CANCELLED), (-1, ActionStatus.NOT_STARTED)]:
        action = queries.save_action(db, Action(second.id, "张伟", f"措施{days}", owner="张伟",
                                                due=TODAY + timedelta(days=days)))
        if status is not ActionStatus.NOT_STARTED:
            queries.update_action_status(db, action.id, status)
    every = queries.find_actions(db)
    expected_overdue = sum(rules.is_overdue(a, TODAY) for a in every)
    expected_soon = sum(rules.is_due_soon(a, TODAY) for a in every)
    assert (expected_overdue, expected_soon) == (3, 2)  # the rule's own count, as the oracle
    assert queries.action_reminders(db, TODAY) == queries.ActionReminders(3, 2, 7)
    assert [a.measure for a in queries.find_actions(db, due_soon_on=TODAY)] == ["措施0", "措施7"]
    assert [a.measure for a in queries.find_actions(db, due_soon_on=TODAY, due_soon_days=30)] == [
        "措施0", "措施7", "措施8", "每周复盘商机推进，清理僵尸商机", "参加销售技巧训练营"]


def test_actions_due_soon_on_the_command_line(capsys, db_path: Path):
    from datetime import timedelta

    from core.model import Action
    from db import queries
    from db.store import connect

    db = connect(db_path)
    meeting = queries.save_meeting(db, Meeting("二组复盘", "分析二组Q3销售额未达标原因", date=date.today()))
    for days in (-2, 0, 6, 9, 40):
        queries.save_action(db, Action(meeting.id, "张伟", f"措施{days}", owner="张伟",
                                       due=date.today() + timedelta(days=days)))
    db.close()
    code, out, err = run_cli(capsys, "actions", "--due-soon", "--db", str(db_path))
    assert code == 0, err
    assert [m for m in ("措施-2", "措施0", "措施6", "措施9", "措施40") if m in out] == ["措施0", "措施6"]
    code, out, err = run_cli(capsys, "--db", str(db_path), "actions", "--due-soon", "10")
    assert [m for m in ("措施-2", "措施0", "措施6", "措施9", "措施40") if m in out] == ["措施0", "措施6", "措施9"]
    code, out, err = run_cli(capsys, "--db", str(db_path), "actions", "--due-soon", "soon")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "soon" in err


async def test_the_meetings_list_heading_shows_overdue_and_due_soon_actions(db_path: Path, demo):
    from tests.drivers import FakeClock
    from tui.app import make_app

    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        # the demo as of TODAY: 张伟's and 王芳's actions are overdue; none falls due within 7 days
        assert app.screen.sub_title == "行动：逾期 2 · 7 天内到期 0"
        assert "行动：逾期 2 · 7 天内到期 0" in str(app.screen.query_one("TitleBar").render())


def test_new_from_folds_two_spellings_of_one_presenter_into_one_slot(capsys, db_path: Path):
    from db import queries
    from db.store import connect

    db = connect(db_path)
    old = queries.save_meeting(db, Meeting("10月复盘", "分析10月新客户开发不足原因", period="M10", date=date(2026, 10, 30)))
    for position, (name, seconds) in enumerate([("张　伟", 900), ("李娜", 600), ("张伟", 300)], start=1):
        sqlite_utils_on(db).table("slots").insert({"meeting_id": old.id, "presenter": name, "position": position,
                                  "planned_seconds": seconds})  # as an older fupan stored them, unfolded
    db.close()
    code, out, err = run_cli(capsys, "--db", str(db_path), "new", "--from", str(old.id), "--date", "2026-11-30")
    assert code == 0, err
    db = connect(db_path)
    new_id = int(out.split("\t")[0])
    assert queries.get_meeting(db, new_id).title == "11月复盘"
    assert [(s.presenter, s.position, s.planned_seconds) for s in queries.slots_for(db, new_id)] == [
        ("张伟", 1, 900), ("李娜", 2, 600)]
    db.close()


# --- presenters flagged from the last review are kept on the next one ----------------------------------


def test_new_from_stores_the_flags_on_the_new_review(capsys, db_path: Path):
    from core.model import PresenterFlag
    from db import queries
    from db.store import connect

    previous_id = _held_quarter(db_path)
    code, out, err = run_cli(capsys, "--db", str(db_path), "new", "--from", str(previous_id), "--date", "2026-12-21")
    assert code == 0, err
    db = connect(db_path)
    new_id = int(out.split("\t")[0])
    assert [(s.presenter, s.flagged) for s in queries.slots_for(db, new_id)] == [
        ("张伟", None), ("李娜", PresenterFlag.SKIPPED), ("王芳", PresenterFlag.NOT_PRESENTED), ("陈静", None)]
    assert [row["flagged"] for row in db.query("SELECT flagged FROM slots WHERE meeting_id = ? ORDER BY position",
                                               [new_id])] == [None, "skipped", "not_presented", None]
    # The flags belong to the new review: the one they came from keeps none.
    assert {s.flagged for s in queries.slots_for(db, previous_id)} == {None}
    # Running the new review (timer saves) or editing its agenda keeps them.
    slots = queries.slots_for(db, new_id)
    li = slots[1]
    li.status, li.accumulated_seconds = SlotStatus.DONE, 300.0
    queries.save_slot_timers(db, li)
    queries.move_slot(db, li.id, -1)
    queries.change_slot_minutes(db, li.id, 1)
    assert {s.presenter: s.flagged for s in queries.slots_for(db, new_id)}["李娜"] is PresenterFlag.SKIPPED
    db.close()


async def test_the_flags_show_on_the_new_reviews_setup_agenda_and_live_screen_in_both_languages(capsys, db_path: Path):
    from textual.widgets import DataTable, Label

    from tests.drivers import live_app, open_setup
    from tui.app import make_app
    from tui.widgets.clock import AgendaList

    previous_id = _held_quarter(db_path)
    code, out, err = run_cli(capsys, "--db", str(db_path), "new", "--from", str(previous_id), "--date", "2026-12-21")
    assert code == 0, err
    new_id = int(out.split("\t")[0])
    for lang, skipped, never in (("zh", "⚑ 上次被跳过", "⚑ 上次未汇报"),
                                 ("en", "⚑ skipped last time", "⚑ did not present last time")):
        app = make_app(db_path, lang=lang)
        async with app.run_test(size=(140, 45)) as pilot:
            screen = await open_setup(app, pilot, new_id)
            table = screen.query_one("#slots", DataTable)
            status = {str(table.get_row_at(r)[1]): str(table.get_row_at(r)[3]) for r in range(table.row_count)}
            assert status["李娜"].endswith(skipped) and status["王芳"].endswith(never)
            assert "⚑" not in status["张伟"] + status["陈静"]
        async with live_app(db_path, new_id, lang=lang).run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            agenda = pilot.app.screen.query_one(AgendaList)
            lines = [str(line.render()) for line, _ in agenda._lines.values()]
            assert ["⚑" in line for line in lines] == [False, True, True, False]
            header = pilot.app.screen.query_one("#presenter", Label)
            if lang == "zh":
                assert str(header.render()) == "张伟"
                await pilot.press("f4", "y")  # 张伟 did not present: on to 李娜, flagged
                await pilot.pause()
            assert str(header.render()) == f"李娜  {skipped}"  # (the English run resumes on her)


async def test_the_c_key_stores_the_flags_too(db_path: Path):
    from core.model import PresenterFlag
    from db import queries
    from db.store import connect
    from tests.drivers import FakeClock
    from tui.app import make_app
    from tui.screens.setup import SetupScreen

    previous_id = _held_quarter(db_path)
    app = make_app(db_path, lang="en", clock=FakeClock())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        new_id = app.screen.meeting_id
    assert new_id != previous_id
    db = connect(db_path)
    assert [(s.presenter, s.flagged) for s in queries.slots_for(db, new_id)] == [
        ("张伟", None), ("李娜", PresenterFlag.SKIPPED), ("王芳", PresenterFlag.NOT_PRESENTED), ("陈静", None)]
    db.close()


async def test_the_c_key_on_a_locked_database_is_one_notice_and_creates_nothing(db_path: Path, demo):
    """Another program holds the write lock past the busy timeout: `c` says so once, the app goes on, and
    no half-made review is left (it raised 'database is locked' out of the key)."""
    import sqlite3

    from db import queries
    from db.store import connect
    from tests.drivers import FakeClock
    from tui.app import make_app
    from tui.screens.meetings import MeetingsScreen

    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.pause()
        app.conn.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert any("数据库正被其他程序占用" in n.message for n in app._notifications)
        other.execute("ROLLBACK")
        other.close()
    assert app.return_code in (0, None)
    db = connect(db_path)
    assert [listing.meeting.id for listing in queries.list_meetings(db)] == [demo.id, demo.id - 1]
    db.close()


async def test_the_c_key_on_a_meeting_another_program_deleted_creates_nothing(db_path: Path, demo):
    from db import queries
    from db.store import connect
    from tests.drivers import FakeClock
    from tui.app import make_app
    from tui.screens.meetings import MeetingsScreen

    app = make_app(db_path, lang="en", clock=FakeClock())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen) and screen.selected_id == demo.id
        other = connect(db_path)
        queries.delete_meeting(other, demo.id)
        other.close()
        screen.action_next_review()  # before the list notices the deletion
        await pilot.pause()
        assert app.screen is screen and screen.selected_id != demo.id
    assert app.return_code in (0, None)
    db = connect(db_path)
    assert [listing.meeting.id for listing in queries.list_meetings(db)] == [demo.id - 1]
    db.close()
