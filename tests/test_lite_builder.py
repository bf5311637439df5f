"""Exercise 3's design builder in JupyterLite in Chromium: it scores, saves and restores a draft; the
exercise pages' links open the notebooks, and the notebooks' links open the book and the model
answer. Chromium resolves no host but 127.0.0.1 and every request is recorded.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from _browser import in_thread, require, run_all_cells
from _lite import EXERCISE, add_partner, open_step, partner_rows
from ict4d_build.browser import chromium, chromium_missing_reason, is_local, serve

# --- the builder and the links in the browser -------------------------------------------


@pytest.mark.browser
def test_builder_scores_saves_and_restores_a_draft_in_the_browser(lite_site: Path) -> None:
    require(chromium_missing_reason())

    def session() -> dict[str, Any]:
        from playwright.sync_api import expect

        seen: list[str] = []
        found: dict[str, Any] = {}
        with serve(lite_site) as base_url, chromium() as browser:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            context.on("request", lambda request: seen.append(request.url))
            page = context.new_page()
            page.set_default_timeout(60_000)
            started = time.monotonic()
            page.goto(f"{base_url}/notebooks/index.html?path={EXERCISE}")
            builder = run_all_cells(page, lite_site / "files" / EXERCISE)
            found["seconds_to_builder"] = time.monotonic() - started
            scorecard = builder.locator(":scope > .widget-vbox").nth(1)
            expect(scorecard).to_contain_text("No score yet")
            builder.get_by_label("Title", exact=True).fill("Storm warnings for coastal fishers")
            add_partner(builder, "coops", "Federation of Fishing Cooperatives", "community")
            expect(scorecard).to_contain_text("Overall", timeout=60_000)
            expect(scorecard).to_contain_text("fewer than two partners")
            one_partner = scorecard.inner_text()
            add_partner(builder, "weather", "National Weather Office", "government")
            expect(scorecard).not_to_contain_text("fewer than two partners", timeout=60_000)
            found["scorecards"] = (one_partner, scorecard.inner_text())
            status = builder.get_by_text(re.compile(r"Draft saved to drafts/exercise-3\.yaml"))
            expect(status).to_be_visible(timeout=60_000)
            with page.expect_download() as download:
                builder.get_by_role("link", name="design.yaml").click()
            found["download_name"] = download.value.suggested_filename
            found["download"] = Path(download.value.path()).read_text(encoding="utf-8")

            page.reload()
            builder = run_all_cells(page, lite_site / "files" / EXERCISE)
            expect(builder).to_contain_text("Restored your draft from drafts/exercise-3.yaml", timeout=60_000)
            open_step(builder, "Partners")
            rows = partner_rows(builder)
            found["restored_names"] = [rows.nth(index).get_by_label("Name", exact=True).input_value()
                                       for index in range(rows.count())]
            found["restored_title"] = builder.get_by_label("Title", exact=True).input_value()
            found["errors"] = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                                           ).all_inner_texts()
            context.close()
        found["outside"] = sorted({url for url in seen if not is_local(url)})
        return found

    found = in_thread(session)
    print(f"time to a live builder (first load): {found['seconds_to_builder']:.1f} s")
    one_partner, two_partners = found["scorecards"]
    assert one_partner != two_partners
    assert found["download_name"] == "design.yaml"
    assert "Federation of Fishing Cooperatives" in found["download"] and "weather" in found["download"]
    assert found["restored_names"] == ["Federation of Fishing Cooperatives", "National Weather Office"]
    assert found["restored_title"] == "Storm warnings for coastal fishers"
    assert not [text for text in found["errors"] if "Traceback" in text or "Error" in text], found["errors"]
    assert found["outside"] == []


def test_exercise_pages_link_to_their_notebook_and_load_nothing_from_it(built_site: Path, lite_site: Path) -> None:
    from bs4 import BeautifulSoup

    pages = [*sorted((built_site / "exercises").glob("0*.html")), built_site / "exercises" / "health-check.html"]
    assert len(pages) >= 7
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = soup.select("a.lite-launch-link")
        assert [link["href"] for link in links] == [f"../lite/notebooks/index.html?path={page.stem}.ipynb"], page.name
        assert links[0].get_text() == "Run this exercise in your browser"
        assert (lite_site / "files" / f"{page.stem}.ipynb").exists(), page.name
        # Only a link: the page itself fetches nothing of JupyterLite or Pyodide.
        for tag in soup.find_all(["script", "link", "iframe", "img", "source"]):
            for attribute in ("src", "href"):
                value = tag.get(attribute) or ""
                assert "lite/" not in value and "pyodide" not in value, (page.name, str(tag))


@pytest.mark.browser
def test_link_on_the_exercise_page_opens_the_notebook(published_site: Path) -> None:
    """The published layout: the book, with the JupyterLite site in its lite/ folder."""
    require(chromium_missing_reason())

    def session() -> str:
        with serve(published_site) as base_url, chromium() as browser:
            page = browser.new_page()
            page.goto(f"{base_url}/exercises/{EXERCISE.replace('.ipynb', '.html')}")
            page.get_by_role("link", name="Run this exercise in your browser").click()
            page.locator(".jp-Notebook h1", has_text="Exercise 3: Design a partnership").wait_for(timeout=90_000)
            return str(page.url)

    url = in_thread(session)
    assert url.endswith(f"/lite/notebooks/index.html?path={EXERCISE}")


@pytest.mark.browser
def test_notebook_links_lead_to_the_book_and_to_the_model_answer(published_site: Path) -> None:
    """In the published layout, a link in a notebook's Markdown opens the book's page (not a file in the
    browser's storage), and the model answer opens as a notebook of its own."""
    require(chromium_missing_reason())

    def session() -> dict[str, str]:
        found: dict[str, str] = {}
        with serve(published_site) as base_url, chromium() as browser:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base_url}/lite/notebooks/index.html?path={EXERCISE}")
            link = page.locator(".jp-RenderedMarkdown a", has_text="Development outcomes").first
            link.wait_for(timeout=90_000)
            with context.expect_page() as book_page:
                link.click()
            book_page.value.wait_for_load_state()
            found["book_url"] = book_page.value.url
            found["book_heading"] = book_page.value.locator("#development-outcomes h2, #development-outcomes h3"
                                                            ).first.inner_text()
            answer = page.locator(".jp-RenderedMarkdown a", has_text="open the model answer")
            with context.expect_page() as answer_page:
                answer.click()
            heading = answer_page.value.locator(".jp-Notebook h1", has_text="Model answer to Exercise 3")
            heading.wait_for(timeout=90_000)
            found["answer_url"] = answer_page.value.url
        return found

    found = in_thread(session)
    assert found["book_url"].endswith("/book/elements/objectives.html#development-outcomes")
    assert "Development outcomes" in found["book_heading"]
    assert found["answer_url"].endswith("path=03-design-a-partnership-model-answer.ipynb")


@pytest.mark.browser
def test_builder_warns_when_the_browser_keeps_no_files(lite_site: Path) -> None:
    """Served from an address that is not the machine's own (a trainer's laptop across the room),
    the exercise runs, but its draft lives only as long as the tab: the builder says so."""
    require(chromium_missing_reason())

    def session() -> dict[str, Any]:
        from playwright.sync_api import expect

        found: dict[str, Any] = {}
        with serve(lite_site) as base_url, chromium(local_names=("course.test",)) as browser:
            page = browser.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{base_url.replace('127.0.0.1', 'course.test')}/notebooks/index.html?path={EXERCISE}")
            found["secure"] = page.evaluate("window.isSecureContext")
            builder = run_all_cells(page, lite_site / "files" / EXERCISE)
            builder.get_by_label("Title", exact=True).fill("Storm warnings for coastal fishers")
            add_partner(builder, "coops", "Federation of Fishing Cooperatives", "community")
            add_partner(builder, "weather", "National Weather Office", "government")
            status = builder.get_by_text(re.compile(r"Draft saved to drafts/exercise-3\.yaml"))
            expect(status).to_contain_text("Kept only until this tab closes or reloads", timeout=60_000)
            found["status"] = status.inner_text()
        return found

    found = in_thread(session)
    assert found["secure"] is False
    assert "Use the download link to keep your work." in found["status"]
