"""The agenda import: presenters, their order and minutes per slot from a sheet (`fupan import agenda`)."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.i18n import Lang, text
from core.model import Slot
from core.parse import parse_slot_minutes, person_name
from db import queries
from db.store import writer
from exports.headers import AGENDA_FIELDS, cell_text, vocabulary
from exports.layouts import data_rows, open_sheet, whole_number
from exports.reading import Problem, SheetError

if TYPE_CHECKING:
    from db.store import Store


@dataclass(slots=True)
class AgendaResult:
    """The agenda after an import: presenters added, slots whose minutes or place changed."""

    file: str
    dry_run: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    order: list[tuple[str, int]] = field(default_factory=list)  # (presenter, planned seconds)

    def summary(self, lang: Lang = "en") -> str:
        """One line on the presenters added and updated and the agenda that results, in ``lang``."""
        return text("import.agenda_summary", lang).format(
            file=self.file, verb=text("import.would_add" if self.dry_run else "import.added", lang),
            added=len(self.added), updated=len(self.updated),
            agenda=text("problem.sep", lang).join(f"{p} {s // 60}′" for p, s in self.order))


def _minutes(value: Any) -> int | None:
    """A 时长 cell (blank → None) by core.parse.parse_slot_minutes, as the form reads it; 15分鐘 too."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_slot_minutes(value)
    typed = vocabulary(value)
    return parse_slot_minutes(typed) if typed else None


def _order(value: Any) -> int | None:
    return whole_number(value, "a position 1, 2, 3 …", 1, 10**6)


def import_agenda(
    db: Store, meeting_id: int, path: str | Path, *, sheet: str | None = None, dry_run: bool = False
) -> AgendaResult:
    """Presenters, their order and minutes; presenters already on the agenda keep their timer state.

    The sheet's presenters come first in the sheet's order; presenters not in the sheet stay, after them.
    """
    meeting = queries.get_meeting(db, meeting_id)
    data, layout, reader = open_sheet(path, sheet, AGENDA_FIELDS, ["presenter"])
    entries: list[tuple[int, int, str, int | None]] = []  # (order, row, presenter, minutes)
    seen: dict[str, int] = {}
    for number, cells in data_rows(data, layout):
        presenter = person_name(cell_text(reader.cell(cells, "presenter")))
        minutes = reader.parse(number, layout.fields.get("minutes"), reader.cell(cells, "minutes"), _minutes)
        position = reader.parse(number, layout.fields.get("order"), reader.cell(cells, "order"), _order)
        if not presenter:
            reader.problem(number, layout.fields["presenter"], None, "a presenter's name")
            continue
        if presenter in seen:
            reader.problem(number, layout.fields["presenter"], presenter,
                           f"each presenter once (also on row {seen[presenter]})")
            continue
        seen[presenter] = number
        entries.append((position if position is not None else 10**6 + number, number, presenter, minutes))
    if reader.problems:
        raise SheetError(reader.problems)
    if not entries:
        raise SheetError([Problem(data.name, None, None, None, "at least one presenter under the header")])
    # Read and write in one writer transaction (the lock held from the read): a timer the live screen
    # saves meanwhile waits for the import, and the import writes only names, order and minutes.
    with nullcontext(db) if dry_run else writer(db):
        current = {person_name(s.presenter): s for s in queries.slots_for(db, meeting_id)}
        result = AgendaResult(data.name, dry_run)
        plan: list[Slot] = []
        for _, _, presenter, minutes in sorted(entries):
            slot = current.pop(presenter, None)
            seconds = minutes * 60 if minutes is not None else None
            if slot is None:
                slot = Slot(meeting_id, presenter, 0, seconds or meeting.slot_minutes * 60)
                result.added.append(presenter)
            elif seconds is not None and seconds != slot.planned_seconds:
                slot.planned_seconds = seconds
                result.updated.append(slot.presenter)
            plan.append(slot)
        plan.extend(current.values())
        for position, slot in enumerate(plan, start=1):
            if slot.id is not None and slot.position != position and slot.presenter not in result.updated:
                result.updated.append(slot.presenter)
            slot.position = position
        result.order = [(s.presenter, s.planned_seconds) for s in plan]
        if not dry_run:
            for slot in plan:
                if slot.id is None:
                    queries.save_slot(db, slot)
                else:
                    queries.set_slot_agenda(db, slot)
    return result
