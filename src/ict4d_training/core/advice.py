"""Partnership or contract? The decision aid behind `ict4d-training advise`.

The CTO note advises organisations to check whether a plain contract would give better
value for money before they take on a partnership. The questions and their weights are
data (`data/advice.yaml`); this module only adds them up and explains the result.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from ict4d_training.core.documents import parse_tree, require_mapping
from ict4d_training.core.errors import AnswersError, Problem, reported_as
from ict4d_training.core.schema import register_schema, validate

Answer = Literal["yes", "no", "unsure"]
ANSWERS: tuple[str, ...] = ("yes", "no", "unsure")


@dataclass(frozen=True)
class Weight:
    favours: str
    points: float
    reason: str


@dataclass(frozen=True)
class DecisionQuestion:
    id: str
    text: str
    if_yes: Weight | None
    if_no: Weight | None
    if_unsure: str


@dataclass(frozen=True)
class DecisionQuestions:
    margin: float
    questions: tuple[DecisionQuestion, ...]


@dataclass(frozen=True)
class Reason:
    favours: str  # contract | partnership | either
    text: str


@dataclass(frozen=True)
class Advice:
    """The recommendation, the reasons behind it and what to check next."""

    recommendation: str  # contract | partnership | either
    contract_points: float
    partnership_points: float
    reasons: tuple[Reason, ...]
    next_checks: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def summary(self) -> str:
        if self.recommendation == "contract":
            return "A contract is likely to give better value for money than a partnership."
        if self.recommendation == "partnership":
            return "A multi-stakeholder partnership is worth its costs here."
        return "Either could work: the answers do not clearly favour one. Make the checks below, then decide."

    def to_dict(self) -> dict[str, Any]:
        return {"recommendation": self.recommendation, "summary": self.summary,
                "contract_points": self.contract_points, "partnership_points": self.partnership_points,
                "reasons": [{"favours": r.favours, "reason": r.text} for r in self.reasons],
                "next_checks": list(self.next_checks),
                "unanswered": list(self.unanswered)}


@cache
def decision_questions() -> DecisionQuestions:
    """The packaged questions of the decision aid."""
    source = "advice.yaml"
    text = resources.files("ict4d_training").joinpath("data").joinpath(source).read_text(encoding="utf-8")
    data, lines = parse_tree(text, source)
    problems = validate(data, "advice.schema.json", lines, source)
    if problems:
        raise AnswersError(problems)

    def weight(item: dict[str, Any] | None) -> Weight | None:
        return Weight(item["favours"], float(item["points"]), item["reason"]) if item else None

    return DecisionQuestions(
        margin=float(data["margin"]),
        questions=tuple(DecisionQuestion(q["id"], q["text"], weight(q.get("if_yes")), weight(q.get("if_no")), q["if_unsure"])
                        for q in data["questions"]),
    )


def _answers_schema() -> dict[str, Any]:
    ids = [question.id for question in decision_questions().questions]
    return {
        "type": "object", "additionalProperties": False, "required": ["schema_version", "answers"],
        "properties": {
            "schema_version": {"type": "integer", "const": 1},
            "scenario": {"type": "string"},
            "answers": {"type": "object", "additionalProperties": False,
                        "properties": {key: {"enum": list(ANSWERS)} for key in ids}},
        },
    }


def answers_template() -> str:
    """A blank answers file, built from the questions: each question as a comment above its answer.

    It is valid as it stands (every answer "unsure"), so `advise --questions > answers.yaml`
    gives a file to fill in, and the format shown can never drift from the format read.
    """
    schema = _answers_schema()
    choices = " | ".join(ANSWERS)
    lines = ["# Answers for `ict4d-training advise`: save as answers.yaml, answer each question",
             f"# {', '.join(ANSWERS[:-1])} or {ANSWERS[-1]}, then run: ict4d-training advise answers.yaml",
             "# A question you leave out counts as unanswered.",
             f"schema_version: {schema['properties']['schema_version']['const']}",
             "scenario: what the answers are about   # optional",
             "answers:"]
    for question in decision_questions().questions:
        lines += textwrap.wrap(question.text, width=86, initial_indent="  # ", subsequent_indent="  # ")
        lines.append(f"  {question.id}: unsure   # {choices}")
    return "\n".join(lines) + "\n"




def parse_answers(text: str, source: str = "<answers>") -> dict[str, str]:
    with reported_as(AnswersError):
        data, lines = parse_tree(text, source)
        require_mapping(data, lines, source, "answers: ...")
    # YAML 1.1 readers turn yes/no into booleans; accept those too rather than confuse anyone.
    if isinstance(data.get("answers"), dict):
        data["answers"] = {key: {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
                           for key, value in data["answers"].items()}
    register_schema("answers", _answers_schema())
    problems = validate(data, "answers", lines, source)
    if problems:
        raise AnswersError(problems)
    return dict(data["answers"])


def advise(answers: dict[str, str]) -> Advice:
    """Weigh a contract against a partnership from yes / no / unsure answers."""
    questions = decision_questions()
    known = {question.id for question in questions.questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise AnswersError([Problem("<answers>", None, f"answers.{key}", "unknown question") for key in unknown])
    points = {"contract": 0.0, "partnership": 0.0}
    reasons: list[Reason] = []
    checks: list[str] = []
    unanswered: list[str] = []
    for question in questions.questions:
        answer = answers.get(question.id)
        if answer is not None and answer not in ANSWERS:
            raise AnswersError([Problem("<answers>", None, f"answers.{question.id}", "must be yes, no or unsure")])
        if answer is None:
            unanswered.append(question.id)
        weight = question.if_yes if answer == "yes" else question.if_no if answer == "no" else None
        if weight is not None:
            points[weight.favours] += weight.points
            reasons.append(Reason(weight.favours, weight.reason))
        elif answer in (None, "unsure"):
            checks.append(question.if_unsure)
    lead = points["partnership"] - points["contract"]
    recommendation = "partnership" if lead >= questions.margin else "contract" if -lead >= questions.margin else "either"
    if 2 * len(checks) > len(questions.questions):
        recommendation = "either"
        reasons.append(Reason("either", "Too many questions are unanswered or unsure to recommend either way."))
    return Advice(recommendation, points["contract"], points["partnership"], tuple(reasons), tuple(checks),
                  tuple(unanswered))
