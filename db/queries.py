"""Small query functions that take and return core objects, named for what they answer.

Every write is committed before the function returns (the `Store` commits each statement; multi-step
writes run inside `db.store.writer`), so a screen may show an item as saved as soon as the call returns.

Many writers share the file (the app, a second window, `fupan import`, `fupan actions update`), so:
a function that reads and then writes does both in one `writer` transaction (nothing can commit in
between), and a save of something the user edited takes the object as it was loaded (``original``) and
writes only the fields that differ from it: what another program changed meanwhile is kept.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date, datetime
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from core.clock import MESSAGE_MAX_CHARS
from core.i18n import Lang, text
from core.model import (
    MAX_SLOT_MINUTES,
    MIN_SLOT_MINUTES,
    Action,
    ActionStatus,
    ActionUpdate,
    Aggregation,
    AggregationSource,
    CatchUpLine,
    CatchUpPlan,
    Draft,
    Ease,
    Gap,
    GapKind,
    Impact,
    Indicator,
    IndicatorValue,
    KeyWork,
    Lesson,
    Meeting,
    MeetingStatus,
    PresenterFlag,
    RootCause,
    Slot,
    SlotStatus,
)
from core.parse import clean_text, display_safe, has_control, person_name, same_person
from core.meeting import DUE_SOON_DAYS
from core.timer import TimerState
from db.listing import (  # noqa: F401  (re-exported: one place for queries)
    DUE_SOON_SQL,
    OVERDUE_SQL,
    ActionReminders,
    MeetingListing,
    action_reminders,
    due_soon_params,
    list_meetings,
)
from db.schema import OPEN_ACTION
from db.store import Store, from_row, to_row, writer

if TYPE_CHECKING:
    from core.rules import Assessment, Movement, Trend

T = TypeVar("T")


class NotFound(LookupError):
    """The id names nothing in this database: a user error, reported as one line (`message`)."""

    def __init__(self, what: str, pk: object) -> None:
        self.what, self.pk = what, pk
        super().__init__(f"no {what} with id {pk}")

    def message(self, lang: Lang) -> str:
        """"no action with id 999; nothing was changed", in ``lang``."""
        key = f"thing.{self.what}"
        what = text(key, lang) if text(key, lang) != key else self.what
        return text("cli.not_found", lang).format(what=what, id=self.pk)


class AlreadyOnAgenda(ValueError):
    """The presenter (as `core.parse.person_name` compares names) already has a slot in the meeting."""


def _save(db: Store, table: str, obj: T, *, exclude: tuple[str, ...] = (), original: T | None = None,
          always: tuple[str, ...] = ()) -> T:
    """Insert ``obj`` (setting its id) or update the row with its id.

    With ``original`` (the object as the caller loaded it) only the columns whose value differs from it
    are written, plus those named in ``always``: a column nobody changed here keeps what is stored, even
    if another program wrote it after the load.
    """
    row = to_row(obj, exclude=("id", *exclude))
    if obj.id is None:  # type: ignore[attr-defined]
        obj.id = _insert(db, table, row)  # type: ignore[attr-defined]
        return obj
    if original is not None:
        before = to_row(original, exclude=("id", *exclude))
        row = {k: v for k, v in row.items() if k in always or before.get(k) != v}
    _update(db, table, obj.id, row)  # type: ignore[attr-defined]
    return obj


def _insert(db: Store, table: str, row: dict[str, Any]) -> int:
    """Insert ``row`` (column → value, as `to_row` makes it) into ``table``; its new id."""
    columns = ", ".join(f"[{column}]" for column in row)
    marks = ", ".join("?" * len(row))
    with writer(db):
        return db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())).lastrowid


def _delete(db: Store, table: str, pk: int, what: str) -> None:
    """Delete one row by id; one deleted meanwhile (another window, the CLI) is `NotFound`."""
    with writer(db):
        if db.execute(f"DELETE FROM {table} WHERE id = ?", [pk]).rowcount == 0:
            raise NotFound(what, pk)


def _update(db: Store, table: str, pk: int, row: dict[str, Any]) -> None:
    """Write ``row``'s columns of one row; a row deleted meanwhile is `NotFound` (nothing written)."""
    with writer(db):
        if not row:
            if db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [pk]).fetchone() is None:
                raise NotFound(table[:-1].replace("_", " "), pk)
            return
        sets = ", ".join(f"[{column}] = ?" for column in row)
        cursor = db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*row.values(), pk])
        if cursor.rowcount == 0:
            raise NotFound(table[:-1].replace("_", " "), pk)


def _get(db: Store, cls: type[T], table: str, pk: int, what: str) -> T:
    rows = list(db.query(f"SELECT * FROM {table} WHERE id = ?", [pk]))
    if not rows:
        raise NotFound(what, pk)
    return from_row(cls, rows[0])


def _select(db: Store, cls: type[T], sql: str, params: Sequence[Any] = ()) -> list[T]:
    return [from_row(cls, row) for row in db.query(sql, list(params))]


def _of_meeting(db: Store, cls: type[T], table: str, meeting_id: int, presenter: str | None) -> list[T]:
    """The rows of ``table`` for a meeting, for one presenter or (``presenter`` None) all, in entry order."""
    sql = f"SELECT * FROM {table} WHERE meeting_id = ? AND (? IS NULL OR presenter = ?) ORDER BY id"
    return _select(db, cls, sql, [meeting_id, presenter, presenter])


# --- meetings ------------------------------------------------------------------------------------


def save_meeting(db: Store, meeting: Meeting, *, original: Meeting | None = None) -> Meeting:
    """Insert or update a meeting; with ``original`` (as the form showed it) only the details changed."""
    return _save(db, "meetings", meeting, original=original)


def get_meeting(db: Store, meeting_id: int) -> Meeting:
    return _get(db, Meeting, "meetings", meeting_id, "meeting")


def set_meeting_status(db: Store, meeting_id: int, status: MeetingStatus) -> None:
    """The live screen's one change to a meeting: its status, leaving every other column as stored."""
    _update(db, "meetings", meeting_id, {"status": status.value})


def delete_meeting(db: Store, meeting_id: int) -> None:
    _delete(db, "meetings", meeting_id, "meeting")


def create_next_meeting(
    db: Store, previous_id: int, meeting: Meeting
) -> tuple[Meeting, list[tuple[str, PresenterFlag]]]:
    """Save ``meeting`` as the review after ``previous_id`` with that review's agenda (order and minutes),
    in one transaction; returns it with the presenters to flag (skipped or not presented last time,
    `core.rules.presenters_to_flag`), whose slots on the new review keep that flag. NotFound, writing
    nothing, when ``previous_id`` names no meeting."""
    from core.rules import presenters_to_flag

    with writer(db):  # the agenda read is the agenda copied
        previous = get_meeting(db, previous_id)
        slots = slots_for(db, previous_id)
        flagged = presenters_to_flag(slots, held=previous.status is not MeetingStatus.PLANNED)
        flags = {person_name(name): why for name, why in flagged}
        agenda: dict[str, int] = {}  # folded name → minutes: two spellings stored before folding are one slot
        for slot in slots:
            agenda.setdefault(person_name(slot.presenter), slot.planned_seconds)
        save_meeting(db, meeting)
        for position, (presenter, seconds) in enumerate(agenda.items(), start=1):
            save_slot(db, Slot(meeting.id, presenter, position, seconds, flagged=flags.get(presenter)))
    return meeting, flagged


# --- agenda --------------------------------------------------------------------------------------


def slots_for(db: Store, meeting_id: int) -> list[Slot]:
    return _select(
        db, Slot, "SELECT * FROM slots WHERE meeting_id = ? ORDER BY position, id", [meeting_id]
    )


def get_slot(db: Store, slot_id: int) -> Slot:
    return _get(db, Slot, "slots", slot_id, "slot")


def save_slot(db: Store, slot: Slot) -> Slot:
    """Persist the whole slot (setup and imports: presenter, position, minutes, timer)."""
    return _save(db, "slots", slot)


def set_slot_agenda(db: Store, slot: Slot) -> None:
    """Write a slot's place on the agenda (name, position, planned length) and nothing of its timer,
    which the live screen owns."""
    _update(db, "slots", slot.id, {"presenter": slot.presenter, "position": slot.position,
                                    "planned_seconds": slot.planned_seconds})


def set_slot_message(db: Store, slot: Slot, message: str) -> Slot:
    """Show ``message`` to the presenter on the clock ("" clears it): writes that column only."""
    slot.message = " ".join(clean_text(message).split())[:MESSAGE_MAX_CHARS]  # one line, as the clock shows it
    with db.atomic():
        db.execute("UPDATE slots SET message = ? WHERE id = ?", [slot.message, slot.id])
    return slot


# What the live screen changes in a slot: its status and its timer (core.timer.TimerState), except the
# planned length, which setup and `fupan import agenda` own, as they own the presenter and the position.
TIMER_COLUMNS = ("status", *(f.name for f in fields(TimerState) if f.name != "planned_seconds"))


def save_slot_timers(db: Store, *slots: Slot, wait: bool = True) -> None:
    """Commit the status and timer state of ``slots`` in one transaction; called on every timer change.

    Only those columns: an agenda imported or edited elsewhere while the meeting runs (order, names,
    minutes) is never written back from the live screen's copy. ``wait=False``: see `writer`.
    """
    sets = ", ".join(f"{column} = ?" for column in TIMER_COLUMNS)
    with writer(db, wait=wait):
        for slot in slots:
            row = to_row(slot)
            cursor = db.execute(f"UPDATE slots SET {sets} WHERE id = ?",
                                [*(row[column] for column in TIMER_COLUMNS), slot.id])
            if cursor.rowcount == 0:
                raise NotFound("slot", slot.id)


def change_slot_minutes(db: Store, slot_id: int, delta: int) -> Slot:
    """Lengthen or shorten a slot by ``delta`` minutes within the allowed range (setup's +/-), writing
    only its planned length: a timer another window runs on it meanwhile is kept."""
    with writer(db):
        slot = get_slot(db, slot_id)
        minutes = max(MIN_SLOT_MINUTES, min(MAX_SLOT_MINUTES, slot.planned_seconds // 60 + delta))
        slot.planned_seconds = minutes * 60
        _update(db, "slots", slot_id, {"planned_seconds": slot.planned_seconds})
    return slot


def add_slot(db: Store, meeting_id: int, presenter: str, planned_seconds: int | None = None) -> Slot:
    """Append a presenter to the agenda, with the meeting's default slot length unless given."""
    presenter = person_name(presenter)  # as it will be stored, so the checks see the same name
    if not presenter:
        raise ValueError("a presenter needs a name")
    with writer(db):  # the agenda read for the checks is the one written to
        meeting = get_meeting(db, meeting_id)
        existing = slots_for(db, meeting_id)
        if any(same_person(s.presenter, presenter) for s in existing):  # also a name stored before folding
            raise AlreadyOnAgenda(f"{presenter} is already on the agenda")
        seconds = planned_seconds if planned_seconds is not None else meeting.slot_minutes * 60
        position = max((s.position for s in existing), default=0) + 1
        return save_slot(db, Slot(meeting_id, presenter, position, seconds))


def remove_slot(db: Store, slot_id: int) -> None:
    with writer(db):
        slot = get_slot(db, slot_id)
        _delete(db, "slots", slot_id, "slot")
        _renumber(db, slot.meeting_id)


def move_slot(db: Store, slot_id: int, offset: int) -> None:
    """Move a slot up (offset < 0) or down the agenda, keeping positions 1…N."""
    with writer(db):  # the order is read and rewritten with nothing committed in between
        slot = get_slot(db, slot_id)
        order = slots_for(db, slot.meeting_id)
        index = next(i for i, s in enumerate(order) if s.id == slot_id)
        target = max(0, min(len(order) - 1, index + offset))
        order.insert(target, order.pop(index))
        for position, s in enumerate(order, start=1):
            db.execute("UPDATE slots SET position = ? WHERE id = ?", [position, s.id])


def _renumber(db: Store, meeting_id: int) -> None:
    for position, s in enumerate(slots_for(db, meeting_id), start=1):
        db.execute("UPDATE slots SET position = ? WHERE id = ?", [position, s.id])


def set_slot_status(db: Store, slot_id: int, status: SlotStatus) -> None:
    db.execute("UPDATE slots SET status = ? WHERE id = ?", [status.value, slot_id])


# --- indicators ----------------------------------------------------------------------------------


def save_indicator(db: Store, indicator: Indicator) -> Indicator:
    """Insert or update an indicator; an indicator of the same name in the meeting is updated."""
    with writer(db):
        if indicator.id is None:
            indicator.id = _existing_id(db, "indicators", meeting_id=indicator.meeting_id, name=indicator.name)
        return _save(db, "indicators", indicator)


def save_indicators(db: Store, indicators: Sequence[Indicator]) -> None:
    """`save_indicator` for many indicators of one meeting at once (a sheet import): one statement per
    kind of write instead of a transaction and a table lookup per indicator. Ids are set as they are."""
    if not indicators:
        return
    with writer(db):
        meeting_ids = {i.meeting_id for i in indicators}
        stored = {(m, name): pk for m in meeting_ids
                  for name, pk in db.execute("SELECT name, id FROM indicators WHERE meeting_id = ?", [m])}
        for indicator in indicators:
            if indicator.id is None:
                indicator.id = stored.get((indicator.meeting_id, indicator.name))
        new = [i for i in indicators if i.id is None]
        is_new = {id(i) for i in new}
        rows = [to_row(i, exclude=("id",)) for i in indicators]
        columns = list(rows[0])
        if new:
            db.conn.executemany(
                f"INSERT INTO indicators ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [list(row.values()) for i, row in zip(indicators, rows) if i.id is None])
            for m in meeting_ids:
                for name, pk in db.execute("SELECT name, id FROM indicators WHERE meeting_id = ?", [m]):
                    stored[m, name] = pk
            for indicator in new:
                indicator.id = stored[indicator.meeting_id, indicator.name]
        updated = [[*row.values(), i.id] for i, row in zip(indicators, rows) if id(i) not in is_new]
        if updated:
            sets = ", ".join(f"{column} = ?" for column in columns)
            if db.conn.executemany(f"UPDATE indicators SET {sets} WHERE id = ?", updated).rowcount < len(updated):
                raise NotFound("indicator", next(row[-1] for row in updated if _existing_id(
                    db, "indicators", id=row[-1]) is None))


def _existing_id(db: Store, table: str, **key: Any) -> int | None:
    """The id of the row of ``table`` whose columns equal ``key`` (the unique key an insert would
    collide with), None if there is none."""
    where = " AND ".join(f"{column} = ?" for column in key)
    row = db.execute(f"SELECT id FROM {table} WHERE {where}", list(key.values())).fetchone()
    return None if row is None else row[0]


def choose_aggregation(db: Store, indicator_id: int, aggregation: Aggregation) -> None:
    """The user's choice of how an indicator rolls up (setup screen): only those two columns are written."""
    with db.atomic():
        db.execute("UPDATE indicators SET aggregation = ?, aggregation_source = ? WHERE id = ?",
                   [aggregation.value, AggregationSource.CHOSEN.value, indicator_id])


def indicators_for(db: Store, meeting_id: int) -> list[Indicator]:
    return _select(
        db, Indicator, "SELECT * FROM indicators WHERE meeting_id = ? ORDER BY id", [meeting_id]
    )


def save_values(db: Store, values: Iterable[IndicatorValue]) -> None:
    """Upsert values by (indicator, presenter, period), every value column written, in one transaction
    (`upsert_value_fields`, as a sheet import writes its columns)."""
    rows = [to_row(v, exclude=("id",)) for v in values]
    with db.atomic():
        upsert_value_fields(db, _VALUE_FIELDS, (
            [row["indicator_id"], row["presenter"], row["period"], *(row[f] for f in _VALUE_FIELDS)] for row in rows))


def values_for(db: Store, meeting_id: int, presenter: str | None = None) -> list[IndicatorValue]:
    sql = """
        SELECT v.* FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
        WHERE i.meeting_id = ? AND (? IS NULL OR v.presenter = ?) ORDER BY v.id
    """
    return _select(db, IndicatorValue, sql, [meeting_id, presenter, presenter])


def value_fields_for(db: Store, meeting_id: int, fields: Sequence[str]
                     ) -> dict[tuple[int, str, str], tuple[Any, ...]]:
    """{(indicator id, presenter, period): (the value's ``fields``)} of every stored value: what an
    import would update, and whether it would change it."""
    unknown = set(fields) - set(_VALUE_FIELDS)
    if unknown:
        raise ValueError(f"not value fields: {', '.join(sorted(unknown))}")
    sql = f"""
        SELECT v.indicator_id, v.presenter, v.period{''.join(f', v.{f}' for f in fields)}
        FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.meeting_id = ?
    """
    return {tuple(row[:3]): tuple(row[3:]) for row in db.execute(sql, [meeting_id]).fetchall()}


_VALUE_FIELDS = ("target", "actual", "last_year", "benchmark", "note")


def upsert_value_fields(db: Store, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Upsert (indicator_id, presenter, period, *fields) rows in one executemany; other columns are kept.

    Used by sheet imports, which write only the value columns a sheet has and may write 100,000 rows;
    the caller holds the transaction.
    """
    unknown = set(fields) - set(_VALUE_FIELDS)
    if unknown:
        raise ValueError(f"not value fields: {', '.join(sorted(unknown))}")
    columns = ["indicator_id", "presenter", "period", *fields]
    updates = ", ".join(f"{f} = excluded.{f}" for f in fields) or "period = excluded.period"
    sql = (f"INSERT INTO indicator_values ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
           f"ON CONFLICT (indicator_id, presenter, period) DO UPDATE SET {updates}")
    db.conn.executemany(sql, rows)


def periods_for(db: Store, meeting_id: int) -> list[str]:
    """The period codes that have values in this meeting."""
    sql = """
        SELECT DISTINCT v.period FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
        WHERE i.meeting_id = ?
    """
    # Imported here and in review_for: the meetings list, drawn in the first frame, needs no rules.
    from core.rules import sorted_periods

    return sorted_periods({display_safe(row["period"]) for row in db.query(sql, [meeting_id])})


def review_for(
    db: Store, meeting_id: int, presenter: str, periods: Sequence[str]
) -> list[Assessment]:
    """The presenter's indicators for each period, rolled up and with gaps computed by core.rules."""
    from core.rules import rollup

    by_indicator: dict[int, dict[str, IndicatorValue]] = defaultdict(dict)
    for value in values_for(db, meeting_id, presenter):
        by_indicator[value.indicator_id][value.period] = value
    return [
        rollup(indicator, presenter, period, by_indicator[indicator.id])
        for indicator in indicators_for(db, meeting_id)
        if indicator.id in by_indicator
        for period in periods
    ]


# --- key work ------------------------------------------------------------------------------------


def save_key_work(db: Store, item: KeyWork, *, original: KeyWork | None = None) -> KeyWork:
    """Insert or update a key-work item; with ``original`` (as the form loaded it) only what changed."""
    return _save(db, "key_works", item, original=original)


def key_works_for(db: Store, meeting_id: int, presenter: str | None = None) -> list[KeyWork]:
    return _of_meeting(db, KeyWork, "key_works", meeting_id, presenter)


# --- gaps and root causes ------------------------------------------------------------------------


def gap_for_indicator(
    db: Store, meeting_id: int, presenter: str, indicator_id: int, period: str
) -> Gap:
    """The gap row of an indicator shortfall, created on first use (rating it or root-causing it)."""
    sql = """SELECT * FROM gaps WHERE meeting_id = ? AND presenter = ? AND indicator_id = ? AND period = ?"""
    params = [meeting_id, presenter, indicator_id, period]
    rows = _select(db, Gap, sql, params)
    if rows:
        return rows[0]
    with writer(db):  # looked up again as the writer: another window may have just created it
        rows = _select(db, Gap, sql, params)
        if rows:
            return rows[0]
        return save_gap(db, Gap(meeting_id, presenter, GapKind.INDICATOR, indicator_id, period))


def gap_for_key_work(db: Store, item: KeyWork) -> Gap:
    """The gap row of a key-work shortfall, created on first use (rating it or root-causing it)."""
    sql = "SELECT * FROM gaps WHERE meeting_id = ? AND presenter = ? AND key_work_id = ?"
    params = [item.meeting_id, item.presenter, item.id]
    rows = _select(db, Gap, sql, params)
    if rows:
        return rows[0]
    with writer(db):  # looked up again as the writer: another window may have just created it
        rows = _select(db, Gap, sql, params)
        if rows:
            return rows[0]
        return save_gap(db, Gap(item.meeting_id, item.presenter, GapKind.KEY_WORK, key_work_id=item.id,
                                title=item.title))


def save_gap(db: Store, gap: Gap) -> Gap:
    return _save(db, "gaps", gap)


def get_gap(db: Store, gap_id: int) -> Gap:
    return _get(db, Gap, "gaps", gap_id, "gap")


def rate_gap(db: Store, gap_id: int, impact: Impact | None, ease: Ease | None) -> None:
    db.execute(
        "UPDATE gaps SET impact = ?, ease = ? WHERE id = ?",
        [impact.value if impact else None, ease.value if ease else None, gap_id],
    )


def gaps_for(db: Store, meeting_id: int, presenter: str | None = None) -> list[Gap]:
    return _of_meeting(db, Gap, "gaps", meeting_id, presenter)


def save_root_cause(db: Store, cause: RootCause, *, original: RootCause | None = None) -> RootCause:
    """Insert or update a root cause; with ``original`` (as the form loaded it) only what changed, so
    evidence or a category another window saved meanwhile is kept."""
    return _save(db, "root_causes", cause, original=original)


def get_root_cause(db: Store, cause_id: int) -> RootCause:
    return _get(db, RootCause, "root_causes", cause_id, "root cause")


def delete_root_cause(db: Store, cause_id: int) -> None:
    _delete(db, "root_causes", cause_id, "root cause")


def root_causes_for(db: Store, meeting_id: int, presenter: str | None = None) -> list[RootCause]:
    sql = """
        SELECT r.* FROM root_causes r JOIN gaps g ON g.id = r.gap_id
        WHERE g.meeting_id = ? AND (? IS NULL OR g.presenter = ?) ORDER BY r.id
    """
    return _select(db, RootCause, sql, [meeting_id, presenter, presenter])


# --- lessons -------------------------------------------------------------------------------------


def save_lesson(db: Store, lesson: Lesson, *, original: Lesson | None = None) -> Lesson:
    """Insert or update a lesson; with ``original`` (as the form loaded it) only what changed."""
    return _save(db, "lessons", lesson, original=original)


def delete_lesson(db: Store, lesson_id: int) -> None:
    _delete(db, "lessons", lesson_id, "lesson")


def lessons_for(db: Store, meeting_id: int, presenter: str | None = None) -> list[Lesson]:
    return _of_meeting(db, Lesson, "lessons", meeting_id, presenter)


# --- actions -------------------------------------------------------------------------------------


def save_action(
    db: Store, action: Action, *, now: datetime | None = None, original: Action | None = None
) -> Action:
    """Insert or update an action, stamping created_at/updated_at.

    With ``original`` (the action as the form loaded it), only the fields the user changed are written:
    a status set meanwhile by `fupan actions update` or another window stays unless the user changed the
    status too.
    """
    now = (now or datetime.now()).replace(microsecond=0)
    action.owner = person_name(action.owner)  # folded like a presenter: one person, one spelling
    if action.id is None and action.created_at is None:
        action.created_at = now
    action.updated_at = now
    return _save(db, "actions", action, original=original, always=("updated_at",))


def get_action(db: Store, action_id: int) -> Action:
    return _get(db, Action, "actions", action_id, "action")


def delete_action(db: Store, action_id: int) -> None:
    _delete(db, "actions", action_id, "action")


def actions_for(db: Store, meeting_id: int, presenter: str | None = None) -> list[Action]:
    return _of_meeting(db, Action, "actions", meeting_id, presenter)


def find_actions(
    db: Store,
    *,
    meeting_id: int | None = None,
    owner: str | None = None,
    presenter: str | None = None,
    statuses: Iterable[ActionStatus] | None = None,
    overdue_on: date | None = None,
    action_id: int | None = None,
    due_soon_on: date | None = None,
    due_soon_days: int = DUE_SOON_DAYS,
    owner_contains: str | None = None,
    after: tuple[str, int] | None = None,
    before: tuple[str, int] | None = None,
    last: bool = False,
    limit: int | None = None,
) -> list[Action]:
    """Actions across meetings, filtered; ``overdue_on`` keeps the open ones due before that day,
    ``due_soon_on`` those due that day or within ``due_soon_days`` days after it (`core.rules.is_due_soon`),
    ``owner_contains`` those whose owner contains that text (any case, folded as owners are stored).

    With ``action_id``: that action if it passes the filters (a screen redrawing one changed row asks
    this, so the filters are written once, here). In due-date order; ``limit`` rows at most, from the one
    after ``after`` (`action_sort_key` of the last row already read): a page of a long list. With
    ``before`` (the first row already read), the ``limit`` rows just before it; with ``last``, the last
    ``limit`` rows: read backwards in the index, returned in due-date order.
    """
    where, params = _action_filter(meeting_id, owner, presenter, statuses, overdue_on, action_id,
                                   due_soon_on, due_soon_days, owner_contains)
    if after is not None:  # the first condition lets SQLite seek in the actions_due_order index
        where += f" AND coalesce(due, '9999') >= ? AND ({ACTION_ORDER}) > (?, ?)"
        params.extend([after[0], *after])
    if before is not None:
        where += f" AND coalesce(due, '9999') <= ? AND ({ACTION_ORDER}) < (?, ?)"
        params.extend([before[0], *before])
    backwards = before is not None or last
    sql = f"SELECT * FROM actions WHERE {where} ORDER BY {ACTION_ORDER_BACKWARDS if backwards else ACTION_ORDER}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    actions = _select(db, Action, sql, params)
    return actions[::-1] if backwards else actions


ACTION_ORDER = "coalesce(due, '9999'), id"
"""The order of every list of actions: by due date, undated last, then as entered."""
ACTION_ORDER_BACKWARDS = "coalesce(due, '9999') DESC, id DESC"


def action_sort_key(action: Action) -> tuple[str, int]:
    """Where an action stands in `ACTION_ORDER`: the ``after`` of `find_actions` for the next page."""
    assert action.id is not None
    return (action.due.isoformat() if action.due else "9999", action.id)


def meeting_titles(db: Store) -> list[tuple[int, str]]:
    """Every meeting's id and title, in the meetings list's order (newest first), without the counts
    `list_meetings` adds: the tracking screen's meeting filter."""
    sql = "SELECT id, title FROM meetings ORDER BY coalesce(date, '') DESC, id DESC"
    return [(row[0], display_safe(row[1])) for row in db.conn.execute(sql)]


def count_actions(
    db: Store,
    *,
    meeting_id: int | None = None,
    statuses: Iterable[ActionStatus] | None = None,
    overdue_on: date | None = None,
    owner_contains: str | None = None,
    today: date,
) -> tuple[int, int]:
    """How many actions pass `find_actions`' filters, and how many of them are overdue on ``today``,
    counted by SQLite (a list shown a page at a time still says how long it is)."""
    where, params = _action_filter(meeting_id, None, None, statuses, overdue_on, None, None, DUE_SOON_DAYS,
                                   owner_contains)
    sql = f"SELECT count(*), coalesce(sum({OVERDUE_SQL}), 0) FROM actions WHERE {where}"
    total, overdue = db.conn.execute(sql, [today.isoformat(), *params]).fetchone()
    return total, overdue


EXPORT_ACTION_COLUMNS = ("id", "meeting_id", "presenter", "measure", "owner", "start", "due", "standard",
                         "checkpoint", "resources", "status", "risk")
_EXPORT_ACTION_TEXTS = itemgetter(*(i for i, c in enumerate(EXPORT_ACTION_COLUMNS) if c not in ("id", "meeting_id")))


def action_rows_for_export(
    db: Store,
    *,
    meeting_id: int | None = None,
    owner: str | None = None,
    presenter: str | None = None,
    statuses: Iterable[ActionStatus] | None = None,
    overdue_on: date | None = None,
    by_due: bool = False,
    due_soon_on: date | None = None,
    due_soon_days: int = DUE_SOON_DAYS,
) -> list[tuple[Any, ...]]:
    """The rows of find_actions (same filters) as raw tuples of EXPORT_ACTION_COLUMNS: ISO date text and
    status values as stored. In id order, or find_actions' due-date order with ``by_due``.

    For the tracking sheet export, which may hold 100,000 actions: no Action object per row (DESIGN.md §8).
    """
    return list(chain.from_iterable(action_row_chunks_for_export(
        db, meeting_id=meeting_id, owner=owner, presenter=presenter, statuses=statuses, overdue_on=overdue_on,
        by_due=by_due, due_soon_on=due_soon_on, due_soon_days=due_soon_days, size=None)))


def action_row_chunks_for_export(
    db: Store, *, size: int | None, by_due: bool = False, **filters: Any
) -> Iterable[list[tuple[Any, ...]]]:
    """action_rows_for_export's rows, ``size`` at a time from the cursor (all at once with None), so a
    streamed export never holds 100,000 rows of Python objects."""
    where, params = _export_filter(filters)
    order = "coalesce(due, '9999'), id" if by_due else "id"
    cursor = db.conn.execute(f"SELECT {', '.join(EXPORT_ACTION_COLUMNS)} FROM actions WHERE {where} ORDER BY {order}",
                             params)
    while rows := (cursor.fetchmany(size) if size else cursor.fetchall()):
        # Raw rows skip from_row, so their text is made display-safe here: one look at all of it, first
        # str.isprintable (no control character is printable; twice as fast as the regex, which looks
        # again only when a tab, a line break or a wide space is somewhere), and only a file written by
        # another tool pays for cleaning row by row.
        texts = "".join(filter(None, chain.from_iterable(map(_EXPORT_ACTION_TEXTS, rows))))
        if not texts.isprintable() and has_control(texts):
            rows = [tuple(display_safe(v) if isinstance(v, str) else v for v in row) for row in rows]
        yield rows
        if not size:
            return


def count_actions_for_export(db: Store, **filters: Any) -> int:
    """How many rows action_row_chunks_for_export gives with the same filters (an export's progress total)."""
    where, params = _export_filter(filters)
    return db.conn.execute(f"SELECT count(*) FROM actions WHERE {where}", params).fetchone()[0]


def _export_filter(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    due_soon_on, due_soon_days = filters.pop("due_soon_on", None), filters.pop("due_soon_days", DUE_SOON_DAYS)
    return _action_filter(filters.get("meeting_id"), filters.get("owner"), filters.get("presenter"),
                          filters.get("statuses"), filters.get("overdue_on"),
                          due_soon_on=due_soon_on, due_soon_days=due_soon_days)


def _action_filter(
    meeting_id: int | None, owner: str | None, presenter: str | None,
    statuses: Iterable[ActionStatus] | None, overdue_on: date | None, action_id: int | None = None,
    due_soon_on: date | None = None, due_soon_days: int = DUE_SOON_DAYS, owner_contains: str | None = None,
) -> tuple[str, list[Any]]:
    clauses, params = ["1 = 1"], []
    if owner_contains and (part := person_name(owner_contains).lower()):
        clauses.append("instr(lower(owner), ?) > 0")  # part of the name, any (ASCII) case
        params.append(part)
    if action_id is not None:
        clauses.append("id = ?")
        params.append(action_id)
    if meeting_id is not None:
        clauses.append("meeting_id = ?")
        params.append(meeting_id)
    if owner and person_name(owner):
        clauses.append("owner = ?")
        params.append(person_name(owner))  # as save_action stores it: "Ａlice" finds Alice's actions
    if presenter:
        clauses.append("presenter = ?")
        params.append(presenter)
    if statuses is not None:
        wanted = [s.value for s in statuses]
        clauses.append(f"status IN ({', '.join('?' * len(wanted))})" if wanted else "0")
        params.extend(wanted)
    if overdue_on is not None:
        clauses.append(OVERDUE_SQL)  # core.rules.is_overdue in SQL
        params.append(overdue_on.isoformat())
    if due_soon_on is not None:
        clauses.append(DUE_SOON_SQL)
        params.extend(due_soon_params(due_soon_on, due_soon_days))
    return " AND ".join(clauses), params


def carried_over_actions(db: Store, meeting: Meeting, presenter: str) -> list[Action]:
    """This presenter's open actions from earlier meetings: the next review opens with them."""
    sql = f"""
        SELECT a.* FROM actions a JOIN meetings m ON m.id = a.meeting_id
        WHERE a.presenter = ? AND a.meeting_id != ? AND a.{OPEN_ACTION}
          AND (? IS NULL OR m.date IS NULL OR m.date <= ?)
        ORDER BY coalesce(a.due, '9999'), a.id
    """
    day = meeting.date.isoformat() if meeting.date else None
    return _select(db, Action, sql, [presenter, meeting.id, day, day])


def update_action_status(
    db: Store, action_id: int, status: ActionStatus, note: str = "", *, at: datetime | None = None
) -> ActionUpdate | None:
    """Change an action's status and record the change with its note, atomically.

    The status it already has, without a note, changes nothing and records nothing (None): an empty
    entry would push the last real note out of 最近更新. With a note it is a progress report, recorded.
    """
    at = (at or datetime.now()).replace(microsecond=0)
    note = clean_text(note).strip()  # a note of control characters only is no note
    with writer(db):  # the status compared is the one replaced
        if get_action(db, action_id).status is status and not note:
            return None
        update = ActionUpdate(action_id, at, status, note)
        db.execute(
            "UPDATE actions SET status = ?, updated_at = ? WHERE id = ?",
            [status.value, at.isoformat(), action_id],
        )
        _save(db, "action_updates", update)
    return update


def updates_for(db: Store, action_id: int) -> list[ActionUpdate]:
    return _select(
        db,
        ActionUpdate,
        "SELECT * FROM action_updates WHERE action_id = ? ORDER BY at, id",
        [action_id],
    )


def updated_action_span(db: Store) -> tuple[int, int] | None:
    """The lowest and highest id of an action with an update (None: no action has one), read from the
    index in two seeks: a streamed export asks latest_updates only for the chunks of actions this span
    meets (a meeting's new actions, exported after the meeting, have none)."""
    low, high = db.conn.execute("SELECT (SELECT min(action_id) FROM action_updates),"
                                " (SELECT max(action_id) FROM action_updates)").fetchone()
    return None if low is None else (low, high)


def latest_updates(db: Store, action_ids: Iterable[int] | None = None) -> dict[int, ActionUpdate]:
    """The most recent update of each action (for the tracking sheet's 最近更新 column); with
    ``action_ids``, of those actions only, chosen by SQLite (one changed row reads one update)."""
    wanted = ""
    params: list[Any] = []
    if action_ids is not None:
        wanted = "WHERE action_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(action_ids)))
    sql = f"""
        SELECT u.* FROM action_updates u
        JOIN (SELECT action_id, max(at) AS at FROM action_updates {wanted} GROUP BY action_id) last
          ON last.action_id = u.action_id AND last.at = u.at
        ORDER BY u.id
    """
    return {update.action_id: update for update in _select(db, ActionUpdate, sql, params)}


def known_owners(db: Store) -> list[str]:
    """Every name used as an owner or a presenter in the database, folded (`core.parse.person_name`), for
    suggestions while typing an owner."""
    sql = """
        SELECT owner AS name FROM actions WHERE owner != ''
        UNION SELECT presenter FROM slots
        UNION SELECT presenter FROM actions
    """
    return sorted({name for row in db.query(sql) if (name := person_name(display_safe(row["name"])))})


# --- catch-up ------------------------------------------------------------------------------------


def save_catchup_plan(db: Store, plan: CatchUpPlan, *, original: CatchUpPlan | None = None) -> CatchUpPlan:
    """Save a plan and its lines in one transaction.

    Without ``original`` the plan is the whole truth: its lines replace the stored ones. With ``original``
    (the plan as the screen loaded it) only the user's edits are applied: header fields that differ from
    it, lines without an id added after the stored ones, lines it had that the plan no longer has
    removed; a line or a figure another window saved meanwhile stays. A new plan (no id) for a presenter
    who already has one is added to it the same way.
    """
    with writer(db):
        if plan.id is None:
            plan.id = _existing_id(db, "catchup_plans", meeting_id=plan.meeting_id, presenter=plan.presenter)
            # saved from a screen that had not seen the stored plan: keep what it holds
            if plan.id is not None and original is None:
                original = from_row(CatchUpPlan, next(db.query(
                    "SELECT * FROM catchup_plans WHERE id = ?", [plan.id])))
                original.id, original.lines = plan.id, []
        if original is None:
            _save(db, "catchup_plans", plan, exclude=("lines",))
            db.execute("DELETE FROM catchup_lines WHERE plan_id = ?", [plan.id])
            kept = 0
        else:
            _save(db, "catchup_plans", plan, exclude=("lines",), original=original)
            removed = {line.id for line in original.lines} - {line.id for line in plan.lines}
            db.conn.executemany("DELETE FROM catchup_lines WHERE id = ? AND plan_id = ?",
                                [(line_id, plan.id) for line_id in removed if line_id is not None])
            kept = db.execute("SELECT coalesce(max(position), 0) FROM catchup_lines WHERE plan_id = ?",
                              [plan.id]).fetchone()[0]
        new_lines = plan.lines if original is None else [line for line in plan.lines if line.id is None]
        for position, line in enumerate(new_lines, start=kept + 1):
            row = to_row(line, exclude=("id",))
            row.update(plan_id=plan.id, position=position)
            line.id = _insert(db, "catchup_lines", row)
    return plan


def catchup_plans_for(
    db: Store, meeting_id: int, presenter: str | None = None
) -> list[CatchUpPlan]:
    plans = _of_meeting(db, CatchUpPlan, "catchup_plans", meeting_id, presenter)
    for plan in plans:
        plan.lines = _select(
            db, CatchUpLine, "SELECT * FROM catchup_lines WHERE plan_id = ? ORDER BY position", [plan.id]
        )
    return plans


# --- the next review: previous actions' movement and trends (DESIGN.md §4.7) -----------------------


def review_chain(db: Store, meeting: Meeting) -> list[Meeting]:
    """The reviews up to this one, oldest first: the dated meetings on or before its date (today when it
    has none), by date then id, ending with the meeting itself. Undated meetings take no place in it."""
    day = (meeting.date or date.today()).isoformat()
    earlier = _select(
        db, Meeting,
        """SELECT * FROM meetings WHERE id != ? AND date IS NOT NULL AND (date < ? OR (date = ? AND id < ?))
           ORDER BY date, id""",
        [meeting.id, day, day, meeting.id],
    )
    return [*earlier, meeting]


def previous_review(db: Store, meeting: Meeting) -> Meeting | None:
    """The review before this one in `review_chain`, or None for the first."""
    chain = review_chain(db, meeting)
    return chain[-2] if len(chain) > 1 else None


def movements_for(
    db: Store, meeting: Meeting, presenter: str | None = None, *, now: datetime | None = None
) -> tuple[Meeting | None, list[Movement]]:
    """上次行动跟踪: the actions carried into this review (from earlier reviews, open at the last one) and
    how each moved since, by core.rules.movement; with the last review (None when there is none)."""
    from core.rules import movement, review_moment

    chain = review_chain(db, meeting)
    if len(chain) < 2:
        return None, []
    last = chain[-2]
    now = (now or datetime.now()).replace(microsecond=0)
    then, until = review_moment(last.date, now), review_moment(meeting.date, now)
    ids = [m.id for m in chain[:-1]]
    sql = f"""SELECT * FROM actions WHERE meeting_id IN ({', '.join('?' * len(ids))})
              AND (? IS NULL OR presenter = ?) ORDER BY coalesce(due, '9999'), id"""
    actions = _select(db, Action, sql, [*ids, presenter, presenter])
    history: dict[int, list[ActionUpdate]] = defaultdict(list)
    if actions:
        wanted = [a.id for a in actions]
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            for update in _select(db, ActionUpdate,
                                  f"SELECT * FROM action_updates WHERE action_id IN ({', '.join('?' * len(part))})"
                                  " ORDER BY at, id", part):
                history[update.action_id].append(update)
    moved = [movement(a, history[a.id], then, until) for a in actions]  # type: ignore[index]
    return last, [m for m in moved if m is not None]


def trends_for(db: Store, meeting: Meeting, presenter: str | None = None) -> dict[tuple[str, str], Trend]:
    """Each presenter × indicator (by name) over the reviews up to this one (`review_chain`), oldest
    first: the figure of each review's own period, rolled up and assessed by core.rules. Reviews whose
    period is free text, or without a value for it, are left out of that trend."""
    from core.parse import period_year
    from core.rules import Trend, TrendPoint, own_period, rollup

    points: dict[tuple[str, str], list[TrendPoint]] = defaultdict(list)
    for review in review_chain(db, meeting):
        period = own_period(review.period)
        if period is None:
            continue
        indicators = {i.id: i for i in indicators_for(db, review.id)}
        by_key: dict[tuple[str, int], dict[str, IndicatorValue]] = defaultdict(dict)
        for value in values_for(db, review.id, presenter):
            by_key[(value.presenter, value.indicator_id)][value.period] = value
        year = period_year(review.period, review.date)
        for (name, indicator_id), values in by_key.items():
            indicator = indicators.get(indicator_id)
            if indicator is None:
                continue
            assessed = rollup(indicator, name, period, values)
            if assessed.target is None and assessed.actual is None:
                continue
            points[(name, indicator.name)].append(TrendPoint(review.id, period, year, assessed))  # type: ignore[arg-type]
    # In this review's order (agenda, then indicators), and only what this review still shows.
    slots = {s.presenter: i for i, s in enumerate(slots_for(db, meeting.id))}
    names = {i.name: n for n, i in enumerate(indicators_for(db, meeting.id))}
    current = [key for key, found in points.items() if found[-1].meeting_id == meeting.id]
    current.sort(key=lambda k: (slots.get(k[0], len(slots)), k[0], names.get(k[1], len(names)), k[1]))
    return {key: Trend(key[0], key[1], tuple(points[key])) for key in current}


# --- drafts --------------------------------------------------------------------------------------


def save_draft(db: Store, draft: Draft, *, now: datetime | None = None) -> Draft:
    """Keep a form's unsaved contents (one row per meeting × presenter × form, replaced each time)."""
    import json

    draft.updated_at = (now or datetime.now()).replace(microsecond=0)
    content = {"fields": {k: clean_text(v) for k, v in draft.fields.items()}, "choices": draft.choices,
               "item": draft.item}
    db.execute(
        """INSERT INTO drafts (meeting_id, presenter, form, content, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (meeting_id, presenter, form)
           DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at""",
        [draft.meeting_id, draft.presenter, draft.form, json.dumps(content, ensure_ascii=False),
         draft.updated_at.isoformat()],
    )
    return draft


def discard_draft(db: Store, meeting_id: int, presenter: str, form: str) -> None:
    """Forget a form's draft: it was saved as an item, or the user discarded it."""
    db.execute("DELETE FROM drafts WHERE meeting_id = ? AND presenter = ? AND form = ?",
               [meeting_id, presenter, form])


STATUS_NOTE = "status_note"
"""The form of a status change's note; its drafts are named per action (``status_note:<action id>``)."""


def status_note_form(action_id: int) -> str:
    return f"{STATUS_NOTE}:{action_id}"


def note_draft_for(db: Store, action_id: int, meeting_id: int, presenter: str) -> Draft | None:
    """The note being typed for an action's status change: the one typed here (meeting × presenter), else
    the latest typed elsewhere (the live screen of another meeting, the tracking screen)."""
    form = status_note_form(action_id)
    return draft_for(db, meeting_id, presenter, form) or next(
        iter(sorted(_drafts(db, "d.form = ?", [form]), key=lambda d: d.updated_at or datetime.min, reverse=True)),
        None)


def discard_note_drafts(db: Store, action_id: int) -> None:
    """The note is recorded with the status (or discarded): no copy of it stays a draft anywhere."""
    db.execute("DELETE FROM drafts WHERE form = ?", [status_note_form(action_id)])


def draft_for(db: Store, meeting_id: int, presenter: str, form: str) -> Draft | None:
    drafts = _drafts(db, "d.meeting_id = ? AND d.presenter = ? AND d.form = ?", [meeting_id, presenter, form])
    return drafts[0] if drafts else None


def drafts_for(db: Store, meeting_id: int, presenter: str | None = None) -> list[Draft]:
    """The meeting's open drafts (a presenter's only, if given), in agenda order."""
    return _drafts(
        db,
        "d.meeting_id = ? AND (? IS NULL OR d.presenter = ?)",
        [meeting_id, presenter, presenter],
    )


def _drafts(db: Store, where: str, params: Sequence[Any]) -> list[Draft]:
    import json

    rows = db.execute(
        f"""SELECT d.meeting_id, d.presenter, d.form, d.content, d.updated_at FROM drafts d
            LEFT JOIN slots s ON s.meeting_id = d.meeting_id AND s.presenter = d.presenter
            WHERE {where}
            ORDER BY s.position, d.presenter, d.form""",
        list(params),
    ).fetchall()
    drafts = []
    for meeting_id, presenter, form, content, updated_at in rows:
        data = json.loads(content)
        drafts.append(Draft(meeting_id, presenter, form, dict(data.get("fields") or {}),
                            dict(data.get("choices") or {}), dict(data.get("item") or {}),
                            datetime.fromisoformat(updated_at)))
    return drafts


# --- settings: what the app remembers for this database ----------------------------------------------

EXPORT_FOLDER = "export_folder"
"""The folder the last export from the app went to (the export dialog offers it next time)."""


def setting(db: Store, key: str) -> str | None:
    """A remembered value, None if never set."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_setting(db: Store, key: str, value: str) -> None:
    with writer(db):
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                   "excluded.value", [key, value])
