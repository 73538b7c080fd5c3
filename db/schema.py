"""The schema as forward migrations (sqlite-utils `Migrations`, tracked in `_sqlite_migrations`).

Never edit a migration that has shipped: add a new one below it, decorated with ``@migration``.
The list is plain Python so that `db.store.schema_is_current` can check a database without importing
sqlite-utils; `migration_set()` hands the same functions to sqlite-utils when they must run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "fupan"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' `Migrations.migrations_table`
# `PRAGMA application_id` of every fupan database ("fupa" in ASCII): the file says whose it is, so fupan
# never migrates another program's SQLite file. `PRAGMA user_version` is the number of migrations applied
# (`schema_version()`), so a file from a newer fupan is recognised before anything is written to it.
APPLICATION_ID = 0x66757061
# An open action in SQL: its status is not one of those `ActionStatus.closed` names (a test keeps the
# two in step). Written here once for every query that counts or lists open actions.
OPEN_ACTION = "status NOT IN ('done', 'cancelled')"

MIGRATIONS: list[Callable[[Database], None]] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register a migration; they run in the order they are defined."""
    MIGRATIONS.append(fn)
    return fn


def schema_version() -> int:
    """The `user_version` this fupan writes: how many migrations it knows."""
    return len(MIGRATIONS)


def statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, each whole (a trigger's body keeps the `;` inside it), empty ones
    left out."""
    *ended, rest = script.split(";")
    statement = ""
    for piece in ended:
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \t\r\n;"):
                yield statement.strip()
            statement = ""
    if (statement + rest).strip():
        yield (statement + rest).strip()


def run_script(db: Database, script: str) -> None:
    """Run a migration's statements one by one in its transaction. sqlite-utils' `executescript` does the
    same there, but finds where each statement ends one character at a time, joining the text read so far
    again at every character: 20 of the 26 ms of creating a database."""
    for statement in statements(script):
        db.execute(statement)


def migration_set() -> Migrations:
    """The migrations as a sqlite-utils `Migrations` set, named by their function names."""
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        migrations()(fn)
    return migrations


@migration
def m001_initial(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            goal TEXT NOT NULL,
            scenario TEXT NOT NULL DEFAULT 'monthly',
            period TEXT NOT NULL DEFAULT '',
            date TEXT,
            facilitator TEXT NOT NULL DEFAULT '',
            slot_minutes INTEGER NOT NULL DEFAULT 10,
            status TEXT NOT NULL DEFAULT 'planned',
            wrap_up_seconds INTEGER NOT NULL DEFAULT 120,
            final_seconds INTEGER NOT NULL DEFAULT 30,
            planned_start TEXT,
            created_at TEXT NOT NULL DEFAULT (datetime('now'))
        );
        CREATE TABLE slots (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            presenter TEXT NOT NULL,
            planned_seconds INTEGER NOT NULL DEFAULT 600,
            status TEXT NOT NULL DEFAULT 'waiting',
            accumulated_seconds REAL NOT NULL DEFAULT 0,
            running_since REAL,
            first_started_at REAL,
            finished_at REAL,
            pause_count INTEGER NOT NULL DEFAULT 0,
            adjust_seconds REAL NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, presenter)
        );
        CREATE INDEX slots_meeting ON slots(meeting_id, position);
        CREATE TABLE indicators (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            direction TEXT NOT NULL DEFAULT 'higher',
            aggregation TEXT NOT NULL DEFAULT 'sum',
            UNIQUE (meeting_id, name)
        );
        CREATE TABLE indicator_values (
            id INTEGER PRIMARY KEY,
            indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
            presenter TEXT NOT NULL,
            period TEXT NOT NULL,
            target REAL,
            actual REAL,
            last_year REAL,
            benchmark REAL,
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (indicator_id, presenter, period)
        );
        CREATE INDEX indicator_values_presenter ON indicator_values(presenter);
        CREATE TABLE key_works (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            presenter TEXT NOT NULL,
            title TEXT NOT NULL,
            plan TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '',
            shortfall TEXT NOT NULL DEFAULT '',
            cause TEXT,
            met INTEGER
        );
        CREATE TABLE gaps (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            presenter TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'indicator',
            indicator_id INTEGER REFERENCES indicators(id) ON DELETE CASCADE,
            period TEXT NOT NULL DEFAULT '',
            key_work_id INTEGER REFERENCES key_works(id) ON DELETE CASCADE,
            title TEXT NOT NULL DEFAULT '',
            impact TEXT,
            ease TEXT
        );
        CREATE UNIQUE INDEX gaps_indicator ON gaps(meeting_id, presenter, indicator_id, period)
            WHERE indicator_id IS NOT NULL;
        CREATE TABLE root_causes (
            id INTEGER PRIMARY KEY,
            gap_id INTEGER NOT NULL REFERENCES gaps(id) ON DELETE CASCADE,
            problem TEXT NOT NULL,
            preliminary_cause TEXT NOT NULL DEFAULT '',
            whys TEXT NOT NULL DEFAULT '[]',
            root_cause TEXT NOT NULL DEFAULT '',
            category TEXT,
            attribution TEXT NOT NULL DEFAULT 'internal',
            evidence TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX root_causes_gap ON root_causes(gap_id);
        CREATE TABLE lessons (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            presenter TEXT NOT NULL,
            kind TEXT NOT NULL,
            content TEXT NOT NULL,
            applies_to TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            presenter TEXT NOT NULL,
            measure TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            start TEXT,
            due TEXT,
            standard TEXT NOT NULL DEFAULT '',
            checkpoint TEXT NOT NULL DEFAULT '',
            resources TEXT NOT NULL DEFAULT '',
            risk TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'not_started',
            gap_id INTEGER REFERENCES gaps(id) ON DELETE SET NULL,
            root_cause_id INTEGER REFERENCES root_causes(id) ON DELETE SET NULL,
            created_at TEXT,
            updated_at TEXT
        );
        CREATE INDEX actions_meeting ON actions(meeting_id, presenter);
        CREATE INDEX actions_presenter_status ON actions(presenter, status);
        CREATE TABLE action_updates (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX action_updates_action ON action_updates(action_id, at);
        CREATE TABLE catchup_plans (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            presenter TEXT NOT NULL,
            period_target REAL NOT NULL,
            actual_to_date REAL NOT NULL,
            unit TEXT NOT NULL DEFAULT '万元',
            initial_forecast REAL,
            rolling_forecast REAL,
            UNIQUE (meeting_id, presenter)
        );
        CREATE TABLE catchup_lines (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES catchup_plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL,
            customer TEXT NOT NULL,
            amount REAL NOT NULL,
            expected_month TEXT NOT NULL DEFAULT '',
            stage TEXT NOT NULL DEFAULT 'lead'
        );
        """
    )


@migration
def m002_indicator_aggregation_source(db: Database) -> None:
    """Who decided each indicator's aggregation (core.model.AggregationSource).

    Indicators stored before this took sum unless their unit was %, whatever they measured (15 days of
    平均跟进周期 a month rolled up to 45). Their figures are not recomputed here: they are marked
    'legacy', and the import preview and the setup screen say where the unit or name suggests another
    aggregation, for the user to choose.
    """
    db.execute("ALTER TABLE indicators ADD COLUMN aggregation_source TEXT NOT NULL DEFAULT 'legacy'")


# Tables whose rows may one day be combined across facilitators' files: each row carries a stable global
# id (a random UUID, text), filled for existing rows here and set by a trigger on insert, whoever writes.
GLOBAL_ID_TABLES = ("meetings", "slots", "indicators", "root_causes", "lessons", "actions", "action_updates")
# A version-4 UUID in SQL: 8-4-4-4-12 hex digits, the version nibble 4 and the variant 8, 9, a or b.
NEW_UUID_SQL = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)"
    " || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2)"
    " || '-' || lower(hex(randomblob(6)))"
)


@migration
def m003_global_ids(db: Database) -> None:
    for table in GLOBAL_ID_TABLES:
        run_script(
            db,
            f"""
            ALTER TABLE {table} ADD COLUMN uuid TEXT;
            UPDATE {table} SET uuid = {NEW_UUID_SQL};
            CREATE UNIQUE INDEX {table}_uuid ON {table}(uuid);
            CREATE TRIGGER {table}_uuid_on_insert AFTER INSERT ON {table} WHEN NEW.uuid IS NULL
            BEGIN
                UPDATE {table} SET uuid = {NEW_UUID_SQL} WHERE id = NEW.id;
            END;
            """
        )


@migration
def m004_slot_message(db: Database) -> None:
    """The facilitator's message to the presenter ("请总结"), kept with the slot so it survives restarts."""
    db.execute("ALTER TABLE slots ADD COLUMN message TEXT NOT NULL DEFAULT ''")


@migration
def m005_drafts(db: Database) -> None:
    """What is typed in a live form but not yet saved, per meeting × presenter × form (DESIGN §4).

    ``content`` is the form as JSON (field values and the item being edited). Drafts are not items: no
    export, count or list of items reads this table; saving an item deletes its draft in the same
    transaction.
    """
    run_script(
        db,
        """
        CREATE TABLE drafts (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            presenter TEXT NOT NULL,
            form TEXT NOT NULL,
            content TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (meeting_id, presenter, form)
        );
        """
    )


@migration
def m006_slot_flag(db: Database) -> None:
    """Why a presenter is flagged on a review created from the one before (core.model.PresenterFlag):
    skipped or not presented there. NULL for every slot stored before, and for a presenter not flagged."""
    db.execute("ALTER TABLE slots ADD COLUMN flagged TEXT CHECK (flagged IN ('skipped', 'not_presented'))")


@migration
def m007_settings(db: Database) -> None:
    """What the app remembers for this database between runs, one value per key (the export folder last
    used: `db.queries.setting`)."""
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migration
def m008_action_due_order(db: Database) -> None:
    """Every list of actions is read in `db.queries.ACTION_ORDER` (by due date, undated last, then as
    entered), a page at a time: this index keeps a page of 50,000 actions from being a scan and a sort."""
    db.execute("CREATE INDEX actions_due_order ON actions(coalesce(due, '9999'), id)")
