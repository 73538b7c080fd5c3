"""The root-cause form's 5-Why chain as the tests drive it: typed on 张伟's biggest gap, seeded before the
app opens, and read back from the database and from the steps table on screen."""

from __future__ import annotations

import json

from textual.widgets import DataTable

from db import queries
from db.store import connect
from tests.drivers import type_text


def stored_causes(db_path) -> list[dict]:
    """Every root_causes row, with the 5-Why chain as stored (JSON) read back as (why, because) pairs."""
    db = connect(db_path)
    try:
        rows = list(db.query(
            "SELECT r.id, r.preliminary_cause, r.whys, g.presenter FROM root_causes r "
            "JOIN gaps g ON g.id = r.gap_id ORDER BY r.id"))
    finally:
        db.close()
    for row in rows:
        row["whys"] = [(s["why"], s["because"]) for s in json.loads(row["whys"])]
    return rows


def new_cause_whys(db_path) -> list[tuple[str, str]]:
    """The chain of the root cause typed in this test (the demo has one of last month's, id 1)."""
    [row] = [r for r in stored_causes(db_path) if r["id"] != 1]
    return row["whys"]


def shown_steps(pane) -> list[tuple[str, str]]:
    table = pane.query_one("#steps", DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)[1:]) for i in range(table.row_count)]


async def chain(pilot, steps) -> object:
    """张伟's first gap (the chronic 新客户数) → its root-cause form: a preliminary cause, then each (why, because) with Enter."""
    await pilot.pause()
    await pilot.press("1", "r")
    await pilot.pause()
    await type_text(pilot, "初步原因")
    await pilot.press("enter")
    for why, because in steps:
        await type_text(pilot, why)
        await pilot.press("enter")
        await type_text(pilot, because)
        await pilot.press("enter")
    await pilot.pause()
    return pilot.app.screen.query_one("#pane-root-causes")


def seed_chain(db_path, meeting_id, steps) -> None:
    """张伟's root cause of his first gap (新客户数, H1: chronic, so it leads before any rating) with this
    chain, written before the app opens."""
    from core.model import RootCause, WhyStep

    db = connect(db_path)
    indicator = next(i for i in queries.indicators_for(db, meeting_id) if i.name == "新客户数")
    gap = queries.gap_for_indicator(db, meeting_id, "张伟", indicator.id, "H1")
    queries.save_root_cause(db, RootCause(gap.id, "跟进周期长", "初步原因", [WhyStep(*s) for s in steps]))
    db.close()


async def open_chain(pilot) -> object:
    await pilot.pause()
    await pilot.press("1", "r")
    await pilot.pause()
    return pilot.app.screen.query_one("#pane-root-causes")


async def focus_steps(pilot, pane) -> DataTable:
    table = pane.query_one("#steps", DataTable)
    table.focus()
    await pilot.pause()
    return table
