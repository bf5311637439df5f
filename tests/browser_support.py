"""Shared Playwright helpers: serve a built site on 127.0.0.1 and drive Debian's Chromium.

Used by the browser tests (tests/test_site_browser.py), the page-weight script
(scripts/page_weight.py) and the Lighthouse report. Never run `playwright install`: these
helpers use the system Chromium at /usr/bin/chromium (`apt-get install -y chromium`).

    with serve(site) as base_url, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base_url}/book/welcome.html")
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("ICT4D_CHROMIUM", "/usr/bin/chromium"))

# Any host but 127.0.0.1 fails to resolve, so a request to the outside fails loudly.
BLOCK_OUTSIDE = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    BLOCK_OUTSIDE,
]

# What a web server would send compressed (the rest, fonts and raster images, goes as is).
COMPRESSIBLE = ("text/", "javascript", "json", "xml", "svg", "wasm")


def chromium_missing_reason() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # Every page load in a test starts from nothing, as for a first-time reader.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def chromium(headless: bool = True) -> Iterator[Any]:
    """A Playwright Browser on Debian's Chromium with outside hosts blocked."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=headless)
        try:
            yield browser
        finally:
            browser.close()


def html_pages(site: Path) -> list[str]:
    """Every page of a built site, as paths relative to it ('book/welcome.html')."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                  if "_static" not in path.parts and not any(part.startswith("@") for part in path.parts))


def has_widgets(site: Path, relative: str) -> bool:
    """A page whose executed notebook embeds widget state (it loads the widget manager)."""
    return "application/vnd.jupyter.widget-state+json" in (site / relative).read_text(encoding="utf-8")


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def wire_size(body: bytes, content_type: str) -> int:
    """Bytes on the wire from a server that gzips text (level 6, as nginx and Apache do)."""
    if any(kind in content_type for kind in COMPRESSIBLE):
        return min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))
    return len(body)


@dataclass
class Resource:
    url: str
    kind: str
    raw: int
    wire: int


@dataclass
class PageLoad:
    """What one first-time load of a page fetched and logged."""

    url: str
    resources: list[Resource] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    @property
    def wire(self) -> int:
        return sum(resource.wire for resource in self.resources)

    @property
    def problems(self) -> list[str]:
        return ([f"console error: {text}" for text in self.console_errors]
                + [f"page error: {text}" for text in self.page_errors]
                + [f"failed request: {text}" for text in self.failed]
                + [f"request outside 127.0.0.1: {text}" for text in self.outside])


def _kind(resource_type: str, content_type: str) -> str:
    if resource_type in ("document", "script", "stylesheet", "font", "image"):
        return resource_type
    if "javascript" in content_type:
        return "script"
    return "other"


def watch(page: Any, url: str, sizes: bool = False) -> PageLoad:
    """Record console errors, failed and outside requests (and response sizes) on `page`."""
    load = PageLoad(url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            load.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_request(request: Any) -> None:
        if not is_local(request.url):
            load.outside.append(request.url)

    def on_failed(request: Any) -> None:
        load.failed.append(f"{request.url} ({request.failure})")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            load.failed.append(f"{response.url} (HTTP {response.status})")
        if not sizes or response.url.startswith("data:"):
            return
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        content_type = response.headers.get("content-type", "")
        load.resources.append(Resource(response.url, _kind(response.request.resource_type, content_type),
                                       len(body), wire_size(body, content_type)))

    page.on("console", on_console)
    page.on("pageerror", lambda error: load.page_errors.append(str(error)))
    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    return load


def load_page(browser: Any, url: str, sizes: bool = False, settle_ms: int = 300) -> PageLoad:
    """Open `url` in a fresh context (empty cache, like a first visit) and wait for it to settle."""
    context = browser.new_context()
    try:
        page = context.new_page()
        load = watch(page, url, sizes=sizes)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(settle_ms)
        return load
    finally:
        context.close()
