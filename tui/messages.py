"""Typed messages the live screen's widgets send each other."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class RootCauseRequested(Message):
    """The user wants to root-cause this indicator shortfall (from the Indicators tab)."""

    indicator_id: int
    period: str


@dataclass
class CaptureSaved(Message):
    """Something was committed to the database; panes that show it may refresh."""

    what: str
