"""Learning gain from the workshop's pre- and post-test: pure arithmetic on two rounds of answers.

A round is a table, one row per participant: the participant's code, then either the letter chosen
for each question (``q1`` ... ``q12``, ``A``-``D``, blank for no answer) or one ``score`` column, the
percentage right (0-100), for a trainer who marked the paper sheets by hand. `parse_round` turns the
text of such a CSV file into a `Round` (every problem found, as ``FILE:LINE: field: message``);
`compare` matches the two rounds by participant code and works out each participant's gain, the
room's, and, when both rounds give letters, each question's share right before and after (question
N of the pre-test and question N of the post-test test the same point). Reading files is
``files/gain_files.py``'s job; nothing here touches the disk.
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass

from ict4d_training.core.errors import InputError, Problem
from ict4d_training.core.questions import QuestionSet, load_question_set

PRE_SET, POST_SET = "workshop-pre", "workshop-post"
CODE = "participant"
SCORE = "score"
LETTERS = "ABCDE"


class GainInputError(InputError):
    """A pre- or post-test answers file that cannot be used."""


@dataclass(frozen=True)
class Answers:
    """One participant in one round: the letters chosen (None if marked by hand) and the score."""

    code: str
    score: float  # percentage right, 0-100
    right: tuple[bool, ...] | None = None  # per question, when the letters were given


@dataclass(frozen=True)
class Round:
    source: str
    answers: tuple[Answers, ...]

    def by_code(self) -> dict[str, Answers]:
        return {answers.code: answers for answers in self.answers}


@dataclass(frozen=True)
class ParticipantGain:
    code: str
    pre: float
    post: float

    @property
    def gain(self) -> float:
        return self.post - self.pre

    @property
    def normalised(self) -> float | None:
        """(post - pre) / (100 - pre): the share of the possible gain achieved; None when pre was 100."""
        return None if self.pre >= 100 else self.gain / (100 - self.pre)


@dataclass(frozen=True)
class QuestionGain:
    number: int
    pre_id: str
    post_id: str
    teaches: str | None
    right_before: float | None  # share of the round's letter-answering participants, 0-1
    right_after: float | None


@dataclass(frozen=True)
class GainResult:
    participants: tuple[ParticipantGain, ...]
    only_pre: tuple[str, ...]
    only_post: tuple[str, ...]
    questions: tuple[QuestionGain, ...]

    @property
    def improved(self) -> int:
        return sum(p.gain > 0 for p in self.participants)

    @property
    def unchanged(self) -> int:
        return sum(p.gain == 0 for p in self.participants)

    @property
    def worse(self) -> int:
        return sum(p.gain < 0 for p in self.participants)

    def mean(self, what: str) -> float | None:
        values = [getattr(p, what) for p in self.participants if getattr(p, what) is not None]
        return statistics.mean(values) if values else None

    def median(self, what: str) -> float | None:
        values = [getattr(p, what) for p in self.participants if getattr(p, what) is not None]
        return statistics.median(values) if values else None


def template_csv(question_count: int | None = None) -> str:
    """A blank answers file: the header line, ready for one row per participant."""
    count = question_count if question_count is not None else len(load_question_set(PRE_SET).questions)
    header = [CODE, *(f"q{n}" for n in range(1, count + 1))]
    return ",".join(header) + "\n"


def delimiter(text: str) -> str:
    """',' as a rule; ';' when the header uses it and no comma (spreadsheets set to French and other languages)."""
    header = text.split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


def parse_round(text: str, source: str, question_set: QuestionSet) -> Round:
    """The rows of one round's CSV text, checked against its question set's answers."""
    text = text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter(text)))
    count = len(question_set.questions)
    problems: list[Problem] = []

    def problem(line: int | None, field: str, message: str) -> None:
        problems.append(Problem(source, line, field, message))

    if not rows or not any(cell.strip() for cell in rows[0]):
        raise GainInputError([Problem(source, 1, "", "the file is empty; the first line must be the header "
                                      f"({CODE},q1,...,q{count} or {CODE},{SCORE})")])
    header = [cell.strip().lower() for cell in rows[0]]
    questions = [f"q{n}" for n in range(1, count + 1)]
    for column in header:
        if column not in (CODE, SCORE, *questions):
            problem(1, column or "(blank)", f"unknown column; expected {CODE}, then q1 to q{count} or {SCORE}")
    if CODE not in header:
        problem(1, CODE, "no participant column")
    by_letters = any(column in questions for column in header)
    if by_letters and SCORE in header:
        problem(1, SCORE, f"give either the letters (q1 to q{count}) or a {SCORE} column, not both")
    elif by_letters:
        missing = [column for column in questions if column not in header]
        if missing:
            problem(1, missing[0], f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    elif SCORE not in header:
        problem(1, "", f"no answers: add the columns q1 to q{count}, or a {SCORE} column")
    if len(set(header)) != len(header):
        problem(1, "", "a column appears twice")
    if problems:
        raise GainInputError(problems)
    keys = [[index for index, option in enumerate(question.options) if option.correct] for question in question_set.questions]
    seen: dict[str, int] = {}
    answers: list[Answers] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problem(line, "", f"{len(row)} values for {len(header)} columns")
            continue
        values = dict(zip(header, (cell.strip() for cell in row), strict=False))
        code = values.get(CODE, "")
        if not code:
            problem(line, CODE, "no participant code")
            continue
        if code in seen:
            problem(line, CODE, f"'{code}' is already on line {seen[code]}")
            continue
        seen[code] = line
        if by_letters:
            right: list[bool] = []
            for number, (column, key) in enumerate(zip(questions, keys, strict=True)):
                letter = values.get(column, "").upper()
                allowed = LETTERS[:len(question_set.questions[number].options)]
                if letter and (len(letter) != 1 or letter not in allowed):
                    problem(line, column, f"'{values.get(column)}' is not one of {', '.join(allowed)} (or blank)")
                    letter = ""
                right.append(bool(letter) and [allowed.index(letter)] == key)
            answers.append(Answers(code, 100 * sum(right) / count, tuple(right)))
        else:
            raw = values.get(SCORE, "").removesuffix("%").strip()
            try:
                score = float(raw.replace(",", "."))
            except ValueError:
                problem(line, SCORE, f"'{values.get(SCORE, '')}' is not a number from 0 to 100")
                continue
            if not 0 <= score <= 100:
                problem(line, SCORE, f"{raw} is outside 0 to 100 (the percentage right)")
                continue
            answers.append(Answers(code, score))
    if not answers and not problems:
        problem(None, "", "no participants: the file has a header but no rows")
    if problems:
        raise GainInputError(problems)
    return Round(source, tuple(answers))


def _share(round_: Round, index: int) -> float | None:
    marked = [answers.right[index] for answers in round_.answers if answers.right is not None]
    return sum(marked) / len(marked) if marked else None


def compare(pre: Round, post: Round, pre_set: QuestionSet | None = None,
            post_set: QuestionSet | None = None) -> GainResult:
    """Each participant's gain (matched by code), and each question's share right before and after."""
    pre_set = pre_set or load_question_set(PRE_SET)
    post_set = post_set or load_question_set(POST_SET)
    before, after = pre.by_code(), post.by_code()
    participants = tuple(ParticipantGain(code, before[code].score, after[code].score)
                         for code in before if code in after)
    questions = tuple(QuestionGain(number, first.id, second.id, first.teaches, _share(pre, number - 1),
                                   _share(post, number - 1))
                      for number, (first, second) in enumerate(zip(pre_set.questions, post_set.questions,
                                                                   strict=True), start=1))
    return GainResult(participants, tuple(code for code in before if code not in after),
                      tuple(code for code in after if code not in before), questions)
