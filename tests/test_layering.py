"""The architecture of DESIGN.md §7, checked: imports point one way and start-up stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {  # folder -> the project folders it may import
    "core": {"core"},
    "db": {"core", "db"},
    "exports": {"core", "db", "exports"},
    "tui": {"core", "db", "exports", "tui"},
}
PROJECT = set(ALLOWED)


def imported_folders(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & PROJECT


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_imports_point_one_way(folder):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_folders(path) - ALLOWED[folder])
        for path in (ROOT / folder).rglob("*.py")
    }
    assert {file: names for file, names in wrong.items() if names} == {}


def tui_imports(path: Path, *, type_hints: bool) -> set[str]:
    """The `tui` modules ``path`` imports, at the top or inside a function; ``type_hints`` says whether
    imports under ``if TYPE_CHECKING:`` count (they never run, so they make no circle)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hints: set[int] = set()
    if not type_hints:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
                hints |= {id(child) for child in ast.walk(node)}
    modules = set(TUI_MODULES)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name in modules}


TUI_MODULES = {
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
    for path in (ROOT / "tui").rglob("*.py")
}


def test_a_widget_never_imports_a_screen():
    """Widgets are built by screens; one that reached back up would tie it to a screen and make a circle
    the moment that screen uses it."""
    wrong = {
        module: sorted(name for name in tui_imports(path, type_hints=True) if name.startswith("tui.screens"))
        for module, path in TUI_MODULES.items() if module.startswith("tui.widgets")
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def test_no_import_circles_inside_tui():
    """Imports inside `tui/` form no cycle, lazy (in-function) imports included: a module can be read,
    tested and changed without the one that imports it."""
    graph = {module: tui_imports(path, type_hints=False) - {module} for module, path in TUI_MODULES.items()}
    circles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for name in sorted(graph[module]):
            if state.get(name) == "open":
                circles.append(trail[trail.index(name):] + [name])
            elif name not in state:
                visit(name, [*trail, name])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def loaded_after(statement: str, modules: tuple[str, ...]) -> list[str]:
    code = f"import sys\n{statement}\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return [name for name in result.stdout.strip().split(",") if name]


def test_core_loads_no_ui_io_or_data_library():
    statement = "import core, core.model, core.rules, core.parse, core.timer, core.i18n"
    assert loaded_after(statement, ("textual", "pandas", "sqlite_utils", "sqlite3", "numpy", "click")) == []


def test_the_app_starts_without_pandas_or_spreadsheet_writers():
    statement = "import tui.app, tui.screens.meetings, tui.screens.live, tui.cli"
    assert loaded_after(statement, ("pandas", "numpy", "openpyxl", "xlsxwriter", "tabulate")) == []


# What the first frame (the meetings list) must not wait for: sqlite-utils (~45 ms), the model's other
# twelve dataclasses (~5 ms on Python 3.11), the queries, the rules and the file commands.
NOT_IN_FIRST_FRAME = ("sqlite_utils", "core.model", "db.queries", "core.rules", "tui.cli_files")


def test_the_command_line_loads_no_more_than_the_first_frame_needs():
    assert loaded_after("import tui.cli", NOT_IN_FIRST_FRAME) == []


def test_the_file_commands_are_found_where_the_group_says():
    from tui.cli import FupanGroup
    from tui.cli_files import COMMANDS

    assert sorted(command.name for command in COMMANDS) == sorted(FupanGroup.FILE_COMMANDS)


def test_the_meetings_screen_is_drawn_before_the_rest_loads(demo, db_path):
    """The first frame reads the list through plain sqlite3 and `core.meeting`; the rest loads on first use,
    and reading and writing a current file through the app's `Store` never loads sqlite-utils (only
    migrating a new or older file does)."""
    statement = f"""
import asyncio
from tui.app import make_app

async def first_screen():
    app = make_app({str(db_path)!r}, lang="en")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.query_one("#meetings").option_count == 2, "the demo's two meetings are listed"
        print(",".join(m for m in {NOT_IN_FIRST_FRAME!r} if m in sys.modules) or "-", end=" ")
        from db import queries
        queries.set_setting(app.db, "probe", "written")  # a write, committed through the Store
        assert queries.setting(app.conn, "probe") == "written" and queries.get_meeting(app.db, {demo.id}).title
        print("sqlite_utils" in sys.modules, end=" ")

asyncio.run(first_screen())"""
    code = f"import sys\n{statement}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-", "False"]
