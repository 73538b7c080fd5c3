"""Where the seven tab labels do not fit (80 columns beside the agenda), the tab the facilitator is on is
still named ("5 经验教训" among the numbers 1–7): the tabs read "1 2 3 4 5 6 7" and nothing on screen said
which step of the review was open."""

from __future__ import annotations

import pytest

from tests.drivers import FakeClock, live_app, open_live
from tui.widgets.workspace import TABS, Workspace


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_open_tab_is_named_where_all_the_labels_do_not_fit(db_path, demo, lang):
    async with live_app(db_path, demo.id, FakeClock(), lang=lang).run_test(size=(80, 24)) as pilot:
        screen = await open_live(pilot)
        workspace = screen.query_one(Workspace)
        t = pilot.app.t
        for number, (tab_id, _, key) in enumerate(TABS, 1):
            await pilot.press("escape", str(number))
            await pilot.pause()
            await pilot.pause()
            labels = {other: str(workspace.get_tab(other).label) for other, _, _ in TABS}
            assert labels[tab_id] in {f"{number} {t(key)}", f"{number} {t(f'tab_short.{key}')}"}, labels
            widths = sum(workspace.get_tab(other).region.width for other, _, _ in TABS)
            assert widths <= workspace.region.width, labels  # all seven whole on the line
            for other_number, (other, _, _) in enumerate(TABS, 1):
                if other != tab_id:
                    assert labels[other] == str(other_number)
