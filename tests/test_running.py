"""The part "Running a partnership": its knowledge-check data and its built pages.

Each page of the part follows one shape (objectives and reading time, what good looks like, warning
signs, an example, questions, key points, practice links, knowledge checks); these tests hold the
pages to that shape, and hold the reading time to the words actually on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ict4d_training.core.questions import load_question_set

PAGES = ["agreements", "brokering", "risk", "regulators", "disputes", "review", "moving-on"]
SECTIONS = ["What good looks like", "Warning signs", "An illustrative example", "Questions to ask", "Key points",
            "Practise it", "Check your understanding"]
GO_FURTHER = {"elements/management": "brokering", "elements/resourcing": "agreements", "elements/ethics": "disputes",
              "elements/environment": "regulators", "elements/monitoring": "review",
              "elements/leadership": "moving-on", "lessons/sustainability": "moving-on"}
WORDS_PER_MINUTE = 200


def page(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def reading_words(article: BeautifulSoup) -> int:
    """Words a reader meets on the page: the text, questions and options, not the feedback they may never open
    nor the folded contents of a Word template."""
    for hidden in article.select(".kc-feedback, .word-template-contents"):
        hidden.decompose()
    return len(article.get_text(" ").split())


@pytest.mark.parametrize("slug", PAGES)
def test_each_page_has_at_least_four_checks_with_varied_answers(slug: str) -> None:
    questions = load_question_set(f"running-{slug}").questions
    assert len(questions) >= 4
    single_positions = [next(i for i, o in enumerate(q.options) if o.correct) for q in questions if q.kind == "single"]
    assert len(set(single_positions)) == len(single_positions), f"{slug}: right answers share a position"
    for question in questions:
        if question.kind == "multiple":
            right = [i for i, option in enumerate(question.options) if option.correct]
            assert 2 <= len(right) <= 3 and len(question.options) >= 4, question.id
            assert right != list(range(len(right))), f"{question.id}: right answers are a block starting at A"


def test_right_answers_are_spread_over_positions_across_the_part() -> None:
    counts: dict[int, int] = {}
    for slug in PAGES:
        for question in load_question_set(f"running-{slug}").questions:
            if question.kind == "single":
                position = next(i for i, option in enumerate(question.options) if option.correct)
                counts[position] = counts.get(position, 0) + 1
    total = sum(counts.values())
    assert set(counts) == {0, 1, 2, 3}
    assert max(counts.values()) - min(counts.values()) <= 2, counts
    assert total >= 3 * len(PAGES)


@pytest.mark.book
@pytest.mark.parametrize("slug", PAGES)
def test_page_follows_the_shape_of_the_part(built_site: Path, slug: str) -> None:
    soup = page(built_site, f"book/running/{slug}.html")
    article = soup.find("article")
    assert article is not None
    headings = [" ".join(h.get_text(" ").split()).rstrip("#").strip() for h in article.find_all("h2")]
    found = [next((i for i, h in enumerate(headings) if h.startswith(name)), None) for name in SECTIONS]
    assert None not in found, (slug, headings)
    assert found == sorted(found), (slug, headings)
    text = " ".join(article.get_text(" ").split())
    objectives = text.index("By the end of this page you will be able to")
    assert objectives < text.index("What good looks like")
    example = next(h for h in article.find_all("h2") if h.get_text().startswith("An illustrative example"))
    assert "invented" in example.find_next("p").get_text()
    key_points = next(h for h in article.find_all("h2") if h.get_text().startswith("Key points"))
    assert 1 <= len(key_points.find_next("ul").find_all("li")) <= 5


@pytest.mark.book
@pytest.mark.parametrize("slug", ["index", *PAGES])
def test_reading_time_matches_the_words_on_the_page(built_site: Path, slug: str) -> None:
    article = page(built_site, f"book/running/{slug}.html").find("article")
    stated = re.search(r"Reading time: about (\d+) minutes?", article.get_text(" "))
    assert stated is not None, slug
    expected = max(1, int(reading_words(article) / WORDS_PER_MINUTE + 0.5))
    assert int(stated.group(1)) == expected, f"{slug}: says {stated.group(1)}, the words give {expected}"


@pytest.mark.book
@pytest.mark.parametrize("slug", PAGES)
def test_knowledge_checks_render_from_their_data(built_site: Path, slug: str) -> None:
    soup = page(built_site, f"book/running/{slug}.html")
    data = load_question_set(f"running-{slug}")
    forms = soup.select("form.kc-question")
    assert len(forms) == len(data.questions) >= 4
    for form, question in zip(forms, data.questions, strict=True):
        options = form.select(".kc-option")
        assert [o.select_one(".kc-feedback").get_text() for o in options] == [o.feedback for o in question.options]
        assert [o.select_one("input")["data-correct"] for o in options] == [
            "true" if o.correct else "false" for o in question.options]


@pytest.mark.book
@pytest.mark.parametrize("slug", PAGES)
def test_practise_links_lead_to_real_exercises_and_cases(built_site: Path, slug: str) -> None:
    soup = page(built_site, f"book/running/{slug}.html")
    heading = next(h for h in soup.find_all("h2") if h.get_text().startswith("Practise it"))
    links = [a["href"] for a in heading.find_next("ul").find_all("a", href=True)]
    assert links, slug
    for href in links:
        target = (built_site / "book" / "running" / href.split("#")[0]).resolve()
        assert target.is_file(), href
        relative = target.relative_to(built_site.resolve()).as_posix()
        assert relative.startswith(("exercises/", "case_studies/")), href


@pytest.mark.book
@pytest.mark.parametrize(("source", "slug"), sorted(GO_FURTHER.items()))
def test_element_pages_point_to_the_page_that_goes_further(built_site: Path, source: str, slug: str) -> None:
    soup = page(built_site, f"book/{source}.html")
    go_further = next(p for p in soup.find_all("p") if p.get_text().startswith("Go further"))
    assert any(a["href"].endswith(f"running/{slug}.html") for a in go_further.find_all("a", href=True))


@pytest.mark.book
def test_the_part_is_in_the_navigation(built_site: Path) -> None:
    navigation = page(built_site, "book/welcome.html").select_one("nav.bd-docs-nav")
    assert navigation is not None
    captions = [" ".join(c.get_text().split()) for c in navigation.select("p.caption")]
    assert "Running a partnership" in captions
    links = {a["href"] for a in navigation.find_all("a", href=True)}
    for slug in ["index", *PAGES]:
        assert any(link.endswith(f"running/{slug}.html") for link in links), slug
