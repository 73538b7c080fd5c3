"""A stateful property test of the live screen (issue 10): random sequences of presenter switches (F3/F4/F5),
tab switches, typing (key by key, in bursts faster than the app handles them, and pastes), saves (Ctrl+S,
Enter), Ctrl+N (answered yes or no) and restarts of the app on the same file, driven through Pilot.

Every piece of text typed is a token that names the presenter on the clock and the form it was typed in
("乙L7."). After every step:
- every token in a saved item, a draft or a form on screen belongs to that item's, draft's or form's
  presenter and form;
- every token typed is in a saved item, in its presenter's draft of that form, or still in that form
  on screen (typed less than a second ago), unless the user confirmed discarding it.

Hypothesis' rules are synchronous and Pilot is not, so the app runs on an event loop in a thread of its
own and each rule hands it one coroutine at a time. The size is bounded for CI (FUPAN_STATEFUL_EXAMPLES /
FUPAN_STATEFUL_STEPS run it longer).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from textual import events
from textual.widgets import Input

from db import queries
from db.demo import create_demo
from db.store import connect
from tests.conftest import TODAY
from tests.drivers import FakeClock, live_app
from tui.screens.live import LiveScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.dialogs import ConfirmDialog

SIZE = (160, 48)
# form → (tab key, keys from the tab's first focus to its text field, the field, the item's text)
FORMS = {
    "L": ("5", ("tab",), "#content", lambda db, m, p: [x.content for x in queries.lessons_for(db, m, p)]),
    "A": ("4", (), "#measure", lambda db, m, p: [x.measure for x in queries.actions_for(db, m, p)]),
}
PANES = {"L": "#pane-lessons", "A": "#pane-actions"}
DRAFT_FORMS = {"L": "lesson", "A": "action"}
MARKS = "甲乙丙丁戊己庚辛"
TOKEN = re.compile(rf"([{MARKS}])([LA])(\d+)\.")


class LiveSession:
    """The app on an event loop in its own thread; `run` hands it a coroutine and waits for the result."""

    def __init__(self, db_path, meeting_id: int) -> None:
        self.db_path, self.meeting_id = db_path, meeting_id
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.commands: asyncio.Queue | None = None
        self.session: concurrent.futures.Future | None = None

    def start(self) -> None:
        ready: concurrent.futures.Future = concurrent.futures.Future()
        self.session = asyncio.run_coroutine_threadsafe(self._serve(ready), self.loop)
        ready.result(timeout=120)

    async def _serve(self, ready: concurrent.futures.Future) -> None:
        self.commands = asyncio.Queue()
        try:
            async with live_app(self.db_path, self.meeting_id, FakeClock()).run_test(size=SIZE) as pilot:
                await pilot.pause()
                ready.set_result(None)
                while True:
                    fn, done = await self.commands.get()
                    if fn is None:
                        await pilot.press("ctrl+q")
                        done.set_result(None)
                        return
                    try:
                        done.set_result(await fn(pilot))
                    except BaseException as exc:  # handed to the rule that asked
                        done.set_exception(exc)
        except BaseException as exc:
            if not ready.done():
                ready.set_exception(exc)
            raise

    def run(self, fn: Callable[[Any], Awaitable[Any]]) -> Any:
        done: concurrent.futures.Future = concurrent.futures.Future()
        assert self.commands is not None
        self.loop.call_soon_threadsafe(self.commands.put_nowait, (fn, done))
        return done.result(timeout=120)

    def stop(self) -> None:
        if self.session is None:
            return
        done: concurrent.futures.Future = concurrent.futures.Future()
        assert self.commands is not None
        self.loop.call_soon_threadsafe(self.commands.put_nowait, (None, done))
        done.result(timeout=120)
        self.session.result(timeout=120)
        self.session = None

    def close(self) -> None:
        try:
            self.stop()
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=30)
            self.loop.close()


class LiveMeeting(RuleBasedStateMachine):
    """The facilitator's keyboard against the live screen of the demo meeting."""

    tmp_path_factory: Any = None  # set by the test below

    @initialize()
    def open_meeting(self) -> None:
        self.db_path = self.tmp_path_factory.mktemp("stateful") / "fupan.db"
        db = connect(self.db_path)
        self.meeting_id = create_demo(db, today=TODAY).id
        self.presenters = [s.presenter for s in queries.slots_for(db, self.meeting_id)]
        db.close()
        self.counter = 0
        self.owners: dict[str, tuple[str, str]] = {}  # token → (presenter, form) it was typed for
        self.required: set[str] = set()  # tokens typed and not discarded by a confirmed key
        self.app = LiveSession(self.db_path, self.meeting_id)
        self.app.start()

    def teardown(self) -> None:
        app = getattr(self, "app", None)
        if app is not None:
            app.close()

    # --- helpers -----------------------------------------------------------------------------------

    @staticmethod
    async def _back_to_live(pilot) -> LiveScreen:
        """The summary opens after the last presenter: Esc goes back to the live screen."""
        await pilot.pause()
        while not isinstance(pilot.app.screen, LiveScreen):
            await pilot.press("escape")
            await pilot.pause()
        return pilot.app.screen

    def _presenter(self) -> str:
        async def read(pilot) -> str:
            return (await self._back_to_live(pilot)).current.presenter

        return self.app.run(read)

    def _token(self, form: str) -> str:
        self.counter += 1
        presenter = self._presenter()
        token = f"{MARKS[self.presenters.index(presenter)]}{form}{self.counter}."
        self.owners[token] = (presenter, form)
        self.required.add(token)
        return token

    # --- rules -------------------------------------------------------------------------------------

    @rule(key=st.sampled_from(["f3", "f4", "f5"]))
    def switch_presenter(self, key: str) -> None:
        async def press(pilot) -> None:
            await self._back_to_live(pilot)
            await pilot.press(key)
            await self._back_to_live(pilot)

        self.app.run(press)

    @rule(tab=st.sampled_from(["1", "2", "3", "4", "5", "6", "7"]))
    def switch_tab(self, tab: str) -> None:
        async def press(pilot) -> None:
            await self._back_to_live(pilot)
            await pilot.press("escape", tab)
            await pilot.pause()

        self.app.run(press)

    @rule(form=st.sampled_from(sorted(FORMS)), words=st.integers(1, 3),
          how=st.sampled_from(["keys", "burst", "paste"]))
    def type_text(self, form: str, words: int, how: str) -> None:
        tab, to_field, _, _ = FORMS[form]
        text = "".join(self._token(form) for _ in range(words))

        async def type_in(pilot) -> None:
            screen = await self._back_to_live(pilot)
            await pilot.press("escape", tab, *to_field)
            field = screen.query_one(PANES[form]).query_one(FORMS[form][2], Input)
            assert field.has_focus
            field.cursor_position = len(field.value)  # typing goes on at the end, as after a restore
            if how == "keys":
                await pilot.press(*text)
            elif how == "burst":
                for char in text:
                    pilot.app.post_message(events.Key(char, char))
            else:
                pilot.app.post_message(events.Paste(text))
            await pilot.pause()

        self.app.run(type_in)

    @rule(key=st.sampled_from(["ctrl+s", "enter"]))
    def save(self, key: str) -> None:
        async def press(pilot) -> None:
            await self._back_to_live(pilot)
            await pilot.press(key)
            await pilot.pause()

        self.app.run(press)

    @rule(yes=st.booleans())
    def new_item(self, yes: bool) -> None:
        async def press(pilot) -> tuple[str, str, str] | None:
            screen = await self._back_to_live(pilot)
            active = screen.query_one("#workspace").active
            await pilot.press("ctrl+n")
            await pilot.pause()
            if not isinstance(pilot.app.screen, ConfirmDialog):
                return None
            form = {"lessons": "L", "actions": "A"}[active]
            shown = screen.query_one(PANES[form]).query_one(FORMS[form][2], Input).value
            await pilot.press("y" if yes else "n")
            await pilot.pause()
            return (screen.current.presenter, form, shown) if yes else None

        discarded = self.app.run(press)
        if discarded is not None:  # the user confirmed: what the form showed may go, unless saved
            presenter, form, shown = discarded
            saved = self._saved_text(presenter, form)
            for token in TOKEN.finditer(shown):
                if token.group(0) not in saved:
                    self.required.discard(token.group(0))

    @rule()
    def restart(self) -> None:
        self.app.stop()
        self.app.start()

    # --- invariants --------------------------------------------------------------------------------

    def _saved_text(self, presenter: str, form: str) -> str:
        db = connect(self.db_path)
        try:
            return " ".join(FORMS[form][3](db, self.meeting_id, presenter))
        finally:
            db.close()

    @invariant()
    def typed_text_is_kept_with_its_presenter_and_form(self) -> None:
        if not hasattr(self, "app") or self.app.session is None:
            return

        async def shown(pilot) -> list[tuple[str, str, str]]:
            """What the forms show now and for whom (not yet in a draft if typed < 1 s ago)."""
            screen = await self._back_to_live(pilot)
            fields = []
            for form, pane_id in PANES.items():
                built = screen.query(pane_id)  # a tab never shown has no pane yet: built on first showing
                pane = built.first() if built else None
                if pane is not None and pane.presenting is not None:
                    fields.append((pane.presenter, form, pane.query_one(FORMS[form][2], Input).value))
            return fields

        found: dict[str, set[tuple[str, str]]] = {}
        for presenter, form, value in self.app.run(shown):
            for token in TOKEN.findall(value):
                found.setdefault("".join(token) + ".", set()).add((presenter, form))
        db = connect(self.db_path)
        try:
            for presenter in self.presenters:
                for form, (_, _, _, items) in FORMS.items():
                    for text in items(db, self.meeting_id, presenter):
                        for token in TOKEN.findall(text):
                            found.setdefault("".join(token) + ".", set()).add((presenter, form))
            for draft in queries.drafts_for(db, self.meeting_id):
                form = {v: k for k, v in DRAFT_FORMS.items()}.get(draft.form)
                for token in TOKEN.findall(draft.text()):
                    found.setdefault("".join(token) + ".", set()).add((draft.presenter, form or draft.form))
        finally:
            db.close()
        for token, places in found.items():
            owner = self.owners[token]
            assert places == {owner}, f"{token} typed for {owner} found in {places}"
        missing = sorted(self.required - set(found))
        assert not missing, f"typed and lost: {missing}"


def test_live_screen_keeps_every_capture_with_its_presenter(tmp_path_factory):
    LiveMeeting.tmp_path_factory = tmp_path_factory
    examples = int(os.environ.get("FUPAN_STATEFUL_EXAMPLES", "8"))
    steps = int(os.environ.get("FUPAN_STATEFUL_STEPS", "10"))
    LiveMeeting.TestCase.settings = settings(
        max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    LiveMeeting.TestCase().runTest()
