"""The three screens a facilitator lives in — the meetings list, the live screen, the tracking screen — as
drawn at 80×24, 100×30 and 160×48 in both languages: snapshots to review like code, and the
drawn text read too — the footer's keys whole with the way out first, nothing cut with a blank before
its "…" (a lost CJK character)."""

from __future__ import annotations

import re

import pytest

from tests.drivers import FakeClock
from tests.test_app_fit_setup_summary import cut_captions
from tests.test_app_zh import SIZES, assert_footer_whole, screen_text, settle
from tui.app import make_app

CASES = [(lang, size) for lang in ("zh", "en") for size in SIZES]


def case_id(case: tuple[str, tuple[int, int]]) -> str:
    lang, (width, height) = case
    return f"{lang}-{width}x{height}"


async def _checked(pilot) -> None:
    await settle(pilot)
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    assert_footer_whole(pilot.app)
    assert not re.search(r"\S\s+…", screen_text(pilot.app))
    assert not cut_captions(pilot.app)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_meetings_list_fits(snap_compare, db_path, demo, case):
    lang, size = case
    app = make_app(db_path, lang=lang, clock=FakeClock(), bell=False)
    assert snap_compare(app, terminal_size=size, run_before=_checked)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_live_screen_fits(snap_compare, db_path, demo, case):
    lang, size = case
    app = make_app(db_path, lang=lang, meeting_id=demo.id, clock=FakeClock(), bell=False)
    assert snap_compare(app, terminal_size=size, run_before=_checked)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_tracking_screen_fits(snap_compare, db_path, demo, case):
    lang, size = case
    app = make_app(db_path, lang=lang, clock=FakeClock(), bell=False)

    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.open_tracking()
        await _checked(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
