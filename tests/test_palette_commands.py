"""The command palette lists each of the screen's keys once, with the key to press under its name (the
name was said twice), so a key the footer had no room for is found and learnt there."""

from __future__ import annotations

import pytest

from tests.drivers import live_app, open_live


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_each_screen_command_shows_its_key_not_its_name_again(db_path, demo, lang):
    app = live_app(db_path, demo.id, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_live(pilot)
        commands = list(screen.palette_commands())
        titles = [command.title for command in commands]
        assert len(titles) == len(set(titles))
        assert all(command.help and command.help != command.title for command in commands)
        by_title = {command.title: command.help for command in commands}
        next_one = next(b for b in screen.BINDINGS if b.id == "live.next")  # F4: the next presenter
        assert by_title[app.t(next_one.description)] == app.get_key_display(next_one)
        assert by_title[app.t(next_one.description)].lower().startswith("f4")
