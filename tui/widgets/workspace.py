"""The live screen's presenter workspace: its seven tabs in the order of the number keys, each tab's pane
built the first time it is shown, and every pane bound to the presenter on the clock.

What a tab shares (loading, saving, drafts) is `tui.widgets.pane.Pane`; the tabs themselves are in
`tui.widgets.review`, `tui.widgets.root_cause`, `tui.widgets.capture` and `tui.widgets.catch_up`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from textual.widgets import TabbedContent, TabPane

from core.width import display_width
from tui.widgets.capture import ActionsPane, LessonsPane
from tui.widgets.catch_up import CatchUpPane
from tui.widgets.pane import Pane, Presenting
from tui.widgets.review import IndicatorsPane, KeyWorkPane, PreviousActionsPane
from tui.widgets.root_cause import RootCausePane

# (tab id, pane class, label key) in the order of the number keys 1–7: the seed's steps, then history.
TABS: tuple[tuple[str, type[Pane], str], ...] = (
    ("indicators", IndicatorsPane, "indicators"),
    ("key-work", KeyWorkPane, "key_work"),
    ("root-causes", RootCausePane, "root_causes"),
    ("actions", ActionsPane, "actions"),
    ("lessons", LessonsPane, "lessons"),
    ("catch-up", CatchUpPane, "catch_up"),
    ("previous", PreviousActionsPane, "previous_actions"),
)
LISTING_TABS = ("indicators", "previous")
"""Tabs that only list stored data: reloaded in place when another program writes (the others have forms)."""
TAB_PADDING = 2
"""Cells a tab takes besides its label (Textual's Tab pads one each side)."""

__all__ = ["LISTING_TABS", "TABS", "Pane", "Presenting", "Workspace"]


class Workspace(TabbedContent):
    """The presenter workspace: the tabs, and the one place that binds every pane to the presenter on
    the clock. A switch unbinds every pane at once (its draft kept for whom it was typed, its form
    emptied); a pane loads the new presenter's data when it is shown, so big meetings stay fast.

    A tab's pane is built the first time the tab is shown (`build`): the live screen paints with the
    first tab's widgets only, and a pane never shown costs nothing (no draft, nothing to bind)."""

    def __init__(self, *args: Any, panes: Mapping[str, Callable[[], Pane]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.presenting: Presenting | None = None
        self.stale: set[str] = set()
        self._factories: dict[str, Callable[[], Pane]] = dict(panes or {})
        """How to build each tab's pane, by tab id, for the tabs composed without theirs."""
        self._building: dict[str, asyncio.Future[None]] = {}

    def panes(self) -> list[Pane]:
        """The panes built so far."""
        return list(self.query(Pane))

    def pane(self, tab_id: str) -> Pane:
        return self.query_one(f"#pane-{tab_id}", Pane)

    async def build(self, tab_id: str) -> Pane:
        """The tab's pane, built and mounted now if it was not yet (keys wait for it: the action that
        shows a tab awaits this, so what is typed next goes to the pane's first field)."""
        factory = self._factories.pop(tab_id, None)
        if factory is not None:
            pane = factory()
            if self.presenting is not None:
                pane.presenting = self.presenting
            self._building[tab_id] = mounted = asyncio.get_running_loop().create_future()
            try:
                await self.get_pane(tab_id).mount(pane)
            finally:
                mounted.set_result(None)
                del self._building[tab_id]
            self.stale.add(tab_id)
            self.call_after_refresh(self.app.collector.keep)  # type: ignore[attr-defined]  # lives as long as the screen
        elif tab_id in self._building:  # another handler is building it: ready when that mount is
            await asyncio.shield(self._building[tab_id])
        return self.pane(tab_id)

    async def open_tab(self, tab_id: str) -> Pane:
        """Show the tab, its pane built (the first time) and loaded for the presenter on the clock.

        Built before it is shown: shown first, a frame of the tab without its pane was drawn on the way
        (a repaint of the workspace for nothing)."""
        pane = await self.build(tab_id)
        self.active = tab_id
        self.show_active()
        return pane

    def is_built(self, tab_id: str) -> bool:
        return tab_id not in self._factories and tab_id not in self._building

    def _tab_ids(self) -> set[str]:
        return {pane.id for pane in self.query(TabPane) if pane.id}

    def present(self, presenting: Presenting | None) -> None:
        """Whose turn it is now: every pane re-binds before any key can act on it."""
        self.presenting = presenting
        for pane in self.panes():
            pane.flush_draft()
            if presenting is not None:
                pane.unbind(presenting)
        self.stale = self._tab_ids()
        self.show_active()

    def show_active(self) -> None:
        """Load the visible tab if it has not been loaded for this presenter (or since a save); a tab not
        built yet is built first, then loaded."""
        if self.presenting is None:
            return
        tab_id = self.active
        if not self.is_built(tab_id):
            self.run_worker(self._build_and_show(tab_id), group="build-pane")
            return
        if tab_id in self.stale:
            self.pane(tab_id).load(self.presenting)
            self.stale.discard(tab_id)

    async def _build_and_show(self, tab_id: str) -> None:
        await self.build(tab_id)
        self.show_active()

    def saved_elsewhere(self) -> None:
        """An item was saved in the visible tab: the others show counts and links of it, so they reload
        when next shown (their drafts are kept through the reload)."""
        self.stale |= self._tab_ids() - {self.active}

    def flush_drafts(self) -> None:
        for pane in self.panes():
            pane.flush_draft()

    def fit_labels(self, t: Callable[[str], str]) -> None:
        """Tab labels that fit the workspace whole: "6 追赶计划", else "6 追赶", else the open tab named
        and the others by number ("1 2 3 4 5 6 追赶计划 7"), else numbers alone (the number keys switch
        tabs either way; a label cut to "6 追赶计" said nothing it could not say whole, and numbers alone
        did not say which step of the review was open)."""
        width = self.size.width
        if not width:
            return
        full = [f"{n} {t(key)}" for n, (_, _, key) in enumerate(TABS, 1)]
        short = [f"{n} {t(f'tab_short.{key}')}" for n, (_, _, key) in enumerate(TABS, 1)]
        numbers = [str(n) for n in range(1, len(TABS) + 1)]
        open_tab = next((i for i, (tab_id, _, _) in enumerate(TABS) if tab_id == self.active), None)

        def named(names: list[str]) -> list[str]:
            return [names[i] if i == open_tab else number for i, number in enumerate(numbers)]

        for labels in (full, short, named(full), named(short), numbers):
            if sum(display_width(label) + TAB_PADDING for label in labels) <= width:
                break
        for (tab_id, _, _), label in zip(TABS, labels, strict=True):
            tab = self.get_tab(tab_id)
            if str(tab.label) != label:
                tab.label = label
