"""Knowledge-check questions: data shared by the book's static pages and the Quiz widget."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from ict4d_training.core.documents import parse_tree, require_mapping
from ict4d_training.core.errors import Problem, QuestionBankError, reported_as
from ict4d_training.core.schema import validate


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # single | multiple
    prompt: str
    options: tuple[Option, ...]
    teaches: str | None = None  # the book page that teaches the point (the course assessment links to it)

    def is_right(self, chosen: set[int]) -> bool:
        return chosen == {index for index, option in enumerate(self.options) if option.correct}


@dataclass(frozen=True)
class QuestionSet:
    name: str
    questions: tuple[Question, ...]
    pass_mark: int | None = None  # the course assessment's pass mark, a percentage



def question_set_names() -> tuple[str, ...]:
    folder = resources.files("ict4d_training").joinpath("data").joinpath("questions")
    return tuple(sorted(item.name.removesuffix(".yaml") for item in folder.iterdir() if item.name.endswith(".yaml")))


@cache
def load_question_set(name: str) -> QuestionSet:
    """A question set by name (`lesson-trust`, `element-ethics` ...), validated against its schema."""
    if name not in question_set_names():
        raise QuestionBankError([Problem(f"{name}.yaml", None, "", f"no question set '{name}'; known: "
                                         f"{', '.join(question_set_names())}")])
    source = f"questions/{name}.yaml"
    folder = resources.files("ict4d_training").joinpath("data").joinpath("questions")
    with reported_as(QuestionBankError):
        data, lines = parse_tree(folder.joinpath(f"{name}.yaml").read_text(encoding="utf-8"), source)
        require_mapping(data, lines, source)
    problems = validate(data, "questions.schema.json", lines, source)
    if not problems:
        problems = _consistency(data, name, source)
    if problems:
        raise QuestionBankError(problems)
    return QuestionSet(name, tuple(
        Question(q["id"], q["kind"], q["prompt"], tuple(Option(o["text"], o["correct"], o["feedback"])
                                                        for o in q["options"]), q.get("teaches"))
        for q in data["questions"]), data.get("pass_mark"))


def _consistency(data: dict[str, object], name: str, source: str) -> list[Problem]:
    problems = []
    if data["set"] != name:
        problems.append(Problem(source, None, "set", f"must be '{name}', the file's name"))
    seen: set[str] = set()
    questions = data["questions"]
    assert isinstance(questions, list)
    for index, question in enumerate(questions):
        correct = sum(option["correct"] for option in question["options"])
        if question["id"] in seen:
            problems.append(Problem(source, None, f"questions[{index}].id", f"id '{question['id']}' is used twice"))
        seen.add(question["id"])
        if question["kind"] == "single" and correct != 1:
            problems.append(Problem(source, None, f"questions[{index}]", "a single-answer question needs exactly "
                                    f"one correct option, not {correct}"))
        if question["kind"] == "multiple" and correct < 1:
            problems.append(Problem(source, None, f"questions[{index}]", "needs at least one correct option"))
    return problems
