"""No command line in the learner's path, and a welcome page that tells the truth (issue 15).

The learner's path is every page the table of contents puts before the part "For trainers and
technical users" (the welcome page first). Left out of it, on purpose: the exercise notebooks
(`exercises/0*`), the trainer's cohort notebook and the partnership health-check form. They are
workshop material: they also run in JupyterLab or on a JupyterHub, where a trainer may use the
command line, and they belong to their own authors. The exercises' overview page
(`exercises/index`) is in the path: it is where a learner starts the exercises.

On the built site (ICT4D_SITE or a fresh strict build), pages in the path show no shell command,
no YAML file name and none of the words "exit code", "deterministic" or "monotone"; the technical
part holds the command-line reference, generated from the command line itself; the welcome page's
times add up and it says how to reach the design builder and the progress and certificate pages.
"""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
import typer
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from ict4d_training.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
TECHNICAL_PART = "For trainers and technical users"
# Workshop material inside the learner's parts (see the module docstring).
WORKSHOP_PAGES = ("exercises/0*", "exercises/trainer-cohort", "exercises/health-check")
BUILDER_EXERCISE = "exercises/03-design-a-partnership"
LITE_BUILDER = "lite/notebooks/index.html?path=03-design-a-partnership.ipynb"

# What a learner must not meet: (name, pattern), searched in the page's visible text.
FORBIDDEN = [
    ("the course's command", re.compile(r"ict4d-training ")),
    ("pip install", re.compile(r"\bpip3? install\b")),
    ("a make target", re.compile(r"\bmake (?:lab|book|offline|serve|test|scorm|lite|bench|unit|clean)\b")),
    ("kubectl", re.compile(r"\bkubectl\b")),
    ("helm", re.compile(r"\bhelm (?:install|upgrade|repo|uninstall)\b")),
    ("a YAML file path", re.compile(r"[\w./-]*\w\.ya?ml\b", re.IGNORECASE)),
    ("exit code", re.compile(r"\bexit codes?\b", re.IGNORECASE)),
    ("deterministic", re.compile(r"\bdeterministic(?:ally)?\b", re.IGNORECASE)),
    ("monotone", re.compile(r"\bmonoton(?:e|ic|icity)\b", re.IGNORECASE)),
]
# Code on a learner's page that is a shell command, whatever the program.
SHELL_LINE = re.compile(r"^\s*(?:\$ |\.venv/|python3? -m |pip3? |make |kubectl |helm |docker |sudo |curl |ict4d-training\b)",
                        re.MULTILINE)


def toc_parts() -> list[tuple[str, list[str]]]:
    """(caption, docnames in order) for each part of _toc.yml; globs are expanded as Jupyter Book does."""
    toc = YAML(typ="safe", pure=True).load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    parts = [("", [toc["root"]])]

    def walk(entries: list[dict[str, object]], names: list[str]) -> None:
        for entry in entries:
            if "file" in entry:
                names.append(str(entry["file"]))
            elif "glob" in entry:
                names += sorted(path.relative_to(ROOT).with_suffix("").as_posix()
                                for path in ROOT.glob(f"{entry['glob']}.md"))
            walk(list(entry.get("sections", [])), names)  # type: ignore[arg-type]

    for part in toc["parts"]:
        names: list[str] = []
        walk(part["chapters"], names)
        parts.append((part["caption"], names))
    return parts


def learner_pages() -> list[str]:
    pages: list[str] = []
    for caption, names in toc_parts():
        if caption == TECHNICAL_PART:
            return [name for name in pages if not any(fnmatch(name, pattern) for pattern in WORKSHOP_PAGES)]
        pages += names
    raise AssertionError(f"_toc.yml has no part called {TECHNICAL_PART!r}")


def technical_pages() -> list[str]:
    return next(names for caption, names in toc_parts() if caption == TECHNICAL_PART)


def article(site: Path, docname: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article.bd-article") or soup.select_one("main")
    assert main is not None, docname
    return main


def visible_text(node: BeautifulSoup) -> str:
    return " ".join(node.get_text(" ").split())


def minutes(text: str) -> int:
    """'2 h 30 min (six pages ...)' -> 150: the first duration in a cell."""
    match = re.match(r"\s*(?:(\d+) h)?\s*(?:(\d+) min)?", text)
    assert match and (match.group(1) or match.group(2)), f"no duration in {text!r}"
    return 60 * int(match.group(1) or 0) + int(match.group(2) or 0)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def test_the_learners_path_is_the_parts_before_the_technical_part() -> None:
    pages = learner_pages()
    assert pages[0] == "book/welcome"
    for name in ("book/designing", "book/scoring", "exercises/index", "case_studies/index", "book/running/index",
                 "book/assessment", "book/progress", "book/certificate"):
        assert name in pages, name
    assert not any(fnmatch(name, "exercises/0*") for name in pages)
    technical = technical_pages()
    assert "book/trainers-guide" in technical and "book/technical/command-line" in technical
    assert not set(pages) & set(technical)


def test_no_page_in_the_learners_path_shows_the_command_line(site: Path) -> None:
    found = []
    for name in learner_pages():
        main = article(site, name)
        text = visible_text(main)
        found += [f"{name}: {what}: {match.group(0)!r}" for what, pattern in FORBIDDEN
                  for match in pattern.finditer(text)]
        for code in main.find_all(["pre", "code"]):
            if SHELL_LINE.search(code.get_text()):
                found.append(f"{name}: a shell command: {code.get_text().strip()[:60]!r}")
    assert not found, "\n".join(found)


def test_the_check_finds_what_it_looks_for() -> None:
    """The patterns above catch what the old pages said (so the test can fail)."""
    said = ["$ ict4d-training score my-design.yaml", "Both commands end with an exit code",
            "The scorer is deterministic", "It is also monotone", "In a copy of the course, run make lab.",
            'sudo -E pip install "ict4d_training-0.1.0-py3-none-any.whl[cli,widgets]"',
            "helm upgrade --cleanup-on-fail --install", "kubectl get pods", "save drafts/exercise-3.yaml"]
    for sentence in said:
        assert any(pattern.search(sentence) for _what, pattern in FORBIDDEN), sentence
    assert SHELL_LINE.search(".venv/bin/jupytext --to ipynb exercises/0*.md")
    for fine in ["Make sure every partner agrees.", "Take the helm of the steering group.", "Score it in the builder."]:
        assert not any(pattern.search(fine) for _what, pattern in FORBIDDEN), fine


def test_the_technical_part_holds_the_command_line_reference(site: Path) -> None:
    reference = visible_text(article(site, "book/technical/command-line"))
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    for name, command in group.commands.items():
        assert f"ict4d-training {name}" in reference, name
        for parameter in command.params:
            for option in parameter.opts:
                if option.startswith("-"):
                    assert option in reference, (name, option)
    for words in ("exit code", "FILE:LINE: field.path"):
        assert words in reference, words
    # The live example on the page ran the command and printed its exit code.
    assert re.search(r"exit code: 2\b", reference) and re.search(r"exit code: 0\b", reference)
    design_file = visible_text(article(site, "book/technical/design-file"))
    assert "ict4d-training template --output my-design.yaml" in design_file
    assert "schema_version" in design_file and "sustainability.funding_after_launch" in design_file
    servers = visible_text(article(site, "book/technical/servers"))
    for words in ("The Littlest JupyterHub", "helm upgrade", "make offline", "python3 -m http.server"):
        assert words in servers, words
    rubric = visible_text(article(site, "book/technical/rubric"))
    assert "--rubric my-rubric.yaml" in rubric and "deterministic" in rubric and "monotone" in rubric


def welcome_rows(site: Path) -> tuple[list[tuple[str, int]], int]:
    """The welcome page's times: (page the row links to, minutes) for each row, and the total row."""
    main = article(site, "book/welcome")
    table = next(table for table in main.find_all("table") if "Estimated time" in table.get_text())
    body = [cells for cells in (row.find_all(["td", "th"]) for row in table.find_all("tr")[1:]) if cells]
    assert visible_text(body[-1][0]).startswith("Total"), visible_text(body[-1][0])
    rows = []
    for cells in body[:-1]:
        link = cells[0].find("a", href=True)
        target = (Path("book") / link["href"].split("#")[0]).as_posix() if link else "book/welcome.html"
        rows.append((str(Path(target).with_suffix("")).replace("book/../", ""), minutes(visible_text(cells[-1]))))
    return rows, minutes(visible_text(body[-1][-1]))


def with_sections(docname: str) -> list[str]:
    """A page and the pages under it in the table of contents (a part's overview and its chapters)."""
    toc = YAML(typ="safe", pure=True).load((ROOT / "_toc.yml").read_text(encoding="utf-8"))

    def find(entries: list[dict[str, object]]) -> list[str] | None:
        for entry in entries:
            sections = list(entry.get("sections", []))  # type: ignore[call-overload]
            if entry.get("file") == docname:
                names = [docname]
                for section in sections:
                    if "file" in section:
                        names.append(section["file"])
                    else:
                        names += sorted(path.relative_to(ROOT).with_suffix("").as_posix()
                                        for path in ROOT.glob(f"{section['glob']}.md"))
                return names
            found = find(sections)
            if found:
                return found
        return None

    return find([chapter for part in toc["parts"] for chapter in part["chapters"]]) or [docname]


def test_the_welcome_times_add_up_and_cover_the_whole_course(site: Path) -> None:
    rows, total = welcome_rows(site)
    assert sum(time for _page, time in rows) == total, (rows, total)
    pages = [page for page, _time in rows]
    for target in ("book/welcome", "book/partnerships", "book/lessons/index", "book/elements/index", "book/designing",
                   "book/scoring", "book/running/index", "book/assessment", "exercises/index", "case_studies/index"):
        assert target in pages, (target, pages)
    # The sentence under the table gives the same total, in hours.
    text = visible_text(article(site, "book/welcome"))
    hours = re.search(r"In total, the course takes about (\w+) hours", text)
    assert hours, "no total in words"
    numbers = ["nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
               "eighteen", "nineteen", "twenty", "twenty-one", "twenty-two"]
    assert hours.group(1) in numbers, hours.group(1)
    assert abs((numbers.index(hours.group(1)) + 9) * 60 - total) <= 30, (hours.group(1), total)


def test_each_welcome_time_covers_what_its_pages_say_they_take(site: Path) -> None:
    """No row promises less than its own pages state; the exercises fit their own timing tables."""
    for page, time in welcome_rows(site)[0]:
        stated = 0
        for name in with_sections(page):
            found = re.search(r"(?:Reading time: about|takes about) (\d+) minutes", visible_text(article(site, name)))
            stated += int(found.group(1)) if found else 0
        assert time >= stated, (page, time, stated)
    # The row for the cases names as many cases as the table of contents holds.
    table = next(table for table in article(site, "book/welcome").find_all("table") if "Estimated time" in table.get_text())
    cases = next(visible_text(row) for row in table.find_all("tr") if row.find("a", href=re.compile("case_studies")))
    count = len(with_sections("case_studies/index")) - 1
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    assert f" {words[count]} cases" in cases, (count, cases)
    exercise_time = dict(welcome_rows(site)[0])["exercises/index"]
    workshop = debrief = 0
    for name in with_sections("exercises/index"):
        if not fnmatch(name, "exercises/0*"):
            continue
        table = next(table for table in article(site, name).find_all("table") if "Minutes" in table.get_text())
        steps = {visible_text(cells[0]): int(visible_text(cells[1]))
                 for cells in (row.find_all("td") for row in table.find_all("tr")) if len(cells) == 2}
        workshop += steps["Total"]
        debrief += next(value for step, value in steps.items() if step.startswith("Debrief"))
    # Alone there is no debrief with a room, but the model answer takes some of its time.
    assert workshop - debrief <= exercise_time <= workshop, (exercise_time, workshop, debrief)


def test_the_builder_link_is_the_one_the_exercise_page_offers(site: Path) -> None:
    """The welcome and design pages link straight to exercise 3 in JupyterLite, as its own page does."""
    exercise = BeautifulSoup((site / f"{BUILDER_EXERCISE}.html").read_text(encoding="utf-8"), "html.parser")
    launch = exercise.select_one("a.lite-launch-link")
    assert launch is not None
    assert launch["href"] == f"../{LITE_BUILDER}"  # both pages sit one folder below the site's root


def test_the_welcome_page_says_how_to_reach_the_builder_and_keep_progress(site: Path) -> None:
    main = article(site, "book/welcome")
    hrefs = [link["href"] for link in main.find_all("a", href=True)]
    assert f"../{BUILDER_EXERCISE}.html" in hrefs
    assert f"../{LITE_BUILDER}" in hrefs
    text = visible_text(main)
    assert "Run this exercise in your browser" in text and "Run All Cells" in text
    assert "nothing to install" in text
    for target in ("progress.html", "certificate.html", "assessment.html"):
        assert target in hrefs, target
    # The old promise that every chapter has objectives, and the command-line scorer, are gone.
    assert "Each chapter has its own learning objectives" not in text
    assert "command-line tool" not in text


def test_the_design_guide_sends_learners_to_the_builder_and_prints_a_worksheet(site: Path) -> None:
    main = article(site, "book/designing")
    hrefs = [link["href"] for link in main.find_all("a", href=True)]
    assert f"../{LITE_BUILDER}" in hrefs and f"../{BUILDER_EXERCISE}.html" in hrefs
    assert any(href.startswith("technical/design-file.html") for href in hrefs)  # the file format, once
    label = main.find(id="printable-worksheet")
    assert label is not None
    worksheet = label.parent
    assert worksheet.name == "section" and worksheet.get("id")
    # Every part of the builder's form has its questions on the worksheet.
    from ict4d_training.widgets._form import steps

    text = visible_text(worksheet)
    for title, _specs in steps():
        assert title in text, title
    style = " ".join(tag.get_text() for tag in main.find_all("style"))
    assert "@media print" in style and f"#{worksheet['id']}" in style


@pytest.mark.browser
def test_printing_the_design_guide_prints_only_the_worksheet_with_room_to_write(site: Path) -> None:
    from _browser import require
    from ict4d_build.browser import chromium, chromium_missing_reason, serve

    require(chromium_missing_reason())
    with serve(site) as base_url, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{base_url}/book/designing.html", wait_until="load")
        shown = "(selector) => { const e = document.querySelector(selector); return !!e && e.checkVisibility(); }"
        worksheet = "section:has(> #printable-worksheet)"
        on_screen = {selector: page.evaluate(shown, selector) for selector in ("article h1", worksheet, ".ict4d-print-worksheet")}
        assert on_screen == {"article h1": True, worksheet: True, ".ict4d-print-worksheet": True}, on_screen
        space = f"() => getComputedStyle(document.querySelector('{worksheet} li'), '::after').height"
        assert page.evaluate(space) in ("auto", "0px")  # no blank lines on a phone screen
        page.emulate_media(media="print")
        printed = {selector: page.evaluate(shown, selector)
                   for selector in ("article h1", "#open-the-design-builder", ".bd-header", "#jb-print-toc",
                                    ".ict4d-print-worksheet", worksheet, f"{worksheet} h2", f"{worksheet} li")}
        assert printed == {"article h1": False, "#open-the-design-builder": False, ".bd-header": False,
                           "#jb-print-toc": False, ".ict4d-print-worksheet": False, worksheet: True,
                           f"{worksheet} h2": True, f"{worksheet} li": True}, printed
        assert float(page.evaluate(space).removesuffix("px")) >= 30  # room to write under each question
