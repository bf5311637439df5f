"""The course book: the strict build, and what the built pages must contain.

The book is built once per test session (warnings are errors, notebooks executed), into a
temporary folder so an author's own `_build` is left alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from ict4d_training import default_rubric, load_design, score
from ict4d_training.core.questions import load_question_set

ROOT = Path(__file__).resolve().parent.parent
LESSON_PAGES = ["diversity", "local-context", "outcomes", "sustainability", "trust", "enabling-environment"]
ELEMENT_PAGES = ["environment", "stakeholders", "leadership", "objectives", "monitoring", "resourcing", "ethics",
                 "management"]


@pytest.fixture(scope="session")
def site(built_site: Path) -> Path:
    return built_site


def plain(text: str) -> str:
    """Text as a reader sees it, undoing Sphinx's smart quotes and dashes."""
    for fancy, simple in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "--"),
                          ("\u2014", "---")):
        text = text.replace(fancy, simple)
    return " ".join(text.split())


def page(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "_static" not in path.parts)


def test_every_learn_more_link_resolves_to_a_real_anchor(site: Path) -> None:
    rubric = default_rubric()
    links = [c.learn_more for c in rubric.criteria] + [b.learn_more for b in rubric.blockers]
    links += [lesson.learn_more for lesson in rubric.lessons]
    for link in links:
        file, anchor = link.split("#")
        assert (site / file).exists(), link
        assert page(site, file).find(id=anchor) is not None, link


def test_pages_load_nothing_from_another_host(site: Path) -> None:
    for path in html_pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video", "audio"]):
            for attribute in ("src", "href"):
                value = tag.get(attribute)
                if value and (tag.name != "link" or "stylesheet" in (tag.get("rel") or []) or
                              tag.get("rel") in (["preload"], ["icon"])):
                    assert not re.match(r"^(https?:)?//", value), f"{path.relative_to(site)}: {tag}"


@pytest.mark.parametrize("name", [f"lessons/{p}" for p in LESSON_PAGES] + [f"elements/{p}" for p in ELEMENT_PAGES])
def test_teaching_pages_are_substantive_and_have_knowledge_checks(site: Path, name: str) -> None:
    soup = page(site, f"book/{name}.html")
    article = soup.find("article") or soup
    words = len(article.get_text(" ").split())
    assert words >= 900, f"{name}: only {words} words"
    kind, slug = name.split("/")
    data = load_question_set(f"{kind.rstrip('s').replace('lesson', 'lesson')}-{slug}")
    forms = soup.select("form.kc-question")
    assert len(forms) == len(data.questions) >= 3
    for form, question in zip(forms, data.questions, strict=True):
        options = form.select(".kc-option")
        assert len(options) == len(question.options)
        for option_html, option in zip(options, question.options, strict=True):
            assert option_html.select_one(".kc-feedback").get_text() == option.feedback
            assert option_html.select_one("input")["data-correct"] == ("true" if option.correct else "false")
        assert form.select_one("button.kc-check") is not None


@pytest.mark.parametrize("element", ELEMENT_PAGES)
def test_element_pages_print_the_rubric_from_its_data(site: Path, element: str) -> None:
    text = plain(page(site, f"book/elements/{element}.html").get_text(" "))
    rubric = default_rubric()
    for criterion in rubric.criteria_for(element):
        assert criterion.id in text
        for descriptor in criterion.levels.values():
            assert plain(descriptor) in text, descriptor


def test_scoring_chapter_shows_the_whole_rubric(site: Path) -> None:
    text = " ".join(page(site, "book/scoring.html").get_text(" ").split())
    rubric = default_rubric()
    for criterion in rubric.criteria:
        assert criterion.id in text
    for blocker in rubric.blockers:
        assert blocker.code in text


def test_case_pages_show_the_scorecard_computed_from_their_design(site: Path) -> None:
    yaml = YAML(typ="safe", pure=True)
    cases = sorted((ROOT / "case_studies").glob("*/design.yaml"))
    comparison = " ".join(page(site, "case_studies/index.html").get_text(" ").split())
    for design_path in cases:
        report = score(load_design(design_path))
        name = design_path.parent.name
        soup = page(site, f"case_studies/{name}/index.html")
        card = soup.select_one(".ict4d-scorecard")
        assert card is not None, name
        band = card.select_one(".ict4d-band").get_text()
        assert band == report.band.replace("_", " ")
        assert yaml.load((design_path.parent / "case.yaml").read_text())["expected_band"] == report.band
        assert f"{report.overall:.1f}" in card.get_text()
        # An element the record is silent on shows as "unknown", not as a zero.
        row = f"{report.overall:.0f} {report.band.replace('_', ' ')} " + " ".join(
            f"{area.score:.0f}" if area.known else "unknown" for area in report.elements)
        assert row in comparison, (name, row)


def test_every_page_is_in_the_navigation(site: Path) -> None:
    navigation = page(site, "book/welcome.html").select_one("nav.bd-docs-nav")
    assert navigation is not None
    links = {a["href"] for a in navigation.find_all("a", href=True)}
    for name in LESSON_PAGES:
        assert any(link.endswith(f"lessons/{name}.html") for link in links), name
    for name in ELEMENT_PAGES:
        assert any(link.endswith(f"elements/{name}.html") for link in links), name


def test_executable_pages_can_be_downloaded_as_notebooks(site: Path) -> None:
    for name in ["book/scoring", "book/technical/command-line", "book/partnership-or-contract", "book/elements/ethics",
                 "case_studies/index"]:
        soup = page(site, f"{name}.html")
        links = [a["href"] for a in soup.find_all("a", href=True) if a["href"].endswith(".ipynb")]
        assert links, name
        notebook = (site / name).parent / links[0]
        assert notebook.resolve().exists(), links[0]
        assert '"cell_type": "code"' in notebook.resolve().read_text(encoding="utf-8")


def test_decision_aid_worked_example_is_computed_in_the_page(site: Path) -> None:
    text = plain(page(site, "book/partnership-or-contract.html").get_text(" "))
    assert "Decision aid: contract." in text
    assert "Decision aid: partnership." in text


def test_frozen_widgets_name_the_drafts_folder_as_a_trainee_sees_it(site: Path) -> None:
    """The build's throwaway drafts folder is shown as drafts/, never as a path on the build machine."""
    exercise = (site / "exercises" / "03-design-a-partnership.html").read_text(encoding="utf-8")
    assert "<code>drafts/exercise-3.yaml</code>" in exercise
    health = (site / "exercises" / "health-check.html").read_text(encoding="utf-8")
    assert "<code>drafts/health-check</code>" in health
    for path in sorted(site.rglob("*.html")):
        if "lite" in path.relative_to(site).parts:
            continue
        text = path.read_text(encoding="utf-8")
        # Folders made by mkdtemp; the trainers' guide's Dockerfile copies to /tmp/ on purpose.
        assert not re.search(r"/tmp/tmp|/tmp/cohort-|pytest-of-", text), path.relative_to(site)


def test_widget_pages_show_the_widgets_as_html_with_no_manager_and_no_state(site: Path) -> None:
    exercises = [*sorted((site / "exercises").glob("0*.html")), site / "exercises" / "health-check.html"]
    assert len(exercises) >= 7
    for path in exercises:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.select(".cell_output .ict4d-static-widget"), path.name
        for mime in ("application/vnd.jupyter.widget-state+json", "application/vnd.jupyter.widget-view+json"):
            assert soup.find("script", type=mime) is None, (path.name, mime)
        sources = [tag.get("src", "") for tag in soup.find_all("script")]
        assert not any("embed-amd" in src or "require.js" in src for src in sources), path.name
        assert any("static-widgets.css" in tag.get("href", "") for tag in soup.find_all("link")), path.name
        if path.name.startswith("0"):
            assert "Making the widgets live" in soup.get_text()
    assert not (site / "exercises" / "@jupyter-widgets").exists()
    for text_page in ("book/welcome.html", "book/lessons/trust.html", "book/elements/ethics.html",
                      "exercises/trainer-cohort.html"):
        links = [tag.get("href", "") for tag in page(site, text_page).find_all("link")]
        assert not any("static-widgets.css" in href for href in links), text_page


def test_the_exercise_builder_page_shows_the_empty_builder_as_a_trainee_first_sees_it(site: Path) -> None:
    soup = page(site, "exercises/03-design-a-partnership.html")
    builder = soup.select_one(".ict4d-static-widget .ict4d-builder")
    assert builder is not None
    text = plain(builder.get_text(" "))
    assert "Start by giving your partnership a title" in text and "No score yet" in text
    assert "must not be empty" not in text and "last valid version" not in text
    assert len(builder.select("details.jupyter-widget-Collapse")) == 15


def test_exercise_solutions_are_collapsed(site: Path) -> None:
    for path in sorted((site / "exercises").glob("0*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        solutions = soup.select(".solution")
        assert solutions, path.name
        assert all("dropdown" in " ".join(solution.get("class", [])) for solution in solutions), path.name
