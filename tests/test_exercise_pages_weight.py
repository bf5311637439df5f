"""Exercise pages (every page that shows widgets) on a phone over a slow link (issue 12).

Budgets: a first visit, served gzip-compressed as ict4d_build.browser serves it, costs at
most 300 KB at the median widget page and 500 KB on the heaviest; no page's head holds a
render-blocking script over 50 KB. On a 390x844 phone the frozen design builder is one column
with usable inputs; on a laptop it is two. `python -m ict4d_build.page_weight` prints the figures.

Set ICT4D_SITE=<built html folder> to test a book that is already built.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pytest

from _browser import require
from ict4d_build.browser import (
    PageLoad,
    blocking_scripts,
    chromium,
    chromium_missing_reason,
    has_widgets,
    html_pages,
    measure,
    serve,
    visit_each,
)

MEDIAN_WIDGET_PAGE_KB = 300
HEAVIEST_WIDGET_PAGE_KB = 500
BLOCKING_SCRIPT_KB = 50
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
BUILDER_PAGE = "exercises/03-design-a-partnership.html"


@pytest.fixture(scope="session")
def widget_pages(built_site: Path) -> list[str]:
    pages = [relative for relative in html_pages(built_site) if has_widgets(built_site, relative)]
    assert len(pages) >= 7, pages  # the six exercises and the health-check form
    return pages


@pytest.mark.book
def test_no_page_has_a_render_blocking_script_over_50_kb(built_site: Path) -> None:
    pages = html_pages(built_site)
    assert len(pages) >= 40
    heavy = {relative: [(name, size) for name, size in blocking_scripts(built_site, relative)
                        if size > BLOCKING_SCRIPT_KB * 1000] for relative in pages}
    heavy = {relative: found for relative, found in heavy.items() if found}
    assert not heavy, heavy
    # The check sees the head's scripts at all: every Sphinx page blocks on a few small ones.
    assert blocking_scripts(built_site, BUILDER_PAGE)


@pytest.fixture(scope="session")
def phone_loads(built_site: Path, widget_pages: list[str]) -> dict[str, tuple[PageLoad, int]]:
    """Each widget page loaded once on a phone-sized screen: what it fetched, and its scroll width."""
    require(chromium_missing_reason())

    def load(visitor: Any, relative: str) -> tuple[PageLoad, int]:
        visitor.page.set_viewport_size(PHONE)
        # Everything a first paint needs has arrived once the load event has fired and the fonts
        # the page asked for are in (they are requested late, from the style sheets). Waiting for
        # "network idle" instead timed out now and then on a busy machine with nothing pending.
        visitor.load = PageLoad(f"{base}/{relative}")
        visitor.page.goto(visitor.load.url, wait_until="load")
        visitor.page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        measure(visitor.load)
        return visitor.load, int(visitor.page.evaluate("document.documentElement.scrollWidth"))

    with serve(built_site) as base:
        return visit_each(base, widget_pages, load, sizes=True)


@pytest.mark.book
@pytest.mark.browser
def test_widget_pages_are_light_on_a_first_visit(phone_loads: dict[str, tuple[PageLoad, int]]) -> None:
    wire = {relative: load.wire for relative, (load, _width) in phone_loads.items()}
    median, heaviest = statistics.median(wire.values()), max(wire, key=lambda relative: wire[relative])
    assert median <= MEDIAN_WIDGET_PAGE_KB * 1000, f"median widget page {median / 1000:.0f} KB"
    assert wire[heaviest] <= HEAVIEST_WIDGET_PAGE_KB * 1000, f"{heaviest}: {wire[heaviest] / 1000:.0f} KB"
    problems = {relative: load.problems for relative, (load, _width) in phone_loads.items() if load.problems}
    assert not problems, problems


@pytest.mark.book
@pytest.mark.browser
def test_widget_pages_fit_a_phone_screen(phone_loads: dict[str, tuple[PageLoad, int]]) -> None:
    too_wide = {relative: width for relative, (_load, width) in phone_loads.items() if width > PHONE["width"]}
    assert not too_wide, too_wide


def _builder_geometry(page: Any) -> dict[str, float]:
    builder = page.locator(".ict4d-static-widget .ict4d-builder").first
    form, side = builder.locator(":scope > .widget-vbox").nth(0), builder.locator(":scope > .widget-vbox").nth(1)
    title_for = builder.get_by_text("Title", exact=True).first.get_attribute("for")
    form_box, side_box = form.bounding_box(), side.bounding_box()
    title_box = page.locator(f"[id='{title_for}']").bounding_box()
    return {"form_left": form_box["x"], "form_right": form_box["x"] + form_box["width"],
            "form_bottom": form_box["y"] + form_box["height"], "side_left": side_box["x"], "side_top": side_box["y"],
            "title_width": title_box["width"], "form_width": form_box["width"]}


@pytest.mark.book
@pytest.mark.browser
def test_the_frozen_builder_is_one_column_on_a_phone_and_two_on_a_laptop(built_site: Path) -> None:
    require(chromium_missing_reason())
    with serve(built_site) as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(f"{base}/{BUILDER_PAGE}")
        phone = _builder_geometry(page)
        page.set_viewport_size(LAPTOP)
        laptop = _builder_geometry(page)
        context.close()
    # Phone: the scorecard under the form, the form as wide as the text, the title box usable.
    assert phone["side_top"] >= phone["form_bottom"] - 1, phone
    assert phone["form_width"] >= PHONE["width"] - 60, phone
    assert phone["title_width"] >= 200, phone
    # Laptop: side by side.
    assert laptop["side_left"] >= laptop["form_right"] - 1, laptop
    assert laptop["title_width"] >= 150, laptop
