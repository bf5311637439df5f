"""The guides around each lesson, element and foundation page (book/_ext/page_guides.py).

Each page opens with objectives and a reading time counted at build time, and closes with key points
and "Practise it" links generated from book/_data/practice-links.yaml. The ladder of involvement
and the environment check are taught on one page each. The scorer sections speak to learners.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup, Tag
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "book" / "_ext" / "page_guides.py"
LESSONS = ["diversity", "local-context", "outcomes", "sustainability", "trust", "enabling-environment"]
ELEMENTS = ["environment", "stakeholders", "leadership", "objectives", "monitoring", "resourcing", "ethics",
            "management"]
PAGES = (["book/partnerships", "book/partnership-or-contract"] + [f"book/lessons/{p}" for p in LESSONS]
         + [f"book/elements/{p}" for p in ELEMENTS])
# Verbs that name something a reader can be seen to do; "understand", "know" and "appreciate" cannot be checked.
MEASURABLE = {"tell", "check", "explain", "compare", "recognise", "use", "spot", "choose", "describe", "plan",
              "rewrite", "name", "identify", "place", "rate", "run", "say", "write", "list", "apply", "design", "set"}
# Practice pages listed for a page they do not link to, and why.
UNLINKED = {
    ("exercises/01-partnership-or-contract", "book/partnerships"):
        "deciding partnership or contract needs the partnership-contract difference the page teaches",
    ("exercises/02-map-the-stakeholders", "book/partnerships"):
        "mapping sectors practises what 'multi-stakeholder' means, taught on the page",
}


def load_extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location("page_guides", EXTENSION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


guides = load_extension()


def article(site: Path, doc: str) -> Tag:
    soup = BeautifulSoup((site / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
    found = soup.find("article")
    assert isinstance(found, Tag), doc
    return found


def heading(body: Tag, start: str) -> Tag:
    found = [h for h in body.find_all("h2") if h.get_text(" ").strip().startswith(start)]
    assert len(found) == 1, (start, [h.get_text() for h in body.find_all("h2")])
    return found[0]


def words_without_checks(body: Tag) -> int:
    copy = BeautifulSoup(str(body), "html.parser")
    for checks in copy.select(".kc-set"):
        checks.decompose()
    return len(copy.get_text(" ").split())


# The extension on its own ------------------------------------------------------------------------------------------

def parse(rst: str) -> nodes.document:
    document = new_document("test", get_default_settings(Parser))
    Parser().parse(rst, document)
    return document


def test_word_count_reads_prose_headings_lists_and_tables_but_not_code_or_markup() -> None:
    document = parse("Title here\n==========\n\nOne two three.\n\n- four five\n- six\n\n"
                     "=====  =====\nseven  eight\n=====  =====\n\n"
                     ".. code-block:: python\n\n   not counted at all\n\n"
                     ".. raw:: html\n\n   <p>nor this raw html</p>\n\n.. a comment that is not counted\n")
    assert guides.count_words(document) == 10


def test_word_count_skips_the_reading_time_placeholder_itself() -> None:
    document = parse("Just four words here.\n")
    placeholder = guides.reading_time()
    placeholder += nodes.Text("ignored words inside the placeholder")
    document += placeholder
    assert guides.count_words(document) == 4


def test_knowledge_checks_are_counted_as_questions_without_their_feedback() -> None:
    html = ('<div class="kc-set" data-set="x"><form class="kc-question" id="q1"><fieldset><legend>'
            '<span class="kc-number">Question 1.</span> Who decides here? <span class="kc-hint">Choose one answer.'
            '</span></legend><div class="kc-option"><input type="radio"><label>The ministry &amp; firm</label>'
            '<div class="kc-feedback" hidden data-correct="true">Long feedback nobody has to read.</div></div>'
            '</fieldset><button type="submit" class="kc-check">Check answer</button></form>'
            '<form class="kc-question" id="q2"><fieldset><legend>Second?</legend></fieldset></form></div>')
    document = parse("Some text.\n")
    document += nodes.raw("", html, format="html")
    document += nodes.raw("", "<p>Not a knowledge check at all</p>", format="html")
    assert guides.knowledge_checks(document) == (2, 8)


@pytest.mark.parametrize(("words", "questions", "expected"), [
    (0, 0, "Reading time: about 1 minute."),
    (149, 1, "Reading time: about 1 minute, plus 1 question to check your understanding."),
    (224, 4, "Reading time: about 1 minute, plus 4 questions to check your understanding."),
    (225, 0, "Reading time: about 2 minutes."),
    (1500, 5, "Reading time: about 10 minutes, plus 5 questions to check your understanding."),
])
def test_reading_time_rounds_to_the_nearest_minute(words: int, questions: int, expected: str) -> None:
    assert guides.reading_time_text(words, questions, 150) == expected


def test_the_default_rate_suits_readers_in_a_second_language() -> None:
    assert guides.WORDS_PER_MINUTE == 150
    assert "second language" in (guides.__doc__ or "")


def test_practice_links_file_is_validated(tmp_path: Path) -> None:
    links = guides.load_practice_links()
    assert ("exercises", "exercises/02-map-the-stakeholders") in links["book/elements/stakeholders"]
    broken = tmp_path / "links.yaml"
    broken.write_text("schema_version: 1\nexercises:\n  exercises/x: []\ncase_studies: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="at least one page"):
        guides.load_practice_links(broken)
    broken.write_text("exercises: {}\ncase_studies: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="schema_version"):
        guides.load_practice_links(broken)


def test_every_teaching_page_is_practised_and_every_named_page_exists() -> None:
    links = guides.load_practice_links()
    assert set(PAGES) <= set(links), set(PAGES) - set(links)
    for teaching, practice in links.items():
        assert (ROOT / f"{teaching}.md").is_file(), teaching
        for _kind, page in practice:
            assert (ROOT / f"{page}.md").is_file(), page


# The built pages ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("doc", PAGES)
def test_page_opens_with_measurable_objectives_and_a_reading_time(built_site: Path, doc: str) -> None:
    body = article(built_site, doc)
    first_section = body.find("h2")
    assert first_section is not None
    opening = [p for p in first_section.find_all_previous("p")]
    objectives = next(p for p in opening if p.get_text().startswith("By the end of this page you will be able to:"))
    clauses = objectives.get_text().split(":", 1)[1].strip().rstrip(".").split(";")
    assert 2 <= len(clauses) <= 4, objectives.get_text()
    for clause in clauses:
        verb = clause.split()[0] if not clause.strip().startswith("and ") else clause.split()[1]
        assert verb in MEASURABLE, (doc, clause)
    stated = next(p for p in opening if "reading-time" in (p.get("class") or []))
    match = re.fullmatch(r"Reading time: about (\d+) minutes?, plus (\d+) questions? to check your understanding\.",
                         stated.get_text().strip())
    assert match, stated.get_text()
    minutes, questions = int(match.group(1)), int(match.group(2))
    assert questions == len(body.select("form.kc-question")) >= 3
    by_words = words_without_checks(body) / guides.WORDS_PER_MINUTE
    assert abs(minutes - by_words) <= max(1.0, 0.15 * by_words), (doc, minutes, by_words)


@pytest.mark.parametrize("doc", PAGES)
def test_page_closes_with_key_points_then_practice_then_checks(built_site: Path, doc: str) -> None:
    body = article(built_site, doc)
    headings = [" ".join(h.get_text(" ").split()) for h in body.find_all("h2")]
    order = [next(i for i, h in enumerate(headings) if h.startswith(name))
             for name in ("Key points", "Practise it", "Check your understanding")]
    assert order == sorted(order) and order[-1] == len(headings) - 1, headings
    listing = heading(body, "Key points").find_next("ul")
    assert listing is not None, doc
    points = listing.find_all("li", recursive=False)
    assert 1 <= len(points) <= 5, doc
    assert all(len(point.get_text().split()) <= 25 for point in points), doc


@pytest.mark.parametrize("doc", PAGES)
def test_practise_it_links_resolve_to_the_exercises_and_cases_in_the_data(built_site: Path, doc: str) -> None:
    listed = heading(article(built_site, doc), "Practise it").find_next("ul")
    assert listed is not None, doc
    hrefs = [a["href"] for a in listed.find_all("a", href=True)]
    targets = []
    for href in hrefs:
        target = (built_site / doc).parent.joinpath(str(href).split("#")[0]).resolve()
        assert target.is_file(), href
        targets.append(target.relative_to(built_site.resolve()).with_suffix("").as_posix())
    expected = [page for _kind, page in guides.load_practice_links()[doc]]
    assert targets == expected
    assert all(t.startswith(("exercises/0", "case_studies/")) for t in targets), targets


def test_each_practice_page_links_back_to_the_pages_it_is_listed_for(built_site: Path) -> None:
    for teaching, practice in guides.load_practice_links().items():
        for _kind, page in practice:
            if (page, teaching) in UNLINKED:
                continue
            links = {str(a["href"]).split("#")[0] for a in article(built_site, page).find_all("a", href=True)}
            resolved = {(built_site / page).parent.joinpath(link).resolve() for link in links if link}
            assert (built_site / f"{teaching}.html").resolve() in resolved, (page, teaching)


def pages_with_list(site: Path, starts: list[str]) -> list[str]:
    """Pages whose article has a list whose items begin, in order, with `starts`."""
    found = []
    for doc in PAGES:
        for listing in article(site, doc).find_all(["ul", "ol"]):
            items = [" ".join(li.get_text(" ").split()).lower() for li in listing.find_all("li", recursive=False)]
            if len(items) >= len(starts) and all(i.startswith(s) for i, s in zip(items, starts, strict=False)):
                found.append(doc)
    return found


def test_the_ladder_of_involvement_is_taught_once(built_site: Path) -> None:
    ladder = ["none", "informed", "consulted", "co-designed", "community-led"]
    assert pages_with_list(built_site, ladder) == ["book/elements/stakeholders"]
    lesson = article(built_site, "book/lessons/local-context")
    assert any(str(a["href"]).endswith("stakeholders.html#community-involvement") for a in lesson.find_all("a", href=True))


def test_the_environment_check_is_taught_once(built_site: Path) -> None:
    pages = [doc for doc in PAGES if article(built_site, doc).select("#environment-check")]
    assert pages == ["book/elements/environment"]
    label = article(built_site, "book/elements/environment").select_one("#environment-check")
    assert label is not None
    section = label.find_parent("section")
    assert section is not None
    decisions = [" ".join(li.get_text(" ").split()).lower() for li in section.select("ol ul > li")]
    assert [d.split(",")[0].strip() for d in decisions] == ["go ahead", "adapt", "wait or change the task"]
    for doc in PAGES:
        if doc != "book/elements/environment":
            text = " ".join(article(built_site, doc).get_text(" ").split()).lower()
            assert "wait or change the task" not in text, doc
    lesson = article(built_site, "book/lessons/enabling-environment")
    anchors = ("environment.html#environment-check", f"environment.html#{section.get('id')}")
    assert any(str(a["href"]).endswith(anchors) for a in lesson.find_all("a", href=True))


@pytest.mark.parametrize("element", ELEMENTS)
def test_scorer_section_speaks_to_learners_and_links_to_the_file_format(built_site: Path, element: str) -> None:
    section = heading(article(built_site, f"book/elements/{element}"), "How the scorer assesses this")
    prose = []
    for sibling in section.find_next_siblings():
        if sibling.name == "h2" or sibling.select_one("table"):
            break
        prose.append(sibling)
    text = " ".join(" ".join(p.get_text(" ").split()) for p in prose)
    for jargon in ("exit code", "deterministic", "monotone", "YAML", "field"):
        assert jargon.lower() not in text.lower(), (element, jargon)
    assert not re.search(r"\b[a-z]+(?:_[a-z]+)*\.[a-z_]+\b", text), text
    hrefs = [str(a["href"]) for p in prose for a in p.find_all("a", href=True)]
    assert any(h.endswith("technical/design-file.html") for h in hrefs), hrefs
    assert any(h.endswith("exercises/03-design-a-partnership.html") for h in hrefs), hrefs
