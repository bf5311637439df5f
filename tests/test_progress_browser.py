"""The learner's progress and certificate in Debian's Chromium (markers `browser`, `book`).

Progress lives in the browser only (book/_static/progress.js, book/_ext/progress_pages.py): pages
read, knowledge checks answered, the last page and the course assessment, under one localStorage
key. These tests read pages as a learner does on a 390x844 phone, with Playwright's clock standing
in for the 15 seconds a page must be open: progress survives moving between pages and reloading,
is cleared on request (after a confirmation), and with storage refused (private mode) the pages
still work and say that nothing is kept. The certificate appears only after a passed assessment
(recorded through `ict4dProgress.recordAssessment`, the contract with the assessment page), shows
a hostile name as text, and prints alone. The same storage works on file:// (the offline copy
opened from the disk) and inside a frame (the SCORM package).

Set ICT4D_SITE=<built html folder> to test a book that is already built.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _browser import require
from ict4d_build.browser import Visitor, chromium, chromium_missing_reason, serve

pytestmark = [pytest.mark.book, pytest.mark.browser]

KEY = "ict4d-training-progress-v1"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
READ_AFTER_MS = 15_000
LONG_PAGE = "book/lessons/trust.html"  # far longer than a phone's screen
PASSED = {"score": 85, "passed": True, "correct": 17, "total": 20}
HOSTILE_NAMES = ['<img src=x onerror="window.__pwned = 1">', "<script>window.__pwned = 2</script> & Co"]

# Storage as a private window or a blocked site sees it: every use throws.
REFUSED_STORAGE = """Object.defineProperty(window, "localStorage", {configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); }});"""
NULL_STORAGE = 'Object.defineProperty(window, "localStorage", {configurable: true, get() { return null; }});'

# Elements with text of their own that a printer would put on paper.
PRINTED_TEXT = """() => [...document.querySelectorAll("body *")]
  .filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true}))
  .filter(e => [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.data.trim()))
  .map(e => ({inside: !!e.closest("#ict4d-certificate"), text: e.textContent.trim().slice(0, 60)}))"""


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    require(chromium_missing_reason())
    return built_site


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def phone(browser: Any) -> Iterator[Visitor]:
    """A fresh phone-sized tab with empty storage; it must log no error and fetch nothing outside."""
    context = browser.new_context(**PHONE)
    visitor = Visitor(context.new_page())
    visitor.page.clock.install()
    yield visitor
    problems = visitor.load.problems
    context.close()
    assert not problems, problems


def _open(visitor: Visitor, url: str) -> Any:
    page = visitor.page
    page.goto(url, wait_until="load")
    page.wait_for_function("() => !!window.ict4dProgress")
    return page


def _read(visitor: Visitor, url: str) -> Any:
    """Open a page, scroll to the end of its text and stay the 15 seconds a read needs."""
    page = _open(visitor, url)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(100)
    page.clock.run_for(READ_AFTER_MS + 1_000)
    return page


def _stored(page: Any) -> dict[str, Any] | None:
    text = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")
    return json.loads(text) if text else None


def _line(page: Any) -> str:
    return page.locator(".ict4d-progress-line").inner_text()


def _total(site: Path) -> int:
    html = (site / LONG_PAGE).read_text(encoding="utf-8")
    return int(html.split('data-total="', 1)[1].split('"', 1)[0])


def _page_with_checks(site: Path) -> str:
    """A course page that holds knowledge checks, from the progress page's own list."""
    html = (site / "book" / "progress.html").read_text(encoding="utf-8")
    for chunk in html.split("<li data-doc=")[1:]:
        doc, checks = chunk.split('"')[1], int(chunk.split('data-checks="')[1].split('"')[0])
        if checks and doc != "book/lessons/trust":
            return doc
    raise AssertionError("no page with knowledge checks in the progress list")


def test_reading_and_answering_are_kept_across_pages_and_reloads(phone: Visitor, base_url: str, site: Path) -> None:
    total = _total(site)
    page = _open(phone, f"{base_url}/book/welcome.html")
    assert _line(page) == f"Your progress: 0 of {total} pages"
    # Opened, but the end of the text never came on screen: not read, however long it stays open.
    page = _open(phone, f"{base_url}/{LONG_PAGE}")
    page.clock.run_for(READ_AFTER_MS + 1_000)
    assert "book/lessons/trust" not in _stored(page)["pages"]
    # Opened again, the end on screen at once: not read after 5 seconds, read after 15.
    page = _open(phone, f"{base_url}/{LONG_PAGE}")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(100)
    page.clock.run_for(5_000)
    assert "book/lessons/trust" not in _stored(page)["pages"]
    page.clock.run_for(READ_AFTER_MS - 5_000 + 500)
    assert list(_stored(page)["pages"]) == ["book/lessons/trust"]
    assert _line(page) == f"Your progress: 1 of {total} pages"

    checks_doc = _page_with_checks(site)
    page = _open(phone, f"{base_url}/{checks_doc}.html")
    form = page.locator("form.kc-question").first
    form_id = form.get_attribute("id")
    form.locator("input").first.check()
    form.get_by_role("button", name="Check answer").click()
    assert form.locator(".kc-result").inner_text()  # the check still answers as before
    page.reload()
    page.wait_for_function("() => !!window.ict4dProgress")
    stored = _stored(page)
    assert stored["version"] == 1
    assert stored["checks"][form_id]["p"] == checks_doc
    assert stored["last"]["p"] == checks_doc

    page = _open(phone, f"{base_url}/book/progress.html")
    summary = page.locator(".ict4d-progress-summary").inner_text()
    assert summary.startswith(f"You have read 1 of {total} pages and answered 1 of ")
    assert "Course assessment: not taken yet." in summary
    trust = page.locator("li[data-doc='book/lessons/trust'] > .ict4d-state")
    assert trust.inner_text() == "Read · 0 of 4 checks answered"
    assert "1 of" in page.locator(f"li[data-doc='{checks_doc}'] > .ict4d-state").inner_text()
    assert page.locator("li[data-doc='book/partnerships'] > .ict4d-state").inner_text().startswith("Not read yet")
    resume = page.locator(".ict4d-continue")
    assert resume.is_visible()
    resume.click()
    page.wait_for_url(f"**/{checks_doc}.html")


def test_a_returning_learner_is_offered_the_page_left(phone: Visitor, base_url: str) -> None:
    page = _open(phone, f"{base_url}/{LONG_PAGE}")
    # Moving on at once: the line does not offer to go back to the page just left.
    page = _open(phone, f"{base_url}/book/lessons/outcomes.html")
    assert "Continue" not in _line(page)
    page.evaluate(f"""() => {{ const d = JSON.parse(localStorage.getItem("{KEY}"));
        d.last = {{p: "book/lessons/trust", u: "{LONG_PAGE}", t: "Trust", at: Date.now() - 3 * 3600 * 1000}};
        localStorage.setItem("{KEY}", JSON.stringify(d)); }}""")
    page = _open(phone, f"{base_url}/book/elements/ethics.html")
    resume = page.get_by_role("link", name="Continue where you left off: Trust")
    assert resume.is_visible()
    # One short line on a phone.
    line = page.locator(".ict4d-progress-line")
    assert line.bounding_box()["height"] < 30, line.inner_text()
    resume.click()
    page.wait_for_url(f"**/{LONG_PAGE}")


def test_progress_is_cleared_only_when_the_learner_confirms(phone: Visitor, base_url: str) -> None:
    page = _read(phone, f"{base_url}/{LONG_PAGE}")
    page.evaluate(f"ict4dProgress.recordAssessment({json.dumps(PASSED)})")
    page = _open(phone, f"{base_url}/book/progress.html")
    assert "passed with 85% (17 of 20 questions)" in page.locator(".ict4d-progress-summary").inner_text()
    button = page.get_by_role("button", name="Clear my progress")
    page.once("dialog", lambda dialog: dialog.dismiss())
    button.click()
    assert page.locator(".ict4d-clear-result").inner_text() == "Nothing was cleared."
    assert _stored(page)["pages"] == {"book/lessons/trust": _stored(page)["pages"]["book/lessons/trust"]}
    messages: list[str] = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    button.click()
    assert "cannot be undone" in messages[0]
    assert page.locator(".ict4d-clear-result").inner_text() == "Your progress has been cleared."
    assert _stored(page) is None
    assert page.evaluate("ict4dProgress.get().pages") == {}
    assert page.locator("li[data-doc='book/lessons/trust'] > .ict4d-state").inner_text().startswith("Not read yet")
    assert "not taken yet" in page.locator(".ict4d-progress-summary").inner_text()
    page.reload()
    assert "You have read 0 of" in page.locator(".ict4d-progress-summary").inner_text()


@pytest.mark.parametrize("storage", [REFUSED_STORAGE, NULL_STORAGE], ids=["throws", "null"])
def test_with_storage_refused_everything_works_and_says_nothing_is_kept(phone: Visitor, base_url: str, site: Path,
                                                                       storage: str) -> None:
    page = phone.page
    page.context.add_init_script(storage)
    page = _open(phone, f"{base_url}/{_page_with_checks(site)}.html")
    assert _line(page) == "Progress is not kept in this browser"
    form = page.locator("form.kc-question").first
    form.locator("input").first.check()
    form.get_by_role("button", name="Check answer").click()
    assert form.locator(".kc-result").inner_text()
    assert form.locator(".kc-feedback:visible").count() == 1
    # Within the page the answer is still noted.
    assert page.evaluate("Object.keys(ict4dProgress.get().checks).length") == 1
    assert page.evaluate("ict4dProgress.kept") is False
    # The theme keeps its light/dark choice in the same storage: its menu button still works.
    page.locator(".bd-header-article .primary-toggle").tap()
    page.wait_for_function("() => document.querySelector('#pst-primary-sidebar-modal').open", timeout=5_000)

    page = _open(phone, f"{base_url}/book/progress.html")
    summary = page.locator(".ict4d-progress-summary").inner_text()
    assert summary.startswith("Your browser is not keeping progress for this course")
    assert page.locator("li[data-doc] > a").count() >= 40  # the course's pages are all still listed
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear my progress").click()
    assert page.locator(".ict4d-clear-result").inner_text() == "Your progress has been cleared."

    page = _open(phone, f"{base_url}/book/certificate.html")
    assert page.locator(".ict4d-cert-storage").is_visible()
    assert page.locator(".ict4d-cert-locked").is_visible()


def test_the_certificate_waits_for_a_passed_assessment(phone: Visitor, base_url: str) -> None:
    page = _open(phone, f"{base_url}/book/certificate.html")
    locked = page.locator(".ict4d-cert-locked")
    assert locked.is_visible()
    assert locked.get_by_role("link", name="course assessment").get_attribute("href") == "assessment.html"
    assert page.locator(".ict4d-name-form").is_hidden()
    assert page.locator("#ict4d-certificate").is_hidden()
    page.evaluate("ict4dProgress.recordAssessment({score: 55, passed: false, correct: 11, total: 20})")
    assert locked.is_visible() and page.locator(".ict4d-name-form").is_hidden()
    page.reload()
    assert locked.is_visible() and page.locator(".ict4d-name-form").is_hidden()
    page.evaluate(f"ict4dProgress.recordAssessment({json.dumps(PASSED)})")
    assert locked.is_hidden()
    assert page.locator(".ict4d-name-form").is_visible()
    # A later, failed attempt does not take back the pass.
    page.evaluate("ict4dProgress.recordAssessment({score: 40, passed: false, correct: 8, total: 20})")
    assert page.locator(".ict4d-name-form").is_visible()


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["img-onerror", "script"])
def test_the_certificate_shows_the_name_as_text(phone: Visitor, base_url: str, name: str) -> None:
    page = _read(phone, f"{base_url}/book/partnerships.html")
    page.evaluate(f"ict4dProgress.recordAssessment({json.dumps(PASSED)})")
    page = _open(phone, f"{base_url}/book/certificate.html")
    page.get_by_label("Your name, as it should appear on the certificate").fill(name)
    page.get_by_role("button", name="Show my certificate").click()
    certificate = page.locator("#ict4d-certificate")
    certificate.wait_for(state="visible")
    assert certificate.locator(".ict4d-cert-name").inner_text() == name
    assert certificate.locator("img, script").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    text = certificate.inner_text()
    assert "Multi-stakeholder partnerships for ICT4D" in text
    assert "85% (17 of 20 questions right)" in text
    assert "self-assessed" in text and "not an accredited qualification" in text
    chapters = certificate.locator(".ict4d-cert-chapters").inner_text()
    done, total = (int(part) for part in chapters.split(" of "))
    assert done == 1 and total >= 8  # "What a partnership is" is a chapter of one page
    assert page.evaluate("new Date().getFullYear()") and str(page.evaluate("new Date().getFullYear()")) in text
    page.reload()  # the name is kept with the progress
    assert page.locator("#ict4d-certificate .ict4d-cert-name").inner_text() == name


def test_printing_shows_only_the_certificate(phone: Visitor, base_url: str) -> None:
    page = _open(phone, f"{base_url}/book/certificate.html")
    page.evaluate(f"ict4dProgress.recordAssessment({json.dumps(PASSED)})")
    page.get_by_label("Your name, as it should appear on the certificate").fill("Amina Okafor")
    page.get_by_role("button", name="Show my certificate").click()
    assert page.get_by_role("button", name="Print or save as PDF").is_visible()
    on_screen = page.evaluate(PRINTED_TEXT)
    assert any(not item["inside"] for item in on_screen)  # the page's text shows on screen
    page.emulate_media(media="print")
    printed = page.evaluate(PRINTED_TEXT)
    outside = [item["text"] for item in printed if not item["inside"]]
    assert not outside, outside
    assert any(item["text"] == "Amina Okafor" for item in printed)
    page.emulate_media(media="screen")


def test_progress_is_kept_on_pages_opened_from_the_disk(browser: Any, site: Path) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.clock.install()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / LONG_PAGE).as_uri())
    page.wait_for_function("() => !!window.ict4dProgress")
    assert page.evaluate("ict4dProgress.kept") is True
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(100)
    page.clock.run_for(READ_AFTER_MS + 1_000)
    page.goto((site / "book" / "progress.html").as_uri())
    page.wait_for_function("() => !!window.ict4dProgress")
    state = page.locator("li[data-doc='book/lessons/trust'] > .ict4d-state").inner_text()
    link = page.locator(".ict4d-continue")
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("file://**/book/lessons/trust.html")
    context.close()
    assert "Read" in state and not state.startswith("Not"), state
    assert href == "../book/lessons/trust.html"
    assert not errors, errors


def test_progress_is_kept_inside_a_frame_as_in_the_scorm_package(browser: Any, base_url: str, site: Path) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    checks_doc = _page_with_checks(site)
    page.route(f"{base_url}/frame-test.html", lambda route: route.fulfill(
        content_type="text/html", body=f'<!DOCTYPE html><title>LMS</title><iframe src="{checks_doc}.html"></iframe>'))
    page.goto(f"{base_url}/frame-test.html")
    frame = page.frame_locator("iframe")
    form = frame.locator("form.kc-question").first
    form.locator("input").first.check()
    form.get_by_role("button", name="Check answer").click()
    assert form.locator(".kc-result").inner_text()
    stored = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(KEY)})"))
    context.close()
    assert stored["last"]["p"] == checks_doc
    assert len(stored["checks"]) == 1
    assert not errors, errors


def test_with_javascript_off_the_pages_show_no_empty_progress_parts(browser: Any, base_url: str) -> None:
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/{LONG_PAGE}")
    line = page.locator(".ict4d-progress-line")
    assert line.count() == 1 and line.is_hidden()
    page.goto(f"{base_url}/book/progress.html")
    assert page.locator("li[data-doc] > a").count() >= 40  # still the course's contents, as links
    assert page.get_by_role("button", name="Clear my progress").is_hidden()
    page.goto(f"{base_url}/book/certificate.html")
    assert page.locator(".ict4d-cert-locked").is_visible()
    assert page.locator(".ict4d-name-form").is_hidden() and page.locator("#ict4d-certificate").is_hidden()
    context.close()
