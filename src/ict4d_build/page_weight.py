"""Print what a first visit to every page of the built course costs over the wire.

    python -m ict4d_build.page_weight _build/html [--budget] [--resources N] [--json FILE]

Each page is opened in Debian's Chromium (Playwright, outside hosts blocked) with an empty
cache; the HTML and every script, style sheet, font and image it loads are summed as a web
server that gzips text would send them (fonts and raster images as they are). Text pages are
pages without widgets; widget pages (the exercises, whose frozen widgets are drawn as HTML at
build time) are reported apart.

Budgets (issues "Light pages" and 12): for text pages and for widget pages alike, median
<= 300 KB and heaviest <= 500 KB; no render-blocking script over 50 KB in any page's head.
With --budget the script exits 1 when any is exceeded.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from ict4d_build.browser import (
    PageLoad,
    blocking_scripts,
    chromium_missing_reason,
    has_widgets,
    html_pages,
    serve,
    visit_each,
)
from ict4d_build.source_tree import BUILD
from ict4d_training.files.writing import write_atomically

MEDIAN_BUDGET_KB = 300
HEAVIEST_BUDGET_KB = 500
BLOCKING_SCRIPT_BUDGET_KB = 50
KINDS = ("document", "stylesheet", "script", "font", "image", "other")


def kb(size: float) -> str:
    return f"{size / 1000:7.1f}"


def weigh(site: Path) -> dict[str, PageLoad]:
    with serve(site) as base:
        return visit_each(base, html_pages(site), lambda visitor, relative: visitor.visit(f"{base}/{relative}"),
                          sizes=True)


def report(site: Path, loads: dict[str, PageLoad], resources: int) -> dict[str, object]:
    widget_pages = {relative for relative in loads if has_widgets(site, relative)}
    width = max(len(relative) for relative in loads)
    print(f"{'page':<{width}}  {'reqs':>4}  " + "  ".join(f"{kind[:6]:>7}" for kind in KINDS) + "   total KB")
    for relative, load in sorted(loads.items(), key=lambda item: item[1].wire):
        by_kind: dict[str, int] = defaultdict(int)
        for resource in load.resources:
            by_kind[resource.kind] += resource.wire
        mark = "  (widgets)" if relative in widget_pages else ""
        print(f"{relative:<{width}}  {len(load.resources):>4}  " + "  ".join(kb(by_kind[kind]) for kind in KINDS)
              + f"  {kb(load.wire)}{mark}")
        for problem in load.problems:
            print(f"    ! {problem}")
    text = {relative: load.wire for relative, load in loads.items() if relative not in widget_pages}
    widgets = {relative: load.wire for relative, load in loads.items() if relative in widget_pages}
    median = statistics.median(text.values()) if text else 0.0
    heaviest = max(text, key=lambda relative: text[relative]) if text else ""
    print()
    print(f"text pages: {len(text)}   median {median / 1000:.1f} KB (budget {MEDIAN_BUDGET_KB})   "
          f"heaviest {text.get(heaviest, 0) / 1000:.1f} KB {heaviest} (budget {HEAVIEST_BUDGET_KB})")
    widget_median = statistics.median(widgets.values()) if widgets else 0.0
    widget_heaviest = max(widgets, key=lambda relative: widgets[relative]) if widgets else ""
    if widgets:
        print(f"widget pages: {len(widgets)}   median {widget_median / 1000:.1f} KB (budget {MEDIAN_BUDGET_KB})   "
              f"heaviest {widgets[widget_heaviest] / 1000:.1f} KB {widget_heaviest} (budget {HEAVIEST_BUDGET_KB})")
    blocking = {relative: max((size for _name, size in blocking_scripts(site, relative)), default=0)
                for relative in loads}
    worst = max(blocking, key=lambda relative: blocking[relative]) if blocking else ""
    print(f"largest render-blocking script in a page's head: {blocking.get(worst, 0) / 1000:.1f} KB raw "
          f"({worst}; budget {BLOCKING_SCRIPT_BUDGET_KB})")
    everything: dict[str, tuple[int, int, set[str]]] = {}
    for relative, load in loads.items():
        for resource in load.resources:
            name = urlsplit(resource.url).path
            raw, wire, pages = everything.get(name, (resource.raw, resource.wire, set()))
            pages.add(relative)
            everything[name] = (raw, wire, pages)
    if resources:
        print(f"\nheaviest files (KB over the wire, KB raw, pages that load them), top {resources}:")
        for name, (raw, wire, pages) in sorted(everything.items(), key=lambda item: -item[1][1])[:resources]:
            print(f"  {kb(wire)} {kb(raw)}  {len(pages):>3}  {name}")
    return {
        "pages": {relative: {"wire_bytes": load.wire, "requests": len(load.resources),
                             "widgets": relative in widget_pages, "problems": load.problems}
                  for relative, load in loads.items()},
        "text_median_bytes": median,
        "text_heaviest_bytes": text.get(heaviest, 0),
        "text_heaviest_page": heaviest,
        "widget_median_bytes": widget_median,
        "widget_heaviest_bytes": widgets.get(widget_heaviest, 0),
        "widget_heaviest_page": widget_heaviest,
        "blocking_script_largest_bytes": blocking.get(worst, 0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ict4d_build.page_weight", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", default=BUILD / "html", help="the built html folder")
    parser.add_argument("--budget", action="store_true", help="exit 1 when a budget is exceeded")
    parser.add_argument("--resources", type=int, default=15, help="list the N heaviest files (0: none)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        parser.error(f"{args.site} has no index.html: build the book first (make book)")
    reason = chromium_missing_reason()
    if reason:
        parser.error(reason)
    figures = report(args.site, weigh(args.site), args.resources)
    if args.json:
        write_atomically(args.json, json.dumps(figures, indent=2) + "\n")
    over = any(figures[f"{kind}_median_bytes"] > MEDIAN_BUDGET_KB * 1000  # type: ignore[operator]
               or figures[f"{kind}_heaviest_bytes"] > HEAVIEST_BUDGET_KB * 1000  # type: ignore[operator]
               for kind in ("text", "widget"))
    over = over or figures["blocking_script_largest_bytes"] > BLOCKING_SCRIPT_BUDGET_KB * 1000  # type: ignore[operator]
    if args.budget and over:
        print("over budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
