"""The owner field of the action form on a laptop's screen (issue 14): the name it suggests from the people
already named, and a long name typed in it, end with "…" after a whole character where the field is too
narrow (Textual's Input cut them at the edge, a CJK character split into a blank, with nothing to say
more follows); and on 80 columns the field is wide enough for a four-character name."""

from __future__ import annotations

import uuid

import pytest
from rich.cells import cell_len
from textual.widgets import Input

from tests.drivers import live_app, sqlite_utils_on
from tests.test_app_zh import screen_text, settle

LONG_OWNER = "欧阳娜娜华东大区渠道发展经理兼重点客户负责人"


def _drawn(app, widget) -> str:
    """What the screen shows in ``widget``'s first line, cell by cell (a CJK character is two)."""
    region = widget.region
    line = screen_text(app).splitlines()[region.y]
    out, at = [], 0
    for char in line:
        if region.x <= at < region.x + region.width:
            out.append(char)
        at += cell_len(char)
    return "".join(out).rstrip()


def _cut_after_whole_characters(whole: str, drawn: str) -> bool:
    return drawn.endswith("…") and len(drawn) > 1 and whole.startswith(drawn[:-1]) and drawn[-2] != " "


async def _owner_field(db, db_path, demo, size, lang="zh"):
    sqlite_utils_on(db)["actions"].insert({"meeting_id": demo.id, "presenter": "李娜", "measure": "建立大客户分级",
                          "owner": LONG_OWNER, "status": "not_started", "uuid": str(uuid.uuid4())})
    db.conn.commit()
    return live_app(db_path, demo.id, lang=lang)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_suggested_owner_too_long_for_the_field_ends_with_an_ellipsis(db, db_path, demo, size, lang):
    app = await _owner_field(db, db_path, demo, size, lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.screen.action_tab(4)
        await settle(pilot)
        owner = app.screen.query_one("#owner", Input)
        owner.focus()
        await pilot.press("欧", "阳")
        await settle(pilot)
        assert owner._suggestion == LONG_OWNER  # the suggestion is there, shown in part
        drawn = _drawn(app, owner)
        assert drawn.startswith("欧阳"), drawn
        assert _cut_after_whole_characters(LONG_OWNER, drawn), drawn


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_a_long_owner_name_left_in_the_field_ends_with_an_ellipsis(db, db_path, demo, size):
    app = await _owner_field(db, db_path, demo, size)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.screen.action_tab(4)
        await settle(pilot)
        owner = app.screen.query_one("#owner", Input)
        owner.focus()
        owner.value = LONG_OWNER
        owner.action_end()
        await settle(pilot)
        app.screen.query_one("#measure", Input).focus()  # the field is left: it shows the name's start
        await settle(pilot)
        assert owner.value == LONG_OWNER  # only the drawing is cut
        drawn = _drawn(app, owner)
        assert _cut_after_whole_characters(LONG_OWNER, drawn), drawn


async def test_at_80_columns_the_owner_field_holds_a_four_character_name(db, db_path, demo):
    app = await _owner_field(db, db_path, demo, (80, 24))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.screen.action_tab(4)
        await settle(pilot)
        owner = app.screen.query_one("#owner", Input)
        owner.value = "欧阳娜娜"
        await settle(pilot)
        assert _drawn(app, owner) == "欧阳娜娜"
