"""The SCORM 1.2 package (scripts/build_scorm.py): its manifest, and what an LMS records.

The book is built once for this module (as tests/test_book.py does; set ICT4D_SCORM_SITE to a
built `_build/html` to reuse one), then packaged. The manifest tests read the zip. The browser
tests serve tests/scorm_harness/index.html, a stand-in LMS page whose `window.API` is a real
SCORM 1.2 run-time, the npm package scorm-again (installed with npm into ~/.cache/ict4d-training/,
outside the repository), frame the unzipped package under it as an LMS does, and drive Debian's
Chromium like a learner.
"""

from __future__ import annotations

import importlib.util
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote
from xml.etree import ElementTree as ET

import pytest

from browser_support import chromium, chromium_missing_reason, is_local, serve

ROOT = Path(__file__).resolve().parent.parent
HARNESS = Path(__file__).parent / "scorm_harness"
SCORM_AGAIN = "scorm-again@3.4.3"
IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
IN_CI = os.environ.get("CI") == "true"

pytestmark = pytest.mark.book

_spec = importlib.util.spec_from_file_location("build_scorm", ROOT / "scripts" / "build_scorm.py")
assert _spec is not None and _spec.loader is not None
build_scorm = sys.modules["build_scorm"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_scorm)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return Path(os.environ["ICT4D_SCORM_SITE"]) if os.environ.get("ICT4D_SCORM_SITE") else built_site


@pytest.fixture(scope="module")
def package(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    summary: dict[str, Any] = build_scorm.build(site, tmp_path_factory.mktemp("scorm") / "course.zip")
    chapters = build_scorm.read_chapters(site, ROOT / "_toc.yml")
    questions, _ = build_scorm.read_questions(site, chapters)
    where = {qid: page for chapter in chapters for page in chapter.pages
             for qid in build_scorm.KC_FORM.findall((site / page).read_text(encoding="utf-8"))}
    return {**summary, "chapters": chapters, "questions": questions, "where": where}


@pytest.fixture(scope="module")
def archive(package: dict[str, Any]) -> Iterator[zipfile.ZipFile]:
    with zipfile.ZipFile(package["zip"]) as opened:
        yield opened


# --- the manifest --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def manifest(archive: zipfile.ZipFile) -> ET.Element:
    return ET.fromstring(archive.read("imsmanifest.xml"))  # well-formed, or this raises


def test_manifest_is_at_the_root_and_declares_scorm_1_2(archive: zipfile.ZipFile, manifest: ET.Element) -> None:
    assert archive.namelist()[0] == "imsmanifest.xml"
    text = archive.read("imsmanifest.xml").decode("utf-8")
    assert 'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"' in text
    assert 'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"' in text
    assert manifest.tag == f"{IMSCP}manifest" and manifest.get("identifier")
    assert manifest.findtext(f"{IMSCP}metadata/{IMSCP}schema") == "ADL SCORM"
    assert manifest.findtext(f"{IMSCP}metadata/{IMSCP}schemaversion") == "1.2"


def test_one_organization_with_one_item_per_chapter(manifest: ET.Element, package: dict[str, Any],
                                                    archive: zipfile.ZipFile) -> None:
    organizations = manifest.find(f"{IMSCP}organizations")
    assert organizations is not None
    [organization] = organizations.findall(f"{IMSCP}organization")
    assert organizations.get("default") == organization.get("identifier")
    items = organization.findall(f"{IMSCP}item")
    chapters = package["chapters"]
    assert len(items) == len(chapters) >= 10
    assert chapters[0].pages[0] == "book/welcome.html"
    resources = {r.get("identifier"): r for r in manifest.iter(f"{IMSCP}resource")}
    names = set(archive.namelist())
    for item, chapter in zip(items, chapters, strict=True):
        assert item.findtext(f"{IMSCP}title") == chapter.title
        assert item.findtext(f"{ADLCP}masteryscore") == "80"
        resource = resources[item.get("identifierref")]
        assert resource.get(f"{ADLCP}scormtype") == "sco" and resource.get("type") == "webcontent"
        assert resource.get("href") in names
        start = unquote(item.get("parameters", "").removeprefix("?start="))
        assert start == chapter.pages[0] and start in names


def test_every_file_is_listed_and_every_listed_file_is_in_the_zip(manifest: ET.Element,
                                                                  archive: zipfile.ZipFile) -> None:
    listed = [unquote(f.get("href", "")) for f in manifest.iter(f"{IMSCP}file")]
    names = set(archive.namelist())
    assert len(listed) == len(set(listed))
    assert sorted(set(listed) - names) == []
    assert sorted(names - set(listed) - {"imsmanifest.xml"}) == []
    for resource in manifest.iter(f"{IMSCP}resource"):
        assert unquote(resource.get("href", "")) in names


def test_the_package_holds_the_whole_course_and_every_page_loads_the_scorm_script(
        site: Path, archive: zipfile.ZipFile, package: dict[str, Any]) -> None:
    names = set(archive.namelist())
    left_out = tuple(f"{folder}/" for folder in package["left_out"])  # a JupyterLite build, if any
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts]
    pages = [page for page in pages if not page.startswith(left_out)]
    assert pages and set(pages) <= names
    assert "_static/scorm.js" in names and "scorm-launch.html" in names
    for page in pages:
        text = archive.read(page).decode("utf-8")
        if "</head>" not in text:
            continue  # the root index.html only forwards to the first page
        assert f'src="{"../" * page.count("/")}_static/scorm.js"' in text, page
    assert package["questions"] and package["suspend_data_max"] < 4096
    assert package["bytes"] < 30_000_000


def test_every_link_in_the_package_leads_to_a_file_in_it(archive: zipfile.ZipFile) -> None:
    """Self-contained: a page links to nothing left out (the JupyterLite site, say), or missing."""
    names = set(archive.namelist())
    broken = []
    for name in sorted(names):
        if not name.endswith(".html") or name.startswith("_static/"):
            continue
        for value in re.findall(r'\b(?:href|src)="([^"<\s]+)"', archive.read(name).decode("utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", value):
                continue  # another site (a link, never loaded: the browser tests see every request) or an anchor
            path = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(re.split(r"[?#]", value)[0])))
            if path not in names and f"{path}/index.html" not in names:
                broken.append(f"{name}: {value}")
    assert broken == []


def test_a_jupyterlite_build_inside_the_site_is_left_out(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "html"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("lite"))
    (copy / "lite" / "lab").mkdir(parents=True)
    for marker in ("lite/jupyter-lite.json", "lite/lab/jupyter-lite.json"):
        (copy / marker).write_text("{}", encoding="utf-8")
    (copy / "lite" / "lab" / "index.html").write_text("<html></html>", encoding="utf-8")
    summary = build_scorm.build(copy, tmp_path / "course.zip")
    assert summary["left_out"] == ["lite"]
    with zipfile.ZipFile(summary["zip"]) as opened:
        assert not [name for name in opened.namelist() if name.startswith("lite/")]
        assert "lite/lab/index.html" not in opened.read("imsmanifest.xml").decode("utf-8")
        for name in opened.namelist():
            if name.startswith("exercises/") and name.endswith(".html"):
                text = opened.read(name).decode("utf-8")
                assert not re.search(r'href="[^"]*\blite/', text) and "lite-launch" not in text, name


# --- in a SCORM 1.2 run-time ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = chromium_missing_reason()
    if reason and IN_CI:
        pytest.fail(f"CI must run the browser tests: {reason}")
    if reason:
        pytest.skip(reason)
    with chromium() as opened:
        yield opened


@pytest.fixture(scope="module")
def runtime() -> Path:
    """scorm-again's SCORM 1.2 run-time (dist/scorm12.min.js), installed with npm once and cached.

    The cache is outside the repository: the book build would read the package's Markdown files.
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "ict4d-training" / SCORM_AGAIN.replace("@", "-")
    script = folder / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            if IN_CI:
                pytest.fail("npm is needed to install scorm-again")
            pytest.skip("npm is not installed")
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run([npm, "install", "--prefix", str(folder), "--no-save", "--no-package-lock",
                                 "--no-audit", "--no-fund", "--loglevel=error", SCORM_AGAIN],
                                capture_output=True, text=True)
        assert result.returncode == 0 and script.is_file(), result.stdout + result.stderr
    return script


@pytest.fixture(scope="module")
def lms(package: dict[str, Any], runtime: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a folder holding the stand-in LMS page and, under package/, the unzipped course."""
    root = tmp_path_factory.mktemp("lms")
    shutil.copy2(HARNESS / "index.html", root / "index.html")
    shutil.copy2(runtime, root / "scorm12.min.js")
    with zipfile.ZipFile(package["zip"]) as opened:
        opened.extractall(root / "package")
    with serve(root) as base:
        yield base


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


def harness_url(base: str, start: str = "book/welcome.html", data: dict[str, Any] | None = None) -> str:
    """The LMS page launching the SCO as an LMS would for the item whose chapter starts at `start`."""
    url = f"{base}/index.html?launch=" + quote(f"package/scorm-launch.html?start={start}", safe="")
    return url + ("&data=" + quote(json.dumps(data), safe="") if data else "")


def course_frame(page: Any) -> Any:
    """The frame showing the course: inside the SCO's frame, inside the LMS page."""
    page.wait_for_function("() => document.getElementById('sco').contentDocument"
                           " && document.getElementById('sco').contentDocument.getElementById('ict4d-course')")
    for frame in page.frames:
        if frame.parent_frame is not None and frame.parent_frame.parent_frame is not None:
            return frame
    raise AssertionError("no course frame")


def value(page: Any, element: str) -> str:
    return str(page.evaluate("element => lms.value(element)", element))


def sets(page: Any, prefix: str) -> list[tuple[str, str]]:
    return [(e, v) for e, v in page.evaluate("lms.sets") if e.startswith(prefix)]


ANSWER = """([id, right]) => {
  const form = document.getElementById(id);
  const inputs = [...form.querySelectorAll('input')];
  inputs.forEach(input => { input.checked = false; });
  if (right) { inputs.filter(i => i.dataset.correct === 'true').forEach(i => { i.checked = true; }); }
  else { inputs.find(i => i.dataset.correct !== 'true').checked = true; }
  form.querySelector('button.kc-check').click();
  return inputs.filter(i => i.checked).map(i => Number(i.value));
}"""


def wrong_first(index: int) -> bool:
    """The questions the learner gets wrong at first: one in seven, so the score stays over 80."""
    return index % 7 == 3


@pytest.fixture(scope="module")
def journey(browser: Any, lms: str, package: dict[str, Any]) -> dict[str, Any]:
    """A learner's first session: opens the course, reads every chapter, answers every question, leaves.

    Returns what the LMS held at each step.
    """
    chapters, questions, where = package["chapters"], package["questions"], package["where"]
    context = browser.new_context()
    page = context.new_page()
    problems = Problems(page)
    seen: dict[str, Any] = {}
    page.goto(harness_url(lms))
    course = course_frame(page)
    page.wait_for_function("lms.value('cmi.core.lesson_location') === 'book/welcome.html'")
    seen["opened"] = {"status": value(page, "cmi.core.lesson_status"), "calls": page.evaluate("lms.calls")}

    # Through the book's own navigation first, then straight to one page of each chapter.
    course.locator("nav a.reference.internal", has_text=chapters[1].title).first.click()
    page.wait_for_function(f"lms.value('cmi.core.lesson_location') === {json.dumps(chapters[1].pages[0])}")
    for chapter in chapters[2:-1]:
        course.goto(f"{lms}/package/{chapter.pages[-1]}")  # any page of a chapter counts
    seen["all_but_one"] = value(page, "cmi.core.lesson_status")
    course.goto(f"{lms}/package/{chapters[-1].pages[0]}")
    page.wait_for_function(f"lms.value('cmi.core.lesson_location') === {json.dumps(chapters[-1].pages[0])}")
    seen["all_chapters"] = {"status": value(page, "cmi.core.lesson_status"),
                            "score": value(page, "cmi.core.score.raw")}

    # Every knowledge check, page by page, some wrong; the first one with the mouse.
    chosen: dict[str, list[int]] = {}
    for path in dict.fromkeys(where[q] for q in questions):
        course.goto(f"{lms}/package/{path}")
        for qid in [q for q in questions if where[q] == path]:
            index = questions.index(qid)
            if index == len(questions) - 1:
                seen["before_last"] = value(page, "cmi.core.lesson_status")
            if index == 0:
                for option in course.locator(f'#{qid} input[data-correct="true"]').all():
                    option.check()
                course.locator(f"#{qid} button.kc-check").click()
                chosen[qid] = course.eval_on_selector_all(f"#{qid} input:checked", "c => c.map(i => Number(i.value))")
            else:
                chosen[qid] = course.evaluate(ANSWER, [qid, not wrong_first(index)])
    # The learner goes back to the first question they got wrong, and gets it right this time.
    retried = next(q for q in questions if wrong_first(questions.index(q)))
    course.goto(f"{lms}/package/{where[retried]}")
    chosen[retried] = course.evaluate(ANSWER, [retried, True])
    seen["answered"] = {name: value(page, f"cmi.core.{name}")
                        for name in ("lesson_status", "score.raw", "score.min", "score.max", "lesson_location", "exit")}
    seen["suspend_data"] = value(page, "cmi.suspend_data")
    seen["interactions"] = sets(page, "cmi.interactions.")
    seen["commits"] = page.evaluate("lms.commits")
    # The learner leaves: the LMS takes the SCO's frame away.
    page.evaluate("document.getElementById('sco').remove()")
    page.wait_for_function("lms.calls.includes('LMSFinish')")
    seen["left"] = {"calls": page.evaluate("lms.calls"), "session_time": value(page, "cmi.core.session_time"),
                    "error": page.evaluate("lms.error()")}
    seen.update(chosen=chosen, retried=retried, problems=list(problems))
    context.close()
    return seen


def expected_score(questions: list[str]) -> int:
    return round(100 * sum(not wrong_first(i) for i in range(len(questions))) / len(questions))


@pytest.mark.browser
def test_opening_the_course_starts_an_incomplete_attempt(journey: dict[str, Any]) -> None:
    assert journey["opened"]["calls"][0] == "LMSInitialize"
    assert journey["opened"]["status"] == "incomplete"


@pytest.mark.browser
def test_the_course_is_completed_when_every_chapter_was_visited(journey: dict[str, Any]) -> None:
    assert journey["all_but_one"] == "incomplete"
    assert journey["all_chapters"] == {"status": "completed", "score": ""}  # no score before every answer
    assert journey["before_last"] == "completed"


@pytest.mark.browser
def test_the_knowledge_checks_give_the_score_and_pass_against_the_mastery_score(
        journey: dict[str, Any], package: dict[str, Any]) -> None:
    questions = package["questions"]
    score = expected_score(questions)
    assert len(questions) >= 40 and 80 <= score < 100  # some wrong, still over the mastery score
    answered = journey["answered"]
    assert answered["score.raw"] == str(score)  # the first answer counts: the retry does not raise it
    assert (answered["score.min"], answered["score.max"]) == ("0", "100")
    assert answered["lesson_status"] == "passed"
    assert answered["exit"] == ""  # a finished attempt, not a suspended one


@pytest.mark.browser
def test_suspend_data_keeps_the_place_and_the_answers_within_4096_characters(
        journey: dict[str, Any], package: dict[str, Any]) -> None:
    text = journey["suspend_data"]
    assert 0 < len(text) < 4096
    state = json.loads(text)
    questions, chapters = package["questions"], package["chapters"]
    assert state["v"] == list(range(len(chapters)))
    assert state["p"] == journey["answered"]["lesson_location"] == package["where"][journey["retried"]]
    assert len(state["a"]) == len(questions)
    for index, qid in enumerate(questions):
        first_right, *options = state["a"][str(index)]
        assert first_right == (0 if wrong_first(index) else 1), qid
        assert options == journey["chosen"][qid], qid


@pytest.mark.browser
def test_each_first_answer_is_an_interaction_in_the_lms(journey: dict[str, Any], package: dict[str, Any]) -> None:
    recorded = dict(journey["interactions"])
    questions = package["questions"]
    for n, qid in enumerate(questions):
        assert recorded[f"cmi.interactions.{n}.id"] == qid
        assert recorded[f"cmi.interactions.{n}.type"] == "choice"
        assert recorded[f"cmi.interactions.{n}.result"] == ("wrong" if wrong_first(n) else "correct")
    assert f"cmi.interactions.{len(questions)}.id" not in recorded  # the retry is not a new interaction


@pytest.mark.browser
def test_leaving_commits_and_finishes_once(journey: dict[str, Any]) -> None:
    calls = journey["left"]["calls"]
    assert calls.count("LMSInitialize") == 1 and calls.count("LMSFinish") == 1 and calls[-1] == "LMSFinish"
    assert journey["commits"] > 1
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", journey["left"]["session_time"])
    assert journey["left"]["error"] == "0"
    assert journey["problems"] == []  # no console error, failed request or outside request


@pytest.mark.browser
def test_a_new_session_resumes_at_the_place_with_the_answers(journey: dict[str, Any], browser: Any, lms: str,
                                                            package: dict[str, Any]) -> None:
    where, questions, chosen = package["where"], package["questions"], journey["chosen"]
    answered = journey["answered"]
    data = {"core": {"lesson_status": answered["lesson_status"], "lesson_location": answered["lesson_location"],
                     "entry": "resume", "score": {"raw": answered["score.raw"], "min": "0", "max": "100"}},
            "suspend_data": journey["suspend_data"]}
    context = browser.new_context()
    page = context.new_page()
    problems = Problems(page)
    page.goto(harness_url(lms, data=data))  # entered from the first chapter's item, as "Enter" does
    course = course_frame(page)
    course.wait_for_url("**/package/" + answered["lesson_location"])  # back where the learner left off
    course.wait_for_load_state("load")
    for path in (answered["lesson_location"], where[questions[0]]):
        if not course.url.endswith(path):
            course.goto(f"{lms}/package/{path}")
        for qid in [q for q in questions if where[q] == path]:
            checked = course.eval_on_selector_all(f"#{qid} input:checked", "c => c.map(i => Number(i.value))")
            assert checked == chosen[qid], qid
            assert course.locator(f"#{qid} .kc-result").inner_text().strip(), qid  # the feedback is back
            shown = course.eval_on_selector_all(f"#{qid} .kc-feedback:not([hidden])", "f => f.length")
            assert shown == len(chosen[qid]), qid
    assert sets(page, "cmi.interactions.") == []  # putting answers back is not answering again
    assert value(page, "cmi.core.lesson_status") == "passed"
    assert value(page, "cmi.core.score.raw") == answered["score.raw"]
    assert json.loads(value(page, "cmi.suspend_data"))["a"] == json.loads(journey["suspend_data"])["a"]
    context.close()
    assert problems == []


@pytest.mark.browser
def test_a_learner_under_the_mastery_score_fails(journey: dict[str, Any], browser: Any, lms: str) -> None:
    state = json.loads(journey["suspend_data"])
    for key in list(state["a"])[:12]:  # twelve more first answers wrong
        state["a"][key][0] = 0
    right = sum(entry[0] for entry in state["a"].values())
    data = {"core": {"lesson_status": "completed", "lesson_location": "book/welcome.html", "entry": "resume"},
            "suspend_data": json.dumps(state)}
    context = browser.new_context()
    page = context.new_page()
    problems = Problems(page)
    page.goto(harness_url(lms, data=data))
    course_frame(page)
    page.wait_for_function("lms.value('cmi.core.lesson_status') !== 'completed'")
    assert value(page, "cmi.core.lesson_status") == "failed"
    assert value(page, "cmi.core.score.raw") == str(round(100 * right / len(state["a"])))
    context.close()
    assert problems == []


@pytest.mark.browser
def test_without_an_lms_the_package_is_the_plain_book(browser: Any, lms: str, package: dict[str, Any]) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems = Problems(page)
    page.goto(f"{lms}/package/scorm-launch.html?start=book/partnerships.html")
    page.wait_for_url("**/package/book/partnerships.html")
    qid = package["questions"][0]
    page.goto(f"{lms}/package/{package['where'][qid]}")
    page.locator(f"#{qid} input").first.check()
    page.locator(f"#{qid} button.kc-check").click()
    assert page.locator(f"#{qid} .kc-result").inner_text().strip()
    page.wait_for_timeout(300)
    context.close()
    assert problems == []
