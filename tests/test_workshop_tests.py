"""The workshop's pre- and post-test: two parallel forms, their paper versions, their pages.

The data tests need no build. Each form is valid, covers the course, keeps its right answers
balanced across A-D, gives a test-wise guesser no edge (the strategies of tests/test_testwise.py,
run on each form alone), and repeats no scenario of the page checks or the course assessment.
The Word tests write the papers and the key into a temporary folder and open them with
python-docx; the page tests read the built book.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document

from ict4d_build.workshop_tests import KEY_FILE, main, paper_name, right_letter
from ict4d_training.core.questions import load_question_set, question_set_names
from test_testwise import Item, all_problems, cast, data_items

ROOT = Path(__file__).resolve().parent.parent
FORMS = ("workshop-pre", "workshop-post")
LESSONS = ("diversity", "local-context", "outcomes", "sustainability", "trust", "enabling-environment")
ELEMENTS_ASKED = ("leadership", "monitoring", "resourcing", "ethics", "management")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i:i + n]) for i in range(len(found) - n + 1)}


def form_items(name: str) -> list[Item]:
    return [item for item in data_items() if item.where.startswith(f"{name}/")]


# --- the forms (no build) -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FORMS)
def test_each_form_is_valid_and_single_answer(name: str) -> None:
    form = load_question_set(name)  # validated against questions.schema.json on load
    assert 10 <= len(form.questions) <= 12
    for question in form.questions:
        assert question.kind == "single" and len(question.options) == 4, question.id
        assert sum(option.correct for option in question.options) == 1, question.id
        for option in question.options:
            assert len(option.feedback.split()) >= 8, f"{name}/{question.id}: feedback on {option.text!r}"


def test_the_forms_are_parallel_and_cover_the_course() -> None:
    pre, post = (load_question_set(name) for name in FORMS)
    assert len(pre.questions) == len(post.questions)
    assert [q.teaches for q in pre.questions] == [q.teaches for q in post.questions]
    taught = [q.teaches for q in pre.questions]
    assert taught[0] == "book/partnership-or-contract"
    assert set(taught) == ({f"book/lessons/{n}" for n in LESSONS} | {f"book/elements/{n}" for n in ELEMENTS_ASKED}
                           | {"book/partnership-or-contract"})
    for page in taught:
        assert (ROOT / f"{page}.md").is_file(), page
    # Parallel, not identical: no question is asked twice, and the right letters differ in most places.
    assert not {q.id for q in pre.questions} & {q.id for q in post.questions}
    assert sum(right_letter(a) != right_letter(b) for a, b in zip(pre.questions, post.questions, strict=True)) >= 9


@pytest.mark.parametrize("name", FORMS)
def test_right_answers_are_balanced_across_positions(name: str) -> None:
    form = load_question_set(name)
    positions = Counter(right_letter(question) for question in form.questions)
    share = len(form.questions) / 4
    assert sorted(positions) == ["A", "B", "C", "D"]
    assert all(abs(count - share) <= 1 for count in positions.values()), positions


@pytest.mark.parametrize("name", FORMS)
def test_a_test_wise_guesser_gains_nothing_on_each_form(name: str) -> None:
    items = form_items(name)
    assert len(items) == len(load_question_set(name).questions)
    problems = all_problems(items)
    assert not problems, "\n".join(problems)


def test_the_guesser_check_can_fail_on_a_leaky_form() -> None:
    """The same check flags a form whose right answer is always the longest."""
    leaky = [Item(f"x/{item.where}", item.prompt, tuple(option + (" and much more besides" if i in item.correct else "")
                                                          for i, option in enumerate(item.options)),
                  item.correct, item.kind) for item in form_items("workshop-pre")]
    assert any(problem.startswith("single-answer, longest:") for problem in all_problems(leaky))


def test_no_scenario_of_the_page_checks_or_the_assessment_is_reused() -> None:
    """No prompt shares an eight-word run, no option is repeated, and no cast of organisations recurs in the same place."""
    others = [item for item in data_items() if item.where.split("/")[0] not in FORMS]
    assert {item.where.split("/")[0] for item in others} == set(question_set_names()) - set(FORMS)
    other_runs = set().union(*(runs(item.prompt) for item in others))
    other_options = {" ".join(words(option)) for item in others for option in item.options}
    other_casts = {cast(item.prompt) for item in others if len(cast(item.prompt)[0]) >= 2}
    seen: set[tuple[frozenset[str], frozenset[str]]] = set()
    for name in FORMS:
        for item in form_items(name):
            shared = runs(item.prompt) & other_runs
            assert not shared, f"{item.where}: shares {[' '.join(run) for run in shared]}"
            assert not {" ".join(words(option)) for option in item.options} & other_options, item.where
            actors, places = cast(item.prompt)
            assert places, f"{item.where}: names no place"
            if len(actors) >= 2:
                assert (actors, places) not in other_casts | seen, f"{item.where}: the same cast and place as another"
                seen.add((actors, places))


# --- the paper forms and the key ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workshop-tests")
    assert main(["--output", str(folder)]) == 0
    return folder


def _text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.mark.parametrize(("name", "label"), [("workshop-pre", "pre-test"), ("workshop-post", "post-test")])
def test_each_paper_has_every_question_an_answer_sheet_and_no_answers(papers: Path, name: str, label: str) -> None:
    path = papers / paper_name(label)
    document = Document(str(path))
    form = load_question_set(name)
    text = _text(path)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"Question {n}" for n in range(1, len(form.questions) + 1)]
    for question in form.questions:
        assert " ".join(question.prompt.split()) in text
        for letter, option in zip("ABCD", question.options, strict=True):
            assert f"{letter}.  {' '.join(option.text.split())}" in text
            assert " ".join(option.feedback.split()) not in text  # no feedback, so no answer, on the paper
    sheet = document.tables[-1]
    assert [row.cells[0].text for row in sheet.rows] == ["Question", *map(str, range(1, len(form.questions) + 1))]
    assert all(row.cells[1].text == "" for row in list(sheet.rows)[1:])
    assert text.count("Participant code") == 2  # on the questions and on the sheet handed in


def test_the_key_gives_each_forms_right_letters(papers: Path) -> None:
    document = Document(str(papers / KEY_FILE))
    assert len(document.tables) == 2
    for table, name in zip(document.tables, FORMS, strict=True):
        form = load_question_set(name)
        rows = [[cell.text for cell in row.cells] for row in list(table.rows)[1:]]
        assert [row[1] for row in rows] == [right_letter(question) for question in form.questions]
        assert rows[0][2] == "Partnership or contract"


def test_the_papers_are_the_same_bytes_when_written_again(papers: Path, tmp_path: Path) -> None:
    assert main(["--output", str(tmp_path)]) == 0
    for path in papers.glob("*.docx"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


# --- the pages ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "page"), [("workshop-pre", "pre-test"), ("workshop-post", "post-test")])
def test_each_page_shows_its_form_with_letters(built_site: Path, name: str, page: str) -> None:
    soup = BeautifulSoup((built_site / "exercises" / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one(".workshop-test")
    assert box is not None
    forms = box.select("form.kc-question")
    form = load_question_set(name)
    assert [f["id"] for f in forms] == [f"kc-{name}-{q.id}" for q in form.questions]
    assert "counter(kc-letter,upper-alpha)" in str(soup.head)
    assert not soup.select("a[href$='answer-key.docx']")  # the key is for trainers' pages only


def test_the_guide_links_every_workshop_document(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "book" / "trainers-guide.html").read_text(encoding="utf-8"), "html.parser")
    links = soup.select("ul.workshop-documents a.workshop-download")
    names = {link.get_text() for link in links}
    assert {"workshop-pre-test.docx", "workshop-post-test.docx", KEY_FILE, "workshop-test-answers.csv",
            "participants.csv"} <= names
    for link in links:
        assert (built_site / "book" / link["href"]).resolve().is_file(), link["href"]
    assert soup.find(id="measuring-learning") is not None
