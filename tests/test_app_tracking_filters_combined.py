"""Action tracking's filters combined (owner, overdue only, status, meeting) with a 200-character owner,
and a status change with a note from the filtered list; the database is read back afterwards."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Checkbox, DataTable, Input, Select

from core.model import Action, ActionStatus
from db import queries
from db.store import connect
from tests.conftest import TODAY
from tests.drivers import FakeClock, open_tracking, settled, type_text
from tui.app import make_app
from tui.widgets.dialogs import TextDialog

SIZE = (160, 48)


async def test_tracking_filters_combined_a_long_owner_and_a_noted_status_change(db_path, db, demo):
    long_owner = "欧阳" + "长" * 200
    mine = queries.save_action(db, Action(demo.id, "张伟", "长名字负责人的措施", owner=long_owner,
                                          due=TODAY - timedelta(days=1)))
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = await open_tracking(pilot)
        table = screen.query_one("#actions", DataTable)

        def shown() -> list[int]:
            return [int(str(table.get_row_at(i)[0])) for i in range(table.row_count)]

        screen.query_one("#owner-filter", Input).focus()
        await type_text(pilot, "欧阳")
        await pilot.press("enter")
        await settled(pilot)
        assert shown() == [mine.id]
        assert str(table.get_row_at(0)[4]) == long_owner  # shown whole
        screen.query_one("#overdue-only", Checkbox).value = True
        screen.query_one("#status-filter", Select).value = ActionStatus.DONE
        await settled(pilot)
        assert shown() == []  # done is never overdue: an empty list, said so
        assert "没有" in str(screen.query_one("#tracking-summary").render())
        screen.query_one("#status-filter", Select).value = ActionStatus.NOT_STARTED
        screen.query_one("#meeting-filter", Select).value = demo.id
        await settled(pilot)
        assert shown() == [mine.id]
        table.focus()
        await pilot.press("i")
        await settled(pilot)
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "已约客户")
        await pilot.press("enter")
        await settled(pilot)
        assert shown() == []  # in progress: it leaves the not-started list
        screen.query_one("#status-filter", Select).value = Select.NULL
        await settled(pilot)
        assert shown() == [mine.id]  # still overdue (due yesterday, open)
        await pilot.press("i", "enter")  # the same status without a note records nothing
        await settled(pilot)
        assert [n.message for n in app._notifications][-1] == f"#{mine.id} 状态未变且没有备注，未记录"
    fresh = connect(db_path)
    stored = queries.get_action(fresh, mine.id)
    updates = queries.updates_for(fresh, mine.id)
    others = [a for a in queries.find_actions(fresh) if a.id != mine.id]
    fresh.close()
    assert stored.status is ActionStatus.IN_PROGRESS and stored.owner == long_owner
    assert [(u.status, u.note) for u in updates] == [(ActionStatus.IN_PROGRESS, "已约客户")]
    assert {a.id: a.status for a in others} == {a.id: a.status for a in queries.find_actions(db) if a.id != mine.id}
