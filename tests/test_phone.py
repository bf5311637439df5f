"""The built course on a phone: a 390x844 touch screen in Debian's Chromium (markers `browser`, `book`).

Most learners read the course on a phone. One browser opens every page once at that size and
checks, as a learner would see it:

* the menu button (☰) opens the site navigation and the page-contents button opens the page's
  contents, and a tap beside either panel closes it again (sphinx-book-theme 1.3 with
  pydata-sphinx-theme 0.17 bound both buttons' handlers to hidden copies, so neither did anything;
  book/_templates/sections/header.html removes the copies);
* nothing is wider than the screen unless it sits in its own scroll box; charts shrink to fit
  their container; tables fit (wide ones are stacked, one block per row), so no word is cut at a
  scroll box's edge.

Also: ☰ hides and shows the sidebar on a desktop, a link in the page-contents panel closes it, and
no launch button in the built HTML points at any repository but the course's own.

Set ICT4D_SITE=<built html folder> to test a book that is already built.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from _browser import ROOT, require
from ict4d_build.browser import PageLoad, Visitor, chromium, chromium_missing_reason, html_pages, serve

pytestmark = pytest.mark.book
browser_test = pytest.mark.browser

PHONE_SIZE = {"width": 390, "height": 844}
PHONE = {"viewport": PHONE_SIZE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PANELS = {"primary": "#pst-primary-sidebar-modal", "secondary": "#pst-secondary-sidebar-modal"}

# Visible elements of the page that reach past the screen's edges, unless an ancestor scrolls them.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || (box.right <= width + 1 && box.left >= -1)) continue;
    if (!scrolls(element)) {
      wide.push(`${element.tagName.toLowerCase()}.${[...element.classList].join(".")} ` +
                `${Math.round(box.left)}..${Math.round(box.right)} px`);
    }
  }
  return {page: document.documentElement.scrollWidth, screen: width, wide: wide.slice(0, 5)};
}"""

# Charts and pictures wider than the box that holds them (they should shrink, not scroll).
WIDE_CHARTS = """() => [...document.querySelectorAll("article svg, article img, article canvas")]
  .filter(chart => chart.checkVisibility() && chart.getBoundingClientRect().width > 40)
  .filter(chart => chart.getBoundingClientRect().width > chart.parentElement.clientWidth + 1)
  .map(chart => `${chart.tagName.toLowerCase()}.${[...chart.classList].join(".")} ` +
       `${Math.round(chart.getBoundingClientRect().width)} px in ${chart.parentElement.clientWidth} px`)"""

# Tables wider than their box: allowed only when the box scrolls (a notebook output, say); the
# course's own tables (stacked on a phone by book/_ext/accessible_pages.py) must fit, so that no
# word is cut at a scroll box's edge.
CUT_TABLES = """() => {
  const scrolled = (table) => {
    for (let box = table.parentElement; box && box.tagName !== "ARTICLE"; box = box.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  return [...document.querySelectorAll("article table")]
  .filter(table => table.checkVisibility())
  .filter(table => table.getBoundingClientRect().width > table.parentElement.clientWidth + 1)
  .filter(table => table.matches(".ict4d-stack") || !scrolled(table))
  .map(table => `${table.rows[0] ? table.rows[0].innerText.replace(/\\s+/g, " ").slice(0, 60) : "table"}: ` +
       `${Math.round(table.getBoundingClientRect().width)} px in ${table.parentElement.clientWidth} px`);
}"""

# Words the layout breaks across two lines (too narrow a column); hyphens, slashes and web
# addresses (one long "word" with no other place to break) may break.
BROKEN_WORDS = """() => {
  const broken = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.querySelector(".bd-main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.checkVisibility({visibilityProperty: true}) || /:\\/\\//.test(node.data)) continue;
    for (const word of node.data.matchAll(/[^\\s\\/\\u002d\\u2010-\\u2014]{2,}/g)) {
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].filter(box => box.width > 0).map(box => Math.round(box.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  return broken.slice(0, 10);
}"""

SHOWN_LINKS = """(selector) => [...document.querySelectorAll(`${selector} a[href]`)].filter(link => {
  const box = link.getBoundingClientRect();
  return link.checkVisibility({visibilityProperty: true}) && box.width > 0 && box.left >= 0 && box.right <= innerWidth;
}).length"""


@dataclass
class PhonePage:
    overflow: dict[str, Any]
    wide_charts: list[str]
    cut_tables: list[str]
    broken_words: list[str]
    menus: dict[str, str] = field(default_factory=dict)  # button -> what went wrong ("" when it worked)
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser_site(built_site: Path) -> Path:
    require(chromium_missing_reason())
    return built_site


@pytest.fixture(scope="module")
def base_url(browser_site: Path) -> Iterator[str]:
    with serve(browser_site) as url:
        yield url


# Module scope: the browser closes before another test module opens its own.
@pytest.fixture(scope="module")
def browser(browser_site: Path) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _pages(site: Path) -> list[str]:
    # index.html only redirects to the welcome page.
    return [page for page in html_pages(site) if page != "index.html"]


def _panel_toggle(page: Any, which: str) -> Any:
    return page.locator(f".bd-header-article .{which}-toggle")


def _try_panel(page: Any, which: str) -> str:
    """Tap the panel's button, expect its panel to show links, tap beside it, expect it gone."""
    from playwright.sync_api import TimeoutError as NoChange

    dialog = PANELS[which]
    _panel_toggle(page, which).tap()
    try:
        page.wait_for_function("(dialog) => document.querySelector(dialog).open", arg=dialog, timeout=5_000)
    except NoChange:
        return "tapping the button opened nothing"
    if page.evaluate(SHOWN_LINKS, dialog) == 0:
        return "the panel opened with no link on screen"
    box = page.locator(dialog).bounding_box()
    beside = box["x"] + box["width"] + 10 if box["x"] < 40 else box["x"] - 10
    page.touchscreen.tap(beside, PHONE_SIZE["height"] / 2)
    try:
        page.wait_for_function("(dialog) => !document.querySelector(dialog).open", arg=dialog, timeout=5_000)
    except NoChange:
        return "a tap beside the panel did not close it"
    return ""


@pytest.fixture(scope="module")
def phone_pages(browser_site: Path, base_url: str, browser: Any) -> dict[str, PhonePage]:
    """Every page once on the phone: widths first, then both panel buttons."""
    context = browser.new_context(**PHONE)
    visitor = Visitor(context.new_page())
    page = visitor.page
    results = {}
    for relative in _pages(browser_site):
        # "load" and the fonts, not network quiet: under load on two cores Chromium's network-idle
        # signal sometimes never comes, though every request has finished.
        load = visitor.load = PageLoad(f"{base_url}/{relative}")
        page.goto(load.url, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        report = PhonePage(page.evaluate(OVERFLOW), page.evaluate(WIDE_CHARTS), page.evaluate(CUT_TABLES),
                           page.evaluate(BROKEN_WORDS))
        for which in PANELS:
            if which == "primary" or _panel_toggle(page, which).count():
                report.menus[which] = _try_panel(page, which)
        report.problems = load.problems
        results[relative] = report
    context.close()
    return results


@browser_test
def test_every_page_was_opened_on_the_phone(phone_pages: dict[str, PhonePage]) -> None:
    assert len(phone_pages) >= 40
    assert {"book/welcome.html", "book/scoring.html", "search.html"} <= set(phone_pages)
    # Chapters have sections, so their page-contents button was tried too.
    assert sum("secondary" in report.menus for report in phone_pages.values()) >= 30


@browser_test
def test_menu_button_opens_and_closes_the_navigation_on_every_page(phone_pages: dict[str, PhonePage]) -> None:
    failed = {name: report.menus.get("primary", "no menu button") for name, report in phone_pages.items()
              if report.menus.get("primary", "no menu button")}
    assert not failed, "\n".join(f"{name}: {why}" for name, why in failed.items())


@browser_test
def test_page_contents_button_opens_and_closes_the_contents_on_every_page(phone_pages: dict[str, PhonePage]) -> None:
    failed = {name: report.menus["secondary"] for name, report in phone_pages.items() if report.menus.get("secondary")}
    assert not failed, "\n".join(f"{name}: {why}" for name, why in failed.items())


@browser_test
def test_nothing_is_wider_than_the_phone_outside_a_scroll_box(phone_pages: dict[str, PhonePage]) -> None:
    wide = {name: report.overflow for name, report in phone_pages.items()
            if report.overflow["wide"] or report.overflow["page"] > report.overflow["screen"]}
    assert not wide, "\n".join(f"{name}: page {found['page']} px on a {found['screen']} px screen; {found['wide']}"
                               for name, found in wide.items())


@browser_test
def test_charts_shrink_to_their_container(phone_pages: dict[str, PhonePage]) -> None:
    wide = {name: report.wide_charts for name, report in phone_pages.items() if report.wide_charts}
    assert not wide, wide


@browser_test
def test_course_tables_fit_the_phone_and_others_scroll_in_a_box(phone_pages: dict[str, PhonePage]) -> None:
    cut = {name: report.cut_tables for name, report in phone_pages.items() if report.cut_tables}
    assert not cut, "\n".join(f"{name}: {tables}" for name, tables in cut.items())


@browser_test
def test_no_word_is_broken_across_lines(phone_pages: dict[str, PhonePage]) -> None:
    broken = {name: report.broken_words for name, report in phone_pages.items() if report.broken_words}
    assert not broken, "\n".join(f"{name}: {words}" for name, words in broken.items())


@browser_test
def test_the_phone_pages_log_no_error_when_the_panels_are_used(phone_pages: dict[str, PhonePage]) -> None:
    problems = {name: report.problems for name, report in phone_pages.items() if report.problems}
    assert not problems, problems


@browser_test
def test_rubric_table_on_a_phone_names_each_level_beside_its_text(browser: Any, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/book/elements/ethics.html")
    cell = page.locator("article table td[data-label='0 Not in place']").first
    label = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    text_box, row_box = cell.bounding_box(), cell.locator("xpath=..").bounding_box()
    context.close()
    assert label == '"0 Not in place"'
    # Stacked: the level's cell spans the row's width instead of being one column of six.
    assert text_box["width"] > 0.8 * row_box["width"]


@browser_test
def test_a_link_in_the_page_contents_panel_closes_it_and_shows_the_section(browser: Any, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/book/welcome.html")
    _panel_toggle(page, "secondary").tap()
    dialog = page.locator(PANELS["secondary"])
    link = dialog.get_by_role("link", name="Where to start")
    link.tap()
    page.wait_for_function("() => !document.querySelector('#pst-secondary-sidebar-modal').open", timeout=5_000)
    assert page.url.endswith("#where-to-start")
    page.wait_for_function("() => { const box = document.getElementById('where-to-start').getBoundingClientRect();"
                           " return box.top >= 0 && box.top < innerHeight; }", timeout=5_000)
    context.close()


@browser_test
def test_menu_button_hides_and_shows_the_sidebar_on_a_desktop(browser: Any, base_url: str) -> None:
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(f"{base_url}/book/lessons/trust.html")
    sidebar = page.locator("#pst-primary-sidebar")
    link = sidebar.get_by_role("link", name="Glossary")
    link.wait_for(state="visible")
    _panel_toggle(page, "primary").click()
    link.wait_for(state="hidden")
    assert not page.evaluate("document.querySelector('#pst-primary-sidebar-modal').open")
    _panel_toggle(page, "primary").click()
    link.wait_for(state="visible")
    context.close()


# --- launch buttons (the built HTML, no browser) ---------------------------------------------

LAUNCH_HOSTS = re.compile(r"mybinder\.org|/hub/user-redirect|colab\.research\.google\.com|deepnote\.com")


def _course_repository() -> str:
    config = YAML(typ="safe").load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return str((config.get("repository") or {}).get("url") or "").rstrip("/")


def test_no_launch_button_points_at_another_repository(built_site: Path) -> None:
    repository = _course_repository()
    found: dict[str, list[str]] = {}
    pages = _pages(built_site)
    for relative in pages:
        soup = BeautifulSoup((built_site / relative).read_text(encoding="utf-8"), "html.parser")
        links = [str(a.get("href", "")) for a in soup.select(".dropdown-launch-buttons a, a[href]")]
        launches = [href for href in links if LAUNCH_HOSTS.search(href) or "executablebooks/jupyter-book" in href]
        if launches:
            found[relative] = launches
    assert len(pages) >= 40
    if not repository:
        # No repository named in _config.yml: no launch button at all (Jupyter Book's own default
        # repository would be launched otherwise).
        assert not found, found
    else:
        owner_repo = "/".join(repository.split("/")[-2:])
        wrong = {name: [href for href in hrefs if owner_repo not in href] for name, hrefs in found.items()}
        assert not any(wrong.values()), wrong


def test_launch_menu_is_dropped_only_while_the_repository_is_jupyter_books_default() -> None:
    spec = importlib.util.spec_from_file_location("launch_buttons", ROOT / "book" / "_ext" / "launch_buttons.py")
    assert spec is not None and spec.loader is not None
    launch_buttons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launch_buttons)
    placeholder = launch_buttons._jupyter_book_default()
    assert placeholder == "https://github.com/executablebooks/jupyter-book"
    assert not launch_buttons.repository_is_set(placeholder, placeholder)
    assert not launch_buttons.repository_is_set(placeholder + "/", placeholder)
    assert not launch_buttons.repository_is_set("", placeholder)
    assert launch_buttons.repository_is_set("https://github.com/cto/ict4d-training", placeholder)

    def page_buttons(repository_set: bool) -> list[str]:
        app = SimpleNamespace(ict4d_launch_buttons=repository_set)
        context = {"header_buttons": [{"label": "download-buttons"}, {"label": launch_buttons.LAUNCH_GROUP}]}
        launch_buttons.drop_launch_buttons(app, "page", "page.html", context, None)
        return [button["label"] for button in context["header_buttons"]]

    assert page_buttons(repository_set=False) == ["download-buttons"]
    assert page_buttons(repository_set=True) == ["download-buttons", "launch-buttons"]
