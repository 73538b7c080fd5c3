"""Keys: every binding has an id, a user keymap file remaps them (Textual's keymap), bad files change nothing,
and the one adapter that translates binding descriptions still works with this Textual."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from core.model import SlotStatus
from db import queries
from tests.drivers import FakeClock
from tui.app import make_app
from tui.keys import KeymapError, keymap_path, localize_bindings, read_keymap

ROOT = Path(__file__).resolve().parents[1]


def binding_ids() -> dict[str, list[str]]:
    """Every `Binding(...)` written in tui/, by file: its id ("" when it has none)."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Binding":
                ids = [kw.value for kw in node.keywords if kw.arg == "id"]
                text = ast.unparse(ids[0]).removeprefix("f") if ids else '""'  # f"live.tab_{n}" as written
                found.setdefault(str(path.relative_to(ROOT)), []).append(text.strip("'\""))
    return found


def test_every_binding_has_an_id_and_the_readme_lists_it():
    ids = [binding_id for file_ids in binding_ids().values() for binding_id in file_ids]
    assert ids and "" not in ids
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z_]+\.[a-z_{}0-9]+)`", readme))
    missing = {binding_id for binding_id in ids if binding_id not in listed and "{" not in binding_id}
    assert missing == set()
    assert "live.tab_{n}" in listed  # the number keys 1–7


def test_the_keymap_file_lives_in_the_config_directory(tmp_path):
    assert keymap_path() == tmp_path / "xdg-config" / "fupan" / "keymap.toml"  # conftest's XDG_CONFIG_HOME


def test_a_keymap_file_is_read_per_screen_or_by_full_id(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('"app.quit" = "ctrl+x"\n[live]\nnext = "ctrl+right"\nskip = ["f5", "ctrl+k"]\n', encoding="utf-8")
    assert read_keymap(path) == {"app.quit": "ctrl+x", "live.next": "ctrl+right", "live.skip": "f5,ctrl+k"}
    assert read_keymap(tmp_path / "none.toml") == {}


@pytest.mark.parametrize("content, says", [
    ("[live\n", "line 1"),
    ("[live]\nnext = 3\n", "live.next"),
    ("[live]\nnext = []\n", "live.next"),
])
def test_a_bad_keymap_file_names_the_file_and_the_entry(tmp_path, content, says):
    path = tmp_path / "keymap.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KeymapError) as caught:
        read_keymap(path)
    for lang in ("zh", "en"):
        message = caught.value.message(lang)
        assert str(path) in message and says in message


async def test_a_remapped_key_moves_to_the_next_presenter_and_the_old_key_no_longer_does(tmp_path, db_path, demo):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[live]\nnext = "ctrl+right"\n', encoding="utf-8")
    app = make_app(db_path, lang="en", meeting_id=demo.id, clock=FakeClock(), bell=False, keymap_file=keymap)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        first = app.screen.current
        await pilot.press("f2")  # start the clock, so next records the time without asking
        await pilot.pause()
        await pilot.press("f4")  # the default key, remapped away
        await pilot.pause()
        assert queries.get_slot(app.db, first.id).status is SlotStatus.PRESENTING
        await pilot.press("ctrl+right")
        await pilot.pause()
        assert queries.get_slot(app.db, first.id).status is SlotStatus.DONE
        assert app.screen.current.id != first.id


async def test_a_bad_keymap_file_is_one_notice_and_the_default_keys_stay(tmp_path, db_path, demo):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text("[live]\nnext = 4\n", encoding="utf-8")
    app = make_app(db_path, lang="en", meeting_id=demo.id, clock=FakeClock(), bell=False, keymap_file=keymap)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications if "keymap" in n.message.lower()] != []
        first = app.screen.current
        await pilot.press("f2", "f4")
        await pilot.pause()
        assert queries.get_slot(app.db, first.id).status is SlotStatus.DONE


class _Words(Screen[None]):
    BINDINGS = [Binding("f4", "noop", "key.next", id="words.next")]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self, {"key.next": "下一位"}.get)

    def action_noop(self) -> None:
        pass


async def test_translated_binding_words_reach_the_footer_and_keep_their_id_for_the_keymap():
    """`localize_bindings` rewrites a node's private bindings map: this fails if Textual changes under it."""

    class Words(App[None]):
        def on_mount(self) -> None:
            self.set_keymap({"words.next": "ctrl+right"})
            self.push_screen(_Words())

    app = Words()
    async with app.run_test() as pilot:
        await pilot.pause()
        active = {binding.id: (key, binding.description) for key, (_n, binding, _e, _t) in
                  app.screen.active_bindings.items() if binding.id}
        assert active["words.next"] == ("ctrl+right", "下一位")
        assert _Words.BINDINGS[0].description == "key.next"  # the class data is untouched
