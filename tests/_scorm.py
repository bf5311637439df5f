"""Helpers for the SCORM tests (test_scorm*.py): where things are, and how a learner moves in the stand-in LMS.

The fixtures (the package, the stand-in LMS, the browser) are in conftest.py, built once per session.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ict4d_build.browser import is_local

ROOT = Path(__file__).resolve().parent.parent

HARNESS = Path(__file__).parent / "scorm_harness"

SCORM_AGAIN = "scorm-again@3.4.3"

IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"

ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"

IN_CI = os.environ.get("CI") == "true"

# Where each question is, read from the HTML itself: the package reads the manifest, this checks it.
KC_FORM = re.compile(r'<form class="kc-question" id="([^"]+)"')


class Problems(list[str]):
    """Console errors, page errors, failed requests and requests to other hosts, from every frame of a tab."""

    def __init__(self, page: Any) -> None:
        super().__init__()
        page.on("console", lambda m: m.type == "error" and self.append(f"console error: {m.text} {m.location}"))
        page.on("pageerror", lambda error: self.append(f"page error: {error}"))
        # net::ERR_ABORTED is the browser dropping what a page still loaded (a font, say) when the
        # learner moves on; a missing file answers 404 and a blocked host fails to resolve.
        page.on("requestfailed", lambda r: r.failure == "net::ERR_ABORTED"
                or self.append(f"failed request: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.append(f"failed request: {r.url} (HTTP {r.status})"))
        page.on("request", lambda r: is_local(r.url) or self.append(f"request outside 127.0.0.1: {r.url}"))


def enter(page: Any, base: str, package: str = "package/", **query: str) -> None:
    """The learner presses Enter on the activity (or, with item=ID, picks an item in the LMS's course structure)."""
    url = f"{base}/index.html?package={quote(package)}" + "".join(f"&{k}={quote(v, safe='')}" for k, v in query.items())
    page.goto(url)
    page.wait_for_function("window.lms && lms.ready")


def course_frame(page: Any) -> Any:
    """The frame showing the course: inside the SCO's frame, inside the LMS page."""
    page.wait_for_function("() => document.getElementById('sco').contentDocument"
                           " && document.getElementById('sco').contentDocument.getElementById('ict4d-course')")
    for frame in page.frames:
        if frame.parent_frame is not None and frame.parent_frame.parent_frame is not None:
            return frame
    raise AssertionError("no course frame")


def leave(page: Any) -> None:
    """The learner leaves: the LMS takes the SCO's frame away, and the session ends."""
    page.evaluate("document.getElementById('sco').remove()")
    page.wait_for_function("lms.calls.includes('LMSFinish')")


def value(page: Any, element: str) -> str:
    return str(page.evaluate("element => lms.value(element)", element))


def sets(page: Any, prefix: str) -> list[tuple[str, str]]:
    return [(e, v) for e, v in page.evaluate("lms.sets") if e.startswith(prefix)]


def stored(page: Any) -> dict[str, Any]:
    """What the LMS keeps between sessions: each item's record, and the grade after each store that regraded."""
    return dict(page.evaluate("lms.store"))


ANSWER = """([id, right]) => {
  const form = document.getElementById(id);
  const inputs = [...form.querySelectorAll('input')];
  inputs.forEach(input => { input.checked = false; });
  if (right) { inputs.filter(i => i.dataset.correct === 'true').forEach(i => { i.checked = true; }); }
  else { inputs.find(i => i.dataset.correct !== 'true').checked = true; }
  form.querySelector('button.kc-check').click();
  return inputs.filter(i => i.checked).map(i => Number(i.value));
}"""


CHECKED = "c => c.map(i => Number(i.value))"


def wrong_first(index: int) -> bool:
    """The page checks the learner gets wrong at first: one in seven."""
    return index % 7 == 3


TAKE_ASSESSMENT = """(rights) => {
  const blocks = [...document.querySelectorAll('form.as-form .as-question')];
  blocks.forEach((block, n) => {
    const inputs = [...block.querySelectorAll('input')];
    const pick = rights[n] ? inputs.find(i => i.dataset.correct === 'true') : inputs.find(i => i.dataset.correct !== 'true');
    pick.checked = true;
  });
  document.querySelector('form.as-form .as-submit').click();
  return blocks.length;
}"""


def assessment_rights(total: int, wrong: int) -> list[bool]:
    """Which assessment questions a learner gets right: `wrong` of them wrong, spread out."""
    misses = {round(i * total / wrong) for i in range(wrong)} if wrong else set()
    return [n not in misses for n in range(total)]


def take_assessment(course: Any, lms: str, rights: list[bool]) -> int:
    """Answer the course assessment in the course frame (right where `rights` says) and submit; the score shown."""
    course.goto(f"{lms}/package/book/assessment.html")
    assert course.evaluate(TAKE_ASSESSMENT, rights) == len(rights)
    return percent(sum(rights), len(rights))


def percent(right: int, total: int) -> int:
    """A score as the pages and scorm.js round it (JavaScript's Math.round: halves go up)."""
    return math.floor(100 * right / total + 0.5)


def answer_pages(course: Any, lms: str, package: dict[str, Any], paths: list[str],
                 chosen: dict[str, list[int]]) -> None:
    questions, where = package["questions"], package["where"]
    for path in paths:
        course.goto(f"{lms}/package/{path}")
        for qid in [q for q in questions if where[q] == path]:
            index = questions.index(qid)
            if index == 0:  # the first one with the mouse, as a learner does
                for option in course.locator(f'#{qid} input[data-correct="true"]').all():
                    option.check()
                course.locator(f"#{qid} button.kc-check").click()
                chosen[qid] = course.eval_on_selector_all(f"#{qid} input:checked", CHECKED)
            else:
                chosen[qid] = course.evaluate(ANSWER, [qid, not wrong_first(index)])


def shows_answers(course: Any, package: dict[str, Any], path: str, chosen: dict[str, list[int]]) -> None:
    """The page at `path` (open in `course`) shows each of its answered questions as the learner left it."""
    for qid in [q for q in package["questions"] if package["where"][q] == path and q in chosen]:
        assert course.eval_on_selector_all(f"#{qid} input:checked", CHECKED) == chosen[qid], qid
        assert course.locator(f"#{qid} .kc-result").inner_text().strip(), qid  # the feedback is back
        shown = course.eval_on_selector_all(f"#{qid} .kc-feedback:not([hidden])", "f => f.length")
        assert shown == len(chosen[qid]), qid
