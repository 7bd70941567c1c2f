"""Helpers for driving the built site in headless Chromium.

Shared by tests/test_browser.py and scripts/screenshots.py: build the site
in-process, serve it on an ephemeral local port, launch Debian's Chromium
through Playwright, and keep every request on the local server.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Request

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def build_site(config_file: Path, site_dir: Path) -> None:
    """A real `mkdocs build` of config_file into site_dir, in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(config_file), site_dir=str(site_dir)))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that drops a connection mid-response is not our problem.
        pass


@contextmanager
def serve(site_dir: Path | str) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1 (ephemeral port); yields the base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def chromium_available() -> bool:
    """Whether Debian's Chromium is installed and executable."""
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def launch(playwright: Playwright) -> Browser:
    """Headless Chromium from /usr/bin/chromium (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


@contextmanager
def chromium_session() -> Iterator[Browser]:
    """Playwright and headless Chromium for the length of a `with` block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def is_local(url: str) -> bool:
    """Whether a request goes to the local test server (or needs no network at all)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True  # data:, blob:, about: ...
    return parts.hostname in LOCAL_HOSTS


def block_external(context: BrowserContext) -> list[str]:
    """Abort every request that would leave this machine; returns the (live) list of their URLs."""
    blocked: list[str] = []

    def abort(route: Any) -> None:
        blocked.append(route.request.url)
        route.abort()

    context.route(lambda url: not is_local(url), abort)
    return blocked


@dataclass
class PageWatch:
    """What went wrong while a page was open: console errors, uncaught errors, failed requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_failures: list[str] = field(default_factory=list)
    local_failures: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> PageWatch:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{error.name}: {error.message}"))
        page.on("requestfailed", self._on_request_failed)
        return self

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # The only console error allowed: the browser reporting a request to
        # another host failed (block_external aborts those on purpose).
        if url and not is_local(url) and message.text.startswith("Failed to load resource"):
            return
        self.console_errors.append(f"{message.text} (at {url or '?'}:{message.location.get('lineNumber')})")

    def _on_request_failed(self, request: Request) -> None:
        entry = f"{request.url} ({request.failure})"
        (self.local_failures if is_local(request.url) else self.external_failures).append(entry)
