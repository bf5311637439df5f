"""The course assessment (book/assessment.md): its questions, its page, and its score in an LMS.

The data tests need no build: the questions are new (none copies a page check's scenario), cover
the course, keep the right answer's position balanced and give a test-wise guesser no edge. The
page tests read the built book. The SCORM tests reuse tests/test_scorm.py's package and stand-in
LMS (scorm-again as the SCORM 1.2 run-time, Chromium as the learner): the assessment's score is the
score the LMS records, passed or failed against the mastery score, which is the assessment's pass
mark; the first submission is the one that counts.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from _scorm import (
    ADLCP,
    IMSCP,
    TAKE_ASSESSMENT,
    Problems,
    assessment_rights,
    course_frame,
    enter,
    leave,
    percent,
    stored,
    take_assessment,
    value,
)
from ict4d_build.browser import serve
from ict4d_training.core.questions import load_question_set, question_set_names
from test_testwise import all_problems, cast, data_items

ROOT = Path(__file__).resolve().parent.parent
ASSESSMENT = load_question_set("assessment")
PAGE_SETS = [name for name in question_set_names() if name != "assessment"]
LESSONS = ("diversity", "local-context", "outcomes", "sustainability", "trust", "enabling-environment")
ELEMENTS = ("environment", "stakeholders", "leadership", "objectives", "monitoring", "resourcing", "ethics",
            "management")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


# --- the questions (no build) ---------------------------------------------------------------------------------------

def test_twenty_or_more_single_answer_questions_with_a_pass_mark() -> None:
    assert len(ASSESSMENT.questions) >= 20
    assert ASSESSMENT.pass_mark == 70
    for question in ASSESSMENT.questions:
        assert question.kind == "single", question.id  # scored right or wrong, one answer each
        assert len(question.options) == 4, question.id
        for option in question.options:
            assert len(option.feedback.split()) >= 8, f"{question.id}: feedback on {option.text!r}"


def test_the_questions_cover_the_lessons_the_elements_and_the_choice_of_model() -> None:
    taught = Counter(question.teaches for question in ASSESSMENT.questions)
    expected = {f"book/lessons/{name}" for name in LESSONS} | {f"book/elements/{name}" for name in ELEMENTS} | {
        "book/partnership-or-contract"}
    assert set(taught) == expected
    assert taught["book/partnership-or-contract"] >= 2
    for page in taught:
        assert (ROOT / f"{page}.md").is_file(), page


def test_the_right_answer_is_stored_balanced_across_positions() -> None:
    positions = Counter(next(i for i, option in enumerate(question.options) if option.correct)
                        for question in ASSESSMENT.questions)
    share = len(ASSESSMENT.questions) / 4
    assert sorted(positions) == [0, 1, 2, 3]
    assert all(abs(count - share) <= 1 for count in positions.values()), positions


def test_a_test_wise_guesser_gains_nothing_on_the_assessment_alone() -> None:
    items = [item for item in data_items() if item.where.startswith("assessment/")]
    assert len(items) == len(ASSESSMENT.questions)
    problems = all_problems(items)
    assert not problems, "\n".join(problems)


def test_no_question_copies_a_page_check() -> None:
    """No prompt or option repeats a page check's, no run of eight words is shared, and no scenario (cast and place) recurs."""
    checks = [item for item in data_items() if not item.where.startswith("assessment/")]
    assert len(checks) >= 60 and {item.where.split("/")[0] for item in checks} == set(PAGE_SETS)

    def runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
        found = words(text)
        return {tuple(found[i:i + n]) for i in range(len(found) - n + 1)}

    page_runs = set().union(*(runs(item.prompt) for item in checks))
    page_options = {" ".join(words(option)) for item in checks for option in item.options}
    page_casts = {cast(item.prompt) for item in checks if len(cast(item.prompt)[0]) >= 2}
    for question in ASSESSMENT.questions:
        shared = runs(question.prompt) & page_runs
        assert not shared, f"{question.id}: shares {[' '.join(run) for run in shared]} with a page check"
        assert not {" ".join(words(option.text)) for option in question.options} & page_options, question.id
        actors, places = cast(question.prompt)
        assert places, f"{question.id}: names no place"
        assert (actors, places) not in page_casts, f"{question.id}: a page check has the same cast and place"


def test_the_catcher_catches_a_copied_question() -> None:
    """The copy check above can fail: a page check's own prompt, lightly reworded, shares an eight-word run."""
    original = load_question_set("lesson-trust").questions[0].prompt
    altered = original.replace("What", "Which step")
    found = words(altered)
    runs = {tuple(found[i:i + 8]) for i in range(len(found) - 7)}
    source = words(original)
    assert runs & {tuple(source[i:i + 8]) for i in range(len(source) - 7)}


# --- the page -------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest) -> Path:
    return Path(request.getfixturevalue("site"))


@pytest.fixture(scope="module")
def assessment_page(built: Path) -> BeautifulSoup:
    return BeautifulSoup((built / "book" / "assessment.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.book
def test_the_page_renders_every_question_and_states_the_pass_mark(assessment_page: BeautifulSoup, built: Path) -> None:
    [form] = assessment_page.select("form.as-form")
    assert form["data-pass-mark"] == str(ASSESSMENT.pass_mark)
    intro = " ".join(form.select_one(".as-intro").get_text().split())
    total, mark = len(ASSESSMENT.questions), ASSESSMENT.pass_mark
    needed = next(n for n in range(total + 1) if math.floor(100 * n / total + 0.5) >= mark)
    assert intro == f"{total} questions. The pass mark is {mark}%: at least {needed} of {total} right."
    blocks = form.select(".as-question")
    assert len(blocks) == len(ASSESSMENT.questions) >= 20
    for block, question in zip(blocks, ASSESSMENT.questions, strict=True):
        assert block["id"] == f"kc-assessment-{question.id}"
        legend = block.select_one("fieldset > legend")
        assert legend is not None and " ".join(question.prompt.split()) in " ".join(legend.get_text(" ").split())
        radios = block.select("input[type=radio]")
        assert len(radios) == len(question.options)
        for radio, option in zip(radios, question.options, strict=True):
            label = block.select_one(f"label[for='{radio['id']}']")
            assert label is not None and label.get_text() == option.text
            feedback = radio.find_next_sibling("div", class_="kc-feedback")
            assert feedback is not None and feedback.has_attr("hidden") and feedback.get_text() == option.feedback
        link = block.select_one(".as-review a")
        href = link["href"] if link else ""
        assert (built / "book" / href).resolve() == (built / f"{question.teaches}.html").resolve(), question.id
        assert link is not None and link.get_text().strip() and "@@" not in link.get_text()
    result = form.select_one(".as-result")
    assert result is not None and result["role"] == "status" and result["aria-live"] == "polite"
    assert form.select_one(".as-actions").has_attr("hidden")  # shown by the script: no button that cannot work
    assert "Scoring needs JavaScript" in form.select_one("noscript").get_text()


@pytest.mark.book
def test_the_assessment_script_loads_on_its_page_only(assessment_page: BeautifulSoup, built: Path) -> None:
    def scripts(soup: BeautifulSoup) -> list[str]:
        return [tag.get("src", "") for tag in soup.select("script[src]")]

    [mine] = [src for src in scripts(assessment_page) if "assessment.js" in src]
    assert assessment_page.select_one(f"script[src='{mine}']").has_attr("defer")
    assert any("assessment.css" in tag.get("href", "") for tag in assessment_page.select("link[rel=stylesheet]"))
    other = BeautifulSoup((built / "book" / "lessons" / "trust.html").read_text(encoding="utf-8"), "html.parser")
    assert not [src for src in scripts(other) if "assessment.js" in src]
    assert (built / "_static" / "assessment.js").stat().st_size < 12_000


# --- in the SCORM package -------------------------------------------------------------------------------------------

@pytest.mark.book
def test_the_manifest_and_the_launch_page_take_the_pass_mark_and_questions_from_the_assessment(
        request: pytest.FixtureRequest) -> None:
    zipped: zipfile.ZipFile = request.getfixturevalue("archive")
    summary: dict[str, Any] = request.getfixturevalue("package")
    manifest = ET.fromstring(zipped.read("imsmanifest.xml"))
    [item] = manifest.iter(f"{IMSCP}item")
    assert item.findtext(f"{ADLCP}masteryscore") == str(ASSESSMENT.pass_mark)
    launch = zipped.read("scorm-launch.html").decode("utf-8")
    match = re.search(r"window\.ICT4D_SCORM_MAP = (\{.*?\});</script>", launch)
    assert match
    course = json.loads(match.group(1))
    assert course["mastery"] == ASSESSMENT.pass_mark
    assert course["assessment"] == [f"kc-assessment-{q.id}" for q in ASSESSMENT.questions]
    assert not set(course["assessment"]) & set(course["questions"])  # page checks and the assessment apart
    assert summary["suspend_data_max"] < 4096


def rights_for(score_wanted: str) -> list[bool]:
    total = len(ASSESSMENT.questions)
    return assessment_rights(total, {"pass": 3, "fail": 9}[score_wanted])


@pytest.fixture(scope="module")
def attempts(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Two learners in the stand-in LMS: one passes the assessment, one fails, tries again, and comes back."""
    chromium_browser, base = request.getfixturevalue("browser"), request.getfixturevalue("lms")
    seen: dict[str, Any] = {}
    for who in ("pass", "fail"):
        context = chromium_browser.new_context()
        page = context.new_page()
        problems = Problems(page)
        enter(page, base, records="{}")
        course = course_frame(page)
        page.wait_for_function("lms.value('cmi.core.lesson_location') === 'book/welcome.html'")
        before = {"status": value(page, "cmi.core.lesson_status"), "score": value(page, "cmi.core.score.raw")}
        rights = rights_for(who)
        score = take_assessment(course, base, rights)
        status = "passed" if who == "pass" else "failed"
        page.wait_for_function(f"lms.value('cmi.core.lesson_status') === '{status}'")
        shown = " ".join(course.locator("form.as-form .as-result").inner_text().split())
        record = {"before": before, "score": score, "rights": rights, "shown": shown,
                  "raw": value(page, "cmi.core.score.raw"), "status": value(page, "cmi.core.lesson_status"),
                  "min_max": (value(page, "cmi.core.score.min"), value(page, "cmi.core.score.max")),
                  "review_links": course.locator(".as-question .as-review:not([hidden]) a").count()}
        if who == "fail":  # Try again, all right this time: practice, the first submission stands
            course.locator("form.as-form .as-retry").click()
            record["after_reset"] = course.evaluate(
                "() => document.querySelectorAll('form.as-form input:checked').length")
            course.evaluate(TAKE_ASSESSMENT, [True] * len(rights))
            course.wait_for_function("() => document.querySelector('form.as-form .as-result').innerText.includes('100%')")
            record["retry_shown"] = " ".join(course.locator("form.as-form .as-result").inner_text().split())
            record["retry_raw"] = value(page, "cmi.core.score.raw")
        leave(page)
        record["store"] = stored(page)
        if who == "fail":  # Enter again: the attempt is finished, so the LMS opens it for review
            enter(page, base)
            course = course_frame(page)
            # Re-entry resumes on the page left, the assessment: wait for that load instead of navigating
            # over it (a second navigation to the same page interrupts the first).
            course.wait_for_url("**/package/book/assessment.html")
            course.wait_for_load_state()
            course.wait_for_function("() => document.querySelector('form.as-form .as-result').innerText.length > 0")
            record["review"] = {"mode": page.evaluate("lms.mode"),
                                "shown": " ".join(course.locator("form.as-form .as-result").inner_text().split()),
                                "checked": course.evaluate("""() => [...document.querySelectorAll('form.as-form .as-question')]
                                    .map(q => q.querySelector('input:checked').dataset.correct === 'true')"""),
                                "disabled": course.evaluate(
                                    "() => [...document.querySelectorAll('form.as-form input')].every(i => i.disabled)")}
            leave(page)
            record["review"]["sets"] = [e for e, _ in page.evaluate("lms.sets") if e != "cmi.core.session_time"]
        record["problems"] = list(problems)
        seen[who] = record
        context.close()
    return seen


@pytest.mark.browser
def test_before_the_assessment_the_attempt_is_incomplete_with_no_score(attempts: dict[str, Any]) -> None:
    for who in ("pass", "fail"):
        assert attempts[who]["before"] == {"status": "incomplete", "score": ""}


@pytest.mark.browser
def test_a_pass_reaches_the_lms_as_the_score_and_passed(attempts: dict[str, Any]) -> None:
    passed = attempts["pass"]
    assert passed["score"] >= ASSESSMENT.pass_mark
    assert (passed["raw"], passed["status"], passed["min_max"]) == (str(passed["score"]), "passed", ("0", "100"))
    record = passed["store"]["records"]["ITEM-COURSE"]
    assert (record["cmi.core.lesson_status"], record["cmi.core.score.raw"]) == ("passed", str(passed["score"]))
    assert passed["store"]["grades"] == [f"{passed['score']}.00"]
    ids = [i["id"] for i in record["interactions"]]
    assert ids == [f"kc-assessment-{q.id}" for q in ASSESSMENT.questions]
    assert [i["result"] for i in record["interactions"]] == ["correct" if r else "wrong" for r in passed["rights"]]
    total, right = len(passed["rights"]), sum(passed["rights"])
    assert f"Your score: {passed['score']}% ({right} of {total} right)" in passed["shown"]
    assert f"The pass mark is {ASSESSMENT.pass_mark}%: you passed." in passed["shown"]
    assert passed["review_links"] == total - right  # a link to the teaching page for each miss
    assert passed["problems"] == []


@pytest.mark.browser
def test_a_fail_reaches_the_lms_and_trying_again_does_not_change_it(attempts: dict[str, Any]) -> None:
    failed = attempts["fail"]
    assert failed["score"] < ASSESSMENT.pass_mark
    assert (failed["raw"], failed["status"]) == (str(failed["score"]), "failed")
    assert "you have not passed yet" in failed["shown"] and "To review" in failed["shown"]
    assert failed["after_reset"] == 0  # Try again clears the answers
    assert "Your score: 100%" in failed["retry_shown"]
    assert failed["retry_raw"] == str(failed["score"])  # the first submission is the one the LMS keeps
    record = failed["store"]["records"]["ITEM-COURSE"]
    assert (record["cmi.core.lesson_status"], record["cmi.core.score.raw"]) == ("failed", str(failed["score"]))
    assert len(record["interactions"]) == len(ASSESSMENT.questions)  # the retry added none
    assert failed["store"]["grades"] == [f"{failed['score']}.00"]
    assert failed["problems"] == []


@pytest.mark.browser
def test_coming_back_shows_the_recorded_submission_read_only(attempts: dict[str, Any]) -> None:
    review = attempts["fail"]["review"]
    assert review["mode"] == "review"
    assert review["checked"] == attempts["fail"]["rights"]  # the first submission, not the retry
    assert f"Your score: {attempts['fail']['score']}%" in review["shown"]
    assert review["disabled"] is True
    assert review["sets"] == []  # showing it again changes nothing in the LMS


# --- on the public site (no LMS) ------------------------------------------------------------------------------------

@pytest.mark.browser
def test_on_the_site_it_asks_for_every_answer_scores_and_tells_progress(request: pytest.FixtureRequest,
                                                                      built: Path) -> None:
    """With the keyboard: Submit with answers missing says which; a full submission scores and reaches progress.js."""
    chromium_browser = request.getfixturevalue("browser")
    total = len(ASSESSMENT.questions)
    with serve(built) as base:
        context = chromium_browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        problems = Problems(page)
        page.goto(f"{base}/book/assessment.html")
        page.locator("form.as-form .as-submit").focus()
        page.keyboard.press("Enter")
        result = page.locator("form.as-form .as-result")
        assert result.inner_text().startswith("Answer every question first: questions 1, 2, 3")
        assert page.evaluate("document.activeElement.name") == f"kc-assessment-{ASSESSMENT.questions[0].id}"
        page.keyboard.press("Space")  # the first option of question 1, chosen from the keyboard
        rights = [next(i for i, o in enumerate(q.options) if o.correct) == 0 for q in ASSESSMENT.questions[:1]]
        rights += rights_for("pass")[1:]
        page.evaluate("""(rights) => [...document.querySelectorAll('form.as-form .as-question')].slice(1)
          .forEach((block, n) => { const inputs = [...block.querySelectorAll('input')];
            (rights[n + 1] ? inputs.find(i => i.dataset.correct === 'true')
                           : inputs.find(i => i.dataset.correct !== 'true')).checked = true; })""", rights)
        page.locator("form.as-form .as-submit").click()
        score = percent(sum(rights), total)
        assert result.inner_text().startswith(f"Your score: {score}% ({sum(rights)} of {total} right)")
        assert page.evaluate("document.activeElement.classList.contains('as-result')")  # read out by screen readers
        shown = page.evaluate("() => [...document.querySelectorAll('.kc-feedback')].filter(f => !f.hidden).length")
        assert shown == 4 * total  # feedback on every option
        kept = page.evaluate("window.ict4dProgress ? window.ict4dProgress.get().assessment : null")
        assert kept is not None and (kept["score"], kept["correct"], kept["total"]) == (score, sum(rights), total)
        assert kept["passed"] == (score >= ASSESSMENT.pass_mark)
        page.locator("form.as-form .as-retry").click()
        assert result.inner_text() == "" and page.locator("form.as-form input:checked").count() == 0
        assert page.locator("form.as-form .as-submit").is_visible()
        context.close()
        assert problems == []


@pytest.mark.browser
def test_without_javascript_the_questions_are_readable_and_the_page_says_scoring_needs_it(
        request: pytest.FixtureRequest, built: Path) -> None:
    chromium_browser = request.getfixturevalue("browser")
    with serve(built) as base:
        context = chromium_browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{base}/book/assessment.html")
        assert page.locator("form.as-form .as-question").count() == len(ASSESSMENT.questions)
        assert page.locator("form.as-form .as-question legend").first.is_visible()
        assert page.locator("p.as-nojs").is_visible() and "Scoring needs JavaScript" in page.locator("p.as-nojs").inner_text()
        assert not page.locator("form.as-form .as-submit").is_visible()  # no button that would reload the page
        assert page.locator(".kc-feedback:visible").count() == 0
        context.close()
