"""Print stylesheet (book/_static/print.css), in Chromium with print media emulated: a case study
prints without its trainer notes, an exercise prints its questions and widgets but not its code or
its model answer; on screen, all of it is still there. Pages print A4 portrait."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from _browser import in_thread, require
from ict4d_build.browser import chromium, chromium_missing_reason, serve

pytestmark = pytest.mark.browser

CASE = "case_studies/farm-prices-by-text/index.html"
EXERCISE_1 = "exercises/01-partnership-or-contract.html"
CODE = "advisor = ContractAdvisor()"
QUESTION = "Can the result you need be specified in advance"

VISIBLE = """(text) => [...document.querySelectorAll("h2, p, pre, div.highlight, .widget-html-content, li")]
  .filter(e => e.textContent.includes(text))
  .some(e => e.offsetParent !== null && e.getClientRects().length > 0)"""


def _visible(page: Any, text: str) -> bool:
    return bool(page.evaluate(VISIBLE, text))


def _views(site: Path, relative: str, texts: tuple[str, ...]) -> dict[str, dict[str, bool]]:
    """For each medium, whether each text is visible on the page."""
    def work() -> dict[str, dict[str, bool]]:
        with serve(site) as base_url, chromium() as browser:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{base_url}/{relative}", wait_until="load")
            views = {}
            for medium in ("screen", "print"):
                page.emulate_media(media=medium)
                views[medium] = {text: _visible(page, text) for text in texts}
            return views

    return in_thread(work)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    require(chromium_missing_reason())
    return built_site


def test_print_css_loads_without_blocking_the_screen(built_site: Path) -> None:
    for relative in (CASE, EXERCISE_1):
        soup = BeautifulSoup((built_site / relative).read_text(encoding="utf-8"), "html.parser")
        links = [link for link in soup.select("link[rel=stylesheet]") if "print.css" in str(link.get("href"))]
        assert len(links) == 1 and links[0].get("media") == "print", relative
    assert (built_site / "_static" / "print.css").stat().st_size < 3000


def test_a_printed_case_study_has_no_trainer_notes(site: Path) -> None:
    views = _views(site, CASE, ("Trainer notes", "Discussion questions", "The setting"))
    assert views["screen"]["Trainer notes"], "the trainer notes are on the page on screen"
    assert not views["print"]["Trainer notes"]
    assert views["print"]["Discussion questions"] and views["print"]["The setting"]


def test_a_printed_exercise_shows_the_questions_not_the_code(site: Path) -> None:
    views = _views(site, EXERCISE_1, (CODE, QUESTION, "Reflection questions", "Model answer", "The scenario"))
    assert views["screen"][CODE] and views["screen"]["Model answer"]
    assert not views["print"][CODE]
    assert not views["print"]["Model answer"]
    assert views["print"][QUESTION], "the decision aid's questions print, from the static widget"
    assert views["print"]["Reflection questions"] and views["print"]["The scenario"]


def test_pages_print_portrait_and_a_certificate_landscape(site: Path) -> None:
    """progress.css asks for landscape for the certificate; print.css keeps that to certificates."""
    def work() -> list[tuple[float, float]]:
        with serve(site) as base_url, chromium() as browser:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            sizes = []
            for relative, certificate in ((EXERCISE_1, False), ("book/certificate.html", True)):
                page.goto(f"{base_url}/{relative}", wait_until="load")
                if certificate:  # as progress.js does when a learner's certificate is on screen
                    page.evaluate("() => document.documentElement.classList.add('ict4d-has-certificate')")
                box = re.search(rb"MediaBox *\[0 0 ([\d.]+) ([\d.]+)\]", page.pdf(prefer_css_page_size=True))
                assert box is not None
                sizes.append((float(box.group(1)), float(box.group(2))))
            return sizes

    (width, height), (certificate_width, certificate_height) = in_thread(work)
    assert width < height, "an exercise prints on A4 portrait"
    assert certificate_width > certificate_height, "a certificate prints on A4 landscape"
