"""Time from opening an exercise in JupyterLite to a live design builder.

    python benchmarks/bench_lite.py [--site _build/html/lite] [--runs 3]

Each cold run starts Debian's Chromium with a new, empty profile (no HTTP cache, no service
worker, no stored files), opens exercise 3 in JupyterLite, chooses Run > Run All Cells as a
trainee would, and stops the clock when the builder answers a click: "Add a partner" adds a
row, which needs the Python kernel. The phases are timed too: the notebook on screen, the
builder drawn, the round trip. A warm run reloads the same tab (files stored, no cache: the
test server sends no-store, so every byte is fetched again from 127.0.0.1).

The goal in the issue is under 15 s cold on a 2-core machine. The machine's load average is
printed with the result, since other work on the same two cores slows every phase.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import chromium, chromium_missing_reason, is_local, serve, wire_size  # noqa: E402

EXERCISE = "03-design-a-partnership.ipynb"
GOAL_SECONDS = 15.0


def open_builder(page: Any, url: str, cells: int) -> dict[str, float]:
    started = time.monotonic()
    page.goto(url)
    # Every cell on the page: "Run All Cells" chosen earlier would run only those already there.
    page.wait_for_function("(cells) => document.querySelectorAll('.jp-Notebook .jp-Cell').length >= cells", arg=cells,
                           timeout=120_000)
    shown = time.monotonic()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    builder = page.locator(".widget-hbox:has(button:has-text('Add a partner'))").first
    builder.wait_for(state="visible", timeout=300_000)
    drawn = time.monotonic()
    partners = builder.locator(".jupyter-widget-Collapse:has(> .jupyter-widget-Collapse-header:has-text('Partners'))")
    partners.locator("> .jupyter-widget-Collapse-header").click()
    rows = builder.locator("button:has-text('Remove')")
    before = rows.count()
    builder.get_by_role("button", name="Add a partner").click()
    rows.nth(before).wait_for(timeout=120_000)
    live = time.monotonic()
    return {"notebook shown": shown - started, "builder drawn": drawn - started, "live (a click answered)": live - started}


def fetched(responses: list[Any]) -> tuple[int, int]:
    """Bytes of every response, and what a server that gzips text would send."""
    raw = wire = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            continue
        raw += len(body)
        wire += wire_size(body, response.headers.get("content-type", ""))
    return raw, wire


def measure(site: Path, runs: int) -> tuple[list[dict[str, float]], list[dict[str, float]], list[str], tuple[int, int]]:
    cold: list[dict[str, float]] = []
    warm: list[dict[str, float]] = []
    outside: list[str] = []
    sizes = (0, 0)
    cells = len(json.loads((site / "files" / EXERCISE).read_text(encoding="utf-8"))["cells"])
    with serve(site) as base_url:
        url = f"{base_url}/notebooks/index.html?path={EXERCISE}"
        for run in range(runs):
            with chromium() as browser:  # a new browser, a new empty profile
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.on("request", lambda request: None if is_local(request.url) else outside.append(request.url))
                responses: list[Any] = []

                def record(response: Any, into: list[Any] = responses) -> None:
                    into.append(response)

                if run == 0:
                    context.on("response", record)
                page = context.new_page()
                cold.append(open_builder(page, url, cells))
                if run == 0:
                    context.remove_listener("response", record)
                    sizes = fetched(responses)
                warm.append(open_builder(page, url, cells))  # same tab, stored files and service worker
                context.close()
    return cold, warm, outside, sizes


def report(label: str, timings: list[dict[str, float]]) -> None:
    print(f"{label} ({len(timings)} runs, median; all runs in brackets):")
    for phase in timings[0]:
        values = [run[phase] for run in timings]
        print(f"  {phase:<26} {statistics.median(values):6.1f} s   [{', '.join(f'{v:.1f}' for v in values)}]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html" / "lite",
                        help="a JupyterLite build (default: %(default)s; built into a temporary folder if missing)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reason = chromium_missing_reason()
    if reason:
        print(f"bench_lite: skipped, {reason}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if not (site / "jupyter-lite.json").exists():
            site = Path(scratch) / "lite"
            subprocess.run([sys.executable, str(ROOT / "scripts" / "build_lite.py"), "--output", str(site)], check=True,
                           stdout=subprocess.DEVNULL)
        print(f"JupyterLite: time from opening {EXERCISE} to a live design builder, on {os.cpu_count()} cores "
              f"(load average before: {os.getloadavg()[0]:.1f})")
        cold, warm, outside, (raw, wire) = measure(site, args.runs)
    print(f"Fetched to open the exercise and run it: {raw / 1e6:.1f} MB ({wire / 1e6:.1f} MB from a server that gzips text)")
    report("Cold (new browser profile)", cold)
    report("Warm (reload in the same tab)", warm)
    median = statistics.median(run["live (a click answered)"] for run in cold)
    verdict = "meets" if median < GOAL_SECONDS else "misses"
    print(f"Cold median {median:.1f} s {verdict} the goal of {GOAL_SECONDS:.0f} s "
          f"(load average after: {os.getloadavg()[0]:.1f}).")
    if outside:
        print(f"Requests outside 127.0.0.1: {sorted(set(outside))}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
