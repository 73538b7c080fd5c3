"""Every typed message of the app, one dataclass each: who posts it and who acts on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from exports.reading import Problem
    from exports.indicators import ImportResult
    from tui.widgets.fields import FieldInput


@dataclass
class RootCauseRequested(Message):
    """The user wants to root-cause a shortfall: an indicator in a period, or a key-work item."""

    gap_key: str

    @classmethod
    def for_indicator(cls, indicator_id: int, period: str) -> RootCauseRequested:
        return cls(indicator_gap_key(indicator_id, period))

    @classmethod
    def for_key_work(cls, key_work_id: int) -> RootCauseRequested:
        return cls(key_work_gap_key(key_work_id))


def indicator_gap_key(indicator_id: int, period: str) -> str:
    return f"{indicator_id}:{period}"


def key_work_gap_key(key_work_id: int) -> str:
    return f"kw:{key_work_id}"


@dataclass
class CaptureSaved(Message):
    """Something was committed to the database; panes that show it may refresh."""

    what: str


@dataclass
class AfterTyped(Message):
    """Run the screen's ``action`` once every key already queued for the focused field is typed.

    A priority key (Ctrl+S, F3/F4/F5, F10) acts when the app receives it, while keys typed just before it
    may still wait in the field's queue: the save missed them ("必填" beside a field showing text) and a
    switch of presenter let them land in the next presenter's form. Posted to the focused widget, this
    message queues behind them and bubbles to the screen, which then acts.
    """

    action: str


@dataclass
class EnterHandled(Message):
    """Follows a form field's `Input.Submitted` up the DOM (`tui.widgets.fields.FieldInput`): when it
    arrives, every handler of the Enter has run, so the keys held since then are released."""

    field: FieldInput


@dataclass
class SlotChosen(Message):
    """The user chose a slot in the agenda to take up (`tui.widgets.clock.AgendaList`)."""

    slot_id: int


@dataclass
class SheetChecked(Message):
    """A sheet import finished in a worker: a result (dry run or committed) or the problems found."""

    path: str
    dry_run: bool
    result: ImportResult | None = None
    problems: list[Problem] | None = None
    error: str = ""
