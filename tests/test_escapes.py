"""Stored text is display-safe on the way out (DESIGN.md §7): whatever wrote the file, no control
character or escape sequence reaches the terminal or an export.

Text typed through fupan is cleaned when stored; here another tool has written escape sequences into
every text column with plain sqlite3 (a title that renames the terminal and clears the screen), and
every screen, notification and export format is checked for them.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile

from core.parse import display_safe
from db import queries
from exports.write import export_actions, export_meeting
from tests.conftest import TODAY
from tests.drivers import FakeClock, settled
from tui.app import make_app
from tui.screens.meetings import MeetingsScreen
from tui.screens.summary import SummaryScreen

SIZE = (160, 50)
# renames the terminal (OSC), clears the screen (CSI), rings the bell, 8-bit CSI and OSC, a NUL
PAYLOAD = "\x1b]0;pwned\x07\x1b[2J\x07\x9b31m\x9d0;x\x9c\x00"
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # what must never leave (CR LF and tab may)
XLSX_ESCAPED = re.compile(r"_x00(?:[01][0-9A-Fa-f]|7[Ff]|[89][0-9A-Fa-f])_")  # xlsxwriter's escape of one


def _hostile(db_path) -> dict[str, list[str]]:
    """Append PAYLOAD to every text column of every fupan table, as another program would."""
    conn = sqlite3.connect(db_path)
    written: dict[str, list[str]] = {}
    with conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' "
            "AND name NOT LIKE 'sqlite%'")]
        for table in tables:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")
                       if row[2].upper() == "TEXT" and row[1] not in ("whys", "uuid")]
            if columns:
                sets = ", ".join(f"{c} = {c} || ?" for c in columns)
                conn.execute(f"UPDATE {table} SET {sets}", [PAYLOAD] * len(columns))
                written[table] = columns
        for pk, whys in conn.execute("SELECT id, whys FROM root_causes").fetchall():  # inside the JSON
            steps = [{k: v + PAYLOAD for k, v in step.items()} for step in json.loads(whys)]
            conn.execute("UPDATE root_causes SET whys = ? WHERE id = ?", [json.dumps(steps), pk])
    conn.close()
    return written


def test_display_safe_drops_whole_sequences_and_controls_keeps_text():
    assert display_safe("华东\x1b]0;pwned\x07复盘\x1b[2J会") == "华东复盘会"
    assert display_safe("a\x1b[31mred\x1b[0m \x9b2Jb\x9d0;t\x9c") == "ared b"
    assert display_safe("link\x1b]8;;http://x\x1b\\here\x1b]8;;\x1b\\") == "linkhere"
    assert display_safe("bell\x07 nul\x00 esc\x1b") == "bell nul esc"
    assert display_safe("第一行\n\t第二行 [b]x[/b]") == "第一行\n\t第二行 [b]x[/b]"  # as typed otherwise
    plain = "张伟 Q3 复盘"
    assert display_safe(plain) is plain


def test_every_stored_text_column_is_written_and_read_back_safe(db, demo, db_path):
    written = _hostile(db_path)
    assert {"meetings", "slots", "actions", "action_updates", "root_causes", "catchup_lines"} <= set(written)
    meeting = queries.get_meeting(db, demo.id)
    assert meeting.title == demo.title and not UNSAFE.search(meeting.goal)
    causes = [queries.get_root_cause(db, pk) for (pk,) in db.execute("SELECT id FROM root_causes").fetchall()]
    assert causes and all(not UNSAFE.search(step.why + step.because) for c in causes for step in c.whys)
    assert queries.known_owners(db) and not any(UNSAFE.search(o) for o in queries.known_owners(db))
    assert not any(UNSAFE.search(p) for p in queries.periods_for(db, demo.id))


def _screen_text(app) -> str:
    return app.export_screenshot()


async def _back_to(pilot, screen_type: type, *keys: str) -> None:
    for _ in range(6):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.press(*keys)
        await pilot.pause()
    raise AssertionError(f"still on {pilot.app.screen!r}")


async def test_no_screen_or_notification_shows_a_stored_escape(demo, db, db_path):
    _hostile(db_path)
    app = make_app(db_path, lang="zh", clock=FakeClock(), bell=False)
    shots: dict[str, str] = {}
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        shots["meetings"] = _screen_text(app)
        await pilot.press("e")  # setup: details and agenda
        await pilot.pause()
        shots["setup"] = _screen_text(app)
        await _back_to(pilot, MeetingsScreen, "escape")
        await pilot.press("enter")  # live: every tab of the first presenter (the demo fills them all)
        await pilot.pause()
        for tab in "1234567":
            await pilot.press("escape", tab)
            await pilot.pause()
            shots[f"live-{tab}"] = _screen_text(app)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shots["summary"] = _screen_text(app)
        await _back_to(pilot, MeetingsScreen, "escape", "q")
        await pilot.press("t")
        await settled(pilot)  # the rows are read in a worker
        shots["tracking"] = _screen_text(app)
        await _back_to(pilot, MeetingsScreen, "escape")
        await pilot.press("d")  # the confirmation names the meeting, then a notification does
        await pilot.pause()
        shots["confirm"] = _screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        shots["deleted"] = _screen_text(app)
    assert "华东销售中心" in shots["meetings"] and "张伟" in shots["live-1"]  # the text itself is shown
    assert "华东销售中心" in shots["confirm"] and "华东销售中心" in shots["deleted"]  # dialog, notification
    found = {name: sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(svg)}) for name, svg in shots.items()}
    assert {name: chars for name, chars in found.items() if chars} == {}
    assert not any("pwned" in svg for svg in shots.values())


def test_no_export_format_holds_a_stored_escape(demo, db, db_path, tmp_path):
    _hostile(db_path)
    files = []
    for fmt in ("csv", "xlsx", "md", "html", "report"):
        files += export_meeting(db, demo.id, fmt, tmp_path / f"meeting-{fmt}", lang="zh", today=TODAY)
    for fmt in ("csv", "xlsx", "md"):
        files += export_actions(db, tmp_path / f"actions-{fmt}", fmt, lang="en", today=TODAY)
    assert len(files) > 10
    unsafe: dict[str, list[str]] = {}
    shown: list[str] = []
    for path in files:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                texts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")]
            found = [m for t in texts for m in UNSAFE.findall(t) + XLSX_ESCAPED.findall(t)]
        else:
            content = path.read_text(encoding="utf-8-sig")
            found = UNSAFE.findall(content.replace("\r\n", "\n"))
            shown.append(content)
        if found or "pwned" in path.read_bytes().decode("utf-8", "replace"):
            unsafe[path.name] = sorted({repr(c) for c in found}) or ["pwned"]
    assert unsafe == {}
    assert demo.title in "".join(shown) and "张伟" in "".join(shown)  # the text itself is exported
