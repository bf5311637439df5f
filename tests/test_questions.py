"""questions.py: the knowledge-check question sets shared by the book and the Quiz widget."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from ict4d_training import QuestionBankError
from ict4d_training.core import questions as questions_module
from ict4d_training.core.questions import Question, load_question_set, question_set_names

PACKAGED = question_set_names()

GOOD_QUESTION = """  - id: {id}
    kind: {kind}
    prompt: Which is right?
    options:
      - {{text: A, correct: {a}, feedback: Because A.}}
      - {{text: B, correct: {b}, feedback: Because B.}}
      - {{text: C, correct: false, feedback: Because C.}}
"""


def question(qid: str = "q1", kind: str = "single", a: str = "true", b: str = "false") -> str:
    return GOOD_QUESTION.format(id=qid, kind=kind, a=a, b=b)


def question_file(name: str, *items: str, set_name: str | None = None) -> str:
    return f"schema_version: 1\nset: {set_name or name}\nquestions:\n" + "".join(items)


@pytest.fixture
def question_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A stand-in package data folder, so broken sets can be loaded the way packaged ones are."""
    folder = tmp_path / "data" / "questions"
    folder.mkdir(parents=True)
    monkeypatch.setattr(questions_module, "resources", SimpleNamespace(files=lambda _package: tmp_path))
    load_question_set.cache_clear()
    yield folder
    load_question_set.cache_clear()


def test_every_packaged_question_set_is_listed() -> None:
    assert len(PACKAGED) == 26  # 23 page sets, the course assessment and the workshop pre- and post-tests
    elements = ["environment", "stakeholders", "leadership", "objectives", "monitoring", "resourcing", "ethics",
                "management"]
    lessons = ["diversity", "local-context", "outcomes", "sustainability", "trust", "enabling-environment"]
    running = ["agreements", "brokering", "risk", "regulators", "disputes", "review", "moving-on"]
    assert {f"element-{key}" for key in elements} <= set(PACKAGED)
    assert {f"lesson-{key}" for key in lessons} <= set(PACKAGED)
    assert {f"running-{key}" for key in running} <= set(PACKAGED)


@pytest.mark.parametrize("name", PACKAGED)
def test_every_packaged_question_set_loads(name: str) -> None:
    question_set = load_question_set(name)
    assert question_set.name == name
    assert len(question_set.questions) >= 3
    ids = [item.id for item in question_set.questions]
    assert len(ids) == len(set(ids))
    for item in question_set.questions:
        assert item.kind in ("single", "multiple")
        assert 3 <= len(item.options) <= 5
        correct = {index for index, option in enumerate(item.options) if option.correct}
        assert len(correct) == 1 if item.kind == "single" else len(correct) >= 1
        assert item.is_right(correct)
        assert all(option.feedback.strip() for option in item.options)


def test_is_right_needs_exactly_the_correct_options() -> None:
    item = load_question_set(PACKAGED[0]).questions[0]
    correct = {index for index, option in enumerate(item.options) if option.correct}
    wrong = next(index for index, option in enumerate(item.options) if not option.correct)
    assert item.is_right(correct)
    assert not item.is_right(correct | {wrong})
    assert not item.is_right(set())
    assert isinstance(item, Question)


def test_unknown_question_set_is_a_clear_error() -> None:
    with pytest.raises(QuestionBankError) as caught:
        load_question_set("lesson-nonsense")
    message = str(caught.value)
    assert message.startswith("lesson-nonsense.yaml: no question set 'lesson-nonsense'; known: ")
    assert "lesson-trust" in message


def test_a_good_stand_in_set_loads(question_folder: Path) -> None:
    (question_folder / "quiz.yaml").write_text(question_file(
        "quiz", question("q1"), question("q2", "multiple", "true", "true"), question("q3")), encoding="utf-8")
    assert question_set_names() == ("quiz",)
    loaded = load_question_set("quiz")
    assert [item.id for item in loaded.questions] == ["q1", "q2", "q3"]
    assert loaded.questions[1].is_right({0, 1})


@pytest.mark.parametrize(("items", "set_name", "expected"), [
    ((question("q1", a="true", b="true"), question("q2"), question("q3")), None,
     "questions/quiz.yaml: questions[0]: a single-answer question needs exactly one correct option, not 2"),
    ((question("q1", kind="multiple", a="false"), question("q2"), question("q3")), None,
     "questions/quiz.yaml: questions[0]: needs at least one correct option"),
    ((question("q1"), question("q1"), question("q3")), None,
     "questions/quiz.yaml: questions[1].id: id 'q1' is used twice"),
    ((question("q1"), question("q2"), question("q3")), "other-quiz", "questions/quiz.yaml: set: must be 'quiz'"),
    ((question("q1"), question("q2")), None, "questions/quiz.yaml:3: questions: needs at least 3 items"),
    ((question("q1", kind="true_false"), question("q2"), question("q3")), None,
     "questions/quiz.yaml:5: questions[0].kind: 'true_false' is not allowed; use one of: single, multiple"),
])
def test_a_broken_set_fails_with_a_clear_error(question_folder: Path, items: tuple[str, ...], set_name: str | None,
                                               expected: str) -> None:
    (question_folder / "quiz.yaml").write_text(question_file("quiz", *items, set_name=set_name), encoding="utf-8")
    with pytest.raises(QuestionBankError) as caught:
        load_question_set("quiz")
    assert str(caught.value).startswith(expected)


def test_a_set_with_broken_yaml_names_the_line(question_folder: Path) -> None:
    (question_folder / "quiz.yaml").write_text("schema_version: 1\nset: quiz\nquestions: [\n", encoding="utf-8")
    with pytest.raises(QuestionBankError) as caught:
        load_question_set("quiz")
    assert str(caught.value).startswith("questions/quiz.yaml:4: YAML syntax error")


def test_a_set_that_is_a_list_is_refused(question_folder: Path) -> None:
    (question_folder / "quiz.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(QuestionBankError, match="the top level must be a mapping"):
        load_question_set("quiz")
