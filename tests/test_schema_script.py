"""db/schema.py runs each migration's script a statement at a time: the statements are whole (a trigger's
body keeps its `;`, a `;` in a string stays in it), and the schema built is the one sqlite-utils'
`executescript` builds from the same scripts."""

from __future__ import annotations

import sqlite3

import pytest

from db import schema
from db.store import connect

TRIGGER_SCRIPT = """
    ALTER TABLE t ADD COLUMN uuid TEXT;
    CREATE TRIGGER t_uuid AFTER INSERT ON t WHEN NEW.uuid IS NULL
    BEGIN
        UPDATE t SET uuid = 'x;y' WHERE id = NEW.id;
        UPDATE t SET uuid = uuid || ';' WHERE id = NEW.id;
    END;
    INSERT INTO t (id) VALUES (1)
"""


def test_a_trigger_and_a_semicolon_in_a_string_stay_in_their_statement():
    found = list(schema.statements(TRIGGER_SCRIPT))
    assert [statement.split()[0] for statement in found] == ["ALTER", "CREATE", "INSERT"]
    assert found[1].endswith("END;") and found[1].count("UPDATE") == 2 and "'x;y'" in found[1]
    assert found[2] == "INSERT INTO t (id) VALUES (1)"  # no `;` after the last one
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    for statement in found:
        conn.execute(statement)
    assert conn.execute("SELECT uuid FROM t").fetchone() == ("x;y;",)


def test_blank_text_and_lone_semicolons_are_no_statements():
    assert list(schema.statements("")) == []
    assert list(schema.statements("  \n ;\n; ")) == []


def _schema(path) -> list[tuple]:
    database = connect(path)
    rows = database.conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
    database.close()
    return rows


def test_the_schema_built_is_the_one_sqlite_utils_executescript_builds(tmp_path, monkeypatch: pytest.MonkeyPatch):
    ours = _schema(tmp_path / "ours.db")
    monkeypatch.setattr(schema, "run_script", lambda db, script: db.executescript(script))
    assert _schema(tmp_path / "sqlite-utils.db") == ours
    assert sum(kind == "trigger" for kind, *_ in ours) == len(schema.GLOBAL_ID_TABLES)
