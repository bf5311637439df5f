"""Lighthouse scores for a few text pages of the built course (a report, not a test).

    .venv/bin/python benchmarks/lighthouse_report.py [_build/html] [--page book/welcome.html ...]

Serves the built book on 127.0.0.1 and runs Lighthouse 12.2.3 (from npm, installed on first
use into the browser cache beside axe-core; 13.x wants Node 22) with Debian's Chromium,
headless, outside hosts blocked. Lighthouse's default is a simulated mid-range phone on a
slow 4G connection, which is the reader this course is built for. Goals (issue "Tested in a
real browser"): accessibility >= 95, performance >= 90 on text pages. Prints the scores and
the metrics behind the performance score; exits 0 either way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import BLOCK_OUTSIDE, CHROMIUM, LIGHTHOUSE, npm_package, serve  # noqa: E402

PAGES = ["book/welcome.html", "book/lessons/trust.html", "book/elements/ethics.html", "book/scoring.html",
         "case_studies/rural-telecentres/index.html", "book/glossary.html"]
GOALS = {"accessibility": 95, "performance": 90}
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index"]
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", f'"{BLOCK_OUTSIDE}"']


def run_lighthouse(lighthouse: Path, url: str, output: Path) -> dict[str, object]:
    command = [str(lighthouse), url, "--quiet", "--output=json", f"--output-path={output}",
               "--only-categories=accessibility,performance", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, timeout=300)
    return json.loads(output.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "_build" / "html")
    parser.add_argument("--page", action="append", help="a page to score (repeatable); default: a few text pages")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        parser.error(f"{args.site} has no index.html: build the book first (make book)")
    if not CHROMIUM.exists():
        parser.error(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    package = npm_package(*LIGHTHOUSE)
    lighthouse = package.parent / ".bin" / "lighthouse"
    pages = args.page or PAGES
    rows = []
    with serve(args.site) as base, tempfile.TemporaryDirectory() as work:
        for number, relative in enumerate(pages):
            report = run_lighthouse(lighthouse, f"{base}/{relative}", Path(work) / f"{number}.json")
            categories = report["categories"]
            audits = report["audits"]
            scores = {name: round(100 * (categories[name]["score"] or 0)) for name in GOALS}  # type: ignore[index]
            metrics = {name: audits[name]["displayValue"] for name in METRICS}  # type: ignore[index]
            failing = [audit["id"] for audit in audits.values()  # type: ignore[union-attr]
                       if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
                       and any(ref["id"] == audit["id"] for ref in categories["accessibility"]["auditRefs"])]  # type: ignore[index]
            rows.append((relative, scores, metrics, failing))
            print(f"{relative}: accessibility {scores['accessibility']}, performance {scores['performance']}  "
                  + ", ".join(f"{name} {value}" for name, value in metrics.items())
                  + (f"  failing: {', '.join(failing)}" if failing else ""), flush=True)
    print()
    for name, goal in GOALS.items():
        lowest = min(scores[name] for _, scores, _, _ in rows)
        print(f"{name}: lowest {lowest} (goal {goal}) {'ok' if lowest >= goal else 'BELOW GOAL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
