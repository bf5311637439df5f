"""A learner's whole journey through the SCORM package in the stand-in LMS (scorm-again) in Chromium:
reading first, answering later, leaving and coming back, the grade, review mode; and what Moodle does with
an item per chapter."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from _scorm import (
    ANSWER,
    Problems,
    answer_pages,
    assessment_rights,
    course_frame,
    enter,
    leave,
    sets,
    shows_answers,
    stored,
    take_assessment,
    value,
    wrong_first,
)
from ict4d_training.core.questions import load_question_set

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def journey(browser: Any, lms: str, package: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A learner who reads first and answers later, over three sessions in one browser (one LMS account).

    1. Reads every chapter, then answers the questions of the first half of the pages, and leaves.
    2. Presses Enter again: carries on, answers the rest (some wrong, one tried again), and leaves.
    3. Presses Enter once more, after passing.
    Returns what the LMS held at each step.
    """
    chapters, questions, where = package["chapters"], package["questions"], package["where"]
    paths = list(dict.fromkeys(where[q] for q in questions))
    half = len(paths) // 2
    context = browser.new_context()
    page = context.new_page()
    problems = Problems(page)
    seen: dict[str, Any] = {}

    # Session 1: reading.
    enter(page, lms)
    course = course_frame(page)
    page.wait_for_function("lms.value('cmi.core.lesson_location') === 'book/welcome.html'")
    seen["opened"] = {"status": value(page, "cmi.core.lesson_status"), "calls": page.evaluate("lms.calls"),
                      "item": page.evaluate("lms.item"), "items": page.evaluate("lms.items"),
                      "entry": page.evaluate("lms.entry"), "mode": page.evaluate("lms.mode")}
    course.locator("nav a.reference.internal", has_text=chapters[1].title).first.click()  # the book's own menu
    page.wait_for_function(f"lms.value('cmi.core.lesson_location') === {json.dumps(chapters[1].pages[0])}")
    for chapter in chapters[2:]:
        for path in chapter.pages:
            course.goto(f"{lms}/package/{path}")
    page.wait_for_function(f"lms.value('cmi.core.lesson_location') === {json.dumps(chapters[-1].pages[-1])}")
    seen["read"] = {"status": value(page, "cmi.core.lesson_status"), "score": value(page, "cmi.core.score.raw"),
                    "grades": list(stored(page)["grades"])}
    chosen: dict[str, list[int]] = {}
    answer_pages(course, lms, package, paths[:half], chosen)
    seen["left_at"] = paths[half - 1]
    page.wait_for_function(f"lms.value('cmi.core.lesson_location') === {json.dumps(seen['left_at'])}")
    seen["first_answers"] = dict(chosen)
    leave(page)
    seen["session_1"] = {"store": stored(page), "calls": page.evaluate("lms.calls"),
                         "session_time": value(page, "cmi.core.session_time"), "error": page.evaluate("lms.error()")}

    # Session 2: back, as Moodle re-enters.
    enter(page, lms)
    course = course_frame(page)
    course.wait_for_url("**/package/" + seen["left_at"])
    course.wait_for_load_state("load")
    seen["back"] = {"item": page.evaluate("lms.item"), "entry": page.evaluate("lms.entry"),
                    "mode": page.evaluate("lms.mode"), "url": course.url}
    shows_answers(course, package, seen["left_at"], chosen)
    course.goto(f"{lms}/package/{where[questions[0]]}")
    shows_answers(course, package, where[questions[0]], chosen)
    seen["restored_sets"] = sets(page, "cmi.interactions.")
    answer_pages(course, lms, package, paths[half:], chosen)
    # Every page check answered: still no score. The score is the course assessment's, passed here.
    seen["checks_done"] = {"status": value(page, "cmi.core.lesson_status"), "score": value(page, "cmi.core.score.raw")}
    total = len(load_question_set("assessment").questions)
    seen["assessment_score"] = take_assessment(course, lms, assessment_rights(total, 3))
    page.wait_for_function("lms.value('cmi.core.lesson_status') === 'passed'")
    retried = next(q for q in questions if wrong_first(questions.index(q)))
    course.goto(f"{lms}/package/{where[retried]}")
    chosen[retried] = course.evaluate(ANSWER, [retried, True])
    page.wait_for_function(f"lms.value('cmi.core.lesson_location') === {json.dumps(where[retried])}")
    seen["answered"] = {name: value(page, f"cmi.core.{name}")
                        for name in ("lesson_status", "score.raw", "score.min", "score.max", "lesson_location", "exit")}
    seen["suspend_data"] = value(page, "cmi.suspend_data")
    seen["commits"] = page.evaluate("lms.commits")
    leave(page)
    seen["session_2"] = {"store": stored(page), "calls": page.evaluate("lms.calls")}

    # Session 3: after passing.
    enter(page, lms)
    course = course_frame(page)
    course.wait_for_url("**/package/" + where[retried])
    course.wait_for_load_state("load")
    seen["review"] = {"item": page.evaluate("lms.item"), "mode": page.evaluate("lms.mode")}
    shows_answers(course, package, where[retried], chosen)
    course.goto(f"{lms}/package/{paths[0]}")
    shows_answers(course, package, paths[0], chosen)
    leave(page)
    seen["session_3"] = {"store": stored(page), "sets": page.evaluate("lms.sets")}
    seen.update(chosen=chosen, retried=retried, problems=list(problems))
    yield seen
    context.close()


@pytest.mark.browser
def test_the_first_session_starts_an_incomplete_attempt_on_the_one_item(journey: dict[str, Any]) -> None:
    opened = journey["opened"]
    assert opened["calls"][0] == "LMSInitialize"
    assert opened["items"] == ["ITEM-COURSE"] and opened["item"] == "ITEM-COURSE"
    assert (opened["entry"], opened["mode"], opened["status"]) == ("ab-initio", "normal", "incomplete")


@pytest.mark.browser
def test_reading_every_chapter_leaves_the_attempt_open_and_ungraded(journey: dict[str, Any]) -> None:
    """Never `completed` without a score: Moodle would regrade to 0.00 and treat the item as done."""
    assert journey["read"] == {"status": "incomplete", "score": "", "grades": []}
    record = journey["session_1"]["store"]["records"]["ITEM-COURSE"]
    assert record["cmi.core.lesson_status"] == "incomplete"
    assert record.get("cmi.core.score.raw", "") == ""
    assert record["cmi.core.exit"] == "suspend"
    assert journey["session_1"]["store"]["grades"] == []  # the gradebook never showed 0.00


@pytest.mark.browser
def test_coming_back_resumes_on_the_page_left_with_every_answer(journey: dict[str, Any],
                                                               package: dict[str, Any]) -> None:
    back = journey["back"]
    assert (back["item"], back["entry"], back["mode"]) == ("ITEM-COURSE", "resume", "normal")
    assert back["url"].endswith("/package/" + journey["left_at"])
    assert journey["restored_sets"] == []  # putting answers back is not answering again
    state = json.loads(journey["session_1"]["store"]["records"]["ITEM-COURSE"]["cmi.suspend_data"])
    assert state["p"] == journey["left_at"]
    questions = package["questions"]
    assert {questions[int(q)]: options for q, (_, *options) in state["a"].items()} == journey["first_answers"]


@pytest.mark.browser
def test_answering_the_last_question_gives_the_score_the_status_and_the_grade(
        journey: dict[str, Any], package: dict[str, Any]) -> None:
    questions = package["questions"]
    assert len(questions) >= 40 and journey["checks_done"] == {"status": "incomplete", "score": ""}
    score = journey["assessment_score"]  # the course assessment's: the page checks no longer count
    assert load_question_set("assessment").pass_mark <= score < 100  # some wrong, still over the mastery score
    answered = journey["answered"]
    assert answered["score.raw"] == str(score)
    assert (answered["score.min"], answered["score.max"]) == ("0", "100")
    assert answered["lesson_status"] == "passed"
    assert answered["exit"] == ""  # a finished attempt, not a suspended one
    store = journey["session_2"]["store"]
    record = store["records"]["ITEM-COURSE"]
    assert (record["cmi.core.lesson_status"], record["cmi.core.score.raw"]) == ("passed", str(score))
    assert store["grades"] == [f"{score}.00"]  # graded once, with the score, never 0.00


@pytest.mark.browser
def test_suspend_data_keeps_the_place_and_the_answers_within_4096_characters(
        journey: dict[str, Any], package: dict[str, Any]) -> None:
    text = journey["suspend_data"]
    assert 0 < len(text) < 4096
    state = json.loads(text)
    questions = package["questions"]
    assert state["p"] == journey["answered"]["lesson_location"] == package["where"][journey["retried"]]
    assert len(state["a"]) == len(questions)
    for index, qid in enumerate(questions):
        first_right, *options = state["a"][str(index)]
        assert first_right == (0 if wrong_first(index) else 1), qid
        assert options == journey["chosen"][qid], qid


@pytest.mark.browser
def test_each_first_answer_is_an_interaction_in_the_lms(journey: dict[str, Any], package: dict[str, Any]) -> None:
    """Across both sessions: the LMS gives back the interactions it holds, so none is written over."""
    interactions = journey["session_2"]["store"]["records"]["ITEM-COURSE"]["interactions"]
    questions = package["questions"]
    interactions = [i for i in interactions if not i["id"].startswith("kc-assessment-")]  # the assessment's own
    assert [i["id"] for i in interactions] == questions  # the retry is not a new interaction
    for n, interaction in enumerate(interactions):
        assert interaction["type"] == "choice"
        assert interaction["result"] == ("wrong" if wrong_first(n) else "correct"), questions[n]


@pytest.mark.browser
def test_each_session_commits_and_finishes_once(journey: dict[str, Any]) -> None:
    for session in ("session_1", "session_2"):
        calls = journey[session]["calls"]
        assert calls.count("LMSInitialize") == 1 and calls.count("LMSFinish") == 1 and calls[-1] == "LMSFinish"
    assert journey["commits"] > 1
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", journey["session_1"]["session_time"])
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", journey["session_2"]["store"]["records"]["ITEM-COURSE"]["cmi.core.total_time"])
    assert journey["session_1"]["error"] == "0"
    assert journey["problems"] == []  # no console error, failed request or outside request


@pytest.mark.browser
def test_after_passing_the_course_opens_for_review_and_changes_nothing(journey: dict[str, Any]) -> None:
    assert journey["review"] == {"item": "ITEM-COURSE", "mode": "review"}
    assert [e for e, _ in journey["session_3"]["sets"] if e != "cmi.core.session_time"] == []
    after, before = (journey[s]["store"]["records"]["ITEM-COURSE"] for s in ("session_3", "session_2"))
    assert {k: v for k, v in after.items() if k != "cmi.core.total_time"} == \
        {k: v for k, v in before.items() if k != "cmi.core.total_time"}
    assert journey["session_3"]["store"]["grades"] == journey["session_2"]["store"]["grades"]


@pytest.mark.browser
def test_a_learner_under_the_mastery_score_fails(journey: dict[str, Any], browser: Any, lms: str) -> None:
    state = json.loads(journey["suspend_data"])
    state["t"]["s"] = load_question_set("assessment").pass_mark - 1  # an assessment submitted just under the mark
    records = {"ITEM-COURSE": {"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "book/welcome.html",
                               "cmi.core.exit": "suspend", "cmi.suspend_data": json.dumps(state)}}
    context = browser.new_context()
    page = context.new_page()
    problems = Problems(page)
    enter(page, lms, records=json.dumps(records))
    course_frame(page)
    page.wait_for_function("lms.value('cmi.core.lesson_status') === 'failed'")
    score = str(state["t"]["s"])
    assert value(page, "cmi.core.score.raw") == score
    page.wait_for_function("lms.store.grades.length > 0")
    assert stored(page)["grades"] == [f"{score}.00"]
    context.close()
    assert problems == []


@pytest.mark.browser
def test_the_stand_in_lms_does_what_moodle_does_with_an_item_per_chapter(browser: Any, lms: str) -> None:
    """Moodle 4.5's behaviour that a package split into items runs into (README, "Upload to Moodle")."""
    context = browser.new_context()
    page = context.new_page()
    enter(page, lms, "split/")
    assert (page.evaluate("lms.item"), page.evaluate("lms.entry")) == ("ITEM-1", "ab-initio")
    page.wait_for_function("document.getElementById('sco').contentWindow.location.href.endsWith('/item.html?chapter=1')")
    page.evaluate("""() => { API.LMSInitialize(''); API.LMSSetValue('cmi.core.lesson_location', 'page-9');
      API.LMSSetValue('cmi.suspend_data', 'answers'); API.LMSSetValue('cmi.core.lesson_status', 'completed');
      API.LMSFinish(''); }""")
    assert stored(page)["grades"] == ["0.00"]  # completed with no score: the gradebook shows 0.00
    enter(page, lms, "split/")  # Enter again: the first item not yet completed, with its own, empty record
    assert (page.evaluate("lms.item"), page.evaluate("lms.entry")) == ("ITEM-2", "ab-initio")
    assert (value(page, "cmi.suspend_data"), value(page, "cmi.core.lesson_location")) == ("", "")
    enter(page, lms, "split/", item="ITEM-1")  # the course structure: that item, with that item's record
    assert (page.evaluate("lms.item"), page.evaluate("lms.entry")) == ("ITEM-1", "")
    assert value(page, "cmi.suspend_data") == "answers" and value(page, "cmi.core.lesson_status") == "completed"
    page.evaluate("""() => { API.LMSInitialize(''); API.LMSSetValue('cmi.core.score.raw', '50');
      API.LMSSetValue('cmi.core.lesson_status', 'incomplete'); API.LMSFinish(''); }""")
    record = stored(page)["records"]["ITEM-1"]
    assert record["cmi.core.lesson_status"] == "failed"  # a score under the mastery score overrides the status
    assert stored(page)["grades"] == ["0.00", "50.00"]
    context.close()


@pytest.mark.browser
def test_without_an_lms_the_package_is_the_plain_book(browser: Any, lms: str, package: dict[str, Any]) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems = Problems(page)
    page.goto(f"{lms}/package/scorm-launch.html")
    page.wait_for_url("**/package/book/welcome.html")
    qid = package["questions"][0]
    page.goto(f"{lms}/package/{package['where'][qid]}")
    page.locator(f"#{qid} input").first.check()
    page.locator(f"#{qid} button.kc-check").click()
    assert page.locator(f"#{qid} .kc-result").inner_text().strip()
    page.wait_for_load_state("networkidle")  # whatever the page still loads, for the problem list
    context.close()
    assert problems == []
