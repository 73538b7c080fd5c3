"""Dialogs on a laptop's screen (issue 14): a question or prompt longer than the dialog's line wraps
inside it, whole, instead of running off its edge (at 80×24 the delete dialog read
'删除复盘会「华东销售中心 2026 年上半年复盘会」及其议程、指' and stopped)."""

from __future__ import annotations

import pytest
from textual.widgets import Label

from tests.drivers import FakeClock
from tests.test_app_zh import screen_text, settle
from tui.app import make_app
from tui.widgets.dialogs import ConfirmDialog


def _joined(text: str) -> str:
    """The screen's text with its lines run together and every blank and border removed."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "█▀▄▔▁▊▎▌▐")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_delete_question_reads_whole(db_path, demo, lang, size):
    app = make_app(db_path, lang=lang, clock=FakeClock(), bell=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.screen.action_delete()
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#question", Label).render())
        assert _joined(question) in _joined(screen_text(app)), screen_text(app)
