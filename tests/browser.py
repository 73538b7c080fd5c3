"""A screenshot of a page in headless Chromium, taken once the page has drawn (DevTools protocol).

Chromium's own ``--screenshot`` fires at the load event, before textual-serve's websocket has brought
the app's first frame; this waits in real time, then asks the page for a screenshot.

    python -m tests.browser URL OUT.png [--wait 6]   # e.g. the README's picture of `fupan serve`
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _capture(debug_port: int, url: str, out: Path, wait: float, timeout: float) -> None:
    import aiohttp  # installed with textual-serve

    async with aiohttp.ClientSession() as session:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:  # the browser takes a moment to open its debugging port
            try:
                async with session.put(f"http://127.0.0.1:{debug_port}/json/new?{url}") as response:
                    target = await response.json()
                break
            except aiohttp.ClientError:
                if asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.2)
        await asyncio.sleep(wait)
        async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            await ws.send_json({"id": 1, "method": "Page.captureScreenshot", "params": {"format": "png"}})
            async for message in ws:
                reply = message.json()
                if reply.get("id") == 1:
                    out.write_bytes(base64.b64decode(reply["result"]["data"]))
                    return


def screenshot(url: str, out: Path, *, wait: float = 6.0, size: tuple[int, int] = (1280, 720),
               timeout: float = 60.0) -> None:
    """Open ``url`` in headless Chromium, wait ``wait`` seconds of real time, save a PNG to ``out``."""
    browser = chromium()
    if browser is None:
        raise FileNotFoundError("chromium")
    port = _free_port()
    # Chromium's helper processes may still be writing the profile when its main process has exited (under
    # load a test once failed on "Directory not empty: 'Default'"): they are stopped as one process group,
    # and what they leave behind does not fail the test.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--window-size={size[0]},{size[1]}", f"--remote-debugging-port={port}",
             f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            asyncio.run(asyncio.wait_for(_capture(port, url, out, wait, timeout), timeout + wait))
        finally:
            _stop_group(process)


def _stop_group(process: subprocess.Popen) -> None:
    """Stop the browser and every process it started (its session's process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # helpers that outlived it
    process.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("out", type=Path)
    parser.add_argument("--wait", type=float, default=6.0)
    args = parser.parse_args()
    screenshot(args.url, args.out, wait=args.wait)
