"""The health-check form in JupyterLite in Chromium: ratings saved and restored, three raters' report rendered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from _browser import in_thread, require, run_all_cells
from ict4d_build.browser import chromium, chromium_missing_reason, serve

HEALTH_CHECK = "health-check.ipynb"
HEALTH_FORM = ".widget-vbox:has(> .widget-hbox button:has-text('Save my ratings'))"


def open_form(page: Any, base_url: str, lite_site: Path, errors: list[str]) -> Any:
    """Open the exercise, run all its cells as a trainee would, and wait for the empty folder's message."""
    from playwright.sync_api import expect

    page.set_default_timeout(60_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}/notebooks/index.html?path={HEALTH_CHECK}")
    form = run_all_cells(page, lite_site / "files" / HEALTH_CHECK, shown=HEALTH_FORM)
    # The last cell has run on the empty folder and says what to do.
    expect(page.locator(".jp-OutputArea-output").last).to_contain_text("needs at least two", timeout=60_000)
    return form


def rate_first_item(form: Any, name: str, organisation: str, level: str, reason: str) -> None:
    """One rater at the form: who they are, then a level and a reason for the first item."""
    form.get_by_label("Your name", exact=True).fill(name)
    form.get_by_label("Your name", exact=True).press("Enter")
    form.get_by_label("Your organisation", exact=True).fill(organisation)
    form.get_by_label("Your organisation", exact=True).press("Enter")
    first = form.locator(".jupyter-widget-Collapse-open").first
    first.get_by_label(level).first.check()
    first.get_by_label("Reason").first.fill(reason)
    first.get_by_label("Reason").first.press("Tab")


@pytest.mark.browser
def test_health_check_form_saves_and_restores_ratings_in_the_browser(lite_site: Path) -> None:
    require(chromium_missing_reason())

    def session() -> dict[str, Any]:
        from playwright.sync_api import expect

        found: dict[str, Any] = {"errors": []}
        with serve(lite_site) as base_url, chromium() as browser:
            page = browser.new_page()
            form = open_form(page, base_url, lite_site, found["errors"])
            rate_first_item(form, "Programme coordinator", "Village Network", "2 · Mostly, with gaps",
                            "The regulator applies the new licence rules.")
            expect(form).to_contain_text("1 of 20 items rated")
            form.get_by_role("button", name="Save my ratings").click()
            expect(form).to_contain_text("Saved: 1 of 20 items rated by Programme coordinator (Village Network)")
            found["saved"] = form.inner_text()

            page.reload()
            form = run_all_cells(page, lite_site / "files" / HEALTH_CHECK, shown=HEALTH_FORM)
            form.get_by_label("Your name", exact=True).fill("Programme coordinator")
            form.get_by_label("Your name", exact=True).press("Enter")
            expect(form).to_contain_text("Restored the ratings of Programme coordinator (Village Network)")
            found["restored"] = form.inner_text()
        return found

    found = in_thread(session)
    assert "drafts/health-check/health-programme-coordinator.yaml" in found["saved"]
    assert "1 of 20 items rated" in found["restored"]
    assert not [text for text in found["errors"] if "Error" in text], found["errors"]


HEALTH_RATERS = (
    ("Programme coordinator", "Village Network", "3 · Consistently, and partners can show it",
     "The regulator applies the new licence rules in every district."),
    ("Operator liaison", "Coastline Mobile", "1 · Rarely or in words only",
     "The rules exist on paper; the licence office has not used them yet."),
    ("Ministry desk officer", "Ministry of ICT", "0 · Not happening", "No licence has been issued under the new rules."),
)


@pytest.mark.browser
def test_health_check_reports_three_raters_in_the_browser(lite_site: Path) -> None:
    """Three representatives save at one laptop; the report then renders in the notebook (no jinja2 in Pyodide)."""
    require(chromium_missing_reason())

    def session() -> dict[str, Any]:
        from playwright.sync_api import expect

        found: dict[str, Any] = {"errors": []}
        with serve(lite_site) as base_url, chromium() as browser:
            page = browser.new_page()
            form = open_form(page, base_url, lite_site, found["errors"])
            for name, organisation, level, reason in HEALTH_RATERS:
                rate_first_item(form, name, organisation, level, reason)
                form.get_by_role("button", name="Save my ratings").click()
                expect(form).to_contain_text(f"Saved: 1 of 20 items rated by {name} ({organisation})")
                form.get_by_role("button", name="Next rater").click()  # the form empties for the next person
                expect(form).to_contain_text("The form is empty for the next rater")
            # The check reads the folder the form saved to: run the notebook again, as the trainer would.
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.locator("li[data-command='runmenu:run-all']").click()
            frame = page.frame_locator("iframe[title='Partnership health check report']")
            expect(frame.locator("h1")).to_have_text("Partnership health check", timeout=120_000)
            found["report"] = frame.locator("body").inner_text()
            found["flagged"] = frame.locator("#talk-first > ol > li").all_inner_texts()
            found["printed"] = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stdout']"
                                            ).all_inner_texts()
            found["stderr"] = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                                           ).all_inner_texts()
        return found

    found = in_thread(session)
    printed = "\n".join(found["printed"])
    assert "Raters: 3, from Coastline Mobile (1); Ministry of ICT (1); Village Network (1)" in printed, printed
    assert "Flagged items, to talk about first: 1" in printed, printed
    for name, organisation, _level, _reason in HEALTH_RATERS:  # the notebook's report is anonymous
        assert name not in found["report"] and organisation in found["report"]
    assert len(found["flagged"]) == 1 and "split 33%" in found["flagged"][0]
    assert not [text for text in found["stderr"] if "Error" in text or "Traceback" in text], found["stderr"]
    assert not found["errors"], found["errors"]
