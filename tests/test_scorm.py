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


def test_one_organization_with_one_item_for_the_whole_course(manifest: ET.Element, package: dict[str, Any],
                                                             archive: zipfile.ZipFile) -> None:
    """One item, so one record in the LMS holds the place and every answer (see the harness tests below)."""
    organizations = manifest.find(f"{IMSCP}organizations")
    assert organizations is not None
    [organization] = organizations.findall(f"{IMSCP}organization")
    assert organizations.get("default") == organization.get("identifier")
    [item] = organization.iter(f"{IMSCP}item")
    assert item.findtext(f"{IMSCP}title") == organization.findtext(f"{IMSCP}title") == build_scorm_title()
    assert item.findtext(f"{ADLCP}masteryscore") == "80"
    assert item.get("parameters") is None  # the launch page itself opens the learner's last page
    [resource] = [r for r in manifest.iter(f"{IMSCP}resource") if r.get("identifier") == item.get("identifierref")]
    assert resource.get(f"{ADLCP}scormtype") == "sco" and resource.get("type") == "webcontent"
    assert resource.get("href") == "scorm-launch.html" in archive.namelist()
    chapters = package["chapters"]
    assert len(chapters) >= 10 and chapters[0].pages[0] == "book/welcome.html"


def build_scorm_title() -> str:
    config = build_scorm.YAML(typ="safe", pure=True).load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return str(config["title"])


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


def exercise_pages(site: Path) -> list[str]:
    """The pages that offer their exercise in JupyterLite on the published site."""
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "exercises").glob("*.html")
                   if "lite-launch-link" in p.read_text(encoding="utf-8"))
    assert len(pages) >= 6
    return pages


def note(text: str) -> str:
    match = re.search(r'<div class="scorm-exercise-note[^"]*">(.*?)</div>', text, re.S)
    assert match, "no note on what the learner can do here"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_exercise_pages_say_what_the_learner_can_do_in_the_package(site: Path, archive: zipfile.ZipFile) -> None:
    for page in exercise_pages(site):
        published = (site / page).read_text(encoding="utf-8")
        text = archive.read(page).decode("utf-8")
        words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        assert "Run this exercise in your browser" not in words, page  # no pointer to the removed link
        said = note(text)
        assert "read the whole exercise" in said and "download this page as a notebook" in said, page
        assert "your trainer has the address" in said, page  # no course address given: no link to guess
        assert ("model answer" in said) == ('class="solution' in published), page
        if "Making the widgets live" in published:
            assert "Making the widgets live" not in text, page  # the box that sent learners to the link
        # Everything else on the page is still there: the exercise itself, its solutions.
        assert text.count('class="solution') == published.count('class="solution'), page
        assert text.count("<h2>") == published.count("<h2>"), page


def test_pages_that_name_the_removed_link_say_what_the_package_has_instead(archive: zipfile.ZipFile) -> None:
    named = []
    for name in archive.namelist():
        if not name.endswith(".html") or name.startswith("_static/"):
            continue
        words = " ".join(re.sub(r"<[^>]+>", " ", archive.read(name).decode("utf-8")).split())
        if "Run this exercise in your browser" in words:
            named.append(name)
            assert "In this course package the exercise pages do not have that link" in words, name
    assert "exercises/index.html" in named  # the exercises' overview tells learners to use the link


def test_with_the_course_address_the_note_links_to_the_in_browser_exercise(site: Path, tmp_path: Path) -> None:
    summary = build_scorm.build(site, tmp_path / "course.zip", course_url="https://courses.example.org/ict4d")
    with zipfile.ZipFile(summary["zip"]) as opened:
        for page in exercise_pages(site):
            text = opened.read(page).decode("utf-8")
            notebook = quote(posixpath.basename(page).removesuffix(".html") + ".ipynb")
            link = f"https://courses.example.org/ict4d/lite/notebooks/index.html?path={notebook}"
            assert f'href="{link}" target="_blank" rel="noopener"' in text, page
            assert "course's website" in note(text), page


def test_a_course_address_that_is_not_a_web_address_is_refused(site: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        build_scorm.main([str(site), "--output", str(tmp_path / "course.zip"), "--course-url", "courses/ict4d"])
    assert str(raised.value) == ("--course-url 'courses/ict4d': give the published course's address, "
                                 "starting http:// or https://")
    assert not (tmp_path / "course.zip").exists()


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
    # A package split into one item per chapter, each item a page that only talks to the LMS: the
    # shape that lost the work of learners who read first, kept to check the stand-in LMS itself.
    split = root / "split"
    split.mkdir()
    (split / "item.html").write_text("<!DOCTYPE html><title>item</title><p>An item.</p>", encoding="utf-8")
    items = "".join(f'<item identifier="ITEM-{n}" identifierref="RES" parameters="?chapter={n}"><title>{n}</title>'
                    "<adlcp:masteryscore>80</adlcp:masteryscore></item>" for n in (1, 2))
    (split / "imsmanifest.xml").write_text(
        f'<?xml version="1.0"?><manifest xmlns="{IMSCP[1:-1]}" xmlns:adlcp="{ADLCP[1:-1]}" identifier="split">'
        f'<organizations default="ORG"><organization identifier="ORG"><title>Split</title>{items}</organization>'
        '</organizations><resources><resource identifier="RES" type="webcontent" adlcp:scormtype="sco" '
        'href="item.html"><file href="item.html"/></resource></resources></manifest>', encoding="utf-8")
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
    """The questions the learner gets wrong at first: one in seven, so the score stays over 80."""
    return index % 7 == 3


def expected_score(questions: list[str]) -> int:
    return round(100 * sum(not wrong_first(i) for i in range(len(questions))) / len(questions))


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
    score = expected_score(questions)
    assert len(questions) >= 40 and 80 <= score < 100  # some wrong, still over the mastery score
    answered = journey["answered"]
    assert answered["score.raw"] == str(score)  # the first answer counts: the retry does not raise it
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
    for key in list(state["a"])[:12]:  # twelve more first answers wrong
        state["a"][key][0] = 0
    right = sum(entry[0] for entry in state["a"].values())
    records = {"ITEM-COURSE": {"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "book/welcome.html",
                               "cmi.core.exit": "suspend", "cmi.suspend_data": json.dumps(state)}}
    context = browser.new_context()
    page = context.new_page()
    problems = Problems(page)
    enter(page, lms, records=json.dumps(records))
    course_frame(page)
    page.wait_for_function("lms.value('cmi.core.lesson_status') === 'failed'")
    score = str(round(100 * right / len(state["a"])))
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
