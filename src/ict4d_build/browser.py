"""Playwright helpers: serve a built site on 127.0.0.1 and drive Debian's Chromium.

Used by the browser tests (their pytest-only helpers are in tests/_browser.py), the page-weight
report (`python -m ict4d_build.page_weight`), the JupyterLite benchmark and the Lighthouse report.
Never run `playwright install`: these helpers use the system Chromium at /usr/bin/chromium
(`apt-get install -y chromium`).

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
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty, Queue
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
CHROMIUM = Path(os.environ.get("ICT4D_CHROMIUM", "/usr/bin/chromium"))
# npm packages the tests and reports use (not site content), installed on first use. Outside the
# repository, so the book build never reads their files.
CACHE = Path(os.environ.get("ICT4D_BROWSER_CACHE")
             or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ict4d-training" / "npm")
AXE_CORE = ("axe-core", "4.10.2")
LIGHTHOUSE = ("lighthouse", "12.2.3")  # 13.x wants Node 22; Debian has Node 20

# Any host but 127.0.0.1 fails to resolve, so a request to the outside fails loudly.
OUTSIDE_RULES = "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
BLOCK_OUTSIDE = f"--host-resolver-rules={OUTSIDE_RULES}"
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


def npm_package(name: str, version: str) -> Path:
    """The folder of an npm package in the cache, installing it with npm the first time."""
    prefix = CACHE / f"{name}-{version}"
    folder = prefix / "node_modules" / name
    if not (folder / "package.json").exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(f"npm is needed to install {name}@{version} (apt-get install -y npm)")
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--save-exact",
                        "--loglevel=error", f"{name}@{version}"], check=True, stdout=sys.stderr)
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a production host sends them: text gzipped, nothing cached."""

    gzipped: ClassVar[dict[tuple[str, float], bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # Every page load in a test starts from nothing, as for a first-time reader.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        content_type = self.guess_type(path)
        if (not os.path.isfile(path) or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not any(kind in content_type for kind in COMPRESSIBLE)):
            super().do_GET()
            return
        key = (path, os.path.getmtime(path))
        body = self.gzipped.get(key)
        if body is None:
            body = self.gzipped[key] = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that leaves a page drops its unfinished requests; that is no error of the site.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] | None = None) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yields the base URL.

    The default handler serves as the tests want (gzip, nothing cached); a benchmark may pass its own.
    """
    handler = functools.partial(handler_class or _QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
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
def chromium(headless: bool = True, *, local_names: tuple[str, ...] = ()) -> Iterator[Any]:
    """A Playwright Browser on Debian's Chromium with outside hosts blocked.

    `local_names` resolve to 127.0.0.1 too; a page at such a name is not a secure context, as a
    trainer's laptop seen across a room (http://192.168.1.10:8000) is not.
    """
    from playwright.sync_api import sync_playwright

    rules = "".join(f"MAP {name} 127.0.0.1 , " for name in local_names) + OUTSIDE_RULES
    args = [arg for arg in LAUNCH_ARGS if arg != BLOCK_OUTSIDE] + [f"--host-resolver-rules={rules}"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=headless)
        try:
            yield browser
        finally:
            browser.close()


def html_pages(site: Path) -> list[str]:
    """Every page the book wrote, as paths relative to the site ('book/welcome.html').

    Sphinx's pages (they load documentation_options.js) and the root redirect; not HTML that
    other tools put beside them (a JupyterLite app, the widget manager's folders).
    """
    pages = []
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        if "_static" in path.parts or any(part.startswith("@") for part in path.parts):
            continue
        if relative == "index.html" or "documentation_options.js" in path.read_text(encoding="utf-8", errors="replace"):
            pages.append(relative)
    return sorted(pages)


def has_widgets(site: Path, relative: str) -> bool:
    """A page that shows notebook widgets.

    Drawn as HTML at build time (book/_ext/widget_pages.py), or, were that ever undone, as
    embedded widget state for a widget manager.
    """
    text = (site / relative).read_text(encoding="utf-8")
    return 'class="ict4d-static-widget"' in text or "application/vnd.jupyter.widget-state+json" in text


_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")


def blocking_scripts(site: Path, relative: str) -> list[tuple[str, int]]:
    """Scripts in a page's head that hold up its first paint (no async, no defer): (src, bytes on disk).

    Raw bytes, not gzipped: the browser parses and runs all of it before it draws anything.
    """
    from bs4 import BeautifulSoup

    path = site / relative
    head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
    found: list[tuple[str, int]] = []
    for script in head.find_all("script") if head else ():
        kind = str(script.get("type") or "").lower()
        if kind not in _SCRIPT_TYPES or kind == "module" or script.has_attr("async") or script.has_attr("defer"):
            continue
        source = str(script.get("src") or "")
        if source:
            file = (path.parent / urlsplit(source).path).resolve()
            found.append((source, file.stat().st_size if file.exists() else 0))
        else:
            found.append(("(inline)", len(script.get_text().encode("utf-8"))))
    return found


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
    responses: list[Any] = field(default_factory=list, repr=False)

    @property
    def wire(self) -> int:
        return sum(resource.wire for resource in self.resources)

    @property
    def problems(self) -> list[str]:
        return ([f"console error: {text}" for text in self.console_errors]
                + [f"page error: {text}" for text in self.page_errors]
                + [f"failed request: {text}" for text in self.failed]
                + [f"request outside 127.0.0.1: {text}" for text in self.outside])


def measure(load: PageLoad) -> None:
    """Turn the recorded responses into sizes (call before the page's context closes)."""
    for response in load.responses:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            continue
        content_type = response.headers.get("content-type", "")
        load.resources.append(Resource(response.url, _kind(response.request.resource_type, content_type),
                                       len(body), wire_size(body, content_type)))
    load.responses.clear()


def _kind(resource_type: str, content_type: str) -> str:
    if resource_type in ("document", "script", "stylesheet", "font", "image"):
        return resource_type
    if "javascript" in content_type:
        return "script"
    return "other"


class Visitor:
    """One browser tab that records what each page it opens fetches and logs.

    The server sends `Cache-Control: no-store`, so every visit costs what a first visit does.
    """

    def __init__(self, page: Any, sizes: bool = False) -> None:
        self.page = page
        self.sizes = sizes
        self.load = PageLoad("")
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.load.page_errors.append(str(error)))
        page.on("request", self._on_request)
        page.on("requestfailed", lambda request: self.load.failed.append(f"{request.url} ({request.failure})"))
        page.on("response", self._on_response)

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.load.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _on_request(self, request: Any) -> None:
        if not is_local(request.url):
            self.load.outside.append(request.url)

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.load.failed.append(f"{response.url} (HTTP {response.status})")
        if self.sizes and not response.url.startswith("data:"):
            self.load.responses.append(response)

    def visit(self, url: str, settle: bool = True) -> PageLoad:
        """Open `url`, wait until the network is quiet (and, with `settle`, the page drawn), and return what happened."""
        self.load = PageLoad(url)
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        if settle:
            self.page.evaluate(DRAWN)
        if self.sizes:
            measure(self.load)
        return self.load


# Fonts loaded and two frames painted: what a reader sees once the page has stopped moving.
DRAWN = "() => document.fonts.ready.then(() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))))"


def visit_each(base_url: str, pages: list[str], work: Callable[[Visitor, str], T], sizes: bool = False,
               workers: int = 2) -> dict[str, T]:
    """Run `work(visitor, page)` for every page, spread over `workers` browsers in threads.

    Each thread drives its own Chromium (Playwright's sync API is one per thread), so two
    cores render and check two pages at once.
    """
    queue: Queue[str] = Queue()
    for relative in pages:
        queue.put(relative)
    results: dict[str, T] = {}
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with chromium() as browser:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                visitor = Visitor(context.new_page(), sizes=sizes)
                while not errors:
                    try:
                        relative = queue.get_nowait()
                    except Empty:
                        break
                    results[relative] = work(visitor, relative)
                context.close()
        except BaseException as error:  # reported in the calling thread
            errors.append(error)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, min(workers, len(pages))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return {relative: results[relative] for relative in pages}
