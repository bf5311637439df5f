"""Lighthouse scores for every page of the built course, on a phone (a report, not a test).

    .venv/bin/python benchmarks/lighthouse_report.py [_build/html] [--page book/welcome.html ...]

Serves the built book on 127.0.0.1 as a web host would (text gzip-compressed, by
ict4d_build.browser.serve) and runs Lighthouse 12.2.3 (from npm, installed on first use into
the browser cache beside axe-core; 13.x wants Node 22) with Debian's Chromium, headless, outside
hosts blocked. Lighthouse's default profile is the reader this course is built for: a simulated
mid-range phone (412x823) on a slow 4G connection.

Prints one line per page (text pages, then exercise pages): performance, accessibility, the
metrics behind the performance score, the accessibility audits that fail and the console errors,
then a summary. Goals (issue 12): performance >= 90, accessibility 100, no console error; pages
that miss one are flagged. About 15 s a page on two cores; exits 0 either way.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ict4d_build.browser import BLOCK_OUTSIDE, CHROMIUM, LIGHTHOUSE, html_pages, npm_package, serve

ROOT = Path(__file__).resolve().parent.parent

GOALS = {"performance": 90, "accessibility": 100}
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", f'"{BLOCK_OUTSIDE}"']
# Pages that only redirect (Jupyter Book's index.html) have nothing to score.
SKIP = {"index.html"}


@dataclass
class Score:
    page: str
    scores: dict[str, int]
    metrics: dict[str, str]
    failing: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        flags = [f"{name} below {goal}" for name, goal in GOALS.items() if self.scores[name] < goal]
        return flags + (["console error"] if self.console_errors else [])


def run_lighthouse(lighthouse: Path, url: str, output: Path) -> dict[str, Any]:
    command = [str(lighthouse), url, "--quiet", "--output=json", f"--output-path={output}",
               "--only-categories=accessibility,performance", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, timeout=300)
    return json.loads(output.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def summarise(page: str, report: dict[str, Any]) -> Score:
    categories, audits = report["categories"], report["audits"]
    scores = {name: round(100 * (categories[name]["score"] or 0)) for name in GOALS}
    metrics = {short: audits[name].get("displayValue", "?") for name, short in METRICS.items()}
    accessibility = {ref["id"] for ref in categories["accessibility"]["auditRefs"]}
    failing = sorted(audit["id"] for audit in audits.values()
                     if audit["id"] in accessibility and audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0)
    items = (audits.get("errors-in-console", {}).get("details") or {}).get("items", [])
    errors = [f"{item.get('description', '')[:120]} ({item.get('sourceLocation', {}).get('url', item.get('url', ''))})"
              for item in items]
    return Score(page, scores, metrics, failing, errors)


def _line(score: Score) -> str:
    line = (f"{score.page:<52} performance {score.scores['performance']:>3}  accessibility "
            f"{score.scores['accessibility']:>3}  " + " ".join(f"{name} {value}" for name, value in score.metrics.items()))
    if score.failing:
        line += f"  failing: {', '.join(score.failing)}"
    for error in score.console_errors:
        line += f"\n    console error: {error}"
    if score.flags:
        line += f"\n    FLAGGED: {'; '.join(score.flags)}"
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "_build" / "html")
    parser.add_argument("--page", action="append", help="a page to score (repeatable); default: every page")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        parser.error(f"{args.site} has no index.html: build the book first (make book)")
    if not CHROMIUM.exists():
        parser.error(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    lighthouse = npm_package(*LIGHTHOUSE).parent / ".bin" / "lighthouse"
    pages = args.page or [page for page in html_pages(args.site) if page not in SKIP]
    groups = {"text pages": [page for page in pages if not page.startswith("exercises/")],
              "exercise pages": [page for page in pages if page.startswith("exercises/")]}
    print(f"Lighthouse {LIGHTHOUSE[1]}, mobile profile (simulated slow 4G), site served gzip-compressed; "
          f"goals: performance >= {GOALS['performance']}, accessibility {GOALS['accessibility']}, no console error")
    results: dict[str, list[Score]] = {}
    with serve(args.site) as base, tempfile.TemporaryDirectory() as work:
        for group, members in groups.items():
            if not members:
                continue
            print(f"\n{group} ({len(members)})", flush=True)
            for number, relative in enumerate(members):
                try:
                    report = run_lighthouse(lighthouse, f"{base}/{relative}", Path(work) / f"{group[0]}{number}.json")
                except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
                    why = "timed out" if isinstance(error, subprocess.TimeoutExpired) else f"exit {error.returncode}"
                    print(f"{relative:<52} Lighthouse failed ({why}; its message is above)", flush=True)
                    continue
                score = summarise(relative, report)
                results.setdefault(group, []).append(score)
                print(_line(score), flush=True)
    print()
    for group, scores in results.items():
        performance = [score.scores["performance"] for score in scores]
        accessibility = [score.scores["accessibility"] for score in scores]
        flagged = [score.page for score in scores if score.flags]
        print(f"{group}: performance median {statistics.median(performance):.0f}, lowest {min(performance)}; "
              f"accessibility lowest {min(accessibility)}; "
              + (f"{len(flagged)} flagged: {', '.join(flagged)}" if flagged else "none flagged"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
