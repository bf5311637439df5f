"""Problems found in a trainee's file, and the exceptions that carry them.

`InputError` is what every reader raises for a file it cannot use; each kind of file has its own
subclass, so a caller can tell a bad design from a bad rubric while still catching them all at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the parser allows."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InputError(ValueError):
    """Raised when an input file cannot be used; lists every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class DesignError(InputError):
    """A partnership design (contract v1 `load_design`, `parse_design`, `design_from_data`)."""


class RubricError(InputError):
    """A rubric file."""


class AnswersError(InputError):
    """The partnership-or-contract decision aid's answers, or its question data."""


class HealthCheckError(InputError):
    """A health-check questionnaire or a rater's sheet."""


class QuestionBankError(InputError):
    """A knowledge-check question set."""


@contextmanager
def reported_as(kind: type[InputError]) -> Iterator[None]:
    """Re-raise the shared readers' `InputError` as the kind of file being read."""
    try:
        yield
    except InputError as error:
        if isinstance(error, kind):
            raise
        raise kind(list(error.problems)) from None
