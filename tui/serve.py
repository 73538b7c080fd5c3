"""`fupan serve`: the room's clock in a browser, through textual-serve.

Each browser that opens the page gets its own `fupan clock` process (textual-serve runs the command and
relays the terminal over a websocket; its page assets are bundled, so it works offline). The served
command is the clock and nothing else, and the clock cannot write: read-only by construction.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from core.i18n import Lang, text
from tui.console import say

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
ANY_HOSTS = ("0.0.0.0", "::", "")


def clock_command(db_path: Path, meeting_id: int | None, lang: Lang) -> str:
    """The shell command textual-serve runs for each browser: this Python's `fupan clock`."""
    argv = [sys.executable, "-m", "tui.cli", "--db", str(Path(db_path).resolve()), "--lang", lang, "clock"]
    if meeting_id is not None:
        argv.append(str(meeting_id))
    return shlex.join(argv)


def urls_for(host: str, port: int) -> list[str]:
    """The address(es) to open: localhost's, and this machine's network addresses when listening on all."""
    if host not in ANY_HOSTS:
        shown = f"[{host}]" if ":" in host else host
        return [f"http://{shown}:{port}"]
    addresses = ["127.0.0.1", *sorted(a for a in _network_addresses() if not a.startswith("127."))]
    return [f"http://{address}:{port}" for address in addresses]


def _network_addresses() -> set[str]:
    found: set[str] = set()
    with contextlib.suppress(OSError):
        found |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # a UDP "connect" sends nothing: it picks the outgoing address
        found.add(probe.getsockname()[0])
    return found


def serve_clock(db_path: Path, *, meeting_id: int | None, lang: Lang, host: str, port: int) -> None:
    """Serve the clock until Ctrl+C or SIGTERM (both stop the server cleanly, exit status 0)."""
    from aiohttp import web
    from textual_serve.server import Server

    def announce(*_: Any) -> None:
        if host not in LOCAL_HOSTS:
            say(text("serve.public", lang).format(host=host))
        say(text("serve.open", lang))
        for url in urls_for(host, port):
            say(f"  {url}")
        say(text("serve.stop", lang))

    class ClockServer(Server):
        async def handle_index(self, request: Any) -> Any:
            # The page tells the browser where the websocket is: the address the browser used, so
            # a laptop that opened http://192.168.1.20:8000 is not sent to 0.0.0.0 or localhost.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def on_startup(self, app: Any) -> None:
            """Nothing to say yet: the socket is not listening until the app has started (see serve)."""

        def serve(self, debug: bool = False) -> None:
            """textual-serve's, except that the URLs are printed once the socket listens (aiohttp's
            ``print``), so whoever opens them as soon as they appear is not refused."""
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError):  # not on this OS
                    loop.add_signal_handler(sig, self.request_exit)
            web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                        print=announce)

    server = ClockServer(clock_command(db_path, meeting_id, lang), host=host, port=port,
                         title=text("clock.title", lang))
    server.serve()
