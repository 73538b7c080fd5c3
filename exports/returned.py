"""The returned tracking sheet: owners' edits of status, dates and notes applied by action id, never
undoing a change made in fupan since the export (`fupan import actions`, DESIGN.md §5)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import rules
from core.i18n import Lang, label, text, update_text
from core.model import ActionStatus
from core.parse import ParseError, parse_date, parse_due_date, parse_status
from db import queries
from db.store import writer
from exports.headers import ACTION_FIELDS, cell_text, header_key, simplified
from exports.layouts import Layout, data_rows, open_sheet, whole_number
from exports.reading import SheetError
from exports.tables import RowOrigin

if TYPE_CHECKING:
    from db.store import Store


def _action_id(value: Any) -> int | None:
    return whole_number(value, "an action ID as exported (编号 / ID), such as 12", 1, 2**63 - 1)


_FIELD_KEYS = {"status": "action_status", "start": "start", "due": "due", "note": "note"}


def _shown(value: Any, lang: Lang) -> str:
    """A field's value in a change or conflict line: a status by its label, a date in full, — for blank."""
    if value is None or value == "":
        return "—"
    if isinstance(value, ActionStatus):
        return label(value, lang)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class ActionChange:
    """One field of one action as the sheet changes it (a note is added as an update of the action)."""

    action_id: int
    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return self.shown("en")

    def shown(self, lang: Lang) -> str:
        return text("returned.change", lang).format(id=self.action_id, field=text(_FIELD_KEYS[self.field], lang),
                                                     old=_shown(self.old, lang), new=_shown(self.new, lang))


@dataclass(frozen=True, slots=True)
class ActionConflict:
    """A field the owner changed in the sheet that was also changed in fupan since the export, to another
    value. ``field`` "update" is a sheet without what its rows were exported from whose 最近更新 is not
    the latest update: ``exported`` is the sheet's 最近更新, ``current`` fupan's, ``sheet`` its edits."""

    action_id: int
    measure: str
    field: str
    exported: Any
    current: Any
    sheet: Any

    def __str__(self) -> str:
        return self.shown("en")

    def shown(self, lang: Lang) -> str:
        if self.field == "update":
            return text("returned.stale", lang).format(id=self.action_id, measure=self.measure,
                                                       update=_shown(self.current, lang), changes=self.sheet)
        return text("returned.conflict", lang).format(
            id=self.action_id, measure=self.measure, field=text(_FIELD_KEYS[self.field], lang),
            exported=_shown(self.exported, lang), current=_shown(self.current, lang), sheet=_shown(self.sheet, lang))


@dataclass(slots=True)
class ActionsResult:
    """What a returned tracking sheet changes, what conflicts with fupan, and the columns not imported
    that differ from fupan ({header: rows}). ``applied``: the changes were written (no conflict, or
    ``force``, and not a dry run)."""

    file: str
    dry_run: bool
    changes: list[ActionChange] = field(default_factory=list)
    conflicts: list[ActionConflict] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)
    applied: bool = False
    forced: bool = False
    without_origin: bool = False  # no column of what the rows were exported from: compared with fupan now

    def summary(self, lang: Lang = "en") -> str:
        verb = ("returned.would_apply" if self.dry_run else "returned.applied" if self.applied
                else "returned.not_applied")
        told = text("returned.summary", lang).format(
            file=self.file, verb=text(verb, lang), changes=len(self.changes),
            actions=len({c.action_id for c in self.changes}), conflicts=len(self.conflicts))
        if self.ignored:
            told += text("returned.ignored", lang).format(columns=text("problem.sep", lang).join(
                text("returned.ignored_column", lang).format(header=header, rows=rows, s="s" if rows > 1 else "")
                for header, rows in self.ignored.items()))
        return told

    def warnings(self, lang: Lang = "en") -> list[str]:
        """Lines to say before the summary: a sheet compared with fupan as it is now."""
        return [text("returned.no_origin", lang).format(origin=text("origin", lang))] if self.without_origin else []


@dataclass(slots=True)
class _ReturnedRow:
    """One row of the returned sheet, read: its edits as typed and what it was exported from."""

    number: int
    action_id: int
    status: ActionStatus | None
    typed: dict[str, Any]  # the start and due cells as they are
    note: str
    last_update: str | None  # None: no 最近更新 column
    origin: RowOrigin | None
    days: dict[str, date | None] = field(default_factory=dict)


def _status(value: Any) -> ActionStatus | None:
    """当前状态 as exported ("进行中 (逾期)") or typed ("完成", "Canceled", "ＤＯＮＥ", "進行中")."""
    found = parse_status(simplified(cell_text(value)))
    return ActionStatus(found) if found is not None else None


def _sheet_text(value: Any) -> str:
    """A text cell as compared and stored: line endings as \\n (Excel on Windows writes \\r\\n), each line
    and the whole trimmed."""
    typed = cell_text(value)
    if "\r" in typed:
        typed = typed.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in typed.split("\n")).strip() if "\n" in typed else typed


def import_actions(
    db: Store, path: str | Path, *, sheet: str | None = None, dry_run: bool = False, force: bool = False,
    today: date | None = None, now: datetime | None = None, lang: Lang = "en",
) -> ActionsResult:
    """Apply status, notes and dates from a returned tracking sheet to the actions with those ids.

    Each exported row carries what it was exported from (`RowOrigin`, a hidden last column), so a field
    is the owner's edit only where the sheet differs from it, and a field changed in fupan since is
    never undone: the owner's edit of it is a conflict, whatever columns were deleted. Any conflict
    stops the import with nothing written, unless ``force`` (the sheet's value then wins). Text typed in
    备注 or over 最近更新 is a new note. Dates are read as the app reads them (a month and day without a
    year: the next such day on or after the action's meeting) and a due date before the start is a
    problem. A blank cell changes nothing; a row with edits but no id is a problem; problems are all
    reported in ``lang`` and nothing is written. Other columns (measure, owner …, or the user's own) are
    never written: ``ignored`` counts, per column, the rows whose cell differs from fupan.

    A sheet without the origin column (from an older version, or made by hand) is compared with fupan
    as it is now, a row whose 最近更新 is not the latest update being a conflict.
    """
    today = today or date.today()
    now = (now or datetime.now()).replace(microsecond=0)
    data, layout, reader = open_sheet(path, sheet, ACTION_FIELDS, ["id"])
    fields = layout.fields

    def check(number: int, name: str, raw: Any, parser: Callable[[Any], Any], expected: str) -> Any:
        try:
            return parser(raw)
        except (ParseError, ValueError):
            reader.problem(number, fields.get(name), raw, text(expected, lang))
            return None

    rows: list[_ReturnedRow] = []
    seen: dict[int, int] = {}
    read: list[tuple[list[Any], int | None]] = []  # every row's cells and id, for the columns not imported
    for number, cells in data_rows(data, layout):
        raw_id = reader.cell(cells, "id")
        action_id = check(number, "id", raw_id, _action_id, "returned.id_expected")
        read.append((cells, action_id))
        if not cell_text(raw_id) and any(cell_text(reader.cell(cells, name)) for name in _ACTION_EDITS):
            reader.problem(number, fields["id"], None, text("returned.id_missing", lang))
        status = check(number, "status", reader.cell(cells, "status"), _status, "returned.status_expected")
        origin = None
        if raw_origin := cell_text(reader.cell(cells, "origin")):
            origin = check(number, "origin", raw_origin, RowOrigin.parse, "returned.origin_expected")
            if origin is not None and action_id is not None and origin.action_id != action_id:
                reader.problem(number, fields["origin"], raw_origin,
                               text("returned.origin_other_row", lang).format(id=origin.action_id))
        if action_id is None:
            continue
        if action_id in seen:
            reader.problem(number, fields["id"], raw_id, text("returned.id_twice", lang).format(row=seen[action_id]))
            continue
        seen[action_id] = number
        rows.append(_ReturnedRow(
            number, action_id, status, {name: reader.cell(cells, name) for name in ("start", "due")},
            _sheet_text(reader.cell(cells, "note")),
            _sheet_text(reader.cell(cells, "last_update")) if "last_update" in fields else None, origin))

    result = ActionsResult(data.name, dry_run, forced=force, without_origin="origin" not in fields)
    # Read, decide and write in one writer transaction: what is compared is what is replaced.
    with nullcontext(db) if dry_run else writer(db):
        known = _actions_by_id(db, [row.action_id for row in rows])
        meeting_dates = {listing.meeting.id: listing.meeting.date for listing in queries.list_meetings(db)}
        for row in rows:
            action = known.get(row.action_id)
            if action is None:
                reader.problem(row.number, fields["id"], row.action_id, text("returned.id_unknown", lang))
            meeting_date = meeting_dates.get(action.meeting_id) if action else None
            for name, typed in row.typed.items():
                row.days[name] = check(row.number, name, typed, functools.partial(
                    _sheet_day, today=today, meeting_date=meeting_date), _date_expected(typed))
        latest = queries.latest_updates(db, list(known))
        plans: list[tuple[Any, list[ActionChange]]] = []
        for row in rows:
            if row.action_id not in known:
                continue
            action = known[row.action_id]
            changes, conflicts = _row_edits(db, row, action, latest.get(row.action_id))
            final = {name: getattr(action, name) for name in ("start", "due")}
            final.update({c.field: c.sheet if isinstance(c, ActionConflict) else c.new
                          for c in (*changes, *conflicts) if c.field in final})
            if final != {name: getattr(action, name) for name in final} and rules.due_before_start(
                    final["start"], final["due"]):
                reader.problem(row.number, fields.get("due"), cell_text(row.typed["due"]) or final["due"],
                               text("returned.due_after_start", lang).format(start=final["start"].isoformat()))
            result.conflicts.extend(conflicts)
            if force:
                changes += [ActionChange(c.action_id, c.field, c.current, c.sheet)
                            for c in conflicts if c.field != "update"]
            result.changes.extend(changes)
            if changes:
                plans.append((action, changes))
        if reader.problems:
            reader.problems.sort(key=attrgetter("row"))
            raise SheetError(reader.problems)
        result.ignored = _not_imported(db, layout, [(cells, known.get(a)) for cells, a in read])
        result.applied = not dry_run and (force or not result.conflicts)
        if result.applied:
            for action, changes in plans:
                _apply_action_changes(db, action, changes, now)
    return result


def _date_expected(typed: Any) -> str:
    return "returned.date_range" if isinstance(typed, (date, datetime)) else "returned.date_expected"


def _sheet_day(value: Any, *, today: date, meeting_date: date | None) -> date | None:
    """A start or due cell: a date cell as it is, text as the app's form reads it (DESIGN.md §5)."""
    if value is None or isinstance(value, (date, datetime)):
        return parse_date(value)
    return parse_due_date(cell_text(value), today=today, meeting_date=meeting_date)


def _row_edits(db: Store, row: _ReturnedRow, action: Any, last: Any) -> tuple[list[ActionChange],
                                                                                  list[ActionConflict]]:
    """The sheet's changes to one action, and its conflicts with what changed in fupan since the export.

    A field is the owner's edit where the sheet differs from what the row was exported from (without
    that, from fupan now); fupan's value is kept where the sheet still shows the exported one.
    """
    origin = row.origin
    changes: list[ActionChange] = []
    conflicts: list[ActionConflict] = []
    exported = ({"status": ActionStatus(origin.status), "start": origin.start, "due": origin.due}
                if origin is not None else {})
    sheet = {"status": row.status, "start": row.days.get("start"), "due": row.days.get("due")}
    for name, new in sheet.items():
        current = getattr(action, name)
        if new is None or new == current:
            continue
        if origin is not None and new == exported[name]:
            continue  # the owner left it; fupan's is newer
        if origin is not None and current != exported[name]:
            conflicts.append(ActionConflict(action.id, action.measure, name, exported[name], current, new))
            continue
        changes.append(ActionChange(action.id, name, current, new))
    note = _new_note(db, row, action, last)
    if note:
        changes.append(ActionChange(action.id, "note", last.note if last else "", note))
    if origin is None and changes and row.last_update is not None and row.last_update not in {
            _sheet_text(update_text(last, lang)) for lang in ("zh", "en")}:
        conflicts.append(ActionConflict(action.id, action.measure, "update", row.last_update, update_text(last, "en"),
                                        "; ".join(str(c) for c in changes)))
        changes = []
    return changes, conflicts


def _new_note(db: Store, row: _ReturnedRow, action: Any, last: Any) -> str:
    """The note the row adds: 备注, and text typed in 最近更新 over (or after) the exported update; "" when
    there is none or it is already recorded (the same sheet imported again)."""
    notes = [row.note] if row.note else []
    origin = row.origin
    if origin is not None and row.last_update:
        updates = queries.updates_for(db, action.id)
        then = next((u for u in updates if u.id == origin.update_id), None)
        shown_then = {_sheet_text(update_text(then, lang)) for lang in ("zh", "en")} if then else set()
        typed = row.last_update
        if typed not in shown_then:
            for shown in sorted(shown_then, key=len, reverse=True):
                if typed.startswith(shown):  # added under the exported update
                    typed = typed[len(shown):].strip(" \n；;，,")
                    break
            if typed:
                notes.append(typed)
    note = "\n".join(dict.fromkeys(notes))
    if not note:
        return ""
    if origin is not None:
        since = [u for u in queries.updates_for(db, action.id) if origin.update_id is None or (u.id or 0) > origin.update_id]
        return "" if any(_sheet_text(u.note) == note for u in since) else note
    return "" if last is not None and _sheet_text(last.note) == note else note


_ACTION_EDITS = ("status", "start", "due", "note")  # the columns import_actions writes
# Columns of the exported tracking sheet that are not imported: compared with fupan to say they were not.
_ACTION_SHOWN = ("presenter", "measure", "owner", "standard", "checkpoint", "resources", "risk",
                 "meeting_id", "meeting_title")


def _not_imported(db: Store, layout: Layout, rows: list[tuple[list[Any], Any]]) -> dict[str, int]:
    """{header: rows} of the columns import_actions does not write whose cell differs from fupan, given
    each row's cells and action (None for a row without an id: any filled cell differs)."""
    imported = set(layout.fields.values())
    width = max([len(layout.headers), *(len(cells) for cells, _ in rows)])
    shown = {header_key(text(key, lang)): key for key in _ACTION_SHOWN for lang in ("zh", "en")}
    titles: dict[int, str] = {}
    if any(shown.get(header_key(h)) == "meeting_title" for h in layout.headers):
        titles = {listing.meeting.id: listing.meeting.title for listing in queries.list_meetings(db)}
    ignored = {}
    for col in range(width):
        header = layout.headers[col] if col < len(layout.headers) else ""
        if col in imported:
            continue
        key = shown.get(header_key(header))
        differ = 0
        for cells, action in rows:
            typed = _sheet_text(cells[col]) if col < len(cells) else ""
            if action is None or key is None:
                stored = ""
            elif key == "meeting_id":
                stored = str(action.meeting_id)
            elif key == "meeting_title":
                stored = _sheet_text(titles.get(action.meeting_id, ""))
            else:
                stored = _sheet_text(getattr(action, key) or "")
            differ += typed not in (stored, f"'{stored}")  # the export's ' before = + - @ keeps its text
        if differ:
            ignored[header or f"(column {col + 1})"] = differ
    return ignored


def _actions_by_id(db: Store, ids: list[int]) -> dict[int, Any]:
    found = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = db.query(f"SELECT id FROM actions WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        for row in rows:
            found[row["id"]] = queries.get_action(db, row["id"])
    return found


def _apply_action_changes(db: Store, action: Any, changes: list[ActionChange], now: datetime) -> None:
    for change in changes:
        if change.field in ("start", "due"):
            db.execute(f"UPDATE actions SET {change.field} = ?, updated_at = ? WHERE id = ?",
                       [change.new.isoformat(), now.isoformat(), action.id])
    status = next((c.new for c in changes if c.field == "status"), None)
    note = next((c.new for c in changes if c.field == "note"), "")
    if status is not None or note:
        queries.update_action_status(db, action.id, status or action.status, note, at=now)

