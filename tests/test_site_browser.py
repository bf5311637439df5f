"""The built course in a real browser: Debian's Chromium driven by Playwright (marker `browser`).

The book is built once (strict, into a temporary folder) and served on 127.0.0.1; Chromium
resolves no other host, and every request is recorded too. One pass opens every page: no
console error, no failed request, nothing from outside 127.0.0.1, no serious or critical
axe-core violation, and the weight budget of the issue "Light pages". Other tests click
through navigation, search, knowledge checks, dropdowns and widgets as a reader would.

Skipped when /usr/bin/chromium is missing, except under CI=true, where that fails.
Set ICT4D_SITE=<built html folder> to test a book that is already built.
"""

from __future__ import annotations

import os
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ict4d_build.browser import (
    AXE_CORE,
    DRAWN,
    PageLoad,
    Visitor,
    chromium,
    chromium_missing_reason,
    has_widgets,
    html_pages,
    npm_package,
    serve,
    visit_each,
)

pytestmark = pytest.mark.browser

MEDIAN_TEXT_PAGE_KB = 300
HEAVIEST_TEXT_PAGE_KB = 500
BLOCKING_IMPACTS = ("serious", "critical")
AXE_RUN = """async () => {
  // preload off: axe would fetch the style sheets again, resolving @import against the page.
  const results = await axe.run(document, {preload: false, resultTypes: ["violations"]});
  return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


def _require(reason: str | None) -> None:
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_site(built_site: Path) -> Path:
    _require(chromium_missing_reason())
    return built_site


@pytest.fixture(scope="session")
def base_url(browser_site: Path) -> Iterator[str]:
    with serve(browser_site) as url:
        yield url


# Per module: a sync Playwright left open for the session would stop later modules starting theirs.
@pytest.fixture(scope="module")
def browser(browser_site: Path) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def tab(browser: Any) -> Iterator[Visitor]:
    """A fresh tab; whatever a test does in it must log no error and fetch nothing from outside."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = Visitor(context.new_page())
    yield visitor
    problems = visitor.load.problems
    context.close()
    assert not problems, problems


@pytest.fixture(scope="session")
def axe_source() -> str:
    try:
        folder = npm_package(*AXE_CORE)
    except Exception as error:  # no npm, or no registry
        _require(f"axe-core is not available: {error}")
        raise
    return (folder / "axe.min.js").read_text(encoding="utf-8")


# Icons (<i class="fa-...">) that would show as nothing: no glyph rule left for their class.
BLANK_ICONS = """() => [...document.querySelectorAll("i.fa, i[class*='fa-']")]
  .filter(e => ["none", "normal", '""', ""].includes(getComputedStyle(e, "::before").content))
  .map(e => e.className)"""


@dataclass
class PageReport:
    load: PageLoad
    widgets: bool
    violations: list[dict[str, Any]] = field(default_factory=list)
    blank_icons: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def every_page(browser_site: Path, base_url: str, axe_source: str) -> dict[str, PageReport]:
    """Open every page once, as a first-time reader, and run axe-core in it (two browsers at once)."""

    def check(visitor: Visitor, relative: str) -> PageReport:
        widgets = has_widgets(browser_site, relative)
        load = visitor.visit(f"{base_url}/{relative}", settle=False)
        if widgets:
            visitor.page.wait_for_selector(".cell_output .jupyter-widgets", timeout=30_000)
            visitor.page.evaluate(DRAWN)
        blank_icons = visitor.page.evaluate(BLANK_ICONS)
        visitor.page.evaluate(axe_source)
        return PageReport(load, widgets, visitor.page.evaluate(AXE_RUN), blank_icons)

    return visit_each(base_url, html_pages(browser_site), check, sizes=True)


def test_site_has_the_pages_the_tests_expect(every_page: dict[str, PageReport]) -> None:
    assert len(every_page) >= 40
    assert sum(report.widgets for report in every_page.values()) >= 6
    for name in ("book/welcome.html", "search.html", "exercises/03-design-a-partnership.html"):
        assert name in every_page


def test_every_page_loads_without_errors_or_outside_requests(every_page: dict[str, PageReport]) -> None:
    problems = {name: report.load.problems for name, report in every_page.items() if report.load.problems}
    assert not problems, "\n".join(f"{name}: {problem}" for name, found in problems.items() for problem in found)


def test_axe_finds_no_serious_or_critical_violation(every_page: dict[str, PageReport]) -> None:
    found = [f"{name}: [{v['impact']}] {v['id']}: {v['help']} at {v['nodes']}"
             for name, report in every_page.items() for v in report.violations if v["impact"] in BLOCKING_IMPACTS]
    assert not found, "\n".join(found)


def test_every_icon_has_a_glyph(every_page: dict[str, PageReport]) -> None:
    blank = {name: report.blank_icons for name, report in every_page.items() if report.blank_icons}
    assert not blank, blank


def test_text_pages_are_light(every_page: dict[str, PageReport]) -> None:
    text = {name: report.load.wire for name, report in every_page.items() if not report.widgets}
    median, heaviest = statistics.median(text.values()), max(text, key=lambda name: text[name])
    assert median <= MEDIAN_TEXT_PAGE_KB * 1000, f"median text page {median / 1000:.0f} KB"
    assert text[heaviest] <= HEAVIEST_TEXT_PAGE_KB * 1000, f"{heaviest}: {text[heaviest] / 1000:.0f} KB"


def test_no_widget_manager_and_the_full_icon_font_only_where_needed(every_page: dict[str, PageReport]) -> None:
    for name, report in every_page.items():
        urls = [resource.url for resource in report.load.resources]
        # Frozen widgets are drawn as HTML at build time: no page loads a widget manager.
        assert not any(url.split("?")[0].endswith(("embed-amd.js", "require.js")) for url in urls), name
        # The theme's icons come from the small subset, never from the full 156 KB font.
        assert not any(re.search(r"/fa-solid-900\.woff2", url) for url in urls), name
        assert not any("fontawesome.js" in url for url in urls), name
        assert any("fa-solid-900-subset.woff2" in url for url in urls), name


def test_next_previous_and_sidebar_navigation(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/book/welcome.html", settle=False)
    page.click("a.right-next")
    page.wait_for_url(re.compile(r"/book/partnerships\.html$"))
    assert "partnership" in page.locator("article h1").first.inner_text().lower()
    page.click("a.left-prev")
    page.wait_for_url(re.compile(r"/book/welcome\.html$"))
    page.locator("nav.bd-docs-nav").get_by_role("link", name="Glossary").click()
    page.wait_for_url(re.compile(r"/book/glossary\.html$"))
    assert page.locator("article h1").first.inner_text().strip().startswith("Glossary")


def test_sidebar_sections_open_and_close(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/book/welcome.html", settle=False)
    summary = page.locator("nav.bd-docs-nav summary[aria-label='Pages in Case studies']")
    section = summary.locator("xpath=..")
    link = section.locator("a").first
    assert not link.is_visible()
    summary.locator(".toctree-toggle").click()  # the chevron a reader clicks
    link.wait_for(state="visible")
    summary.focus()  # and from the keyboard
    page.keyboard.press("Enter")
    link.wait_for(state="hidden")


def test_search_page_lists_results(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/search.html?q=partnership", settle=False)
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 5
    assert "partnership" in page.locator("#search-results").inner_text().lower()


def test_search_box_on_a_text_page_opens_the_search_page(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/book/lessons/trust.html", settle=False)
    page.keyboard.press("Control+k")
    field_ = page.locator("#pst-search-dialog input[name='q']")
    field_.wait_for(state="visible")
    field_.fill("stakeholders")
    field_.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=stakeholders"))
    page.locator("#search-results ul.search li").first.wait_for(timeout=15_000)


def _question(page: Any, kind: str) -> tuple[Any, list[bool]]:
    form = page.locator(f"form.kc-question[data-kind='{kind}']").first
    correct = [value == "true" for value in form.locator("input").evaluate_all("els => els.map(e => e.dataset.correct)")]
    return form, correct


def test_knowledge_check_answered_wrongly_shows_feedback_and_failure(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/book/lessons/trust.html", settle=False)
    form, correct = _question(page, "single")
    wrong = correct.index(False)
    form.locator("label").nth(wrong).click()
    form.get_by_role("button", name="Check answer").click()
    feedback = form.locator(".kc-option").nth(wrong).locator(".kc-feedback")
    assert feedback.is_visible() and "kc-wrong" in (feedback.get_attribute("class") or "")
    result = form.locator(".kc-result")
    assert "kc-failure" in (result.get_attribute("class") or "")
    assert result.inner_text().startswith("Not yet")


def test_knowledge_check_answered_rightly_with_the_keyboard_shows_success(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/book/lessons/trust.html", settle=False)
    form, correct = _question(page, "single")
    # Tab into the radio group from the question's text, arrow to the right answer, Space, Tab, Enter.
    form.locator("legend").click()
    page.keyboard.press("Tab")
    assert form.locator("input").nth(0).evaluate("e => e === document.activeElement")
    for _ in range(correct.index(True)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert form.locator("button.kc-check").evaluate("e => e === document.activeElement")
    page.keyboard.press("Enter")
    result = form.locator(".kc-result")
    assert "kc-success" in (result.get_attribute("class") or ""), result.inner_text()
    assert result.inner_text().startswith("Correct")
    right = form.locator(".kc-option").nth(correct.index(True)).locator(".kc-feedback")
    assert right.is_visible() and "kc-right" in (right.get_attribute("class") or "")


def test_multiple_answer_knowledge_check_with_the_keyboard(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/book/lessons/outcomes.html", settle=False)
    form, correct = _question(page, "multiple")
    form.locator("legend").click()
    for is_correct in correct:
        page.keyboard.press("Tab")
        if is_correct:
            page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert "kc-success" in (form.locator(".kc-result").get_attribute("class") or "")


def test_solution_dropdown_opens(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/exercises/01-partnership-or-contract.html", settle=False)
    solution = page.locator(".solution.dropdown").first
    body = solution.locator(".section, p").nth(1)
    assert not body.is_visible()
    solution.locator(".admonition-title").click()
    body.wait_for(state="visible")


def test_download_menu_and_dark_mode(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/book/scoring.html", settle=False)
    page.locator(".dropdown-download-buttons > button").click()
    page.locator(".dropdown-download-buttons .dropdown-menu a[href$='.ipynb']").wait_for(state="visible")
    page.keyboard.press("Escape")
    before = page.evaluate("document.documentElement.dataset.theme")
    page.locator("button.theme-switch-button").click()
    assert page.evaluate("document.documentElement.dataset.theme") != before


def test_widgets_render_on_the_static_exercise_page(tab: Visitor, base_url: str) -> None:
    page = tab.page
    tab.visit(f"{base_url}/exercises/03-design-a-partnership.html", settle=False)
    widgets = page.locator(".cell_output .jupyter-widgets")
    widgets.first.wait_for(timeout=30_000)
    assert widgets.count() >= 10
    assert page.locator(".cell_output .jupyter-widgets input, .cell_output .jupyter-widgets textarea").count() >= 2
    assert page.locator(".jupyter-widget-Collapse-header").first.is_visible()
